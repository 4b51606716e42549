"""A meeting's dates are worked out only as far as a question needs, and say the same as listing
the first 520 of them with dateutil did; its times are checked only where the zone's clocks change,
and the first date that fails is the one a check of every date finds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.agenda.clock import local_datetime
from bot.agenda.recurrence import OCCURRENCES_CHECKED, Listed, Stepped, change_days, series

ZONES = ("Europe/Brussels", "America/Toronto", "Australia/Lord_Howe", "America/Sao_Paulo", "Africa/Casablanca",
         "Asia/Gaza", "Pacific/Apia", "Europe/Moscow", "UTC")  # fmt: skip


@st.composite
def rules(draw: st.DrawFn) -> str:
    """A rule as the loader builds it: a frequency, maybe an interval, maybe COUNT or UNTIL."""
    rule = "FREQ=" + draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    interval = draw(st.integers(1, 3))
    if interval > 1:
        rule += f";INTERVAL={interval}"
    end = draw(st.sampled_from(["none", "count", "until"]))
    if end == "count":
        rule += f";COUNT={draw(st.integers(1, 700))}"
    elif end == "until":
        until = draw(st.datetimes(datetime(1995, 1, 1), datetime(2060, 1, 1)))
        rule += f";UNTIL={until:%Y%m%dT%H%M%S}Z"
    return rule


firsts = st.builds(
    datetime.combine,
    st.dates(date(1995, 1, 1), date(2045, 12, 31)),
    st.sampled_from([time(0, 30), time(1, 15), time(2, 30), time(3, 0), time(9, 0), time(23, 30)]),
    st.sampled_from(ZONES).map(ZoneInfo),
)


def listed_dates(rule: str, first: datetime) -> list[date]:
    return [moment.date() for moment in islice(rrulestr(rule, dtstart=first), OCCURRENCES_CHECKED)]


def first_failure(days: list[date], clocks: tuple[time, ...], zone: ZoneInfo) -> tuple[date, time] | None:
    for day in days:
        for clock in clocks:
            try:
                local_datetime(day, clock, zone)
            except ValueError:
                return day, clock
    return None


@settings(max_examples=150, deadline=None)
@given(rules(), firsts, st.lists(st.dates(date(1994, 1, 1), date(2070, 1, 1)), max_size=5))
def test_a_plain_rule_gives_the_dates_dateutil_lists(rule: str, first: datetime, probes: list[date]) -> None:
    expected = listed_dates(rule, first)
    dates = series(rule, first)
    assert isinstance(dates, Stepped) or first.day > 28
    assert dates.dates() == sorted(set(expected))
    assert dates.last == (expected[-1] if expected else None)
    probes += expected[:2] + expected[-2:]
    assert [day in dates for day in probes] == [day in set(expected) for day in probes]


def test_any_other_rule_is_listed_by_dateutil() -> None:
    first = datetime(2027, 1, 31, 10, tzinfo=ZoneInfo("Europe/Brussels"))
    assert isinstance(series("FREQ=MONTHLY", first), Listed)  # months without a 31st are skipped
    assert isinstance(series("FREQ=WEEKLY;BYDAY=MO,TH", first), Listed)
    assert series("FREQ=MONTHLY", first).dates()[:3] == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)]


@settings(max_examples=150, deadline=None)
@given(rules(), firsts, st.sampled_from([timedelta(minutes=30), timedelta(hours=1), timedelta(hours=3)]))
def test_times_are_checked_where_clocks_change_with_the_result_of_checking_every_date(
    rule: str, first: datetime, length: timedelta
) -> None:
    zone = first.tzinfo
    assert isinstance(zone, ZoneInfo)
    end = (datetime.combine(first.date(), first.time()) + length).time()
    clocks = (first.time(), end)
    every = sorted(set(listed_dates(rule, first)))
    dates = series(rule, first)
    if dates.last is None:
        assert every == []
        return
    changes = change_days(zone, first.date(), dates.last, {})
    assert changes is not None
    assert first_failure(dates.among(changes), clocks, zone) == first_failure(every, clocks, zone)


def test_a_zone_without_changes_has_no_change_days() -> None:
    assert change_days(ZoneInfo("UTC"), date(2027, 1, 1), date(2036, 12, 31), {}) == frozenset()
    assert change_days(ZoneInfo("Asia/Tokyo"), date(2027, 1, 1), date(2036, 12, 31), {}) == frozenset()


def test_the_change_days_of_brussels_are_the_last_sundays_of_march_and_october_with_their_neighbours() -> None:
    days = change_days(ZoneInfo("Europe/Brussels"), date(2027, 1, 1), date(2027, 12, 31), {})
    assert days == frozenset({date(2027, 3, 27), date(2027, 3, 28), date(2027, 3, 29),
                    date(2027, 10, 30), date(2027, 10, 31), date(2027, 11, 1)})  # fmt: skip


def test_before_1970_the_change_days_cannot_be_told_so_every_date_is_checked() -> None:
    assert change_days(ZoneInfo("Europe/London"), date(1969, 6, 1), date(1975, 1, 1), {}) is None
