"""Documents: HTML, Markdown, plain and hard-wrapped text and man pages imported with their
headings, paragraphs, lists, tables and code; the library copy in Markdown; `read FILE` the same."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tui.core.library import importing
from tui.core.library.articles import Article, Library, is_sentence
from tui.core.library.document import Block, Document, join_soft
from tui.core.library.document_html import html_to_document
from tui.core.library.document_markdown import from_markdown, to_markdown
from tui.core.library.document_plain import man_to_document, text_to_document
from tui.core.library.outline_sections import detect_sections

# Paragraphs wrapped inside their <p> as an editor leaves them, in both scripts' habits.
PARAGRAPH_1 = ("日本与中亚五国的合作，", "近年来不断加深，", "双方在能源领域签署了多项协议。")
PARAGRAPH_2 = ("The Central Asia plus Japan dialogue", "began in 2004.")
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>中亚合作</title>
<style>p {{ color: red }}</style><script>var x = "脚本内容";</script></head><body>
<div class="navheader"><table><tr><td><a href="/">上一页</a></td><td><a href="/n">下一页</a></td></tr></table></div>
<h1>中亚合作</h1>
<p>{chr(10).join(PARAGRAPH_1)}</p>
<p>{chr(10).join(PARAGRAPH_2)}</p>
<h2>1.1. 能源</h2>
<p>能源合作是重点。</p>
<ul><li>天然气管道</li><li>铀矿
开发</li></ul>
<ol><li>第一步</li><li>第二步</li></ol>
<h3>1.1.1. 数据</h3>
<p class="title"><strong>表 1.1. 贸易额</strong></p>
<table border="1"><thead><tr><th>年份</th><th>金额</th></tr></thead>
<tbody><tr><td>2020</td><td>100</td></tr><tr><td>2021</td><td></td></tr></tbody></table>
<pre>$ ls -l
total 0</pre>
<blockquote><p>合作共赢。</p></blockquote>
<h2>1.2. 交通</h2>
<p>铁路连接两地。</p>
<div class="toc"><p>1.1.7. 怎样退出命令行提示符</p></div>
<footer>版权所有</footer></body></html>"""


def test_soft_line_breaks_join_as_the_page_shows_them() -> None:
    assert join_soft("例\n如") == "例如"  # between two Han characters: nothing
    assert join_soft("in\nthe page") == "in the page"  # between Latin words: one space
    assert join_soft("在\nLinux 主机") == "在 Linux 主机"
    assert join_soft("  a \t b  ") == "a b"


def test_html_keeps_headings_paragraphs_lists_tables_and_code() -> None:
    doc = html_to_document(PAGE)
    assert doc.title == "中亚合作"
    kinds = [(b.kind, b.text) for b in doc.blocks if b.kind != "table"]
    assert ("paragraph", "".join(PARAGRAPH_1)) in kinds  # whole, no space between Han lines
    assert ("paragraph", " ".join(PARAGRAPH_2)) in kinds
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings == [("中亚合作", 1), ("1.1. 能源", 2), ("1.1.1. 数据", 3), ("1.2. 交通", 2)]
    items = [(b.mark, b.text) for b in doc.blocks if b.kind == "item"]
    assert items == [("•", "天然气管道"), ("•", "铀矿开发"), ("1.", "第一步"), ("2.", "第二步")]
    [table] = [b for b in doc.blocks if b.kind == "table"]
    assert table.text == "表 1.1. 贸易额"  # the caption above it is its caption
    assert table.rows == (("年份", "金额"), ("2020", "100"), ("2021", ""))
    assert [b.text for b in doc.blocks if b.kind == "code"] == ["$ ls -l\ntotal 0"]
    assert [b.text for b in doc.blocks if b.kind == "quote"] == ["合作共赢。"]
    shown = to_markdown(doc)
    for furniture in ("脚本内容", "color", "上一页", "下一页", "版权所有", "怎样退出"):
        assert furniture not in shown


def test_a_layout_table_is_its_contents_not_a_table() -> None:
    note = """<div><table border="0" summary="Note"><tr><td rowspan="2"><img alt="[注意]"/></td>
    <th>注意</th></tr><tr><td><p>遵循传统，用户名是大小写敏感的。</p></td></tr></table></div>"""
    doc = html_to_document(note)
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    assert doc.blocks[1].text == "遵循传统，用户名是大小写敏感的。"


