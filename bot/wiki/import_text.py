"""Wikitext as the importer reads it: line numbers, plain text, and a section cut into pieces.

A section is read as an ordered run of pieces: lists (as trees of items, nested to any depth),
tables, and prose lines. Keeping them in page order matters: a paragraph in the middle of an
agenda list splits it in two, and the second half still belongs to the last block.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

import wikitextparser as wtp

from bot.wiki.escape import plain_text

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.IGNORECASE | re.DOTALL)
_CATEGORY = re.compile(r"\[\[\s*:?\s*category\s*:[^\]]*\]\]", re.IGNORECASE)
_MAGIC = re.compile(r"__[A-Z]+__")
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
# Lines that carry no content of their own: blank, a comment, a magic word such as __TOC__.
_SILENT = re.compile(r"^\s*(__[A-Z]+__\s*)*$")
_KEY_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Skipped:
    """A line of the page the importer could not place."""

    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}"


@dataclass(frozen=True)
class ListItem:
    """One item of a wiki list: its wikitext (without the `*`/`#` marker) and the items under it."""

    text: str
    line: int
    children: tuple[ListItem, ...] = ()


@dataclass(frozen=True)
class ListPiece:
    """A run of list items (top level of one list)."""

    items: tuple[ListItem, ...]
    line: int


@dataclass(frozen=True)
class TablePiece:
    """A wikitable, kept as the parser's object for the schedule reader."""

    table: Any
    line: int


@dataclass(frozen=True)
class ProsePiece:
    """A line of running text."""

    text: str
    line: int


Piece = ListPiece | TablePiece | ProsePiece


class LineIndex:
    """Turns character offsets of the page into 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def line(self, offset: int) -> int:
        """The line holding the character at `offset`."""
        return bisect.bisect_right(self._starts, offset)


def plain(wikitext: str) -> str:
    """The text a reader sees: markup, links, templates and references gone, entities decoded."""
    text = _BREAK.sub(" ", wikitext)
    return plain_text(_REF.sub("", _CATEGORY.sub("", _MAGIC.sub("", text))))


def key_line(text: str) -> tuple[str, str] | None:
    """("when", "22nd of July 2008") for a "When: ..." line (plain text), else None."""
    match = _KEY_LINE.match(text)
    if not match:
        return None
    return match["key"].strip().casefold(), match["value"].strip()


def section_pieces(section: Any, index: LineIndex) -> list[Piece]:
    """The lists, tables and prose lines of one section (without its heading), in page order."""
    start, end = section.span
    body_start = start + len(section.string) - len(section.contents)
    tables = [table for table in section.get_tables() if body_start <= table.span[0] < end]
    covered = [tuple(table.span) for table in tables]
    pieces: list[Piece] = [TablePiece(table, index.line(table.span[0])) for table in tables]
    for wikilist in section.get_lists():
        if any(low <= wikilist.span[0] < high for low, high in covered):
            continue  # a list inside a table cell belongs to that cell
        covered.append(tuple(wikilist.span))
        pieces.append(ListPiece(list_items(wikilist, index), index.line(wikilist.span[0])))
    pieces.extend(_prose(section.string, start, body_start - start, covered, index))
    return sorted(pieces, key=lambda piece: piece.line)


def list_items(wikilist: Any, index: LineIndex) -> tuple[ListItem, ...]:
    """The items of a parsed wiki list, each with the items nested under it.

    The sublists are found once for the whole list and given to the item whose text holds them:
    asking wikitextparser item by item (`sublists(i)`) searches the whole list each time, which
    made a list of 8,000 attendees take minutes.
    """
    sublists = iter(wikilist.sublists())  # in page order
    pending = next(sublists, None)
    offset, items = wikilist.span[0], []
    for text, full in zip(wikilist.items, wikilist.fullitems, strict=True):
        end, subs = offset + len(full), []
        while pending is not None and pending.span[0] < end:
            if pending.span[0] >= offset:
                subs.append(pending)
            pending = next(sublists, None)
        children = tuple(child for sub in subs for child in list_items(sub, index))
        items.append(ListItem(str(text).strip(), index.line(offset), children))
        offset = end
    return tuple(items)


def _prose(string: str, base: int, skip: int, covered: list[tuple[int, int]], index: LineIndex) -> list[ProsePiece]:
    """The lines of `string` (at offset `base` of the page) that no list or table covers."""
    pieces, offset = [], base
    uncommented = _COMMENT.sub(lambda match: " " * len(match.group()), string)
    for raw in uncommented.splitlines(keepends=True):
        here, offset = offset, offset + len(raw)
        if here - base < skip or any(low <= here < high for low, high in covered):
            continue
        if not _SILENT.match(raw):
            pieces.append(ProsePiece(raw.strip(), index.line(here)))
    return pieces


def external_links(wikitext: str) -> list[tuple[str, str | None]]:
    """The (url, text) of every external link, bracketed or bare, in order."""
    return [(str(link.url), str(link.text).strip() or None if link.text else None) for link in _links(wikitext)]


def _links(wikitext: str) -> list[Any]:
    return list(wtp.parse(wikitext).external_links)


def user_links(wikitext: str) -> list[tuple[str, str]]:
    """(wiki user, shown name) of every [[User:X|Name]] link, in order."""
    found = []
    for link in wtp.parse(wikitext).wikilinks:
        namespace, _, user = str(link.title).partition(":")
        if namespace.strip().casefold() == "user" and user.strip():
            user = user.strip().split("/")[0]
            found.append((user, plain(str(link.text)) if link.text else user))
    return found


def with_user_names(wikitext: str) -> str:
    """The wikitext with every bare [[User:X]] link given its text, so that it reads as "X"."""
    parsed = wtp.parse(wikitext)
    for link in parsed.wikilinks:
        namespace, _, user = str(link.title).partition(":")
        if namespace.strip().casefold() == "user" and user.strip() and not link.text:
            link.text = user.strip().split("/")[0]
    return str(parsed.string)


def struck(wikitext: str) -> bool:
    """Whether the text holds struck-through markup (<s>, <del>, <strike>)."""
    return any(str(tag.name).casefold() in {"s", "del", "strike"} for tag in wtp.parse(wikitext).get_tags())


def bold_lead(wikitext: str) -> tuple[str, str] | None:
    """("Small namespaces", "What to do ...") for an item that opens with a bold phrase and goes on."""
    match = re.match(r"^\s*'''(?P<bold>[^']+?)'''\s*[:.\-–]?\s*(?P<rest>\S.*)$", wikitext, re.DOTALL)
    if not match:
        return None
    return plain(match["bold"]), plain(match["rest"])
