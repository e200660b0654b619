"""Tone sandhi as a view: spoken tones from citation tones."""

from __future__ import annotations

import pytest

from tui.core.text.pinyin_sandhi import spoken


def _spoken(*words: tuple[str, str]) -> list[str]:
    """Words given as (hanzi, space-separated syllables); the spoken syllables, flat."""
    out = spoken([w for w, _ in words], [tuple(p.split()) or ("",) for _, p in words])
    return [s for p in out for s in p]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ((("不", "bu4"), ("是", "shi4")), ["bu2", "shi4"]),  # búshì
        ((("不", "bu4"), ("好", "hao3")), ["bu4", "hao3"]),  # bù before a third tone stays
        ((("不", "bu4"), ("吃", "chi1")), ["bu4", "chi1"]),
        ((("一", "yi1"), ("个", "ge4")), ["yi2", "ge4"]),  # yíge
        ((("一天", "yi1 tian1"),), ["yi4", "tian1"]),  # yìtiān
        ((("一年", "yi1 nian2"),), ["yi4", "nian2"]),
        ((("一起", "yi1 qi3"),), ["yi4", "qi3"]),
        ((("第一", "di4 yi1"),), ["di4", "yi1"]),  # an ordinal keeps yī
        ((("一月", "yi1 yue4"),), ["yi1", "yue4"]),  # so does a month
        ((("十一", "shi2 yi1"), ("点", "dian3")), ["shi2", "yi1", "dian3"]),
        ((("统一", "tong3 yi1"), ("了", "le5")), ["tong3", "yi1", "le5"]),
        ((("你好", "ni3 hao3"),), ["ni2", "hao3"]),  # third-tone pair
        ((("展览馆", "zhan3 lan3 guan3"),), ["zhan2", "lan2", "guan3"]),
        ((("我", "wo3"), ("很", "hen3"), ("好", "hao3")), ["wo2", "hen2", "hao3"]),
        ((("好", "hao3"), ("，", ""), ("你", "ni3")), ["hao3", "", "ni3"]),  # a comma ends the run
    ],
)
def test_sandhi_rules(words: tuple[tuple[str, str], ...], expected: list[str]) -> None:
    assert _spoken(*words) == expected


def test_citation_tones_are_left_alone_without_sandhi(analyzer) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyse("我们不是一个人", use_cache=False)
    flat = [s for p in analysis.pinyin for s in p]
    assert flat[2] == "bu4" and flat[4] == "yi1"
    said = [
        s for p in spoken([analysis.simplified[t.start : t.end] for t in analysis.tokens], analysis.pinyin) for s in p
    ]
    assert said[2] == "bu2" and said[4] == "yi2"
    assert len(said) == len(flat)
