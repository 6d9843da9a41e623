"""The ledger: which cases were submitted, when, and what they said (SQLite, stdlib only).

``record()`` stores a submitted case: its Amazon case ID, category, order ID, path, the time,
and its fingerprint (``fingerprint.py``), including the shingle set, so later checks compare
texts without re-reading old files. The ``duplicate`` and ``follow-up`` checks read it.

Where it lives: an explicit path, else ``$TICKETCHECK_LEDGER``, else
``.ticketcheck/ledger.sqlite`` in the nearest folder above the case that holds
``.ticketcheck.yaml`` or ``.git`` (the project), else beside the case. Checking never
creates a ledger: no file means nothing was recorded.

Two processes may record at once (a pre-submit hook and a script, say): the database runs in
WAL mode, each write is one ``BEGIN IMMEDIATE`` transaction with a busy timeout, and a write
that still finds the database locked is retried.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from .attachments import AttachmentStore
from .case import Case
from .errors import TicketcheckError
from .fingerprint import (
    AttachmentDigest,
    fingerprint_case,
    jaccard,
    pack_shingles,
    unpack_shingles,
)
from .identifiers import check_identifier

# Re-exported ("x as x"): they were defined here first and are part of this module's API.
from .ledger_location import LEDGER_DIR as LEDGER_DIR
from .ledger_location import LEDGER_ENV as LEDGER_ENV
from .ledger_location import LEDGER_NAME as LEDGER_NAME
from .ledger_location import PROJECT_MARKERS as PROJECT_MARKERS
from .ledger_location import default_ledger as default_ledger
from .ledger_location import ledger_for as ledger_for

#: Measured on reworded and different cases (README, "How similar is similar"): one sentence changed in a
#: 6-10 sentence case scores 0.62-0.83, a different case on the same order 0.09.
DEFAULT_THRESHOLD = 0.5
SCHEMA_VERSION = 1
_BUSY_MS = 30_000
_RETRIES = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    category TEXT,
    order_id TEXT,
    path TEXT,
    fingerprint TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    attachments TEXT NOT NULL,
    shingles BLOB NOT NULL,
    received_at TEXT
);
CREATE INDEX IF NOT EXISTS submissions_fingerprint ON submissions (fingerprint);
CREATE INDEX IF NOT EXISTS submissions_order ON submissions (order_id, category);
CREATE INDEX IF NOT EXISTS submissions_case_id ON submissions (case_id);
"""
_FIELDS = (
    "case_id, submitted_at, category, order_id, path, fingerprint, text_hash, attachments, "
    "shingles, received_at"
)
_COLUMNS = "id, " + _FIELDS
_T = TypeVar("_T")


class LedgerError(TicketcheckError):
    """The ledger cannot be opened or written, or a record is refused (a bad case ID)."""


