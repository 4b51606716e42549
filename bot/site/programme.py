"""What the schedule site shows: every session and the event-day dates of every recurring meeting,
as entries grouped by schedule day, in the same terms the frab export uses.

- a schedule day starts at DAY_CHANGE (04:00), so a 01:30 session belongs to the day before;
- a meeting's dates are those on the event's days (`export`'s default): a two-day hackathon with a
  weekly call shows the call on those two days only; an event without days shows every date, up to
  MEETING_LIMIT;
- a session or meeting without a room is in the venue's name (or "Main"), as in the export; a
  meeting held at a URL is "Online" and links to it;
- the minutes of a session are its own `minutes` page, else the page the agenda's action items
  from it name (the minutes were posted before the session knew them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.agenda.recurrence import calls
from bot.calendar.export import DAY_CHANGE, MEETING_LIMIT
from bot.model import Agenda, Event, Meeting, Session, Topic


@dataclass(frozen=True)
class Entry:
    """One block of the programme: a session, or one date of a recurring meeting."""

    uid: str  # the calendar's UID, unique in the event: `{event}/{session}@summitbot`
    kind: str  # "session" or "meeting"
    title: str
    start: datetime
    end: datetime
    room: str
    moderators: tuple[str, ...]  # names
    topics: tuple[Topic, ...] = ()
    description: str | None = None
    minutes: str | None = None  # the title of its minutes page
    link: str | None = None  # where an online meeting is held

    @property
    def anchor(self) -> str:
        """A fragment id for the entry, safe in HTML and URLs."""
        return "e-" + "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in self.uid)


@dataclass(frozen=True)
class ProgrammeDay:
    """One schedule day: its date, the rooms to show in order, and its entries by start."""

    date: date
    rooms: tuple[str, ...]
    entries: tuple[Entry, ...]


def programme(agenda: Agenda) -> tuple[ProgrammeDay, ...]:
    """Every event day (with or without entries) and every other date with an entry, in order."""
    entries = [_session_entry(agenda, session) for session in agenda.sessions]
    event_days = {day.date for day in agenda.event.days}
    until = max(event_days) + timedelta(days=1) if event_days else None
    for meeting in agenda.meetings:
        entries += [e for e in _meeting_entries(agenda, meeting, until) if not event_days or day_of(e) in event_days]
    by_date: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_date[day_of(entry)].append(entry)
    days = []
    for when in sorted(event_days | by_date.keys()):
        on_day = sorted(by_date[when], key=lambda e: (e.start, e.end, e.uid))
        days.append(ProgrammeDay(when, _rooms(agenda.event, on_day), tuple(on_day)))
    return tuple(days)


def day_of(entry: Entry) -> date:
    """The schedule day of an entry: its start's date, or the day before when before DAY_CHANGE."""
    return (entry.start - timedelta(hours=DAY_CHANGE.hour, minutes=DAY_CHANGE.minute)).date()


def fallback_room(event: Event) -> str:
    """The room of a session that names none."""
    return event.venue.name or "Main"


def _rooms(event: Event, entries: list[Entry]) -> tuple[str, ...]:
    """The venue's rooms in its order (also those free that day), then any other room by name."""
    used = {entry.room for entry in entries}
    return (*event.venue.rooms, *sorted(used - set(event.venue.rooms)))


def _session_entry(agenda: Agenda, session: Session) -> Entry:
    return Entry(
        uid=f"{agenda.event.id}/{session.id}@summitbot",
        kind="session",
        title=session.title,
        start=session.start,
        end=session.end,
        room=session.room or fallback_room(agenda.event),
        moderators=tuple(agenda.person(person).name for person in session.moderators),
        topics=session.topics,
        description=session.description,
        minutes=session.minutes or _minutes_from_actions(agenda, session.id),
    )


def _minutes_from_actions(agenda: Agenda, session_id: str) -> str | None:
    return next((a.source.minutes for a in agenda.actions if a.source.session == session_id and a.source.minutes), None)


def _meeting_entries(agenda: Agenda, meeting: Meeting, until: date | None) -> Iterator[Entry]:
    """One entry per date of the series (at most MEETING_LIMIT, none after `until`), skipped dates left out."""
    where = meeting.where or ""
    online = where.startswith(("http://", "https://"))
    length = meeting.first_end - meeting.first_start  # wall-clock, like the rule's dates
    moderators = tuple(agenda.person(person).name for person in meeting.moderators)
    for start in calls(meeting, limit=MEETING_LIMIT, until=until):
        yield Entry(
            uid=f"{agenda.event.id}/{meeting.id}/{start.date().isoformat()}@summitbot",
            kind="meeting",
            title=meeting.title,
            start=start,
            end=start + length,
            room="Online" if online else where or fallback_room(agenda.event),
            moderators=moderators,
            topics=meeting.topics,
            link=where if online else None,
        )
