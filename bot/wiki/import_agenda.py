"""The agenda of a page: blocks written as nested lists, as headings or as tables; topics; moderators.

A top-level list item with a time ("* Namespaces/Containers (8:30am-11am)") opens a block and
the items nested under it are its topics, to any depth; a "Moderator: X" or "Chair: X" item among
them names the block's moderators instead. When a paragraph interrupts the list, the deeper items
after it still belong to the last block. Breaks ("Lunch (12:30-13:30)") are not sessions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time

from bot.wiki.import_dates import find_dates, find_range
from bot.wiki.import_model import DraftBlock, DraftTopic
from bot.wiki.import_people import split_names
from bot.wiki.import_tables import read_table
from bot.wiki.import_text import (
    LineIndex,
    ListItem,
    ListPiece,
    Piece,
    ProsePiece,
    Skipped,
    TablePiece,
    plain,
)
from bot.wiki.import_topics import topics_of
from bot.wiki.lines import BlockLine, parse_block, parse_zone

_BREAK = re.compile(r"^(?:coffee|tea|lunch|dinner|breakfast|snacks?|break)(?:\s*(?:break|&|and|time))*\W*$", re.I)
_MODERATOR_LINE = re.compile(
    r"^\s*(?:session\s+)?(?:moderators?|chairs?|chaired by|moderated by|led by|facilitators?|hosts?)"
    r"\s*[:\-–]\s*(?P<names>.+)$",
    re.IGNORECASE,
)
_MATCH_THRESHOLD = 0.5
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.IGNORECASE)
_SPEAKERS = re.compile(r"^(?P<marker>\(\*+\)|\*+|\[\d+\])?\s*(?:the\s+)?speakers?\b[^:]*:\s*$", re.IGNORECASE)


class AgendaReader:
    """Collects the blocks of a page's agenda, section by section, in page order."""

    def __init__(self, index: LineIndex, year: int | None = None) -> None:
        self.index = index
        self.year = year
        self.dated: list[date] = []  # the days of "Tuesday 5th October 2010" lines, each heading what follows it
        self.blocks: list[DraftBlock] = []
        self.skipped: list[Skipped] = []
        self._after: dict[date | None, time] = {}
        self._heading_open = False  # the last block came from a heading: plain items are its topics
        self._speakers_for: str | None = None  # a "speakers ... include:" line was read: the marker it opens with
        self.affiliations: dict[str, str] = {}  # of the speakers

    def read(self, pieces: list[Piece], day: date | None) -> list[ProsePiece]:
        """Read the lists and tables of an agenda section; returns the prose lines it could not use."""
        leftover = []
        for piece in pieces:
            if isinstance(piece, ProsePiece) and (line_day := date_line(plain(piece.text), self.year)) is not None:
                day = line_day
                self.dated.append(day)
            elif isinstance(piece, ListPiece) and self._speakers_for is not None:
                self._speakers(piece.items, self._speakers_for)
            elif isinstance(piece, ListPiece):
                self._list(piece.items, day)
            elif isinstance(piece, TablePiece):
                self._heading_open = False
                found = read_table(piece.table, self.index, day, self._after.get(day))
                if day is None and self._repeats(found.blocks):
                    self.skipped.append(Skipped(piece.line, "a table repeating the daily schedule: no blocks added"))
                    continue
                self.blocks.extend(found.blocks)
                self.skipped.extend(found.skipped)
                if found.after:
                    self._after[day] = found.after
            elif (intro := _SPEAKERS.match(plain(piece.text))) is not None:
                self._speakers_for = intro["marker"] or ""
            elif not self._moderator_line(piece.text) and parse_zone(piece.text) is None:
                leftover.append(piece)  # the bot's own zone line gives the event's zone (import_zones)
        return leftover

    def _speakers(self, items: tuple[ListItem, ...], marker: str) -> None:
        """The speakers a "(*) speakers for the working lunch include:" list names, for the block
        marked "(*)" (or the last block): each "Name, Affiliation (what they do)"."""
        self._speakers_for = None
        marked = [n for n, block in enumerate(self.blocks) if marker and marker in (block.description or block.title)]
        number = marked[-1] if marked else len(self.blocks) - 1
        names = []
        for item in items:
            name, _, rest = re.sub(r"\([^)]*\)", "", plain(item.text)).partition(",")
            if name.strip() and len(name.split()) <= 5:
                names.append(name.strip())
                self.affiliations.update({name.strip(): rest.strip()} if rest.strip() else {})
        if number >= 0:
            block = self.blocks[number]
            self.blocks[number] = replace(block, speakers=tuple(dict.fromkeys((*block.speakers, *names))))

    def _repeats(self, blocks: tuple[DraftBlock, ...]) -> bool:
        """Whether a schedule without a day only repeats blocks the days' own schedules already have."""
        dated = {(block.start, block.end, block.title.casefold()) for block in self.blocks if block.day}
        return bool(blocks and dated) and all((b.start, b.end, b.title.casefold()) in dated for b in blocks)

    def heading(self, wikitext: str, line: int, day: date | None) -> bool:
        """Open a block for a heading with a time ("=== Namespaces (8:30-11:00) ==="); False if it has none."""
        text = plain(wikitext)
        found = find_range(text, self._after.get(day))
        if found is None:
            return False
        self._after[day] = found.start
        self._close(day, found.start)
        title = _title(text, found.span)
        if title and not _BREAK.match(title):
            self.blocks.append(DraftBlock(title, line, found.start, found.end, day))
            self._heading_open = True
        return True

    def _list(self, items: tuple[ListItem, ...], day: date | None) -> None:
        for item in items:
            own = parse_block(item.text)
            if own is not None and own.id is not None:
                self._own_block(own, item, day)
            else:
                self._written_block(own, item, day)

    def _own_block(self, own: BlockLine, item: ListItem, day: date | None) -> None:
        """A block line as the bot writes it (with its anchor): the items under it are all topics."""
        self._open(day, own.start)
        topics = topics_of(item.children)
        self.blocks.append(
            DraftBlock(own.title, item.line, own.start, own.end, day, own.moderators, own.room, topics=topics,
                       id=own.id, minutes=own.minutes)
        )  # fmt: skip

    def _written_block(self, own: BlockLine | None, item: ListItem, day: date | None) -> None:
        """A block line as people write it; when it reads as the bot's grammar too, its title, room and
        moderators come from that, its times from the page's context ("1:30-2:30" after 11:00 is p.m.)."""
        text = plain(item.text)
        found = find_range(text, self._after.get(day)) if text else None
        span = (found.start, found.end) if found else (own.start, own.end) if own else None
        if span is None:
            self._untimed(item, text)
            return
        start, end = span
        self._open(day, start)
        title = own.title if own else _title(text, found.span) if found else ""
        if not title or _BREAK.match(title):
            return
        moderators, topics = _children(item.children)
        moderators = tuple(dict.fromkeys((*(own.moderators if own else ()), *moderators)))
        room = own.room if own else None
        self.blocks.append(DraftBlock(title, item.line, start, end, day, moderators, room, topics=topics))

    def _open(self, day: date | None, start: time) -> None:
        """A block begins at `start`: the one before it ends there if it had no end."""
        self._after[day] = start
        self._close(day, start)
        self._heading_open = False

    def _close(self, day: date | None, start: time) -> None:
        """A block written without an end ("9:30 Talk") ends when the next block or break begins."""
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.day == day and last.end is None and start > last.start:
            self.blocks[-1] = replace(last, end=start)

    def _untimed(self, item: ListItem, text: str) -> None:
        """An item without a time: the rest of the last block, a moderator line, or not understood."""
        if (not text or self._heading_open) and self.blocks:
            moderators, topics = _children((item,) if text else item.children)
            self._extend(moderators, topics)
        elif not (text and self._moderator_line(text)):
            under = f" (and {_count(item.children)} items under it)" if item.children else ""
            self.skipped.append(Skipped(item.line, f"{text or '(empty item)'}{under}"))

    def _moderator_line(self, text: str) -> bool:
        match = _MODERATOR_LINE.match(plain(text))
        if not match or not self.blocks:
            return False
        self._extend(split_names(match["names"]), ())
        return True

    def _extend(self, moderators: tuple[str, ...], topics: tuple[DraftTopic, ...]) -> None:
        last = self.blocks[-1]
        merged = tuple(dict.fromkeys((*last.moderators, *moderators)))
        self.blocks[-1] = replace(last, moderators=merged, topics=last.topics + topics)


