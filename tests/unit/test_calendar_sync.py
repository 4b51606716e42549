"""Two-way sync of an agenda with its CalDAV collections, against the in-memory server (the real
one, Radicale, is in integration/).

Each test reads like what happens: the bot publishes, an organiser drags a session in a calendar
app or ticks a task off, the YAML changes too, the bot syncs, and nobody's edit is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.agenda.load import load_agenda
from bot.calendar.memory import MemoryCalendar
from bot.calendar.sync import CalendarReport, sync_calendar
from bot.errors import CalendarError, CalendarUnavailable
from bot.sync.merge import record_of
from bot.sync.state import StateStore
from tests.conftest import MINI_SUMMIT

XEN = "xen-4.4-hackathon.yaml"
EVENTS, TASKS = "xen-release", "xen-release-tasks"


class Clock:
    """A clock the test moves by hand (an hour per sync unless told otherwise)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server() -> MemoryCalendar:
    return MemoryCalendar()


@pytest.fixture
def xen(agendas: Path) -> Path:
    return agendas / XEN


Sync = Callable[..., list[CalendarReport]]


@pytest.fixture
def sync(server: MemoryCalendar, store: StateStore, clock: Clock) -> Sync:
    def run(path: Path, **options: Any) -> list[CalendarReport]:
        return sync_calendar(path, server, store, clock=clock, **options)

    return run


def component(server: MemoryCalendar, collection: str, uid: str) -> tuple[str, Any]:
    """The href and the VEVENT/VTODO of the item holding `uid`."""
    for href, item in server.collections[collection].items.items():
        for part in Calendar.from_ical(item.text).walk():
            if part.name in {"VEVENT", "VTODO"} and str(part["UID"]) == uid:
                return href, part
    raise AssertionError(f"no item with UID {uid} in {collection}")


def app_edit(server: MemoryCalendar, collection: str, uid: str, change: Callable[[Any], None]) -> None:
    """Change an item as a calendar app does: parse, change, save the whole VCALENDAR back."""
    href, _ = component(server, collection, uid)
    calendar = Calendar.from_ical(server.collections[collection].items[href].text)
    for part in calendar.walk():
        if part.name in {"VEVENT", "VTODO"} and str(part["UID"]) == uid:
            change(part)
    server.human_put(collection, href, calendar.to_ical().decode("utf-8"))


def set_value(part: Any, name: str, value: object) -> None:
    part.pop(name, None)
    part.add(name, value)


def london(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2013, 5, day, hour, minute, tzinfo=ZoneInfo("Europe/London"))


