"""Reading a page section by section: which section holds what, and what each kind yields.

Sections are recognised by their headings ("List of attendees", "Participants", "Topics to
discuss", "Talks", "Agenda", "Dates", "Venue", "Hotel", "Host", "Tasks", "See also"),
case-insensitively. A heading with a date ("Day 1: Monday 14 October") is a day of the agenda;
inside the agenda, a heading with a time is a block. A page's one `= Title =` heading is its
title: what follows it is read as the lead. In any section, key lines ("When:", "Where:",
"Who:", "Organising committee: ...") are facts. Whatever a section holds that its reader cannot
use is reported, with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from bot.wiki.import_agenda import AgendaReader
from bot.wiki.import_dates import When, find_dates, find_range, read_when
from bot.wiki.import_event import DayFact, read_where
from bot.wiki.import_kinds import section_kind
from bot.wiki.import_readers import Findings, all_lines, items_of
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
from bot.wiki.import_venue import announced_place, meeting_room

_ANNOUNCEMENT = re.compile(r"\b(?:will\s+be|is|are|was|were)\s+held\b|\btakes?\s+place\b|\btook\s+place\b", re.I)
WHEN_KEYS = {"when", "date", "dates", "time", "hours"}
WHERE_KEYS = {"where", "venue", "location", "place"}
WHO_KEYS = {"who", "attendees", "participants", "registered", "attending", "people"}
WHAT_KEYS = {"what", "purpose", "goal", "goals", "about"}
_URL = re.compile(r"^(https?|mailto|irc|ircs|xmpp|matrix):\S+$")
# Sentences with dates that are not the event's days: travel, deadlines, what happened around it.
_NOT_EVENT_DAYS = re.compile(
    r"arriv|check-?out|depart|travel|unofficial|deadline|regist|weekend after|week after|week before|submi|until|since",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    """One heading of the page (level 0 for the lead) and the pieces under it."""

    title: str
    wikitext: str
    level: int
    line: int
    pieces: list[Piece]


class PageReader(Findings):
    """Collects what the sections of one page say, in page order."""

    def __init__(self, index: LineIndex, year: int | None) -> None:
        super().__init__(index, year)
        self.agenda = AgendaReader(index, year)
        self.paragraphs: list[str] = []
        self.when: When | None = None
        self.prose_dates: tuple[date, ...] = ()  # dates from the lead's sentences, when nothing else gives any
        self.facts: list[DayFact] = []
        self.proposal_url: str | None = None
        self.moderator_pieces: list[Piece] = []
        self._who_next = False  # the last line was a "Who:" label: the list after it names attendees

    def read(self, sections: list[Section]) -> None:
        """Read every section; an agenda runs from its heading to the next heading as high."""
        agenda_level: int | None = None
        day: date | None = None
        title_heading = _title_heading(sections)
        places: list[tuple[int, str]] = []  # the place sections open above this one: their subsections say where
        for section in sections:
            if section.level == 0 or section is title_heading:
                self._title_dates(section.title if section.level else "", section.line)
                self._lead(section.pieces)
                continue
            if agenda_level is not None and section.level <= agenda_level:
                agenda_level, day = None, None
            found = find_dates(section.title, self.year)
            kind = section_kind(section.title)
            places = [(level, held) for level, held in places if level < section.level]
            if kind is None and places and found is None:  # "=== The DESY campus ===" under "== Location =="
                kind = places[-1][1]
            places += [(section.level, kind)] if kind in ("venue", "hotel") else []
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
        readers: dict[str, Callable[[list[Piece]], None]] = {
            "proposal": self._proposal,
            "attendees": self.attendees_section,
            "organisers": self.organisers_section,
            "topics": self.topics_section,
            "links": self.links_section,
            "tasks": self.tasks_section,
            "when": self._when_section,
            "venue": partial(self.place_section, hotel=False),
            "hotel": partial(self.place_section, hotel=True),
        }
        if kind == "moderators":
            self.moderator_pieces += section.pieces
        elif kind in readers:
            readers[kind](section.pieces)
        else:
            self.skipped.append(Skipped(section.line, section.title))
            self._facts_only(section.pieces)

    def _facts_only(self, pieces: list[Piece]) -> None:
        """A section of another kind: its key lines are facts, the rest is reported."""
        for piece in pieces:
            if isinstance(piece, ListPiece) and self._who_next:
                self.attendee_items(piece.items)
            elif isinstance(piece, ListPiece):
                for item in piece.items:
                    if not self._item(item, None):
                        self.skipped += all_lines(ListPiece((item,), item.line))
            elif not (isinstance(piece, ProsePiece) and (_who_label(piece.text) or self._fact(piece.text, None))):
                self.skipped += all_lines(piece)
            self._who_next = isinstance(piece, ProsePiece) and _who_label(piece.text)

    def _item(self, item: ListItem, day: date | None) -> bool:
        """Take a list item that is a fact ("Who:" with the attendees under it, "When: ..."); False if not."""
        keyed = key_line(plain(item.text))
        if keyed is not None and keyed[0] in WHO_KEYS and (item.children or keyed[1]):
            self.attendee_items(item.children)
            self.organiser_line(item.text)
            return True
        return self._fact(item.text, day)

    def _title_dates(self, title: str, line: int) -> None:
        """The dates of the page's title heading ("EU-codefest 2012 was 19 and 20 July in Lodi Italy")."""
        found = find_dates(title, self.year) if title and not _NOT_EVENT_DAYS.search(title) else None
        if found is not None and self.when is None:
            self.when = When(found.dates)

    def _lead(self, pieces: list[Piece]) -> None:
        """The text before the first heading: When/Where lines, and the event's description."""
        previous = -1
        for piece in pieces:
            if isinstance(piece, ProsePiece) and _who_label(piece.text):
                pass  # the list after it names the attendees
            elif isinstance(piece, ProsePiece) and not self._fact(piece.text, None):
                text = plain(piece.text)
                self._prose_dates(text)
                self._announced_place(text)
                if not text:
                    self.skipped.append(Skipped(piece.line, piece.text))
                elif piece.line == previous + 1 and self.paragraphs:
                    self.paragraphs[-1] += " " + text
                else:
                    self.paragraphs.append(text)
                previous = piece.line
            elif isinstance(piece, ListPiece) and self._who_next:
                self.attendee_items(piece.items)
            elif isinstance(piece, ListPiece):
                unused = [item for item in piece.items if not self._item(item, None)]
                self.skipped += [Skipped(item.line, plain(item.text)) for item in unused]
            elif isinstance(piece, TablePiece):
                self.skipped += all_lines(piece)
            self._who_next = isinstance(piece, ProsePiece) and _who_label(piece.text)

    def _prose_dates(self, text: str) -> None:
        """The first sentence of the lead that dates the event ("took place on 19 and 20 July 2012")."""
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            found = find_dates(sentence, self.year)
            if found and not self.prose_dates and not _NOT_EVENT_DAYS.search(sentence):
                self.prose_dates = found.dates

    def _announced_place(self, text: str) -> None:
        """The venue a sentence of the lead names ("will be held at the ..."), when nothing else gives one."""
        place = announced_place(text) if self.venue is None else None
        if place is not None:
            self.venue, self.announced = place, True

    def _fact(self, wikitext: str, day: date | None) -> bool:
        """Take a "When:", "Where:", "What:", "Proposal:", organisers' or meeting room line; False if none."""
        text = plain(wikitext)
        if self.organiser_line(wikitext):
            return True
        room = meeting_room(text)
        if room is not None:
            if not self.meeting_room:
                self.venue, self.meeting_room = room, True
            return True
        keyed = key_line(text)
        return keyed is not None and self._key_fact(*keyed, wikitext, day)

    def _key_fact(self, key: str, value: str, wikitext: str, day: date | None) -> bool:
        """Take a "When: ...", "Where: ...", "What: ..." or "Proposal: ..." line; False for another key."""
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
            self.venue = read_where(value) if announced and not self.meeting_room else self.venue
            return True
        if key in WHAT_KEYS and value:
            self.paragraphs.append(value)
            return True
        return key == "proposal" and self._take_proposal(wikitext)

    def _when_section(self, pieces: list[Piece]) -> None:
        """A "Dates" section: its lines say when."""
        for piece in pieces:
            texts = [(piece.line, piece.text)] if isinstance(piece, ProsePiece) else []
            texts += [(item.line, item.text) for item in items_of(piece)]
            for line, wikitext in texts:
                if _NOT_EVENT_DAYS.search(plain(wikitext)) or not self._take_when(plain(wikitext)):
                    self.skipped.append(Skipped(line, plain(wikitext) or wikitext))
            self.skipped += all_lines(piece) if isinstance(piece, TablePiece) else []

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
        dated = len(self.agenda.dated)
        leftover = self.agenda.read(pieces, day)
        self.facts += [DayFact(each) for each in self.agenda.dated[dated:]]
        for piece in leftover:
            if not self._fact(piece.text, day):
                self.skipped.append(Skipped(piece.line, plain(piece.text) or piece.text))
        self.affiliations.update(self.agenda.affiliations)

    def _proposal(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            texts = [piece.text] if isinstance(piece, ProsePiece) else [i.text for i in items_of(piece)]
            if not any(self._take_proposal(text) for text in texts):
                self.skipped += all_lines(piece)

    def _take_proposal(self, wikitext: str) -> bool:
        links = [url for url, _ in external_links(wikitext) if _URL.match(url)]
        if links and self.proposal_url is None:
            self.proposal_url = links[0]
        return bool(links)


def _title_heading(sections: list[Section]) -> Section | None:
    """The page's own `= Title =`: its one level-1 heading, first on the page, of no known kind."""
    level_one = [section for section in sections if section.level == 1]
    first = next((section for section in sections if section.level > 0), None)
    if first is None or section_kind(first.title) is not None:
        return None
    if len(level_one) == 1 and first is level_one[0]:
        return first
    lead = sections[0] if sections[0].level == 0 else None
    if not level_one and (lead is None or not lead.pieces) and _announces(first):
        return first  # "== NIAC Meeting - October 2006 ==" over "The next meeting ... will be held at ..."
    return None


def _announces(section: Section) -> bool:
    """Whether a section's prose says where or when the event is ("will be held at", "takes place")."""
    text = " ".join(plain(piece.text) for piece in section.pieces if isinstance(piece, ProsePiece))
    return bool(_ANNOUNCEMENT.search(text))


def _who_label(wikitext: str) -> bool:
    """Whether a line is a bare "Who:" (or "Participants:") label for the list after it."""
    keyed = key_line(plain(wikitext))
    return keyed is not None and keyed[0] in WHO_KEYS and not keyed[1]
