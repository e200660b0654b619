"""Review sessions: a word's cards never back to back, Again comes back, intervals previewed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tui.core.study.review import (
    LEARN_AHEAD,
    RATINGS,
    ReviewSession,
    blank_word,
    format_interval,
    grade,
    grade_preview,
    intervals,
    new_card_rows,
)
from tui.store.study import DueCard

ADDED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _cards(words: list[str], added: datetime = ADDED) -> list[DueCard]:
    # Saved a second apart, as the reader would: the first saved is due first.
    return [
        DueCard(*row)
        for n, word in enumerate(words)
        for row in new_card_rows(word, (added + timedelta(seconds=n)).timestamp())
    ]


def _run(session: ReviewSession, now: datetime, rate: dict[tuple[str, str], list[int]]) -> list[tuple[str, str]]:
    """Show every card at the fixed time `now`, grading each with its next listed grade (else Easy)."""
    shown = []
    while (card := session.next(now)) is not None:
        shown.append((card.word, card.kind))
        grades = rate.get((card.word, card.kind), [])
        session.answer(card, grades.pop(0) if grades else 4, now)
        assert len(shown) < 50
    return shown


def test_two_words_come_word_a_word_b_then_the_siblings() -> None:
    session = ReviewSession.of(reversed(_cards(["同盟", "关系"])))
    shown = _run(session, ADDED + timedelta(minutes=5), {})
    assert [w for w, _ in shown] == ["同盟", "关系", "同盟", "关系"]
    assert {k for _, k in shown[:2]} == {"meaning"} and {k for _, k in shown[2:]} == {"cloze"}
    assert session.grades == {1: 0, 2: 0, 3: 0, 4: 4} and session.buried == []


def test_again_comes_back_later_in_the_same_session() -> None:
    now = ADDED + timedelta(minutes=5)
    session = ReviewSession.of(_cards(["同盟", "关系"]))
    shown = _run(session, now, {("同盟", "meaning"): [1]})
    # Graded Again first, it is shown again after the other cards, not at once.
    assert shown == [
        ("同盟", "meaning"),
        ("关系", "meaning"),
        ("同盟", "cloze"),
        ("关系", "cloze"),
        ("同盟", "meaning"),
    ]
    assert session.grades[1] == 1 and session.grades[4] == 4


def test_a_returning_card_due_again_is_shown_before_the_queue() -> None:
    now = ADDED + timedelta(minutes=5)
    words = ["同盟", "关系", "战略", "自主"]
    session = ReviewSession.of(_cards(words))
    first = session.next(now)
    assert first is not None and first.word == "同盟"
    _, due = session.answer(first, 1, now)
    later = datetime.fromtimestamp(due, UTC)
    second = session.next(now)
    assert second is not None and second.word == "关系"  # not yet due: the queue goes on
    session.answer(second, 4, now)
    back = session.next(later)
    assert back is not None and (back.word, back.kind) == ("同盟", "meaning")


def test_one_word_buries_its_sibling_until_the_next_session() -> None:
    session = ReviewSession.of(_cards(["同盟"]))
    shown = _run(session, ADDED, {})
    assert shown == [("同盟", "meaning")]
    assert [(c.word, c.kind) for c in session.buried] == [("同盟", "cloze")]


@given(
    st.lists(st.sampled_from(["同盟", "关系", "战略", "自主", "日本"]), min_size=1, max_size=5, unique=True),
    st.lists(st.sampled_from(sorted(RATINGS)), max_size=40),
)
def test_siblings_are_never_back_to_back_and_no_card_is_lost(words: list[str], grades: list[int]) -> None:
    now = ADDED + timedelta(minutes=5)
    cards = _cards(words)
    session = ReviewSession.of(cards)
    shown: list[DueCard] = []
    while (card := session.next(now)) is not None:
        if shown:
            assert not (card.word == shown[-1].word and card.kind != shown[-1].kind)
        shown.append(card)
        session.answer(card, grades.pop(0) if grades else 4, now)
        now += timedelta(seconds=30)
        assert len(shown) < 200
    seen = {(c.word, c.kind) for c in shown} | {(c.word, c.kind) for c in session.buried}
    assert seen == {(c.word, c.kind) for c in cards}
    assert sum(session.grades.values()) == len(shown)


def test_each_grade_previews_the_interval_fsrs_gives_it() -> None:
    [(_, _, state, _), _] = new_card_rows("同盟", ADDED.timestamp())
    now = ADDED + timedelta(minutes=5)
    preview = intervals(state, now)
    for rating, seconds in preview.items():
        assert seconds == grade(state, rating, now)[1] - now.timestamp()
    assert preview[1] < preview[2] < preview[3] < preview[4]
    assert preview[1] <= LEARN_AHEAD.total_seconds() < preview[4]
    line = grade_preview(state, now)
    assert line.split(" · ") == [f"{RATINGS[r]} {format_interval(s)}" for r, s in preview.items()]


def test_intervals_are_written_as_anki_writes_them() -> None:
    assert format_interval(60) == "1m"
    assert format_interval(5.5 * 60) == "6m"
    assert format_interval(3 * 3600) == "3h"
    assert format_interval(86400) == "1d"
    assert format_interval(4 * 86400) == "4d"
    assert format_interval(60 * 86400) == "2mo"
    assert format_interval(1.5 * 365 * 86400) == "1.5y"


def test_the_cloze_blanks_every_use_of_the_word_in_either_script() -> None:
    assert blank_word("日美同盟與美韓同盟。", "同盟") == "日美＿＿與美韓＿＿。"
    assert blank_word("國際關係", "国际") == "＿＿關係"
    assert blank_word("", "同盟") == "＿＿"
