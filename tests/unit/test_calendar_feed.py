"""The event feed: what calendar apps read when they subscribe to an event.

Every feed here is read twice, by icalendar and by vobject (an independent parser), and compared
by meaning rather than bytes: `read_by_icalendar` and `read_by_vobject` turn a feed into the same
plain dict, one entry per UID. The bot publishes with a fixed clock into a state store of its own;
later runs use a later clock, the way a cron job would.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events  # type: ignore[import-untyped]
import vobject
from dateutil import tz
from icalendar import Calendar, Component, vCalAddress

from bot.agenda.load import load_agenda
from bot.calendar.addresses import person_urn
from bot.calendar.entries import session_uid
from bot.calendar.feed import event_feed, stamp_agenda
from bot.model import Agenda
from bot.sync.state import StateStore
from bot.text import MAX_NAME
from tests.conftest import EXAMPLES, MINI_SUMMIT
from tests.unit.agenda_text import load

Reading = dict[str, Any]  # one component as a parser reads it: property -> plain value
Feed = dict[str, Reading]  # by UID

PAGE = "https://wiki.example.org/Demo_summit"
ANN = person_urn("demo-summit", "ann")  # the public feed names Ann, and never gives her e-mail address
MONDAY = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)  # when the bot first publishes
HEAD = """\
event:
  id: demo-summit
  title: Demo summit
  timezone: America/Toronto
  organisers: [ann]
  venue:
    name: Hall
    address: Ottawa
  calendar:
    keep_cancelled_days: 2
people:
  - name: Ann Lee
    id: ann
    email: ann@example.org
sessions:
"""
OPENING = """\
  - id: opening
    title: Opening
    day: 2027-06-01
    start: "09:00"
    end: "10:00"
    room: Room 1
    moderators: [ann]
"""
KERNEL = """\
  - id: kernel
    title: Kernel talk
    day: 2027-06-01
    start: "10:30"
    end: "11:30"
    room: Room 1
    moderators: [ann]
"""


def summit(*sessions: str, head: str = HEAD) -> Agenda:
    """The demo summit with these session blocks."""
    return load(head + "".join(sessions))


def publish(agenda: Agenda, store: StateStore, when: datetime = MONDAY) -> str:
    """What the bot publishes as the event feed when it runs at `when`."""
    return event_feed(stamp_agenda(agenda, store, page_url=PAGE, clock=lambda: when))


def quoted(text: str) -> str:
    """`text` as a YAML scalar (JSON strings are YAML double-quoted strings)."""
    return json.dumps(text, ensure_ascii=False)


# text that needs care in iCalendar: newlines, , ; \ : quotes, a literal \n and non-ASCII
AWKWARD = "Line one\nline two; a, b \\ back: \"double\" 'single' C:\\new — 日本語 🎉 Zoë café naïve"
ROOM = "Room 1; B, C: 東"
ABOUT = "Bring: a laptop, a charger; and \\ patience.\nSecond line 😀"
TOPIC = "Topic; one, two: three \\ four"
NAME = 'Jean "JJ" O\'Brien, Jr.; Dr: Zoë'


def awkward_session() -> str:
    """A session whose title, room, description and topic hold every character that needs care."""
    return f"""\
  - id: awkward
    title: {quoted(AWKWARD)}
    day: 2027-06-01
    start: "09:00"
    end: "10:00"
    room: {quoted(ROOM)}
    description: {quoted(ABOUT)}
    moderators: [ann]
    topics:
      - title: {quoted(TOPIC)}
        note: {quoted(AWKWARD)}
