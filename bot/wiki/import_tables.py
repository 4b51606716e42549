"""Schedules written as wikitables: one row per block, columns found by their header names.

The header row names the columns in many ways ("Time", "When", "Session", "Topic", "Speaker",
"Chair", "Moderator", "Room"); they are matched case-insensitively by their first word. A row
without a time cannot become a session and is reported; a row that is a break is left out.
A list inside the session cell holds the block's topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from bot.wiki.import_dates import find_range
from bot.wiki.import_model import DraftBlock, DraftTopic
from bot.wiki.import_people import split_names
from bot.wiki.import_text import LineIndex, Skipped, list_items, plain
from bot.wiki.import_topics import topics_of

ROLES = (
    ("time", r"time|when|hours?|slot"),
    ("title", r"sessions?|topics?|title|talks?|what|subject|activity|item|agenda|block"),
    ("moderators", r"speakers?|chairs?|moderators?|presenters?|leads?|hosts?|who|owners?|facilitators?|by"),
    ("room", r"rooms?|where|location|venue"),
    ("track", r"tracks?"),
    ("description", r"notes?|descriptions?|details|comments?|abstract"),
)
_BREAK = re.compile(r"^(?:coffee|tea|lunch|dinner|breakfast|snacks?|break)(?:\s*(?:break|&|and|time))*\W*$", re.I)


@dataclass(frozen=True)
class TableResult:
    """The blocks of one schedule table, the rows it could not read, and the time its last block ends."""

    blocks: tuple[DraftBlock, ...]
    skipped: tuple[Skipped, ...]
    after: time | None


def read_table(table: Any, index: LineIndex, day: date | None, after: time | None) -> TableResult:
    """The blocks of a schedule table; a table without Time and Session columns is reported whole."""
    rows = [row for row in table.cells() if row and any(cell is not None for cell in row)]
    roles = _roles(rows[0]) if rows else {}
    if "time" not in roles or "title" not in roles:
        return TableResult((), (Skipped(index.line(table.span[0]), "a table without Time and Session columns"),), after)
    blocks: list[DraftBlock] = []
    skipped: list[Skipped] = []
    for row in rows[1:]:
        cells = {role: row[column] for role, column in roles.items() if column < len(row) and row[column] is not None}
        row_line = index.line(next(cell for cell in row if cell is not None).span[0])
        found = find_range(plain(str(cells["time"].value)), after) if "time" in cells else None
        if found is None:
            texts = [plain(str(cell.value)) for cell in row if cell is not None]
            skipped.append(Skipped(row_line, " | ".join(text for text in texts if text)))
            continue
        after = found.start  # not the end: parallel rows start at the same time
        if blocks and blocks[-1].end is None and found.start > blocks[-1].start:
            blocks[-1] = replace(blocks[-1], end=found.start)  # "9:30 Talk" ends when the next row begins
        block = _block(cells, index, row_line, day, found.start, found.end)
        blocks += [block] if block else []
    return TableResult(tuple(blocks), tuple(skipped), after)


def _roles(header: list[Any]) -> dict[str, int]:
    """Which column holds what: {"time": 0, "title": 1, "moderators": 2}."""
    roles: dict[str, int] = {}
    for column, cell in enumerate(header):
        text = plain(str(cell.value)).casefold() if cell is not None else ""
        for role, pattern in ROLES:
            if role not in roles and re.match(rf"(?:{pattern})\b", text):
                roles[role] = column
                break
    return roles


def _block(
    cells: dict[str, Any], index: LineIndex, line: int, day: date | None, start: time, end: time | None
) -> DraftBlock | None:
    title, topics = _title_and_topics(cells["title"], index) if "title" in cells else ("", ())
    if not title or _BREAK.match(title):
        return None

    def text(role: str) -> str | None:
        return plain(str(cells[role].value)) or None if role in cells else None

    moderators = split_names(str(cells["moderators"].value)) if "moderators" in cells else ()
    return DraftBlock(
        title, line, start, end, day, moderators, room=text("room"), track=text("track"),
        description=text("description"), topics=topics,
    )  # fmt: skip


def _title_and_topics(cell: Any, index: LineIndex) -> tuple[str, tuple[DraftTopic, ...]]:
    """The cell's text outside any list is the title; its lists are the topics."""
    value = str(cell.value)
    lines = [line for line in value.splitlines() if not line.lstrip().startswith(("*", "#"))]
    items = tuple(item for wikilist in cell.get_lists() for item in list_items(wikilist, index))
    return plain(" ".join(lines)), topics_of(items)
