"""to_json: fields in order, left out or rewritten by their metadata, nested values walked."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from hypothesis import given
from hypothesis import strategies as st

from tui.core.jsonable import NOT_IN_JSON, json_as, json_named, to_json


@dataclass(frozen=True)
class Leaf:
    name: str
    score: float = field(metadata=json_as(lambda s: round(s, 2)))
    hidden: int = field(default=0, metadata=NOT_IN_JSON)
    total: int = field(default=1, metadata=json_named("count"))


@dataclass
class Tree:
    title: str
    leaves: list[Leaf]
    tags: tuple[str, ...] = ()
    extra: dict[str, Leaf] = field(default_factory=dict)


@given(st.text(), st.floats(allow_nan=False, allow_infinity=False), st.integers(), st.lists(st.text()))
def test_fields_in_order_with_their_metadata(name: str, score: float, hidden: int, tags: list[str]) -> None:
    leaf = Leaf(name, score, hidden)
    data = to_json(Tree("t", [leaf, leaf], tuple(tags), {"k": leaf}))
    one = {"name": name, "score": round(score, 2), "count": 1}
    assert data == {"title": "t", "leaves": [one, one], "tags": tags, "extra": {"k": one}}
    assert list(data) == ["title", "leaves", "tags", "extra"]
    assert json.loads(json.dumps(data)) == data  # plain JSON data, nothing left to convert
