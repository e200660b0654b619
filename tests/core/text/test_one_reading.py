"""One reading per token: the reading line, the first dictionary entry shown, lookup and search agree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.library.articles import Article, Library
    from tui.core.text.analysis import Analyzer

# A Linux-tutorial-like paragraph of our own: the words a new user meets in a manual.
TECHNICAL = """在命令行中输入 ls 命令，可以列出当前目录下的文件。要重命名一个文件，用 mv 命令；
要删除它，用 rm 命令。重新启动系统以后，服务会自动运行。如果进程长时间没有响应，
就得用 kill 命令结束它。配置文件通常放在 /etc 目录下，修改以前最好先备份一部分重要的数据。
管道把一个程序的输出交给另一个程序，这个地方初学者常常弄错。每行一个参数，行首的空格会被忽略。"""


def _plain(pinyin: str) -> str:
    """Written pinyin without what orthography adds (spaces, hyphens, apostrophes, capitals)."""
    return re.sub(r"[\s'\-]", "", pinyin).lower()


def _disagreements(article: Article, analyzer: Analyzer) -> list[str]:
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.glossary import Glossary
    from tui.core.reading import Reading
    from tui.core.text.tokens import HAN

    reading = Reading(article, analyzer.analyse(article.text), Glossary.load())
    dictionary = Dictionary()
    out = []
    for i, token in enumerate(reading.analysis.tokens):
        if token.kind != HAN:
            continue
        info = reading.word_info(i, dictionary)
        if not info.definitions:
            continue
        shown, first = _plain(info.pinyin["marks"]), _plain(info.definitions[0][1])
        if shown != first:
            out.append(f"{token.text}: line {info.pinyin['marks']}, first entry {info.definitions[0][1]}")
    return out


def test_the_reading_line_and_the_first_entry_agree_on_every_token_of_the_seeds(
    library: Library, analyzer: Analyzer
) -> None:
    seen = 0
    for article in library.articles:
        assert _disagreements(article, analyzer) == [], article.id
        seen += 1
    assert seen >= 5


def test_the_reading_line_and_the_first_entry_agree_in_a_technical_text(analyzer: Analyzer, tmp_path: Path) -> None:
    from tui.core.library.articles import Article

    article = Article.from_text("linux", tmp_path / "linux.txt", TECHNICAL, "file")
    assert _disagreements(article, analyzer) == []
