"""Vocabulary: saving words with their sentence, word lists in and out, and article coverage."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime
from pathlib import Path

from tui.core.errors import UserError
from tui.store.study import STATUSES, SavedWord, Study

# Fixed ids, so that importing an export again updates the notes instead of adding copies.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
MAX_WORD = 32  # characters: a longer first column is a sentence or a paste, not a word
ANKI_FIELDS = ("Hanzi", "Traditional", "Pinyin", "Meaning", "Sentence", "Source")


def _iso(epoch: float | None) -> str | None:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds") if epoch is not None else None


def word_rows(study: Study, status: str | None = None) -> list[dict[str, object]]:
    if status is not None and status not in STATUSES:
        raise UserError(f"--status must be one of {', '.join(STATUSES)}")
    return [
        {
            "word": w.word,
            "traditional": w.traditional,
            "pinyin": w.pinyin,
            "status": w.status,
            "english": w.sense or w.english,
            "sentence": w.sentence,
            "article": w.article,
            "added": _iso(w.added),
            "due": _iso(study.due(w.word)),
        }
        for w in study.words(status)
    ]


def add_word(word: str, status: str = "learning", article: str | None = None) -> SavedWord:
    """Save a word typed by the user, with its sentence from the article when one is given."""
    from tui.core.lookup import lookup
    from tui.core.script import converter, to_simplified_same_length

    if status not in STATUSES:
        raise UserError(f"--status must be one of {', '.join(STATUSES)}")
    from tui.core.glossary import Glossary

    info = lookup(word)
    # The glossary list holds every term found inside the word (日本 in 日本XYZ垃圾乱码):
    # only an entry for the whole word counts.
    if not info["definitions"] and (not info["glossary"] or Glossary.load().find(word.strip()) is None):
        raise UserError(f"{word}: not in the dictionary or the glossary")
    simplified = str(info["simplified"])
    sentence = other = ""
    source = None
    offset = None
    if article is not None:
        from tui.core.articles import Library

        found = Library().resolve(article)
        source = found.id
        at = to_simplified_same_length(found.text).find(simplified)
        if at >= 0:
            start, end = found.sentence_at(at)
            sentence = found.text[start:end]
            other = str(converter("s2t" if found.script != "traditional" else "t2s").convert(sentence))
            offset = at
    definitions = info["definitions"]
    english = "; ".join(definitions[0]["english"]) if definitions else ""  # type: ignore[index]
    saved = SavedWord(
        word=simplified,
        traditional=str(info["traditional"]),
        pinyin=str(info["pinyin"]),
        english=english,
        status=status,
        sentence=sentence,
        article=source,
        offset=offset,
        added=time.time(),
        sentence_other=other,
    )
    study = Study()
    study.save_word(saved)
    return saved


def read_word_list(path: Path) -> list[str]:
    """Words from a CSV/TSV (Pleco, Anki or HSK list): the first column, in Simplified."""
    from tui.core.chars import has_han
    from tui.core.limits import InputRefused, read_regular_file
    from tui.core.script import to_simplified_same_length

    try:
        text = read_regular_file(path).decode("utf-8-sig")
    except InputRefused as exc:
        raise UserError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: cannot read it as UTF-8 text") from exc
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] or path.suffix.lower() == ".tsv" else ","
    words = []
    # The whole file is within the input limit already, so no field needs csv's own.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if not row or row[0].startswith("#"):
                continue
            first = row[0].split("[", 1)[0].strip()  # Pleco writes 简体[繁體]
            if len(first) <= MAX_WORD and has_han(first):
                words.append(to_simplified_same_length(first))
    except csv.Error as exc:
        raise UserError(f"{path}: not a CSV or TSV word list ({exc})") from exc
    if not words:
        raise UserError(f"{path}: no Chinese words in its first column")
    return list(dict.fromkeys(words))


def export(study: Study, fmt: str, target: Path) -> int:
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder")
    rows = word_rows(study)
    if fmt in ("csv", "tsv"):
        with target.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter="," if fmt == "csv" else "\t")
            keys = ["word", "traditional", "pinyin", "status", "english", "sentence", "article", "added", "due"]
            writer.writerow(keys)
            for row in rows:
                writer.writerow(["" if row[k] is None else row[k] for k in keys])
        return len(rows)
    if fmt == "anki":
        return _anki(rows, target)
    raise UserError("--format must be anki, csv or tsv")


def _anki(rows: list[dict[str, object]], target: Path) -> int:
    import genanki

    model = genanki.Model(
        ANKI_MODEL_ID,
        "yuedu word",
        fields=[{"name": f} for f in ANKI_FIELDS],
        templates=[
            {
                "name": "Word → meaning",
                "qfmt": "<div class=hanzi>{{Hanzi}}</div><div>{{Traditional}}</div>",
                "afmt": "{{FrontSide}}<hr id=answer><div>{{Pinyin}}</div><div>{{Meaning}}</div>"
                "<div class=sentence>{{Sentence}}</div><div class=source>{{Source}}</div>",
            }
        ],
        css=".hanzi { font-size: 48px; } .sentence { margin-top: 1em; } .source { color: #888; }",
    )
    deck = genanki.Deck(ANKI_DECK_ID, "yuedu")
    for row in rows:
        fields = [str(row[k] or "") for k in ("word", "traditional", "pinyin", "english", "sentence", "article")]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=genanki.guid_for("yuedu", row["word"])))
    genanki.Package(deck).write_to_file(str(target))
    return len(rows)


def coverage(analysis: object, statuses: dict[str, str]) -> float | None:
    """Share of an analysed text's Chinese words that are known or ignored."""
    from tui.core.analysis import Analysis
    from tui.core.tokens import HAN

    assert isinstance(analysis, Analysis)
    words = [analysis.simplified[t.start : t.end] for t in analysis.tokens if t.kind == HAN]
    if not words:
        return None
    return sum(1 for w in words if statuses.get(w) in ("known", "ignored")) / len(words)


