"""When an action is due, as written in its text: "by 2013-06-30", "by June 30", "by Friday",
"by end of next week", "tomorrow", "in two weeks", "before 4.4 RC1".

Relative dates count from the day the action was said. "by Friday" is the first Friday after
that day (a week later when said on a Friday); "end of the week" is that week's Friday, "end of
next week" the Friday after it. A milestone ("by 4.4", "before Xen 4.4 RC1") is found by its id or
title, with spaces, hyphens and case ignored ("4.4-rc1" is "4.4 RC1"). Nothing written: the
default (`said` + `default_days`), marked as not written.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from functools import partial

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date
from dateutil.relativedelta import relativedelta

_BY = r"\b(?:by|before|until|till|due(?:\s+(?:on|by))?|deadline:?)\s+(?:the\s+)?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+\d{4})?"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
}  # fmt: skip

ISO = re.compile(_BY + r"(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
MONTH_DAY = re.compile(_BY + rf"({_MONTH}\s+{_DAY}{_YEAR}|{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR})\b", re.IGNORECASE)
WEEKDAY = re.compile(
    _BY + r"(?:next\s+|this\s+)?(mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\b",
    re.IGNORECASE,
)
END_OF = re.compile(r"\bend\s+of\s+(the\s+|this\s+|next\s+)?(week|month)\b", re.IGNORECASE)
TOMORROW = re.compile(r"\btomorrow\b|" + _BY + r"(?:today|tonight|eod|end\s+of\s+(?:the\s+)?day)\b", re.IGNORECASE)
IN_SPAN = re.compile(
    r"\b(?:in|within)\s+(\d+|a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+(day|week|month)s?\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s_-]+")


def due_date(
    text: str, *, said: date, milestones: Mapping[str, date] = {}, default_days: int | None = 14
) -> tuple[date | None, bool]:
    """The due date written in `text` and True; else the default (or None) and False."""
    finders: tuple[Callable[[str, date], date | None], ...] = (
        _iso,
        _month_day,
        partial(_milestone, milestones=milestones),
        _end_of,
        _weekday,
        _relative,
    )
    for find in finders:
        found = find(text, said)
        if found is not None:
            return found, True
    if default_days is None:
        return None, False
    return said + timedelta(days=default_days), False


def _iso(text: str, said: date) -> date | None:
    match = ISO.search(text)
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None  # "by 2013-02-30" is not a date


def _month_day(text: str, said: date) -> date | None:
    """ "by June 30", "by 30th of June 2013": the next such day on or after `said` when no year is written."""
    match = MONTH_DAY.search(text)
    if match is None:
        return None
    written = match.group(1).replace(" of ", " ")
    try:
        found = parse_date(written, default=datetime(said.year, said.month, 1)).date()
    except (ParserError, ValueError, OverflowError):
        return None
    if found < said and not re.search(r"\d{4}", written):
        found += relativedelta(years=1)
    return found


def _milestone(text: str, said: date, *, milestones: Mapping[str, date]) -> date | None:
    """ "before 4.4 RC1", "by Xen 4.4": the longest milestone id or title written after "by"."""
    known = {_plain(key): day for key, day in milestones.items() if _plain(key)}
    if not known:
        return None
    keys = "|".join(re.escape(key) for key in sorted(known, key=len, reverse=True))
    match = re.search(_BY.replace(r"\s+", " ") + f"({keys})" + r"(?!\.?\w)", _plain(text))
    return known[match.group(1)] if match else None


def _plain(text: str) -> str:
    """Casefolded, with runs of spaces, hyphens and underscores as one space."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def _end_of(text: str, said: date) -> date | None:
    """ "end of the week" is this week's Friday; "end of next week" a week later; months likewise."""
    match = END_OF.search(text)
    if match is None:
        return None
    later = (match.group(1) or "").strip().lower() == "next"
    if match.group(2).lower() == "week":
        friday = said + timedelta(days=(4 - said.weekday()) % 7)
        return friday + timedelta(days=7 if later else 0)
    month = said + relativedelta(months=1 if later else 0)
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _weekday(text: str, said: date) -> date | None:
    """ "by Friday": the first Friday after `said` (a week on when said on a Friday)."""
    match = WEEKDAY.search(text)
    if match is None:
        return None
    wanted = _WEEKDAYS.index(match.group(1)[:3].lower())
    return said + timedelta(days=(wanted - said.weekday() - 1) % 7 + 1)


def _relative(text: str, said: date) -> date | None:
    """ "tomorrow", "by today", "in two weeks", "within 3 days", "in a month"."""
    match = TOMORROW.search(text)
    if match is not None:
        return said + timedelta(days=1 if match.group(0).lower() == "tomorrow" else 0)
    match = IN_SPAN.search(text)
    if match is None:
        return None
    count_text = match.group(1).lower()
    count = int(count_text) if count_text.isdigit() else _NUMBERS[count_text]
    unit = match.group(2).lower()
    if unit == "month":
        return said + relativedelta(months=count)
    return said + timedelta(days=count * (7 if unit == "week" else 1))
