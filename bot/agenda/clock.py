"""Times of day as organisers write them, and wall-clock times made aware in the event's zone.

The tricky parts, kept in one place:
- "12am" is midnight and "12pm" noon; "2:30pm" is 14:30; a bare "8" is refused (8am or 8pm?).
- A wall-clock time can fail to exist (the hour skipped when clocks go forward) or exist twice
  (the hour repeated when they go back). zoneinfo does not complain about either: it quietly
  picks an offset. We detect both by asking for the offset with `fold=0` and `fold=1` and by
  checking that the time survives a round trip through UTC, and refuse them with a clear reason.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_CLOCK = re.compile(
    r"""^\s*(?P<hour>\d{1,2})
        (?:[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
        \s*(?P<half>[ap])?(?:\.?\s*m\.?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


_LEAD = re.compile(r"^\s*(?:(?P<days>\d+)\s*d)?\s*(?:(?P<hours>\d+)\s*h)?\s*(?:(?P<minutes>\d+)\s*m(?:in)?)?\s*$", re.I)
MAX_LEAD = timedelta(days=7)


def parse_lead_time(text: str) -> timedelta:
    """Read how long before a session its reminder comes: "15m", "1h", "1h30m", "2d" or "0m".

    Raises ValueError with a message fit for the organiser.
    """
    match = _LEAD.match(text)
    if not match or not any(match.groups()):
        raise ValueError(f'\'{text}\' is not a lead time: write minutes, hours or days, like "15m", "1h30m" or "1d"')
    parts = {name: int(value) for name, value in match.groupdict().items() if value}
    lead = timedelta(**parts)
    if lead > MAX_LEAD:
        raise ValueError(f"'{text}' is more than 7 days ahead: a reminder that early is forgotten by the day")
    return lead


def parse_clock(text: str) -> time:
    """Read "08:30", "8:30", "14:00", "2:30pm", "11am" or "8:30 a.m." as a time of day.

    Raises ValueError with a message fit for the organiser.
    """
    match = _CLOCK.match(text)
    if not match or (match["half"] is None and _has_meridiem_only(text)):
        raise ValueError(f'\'{text}\' is not a time; write it like "08:30" or "2:30pm"')
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{text}' is not a time: with am/pm the hour goes from 1 to 12")
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    elif match["minute"] is None:
        raise ValueError(f"'{text}' is not a time; write \"{hour:02d}:00\" (or add am/pm)")
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"'{text}' is not a time of day: hours go to 23 and minutes to 59")
    return time(hour, minute, second)


def _has_meridiem_only(text: str) -> bool:
    return bool(re.search(r"\d\s*m", text, re.IGNORECASE))


def format_clock(moment: time | datetime) -> str:
    """A time as the 24-hour "08:30" that every reader understands."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def local_datetime(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The aware datetime of wall-clock `clock` on `day` in `zone`.

    Raises ValueError when that wall-clock time does not exist or happens twice there.
    """
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before == after:
        return first
    assert before is not None
    assert after is not None
    when = f"{format_clock(clock)} on {day.isoformat()} in {zone.key}"
    if after > before:
        raise ValueError(f"{when} does not exist: clocks jump forward {_duration(after - before)} that night")
    raise ValueError(
        f"{when} happens twice: clocks go back {_duration(before - after)} that night; "
        "pick a time outside the repeated hour"
    )


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hour" + ("s" if hours != 1 else "")