def test_markdown_copy_reads_back_as_the_same_blocks() -> None:
    doc = Document(
        "标题",
        (
            Block("heading", "标题", level=1),
            Block("paragraph", "# 不是标题，而是正文"),
            Block("paragraph", "- 不是列表"),
            Block("paragraph", "1. 也不是"),
            Block("paragraph", "| 不是表格 |"),
            Block("item", "列表项", mark="•"),
            Block("item", "子项", level=1, mark="•"),
            Block("item", "编号", mark="3."),
            Block("table", "表 1", rows=(("甲", "乙|丙"), ("1", ""))),
            Block("code", "```\nx = 1\n\n  y = 2"),
            Block("quote", "引文。"),
        ),
    )
    assert from_markdown(to_markdown(doc)) == doc


def test_markdown_files_import_with_their_structure() -> None:
    source = "标题\n===\n\n第一段，**加粗**和[链接](http://x.io)。\n续行。\n\n## 小节\n\n* 一项\n* 二项\n"
    doc = from_markdown(source, inline=True)
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        ("heading", "标题", 1),
        ("paragraph", "第一段，加粗和链接。续行。", 0),
        ("heading", "小节", 2),
        ("item", "一项", 0),
        ("item", "二项", 0),
    ]


# Hard-wrapped prose (wrapped at 60 cells), a numbered heading, a poem and a list.
WRAPPED = """第一章 总则

1.1. 虚拟控制台

在 Debian 系统中，你可以使用多个虚拟控制台，每个控制台都可以直接在
Linux 主机上启动 shell。切换控制台的方法是同时按下 Ctrl 和 Alt 键，
然后按功能键，例如 F3 键，就可以切换到第三个控制台上去了。
这样做非常方便。

静夜思
床前明月光，
疑是地上霜。
举头望明月，
低头思故乡。

- 第一项，说明文字
- 第二项，说明文字
"""


def test_hard_wrapped_text_is_reflowed_and_poems_keep_their_lines() -> None:
    doc = text_to_document(WRAPPED)
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings == [("第一章 总则", 1), ("1.1. 虚拟控制台", 2)]
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    prose = [line.strip() for line in WRAPPED.split("\n\n")[2].splitlines()]
    assert join_soft("\n".join(prose)) in paragraphs  # one paragraph, 在 Linux joined with a space
    poem = WRAPPED.split("\n\n")[3].splitlines()
    assert all(line in paragraphs for line in poem)  # each line of the poem kept
    assert [b.text for b in doc.blocks if b.kind == "item"] == ["第一项，说明文字", "第二项，说明文字"]


def test_lines_indented_with_no_break_spaces_are_one_paragraph() -> None:
    # Text made from HTML (fortunes-zh) indents some wrapped lines with &nbsp; and some with spaces:
    # the indent alone does not start a paragraph inside a sentence.
    lines = [
        "    如果你不想用你自己的主用户账户来进行下面的练习操作，你可以使用下",
        "\u00a0\u00a0\u00a0 面的方式创建一个练习用户账户，比如说，创建一个用户名为甲的账",
        "    号。",
    ]
    [block] = text_to_document("\n".join(lines)).blocks
    assert block.kind == "paragraph"
    assert block.text == "".join(line.strip(" \u00a0") for line in lines)


def test_one_paragraph_a_line_stays_so() -> None:
    text = "这是第一段，它很长很长，说明了事情的经过和背景。\n第二段。\n第三段也在这里结束。\n"
    doc = text_to_document(text)
    assert [b.text for b in doc.blocks] == text.strip().split("\n")


MAN = r""".\" a comment
.de Sp
.sp
..
.TH "LS" 1 "2020-01-01" "coreutils"
.SH NAME
ls \- 列出目录内容
.SH "描述 DESCRIPTION"
.PP
列出 FILE 的信息，
默认为当前目录。
.TP
\fB\-a\fR, \fB\-\-all\fR
不隐藏以 . 开头的项。
.SS 例子
.nf
ls -l
ls -a
.fi
"""


