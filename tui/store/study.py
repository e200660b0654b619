"""The study DB: precious user state. WAL, one transaction per user action, backed up before migrating."""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from tui.store import paths
from tui.store.db import (
    BUSY_TIMEOUT_MS,
    Damaged,
    ReadOnlyConnection,
    as_store_error,
    backup,
    connect,
    migrate,
    quick_check,
    refuse_odd_files,
    thread_connection,
    transaction,
)
from tui.store.status import STATUSES, Status

MIGRATIONS = (
    """
    CREATE TABLE position (article TEXT PRIMARY KEY, offset INTEGER NOT NULL, updated REAL NOT NULL);
    CREATE TABLE vocab (
        word TEXT PRIMARY KEY,
        traditional TEXT NOT NULL,
        pinyin TEXT NOT NULL,
        english TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'learning',
        sentence TEXT NOT NULL DEFAULT '',
        article TEXT,
        offset INTEGER,
        added REAL NOT NULL
    );
    CREATE TABLE bookmark (article TEXT NOT NULL, offset INTEGER NOT NULL, added REAL NOT NULL,
                           PRIMARY KEY (article, offset));
    """,
    # Word status for every word, not only saved ones; review cards and their history.
    """
    CREATE TABLE word_status (
        word TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('new', 'learning', 'known', 'ignored')),
        updated REAL NOT NULL
    );
    INSERT OR IGNORE INTO word_status SELECT word, status, added FROM vocab;
    ALTER TABLE vocab ADD COLUMN sense TEXT NOT NULL DEFAULT '';
    ALTER TABLE vocab ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE vocab ADD COLUMN sentence_other TEXT NOT NULL DEFAULT '';
    CREATE TABLE card (
        word TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('meaning', 'cloze')),
        state TEXT NOT NULL,
        due REAL NOT NULL,
        PRIMARY KEY (word, kind)
    );
    CREATE INDEX card_due ON card (due);
    CREATE TABLE review_log (word TEXT NOT NULL, kind TEXT NOT NULL, rating INTEGER NOT NULL, reviewed REAL NOT NULL);
    """,
    # The user's segmentation fixes: a word to keep whole, or a word and the parts to cut it into.
    """
    CREATE TABLE segment_fix (
        word TEXT PRIMARY KEY,
        parts TEXT NOT NULL,
        added REAL NOT NULL
    );
    """,
    # The words `i` ignored in an article, so that pressing it again gives them back.
    """
    CREATE TABLE ignore_batch (
        article TEXT NOT NULL,
        word TEXT NOT NULL,
        added REAL NOT NULL,
        PRIMARY KEY (article, word)
    );
    """,
    # Progress over time: each change of a word's status (seeded with the current ones), and
    # the time spent reading, per day and article.
    """
    CREATE TABLE status_log (word TEXT NOT NULL, status TEXT NOT NULL, changed REAL NOT NULL);
    CREATE INDEX status_log_changed ON status_log (changed);
    INSERT INTO status_log SELECT word, status, updated FROM word_status;
    CREATE TABLE reading_time (
        day TEXT NOT NULL,
        article TEXT NOT NULL,
        seconds REAL NOT NULL,
        PRIMARY KEY (day, article)
    );
    """,
    # 6: the user's reading fixes (`yuedu fix`, `f` in the reader): a word's syllables (tone
    # numbers, space-separated) and, optionally, the sense to show first, for every text. And
    # where a word's status came from (saved, import, marked; '' before this), for `vocab list`.
    """
    CREATE TABLE reading_fix (
        word TEXT PRIMARY KEY,
        syllables TEXT NOT NULL,
        sense TEXT NOT NULL DEFAULT '',
        added REAL NOT NULL
    );
    ALTER TABLE word_status ADD COLUMN source TEXT NOT NULL DEFAULT '';
    UPDATE word_status SET source = 'saved' WHERE word IN (SELECT word FROM vocab);
    """,
)

# Cards due by a time (the one parameter), of words still being learned.
_DUE = (
    "FROM card c LEFT JOIN word_status s ON s.word = c.word "
    "WHERE c.due <= ? AND coalesce(s.status, 'learning') = 'learning'"
)


