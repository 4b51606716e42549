"""Exporting the agenda for conference apps: frab `schedule.xml` (Giggity, ConfClerk) and `schedule.json`.

The XML is read back the way the apps read it (day -> room -> event, start and duration as HH:MM
on the day's date) and both files are checked against the C3VOC schemas vendored in
`tests/fixtures/frab/` (see the README there for where they come from).
"""

from __future__ import annotations

import json
import re
import runpy
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
from lxml import etree

from bot.agenda.load import load_agenda, parse_agenda
from bot.calendar.export import NAMESPACE, Meetings, frab_xml, schedule_json
from bot.model import Agenda, Person, Session, Topic
from tests.conftest import EXAMPLES, MINI_SUMMIT, ROOT

FRAB = Path(__file__).resolve().parent.parent / "fixtures" / "frab"
WIKI = "https://wiki.openvz.org/"
PAGE = "https://wiki.openvz.org/index.php?title=Containers/Mini-summit_2008"  # as wiki_page_url gives it
EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.yaml"))
HOSTILE = "<script>alert('x')</script> & \"quoted\" ]]> &amp;\nsecond line, tab\there, 🎉 Zoë"


class Entry(NamedTuple):
    """One event as a conference app lists it."""

    date: str
    room: str
    start: str
    duration: str
    title: str


@cache
def example(name: str) -> Agenda:
    """An example agenda from agendas/ (loaded once; agendas are immutable)."""
    return load_agenda(EXAMPLES / name)


@pytest.fixture(scope="module")
def fosdem() -> Agenda:
    """The FOSDEM-sized agenda of bench/agenda_scale.py: 1,000 sessions in 60 rooms over 3 days."""
    bench = runpy.run_path(str(ROOT / "bench" / "agenda_scale.py"))  # a script, not a package
    scale = bench["Scale"](sessions=1000, rooms=60, attendees=8000, days=3)
    return parse_agenda(bench["build_agenda"](scale), "fosdem-2027.yaml")


def read_like_an_app(xml: str) -> list[Entry]:
    """What Giggity and ConfClerk take from schedule.xml: day, room, then each event's start and duration."""
    root = ET.fromstring(xml)
    return [
        Entry(day.get("date", ""), room.get("name", ""), event.findtext("start", ""), event.findtext("duration", ""),
              event.findtext("title", ""))
        for day in root.iter("day") for room in day.findall("room") for event in room.findall("event")
    ]  # fmt: skip


def xml_events(xml: str) -> list[ET.Element]:
    return list(ET.fromstring(xml).iter("event"))


