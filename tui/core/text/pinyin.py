"""Pinyin: one syllable per Han character, decided in context, in three styles.

Readings are kept as tone-number syllables with v for ü and 5 for the neutral
tone ("zhong4", "le5", "lv4"); capitals mark proper nouns ("Chao2").
The work is in five modules, one per job; this one names their public functions for the
many callers that import them from here:
- pinyin_forms: a syllable rendered with marks, numbers or zhuyin;
- pinyin_orthography: words and lines written per GB/T 16159-2012;
- pinyin_parse: pinyin typed by people, parsed into syllables;
- pinyin_readings: the reading of each character in context;
- pinyin_sandhi: the spoken tones, as a view.
"""

from __future__ import annotations

from tui.core.text.pinyin_forms import STYLES, render
from tui.core.text.pinyin_orthography import join_word, written_line, written_syllables
from tui.core.text.pinyin_parse import parse, toneless
from tui.core.text.pinyin_readings import (
    CONTEXT_RULES,
    LONGEST_DICTIONARY_WORD,
    Context,
    Rule,
    citation,
    dictionary_cover,
    readings,
)
from tui.core.text.pinyin_sandhi import spoken

__all__ = [
    "CONTEXT_RULES",
    "LONGEST_DICTIONARY_WORD",
    "STYLES",
    "Context",
    "Rule",
    "citation",
    "dictionary_cover",
    "join_word",
    "parse",
    "readings",
    "render",
    "spoken",
    "toneless",
    "written_line",
    "written_syllables",
]
