"""Private by default: a public feed (the event's, its tasks') names people and never gives their
e-mail address; a person's own feed gives addresses only when the agenda says
`personal_feed_emails: true`; a CalDAV item (behind the server's login) keeps them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bot.calendar.addresses import person_urn, without_emails
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


_LINES = (
    "BEGIN:VEVENT", "SUMMARY:mailto:a@x.org stays: it is no address line", "ATTENDEE;CN=Ada;ROLE=CHAIR:mailto:a@x.org",
    "attendee:MAILTO:B@y.org", 'ORGANIZER;CN="Q: r":mailto:gone@z.org', "ATTENDEE;CN=Bo:urn:uuid:9",
    "ATTENDEES:mailto:a@x.org", "ATTENDEE;CN=Zoë " + "é" * 40 + ":mailto:a@x.org", "END:VEVENT",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=8), st.booleans(), st.booleans())
def test_only_the_addresses_of_address_lines_change_whatever_the_folding(
    lines: list[str], line_break_at_end: bool, folded: bool
) -> None:
    urns = {"mailto:a@x.org": "urn:uuid:1", "mailto:b@y.org": "urn:uuid:2"}
    text = "\r\n".join(lines) + ("\r\n" if line_break_at_end else "")
    if folded:
        text = text.replace("ROLE=", "RO\r\n LE=").replace("CN=", "C\r\n\tN=")
    out = without_emails(text, urns)
    unfolded = [line for line in out.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n") if line]
    kept = [line for line in text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n") if "gone@" not in line]
    assert len(unfolded) == len([line for line in kept if line])
    for before, after in zip([line for line in kept if line], unfolded, strict=True):
        address_line = before.split(";")[0].split(":")[0].upper() in {"ATTENDEE", "ORGANIZER"}
        assert after == (
            before.replace("mailto:a@x.org", "urn:uuid:1").replace("MAILTO:B@y.org", "urn:uuid:2")
            if address_line
            else before
        )
    assert all(len(line.encode()) <= 75 for line in out.split("\r\n"))
    if not lines or "gone@" not in lines[-1]:  # else the last line went, and the break before it
        assert out.endswith("\r\n") == line_break_at_end
