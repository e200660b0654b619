"""The core's one LRU cache: bounded by count or by weight, least recently used dropped first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.lru import LRU

# Operations: ("put", key, value) or ("get", key, 0).
_OPS = st.lists(st.tuples(st.sampled_from(["put", "get"]), st.integers(0, 9), st.integers(1, 50)), max_size=60)


def _model(ops: list[tuple[str, int, int]], bound: int, weighed: bool) -> tuple[list[int], dict[int, int]]:
    """What the cache should hold: keys in recency order, dropped oldest first past the bound."""
    order: list[int] = []
    values: dict[int, int] = {}
    for op, key, value in ops:
        if op == "get":
            if key in values:
                order.remove(key)
                order.append(key)
            continue
        if key in values:
            order.remove(key)
        order.append(key)
        values[key] = value
        while len(order) > 1 and (sum(values[k] for k in order) if weighed else len(order)) > bound:
            del values[order.pop(0)]
    return order, values


@given(_OPS, st.integers(1, 5))
def test_a_count_bounded_cache_keeps_the_most_recently_used(ops: list[tuple[str, int, int]], maxsize: int) -> None:
    cache: LRU[int, int] = LRU(maxsize)
    for op, key, value in ops:
        if op == "put":
            cache.put(key, value)
        else:
            cache.get(key)
    order, values = _model(ops, maxsize, weighed=False)
    assert list(cache) == order
    assert {k: cache.get(k) for k in order} == {k: values[k] for k in order}
    assert len(cache) <= maxsize


@given(_OPS, st.integers(1, 120))
def test_a_weight_bounded_cache_keeps_its_weight_and_the_last_put(
    ops: list[tuple[str, int, int]], max_weight: int
) -> None:
    cache: LRU[int, int] = LRU(weigh=lambda _, value: value, max_weight=max_weight)
    for op, key, value in ops:
        if op == "put":
            cache.put(key, value)
        else:
            cache.get(key)
    order, values = _model(ops, max_weight, weighed=True)
    assert list(cache) == order
    assert cache.weight == sum(values[k] for k in order)
    assert cache.weight <= max_weight or len(cache) == 1


def test_discard_where_forgets_the_matching_keys_and_their_weight() -> None:
    cache: LRU[tuple[int, int], str] = LRU(weigh=lambda _, value: len(value), max_weight=100)
    for owner in (1, 2):
        for block in range(3):
            cache.put((owner, block), "x" * (owner + block))
    cache.discard_where(lambda key: key[0] == 1)
    assert list(cache) == [(2, 0), (2, 1), (2, 2)]
    assert cache.weight == 2 + 3 + 4
    assert (1, 0) not in cache and cache.get((1, 0)) is None
