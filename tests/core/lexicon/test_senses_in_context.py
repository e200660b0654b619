"""Senses in context on sentences of our own: everyday text, and a text about computers
where the article's domain asks for CC-CEDICT's computing senses."""

from __future__ import annotations

import pytest

from tui.core.lexicon.dictionary import Dictionary
from tui.core.lexicon.senses import COMPUTING, domain_of, parts_of
from tui.core.text.annotate import annotate
from tui.core.text.chars import has_han


def _gloss(analyzer, text: str, word: str, nth: int = 0) -> str:  # type: ignore[no-untyped-def]
    """The gloss `annotate` gives the `nth` token that is `word` in `text`."""
    found = [t for t in annotate(text, analyzer)["tokens"] if t["text"] == word]
    assert len(found) > nth, f"{word} is not a word of {text}"
    return found[nth]["gloss"]


@pytest.mark.parametrize(
    ("text", "word", "starts"),
    [
        ("他对我很好。", "对", ("towards", "to ")),
        ("三月五日是星期二。", "日", ("day", "date")),
        ("让我试试这个。", "让", ("to let",)),
        ("你应该早点睡觉。", "应该", ("should", "ought to")),
        ("当他回家的时候，天已经黑了。", "当", ("when", "during")),
        ("这对夫妻住在楼上。", "对", ("classifier: couple", "couple", "pair")),
        ("他们在图书馆看书。", "在", ("(of sb or sth) to be (located) at",)),
    ],
)
def test_everyday_words_take_the_sense_the_sentence_needs(  # type: ignore[no-untyped-def]
    analyzer, text: str, word: str, starts: tuple[str, ...]
) -> None:
    assert _gloss(analyzer, text, word).startswith(starts)


def test_the_onomatopoeia_is_never_the_first_sense_of_dang(analyzer) -> None:  # type: ignore[no-untyped-def]
    for text in ("当时我不在家。", "他想当医生。", "当然可以。"):
        for tok in annotate(text, analyzer)["tokens"]:
            assert "(onom.)" not in tok["gloss"].split(";")[0]


# A few lines of a manual of our own: the words a Linux user meets.
MANUAL = (
    "在终端中运行 ls 命令，可以列出当前目录中的文件。\n"
    "用管道把一个命令的输出交给另一个命令。\n"
    "虚拟内存让每个进程都以为自己有完整的地址空间。\n"
    "运行程序之前，先检查文件的权限和目录的路径。\n"
)


@pytest.mark.parametrize(
    ("word", "fits"),
    [("文件", "file"), ("命令", "command"), ("目录", "directory"), ("运行", "run"), ("虚拟", "virtual")],
)
def test_a_text_about_computers_gets_the_computing_senses(analyzer, word: str, fits: str) -> None:  # type: ignore[no-untyped-def]
    first = parts_of(_gloss(analyzer, MANUAL, word))[0]
    assert fits in first


def test_the_same_words_in_everyday_text_keep_their_everyday_sense(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "他把文件交给了经理，经理下了命令。\n"
    assert "file" not in parts_of(_gloss(analyzer, text, "文件"))[0]
    assert "command" not in parts_of(_gloss(analyzer, text, "命令"))[0]


def test_the_domain_is_judged_from_the_words_of_the_text(analyzer) -> None:  # type: ignore[no-untyped-def]
    dictionary = Dictionary()

    def domain(text: str) -> str | None:
        analysis = analyzer.analyse(text, use_cache=False)
        words = [analysis.simplified[t.start : t.end] for t in analysis.tokens if has_han(t.text)]
        return domain_of(words, dictionary.entries_by_simplified(set(words)))

    assert domain(MANUAL) == COMPUTING
    assert domain("两国领导人在北京举行会谈，双方就经贸合作交换了意见。\n") is None


def test_diplomatic_words_keep_their_diplomatic_sense(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "两国首脑举行会谈，日本外相也参加了。\n"
    assert _gloss(analyzer, text, "首脑").startswith(("head (of state)", "leader", "summit"))
    assert _gloss(analyzer, text, "会谈").startswith(("talks", "discussions"))
    assert _gloss(analyzer, text, "外相").startswith("Foreign Minister")


def test_the_reader_panel_gives_the_computing_sense_in_a_manual(analyzer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tui.core.lexicon.glossary import Glossary
    from tui.core.library.articles import Article
    from tui.core.reading import Reading

    article = Article.from_text("manual", tmp_path / "manual.txt", MANUAL, "imported")
    reading = Reading(article, analyzer.analyse(article.text, use_cache=False), Glossary.load())
    dictionary = Dictionary()
    at = next(i for i, t in enumerate(reading.analysis.tokens) if t.text == "目录")
    senses = reading.word_info(at, dictionary).definitions[0][2]
    assert "directory" in parts_of(senses[0])[0]
    assert any(s.startswith("catalog") for s in senses)  # every sense is still there
