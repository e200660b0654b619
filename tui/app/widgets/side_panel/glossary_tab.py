"""The Glossary tab: the article's glossary terms as it writes them, each with its count."""

from __future__ import annotations

from rich.text import Text

from tui.core.reading import Reading
from tui.core.text.inert import inert
from tui.core.text.script import to_simplified_same_length, traditional_view

Terms = list[tuple[str, int, list[int]]]  # (term, count, offsets)


def glossary_labels(reading: Reading, script: str) -> tuple[Terms, list[Text]]:
    """The article's terms and a label for each, in the view `script` the article shows."""
    terms = reading.glossary_counts()
    # Each term as the article writes it in the script shown, the glossary's name after it
    # when that is another word (川普 ×21 (特朗普)).
    written = reading.glossary_written(script)
    shown_script = reading.article.script if script == "original" else script
    labels = []
    for term, count, _ in terms:
        form = written.get(term, term)
        label = _label(f"{form}  ×{count}")
        if to_simplified_same_length(form) != term:
            name = traditional_view(term, "simplified") if shown_script == "traditional" else term
            label.append(f"  ({inert(name, one_line=True)})", style="dim")
        labels.append(label)
    return terms, labels


def next_occurrence(offsets: list[int], here: int) -> int:
    """The term's next place after `here`, from the start again after the last."""
    after = [o for o in offsets if o > here]
    return after[0] if after else offsets[0]


def _label(text: str) -> Text:
    """A label from the article or glossary: a Text, so never parsed as markup, made inert."""
    return Text(inert(text, one_line=True))
