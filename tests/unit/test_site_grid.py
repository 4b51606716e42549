"""The schedule grid's placement: rooms as columns, time as rows, every session in exactly one cell
that starts at its start and spans to its end, overlapping sessions of one room side by side, a
session past midnight on the day it began, free rooms as empty columns, roomless events in one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import Agenda, Day, Event, EventKind, Meeting, Session, Venue
from bot.site.grid import Cell, Grid, lay_out
from bot.site.programme import programme
from bot.site.render import span

ZONE = ZoneInfo("Europe/Brussels")
FIRST = date(2027, 2, 5)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 2, 5 + day, hour, minute, tzinfo=ZONE)


def agenda(*sessions: Session, rooms: tuple[str, ...] = ("Janson", "K.1.105"), days: int = 1,
           meetings: tuple[Meeting, ...] = (), venue: str | None = "ULB") -> Agenda:  # fmt: skip
    event = Event(
        id="fosdem", title="FOSDEM", kind=EventKind.SUMMIT, timezone=ZONE,
        days=tuple(Day(FIRST + timedelta(days=n)) for n in range(days)), venue=Venue(name=venue, rooms=rooms),
    )  # fmt: skip
    return Agenda(event=event, sessions=sessions, meetings=meetings)


def session(ident: str, start: datetime, end: datetime, room: str | None = "Janson") -> Session:
    return Session(id=ident, title=ident.title(), start=start, end=end, room=room)


def where(grid: Grid) -> dict[str, tuple[str, int, datetime, datetime]]:
    """Each placed session's room, lane, and the times of its first row's start and last row's end."""
    return {
        cell.entry.uid.split("/")[1].split("@")[0]: (
            grid.columns[cell.column].room,
            cell.lane,
            grid.rows[cell.row].start,
            grid.rows[cell.row + cell.rows - 1].end,
        )
        for cell in grid.placed()
        if cell.entry is not None
    }


def covered(grid: Grid) -> dict[tuple[int, int, int], int]:
    """How many cells cover each (row, column, lane): a proper table covers each exactly once."""
    count: dict[tuple[int, int, int], int] = {}
    for row in grid.cells:
        for cell in row:
            for r in range(cell.row, cell.row + cell.rows):
                count[r, cell.column, cell.lane] = count.get((r, cell.column, cell.lane), 0) + 1
    return count


def test_each_session_is_in_its_room_column_from_its_start_to_its_end() -> None:
    day = programme(agenda(session("keynote", at(0, 9, 30), at(0, 10, 30)),
                           session("rust", at(0, 10), at(0, 11, 15), room="K.1.105")))[0]  # fmt: skip
    grid = lay_out(day)
    assert [(c.room, c.lanes) for c in grid.columns] == [("Janson", 1), ("K.1.105", 1)]
    assert [row.start for row in grid.rows] == [at(0, 9, 30), at(0, 10), at(0, 10, 30)]
    assert where(grid) == {
        "keynote": ("Janson", 0, at(0, 9, 30), at(0, 10, 30)),
        "rust": ("K.1.105", 0, at(0, 10), at(0, 11, 15)),
    }
    assert set(covered(grid).values()) == {1}
    assert len(covered(grid)) == len(grid.rows) * 2


def test_overlapping_sessions_in_one_room_get_a_lane_each() -> None:
    day = programme(agenda(session("a", at(0, 9), at(0, 11)), session("b", at(0, 10), at(0, 12)),
                           session("c", at(0, 11), at(0, 12))))[0]  # fmt: skip
    grid = lay_out(day)
    assert grid.columns[0].lanes == 2
    placed = where(grid)
    assert placed["a"][1] == 0
    assert placed["b"][1] == 1
    assert placed["c"][1] == 0  # a's lane is free again at 11:00
    assert set(covered(grid).values()) == {1}


def test_a_session_past_midnight_stays_on_the_day_it_began_and_so_does_one_before_the_day_change() -> None:
    late = session("party", at(0, 22), at(1, 1, 30))
    night = session("night-owls", at(1, 1), at(1, 2), room="K.1.105")  # 01:00 belongs to the day before
    days = programme(agenda(late, night, days=2))
    assert [len(day.entries) for day in days] == [2, 0]
    grid = lay_out(days[0])
    assert where(grid)["party"] == ("Janson", 0, at(0, 22), at(1, 1, 30))
    assert where(grid)["night-owls"] == ("K.1.105", 0, at(1, 1), at(1, 2))
    assert span(days[0].entries[0]) == "22:00–01:30 (next day)"
    assert lay_out(days[1]).rows == ()  # the second day has nothing of its own


