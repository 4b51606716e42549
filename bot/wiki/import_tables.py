"""Schedules written as wikitables: one row per block, columns found by their header names.

The header row names the columns in many ways ("Time", "When", "Session", "Topic", "Speaker",
"Chair", "Moderator", "Room"); they are matched case-insensitively by their first word. A row
without a time cannot become a session and is reported; a break is a block like any other, as
written (it may overlap the block before it). A header that names no title column ("time ||
description || comments") leaves the columns to be found by what they hold.
A list inside the session cell holds the block's topics.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from bot.wiki.import_dates import find_dates, find_range
from bot.wiki.import_model import DraftBlock, DraftTopic
from bot.wiki.import_people import split_names
from bot.wiki.import_text import LineIndex, Skipped, list_items, plain
from bot.wiki.import_topics import topics_of

ROLES = (
    ("time", r"time|when|hours?|slot|start|from|begins?"),
    ("end", r"end|ends|until|till"),
    ("title", r"sessions?|topics?|title|talks?|what|subject|activity|item|agenda|block"),
    ("moderators", r"speakers?|chairs?|moderators?|presenters?|leads?|hosts?|who|owners?|facilitators?|by"),
    ("room", r"rooms?|where|location|venue"),
    ("track", r"tracks?"),
    ("description", r"notes?|descriptions?|details|comments?|remarks?|abstract"),
)
_IMPLAUSIBLE_MINUTES = 12 * 60
_SHORT_TITLE = 2  # words
_MEAL = re.compile(r"^(?:\(\*+\)\s*)?(?P<meal>(?:working\s+)?(?:lunch|breakfast|dinner))\b", re.IGNORECASE)
_BREAK = re.compile(r"\b(?:break|coffee|tea)\b", re.IGNORECASE)
_NO_ROOM = re.compile(r"^(?:[\W_]*|tb[ad]|n/?a|none|unknown)$", re.IGNORECASE)  # "???", "--", "TBD"
_ROOM = re.compile(r"\b(?:rooms?\s+(?P<named>[A-Z]?\d+[A-Za-z]?)\b|(?P<code>\d{2,4}[/-][A-Z]\d{2,5})\b)")


@dataclass(frozen=True)
class TableResult:
    """The blocks of one schedule table, the rows it could not read, and the time its last block ends."""

    blocks: tuple[DraftBlock, ...]
    skipped: tuple[Skipped, ...]
    after: time | None


def read_table(table: Any, index: LineIndex, day: date | None, after: time | None) -> TableResult:
    """The blocks of a schedule table; a table without a column of times and one of titles is reported whole."""
    rows = [row for row in table.cells() if row and any(cell is not None for cell in row)]
    headed = bool(rows) and not any(find_range(_text(cell)) for cell in rows[0])  # "9:00 || 9:15 || Welcome" is a row
    data = rows[1:] if headed else rows
    roles = _roles(rows[0], data) if rows else {}
    if "time" not in roles or "title" not in roles:
        return TableResult((), (Skipped(index.line(table.span[0]), "a table without Time and Session columns"),), after)
    blocks: list[DraftBlock] = []
    skipped: list[Skipped] = []
    for row in data:
        cells = {role: row[column] for role, column in roles.items() if column < len(row) and row[column] is not None}
        if "title" in cells:  # a cell spanning several columns ("colspan=3 | Lunch") is the title only
            cells = {role: cell for role, cell in cells.items() if role == "title" or cell.span != cells["title"].span}
        row_line = index.line(next(cell for cell in row if cell is not None).span[0])
        written = " - ".join(_text(cells[role]) for role in ("time", "end") if role in cells)
        found = find_range(written, after) if "time" in cells else None
        if found is None:
            texts = [plain(str(cell.value)) for cell in row if cell is not None]
            skipped.append(Skipped(row_line, " | ".join(text for text in texts if text)))
            continue
        after = found.start  # not the end: parallel rows start at the same time
        if blocks and blocks[-1].end is None and found.start > blocks[-1].start:
            blocks[-1] = replace(blocks[-1], end=found.start)  # "9:30 Talk" ends when the next row begins
        end, note = plausible_end(found.start, found.end)
        block = _block(cells, index, row_line, _row_day(row, cells) or day, found.start, end)
        blocks += [replace(block, note=note)] if block else []
    return TableResult(tuple(blocks), tuple(skipped), after)


def _text(cell: Any) -> str:
    return plain(str(cell.value)) if cell is not None else ""


def _row_day(row: list[Any], cells: dict[str, Any]) -> date | None:
    """The day a row names in a cell of its own ("Monday | 16.11.2015 | 9:00 - 18:00 | Code Camp")."""
    used = {id(cell) for cell in cells.values()}
    for cell in row:
        found = find_dates(_text(cell), None) if cell is not None and id(cell) not in used else None
        if found is not None:
            return found.dates[0]
    return None


def plausible_end(start: time, end: time | None) -> tuple[time | None, str | None]:
    """The end of a block, with "10:30 AM - 11:30 PM" read as the slip it is: no block of a day's
    schedule runs twelve hours or more, so the end is taken twelve hours earlier (and said so)."""
    if end is None or (end.hour - start.hour) * 60 + end.minute - start.minute < _IMPLAUSIBLE_MINUTES:
        return end, None
    earlier = time(end.hour - 12, end.minute)
    if earlier <= start:
        return end, None
    return earlier, f"the page says it ends at {end:%H:%M}, a twelve-hour slip: read as {earlier:%H:%M}"


def _roles(header: list[Any], rows: list[list[Any]]) -> dict[str, int]:
    """Which column holds what: {"time": 0, "title": 1, "moderators": 2}, by the header's words;
    without a word for them, the times are the column of times and the title the first column of text."""
    roles: dict[str, int] = {}
    for column, cell in enumerate(header):
        text = plain(str(cell.value)).casefold() if cell is not None else ""
        for role, pattern in ROLES:
            if role not in roles and re.match(rf"(?:{pattern})\b", text):
                roles[role] = column
                break
    columns = range(len(header))
    if "time" not in roles:
        timed = [c for c in columns if c not in roles.values() and _share(rows, c, lambda t: find_range(t) is not None)]
        roles.update({"time": timed[0]} if timed else {})
    if "time" in roles and "end" not in roles:  # "9:00 || 9:15 || Welcome": the next column of times ends it
        after = roles["time"] + 1
        if after not in roles.values() and _share(rows, after, lambda t: find_range(t) is not None):
            roles["end"] = after
    if "title" not in roles:
        taken = {roles.get(role) for role in ("time", "end", "moderators", "room", "track")}
        texts = [c for c in columns if c not in taken and _share(rows, c, lambda t: bool(t) and not find_range(t))]
        if texts:
            roles["title"] = texts[0]
            if roles.get("description") in (texts[0], None):  # "time || description || comments"
                roles.pop("description", None)
                roles.update({"subtitle": texts[1]} if len(texts) > 1 else {})
    return roles


def _share(rows: list[list[Any]], column: int, test: Callable[[str], bool]) -> bool:
    """Whether most rows' cell in `column` passes `test`."""
    texts = [plain(str(row[column].value)) for row in rows if column < len(row) and row[column] is not None]
    return bool(texts) and sum(map(test, texts)) * 2 > len(texts)


