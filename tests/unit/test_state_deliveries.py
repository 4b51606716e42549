"""The state store's record of keyed messages: a store written before it had the table gains it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.sync.state import StateStore

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)


def test_a_store_from_before_reminders_gains_the_tables_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:  # an older summitbot's store: no deliveries, no notified
        db.execute("CREATE TABLE synced (event TEXT NOT NULL, target TEXT NOT NULL, facts TEXT NOT NULL, "
                   "revision INTEGER, at TEXT NOT NULL, PRIMARY KEY (event, target))")  # fmt: skip
        db.execute("INSERT INTO synced VALUES ('demo', 'wiki:Demo', '{\"a\": \"1\"}', 7, '2027-01-01')")
    store = StateStore(path)
    assert store.base("demo", "wiki:Demo") == ({"a": "1"}, 7)
    assert store.delivery("reminder/x") is None
    store.claim_delivery("reminder/x", "D0ANN", NOW)
    record = store.delivery("reminder/x")
    assert record is not None
    assert (record.channel, record.claimed, record.sent) == ("D0ANN", NOW, None)
    store.confirm_delivery("reminder/x", "1.000100", NOW + timedelta(seconds=1))
    assert StateStore(path).delivery("reminder/x") == record.__class__("D0ANN", NOW, NOW + timedelta(seconds=1))


def test_a_key_claimed_twice_keeps_its_first_claim_and_old_records_are_pruned(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    store.claim_delivery("old", "C1", NOW - timedelta(days=40))
    store.claim_delivery("k", "C1", NOW)
    store.claim_delivery("k", "C2", NOW + timedelta(minutes=1))
    record = store.delivery("k")
    assert record is not None
    assert (record.channel, record.claimed) == ("C1", NOW)
    assert store.delivery("old") is None
