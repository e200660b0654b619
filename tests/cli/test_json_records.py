"""`--json` of flat records goes through json's C encoder: the text is json.dumps(indent=2)'s."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.output import _flat_records, json_text

scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(), st.text(']\x00[,:"\\%s\n\x9b')
)
key = st.text(min_size=0, max_size=6) | st.sampled_from(["id", "%s", "a%", "]\x00["])


@settings(max_examples=300, deadline=None)
@given(st.lists(key, min_size=1, max_size=5, unique=True).flatmap(
    lambda keys: st.lists(st.tuples(*(scalar for _ in keys)).map(lambda values: dict(zip(keys, values))), max_size=6)
))  # fmt: skip
def test_records_are_written_as_json_dumps_writes_them(records: list[dict[str, object]]) -> None:
    assert (_flat_records(records) is not None) == bool(records)  # the C encoder's way is the one checked
    assert json_text(records) == json.dumps(records, ensure_ascii=False, indent=2)


@given(st.recursive(scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)))
def test_any_other_data_is_written_as_json_dumps_writes_it(data: object) -> None:
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_records_with_other_keys_or_nested_values_are_written_the_same() -> None:
    others: tuple[list[dict[str, object]], ...] = (
        [{"a": 1}, {"b": 2}],
        [{"a": 1}, {"a": [1, 2]}],
        [{"a": 1}, {"a": 2, "b": 3}],
        [{}],
        [{"a": {"b": 1}}],
    )
    for data in others:
        assert _flat_records(data) is None
        assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2)
