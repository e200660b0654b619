"""Where things live: the user's data home and the bundled data."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """A bundled data folder (seeds, glossary): inside the wheel, or in the source tree."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def home() -> Path:
    """The one directory for all user state: $YUEDU_HOME, else the platform's user data dir."""
    env = os.environ.get("YUEDU_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("yuedu", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def library_dir() -> Path:
    path = home() / "library"
    if path.exists() and not path.is_dir():
        from tui.core.errors import UserError

        raise UserError(f"{path} is not a folder: move it away and yuedu makes a new one")
    path.mkdir(exist_ok=True)
    return path


def user_glossary_dir() -> Path:
    return home() / "glossary"


def cache_db_path() -> Path:
    return home() / "cache.sqlite"


def study_db_path() -> Path:
    return home() / "study.sqlite"


def jieba_cache_dir() -> Path:
    path = home() / "jieba"
    path.mkdir(exist_ok=True)
    return path