def _children(items: tuple[ListItem, ...]) -> tuple[tuple[str, ...], tuple[DraftTopic, ...]]:
    """The moderators named among a block's items, and the rest of them as topics."""
    moderators: list[str] = []
    rest = []
    for item in items:
        match = _MODERATOR_LINE.match(plain(item.text))
        if match:
            moderators.extend(split_names(match["names"]))
        else:
            rest.append(item)
    return tuple(dict.fromkeys(moderators)), topics_of(tuple(rest))


def _count(items: tuple[ListItem, ...]) -> int:
    return sum(1 + _count(item.children) for item in items)


def _title(text: str, span: tuple[int, int]) -> str:
    """The text without its time range, empty brackets and the separators around them."""
    title = text[: span[0]] + " " + text[span[1] :]
    title = re.sub(r"\(\s*\)|\[\s*\]", " ", title)
    return " ".join(title.split()).strip(" -–—:,;|")


def read_moderators(pieces: list[Piece]) -> tuple[list[tuple[int, str, tuple[str, ...]]], list[Skipped]]:
    """The lines of a "Moderators" section: (line, block title, names), and the lines that are not."""
    entries, skipped = [], []
    lines = [(item.line, item.text) for piece in pieces if isinstance(piece, ListPiece) for item in piece.items]
    lines += [(piece.line, piece.text) for piece in pieces if isinstance(piece, ProsePiece)]
    for line, wikitext in sorted(lines):
        title, colon, names = plain(wikitext).partition(":")
        people = split_names(names) if colon else ()
        if people and title.strip():
            entries.append((line, title.strip(), people))
        else:
            skipped.append(Skipped(line, plain(wikitext)))
    return entries, skipped


