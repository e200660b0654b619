"""Decoding an imported file's bytes: a strict cascade of encodings, and no control characters."""

from __future__ import annotations

import codecs
import re

from tui.core.text.inert import count_controls, first_control

# Above this share of control characters a file is binary data, whatever decoded.
BINARY_SHARE = 1 / 200

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


class Refused(Exception):
    """A file that cannot be imported; the message is the reason."""


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """(text, encoding name) for a file's bytes, or Refused.

    A strict cascade: a BOM; a declared HTML charset; UTF-8; then GB18030 and Big5,
    choosing between them by how much of the result is everyday Chinese.
    """
    if not data.strip():
        raise Refused("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name, "utf-16" if name == "utf-16" else name)
    if data.startswith(_BINARY_MAGIC):
        raise Refused("binary data, not text")
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise Refused("binary data, not text")
        return utf16
    if html and (m := _META_CHARSET.search(data[:4096])):
        declared = m.group(1).decode("ascii").lower()
        try:
            if _is_charset(declared):
                return _checked(data.decode(declared)), declared
        except (LookupError, UnicodeError, ValueError):
            pass  # a wrong declaration: fall through to detection
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name in ("gb18030", "big5"):
        try:
            candidates.append((_plausibility(text := data.decode(name)), name, text))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise Refused("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    score, name, text = max(candidates)
    if score < 0.5:
        raise Refused("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    return _checked(text), name


# Python codecs a page may name that are no charset: they decode escapes or domain names.
_NOT_CHARSETS = {"punycode", "idna", "unicode_escape", "raw_unicode_escape", "undefined", "mbcs", "oem"}


def _is_charset(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in _NOT_CHARSETS


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return _checked(data.decode(codec)), label
    except UnicodeDecodeError as exc:
        raise Refused(f"starts with a {label} byte-order mark but is not {label}") from exc


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: whichever byte order decodes to plausible text, if either does."""
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = _checked(data.decode(codec))
        except (UnicodeDecodeError, Refused):
            continue
        score = _plausibility(text)
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


def _checked(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Refused("empty file")
    refuse_controls(text)
    return text


def refuse_controls(text: str) -> None:
    """Refused for any control character but whitespace: one ESC is enough to retitle the
    terminal or set its clipboard, and the library keeps an article's text as it came."""
    at = first_control(text)
    if at is None:
        return
    line = text.count("\n", 0, at) + 1
    where = f"control character U+{ord(text[at]):04X} on line {line}"
    if count_controls(text) > max(2, len(text) * BINARY_SHARE):
        raise Refused(f"binary data, not text ({where})")
    raise Refused(f"{where} (escape sequences are not imported)")


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters in either script.

    GB18030 decodes almost any byte string, but Big5 bytes read as GB18030 give rare
    characters and private-use code points, and the reverse is true as well.
    """
    from tui.core.lexicon.hsk import common_characters

    common = common_characters()
    wide = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not wide:
        return 1.0
    good = sum(1 for ch in wide if ch in common or not ch.isalpha())
    return good / len(wide)
