"""JSON data from dataclasses: the one place a typed value becomes the CLI's `--json`.

A field's JSON follows its declaration: its name, in field order. Field metadata says
where the contract differs from the value: `NOT_IN_JSON` leaves a field out, `json_as(f)`
writes `f(value)` instead, `json_named(key)` writes it under another key.
Not `dataclasses.asdict`: it deep-copies every value first, which is most of the time
over the 20,000 rows of the character table, and it cannot leave a field out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

_KEY = "json"
_NAME = "json_name"
_OMIT = object()
NOT_IN_JSON: Mapping[str, object] = {_KEY: _OMIT}


def json_as(write: Callable[[Any], object]) -> Mapping[str, object]:
    """Field metadata: the field's JSON is `write(value)`."""
    return {_KEY: write}


def json_named(key: str) -> Mapping[str, object]:
    """Field metadata: the field's JSON goes under `key`."""
    return {_NAME: key}


def to_json(value: object) -> Any:
    """`value` as JSON data: dataclasses become dicts, tuples and lists lists, the rest as it is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, object] = {}
        for f in dataclasses.fields(value):
            how = f.metadata.get(_KEY)
            if how is _OMIT:
                continue
            item = getattr(value, f.name)
            out[f.metadata.get(_NAME, f.name)] = to_json(how(item) if callable(how) else item)
        return out
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value
