"""The `CalendarServer` contract: the in-memory server, a real Radicale and a real Xandikos answer every
call the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar
import pytest
from caldav.davclient import DAVClient

from bot.calendar.caldav import CalDav
from bot.calendar.memory import MemoryCalendar
from bot.calendar.port import EVENTS, TASKS, CalendarServer
from bot.errors import CalendarError, ItemChanged
from tests.fixtures.calendar_app import BOT_USER, CalendarApp
from tests.fixtures.radicale import OPEN_PASSWORD


def ics(uid: str, summary: str, component: str = EVENTS) -> str:
    """One VCALENDAR holding one event (or task) with this UID and summary, escaped as RFC 5545 says.

    Built with icalendar on purpose: Radicale cuts an unescaped comma in a SUMMARY short
    ("Keynote, moved" is saved as "Keynote").
    """
    part = icalendar.Event() if component == EVENTS else icalendar.Todo()
    part.add("uid", uid)
    part.add("dtstamp", datetime(2008, 7, 1, tzinfo=UTC))
    part.add("dtstart" if component == EVENTS else "due", datetime(2008, 7, 14, 9, tzinfo=UTC))
    part.add("summary", summary)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//summitbot//tests//EN")
    calendar.add_component(part)
    text: str = calendar.to_ical().decode()
    return text


def meaning(text: str) -> list[tuple[str, str, str]]:
    """What an item says, whatever the server did to its bytes: (component, UID, SUMMARY) of each part."""
    calendar = icalendar.Calendar.from_ical(text)
    return [
        (part.name, str(part["UID"]), str(part["SUMMARY"])) for part in calendar.walk() if part.name in {EVENTS, TASKS}
    ]


@dataclass(frozen=True)
class Harness:
    """One adapter under test, with a count of the requests it has made."""

    server: CalendarServer
    requests: Callable[[], int]  # HTTP requests (or, in memory, reads and writes) made so far


@pytest.fixture(params=["memory", "radicale", "xandikos"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """The in-memory server, then a CalDav adapter on the session's real Radicale (as user summitbot)
    and on its real Xandikos."""
    if request.param == "memory":
        memory = MemoryCalendar()
        yield Harness(memory, lambda: memory.reads + memory.writes)
        return
    local: CalendarApp = request.getfixturevalue(f"local_{request.param}")
    real = CalDav(local.account(), user_agent="summitbot-tests/0 (contract)")
    real.address("warm-up")  # log in and find the calendar home now, so counts in a test are calls only
    yield Harness(real, lambda: real.requests_made)
    real.close()


@pytest.fixture
def events(harness: Harness, caldav_collection: str) -> str:
    """A fresh, empty collection for events."""
    harness.server.create_collection(caldav_collection, title="Containers mini-summit", component=EVENTS)
    return caldav_collection


class TestCalendarContract:
    """Every behaviour the sync engine relies on, checked on both adapters."""

    def test_a_missing_collection_has_no_etags(self, harness: Harness, caldav_collection: str) -> None:
        assert harness.server.etags(caldav_collection) is None

    def test_a_new_collection_is_empty(self, harness: Harness, events: str) -> None:
        assert harness.server.etags(events) == {}

    def test_creating_a_collection_twice_keeps_its_items(self, harness: Harness, events: str) -> None:
        etag = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)

        harness.server.create_collection(events, title="Containers mini-summit", component=EVENTS)

        assert harness.server.etags(events) == {"keynote.ics": etag}

    def test_creating_an_item(self, harness: Harness, events: str) -> None:
        etag = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)

        assert etag
        assert harness.server.etags(events) == {"keynote.ics": etag}
        [item] = harness.server.get(events, ["keynote.ics"])
        assert (item.href, item.etag) == ("keynote.ics", etag)
        assert meaning(item.text) == [(EVENTS, "keynote", "Keynote")]

    def test_creating_an_item_at_a_taken_href_is_a_conflict(self, harness: Harness, events: str) -> None:
        etag = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)

        with pytest.raises(ItemChanged):
            harness.server.put(events, "keynote.ics", ics("keynote", "Another keynote"), etag=None)

        assert harness.server.etags(events) == {"keynote.ics": etag}

    def test_replacing_an_item_gives_a_new_etag(self, harness: Harness, events: str) -> None:
        first = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)

        second = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote, moved"), etag=first)

        assert second != first
        assert harness.server.etags(events) == {"keynote.ics": second}
        [item] = harness.server.get(events, ["keynote.ics"])
        assert meaning(item.text) == [(EVENTS, "keynote", "Keynote, moved")]

    def test_replacing_with_a_stale_etag_is_a_conflict(self, harness: Harness, events: str) -> None:
        first = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)
        second = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote, moved"), etag=first)

        with pytest.raises(ItemChanged):
            harness.server.put(events, "keynote.ics", ics("keynote", "Keynote, cancelled"), etag=first)

        [item] = harness.server.get(events, ["keynote.ics"])
        assert (item.etag, meaning(item.text)) == (second, [(EVENTS, "keynote", "Keynote, moved")])

    def test_replacing_an_item_that_is_gone_is_a_conflict(self, harness: Harness, events: str) -> None:
        with pytest.raises(ItemChanged):
            harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag='"no-such-etag"')

    def test_deleting_with_a_stale_etag_is_a_conflict(self, harness: Harness, events: str) -> None:
        first = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)
        second = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote, moved"), etag=first)

        with pytest.raises(ItemChanged):
            harness.server.delete(events, "keynote.ics", etag=first)

        assert harness.server.etags(events) == {"keynote.ics": second}

    def test_deleting_with_the_current_etag(self, harness: Harness, events: str) -> None:
        etag = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)

        harness.server.delete(events, "keynote.ics", etag=etag)

        assert harness.server.etags(events) == {}
        assert harness.server.get(events, ["keynote.ics"]) == []

    def test_deleting_an_item_that_is_gone_is_fine(self, harness: Harness, events: str) -> None:
        harness.server.delete(events, "never-there.ics", etag='"1"')

        assert harness.server.etags(events) == {}

    def test_getting_many_items_is_one_request(self, harness: Harness, events: str) -> None:
        hrefs = [f"talk-{number}.ics" for number in range(1, 8)]
        etags = [harness.server.put(events, href, ics(href[:-4], f"Talk {href}"), etag=None) for href in hrefs]
        before = harness.requests()

        items = harness.server.get(events, [*hrefs, "never-there.ics"])

        assert harness.requests() - before == 1
        assert [(item.href, item.etag) for item in items] == list(zip(hrefs, etags, strict=True))
        assert [meaning(item.text) for item in items] == [[(EVENTS, href[:-4], f"Talk {href}")] for href in hrefs]

    def test_listing_etags_is_one_request(self, harness: Harness, events: str) -> None:
        for number in range(1, 4):
            harness.server.put(events, f"talk-{number}.ics", ics(f"talk-{number}", "Talk"), etag=None)
        before = harness.requests()

        found = harness.server.etags(events)

        assert harness.requests() - before == 1
        assert found is not None
        assert sorted(found) == ["talk-1.ics", "talk-2.ics", "talk-3.ics"]

    def test_getting_nothing_makes_no_request(self, harness: Harness, events: str) -> None:
        before = harness.requests()

        assert harness.server.get(events, []) == []
        assert harness.requests() == before

    def test_getting_from_a_missing_collection_gives_nothing(self, harness: Harness, caldav_collection: str) -> None:
        assert harness.server.get(caldav_collection, ["keynote.ics"]) == []

    def test_saving_into_a_missing_collection_is_an_error(self, harness: Harness, caldav_collection: str) -> None:
        with pytest.raises(CalendarError):
            harness.server.put(caldav_collection, "keynote.ics", ics("keynote", "Keynote"), etag=None)

    def test_a_task_collection_holds_tasks(self, harness: Harness, caldav_collection: str) -> None:
        harness.server.create_collection(caldav_collection, title="Action items", component=TASKS)

        etag = harness.server.put(
            caldav_collection, "send-slides.ics", ics("send-slides", "Send slides", TASKS), etag=None
        )

        [item] = harness.server.get(caldav_collection, ["send-slides.ics"])
        assert item.etag == etag
        assert meaning(item.text) == [(TASKS, "send-slides", "Send slides")]

    def test_non_ascii_text_and_hrefs_survive(self, harness: Harness, events: str) -> None:
        summary = "Grüße aus Zürich, Genève; 東京 ☕"
        href = "Ünïcode talk@summit.example.org.ics"
        etag = harness.server.put(events, href, ics("Ünïcode talk@summit.example.org", summary), etag=None)

        assert harness.server.etags(events) == {href: etag}
        [item] = harness.server.get(events, [href])
        assert (item.href, item.etag) == (href, etag)
        assert meaning(item.text) == [(EVENTS, "Ünïcode talk@summit.example.org", summary)]

    def test_the_address_is_the_collection_url(self, harness: Harness, caldav_collection: str) -> None:
        address = harness.server.address(caldav_collection)

        assert address.endswith(f"/{caldav_collection}/")

    def test_changes_of_a_missing_collection_are_none(self, harness: Harness, caldav_collection: str) -> None:
        assert harness.server.changes(caldav_collection, None) is None

    def test_changes_without_a_token_list_every_item(self, harness: Harness, events: str) -> None:
        etag = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)

        changes = harness.server.changes(events, None)

        assert changes is not None
        assert (changes.complete, changes.etags) == (True, {"keynote.ics": etag})
        assert changes.token  # every server here keeps a sync-token or CTag

    def test_changes_since_an_unchanged_token_are_none_in_one_request(self, harness: Harness, events: str) -> None:
        for number in range(1, 4):
            harness.server.put(events, f"talk-{number}.ics", ics(f"talk-{number}", "Talk"), etag=None)
        first = harness.server.changes(events, None)
        assert first is not None
        before = harness.requests()

        again = harness.server.changes(events, first.token)

        assert harness.requests() - before == 1
        assert again is not None
        assert again.applied_to(first.etags) == first.etags
        assert (again.complete, again.etags, again.removed) == (False, {}, frozenset())

    def test_changes_since_a_token_show_what_was_written_and_deleted(self, harness: Harness, events: str) -> None:
        kept = harness.server.put(events, "kept.ics", ics("kept", "Kept"), etag=None)
        moved = harness.server.put(events, "moved.ics", ics("moved", "Moved"), etag=None)
        gone = harness.server.put(events, "gone.ics", ics("gone", "Gone"), etag=None)
        first = harness.server.changes(events, None)
        assert first is not None
        moved = harness.server.put(events, "moved.ics", ics("moved", "Moved again"), etag=moved)
        harness.server.delete(events, "gone.ics", etag=gone)
        new = harness.server.put(events, "new.ics", ics("new", "New"), etag=None)

        changes = harness.server.changes(events, first.token)

        assert changes is not None
        assert changes.token != first.token
        assert changes.applied_to(first.etags) == {"kept.ics": kept, "moved.ics": moved, "new.ics": new}

    def test_a_token_of_a_deleted_collection_finds_it_missing(self, harness: Harness, events: str) -> None:
        harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)
        first = harness.server.changes(events, None)
        assert first is not None
        remove_collection(harness.server, events)

        assert harness.server.changes(events, first.token) is None

    def test_an_unknown_token_lists_every_item(self, harness: Harness, events: str) -> None:
        etag = harness.server.put(events, "keynote.ics", ics("keynote", "Keynote"), etag=None)
        first = harness.server.changes(events, None)
        assert first is not None
        forged = first.token.split(" ", 1)[0] + " http://example.org/ns/sync/forgotten-token"

        changes = harness.server.changes(events, forged)

        assert changes is not None
        assert changes.applied_to({}) == {"keynote.ics": etag}


def remove_collection(server: CalendarServer, collection: str) -> None:
    """Delete a whole collection as a person would in a calendar app (or on the server)."""
    if isinstance(server, MemoryCalendar):
        del server.collections[collection]
        return
    assert isinstance(server, CalDav)
    DAVClient(url=server.address(collection), username=BOT_USER, password=OPEN_PASSWORD).delete(
        server.address(collection)
    )
