"""Vocabulary: saving words with their sentence, word lists in and out, and article coverage."""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from tui.errors import UserError
from tui.store.status import STATUSES, Status
from tui.store.study import SavedWord, Study

if TYPE_CHECKING:
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.glossary import Glossary
    from tui.core.library.articles import Article
    from tui.core.reading import Reading
    from tui.core.text.analysis import Analysis

# Fixed ids, so that importing an export again updates the notes instead of adding copies.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
# Cloze goes last: an older export's notes keep their fields in place when imported again.
ANKI_FIELDS = ("Hanzi", "Traditional", "Pinyin", "Meaning", "Sentence", "Source", "Cloze")


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
        reading.analysis.simplified[tok.start : tok.end],
        reading.views["traditional"][tok.start : tok.end],
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


def coverage(analysis: Analysis, statuses: dict[str, str]) -> float | None:
    """Share of an analysed text's Chinese words that are known or ignored."""
    from tui.core.text.tokens import HAN

    words = [analysis.simplified[t.start : t.end] for t in analysis.tokens if t.kind == HAN]
    if not words:
        return None
    return sum(1 for w in words if statuses.get(w) in KNOWN_STATUSES) / len(words)


KNOWN_STATUSES: tuple[Status, ...] = ("known", "ignored")


# The reports below are JSON data as they stand (--json prints them whole): typed dicts, so
# their readers need no narrowing and the CLI's keys are written down once, here.
class UnknownWord(TypedDict):
    word: str
    count: int
    pinyin: str
    hsk: str | None
    english: str | None


class ArticleStats(TypedDict):
    article: str
    tokens: int
    known_tokens: int
    coverage: float
    by_hsk: dict[str, dict[str, int]]
    unknown: list[UnknownWord]


class PrestudyWord(TypedDict):
    word: str
    pinyin: str
    gloss: str | None
    count: int


class Difficulty(TypedDict):
    article: str
    words: int
    counted: str
    hsk: dict[str, int]
    known: int
    coverage: float
    level_for_95: str | None
    prestudy: list[PrestudyWord]


BANDS = ("1", "2", "3", "4", "5", "6", "7-9", "beyond")


def running_words(analysis: Analysis) -> list[tuple[int, str]]:
    """(token index, Simplified word) for each Chinese word of an analysed text, repeats included."""
    from tui.core.text.tokens import HAN

    return [(i, analysis.simplified[t.start : t.end]) for i, t in enumerate(analysis.tokens) if t.kind == HAN]


