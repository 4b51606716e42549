"""The agenda as a frab schedule: `schedule.xml` (Giggity, ConfClerk, ...) and the C3VOC `schedule.json`.

Both are built from one plan of the schedule, so they always agree. The tricky parts:

- frab wants an integer `id` per entry, so it is derived from the entry's calendar UID (SHA-256,
  kept in 1 .. 2**31-1), never from its position, so adding a session renumbers nothing. A clash
  (odds about 1 in 4,000 for a 1,000-entry schedule) moves the later UID in sorted order on. The
  `guid` is uuid5(NAMESPACE, UID): the same for the same session in every export, forever;
- the UID is the one the calendar uses, `{event}/{session}@summitbot`; an occurrence of a
  meeting adds its date, `{event}/{meeting}/{YYYY-MM-DD}@summitbot`;
- a meeting is expanded with dateutil from its first start (wall-clock time in the event's zone,
  so 16:00 stays 16:00 across a DST change), minus skipped dates; an open-ended series is cut
  after MEETING_LIMIT dates, as there is no clock to say which dates are still to come;
- the conference spans the event's own days; a meeting occurrence outside them is left out unless
  all meetings are asked for (a 2-day hackathon with a weekly call is 2 days, not 18);
- a schedule day starts at DAY_CHANGE (04:00), not midnight, so a 01:30 call belongs to the day
  before, as frab's `<day_change>` tells Giggity and ConfClerk;
- the acronym follows the newer C3VOC schema.json pattern (`[a-z0-9_-][a-z0-9_]{3,}`): hyphens and dots of
  the event id become `_`, and an id shorter than 4 characters gets `_YYYY` (its first year);
- every URL is absolute: events link to the event's wiki page; without one the JSON (which
  requires `url`) gives `urn:uuid:GUID`, and the XML leaves `url` and `base_url` out;
- the output is a pure function of the agenda: the `version` is a digest of the plan, not a time;
- XML 1.0 cannot hold most control characters at all (not even as references), so every text and
  attribute goes through `printable`, and the JSON says the same.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from bot import __version__
from bot.agenda.recurrence import calls
from bot.calendar.xml_text import xml_text
from bot.json_text import json_text
from bot.model import Agenda, Event, Link, Meeting, Person, Session, Topic
from bot.text import printable

NAMESPACE = uuid.UUID("1356ed4a-320e-516d-a0a6-88a50b35d107")
"""The namespace of every guid summitbot exports; changing it would change every guid."""

MEETING_LIMIT = 100  # dates of one meeting series at most
LANGUAGE = "en"
JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"
DAY_CHANGE = time(4)
"""When a schedule day begins: a talk starting before 04:00 belongs to the day before."""
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ACRONYM = re.compile(r"[^a-z0-9_]+")

Meetings = Literal["during", "all", "none"]
"""Which meeting occurrences to export: those on the event's days, all of them, or none."""


