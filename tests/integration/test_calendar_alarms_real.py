"""Reminders on a real CalDAV server (Radicale on 127.0.0.1): with `calendar.alarm` every session
and call is published with its VALARM, the server keeps it, and the next sync has nothing to do
(a reminder is not something the agenda takes back from a calendar app)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.calendar.caldav import CalDav
from bot.calendar.sync import sync_calendar
from bot.sync.state import StateStore
from tests.conftest import EXAMPLES
from tests.fixtures.radicale import LocalRadicale

XEN = "xen-4.4-hackathon.yaml"


@pytest.fixture
def server(local_radicale: LocalRadicale) -> Iterator[CalDav]:
    calendar = CalDav(local_radicale.account(), user_agent="summitbot-tests")
    yield calendar
    calendar.close()


def test_sessions_with_reminders_publish_once_and_then_stay_in_step(
    tmp_path: Path, caldav_collection: str, server: CalDav, store: StateStore
) -> None:
    agenda = tmp_path / XEN
    text = (EXAMPLES / XEN).read_text().replace("collection: xen-release", f"collection: {caldav_collection}")
    agenda.write_text(text.replace("  calendar:\n", "  calendar:\n    alarm: 15m\n", 1))
    events, tasks = sync_calendar(agenda, server, store)
    assert (events.written, tasks.written) == (6, 4)

    again = sync_calendar(agenda, server, store)

    assert [(r.written, r.deleted, r.agenda_changes, r.new_conflicts) for r in again] == [(0, 0, [], 0)] * 2
    listing = server.etags(caldav_collection) or {}
    texts = [item.text for item in server.get(caldav_collection, list(listing))]
    assert sum(text.count("BEGIN:VALARM") for text in texts) == 6
    assert all("TRIGGER:-PT15M" in text for text in texts)
