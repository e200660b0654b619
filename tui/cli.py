"""The `yuedu` command line: headless subcommands, and the reader for `yuedu` / `yuedu read`.

Parsing is argparse and nothing heavy is imported here, so `yuedu --help` is fast;
each subcommand imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from tui import __version__

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line and exit 2, as for any bad input.
        from tui.core.text.inert import inert_marked as inert

        sys.stderr.write(inert(f"{self.prog}: error: {message}", one_line=True) + "\n")
        sys.exit(EXIT_USAGE)


def _text_arg(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("text", nargs="?", help=f"{what}; '-' or absent reads standard input")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="yuedu", description="A terminal reader for Chinese-language articles.")
    parser.add_argument("--version", action="version", version=f"yuedu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("read", help="open an article in the reader")
    p.add_argument("article", help="an id, a unique prefix of one, or a file path")

    sub.add_parser("review", help="review saved words that are due (spaced repetition)")

    p = sub.add_parser("list", help="list the articles")
    p.set_defaults(func=_Handler("library", "run_list"))
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("pinyin", help="pinyin for text, word by word")
    p.set_defaults(func=_Handler("text", "run_pinyin"))
    _text_arg(p, "Chinese text")
    p.add_argument("--style", choices=("marks", "numbers", "zhuyin"), default="marks")
    p.add_argument("--sandhi", action="store_true", help="spoken tones (búshì, yíge, níhǎo) instead of citation tones")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("annotate", help="every word with pinyin, its sense here, glossary term and HSK level")
    p.set_defaults(func=_Handler("text", "run_annotate"))
    _text_arg(p, "Chinese text")
    p.add_argument("--article", metavar="ID", help="annotate an article of the library instead")
    p.add_argument("--format", choices=("text", "html"), default="text", help="text (default) or an HTML reading sheet")
    p.add_argument("--sandhi", action="store_true", help="spoken tones instead of citation tones")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("convert", help="convert between Simplified and Traditional script")
    p.set_defaults(func=_Handler("text", "run_convert"))
    _text_arg(p, "Chinese text")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", choices=("simplified", "traditional", "taiwan", "hongkong"))
    target.add_argument("--config", metavar="NAME", help="any OpenCC config, e.g. s2twp")

    p = sub.add_parser("lookup", help="look a word up: pinyin, senses, characters, glossary, examples")
    p.set_defaults(func=_Handler("lookup", "run_lookup"))
    p.add_argument("word")
    p.add_argument("--examples", type=int, default=None, metavar="N", help="print N example sentences from the library")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("glossary", help="the domain glossary")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=_Parser, required=True)
    g = gsub.add_parser("list", help="list entries with their counts")
    g.set_defaults(func=_Handler("glossary", "run_list"))
    g.add_argument("--article", metavar="ID")
    g.add_argument("--json", action="store_true")
    g = gsub.add_parser("show", help="one entry, by any script, alias or English name")
    g.set_defaults(func=_Handler("glossary", "run_show"))
    g.add_argument("term")
    g.add_argument("--json", action="store_true")
    g = gsub.add_parser("check", help="validate the glossary files")
    g.set_defaults(func=_Handler("glossary", "run_check"))

    p = sub.add_parser("outline", help="sections and key claims of an article")
    p.set_defaults(func=_Handler("outline", "run_outline"))
    p.add_argument("article")
    p.add_argument("--claims", type=int, default=3, metavar="N", help="claims per section (default 3)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="find words in the library by hanzi, pinyin or English")
    p.set_defaults(func=_Handler("search", "run_search"))
    p.add_argument("query", help="Chinese in either script, pinyin (tongmeng, tóngméng, tong2 meng2) or English")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (default 20)")
    p.add_argument("--article", metavar="ID", help="search one article")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("add", help="import .txt, .md, .html and .epub files, folders or web pages (URL)")
    p.set_defaults(func=_Handler("library", "run_add"))
    p.add_argument("paths", nargs="+", metavar="PATH|URL")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("remove", help="remove an imported article (bundled ones are hidden)")
    p.set_defaults(func=_Handler("library", "run_remove"))
    p.add_argument("article")
    p.add_argument("--restore", action="store_true", help="bring a removed or hidden article back")

    p = sub.add_parser("vocab", help="saved words: list, add, import, export, coverage stats")
    vsub = p.add_subparsers(dest="vocab_command", metavar="ACTION", parser_class=_Parser, required=True)
    from tui.store.status import STATUSES as statuses

    v = vsub.add_parser("list", help="every word with a status: saved (with its sentence), imported or marked")
    v.set_defaults(func=_Handler("vocab", "run_list"))
    v.add_argument("--status", choices=statuses)
    v.add_argument("--saved", action="store_true", help="only the saved words (with their sentences)")
    v.add_argument("--json", action="store_true")
    v = vsub.add_parser("add", help="save a word")
    v.set_defaults(func=_Handler("vocab", "run_add"))
    v.add_argument("word")
    v.add_argument("--status", choices=statuses, default="learning")
    v.add_argument("--article", metavar="ID", help="take the sentence from this article")
    v = vsub.add_parser("import", help="mark the words of an Anki .apkg, a Pleco export (text, XML) or a CSV/TSV")
    v.set_defaults(func=_Handler("vocab", "run_import"))
    v.add_argument("file")
    v.add_argument("--status", choices=statuses, default="known")
    v.add_argument("--field", metavar="NAME|N", help="the Anki field holding the word (default: the first with Han)")
    v.add_argument("--json", action="store_true")
    v = vsub.add_parser("export", help="write the saved words for Anki, or as CSV/TSV")
    v.set_defaults(func=_Handler("vocab", "run_export"))
    v.add_argument("--format", choices=("anki", "csv", "tsv"), required=True)
    v.add_argument("-o", "--output", required=True, metavar="FILE", help="a new file, outside the yuedu home")
    v.add_argument("--force", action="store_true", help="replace FILE if it exists")
    v = vsub.add_parser(
        "stats", help="your progress by day (known words, reviews, reading time), or with ARTICLE its coverage"
    )
    v.set_defaults(func=_Handler("vocab", "run_stats"))
    v.add_argument("article", nargs="?", help="an article: how much of it you know, and what to learn first")
    v.add_argument("--top", type=int, default=20, metavar="N")
    v.add_argument("--json", action="store_true")

    p = sub.add_parser("fix", help="your fixes: a word's reading and sense for every text (add, list, remove)")
    fsub = p.add_subparsers(dest="fix_command", metavar="ACTION", parser_class=_Parser, required=True)
    f = fsub.add_parser("add", help="read WORD as PINYIN everywhere (`yuedu fix WORD PINYIN` for short)")
    f.set_defaults(func=_Handler("fix", "run_add"))
    f.add_argument("word")
    f.add_argument("pinyin", help="marks, numbers or none for the neutral tone: háng, hang2, 'ming2 ling4 hang2'")
    f.add_argument(
        "--sense",
        type=int,
        metavar="N",
        help="show sense N first: N counts the senses CC-CEDICT gives WORD read PINYIN, in its order",
    )
    f = fsub.add_parser("list", help="your reading fixes, and your splits and merges (x, m in the reader)")
    f.set_defaults(func=_Handler("fix", "run_list"))
    f.add_argument("--json", action="store_true")
    f = fsub.add_parser("remove", help="undo the word's reading fix and its split or merge")
    f.set_defaults(func=_Handler("fix", "run_remove"))
    f.add_argument("word")

    p = sub.add_parser("stats", help="how hard an article is: HSK bands, coverage, words to learn first")
    p.set_defaults(func=_Handler("stats", "run_stats"))
    p.add_argument("article")
    p.add_argument("--prestudy", type=int, default=10, metavar="N", help="unknown words to list (default 10)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("index", help="bring the search index up to date")
    p.set_defaults(func=_Handler("library", "run_index"))
    p.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")
    p.add_argument("--json", action="store_true")

    return parser


@dataclass(frozen=True, slots=True)
class _Handler:
    """A subcommand's function in tui.commands, imported only when that subcommand runs."""

    module: str
    function: str

    def __call__(self, args: argparse.Namespace) -> int:
        module = importlib.import_module(f"tui.commands.{self.module}")
        return int(getattr(module, self.function)(args))


