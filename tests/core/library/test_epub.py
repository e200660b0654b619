"""EPUB books: metadata, chapters in spine order, the table of contents as headings; hostile zips refused."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.core.library.books import Chapter, Spec, default_chapters, make_epub
from tui.core.library import importing
from tui.core.library.articles import Library


def _added(path: Path) -> importing.Outcome:
    [outcome] = importing.add_files([path])
    assert outcome.status == "added", outcome.reason
    return outcome


def _note(outcome: importing.Outcome) -> dict[str, str]:
    from tui.store import paths

    note: dict[str, str] = json.loads((paths.library_dir() / f"{outcome.id}.json").read_text(encoding="utf-8"))
    return note


def _paragraphs(text: str) -> list[str]:
    """The copy's lines, a Markdown heading's marks taken off (`# 标题` is 标题)."""
    return [re.sub(r"^#{1,6}\s+", "", p.strip()) for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize("toc", ["nav", "ncx"])
def test_a_book_comes_in_with_its_title_author_and_chapters(fresh_home: Path, tmp_path: Path, toc: str) -> None:
    chapters = default_chapters()
    spec = Spec(title="长夜行记", authors=("林远", "周青"), chapters=chapters, toc=toc)
    outcome = _added(make_epub(tmp_path / "book.epub", spec))
    assert outcome.title == spec.title
    note = _note(outcome)
    assert (note["title"], note["author"], note["language"]) == (spec.title, "林远、周青", "zh-CN")
    assert note["source"] == str((tmp_path / "book.epub").resolve())
    lines = _paragraphs(Library().resolve(outcome.id or "").raw)
    assert lines[0] == spec.title
    # Every chapter's title (from the table of contents) stands before its first paragraph, in order.
    where = [lines.index(ch.title) for ch in chapters]
    assert where == sorted(where)
    for ch, at in zip(chapters, where):
        assert lines[at + 1 : at + 1 + len(ch.paragraphs)] == ch.paragraphs
        assert lines.count(ch.title) == 1  # the chapter's own <h1> is not doubled by the toc's title
    # The table-of-contents page (in the spine) is the outline, not text.
    assert "目录" not in lines


def test_chapters_follow_the_spine_not_the_manifest(fresh_home: Path, tmp_path: Path) -> None:
    chapters = default_chapters()
    spec = Spec(chapters=chapters, spine_order=[2, 0, 1], toc="none")
    lines = _paragraphs(Library().resolve(_added(make_epub(tmp_path / "b.epub", spec)).id or "").raw)
    firsts = [lines.index(chapters[i].paragraphs[0]) for i in (2, 0, 1)]
    assert firsts == sorted(firsts)


def test_toc_entries_with_fragments_head_their_place_in_a_chapter(fresh_home: Path, tmp_path: Path) -> None:
    body = '<p>序幕的话。</p><div id="s2"><p>后半段的话。</p></div><h3><a id="s3"/>尾声</h3><p>尾声的话。</p>'
    doc = f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'
    spec = Spec(
        chapters=[Chapter("one.xhtml", "开篇", ["开篇的第一句话。"], own_heading=False)],
        toc="ncx",
        extra={"OEBPS/two.xhtml": doc.encode()},
    )
    path = make_epub(tmp_path / "frag.epub", spec)
    # Add the second document to the spine and toc by rewriting the package and the ncx.
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    opf = members["OEBPS/content.opf"].decode()
    opf = opf.replace("</manifest>", '<item id="two" href="two.xhtml" media-type="application/xhtml+xml"/></manifest>')
    opf = opf.replace("</spine>", '<itemref idref="two"/></spine>')
    ncx = (
        members["OEBPS/toc.ncx"]
        .decode()
        .replace(
            "</navMap>",
            '<navPoint id="a"><navLabel><text>第二部</text></navLabel><content src="two.xhtml"/></navPoint>'
            '<navPoint id="b"><navLabel><text>后半</text></navLabel><content src="two.xhtml#s2"/></navPoint>'
            '<navPoint id="c"><navLabel><text>尾声</text></navLabel><content src="two.xhtml#s3"/></navPoint></navMap>',
        )
    )
    members.update({"OEBPS/content.opf": opf.encode(), "OEBPS/toc.ncx": ncx.encode()})
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    lines = _paragraphs(Library().resolve(_added(path).id or "").raw)
    assert lines.index("第二部") < lines.index("序幕的话。") < lines.index("后半") < lines.index("后半段的话。")
    # An anchor inside the chapter's own heading: that heading, once, not a heading inside it.
    assert lines.count("尾声") == 1
    assert lines.index("后半段的话。") < lines.index("尾声") < lines.index("尾声的话。")


def test_a_folder_brings_its_books_in(fresh_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "books"
    folder.mkdir()
    make_epub(folder / "one.epub")
    make_epub(folder / "two.epub", Spec(title="另一本书", chapters=default_chapters()))
    outcomes = importing.add_files([folder])
    assert [(o.path.rsplit("/", 1)[-1], o.status, o.title) for o in outcomes] == [
        ("one.epub", "added", "长夜行记"),
        ("two.epub", "added", "另一本书"),
    ]


def test_read_of_a_book_not_imported_is_the_import(fresh_home: Path, tmp_path: Path) -> None:
    path = make_epub(tmp_path / "book.epub")
    outside = Library().resolve(str(path))
    assert outside.origin == "file"
    imported = Library().resolve(_added(path).id or "")
    assert outside.raw == imported.raw
    assert outside.text == imported.text


# --- hostile books ------------------------------------------------------------------------------


def _rewrite(path: Path, change: dict[str, bytes | None]) -> Path:
    """The same zip with members replaced (bytes) or taken out (None)."""
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    for name, data in change.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return path


def _bomb(path: Path) -> Path:
    # 1.5 MB of zeros deflates to ~1.5 KB; with the input limit at 1 MB it is past the bound.
    return _rewrite(path, {"OEBPS/text/ch1.xhtml": b"<p>" + b"\x00" * 1_500_000})


def _bomb_in_parts(path: Path) -> Path:
    """Each chapter under the member bound, all of them past the book's."""
    chapters = [Chapter(f"text/c{n}.xhtml", f"第{n}章", ["。" * 300_000], own_heading=False) for n in range(6)]
    return make_epub(path, Spec(chapters=chapters))