def assign_moderators(
    blocks: list[DraftBlock], entries: list[tuple[int, str, tuple[str, ...]]]
) -> tuple[list[DraftBlock], list[Skipped]]:
    """Give each block the moderators its line names, matching titles loosely; unmatched lines are returned."""
    blocks, skipped = list(blocks), []
    for line, title, names in entries:
        number = _best_block(title, blocks)
        if number is None:
            skipped.append(Skipped(line, f"{title}: {', '.join(names)} (no block with that title)"))
            continue
        block = blocks[number]
        blocks[number] = replace(block, moderators=tuple(dict.fromkeys((*block.moderators, *names))))
    return blocks, skipped


def _best_block(title: str, blocks: list[DraftBlock]) -> int | None:
    """The one block whose title shares the most words with `title` ("Cgroups and resource management")."""
    wanted = _words(title)
    scores = []
    for number, block in enumerate(blocks):
        words = _words(block.title)
        union = wanted | words
        overlap = len(wanted & words) / len(union) if union else 0.0
        if wanted and (wanted <= words or words <= wanted):
            overlap = max(overlap, 0.9)
        scores.append((overlap, number))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < _MATCH_THRESHOLD or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def _words(title: str) -> set[str]:
    words = re.sub(r"[^\w]+", " ", title.casefold().replace("+", " ").replace("&", " ")).split()
    return {word for word in words if word not in {"and", "the", "of", "a", "session", "block"}}


def date_line(text: str, year: int | None) -> date | None:
    """The day a line that is only a date names ("Tuesday 5th October 2010", "Day 2: 6 Oct"); None otherwise."""
    found = find_dates(text, year)
    if found is None or len(found.dates) != 1:
        return None
    rest = _WEEKDAY.sub(" ", text[: found.span[0]] + " " + text[found.span[1] :])
    rest = re.sub(r"\bday\s*\d*\b", " ", rest, flags=re.IGNORECASE)
    return found.dates[0] if not re.search(r"\w", rest) else None