@dataclass(frozen=True)
class Talk:
    """One entry of the schedule: a session, or one occurrence of a recurring meeting."""

    uid: str
    kind: str  # "session" or "meeting"
    title: str
    start: datetime
    end: datetime
    room: str
    track: str
    abstract: str
    description: str
    moderators: tuple[Person, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class ScheduleDay:
    """One day of the schedule: its hours and its rooms in display order, each with its talks."""

    index: int
    date: date
    start: datetime
    end: datetime
    rooms: tuple[tuple[str, tuple[Talk, ...]], ...]


@dataclass(frozen=True)
class Plan:
    """Everything both formats say, with the integer ids already handed out."""

    event: Event
    days: tuple[ScheduleDay, ...]
    numbers: dict[str, int]  # UID or person key -> frab id
    url: str | None  # the event's wiki page
    base_url: str | None  # the wiki's address the page is under

    @property
    def version(self) -> str:
        """A digest of the schedule, so apps see a new version exactly when something changed."""
        return hashlib.sha256(repr((self.days, self.url)).encode()).hexdigest()[:12]

    @property
    def timeslot(self) -> int:
        """The grid every start and duration falls on, in minutes (at most an hour)."""
        talks = [talk for day in self.days for _, talks in day.rooms for talk in talks]
        minutes = [t.start.hour * 60 + t.start.minute for t in talks] + [_minutes(t) for t in talks]
        return min(math.gcd(*minutes), 60) or 15


def frab_xml(agenda: Agenda, *, page_url: str | None = None, meetings: Meetings = "during") -> str:
    """The agenda as a frab `schedule.xml`, for Giggity, ConfClerk and other conference apps.

    `page_url` is the address of the event's wiki page (http or https, as `wiki_page_url` gives
    it); when given, every entry links to it. `meetings` says which meeting occurrences are in:
    "during" the event's days (the default), "all", or "none".
    """
    plan = _plan(agenda, page_url, meetings)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="summitbot", version=__version__)
    _text(root, "version", plan.version)
    conference = ET.SubElement(root, "conference")
    header = _conference(plan) | {"days": str(len(plan.days)), "day_change": f"{DAY_CHANGE:%H:%M}"}
    for key, value in (header | ({"base_url": plan.base_url} if plan.base_url else {})).items():
        _text(conference, key, value)
    for day in plan.days:
        attributes = {"index": str(day.index), "date": day.date.isoformat()}
        element = ET.SubElement(root, "day", attributes, start=_iso(day.start), end=_iso(day.end))
        for name, talks in day.rooms:
            room = ET.SubElement(element, "room", name=printable(name))
            for talk in talks:
                _event_element(room, plan, talk)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + xml_text(root) + "\n"


def schedule_json(agenda: Agenda, *, page_url: str | None = None, meetings: Meetings = "during") -> str:
    """The agenda as a C3VOC/frab `schedule.json`, the same schedule as `frab_xml` gives.

    The format requires `base_url` and each event's `url` as URIs: without `page_url` they are
    `urn:uuid:` names (of the event and of the entry), as there is no address to give.
    """
    plan = _plan(agenda, page_url, meetings)
    conference: dict[str, Any] = _conference(plan) | {"daysCount": len(plan.days)}
    if plan.event.description:
        conference["description"] = plan.event.description
    if plan.url:
        conference["url"] = plan.url
    rooms = dict.fromkeys(name for day in plan.days for name, _ in day.rooms)
    conference["rooms"] = [{"name": name, "guid": _guid(f"{plan.event.id}/room/{name}@summitbot")} for name in rooms]
    conference["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": _iso(day.start),
            "day_end": _iso(day.end),
            "rooms": {name: [_event_json(plan, talk) for talk in talks] for name, talks in day.rooms},
        }
        for day in plan.days
    ]
    generator = {"name": "summitbot", "version": __version__}
    base_url = plan.base_url or "urn:uuid:" + _guid(f"{plan.event.id}@summitbot")
    schedule = {"version": plan.version, "base_url": base_url, "generator": generator}
    document = {"$schema": JSON_SCHEMA, "schedule": schedule | {"conference": conference}}
    return json_text(_printable(document), depth=7) + "\n"  # down to each room's list: an event a line


# --- the plan -------------------------------------------------------------------------------------


def _plan(agenda: Agenda, page_url: str | None, meetings: Meetings) -> Plan:
    """Gather the talks, hand out ids, and lay them out by day and room."""
    event = agenda.event
    talks = [_session_talk(agenda, session) for session in agenda.sessions]
    if meetings != "none":
        event_days = {day.date for day in event.days}
        # the dates after the event's last day (and its night) are not needed unless all are
        until = max(event_days) + timedelta(days=1) if meetings == "during" and event_days else None
        for meeting in agenda.meetings:
            for talk in _meeting_talks(agenda, meeting, until):
                if meetings == "all" or not event_days or _schedule_date(talk.start) in event_days:
                    talks.append(talk)
    people = {person.id for talk in talks for person in talk.moderators}
    numbers = _numbers([talk.uid for talk in talks]) | _numbers(_person_key(event, pid) for pid in people)
    return Plan(event, _days(event, talks), numbers, page_url, _site(page_url) if page_url else None)


def _site(page_url: str) -> str:
    """The address a wiki page is under: its URL up to the last `/` of the path (query left off)."""
    return page_url.split("?", 1)[0].rsplit("/", 1)[0] + "/"


