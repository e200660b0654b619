"""A sequence made on demand, whose base owns what every such sequence does the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

_T = TypeVar("_T")


class Indexed(Sequence[_T]):
    """A sequence made on demand: `_item` gives the i-th item (0 <= i < len), and this base
    owns what every such sequence does the same way: negative indices, bounds and slices."""

    def _item(self, i: int) -> _T:
        raise NotImplementedError

    def _slice(self, start: int, stop: int, step: int) -> Sequence[_T]:
        return [self._item(k) for k in range(start, stop, step)]

    @overload
    def __getitem__(self, i: int) -> _T: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[_T]: ...
    def __getitem__(self, i: int | slice) -> _T | Sequence[_T]:
        n = len(self)
        if isinstance(i, slice):
            return self._slice(*i.indices(n))
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._item(i)
