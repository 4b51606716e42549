"""Reading the day in `/summit agenda DAY [TEXT]`, and "did you mean" for mistyped words.

A day is a weekday ("saturday", "sat", "sa"), a date ("2026-02-01", "1 Feb", "Feb 1",
"1st February 2026"; not "01/02", whose order of day and month is anyone's guess), or "today" /
"tomorrow"; weekdays and dates without a year are looked up among the event's own days.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from bot.lookup import close_matches

__all__ = ["close_matches", "day_and_text", "find_day"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]+)\.?(?:\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")


def find_day(text: str, days: Sequence[date], today: date) -> date | None:
    """The event day `text` names (`days`: the event's days, in order), or None."""
    wanted = " ".join(text.casefold().replace(",", " ").split())
    if wanted in ("today", "tomorrow"):
        return today + timedelta(days=wanted == "tomorrow")
    weekday = _weekday(wanted)
    if weekday is not None:
        return next((day for day in days if day.weekday() == weekday), None)
    return _date(wanted, days)


def day_and_text(text: str, days: Sequence[date], today: date) -> tuple[date | None, str]:
    """`agenda DAY [TEXT]`: the day its first words name, and the rest (a room or words of a title);
    (None, text) when no leading words name a day."""
    words = text.split()
    for count in range(min(len(words), 3), 0, -1):  # "1 February 2027" is three words
        day = find_day(" ".join(words[:count]), days, today)
        if day is not None:
            return day, " ".join(words[count:])
    return None, text


def _weekday(word: str) -> int | None:
    found = [number for number, name in enumerate(WEEKDAYS) if len(word) >= 2 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _date(text: str, days: Sequence[date]) -> date | None:
    iso = _ISO.fullmatch(text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    day_month = _DAY_MONTH.fullmatch(text)
    month_day = _MONTH_DAY.fullmatch(text)
    if day_month:
        number, month, year = day_month[1], day_month[2], day_month[3]
    elif month_day:
        month, number, year = month_day[1], month_day[2], month_day[3]
    else:
        return None
    months = [index for index, name in enumerate(MONTHS, 1) if len(month) >= 3 and name.startswith(month)]
    if len(months) != 1:
        return None
    matches = [d for d in days if (d.month, d.day) == (months[0], int(number)) and (not year or d.year == int(year))]
    return matches[0] if matches else None
