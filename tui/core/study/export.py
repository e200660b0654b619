"""Exporting the saved words: CSV, TSV or an Anki deck, never into the home, never over a file unless forced."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.store.study import Study

if TYPE_CHECKING:
    pass
from tui.core.study.vocab import word_rows

# Fixed ids, so that importing an export again updates the notes instead of adding copies.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
# Cloze goes last: an older export's notes keep their fields in place when imported again.
ANKI_FIELDS = ("Hanzi", "Traditional", "Pinyin", "Meaning", "Sentence", "Source", "Cloze")


def export(study: Study, fmt: str, target: Path, force: bool = False) -> int:
    """Write the saved words to `target`: never into the yuedu home, never over a file unless forced."""
    if fmt not in ("csv", "tsv", "anki"):
        raise UserError("--format must be anki, csv or tsv")
    target = _export_target(target, force)
    rows = word_rows(study)
    if target.exists() and not target.is_file():  # a device or a pipe (--force): written in place
        return _write_export(rows, fmt, target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        written = _write_export(rows, fmt, partial)
        if force:
            partial.replace(target)
        else:
            os.link(partial, target)  # fails if the file appeared meanwhile: still never written over
    except FileExistsError:
        raise UserError(f"{target}: already exists; add --force to replace it") from None
    finally:
        partial.unlink(missing_ok=True)
    return written


def _export_target(target: Path, force: bool) -> Path:
    from tui.store import paths

    if target.is_dir():
        raise UserError(f"{target}: is a folder; give the name of a file to write")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder")
    resolved = target.resolve()
    home = paths.home().resolve()
    if resolved == home or home in resolved.parents:
        raise UserError(f"{target}: is inside the yuedu home ({home}), which holds your data; write it elsewhere")
    if target.exists() and not force:
        raise UserError(f"{target}: already exists; add --force to replace it")
    return target


def _write_export(rows: list[dict[str, object]], fmt: str, target: Path) -> int:
    """Write the rows; the number of words written (the Anki deck leaves ignored words out)."""
    if fmt == "anki":
        return _anki(rows, target)
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="," if fmt == "csv" else "\t")
        keys = ["word", "traditional", "pinyin", "status", "english", "sentence", "article", "added", "due"]
        writer.writerow(keys)
        for row in rows:
            writer.writerow(["" if row[k] is None else row[k] for k in keys])
    return len(rows)


def _anki(rows: list[dict[str, object]], target: Path) -> int:
    """A deck with the reader's two cards per word, word → meaning and the sentence with the word blanked."""
    import genanki

    from tui.core.library.articles import Library
    from tui.core.study.review import blank_word

    back = "<div>{{Pinyin}}</div><div>{{Meaning}}</div>"
    model = genanki.Model(
        ANKI_MODEL_ID,
        "yuedu word",
        fields=[{"name": f} for f in ANKI_FIELDS],
        templates=[
            {
                "name": "Word → meaning",
                "qfmt": "<div class=hanzi>{{Hanzi}}</div><div>{{Traditional}}</div>",
                "afmt": "{{FrontSide}}<hr id=answer>" + back + "<div class=sentence>{{Sentence}}</div>"
                "<div class=source>{{Source}}</div>",
            },
            {
                # Anki makes no card whose front is empty: a word saved without a sentence gets one card.
                "name": "Fill the gap",
                "qfmt": "{{#Cloze}}<div class=sentence>{{Cloze}}</div>{{/Cloze}}",
                "afmt": "<div class=sentence>{{Sentence}}</div><hr id=answer><div class=hanzi>{{Hanzi}}</div>"
                + back
                + "<div class=source>{{Source}}</div>",
            },
        ],
        css=".hanzi { font-size: 48px; } .sentence { margin-top: 1em; } .source { color: #888; }",
    )
    deck = genanki.Deck(ANKI_DECK_ID, "yuedu")
    titles = {a.id: a.title for a in Library(include_hidden=True).articles}
    # Ignored words are words the user chose not to learn: no cards for them.
    kept = [row for row in rows if row["status"] != "ignored"]
    for row in kept:
        sentence = str(row["sentence"] or "")
        article = row["article"]
        fields = [str(row[k] or "") for k in ("word", "traditional", "pinyin", "english")]
        fields += [
            sentence,
            titles.get(str(article), str(article)) if article else "",
            blank_word(sentence, str(row["word"])) if sentence else "",
        ]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=genanki.guid_for("yuedu", row["word"])))
    genanki.Package(deck).write_to_file(str(target))
    return len(kept)
