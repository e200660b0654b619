"""Writes tui/core/text/pinyin_forms.tsv: every syllable's tone marks and zhuyin, as pypinyin renders them.

Run it after upgrading pypinyin: `.venv/bin/python -m tui.core.text.pinyin_forms_build`.
tests/core/text/test_pinyin.py checks the table against pypinyin, so it cannot drift.
A table, not calls into pypinyin at run time: importing pypinyin costs about 0.2 s (its
phrase dictionary), which `yuedu lookup` (0.3 s at the most) and the cached reader must not pay.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.text.pinyin_syllables import SYLLABLES

# Where pypinyin 0.55.0 is wrong (measured over every syllable and tone, see the test):
# the syllabic nasals keep their tone digit in its marks (m3, n1, n1g for ng1) and take
# other letters in its zhuyin (ㄇㄨ for m, ㄣ for n, ㄋㄍ for ng); erhua r becomes ㄖ and
# keeps its digit. Written here instead: the mark on the nasal, ㄇ ㄋ ㄫ, and r as ㄦ, toneless.
NASAL_MARKS = {"m": ("m̄", "ḿ", "m̌", "m̀"), "n": ("n̄", "ń", "ň", "ǹ"), "ng": ("n̄g", "ńg", "ňg", "ǹg")}
OWN_ZHUYIN = {"m": "ㄇ", "n": "ㄋ", "ng": "ㄫ", "r": "ㄦ"}
_ZHUYIN_TONES = ("", "ˊ", "ˇ", "ˋ", "˙")


def forms(base: str) -> tuple[list[str], list[str]]:
    """Tones 1, 2, 3, 4 and neutral of a toneless syllable: (marks, zhuyin)."""
    from pypinyin.contrib.tone_convert import to_tone
    from pypinyin.style.bopomofo import BopomofoConverter

    if base in NASAL_MARKS:
        marks = [*NASAL_MARKS[base], base]
    elif base == "r":
        marks = ["r"] * 5
    else:
        marks = [to_tone(f"{base}{tone}") for tone in (1, 2, 3, 4, 5)]
    if base in OWN_ZHUYIN:
        zhuyin = [OWN_ZHUYIN[base] + mark for mark in _ZHUYIN_TONES]
    else:
        bopomofo = BopomofoConverter()
        zhuyin = [bopomofo.to_bopomofo(to_tone(f"{base}{tone}")) for tone in (1, 2, 3, 4, 5)]
    return marks, zhuyin


FORMS_FILE = Path(__file__).with_name("pinyin_forms.tsv")


def source() -> str:
    """The table: a line a syllable, tab-separated: the syllable, its marks for tones 1-4 and
    neutral, then its zhuyin likewise."""
    return "".join("\t".join([base, *m, *z]) + "\n" for base in sorted(SYLLABLES) for m, z in [forms(base)])


if __name__ == "__main__":
    FORMS_FILE.write_text(source(), encoding="utf-8")