def test_a_man_page_has_its_sections_and_whole_paragraphs() -> None:
    doc = man_to_document(MAN)
    assert doc.title == "LS(1)"
    assert [(b.text, b.level) for b in doc.blocks if b.kind == "heading"] == [
        ("NAME", 2),
        ("描述 DESCRIPTION", 2),
        ("例子", 3),
    ]
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert "列出 FILE 的信息，默认为当前目录。" in paragraphs
    assert "-a, --all" in paragraphs and "ls - 列出目录内容" in paragraphs
    assert [b.text for b in doc.blocks if b.kind == "code"] == ["ls -l\nls -a"]


def test_man_page_spacing_escapes_leave_no_marks() -> None:
    # groff's italic corrections (\, \/), its zero-width break (\:) and its fixed spaces
    # (\~, \0, "\ ") print nothing or a space, never the character after the backslash.
    src = ".TH LS 1\n.SH SYNOPSIS\n\\fBls\\fP [\\fI\\,选项\\/\\fP]...\n.PP\nfoo\\:bar a\\~b c\\0d e\\ f\n"
    paragraphs = [b.text for b in man_to_document(src).blocks if b.kind == "paragraph"]
    assert paragraphs == ["ls [选项]...", "foobar a b c d e f"]


# --- in the library ------------------------------------------------------------------------------


def _added(path: Path) -> Article:
    [outcome] = importing.add_files([path])
    assert outcome.status == "added", outcome.reason
    return Library().resolve(outcome.id or "")