def stats(article_ref: str) -> dict[str, object]:
    """How much of an article the user knows, and the unknown words by frequency."""
    from tui.core import hsk
    from tui.core.analysis import Analyzer
    from tui.core.articles import Library
    from tui.core.dictionary import Dictionary
    from tui.core.pinyin import join_word
    from tui.core.tokens import HAN

    article = Library().resolve(article_ref)
    analyzer = Analyzer()
    analysis = analyzer.analyse(article.text)
    known_statuses = {"known", "ignored"}
    statuses = Study().statuses()
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    total = known = 0
    by_hsk: dict[str, dict[str, int]] = {}
    for i, token in enumerate(analysis.tokens):
        if token.kind != HAN:
            continue
        word = analysis.simplified[token.start : token.end]
        level = hsk.label(hsk.level(word)) or "none"
        bucket = by_hsk.setdefault(level, {"tokens": 0, "known": 0})
        total += 1
        bucket["tokens"] += 1
        if statuses.get(word) in known_statuses:
            known += 1
            bucket["known"] += 1
        else:
            counts[word] = counts.get(word, 0) + 1
            first.setdefault(word, i)
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))
    entries = Dictionary().entries_by_simplified(ranked)
    glossary = analyzer.glossary

    def english(word: str) -> str | None:
        senses = [s for e in entries.get(word, []) for s in e.english]
        plain = [s for s in senses if not s.startswith(("variant of", "old variant", "surname", "see "))]
        if plain or senses:
            return (plain or senses)[0]
        entry = glossary.find(word)
        return entry.english if entry is not None else None

    unknown = [
        {
            "word": w,
            "count": counts[w],
            "pinyin": join_word(analysis.pinyin[first[w]], "marks"),
            "hsk": hsk.label(hsk.level(w)),
            "english": english(w),
        }
        for w in ranked
    ]
    return {
        "article": article.id,
        "tokens": total,
        "known_tokens": known,
        "coverage": round(known / total, 4) if total else 0.0,
        "by_hsk": dict(sorted(by_hsk.items())),
        "unknown": unknown,
    }