def _schedule_date(moment: datetime) -> date:
    """The schedule day of a moment: its date, or the day before when it is before DAY_CHANGE."""
    return (moment - timedelta(hours=DAY_CHANGE.hour, minutes=DAY_CHANGE.minute)).date()


def _session_talk(agenda: Agenda, session: Session) -> Talk:
    return Talk(
        uid=f"{agenda.event.id}/{session.id}@summitbot",
        kind="session",
        title=session.title,
        start=session.start,
        end=session.end,
        room=printable(session.room or _fallback_room(agenda.event)),  # it names the room's guid
        track=session.track or "",
        abstract=session.description or _first_topic(session.topics),
        description="\n".join(_topic_lines(session.topics)),
        moderators=tuple(agenda.person(person_id) for person_id in session.moderators),
        links=(),
    )


def _meeting_talks(agenda: Agenda, meeting: Meeting, until: date | None = None) -> Iterator[Talk]:
    """One talk per date of the series (at most MEETING_LIMIT, none after `until`), skipped dates
    left out.

    A meeting held at a URL is in the room "Online", with the URL as its link.
    """
    where = meeting.where or ""
    online = where.startswith(("http://", "https://"))
    length = meeting.first_end - meeting.first_start  # wall-clock, like the rule's dates
    for start in calls(meeting, limit=MEETING_LIMIT, until=until):
        yield Talk(
            uid=f"{agenda.event.id}/{meeting.id}/{start.date().isoformat()}@summitbot",
            kind="meeting",
            title=meeting.title,
            start=start,
            end=start + length,
            room="Online" if online else printable(where or _fallback_room(agenda.event)),
            track=meeting.track or "",
            abstract=_first_topic(meeting.topics),
            description="\n".join(_topic_lines(meeting.topics)),
            moderators=tuple(agenda.person(person_id) for person_id in meeting.moderators),
            links=(Link(where, "Where"),) if online else (),
        )


def _days(event: Event, talks: list[Talk]) -> tuple[ScheduleDay, ...]:
    """Every event day and every other date with a talk, each spanning its hours and its talks."""
    by_date: dict[date, list[Talk]] = defaultdict(list)
    for talk in talks:
        by_date[_schedule_date(talk.start)].append(talk)
    hours = {day.date: (day.start, day.end) for day in event.days if day.start and day.end}
    days = []
    for index, when in enumerate(sorted({day.date for day in event.days} | by_date.keys()), 1):
        on_day = sorted(by_date[when], key=lambda talk: (talk.start, talk.end, talk.uid))
        starts = [talk.start for talk in on_day] + ([hours[when][0]] if when in hours else [])
        ends = [talk.end for talk in on_day] + ([hours[when][1]] if when in hours else [])
        if not starts:  # a day without hours or talks runs from midnight to midnight
            starts = [datetime.combine(when, time(0), event.timezone)]
            ends = [datetime.combine(when + timedelta(days=1), time(0), event.timezone)]
        days.append(ScheduleDay(index, when, min(starts), max(ends), _rooms(event, on_day)))
    return tuple(days)


def _rooms(event: Event, talks: list[Talk]) -> tuple[tuple[str, tuple[Talk, ...]], ...]:
    """The rooms used by `talks`: the venue's rooms in its order first, then the others by name."""
    by_room: dict[str, list[Talk]] = defaultdict(list)
    for talk in talks:
        by_room[talk.room].append(talk)
    listed = [room for room in event.venue.rooms if room in by_room]
    others = sorted(by_room.keys() - set(listed))
    return tuple((room, tuple(by_room[room])) for room in listed + others)


def _numbers(keys: Iterable[str]) -> dict[str, int]:
    """A positive 31-bit integer per key, from its SHA-256; on a clash the later key is rehashed."""
    numbers: dict[str, int] = {}
    taken: set[int] = set()
    for key in sorted(set(keys)):
        salt, number = 0, _hash_number(key)
        while number in taken:
            salt += 1
            number = _hash_number(f"{key}#{salt}")
        numbers[key] = number
        taken.add(number)
    return numbers


