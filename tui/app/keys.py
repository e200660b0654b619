"""Keys: keys as a person writes them, and the user's keymap.toml (the ids: tui/app/commands.py)."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tui.app import commands as _commands

if TYPE_CHECKING:
    from textual.dom import DOMNode

# What each binding does, by binding id: the command palette's and `?`'s description, and
# the ids keymap.toml may name. Made from the one table of commands.
DESCRIPTIONS = _commands.DESCRIPTIONS


def bound_classes() -> list[tuple[str, type[DOMNode]]]:
    """Every class of the app that declares BINDINGS (screens, widgets), found by walking
    tui.app, with the name its binding ids start with: the tests find each of their bindings
    in the table of commands (tui/app/commands.py), so none is defined outside it."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import tui.app

    found: dict[type[DOMNode], None] = {}
    for module_info in pkgutil.walk_packages(tui.app.__path__, "tui.app."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            own = isinstance(value, type) and value.__module__ == module.__name__ and "BINDINGS" in vars(value)
            if own and issubclass(value, DOMNode):
                found[value] = None
    out = []
    for cls in found:
        ids = {getattr(b, "id", None) for b in vars(cls)["BINDINGS"]}
        prefixes = {i.split(".")[0] for i in ids if i}
        out.append((min(prefixes) if prefixes else cls.__name__, cls))
    return sorted(out, key=lambda pair: pair[0])


# Named keys as Textual spells them → as a person writes them.
_LABELS = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Del",
    "insert": "Ins",
    "home": "Home",
    "end": "End",
}
# ... and back, with the spellings people use in a keymap.toml.
_NAMES = {label.lower(): name for name, label in _LABELS.items()} | {
    "esc": "escape",
    "return": "enter",
    "pgdown": "pagedown",
    "page_down": "pagedown",
    "page_up": "pageup",
    "del": "delete",
}
_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def key_label(key: str) -> str:
    """One Textual key as a person writes it: slash → /, pagedown → PgDn, ctrl+p → Ctrl+P."""
    from textual.keys import format_key

    *mods, name = key.split("+")
    if name in _LABELS:
        label = _LABELS[name]
    elif len(name) == 1:
        label = name
    else:
        label = format_key(name)  # unicode names: question_mark → ?, full_stop → .
        if len(label) > 1:
            label = label.capitalize()  # f1 → F1
    if mods:
        return "+".join([m.capitalize() for m in mods] + [label.upper() if len(label) == 1 else label])
    return label


def keys_label(keys: str) -> str:
    """A binding's keys, "right,l" → "→ l"."""
    return " ".join(key_label(k.strip()) for k in keys.split(",") if k.strip())


def _textual_key(written: str) -> str | None:
    """A key as written in keymap.toml (PgDn, /, Ctrl+P, N) as Textual names it, or None if it is no key."""
    from textual.keys import Keys

    from tui.app.terminal import character_to_key

    written = written.strip()
    if len(written) == 1:  # the arrows as `?` shows them (→) are the arrow keys, not U+2192
        return _NAMES.get(written) or character_to_key(written)
    parts = written.split("+")
    if len(parts) > 1 and parts[-1] == "":  # "ctrl++"
        parts = [*parts[:-2], "+"]
    *mods, name = parts
    mods = [m.lower() for m in mods]
    if any(m not in _MODIFIERS for m in mods):
        return None
    if len(name) == 1:
        key = _NAMES.get(name) or character_to_key(name.lower() if mods else name)
    else:
        key = _NAMES.get(name.lower(), name.lower())
        if key not in _LABELS and key not in {k.value for k in Keys}:
            try:
                unicodedata.lookup(key.replace("_", " "))
            except KeyError:
                return None
    return "+".join([*mods, key])


def read_keymap(path: Path, ids: set[str]) -> tuple[dict[str, str], str | None]:
    """The keymap in `path` (binding id = "keys"), and one line about what was wrong with it, if anything.

    Ids may be written dotted and quoted ("reader.next_word" = "w") or as tables
    ([reader] next_word = "w"); keys as one string, comma-separated, or a list.
    Entries that are wrong are left out; the rest still apply.
    """
    from tui.core.library.limits import ENV, max_bytes
    from tui.store import files

    # The home is not trusted: a link, a FIFO or /dev/zero there is refused, not read or waited on.
    try:
        data = tomllib.loads(files.read_bytes(path, max_bytes(), f"set {ENV} to raise the limit").decode("utf-8"))
    except FileNotFoundError:
        return {}, None
    except files.Refused as exc:
        return {}, f"{path.name}: {exc.reason}; using the default keys"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path.name}: {exc}; using the default keys"
    except RecursionError:
        return {}, f"{path.name}: nested too deeply; using the default keys"
    flat: dict[str, object] = {}
    # Tables within tables, walked without recursion: a keymap nests two deep at most.
    stack: list[tuple[str, Iterator[tuple[str, object]]]] = [("", iter(data.items()))]
    while stack:
        prefix, items = stack[-1]
        for name, value in items:
            if isinstance(value, dict):
                stack.append((f"{prefix}{name}.", iter(value.items())))
                break
            flat[f"{prefix}{name}"] = value
        else:
            stack.pop()
    keymap: dict[str, str] = {}
    problems = []
    for binding_id, value in flat.items():
        written = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if binding_id not in ids:
            shown = binding_id if len(binding_id) <= 60 else binding_id[:59] + "…"
            problems.append(f"no binding {shown!r}")
            continue
        if not written or not all(isinstance(w, str) for w in written):
            problems.append(f"{binding_id}: give the keys as a string")
            continue
        keys = [k for w in written for k in str(w).split(",") if k.strip()]
        named = [_textual_key(k) for k in keys]
        bad = [k for k, n in zip(keys, named, strict=True) if n is None]
        if bad or not keys:
            problems.append(f"{binding_id}: no key {', '.join(map(repr, bad)) or 'given'}")
            continue
        keymap[binding_id] = ",".join(n for n in named if n)
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        return keymap, f"{path.name}: {shown} (the rest applies)"
    return keymap, None
