"""Readings fixed by cause after reading the engine's errors on CPP's development split:
弄, 应 and 将 by their role (tui/core/text/roles.py), and a line's end never heard by the
context model as a character.

Sentences of our own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tui.core.text import polyphone
from tui.core.text.pinyin import Context
from tui.core.text.roles import rule_de, rule_jiang, rule_nong, rule_ying

if TYPE_CHECKING:
    from tui.core.text.analysis import Analyzer


def _reading(analyzer: Analyzer, text: str, char: str) -> str:
    analysis = analyzer.analyse(text, use_cache=False)
    syllables = [s for p in analysis.pinyin for s in p]
    return syllables[text.index(char)].lower()


@pytest.mark.parametrize(
    ("text", "char", "expected"),
    [
        ("他把衣服弄干了", "弄", "nong4"),  # the verb before its result
        ("我先弄清楚这件事", "弄", "nong4"),
        ("别把书弄丢了", "弄", "nong4"),
        ("我们应追溯问题的根源", "应", "ying1"),  # the modal "should" before a verb
        ("这些规定应适用于所有人", "应", "ying1"),
    ],
)
def test_a_role_gives_the_reading(analyzer: Analyzer, text: str, char: str, expected: str) -> None:
    assert _reading(analyzer, text, char) == expected


def _alone(prev: str, nxt: str) -> Context:
    return Context(prev=prev, nxt=nxt, clause=[prev], after="", alone=True)


def test_the_role_rules_leave_what_they_are_not_sure_of() -> None:
    assert rule_nong(_alone("十", "")) is None  # 四十弄, a lane: the model's
    assert rule_ying(_alone("的", "部落")) is None  # before a noun: no modal
    assert rule_jiang(_alone("参", "。")) == "jiang4"  # a rank before it: the general
    assert rule_jiang(_alone("已", "文件")) is None  # 已将 "has (done sth to)": the model's
    assert rule_jiang(_alone("副", "出发")) is None  # a verb after it: 将 is "will"
    assert rule_de(_alone("跑", "快")) == "de5"  # after a verb: the complement particle
    assert rule_de(_alone("诗", "奖")) is None  # after a noun (这首诗得奖): dé, the model's


class _Recorder:
    """The context model, recording what it is asked to read."""

    def __init__(self, real: polyphone.ContextModel) -> None:
        self.real = real
        self.jobs: list[tuple[str, list[int]]] = []

    def knows(self, char: str) -> bool:
        return self.real.knows(char)

    def predict(self, jobs: Any) -> Any:
        self.jobs.extend((s, list(p)) for s, p in jobs)
        return self.real.predict(jobs)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    if not polyphone.available():
        pytest.fail("g2pM is a pinned dependency")
    rec = _Recorder(polyphone.model())
    monkeypatch.setattr(polyphone, "model", lambda: rec)
    return rec


def test_a_line_end_is_not_read_as_a_character(analyzer: Analyzer, recorder: _Recorder) -> None:
    text = "我们到家啦\n明天再见"
    stopped = _reading(analyzer, "我们到家啦。明天再见", "啦")
    assert _reading(analyzer, text, "啦") == stopped  # a line ends as a sentence does
    assert recorder.jobs and all("\n" not in sentence for sentence, _ in recorder.jobs)
