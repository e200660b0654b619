"""`p` in the library: known words over time, reviews and reading time per day, as charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from tui.app.commands import bindings
from tui.app.widgets.reader_footer import SteadyFooter

if TYPE_CHECKING:
    from tui.core.study.progress import Progress


class ProgressScreen(Screen[None]):
    BINDINGS = bindings("progress")

    def __init__(self) -> None:
        super().__init__()
        self.data: Progress | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="progress"):
            yield Static(id="progress-summary")
            yield PlotextPlot(id="progress-known")
            with Horizontal(id="progress-daily"):
                yield PlotextPlot(id="progress-reviews")
                yield PlotextPlot(id="progress-reading")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = "yuedu 阅读"
        self.sub_title = "progress"
        self._load()

    @work(thread=True, exclusive=True, group="progress")
    def _load(self) -> None:
        from tui.core.study.progress import progress

        data = progress()
        self.app.call_from_thread(self._show, data)

    def _show(self, data: Progress) -> None:
        self.data = data
        days, known, reviews, minutes = data["days"], data["known"], data["reviews"], data["reading_minutes"]
        summary = Text()
        if not days:
            summary.append("Nothing recorded yet: read an article, mark words with 1-4, or review.", style="dim")
        else:
            summary.append(f"{_counted(known[-1], 'word')} known", style="bold")
            summary.append(f"   {_counted(sum(reviews), 'review')}   {_counted(round(sum(minutes)), 'minute')} read")
            summary.append(f"   {days[0]} to {days[-1]}", style="dim")
        self.query_one("#progress-summary", Static).update(summary)
        # No history: the message alone, not three empty frames.
        self.query_one("#progress-known").display = bool(days)
        self.query_one("#progress-daily").display = bool(days)
        # Day labels as MM-DD: the year is in the summary, and the axis has little room.
        labels = [d[5:] for d in days]
        self._chart("#progress-known", "known words", labels, known, line=True)
        self._chart("#progress-reviews", "reviews per day", labels, reviews)
        self._chart("#progress-reading", "minutes read per day", labels, minutes)

    def _chart(self, selector: str, title: str, labels: list[str], values: Sequence[float], line: bool = False) -> None:
        plot = self.query_one(selector, PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        plt.title(title)
        if labels:
            xs = [float(i) for i in range(len(labels))]
            if line and len(xs) > 1:  # one day is a bar: a line of one point is one braille dot
                plt.plot(xs, values, marker="braille")
                plt.xlim(0, max(1, len(xs) - 1))
            else:
                plt.bar(xs, values, width=0.6, minimum=0)
                # Each day gets the same span, centred on its tick.
                plt.xlim(-0.5, len(xs) - 0.5)
            # Counts: whole-number ticks from zero (plotext would write 0.83, 1.67, ...).
            ticks = whole_ticks(max(values, default=0))
            plt.ylim(0, ticks[-1])
            plt.yticks([float(t) for t in ticks], [str(t) for t in ticks])
            step = max(1, len(labels) // 6)
            plt.xticks(xs[::step], labels[::step])
        plot.refresh()


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def whole_ticks(top: float, most: int = 6) -> list[int]:
    """0 up to the first tick at or above `top`, in steps of 1, 2 or 5 times a power of ten, at most `most` ticks."""
    top = max(top, 1)
    step = next(m * 10**e for e in range(12) for m in (1, 2, 5) if math.ceil(top / (m * 10**e)) <= most - 1)
    return list(range(0, step * math.ceil(top / step) + 1, step))
