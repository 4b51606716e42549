"""The readers of the sections that are not the agenda: people, topics and talks, links, places, tasks.

Each takes the pieces of one section and adds what it understood to the page's findings; every
line it cannot use is reported with its line number.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.wiki.import_model import DraftAttendee, DraftLink, DraftProposal, DraftVenue
from bot.wiki.import_people import read_attendee, split_names
from bot.wiki.import_roster import host_names, organiser_names, read_roster, with_details
from bot.wiki.import_talks import read_talk, read_task
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
from bot.wiki.import_venue import address_block
from bot.wiki.lines import parse_proposal_line

_PLACEHOLDER = re.compile(r"^(?:more|others?|add (?:more|yours?|your own)[\w ]*|etc|tbd|\.+|…)\W*$", re.IGNORECASE)
_URL = re.compile(r"^(https?|mailto|irc|ircs|xmpp|matrix):\S+$")
_HELD_HERE = re.compile(
    r"\bwhere\s+the\s+(?:meeting|workshop|event|sprint|hackathon|summit|camp|codefest|conference)\s+"
    r"(?:will\s+)?(?:takes?\s+place|be\s+held|is\s+held)",
    re.IGNORECASE,
)
_WEB_KEY = re.compile(r"^\s*(?:web ?site|website|web|url|home ?page)\s*:\s*(?P<url>\S+)", re.IGNORECASE)


class Findings:
    """What the sections of one page say that is not the agenda."""

    def __init__(self, index: LineIndex, year: int | None) -> None:
        self.index = index
        self.year = year
        self.venue: DraftVenue | None = None
        self.meeting_room = False  # the venue came from a "Meeting room is ..." line
        self.announced = False  # the venue came from a sentence of the lead ("will be held at ...")
        self.hotel: DraftVenue | None = None
        self.see_also: list[DraftLink] = []
        self.attendees: list[tuple[int, DraftAttendee]] = []
        self.organisers: list[tuple[str, str | None]] = []
        self.proposals: list[DraftProposal] = []
        self.affiliations: dict[str, str] = {}  # of speakers who may not attend
        self.work_items: list[tuple[int, str, tuple[str, ...]]] = []
        self.skipped: list[Skipped] = []

    def attendee_items(self, items: tuple[ListItem, ...]) -> None:
        """Items naming attendees ("Jake Vanderplas (scikit-learn - March 12 only)")."""
        for item in items:
            attendee = read_attendee(item)
            if attendee is None:
                self.skipped.append(Skipped(item.line, plain(item.text) or item.text))
            else:
                bracketed = attendee.note is not None and f"({attendee.note})" in plain(item.text)
                self.attendees.append((item.line, with_details(attendee, self.year) if bracketed else attendee))

    def attendees_section(self, pieces: list[Piece]) -> None:
        """A list of attendees, or a table of participants with their arrival and departure."""
        for piece in pieces:
            if isinstance(piece, ListPiece):
                self.attendee_items(piece.items)
            elif isinstance(piece, TablePiece) and (roster := read_roster(piece.table, self.index)) is not None:
                attendees, hosts = roster
                self.attendees += attendees
                self.organisers += [(name, None) for name in hosts]
            elif not (isinstance(piece, ProsePiece) and self.organiser_line(piece.text)):
                self.skipped += all_lines(piece)

    def organiser_line(self, wikitext: str) -> bool:
        """Take an "Organising committee: A, B and C" line; False for another line."""
        names = organiser_names(wikitext)
        self.organisers += [(name, None) for name in names]
        return bool(names)

    def organisers_section(self, pieces: list[Piece]) -> None:
        """A "Host" section: each item a host, its first plain sub-item their affiliation."""
        for piece in pieces:
            if isinstance(piece, ListPiece):
                self.organisers += host_names(piece.items)
            elif (
                isinstance(piece, ProsePiece) and key_line(plain(piece.text)) is None and (names := _names(piece.text))
            ):
                self.organisers += [(name, None) for name in names]  # not "Mail: ...", "Tel: ...": their details
            else:
                self.skipped += all_lines(piece)

    def topics_section(self, pieces: list[Piece]) -> None:
        """Topics to discuss, or talks given ("''Title'' by Speaker, Affiliation")."""
        continued = _continuations(pieces)
        for piece in pieces:
            if isinstance(piece, ProsePiece) and piece in continued.values():
                continue
            if not isinstance(piece, ListPiece):
                self.skipped += all_lines(piece)
                continue
            for item in piece.items:
                self._topic(item, continued)

    def _topic(self, item: ListItem, continued: dict[int, ProsePiece]) -> None:
        own = parse_proposal_line(item.text)  # the bot's own line, with its remarks
        title = own.title if own else plain(item.text)
        if own is None and (not title or _PLACEHOLDER.match(title)):
            self.skipped.append(Skipped(item.line, title or item.text))
            return
        number = f"T{len(self.proposals) + 1}"
        talk = (
            None if own else read_talk(item.text + (" " + continued[item.line].text if item.line in continued else ""))
        )
        if talk is not None:
            self.proposals.append(DraftProposal(number, talk.title, proposer=talk.speaker))
            if talk.affiliation:
                self.affiliations[talk.speaker] = talk.affiliation
            return
        details = "; ".join(plain(child.text) for child in flatten(item.children)) or None
        votes, where = (own.votes, own.where) if own else (0, None)
        self.proposals.append(DraftProposal(number, title, details, votes=votes, session=where))

    def links_section(self, pieces: list[Piece]) -> None:
        """See-also links, with their titles."""
        for piece in pieces:
            texts = [(piece.line, piece.text)] if isinstance(piece, ProsePiece) else []
            texts += [(item.line, item.text) for item in items_of(piece)]
            for line, wikitext in texts:
                links = [(url, title) for url, title in external_links(wikitext) if _URL.match(url)]
                self.see_also += [DraftLink(url, title) for url, title in links]
                if not links and plain(wikitext):
                    why = " (a link to a wiki page: write its full address)" if "[[" in wikitext else ""
                    self.skipped.append(Skipped(line, plain(wikitext) + why))
                elif not links:
                    self.skipped.append(Skipped(line, wikitext))

    def place_section(self, pieces: list[Piece], hotel: bool) -> None:
        """A "Venue"/"Location" (or "Hotel") section: the first lines are a name and an address."""
        prose = [piece for piece in pieces if isinstance(piece, ProsePiece)]
        block = [prose[0]] if prose else []
        for piece in prose[1:]:
            if piece.line != block[-1].line + 1:
                break
            block.append(piece)
        section_text = " ".join(plain(p.text) for p in prose)
        found, is_hotel = address_block([plain(piece.text) for piece in block], section_text)
        if found is None:
            self.skipped += [s for piece in pieces for s in all_lines(piece)]
            return
        url = next((m["url"] for item in _all_items(pieces) if (m := _WEB_KEY.match(plain(item.text)))), None)
        place = DraftVenue(found.name, found.address, found.rooms, url if url and _URL.match(url) else None)
        if (hotel or is_hotel) and _HELD_HERE.search(section_text) and (self.venue is None or self.announced):
            self.venue, self.announced = place, False  # "... which is also the hotel where the meeting will take place"
        if hotel or is_hotel:
            self.hotel = self.hotel or place
        elif self.venue is None or self.announced:
            self.venue, self.announced = place, False
        used = {piece.line for piece in block}
        self.skipped += [s for piece in pieces if piece.line not in used for s in all_lines(piece)]

    def tasks_section(self, pieces: list[Piece]) -> None:
        """Tasks, each with the people who said they would do it."""
        for piece in pieces:
            if not isinstance(piece, ListPiece):
                self.skipped += all_lines(piece)
                continue
            for item in flatten(piece.items):
                title, volunteers = read_task(plain(item.text))
                if title:
                    self.work_items.append((item.line, title, volunteers))


def _names(wikitext: str) -> tuple[str, ...]:
    """The names a line of prose gives, none when it holds an address or a number."""
    text = plain(wikitext)
    return () if re.search(r"@|\d{3}", text) else split_names(wikitext)


def _continuations(pieces: list[Piece]) -> dict[int, ProsePiece]:
    """{item line: the prose line} for a list item that ends with a comma and goes on on the next line."""
    found = {}
    for piece, following in pairwise(pieces):
        if isinstance(piece, ListPiece) and isinstance(following, ProsePiece):
            last = flatten(piece.items)[-1]
            if last.text.rstrip().endswith(",") and following.line == last.line + 1:
                found[last.line] = following
    return found


def _all_items(pieces: list[Piece]) -> list[ListItem]:
    return [item for piece in pieces for item in items_of(piece)]


def items_of(piece: Piece) -> list[ListItem]:
    """Every item of a list piece, nested ones included; [] for another piece."""
    return list(flatten(piece.items)) if isinstance(piece, ListPiece) else []


def flatten(items: tuple[ListItem, ...]) -> list[ListItem]:
    """The items and all the items under them, in page order."""
    return [each for item in items for each in (item, *flatten(item.children))]


def all_lines(piece: Piece) -> list[Skipped]:
    """Every line of a piece, reported as not understood."""
    if isinstance(piece, ProsePiece):
        return [Skipped(piece.line, plain(piece.text) or piece.text)]
    if isinstance(piece, ListPiece):
        return [Skipped(item.line, plain(item.text) or item.text) for item in flatten(piece.items)]
    return [Skipped(piece.line, "a table")]