@dataclass(frozen=True, slots=True)
class SavedWord:
    word: str  # Simplified
    traditional: str
    pinyin: str  # in context
    english: str
    status: Status
    sentence: str
    article: str | None
    offset: int | None
    added: float
    sense: str = ""  # the chosen sense
    note: str = ""  # the glossary note, if a glossary term
    sentence_other: str = ""  # the sentence in the other script


@dataclass(frozen=True, slots=True)
class DueCard:
    """A review card that is due: one row of the card table."""

    word: str
    kind: str  # meaning or cloze
    state: str  # the FSRS card, as JSON
    due: float


DAILY_BACKUPS_KEPT = 7


def backups_dir() -> Path:
    return paths.home() / "backups"


def latest_backup() -> Path | None:
    found = sorted(_backups("study-*.sqlite"), key=lambda pair: pair[1])
    return found[-1][0] if found else None


def _backups(pattern: str) -> list[tuple[Path, float]]:
    """The backups (regular files only: the home is not trusted) with their file times."""
    out = []
    for path in backups_dir().glob(pattern):
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            out.append((path, info.st_mtime))
    return out


def _open(path: Path) -> sqlite3.Connection:
    """Open the study DB: checked first, and refused if damaged, so that nothing is written to it."""
    from tui.store import files

    try:
        refuse_odd_files(path)
    except files.Refused as exc:
        raise Damaged(_refused(exc.path, exc.reason)) from None
    newer = _newer_version(path)
    try:
        if newer is not None:
            reason = f"is from a newer yuedu (schema {newer}; this one knows {len(MIGRATIONS)})"
            conn = _open_read_only(path, reason)
            files.notice(f"{path.name} {reason}: opened read-only, nothing will be saved")
            if isinstance(conn, ReadOnlyConnection):
                conn.told = True
        else:
            conn = connect(path) if _writable(path) else _open_read_only(path, "is read-only")
    except sqlite3.OperationalError as exc:
        if "disk I/O error" not in str(exc) and "disk is full" not in str(exc):
            raise as_store_error(exc, path.name) from exc
        conn = _open_read_only(path, "cannot be written (the disk is full)")  # reading still works
    except sqlite3.DatabaseError as exc:  # not a database at all
        raise Damaged(_damaged(path, str(exc))) from exc
    stamp = _stamp(path)
    try:
        # Once per process and state of the main file: the reader opens a connection per worker thread.
        problem = "ok" if _checked.get(path) == stamp else conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.OperationalError as exc:
        conn.close()
        raise as_store_error(exc, path.name) from exc
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem != "ok":
        conn.close()
        raise Damaged(_damaged(path, problem))
    _checked[path] = stamp
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        mismatch = _schema_mismatch(conn, version)
        if mismatch is not None:
            raise Damaged(_damaged(path, f"its tables are not yuedu's: {mismatch}"))
        if newer is not None:
            return conn  # never written: no migration, no backup made from it
        conn.execute("PRAGMA synchronous = FULL")  # acknowledged saves must survive a crash
        before = backups_dir() / f"study-v{version}-{int(time.time())}.sqlite"
        migrate(conn, MIGRATIONS, before=lambda: backup(path, before))
    except BaseException:
        conn.close()
        raise
    _daily_backup(path)
    return conn


def _refused(path: Path, reason: str) -> str:
    return f"{path} is {reason}; yuedu will not use it: move it aside (it follows no links in its home)"