def _hash_number(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % (2**31 - 1) + 1


def _person_key(event: Event, person_id: str) -> str:
    return f"person:{event.id}/{person_id}@summitbot"


def _fallback_room(event: Event) -> str:
    return event.venue.name or "Main"


def _first_topic(topics: tuple[Topic, ...]) -> str:
    return topics[0].title if topics else ""


def _topic_lines(topics: tuple[Topic, ...], depth: int = 0) -> Iterator[str]:
    """The topics as an indented plain-text list, each note on the lines under its topic."""
    for topic in topics:
        yield "  " * depth + "- " + topic.title
        for line in (topic.note or "").splitlines():
            yield "  " * (depth + 1) + line
        yield from _topic_lines(topic.children, depth + 1)


# --- writing --------------------------------------------------------------------------------------


def _conference(plan: Plan) -> dict[str, str]:
    """The conference header both formats share."""
    conference = {"acronym": _acronym(plan), "title": plan.event.title}
    if plan.days:
        conference |= {"start": plan.days[0].date.isoformat(), "end": plan.days[-1].date.isoformat()}
    return conference | {"timeslot_duration": _clock(plan.timeslot), "time_zone_name": plan.event.timezone.key}


def _acronym(plan: Plan) -> str:
    """The event id as the C3VOC pattern wants it: `[a-z0-9_]`, at least 4 characters."""
    acronym = _NOT_ACRONYM.sub("_", plan.event.id.lower()).strip("_") or "event"
    if len(acronym) < 4:
        first = plan.days[0].date if plan.days else min((day.date for day in plan.event.days), default=None)
        acronym += f"_{first:%Y}" if first else "_" * (4 - len(acronym))
    return acronym


def _event_fields(plan: Plan, talk: Talk) -> dict[str, str]:
    """The plain-text fields of one talk, shared by both formats."""
    number = plan.numbers[talk.uid]
    ascii_title = unicodedata.normalize("NFKD", talk.title).encode("ascii", "ignore").decode()
    title_slug = _NOT_SLUG.sub("_", ascii_title.lower()).strip("_")[:60].rstrip("_")
    return {
        "date": _iso(talk.start),
        "start": f"{talk.start:%H:%M}",
        "duration": _clock(_minutes(talk)),
        "room": talk.room,
        "slug": f"{_acronym(plan)}-{number}-{title_slug}".rstrip("-"),
        "url": plan.url or "urn:uuid:" + _guid(talk.uid),
        "title": talk.title,
        "subtitle": "",
        "track": talk.track,
        "type": talk.kind,
        "language": LANGUAGE,
        "abstract": talk.abstract,
        "description": talk.description,
    }


def _event_element(room: ET.Element, plan: Plan, talk: Talk) -> None:
    event = ET.SubElement(room, "event", guid=_guid(talk.uid), id=str(plan.numbers[talk.uid]))
    for key, value in _event_fields(plan, talk).items():
        if key != "url" or plan.url:  # the XML's url is an http(s) URI or absent
            _text(event, key, value)
    persons = ET.SubElement(event, "persons")
    for person in talk.moderators:
        _text(persons, "person", person.name).set("id", str(plan.numbers[_person_key(plan.event, person.id)]))
    links = ET.SubElement(event, "links")
    for link in talk.links:
        _text(links, "link", link.title or link.url).set("href", printable(link.url))
    ET.SubElement(event, "attachments")


def _event_json(plan: Plan, talk: Talk) -> dict[str, Any]:
    fields = _event_fields(plan, talk)
    persons = [{"id": plan.numbers[_person_key(plan.event, p.id)], "public_name": p.name} for p in talk.moderators]
    return {"id": plan.numbers[talk.uid], "guid": _guid(talk.uid)} | fields | {
        "persons": persons,  # recording: the agenda says nothing, so nothing is claimed
        "links": [{"url": link.url, "title": link.title or link.url} for link in talk.links],
        "attachments": [], "answers": [],
    }  # fmt: skip


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = printable(text)
    return element


def _printable(value: Any) -> Any:
    """The JSON document with every text printable (and so the same as the XML says)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(key): _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


def _guid(uid: str) -> str:
    return str(uuid.uuid5(NAMESPACE, uid))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _minutes(talk: Talk) -> int:
    """How long the talk lasts in real time (across a DST change too, unlike wall-clock subtraction)."""
    return (talk.end.astimezone(UTC) - talk.start.astimezone(UTC)) // timedelta(minutes=1)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