def _block(
    cells: dict[str, Any], index: LineIndex, line: int, day: date | None, start: time, end: time | None
) -> DraftBlock | None:
    title, topics = _title_and_topics(cells["title"], index) if "title" in cells else ("", ())
    if not title:
        return None

    def text(role: str) -> str | None:
        return plain(str(cells[role].value)) or None if role in cells else None

    moderators = split_names(str(cells["moderators"].value)) if "moderators" in cells else ()
    title, description = _with_subtitle(title, text("subtitle"), text("description"))
    written = _ROOM.search(description or "") if "room" not in cells else None
    room = text("room") if not _NO_ROOM.match(text("room") or "") else None
    room = room or (written["named"] or written["code"] if written else None)
    return DraftBlock(
        title, line, start, end, day, moderators, room=room, track=text("track"),
        description=description, topics=topics,
    )  # fmt: skip


def _with_subtitle(title: str, subtitle: str | None, description: str | None) -> tuple[str, str | None]:
    """Title and description when the columns were found by what they hold: a one- or two-word
    title ("meeting") is completed by the next column ("meeting: daily summary (plenary)"); a
    talk whose next column says it is a meal ("(*) working lunch onsite, ...") is that meal's talk."""
    if subtitle is None:
        return title, description
    meal = _MEAL.match(subtitle)
    if meal and meal["meal"].casefold() not in title.casefold():
        return f"{meal['meal'][0].upper()}{meal['meal'][1:]}: {title}", subtitle
    if len(title.split()) <= _SHORT_TITLE and not subtitle.startswith("(") and not _BREAK.match(title):
        return f"{title}: {subtitle}", description
    return title, description or subtitle


def _title_and_topics(cell: Any, index: LineIndex) -> tuple[str, tuple[DraftTopic, ...]]:
    """The cell's text outside any list is the title; its lists are the topics."""
    value = str(cell.value)
    lines = [line for line in value.splitlines() if not line.lstrip().startswith(("*", "#"))]
    items = tuple(item for wikilist in cell.get_lists() for item in list_items(wikilist, index))
    return plain(" ".join(lines)), topics_of(items)
