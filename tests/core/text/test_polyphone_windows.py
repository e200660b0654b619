"""A run with no sentence end is read by the context model in windows, batched: the same
readings as the run read whole, without one numpy step per character of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.text import polyphone
from tui.store import paths


def _run_without_ends() -> str:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(paths.bundled_dir("seeds").glob("00[0-1]*.txt")))
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:3000]


def test_windows_give_the_readings_of_the_whole(monkeypatch: pytest.MonkeyPatch, fresh_home: Path) -> None:
    model = polyphone.model()
    run = _run_without_ends()
    positions = [i for i, ch in enumerate(run) if model.knows(ch)]
    assert len(positions) > 100
    jobs = [(run, positions), ("同盟关系", [0, 3])]
    whole = model.predict(jobs)  # 3,000 characters: under LONG, read whole
    monkeypatch.setattr(polyphone, "LONG", 400)
    monkeypatch.setattr(polyphone, "CORE", 300)
    monkeypatch.setattr(polyphone, "MARGIN", 100)
    windowed = model.predict(jobs)
    assert [[g.syllable if g else None for g in job] for job in windowed] == [
        [g.syllable if g else None for g in job] for job in whole
    ]
    assert [len(job) for job in windowed] == [len(p) for _, p in jobs]
