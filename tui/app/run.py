"""Entry point for the reader from the CLI."""

from __future__ import annotations


def run_app(article: object | None, review: bool = False) -> int:
    """`article` is an Article resolved by the CLI, or None for the library."""
    from tui.app.main import YueduApp

    app = YueduApp(article=article, review=review)  # type: ignore[arg-type]
    app.run()
    return app.return_code or 0
