"""A learned context model for polyphonic characters: g2pM's BiLSTM, batched over sentences.

g2pM (Park and Lee, Interspeech 2020; Apache-2.0) ships its numpy weights in its
PyPI package. Its own `G2pM.__call__` runs one sentence at a time in float64 and
re-embeds every step; here the same network runs many sentences at once in float32
with the input projections precomputed per character, which is what keeps a cold
analysis of a long article inside its time budget. Loaded lazily, once.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

_BOS, _EOS, _UNK = "시", "끝", "<UNK>"  # g2pM's own boundary and unknown tokens
_BATCH = 256  # sentences per matrix product: wide enough to amortise numpy's per-call cost
# A "sentence" longer than LONG characters (a run with no sentence end) is read in windows of
# CORE characters and MARGIN either side: each step of the LSTM is one numpy call, so one
# sentence of 100,000 characters was 200,000 calls, and a window is batched with the others.
LONG = 1024
CORE = 512
MARGIN = 128


@dataclass(frozen=True, slots=True)
class Guess:
    """The model's reading for one character, and how sure it is (softmax over its candidates)."""

    syllable: str  # tone number, v for ü
    confidence: float
    # Every candidate reading and its probability, best first (what a word-level choice weighs).
    probs: tuple[tuple[str, float], ...] = ()

    def prob(self, syllable: str) -> float:
        """The probability of a reading; a neutral tone (5) counts as its syllable in any tone,
        since the model was trained on labels that write few neutral tones."""
        syllable = syllable.lower()
        exact = sum(p for s, p in self.probs if s == syllable)
        if exact or not syllable.endswith("5"):
            return exact
        base = syllable[:-1]
        return sum(p for s, p in self.probs if s[:-1] == base)


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def available() -> bool:
    return _package_dir() is not None


