"""Vocabulary: saving words with their sentence and statuses, word lists in."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.store.status import STATUSES, Status
from tui.store.study import SavedWord, Study

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.library.articles import Article
    from tui.core.reading import Reading


def _iso(epoch: float | None) -> str | None:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds") if epoch is not None else None


def as_status(value: str) -> Status:
    """`value` as a study status, or a UserError naming the ones there are."""
    for status in STATUSES:
        if value == status:
            return status
    raise UserError(f"--status must be one of {', '.join(STATUSES)}")


def word_rows(study: Study, status: str | None = None) -> list[dict[str, object]]:
    if status is not None:
        status = as_status(status)
    return [
        {
            "word": w.word,
            "traditional": w.traditional,
            "pinyin": w.pinyin,
            "status": w.status,
            "english": w.sense or w.english,
            "sentence": w.sentence,
            "article": w.article,
            "added": _iso(w.added),
            "due": _iso(study.due(w.word)),
        }
        for w in study.words(status)
    ]


SOURCES = {"saved": "saved", "import": "imported", "marked": "marked"}


def status_note(status: str, since: float, source: str) -> str:
    """How `lookup` and `vocab list` say a word's status: "known (imported 2026-12-07)",
    "learning since 2026-12-07"."""
    day = time.strftime("%Y-%m-%d", time.localtime(since))
    if source == "import":
        return f"{status} (imported {day})"
    return f"{status} since {day}"


def status_report(word: str, study: Study | None = None) -> dict[str, object] | None:
    """A word's status for `lookup --json`: status, since (ISO date), how it was set, the note."""
    from tui.core.text.script import to_simplified_same_length

    found = (study or Study()).status_of(to_simplified_same_length(word.strip()))
    if found is None:
        return None
    status, since, source = found
    return {
        "status": status,
        "since": time.strftime("%Y-%m-%d", time.localtime(since)),
        "source": SOURCES.get(source, "marked"),
        "note": status_note(status, since, source),
    }


def all_word_rows(study: Study, status: str | None = None) -> list[dict[str, object]]:
    """Every word with a status: the saved ones (with their sentence), then the words marked
    without saving (imported with `vocab import`, or 1/3/4 in the reader), with the dictionary's
    pinyin and first sense. What `vocab list` lists; `vocab stats` counts the same rows."""
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.text.pinyin import join_word

    if status is not None:
        status = as_status(status)
    marked = {w: (st, t, src) for w, st, t, src in study.status_rows(status)}
    rows = []
    for row in word_rows(study, status):
        st, since, source = marked.get(str(row["word"]), (str(row["status"]), 0.0, "saved"))
        rows.append(
            {**row, "saved": True, "source": SOURCES.get(source, "saved"), "note": status_note(st, since, source)}
        )
    saved = {r["word"] for r in rows}
    others = [w for w in marked if w not in saved]
    entries = Dictionary().entries_by_simplified(others)
    for word in others:
        st, since, source = marked[word]
        first = entries.get(word, [None])[0]
        rows.append(
            {
                "word": word,
                "traditional": first.traditional if first else word,
                "pinyin": join_word(first.syllables, "marks") if first else "",
                "status": st,
                "english": first.english[0] if first and first.english else "",
                "sentence": "",
                "article": None,
                "added": _iso(since),
                "due": None,
                "saved": False,
                "source": SOURCES.get(source, "marked"),
                "note": status_note(st, since, source),
            }
        )
    return rows


def add_word(word: str, status: str = "learning", article: str | None = None) -> SavedWord:
    """Save a word typed by the user, with its sentence from the article when one is given."""
    from tui.core.lexicon.lookup import lookup
    from tui.core.text.script import to_simplified_same_length

    status = as_status(status)
    from tui.core.lexicon.glossary import Glossary

    info = lookup(word)
    # The glossary list holds every term found inside the word (日本 in 日本XYZ垃圾乱码):
    # only an entry for the whole word counts.
    if not info["definitions"] and (not info["glossary"] or Glossary.load().find(word.strip()) is None):
        raise UserError(f"{word}: not in the dictionary or the glossary")
    simplified = info["simplified"]
    found = sentence = offset = None
    if article is not None:
        from tui.core.library.articles import Library, is_sentence

        found = Library().resolve(article)
        simple = to_simplified_same_length(found.text)
        at = simple.find(simplified)
        first = at
        while at >= 0:  # the first real sentence holding it: not a heading, a contents line or code
            span = found.sentence_at(at)
            if found.prose_at(at) and is_sentence(found.text[span[0] : span[1]]):
                break
            at = simple.find(simplified, at + 1)
        if at < 0:
            at = first
        if at >= 0:
            sentence, offset = found.sentence_at(at), at
    definitions = info["definitions"]
    english = "; ".join(definitions[0]["english"]) if definitions else ""
    saved = saved_word(simplified, info["traditional"], info["pinyin"], english, status, found, sentence, offset)
    study = Study()
    study.save_word(saved)
    return saved