def json_events(text: str) -> list[dict[str, Any]]:
    days = json.loads(text)["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


def check_xml(xml: str) -> None:
    """Fail with lxml's messages unless `xml` is valid by the vendored frab XSD."""
    xsd = etree.parse(str(FRAB / "schedule.xml.xsd"))
    # The vendored XSD predates frab's <day_change> (HH:MM, as `start`); it is added here, optional.
    namespace = {"xs": "http://www.w3.org/2001/XMLSchema"}
    [conference] = xsd.xpath("//xs:element[@name='conference']/xs:complexType/xs:all", namespaces=namespace)
    etree.SubElement(conference, f"{{{namespace['xs']}}}element", type="start", name="day_change", minOccurs="0")
    schema = etree.XMLSchema(xsd)
    document = etree.fromstring(xml.encode())
    assert schema.validate(document), [str(error) for error in schema.error_log]


def check_json(text: str) -> None:
    """Fail unless `text` is valid by the vendored schema.json with format checks on, every event included.

    The upstream file carries `// TODO` lines, which JSON does not allow; they are dropped before
    parsing. Its `Day.rooms` reaches every event (patternProperties), so the events are checked too.
    One definition is held to what apps read rather than to the letter: upstream declares an
    event's `start` a date-time, yet its own example (`validator/json/examples/pretalx-democon.json`),
    pretalx, frab and the XSD all write the clock time `HH:MM` beside the full `date`; an app that
    reads `start` expects `09:00`, so `start` is checked against the XSD's `start` pattern instead.
    """
    assert FORMATS.checkers.keys() >= {"uri", "date-time", "date", "uuid"}  # rfc3986/rfc3339 validators installed
    schema = json.loads(JSON_COMMENT.sub("", (FRAB / "schema.json").read_text(encoding="utf-8")))
    assert "patternProperties" in schema["definitions"]["Day"]["properties"]["rooms"]  # the current schema
    schema["definitions"]["Event"]["properties"]["start"] = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
    jsonschema.Draft6Validator(schema, format_checker=FORMATS).validate(json.loads(text))


JSON_COMMENT = re.compile(r"(?m)^\s*//.*\n")
FORMATS = jsonschema.FormatChecker()


def with_sessions(agenda: Agenda, *sessions: Session, people: tuple[Person, ...] = ()) -> Agenda:
    """The agenda with only these sessions (and these people added to its registry)."""
    return replace(agenda, sessions=tuple(sessions), people=agenda.people + people)


# --- what an app shows ----------------------------------------------------------------------------


def test_the_mini_summit_is_three_sessions_on_one_day_in_albion_a() -> None:
    xml = frab_xml(example(MINI_SUMMIT))

    assert read_like_an_app(xml) == [
        Entry("2008-07-22", "Albion A", "08:30", "02:30", "Namespaces/Containers"),
        Entry("2008-07-22", "Albion A", "11:30", "02:30", "Cgroups+Resource management"),
        Entry("2008-07-22", "Albion A", "14:30", "02:00", "Checkpoint/Restart"),
    ]
    conference = ET.fromstring(xml).find("conference")
    assert conference is not None
    assert conference.findtext("acronym") == "containers_mini_summit_2008"
    assert conference.findtext("day_change") == "04:00"
    assert conference.findtext("time_zone_name") == "America/Toronto"
    assert (conference.findtext("start"), conference.findtext("end"), conference.findtext("days")) == (
        "2008-07-22", "2008-07-22", "1",
    )  # fmt: skip


def test_times_are_in_the_event_zone_so_a_july_toronto_session_is_at_minus_four() -> None:
    agenda = example(MINI_SUMMIT)

    day = ET.fromstring(frab_xml(agenda)).find("day")
    first = json_events(schedule_json(agenda))[0]

    assert day is not None
    assert (day.get("start"), day.get("end")) == ("2008-07-22T08:30:00-04:00", "2008-07-22T16:30:00-04:00")
    assert xml_events(frab_xml(agenda))[0].findtext("date") == "2008-07-22T08:30:00-04:00"
    assert (first["date"], first["start"], first["duration"]) == ("2008-07-22T08:30:00-04:00", "08:30", "02:30")


def test_the_json_lists_the_same_events_as_the_xml() -> None:
    agenda = example("xen-4.4-hackathon.yaml")

    from_json = [
        (event["guid"], event["id"], event["date"], event["room"]) for event in json_events(schedule_json(agenda))
    ]
    from_xml = [
        (event.get("guid"), int(event.get("id", "0")), event.findtext("date"), event.findtext("room"))
        for event in xml_events(frab_xml(agenda))
    ]

    assert from_json == from_xml


def test_moderators_are_the_persons_and_topics_the_description() -> None:
    namespaces = xml_events(frab_xml(example(MINI_SUMMIT)))[0]

    assert [person.text for person in namespaces.iter("person")] == ["Serge Hallyn", "Dave Hansen"]
    assert namespaces.findtext("type") == "session"
    assert namespaces.findtext("abstract") == "sysfs issues (and any /proc issues)"
    description = (namespaces.findtext("description") or "").splitlines()
    assert description[:2] == ["- sysfs issues (and any /proc issues)", "  - uevents/hotplug"]
    assert "  - Small namespaces" in description
    note = description[description.index("  - Small namespaces") + 1]
    assert note.startswith("    What to do with small subsystem")


def test_a_session_without_a_room_is_under_the_venue_name_or_main() -> None:
    kickoff = read_like_an_app(frab_xml(example("uml-64bit-coop.yaml"), meetings="none"))

    assert kickoff == [Entry("2004-04-20", "Main", "19:00", "02:00", "Kickoff call")]


def test_rooms_follow_the_venue_order_then_the_name() -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    gpu = next(session for session in agenda.sessions if session.id == "gpu-passthrough")
    moved = replace(agenda, sessions=(*agenda.sessions, replace(gpu, id="gpu-2", room="Annex")))

    second_day = ET.fromstring(frab_xml(moved, meetings="none")).findall("day")[1]

    assert [room.get("name") for room in second_day.findall("room")] == ["Main room", "Breakout room", "Annex"]


def test_with_a_wiki_page_every_event_links_to_it_once() -> None:
    agenda = example(MINI_SUMMIT)

    with_url, without = frab_xml(agenda, page_url=PAGE), frab_xml(agenda)

    assert {event.findtext("url") for event in xml_events(with_url)} == {PAGE}
    assert ET.fromstring(with_url).findtext("conference/base_url") == WIKI
    assert {event["url"] for event in json_events(schedule_json(agenda, page_url=PAGE))} == {PAGE}
    assert all(event.find("url") is None for event in xml_events(without))
    assert ET.fromstring(without).find("conference/base_url") is None


def test_without_a_wiki_page_the_json_urls_are_urn_uuids_not_empty() -> None:
    agenda = example(MINI_SUMMIT)

    document = json.loads(schedule_json(agenda))

    assert document["schedule"]["base_url"].startswith("urn:uuid:")
    assert {event["url"] for event in json_events(schedule_json(agenda))} == {
        f"urn:uuid:{event['guid']}" for event in json_events(schedule_json(agenda))
    }
    check_json(schedule_json(agenda))


# --- recurring meetings ---------------------------------------------------------------------------


def test_asked_for_all_the_release_call_is_on_every_tuesday_of_its_series_but_the_skipped_one() -> None:
    xml = frab_xml(example("xen-4.4-hackathon.yaml"), meetings="all")

    calls = [entry for entry in read_like_an_app(xml) if entry.title == "Xen 4.4 release call"]

    tuesdays = [date(2013, 6, 4) + timedelta(weeks=week) for week in range(17)]
    assert [call.date for call in calls] == [day.isoformat() for day in tuesdays if day != date(2013, 7, 2)]
    assert {(call.room, call.start, call.duration) for call in calls} == {("Online", "16:00", "01:00")}
    days = [day.get("date") for day in ET.fromstring(xml).iter("day")]
    assert days[:2] == ["2013-05-15", "2013-05-16"]
    assert len(days) == 2 + 16


def test_a_meeting_occurrence_is_typed_meeting_and_links_to_where_it_is_held() -> None:
    call = next(
        event
        for event in xml_events(frab_xml(example("xen-4.4-hackathon.yaml"), meetings="all"))
        if event.findtext("type") == "meeting"
    )

    links = call.find("links")
    assert links is not None
    assert [(link.get("href"), link.text) for link in links] == [("https://meet.example.org/xen-release", "Where")]


def test_meetings_can_be_left_out() -> None:
    entries = read_like_an_app(frab_xml(example("xen-4.4-hackathon.yaml"), meetings="none"))

    assert len(entries) == 5
    assert {entry.date for entry in entries} == {"2013-05-15", "2013-05-16"}


def test_a_weekly_call_stays_at_four_when_the_clocks_go_back() -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    longer = replace(agenda.meetings[0], rrule="FREQ=WEEKLY;COUNT=30", skipped=())

    events = json_events(schedule_json(replace(agenda, sessions=(), meetings=(longer,)), meetings="all"))

    dates = {event["date"][:10]: event["date"] for event in events}
    assert dates["2013-10-22"] == "2013-10-22T16:00:00+01:00"  # British Summer Time
    assert dates["2013-10-29"] == "2013-10-29T16:00:00+00:00"  # GMT after 27 October
    assert {event["duration"] for event in events} == {"01:00"}


# --- ids ------------------------------------------------------------------------------------------


def test_ids_and_guids_never_change() -> None:
    namespaces = xml_events(frab_xml(example(MINI_SUMMIT)))[0]

    # The calendar UID "containers-mini-summit-2008/namespaces@summitbot" fixes both, for good.
    assert namespaces.get("guid") == "35605578-5281-5bca-8f5b-72f40bc64699"
    assert namespaces.get("guid") == str(uuid.uuid5(NAMESPACE, "containers-mini-summit-2008/namespaces@summitbot"))
    assert namespaces.get("id") == "993456404"


def test_an_id_does_not_depend_on_the_other_sessions() -> None:
    agenda = example(MINI_SUMMIT)
    alone = with_sessions(agenda, agenda.sessions[2])

    assert xml_events(frab_xml(alone))[0].attrib == xml_events(frab_xml(agenda))[2].attrib


def test_two_sessions_with_the_same_title_and_time_in_two_rooms_get_distinct_ids() -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    bof = next(session for session in agenda.sessions if session.id == "gpu-passthrough")
    twin = replace(bof, id="gpu-passthrough-2", room="Main room")

    events = xml_events(frab_xml(with_sessions(agenda, bof, twin), meetings="none"))

    assert [event.findtext("title") for event in events] == ["GPU passthrough BoF"] * 2
    assert len({event.get("id") for event in events}) == 2
    assert len({event.get("guid") for event in events}) == 2
    assert len({event.findtext("slug") for event in events}) == 2


# --- well-formed and valid ------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_FILES)
@pytest.mark.parametrize("page_url", [None, PAGE])
@pytest.mark.parametrize("meetings", ["during", "all", "none"])
def test_every_example_is_valid_by_the_frab_schemas(name: str, page_url: str | None, meetings: Meetings) -> None:
    agenda = example(name)

    check_xml(frab_xml(agenda, page_url=page_url, meetings=meetings))
    check_json(schedule_json(agenda, page_url=page_url, meetings=meetings))


def test_a_fosdem_sized_agenda_is_valid_and_complete(fosdem: Agenda) -> None:
    xml, text = frab_xml(fosdem, page_url="https://wiki.example.org/wiki/FOSDEM_2027"), schedule_json(fosdem)

    check_xml(xml)
    check_json(text)
    assert len(read_like_an_app(xml)) == len(json_events(text)) == 1000
    first_day = ET.fromstring(xml).find("day")
    assert first_day is not None
    rooms = [room.get("name") for room in first_day.findall("room")]
    assert rooms == [room for room in fosdem.event.venue.rooms if room in rooms]


def test_the_same_agenda_gives_the_same_bytes() -> None:
    agenda = example("xen-4.4-hackathon.yaml")

    assert frab_xml(agenda, page_url=PAGE).encode() == frab_xml(agenda, page_url=PAGE).encode()
    assert schedule_json(agenda).encode() == schedule_json(agenda).encode()


def test_the_version_changes_when_the_schedule_does() -> None:
    agenda = example(MINI_SUMMIT)
    later = replace(agenda.sessions[2], start=agenda.sessions[2].start + timedelta(minutes=30))

    before = ET.fromstring(frab_xml(agenda)).findtext("version")
    after = ET.fromstring(frab_xml(with_sessions(agenda, *agenda.sessions[:2], later))).findtext("version")

    assert before != after


def test_hostile_text_comes_back_as_text() -> None:
    agenda = example(MINI_SUMMIT)
    mallory = Person("mallory", HOSTILE)
    session = replace(
        agenda.sessions[0],
        title=HOSTILE,
        room=HOSTILE,
        track=HOSTILE,
        moderators=("mallory",),
        description=HOSTILE,
        topics=(Topic(HOSTILE, note=HOSTILE, children=(Topic(HOSTILE),)),),
    )
    hostile = replace(with_sessions(agenda, session, people=(mallory,)), event=replace(agenda.event, title=HOSTILE))

    xml, text = frab_xml(hostile), schedule_json(hostile)

    event = xml_events(xml)[0]
    assert [event.findtext(key) for key in ("title", "room", "track", "abstract")] == [HOSTILE] * 4
    assert event.findtext("persons/person") == HOSTILE
    assert (event.findtext("description") or "").startswith("- " + HOSTILE)
    assert [room.get("name") for room in ET.fromstring(xml).iterfind("day/room")] == [HOSTILE]
    assert ET.fromstring(xml).findtext("conference/title") == HOSTILE
    [as_json] = json_events(text)
    assert [as_json[key] for key in ("title", "room", "track", "abstract")] == [HOSTILE] * 4
    assert as_json["persons"][0]["public_name"] == HOSTILE
    assert "🎉" in text  # written as itself, not as \ud83c\udf89
    check_xml(xml)


def test_an_agenda_with_nothing_scheduled_still_exports() -> None:
    agenda = example(MINI_SUMMIT)
    empty = replace(agenda, sessions=(), meetings=(), event=replace(agenda.event, days=()))

    assert read_like_an_app(frab_xml(empty)) == []
    assert json.loads(schedule_json(empty))["schedule"]["conference"]["days"] == []


def test_a_day_stretches_to_a_meeting_held_after_hours() -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    first_day = agenda.event.days[0]
    assert first_day.end is not None
    late = replace(
        agenda.meetings[0],
        rrule="FREQ=DAILY;COUNT=1",
        first_start=datetime.combine(first_day.date, first_day.end.time(), first_day.end.tzinfo),
        first_end=first_day.end + timedelta(hours=1),
    )

    day = ET.fromstring(frab_xml(replace(agenda, meetings=(late,)))).find("day")

    assert day is not None
    assert (day.get("start"), day.get("end")) == ("2013-05-15T09:00:00+01:00", "2013-05-15T18:30:00+01:00")


# --- what the current schemas and apps need (issue 14) --------------------------------------------


@pytest.mark.parametrize(("event_id", "acronym"), [("xen", "xen_2013"), ("uml", "uml_2013"), ("xen-4.4", "xen_4_4")])
def test_a_short_or_dotted_event_id_becomes_an_acronym_the_current_schema_accepts(event_id: str, acronym: str) -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    short = replace(agenda, event=replace(agenda.event, id=event_id))

    xml, text = frab_xml(short), schedule_json(short)

    assert ET.fromstring(xml).findtext("conference/acronym") == acronym
    assert json.loads(text)["schedule"]["conference"]["acronym"] == acronym
    assert {event["slug"].split("-")[0] for event in json_events(text)} == {acronym}  # "xen-4.4-..." had a dot
    check_xml(xml)
    check_json(text)


def test_a_call_at_half_past_one_is_on_the_day_before_as_the_day_changes_at_four() -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    second = agenda.event.days[1].date
    start = datetime.combine(second, datetime.min.time().replace(hour=1, minute=30), agenda.event.timezone)
    night = replace(
        agenda.meetings[0], rrule="FREQ=DAILY;COUNT=1", first_start=start, first_end=start + timedelta(hours=1)
    )

    xml = frab_xml(replace(agenda, sessions=agenda.sessions[:1], meetings=(night,)))

    assert ET.fromstring(xml).findtext("conference/day_change") == "04:00"
    [call] = [entry for entry in read_like_an_app(xml) if entry.title == night.title]
    assert call == Entry(agenda.event.days[0].date.isoformat(), "Online", "01:30", "01:00", night.title)
    check_xml(xml)
    check_json(schedule_json(replace(agenda, meetings=(night,))))


def test_a_two_day_hackathon_with_a_weekly_call_spans_its_two_days() -> None:
    agenda = example("xen-4.4-hackathon.yaml")
    first = agenda.event.days[0]
    assert first.start is not None
    during = replace(
        agenda.meetings[0], id="daily", rrule="FREQ=DAILY;COUNT=5", skipped=(),
        first_start=first.start, first_end=first.start + timedelta(minutes=30),
    )  # fmt: skip
    agenda = replace(agenda, meetings=(*agenda.meetings, during))

    xml, text = frab_xml(agenda), schedule_json(agenda)

    conference = ET.fromstring(xml).find("conference")
    assert conference is not None
    assert [conference.findtext(key) for key in ("start", "end", "days")] == ["2013-05-15", "2013-05-16", "2"]
    assert [day.get("date") for day in ET.fromstring(xml).iter("day")] == ["2013-05-15", "2013-05-16"]
    dates = {entry.date for entry in read_like_an_app(xml) if entry.title == during.title}
    assert dates == {"2013-05-15", "2013-05-16"}  # the daily call on the event's days, not the three after
    header = json.loads(text)["schedule"]["conference"]
    assert (header["start"], header["end"], header["daysCount"]) == ("2013-05-15", "2013-05-16", 2)
    check_xml(xml)
    check_json(text)


def test_every_json_url_passes_the_uri_format_check() -> None:
    for page_url in (None, PAGE):
        text = schedule_json(example(MINI_SUMMIT), page_url=page_url)
        document = json.loads(text)
        urls = [document["schedule"]["base_url"]] + [event["url"] for event in json_events(text)]
        assert all(FORMATS.conforms(url, "uri") for url in urls), urls
