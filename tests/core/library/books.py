"""EPUB books made in the test, with zipfile: no downloaded book is a fixture."""

from __future__ import annotations

import html
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


@dataclass
class Chapter:
    file: str  # relative to the package document
    title: str  # in the table of contents
    paragraphs: list[str]
    level: int = 1
    own_heading: bool = True  # the chapter's first element is an <h1> of its title


@dataclass
class Spec:
    title: str = "长夜行记"
    authors: tuple[str, ...] = ("林远",)
    chapters: list[Chapter] = field(default_factory=list)
    toc: str = "nav"  # "nav" (EPUB 3), "ncx" (EPUB 2) or "none"
    opf_dir: str = "OEBPS"
    spine_order: list[int] | None = None  # indexes into chapters; default their order
    extra: dict[str, bytes] = field(default_factory=dict)  # more members, written as they are


def default_chapters() -> list[Chapter]:
    return [
        Chapter(
            "text/ch1.xhtml",
            "第一章 出发",
            ["天还没亮，他就背着行李出了门。", "村口的老槐树下，母亲站了很久，一直没有说话。"],
        ),
        Chapter(
            "text/ch2.xhtml",
            "第二章 渡口",
            ["船到渡口的时候，雨下得正大。", "摆渡的老人说，过了这条河，就是另一个县了。"],
        ),
        Chapter("text/ch2-1.xhtml", "夜宿", ["那一夜他睡在船舱里，听了一夜的雨声。"], level=2, own_heading=False),
    ]


def chapter_xhtml(chapter: Chapter) -> str:
    heading = f"<h1>{html.escape(chapter.title)}</h1>" if chapter.own_heading else ""
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in chapter.paragraphs)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>'
        '<link rel="stylesheet" href="../style.css"/></head>\n'
        f"<body>{heading}\n{paras}</body></html>"
    )


def _nav(spec: Spec) -> str:
    def items(start: int, level: int) -> tuple[str, int]:
        out, i = "", start
        while i < len(spec.chapters) and spec.chapters[i].level >= level:
            ch = spec.chapters[i]
            if ch.level > level:
                inner, i = items(i, level + 1)
                out = out[: -len("</li>")] + f"<ol>{inner}</ol></li>"
                continue
            out += f'<li><a href="{ch.file}">{html.escape(ch.title)}</a></li>'
            i += 1
        return out, i

    body, _ = items(0, 1)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>目录</title></head><body>'
        f'<nav epub:type="toc"><h1>目录</h1><ol>{body}</ol></nav></body></html>'
    )


def _ncx(spec: Spec) -> str:
    points, stack = "", list[int]()
    for n, ch in enumerate(spec.chapters, 1):
        while stack and stack[-1] >= ch.level:
            points += "</navPoint>"
            stack.pop()
        points += (
            f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{html.escape(ch.title)}</text></navLabel>'
            f'<content src="{ch.file}"/>'
        )
        stack.append(ch.level)
    points += "</navPoint>" * len(stack)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f"<head/><docTitle><text>{html.escape(spec.title)}</text></docTitle><navMap>{points}</navMap></ncx>"
    )


def opf(spec: Spec) -> str:
    items = [
        f'<item id="c{n}" href="{ch.file}" media-type="application/xhtml+xml"/>' for n, ch in enumerate(spec.chapters)
    ]
    if spec.toc == "nav":
        items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
    if spec.toc == "ncx":
        items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    order = spec.spine_order if spec.spine_order is not None else list(range(len(spec.chapters)))
    refs = "".join(f'<itemref idref="c{n}"/>' for n in order)
    if spec.toc == "nav":
        refs = '<itemref idref="nav"/>' + refs  # the toc page in the spine, as many books have it
    creators = "".join(f"<dc:creator>{html.escape(a)}</dc:creator>" for a in spec.authors)
    toc_attr = ' toc="ncx"' if spec.toc == "ncx" else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>{html.escape(spec.title)}</dc:title>'
        f"{creators}<dc:language>zh-CN</dc:language></metadata>"
        f"<manifest>{''.join(items)}</manifest><spine{toc_attr}>{refs}</spine></package>"
    )


def make_epub(path: Path, spec: Spec | None = None) -> Path:
    spec = spec or Spec(chapters=default_chapters())
    if not spec.chapters:
        spec.chapters = default_chapters()
    root = f"{spec.opf_dir}/" if spec.opf_dir else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # stored, first, as EPUB asks
        z.writestr("META-INF/container.xml", CONTAINER.format(opf=f"{root}content.opf"))
        z.writestr(f"{root}content.opf", opf(spec))
        for ch in spec.chapters:
            z.writestr(f"{root}{ch.file}", chapter_xhtml(ch))
        if spec.toc == "nav":
            z.writestr(f"{root}nav.xhtml", _nav(spec))
        if spec.toc == "ncx":
            z.writestr(f"{root}toc.ncx", _ncx(spec))
        z.writestr(f"{root}style.css", "p { margin: 0 }")
        for name, data in spec.extra.items():
            z.writestr(name, data)
    return path
