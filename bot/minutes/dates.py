"""The day a record's file name gives: "20170119-minutes.txt", "2023-07-13.md",
"asbroker.2018-06-05-13.31.log.txt" (with MeetBot's UTC time). A name without a four-digit year
("01-08-minutes.md": January 8 or August 1, of which year?) gives nothing.
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

# a year 19xx/20xx, month and day, separated alike (or not at all), then maybe "-HH.MM" or "-HHMM"
_DAY_IN_NAME = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-_.]?)(?P<month>0[1-9]|1[0-2])(?P=sep)(?P<day>0[1-9]|[12]\d|3[01])"
    r"(?:[-_T.](?P<hour>[01]\d|2[0-3])[.:_-]?(?P<minute>[0-5]\d))?(?!\d)"
)


def date_from_file_name(path: Path) -> tuple[date, time | None, str] | None:
    """The day (and the UTC time, when the name has one) that `path`'s name gives, with the
    evidence ("the file name 20170119-minutes.txt"); None when the name gives no unambiguous day."""
    for found in _DAY_IN_NAME.finditer(path.name):
        try:
            day = date(int(found["year"]), int(found["month"]), int(found["day"]))
        except ValueError:
            continue
        at = time(int(found["hour"]), int(found["minute"])) if found["hour"] else None
        return day, at, f"the file name {path.name}"
    return None
