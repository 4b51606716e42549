"""What the calendars say about an agenda, before any iCalendar syntax: one `Entry` per session,
recurring meeting and action item, and who each one concerns (for personal feeds).

Pure: no clock, no store, no icalendar. `bot.calendar.ical` turns entries into components and
`bot.calendar.feed` stamps and assembles them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from bot.agenda.people import name_key
from bot.calendar.addresses import person_urn
from bot.model import ActionItem, ActionStatus, Agenda, AttendanceStatus, Meeting, Session, Topic

EVENT, TASK = "VEVENT", "VTODO"
CHAIR, PARTICIPANT = "CHAIR", "REQ-PARTICIPANT"
TASK_STATUS = {ActionStatus.OPEN: "NEEDS-ACTION", ActionStatus.DONE: "COMPLETED", ActionStatus.DROPPED: "CANCELLED"}


@dataclass(frozen=True)
class Address:
    """An ORGANIZER or ATTENDEE: a calendar address (URI), a display name and a role."""

    uri: str
    name: str
    role: str = PARTICIPANT


@dataclass(frozen=True)
class Entry:
    """One calendar component: a session or meeting (VEVENT) or an action item (VTODO)."""

    uid: str
    kind: str
    summary: str
    start: datetime | None = None  # events: aware, in the event's zone
    end: datetime | None = None
    due: date | None = None  # tasks: a date, no zone
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    status: str = "CONFIRMED"
    location: str | None = None
    description: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    organizer: Address | None = None
    attendees: tuple[Address, ...] = ()
    related_to: str | None = None
    alarm: timedelta | None = None  # a reminder this long before the start
    # who the entry concerns, for personal feeds: person ids, or None for every attendee
    involves: frozenset[str] | None = field(default=frozenset(), compare=False)

    @property
    def schedule(self) -> tuple[object, ...]:
        """What SEQUENCE follows: the start, end, recurrence and status (RFC 5546)."""
        return (self.start, self.end, self.due, self.rrule, self.exdates, self.status)

    @property
    def position(self) -> str:
        """Where the entry goes in a feed: by start (UTC) or due date, then UID."""
        moment = self.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if self.start else f"{self.due or '9999'}"
        return f"{moment} {self.uid}"


def session_uid(event_id: str, session_id: str) -> str:
    """The UID of a session or meeting: ids never contain '/', so no two events can share one."""
    return f"{event_id}/{session_id}@summitbot"


def task_uid(event_id: str, action_id: str) -> str:
    """The UID of an action item's task (its own namespace: an action id may equal a session id)."""
    return f"{event_id}/action/{action_id}@summitbot"


def event_entries(agenda: Agenda, *, page_url: str | None = None) -> list[Entry]:
    """The VEVENTs of the agenda: every session, and every recurring meeting as one series."""
    people = _Addresses(agenda)
    everyone = _single_track(agenda.sessions)
    interested = _interests(agenda)
    entries = [_session(agenda, s, people, page_url, None if everyone else interested) for s in agenda.sessions]
    entries += [_meeting(agenda, m, people, page_url) for m in agenda.meetings]
    return entries


def task_entries(agenda: Agenda) -> list[Entry]:
    """The VTODOs of the agenda: one per action item, related to the session it came from."""
    people = _Addresses(agenda)
    return [_task(agenda, action, people) for action in agenda.actions]


def for_person(entries: Iterable[Entry], agenda: Agenda, person_id: str) -> list[Entry]:
    """The entries a person's own feed shows: what they run, are required at or signed up for,
    and the tasks they own."""
    attending = any(a.person == person_id and a.status != AttendanceStatus.DECLINED for a in agenda.attendees)
    return [e for e in entries if (e.involves is None and attending) or (e.involves and person_id in e.involves)]


def _session(
    agenda: Agenda, session: Session, people: _Addresses, page_url: str | None, interested: dict[str, set[str]] | None
) -> Entry:
    roles = (*session.moderators, *session.required, *filter(None, [session.scribe]))
    # single track (no `interested`): every attendee goes; whoever has a role goes even if they declined
    chosen = _attending(agenda) if interested is None else _chosen_by(session, interested)
    involves = frozenset(roles) | chosen
    return Entry(
        session_uid(agenda.event.id, session.id), EVENT, session.title, session.start, session.end,
        location=_location(agenda, session), description=_description(agenda, session.description, session.topics,
        session.moderators), url=page_url and f"{page_url}#{session.id}",
        categories=(session.track,) if session.track else (), organizer=people.organizer,
        attendees=people.chairs_and_required(session.moderators, (*session.required, *filter(None, [session.scribe]))),
        alarm=_alarm(agenda, session), involves=involves,
    )  # fmt: skip


