"""The day a record's file name gives, for logs and notes whose text says only the times.

MeetBot names its files `CHANNEL.YYYY-MM-DD-HH.MM` (`asbroker.2018-06-05-13.31.log.txt`: the
meeting started at 13:31 UTC that day); people name notes `20170119-minutes.txt`,
`2013-06-13 notes.txt` or `minutes_2013_06_13.txt`. Only the file's own name is read, never its
folders, and a date must be a real one ("20171399" is none).
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import PurePath

_MEETBOT = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})(?!\d)")
_SEPARATED = re.compile(r"(?<!\d)(\d{4})([-_.])(\d{2})\2(\d{2})(?!\d)")
_RUN = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_FIRST_YEAR, _LAST_YEAR = 1980, 2100  # eight digits outside these are a number, not a day


def date_from_file_name(path: str | PurePath) -> tuple[date, time | None, str] | None:
    """(day, start time or None, the evidence to report) from a file's name; None without one."""
    name = PurePath(path).name
    found = _MEETBOT.search(name)
    if found is not None:
        day = _day(found[1], found[2], found[3])
        start = _time(found[4], found[5])
        if day is not None:
            evidence = f"the day {day.isoformat()} from the file name {name}"
            return day, start, evidence + (f" (started {start:%H:%M})" if start else "")
    for pattern, groups in ((_SEPARATED, (1, 3, 4)), (_RUN, (1, 2, 3))):
        for found in pattern.finditer(name):
            day = _day(*(found[group] for group in groups))
            if day is not None:
                return day, None, f"the day {day.isoformat()} from the file name {name}"
    return None


def _day(year: str, month: str, day: str) -> date | None:
    if not _FIRST_YEAR <= int(year) <= _LAST_YEAR:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _time(hours: str, minutes: str) -> time | None:
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        return None
