"""The glossary: validation with file:line, matching across scripts and aliases, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import run_cli
from tui.core.lexicon.glossary import Glossary, check
from tui.core.lexicon.glossary_schema import read_file

if TYPE_CHECKING:
    from tui.core.library.articles import Library

GOOD = """
[[entry]]
term = "日美同盟"
aliases = ["美日同盟"]
pinyin = "Rì-Měi tóngméng"
english = "US–Japan alliance"
category = "policy-concept"
note = "The alliance."
"""


def test_bundled_glossary_passes_check() -> None:
    result = run_cli("glossary", "check")
    assert result.returncode == 0, result.stdout
    glossary = Glossary.load()
    assert len(glossary.entries) >= 150
    assert check(glossary) == []


def test_broken_files_report_file_line_and_the_rest_loads(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        GOOD
        + """
[[entry]]
term = "石破茂"
pinyin = "Shípò"
english = "Ishiba Shigeru"
category = "person"
note = "Prime minister."

[[entry]]
term = "无名"
pinyin = "wúmíng"
category = "person"
""",
        encoding="utf-8",
    )
    entries, problems = read_file(broken)
    assert [e.term for e in entries] == ["日美同盟", "石破茂"]
    header = broken.read_text(encoding="utf-8").splitlines().index('term = "无名"')  # 1-based line of [[entry]]
    assert [str(p) for p in problems] == [f"{broken}:{header}: entry '无名' lacks english, note"]
    found = check(Glossary(entries, problems))
    messages = [str(p) for p in found]
    pinyin_line = broken.read_text(encoding="utf-8").splitlines().index('pinyin = "Shípò"') + 1
    assert f"{broken}:{pinyin_line}: '石破茂': 2 pinyin syllables for 3 characters" in messages
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('[[entry]]\nterm = "x\n', encoding="utf-8")
    entries, problems = read_file(syntax)
    assert entries == [] and str(problems[0]).startswith(f"{syntax}:2:")


def test_duplicate_claims_and_traditional_disagreement(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(
        GOOD
        + GOOD.replace("日美同盟", "美日同盟", 1).replace('["美日同盟"]', '["日美同盟"]')
        + """
[[entry]]
term = "协调"
traditional = "協条"
pinyin = "xiétiáo"
english = "coordination"
category = "other"
note = "x"
""",
        encoding="utf-8",
    )
    entries, problems = read_file(path)
    messages = [str(p) for p in check(Glossary(entries, problems))]
    assert any("is claimed by" in m for m in messages)
    assert any("traditional '協条' differs" in m and m.startswith(f"{path}:") for m in messages)


def test_user_glossary_overrides_bundled(fresh_home: Path) -> None:
    user = fresh_home / "glossary"
    user.mkdir()
    (user / "mine.toml").write_text(GOOD.replace("The alliance.", "My own note."), encoding="utf-8")
    assert Glossary.load().find("美日同盟").note == "My own note."  # type: ignore[union-attr]


def test_matching_across_scripts_and_aliases() -> None:
    glossary = Glossary.load()
    for text in ("日美關係", "日美关系", "美日关系"):
        matches = glossary.matches(text)
        assert [m.entry.term for m in matches] == ["日美关系"], text
    assert glossary.find("東協").term == "东盟"  # type: ignore[union-attr]
    assert glossary.find("trump").term == "特朗普"  # type: ignore[union-attr]
    assert glossary.find("gsomia").term == "军事情报保护协定"  # type: ignore[union-attr]
    # Latin aliases only match whole: TAG inside another word is not the trade agreement.
    assert [m.entry.term for m in glossary.matches("STAGE TAG")] == ["日美货物贸易协定"]


@pytest.mark.parametrize(("a", "b"), [("川普", "特朗普"), ("日美同盟", "美日同盟")])
def test_show_resolves_both_forms_to_one_entry(a: str, b: str) -> None:
    first = json.loads(run_cli("glossary", "show", a, "--json").stdout)
    second = json.loads(run_cli("glossary", "show", b, "--json").stdout)
    assert first == second
    assert first["occurrences"]


def test_show_trump_occurrences_by_form() -> None:
    data = json.loads(run_cli("glossary", "show", "trump", "--json").stdout)
    forms = {o["article"][:3]: o["forms"] for o in data["occurrences"]}
    assert set(forms["001"]) == {"川普"} and set(forms["000"]) == {"特朗普"}
    assert run_cli("glossary", "show", "東協", "--json").returncode == 0
    assert run_cli("glossary", "show", "nothing-like-this").returncode == 1


def test_list_article_001_counts_match_text(library: Library) -> None:
    rows = json.loads(run_cli("glossary", "list", "--article", "001", "--json").stdout)
    assert len(rows) >= 40
    for key in ("term", "traditional", "aliases", "pinyin", "english", "category", "note", "see_also", "count"):
        assert key in rows[0]
    text = library.resolve("001").text
    by_term = {r["term"]: r["count"] for r in rows}
    assert by_term["特朗普"] == text.count("川普")
    assert by_term["军事情报保护协定"] == text.count("GSOMIA") + text.count("軍事情報保護協定")


def test_lookup_gains_glossary() -> None:
    data = json.loads(run_cli("lookup", "石破茂", "--json").stdout)
    assert data["glossary"][0]["pinyin"] == "Shípò Mào"
    data = json.loads(run_cli("lookup", "日美同盟关系", "--json").stdout)
    assert "日美同盟" in [g["term"] for g in data["glossary"]]


# A new user's list of what the articles name: people, organisations, agreements, places, concepts.
COVERAGE = """
石破茂 安倍晋三 特朗普 川普 拜登 尹锡悦 文在寅 高市早苗 岸田文雄 吕耀东 呂耀東 卢昊 米莱 博尔顿 埃斯珀 朴振 沃尔特
斯托尔滕贝格 菅义伟 李克强 亚太经合组织 APEC 中国社会科学院 日本研究所 央视 解放日报 北约 NATO 欧盟 联合国 WTO G20 G7
东盟 東協 集安组织 自民党 自卫队 海上自卫队 国会 外务省 气象厅 经济产业省 国土安全部 安全协商委员会 四方安全对话 QUAD
日美地位协定 日美安保条约 联合国海洋法公约 中韩自贸协定 TAG 日美货物贸易协定 TPP CPTPP RCEP GSOMIA 军事情报保护协定
国家安全保障战略 防卫战略 防卫建设计划 日欧经济伙伴协定 战略互惠关系 脱钩断链 重返亚太 印太 印太战略 印太构想
自由开放的印太 美国优先 百年未有之大变局 中国威胁论 一带一路 中间走廊 丝绸之路外交 C5+1 经济安全保障 价值观外交
剧场外交 北约亚太化 亚太北约 安全困境 威胁平衡理论 穿梭外交 慰安妇 强征劳工 第三方代赔 全球安全倡议 日美同盟 美日同盟
日美关系 中日关系 日韩关系 秘鲁 利马 东京 华盛顿 冲绳 钓鱼岛 独岛 竹岛 台湾海峡 中亚 哈萨克斯坦 里海 高加索 乌克兰
俄乌冲突 戴维营峰会 马德里峰会 令和 冷战 二战 朝鲜半岛 大阪 比亚里茨 河内 伊朗 巴林 波斯湾 土耳其 欧亚大陆
"""


def test_coverage_of_names_in_the_articles() -> None:
    glossary = Glossary.load()
    names = COVERAGE.split()
    missing = [n for n in names if glossary.find(n) is None]
    assert len(missing) <= len(names) * 0.05, missing
