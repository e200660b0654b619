"""Entry point for the reader from the CLI."""

from __future__ import annotations


def run_app(article: str | None, review: bool = False) -> int:
    from tui.store.cache import cache_db
    from tui.store.study import Study

    # A damaged cache is rebuilt, and a damaged or unreadable study DB is one line, before the screen is taken.
    cache_db()
    Study()
    from tui.app.main import YueduApp

    app = YueduApp(article=article, review=review)
    app.run()
    return app.return_code or 0
