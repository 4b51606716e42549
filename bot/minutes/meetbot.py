"""MeetBot's raw IRC logs (`.log.txt`) read into minutes, by replaying them through `Meeting`.

Understood line shapes (`bot.minutes.log_lines`): `14:00:03 <lars> text` (MeetBot), `[14:00:03]
<lars> text`, `2013-05-15T14:00:03 <lars> text`, ZNC/irssi's `14:00 < @lars> text`, pasted `14:00
lars: text`, WeeChat's `14:00:03 lars | text`, and `14:00:03 * lars waves` (/me: a line said, never
a command); joins, parts, topic and day-change lines are skipped. The day comes from `day`, else
from the first ISO date in the log (a timestamp or "--- Day changed" line), else from MeetBot's
"Meeting started Wed May 15 14:00:03 2013 UTC"; without one the minutes are undated
(`Minutes.dated`: times only). Times without a date that go backwards roll over to the next day.
Lines before the first #startmeeting are not part of the meeting. When the bot states the start in
UTC ("Meeting started Thu Dec 6 19:00:24 2018 UTC") and the log's clock is off from it by whole
quarter hours, the log was kept on another zone's clock (a viewer's, a client's): its times are
moved onto the bot's. The meeting bot (a known bot's nick, or whoever answers "Meeting started
...") is counted as MeetBot counts it, in People Present, but its lines are no commands and it owns
no action. People present are listed as MeetBot lists them: by lines said, descending.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from bot.agenda.people import name_key
from bot.minutes.attendees import meetbot_order
from bot.minutes.log_lines import chat_line, chat_lines, shape_of, wrapped
from bot.minutes.meeting import Meeting
from bot.minutes.model import Minutes
from bot.minutes.owners import Owners
from bot.model import ActionItem

BOTS = frozenset(("meetbot", "zodbot", "openstack", "summitbot", "supybot", "limnoria"))
BOT_STARTED = re.compile(r"^Meeting started\b")  # what MeetBot answers #startmeeting with
UNDATED = date(1970, 1, 1)  # the day the times of an undated log are put on; `Minutes.dated` is False
ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
DATED = re.compile(r"(?:Meeting started|Log opened|Day changed)\s+(\w{3},? \w{3} +\d{1,2}(?: [\d:]+)? \d{4})")
STATED = re.compile(r"^Meeting (started|ended) (\w{3} \w{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}) UTC\b")
_ZONE_STEP = timedelta(minutes=15)  # a clock in another zone is off by whole quarter hours
_CLOSE = timedelta(minutes=2)  # a log's clock and the bot's may differ by its seconds
Said = list[tuple[str, str, datetime, bool]]  # (nick, text, when, a /me line)


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
) -> Minutes:
    """The minutes of the meeting in a MeetBot log (undated when no day is known)."""
    lines = text.splitlines()
    found = log_day(lines) if day is None else (day, "")
    first = found[0] if found else UNDATED
    said = _said(lines, first, zone)
    begin = next((index for index, (_, line, _, me) in enumerate(said) if not me and _is_start(line)), 0)
    bots = {name_key(nick) for nick in bots} | _answering_bots(said[begin:])
    said = _on_bots_clock(said[begin:], bots) if said else said
    start = said[0][2] if said else datetime.combine(first, time(), zone)
    meeting = Meeting(
        title or "Meeting",
        owners=owners,
        start=start,
        next_action=next_action,
        chairs=chairs,
        open_actions=open_actions,
        milestones=milestones,
        default_due_days=default_due_days if found else None,
        event=event,
        session=session,
        links_from_addresses=True,
    )
    for who, line, at, me in said:
        if name_key(who) in bots or me:
            meeting.heard(who, attendee=me and name_key(who) not in bots)
        else:
            meeting.said(who, line, at)
        if meeting.ended:
            break
    minutes = _present_as_meetbot_lists(meeting, meeting.minutes())
    if not found:  # no day: no due date either
        undated = tuple(replace(item, due=None) for item in minutes.items)
        minutes = replace(minutes, items=undated, dated=False)
    return replace(minutes, title=title) if title else minutes


def _present_as_meetbot_lists(meeting: Meeting, minutes: Minutes) -> Minutes:
    """The people present by lines said, descending, ties in MeetBot's order."""
    counts: dict[str, int] = {}
    for nick, lines in meetbot_order(meeting.lines_said):
        name = meeting.listed_as(nick)
        counts[name] = counts.get(name, 0) + lines
    listed = [name for name in minutes.present if name not in counts]  # named, never counted
    return replace(
        minutes,
        present=(*counts, *listed),
        lines_said=(*counts.values(), *(None for _ in listed)),
    )


