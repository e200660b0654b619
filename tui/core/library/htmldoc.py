"""The one door from a whole HTML document (an EPUB's chapters, a fetched page) to the library's text.

EPUB and web imports call only this, so the HTML import behind it can change in one place.
"""

from __future__ import annotations

from tui.core.library.importing import Refused, html_to_text, refuse_controls


def document_text(html: str) -> str:
    """The library copy's text for an HTML document, or Refused."""
    text = html_to_text(html)
    if not text.strip():
        raise Refused("no readable text in the HTML")
    refuse_controls(text)  # character references (&#27;) decode to controls
    return text
