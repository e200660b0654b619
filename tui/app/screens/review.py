"""Review: due cards one by one, graded Again/Hard/Good/Easy, with a summary at the end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.app.commands import bindings
from tui.app.widgets.reader_footer import SteadyFooter
from tui.core.study.review import RATINGS, ReviewSession, blank_word, format_interval, intervals
from tui.core.text.inert import inert
from tui.store.study import DueCard, SavedWord, Study


def _now() -> datetime:
    return datetime.now(UTC)


class ReviewScreen(Screen[None]):
    BINDINGS = bindings("review")

    def __init__(self, exit_when_done: bool = False, clock: Callable[[], datetime] = _now) -> None:
        super().__init__()
        self.exit_when_done = exit_when_done
        self.clock = clock  # injected so that tests fix the time
        self.study = Study()
        self.words = {w.word: w for w in self.study.words()}
        due = self.study.due_cards(clock().timestamp())
        self.session = ReviewSession.of(c for c in due if c.word in self.words)
        self.card: DueCard | None = None
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="card")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = "yuedu 阅读"
        self._next()

    def _next(self) -> None:
        self.card = self.session.next(self.clock())
        self.revealed = False
        self._show()

    def _show(self) -> None:
        card = self.query_one("#card", Static)
        self.sub_title = f"review · {self.session.remaining} due"
        if self.card is None:
            card.update(self._summary())
            return
        face = self._face(self.words[self.card.word], self.card)
        face.plain = inert(face.plain)  # saved sentences come from files; same length, spans kept
        card.update(face)

    def _face(self, word: SavedWord, card: DueCard) -> Text:
        t = Text()
        what = "word → meaning" if card.kind == "meaning" else "fill the gap"
        total = self.session.shown + self.session.remaining
        t.append(f"card {self.session.shown + 1} of {total} · {what}\n\n", style="dim")
        if card.kind == "meaning":
            t.append(word.word, style="bold")
            if word.traditional != word.word:
                t.append(f"   {word.traditional}", style="bold")
            t.append("\n")
        else:
            t.append_text(self._sentence(Text(blank_word(word.sentence, word.word))))
            t.append("\n")
        if not self.revealed:
            t.append("\nspace: show the answer", style="dim")
            return t
        t.append("\n")
        if card.kind == "cloze":
            t.append(f"{word.word}  ", style="bold")
        t.append(f"{word.pinyin}\n", style="bold cyan")
        t.append(f"{word.sense or word.english}\n")
        if card.kind == "meaning" and word.sentence:
            sentence = Text(word.sentence, style="dim")
            from tui.core.text.script import to_simplified_same_length

            simplified, at = to_simplified_same_length(word.sentence), 0
            while word.word and (found := simplified.find(word.word, at)) >= 0:  # the word, in either script
                sentence.stylize("bold not dim", found, found + len(word.word))
                at = found + len(word.word)
            t.append("\n")
            t.append_text(self._sentence(sentence))
            t.append("\n")
        if word.note:
            t.append(f"\n{word.note}\n", style="green")
        t.append("\n")
        # Each grade with the interval FSRS would give it: "1 Again 1m   2 Hard 6m ...".
        for rating, seconds in intervals(card.state, self.clock()).items():
            t.append(f"{rating} {RATINGS[rating]} ", style="yellow")
            t.append(f"{format_interval(seconds)}   ", style="bold yellow")
        return t

    def _sentence(self, sentence: Text) -> Text:
        """A sentence broken into rows by our line rules (Rich would start a row with ，)."""
        from tui.core.text.wrap import wrap_spans

        width = self.query_one("#card", Static).content_region.width or self.app.size.width
        rows = wrap_spans(sentence.plain, max(8, width))
        return Text("\n").join(sentence[a:b] for a, b in rows)

    def on_resize(self) -> None:
        self._show()

    def _summary(self) -> Text:
        session = self.session
        t = Text("Review done.\n\n", style="bold")
        t.append(f"{session.shown} reviews")
        if session.shown:
            t.append(": " + " · ".join(f"{RATINGS[g]} {n}" for g, n in session.grades.items()))
        if session.buried:
            n = len(session.buried)
            t.append(
                f"\n{n} card{'s' if n > 1 else ''} left for the next session (a word's cards are never back to back)"
            )
        upcoming = self.study.next_due()
        if upcoming is not None:
            when = datetime.fromtimestamp(upcoming, UTC).astimezone().strftime("%Y-%m-%d %H:%M")
            t.append(f"\nnext card due {when}")
        t.append("\n\nEsc: back", style="dim")
        return t

    def action_reveal(self) -> None:
        if self.card is not None:
            self.revealed = True
            self._show()

    def action_grade(self, rating: int) -> None:
        if self.card is None or not self.revealed:
            return
        now, card = self.clock(), self.card
        state, due = self.session.answer(card, rating, now)
        at = now.timestamp()
        # In the ordered writer: a lock held by another yuedu must not freeze the review.
        self.app.study_writes.submit(  # type: ignore[attr-defined]
            lambda study: study.record_review(card.word, card.kind, rating, state, due, at)
        )
        self._next()

    def action_leave(self) -> None:
        if self.exit_when_done:
            self.app.exit(0)
        else:
            self.app.pop_screen()
