"""Pinyin forms: a tone-number syllable ("zhong4", "Chao2") rendered with marks, numbers or zhuyin."""

from __future__ import annotations

from functools import cache, lru_cache

from tui.errors import UserError

STYLES = ("marks", "numbers", "zhuyin")


def render(syllable: str, style: str) -> str:
    """Render one tone-number syllable ("zhong4", "Chao2") in a style."""
    if not syllable:
        return ""
    if style == "numbers":
        return syllable.replace("v", "ü").replace("V", "Ü")
    if style == "marks":
        return _marks(syllable)
    if style == "zhuyin":
        return _zhuyin(syllable.lower())
    raise UserError(f"unknown pinyin style {style!r}; use one of {', '.join(STYLES)}")


@cache
def _forms() -> dict[str, tuple[str, ...]]:
    """Syllable -> its marks for tones 1-4 and neutral, then its zhuyin likewise (pypinyin's own)."""
    from pathlib import Path

    # Written by pinyin_forms_build.py from pypinyin's own rendering (see there why a table).
    lines = Path(__file__).with_name("pinyin_forms.tsv").read_text(encoding="utf-8").splitlines()
    return {base: tuple(forms) for base, *forms in (line.split("\t") for line in lines)}


def _split(syllable: str) -> tuple[str, int]:
    tone = int(syllable[-1]) if syllable[-1:].isdigit() else 0
    return syllable.rstrip("012345"), tone


@lru_cache(maxsize=4096)
def _marks(syllable: str) -> str:
    """zhong4 -> zhòng, Chao2 -> Cháo; neutral and untoned syllables carry no mark."""
    body, tone = _split(syllable)
    forms = _forms().get(body.lower().replace("ü", "v"))
    if forms is None or tone not in (1, 2, 3, 4):
        return body.replace("v", "ü").replace("V", "Ü")  # not a syllable (a letter, xx), or no tone
    marked = forms[tone - 1]
    return marked[0].upper() + marked[1:] if body[:1].isupper() else marked


@lru_cache(maxsize=4096)
def _zhuyin(syllable: str) -> str:
    """zhong4 -> ㄓㄨㄥˋ (the neutral-tone dot follows, as pypinyin writes it); untoned: no mark."""
    body, tone = _split(syllable)
    forms = _forms().get(body.replace("ü", "v"))
    if forms is None:
        return body
    return forms[5 + (tone - 1 if tone in (1, 2, 3, 4, 5) else 0)]
