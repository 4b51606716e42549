"""Reading the time-bound parts of an agenda: the event's days, its sessions and recurring meetings.

Every time is made aware in the event's zone here, once; a time that does not exist or happens
twice on a daylight-saving change day is refused with the reason.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.agenda import recurrence
from bot.agenda.clock import format_clock, local_datetime
from bot.agenda.context import SESSIONS, ReadContext
from bot.agenda.fields import Fields, closest, describe
from bot.agenda.yamltree import Mark, YamlMap
from bot.model import Day, Meeting, Session, Topic
from bot.text import MAX_TITLE

DAY_KEYS = ("date", "start", "end", "venue", "note")
SESSION_KEYS = (
    "id", "title", "day", "start", "end", "room", "track",
    "moderators", "scribe", "required", "description", "topics", "minutes", "alarm",
)  # fmt: skip
MEETING_KEYS = (
    "id", "title", "first", "start", "end", "repeat", "rrule", "until", "count",
    "skip", "where", "track", "moderators", "required", "topics", "alarm",
)  # fmt: skip
TOPIC_KEYS = ("title", "note", "topics")
REPEATS = {
    "daily": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
}
_RULE = re.compile(r"[A-Z]+=[A-Z0-9,+-]+(;[A-Z]+=[A-Z0-9,+-]+)*")


def read_days(context: ReadContext, event: YamlMap) -> tuple[Day, ...]:
    """The event's days, each with its hours made aware in the event's zone."""
    fields, days = context.fields, []
    known_before = len(fields.problems)
    for value, at in fields.items(event, "days", "event"):
        record = fields.record(value, at, "a day of the event")
        if record is None:
            continue
        fields.check_keys(record, DAY_KEYS, "event day")
        day = fields.day(record, "date", "event day", required=True)
        what = f"day {day}" if day else "event day"
        hours = _day_hours(fields, record, what)
        if day is None or hours is None or context.zone is None:
            continue
        if day in context.days:
            fields.problem(record.value_at("date"), f"{what} is listed twice")
            continue
        span = _span(context, record, what, day, hours[0], hours[1]) if len(hours) == 2 else (None, None)
        if span:
            venue, note = fields.text(record, "venue", what), fields.text(record, "note", what)
            context.days[day] = Day(day, span[0], span[1], venue, note)
            days.append(context.days[day])
    context.days_known = context.zone is not None and len(fields.problems) == known_before
    return tuple(sorted(days, key=lambda day: day.date))


def _day_hours(fields: Fields, record: YamlMap, what: str) -> tuple[time, time] | tuple[()] | None:
    """A day's (start, end); () for a day without hours; None when they cannot be read."""
    if record.get("start") is None and record.get("end") is None:
        return ()
    start = fields.clock(record, "start", what, required=True)
    end = fields.clock(record, "end", what, required=True)
    return (start, end) if start is not None and end is not None else None


def read_sessions(context: ReadContext, values: list[tuple[Any, Mark]]) -> list[tuple[Session, YamlMap]]:
    """The sessions, each with the mapping it was read from (for the positions of later checks)."""
    sessions = []
    for value, at in values:
        record = context.fields.record(value, at, "a session")
        session = record and _session(context, record)
        if record and session:
            sessions.append((session, record))
    return sessions


def _session(context: ReadContext, record: YamlMap) -> Session | None:
    fields = context.fields
    session_id = fields.ident(record, "id", "session")
    what = f"session '{session_id}'" if session_id else "session"
    fields.check_keys(record, SESSION_KEYS, what)
    declared = context.declare(SESSIONS, session_id, record.value_at("id"))
    title = fields.text(record, "title", what, required=True)
    day = _session_day(context, record, what)
    start = fields.clock(record, "start", what, required=True)
    end = fields.clock(record, "end", what, required=True)
    moderators = context.people(record, "moderators", what)
    required = context.people(record, "required", what)
    scribe = context.person(record, "scribe", what)
    topics = read_topics(context, record, what)
    span = day and start and end and _span(context, record, what, day, start, end)
    room = _room(context, record, what)
    if not (declared and session_id and title and span):
        return None
    return Session(
        session_id, title, *span, room=room, track=fields.text(record, "track", what),
        moderators=moderators, scribe=scribe, required=required,
        description=fields.text(record, "description", what), topics=topics,
        minutes=fields.text(record, "minutes", what), alarm=fields.lead_time(record, "alarm", what),
    )  # fmt: skip


