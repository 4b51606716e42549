"""Private by default: a public feed (the event's, its tasks') names people and never gives their
e-mail address; a person's own feed gives addresses only when the agenda says
`personal_feed_emails: true`; a CalDAV item (behind the server's login) keeps them."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from bot.calendar.addresses import person_urn
from bot.calendar.feed import event_feed, item_text, personal_feeds, stamp_agenda, task_feed
from bot.sync.state import StateStore
from tests.conftest import MINI_SUMMIT, Run
from tests.unit.agenda_text import load, problems_of
from tests.unit.test_calendar_feed import HEAD, KERNEL, NAME, OPENING, quoted

LONG = "ann.lee.who.has.a.very.long.address.that.folds@departement-des-calendriers.example.org"
ACTIONS = """\
actions:
  - id: slides
    owner: ann
    text: Send the slides
    due: 2027-06-08
    source: {session: kernel}
"""


def agenda_text(*, emails: bool | None = None, name: str = "Ann Lee", address: str = "ann@example.org") -> str:
    head = HEAD.replace("name: Ann Lee", f"name: {quoted(name)}").replace("ann@example.org", address)
    if emails is not None:
        setting = f"personal_feed_emails: {str(emails).lower()}"
        head = head.replace("keep_cancelled_days: 2", f"keep_cancelled_days: 2\n    {setting}")
    return head


def addresses(text: str) -> list[tuple[str, str, str]]:
    """(property, URI, CN) of every ORGANIZER and ATTENDEE, as icalendar reads them."""
    found = []
    for part in Calendar.from_ical(text).walk():
        for name in ("ORGANIZER", "ATTENDEE"):
            values = part.get(name, [])
            for value in values if isinstance(values, list) else [values]:
                found.append((name, str(value), str(value.params["CN"])))
    return found


def test_the_event_and_task_feeds_name_people_and_never_give_an_address(store: StateStore) -> None:
    stamped = stamp_agenda(load(agenda_text() + OPENING + KERNEL + ACTIONS), store)
    ann = person_urn("demo-summit", "ann")
    for feed in (event_feed(stamped), task_feed(stamped)):
        assert "example.org" not in feed
        assert "mailto" not in feed.lower()
        assert set(addresses(feed)) == {("ORGANIZER", ann, "Ann Lee"), ("ATTENDEE", ann, "Ann Lee")}


def test_a_personal_feed_gives_no_address_unless_the_agenda_says_so(store: StateStore) -> None:
    quiet = stamp_agenda(load(agenda_text() + KERNEL + ACTIONS), store)
    assert "mailto" not in personal_feeds(quiet)["ann"].lower()
    assert "mailto" not in event_feed(quiet, person="ann") + task_feed(quiet, person="ann")
    told = stamp_agenda(load(agenda_text(emails=True) + KERNEL + ACTIONS), store)
    for feed in (personal_feeds(told)["ann"], event_feed(told, person="ann"), task_feed(told, person="ann")):
        assert ("ATTENDEE", "mailto:ann@example.org", "Ann Lee") in addresses(feed)
    assert "mailto" not in event_feed(told) + task_feed(told)  # the public feeds still never do


def test_a_caldav_item_keeps_the_address(store: StateStore) -> None:
    stamped = stamp_agenda(load(agenda_text() + KERNEL), store)
    (stamp,) = stamped.events()
    assert ("ORGANIZER", "mailto:ann@example.org", "Ann Lee") in addresses(item_text(stamped, stamp))


def test_a_long_folded_address_and_a_name_with_quotes_and_colons_lose_only_the_address(store: StateStore) -> None:
    stamped = stamp_agenda(load(agenda_text(name=NAME, address=LONG) + KERNEL), store)
    (stamp,) = stamped.events()
    assert LONG in stamp.component.replace("\r\n ", "")  # the stored text has it, folded
    feed = event_feed(stamped)
    assert "folds" not in feed.replace("\r\n ", "")
    assert "mailto" not in feed.lower()
    assert max(len(line.encode()) for line in feed.split("\r\n")) <= 75
    assert ("ATTENDEE", person_urn("demo-summit", "ann"), NAME) in addresses(feed)


def test_someone_who_left_the_agenda_is_dropped_from_a_cancelled_entry(store: StateStore) -> None:
    bob = "  - name: Bob Ray\n    id: bob\n    email: bob@example.org\n"
    stamp_agenda(load(agenda_text().replace("people:\n", "people:\n" + bob) + KERNEL.replace("[ann]", "[bob]")), store)
    stamped = stamp_agenda(load(agenda_text() + OPENING), store)  # Bob and his talk are gone
    feed = event_feed(stamped)
    assert "STATUS:CANCELLED" in feed
    assert "bob@" not in feed
    assert "mailto" not in feed.lower()


def test_personal_feed_emails_must_be_true_or_false() -> None:
    text = agenda_text().replace("keep_cancelled_days: 2", "keep_cancelled_days: 2\n    personal_feed_emails: maybe")
    assert problems_of(text + KERNEL) == [
        "demo.yaml:11:27: calendar: 'personal_feed_emails' should be true or false, not 'maybe'"
    ]


def test_ics_prints_names_and_no_address(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    result = summitbot("ics", agendas / MINI_SUMMIT, env=env)
    assert result.returncode == 0
    assert "Kir Kolyshkin" in result.stdout.replace("\r\n ", "")
    assert "openvz.org" not in result.stdout
    assert "mailto" not in result.stdout.lower()
