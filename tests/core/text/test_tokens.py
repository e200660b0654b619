"""Tokens cover the text exactly, whatever the text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.text.script import to_simplified_same_length
from tui.core.text.tokens import HAN, LATIN, NUMBER, PUNCT, SPACE, tokenize

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("日美關係关系同盟石破茂發育的了着長长重行朝國际戰略")),
        st.sampled_from(list("abcXYZ0123456789 \n\t.,，。！？「」《》-+%")),
        st.sampled_from(["😀", "\u3000", "\u200b", "é", "Ω", "𠀀"]),
        st.characters(),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_tokens_cover_text_exactly(analyzer: Analyzer, text: str) -> None:
    tokens = tokenize(text, to_simplified_same_length(text), analyzer.segmenter)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for tok in tokens:
        assert tok.start == pos and tok.end > tok.start
        assert text[tok.start : tok.end] == tok.text
        pos = tok.end
    assert pos == len(text)


def test_empty_text_has_no_tokens(analyzer: Analyzer) -> None:
    assert tokenize("", "", analyzer.segmenter) == []


def test_kinds(analyzer: Analyzer) -> None:
    text = "日美同盟 GSOMIA 2019年。"
    kinds = {t.text: t.kind for t in tokenize(text, text, analyzer.segmenter)}
    assert kinds["日美同盟"] == HAN
    assert kinds["GSOMIA"] == LATIN
    assert kinds["2019"] == NUMBER
    assert kinds["。"] == PUNCT
    assert kinds[" "] == SPACE


def test_traditional_is_segmented_through_simplified(analyzer: Analyzer, library: Library) -> None:
    """Raw jieba splits 日美關係 and 應對; through Simplified they stay whole."""
    article = library.resolve("001")
    words = {t.text for t in analyzer.analyse(article.text).tokens}
    assert "日美關係" in words
    assert "應對" in words
    assert "捲入" in words


def test_names_are_single_tokens(analyzer: Analyzer, library: Library) -> None:
    for name, article_id in [
        ("石破茂", "000"),
        ("高市早苗", "002"),
        ("尹锡悦", "003"),
        ("岸田文雄", "002"),
        ("岸田文雄", "004"),
        ("呂耀東", "002"),
    ]:
        article = library.resolve(article_id)
        tokens = analyzer.analyse(article.text).tokens
        assert article.text.count(name) > 0, (name, article_id)
        assert sum(1 for t in tokens if t.text == name) == article.text.count(name), (name, article_id)


def test_user_fixes_split_and_merge() -> None:
    from tui.core.text.tokens import apply_fixes

    fixes = {"同盟关系": ("同盟", "关系"), "日美同盟": ("日美同盟",)}
    assert apply_fixes(["稳定", "同盟关系", "的"], fixes) == ["稳定", "同盟", "关系", "的"]
    assert apply_fixes(["日美", "同盟", "体系"], fixes) == ["日美同盟", "体系"]
    assert apply_fixes(["日美", "关系"], fixes) == ["日美", "关系"]


def test_a_fix_is_respected_by_analysis_pinyin_and_stats(fresh_home) -> None:  # type: ignore[no-untyped-def]
    from tui.core.study.difficulty import stats
    from tui.core.text.analysis import Analyzer
    from tui.core.text.tokens import HAN
    from tui.store.study import Study

    text = "在稳定同盟的同时改善日美关系"
    before = [t.text for t in Analyzer().analyse(text).tokens]
    # Both fixes change something: 日美关系 is one word and 稳定同盟 two before them.
    assert "日美关系" in before and "稳定同盟" not in before
    counts_before = {u["word"]: u["count"] for u in cast(list[dict[str, Any]], stats("001")["unknown"])}
    assert counts_before.get("日美关系", 0) > 0
    Study().fix_segment("日美关系", ["日美", "关系"])
    Study().fix_segment("稳定同盟", ["稳定同盟"])
    analysis = Analyzer().analyse(text)
    words = [t.text for t in analysis.tokens if t.kind == HAN]
    assert words == ["在", "稳定同盟", "的", "同时", "改善", "日美", "关系"]
    assert analysis.pinyin[[t.text for t in analysis.tokens].index("关系")] in (("guan1", "xi4"), ("guan1", "xi5"))
    counts = {u["word"]: u["count"] for u in cast(list[dict[str, Any]], stats("001")["unknown"])}
    assert "日美关系" not in counts
    # Each 日美关系 of 001 now counts once as 日美 and once as 关系.
    for part in ("日美", "关系"):
        assert counts[part] == counts_before.get(part, 0) + counts_before["日美关系"]


def test_split_fix_applies_to_a_word_cut_out_of_a_compound(fresh_home) -> None:  # type: ignore[no-untyped-def]
    """x on 首相 of 日本首相: the reader said "cut from now on", so it is cut there too."""
    from tui.core.text.analysis import Analyzer
    from tui.store.study import Study

    text = "日本首相石破茂。首相说"
    before = [t.text for t in Analyzer().analyse(text).tokens]
    # 日本首相 comes out of jieba whole and is cut into its dictionary words afterwards.
    assert before[:2] == ["日本", "首相"]
    Study().fix_segment("首相", ["首", "相"])
    after = [t.text for t in Analyzer().analyse(text).tokens]
    assert "首相" not in after
    assert after[:3] == ["日本", "首", "相"]
    assert "".join(after) == text


def test_a_word_with_no_end_is_cut_into_bounded_tokens(analyzer: Analyzer) -> None:
    from tui.core.text.tokens import MAX_WORD

    long = "a" * (2 * MAX_WORD + 17)
    text = f"日本 {long} v1.6.3 同盟"
    tokens = tokenize(text, text, analyzer.segmenter)
    assert "".join(t.text for t in tokens) == text
    pieces = [t.text for t in tokens if set(t.text) == {"a"}]
    assert "".join(pieces) == long and max(map(len, pieces)) == MAX_WORD
    assert "v1.6.3" in [t.text for t in tokens]  # words under the bound stay whole
