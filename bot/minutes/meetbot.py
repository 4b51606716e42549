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
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from bot.agenda.people import name_key
from bot.minutes.attendees import meetbot_order
from bot.minutes.log_lines import chat_line, chat_lines, is_chat, shape_of, wrapped
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
_DAY_STAMP = re.compile(r"\s*\[?\d{4}-\d{2}-\d{2}[T ]")  # what a timestamp with a day starts with
_DATED_WORDS = ("Meeting started", "Log opened", "Day changed")


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
    shape = shape_of(lines)
    found = _log_day(lines, shape) if day is None else (day, "")
    first = found[0] if found else UNDATED
    key_of = lru_cache(maxsize=None)(name_key)  # a log has few nicks and many lines
    opening = _opening(_said(lines, shape, first, zone))
    from_line = opening[0].number if opening else 0
    bots = {key_of(nick) for nick in bots} | _answering_bots(opening, key_of)
    stated = _stated_times(lines, shape, from_line, bots, key_of, zone)
    shift = _shift(stated, opening[0].at) if opening else timedelta()
    start = (
        _stated(opening[0].text, opening[0].at + shift, stated) if opening else datetime.combine(first, time(), zone)
    )
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
    for number, who, line, at, me in _said(lines, shape, first, zone):
        if number < from_line:
            continue
        if me or key_of(who) in bots:
            meeting.heard(who, attendee=me and key_of(who) not in bots)
        else:
            meeting.said(who, line, _stated(line, at + shift, stated) if stated or shift else at)
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


class _Said(NamedTuple):
    """A message of the log and the number of the line it starts on."""

    number: int
    nick: str
    text: str
    at: datetime
    me: bool


def _said(lines: Sequence[str], shape: str, first: date, zone: tzinfo) -> Iterator[_Said]:
    """Every message of the log in order, at its time; days roll over when the clock goes back.
    Read again where needed rather than kept: a long log's messages take more memory than its text."""
    day, last = first, time()
    for number, line in chat_lines(lines, shape):
        clock = time.fromisoformat(line.time.zfill(5) if len(line.time) <= 5 else line.time.zfill(8))
        if line.day:
            day = date.fromisoformat(line.day)
        elif clock < last:
            day += timedelta(days=1)
        last = clock
        yield _Said(number, line.nick, line.text, datetime.combine(day, clock, zone), line.me)


def _opening(said: Iterator[_Said]) -> list[_Said]:
    """The first 20 messages of the meeting, from the first #startmeeting (from the first message
    when none is said)."""
    head: list[_Said] = []
    for message in said:
        if not message.me and _is_start(message.text):
            return [message, *islice(said, 19)]
        if len(head) < 20:
            head.append(message)
    return head


def _answering_bots(opening: Sequence[_Said], key_of: Callable[[str], str]) -> set[str]:
    """The nicks that answered as MeetBot answers #startmeeting: the meeting bot, whatever its name."""
    return {key_of(said.nick) for said in opening if not said.me and BOT_STARTED.match(said.text)}


def _stated_times(
    lines: Sequence[str], shape: str, from_line: int, bots: Collection[str], key_of: Callable[[str], str], zone: tzinfo
) -> dict[str, datetime]:
    """When the meeting bot says the meeting started and ended ("Meeting started Thu Dec  6
    19:00:24 2018 UTC"), from `from_line` on; only lines that say "Meeting " can, and one message is
    one line but in WeeChat's shape, so the others are not read."""
    rest = islice(lines, from_line, None)
    candidates = rest if shape == "bar" else (line for line in rest if "Meeting " in line)
    stated: dict[str, datetime] = {}
    for _, said in chat_lines(candidates, shape):
        match = STATED.match(said.text) if not said.me and key_of(said.nick) in bots else None
        if match is not None:
            stated.setdefault(match.group(1), parse_date(match.group(2)).replace(tzinfo=UTC).astimezone(zone))
    return stated


def _shift(stated: Mapping[str, datetime], start: datetime) -> timedelta:
    """How far the log's clock is off the bot's, when the log was kept on another zone's clock (a
    viewer's or a client's local time): whole quarter hours, else none."""
    offset = stated["started"] - start if "started" in stated else timedelta()
    steps = round(offset / _ZONE_STEP)
    return steps * _ZONE_STEP if abs(offset - steps * _ZONE_STEP) <= _CLOSE else timedelta()  # else no zone's


def log_day(lines: Sequence[str]) -> tuple[date, str] | None:
    """The day the log states, and where: its first dated timestamp, else MeetBot's "Meeting started
    Wed May 15 14:00:03 2013" (not the date of a page the log is pasted in), else the first ISO date
    outside what people said, irssi's "Log opened" or "Day changed"."""
    return _log_day(lines, shape_of(lines))


def _log_day(lines: Sequence[str], shape: str) -> tuple[date, str] | None:
    """`log_day` of a log in `shape`. Each test is first made on the text it needs ("-" for a date,
    the words for a stated day), so that a long log is not read line by line in full."""
    dated = (chat_line(line, shape) for line in lines if _DAY_STAMP.match(line))
    day = next((said.day for said in dated if said is not None and said.day), None)
    if day is not None:
        return date.fromisoformat(day), "the log's timestamps"
    starts = (DATED.search(line) for line in lines if "Meeting started" in line)
    started = (_stated_day(hit) for hit in starts if hit and hit[0].startswith("Meeting"))
    found = next((day for day in started if day is not None), None)
    for line in lines:
        if found is not None:
            break
        iso = ISO_DAY.search(line) if "-" in line else None
        if iso and not wrapped(line) and not is_chat(line, shape):  # not a due date someone wrote
            with suppress(ValueError):
                return date.fromisoformat(iso.group(1)), f"the log's line '{line.strip()[:60]}'"
        hit = DATED.search(line) if any(words in line for words in _DATED_WORDS) else None
        found = _stated_day(hit) if hit else None
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
