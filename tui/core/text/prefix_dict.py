"""jieba's prefix dictionary, kept in a form that loads fast, under our home's cache dir.

jieba's own cache is a marshal of the {word or prefix: freq} dict; loading it took 0.38 s of
a 0.8 s cold analysis (4 to 5 times what this form costs), and it is never rebuilt when jieba
changes. Here the keys are one UTF-8 text, one per line, and the frequencies one array, in the
order of the keys: `dict(zip(...))` over them builds the same dict. No pickle: a file in the
home is data, never code. The file name carries jieba's version and a hash of its dictionary.
"""

from __future__ import annotations

import array
import hashlib
import os
import struct
import tempfile
from pathlib import Path
from typing import Any

from tui.store import paths

MAGIC = b"yuedu-jieba-prefix-1\n"
_HEADER = struct.Struct("<QQ")  # key bytes, total


MAX_BYTES = 200_000_000  # jieba's dictionary makes ~10 MB


def dictionary_file(jieba: Any) -> Path:
    """The default dictionary jieba ships (what `Tokenizer()` reads)."""
    return Path(jieba.__file__).resolve().parent / "dict.txt"


def cache_file(jieba: Any) -> Path | None:
    """Where the fast form lives, or None when the home has no cache dir (never write outside it)."""
    folder = paths.jieba_cache_dir()
    if not folder.resolve().is_relative_to(paths.home().resolve()):
        return None
    digest = hashlib.blake2b(dictionary_file(jieba).read_bytes(), digest_size=12).hexdigest()
    version = str(getattr(jieba, "__version__", "unknown")).replace(os.sep, "_")
    return folder / f"prefix-{version}-{digest}.bin"


def load(path: Path) -> tuple[dict[str, int], int] | None:
    """The prefix dict and total from `path`, or None when it is missing or not ours."""
    from tui.store import files

    try:
        # In the home: no link followed, no FIFO waited on, nothing larger than the form can be.
        data = files.read_bytes(path, MAX_BYTES)
    except OSError:
        return None
    head = len(MAGIC) + _HEADER.size
    if len(data) < head or not data.startswith(MAGIC):
        return None
    key_bytes, total = _HEADER.unpack_from(data, len(MAGIC))
    freqs = array.array("Q")
    body = data[head + key_bytes :]
    if len(body) % freqs.itemsize:
        return None
    freqs.frombytes(body)
    try:
        keys = data[head : head + key_bytes].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if len(keys) != len(freqs):
        return None
    return dict(zip(keys, freqs.tolist())), total  # a list first: 40% faster than from the array


def save(path: Path, freq: dict[str, int], total: int) -> None:
    """Write atomically (a reader in another process sees the old file or the new, whole)."""
    if any("\n" in key for key in freq):  # jieba's words never hold one; refuse rather than corrupt
        return
    try:
        freqs = array.array("Q", freq.values())
    except OverflowError:  # a negative frequency: not a dictionary this form can hold
        return
    keys = "\n".join(freq).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prefix-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + _HEADER.pack(len(keys), total) + keys)
            freqs.tofile(out)
        os.replace(tmp, path)
    except OSError:  # a read-only or full home: next time jieba's own way again
        Path(tmp).unlink(missing_ok=True)


def initialize(tokenizer: Any, jieba: Any) -> None:
    """Give `tokenizer` its prefix dict from our cache, building (and caching) it once."""
    if tokenizer.initialized:
        return
    path = cache_file(jieba)
    loaded = load(path) if path is not None else None
    if loaded is None:
        # Built from the dictionary file itself, not through jieba's marshal cache, which it
        # would otherwise write to the system temp dir when the home has no cache dir.
        with dictionary_file(jieba).open("rb") as f:
            loaded = jieba.Tokenizer.gen_pfdict(f)
        if path is not None:
            save(path, *loaded)
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total = loaded
        tokenizer.initialized = True
