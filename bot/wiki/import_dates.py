"""Dates and times the way people write them on event pages, read into dates and times of day.

The tricky part is times without am/pm. "11:30-2pm" starts before noon (11:30pm would be after
2pm); "11:30-2" ends at 14:00 (a block does not end before it starts); a bare "1:30" after the
11:30 blocks of the morning is 13:30. So a time is read against `after`, the time before which
it cannot be, and moved into the afternoon when it would otherwise fall before it. `after` is the
start of the previous block (not its end: parallel blocks share a start), or 7:00 at the start of
a day, since nobody schedules a session at 1:30 at night. A time with a leading zero ("08:30") or
an hour above 12 is 24-hour time and never moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import parser as dateparser

_TIME = r"""
    (?P<{n}hour>\d{{1,2}})
    (?:(?P<{n}sep>[:.h])(?P<{n}minute>[0-5]\d)|(?P<{n}h>h))?
    (?:\s*(?P<{n}half>[ap])\.?\s?m\b\.?)?
"""
_RANGE = re.compile(
    r"(?<![\w:./-])"
    + _TIME.format(n="a")
    + r"(?:\s*(?:-|–|—|to|until|till)\s*"
    + _TIME.format(n="b")
    + r")?(?![\w:/])(?!\.\d)",  # "15.11.2015" is a date, not 15:11
    re.IGNORECASE | re.VERBOSE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATES = (
    # 22nd of July 2008, 14 October, 14-16 Oct 2013
    re.compile(
        rf"\b(?P<first>\d{{1,2}}){_ORDINAL}(?:\s*(?:-|–|—|to)\s*(?P<last>\d{{1,2}}){_ORDINAL})?"
        rf"(?:\s+of)?\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
    # July 22, 2008; October 14th; Oct 14-15, 2013
    re.compile(
        rf"\b(?P<month>{_MONTH})\s+(?P<first>\d{{1,2}}){_ORDINAL}"
        rf"(?:\s*(?:-|–|—|to)\s*(?P<last>\d{{1,2}}){_ORDINAL})?(?:,?\s+(?P<year>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<first>\d{2})\b")
_YEAR_FIRST = re.compile(  # 2011 October 20-22; Thursday, 2011 October 20
    rf"\b(?P<year>\d{{4}})\s+(?P<month>{_MONTH})\s+(?P<first>\d{{1,2}}){_ORDINAL}"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<last>\d{{1,2}}){_ORDINAL})?\b",
    re.IGNORECASE,
)
_DAY_LIST = re.compile(  # 19 and 20 July 2012; 24, 25, 26 September 2007
    rf"\b(?P<days>\d{{1,2}}{_ORDINAL}(?:\s*(?:,|&|\band\b)\s*\d{{1,2}}{_ORDINAL})+)"
    rf"\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)
_MONTH_DAY_LIST = re.compile(  # April 7th and 8th; July 17th and 18th, 2013
    rf"\b(?P<month>{_MONTH})\s+(?P<days>\d{{1,2}}{_ORDINAL}(?:\s*(?:,|&|\band\b)\s*\d{{1,2}}{_ORDINAL}(?!\d))+)"
    rf"(?:,?\s+(?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)
_DOTTED = re.compile(  # 15.11.2015; 16.11.-18.11.2015 (day.month.year, as written in much of Europe)
    r"(?<![\d.])(?P<first>\d{1,2})\.(?P<fmonth>\d{1,2})\.(?:\s*[-–—]\s*(?P<last>\d{1,2})\.(?P<month>\d{1,2})\.)?"
    r"\s*(?P<year>(?:19|20)\d\d)(?![\d.]\d)"
)
_YEAR = re.compile(r"(?<!\d)(19[7-9]\d|20\d\d)(?!\d)")
_DAY_STARTS = time(7, 0)


@dataclass(frozen=True)
class Clock:
    """A time of day as written, before am/pm is settled."""

    hour: int
    minute: int
    half: str | None  # "a" or "p" when written
    fixed: bool  # 24-hour time: a leading zero, or an hour past 12


@dataclass(frozen=True)
class ClockRange:
    """A time range found in a text: its times (the end may be missing) and where it was written."""

    start: time
    end: time | None
    span: tuple[int, int]


@dataclass(frozen=True)
class DateMatch:
    """The dates found in a text (one, or a run of days) and where they were written."""

    dates: tuple[date, ...]
    span: tuple[int, int]


@dataclass(frozen=True)
class When:
    """What a "When:" line says: the days, and the hours when given."""

    dates: tuple[date, ...]
    start: time | None = None
    end: time | None = None


def find_range(text: str, after: time | None = None) -> ClockRange | None:
    """The first time or time range in `text`, read against `after` (see the module docstring)."""
    for match in _RANGE.finditer(text):
        start = _clock(match, "a")
        end = _clock(match, "b") if match["bhour"] else None
        if start is None or (match["bhour"] and end is None) or not _looks_like_time(match):
            continue
        start_time, end_time = resolve(start, end, after)
        return ClockRange(start_time, end_time, match.span())
    return None


def _looks_like_time(match: re.Match[str]) -> bool:
    """A bare "14" or "1-2" is a number, not a time: one side needs minutes, am/pm or an "h"."""
    return any(match[f"{side}{part}"] for side in "ab" for part in ("minute", "half", "h"))


def _clock(match: re.Match[str], side: str) -> Clock | None:
    hour, minute = int(match[f"{side}hour"]), int(match[f"{side}minute"] or 0)
    half = match[f"{side}half"].lower() if match[f"{side}half"] else None
    if (half and not 1 <= hour <= 12) or hour > 24 or (hour == 24 and minute):
        return None
    fixed = half is None and (hour > 12 or hour == 0 or match[f"{side}hour"].startswith("0"))
    return Clock(hour % 24, minute, half, fixed)


def resolve(start: Clock, end: Clock | None, after: time | None = None) -> tuple[time, time | None]:
    """The times a range means, settling am/pm from the other end of the range and from `after`."""
    if start.half is None and end is not None and end.half is not None and not start.fixed:
        end_time = _with_half(end, end.half)
        guess = _with_half(start, end.half)
        start_time = guess if guess < end_time else _with_half(start, "a" if end.half == "p" else "p")
        return start_time, end_time
    start_time = _settle(start, after or _DAY_STARTS)
    if end is None:
        return start_time, None
    if end.half is None and start.half is not None and not end.fixed:
        same = _with_half(end, start.half)
        return start_time, same if same > start_time else _with_half(end, "p" if start.half == "a" else "a")
    return start_time, _settle(end, start_time)


def _with_half(clock: Clock, half: str) -> time:
    return time(clock.hour % 12 + (12 if half == "p" else 0), clock.minute)


def _settle(clock: Clock, after: time) -> time:
    """A time written without am/pm: in the afternoon when the morning reading comes before `after`."""
    if clock.half is not None:
        return _with_half(clock, clock.half)
    morning = time(clock.hour, clock.minute)
    if clock.fixed or morning >= after or clock.hour >= 12:
        return morning
    return time(clock.hour + 12, clock.minute)


def find_dates(text: str, year: int | None) -> DateMatch | None:
    """The first date (or run of days, "14-16 October 2013") in `text`; `year` when none is written."""
    found = [
        match
        for pattern in (_YEAR_FIRST, _DAY_LIST, _MONTH_DAY_LIST, *_DATES, _ISO, _DOTTED)
        if (match := pattern.search(text))
    ]
    for match in sorted(found, key=lambda match: match.start()):
        dates = _dates(match, year)
        if dates:
            return DateMatch(dates, match.span())
    return None


def _dates(match: re.Match[str], year: int | None) -> tuple[date, ...]:
    written_year = int(match["year"]) if match["year"] else year
    if written_year is None:
        return ()
    groups = match.groupdict()
    if groups.get("fmonth"):
        return _dotted(match, written_year)
    if groups.get("days"):
        days: list[int] | range = [int(day) for day in re.findall(r"\d{1,2}", groups["days"])]
    else:
        days = range(int(match["first"]), int(groups.get("last") or match["first"]) + 1)
    if match["month"].isdigit():  # 2019-05-06: the month is a number, never a day
        try:
            return tuple(date(written_year, int(match["month"]), day) for day in days)
        except ValueError:
            return ()
    try:
        default = datetime(written_year, 1, 1)
        dates = tuple(
            dateparser.parse(f"{day} {match['month']} {written_year}", default=default).date() for day in days
        )
    except (ValueError, OverflowError):
        return ()
    return dates if len(dates) <= 31 else ()


def _dotted(match: re.Match[str], year: int) -> tuple[date, ...]:
    """The days of "16.11.-18.11.2015": every day from the first date to the last."""
    try:
        first = date(year, int(match["fmonth"]), int(match["first"]))
        last = date(year, int(match["month"] or match["fmonth"]), int(match["last"] or match["first"]))
    except ValueError:
        return ()
    days = (last - first).days + 1
    return tuple(first + timedelta(days=number) for number in range(days)) if 0 < days <= 31 else ()


def read_when(text: str, year: int | None) -> When | None:
    """The days and hours of a "When:" line such as "22nd of July 2008, 8:30-16:30"."""
    found = find_dates(text, year)
    if found is None:
        return None
    found = _through(found, text, year)
    rest = text[: found.span[0]] + " " + text[found.span[1] :]
    hours = find_range(rest)
    if hours is None or hours.end is None:
        return When(found.dates)
    return When(found.dates, hours.start, hours.end)


def _through(found: DateMatch, text: str, year: int | None) -> DateMatch:
    """A run of days across months, "28 February 2014 – 1 March 2014" (as the bot writes it), as every day of it."""
    dash = re.match(r"\s*[–—-]\s*", text[found.span[1] :])
    then = find_dates(text[found.span[1] + dash.end() :], year) if dash else None
    if dash is None or then is None or then.span[0] != 0 or not 0 < (then.dates[0] - found.dates[-1]).days <= 31:
        return found
    days = (then.dates[-1] - found.dates[0]).days + 1
    end = found.span[1] + dash.end() + then.span[1]
    return DateMatch(tuple(found.dates[0] + timedelta(days=number) for number in range(days)), (found.span[0], end))


def first_year(*texts: str | None) -> int | None:
    """The first year written in any of `texts`, for dates written without one ("Monday 14 October")."""
    for text in texts:
        match = _YEAR.search(text or "")
        if match:
            return int(match.group())
    return None


def clock_text(moment: time) -> str:
    """A time as the agenda file writes it: "8:30", "14:00"."""
    return f"{moment.hour}:{moment.minute:02d}"