def _meeting(agenda: Agenda, meeting: Meeting, people: _Addresses, page_url: str | None) -> Entry:
    zone = meeting.first_start.tzinfo
    skipped = tuple(datetime.combine(day, meeting.first_start.time(), zone) for day in meeting.skipped)
    return Entry(
        session_uid(agenda.event.id, meeting.id), EVENT, meeting.title, meeting.first_start, meeting.first_end,
        rrule=meeting.rrule, exdates=tuple(sorted(skipped)), location=meeting.where,
        description=_description(agenda, None, meeting.topics, meeting.moderators),
        url=page_url, categories=(meeting.track,) if meeting.track else (), organizer=people.organizer,
        attendees=people.chairs_and_required(meeting.moderators, meeting.required),
        alarm=_alarm(agenda, meeting), involves=frozenset((*meeting.moderators, *meeting.required)),
    )  # fmt: skip


def _task(agenda: Agenda, action: ActionItem, people: _Addresses) -> Entry:
    source = action.source
    scheduled: list[Session | Meeting] = [*agenda.sessions, *agenda.meetings]
    origin = next((s for s in scheduled if s.id == source.session), None)
    said = [f"Decided at {origin.title}" if origin else None, f"on {source.date:%Y-%m-%d}" if source.date else None]
    lines = [" ".join(filter(None, said)), f"Minutes: {source.minutes}" if source.minutes else None]
    return Entry(
        task_uid(agenda.event.id, action.id), TASK, action.text, due=action.due, status=TASK_STATUS[action.status],
        description="\n".join(filter(None, lines)) or None,
        categories=(origin.track,) if origin and origin.track else (), organizer=people.organizer,
        attendees=(people.of(action.owner, PARTICIPANT),) if action.owner else (),
        related_to=session_uid(agenda.event.id, origin.id) if origin else None,
        involves=frozenset([action.owner]) if action.owner else frozenset(),
    )  # fmt: skip


class _Addresses:
    """Calendar addresses of the agenda's people, made once per feed."""

    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        organisers = agenda.event.organisers
        self.organizer = self.of(organisers[0], CHAIR) if organisers else None

    def of(self, person_id: str, role: str) -> Address:
        person = self.agenda.person(person_id)
        uri = f"mailto:{person.email}" if person.email else person_urn(self.agenda.event.id, person_id)
        return Address(uri, person.name, role)

    def chairs_and_required(self, chairs: Sequence[str], required: Sequence[str]) -> tuple[Address, ...]:
        listed = [self.of(p, CHAIR) for p in chairs]
        listed += [self.of(p, PARTICIPANT) for p in dict.fromkeys(required) if p not in chairs]
        return tuple(listed)


def _alarm(agenda: Agenda, scheduled: Session | Meeting) -> timedelta | None:
    """Its own reminder lead time, else the event's (`0m` is a reminder at the start, not none)."""
    return scheduled.alarm if scheduled.alarm is not None else agenda.event.calendar.alarm


def _location(agenda: Agenda, session: Session) -> str | None:
    day = next((d for d in agenda.event.days if d.date == session.start.date()), None)
    venue = (day.venue if day and day.venue else None) or agenda.event.venue.describe()
    return ", ".join(filter(None, [session.room, venue])) or None


def _description(agenda: Agenda, text: str | None, topics: Sequence[Topic], moderators: Sequence[str]) -> str | None:
    """Plain text: the description, the moderators, then the topics as an indented list."""
    parts = [text] if text else []
    if moderators:
        parts.append("Moderators: " + ", ".join(agenda.person(p).name for p in moderators))
    if topics:
        parts.append("Topics:\n" + "\n".join(_topic_lines(topics, 0)))
    return "\n\n".join(parts) or None


def _topic_lines(topics: Sequence[Topic], depth: int) -> list[str]:
    lines: list[str] = []
    for topic in topics:
        lines.append("  " * depth + f"- {topic.title}" + (f": {topic.note}" if topic.note else ""))
        lines += _topic_lines(topic.children, depth + 1)
    return lines


def _single_track(sessions: Sequence[Session]) -> bool:
    """No two sessions overlap: every attendee goes to every session."""
    ordered = sorted(sessions, key=lambda s: s.start)
    return all(later.start >= earlier.end for earlier, later in pairwise(ordered))


def _interests(agenda: Agenda) -> dict[str, set[str]]:
    """Who chose what, by a lower-cased session id, title, track or scheduled proposal:
    an attendee's interests, and the proposals they made or voted for."""
    chosen: dict[str, set[str]] = {}
    for attendee in agenda.attendees:
        if attendee.status != AttendanceStatus.DECLINED:
            for interest in attendee.interests:
                chosen.setdefault(name_key(interest), set()).add(attendee.person)
    declined = {a.person for a in agenda.attendees if a.status == AttendanceStatus.DECLINED}
    for proposal in agenda.proposals:
        if proposal.session:
            backers = {*proposal.votes, *filter(None, [proposal.proposer])} - declined
            chosen.setdefault(f"proposal:{proposal.session}", set()).update(backers)
    return chosen


def _attending(agenda: Agenda) -> frozenset[str]:
    return frozenset(a.person for a in agenda.attendees if a.status != AttendanceStatus.DECLINED)


def _chosen_by(session: Session, interested: dict[str, set[str]]) -> frozenset[str]:
    keys = [name_key(session.id), name_key(session.title), f"proposal:{session.id}"]
    if session.track:
        keys.append(name_key(session.track))
    return frozenset().union(*(interested.get(key, set()) for key in keys))