def test_first_sync_publishes_everything_and_a_second_writes_nothing(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    first = sync(xen)

    assert [(r.collection, r.created) for r in first] == [(EVENTS, True), (TASKS, True)]
    assert len(server.collections[EVENTS].items) == len(load_agenda(xen).sessions) + 1  # + the weekly call
    assert len(server.collections[TASKS].items) == len(load_agenda(xen).actions)
    writes, reads, text = server.writes, server.reads, xen.read_text()

    again = sync(xen)

    assert [(r.written, r.deleted, r.agenda_changes) for r in again] == [(0, 0, []), (0, 0, [])]
    assert server.writes == writes
    assert server.reads == reads + 2  # one listing per collection, nothing fetched
    assert xen.read_text() == text


def test_a_session_moved_in_the_yaml_is_updated_with_a_higher_sequence(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    sync(xen)
    xen.write_text(xen.read_text().replace('start: "09:30"', 'start: "09:45"', 1))

    events, _ = sync(xen)

    assert events.written == 1
    _, moved = component(server, EVENTS, "xen-4-4-hackathon/roadmap-purpose@summitbot")
    assert moved["DTSTART"].dt == london(15, 9, 45)
    assert moved["SEQUENCE"] == 1


def test_a_session_dragged_in_a_calendar_app_moves_in_the_yaml(xen: Path, sync: Sync, server: MemoryCalendar) -> None:
    sync(xen)
    uid = "xen-4-4-hackathon/roadmap-purpose@summitbot"

    def drag(part: Any) -> None:
        set_value(part, "DTSTART", london(15, 9, 0))
        set_value(part, "DTEND", london(15, 10, 15))
        set_value(part, "SEQUENCE", 4)  # some apps raise it themselves

    app_edit(server, EVENTS, uid, drag)

    events, _ = sync(xen)

    session = next(s for s in load_agenda(xen).sessions if s.id == "roadmap-purpose")
    assert (session.start, session.end) == (london(15, 9), london(15, 10, 15))
    assert events.agenda_changes == [
        "roadmap-purpose: end now 2013-05-15 10:15",
        "roadmap-purpose: start now 2013-05-15 09:00",
    ]
    _, published = component(server, EVENTS, uid)
    assert published["SEQUENCE"] == 5  # above the app's
    assert [r.written for r in sync(xen)] == [0, 0]


def test_a_task_completed_in_a_calendar_app_closes_the_action_item(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    sync(xen)
    app_edit(
        server, TASKS, "xen-4-4-hackathon/action/A1@summitbot", lambda part: set_value(part, "STATUS", "COMPLETED")
    )

    _, tasks = sync(xen)

    action = next(a for a in load_agenda(xen).actions if a.id == "A1")
    assert action.status == "done"
    assert tasks.agenda_changes == ["action A1: status now done"]
    assert "status: done" in xen.read_text()


def test_both_sides_changed_the_agenda_wins_and_the_conflict_is_kept(
    xen: Path, sync: Sync, server: MemoryCalendar, store: StateStore
) -> None:
    sync(xen)
    uid = "xen-4-4-hackathon/roadmap-purpose@summitbot"
    app_edit(server, EVENTS, uid, lambda part: set_value(part, "DTSTART", london(15, 9, 0)))
    xen.write_text(xen.read_text().replace('start: "09:30"', 'start: "09:45"', 1))

    events, _ = sync(xen)

    assert events.new_conflicts == 1
    [conflict] = store.conflicts("xen-4-4-hackathon")
    assert (conflict.key, conflict.agenda, conflict.other) == (
        "event/roadmap-purpose/start", "2013-05-15T09:45", "2013-05-15T09:00",
    )  # fmt: skip
    _, published = component(server, EVENTS, uid)
    assert published["DTSTART"].dt == london(15, 9, 45)


def test_a_removed_session_is_cancelled_and_later_deleted(
    xen: Path, sync: Sync, server: MemoryCalendar, clock: Clock
) -> None:
    sync(xen)
    text = xen.read_text()
    start = text.index("  - id: gpu-passthrough")
    end = text.index("meetings:", start + 1)
    xen.write_text(text[:start] + text[end:])

    sync(xen)

    _, cancelled = component(server, EVENTS, "xen-4-4-hackathon/gpu-passthrough@summitbot")
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", 1)
    clock.now += timedelta(days=31)

    events, _ = sync(xen)

    assert events.deleted == 1
    with pytest.raises(AssertionError):
        component(server, EVENTS, "xen-4-4-hackathon/gpu-passthrough@summitbot")


def test_an_item_deleted_in_an_app_comes_back_and_the_agenda_keeps_the_session(
    xen: Path, sync: Sync, server: MemoryCalendar, store: StateStore
) -> None:
    sync(xen)
    uid = "xen-4-4-hackathon/roadmap-purpose@summitbot"
    href, _ = component(server, EVENTS, uid)
    server.human_delete(EVENTS, href)
    text = xen.read_text()

    events, _ = sync(xen)

    assert xen.read_text() == text
    component(server, EVENTS, uid)  # published again
    assert events.new_conflicts == 1


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_an_empty_or_deleted_collection_never_empties_the_agenda(
    xen: Path, sync: Sync, server: MemoryCalendar, how: str
) -> None:
    sync(xen)
    if how == "emptied":
        for href in list(server.collections[EVENTS].items):
            server.human_delete(EVENTS, href)
    else:
        del server.collections[EVENTS]
    text = xen.read_text()

    events, _ = sync(xen)

    assert xen.read_text() == text
    assert len(server.collections[EVENTS].items) == len(load_agenda(xen).sessions) + 1
    assert events.new_conflicts == 0
    assert events.republished or events.created


def test_a_session_dragged_across_midnight_is_refused_as_a_conflict(
    xen: Path, sync: Sync, server: MemoryCalendar, store: StateStore
) -> None:
    sync(xen)
    app_edit(
        server, EVENTS, "xen-4-4-hackathon/roadmap-purpose@summitbot",
        lambda part: set_value(part, "DTEND", london(16, 1, 0)),
    )  # fmt: skip
    text = xen.read_text()

    events, _ = sync(xen)

    assert xen.read_text() == text
    assert events.new_conflicts == 1
    _, published = component(server, EVENTS, "xen-4-4-hackathon/roadmap-purpose@summitbot")
    assert published["DTEND"].dt == london(15, 10, 30)


def test_a_session_dragged_to_a_day_the_event_does_not_have_is_a_conflict(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    sync(xen)

    def drag(part: Any) -> None:
        set_value(part, "DTSTART", london(20, 9, 30))
        set_value(part, "DTEND", london(20, 10, 30))

    app_edit(server, EVENTS, "xen-4-4-hackathon/roadmap-purpose@summitbot", drag)
    text = xen.read_text()

    events, _ = sync(xen)

    assert xen.read_text() == text
    assert events.new_conflicts == 2
    assert events.plan is not None
    [reason] = {c.reason for c in events.plan.conflicts}
    assert reason.startswith("not taken: the agenda would not check with it (session 'roadmap-purpose'")


def test_one_session_the_agenda_cannot_hold_does_not_keep_the_others_from_landing(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    sync(xen)

    def off_the_days(part: Any) -> None:
        set_value(part, "DTSTART", london(20, 9, 30))
        set_value(part, "DTEND", london(20, 10, 30))

    def later(part: Any) -> None:
        set_value(part, "DTSTART", london(15, 12, 45))
        set_value(part, "DTEND", london(15, 13, 45))

    sessions = [s.id for s in load_agenda(xen).sessions]
    app_edit(server, EVENTS, f"xen-4-4-hackathon/{sessions[0]}@summitbot", off_the_days)
    app_edit(server, EVENTS, f"xen-4-4-hackathon/{sessions[1]}@summitbot", later)

    events, _ = sync(xen)

    moved = next(s for s in load_agenda(xen).sessions if s.id == sessions[1])
    assert (moved.start, moved.end) == (london(15, 12, 45), london(15, 13, 45))
    assert events.new_conflicts == 2
    assert events.plan is not None
    assert {record_of(c.key) for c in events.plan.conflicts} == {f"event/{sessions[0]}"}


def test_items_of_other_calendars_in_the_collection_are_left_alone(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    sync(xen)
    mine = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//app//EN\r\nBEGIN:VEVENT\r\nUID:dentist@example.org\r\n"
    mine += "DTSTAMP:20130101T000000Z\r\nDTSTART:20130515T080000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    etag = server.human_put(EVENTS, "dentist.ics", mine)

    sync(xen)
    reads = server.reads
    sync(xen)

    assert server.collections[EVENTS].items["dentist.ics"].etag == etag
    assert server.reads == reads + 2  # not fetched again


def test_an_unreachable_server_queues_the_change(
    xen: Path, sync: Sync, server: MemoryCalendar, store: StateStore
) -> None:
    sync(xen)
    server.down = True

    with pytest.raises(CalendarUnavailable):
        sync(xen)

    assert [p.target for p in store.pending()] == [f"caldav:{EVENTS}"]
    server.down = False
    sync(xen)
    assert store.pending() == []


def test_an_item_changed_between_read_and_write_is_merged_on_the_next_round(
    xen: Path, sync: Sync, server: MemoryCalendar
) -> None:
    sync(xen)
    xen.write_text(xen.read_text().replace('start: "09:30"', 'start: "09:45"', 1))
    put = server.put
    calls: list[str] = []
    uid = "xen-4-4-hackathon/roadmap-purpose@summitbot"

    def put_after_a_human(collection: str, href: str, text: str, *, etag: str | None) -> str:
        if not calls:
            calls.append(href)
            app_edit(server, EVENTS, uid, lambda p: set_value(p, "SUMMARY", "Purpose of the roadmap"))
        return put(collection, href, text, etag=etag)

    server.put = put_after_a_human  # type: ignore[method-assign]

    events, _ = sync(xen)

    assert events.attempts == 2
    assert "title: Purpose of the roadmap" in xen.read_text()
    _, published = component(server, EVENTS, uid)
    assert (published["SUMMARY"], published["DTSTART"].dt) == ("Purpose of the roadmap", london(15, 9, 45))


def test_a_dry_run_plans_and_writes_nothing(xen: Path, sync: Sync, server: MemoryCalendar) -> None:
    sync(xen)
    app_edit(
        server, TASKS, "xen-4-4-hackathon/action/A1@summitbot", lambda part: set_value(part, "STATUS", "COMPLETED")
    )
    writes, text = server.writes, xen.read_text()

    _, tasks = sync(xen, dry_run=True)

    assert tasks.plan is not None
    assert [c.key for c in tasks.plan.to_agenda] == ["task/A1/status"]
    assert (server.writes, xen.read_text()) == (writes, text)


def test_an_agenda_without_action_items_makes_no_task_collection(
    agendas: Path, sync: Sync, server: MemoryCalendar
) -> None:
    reports = sync(agendas / MINI_SUMMIT)

    assert [r.collection for r in reports] == ["containers"]
    assert list(server.collections) == ["containers"]


class _RefusingEvents(MemoryCalendar):
    """A server that refuses writes to the events collection alone (a quota, a permission)."""

    def put(self, collection: str, href: str, text: str, *, etag: str | None) -> str:
        if collection == EVENTS:
            raise CalendarError(f"{collection}: 507 insufficient storage")
        return super().put(collection, href, text, etag=etag)


def test_a_collection_that_fails_does_not_keep_the_other_from_syncing(
    xen: Path, store: StateStore, clock: Clock
) -> None:
    server = _RefusingEvents()

    with pytest.raises(CalendarError, match="507"):
        sync_calendar(xen, server, store, clock=clock)

    assert server.etags(TASKS)  # the tasks went out all the same
    assert {p.target for p in store.pending()} == {f"caldav:{EVENTS}"}  # the events wait in the queue
