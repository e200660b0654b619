"""Where things live: the user's data home and the bundled data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui.store import files

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
        try:
            path = Path(env).expanduser()
        except RuntimeError:  # ~nosuchuser
            path = Path(env)
        if path.parts and path.parts[0].startswith("~"):  # else made in the current folder
            from tui.errors import UserError

            raise UserError(f"YUEDU_HOME={env}: there is no home folder for {path.parts[0]!r}")
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("yuedu", appauthor=False))
    if not path.is_dir():
        path.mkdir(mode=files.DIR_MODE, parents=True, exist_ok=True)
    return path


def library_dir(create: bool = False) -> Path:
    """The imported articles. Made only when importing, so that reading works in a read-only home."""
    from tui.errors import UserError

    path = home() / "library"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFDIR
    if not stat.S_ISDIR(mode):  # a link too: yuedu follows none in its home
        raise UserError(f"{path} is {files.kind(mode)}, where yuedu keeps its imported articles: move it aside")
    if create:
        files.private_dir(path)
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
        files.private_dir(path)
    except OSError:  # a read-only home: jieba builds its model again, in memory
        import tempfile

        return Path(tempfile.gettempdir())
    return path