def _lying_size(path: Path) -> Path:
    """A member whose headers say 10 bytes but which inflates to 1.5 MB."""
    data = b"<p>" + b"a" * 1_500_000
    _rewrite(path, {"OEBPS/text/ch1.xhtml": data})
    blob = path.read_bytes()
    size = len(data).to_bytes(4, "little")
    assert blob.count(size) == 2  # the local header and the central directory
    path.write_bytes(blob.replace(size, (10).to_bytes(4, "little")))
    return path


def _bad_crc(path: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    blob = path.read_bytes()
    word = "天还没亮".encode()
    assert blob.count(word) == 1
    path.write_bytes(blob.replace(word, "天已经亮".encode()))  # same length, other bytes
    return path


def _traversal_name(path: Path) -> Path:
    return _rewrite(path, {"../../evil.txt": b"x"})


def _traversal_href(path: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        opf = z.read("OEBPS/content.opf").decode()
    return _rewrite(
        path, {"OEBPS/content.opf": opf.replace('href="text/ch1.xhtml"', 'href="../../../etc/passwd"').encode()}
    )


def _no_container(path: Path) -> Path:
    return _rewrite(path, {"META-INF/container.xml": None})


def _no_opf(path: Path) -> Path:
    return _rewrite(path, {"OEBPS/content.opf": None})


def _encrypted_member(path: Path) -> Path:
    """ch1 marked encrypted (general purpose flag bit 0) in its local header and the central directory."""
    blob = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("OEBPS/text/ch1.xhtml")
    central = next(
        i for i in _all(blob, b"PK\x01\x02") if int.from_bytes(blob[i + 42 : i + 46], "little") == info.header_offset
    )
    blob[info.header_offset + 6] |= 0x1
    blob[central + 8] |= 0x1
    path.write_bytes(bytes(blob))
    return path


def _all(blob: bytes | bytearray, sig: bytes) -> list[int]:
    out, i = [], blob.find(sig)
    while i >= 0:
        out.append(i)
        i = blob.find(sig, i + 1)
    return out


def _drm(path: Path) -> Path:
    enc = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch2.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    return _rewrite(path, {"META-INF/encryption.xml": enc.encode()})


def _entities(path: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        opf = z.read("OEBPS/content.opf").decode()
    laughs = '<!DOCTYPE p [<!ENTITY a "哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    opf = opf.replace("?>\n", "?>\n" + laughs, 1).replace("<dc:title>长夜行记", "<dc:title>&b;")
    return _rewrite(path, {"OEBPS/content.opf": opf.encode()})


def _not_a_zip(path: Path) -> Path:
    path.write_text("第一章 这不是一本书\n", encoding="utf-8")
    return path


HOSTILE = {
    "zip bomb": (_bomb, "zip bomb"),
    "zip bomb in parts": (_bomb_in_parts, "zip bomb"),
    "size that lies": (_lying_size, "damaged member"),
    "bad CRC": (_bad_crc, "damaged member"),
    "path traversal in a name": (_traversal_name, "unsafe member name"),
    "path traversal in an href": (_traversal_href, "a link out of the book"),
    "no container": (_no_container, "no META-INF/container.xml"),
    "no package document": (_no_opf, "is missing"),
    "encrypted member": (_encrypted_member, "encrypted member"),
    "DRM": (_drm, "encrypted chapter"),
    "entity expansion": (_entities, "entity declarations"),
    "not a zip": (_not_a_zip, "not an EPUB"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_books_are_refused_in_one_line_and_nothing_is_written(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    from tui.store import paths

    monkeypatch.setenv("YUEDU_MAX_INPUT_MB", "1")
    make, reason = HOSTILE[case]
    path = make(make_epub(tmp_path / "book.epub"))
    [outcome] = importing.add_files([path])
    assert outcome.status == "refused"
    assert reason in outcome.reason
    assert "\n" not in outcome.reason
    assert not [p for p in paths.library_dir().iterdir() if not p.name.startswith(".")]


def test_a_book_of_titles_only_is_refused(fresh_home: Path, tmp_path: Path) -> None:
    # The book's title and its contents' headings are not text to read.
    chapters = [Chapter("text/a.xhtml", "第一章 空", []), Chapter("text/b.xhtml", "第二章 空", [], level=2)]
    [outcome] = importing.add_files([make_epub(tmp_path / "empty.epub", Spec(chapters=chapters))])
    assert outcome.status == "refused" and "no readable text" in outcome.reason


def test_a_font_obfuscated_book_is_still_read(fresh_home: Path, tmp_path: Path) -> None:
    enc = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    path = make_epub(
        tmp_path / "f.epub", Spec(chapters=default_chapters(), extra={"META-INF/encryption.xml": enc.encode()})
    )
    assert _added(path).status == "added"


def test_cli_refuses_a_hostile_book_with_exit_2(fresh_home: Path, tmp_path: Path) -> None:
    path = _traversal_name(make_epub(tmp_path / "book.epub"))
    env = {"YUEDU_HOME": str(fresh_home)}
    added = run_cli("add", str(path), env=env)
    assert added.returncode == 2
    assert added.stderr.count("\n") == 1 and "unsafe member name" in added.stderr
    read = run_cli("read", str(path), env=env)
    assert read.returncode == 2
    assert read.stderr.count("\n") == 1 and "unsafe member name" in read.stderr
    assert "Traceback" not in added.stderr + read.stderr


def test_a_book_added_again_keeps_its_id_and_the_place_read_to(fresh_home: Path, tmp_path: Path) -> None:
    from tui.store.study import Study

    path = make_epub(tmp_path / "book.epub")
    first = _added(path)
    article = Library().resolve(first.id or "")
    place = article.text.index(default_chapters()[1].paragraphs[0])
    Study().save_position(article.id, place)
    [again] = importing.add_files([path])
    assert (again.status, again.id) == ("skipped", first.id)
    assert Study().position(Library().resolve(again.id or "").id) == place


def test_ruby_annotations_are_not_text(fresh_home: Path, tmp_path: Path) -> None:
    pinyin = {"渡": "dù", "口": "kǒu"}
    ruby = "".join(f"<ruby>{c}<rp>(</rp><rt>{p}</rt><rp>)</rp></ruby>" for c, p in pinyin.items())
    doc = f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>{ruby}在江边。</p></body></html>'
    path = _rewrite(make_epub(tmp_path / "ruby.epub"), {"OEBPS/text/ch1.xhtml": doc.encode()})
    lines = _paragraphs(Library().resolve(_added(path).id or "").raw)
    assert "渡口在江边。" in lines
    assert not any(p in line for line in lines for p in pinyin.values())
