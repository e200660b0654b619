"""Time bombs inside the input bound: a megabyte with no sentence end, one long Latin "word",
a conversion whose length changes everywhere. Each step works on bounded pieces, so time is
linear in the text (checked by what each step is given, never by a clock: figures in bench/)."""

from __future__ import annotations

import difflib
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.lexicon.glossary import Glossary, _bounded
from tui.core.library.articles import SENTENCE_MAX, split_sentences
from tui.core.text import script
from tui.core.text.script import convert, converter
from tui.core.text.tokens import RUN_MAX, Segmenter


def test_length_changing_conversion_aligns_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = difflib.SequenceMatcher

    def recording(isjunk: object, a: str, b: str, autojunk: bool = True) -> difflib.SequenceMatcher[str]:
        sizes.append(len(a) + len(b))
        return real(None, a, b, autojunk=autojunk)

    monkeypatch.setattr(difflib, "SequenceMatcher", recording)
    for text in ("我吃方便面。" * 2000, "我吃方便面" * 2000, "方便面" * 3000 + "\n" + "信息" * 500):
        result = convert(text, "s2twp")
        assert sizes and max(sizes) <= 2 * script._PIECE + 2, max(sizes)
        sizes.clear()
        # Cut only where no phrase spans: the same text as converting it whole.
        if "。" in text:
            assert result.text == converter("s2twp").convert(text)
        alignment = result.alignment
        assert alignment.to_source(len(result.text)) == len(text) and alignment.to_target(len(text)) == len(result.text)
        mapped = [alignment.to_source(k) for k in range(0, len(result.text), 97)]
        assert mapped == sorted(mapped)


@given(
    st.lists(st.sampled_from(["方便面", "信息", "。", "，", "软件", "鼠标", "\n", "a", " "]), max_size=300).map("".join)
)
def test_the_alignment_maps_each_converted_piece_to_its_source(text: str) -> None:
    result = convert(text, "s2twp")
    alignment = result.alignment
    assert alignment.to_source(len(result.text)) == len(text)
    for seg in alignment.segments:  # an equal-length run is the source converted char for char
        if seg.src_end - seg.src_start == seg.dst_end - seg.dst_start:
            src, dst = text[seg.src_start : seg.src_end], result.text[seg.dst_start : seg.dst_end]
            assert len(src) == len(dst)
    assert result.text == converter("s2twp").convert(text) or len(text) > script._PIECE


def test_a_megabyte_without_a_sentence_end_is_cut_into_bounded_sentences() -> None:
    han = "日本与美国的同盟关系很重要" * 80_000
    text = "标题\n\n" + han + "\n第二段。"
    spans = split_sentences(text)
    assert max(end - start for start, end in spans) <= SENTENCE_MAX
    # Nothing lost, nothing twice: the pieces cover the run in order.
    run = [s for s in spans if s[0] >= text.index(han) and s[1] <= text.index(han) + len(han)]
    assert run[0][0] == text.index(han) and run[-1][1] == text.index(han) + len(han)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(run))
    # A comma in the window is where a piece ends.
    commas = ("很长的一句话没有句号只有逗号，" * 100)[:-1] + "。"
    assert all(commas[end - 1] in "，。" for _, end in split_sentences(commas))


def test_ordinary_sentences_are_split_as_before() -> None:
    text = "日本与美国的同盟关系很重要。第二句呢？第三句！\n新的一段"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "日本与美国的同盟关系很重要。",
        "第二句呢？",
        "第三句！",
        "新的一段",
    ]


def test_jieba_is_never_given_a_run_past_the_bound(fresh_home: Path) -> None:
    segmenter = Segmenter()
    seen: list[int] = []
    real = segmenter._jieba.cut

    def recording(text: str, HMM: bool = True) -> object:
        seen.append(len(text))
        return real(text, HMM=HMM)

    segmenter._jieba.cut = recording
    for text in ("a" * 50_000, "日本与美国的同盟关系很重要" * 5000, "x同盟" * 20_000 + "。后面"):
        words = segmenter.cut(text)
        assert "".join(words) == text and max(seen) <= RUN_MAX, max(seen)
        seen.clear()
    ordinary = "日本与美国的同盟关系很重要。" * 10
    assert segmenter.cut(ordinary) == list(real(ordinary, HMM=True))


def test_glossary_matching_skips_long_latin_words_and_still_finds_bounded_forms() -> None:
    glossary = Glossary.load()
    latin = next(f for f in glossary._forms if f.isascii() and f.isalpha() and len(f) >= 3)
    text = "a" * 100_000 + " " + latin.lower() + " x" + latin.lower() + " 日美同盟"
    found = glossary.matches(text)
    forms = [text[m.start : m.end] for m in found]
    assert latin.lower() in forms and forms.count(latin.lower()) == 1  # not the one inside x…
    assert all(_bounded(text, m.start, m.end) for m in found)
