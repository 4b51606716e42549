"""A sync that found nothing to do leaves the digest of its inputs (`bot.sync.in_step`), and the
next one stops early only while every input is the same: what forgets the digest, and what it
stands for. The syncs themselves, against the real servers: integration/test_sync_in_step_real.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.sync.readings
from bot.agenda.load import load_agenda, parse_agenda
from bot.calendar.memory import MemoryCalendar
from bot.calendar.stamps import Stamp
from bot.calendar.sync import sync_calendar
from bot.model import Agenda
from bot.sync.in_step import inputs_digest
from bot.sync.readings import AgendaReadings
from bot.sync.state import KnownItem, StateStore
from tests.conftest import MINI_SUMMIT

EVENT, WIKI, CALDAV = "fosdem", "wiki:FOSDEM", "caldav:fosdem"
XEN = "xen-4.4-hackathon.yaml"


def remembered(store: StateStore) -> StateStore:
    store.set_in_step(EVENT, WIKI, "wiki inputs")
    store.set_in_step(EVENT, CALDAV, "calendar inputs")
    return store


def test_the_digest_is_kept_until_the_targets_rows_change(store: StateStore) -> None:
    remembered(store)

    assert (store.in_step(EVENT, WIKI), store.in_step(EVENT, CALDAV)) == ("wiki inputs", "calendar inputs")
    assert store.in_step("another event", WIKI) == ""


def test_a_new_merge_base_forgets_the_targets_digest_only(store: StateStore) -> None:
    remembered(store).set_base(EVENT, WIKI, {"title": "FOSDEM"}, 7)

    assert (store.in_step(EVENT, WIKI), store.in_step(EVENT, CALDAV)) == ("", "calendar inputs")


def test_new_items_or_a_queued_change_forget_the_digest(store: StateStore, tmp_path: Path) -> None:
    remembered(store).set_items(EVENT, CALDAV, {"a.ics": KnownItem("uid", "etag", "sent")}, "token")
    store.enqueue(EVENT, WIKI, tmp_path / "fosdem.yaml", "the wiki is down")

    assert (store.in_step(EVENT, WIKI), store.in_step(EVENT, CALDAV)) == ("", "")


def test_changed_stamps_forget_the_calendars_digests_not_the_wikis(store: StateStore) -> None:
    at = datetime(2027, 2, 5, tzinfo=UTC)
    store.save_stamps(EVENT, [], [])
    assert store.in_step(EVENT, CALDAV) == ""  # nothing remembered yet: nothing to forget
    remembered(store).save_stamps(EVENT, [], [])
    assert store.in_step(EVENT, CALDAV) == "calendar inputs"  # no stamp changed

    remembered(store).save_stamps(EVENT, [Stamp("fosdem/a@summitbot", 0, "s", "c", at, at, "1", "V", "null")], [])

    assert (store.in_step(EVENT, WIKI), store.in_step(EVENT, CALDAV)) == ("wiki inputs", "")


def test_the_digest_stands_for_the_agenda_the_other_side_and_the_templates_beside_it(tmp_path: Path) -> None:
    first = inputs_digest("event: {}", tmp_path, "revision 7")

    assert inputs_digest("event: {}", tmp_path, "revision 7") == first
    assert inputs_digest("event: {} # a comment", tmp_path, "revision 7") != first
    assert inputs_digest("event: {}", tmp_path, "revision 8") != first
    (tmp_path / "event.wiki.j2").write_text("{{ event.title }}")
    beside = inputs_digest("event: {}", tmp_path, "revision 7")
    assert beside != first
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "people.j2").write_text("{{ people }}")
    assert inputs_digest("event: {}", tmp_path, "revision 7") != beside


def test_an_agenda_is_parsed_once_per_text(agendas: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []

    def parse(text: str, path: str) -> Agenda:
        parsed.append(path)
        return parse_agenda(text, path)

    monkeypatch.setattr(bot.sync.readings, "parse_agenda", parse)
    readings, path = AgendaReadings(), agendas / MINI_SUMMIT

    assert readings.load(path) == readings.load(path) == load_agenda(path)
    assert len(parsed) == 1
    path.write_text(path.read_text().replace("  - Denis Lunev\n", "  - Denis Lunev\n  - Grace Hopper\n", 1))
    assert "Grace Hopper" in {person.name for person in readings.load(path).people}
    assert len(parsed) == 2


def test_a_kept_cancellation_is_deleted_in_time_though_nothing_else_changes(agendas: Path, store: StateStore) -> None:
    server, xen = MemoryCalendar(), agendas / XEN
    now = [datetime(2026, 11, 1, 9, 0, tzinfo=UTC)]

    def sync() -> tuple[int, int]:
        events, _ = sync_calendar(xen, server, store, clock=lambda: now[0])
        return events.written, events.deleted

    sync()
    text = xen.read_text()
    start = text.index("  - id: gpu-passthrough")
    xen.write_text(text[:start] + text[text.index("meetings:", start + 1) :])
    assert sync() == (1, 0)  # cancelled
    assert sync() == (0, 0)  # nothing to do, but the clock will have something: no digest
    assert store.in_step("xen-4-4-hackathon", "caldav:xen-release") == ""
    now[0] += timedelta(days=31)

    assert sync() == (0, 1)
    assert sync() == (0, 0)
    assert store.in_step("xen-4-4-hackathon", "caldav:xen-release") != ""
