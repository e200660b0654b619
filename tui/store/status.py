"""A word's study status: the one list, for the CLI's choices, the store's check and the reader.

A module of its own so that `yuedu --help` can name the choices without loading the store."""

from __future__ import annotations

from typing import Literal, get_args

Status = Literal["new", "learning", "known", "ignored"]
STATUSES: tuple[Status, ...] = get_args(Status)
