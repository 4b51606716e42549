"""The dates of a recurring meeting, worked out only as far as a question needs, and the days on
which a zone's clocks change.

A meeting's rule is checked over its first OCCURRENCES_CHECKED dates (ten years of weekly calls).
Listing them all at every load was most of the time of an agenda with many meetings, so:
- a plain rule (FREQ=DAILY, WEEKLY, or MONTHLY from a day up to the 28th, with INTERVAL and
  COUNT or UNTIL only) is a `Stepped` series: its n-th date is arithmetic, so "is this day one of
  its dates?" and "which is its last date?" cost nothing;
- any other rule is expanded by dateutil, as before, into a `Listed` series;
- a wall-clock time can only be missing or repeated on a day when the zone's offset changes, so
  the meeting's times are checked only on its dates among `change_days`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.model import Meeting

OCCURRENCES_CHECKED = 520  # ten years of weekly calls: enough to meet every DST rule in force
_UNTIL = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_DAYS = {"DAILY": 1, "WEEKLY": 7}
# Since 1970 no zone has changed its UTC offset twice within 6.9 days (tzdata 2024), so sampling
# the offset once a day finds every change; before 1970 every date is checked instead.
_SAMPLED_FROM = 1970
_DAY = 86400


class Series(Protocol):
    """The first OCCURRENCES_CHECKED (or fewer) dates of a meeting's rule."""

    @property
    def last(self) -> date | None:
        """Its last date, None when the rule gives none."""

    def __contains__(self, day: object) -> bool:
        """Whether `day` is one of its dates."""

    def among(self, days: Iterable[date]) -> list[date]:
        """Those of `days` that are its dates, in order."""

    def dates(self) -> list[date]:
        """Every date, in order."""