def _newer_version(path: Path) -> int | None:
    """The file's user_version when it is past what this yuedu knows, else None.

    Asked of SQLite, never read from the file by hand: closing any descriptor of the file drops
    every POSIX lock this process holds on it, SQLite's too, and the reader has a connection per
    worker thread open while it opens another. Another yuedu then took itself for the last user,
    checkpointed and deleted the WAL under ours ("database disk image is malformed")."""
    try:
        probe = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except (sqlite3.Error, ValueError):
        return None
    try:
        version = int(probe.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None  # not a database, or damaged: the checks that follow say so
    finally:
        probe.close()
    return version if version > len(MIGRATIONS) else None


@functools.cache
def _shape(version: int) -> dict[str, tuple[str, ...]]:
    """Each table's columns after the first `version` migrations, as made in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        return _tables(conn)
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite^_%' ESCAPE '^' ORDER BY name"
    names = [n for (n,) in conn.execute(sql)]
    return {n: tuple(row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (n,))) for n in names}


def _schema_mismatch(conn: sqlite3.Connection, version: int) -> str | None:
    """What of the DB's tables differs from the schema at its version (a newer one: lacks), else None."""
    expected = _shape(min(version, len(MIGRATIONS))) if version >= 0 else {}
    actual = _tables(conn)
    for table, columns in expected.items():
        if table not in actual:
            return f"no table {table}"
        missing = [c for c in columns if c not in actual[table]]
        if missing:
            return f"table {table} has no column {missing[0]}"
    if version <= len(MIGRATIONS):
        extra = sorted(set(actual) - set(expected))
        if extra:
            return f"table {extra[0]} is not in schema {version}"
    return None


_checked: dict[Path, tuple[int, int, int] | None] = {}


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)


def _open_read_only(path: Path, reason: str) -> sqlite3.Connection:
    """A read-only file or home: reading still works, and any write fails as read-only."""
    if not path.exists():  # nothing saved yet, and nowhere to save it: an empty DB that refuses writes
        conn = sqlite3.connect(":memory:", isolation_level=None, factory=ReadOnlyConnection)
        migrate(conn, MIGRATIONS)
        conn.reason = f"{path.name} {reason}"
        return conn
    error: sqlite3.Error | None = None
    # mode=ro sees the WAL but needs its -shm file; immutable works without, from the main file alone.
    for flag in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?{flag}", uri=True, isolation_level=None, factory=ReadOnlyConnection
            )
            conn.reason = f"{path.name} {reason}"
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            error = exc
    assert error is not None
    raise error


def check_damage() -> None:
    """After a query failed as on a damaged file: raise Damaged if the study DB is the damaged one."""
    path = paths.study_db_path()
    if not path.is_file():
        return
    problem = quick_check(path)
    if problem is not None:
        raise Damaged(_damaged(path, problem))


def _damaged(path: Path, problem: str) -> str:
    first = " ".join(problem.split())[:80]
    found = latest_backup()
    if found is None:
        advice = f"There is no backup: move it aside to start afresh, or try `sqlite3 {path} .recover`"
    else:
        advice = f"The latest backup is {found}: copy it over {path} to go back to it"
    return f"{path} is damaged ({first}); yuedu will not write to it. {advice}"


def _now() -> float:
    return time.time()  # the tests set a clock that jumps


def _daily_backup(path: Path) -> None:
    """One backup a day of a DB just checked good, the last week of them kept: a damaged DB has one to go back to."""
    folder = backups_dir()
    today = folder / f"study-{time.strftime('%Y%m%d', time.localtime(_now()))}.sqlite"
    try:
        if not today.exists():
            backup(path, today)
        _prune(today, _now())
    except (OSError, sqlite3.Error):
        pass  # a read-only home or a full disk: reading goes on without a new backup


def _prune(today: Path, now: float) -> None:
    """Keep today's, the newest DAILY_BACKUPS_KEPT by name and as many by file time, and apart from
    them as many of those made while the clock was ahead (named or timed after today): a clock that
    jumped to 2099 and back neither deletes the backups made since nor lets them pile up."""
    found = _backups("study-2*.sqlite")
    ahead = [(p, t) for p, t in found if p.name > today.name or t > now + 86_400]
    past = [pair for pair in found if pair not in ahead]
    kept = {p for p, _ in sorted(past)[-DAILY_BACKUPS_KEPT:]}
    kept |= {p for p, _ in sorted(past, key=lambda pair: pair[1])[-DAILY_BACKUPS_KEPT:]}
    kept |= {p for p, _ in sorted(ahead)[-DAILY_BACKUPS_KEPT:]}
    for old, _ in found:
        if old not in kept and old != today:
            old.unlink(missing_ok=True)


