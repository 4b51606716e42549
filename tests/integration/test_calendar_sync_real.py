"""The calendar sync against real Radicale and real Xandikos on 127.0.0.1 (each test runs on both), and
`summitbot sync` with a real wiki too.

The organiser moves a session in the YAML, somebody drags another one in a calendar app or ticks
a task off, `summitbot sync` runs, and every calendar, the wiki page and the YAML agree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.agenda.load import load_agenda
from bot.calendar.caldav import CalDav
from bot.calendar.sync import CalendarReport, sync_calendar
from bot.sync.state import StateStore
from tests.conftest import EXAMPLES, MINI_SUMMIT, ROOT
from tests.fixtures.calendar_app import CalendarApp
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale

XEN = "xen-4.4-hackathon.yaml"
UID = "xen-4-4-hackathon/roadmap-purpose@summitbot"
TASK = "xen-4-4-hackathon/action/A1@summitbot"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def agenda(tmp_path: Path, caldav_collection: str) -> Path:
    """The Xen hackathon agenda, published to a collection of its own."""
    path = tmp_path / XEN
    path.write_text((EXAMPLES / XEN).read_text().replace("collection: xen-release", f"collection: {caldav_collection}"))
    return path


@pytest.fixture
def server(local_caldav: CalendarApp) -> Iterator[CalDav]:
    calendar = CalDav(local_caldav.account(), user_agent="summitbot-tests")
    yield calendar
    calendar.close()


def sync(agenda: Path, server: CalDav, store: StateStore) -> list[CalendarReport]:
    return sync_calendar(agenda, server, store)


def stored(server: CalDav, collection: str, uid: str) -> tuple[str, str, object]:
    """The href, etag and component of the item holding `uid`, read back from the server."""
    listing = server.etags(collection) or {}
    for item in server.get(collection, list(listing)):
        for part in Calendar.from_ical(item.text).walk():
            if part.name in {"VEVENT", "VTODO"} and str(part["UID"]) == uid:
                return item.href, item.etag, part
    raise AssertionError(f"no item with UID {uid} in {collection}")


def test_publish_then_a_second_sync_writes_nothing(agenda: Path, server: CalDav, store: StateStore) -> None:
    events, tasks = sync(agenda, server, store)

    assert (events.created, events.written) == (True, 6)  # five sessions and the weekly call
    assert (tasks.created, tasks.written) == (True, 4)
    before = server.requests_made

    again = sync(agenda, server, store)

    assert [(r.written, r.deleted, r.agenda_changes) for r in again] == [(0, 0, []), (0, 0, [])]
    assert server.requests_made - before == 2  # one sync-collection REPORT per collection
    assert store.token(load_agenda(agenda).event.id, f"caldav:{events.collection}").startswith("sync ")


def test_a_session_moved_in_the_agenda_is_updated_with_a_higher_sequence(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str
) -> None:
    sync(agenda, server, store)
    agenda.write_text(agenda.read_text().replace('start: "09:30"', 'start: "09:45"', 1))

    events, _ = sync(agenda, server, store)

    assert events.written == 1
    _, _, event = stored(server, caldav_collection, UID)
    assert event["DTSTART"].dt == datetime(2013, 5, 15, 9, 45, tzinfo=LONDON)  # type: ignore[index]
    assert event["SEQUENCE"] == 1  # type: ignore[index]


def test_a_time_changed_in_a_calendar_app_moves_the_session_in_the_yaml(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str, local_caldav: CalendarApp
) -> None:
    sync(agenda, server, store)
    app = local_caldav.human_event(server.address(caldav_collection), UID)
    app.icalendar_component["DTSTART"].dt = datetime(2013, 5, 15, 9, 45, tzinfo=LONDON)
    app.icalendar_component["DTEND"].dt = datetime(2013, 5, 15, 10, 45, tzinfo=LONDON)
    app.save()
    _, _, moved = stored(server, caldav_collection, UID)
    app_sequence = int(moved.get("SEQUENCE", 0))  # type: ignore[attr-defined]

    events, _ = sync(agenda, server, store)

    session = next(s for s in load_agenda(agenda).sessions if s.id == "roadmap-purpose")
    assert (f"{session.start:%H:%M}", f"{session.end:%H:%M}") == ("09:45", "10:45")
    assert 'start: "09:45"' in agenda.read_text()
    assert events.new_conflicts == 0
    _, _, event = stored(server, caldav_collection, UID)
    assert event["SEQUENCE"] == app_sequence + 1  # type: ignore[index]
    assert [r.written for r in sync(agenda, server, store)] == [0, 0]


def test_a_task_completed_on_the_server_closes_the_action_item(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str, local_caldav: CalendarApp
) -> None:
    sync(agenda, server, store)
    tasks = local_caldav.human_calendar(server.address(f"{caldav_collection}-tasks"))
    todo = tasks.todo_by_uid(TASK)
    todo.icalendar_component["STATUS"] = "COMPLETED"  # type: ignore[union-attr]
    todo.save()  # type: ignore[union-attr]

    _, report = sync(agenda, server, store)

    assert report.agenda_changes == ["action A1: status now done"]
    assert next(a for a in load_agenda(agenda).actions if a.id == "A1").status == "done"


def test_a_removed_session_is_cancelled_not_deleted(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str, local_caldav: CalendarApp
) -> None:
    sync(agenda, server, store)
    text = agenda.read_text()
    start = text.index("  - id: gpu-passthrough")
    agenda.write_text(text[:start] + text[text.index("meetings:", start) :])

    events, _ = sync(agenda, server, store)

    assert (events.written, events.deleted) == (1, 0)
    _, _, event = stored(server, caldav_collection, "xen-4-4-hackathon/gpu-passthrough@summitbot")
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 1)  # type: ignore[index]
    assert [r.written for r in sync(agenda, server, store)] == [0, 0]


def test_a_deleted_collection_is_published_again_and_the_agenda_keeps_everything(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str, local_caldav: CalendarApp
) -> None:
    sync(agenda, server, store)
    local_caldav.human_calendar(server.address(caldav_collection)).delete()  # type: ignore[no-untyped-call]
    text = agenda.read_text()

    events, _ = sync(agenda, server, store)

    assert agenda.read_text() == text
    assert (events.created, events.written) == (True, 6)
    assert [r.written for r in sync(agenda, server, store)] == [0, 0]


def test_a_session_deleted_in_a_calendar_app_is_a_conflict_and_published_again(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str, local_caldav: CalendarApp
) -> None:
    sync(agenda, server, store)
    local_caldav.human_event(server.address(caldav_collection), UID).delete()
    text = agenda.read_text()

    events, _ = sync(agenda, server, store)

    assert agenda.read_text() == text
    assert events.new_conflicts == 1
    assert events.written == 1
    assert stored(server, caldav_collection, UID)[0]
    assert [r.written for r in sync(agenda, server, store)] == [0, 0]


def test_an_emptied_collection_is_published_again_and_the_agenda_keeps_everything(
    agenda: Path, server: CalDav, store: StateStore, caldav_collection: str, local_caldav: CalendarApp
) -> None:
    sync(agenda, server, store)
    in_the_app = local_caldav.human_calendar(server.address(caldav_collection)).events()
    assert isinstance(in_the_app, list)  # caldav's sync client, not its async one
    for event in in_the_app:
        event.delete()
    assert server.etags(caldav_collection) == {}
    text = agenda.read_text()

    events, _ = sync(agenda, server, store)

    assert agenda.read_text() == text
    assert (events.created, events.republished, events.written) == (False, True, 6)
    assert [r.written for r in sync(agenda, server, store)] == [0, 0]


def test_summitbot_sync_keeps_wiki_and_calendar_in_step(
    tmp_path: Path, local_wiki: LocalWiki, local_radicale: LocalRadicale, caldav_collection: str, wiki_page_title: str
) -> None:
    path = tmp_path / MINI_SUMMIT
    text = (EXAMPLES / MINI_SUMMIT).read_text().replace("collection: containers", f"collection: {caldav_collection}")
    path.write_text(text.replace("page: Containers/Mini-summit 2008", f"page: {wiki_page_title}"))
    account = local_radicale.account()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SUMMITBOT_")} | {
        "SUMMITBOT_WIKI_URL": local_wiki.api_url,
        "SUMMITBOT_WIKI_USER": local_wiki.bot_account.user,
        "SUMMITBOT_WIKI_PASSWORD": local_wiki.bot_account.password,
        "SUMMITBOT_CALDAV_URL": account.url,
        "SUMMITBOT_CALDAV_USER": account.user,
        "SUMMITBOT_CALDAV_PASSWORD": account.password,
        "SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"),
        "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
    }

    def summitbot(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", *map(str, arguments)]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)

    first = summitbot("sync", path)
    assert first.returncode == 0, first.stderr
    assert "calendar: 3 item(s) written" in first.stdout
    address = f"{account.url}{account.user}/{caldav_collection}/"
    app = local_radicale.human_event(address, "containers-mini-summit-2008/cgroups@summitbot")
    app.icalendar_component["DTSTART"].dt = datetime(2008, 7, 22, 11, 45, tzinfo=ZoneInfo("America/Toronto"))
    app.save()

    second = summitbot("sync", path)

    assert second.returncode == 0, second.stderr
    assert "cgroups: start now 2008-07-22 11:45" in second.stdout
    page = str(local_wiki.revisions(wiki_page_title)[-1]["slots"]["main"]["content"])
    assert "Cgroups+Resource management''' (11:45–14:00" in page
    third = summitbot("sync", path)
    assert third.stdout.count("in step: nothing to do") == 2, third.stdout
    feed = summitbot("ics", path, "--person", "Paul Menage")
    assert feed.returncode == 0, feed.stderr
    assert "DTSTART;TZID=America/Toronto:20080722T114500" in feed.stdout
