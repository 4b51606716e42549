"""The state store: an embedded SQLite file with what each sync needs to remember.

- `synced`: per event and target (`wiki:<page title>`), the facts both sides last agreed on
  (the merge base) and the page revision they were read at;
- `conflicts`: every conflict the merge found, with both values, until an organiser clears it;
- `queue`: targets with changes still to publish (the wiki was down, the page kept changing),
  with the attempts made and the last error, so a later run or `serve` retries them;
- `items`: per event and CalDAV collection, each item's href, UID, the ETag it had after the last
  sync and a digest of the text the bot last put there (so an unchanged item is never rewritten);
- `stamps`: per event and calendar UID, the SEQUENCE, stamps and last text of each calendar entry
  (see `bot.calendar.stamps`), so feeds stay byte-identical until something changes;
- `in_step`: per event and target, the digest of the inputs of its last sync that found nothing to
  do (`bot.sync.in_step`); forgotten whenever the target's other rows, or the event's stamps, change.
The file lives beside the agendas (`.summitbot/state.sqlite3`) unless SUMMITBOT_STATE names one;
it is private to the bot's user (0600, in a 0700 folder when the bot makes it: `bot.files`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.calendar.stamps import Stamp
from bot.errors import room_to_write
from bot.files import private_file
from bot.sync.merge import FieldConflict

SQLITE_SIBLINGS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database

SCHEMA = """
CREATE TABLE IF NOT EXISTS synced (
    event TEXT NOT NULL, target TEXT NOT NULL, facts TEXT NOT NULL, revision INTEGER,
    at TEXT NOT NULL, PRIMARY KEY (event, target));
CREATE TABLE IF NOT EXISTS conflicts (
    id INTEGER PRIMARY KEY, event TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    base TEXT, agenda TEXT, other TEXT, at TEXT NOT NULL, reason TEXT,
    UNIQUE (event, target, key, agenda, other));
CREATE TABLE IF NOT EXISTS queue (
    event TEXT NOT NULL, target TEXT NOT NULL, agenda_path TEXT NOT NULL, since TEXT NOT NULL,
    attempts INTEGER NOT NULL, last_error TEXT, PRIMARY KEY (event, target));
CREATE TABLE IF NOT EXISTS items (
    event TEXT NOT NULL, target TEXT NOT NULL, href TEXT NOT NULL, uid TEXT NOT NULL, etag TEXT NOT NULL,
    sent TEXT NOT NULL, PRIMARY KEY (event, target, href));
CREATE TABLE IF NOT EXISTS tokens (
    event TEXT NOT NULL, target TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (event, target));
CREATE TABLE IF NOT EXISTS stamps (
    event TEXT NOT NULL, uid TEXT NOT NULL, sequence INTEGER NOT NULL, schedule TEXT NOT NULL,
    content TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, position TEXT NOT NULL,
    component TEXT NOT NULL, involves TEXT NOT NULL, cancelled TEXT, PRIMARY KEY (event, uid));
CREATE TABLE IF NOT EXISTS deliveries (
    key TEXT PRIMARY KEY, channel TEXT NOT NULL, claimed TEXT NOT NULL, sent TEXT, ts TEXT);