def study_db() -> sqlite3.Connection:
    """One connection per thread to the study DB under the current home."""
    return thread_connection(paths.study_db_path(), _open)


class Study:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or study_db()

    def save_position(self, article: str, offset: int) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO position (article, offset, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(article) DO UPDATE SET offset = excluded.offset, updated = excluded.updated",
                (article, offset, time.time()),
            )

    def position(self, article: str) -> int | None:
        row = self.conn.execute("SELECT offset FROM position WHERE article = ?", (article,)).fetchone()
        return int(row[0]) if row else None

    def positions(self) -> dict[str, int]:
        return {a: int(o) for a, o in self.conn.execute("SELECT article, offset FROM position")}

    def save_word(self, word: SavedWord) -> None:
        """Save (or update) a word, mark it as learning, and give it review cards: one transaction."""
        from tui.store.cards import new_card_rows

        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO vocab (word, traditional, pinyin, english, status, sentence, article, offset, added, "
                "sense, note, sentence_other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(word) DO UPDATE SET status = excluded.status, sentence = excluded.sentence, "
                "article = excluded.article, offset = excluded.offset, sense = excluded.sense, "
                "note = excluded.note, sentence_other = excluded.sentence_other, pinyin = excluded.pinyin",
                (
                    word.word, word.traditional, word.pinyin, word.english, word.status, word.sentence,
                    word.article, word.offset, word.added, word.sense, word.note, word.sentence_other,
                ),
            )  # fmt: skip
            self._set_status(word.word, word.status, source="saved")
            self.conn.executemany(
                "INSERT OR IGNORE INTO card (word, kind, state, due) VALUES (?, ?, ?, ?)",
                new_card_rows(word.word, word.added),
            )

    def set_status(self, word: str, status: str, source: str = "marked") -> None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with transaction(self.conn):
            self._set_status(word, status, source=source)

    def set_statuses(self, words: list[str], status: str, when: float | None = None, source: str = "marked") -> None:
        """Many words at once (an imported list, or every name in an article): one transaction."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with transaction(self.conn):
            for word in words:
                self._set_status(word, status, when, source)

    def ignore_unmarked(self, article: str, words: list[str]) -> list[str]:
        """Ignore those of `words` the user never saved or marked, remembering them for undo; one transaction."""
        with transaction(self.conn):
            marked = {w for (w,) in self.conn.execute("SELECT word FROM word_status")}
            changed = [w for w in dict.fromkeys(words) if w not in marked]
            now = time.time()
            self.conn.executemany(
                "INSERT INTO word_status (word, status, updated) VALUES (?, 'ignored', ?)", [(w, now) for w in changed]
            )
            self.conn.executemany(
                "INSERT INTO status_log (word, status, changed) VALUES (?, 'ignored', ?)", [(w, now) for w in changed]
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO ignore_batch (article, word, added) VALUES (?, ?, ?)",
                [(article, w, now) for w in changed],
            )
        return changed

    def ignored_batch(self, article: str) -> list[str]:
        """The words `ignore_unmarked` ignored in this article and the user has not marked since."""
        rows = self.conn.execute("SELECT word FROM ignore_batch WHERE article = ? ORDER BY word", (article,))
        return [w for (w,) in rows]

    def undo_ignore(self, article: str) -> list[str]:
        """Give the words `ignore_unmarked` ignored in this article their unmarked state back."""
        with transaction(self.conn):
            words = self.ignored_batch(article)
            self.conn.execute(
                "INSERT INTO status_log (word, status, changed) SELECT word, 'new', ? FROM word_status "
                "WHERE status = 'ignored' AND word IN (SELECT word FROM ignore_batch WHERE article = ?) "
                "AND word NOT IN (SELECT word FROM vocab)",
                (time.time(), article),
            )
            self.conn.execute(
                "DELETE FROM word_status WHERE status = 'ignored' AND word IN "
                "(SELECT word FROM ignore_batch WHERE article = ?) "
                "AND word NOT IN (SELECT word FROM vocab)",
                (article,),
            )
            self.conn.execute("DELETE FROM ignore_batch WHERE article = ?", (article,))
        return words

    def _set_status(self, word: str, status: str, when: float | None = None, source: str = "marked") -> None:
        # A status the user sets is theirs: no later undo of `i` may take it back.
        self.conn.execute("DELETE FROM ignore_batch WHERE word = ?", (word,))
        now = time.time() if when is None else when
        row = self.conn.execute("SELECT status FROM word_status WHERE word = ?", (word,)).fetchone()
        if row is None or row[0] != status:
            self.conn.execute("INSERT INTO status_log (word, status, changed) VALUES (?, ?, ?)", (word, status, now))
        # `updated` and `source` say when and how the status it has now was set ("known since").
        self.conn.execute(
            "INSERT INTO word_status (word, status, updated, source) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(word) DO UPDATE SET status = excluded.status, updated = excluded.updated, "
            "source = excluded.source WHERE word_status.status != excluded.status",
            (word, status, now, source),
        )
        self.conn.execute("UPDATE vocab SET status = ? WHERE word = ?", (status, word))

    def fix_segment(self, word: str, parts: list[str]) -> None:
        """Keep `word` whole (parts == [word]) or cut it into `parts`, everywhere from now on."""
        if "".join(parts) != word or not all(parts):
            raise ValueError("the parts must make up the word")
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO segment_fix (word, parts, added) VALUES (?, ?, ?)",
                (word, " ".join(parts), time.time()),
            )

    def segment_fixes(self) -> dict[str, tuple[str, ...]]:
        return {w: tuple(p.split(" ")) for w, p in self.conn.execute("SELECT word, parts FROM segment_fix")}

    def segment_fix_rows(self) -> list[tuple[str, tuple[str, ...], float]]:
        """(word, parts, when added) for every segmentation fix, oldest first."""
        rows = self.conn.execute("SELECT word, parts, added FROM segment_fix ORDER BY added, word")
        return [(str(w), tuple(str(p).split(" ")), float(t)) for w, p, t in rows]

    def fix_reading(self, word: str, syllables: list[str], sense: str = "") -> None:
        """Read `word` as `syllables` (and show `sense` first) everywhere from now on."""
        if not syllables or not all(syllables):
            raise ValueError("a reading needs its syllables")
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO reading_fix (word, syllables, sense, added) VALUES (?, ?, ?, ?)",
                (word, " ".join(syllables), sense, time.time()),
            )

    def reading_fixes(self) -> list[tuple[str, tuple[str, ...], str, float]]:
        """(word, syllables, sense, when added) for every reading fix, oldest first."""
        rows = self.conn.execute("SELECT word, syllables, sense, added FROM reading_fix ORDER BY added, word")
        return [(str(w), tuple(str(s).split(" ")), str(sense), float(t)) for w, s, sense, t in rows]

    def remove_fixes(self, word: str) -> tuple[bool, bool]:
        """Undo the word's reading fix and its segmentation fix: (a reading was removed, a segmentation was)."""
        with transaction(self.conn):
            reading = self.conn.execute("DELETE FROM reading_fix WHERE word = ?", (word,)).rowcount
            segment = self.conn.execute("DELETE FROM segment_fix WHERE word = ?", (word,)).rowcount
        return bool(reading), bool(segment)

    def status_rows(self, status: str | None = None) -> list[tuple[str, str, float, str]]:
        """(word, status, since when, how it was set: saved, import, marked or '') for every word
        with a status, or those with `status`; by word."""
        sql = "SELECT word, status, updated, source FROM word_status"
        rows = self.conn.execute(sql + " WHERE status = ? ORDER BY word" if status else sql + " ORDER BY word",
                                 (status,) if status else ())  # fmt: skip
        return [(str(w), str(st), float(t), str(src)) for w, st, t, src in rows]

    def status_of(self, word: str) -> tuple[str, float, str] | None:
        """(status, since when, how it was set) of one word, None for a word never marked."""
        row = self.conn.execute("SELECT status, updated, source FROM word_status WHERE word = ?", (word,)).fetchone()
        return (str(row[0]), float(row[1]), str(row[2])) if row else None

    def statuses(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT word, status FROM word_status").fetchall())

    def status(self, word: str) -> str:
        row = self.conn.execute("SELECT status FROM word_status WHERE word = ?", (word,)).fetchone()
        return str(row[0]) if row else "new"

    def toggle_bookmark(self, article: str, offset: int) -> bool:
        """Add a bookmark at the offset, or remove the one there; True if one is there now."""
        with transaction(self.conn):
            gone = self.conn.execute(
                "DELETE FROM bookmark WHERE article = ? AND offset = ?", (article, offset)
            ).rowcount
            if not gone:
                self.conn.execute("INSERT INTO bookmark VALUES (?, ?, ?)", (article, offset, time.time()))
        return not gone

    def bookmarks(self, article: str) -> list[int]:
        rows = self.conn.execute("SELECT offset FROM bookmark WHERE article = ? ORDER BY offset", (article,))
        return [int(r[0]) for r in rows]

    def words(self, status: str | None = None) -> list[SavedWord]:
        sql = (
            "SELECT word, traditional, pinyin, english, status, sentence, article, offset, added, sense, note, "
            "sentence_other FROM vocab"
        )
        if status is None:
            rows = self.conn.execute(sql + " ORDER BY added").fetchall()
        else:
            rows = self.conn.execute(sql + " WHERE status = ? ORDER BY added", (status,)).fetchall()
        return [SavedWord(*row) for row in rows]

    def due_cards(self, now: float, limit: int = 1000) -> list[DueCard]:
        """Cards due by `now`, soonest first; ignored and known words are not."""
        return [DueCard(*row) for row in self.conn.execute(
            f"SELECT c.word, c.kind, c.state, c.due {_DUE} ORDER BY c.due, c.word, c.kind LIMIT ?", (now, limit)
        )]  # fmt: skip

    def due_count(self, now: float) -> int:
        return int(self.conn.execute(f"SELECT count(*) {_DUE}", (now,)).fetchone()[0])

    def record_review(self, word: str, kind: str, rating: int, state: str, due: float, at: float) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE card SET state = ?, due = ? WHERE word = ? AND kind = ?", (state, due, word, kind)
            )
            self.conn.execute("INSERT INTO review_log VALUES (?, ?, ?, ?)", (word, kind, rating, at))

    def next_due(self) -> float | None:
        """When the soonest card of a word still being learned is due, if any."""
        row = self.conn.execute(f"SELECT min(c.due) {_DUE}", (float("inf"),)).fetchone()
        return row[0] if row else None

    def due(self, word: str) -> float | None:
        row = self.conn.execute("SELECT min(due) FROM card WHERE word = ?", (word,)).fetchone()
        return row[0] if row else None

    # --- progress over time ---------------------------------------------------------------

    def add_reading_time(self, article: str, seconds: float, day: str) -> None:
        """Add time spent reading an article on a day (YYYY-MM-DD, the user's local date)."""
        if seconds <= 0:
            return
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO reading_time (day, article, seconds) VALUES (?, ?, ?) "
                "ON CONFLICT(day, article) DO UPDATE SET seconds = seconds + excluded.seconds",
                (day, article, seconds),
            )

    def reading_by_day(self) -> list[tuple[str, float]]:
        return [(str(d), float(s)) for d, s in self.conn.execute(
            "SELECT day, sum(seconds) FROM reading_time GROUP BY day ORDER BY day")]  # fmt: skip

    def review_times(self) -> list[float]:
        return [float(t) for (t,) in self.conn.execute("SELECT reviewed FROM review_log ORDER BY reviewed")]

    def status_changes(self) -> list[tuple[str, str, float]]:
        """(word, status, when) for every recorded change, oldest first."""
        return [(str(w), str(s), float(t)) for w, s, t in self.conn.execute(
            "SELECT word, status, changed FROM status_log ORDER BY changed, rowid")]  # fmt: skip
