"""Every feed the bot serves or writes passes libical's checks (Debian's libical 3, the library
Evolution, GNOME Calendar and many servers read calendars with): the event feed, the task feed,
each person's own feed, a CalDAV item, and what `summitbot ics` writes, for every example agenda,
for one whose text holds every character that needs escaping, and for one with reminders
(VALARM), a recurring meeting and e-mail addresses in personal feeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.calendar.feed import Stamped, event_feed, item_text, personal_feeds, stamp_agenda, task_feed
from bot.sync.state import StateStore
from tests.conftest import EXAMPLES, Run
from tests.fixtures.fosdem import fosdem_agenda
from tests.fixtures.libical import libical_available, libical_problems
from tests.unit.agenda_text import load
from tests.unit.test_calendar_alarms import MEETING
from tests.unit.test_calendar_feed import HEAD, KERNEL, awkward_session
from tests.unit.test_calendar_feed_instances import CALLS

EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.yaml"))
# the old feeds' head: what libical refused
OLD_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//summitbot//summitbot 0//EN\r\nMETHOD:PUBLISH\r\n"


@pytest.fixture(scope="module", autouse=True)
def _libical() -> None:
    if not libical_available():
        pytest.fail("libical's Python bindings are missing (gir1.2-ical-3.0, python3-gi): run scripts/setup")


def every_feed(stamped: Stamped) -> Iterator[tuple[str, str]]:
    """(what, text) for each feed and one CalDAV item of each kind."""
    yield "event feed", event_feed(stamped)
    yield "task feed", task_feed(stamped)
    for person, text in sorted(personal_feeds(stamped).items()):
        yield f"{person}'s feed", text
    for person in sorted({p.id for p in stamped.agenda.people}):
        yield f"{person}'s task feed", task_feed(stamped, person=person)
    for stamps in (stamped.events(), stamped.tasks()):
        if stamps:
            yield f"item {stamps[0].uid}", item_text(stamped, stamps[0])


def assert_valid(feeds: list[tuple[str, str]]) -> None:
    verdicts = libical_problems([text for _, text in feeds])
    problems = {what: found for (what, _), found in zip(feeds, verdicts, strict=True) if found}
    assert problems == {}


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_feed_of_an_example_agenda_is_valid(name: str, tmp_path: Path) -> None:
    stamped = stamp_agenda(load_agenda(EXAMPLES / name), StateStore(tmp_path / "state.sqlite3"))
    assert_valid(list(every_feed(stamped)))


def test_feeds_of_awkward_text_and_a_cancelled_session_are_valid(store: StateStore) -> None:
    stamp_agenda(load(HEAD + KERNEL + awkward_session()), store)
    stamped = stamp_agenda(load(HEAD + awkward_session()), store)  # the kernel talk is now cancelled
    assert "STATUS:CANCELLED" in event_feed(stamped)
    assert_valid(list(every_feed(stamped)))


def test_feeds_with_reminders_and_addresses_are_valid(store: StateStore) -> None:
    settings = "keep_cancelled_days: 2\n    alarm: 1h30m\n    personal_feed_emails: true"
    stamped = stamp_agenda(load(HEAD.replace("keep_cancelled_days: 2", settings) + KERNEL + MEETING), store)
    assert "BEGIN:VALARM" in event_feed(stamped)
    assert "mailto:" in personal_feeds(stamped)["ann"]
    assert_valid(list(every_feed(stamped)))


def test_the_feeds_of_a_fosdem_sized_agenda_with_calls_and_reminders_are_valid(tmp_path: Path) -> None:
    text = fosdem_agenda(tmp_path / "generated").replace("\nactions:", CALLS + "actions:")
    path = tmp_path / "fosdem.yaml"
    path.write_text(text.replace("    collection: fosdem\n", "    collection: fosdem\n    alarm: 10m\n"))
    stamped = stamp_agenda(load_agenda(path), StateStore(tmp_path / "state.sqlite3"))
    feeds = [("event feed", event_feed(stamped)), ("task feed", task_feed(stamped))]
    feeds += [(f"{person}'s feed", feed) for person, feed in sorted(personal_feeds(stamped).items())[:50]]
    assert event_feed(stamped).count("BEGIN:VALARM") == 1003  # every session and call
    assert_valid(feeds)


def test_what_ics_writes_is_valid(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    for name in EXAMPLE_FILES:
        env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"), "XDG_CONFIG_HOME": str(tmp_path / "none")}
        assert summitbot("ics", agendas / name, "--dir", folder, env=env).returncode == 0
        assert summitbot("ics", agendas / name, "--tasks", "-o", tmp_path / f"{name}.ics", env=env).returncode == 0
    written = sorted([*folder.rglob("*.ics"), *tmp_path.glob("*.yaml.ics")])
    assert len(written) > 10
    assert_valid([(str(path.relative_to(tmp_path)), path.read_text()) for path in written])


def test_libical_refuses_an_attendee_in_a_published_calendar() -> None:
    """The check itself bites: the feeds as they used to be (METHOD:PUBLISH with attendees)."""
    event = (
        "BEGIN:VEVENT\r\nUID:a@summitbot\r\nDTSTAMP:20270503T090000Z\r\nDTSTART:20270601T090000Z\r\n"
        "DTEND:20270601T100000Z\r\nSUMMARY:Opening\r\nORGANIZER;CN=Ann:urn:uuid:1\r\n"
        "ATTENDEE;CN=Ann;ROLE=CHAIR:urn:uuid:1\r\nEND:VEVENT\r\n"
    )
    [problems] = libical_problems([OLD_HEAD + event + "END:VCALENDAR\r\n"])
    assert any("ATTENDEE" in problem and "Expected 0" in problem for problem in problems)