# Arguments that name files: bytes that are not UTF-8 are a valid file name there.
_PATH_ARGS = {"paths", "file", "output", "article"}


def main(argv: Sequence[str] | None = None) -> int:
    # One BLAS thread: our matrices are small (no faster with two, measured), and each thread
    # OpenBLAS starts maps its own buffer, which a memory limit may not leave room for.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _open_closed_streams()
    if (short := _memory_limit_too_low()) is not None:
        _error_line(short)
        return EXIT_USAGE
    _inert_notices()
    parser = build_parser()
    code = _run(parser, argv)
    if code == _CACHE_REBUILT:
        code = _run(parser, argv)  # once more, on the fresh cache
    return 70 if code == _CACHE_REBUILT else code


_CACHE_REBUILT = -1


def _inert_notices() -> None:
    """Notices on stderr (skipped home entries, a rebuilt cache) name files: shown inert."""
    from functools import partial

    from tui.core.text.inert import inert_marked
    from tui.store import cache

    cache.shown = partial(inert_marked, one_line=True)


_FIX_ACTIONS = {"add", "list", "remove", "-h", "--help"}


def _short_fix(argv: Sequence[str] | None) -> list[str]:
    """`yuedu fix WORD PINYIN` is `yuedu fix add WORD PINYIN`."""
    words = list(sys.argv[1:] if argv is None else argv)
    if len(words) > 1 and words[0] == "fix" and words[1] not in _FIX_ACTIONS:
        words.insert(1, "add")
    return words


