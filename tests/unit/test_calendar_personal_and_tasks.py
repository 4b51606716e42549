"""Each person's own feed, and the action items as a task feed.

A personal feed holds what a person runs (moderator, required, scribe) and what they go to: in an
event where no two sessions overlap every attendee who has not declined gets every session; where
sessions run in parallel an attendee gets the ones they chose, by interest (a session id, title or
track) or by proposing or voting for a proposal scheduled there. The task feed has one VTODO per
action item, read here by icalendar and by vobject alike.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
import vobject
from icalendar import Calendar, Component

from bot.agenda.load import load_agenda, parse_agenda
from bot.calendar.entries import session_uid, task_uid
from bot.calendar.feed import Stamped, event_feed, personal_feeds, stamp_agenda, task_feed
from bot.model import Agenda
from bot.sync.state import StateStore
from tests.conftest import EXAMPLES, MINI_SUMMIT
from tests.unit.agenda_text import load

XEN = "xen-4.4-hackathon.yaml"
NOW = datetime(2013, 5, 1, 9, 0, tzinfo=UTC)
MINI_SESSIONS = {"namespaces", "cgroups", "checkpoint-restart"}
Reading = dict[str, Any]  # one task as a parser reads it: property -> plain value


def stamped(agenda: Agenda, store: StateStore) -> Stamped:
    return stamp_agenda(agenda, store, clock=lambda: NOW)


def example(name: str, *edits: tuple[str, str]) -> Agenda:
    """An example agenda, with each (old, new) edit made to its text first."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return parse_agenda(text, name)


def ids(feed: str) -> set[str]:
    """The ids of the sessions and meetings in a feed (the part of the UID after the event id)."""
    uids = {str(event["UID"]) for event in Calendar.from_ical(feed).walk("VEVENT")}
    return {uid.split("/", 1)[1].removesuffix("@summitbot") for uid in uids}


# --- personal feeds -------------------------------------------------------------------------------


def test_a_moderator_sees_the_sessions_they_moderate(store: StateStore) -> None:
    hackathon = stamped(load_agenda(EXAMPLES / XEN), store)
    assert ids(event_feed(hackathon, person="iwj")) == {"gpu-passthrough"}  # Ian Jackson runs the BoF
    assert ids(event_feed(hackathon, person="george")) == {"retrospective-4-3", "content-4-4", "release-call"}


def test_in_the_single_track_mini_summit_every_attendee_gets_every_session(store: StateStore) -> None:
    feeds = personal_feeds(stamped(load_agenda(EXAMPLES / MINI_SUMMIT), store))
    for attendee in (
        "pavel-emelyanov",
        "joseph-ruscio",
        "herbert-potzl",
        "gicha",
    ):  # confirmed, tentative, remote, wiki
        assert ids(feeds[attendee]) == MINI_SESSIONS
    assert "kir" not in feeds  # the organiser runs no session and is not on the attendee list


def test_a_declined_attendee_gets_only_the_sessions_they_run(store: StateStore) -> None:
    agenda = example(
        MINI_SUMMIT,
        ("  - Dave Hansen\n", "  - name: Dave Hansen\n    status: declined\n"),
        ("  - Denis Lunev\n", "  - name: Denis Lunev\n    status: declined\n"),
    )
    summit = stamped(agenda, store)
    feeds = personal_feeds(summit)
    assert ids(feeds["dave-hansen"]) == {"namespaces"}  # he still co-moderates it
    assert ids(event_feed(summit, person="dave-hansen")) == {"namespaces"}
    assert "denis-lunev" not in feeds
    assert ids(event_feed(summit, person="denis-lunev")) == set()


PARALLEL = """\
event:
  id: parallel-demo
  title: Parallel demo
  timezone: Europe/Brussels
people:
  - name: Mia Moderator
    id: mia
  - name: Olga Online
    id: olga
attendees:
  - name: Ivan Interested
    interests: [Storage]
  - name: Tina Titled
    interests: [networking bof]
  - name: Sid Session
    interests: [kernel-keynote]
  - Vera Voter
  - Pat Proposer
  - Nora Nothing
  - name: Dora Declined
    status: declined
    interests: [storage]
proposals:
  - id: P1
    title: Zoned storage
    proposer: Pat Proposer
    votes: [Vera Voter, Dora Declined, olga]
    status: scheduled
    session: storage-talk
sessions:
  - id: kernel-keynote
    title: Kernel keynote
    day: 2027-02-06
    start: "10:00"
    end: "11:00"
    room: Janson
    moderators: [mia]
  - id: storage-talk
    title: Storage talk
    day: 2027-02-06
    start: "11:00"
    end: "12:00"
    room: Janson
    track: storage
  - id: networking
    title: Networking BoF
    day: 2027-02-06
    start: "11:00"
    end: "12:00"
    room: K.1.105
    track: network
"""