"""


# --- reading a feed, twice ------------------------------------------------------------------------


def read_by_icalendar(feed: str) -> Feed:
    """Every VEVENT of the feed as icalendar reads it, by UID."""
    return {str(event["UID"]): _icalendar_event(event) for event in Calendar.from_ical(feed).walk("VEVENT")}


def _icalendar_event(event: Component) -> Reading:
    def text(name: str) -> str | None:
        return str(event[name]) if name in event else None

    def address(value: vCalAddress) -> tuple[str, str, str | None]:
        return str(value), str(value.params["CN"]), value.params.get("ROLE")

    attendees = event.get("ATTENDEE", [])
    categories = event.get("CATEGORIES")
    return {
        "summary": text("SUMMARY"),
        "start": event.decoded("DTSTART"),
        "end": event.decoded("DTEND"),
        "exdates": tuple(moment.dt for moment in event.get("EXDATE").dts) if "EXDATE" in event else (),
        "status": text("STATUS"),
        "sequence": event.decoded("SEQUENCE"),
        "stamp": event.decoded("DTSTAMP"),
        "created": event.decoded("CREATED"),
        "modified": event.decoded("LAST-MODIFIED"),
        "location": text("LOCATION"),
        "description": text("DESCRIPTION"),
        "url": text("URL"),
        "categories": tuple(str(c) for c in categories.cats) if categories else (),
        "organizer": address(event.get("ORGANIZER")) if "ORGANIZER" in event else None,
        "attendees": tuple(address(a) for a in (attendees if isinstance(attendees, list) else [attendees])),
    }


def read_by_vobject(feed: str) -> Feed:
    """Every VEVENT of the feed as vobject reads it, by UID."""
    calendar = parse_by_vobject(feed)
    return {event.uid.value: _vobject_event(event) for event in calendar.contents.get("vevent", [])}


def parse_by_vobject(feed: str) -> Any:
    """The feed parsed by vobject with its own VTIMEZONE, as an app reading only this feed would.
    vobject keeps one process-wide TZID registry in which the first VTIMEZONE seen wins, so the
    registry is emptied for the parse (UTC aside) and restored afterwards."""
    registry: dict[str, Any] = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    registry.clear()
    registry["UTC"] = saved["UTC"]
    try:
        return vobject.readOne(feed)
    finally:
        registry.clear()
        registry.update(saved)


def _vobject_event(event: Any) -> Reading:
    def value(name: str) -> Any:
        lines = event.contents.get(name)
        return lines[0].value if lines else None

    def address(line: Any) -> tuple[str, str, str | None]:
        role = line.params.get("ROLE")
        return line.value, rfc6868(line.params["CN"][0]), role[0] if role else None

    return {
        "summary": value("summary"),
        "start": value("dtstart"),
        "end": value("dtend"),
        "exdates": tuple(moment for line in event.contents.get("exdate", []) for moment in line.value),
        "status": value("status"),
        "sequence": int(value("sequence")),
        "stamp": value("dtstamp"),
        "created": value("created"),
        "modified": value("last-modified"),
        "location": value("location"),
        "description": value("description"),
        "url": value("url"),
        "categories": tuple(value("categories") or ()),
        "organizer": address(event.organizer) if "organizer" in event.contents else None,
        "attendees": tuple(address(line) for line in event.contents.get("attendee", [])),
    }


def rfc6868(parameter: str) -> str:
    """A parameter value with RFC 6868 escapes decoded (^' is a double quote, ^n a newline); icalendar
    writes and reads them, vobject 0.9.9 predates them and hands them over as written."""
    return re.sub(r"\^(['n^])", lambda found: {"'": '"', "n": "\n", "^": "^"}[found[1]], parameter)


def read_alike(feed: str) -> Feed:
    """The feed as both parsers read it, after checking that they agree."""
    by_icalendar = read_by_icalendar(feed)
    assert by_icalendar == read_by_vobject(feed)
    return by_icalendar


def calendar_name(feed: str) -> tuple[str, str]:
    """NAME and X-WR-CALNAME as both parsers read them; icalendar 7 does not know their value type
    (TEXT) and hands them over as written, so they are unescaped as TEXT (RFC 5545 3.3.11) here."""
    by_icalendar = Calendar.from_ical(feed)
    names = ("NAME", "X-WR-CALNAME")
    decoded = {name: unescape_text(str(by_icalendar[name])) for name in names}
    by_vobject = parse_by_vobject(feed)
    assert decoded == {name: by_vobject.contents[name.lower()][0].value for name in names}
    return decoded["NAME"], decoded["X-WR-CALNAME"]


def unescape_text(written: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda found: "\n" if found[1] in "nN" else found[1], written)


def physical_lines(feed: str) -> list[bytes]:
    """The feed's lines as they travel: bytes between CRLFs, before unfolding."""
    raw = feed.encode("utf-8")
    assert raw.endswith(b"\r\n")
    return raw[: -len(b"\r\n")].split(b"\r\n")


# --- what both parsers read -----------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.glob("*.yaml")))
def test_both_parsers_read_every_example_feed_alike_and_at_the_agendas_times(example: str, store: StateStore) -> None:
    agenda = load_agenda(EXAMPLES / example)
    events = read_alike(publish(agenda, store))
    scheduled = [
        *((s.id, s.start, s.end) for s in agenda.sessions),
        *((m.id, m.first_start, m.first_end) for m in agenda.meetings),
    ]
    assert sorted(events) == sorted(session_uid(agenda.event.id, id_) for id_, _, _ in scheduled)
    for id_, start, end in scheduled:
        event = events[session_uid(agenda.event.id, id_)]
        assert (event["start"], event["end"]) == (start, end)


def test_a_mini_summit_session_says_what_where_who_and_where_to_read_more(store: StateStore) -> None:
    agenda = load_agenda(EXAMPLES / MINI_SUMMIT)
    toronto = ZoneInfo("America/Toronto")
    cgroups = read_alike(publish(agenda, store))["containers-mini-summit-2008/cgroups@summitbot"]
    assert cgroups["summary"] == "Cgroups+Resource management"
    assert cgroups["start"] == datetime(2008, 7, 22, 11, 30, tzinfo=toronto)
    assert cgroups["end"] == datetime(2008, 7, 22, 14, 0, tzinfo=toronto)
    assert cgroups["location"] == "Albion A, Novotel Hotel, Ottawa, ON, Canada"
    assert cgroups["url"] == f"{PAGE}#cgroups"
    assert cgroups["organizer"] == (person_urn("containers-mini-summit-2008", "kir"), "Kir Kolyshkin", None)
    chairs = [name for _, name, role in cgroups["attendees"] if role == "CHAIR"]
    assert chairs == ["Paul Menage", "Balbir Singh", "Dhaval Giani"]
    description = str(cgroups["description"])
    assert "Moderators: Paul Menage, Balbir Singh, Dhaval Giani" in description
    for topic in ("Cgroup implementation", "libcg - userspace explotation of control groups/resource management"):
        assert f"- {topic}" in description
    assert cgroups["status"] == "CONFIRMED"


def test_a_track_becomes_the_category(store: StateStore) -> None:
    events = read_alike(publish(load_agenda(EXAMPLES / "xen-4.4-hackathon.yaml"), store))
    assert events["xen-4-4-hackathon/gpu-passthrough@summitbot"]["categories"] == ("features",)
    assert events["xen-4-4-hackathon/release-call@summitbot"]["categories"] == ("release",)


# --- time zones -----------------------------------------------------------------------------------


def test_every_time_is_in_the_event_zone_and_the_feed_carries_its_vtimezone(store: StateStore) -> None:
    feed = publish(load_agenda(EXAMPLES / "xen-4.4-hackathon.yaml"), store)
    calendar = Calendar.from_ical(feed)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND", "EXDATE"):
            if name in event:
                assert event[name].params["TZID"] == "Europe/London"
    lines = feed.split("\r\n")
    inside_vtimezone = lines[lines.index("BEGIN:VTIMEZONE") : lines.index("END:VTIMEZONE")]
    floating = [line for line in lines if re.match(r"(DTSTART|DTEND|EXDATE|RDATE)[:;](?!.*TZID=)", line)]
    assert floating == [line for line in inside_vtimezone if line.startswith("DTSTART:")]  # observances only
    stamps = [line for line in lines if line.startswith(("DTSTAMP", "CREATED", "LAST-MODIFIED"))]
    assert stamps
    assert all(line.endswith("Z") for line in stamps)


def vtimezone_offsets(feed: str, moments: list[datetime]) -> list[timedelta | None]:
    """What an app that only knows the feed's VTIMEZONE (not the IANA name) takes each local time to be."""
    text = feed[feed.index("BEGIN:VTIMEZONE") : feed.index("END:VTIMEZONE") + len("END:VTIMEZONE")]
    zone = tz.tzical(io.StringIO(text)).get()
    return [moment.replace(tzinfo=zone).utcoffset() for moment in moments]


SERIES = [  # zone, first call, last call, skipped calls
    pytest.param(
        "America/Toronto",
        date(2027, 10, 19),
        date(2027, 11, 30),
        [date(2027, 10, 26), date(2027, 11, 9)],
        id="toronto-2027",
    ),
    pytest.param(
        "Europe/London",
        date(2013, 10, 1),
        date(2013, 11, 26),
        [date(2013, 10, 15), date(2013, 11, 5)],
        id="london-2013",
    ),
    pytest.param(
        "Europe/London",
        date(2027, 10, 5),
        date(2027, 11, 30),
        [date(2027, 10, 26), date(2027, 11, 9)],
        id="london-2027",
    ),
]


def weekly_call(zone: str, first: date, until: date, skipped: list[date]) -> Agenda:
    """An event with one weekly call at 16:00 local time from `first` to `until`, minus `skipped`."""
    return load(f"""\
event:
  id: weekly-demo
  title: Weekly demo
  timezone: {zone}
meetings:
  - id: call
    title: Weekly call
    first: {first}
    start: "16:00"
    end: "17:00"
    repeat: weekly
    until: {until}
    skip: [{", ".join(map(str, skipped))}]
""")


def by_vobject(feed: str) -> list[datetime]:
    return list(parse_by_vobject(feed).vevent.getrruleset())


def by_recurring_ical_events(feed: str) -> list[datetime]:
    found = recurring_ical_events.of(Calendar.from_ical(feed)).between(date(2000, 1, 1), date(2100, 1, 1))
    return sorted(event["DTSTART"].dt for event in found)


READERS = [by_vobject, by_recurring_ical_events]


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.__name__)
@pytest.mark.parametrize(("zone", "first", "until", "skipped"), SERIES)
def test_a_weekly_call_keeps_its_local_time_across_the_dst_change_and_skips_exactly_the_skipped_dates(
    store: StateStore,
    reader: Callable[[str], list[datetime]],
    zone: str,
    first: date,
    until: date,
    skipped: list[date],
) -> None:
    feed = publish(weekly_call(zone, first, until, skipped), store)
    occurrences = reader(feed)
    every_week = [first + timedelta(weeks=n) for n in range((until - first).days // 7 + 1)]
    assert [moment.date() for moment in occurrences] == [day for day in every_week if day not in skipped]
    local = ZoneInfo(zone)
    assert {moment.astimezone(local).time() for moment in occurrences} == {time(16, 0)}
    offsets = {moment.utcoffset() for moment in occurrences}
    assert len(offsets) == 2  # the series does cross the change


@pytest.mark.parametrize(("zone", "first", "until", "skipped"), SERIES)
def test_the_vtimezone_alone_gives_zoneinfos_offsets_for_every_occurrence(
    store: StateStore, zone: str, first: date, until: date, skipped: list[date]
) -> None:
    feed = publish(weekly_call(zone, first, until, skipped), store)
    wall_clock = [
        datetime.combine(first + timedelta(weeks=n), time(16, 0)) for n in range((until - first).days // 7 + 1)
    ]
    expected = [moment.replace(tzinfo=ZoneInfo(zone)).utcoffset() for moment in wall_clock]
    assert vtimezone_offsets(feed, wall_clock) == expected


def test_a_series_with_a_count_gets_a_vtimezone_that_reaches_its_last_occurrence(store: StateStore) -> None:
    agenda = load("""\
event:
  id: leap-demo
  title: Leap demo
  timezone: America/Toronto
meetings:
  - id: summer-meetup
    title: Summer meetup every four years
    first: 2027-07-01
    start: "10:00"
    end: "11:00"
    rrule: FREQ=YEARLY;INTERVAL=4
    count: 3
""")
    feed = publish(agenda, store)
    occurrences = by_recurring_ical_events(feed)
    assert [moment.year for moment in occurrences] == [2027, 2031, 2035]
    wall_clock = [moment.replace(tzinfo=None) for moment in occurrences]
    assert vtimezone_offsets(feed, wall_clock) == [moment.utcoffset() for moment in occurrences]


def test_a_series_ends_at_a_utc_until_on_its_last_day(store: StateStore) -> None:
    feed = publish(weekly_call("America/Toronto", date(2027, 10, 19), date(2027, 11, 30), []), store)
    (call,) = Calendar.from_ical(feed).walk("VEVENT")
    (until,) = call.get("RRULE")["UNTIL"]
    assert until.utcoffset() == timedelta(0)
    assert re.search(r"^RRULE:.*UNTIL=\d{8}T\d{6}Z", feed, re.MULTILINE)
    assert until.astimezone(ZoneInfo("America/Toronto")).date() == date(2027, 11, 30)
    assert by_recurring_ical_events(feed)[-1].date() == date(2027, 11, 30)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        pytest.param("America/Toronto", date(2027, 11, 7), id="toronto-fall-back"),
        pytest.param("America/Toronto", date(2027, 3, 14), id="toronto-spring-forward"),
        pytest.param("Europe/London", date(2027, 10, 31), id="london-fall-back"),
        pytest.param("Europe/London", date(2027, 3, 28), id="london-spring-forward"),
    ],
)
def test_a_sunday_session_on_the_day_clocks_change_keeps_ten_oclock(store: StateStore, zone: str, day: date) -> None:
    agenda = load(f"""\
event:
  id: dst-demo
  title: DST demo
  timezone: {zone}
sessions:
  - id: sunday
    title: Sunday session
    day: {day}
    start: "10:00"
    end: "11:00"
""")
    feed = publish(agenda, store)
    (sunday,) = read_alike(feed).values()
    ten = datetime.combine(day, time(10, 0), ZoneInfo(zone))
    assert sunday["start"] == ten
    assert sunday["start"].astimezone(ZoneInfo(zone)).time() == time(10, 0)
    assert "DTSTART;TZID=" + zone + ":" + f"{day:%Y%m%d}T100000" in feed
    assert vtimezone_offsets(feed, [ten.replace(tzinfo=None)]) == [ten.utcoffset()]


# --- stable bytes and SEQUENCE --------------------------------------------------------------------


def test_an_unchanged_agenda_gives_the_same_bytes_on_a_later_run_and_stores_nothing_new(store: StateStore) -> None:
    agenda = load_agenda(EXAMPLES / MINI_SUMMIT)
    first = publish(agenda, store)
    stamps = store.stamps(agenda.event.id)
    again = publish(agenda, store, MONDAY + timedelta(days=3, hours=5))
    assert again.encode() == first.encode()
    assert store.stamps(agenda.event.id) == stamps


def test_retitling_a_session_keeps_its_sequence_but_updates_its_stamps(store: StateStore) -> None:
    publish(summit(OPENING, KERNEL), store)
    tuesday = MONDAY + timedelta(days=1)
    kernel = read_alike(publish(summit(OPENING, KERNEL.replace("Kernel talk", "Kernel hour")), store, tuesday))
    retitled = kernel["demo-summit/kernel@summitbot"]
    assert retitled["summary"] == "Kernel hour"
    assert retitled["sequence"] == 0
    assert (retitled["created"], retitled["stamp"], retitled["modified"]) == (MONDAY, tuesday, tuesday)
    untouched = kernel["demo-summit/opening@summitbot"]
    assert (untouched["sequence"], untouched["stamp"], untouched["modified"]) == (0, MONDAY, MONDAY)


def moved(block: str) -> str:
    return block.replace('start: "10:30"\n    end: "11:30"', 'start: "14:00"\n    end: "15:00"')


def test_moving_a_session_raises_its_sequence_and_moving_it_back_raises_it_again(store: StateStore) -> None:
    uid = "demo-summit/kernel@summitbot"
    publish(summit(OPENING, KERNEL), store)
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    after_move = read_alike(publish(summit(OPENING, moved(KERNEL)), store, tuesday))[uid]
    assert after_move["sequence"] == 1
    assert after_move["start"] == datetime(2027, 6, 1, 14, 0, tzinfo=ZoneInfo("America/Toronto"))
    assert after_move["modified"] == tuesday
    moved_back = read_alike(publish(summit(OPENING, KERNEL), store, wednesday))[uid]
    assert moved_back["sequence"] == 2
    assert (moved_back["created"], moved_back["modified"]) == (MONDAY, wednesday)


# --- cancelling -----------------------------------------------------------------------------------


def test_a_removed_session_stays_cancelled_until_keep_cancelled_days_have_passed(store: StateStore) -> None:
    uid = "demo-summit/kernel@summitbot"
    publish(summit(OPENING, KERNEL), store)
    tuesday = MONDAY + timedelta(days=1)
    cancelled = read_alike(publish(summit(OPENING), store, tuesday))[uid]
    assert (cancelled["status"], cancelled["sequence"], cancelled["modified"]) == ("CANCELLED", 1, tuesday)
    assert cancelled["summary"] == "Kernel talk"
    assert cancelled["attendees"] == ((ANN, "Ann Lee", "CHAIR"),)
    two_days_on = read_alike(publish(summit(OPENING), store, tuesday + timedelta(days=2)))
    assert two_days_on[uid] == cancelled  # keep_cancelled_days: 2
    later = publish(summit(OPENING), store, tuesday + timedelta(days=2, seconds=1))
    assert sorted(read_alike(later)) == ["demo-summit/opening@summitbot"]
    assert uid not in store.stamps("demo-summit")


def test_a_cancelled_session_still_says_everything_it_said_awkward_text_and_all(store: StateStore) -> None:
    head = HEAD.replace("name: Ann Lee", f"name: {quoted(NAME)}")
    before = read_alike(publish(summit(awkward_session(), head=head), store))
    after = read_alike(publish(summit(head=head), store, MONDAY + timedelta(days=1)))
    (uid,) = before
    changed = {name for name, value in before[uid].items() if after[uid][name] != value}
    assert changed == {"status", "sequence", "stamp", "modified"}


def test_a_session_that_comes_back_is_confirmed_with_a_higher_sequence(store: StateStore) -> None:
    uid = "demo-summit/kernel@summitbot"
    publish(summit(OPENING, KERNEL), store)
    publish(summit(OPENING), store, MONDAY + timedelta(days=1))
    back = read_alike(publish(summit(OPENING, KERNEL), store, MONDAY + timedelta(days=2)))[uid]
    assert (back["status"], back["sequence"], back["created"]) == ("CONFIRMED", 2, MONDAY)


# --- UIDs -----------------------------------------------------------------------------------------


def test_two_sessions_with_the_same_title_on_the_same_day_keep_distinct_uids(store: StateStore) -> None:
    twin = KERNEL.replace("id: kernel", "id: kernel-again").replace("Room 1", "Room 2").replace("[ann]", "[]")
    events = read_alike(publish(summit(KERNEL, twin, moved(KERNEL.replace("id: kernel", "id: kernel-late"))), store))
    assert set(events) == {f"demo-summit/{id_}@summitbot" for id_ in ("kernel", "kernel-again", "kernel-late")}
    assert {event["summary"] for event in events.values()} == {"Kernel talk"}


def test_a_uid_depends_on_neither_title_nor_time(store: StateStore) -> None:
    before = read_alike(publish(summit(KERNEL), store))
    after = read_alike(
        publish(summit(moved(KERNEL).replace("Kernel talk", "Kernel hour")), store, MONDAY + timedelta(days=1))
    )
    assert list(before) == list(after) == ["demo-summit/kernel@summitbot"]


def test_events_whose_ids_would_collide_when_naively_joined_keep_apart(store: StateStore) -> None:
    def event(event_id: str, session_id: str) -> Agenda:
        head = HEAD.replace("id: demo-summit", f"id: {event_id}")
        return summit(KERNEL.replace("id: kernel", f"id: {session_id}"), head=head)

    a_b = read_alike(publish(event("a-b", "c"), store))
    a = read_alike(publish(event("a", "b-c"), store))
    assert list(a_b) == ["a-b/c@summitbot"]
    assert list(a) == ["a/b-c@summitbot"]
    assert read_alike(publish(event("a-b", "c"), store, MONDAY + timedelta(days=1))) == a_b  # neither cancels the other


# --- text: escaping and folding -------------------------------------------------------------------


def test_awkward_text_reads_back_exactly_through_both_parsers(store: StateStore) -> None:
    agenda = summit(awkward_session())
    (awkward,) = read_alike(publish(agenda, store)).values()
    assert awkward["summary"] == AWKWARD
    assert awkward["location"] == f"{ROOM}, Hall, Ottawa"
    assert awkward["description"] == f"{ABOUT}\n\nModerators: Ann Lee\n\nTopics:\n- {TOPIC}: {AWKWARD}"


def test_the_calendar_name_is_escaped_like_any_text(store: StateStore) -> None:
    title = "Démo; summit, 2027\nday \\ two 🎉"
    feed = publish(summit(KERNEL, head=HEAD.replace("title: Demo summit", f"title: {quoted(title)}")), store)
    assert calendar_name(feed) == (title, title)


def test_a_name_with_quotes_commas_colons_and_semicolons_survives_in_cn(store: StateStore) -> None:
    head = HEAD.replace("name: Ann Lee", f"name: {quoted(NAME)}")
    (kernel,) = read_alike(publish(summit(KERNEL, head=head), store)).values()
    assert kernel["organizer"] == (ANN, NAME, None)
    assert kernel["attendees"] == ((ANN, NAME, "CHAIR"),)


def long_text(offset: int) -> str:
    """Long text of one-, two-, three- and four-byte characters, shifted by `offset` bytes so that
    the folds land at every position inside a character."""
    return "x" * offset + "Zoë 日本語 🎉, ünïcödé; " * 12


@pytest.mark.parametrize("offset", range(4))
def test_no_line_is_over_75_octets_and_no_fold_splits_a_character(store: StateStore, offset: int) -> None:
    text = long_text(offset)
    name = text[:MAX_NAME]  # still folded two times over, as names are at most 200 characters
    head = HEAD.replace("title: Demo summit", f"title: {quoted(text)}").replace(
        "name: Ann Lee", f"name: {quoted(name)}"
    )
    session = KERNEL.replace("title: Kernel talk", f"title: {quoted(text)}") + f"    description: {quoted(text)}\n"
    feed = publish(summit(session, head=head), store)
    lines = physical_lines(feed)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold inside a character would leave half of it on each line
    assert sum(line.startswith(b" ") for line in lines) > 20
    (kernel,) = read_alike(feed).values()
    assert (kernel["summary"], kernel["description"]) == (text, f"{text}\n\nModerators: {name}")
    assert kernel["organizer"] == (ANN, name, None)
    assert calendar_name(feed) == (text, text)