class ContextModel:
    def __init__(self) -> None:
        self._lock = threading.Lock()

    @cached_property
    def _net(self) -> dict[str, Any]:
        # Matrices this small run 25x slower when OpenBLAS spreads them over threads on a
        # busy machine (measured: 5.4 ms vs 0.2 ms per step); it reads this at import only.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        import numpy as np

        where = _package_dir()
        if where is None:
            raise RuntimeError("g2pM is not installed")

        def load(name: str) -> Any:
            with open(where / name, "rb") as fh:
                return pickle.load(fh)  # the package's own data files

        weights = load("np_ckpt.pkl")
        char2idx: dict[str, int] = load("char2idx.pkl")
        class2idx: dict[str, int] = load("class2idx.pkl")
        cedict: dict[str, list[str]] = load("digest_cedict.pkl")
        emb = weights["embedding.weight"].astype(np.float32)
        classes = [""] * len(class2idx)
        for pron, idx in class2idx.items():
            classes[idx] = pron.replace("u:", "v")
        net: dict[str, Any] = {
            "char2idx": char2idx,
            "classes": classes,
            # Candidate classes per polyphonic character: the argmax is taken over these only.
            "candidates": {
                ch: [class2idx[p] for p in prons if p in class2idx]
                for ch, prons in cedict.items()
                if len(prons) > 1 and ch in char2idx
            },
            "w1": weights["logit_layer.0.weight"].T.astype(np.float32),
            "b1": weights["logit_layer.0.bias"].astype(np.float32),
            "w2": weights["logit_layer.2.weight"].T.astype(np.float32),
            "b2": weights["logit_layer.2.bias"].astype(np.float32),
        }
        for direction, suffix in (("fw", ""), ("bw", "_reverse")):
            bias = weights[f"lstm.bias_ih_l0{suffix}"] + weights[f"lstm.bias_hh_l0{suffix}"]
            net[f"{direction}_x"] = (emb @ weights[f"lstm.weight_ih_l0{suffix}"].T + bias).astype(np.float32)
            net[f"{direction}_h"] = weights[f"lstm.weight_hh_l0{suffix}"].T.astype(np.float32)
        return net

    def knows(self, char: str) -> bool:
        """Whether the model has readings to choose between for this (Simplified) character."""
        return char in self._net["candidates"]

    def predict(self, jobs: Sequence[tuple[str, Sequence[int]]]) -> list[list[Guess | None]]:
        """For each (sentence, positions), a guess per position (None where the model cannot tell)."""
        if any(len(sentence) > LONG for sentence, _ in jobs):
            return self._predict_windows(jobs)
        out: list[list[Guess | None]] = [[None] * len(positions) for _, positions in jobs]
        todo = [i for i, (sentence, positions) in enumerate(jobs) if positions and sentence]
        todo.sort(key=lambda i: len(jobs[i][0]))  # similar lengths together: less padding
        with self._lock:
            for k in range(0, len(todo), _BATCH):
                batch = todo[k : k + _BATCH]
                for i, guesses in zip(batch, self._run([jobs[i] for i in batch])):
                    out[i] = guesses
        return out

    def _predict_windows(self, jobs: Sequence[tuple[str, Sequence[int]]]) -> list[list[Guess | None]]:
        """`predict` with each sentence over LONG characters cut into windows: each position
        is guessed in the window around it (CORE characters, MARGIN more either side). A run
        of 100,000 characters with no sentence end took 100,000 steps one after another."""
        windows: list[tuple[str, list[int]]] = []
        where: list[list[tuple[int, int]]] = []  # per job, (window, index in it) of each position
        for sentence, positions in jobs:
            if len(sentence) <= LONG:
                where.append([(len(windows), j) for j in range(len(positions))])
                windows.append((sentence, list(positions)))
                continue
            spots: list[tuple[int, int]] = []
            made: dict[int, int] = {}  # core number -> window
            for pos in positions:
                core = max(0, pos) // CORE
                if core not in made:
                    made[core] = len(windows)
                    start = max(0, core * CORE - MARGIN)
                    windows.append((sentence[start : (core + 1) * CORE + MARGIN], []))
                w = made[core]
                start = max(0, core * CORE - MARGIN)
                windows[w][1].append(pos - start if pos >= 0 else -1)
                spots.append((w, len(windows[w][1]) - 1))
            where.append(spots)
        guessed = self.predict(windows)
        return [[guessed[w][j] for w, j in spots] for spots in where]

    def _run(self, jobs: Sequence[tuple[str, Sequence[int]]]) -> list[list[Guess | None]]:
        import numpy as np

        net = self._net
        char2idx = net["char2idx"]
        unk = char2idx[_UNK]
        seqs = [[char2idx[_BOS], *(char2idx.get(ch, unk) for ch in s), char2idx[_EOS]] for s, _ in jobs]
        lengths = np.array([len(s) for s in seqs])
        n, t_max = len(seqs), int(lengths.max())
        ids = np.zeros((n, t_max), dtype=np.int64)  # padding after the end: the forward pass never sees it
        rev = np.zeros((n, t_max), dtype=np.int64)  # each sequence reversed within its own length
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = s
            rev[i, : len(s)] = s[::-1]
        out: list[list[Guess | None]] = []
        rows, fw_cols, bw_cols, owners = [], [], [], []
        for i, (sentence, positions) in enumerate(jobs):
            guesses: list[Guess | None] = [None] * len(positions)
            for j, pos in enumerate(positions):
                if 0 <= pos < len(sentence) and sentence[pos] in net["candidates"]:
                    rows.append(i)
                    fw_cols.append(pos + 1)  # +1 for the BOS token
                    bw_cols.append(int(lengths[i]) - 2 - pos)
                    owners.append((i, j, sentence[pos]))
            out.append(guesses)
        if not rows:
            return out
        picked = np.array(rows)
        fw = self._lstm(net["fw_x"], ids, net["fw_h"], picked, np.array(fw_cols))
        bw = self._lstm(net["bw_x"], rev, net["bw_h"], picked, np.array(bw_cols))
        hidden = np.concatenate([fw, bw], axis=1)
        logits = np.maximum(hidden @ net["w1"] + net["b1"], 0) @ net["w2"] + net["b2"]
        for row, (i, j, ch) in zip(logits, owners):
            cands = net["candidates"][ch]
            scores = row[cands]
            probs = np.exp(scores - scores.max())
            probs /= probs.sum()
            order = probs.argsort()[::-1]
            ranked = tuple((net["classes"][cands[int(k)]], float(probs[int(k)])) for k in order)
            out[i][j] = Guess(ranked[0][0], ranked[0][1], ranked)
        return out

    @staticmethod
    def _lstm(projected: Any, ids: Any, w_h: Any, rows: Any, cols: Any) -> Any:
        """One LSTM direction over [batch, time] character ids; the hidden state of each (row,
        col) asked, [len(rows), H]. Each step's input projection (gates i, f, g, o) is looked up
        per step, and only the states asked are kept: keeping every step's ([batch, time, H])
        made memory grow with the batch's longest sentence (14 MB for 256 sentences of 155)."""
        import numpy as np

        n, t_max = ids.shape
        size = projected.shape[1] // 4
        h = np.zeros((n, size), dtype=np.float32)
        c = np.zeros((n, size), dtype=np.float32)
        out = np.empty((len(rows), size), dtype=np.float32)
        order = np.argsort(cols, kind="stable")
        bounds = np.searchsorted(cols[order], np.arange(t_max + 1))
        for t in range(t_max):
            gates = projected[ids[:, t]] + h @ w_h
            i_f = 1.0 / (1.0 + np.exp(-gates[:, : 2 * size]))
            g = np.tanh(gates[:, 2 * size : 3 * size])
            o = 1.0 / (1.0 + np.exp(-gates[:, 3 * size :]))
            c = i_f[:, size:] * c + i_f[:, :size] * g
            h = o * np.tanh(c)
            here = order[bounds[t] : bounds[t + 1]]
            if len(here):
                out[here] = h[rows[here]]
        return out


_MODEL: ContextModel | None = None
_MODEL_LOCK = threading.Lock()


def model() -> ContextModel:
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = ContextModel()
        return _MODEL
