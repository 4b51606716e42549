"""The calendar sync keeps each collection's token, so a sync with nothing to do asks only "what
changed?", and a token that went stale or a change made meanwhile is never missed.

Against the in-memory server, whose token moves with every change (a CTag); the sync-tokens of
Radicale and Xandikos are in integration/test_calendar_sync_real.py and the contract test.
"""

from __future__ import annotations

from pathlib import Path

from bot.agenda.load import load_agenda
from bot.calendar.memory import MemoryCalendar
from bot.calendar.port import Changes
from bot.calendar.sync import sync_calendar
from bot.sync.state import StateStore

XEN = "xen-4.4-hackathon.yaml"
EVENTS = "xen-release"
UID = "xen-4-4-hackathon/roadmap-purpose@summitbot"


def target(path: Path) -> tuple[str, str]:
    return load_agenda(path).event.id, f"caldav:{EVENTS}"


def test_after_publishing_the_token_is_the_collections_own(agendas: Path, store: StateStore) -> None:
    server = MemoryCalendar()
    path = agendas / XEN

    sync_calendar(path, server, store)

    changes = server.changes(EVENTS, None)
    assert changes is not None
    assert store.token(*target(path)) == changes.token


def test_a_sync_with_nothing_to_do_reads_one_answer_per_collection_and_fetches_nothing(
    agendas: Path, store: StateStore
) -> None:
    server = MemoryCalendar()
    path = agendas / XEN
    sync_calendar(path, server, store)
    reads = server.reads

    reports = sync_calendar(path, server, store)

    assert [(r.written, r.deleted) for r in reports] == [(0, 0), (0, 0)]
    assert server.reads - reads == 2  # one `changes` per collection, no `get`


def test_an_edit_in_a_calendar_app_after_the_token_is_read_back(agendas: Path, store: StateStore) -> None:
    server = MemoryCalendar()
    path = agendas / XEN
    sync_calendar(path, server, store)
    href = next(h for h, item in server.collections[EVENTS].items.items() if UID in item.text)
    text = server.collections[EVENTS].items[href].text
    server.human_put(EVENTS, href, text.replace("SUMMARY:", "SUMMARY:Moved: ", 1))

    events, _ = sync_calendar(path, server, store)

    assert events.agenda_changes  # the retitle reached the YAML
    assert "Moved: " in path.read_text()


def test_a_token_the_server_has_forgotten_lists_everything(agendas: Path, store: StateStore) -> None:
    server = MemoryCalendar()
    path = agendas / XEN
    sync_calendar(path, server, store)
    event, where = target(path)
    store.set_items(event, where, store.items(event, where), "ctag forgotten")

    events, _ = sync_calendar(path, server, store)

    assert (events.written, events.deleted) == (0, 0)
    assert store.token(event, where) != "ctag forgotten"


def test_changes_since_a_token_apply_to_the_listing_they_start_from() -> None:
    listing = {"a.ics": '"1"', "b.ics": '"2"', "c.ics": '"3"'}
    changes = Changes("sync 2", {"b.ics": '"4"', "d.ics": '"5"'}, frozenset({"c.ics"}), complete=False)

    assert changes.applied_to(listing) == {"a.ics": '"1"', "b.ics": '"4"', "d.ics": '"5"'}
    assert Changes("ctag 9", {"z.ics": '"9"'}).applied_to(listing) == {"z.ics": '"9"'}
