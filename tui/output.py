"""Output for the headless commands: JSON for scripts, Rich for people (colour only on a TTY)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def console() -> Console:
    """A console that honours NO_COLOR and writes colour only to a terminal."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