def test_where_sessions_run_in_parallel_an_attendee_gets_only_what_they_chose(store: StateStore) -> None:
    feeds = personal_feeds(stamped(load(PARALLEL), store))
    assert {person: ids(feed) for person, feed in feeds.items()} == {
        "mia": {"kernel-keynote"},  # moderates it
        "ivan-interested": {"storage-talk"},  # by track, in any case
        "tina-titled": {"networking"},  # by title
        "sid-session": {"kernel-keynote"},  # by session id
        "vera-voter": {"storage-talk"},  # voted for a proposal scheduled there
        "pat-proposer": {"storage-talk"},  # proposed it
        "olga": {"storage-talk"},  # voted for it, though not on the attendee list
    }  # Nora chose nothing; Dora declined, so her interest and vote do not count


@pytest.mark.parametrize("agenda", [MINI_SUMMIT, XEN, "uml-64bit-coop.yaml", "parallel"])
def test_personal_feeds_agree_with_the_event_feed_for_each_person(store: StateStore, agenda: str) -> None:
    event = stamped(load(PARALLEL) if agenda == "parallel" else load_agenda(EXAMPLES / agenda), store)
    feeds = personal_feeds(event)
    assert feeds
    for person in event.agenda.people:
        own = event_feed(event, person=person.id)
        assert feeds.get(person.id, own) == own
        if person.id not in feeds:
            assert ids(own) == set()


def test_a_personal_feed_is_named_for_its_person(store: StateStore) -> None:
    feed = personal_feeds(stamped(load_agenda(EXAMPLES / XEN), store))["iwj"]
    assert str(Calendar.from_ical(feed)["X-WR-CALNAME"]) == "Xen 4.4 Hackathon (Ian Jackson)"


# --- the task feed --------------------------------------------------------------------------------


def read_tasks_by_icalendar(feed: str) -> dict[str, Reading]:
    """Every VTODO of the feed as icalendar reads it, by UID."""
    return {str(todo["UID"]): _icalendar_task(todo) for todo in Calendar.from_ical(feed).walk("VTODO")}


def _icalendar_task(todo: Component) -> Reading:
    attendees = todo.get("ATTENDEE", [])
    return {
        "summary": str(todo["SUMMARY"]),
        "due": todo.decoded("DUE") if "DUE" in todo else None,
        "status": str(todo["STATUS"]),
        "owners": tuple(
            (str(a), str(a.params["CN"])) for a in (attendees if isinstance(attendees, list) else [attendees])
        ),
        "related_to": str(todo["RELATED-TO"]) if "RELATED-TO" in todo else None,
        "description": str(todo["DESCRIPTION"]) if "DESCRIPTION" in todo else None,
        "sequence": todo.decoded("SEQUENCE"),
    }


def read_tasks_by_vobject(feed: str) -> dict[str, Reading]:
    """Every VTODO of the feed as vobject reads it, by UID."""
    calendar = vobject.readOne(feed)
    return {todo.uid.value: _vobject_task(todo) for todo in calendar.contents.get("vtodo", [])}


def _vobject_task(todo: Any) -> Reading:
    def value(name: str) -> Any:
        lines = todo.contents.get(name)
        return lines[0].value if lines else None

    return {
        "summary": value("summary"),
        "due": value("due"),
        "status": value("status"),
        "owners": tuple((line.value, line.params["CN"][0]) for line in todo.contents.get("attendee", [])),
        "related_to": value("related-to"),
        "description": value("description"),
        "sequence": int(value("sequence")),
    }