def _open_closed_streams() -> None:
    """A standard stream closed at start (`<&-`, `>&-`) is /dev/null: stdin reads as empty and
    output goes nowhere, the command's own outcome still in its exit code. The descriptor is
    taken too, so no file we open lands on 1 or 2 and gets our output written into it."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            continue
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", errors="surrogateescape", closefd=False))


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    try:
        args = parser.parse_args(_short_fix(argv))
        command = args.command or "library-screen"
        _check_text_args(args)
        if command in ("read", "library-screen", "review"):
            from tui.app.run import run_app

            return run_app(_resolve_for_reader(args.article) if command == "read" else None, review=command == "review")
        code = int(args.func(args))
        sys.stdout.flush()  # inside the handlers: a reader gone away (`| head`) is seen here
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error. Point stdout at
        # /dev/null so the interpreter's last flush does not fail (that exits 120).
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        return _report(exc)


def _check_text_args(args: argparse.Namespace) -> None:
    """Text arguments must be text: undecodable bytes in argv arrive as lone surrogates."""
    from tui.errors import UserError

    for name, value in vars(args).items():
        if name in _PATH_ARGS or not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UserError(f"the {name} argument is not valid UTF-8 text") from None


def _resolve_for_reader(ref: str) -> object:
    """The article `yuedu read` opens, found before the app starts so a bad one is one line."""
    from tui.core.library.articles import Library
    from tui.errors import UserError

    if not ref.strip():
        raise UserError("give an article: an id, a unique prefix of one, or a file path")
    from tui.core.library.web import is_address
    from tui.errors import NotFound

    try:
        article = Library().resolve(ref)  # no such article: exit 1, as in every command taking an id
    except NotFound:
        if is_address(ref):
            raise UserError(f"{ref}: a web page is read once imported: `yuedu add {ref}`, then read its id") from None
        raise
    if not article.text:
        raise UserError(f"{ref}: nothing to read, the text is empty")
    return article


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _report(exc: Exception) -> int:
    from tui.core.text.inert import inert_marked as inert
    from tui.errors import NotFound, UserError

    try:
        if _cache_was_damaged(exc):
            return _CACHE_REBUILT
    except UserError as damaged:  # the study DB is: say so
        exc = damaged
    if not isinstance(exc, UserError | NotFound):
        from tui.store.db import explain

        if (reason := explain(exc)) is not None:
            _error_line(inert(f"yuedu: error: {reason}", one_line=True))
            return EXIT_USAGE
    if isinstance(exc, NotFound):
        _error_line(inert(f"yuedu: {exc}", one_line=True))
        return EXIT_NOT_FOUND
    if isinstance(exc, UserError):
        if not getattr(exc, "told", False):  # a newer study DB's notice already said why
            _error_line(inert(f"yuedu: error: {exc}", one_line=True))
        return EXIT_USAGE
    if (reason := _resource_limit(exc)) is not None:
        _error_line(inert(f"yuedu: error: {reason}", one_line=True))
        return EXIT_USAGE
    if os.environ.get("YUEDU_DEBUG"):
        raise exc
    message = f"yuedu: internal error: {type(exc).__name__}: {exc} (set YUEDU_DEBUG=1 for details)"
    _error_line(inert(message, one_line=True))
    return 70


def _resource_limit(exc: Exception) -> str | None:
    """A limit of this machine or process (memory, file size, disk space), not a bug: one line."""
    import errno

    if any(isinstance(e, MemoryError) for e in _chain(exc)):  # or what failed while handling it
        return "out of memory (is the process limited? `ulimit -v`)"
    if isinstance(exc, OSError) and exc.errno in (errno.EFBIG, errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        return f"cannot write: {exc.strerror} ({exc.filename or 'a file in the yuedu home'})"
    return None


# The least address space every command was seen to run in (numpy's OpenBLAS alone maps
# ~100 MB at import and exits the process when it cannot), with room for input.
MEMORY_FLOOR_MB = 512


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    at: BaseException | None = exc
    while at is not None and all(at is not e for e in seen):
        seen.append(at)
        at = at.__cause__ or at.__context__
    return seen


def _memory_limit_too_low() -> str | None:
    """A process limit below what yuedu needs is said up front: near the limit, allocations fail
    anywhere, even inside the interpreter (a fatal abort) or OpenBLAS (exit 1), not only as a
    MemoryError we can report."""
    import resource

    for kind, name in ((resource.RLIMIT_AS, "ulimit -v"), (resource.RLIMIT_DATA, "ulimit -d")):
        soft = resource.getrlimit(kind)[0]
        if soft != resource.RLIM_INFINITY and soft < MEMORY_FLOOR_MB * 1024 * 1024:
            return (
                f"yuedu: error: the process memory limit ({name}) is {soft // (1024 * 1024)} MB;"
                f" yuedu needs at least {MEMORY_FLOOR_MB} MB"
            )
    return None


def _cache_was_damaged(exc: Exception) -> bool:
    """A query failed on a damaged cache (damage the cheap check at opening cannot see): rebuild it."""
    import sqlite3

    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.OperationalError):
        return False
    from tui.store import cache, paths
    from tui.store.db import forget_connection

    path = paths.cache_db_path()
    problem = cache.check(path)
    if problem is None:
        from tui.store.study import check_damage

        check_damage()  # raises the one line about the study DB if it is the damaged one
        return False
    forget_connection(path)
    cache.discard(path)
    cache.notice(cache.rebuilding(path, f"damaged ({problem})"))
    return True


def _error_line(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
