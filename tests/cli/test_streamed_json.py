"""Long inputs are annotated a piece at a time and their `--json` written as it is made: the
same bytes as the whole built at once, without the whole in memory (figures in bench/)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tui import output
from tui.core.text import annotate as annotate_module
from tui.core.text.analysis import Analyzer
from tui.core.text.annotate import annotate, pieces
from tui.output import json_text, print_json_records

_TOKENS: list[dict[str, object]] = [  # a token's shape, made by the fast encoder: str, int, None, bool, list of str
    {"text": '同\x9b"\\', "start": -1, "pinyin": ["tóng", ""], "glossary": None, "ok": True, "no": False},
    {"text": "", "start": 0, "pinyin": [], "\u202ekey": "\ud800"},
]


@pytest.mark.parametrize(
    "records",
    [[], [{"a": 1}], [{"a": [1, "\x9b"], "b": {"c": None}}, {"a": [], "b": "\u202e"}], _TOKENS, [{"1": 2}, {}]],
)
def test_records_written_one_by_one_are_the_json_of_the_whole(
    records: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    print_json_records({"text": "同盟\x1b"}, "tokens", iter(records))
    whole = io.StringIO()
    monkeypatch.setattr("sys.stdout", whole)
    output.print_json({"text": "同盟\x1b", "tokens": records})
    assert out.getvalue() == whole.getvalue()
    assert json.loads(out.getvalue())["tokens"] == records
    assert json_text({"tokens": records})  # the helper it matches


def test_each_record_is_out_before_the_next_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    seen: list[str] = []

    def records() -> Iterator[dict[str, int]]:
        for k in range(3):
            seen.append(out.getvalue())
            yield {"k": k}

    print_json_records({}, "tokens", records())
    assert '"k": 0' in seen[2] and '"k": 1' in seen[2] and '"k": 2' not in seen[2]


def test_pieces_cover_the_text_and_end_at_paragraphs() -> None:
    text = ("日本与美国的同盟关系很重要。" * 30 + "\n") * 50
    cut = list(pieces(text, size=1000))
    assert "".join(p for _, p in cut) == text and all(text[o : o + len(p)] == p for o, p in cut)
    assert len(cut) > 5 and all(p.endswith("\n") for _, p in cut[:-1])
    one_line = "很长的句子没有换行。" * 500 + "没有标点" * 500
    cut = list(pieces(one_line, size=1000))
    assert "".join(p for _, p in cut) == one_line and max(len(p) for _, p in cut) <= 1000
    assert list(pieces("")) == [(0, "")]


def test_annotating_by_pieces_equals_annotating_whole(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.store import paths

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(paths.bundled_dir("seeds").glob("00[0-2]*.txt")))
    analyzer = Analyzer()
    whole = annotate(text, analyzer)
    monkeypatch.setattr(annotate_module, "PIECE", 700)
    assert len(list(pieces(text, 700))) > 5
    by_pieces = annotate_module.annotate(text, analyzer)
    assert by_pieces == whole


def test_the_cli_streams_the_same_json(fresh_home: Path) -> None:
    text = "日本与美国的同盟关系很重要。\n\n" * 3
    for command in ("annotate", "pinyin"):
        result = run_cli(command, "-", "--json", stdin=text)
        data = json.loads(result.stdout)
        assert data["text"] == text
        assert "".join(t["text"] for t in data["tokens"]) == text
        assert [t["start"] for t in data["tokens"]] == sorted(t["start"] for t in data["tokens"])
