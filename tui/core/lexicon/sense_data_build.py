"""Writes the sense model's two tables (run by hand; needs the `bench` extra for wordfreq).

    python -m tui.core.lexicon.sense_data_build

- `word_tags.tsv`: jieba's part-of-speech tag for its words of up to three characters seen
  200 times or more (jieba 0.42.1's dict.txt, MIT), coarsened to the classes the model reads.
- `english_zipf.tsv`: the Zipf frequency (x10) of every English word in CC-CEDICT's senses that
  is common enough to matter (wordfreq 3.1.1, data CC BY-SA 4.0), and the share (%) of the senses
  holding the word that are about computers (the article-domain lexicon).
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMPUTING = re.compile(r"\b(?:computing|computers?|software|Internet|programming|networking|online)\b", re.I)


def coarse(tag: str) -> str:
    if tag.startswith(("nr", "ns", "nt", "nz")):
        return "N"  # proper nouns
    if tag in ("m", "mq"):
        return "m"
    for prefix in ("u", "v", "a", "d", "r", "p", "c", "q", "f", "t", "y", "n"):
        if tag.startswith(prefix):
            return prefix
    return "x"


def main() -> None:
    import jieba
    import wordfreq

    from tui.core.lexicon.dictionary import cedict_path, parse_cedict

    tags = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if len(word) == 1 or (len(word) <= 3 and int(freq) >= 200):
                tags.append(f"{word}\t{coarse(tag)}")
    (HERE / "word_tags.tsv").write_text(
        "# jieba 0.42.1 dict.txt (MIT): part of speech, coarse; made by sense_data_build.py\n" + "\n".join(tags) + "\n",
        encoding="utf-8",
    )

    seen: dict[str, int] = {}
    computing: dict[str, int] = {}
    with gzip.open(cedict_path(), mode="rt", encoding="utf-8") as fh:
        for _, _, _, senses in parse_cedict(fh):
            for sense in senses.split("/"):
                about_computers = bool(COMPUTING.search(sense))
                for w in set(re.findall(r"[a-z]+", re.sub(r"\([^)]*\)", " ", sense.lower()))):
                    seen[w] = seen.get(w, 0) + 1
                    if about_computers:
                        computing[w] = computing.get(w, 0) + 1
    rows = []
    for w, n in sorted(seen.items()):
        zipf = wordfreq.zipf_frequency(w, "en")
        share = computing.get(w, 0) / n if w in computing else 0.0
        if zipf >= 2.5 or share:
            rows.append(f"{w}\t{round(zipf * 10)}\t{round(share * 100)}")
    (HERE / "english_zipf.tsv").write_text(
        "# wordfreq 3.1.1 (data CC BY-SA 4.0): Zipf x10 of CC-CEDICT's English; % of its senses about computers\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
