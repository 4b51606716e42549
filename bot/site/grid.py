"""A day of the programme laid out as a table: rooms as columns, time as rows, entries spanning.

The rows are the intervals between consecutive moments at which anything starts or ends that day,
so every entry begins on a row and ends on a row boundary whatever its times (a 25-minute talk
beside a 2-hour block needs no common time step). Two entries that overlap in one room get a
lane each: the room's column is split into as many lanes as it needs at once (its header spans
them). A run of free rows in a lane is one empty cell, so a 60-room day stays a modest table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from bot.site.programme import Entry, ProgrammeDay


@dataclass(frozen=True)
class Column:
    """A room, split into `lanes` side by side when its entries overlap."""

    room: str
    lanes: int


@dataclass(frozen=True)
class Row:
    """The time from one boundary to the next."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Cell:
    """A cell of the table: an entry (or nothing) in a room's lane from row `row` for `rows` rows."""

    column: int  # index into Grid.columns
    lane: int
    row: int
    rows: int
    entry: Entry | None = None


@dataclass(frozen=True)
class Grid:
    """One day as a table: its columns, its rows, and for each row the cells that begin there, in
    column order (a row covered by a cell above it has no cell of its own in that lane)."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    cells: tuple[tuple[Cell, ...], ...]  # by row

    def placed(self) -> list[Cell]:
        """The cells that hold an entry."""
        return [cell for row in self.cells for cell in row if cell.entry is not None]


def lay_out(day: ProgrammeDay) -> Grid:
    """The table of one day; see the module docstring."""
    moments = sorted({e.start for e in day.entries} | {e.end for e in day.entries})
    rows = tuple(Row(start, end) for start, end in pairwise(moments))
    index = {moment: n for n, moment in enumerate(moments)}
    rooms = list(day.rooms)
    by_room: dict[str, list[Entry]] = {room: [] for room in rooms}
    for entry in day.entries:
        by_room[entry.room].append(entry)
    lanes_of = {room: _lanes(by_room[room]) for room in rooms}
    columns = tuple(Column(room, max(1, len(lanes_of[room]))) for room in rooms)
    starting: list[list[Cell]] = [[] for _ in rows]
    for number, room in enumerate(rooms):
        for lane in range(columns[number].lanes):
            entries = lanes_of[room][lane] if lanes_of[room] else []
            for cell in _lane_cells(number, lane, entries, index, len(rows)):
                starting[cell.row].append(cell)
    return Grid(columns, rows, tuple(tuple(sorted(row, key=lambda c: (c.column, c.lane))) for row in starting))


def _lanes(entries: list[Entry]) -> list[list[Entry]]:
    """The entries of one room in lanes: each goes into the first lane free at its start."""
    lanes: list[list[Entry]] = []
    for entry in sorted(entries, key=lambda e: (e.start, e.end, e.uid)):
        free = next((lane for lane in lanes if lane[-1].end <= entry.start), None)
        if free is None:
            lanes.append([entry])
        else:
            free.append(entry)
    return lanes


def _lane_cells(column: int, lane: int, entries: list[Entry], index: dict[datetime, int], count: int) -> list[Cell]:
    """The cells of one lane, top to bottom: its entries, and one empty cell per run of free rows."""
    cells, row = [], 0
    for entry in entries:  # in start order, none overlapping
        first, last = index[entry.start], index[entry.end]
        if first > row:
            cells.append(Cell(column, lane, row, first - row))
        if last > first:  # an entry that takes no time has no row of its own and is left to the list
            cells.append(Cell(column, lane, first, last - first, entry))
        row = max(row, last)
    if row < count:
        cells.append(Cell(column, lane, row, count - row))
    return cells
