"""Fixtures of the tmux tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux


@pytest.fixture
def small(fresh_home: Path) -> Iterator[Tmux]:
    """A tmux session at 80×24 on a fresh home, closed after the test."""
    session = Tmux(fresh_home, 80, 24)
    try:
        yield session
    finally:
        session.close()