def _stated(text: str, at: datetime, stated: Mapping[str, datetime]) -> datetime:
    """The time the bot stated for #startmeeting or #endmeeting said at `at`, when the two agree."""
    words = text.split(None, 1)
    command = words[0].lower() if words else ""
    told = stated.get({"#startmeeting": "started", "#endmeeting": "ended"}.get(command, ""))
    return told if told is not None and abs(told - at) <= _CLOSE else at


def _answering_bots(said: Sequence[tuple[str, str, datetime, bool]]) -> set[str]:
    """The nicks that answered as MeetBot answers #startmeeting: the meeting bot, whatever its name."""
    return {name_key(who) for who, line, _, me in said[:20] if not me and BOT_STARTED.match(line)}


def _said(lines: Sequence[str], first: date, zone: tzinfo) -> Said:
    """(nick, text, when, a /me line) of every chat line, in order; days roll over when the clock
    goes back."""
    said: Said = []
    day, last = first, time()
    for line in chat_lines(lines, shape_of(lines)):
        clock = time.fromisoformat(line.time.zfill(5) if len(line.time) <= 5 else line.time.zfill(8))
        if line.day:
            day = date.fromisoformat(line.day)
        elif clock < last:
            day += timedelta(days=1)
        last = clock
        said.append((line.nick, line.text, datetime.combine(day, clock, zone), line.me))
    return said


def _on_bots_clock(said: Said, bots: Collection[str]) -> Said:
    """The lines at the times the meeting bot states ("Meeting started Thu Dec  6 19:00:24 2018
    UTC"), when the log's clock is another zone's (a viewer's or a client's local time); the start
    and the end at the very second the bot stated."""
    stated: dict[str, datetime] = {}
    for who, text, at, me in said:
        match = STATED.match(text) if name_key(who) in bots and not me else None
        if match is not None:
            stated.setdefault(match.group(1), parse_date(match.group(2)).replace(tzinfo=UTC).astimezone(at.tzinfo))
    offset = stated["started"] - said[0][2] if "started" in stated else timedelta()
    steps = round(offset / _ZONE_STEP)
    shift = steps * _ZONE_STEP if abs(offset - steps * _ZONE_STEP) <= _CLOSE else timedelta()  # else no zone's
    return [(nick, line, _stated(line, when + shift, stated), me) for nick, line, when, me in said]


def log_day(lines: Sequence[str]) -> tuple[date, str] | None:
    """The day the log states, and where: its first dated timestamp, else MeetBot's "Meeting started
    Wed May 15 14:00:03 2013" (not the date of a page the log is pasted in), else the first ISO date
    outside what people said, irssi's "Log opened" or "Day changed"."""
    shape = shape_of(lines)
    chat = [chat_line(line, shape) for line in lines]
    dated = next((said.day for said in chat if said is not None and said.day), None)
    if dated is not None:
        return date.fromisoformat(dated), "the log's timestamps"
    started = (_stated_day(hit) for line in lines if (hit := DATED.search(line)) and hit[0].startswith("Meeting"))
    found = next((day for day in started if day is not None), None)
    for line, said in zip(lines, chat, strict=True):
        if found is not None:
            break
        iso = ISO_DAY.search(line) if said is None and not wrapped(line) else None  # not a due date someone wrote
        if iso:
            with suppress(ValueError):
                return date.fromisoformat(iso.group(1)), f"the log's line '{line.strip()[:60]}'"
        found = _stated_day(hit) if (hit := DATED.search(line)) else None
    return found


def _stated_day(stated: re.Match[str]) -> tuple[date, str] | None:
    """The day of "Meeting started Wed May 15 14:00:03 2013", "Log opened ...", "Day changed ..."."""
    try:
        return parse_date(stated.group(1)).date(), f'the log\'s "{" ".join(stated.group(0).split())}"'
    except (ParserError, ValueError, OverflowError):
        return None


def _is_start(text: str) -> bool:
    words = text.split(None, 1)
    return bool(words) and words[0].lower() == "#startmeeting"
