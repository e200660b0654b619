"""One least-recently-used cache for the core, bounded by count or by weight.

textual.cache.LRUCache would do for the count-bounded ones, but tui.core must not import
textual (the layers contract); functools.lru_cache caches a function's calls, not values
an object keeps (a Reading's written blocks) or bounds them by size (characters, pieces).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """Values by key, the least recently used forgotten past `maxsize` items or, with `weigh`,
    past `max_weight` in all (the last one put is always kept). Safe to share between threads.
    Iterates over its keys, least recently used first."""

    def __init__(
        self, maxsize: int | None = None, weigh: Callable[[K, V], int] | None = None, max_weight: int | None = None
    ) -> None:
        self.maxsize = maxsize
        self.max_weight = max_weight
        self.weight = 0
        self._weigh = weigh
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[K]:
        with self._lock:
            return iter(list(self._items))

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._discard(key)
            self._items[key] = value
            if self._weigh is not None:
                self.weight += self._weigh(key, value)
            while len(self._items) > 1 and self._over():
                old, dropped = self._items.popitem(last=False)
                if self._weigh is not None:
                    self.weight -= self._weigh(old, dropped)

    def discard(self, key: K) -> None:
        with self._lock:
            self._discard(key)

    def discard_where(self, test: Callable[[K], bool]) -> None:
        """Forget every key `test` is true of."""
        with self._lock:
            for key in [k for k in self._items if test(k)]:
                self._discard(key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.weight = 0

    def _discard(self, key: K) -> None:
        old = self._items.pop(key, None)
        if old is not None and self._weigh is not None:
            self.weight -= self._weigh(key, old)

    def _over(self) -> bool:
        if self.maxsize is not None and len(self._items) > self.maxsize:
            return True
        return self.max_weight is not None and self.weight > self.max_weight