CREATE TABLE IF NOT EXISTS notified (
    event TEXT PRIMARY KEY, sessions TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS in_step (
    event TEXT NOT NULL, target TEXT NOT NULL, inputs TEXT NOT NULL, PRIMARY KEY (event, target));
"""
KEEP_DELIVERIES = timedelta(days=30)  # longer than any lead time: a key is not sent again


@dataclass(frozen=True)
class RecordedConflict:
    """A conflict as stored: where, when, and both values."""

    id: int
    target: str
    key: str
    base: str | None
    agenda: str | None
    other: str | None
    at: datetime
    reason: str = ""  # why the other side's value was held, when it was not a plain both-sides change


@dataclass(frozen=True)
class Pending:
    """A target whose changes are waiting to be published."""

    event: str
    target: str
    agenda_path: Path
    since: datetime
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class DeliveryRecord:
    """A keyed message: where it goes, when it was claimed, and when Slack took it (None: not known)."""

    channel: str
    claimed: datetime
    sent: datetime | None


@dataclass(frozen=True)
class KnownItem:
    """An item of a CalDAV collection as the last sync left it ("" sent: not the bot's)."""

    uid: str
    etag: str
    sent: str


def default_path(agenda: Path) -> Path:
    """Where the state of an agenda lives when SUMMITBOT_STATE does not say."""
    return agenda.resolve().parent / ".summitbot" / "state.sqlite3"


class StateStore:
    """The SQLite state of every event's syncs (one short transaction per call)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with room_to_write(path):
            private_file(path, *SQLITE_SIBLINGS)
        with self._connect() as db:
            db.executescript(SCHEMA)
            _add_missing_columns(db)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One transaction; a disk without room for it raises NoRoom (SQLite wrote nothing)."""
        with room_to_write(self.path), closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                yield db

    def base(self, event: str, target: str) -> tuple[dict[str, str] | None, int | None]:
        """The facts last synced for this target and the revision they were read at."""
        with self._connect() as db:
            row = db.execute(
                "SELECT facts, revision FROM synced WHERE event=? AND target=?", (event, target)
            ).fetchone()
        if row is None:
            return None, None
        facts: dict[str, str] = json.loads(row[0])
        return facts, row[1]

    def synced_targets(self, event: str) -> set[str]:
        """The targets of an event that have a merge base (one small query, no facts read)."""
        with self._connect() as db:
            return {row[0] for row in db.execute("SELECT target FROM synced WHERE event=?", (event,))}

    def set_base(self, event: str, target: str, facts: dict[str, str], revision: int | None) -> None:
        """Remember what both sides agree on now."""
        with self._connect() as db:
            _forget_in_step(db, event, target)
            db.execute(
                "INSERT OR REPLACE INTO synced VALUES (?, ?, ?, ?, ?)",
                (event, target, json.dumps(facts, ensure_ascii=False, sort_keys=True), revision, _now()),
            )

    def record_conflicts(self, event: str, target: str, conflicts: tuple[FieldConflict, ...]) -> int:
        """Store conflicts not stored before; returns how many were new."""
        with self._connect() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO conflicts (event, target, key, base, agenda, other, at, reason) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [(event, target, c.key, c.base, c.agenda, c.other, _now(), c.reason or None) for c in conflicts],
            )
            return db.total_changes - before

    def conflicts(self, event: str) -> list[RecordedConflict]:
        """The recorded conflicts of an event, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, target, key, base, agenda, other, at, reason FROM conflicts WHERE event=? ORDER BY id",
                (event,),
            ).fetchall()
        return [
            RecordedConflict(r[0], r[1], r[2], r[3], r[4], r[5], datetime.fromisoformat(r[6]), r[7] or "") for r in rows
        ]

    def clear_conflicts(self, event: str, ids: list[int] | None = None) -> int:
        """Forget conflicts an organiser has dealt with (all of the event's when `ids` is None)."""
        with self._connect() as db:
            if ids is None:
                return db.execute("DELETE FROM conflicts WHERE event=?", (event,)).rowcount
            marks = ",".join("?" * len(ids))
            return db.execute(f"DELETE FROM conflicts WHERE event=? AND id IN ({marks})", (event, *ids)).rowcount

    def enqueue(self, event: str, target: str, agenda_path: Path, error: str) -> None:
        """Note that a target still has changes to publish, and why the last attempt failed."""
        with self._connect() as db:
            _forget_in_step(db, event, target)
            db.execute(
                "INSERT INTO queue VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (event, target) DO UPDATE SET "
                "attempts = attempts + 1, last_error = excluded.last_error, agenda_path = excluded.agenda_path",
                (event, target, str(agenda_path.resolve()), _now(), error),
            )

    def dequeue(self, event: str, target: str) -> None:
        """The target is up to date."""
        with self._connect() as db:
            db.execute("DELETE FROM queue WHERE event=? AND target=?", (event, target))

    def pending(self) -> list[Pending]:
        """Every target with changes waiting, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM queue ORDER BY since").fetchall()
        return [Pending(r[0], r[1], Path(r[2]), datetime.fromisoformat(r[3]), r[4], r[5]) for r in rows]

    def items(self, event: str, target: str) -> dict[str, KnownItem]:
        """The items of a collection at the last sync, by href."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT href, uid, etag, sent FROM items WHERE event=? AND target=?", (event, target)
            ).fetchall()
        return {row[0]: KnownItem(row[1], row[2], row[3]) for row in rows}

    def set_items(self, event: str, target: str, items: dict[str, KnownItem], token: str = "") -> None:
        """Remember the items of a collection as this sync leaves them (replacing what was known) and
        the collection's token they go with ("": none, list everything next time)."""
        with self._connect() as db:
            _forget_in_step(db, event, target)
            db.execute("DELETE FROM items WHERE event=? AND target=?", (event, target))
            db.executemany(
                "INSERT INTO items VALUES (?,?,?,?,?,?)",
                [(event, target, href, item.uid, item.etag, item.sent) for href, item in items.items()],
            )
            db.execute("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)", (event, target, token))

    def token(self, event: str, target: str) -> str:
        """The collection's token at the last sync ("" when there is none)."""
        with self._connect() as db:
            row = db.execute("SELECT token FROM tokens WHERE event=? AND target=?", (event, target)).fetchone()
        return str(row[0]) if row else ""

    def stamps(self, event: str) -> dict[str, Stamp]:
        """The calendar stamps of an event, by UID."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT uid, sequence, schedule, content, created, modified, position, component, involves, "
                "cancelled FROM stamps WHERE event=?",
                (event,),
            ).fetchall()
        return {row[0]: _stamp(row) for row in rows}

    def save_stamps(self, event: str, changed: list[Stamp], forgotten: list[str]) -> None:
        """Store the stamps that changed and drop the forgotten ones, in one transaction."""
        if not (changed or forgotten):
            return
        with self._connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO stamps VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (event, s.uid, s.sequence, s.schedule, s.content, s.created.isoformat(), s.modified.isoformat(),
                     s.position, s.component, s.involves, s.cancelled.isoformat() if s.cancelled else None)
                    for s in changed
                ],
            )  # fmt: skip
            db.executemany("DELETE FROM stamps WHERE event=? AND uid=?", [(event, uid) for uid in forgotten])
            db.execute("DELETE FROM in_step WHERE event=? AND target LIKE 'caldav:%'", (event,))

    def in_step(self, event: str, target: str) -> str:
        """The digest of the inputs of the target's last sync that found nothing to do ("": none since
        its rows last changed)."""
        with self._connect() as db:
            row = db.execute("SELECT inputs FROM in_step WHERE event=? AND target=?", (event, target)).fetchone()
        return str(row[0]) if row else ""

    def set_in_step(self, event: str, target: str, inputs: str) -> None:
        """Remember that a sync given these inputs (a digest) found the target in step."""
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO in_step VALUES (?, ?, ?)", (event, target, inputs))

    def delivery(self, key: str) -> DeliveryRecord | None:
        """The keyed message's record, if it was ever claimed."""
        with self._connect() as db:
            row = db.execute("SELECT channel, claimed, sent FROM deliveries WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        return DeliveryRecord(
            row[0], datetime.fromisoformat(row[1]), datetime.fromisoformat(row[2]) if row[2] else None
        )

    def claim_delivery(self, key: str, channel: str, at: datetime) -> None:
        """Note, before sending it, that the keyed message goes to `channel` (old records pruned)."""
        with self._connect() as db:
            db.execute("INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, NULL, NULL)", (key, channel, at.isoformat()))
            db.execute("DELETE FROM deliveries WHERE claimed < ?", ((at - KEEP_DELIVERIES).isoformat(),))

    def confirm_delivery(self, key: str, ts: str, at: datetime) -> None:
        """Slack took the keyed message (`ts` "" when it was found in the history)."""
        with self._connect() as db:
            db.execute("UPDATE deliveries SET sent=?, ts=? WHERE key=?", (at.isoformat(), ts, key))

    def notified(self, event: str) -> dict[str, Any] | None:
        """The event's sessions as last notified (None: never)."""
        with self._connect() as db:
            row = db.execute("SELECT sessions FROM notified WHERE event=?", (event,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_notified(self, event: str, sessions: dict[str, Any]) -> None:
        """Remember the event's sessions as people have now been told of them."""
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO notified VALUES (?, ?, ?)",
                (event, json.dumps(sessions, ensure_ascii=False, sort_keys=True), _now()),
            )


def _forget_in_step(db: sqlite3.Connection, event: str, target: str) -> None:
    db.execute("DELETE FROM in_step WHERE event=? AND target=?", (event, target))


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """Bring a state file written by an older summitbot up to this schema."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(conflicts)")}
    if "reason" not in columns:
        db.execute("ALTER TABLE conflicts ADD COLUMN reason TEXT")


def _stamp(row: tuple[Any, ...]) -> Stamp:
    uid, sequence, schedule, content, created, modified, position, component, involves, cancelled = row
    return Stamp(
        uid, sequence, schedule, content, datetime.fromisoformat(created), datetime.fromisoformat(modified),
        position, component, involves, datetime.fromisoformat(cancelled) if cancelled else None,
    )  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