def _room(context: ReadContext, record: YamlMap, what: str) -> str | None:
    room = context.fields.text(record, "room", what)
    if room is not None and context.rooms and room not in context.rooms:
        hint = closest(room, context.rooms) or (
            "rooms: " + ", ".join(context.rooms) if len(context.rooms) <= 12 else "see event.venue.rooms"
        )
        context.fields.problem(record.value_at("room"), f"{what}: '{room}' is not a room of the venue", hint)
    return room


def _session_day(context: ReadContext, record: YamlMap, what: str) -> date | None:
    fields = context.fields
    if not context.days_known:
        return None
    if record.get("day") is None:
        if len(context.days) == 1:
            return next(iter(context.days))
        count = f"has {len(context.days)} days" if context.days else "lists no days"
        fields.problem(record.key_at("day"), f"{what}: 'day' is required: the event {count}")
        return None
    day = fields.day(record, "day", what)
    if day is not None and context.days and day not in context.days:
        known = ", ".join(str(known) for known in context.days)
        fields.problem(record.value_at("day"), f"{what}: {day} is not a day of the event (days: {known})")
        return None
    return day


def _span(
    context: ReadContext, record: YamlMap, what: str, day: date, start: time, end: time
) -> tuple[datetime, datetime] | None:
    """Start and end on `day` as aware datetimes, or None after noting why they cannot be."""
    zone = context.zone
    if zone is None:
        return None
    moments = []
    for key, clock in (("start", start), ("end", end)):
        try:
            moments.append(local_datetime(day, clock, zone))
        except ValueError as error:
            context.fields.problem(record.value_at(key), f"{what}: {error}")
    if len(moments) < 2:
        return None
    if moments[1] <= moments[0]:
        context.fields.problem(
            record.value_at("end"), f"{what} ends at {format_clock(end)}, not after it starts at {format_clock(start)}"
        )
        return None
    return moments[0], moments[1]


def read_topics(context: ReadContext, record: YamlMap, what: str, depth: int = 1) -> tuple[Topic, ...]:
    """The nested topics under `topics`: text, or {title, note, topics} to any depth."""
    fields, topics = context.fields, []
    for value, at in fields.items(record, "topics", what):
        if isinstance(value, YamlMap):
            fields.check_keys(value, TOPIC_KEYS, f"{what}: topic")
            title = fields.text(value, "title", f"{what}: topic", required=True)
            children = read_topics(context, value, f"{what}: topic '{title}'", depth + 1)
            if title:
                topics.append(Topic(title, fields.text(value, "note", f"{what}: topic"), children))
        else:
            title = fields.as_text(value, at, f"{what}: topic", MAX_TITLE)
            if title:
                topics.append(Topic(title))
    return tuple(topics)


def read_meetings(context: ReadContext, values: list[tuple[Any, Mark]]) -> tuple[Meeting, ...]:
    """The recurring meetings."""
    meetings = []
    for value, at in values:
        record = context.fields.record(value, at, "a meeting")
        meeting = record and _meeting(context, record)
        if meeting:
            meetings.append(meeting)
    return tuple(meetings)


def _meeting(context: ReadContext, record: YamlMap) -> Meeting | None:
    fields = context.fields
    meeting_id = fields.ident(record, "id", "meeting")
    what = f"meeting '{meeting_id}'" if meeting_id else "meeting"
    fields.check_keys(record, MEETING_KEYS, what)
    declared = context.declare(SESSIONS, meeting_id, record.value_at("id"))
    title = fields.text(record, "title", what, required=True)
    first = fields.day(record, "first", what, required=True)
    start = fields.clock(record, "start", what, required=True)
    end = fields.clock(record, "end", what, required=True)
    rule = _rule(context, record, what)
    skips = [
        (day, at)
        for value, at in fields.items(record, "skip", what)
        if (day := fields.as_day(value, at, f"{what}: 'skip'"))
    ]
    people = context.people(record, "moderators", what), context.people(record, "required", what)
    topics = read_topics(context, record, what)
    span = first and start and end and _span(context, record, what, first, start, end)
    if not (declared and meeting_id and title and rule and span and end):
        return None
    dates = recurrence.series(rule, span[0])
    if dates.last is None:
        fields.problem(record.at, f"{what}: its rule gives no dates at all")
        return None
    for day, at in skips:
        if day not in dates:
            fields.problem(at, f"{what}: {day} is not one of its dates, so it cannot be skipped")
    _check_meeting_times(context, record, what, dates, span[0], end)
    return Meeting(
        meeting_id, title, rule, *span, skipped=tuple(day for day, _ in skips),
        where=fields.text(record, "where", what), track=fields.text(record, "track", what),
        moderators=people[0], required=people[1], topics=topics, alarm=fields.lead_time(record, "alarm", what),
    )  # fmt: skip