@dataclass(frozen=True)
class Record:
    """One submitted case as the ledger remembers it."""

    case_id: str
    submitted_at: dt.datetime
    category: str | None
    order_id: str | None
    path: str | None
    fingerprint: str
    text_hash: str
    attachments: tuple[AttachmentDigest, ...]
    shingles: frozenset[int]
    received_at: dt.datetime | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; the shingles are summarised by their count (they are only hashes)."""
        return {
            "case_id": self.case_id,
            "submitted_at": _iso(self.submitted_at),
            "category": self.category,
            "order_id": self.order_id,
            "path": self.path,
            "fingerprint": self.fingerprint,
            "attachments": [a.to_dict() for a in self.attachments],
            "shingles": len(self.shingles),
            "received_at": _iso(self.received_at) if self.received_at else None,
        }


@dataclass(frozen=True)
class Match:
    """A recorded submission that a case repeats: exactly, or with this text similarity."""

    record: Record
    similarity: float
    exact: bool


def record(
    case: Case,
    case_id: str,
    ledger: str | os.PathLike[str] | None = None,
    *,
    now: dt.datetime | None = None,
    store: AttachmentStore | None = None,
) -> Record:
    """Remember ``case`` as submitted under Amazon's ``case_id``; creates the ledger if needed.

    Raises ``LedgerError`` for a case ID that is not 10 digits or a ledger that cannot be
    written.
    """
    case_id = str(case_id).strip()
    reason = check_identifier("case-id", case_id)
    if reason is not None:
        raise LedgerError(f"case ID {case_id!r} is not valid: {reason}")
    path = ledger_for(case, ledger)
    printed = fingerprint_case(case, store or AttachmentStore(case.root))
    entry = Record(
        case_id=case_id,
        submitted_at=_utc(now) if now else dt.datetime.now(dt.UTC),
        category=case.category,
        order_id=case.order_id,
        path=_shown_path(case.path, path),
        fingerprint=printed.fingerprint,
        text_hash=printed.text_hash,
        attachments=printed.attachments,
        shingles=printed.shingles,
        received_at=_utc(case.received_at) if case.received_at else None,
    )
    row = (
        entry.case_id, _iso(entry.submitted_at), entry.category, entry.order_id, entry.path,
        entry.fingerprint, entry.text_hash,
        json.dumps([a.to_dict() for a in entry.attachments], sort_keys=True),
        pack_shingles(entry.shingles),
        _iso(entry.received_at) if entry.received_at else None,
    )  # fmt: skip
    with _connect(path, create=True) as conn:
        rowid = _write(conn, f"INSERT INTO submissions ({_FIELDS}) VALUES ({_marks(10)})", row)
    return replace(entry, id=rowid)


def list_records(ledger: str | os.PathLike[str]) -> list[Record]:
    """Every recorded submission, oldest first; ``[]`` when there is no ledger file."""
    return _select(ledger, "", ())


def find_records(
    ledger: str | os.PathLike[str], *, order_id: str | None = None, case_id: str | None = None
) -> list[Record]:
    """Recorded submissions on an order, or with a case ID (oldest first)."""
    if case_id is not None:
        return _select(ledger, "WHERE case_id = ?", (case_id,))
    return _select(ledger, "WHERE order_id IS ?", (order_id,))


def find_similar(
    case: Case,
    ledger: str | os.PathLike[str] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    store: AttachmentStore | None = None,
) -> list[Match]:
    """Recorded submissions that ``case`` repeats: the same fingerprint, or the same order and
    category with a text similarity (Jaccard of word shingles) at or above ``threshold``.

    Exact matches come first, then by similarity; each group oldest first.
    """
    path = ledger_for(case, ledger)
    if not path.is_file():
        return []
    printed = fingerprint_case(case, store or AttachmentStore(case.root))
    candidates = _select(
        path,
        "WHERE fingerprint = ? OR (order_id IS ? AND category IS ?)",
        (printed.fingerprint, case.order_id, case.category),
    )
    matches = []
    for rec in candidates:
        exact = rec.fingerprint == printed.fingerprint
        score = 1.0 if exact else jaccard(printed.shingles, rec.shingles)
        if exact or score >= threshold:
            matches.append(Match(rec, score, exact))
    matches.sort(key=lambda m: (not m.exact, -m.similarity, m.record.submitted_at))
    return matches


def _select(ledger: str | os.PathLike[str], where: str, args: tuple[Any, ...]) -> list[Record]:
    path = Path(ledger)
    if not path.is_file():
        return []
    with _connect(path, create=False) as conn:
        try:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM submissions {where} ORDER BY submitted_at, id", args
            ).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []  # an empty file (touched, or created by a first write that failed)
            raise LedgerError(f"{path}: cannot read the ledger: {exc}") from None
        except sqlite3.Error as exc:
            raise LedgerError(f"{path}: cannot read the ledger: {exc}") from None
    return [_record(row) for row in rows]


@contextmanager
def _connect(path: Path, *, create: bool) -> Iterator[sqlite3.Connection]:
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LedgerError(f"{path}: cannot create its folder: {exc.strerror or exc}") from None
    # mode=rw never creates the file, so checking a case cannot leave an empty ledger behind.
    base = path.resolve().as_uri()
    try:
        try:
            conn = _open(f"{base}?mode={'rwc' if create else 'rw'}")
        except sqlite3.OperationalError:
            if create:
                raise
            conn = _open(f"{base}?mode=ro")  # a ledger shared read-only can still be checked
    except sqlite3.Error as exc:
        raise LedgerError(f"{path}: cannot open the ledger: {exc}") from None
    with closing(conn):
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            if create:
                _retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{path}: not a ticketcheck ledger: {exc}") from None
        yield conn


def _open(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, timeout=_BUSY_MS / 1000, isolation_level=None)


def _write(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...]) -> int | None:
    """Create the schema if missing, then run ``sql``: one IMMEDIATE transaction, retried."""

    def attempt() -> int | None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                # executescript() would COMMIT first; run the statements inside this
                # transaction so two first writers cannot both create the schema.
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version > SCHEMA_VERSION:
                raise LedgerError(f"the ledger was written by a newer ticketcheck ({version})")
            rowid = conn.execute(sql, args).lastrowid
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return rowid

    try:
        return _retry(attempt)
    except sqlite3.Error as exc:
        raise LedgerError(f"cannot write the ledger: {exc}") from None


def _retry(action: Callable[[], _T]) -> _T:
    # busy_timeout covers most contention; a lock held across a WAL checkpoint or a schema
    # change can still surface as "database is locked", so back off and try again.
    for attempt in range(_RETRIES):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _record(row: tuple[Any, ...]) -> Record:
    rowid, case_id, submitted, category, order_id, path, printed, text_hash = row[:8]
    attachments, blob, received = row[8:]
    try:
        files = tuple(
            AttachmentDigest(str(a["name"]), a.get("sha256"), a.get("size"))
            for a in json.loads(attachments)
        )
    except (ValueError, TypeError, KeyError):
        files = ()
    return Record(
        case_id=case_id,
        submitted_at=_parse(submitted) or dt.datetime.min.replace(tzinfo=dt.UTC),
        category=category,
        order_id=order_id,
        path=path,
        fingerprint=printed,
        text_hash=text_hash,
        attachments=files,
        shingles=unpack_shingles(bytes(blob or b"")),
        received_at=_parse(received),
        id=rowid,
    )


def _shown_path(case_path: Path | None, ledger: Path) -> str | None:
    """The case's path relative to the project that holds the ledger, so a ledger shared in
    a repository names the same file on every machine; absolute when outside it."""
    if case_path is None:
        return None
    real = case_path.resolve()
    folder = ledger.resolve().parent
    root = folder.parent if folder.name == LEDGER_DIR else folder
    return real.relative_to(root).as_posix() if real.is_relative_to(root) else real.as_posix()


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds")


def _parse(text: str | None) -> dt.datetime | None:
    try:
        return _utc(dt.datetime.fromisoformat(text)) if text else None
    except ValueError:
        return None
