"""`yuedu annotate`: JSON keys, text, HTML escaping, and the HTML in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

KEYS = {"text", "start", "end", "pinyin", "gloss", "glossary", "hsk"}


def _yuedu(*args: str, text: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=text)


def test_annotate_json_keys_and_values() -> None:
    text = "据报道，川普说我们还没有还钱。"
    result = _yuedu("annotate", "--json", "-", text=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == text
    tokens = data["tokens"]
    assert "".join(t["text"] for t in tokens) == text
    for tok in tokens:
        assert KEYS <= tok.keys()
        assert text[tok["start"] : tok["end"]] == tok["text"]
        assert len(tok["pinyin"]) == len(tok["text"])
    by_text: dict[str, list[dict[str, Any]]] = {}
    for tok in tokens:
        by_text.setdefault(tok["text"], []).append(tok)
    assert by_text["川普"][0]["glossary"] == "特朗普" and "Trump" in by_text["川普"][0]["gloss"]
    first, second = by_text["还"]
    assert (first["pinyin"], second["pinyin"]) == (["hái"], ["huán"])
    assert second["gloss"].startswith("to pay back")
    assert by_text["，"][0]["gloss"] == "" and by_text["，"][0]["hsk"] is None
    assert by_text["我们"][0]["hsk"] == "1"


def test_annotate_sandhi_and_article() -> None:
    data = json.loads(_yuedu("annotate", "--json", "--sandhi", "不是", text=None).stdout)
    assert data["tokens"][0]["pinyin"] == ["bú", "shì"]
    article = _yuedu("annotate", "--article", "001", "--json")
    assert article.returncode == 0, article.stderr
    assert len(json.loads(article.stdout)["tokens"]) > 1000
    bad = _yuedu("annotate", "--article", "nonesuch")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_annotate_html_escapes_everything() -> None:
    page = _yuedu("annotate", "--format", "html", "-", text='中国<script>alert("x")</script>&"').stdout
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "<ruby" in page and "<rt>" in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _headless(browser: str, profile: str, *args: str) -> list[str]:
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]


def test_html_sheet_opens_in_chromium_with_ruby_text(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.fail("chromium is not installed (.ci/run installs it: apt-get install chromium)")
    text = "日本首相石破茂在西安说：我们还没有还钱。\n川普不是一个人。"
    page = tmp_path / "sheet.html"
    result = _yuedu("annotate", "--format", "html", "-", text=text)
    assert result.returncode == 0, result.stderr
    page.write_text(result.stdout, encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="yuedu-chromium-")
    try:
        dom = subprocess.run(
            _headless(browser, profile, "--dump-dom", page.as_uri()),
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        shot = tmp_path / "sheet.png"
        subprocess.run(
            _headless(browser, profile, f"--screenshot={shot}", "--window-size=900,500", page.as_uri()),
            capture_output=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    # The browser parsed our ruby: the serialised DOM has the elements and the readings.
    assert dom.count("<ruby") >= 10 and "<rt>" in dom
    for reading in ("Shípò Mào", "Xī'ān", "huán", "hái"):
        assert f"<rt>{reading}</rt>" in dom.replace("&#39;", "'"), reading
    assert 'class="term"' in dom and 'title="' in dom
    assert shot.is_file() and shot.stat().st_size > 1000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