def read_tasks(feed: str) -> dict[str, Reading]:
    """The tasks as both parsers read them, after checking that they agree."""
    by_icalendar = read_tasks_by_icalendar(feed)
    assert by_icalendar == read_tasks_by_vobject(feed)
    return by_icalendar


def test_each_action_item_is_one_task_read_alike_by_both_parsers(store: StateStore) -> None:
    agenda = load_agenda(EXAMPLES / XEN)
    tasks = read_tasks(task_feed(stamped(agenda, store)))
    assert sorted(tasks) == sorted(task_uid("xen-4-4-hackathon", action.id) for action in agenda.actions)
    a1 = tasks["xen-4-4-hackathon/action/A1@summitbot"]
    assert a1["summary"] == "Write up a proposal for the beginning of the 4.4 release cycle"
    assert a1["owners"] == (("urn:uuid:35ffd6b7-4e62-522c-901b-d52eb6a940ba", "George Dunlap"),)
    assert a1["description"] == (
        "Decided at 4.3 release cycle: what worked well / didn't work well on 2013-05-15\n"
        "Minutes: [Hackathon Minutes] Xen 4.4 Planning"
    )
    assert a1["sequence"] == 0


def test_a_task_is_due_on_a_date_with_no_time_and_no_zone(store: StateStore) -> None:
    feed = task_feed(stamped(load_agenda(EXAMPLES / XEN), store))
    tasks = read_tasks(feed)
    due = tasks["xen-4-4-hackathon/action/A1@summitbot"]["due"]
    assert due == date(2013, 6, 28)
    assert not isinstance(due, datetime)
    assert "DUE;VALUE=DATE:20130628\r\n" in feed
    assert tasks["xen-4-4-hackathon/action/A3@summitbot"]["due"] is None  # no due date, no DUE


def test_a_task_status_follows_the_action_status(store: StateStore) -> None:
    agenda = example(
        XEN, ("    text: Make a list of the patches", "    status: dropped\n    text: Make a list of the patches")
    )
    tasks = read_tasks(task_feed(stamped(agenda, store)))
    statuses = {uid.split("/")[-1].removesuffix("@summitbot"): task["status"] for uid, task in tasks.items()}
    assert statuses == {"A1": "NEEDS-ACTION", "A2": "COMPLETED", "A3": "CANCELLED", "A4": "NEEDS-ACTION"}


def test_a_completed_task_also_says_so_for_apps_that_read_percent_complete(store: StateStore) -> None:
    feed = task_feed(stamped(load_agenda(EXAMPLES / XEN), store))
    done = next(todo for todo in Calendar.from_ical(feed).walk("VTODO") if str(todo["STATUS"]) == "COMPLETED")
    assert done["PERCENT-COMPLETE"] == 100
    assert re.search(r"^COMPLETED:\d{8}T\d{6}Z\r$", feed, re.MULTILINE)


def test_the_owner_is_the_tasks_attendee_and_an_unowned_task_has_none(store: StateStore) -> None:
    tasks = read_tasks(task_feed(stamped(load_agenda(EXAMPLES / XEN), store)))
    assert [name for _, name in tasks["xen-4-4-hackathon/action/A4@summitbot"]["owners"]] == ["Lars Kurth"]
    assert tasks["xen-4-4-hackathon/action/A3@summitbot"]["owners"] == ()


def test_a_task_is_related_to_the_session_it_was_decided_at(store: StateStore) -> None:
    hackathon = stamped(load_agenda(EXAMPLES / XEN), store)
    tasks = read_tasks(task_feed(hackathon))
    assert tasks["xen-4-4-hackathon/action/A4@summitbot"]["related_to"] == session_uid(
        "xen-4-4-hackathon", "release-models"
    )
    event_uids = {str(event["UID"]) for event in Calendar.from_ical(event_feed(hackathon)).walk("VEVENT")}
    assert {task["related_to"] for task in tasks.values()} <= event_uids


def test_a_persons_task_feed_holds_only_what_they_own(store: StateStore) -> None:
    hackathon = stamped(load_agenda(EXAMPLES / XEN), store)
    lars = read_tasks(task_feed(hackathon, person="lars"))
    assert sorted(lars) == ["xen-4-4-hackathon/action/A2@summitbot", "xen-4-4-hackathon/action/A4@summitbot"]
    assert read_tasks(task_feed(hackathon, person="iwj")) == {}
