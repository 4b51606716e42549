"""The sync of one agenda with its calendars and its wiki page, against the in-memory servers.

Each side gets its turn when the other is down, a failed target waits in the state store's queue
until a later sync publishes it, and a wiki edit reaches the calendar in the same sync.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.calendar.memory import MemoryCalendar
from bot.errors import CalendarUnavailable, WikiUnavailable
from bot.model import Agenda
from bot.sync.agenda_sync import Targets, sync_agenda
from bot.sync.state import StateStore
from bot.wiki.memory import MemoryWiki
from tests.conftest import MINI_SUMMIT

TITLE = "Containers/Mini-summit 2008"


def page_url(agenda: Agenda) -> str:
    return f"https://wiki.example.org/{agenda.event.id}"


@pytest.fixture
def agenda(agendas: Path) -> Path:
    return agendas / MINI_SUMMIT


@pytest.fixture
def wiki() -> MemoryWiki:
    return MemoryWiki()


@pytest.fixture
def calendar() -> MemoryCalendar:
    return MemoryCalendar()


@pytest.fixture
def targets(wiki: MemoryWiki, calendar: MemoryCalendar) -> Targets:
    return Targets(wiki, calendar, page_url)


def page(wiki: MemoryWiki) -> str:
    return wiki.read([TITLE])[TITLE].text or ""


def start_of(calendar: MemoryCalendar, summary: str) -> str:
    for item in calendar.collections["containers"].items.values():
        for part in Calendar.from_ical(item.text).walk("VEVENT"):
            if str(part["SUMMARY"]) == summary:
                start: datetime = part.decoded("DTSTART")
                return start.strftime("%H:%M")
    raise AssertionError(f"no entry {summary!r}")


def test_the_first_sync_publishes_to_both_sides(
    agenda: Path, targets: Targets, store: StateStore, wiki: MemoryWiki, calendar: MemoryCalendar
) -> None:
    result = sync_agenda(agenda, targets, store)

    assert result.ok
    assert result.page_url == "https://wiki.example.org/containers-mini-summit-2008"
    assert result.wiki is not None
    assert result.wiki.edited
    assert [(r.collection, r.created, r.written) for r in result.calendars] == [("containers", True, 3)]
    assert (
        "https://wiki.example.org/containers-mini-summit-2008"
        in next(iter(calendar.collections["containers"].items.values())).text
    )
    assert "# Pavel Emelyanov" in page(wiki)


def test_the_calendar_down_still_publishes_the_wiki_and_queues_the_calendar(
    agenda: Path, targets: Targets, store: StateStore, wiki: MemoryWiki, calendar: MemoryCalendar
) -> None:
    calendar.down = True
    result = sync_agenda(agenda, targets, store)

    assert [type(e) for e in result.errors] == [CalendarUnavailable]
    assert result.calendar_errors == result.errors
    assert "# Pavel Emelyanov" in page(wiki)
    assert [p.target for p in store.pending()] == ["caldav:containers"]

    calendar.down = False
    assert sync_agenda(agenda, targets, store).ok
    assert store.pending() == []
    assert len(calendar.collections["containers"].items) == 3


def test_the_wiki_down_still_publishes_the_calendar_and_queues_the_page(
    agenda: Path, targets: Targets, store: StateStore, wiki: MemoryWiki, calendar: MemoryCalendar
) -> None:
    wiki.down = True
    result = sync_agenda(agenda, targets, store)

    assert result.wiki is None
    assert isinstance(result.wiki_error, WikiUnavailable)
    assert result.errors == [result.wiki_error]
    assert len(calendar.collections["containers"].items) == 3
    assert [p.target for p in store.pending()] == [f"wiki:{TITLE}"]

    wiki.down = False
    assert sync_agenda(agenda, targets, store).ok
    assert store.pending() == []
    assert "# Pavel Emelyanov" in page(wiki)


def test_a_block_moved_on_the_wiki_reaches_the_calendar_in_the_same_sync(
    agenda: Path, targets: Targets, store: StateStore, wiki: MemoryWiki, calendar: MemoryCalendar
) -> None:
    sync_agenda(agenda, targets, store)
    text = page(wiki)
    wiki.human_edit(
        TITLE, text.replace("'''Cgroups+Resource management''' (11:30", "'''Cgroups+Resource management''' (11:45")
    )

    result = sync_agenda(agenda, targets, store)

    assert result.wiki is not None
    assert result.wiki.agenda_changes
    assert [r.written for r in result.calendars] == [0, 1]  # before the wiki, and after it
    assert start_of(calendar, "Cgroups+Resource management") == "11:45"
    assert 'start: "11:45"' in agenda.read_text()


def test_an_agenda_without_a_collection_is_only_on_the_wiki(
    agendas: Path, targets: Targets, store: StateStore, calendar: MemoryCalendar
) -> None:
    result = sync_agenda(agendas / "uml-64bit-coop.yaml", targets, store)

    assert result.ok
    assert result.no_collection
    assert result.calendars == []
    assert calendar.writes == calendar.reads == 0


def test_only_a_calendar_and_no_wiki(agenda: Path, store: StateStore, calendar: MemoryCalendar) -> None:
    result = sync_agenda(agenda, Targets(None, calendar), store)

    assert result.ok
    assert (result.wiki, result.page_url, result.no_collection) == (None, None, False)
    assert [r.written for r in result.calendars] == [3]


def test_a_dry_run_changes_nothing_anywhere(
    agenda: Path, targets: Targets, store: StateStore, wiki: MemoryWiki, calendar: MemoryCalendar
) -> None:
    before = agenda.read_text()
    wiki.down = True
    result = sync_agenda(agenda, targets, store, dry_run=True)
    wiki.down = False

    assert isinstance(result.wiki_error, WikiUnavailable)
    assert result.calendars[0].plan is not None
    assert result.calendars[0].plan.to_other
    assert calendar.writes == 0
    assert store.pending() == []
    assert agenda.read_text() == before
