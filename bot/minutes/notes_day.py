"""When the meeting of some notes was held, and how we know: written dates ("08 January 2019",
"2023-07-13", "24, 25, 26 September 2007", "June 19, 2019") and call times ("21:00 GMT").

Only whole dates with a four-digit year count: "01/08" or "Version 3.0" are no dates. A list or a
range of days ("24, 25, 26 September", "19-20 July") is a meeting of several days, the first one
its start. A time counts only with its zone, UTC or GMT ("21:00 GMT"), or from a `Time:` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, time, timedelta, tzinfo

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAYS = rf"(?<![\d:.])(?P<days>{_DAY}(?:\s*(?:,|&|\band\b|-|–|\bto\b)\s*{_DAY})*)"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DOTTED = r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<year>(?:19|20)\d{2})"
_WRITTEN = (
    re.compile(rf"(?<![\d-]){_YEAR}(?P<sep>[-/])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d-])"),
    re.compile(rf"(?<![\d.]){_DOTTED}(?![\d.])"),  # "05.03.2024", day first
    re.compile(rf"\b{_DAYS}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAYS},?\s+{_YEAR}\b", re.IGNORECASE),
)
_CLOCK = r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s*(?P<half>[ap]\.?m\b\.?)?"
_ZONED_TIME = re.compile(rf"\b{_CLOCK}\s*(?P<zone>UTC|GMT|Z)\b", re.IGNORECASE)
_TIME_LINE = re.compile(rf"^\W*time\W*:\s*{_CLOCK}\s*(?P<zone>UTC|GMT)?", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:-|–|to)\s*$")


@dataclass(frozen=True)
class Written:
    """A date as written: the days it names (one, or each day of a meeting of several)."""

    days: tuple[date, ...]
    text: str  # the words that gave it


def written_date(text: str) -> Written | None:
    """The first whole date written in `text`, if any."""
    found = [(match.start(), number, match) for number, rx in enumerate(_WRITTEN) for match in rx.finditer(text)]
    for _, number, match in sorted(found, key=lambda hit: hit[0]):
        days = _iso(match) if number <= 1 else _named(match)
        if days:
            return Written(days, match.group(0))
    return None


def written_time(text: str, *, zone: tzinfo = UTC) -> tuple[time, str] | None:
    """A call time written in `text` with its zone ("21:00 GMT"), or on a `Time:` line, as (time with
    its zone, the words that gave it)."""
    match = _TIME_LINE.match(text) or _ZONED_TIME.search(text)
    if match is None:
        return None
    hour, half = int(match["hour"]), (match["half"] or "").lower()
    if half.startswith("p") and hour < 12:
        hour += 12
    elif half.startswith("a") and hour == 12:
        hour = 0
    told = UTC if match["zone"] else zone
    return time(hour, int(match["minute"]), tzinfo=told), match.group(0).strip()


def _iso(match: re.Match[str]) -> tuple[date, ...]:
    try:
        return (date(int(match["year"]), int(match["m"]), int(match["d"])),)
    except ValueError:
        return ()


def _named(match: re.Match[str]) -> tuple[date, ...]:
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    numbers = [int(number) for number in re.findall(r"\d+", match["days"])]
    between = re.split(rf"{_DAY}", match["days"])[1:-1]
    if len(numbers) == 2 and _RANGE.match(between[0]) and numbers[0] < numbers[1]:
        numbers = list(range(numbers[0], numbers[1] + 1))
    try:
        first = date(int(match["year"]), month, numbers[0])
        days = [date(int(match["year"]), month, number) for number in numbers]
    except ValueError:
        return ()
    if any(day < first or day - first > timedelta(days=31) for day in days):
        return (first,)
    return tuple(days)
