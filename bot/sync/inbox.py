"""The chat inbox: every request from chat, stored before it is acknowledged, until it is done.

A request is written here (one short SQLite transaction, WAL) before Slack gets its answer, and
marked done only after its change is in the agenda file. So a kill -9 at any moment loses
nothing: a request stored but not done is simply applied again after the restart (every change
is idempotent). Events carry Slack's event id as `key`, which is unique: a redelivered event
finds its key taken and is dropped. Done requests are kept a day for that purpose, then pruned.

`outbox` holds the answers and channel posts owed for changes already written, until Slack took
them: a bot killed between the write and the "Done" sends it after the restart (at least once).
`posts` remembers which channel message announced which proposal, so a reaction to it is a vote.
It lives in the state store's SQLite file, beside the sync tables.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.errors import room_to_write
from bot.files import private_file
from bot.sync.state import SQLITE_SIBLINGS

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    id INTEGER PRIMARY KEY, key TEXT UNIQUE, kind TEXT NOT NULL, payload TEXT NOT NULL,
    received TEXT NOT NULL, done TEXT);
CREATE INDEX IF NOT EXISTS inbox_waiting ON inbox (done, id);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    channel TEXT NOT NULL, ts TEXT NOT NULL, event TEXT NOT NULL, proposal TEXT NOT NULL,
    PRIMARY KEY (channel, ts));
"""
KEEP_DONE = timedelta(days=1)


@dataclass(frozen=True)
class Letter:
    """A stored request: its kind (command, reaction, form), what Slack sent, and when."""

    id: int
    kind: str
    payload: dict[str, Any]
    received: datetime


@dataclass(frozen=True)
class Post:
    """A channel message that announced a proposal."""

    channel: str
    ts: str
    event: str
    proposal: str


class Inbox:
    """The inbox and the proposal posts; one connection shared by the bot's threads, one lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with room_to_write(path):
            private_file(path, *SQLITE_SIBLINGS)
            self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._locked():
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL: a commit is in the WAL before it returns, so it survives the process being
            # killed; only a power cut could lose the last ones (and Slack's request with them)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        with self._locked():
            self._db.close()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The connection to ourselves; a disk without room for a write raises NoRoom."""
        with self._lock, room_to_write(self.path):
            yield

    def add(self, kind: str, payload: dict[str, Any], key: str | None = None) -> bool:
        """Store a request; False when its key was seen before (a redelivery), storing nothing."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        with self._locked():
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO inbox (key, kind, payload, received) VALUES (?, ?, ?, ?)",
                (key, kind, text, _now()),
            )
            return cursor.rowcount == 1

    def waiting(self, limit: int = 500, skip: Collection[int] = ()) -> list[Letter]:
        """Requests not done yet, oldest first, but those in `skip` (held back by the worker)."""
        query = "SELECT id, kind, payload, received FROM inbox WHERE done IS NULL"
        query += " AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?"
        with self._locked():
            rows = self._db.execute(query, (json.dumps(list(skip)), limit)).fetchall()
        return [Letter(row[0], row[1], json.loads(row[2]), datetime.fromisoformat(row[3])) for row in rows]

    def count_waiting(self) -> int:
        """How many requests are not done yet."""
        with self._locked():
            count: int = self._db.execute("SELECT count(*) FROM inbox WHERE done IS NULL").fetchone()[0]
        return count

    def done(self, ids: Iterable[int]) -> None:
        """Mark requests done (their payload is dropped; the key stays a day against redelivery)."""
        now = _now()
        with self._locked():
            self._db.execute("BEGIN")
            try:
                self._db.executemany("UPDATE inbox SET done=?, payload='{}' WHERE id=?", [(now, i) for i in ids])
                self._db.execute("DELETE FROM inbox WHERE done < ?", ((datetime.now(UTC) - KEEP_DONE).isoformat(),))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.rollback()  # a full disk: the requests stay waiting, the connection usable
                raise

    def queue(self, messages: list[tuple[str, dict[str, Any]]]) -> list[int]:
        """Owe these messages (kind, payload); their ids, to mark each `sent`."""
        ids = []
        with self._locked():
            for kind, payload in messages:
                text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                cursor = self._db.execute("INSERT INTO outbox (kind, payload, created) VALUES (?, ?, ?)",
                                          (kind, text, _now()))  # fmt: skip
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def owed(self) -> list[tuple[int, str, dict[str, Any]]]:
        """Messages not sent yet (a previous run stopped first), oldest first."""
        with self._locked():
            rows = self._db.execute("SELECT id, kind, payload FROM outbox ORDER BY id").fetchall()
        return [(row[0], row[1], json.loads(row[2])) for row in rows]

    def sent(self, message_id: int) -> None:
        """Slack took the message."""
        with self._locked():
            self._db.execute("DELETE FROM outbox WHERE id=?", (message_id,))

    def remember_post(self, post: Post) -> None:
        """Note that a channel message announced a proposal."""
        with self._locked():
            self._db.execute(
                "INSERT OR REPLACE INTO posts VALUES (?, ?, ?, ?)", (post.channel, post.ts, post.event, post.proposal)
            )

    def post(self, channel: str, ts: str) -> Post | None:
        """The proposal a channel message announced, if it did."""
        with self._locked():
            row = self._db.execute("SELECT * FROM posts WHERE channel=? AND ts=?", (channel, ts)).fetchone()
        return Post(*row) if row else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
