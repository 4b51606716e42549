"""MeetBot's raw IRC logs (`.log.txt`) read into minutes, by replaying them through `Meeting`.

Understood line shapes: `14:00:03 <lars> text` (MeetBot), `[14:00:03] <lars> text`,
`2013-05-15T14:00:03 <lars> text` and ZNC/irssi's `14:00 < lars> text` (with `@`/`+` mode
prefixes). `* nick waves` actions, joins, parts, topic and day-change lines are skipped. The day
comes from `day`, else from the first ISO date in the log (a timestamp or "--- Day changed"
line), else from MeetBot's "Meeting started Wed May 15 14:00:03 2013 UTC". Times without a date
that go backwards roll over to the next day. Lines before the first #startmeeting are not part of
the meeting; the meeting bot's own lines are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from bot.agenda.people import name_key
from bot.errors import Problem, UserError
from bot.minutes.meeting import Meeting
from bot.minutes.model import Minutes
from bot.minutes.owners import Owners
from bot.model import ActionItem

BOTS = frozenset(("meetbot", "zodbot", "openstack", "summitbot", "supybot", "limnoria"))
LINE = re.compile(
    r"^\[?(?:(?P<day>\d{4}-\d{2}-\d{2})[T ])?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?"
    r"\s+<\s?[@+%&~]?(?P<nick>[^>\s]+)>\s?(?P<text>.*)$"
)
ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
DATED = re.compile(r"(?:Meeting started|Log opened|Day changed)\s+(\w{3},? \w{3} +\d{1,2}(?: [\d:]+)? \d{4})")


def read_meetbot_log(
    text: str,
    *,
    owners: Owners,
    title: str | None = None,
    day: date | None = None,
    zone: tzinfo = UTC,
    next_action: int = 1,
    chairs: Sequence[str] = (),
    open_actions: Sequence[ActionItem] = (),
    milestones: Mapping[str, date] = {},
    default_due_days: int | None = 14,
    event: str | None = None,
    session: str | None = None,
    bots: Collection[str] = BOTS,
    source: str = "<log>",
) -> Minutes:
    """The minutes of the meeting in a MeetBot log; raises UserError when no day is known."""
    lines = text.splitlines()
    first = _first_day(lines, source) if day is None else day
    said = list(_said(lines, first, zone, {name_key(nick) for nick in bots}))
    begin = next((index for index, (_, line, _) in enumerate(said) if _is_start(line)), 0)
    start = said[begin][2] if said else datetime.combine(first, time(), zone)
    meeting = Meeting(
        title or "Meeting",
        owners=owners,
        start=start,
        next_action=next_action,
        chairs=chairs,
        open_actions=open_actions,
        milestones=milestones,
        default_due_days=default_due_days,
        event=event,
        session=session,
    )
    for who, line, at in said[begin:]:
        meeting.said(who, line, at)
        if meeting.ended:
            break
    minutes = meeting.minutes()
    return replace(minutes, title=title) if title else minutes


def _said(lines: Sequence[str], first: date, zone: tzinfo, bots: Collection[str]) -> list[tuple[str, str, datetime]]:
    """(nick, text, when) of every chat line, in order; days roll over when the clock goes back."""
    said: list[tuple[str, str, datetime]] = []
    day, last = first, time()
    for line in lines:
        match = LINE.match(line)
        if match is None or name_key(match["nick"]) in bots:
            continue
        clock = time.fromisoformat(match["time"].zfill(5) if len(match["time"]) <= 5 else match["time"].zfill(8))
        if match["day"]:
            day = date.fromisoformat(match["day"])
        elif clock < last:
            day += timedelta(days=1)
        last = clock
        said.append((match["nick"], match["text"], datetime.combine(day, clock, zone)))
    return said


def _first_day(lines: Sequence[str], source: str) -> date:
    """The first day the log states: a dated timestamp, an ISO date outside what people said,
    MeetBot's "Meeting started Wed May 15 14:00:03 2013", irssi's "Log opened" or "Day changed"."""
    for line in lines:
        match = LINE.match(line)
        if match is not None and match["day"]:
            return date.fromisoformat(match["day"])
        found = ISO_DAY.search(line) if match is None else None  # not a due date someone wrote
        dated = DATED.search(line)
        try:
            if found:
                return date.fromisoformat(found.group(1))
            if dated:
                return parse_date(dated.group(1)).date()
        except (ParserError, ValueError, OverflowError):
            continue
    hint = "give the day of the meeting (--day)"
    raise UserError([Problem(source, 1, 1, "the log says nowhere on which day the meeting was", hint)])


def _is_start(text: str) -> bool:
    words = text.split(None, 1)
    return bool(words) and words[0].lower() == "#startmeeting"