def test_a_room_without_sessions_is_an_empty_column_and_other_rooms_follow_the_venues() -> None:
    day = programme(agenda(session("a", at(0, 9), at(0, 10), room="Hallway"), rooms=("Janson", "K.1.105")))[0]
    grid = lay_out(day)
    assert [c.room for c in grid.columns] == ["Janson", "K.1.105", "Hallway"]
    free = [cell for row in grid.cells for cell in row if cell.entry is None]
    assert [(grid.columns[c.column].room, c.row, c.rows) for c in free] == [("Janson", 0, 1), ("K.1.105", 0, 1)]


def test_an_event_without_rooms_has_one_column_named_for_its_venue() -> None:
    sessions = (session("a", at(0, 9), at(0, 10), room=None), session("b", at(0, 10), at(0, 11), room=None))
    assert [c.room for c in lay_out(programme(agenda(*sessions, rooms=()))[0]).columns] == ["ULB"]
    grid = lay_out(programme(agenda(*sessions, rooms=(), venue=None))[0])
    assert [c.room for c in grid.columns] == ["Main"]
    assert sorted(where(grid)) == ["a", "b"]


def test_a_day_without_sessions_has_no_rows_and_an_event_without_days_shows_the_dates_it_has() -> None:
    assert lay_out(programme(agenda(days=1))[0]).rows == ()
    undated = programme(agenda(session("a", at(2, 9), at(2, 10)), days=0))
    assert [day.date for day in undated] == [FIRST + timedelta(days=2)]


def test_a_recurring_meeting_is_in_on_the_event_days_only() -> None:
    call = Meeting(id="call", title="Daily call", rrule="FREQ=DAILY;COUNT=10", first_start=at(-1, 16),
                   first_end=at(-1, 17), where="https://meet.example.org/x")  # fmt: skip
    days = programme(agenda(days=2, meetings=(call,)))
    assert [[e.uid for e in day.entries] for day in days] == [
        ["fosdem/call/2027-02-05@summitbot"],
        ["fosdem/call/2027-02-06@summitbot"],
    ]
    assert days[0].entries[0].room == "Online"
    assert days[0].entries[0].link == "https://meet.example.org/x"


QUARTERS = st.integers(min_value=0, max_value=40)  # 09:00 plus 15-minute steps


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(QUARTERS, st.integers(1, 12), st.sampled_from(["Janson", "K.1.105", "H.2215"])),
                max_size=25))  # fmt: skip
def test_any_day_is_a_proper_table_with_every_session_once_at_its_times(blocks: list[tuple[int, int, str]]) -> None:
    sessions = tuple(
        session(
            f"s{n}",
            at(0, 9) + timedelta(minutes=15 * start),
            at(0, 9) + timedelta(minutes=15 * (start + length)),
            room=room,
        )
        for n, (start, length, room) in enumerate(blocks)
    )
    grid = lay_out(programme(agenda(*sessions))[0])
    placed = where(grid)
    assert sorted(placed) == sorted(s.id for s in sessions)
    for s in sessions:
        assert placed[s.id][0] == s.room
        assert placed[s.id][2:] == (s.start, s.end)
    counts = covered(grid)
    assert set(counts.values()) <= {1}
    assert len(counts) == len(grid.rows) * sum(c.lanes for c in grid.columns)
    for lane_cells in _lanes(grid).values():  # no two sessions of a lane overlap
        ends = [(c.entry.start, c.entry.end) for c in lane_cells if c.entry is not None]
        assert all(a[1] <= b[0] for a, b in pairwise(ends))


def _lanes(grid: Grid) -> dict[tuple[int, int], list[Cell]]:
    lanes: dict[tuple[int, int], list[Cell]] = {}
    for row in grid.cells:
        for cell in row:
            lanes.setdefault((cell.column, cell.lane), []).append(cell)
    return lanes
