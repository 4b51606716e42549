"""Reading a page section by section: which section holds what, and what each kind yields.

Sections are recognised by their headings ("List of attendees", "Participants", "Topics to
discuss", "Agenda", "Moderators", "See also"), case-insensitively. A heading with a date ("Day 1:
Monday 14 October") is a day of the agenda; inside the agenda, a heading with a time is a block.
Whatever a section holds that its reader cannot use is reported, with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.wiki.import_agenda import AgendaReader
from bot.wiki.import_dates import When, find_dates, find_range, read_when
from bot.wiki.import_event import DayFact, read_where
from bot.wiki.import_model import DraftAttendee, DraftLink, DraftProposal, DraftVenue
from bot.wiki.import_people import read_attendee
from bot.wiki.import_text import (
    LineIndex,
    ListItem,
    ListPiece,
    Piece,
    ProsePiece,
    Skipped,
    TablePiece,
    external_links,
    key_line,
    plain,
)
from bot.wiki.lines import parse_proposal_line

KINDS = (
    ("proposal", r"(?:the\s+)?(?:mini-?\s?summit\s+|event\s+)?proposal"),
    ("moderators", r"(?:session\s+)?(?:moderators|chairs|facilitators)"),
    (
        "attendees",
        r"(?:list\s+of\s+)?(?:attendees|participants|attendance|people attending|who is (?:coming|attending))",
    ),
    ("topics", r"(?:proposed\s+|suggested\s+|discussion\s+)?(?:topics(?:\s+to\s+discuss)?|talks|ideas|proposals)"),
    ("agenda", r"(?:draft\s+|tentative\s+)?(?:agenda|schedule|programme|program|timetable)"),
    ("links", r"see also|(?:external\s+)?links|references|related pages"),
    ("venue", r"venue|location|where|logistics"),
)
WHEN_KEYS = {"when", "date", "dates", "time", "hours"}
WHERE_KEYS = {"where", "venue", "location", "place"}
_PLACEHOLDER = re.compile(r"^(?:more|others?|add (?:more|yours?|your own)[\w ]*|etc|tbd|\.+|…)\W*$", re.IGNORECASE)
_URL = re.compile(r"^(https?|mailto|irc|ircs|xmpp|matrix):\S+$")


@dataclass(frozen=True)
class Section:
    """One heading of the page (level 0 for the lead) and the pieces under it."""

    title: str
    wikitext: str
    level: int
    line: int
    pieces: list[Piece]


def section_kind(title: str) -> str | None:
    """What a section holds, from its heading; None for a heading the importer does not know."""
    text = title.strip().rstrip(":").strip().casefold()
    for kind, pattern in KINDS:
        if re.fullmatch(pattern, text):
            return kind
    return None


class PageReader:
    """Collects what the sections of one page say, in page order."""

    def __init__(self, index: LineIndex, year: int | None) -> None:
        self.year = year
        self.agenda = AgendaReader(index)
        self.paragraphs: list[str] = []
        self.when: When | None = None
        self.facts: list[DayFact] = []
        self.venue: DraftVenue | None = None
        self.proposal_url: str | None = None
        self.see_also: list[DraftLink] = []
        self.attendees: list[tuple[int, DraftAttendee]] = []
        self.proposals: list[DraftProposal] = []
        self.moderator_pieces: list[Piece] = []
        self.skipped: list[Skipped] = []

    def read(self, sections: list[Section]) -> None:
        """Read every section; an agenda runs from its heading to the next heading as high."""
        agenda_level: int | None = None
        day: date | None = None
        for section in sections:
            if section.level == 0:
                self._lead(section.pieces)
                continue
            if agenda_level is not None and section.level <= agenda_level:
                agenda_level, day = None, None
            found = find_dates(section.title, self.year)
            kind = section_kind(section.title)
            if found is not None:
                agenda_level = section.level if agenda_level is None else agenda_level
                day = found.dates[0]
                hours = find_range(section.title[: found.span[0]] + " " + section.title[found.span[1] :])
                start, end = (hours.start, hours.end) if hours else (None, None)
                self.facts += [DayFact(each, start, end) for each in found.dates]
                self._agenda(section.pieces, day)
            elif kind == "agenda":
                agenda_level = section.level
                self._agenda(section.pieces, day)
            elif agenda_level is not None and self.agenda.heading(section.wikitext, section.line, day):
                self._agenda(section.pieces, day)
            elif agenda_level is not None and kind is None:
                self.skipped.append(Skipped(section.line, section.title))
                self._agenda(section.pieces, day)
            else:
                self._section(kind, section)

    def _section(self, kind: str | None, section: Section) -> None:
        readers = {
            "proposal": self._proposal,
            "attendees": self._attendees,
            "topics": self._topics,
            "links": self._links,
            "venue": self._venue,
        }
        if kind == "moderators":
            self.moderator_pieces += section.pieces
        elif kind in readers:
            readers[kind](section.pieces)
        else:
            self.skipped.append(Skipped(section.line, section.title))
            self.skipped += [skipped for piece in section.pieces for skipped in _all_lines(piece)]

    def _lead(self, pieces: list[Piece]) -> None:
        """The text before the first heading: When/Where lines, and the event's description."""
        previous = -1
        for piece in pieces:
            if isinstance(piece, ProsePiece) and not self._fact(piece.text, None):
                text = plain(piece.text)
                if not text:
                    self.skipped.append(Skipped(piece.line, piece.text))
                elif piece.line == previous + 1 and self.paragraphs:
                    self.paragraphs[-1] += " " + text
                else:
                    self.paragraphs.append(text)
                previous = piece.line
            elif isinstance(piece, ListPiece):
                unused = [item for item in piece.items if not self._fact(item.text, None)]
                self.skipped += [Skipped(item.line, plain(item.text)) for item in unused]
            elif isinstance(piece, TablePiece):
                self.skipped += _all_lines(piece)

    def _fact(self, wikitext: str, day: date | None) -> bool:
        """Take a "When:", "Where:" or "Proposal:" line; False when it is none of them."""
        keyed = key_line(plain(wikitext))
        if keyed is None:
            return False
        key, value = keyed
        if key in WHEN_KEYS and day is not None:
            hours = find_range(value)
            self.facts += [DayFact(day, hours.start, hours.end)] if hours and hours.end else []
            return hours is not None
        if key in WHEN_KEYS:
            return self._take_when(value)
        if key in WHERE_KEYS and day is not None:
            self.facts.append(DayFact(day, venue=value))
            return True
        if key in WHERE_KEYS:
            announced = value.casefold() != "to be announced"  # as the bot writes a venue it does not know yet
            self.venue = read_where(value) if announced else self.venue
            return True
        return key == "proposal" and self._take_proposal(wikitext)

    def _take_when(self, value: str) -> bool:
        """A "When:" line gives the dates and maybe the hours; a "Time:" line may give only the hours."""
        when = read_when(value, self.year)
        if when is None:
            hours = find_range(value)
            when = When((), hours.start, hours.end) if hours and hours.end else None
        if when is None:
            return False
        known = self.when or When(())
        self.when = When(when.dates or known.dates, when.start or known.start, when.end or known.end)
        return True

    def _agenda(self, pieces: list[Piece], day: date | None) -> None:
        for piece in self.agenda.read(pieces, day):
            if not self._fact(piece.text, day):
                self.skipped.append(Skipped(piece.line, plain(piece.text) or piece.text))

    def _proposal(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            texts = [piece.text] if isinstance(piece, ProsePiece) else [i.text for i in _items(piece)]
            if not any(self._take_proposal(text) for text in texts):
                self.skipped += _all_lines(piece)

    def _take_proposal(self, wikitext: str) -> bool:
        links = [url for url, _ in external_links(wikitext) if _URL.match(url)]
        if links and self.proposal_url is None:
            self.proposal_url = links[0]
        return bool(links)

    def _attendees(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            if not isinstance(piece, ListPiece):
                self.skipped += _all_lines(piece)
                continue
            for item in piece.items:
                attendee = read_attendee(item)
                if attendee is None:
                    self.skipped.append(Skipped(item.line, plain(item.text) or item.text))
                else:
                    self.attendees.append((item.line, attendee))

    def _topics(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            if not isinstance(piece, ListPiece):
                self.skipped += _all_lines(piece)
                continue
            for item in piece.items:
                own = parse_proposal_line(item.text)  # the bot's own line, with its remarks
                title = own.title if own else plain(item.text)
                if own is None and (not title or _PLACEHOLDER.match(title)):
                    self.skipped.append(Skipped(item.line, title or item.text))
                    continue
                details = "; ".join(plain(child.text) for child in _flatten(item.children)) or None
                number, votes, where = len(self.proposals) + 1, own.votes if own else 0, own.where if own else None
                self.proposals.append(DraftProposal(f"T{number}", title, details, votes, where))

    def _links(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            texts = [(piece.line, piece.text)] if isinstance(piece, ProsePiece) else []
            texts += [(item.line, item.text) for item in _items(piece)]
            for line, wikitext in texts:
                links = [(url, title) for url, title in external_links(wikitext) if _URL.match(url)]
                self.see_also += [DraftLink(url, title) for url, title in links]
                if not links and plain(wikitext):
                    why = " (a link to a wiki page: write its full address)" if "[[" in wikitext else ""
                    self.skipped.append(Skipped(line, plain(wikitext) + why))
                elif not links:
                    self.skipped.append(Skipped(line, wikitext))

    def _venue(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            if isinstance(piece, ProsePiece) and not self._fact(piece.text, None) and self.venue is None:
                self.venue = read_where(plain(piece.text))
            elif not isinstance(piece, ProsePiece):
                self.skipped += _all_lines(piece)


def _items(piece: Piece) -> list[ListItem]:
    return list(_flatten(piece.items)) if isinstance(piece, ListPiece) else []


def _flatten(items: tuple[ListItem, ...]) -> list[ListItem]:
    return [each for item in items for each in (item, *_flatten(item.children))]


def _all_lines(piece: Piece) -> list[Skipped]:
    """Every line of a piece, reported as not understood."""
    if isinstance(piece, ProsePiece):
        return [Skipped(piece.line, plain(piece.text) or piece.text)]
    if isinstance(piece, ListPiece):
        return [Skipped(item.line, plain(item.text) or item.text) for item in _flatten(piece.items)]
    return [Skipped(piece.line, "a table")]