def saved_word(
    word: str,
    traditional: str,
    pinyin: str,
    english: str,
    status: Status,
    article: Article | None = None,
    sentence: tuple[int, int] | None = None,
    offset: int | None = None,
    note: str = "",
    sense: str = "",
) -> SavedWord:
    """A word as it is saved, now: with its sentence (a span of the article's text) in both scripts.

    The one builder of a SavedWord, for `vocab add` and for the reader (`saved_word_at`)."""
    from tui.core.library.articles import is_sentence
    from tui.core.text.script import in_other_script

    text = other = ""
    if article is not None and sentence is not None:
        text = article.text[sentence[0] : sentence[1]]
        if not (article.prose_at(sentence[0]) and is_sentence(text)):
            text = ""  # a heading, a contents line or code is no sentence for a card
        other = in_other_script(text, article.script) if text else ""
    return SavedWord(
        word=word,
        traditional=traditional,
        pinyin=pinyin,
        english=english,
        status=status,
        sentence=text,
        article=article.id if article is not None else None,
        offset=offset,
        added=time.time(),
        note=note,
        sentence_other=other,
        sense=sense,
    )


def saved_word_at(
    reading: Reading, token: int, dictionary: Dictionary | None, sense: str = "", status: Status = "learning"
) -> SavedWord | None:
    """The word at `token` in the reader, as saved: its written pinyin in context, its first
    sense here (or the glossary's English), the glossary note, and `sense` the user chose.
    None when the token is not a Chinese word."""
    from tui.core.text.tokens import HAN

    tok = reading.analysis.tokens[token]
    if tok.kind != HAN:
        return None
    english = note = ""
    if dictionary is not None:
        info = reading.word_info(token, dictionary)
        english = "; ".join(info.definitions[0][2]) if info.definitions else info.glossary_english or ""
        note = info.glossary_note or ""
    return saved_word(
        reading.word_text(token),
        reading.word_text(token, "traditional"),
        "".join(reading.pinyin_written(token)).strip(),
        english,
        status,
        reading.article,
        reading.sentence_span(token),
        tok.start,
        note,
        sense,
    )


def import_words(
    path: Path, status: str = "known", field: str | None = None, progress: Callable[[int], None] | None = None
) -> dict[str, object]:
    """Mark the words of a list (Anki .apkg, Pleco text or XML, CSV/TSV) with a status.

    Words with no CC-CEDICT or glossary entry are left alone and counted; words that
    have the status already are not written again, so a second import changes nothing.
    """
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.glossary import Glossary
    from tui.core.study.wordlists import read_words

    status = as_status(status)
    words = read_words(path, field, progress)  # progress: notes read so far, for a long .apkg
    entries = Dictionary().entries_by_simplified(words)
    glossary = Glossary.load()
    found = [w for w in words if w in entries or glossary.find(w) is not None]
    known = set(found)  # once: made inside the test below, it was made again for every word
    missing = [w for w in words if w not in known]
    study = Study()
    before = study.statuses()
    new = [w for w in found if w not in before]
    already = [w for w in found if before.get(w) == status]
    changed = [w for w in found if w in before and before[w] != status]
    if new or changed:
        study.set_statuses(new + changed, status, source="import")
    return {
        "file": str(path),
        "status": status,
        "words": len(words),
        "new": len(new),
        "already": len(already),
        "changed": len(changed),
        "not_in_dictionary": len(missing),
        "missing": missing,
    }


def read_word_list(path: Path) -> list[str]:
    """Words from a word list (CSV/TSV, Pleco text or XML, Anki .apkg), in Simplified."""
    from tui.core.study.wordlists import read_words

    return read_words(path)
