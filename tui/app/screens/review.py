"""Review: due cards one by one, graded Again/Hard/Good/Easy, with a summary at the end."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.core.review import RATINGS, grade
from tui.store.study import SavedWord, Study


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("space,enter", "reveal", "Show answer", id="review.reveal"),
        Binding("1", "grade(1)", "Again", id="review.again"),
        Binding("2", "grade(2)", "Hard", id="review.hard"),
        Binding("3", "grade(3)", "Good", id="review.good"),
        Binding("4", "grade(4)", "Easy", id="review.easy"),
        Binding("escape,q", "leave", "Done", id="review.leave"),
    ]

    def __init__(self, exit_when_done: bool = False) -> None:
        super().__init__()
        self.exit_when_done = exit_when_done
        self.study = Study()
        self.cards = self.study.due_cards(time.time())
        self.words = {w.word: w for w in self.study.words()}
        self.index = 0
        self.revealed = False
        self.grades: dict[int, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="card")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "yuedu 阅读"
        self._show()

    def _show(self) -> None:
        card = self.query_one("#card", Static)
        self.sub_title = f"review · {max(0, len(self.cards) - self.index)} due"
        if self.index >= len(self.cards):
            card.update(self._summary())
            return
        word_id, kind, _state, _due = self.cards[self.index]
        word = self.words.get(word_id)
        if word is None:
            self.index += 1
            self._show()
            return
        card.update(self._face(word, kind))

    def _face(self, word: SavedWord, kind: str) -> Text:
        t = Text()
        what = "word → meaning" if kind == "meaning" else "fill the gap"
        t.append(f"card {self.index + 1} of {len(self.cards)} · {what}\n\n", style="dim")
        if kind == "meaning":
            t.append(word.word, style="bold")
            if word.traditional != word.word:
                t.append(f"   {word.traditional}", style="bold")
            t.append("\n")
        else:
            t.append(_blank(word) + "\n")
        if not self.revealed:
            t.append("\nspace: show the answer", style="dim")
            return t
        t.append("\n")
        if kind == "cloze":
            t.append(f"{word.word}  ", style="bold")
        t.append(f"{word.pinyin}\n", style="bold cyan")
        t.append(f"{word.sense or word.english}\n")
        if kind == "meaning" and word.sentence:
            t.append(f"\n{word.sentence}\n", style="dim")
        if word.note:
            t.append(f"\n{word.note}\n", style="green")
        t.append("\n1 Again   2 Hard   3 Good   4 Easy", style="yellow")
        return t

    def _summary(self) -> Text:
        t = Text("Review done.\n\n", style="bold")
        reviewed = sum(self.grades.values())
        t.append(f"{reviewed} cards reviewed")
        if reviewed:
            t.append(": " + ", ".join(f"{RATINGS[g]} {n}" for g, n in sorted(self.grades.items())))
        upcoming = self.study.conn.execute("SELECT min(due) FROM card").fetchone()[0]
        if upcoming is not None:
            when = datetime.fromtimestamp(upcoming, UTC).astimezone().strftime("%Y-%m-%d %H:%M")
            t.append(f"\nnext card due {when}")
        t.append("\n\nEsc: back", style="dim")
        return t

    def action_reveal(self) -> None:
        if self.index < len(self.cards):
            self.revealed = True
            self._show()

    def action_grade(self, rating: int) -> None:
        if self.index >= len(self.cards) or not self.revealed:
            return
        word, kind, state, _due = self.cards[self.index]
        now = datetime.now(UTC)
        new_state, due = grade(state, rating, now)
        at = now.timestamp()
        # In the ordered writer: a lock held by another yuedu must not freeze the review.
        self.app.study_writes.submit(  # type: ignore[attr-defined]
            lambda study: study.record_review(word, kind, rating, new_state, due, at)
        )
        self.grades[rating] = self.grades.get(rating, 0) + 1
        self.index += 1
        self.revealed = False
        self._show()

    def action_leave(self) -> None:
        if self.exit_when_done:
            self.app.exit(0)
        else:
            self.app.pop_screen()


def _blank(word: SavedWord) -> str:
    """The word's sentence with the word blanked out."""
    from tui.core.script import to_simplified_same_length

    sentence = word.sentence or word.word
    at = to_simplified_same_length(sentence).find(word.word)
    if at < 0:
        return "＿" * len(word.word)
    return sentence[:at] + "＿" * len(word.word) + sentence[at + len(word.word) :]
