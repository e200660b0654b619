"""The reading state: one model of statuses, bookmarks, senses and position, observed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.study.reading_state import Change, ReadingState
from tui.store.status import STATUSES


def _recording(state: ReadingState) -> list[Change]:
    seen: list[Change] = []
    state.observe(seen.append)
    return seen


def test_a_status_change_is_told_once_with_its_word() -> None:
    state = ReadingState({"日本": "known"})
    seen = _recording(state)
    state.set_status("同盟", "learning")
    assert state.status("同盟") == "learning" and state.status("日本") == "known"
    assert seen == [Change("statuses", ("同盟",))]
    state.set_status("同盟", "learning")  # no change: nothing to repaint
    assert len(seen) == 1


def test_statuses_are_read_only_from_outside() -> None:
    state = ReadingState({})
    with pytest.raises(TypeError):
        state.statuses["日本"] = "known"  # type: ignore[index]


def test_an_unknown_status_is_refused_and_changes_nothing() -> None:
    state = ReadingState({"日本": "known"})
    seen = _recording(state)
    with pytest.raises(ValueError):
        state.set_statuses({"同盟": "learning", "日本": "forgotten"})
    assert dict(state.statuses) == {"日本": "known"} and seen == []


@given(st.dictionaries(st.sampled_from(["日本", "美国", "同盟", "印太"]), st.sampled_from(STATUSES)))
def test_a_batch_tells_exactly_the_words_it_changed(changes: dict[str, str]) -> None:
    before = {"日本": "known", "同盟": "learning"}
    state = ReadingState(before)
    seen = _recording(state)
    state.set_statuses(changes)
    changed = {w for w, s in changes.items() if before.get(w) != s}
    assert {w for c in seen for w in c.words} == changed
    assert len(seen) == (1 if changed else 0)
    assert dict(state.statuses) == {**before, **changes}


def test_bookmarks_sorted_once_each_and_the_next_one_wraps() -> None:
    state = ReadingState({}, bookmarks=[30, 10, 30])
    seen = _recording(state)
    assert state.bookmarks == [10, 30]
    assert state.next_bookmark(10) == 30 and state.next_bookmark(30) == 10 and state.next_bookmark(0) == 10
    state.set_bookmarks([10, 30])
    assert seen == []
    state.set_bookmarks([])
    assert seen == [Change("bookmarks")] and state.next_bookmark(5) is None


def test_senses_cycle_through_the_count() -> None:
    state = ReadingState({})
    seen = _recording(state)
    assert [state.next_sense("下", 3) for _ in range(4)] == [1, 2, 0, 1]
    assert state.sense("下") == 1 and state.sense("上") == 0
    assert seen == [Change("sense", ("下",))] * 4


def test_position_is_told_and_remembers_what_was_saved() -> None:
    state = ReadingState({}, position=12)
    seen = _recording(state)
    assert not state.unsaved
    state.move_to(40)
    assert state.position == 40 and state.unsaved and seen == [Change("position")]
    state.saved(40)
    assert not state.unsaved


def test_observers_in_order_and_a_forgotten_one_is_not_told() -> None:
    state = ReadingState({})
    order: list[str] = []

    def first(_: Change) -> None:
        order.append("first")

    def second(_: Change) -> None:
        order.append("second")

    state.observe(first)
    state.observe(second)
    state.move_to(1)
    state.forget(first)
    state.move_to(2)
    assert order == ["first", "second", "second"]
