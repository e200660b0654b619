"""The CLI contract on every path: each subcommand of the real parser, walked, with a
missing, a malformed and a hostile argument. A new command is covered without a new test.

Bad input: exit 2 (1 for nothing found), one line on stderr, no traceback. Hostile
text (escapes, markup, newlines, bytes that are not UTF-8) never comes out as a control
sequence, with stdout taken for a terminal.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import build_parser, main

HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J[/bold]日本[link=file:///etc/passwd]x\n\x9b31m"
UNDECODABLE = "\udcff\udcfe"  # what Python makes of the bytes ff fe in argv
_SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own styles, on a terminal
_OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def leaves(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every runnable subcommand: (its words, its parser)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from leaves(sub, (*prefix, name))
            return
    yield prefix, parser


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]


def _required(parser: argparse.ArgumentParser) -> list[str]:
    """A valid filling of the required options, so a case tests one argument at a time."""
    out: list[str] = []
    for action in parser._actions:
        if action.option_strings and action.required:
            out += [action.option_strings[-1], str((action.choices and next(iter(action.choices))) or "x.csv")]
    for group in parser._mutually_exclusive_groups:
        if group.required:
            first = group._group_actions[0]
            out += [first.option_strings[-1], str(next(iter(first.choices or ["x"])))]
    return out


def cases() -> Iterator[tuple[str, list[str], set[int]]]:
    """(case id, argv, allowed exit codes)."""
    for words, parser in leaves(build_parser()):
        name = " ".join(words)
        required = _required(parser)
        positionals = _positionals(parser)
        filler = ["000" if p.dest == "article" else "日本" for p in positionals]
        yield f"{name}: unknown option", [*words, *filler, *required, "--no-such-option"], {2}
        if any(p.nargs not in ("?", "*") for p in positionals) or required:
            yield f"{name}: missing argument", list(words), {2}
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0:
                continue
            opt = action.option_strings[-1]
            others = required
            for other in _rivals(parser, action):
                others = _strip(others, other)
            if action.type is int:
                yield f"{name}: {opt} not a number", [*words, *filler, *others, opt, "x"], {2}
            if action.choices:
                yield f"{name}: {opt} not a choice", [*words, *filler, *others, opt, "bogus"], {2}
            if action.metavar in ("ID", "NAME", "FILE"):
                yield f"{name}: hostile {opt}", [*words, *filler, *others, opt, HOSTILE], {0, 1, 2}
        for i, p in enumerate(positionals):
            before, after = filler[:i], filler[i + 1 :]
            yield f"{name}: empty {p.dest}", [*words, *before, "", *after, *required], {1, 2}
            yield f"{name}: hostile {p.dest}", [*words, *before, HOSTILE, *after, *required], {0, 1, 2}
            yield f"{name}: undecodable {p.dest}", [*words, *before, UNDECODABLE, *after, *required], {1, 2}


def _rivals(parser: argparse.ArgumentParser, action: argparse.Action) -> list[str]:
    """The option itself and those it excludes: the case gives it, and none of them."""
    for group in parser._mutually_exclusive_groups:
        if action in group._group_actions:
            return [a.option_strings[-1] for a in group._group_actions]
    return [action.option_strings[-1]]


def _strip(args: list[str], opt: str) -> list[str]:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == opt:
            skip = True
        else:
            out.append(a)
    return out


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


CASES = list(cases())


def test_the_walk_covers_every_subcommand() -> None:
    names = {" ".join(words) for words, _ in leaves(build_parser())}
    covered = {case.split(":")[0] for case, _, _ in CASES}
    assert names == covered
    assert {"read", "add", "vocab import", "glossary show", "search"} <= names


@pytest.mark.parametrize(("argv", "allowed"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_and_hostile_arguments(
    argv: list[str], allowed: set[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # `-o` with a hostile name writes here, not in the tree
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = _Terminal(out_bytes, encoding="utf-8", write_through=True)
    err = _Terminal(err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    stdout, stderr = out_bytes.getvalue().decode(), err_bytes.getvalue().decode()
    assert code in allowed, (code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if code == 2:
        assert stderr.count("\n") == 1 and stderr.endswith("\n"), stderr
    else:  # found (0) or nothing found (1): a line of explanation at most
        assert stderr.count("\n") <= 1, stderr
    for stream in (stdout, stderr):
        visible = _SGR.sub("", stream)
        assert not _OBEYED.search(visible), repr(visible)
        assert "PWNED" not in stream or "\x1b" not in visible
    assert "\x1b]8;" not in stdout  # no hyperlink from `[link=…]`


def article_cases() -> Iterator[tuple[str, list[str]]]:
    """(case id, argv before the id) for every way a command takes an article id."""
    for words, parser in leaves(build_parser()):
        name = " ".join(words)
        required = _required(parser)
        positionals = _positionals(parser)
        json_flag = ["--json"] if any("--json" in a.option_strings for a in parser._actions) else []
        for i, p in enumerate(positionals):
            if p.dest == "article":
                before = ["日本" for _ in positionals[:i]]
                yield name, [*words, *before, *required, *json_flag]
        for action in parser._actions:
            if action.dest == "article" and action.option_strings:
                filler = ["日本" for p in positionals if p.nargs not in ("?", "*")]
                yield (
                    f"{name} {action.option_strings[-1]}",
                    [*words, *filler, *required, *json_flag, action.option_strings[-1]],
                )


ARTICLE_CASES = list(article_cases())


def test_the_article_walk_finds_every_command_taking_an_id() -> None:
    names = {case for case, _ in ARTICLE_CASES}
    assert {"read", "outline", "stats", "vocab stats", "remove", "search --article", "annotate --article"} <= names


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [c[1] for c in ARTICLE_CASES], ids=[c[0] for c in ARTICLE_CASES])
def test_an_unknown_article_is_nothing_found_and_an_ambiguous_one_bad_input(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command, one contract: an id naming no article exits 1, a prefix of several 2,
    each with one line on stderr and nothing on stdout."""
    code, stdout, stderr = _run([*argv, "NOPE"], monkeypatch)
    assert (code, stdout, stderr.count("\n")) == (1, "", 1), (code, stderr)
    assert "'NOPE'" in stderr and "Traceback" not in stderr
    code, stdout, stderr = _run([*argv, "00"], monkeypatch)  # 000 … 004 all start with it
    assert (code, stdout, stderr.count("\n")) == (2, "", 1), (code, stderr)
    assert "ambiguous" in stderr
