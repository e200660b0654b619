"""One count everywhere: occurrences in each article's reading text, in either script."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests.conftest import run_cli

if TYPE_CHECKING:
    from tui.core.library.articles import Library

TERM = "印太"  # written the same in both scripts; also inside 印太地区, 印太战略, 印太構想


def test_lookup_glossary_show_and_search_agree_on_the_count(library: Library) -> None:
    expected = {a.id: a.text.count(TERM) for a in library.articles if TERM in a.text}
    assert len(expected) > 1 and sum(expected.values()) > len(expected)

    looked_up = json.loads(run_cli("lookup", TERM, "--json").stdout)["occurrences"]
    assert {o["article"]: o["count"] for o in looked_up} == expected

    shown = json.loads(run_cli("glossary", "show", TERM, "--json").stdout)["occurrences"]
    assert {o["article"]: o["forms"][TERM] for o in shown if TERM in o["forms"]} == expected
    # Where only the term occurs, the entry's count is that count.
    for o in shown:
        if set(o["forms"]) == {TERM}:
            assert o["count"] == expected[o["article"]]

    found = json.loads(run_cli("search", TERM, "--json").stdout)
    (term,) = [t for t in found["terms"] if t["form"] == TERM]
    assert (term["count"], term["articles"]) == (sum(expected.values()), len(expected))
    for article, count in expected.items():
        one = json.loads(run_cli("search", TERM, "--article", article[:3], "--json").stdout)
        assert one["total"] == count, article

    listed = json.loads(run_cli("glossary", "list", "--json").stdout)
    (row,) = [r for r in listed if r["term"] == TERM]
    assert row["count"] == sum(expected.values())
    for article, count in expected.items():
        one = json.loads(run_cli("glossary", "list", "--article", article[:3], "--json").stdout)
        assert [r["count"] for r in one if r["term"] == TERM] == [count], article


LATIN = "WTO"  # an alias of 世界贸易组织, written between Han characters (在WTO改革)


def test_a_latin_form_beside_han_characters_is_counted_by_glossary_and_search(library: Library) -> None:
    import re

    # A whole word for Latin letters: no ASCII letter or digit either side; Han characters may touch it.
    whole = re.compile(rf"(?<![A-Za-z0-9]){LATIN}(?![A-Za-z0-9])", re.IGNORECASE)
    expected = {a.id: n for a in library.articles if (n := len(whole.findall(a.text)))}
    assert expected, "the library no longer has the form this test needs"

    shown = json.loads(run_cli("glossary", "show", LATIN, "--json").stdout)["occurrences"]
    assert {o["article"]: o["forms"].get(LATIN, 0) for o in shown if LATIN in o["forms"]} == expected
    found = json.loads(run_cli("search", LATIN, "--json").stdout)
    assert found["total"] == sum(expected.values())
