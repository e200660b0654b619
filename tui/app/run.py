"""Entry point for the reader from the CLI."""

from __future__ import annotations


def run_app(article: object | None, review: bool = False) -> int:
    """`article` is an Article resolved by the CLI, or None for the library."""
    from tui.store import paths
    from tui.store.cache import cache_db
    from tui.store.study import Study

    # A damaged cache is rebuilt, and a damaged or unreadable study DB (or a file where the
    # library folder should be) is one line, before the screen is taken.
    paths.library_dir()
    cache_db()
    Study()
    from tui.app.main import YueduApp

    app = YueduApp(article=article, review=review)  # type: ignore[arg-type]
    app.run()
    return app.return_code or 0
