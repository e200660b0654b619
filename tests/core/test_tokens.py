"""Tokens cover the text exactly, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.script import to_simplified_same_length
from tui.core.tokens import HAN, LATIN, NUMBER, PUNCT, SPACE, tokenize

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
def test_tokens_cover_text_exactly(analyzer, text: str) -> None:
    tokens = tokenize(text, to_simplified_same_length(text), analyzer.segmenter)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for tok in tokens:
        assert tok.start == pos and tok.end > tok.start
        assert text[tok.start : tok.end] == tok.text
        pos = tok.end
    assert pos == len(text)


def test_empty_text_has_no_tokens(analyzer) -> None:
    assert tokenize("", "", analyzer.segmenter) == []


def test_kinds(analyzer) -> None:
    text = "日美同盟 GSOMIA 2019年。"
    kinds = {t.text: t.kind for t in tokenize(text, text, analyzer.segmenter)}
    assert kinds["日美同盟"] == HAN
    assert kinds["GSOMIA"] == LATIN
    assert kinds["2019"] == NUMBER
    assert kinds["。"] == PUNCT
    assert kinds[" "] == SPACE


def test_traditional_is_segmented_through_simplified(analyzer, library) -> None:
    """Raw jieba splits 日美關係 and 應對; through Simplified they stay whole."""
    article = library.resolve("001")
    words = {t.text for t in analyzer.analyse(article.text).tokens}
    assert "日美關係" in words
    assert "應對" in words
    assert "捲入" in words


def test_names_are_single_tokens(analyzer, library) -> None:
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
    from tui.core.tokens import apply_fixes

    fixes = {"同盟关系": ("同盟", "关系"), "日美同盟": ("日美同盟",)}
    assert apply_fixes(["稳定", "同盟关系", "的"], fixes) == ["稳定", "同盟", "关系", "的"]
    assert apply_fixes(["日美", "同盟", "体系"], fixes) == ["日美同盟", "体系"]
    assert apply_fixes(["日美", "关系"], fixes) == ["日美", "关系"]


def test_a_fix_is_respected_by_analysis_pinyin_and_stats(fresh_home) -> None:  # type: ignore[no-untyped-def]
    from tui.core.analysis import Analyzer
    from tui.core.tokens import HAN
    from tui.core.vocab import stats
    from tui.store.study import Study

    text = "在稳定同盟关系的同时"
    before = [t.text for t in Analyzer().analyse(text).tokens]
    assert "同盟关系" in before or "同盟" in before
    Study().fix_segment("同盟关系", ["同盟", "关系"])
    Study().fix_segment("稳定同盟", ["稳定同盟"])
    analysis = Analyzer().analyse(text)
    words = [t.text for t in analysis.tokens if t.kind == HAN]
    assert "稳定同盟" in words and "关系" in words
    assert analysis.pinyin[[t.text for t in analysis.tokens].index("关系")] in (("guan1", "xi4"), ("guan1", "xi5"))
    data = stats("001")
    assert data["tokens"] > 0 and all(u["word"] != "同盟关系" for u in data["unknown"])
