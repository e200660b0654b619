"""The one door from a whole HTML document (an EPUB's chapters, a fetched page) to the library's document.

EPUB and web imports call only this, so the HTML import behind it can change in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.library.decoding import Refused, refuse_controls

if TYPE_CHECKING:
    from tui.core.library.document import Document


def document_of(html: str) -> Document:
    """The document an HTML document holds, or Refused."""
    from tui.core.library.document_html import html_to_document
    from tui.core.library.document_markdown import to_markdown

    doc = html_to_document(html)
    if not any(b.text.strip() or b.rows for b in doc.blocks):
        raise Refused("no readable text in the HTML")
    refuse_controls(to_markdown(doc))  # character references (&#27;) decode to controls
    return doc
