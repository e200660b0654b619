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
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
    return path


def library_dir(create: bool = False) -> Path:
    """The imported articles. Made only when importing, so that reading works in a read-only home."""
    from tui.errors import UserError

    path = home() / "library"
    if path.exists() and not path.is_dir():
        raise UserError(f"{path} is a file, where yuedu keeps its imported articles: move it aside")
    if create:
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
    try:
        path.mkdir(exist_ok=True)
    except OSError:  # a read-only home: jieba builds its model again, in memory
        import tempfile

        return Path(tempfile.gettempdir())
    return path