def _rule(context: ReadContext, record: YamlMap, what: str) -> str | None:
    """The RFC 5545 RRULE of a meeting, from `repeat` or `rrule`, bounded by `until` or `count`."""
    fields = context.fields
    rule = _written_rule(fields, record, what)
    if rule is None:
        return None
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    until, count = fields.day(record, "until", what), fields.integer(record, "count", what, minimum=1)
    ends = [name for name in ("UNTIL", "COUNT") if name in parts] + [key for key in ("until", "count") if key in record]
    if len(ends) > 1:
        at = record.key_at(ends[-1]) if ends[-1] in record else record.value_at("rrule")
        fields.problem(at, f"{what}: give one end ({' or '.join(ends)}), not several")
        return None
    if until and context.zone:
        last = datetime.combine(until, time(23, 59, 59), context.zone).astimezone(ZoneInfo("UTC"))
        rule += f";UNTIL={last:%Y%m%dT%H%M%SZ}"
    elif count:
        rule += f";COUNT={count}"
    try:
        from dateutil.rrule import rrulestr  # noqa: PLC0415 - only for agendas with meetings

        rrulestr(rule, dtstart=datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC")))
    except (ValueError, TypeError) as error:
        key = "repeat" if "repeat" in record else "rrule"
        fields.problem(record.value_at(key), f"{what}: the rule '{record[key]}' cannot be used: {error}")
        return None
    return rule


def _written_rule(fields: Fields, record: YamlMap, what: str) -> str | None:
    """The rule as written, upper-cased: a `repeat` word translated, or an `rrule` of KEY=VALUE parts."""
    repeat, written = record.get("repeat"), fields.text(record, "rrule", what)
    if repeat is not None and written is not None:
        fields.problem(record.key_at("rrule"), f"{what}: give 'repeat' or 'rrule', not both")
        return None
    if repeat is not None:
        if isinstance(repeat, str) and repeat.lower() in REPEATS:
            return REPEATS[repeat.lower()]
        hint = "one of: " + ", ".join(REPEATS)
        fields.problem(record.value_at("repeat"), f"{what}: 'repeat' cannot be {describe(repeat)}", hint)
        return None
    if written is None:
        fields.problem(record.at, f"{what}: say how it repeats with 'repeat' or 'rrule'", "for example, repeat: weekly")
        return None
    rule = written.strip().upper().removeprefix("RRULE:")
    if not _RULE.fullmatch(rule) or "FREQ=" not in rule:
        hint = "write it like FREQ=WEEKLY;BYDAY=TH, or use repeat: weekly"
        fields.problem(record.value_at("rrule"), f"{what}: '{written}' is not an RFC 5545 rule", hint)
        return None
    return rule


def _check_meeting_times(
    context: ReadContext, record: YamlMap, what: str, dates: recurrence.Series, first: datetime, end: time
) -> None:
    """Every occurrence must start and end at a wall-clock time that exists exactly once.

    Only its dates on which the zone's clocks change can fail, so only those are looked at.
    """
    zone, last = context.zone, dates.last
    assert zone is not None
    assert last is not None
    changes = recurrence.change_days(zone, first.date(), last, context.zone_changes)
    for day in dates.dates() if changes is None else dates.among(changes):
        for key, clock in (("start", first.time()), ("end", end)):
            try:
                local_datetime(day, clock, zone)
            except ValueError as error:
                context.fields.problem(record.value_at(key), f"{what}: on one of its dates, {error}")
                return