def _unknown_ranked(analysis: Analysis, statuses: dict[str, str]) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """Unknown words, most frequent first (then first seen), with their counts and first token."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, word in running_words(analysis):
        if statuses.get(word) not in KNOWN_STATUSES:
            counts[word] = counts.get(word, 0) + 1
            first.setdefault(word, i)
    return sorted(counts, key=lambda w: (-counts[w], first[w])), counts, first


def _glosser(
    words: list[str], glossary: Glossary, analysis: Analysis, first: dict[str, int]
) -> Callable[[str], str | None]:
    """A function giving each word the English sense that fits its first occurrence
    (its reading there, the glossary's meaning); else the glossary's English."""
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.senses import first_sense, rank

    entries = Dictionary().entries_by_simplified(words)

    def english(word: str) -> str | None:
        token = analysis.tokens[first[word]]
        entry = glossary.find(word)
        sense = first_sense(
            rank(
                entries.get(word, []),
                surface=token.text,
                reading=analysis.pinyin[first[word]],
                before=analysis.simplified[max(0, token.start - 4) : token.start],
                after=analysis.simplified[token.end : token.end + 4],
                glossary_english=entry.english if entry is not None else None,
            )
        )
        if sense:
            return sense
        return entry.english if entry is not None else None

    return english


def _written_pinyin(analysis: Analysis) -> Callable[[int], str]:
    """Each token's pinyin as written everywhere (GB/T 16159: grouped, capitalised names)."""
    from tui.core.text.analysis import written_tokens

    written = written_tokens(analysis)
    return lambda token: "".join(written[token]).strip()


def stats(article_ref: str) -> ArticleStats:
    """How much of an article the user knows, and the unknown words by frequency."""
    from tui.core.lexicon import hsk
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

    article = Library().resolve(article_ref)
    analyzer = Analyzer()
    analysis = analyzer.analyse(article.text)
    statuses = Study().statuses()
    total = known = 0
    by_hsk: dict[str, dict[str, int]] = {}
    for _i, word in running_words(analysis):
        level = hsk.label(hsk.level(word)) or "none"
        bucket = by_hsk.setdefault(level, {"tokens": 0, "known": 0})
        total += 1
        bucket["tokens"] += 1
        if statuses.get(word) in KNOWN_STATUSES:
            known += 1
            bucket["known"] += 1
    ranked, counts, first = _unknown_ranked(analysis, statuses)
    english = _glosser(ranked, analyzer.glossary, analysis, first)
    written = _written_pinyin(analysis)
    unknown: list[UnknownWord] = [
        {
            "word": w,
            "count": counts[w],
            "pinyin": written(first[w]),
            "hsk": hsk.label(hsk.level(w)),
            "english": english(w),
        }
        for w in ranked
    ]
    return {
        "article": article.id,
        "tokens": total,
        "known_tokens": known,
        "coverage": round(known / total, 4) if total else 0.0,
        "by_hsk": dict(sorted(by_hsk.items())),
        "unknown": unknown,
    }


def band_counts(analysis: Analysis) -> dict[str, int]:
    """Running words per HSK 3.0 band ("1" … "6", "7-9", "beyond")."""
    from tui.core.lexicon import hsk

    bands = dict.fromkeys(BANDS, 0)
    for _i, word in running_words(analysis):
        bands[hsk.label(hsk.level(word)) or "beyond"] += 1
    return bands


def level_for(bands: dict[str, int], share: float) -> str | None:
    """The lowest band that, with the bands below it, holds `share` of the words; None for no words."""
    total = sum(bands.values())
    running = 0
    for band in BANDS:
        running += bands[band]
        if total and running >= share * total:
            return band
    return None


def difficulty_of(
    article_id: str, analysis: Analysis, statuses: dict[str, str], glossary: Glossary, prestudy: int = 10
) -> Difficulty:
    """How hard a text is: running words per HSK 3.0 band, the share known, the level for 95%.

    Everything counts running words (a word said ten times counts ten times), not distinct ones.
    `level_for_95` is the lowest band whose words, with all lower bands, make up 95% of the text;
    "beyond" when even 7-9 does not reach it. The pre-study list is the unknown words that lift
    coverage most: the most frequent.
    """
    words = running_words(analysis)
    bands = band_counts(analysis)
    known = sum(1 for _i, word in words if statuses.get(word) in KNOWN_STATUSES)
    total = len(words)
    level = level_for(bands, 0.95)
    ranked, counts, first = _unknown_ranked(analysis, statuses)
    top = ranked[:prestudy]
    english = _glosser(top, glossary, analysis, first)
    written = _written_pinyin(analysis)
    return {
        "article": article_id,
        "words": total,
        "counted": "running words",
        "hsk": bands,
        "known": known,
        "coverage": round(known / total, 4) if total else 0.0,
        "level_for_95": level,
        "prestudy": [
            {
                "word": w,
                "pinyin": written(first[w]),
                "gloss": english(w),
                "count": counts[w],
            }
            for w in top
        ],
    }


def difficulty(article_ref: str, prestudy: int = 10) -> Difficulty:
    """`difficulty_of` an article of the library, with the user's word statuses."""
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

    article = Library().resolve(article_ref)
    analyzer = Analyzer()
    return difficulty_of(article.id, analyzer.analyse(article.text), Study().statuses(), analyzer.glossary, prestudy)
