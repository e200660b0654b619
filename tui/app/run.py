"""Entry point for the reader from the CLI."""

from __future__ import annotations


def run_app(article: str | None, review: bool = False) -> int:
    from tui.app.main import YueduApp

    app = YueduApp(article=article, review=review)
    app.run()
    return app.return_code or 0
