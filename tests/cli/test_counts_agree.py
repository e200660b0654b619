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