@dataclass(frozen=True)
class Stepped:
    """A plain series: `count` dates `step` days (or months, when `months`) apart from `first`."""

    first: date
    step: int
    months: bool
    count: int

    def nth(self, index: int) -> date:
        """Its date number `index`, from 0 (also past `count`)."""
        if not self.months:
            return self.first + timedelta(days=index * self.step)
        month = self.first.month - 1 + index * self.step
        return self.first.replace(year=self.first.year + month // 12, month=month % 12 + 1)

    def index(self, day: date) -> int | None:
        """Which date of the series `day` is (ignoring `count`), or None when it is none of them."""
        if self.months:
            apart = (day.year - self.first.year) * 12 + day.month - self.first.month
            found = apart // self.step if day.day == self.first.day and apart % self.step == 0 else None
        else:
            days = (day - self.first).days
            found = days // self.step if days % self.step == 0 else None
        return found if found is not None and found >= 0 else None

    @property
    def last(self) -> date | None:
        return self.nth(self.count - 1) if self.count else None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        found = self.index(day)
        return found is not None and found < self.count

    def among(self, days: Iterable[date]) -> list[date]:
        return sorted(day for day in set(days) if day in self)

    def dates(self) -> list[date]:
        return [self.nth(index) for index in range(self.count)]


@dataclass(frozen=True)
class Listed:
    """A series of any rule, its dates listed by dateutil."""

    listed: tuple[date, ...]

    @property
    def last(self) -> date | None:
        return self.listed[-1] if self.listed else None

    def __contains__(self, day: object) -> bool:
        return day in set(self.listed)

    def among(self, days: Iterable[date]) -> list[date]:
        return sorted(set(days) & set(self.listed))

    def dates(self) -> list[date]:
        return sorted(set(self.listed))


def series(rule: str, first: datetime, limit: int = OCCURRENCES_CHECKED) -> Series:
    """The first `limit` dates of `rule` (an RRULE value) from the aware `first` start."""
    stepped = _stepped(rule, first, limit)
    if stepped is not None:
        return stepped
    from dateutil.rrule import rrulestr  # noqa: PLC0415 - only for the rules not stepped here

    return Listed(tuple(moment.date() for moment in islice(rrulestr(rule, dtstart=first), limit)))


def _stepped(rule: str, first: datetime, limit: int) -> Stepped | None:
    """The series of a plain rule, or None when the rule needs dateutil."""
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    frequency, interval = parts.pop("FREQ"), parts.pop("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1 or frequency not in (*_DAYS, "MONTHLY"):
        return None
    if frequency == "MONTHLY" and first.day > 28:
        return None  # months without that day are skipped: leave it to dateutil
    count, until = parts.pop("COUNT", None), parts.pop("UNTIL", None)
    if parts or (count is not None and not count.isdigit()):
        return None
    months = frequency == "MONTHLY"
    step = int(interval) * (1 if months else _DAYS[frequency])
    plain = Stepped(first.date(), step, months, min(limit, int(count)) if count else limit)
    if until is None:
        return plain
    end = _UNTIL.fullmatch(until)
    if end is None:
        return None
    year, month, day, hour, minute, second = map(int, end.groups())
    last = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return Stepped(plain.first, step, months, _count_until(plain, first, last))


def _count_until(plain: Stepped, first: datetime, until: datetime) -> int:
    """How many of the series' dates start no later than `until` (at most `plain.count`)."""

    def starts(index: int) -> datetime:
        return datetime.combine(plain.nth(index), first.timetz())

    if plain.months:
        guess = ((until.year - plain.first.year) * 12 + until.month - plain.first.month) // plain.step + 1
    else:
        guess = (until.date() - plain.first).days // plain.step + 1
    count = max(0, min(guess, plain.count))
    while count > 0 and starts(count - 1) > until:
        count -= 1
    while count < plain.count and starts(count) <= until:
        count += 1
    return count


def change_days(
    zone: ZoneInfo, first: date, last: date, known: dict[tuple[str, int], frozenset[date]]
) -> frozenset[date] | None:
    """The days from `first` to `last` on which some wall-clock time is missing or repeated in
    `zone` (with the day on either side), or None when they cannot be told (before 1970).

    `known` keeps the days of each (zone, year) already worked out, for the next meeting.
    """
    if first.year < _SAMPLED_FROM:
        return None
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        key = (zone.key, year)
        if key not in known:
            known[key] = _year_change_days(zone, year)
        days.update(known[key])
    return frozenset(day for day in days if first <= day <= last)


def _year_change_days(zone: ZoneInfo, year: int) -> frozenset[date]:
    """The days of `year` (and the edges of the years around it) touched by a change of offset."""
    began = int(datetime(year, 1, 1, tzinfo=UTC).timestamp()) - 2 * _DAY
    ended = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp()) + 2 * _DAY
    days: set[date] = set()
    before = _offset(zone, began)
    for moment in range(began + _DAY, ended + 1, _DAY):
        after = _offset(zone, moment)
        if after != before:
            low, high = moment - _DAY, moment  # the change is in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if _offset(zone, middle) == before else (low, middle)
            change = datetime.fromtimestamp(high, UTC).replace(tzinfo=None)
            earliest = change + timedelta(seconds=min(before, after)) - timedelta(days=1)
            latest = change + timedelta(seconds=max(before, after)) + timedelta(days=1)
            day = earliest.date()
            while day <= latest.date():
                days.add(day)
                day += timedelta(days=1)
        before = after
    return frozenset(days)


def _offset(zone: ZoneInfo, moment: int) -> int:
    """The zone's UTC offset, in seconds, at the POSIX time `moment`."""
    offset = datetime.fromtimestamp(moment, zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def calls(meeting: Meeting, *, limit: int, until: date | None = None) -> Iterator[datetime]:
    """When each call of `meeting` starts, in order: at most `limit` dates of its rule, none after
    `until`, the skipped dates left out (what an export or a programme lists)."""
    from dateutil.rrule import rrulestr  # noqa: PLC0415 - only for agendas with meetings

    for start in islice(rrulestr(meeting.rrule, dtstart=meeting.first_start), limit):
        if until is not None and start.date() > until:
            return
        if start.date() not in meeting.skipped:
            yield start
