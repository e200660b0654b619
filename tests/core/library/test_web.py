"""Web pages by address, served from 127.0.0.1: the article kept, furniture dropped, hostile servers refused."""

from __future__ import annotations

import gzip
import html
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tui.core.library import importing
from tui.core.library.articles import Library

TITLE = "江边的新渡口今天通航"
AUTHOR = "韩晓"
DATE = "2026-11-03T08:30:00+08:00"
BODY = [
    "清晨六点，第一班渡船从南岸出发，船上坐着赶早市的村民和上学的孩子。",
    "新渡口由县里出资修建，历时两年，可以同时停靠三条船。",
    "船工老周说，以前遇到大雾天只能停航，现在有了导航灯，雾天也能安全过江。",
    "县交通局表示，明年还将开通夜班，方便在城里打工的人回家。",
]
FURNITURE = [
    "首页 新闻 体育 财经 登录",
    "分享到：微信 微博 QQ空间",
    "打开新闻客户端 查看更多图片",
    "相关阅读：山区公路今年全部硬化",
    "相关阅读：江上大桥开工在即",
    "网友评论（32）",
    "这条新闻写得真好，支持！",
    "特别声明：以上内容为用户上传并发布，本平台仅提供信息存储服务。",
    "Copyright 2026 示例新闻网 版权所有",
]