def test_an_imported_page_reads_in_sections_with_its_tables(fresh_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    article = _added(page)
    assert article.path.suffix == ".md"
    assert article.title == "中亚合作"
    lines = article.text.split("\n")
    assert "".join(PARAGRAPH_1) in lines and "• 铀矿开发" in lines and "2. 第二步" in lines
    sections, tables, _front = detect_sections(article)
    titled = [(s.title, s.level) for top in sections for s in top.walk()]
    assert titled == [("中亚合作", 1), ("1.1. 能源", 2), ("1.1.1. 数据", 3), ("1.2. 交通", 2)]
    [table] = tables
    assert (table.title, table.columns) == ("表 1.1. 贸易额", ["年份", "金额"])
    assert table.rows == [["2020", "100"], ["2021", "—"]]  # an empty cell keeps its place
    # the original is kept untouched, named in the note beside the copy
    note = (article.path.with_suffix(".json")).read_text(encoding="utf-8")
    kept = article.path.parent / json.loads(note)["original"]
    assert kept.read_text(encoding="utf-8") == PAGE
    again = importing.add_files([page])
    assert [o.status for o in again] == ["skipped"]  # the same file is recognised


def test_claims_come_from_prose_within_their_sections(fresh_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    article = _added(page)
    sections, _tables, _front = detect_sections(article)
    flat = {s.title: s for top in sections for s in top.walk()}
    energy = flat["1.1. 能源"]
    bodies = [article.text[s:e] for s, e in energy.body]
    assert "能源合作是重点。" in bodies and "$ ls -l" not in bodies and "1.1. 能源" not in bodies


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", PAGE.encode("utf-8")),
        ("notes.txt", WRAPPED.encode("gb18030")),
        ("notes.md", "# 标题\n\n第一段，\n续行。\n\n- 一项\n".encode()),
        ("ls.1.gz", gzip.compress(MAN.encode("utf-8"), mtime=0)),  # the same bytes in every xdist worker
        ("tang300", "《静夜思》\n床前明月光，\n疑是地上霜。\n%\n《登鹳雀楼》\n白日依山尽，\n".encode()),
    ],
    ids=["page.html", "notes.txt", "notes.md", "ls.1.gz", "tang300"],
)
def test_read_file_is_add_then_read(fresh_home: Path, tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    outside = Library().resolve(str(path))
    assert outside.origin == "file"
    assert not (fresh_home / "library").exists()  # read-only: nothing written
    inside = _added(path)
    assert outside.text == inside.text and outside.title == inside.title
    assert outside.cleaned.blocks == inside.cleaned.blocks


def test_ansi_colour_codes_are_stripped_with_a_notice(fresh_home: Path, tmp_path: Path) -> None:
    fortune = tmp_path / "tang300"  # no suffix: sniffed as text
    fortune.write_bytes("\x1b[32m《静夜思》\x1b[m\n\x1b[33m作者：李白\x1b[m\n床前明月光，\n".encode())
    [outcome] = importing.add_files([fortune])
    assert outcome.status == "added" and "4 ANSI colour codes stripped" in outcome.notice
    article = Library().resolve(outcome.id or "")
    assert "\x1b" not in article.raw and article.text.split("\n")[0] == "《静夜思》"
    other = tmp_path / "other"
    other.write_bytes("第一行\n\x1b]0;标题\x07第二行\n".encode())  # not colour: refused as before
    [refused] = importing.add_files([other])
    assert refused.status == "refused" and "U+001B" in refused.reason


def test_hostile_man_page_and_unknown_files_are_refused_and_nothing_written(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.1.gz"
    bomb.write_bytes(gzip.compress(b".TH X 1\n" + b"a" * 30_000_000))
    broken = tmp_path / "broken.1.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + b"not gzip" * 10)
    binary = tmp_path / "blob"
    binary.write_bytes(bytes(range(256)) * 20)
    outcomes = importing.add_files([bomb, broken, binary])
    assert [o.status for o in outcomes] == ["refused"] * 3
    assert all(o.reason and "\n" not in o.reason for o in outcomes)
    assert "MB" in outcomes[0].reason
    assert not list((fresh_home / "library").glob("*.md"))
    assert not list((fresh_home / "library").rglob("*@*"))


def test_example_sentences_are_never_headings_contents_lines_or_code() -> None:
    assert is_sentence("你可以用 Ctrl-Alt-F3 进入基于字符的登录提示符。")
    assert not is_sentence("1.1.7. 怎样退出命令行提示符")
    assert not is_sentence("表 1.1. 有趣的文本模式程序包列表")
    assert not is_sentence("第一章 总则")
    assert not is_sentence("虚拟控制台")
    assert not is_sentence("$ echo $HOME > /tmp/x; ls | grep 文件 && cat {a,b}")


def test_a_saved_word_in_a_heading_takes_its_sentence_from_the_prose(fresh_home: Path, tmp_path: Path) -> None:
    from tui.core.study.vocab import add_word

    page = tmp_path / "page.html"
    page.write_text(
        "<h1>1.1.7. 怎样退出命令行提示符</h1><p>在命令行提示符下输入 exit 就可以退出当前的 shell 了。</p>",
        encoding="utf-8",
    )
    article = _added(page)
    saved = add_word("命令行", article=article.id)
    assert saved.sentence == "在命令行提示符下输入 exit 就可以退出当前的 shell 了。"


NEWS = """<html><head><title>日美同盟的新阶段_网易新闻</title></head><body>
<div class="top-menu"><a href="/">首页</a><a href="/world">国际</a></div>
<div class="ad-banner">广告：立即下载客户端</div>
<article><h1>日美同盟的新阶段</h1>
<div class="post_info"><p>2023-01-14</p><p>来源：新华社</p></div>
<p>岸田文雄与拜登举行会谈，
双方确认同盟关系进入新阶段。</p>
<p>打开网易新闻 查看更多图片</p>
<p>分析人士指出，这一变化将影响地区安全格局。</p>
<div class="share-bar"><a>分享到微博</a><a>分享到微信</a></div>
<h3>相关阅读</h3><ul><li><a href="/a">另一篇文章的标题</a></li></ul>
</article>
<div id="comments"><p>网友评论：说得好</p></div>
<footer><p>网易公司版权所有</p></footer></body></html>"""


def test_a_news_page_keeps_the_article_without_its_furniture(fresh_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(NEWS, encoding="utf-8")
    article = _added(page)
    text = article.text
    assert "岸田文雄与拜登举行会谈，双方确认同盟关系进入新阶段。" in text.split("\n")
    assert "分析人士指出，这一变化将影响地区安全格局。" in text
    for furniture in ("首页", "广告", "打开网易新闻", "分享到", "另一篇文章", "网友评论", "版权所有"):
        assert furniture not in text, furniture
    assert article.source == "新华社" and article.date == "2023-01-14"


def test_a_library_of_old_plain_copies_keeps_working(fresh_home: Path, tmp_path: Path) -> None:
    from tui.core.text.cleaning import clean

    old = "旧的文章\n\n一、背景\n日本与美国的同盟关系很重要。\n二、现状\n双方继续合作。\n"
    library = fresh_home / "library"
    library.mkdir()
    stem = f"005_{importing.text_hash(old)}"
    (library / f"{stem}.txt").write_text(old, encoding="utf-8")
    (library / f"{stem}.json").write_text('{"source": "old.txt"}', encoding="utf-8")
    article = Library().resolve("005")
    assert article.id == stem and not article.document
    assert article.text == clean(old).text and not article.cleaned.blocks
    sections, _tables, _front = detect_sections(article)
    assert [s.title for s in sections] == ["一、背景", "二、现状"]  # found as before, from the text
    source = tmp_path / "old.txt"
    source.write_text(old, encoding="utf-8")
    assert [o.status for o in importing.add_files([source])] == ["skipped"]  # the same text, known
    importing.remove(stem)
    assert (fresh_home / "trash" / f"{stem}.txt").exists() and stem not in {a.id for a in Library().articles}
    importing.restore(stem)
    assert stem in {a.id for a in Library().articles}


def test_nested_list_items_are_indented_with_their_marks() -> None:
    from tui.core.library.document import document_text

    doc = html_to_document("<ul><li>外层<ul><li>内层</li></ul></li></ul><ol start='3'><li>三</li></ol>")
    assert document_text(doc).text.split("\n") == ["• 外层", "  • 内层", "3. 三"]


RENDERED = """LS(1)                        用户命令                        LS(1)

名称
       ls - 列出目录内容

描述
       列出 FILE 的信息（默认为当前目录）。如果既没有指定 -cftuvSUX 中的任何一个，
       也没有指定 --sort 参数，则按字母顺序排列各项。

       长选项必须使用的参数对于短选项也是必需的。

GNU coreutils 8.32                 2020 年 9 月                        LS(1)
"""


def test_a_man_page_as_man_prints_it_has_its_sections(fresh_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "ls.1"
    page.write_text(RENDERED, encoding="utf-8")
    article = _added(page)
    assert article.title == "LS(1)"
    sections, _tables, _front = detect_sections(article)
    assert [s.title for top in sections for s in top.walk()] == ["LS(1)", "名称", "描述"]
    lines = article.text.split("\n")
    wrapped = RENDERED.split("\n\n")[2].split("\n")[1:]
    assert join_soft("\n".join(x.strip() for x in wrapped)) in lines  # the wrapped paragraph whole
    assert "长选项必须使用的参数对于短选项也是必需的。" in lines
    assert not any("coreutils" in line for line in lines)


def test_add_document_keeps_a_document_made_elsewhere_with_its_note(fresh_home: Path) -> None:
    doc = Document("网页标题", (Block("heading", "网页标题", 1), Block("paragraph", "正文第一段，说明了事情。")))
    original = b"<html><h1>\xe7\xbd\x91\xe9\xa1\xb5\xe6\xa0\x87\xe9\xa2\x98</h1></html>"
    outcome = importing.add_document(doc, original, ".html", "https://example.org/a", {"url": "https://example.org/a"})
    assert outcome.status == "added" and outcome.title == "网页标题"
    article = Library().resolve(outcome.id or "")
    note = json.loads(article.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert note["url"] == note["source"] == "https://example.org/a"
    assert (article.path.parent / note["original"]).read_bytes() == original
    again = importing.add_document(doc, original, ".html", "https://example.org/a")
    assert again.status == "skipped" and again.id == outcome.id


def test_the_reading_sheet_of_a_document_keeps_its_headings_tables_and_code(fresh_home: Path, tmp_path: Path) -> None:
    import re

    from tui.core.text.analysis import Analyzer
    from tui.core.text.annotate import annotate, to_html

    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    article = _added(page)
    sheet = to_html(annotate(article.text, Analyzer()), article.title, article.cleaned.blocks)
    plain = re.sub(r"<rt>.*?</rt>", "", sheet)
    plain = re.sub(r"<(?!/?(h\d|table|tr|th|td|caption|pre)\b)[^>]+>", "", plain)
    assert "<h3>1.1. 能源</h3>" in plain and "<h4>1.1.1. 数据</h4>" in plain
    assert "<table><caption>表 1.1. 贸易额</caption><tr><th>年份</th><th>金额</th></tr>" in plain
    assert "<tr><td>2020</td><td>100</td></tr>" in plain
    assert "<pre>$ ls -l\ntotal 0</pre>" in plain