def news_page(charset: str = "utf-8", meta_charset: str | None = None) -> str:
    f = [html.escape(x) for x in FURNITURE]
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in BODY)
    return f"""<!DOCTYPE html><html><head>{meta}<title>{TITLE}_示例新闻网</title>
<meta property="og:title" content="{TITLE}"><meta name="author" content="{AUTHOR}">
<meta property="article:published_time" content="{DATE}"><script>var x = "<p>不是正文</p>";</script></head>
<body><div class="top-nav"><a href="/">{f[0]}</a></div>
<div class="page"><div class="share-bar">{f[1]}</div>
<article><h1>{TITLE}</h1><div class="info"><time datetime="{DATE}">2026年11月3日</time></div>
{paras}<div class="app-promo download-app">{f[2]}</div></article>
<div class="related"><ul><li><a href="/a">{f[3]}</a></li><li><a href="/b">{f[4]}</a></li></ul></div>
<section id="comments"><h3>{f[5]}</h3><p>{f[6]}</p></section>
<div class="statement">{f[7]}</div></div>
<footer>{f[8]}</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        route = self.path
        if route == "/news":
            self._send(news_page().encode("utf-8"), "text/html; charset=utf-8")
        elif route == "/gbk":
            self._send(news_page().encode("gbk"), "text/html; charset=GBK")
        elif route == "/meta-gb18030":
            self._send(news_page(meta_charset="gb18030").encode("gb18030"), "text/html")
        elif route == "/moved":
            self._redirect("/news")
        elif route.startswith("/loop"):
            self._redirect(f"/loop{len(route)}")  # a new address each time, for ever
        elif route == "/to-file":
            self._redirect("file:///etc/passwd")
        elif route == "/liar":
            self._send(news_page().encode("gbk"), "text/html; charset=utf-8")
        elif route == "/liar-big5":
            self._send(news_page().encode("utf-8"), "text/html; charset=big5")
        elif route in ("/gzip", "/gzip-bomb"):
            page = news_page().encode() if route == "/gzip" else b"<p>" + b" " * 2_000_000
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")  # sent unasked, as some servers do
            body = gzip.compress(page)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif route == "/meta-liar":
            self._send(news_page(meta_charset="big5").encode("utf-8"), "text/html")
        elif route == "/pdf":
            self._send(b"%PDF-1.4 ...", "application/pdf")
        elif route == "/huge-declared":
            self._send(b"", "text/html", length=1_000_000_000)
        elif route == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()  # no length: 1 GB streamed until the client stops reading
            chunk = b"<p>" + "很长的一页。".encode() * 5000 + b"</p>\n"
            try:
                for _ in range(1_000_000_000 // len(chunk)):
                    self.wfile.write(chunk)
            except OSError:
                return
        elif route == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            try:  # a byte at a time: each wait is short, the whole never ends
                for byte in news_page().encode("utf-8"):
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                return
        else:
            self._send(b"<html><body>not here</body></html>", "text/html", status=404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _note(outcome: importing.Outcome) -> dict[str, str]:
    from tui.store import paths

    note: dict[str, str] = json.loads((paths.library_dir() / f"{outcome.id}.json").read_text(encoding="utf-8"))
    return note


def _lines(text: str) -> list[str]:
    """The copy's lines, a Markdown heading's marks taken off (`# 标题` is 标题)."""
    return [re.sub(r"^#{1,6}\s+", "", line.strip()) for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("route", ["/news", "/gbk", "/meta-gb18030", "/moved", "/gzip"])
def test_the_article_comes_in_without_its_furniture(fresh_home: Path, server: str, route: str) -> None:
    [outcome] = importing.add_files([server + route])
    assert outcome.status == "added", outcome.reason
    lines = _lines(Library().resolve(outcome.id or "").raw)
    assert lines[0] == TITLE
    assert [line for line in lines if line in BODY] == BODY
    kept = [f for f in FURNITURE if any(f in line for line in lines)]
    assert kept == []
    assert "不是正文" not in "".join(lines)
    note = _note(outcome)
    assert (note["title"], note["author"], note["date"]) == (TITLE, AUTHOR, DATE)
    assert note["source"] == server + "/news" if route == "/moved" else server + route
    if route == "/moved":
        assert note["requested"] == server + route


HOSTILE = {
    "/loop": "more than 5 redirects",
    "/to-file": "only http:// and https://",
    "/liar": "says it is utf-8 but is not",
    "/liar-big5": "says it is big5 but is not",
    "/meta-liar": "says it is big5 but is not",
    "/pdf": "not a web page (application/pdf)",
    "/huge-declared": "larger than 1 MB",
    "/huge": "larger than 1 MB",
    "/gzip-bomb": "larger than 1 MB",
    "/slow": "no complete answer within 1 s",
    "/gone": "answered 404",
}


@pytest.mark.parametrize("route", list(HOSTILE))
def test_hostile_servers_are_refused_in_one_line_and_nothing_is_written(
    fresh_home: Path, server: str, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    from tui.store import paths

    monkeypatch.setenv("YUEDU_MAX_INPUT_MB", "1")
    monkeypatch.setenv("YUEDU_FETCH_TIMEOUT", "1")
    [outcome] = importing.add_files([server + route])
    assert outcome.status == "refused"
    assert HOSTILE[route] in outcome.reason
    assert "\n" not in outcome.reason
    assert not [p for p in paths.library_dir().iterdir() if not p.name.startswith(".")]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://127.0.0.1/a.html", "only http:// and https://"),
        ("http:///nohost", "no host"),
        ("http://[::1/x", "not a valid address"),
        ("http://127.0.0.1/a\x1b]0;x\x07", "control characters"),
    ],
)
def test_addresses_that_are_not_http_are_refused(fresh_home: Path, url: str, reason: str) -> None:
    [outcome] = importing.add_files([url])
    assert outcome.status == "refused"
    assert reason in outcome.reason


def test_cli_add_url(fresh_home: Path, server: str) -> None:
    env = {"YUEDU_HOME": str(fresh_home), "YUEDU_FETCH_TIMEOUT": "5"}
    added = run_cli("add", server + "/news", "--json", env=env)
    assert added.returncode == 0, added.stderr
    [row] = json.loads(added.stdout)
    assert (row["status"], row["title"]) == ("added", TITLE)
    looped = run_cli("add", server + "/loop", env=env)
    assert looped.returncode == 2
    assert looped.stderr.count("\n") == 1 and "redirects" in looped.stderr
    assert "Traceback" not in looped.stderr


def test_read_of_an_address_says_to_add_it(fresh_home: Path) -> None:
    # Not "no article": a learner who gives read a page's address is told the way in.
    url = "http://127.0.0.1:9/some/page.html"
    result = run_cli("read", url)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"yuedu add {url}" in result.stderr


def _kept_text(page: str) -> str:
    from tui.core.library.document import document_text
    from tui.core.library.document_html import html_to_document
    from tui.core.library.web import extract

    return document_text(html_to_document(extract(page).html)).text


def test_documentation_whose_prose_is_mostly_links_is_kept_whole() -> None:
    # Every command and package linked, as DocBook writes Debian's reference.
    linked = "".join(f"<a href='/{w}'>{w}-{n}</a>" for n, w in enumerate(["ping", "ip", "ss", "nmcli"] * 3))
    sections = [f"第{n}节的说明文字比较长，讲的是网络设置：{linked}。" for n in range(1, 4)]
    rows = [("network-manager", "图形界面和命令行里的网络配置工具"), ("ifupdown", "旧式的网络接口配置工具")]
    table = "".join(f"<tr><td><a href='/p'>{p}</a></td><td>{d}</td></tr>" for p, d in rows)
    page = (
        "<html><head><title>第 5 章 网络设置</title></head><body>"
        "<div class='navheader'><a href='/prev'>上一页</a> <a href='/next'>下一页</a></div>"
        "<div class='chapter'><h1>第 5 章 网络设置</h1><div class='toc'><dl>"
        + "".join(f"<dt><a href='#s{n}'>5.{n}. 小节</a></dt>" for n in range(1, 4))
        + "</dl></div>"
        + "".join(f"<div class='section'><h2>5.{n}. 小节</h2><p>{s}</p></div>" for n, s in enumerate(sections, 1))
        + f"<div class='table'><table>{table}</table></div></div>"
        "<div class='navfooter'><a href='/home'>起始页</a></div></body></html>"
    )
    text = _kept_text(page)
    for n in range(1, 4):
        assert f"第{n}节的说明文字比较长" in text
    for p, d in rows:
        assert p in text and d in text
    assert "上一页" not in text and "起始页" not in text


def test_an_article_split_over_two_blocks_is_kept_whole() -> None:
    first, second = BODY[:2], BODY[2:]
    page = (
        f"<html><head><title>{TITLE}</title></head><body><div class='wrap'>"
        "<div class='top'>登录 注册 客户端下载</div><div class='story'>"
        + "".join(f"<div class='part'>{''.join(f'<p>{p}</p>' for p in part)}</div>" for part in (first, second))
        + "</div></div></body></html>"
    )
    lines = _lines(_kept_text(page))
    assert [line for line in lines if line in BODY] == BODY
    assert "登录 注册 客户端下载" not in lines


def test_a_page_nested_past_any_depth_is_read_within_bounds() -> None:
    deep = "<div>" * 50_000 + "很深的一句话。" + "</div>" * 50_000
    text = _kept_text(f"<html><body>{deep}<p>{BODY[0]}</p><p>{BODY[1]}</p></body></html>")
    assert BODY[0] in text and BODY[1] in text
