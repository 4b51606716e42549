"""People beyond a plain attendee list: what parentheses say, participant tables, organisers.

"Jake Vanderplas (scikit-learn - March 12 only)" is an attendee with an affiliation who comes on
one day; "Subhodeep Moitra (smoitra@cs.cmu.edu)" has an e-mail, not an affiliation. A table of
participants names its columns freely ("participant || affiliation || arriving || departing ||
registration?"): arrival and departure become dates, a "?" or "pending" in a column asking a
question makes the sign-up tentative, and "host" marks the host. "Organising committee: A, B and
C" and a "Host" section name the organisers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.agenda.people import name_key
from bot.wiki.import_dates import find_dates
from bot.wiki.import_model import DraftAttendee, DraftPerson, DraftProposal, DraftSession, DraftWorkItem
from bot.wiki.import_people import match_person, split_names
from bot.wiki.import_text import LineIndex, ListItem, plain, struck, user_links

if TYPE_CHECKING:
    from bot.wiki.import_readers import Findings

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NOT_AFFILIATION = re.compile(
    r"\b(?:arriv\w*|leav\w*|late|early|days?|only|will|remote\w*|morning|afternoon|evening|until|from|part|"
    r"maybe|probably|hope|hopefully|need\w*|if|when|can|not)\b",
    re.IGNORECASE,
)
_COLUMNS = (
    ("name", r"participants?|names?|attendees?|who|persons?|people"),
    ("affiliation", r"affiliations?|organi[sz]ations?|institut\w*|compan\w*|employers?|lab\w*|projects?|from"),
    ("arrives", r"arriv\w*|check-?in|coming"),
    ("departs", r"depart\w*|leav\w*|check-?out|going"),
    ("email", r"e-?mails?"),
)
_UNSURE = re.compile(r"^(?:\?+|pending|tbc|tbd|maybe|unsure|not yet|unknown)$", re.IGNORECASE)
_HOST = re.compile(r"^(?:the\s+)?(?:local\s+)?hosts?$", re.IGNORECASE)
ORGANISERS_LINE = re.compile(
    r"^\s*(?:the\s+)?(?:(?:local\s+)?organi[sz](?:ing|ation|ers?)(?:\s+(?:committee|team))?|organi[sz]ed\s+by|"
    r"hosts?|hosted\s+by)\s*:\s*(?P<names>\S.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Details:
    """What the parentheses after a name say."""

    affiliation: str | None = None
    email: str | None = None
    days: tuple[date, ...] = ()
    rest: str | None = None  # whatever else, kept as a note


def read_details(text: str, year: int | None) -> Details:
    """ "scikit-learn - March 12 only" -> affiliation scikit-learn, days (2012-03-12,)."""
    affiliation = email = None
    days: tuple[date, ...] = ()
    rest = []
    for part in (part.strip() for part in re.split(r"\s+[-–—]\s+|;", text) if part.strip()):
        found = find_dates(part, year)
        mail = _EMAIL.fullmatch(part.strip("<>"))
        if mail and email is None:
            email = mail.group()
        elif found and not days:
            days = found.dates
            leftover = (part[: found.span[0]] + part[found.span[1] :]).strip(" ,")
            rest += [leftover] if leftover and leftover.casefold() not in {"only", "on", "on only"} else []
        elif affiliation is None and len(part.split()) <= 6 and not _NOT_AFFILIATION.search(part):
            affiliation = part
        else:
            rest.append(part)
    return Details(affiliation, email, days, "; ".join(rest) or None)


def with_details(attendee: DraftAttendee, year: int | None) -> DraftAttendee:
    """The attendee with the affiliation, e-mail and days its note gives taken out of the note."""
    if not attendee.note or (_latin(attendee.note) and not _latin(attendee.name)):
        return attendee  # "王小明 (Wang Xiaoming)": the name in other letters, not an affiliation
    found = read_details(attendee.note, year)
    return replace(attendee, note=found.rest, affiliation=found.affiliation, email=found.email, days=found.days)


def _latin(text: str) -> bool:
    return any("a" <= char.casefold() <= "z" for char in text)


def organiser_names(text: str) -> tuple[str, ...]:
    """The organisers an "Organising committee: A, B and C" line names; () for another line."""
    match = ORGANISERS_LINE.match(plain(text))
    return split_names(match["names"]) if match else ()


def is_host_heading(title: str) -> bool:
    """Whether a section heading introduces the host ("Host", "Local host")."""
    return bool(_HOST.match(title.strip().rstrip(":")))


def host_names(items: tuple[ListItem, ...]) -> list[tuple[str, str | None]]:
    """(name, affiliation) of each host a "Host" section lists: the item, and its first plain sub-item."""
    hosts = []
    for item in items:
        name = re.split(r",|\(|\s[-–]\s", plain(item.text))[0].strip()
        if not name or len(name.split()) > 5:
            continue
        plain_children = [plain(child.text) for child in item.children]
        affiliation = next((text for text in plain_children if text and ":" not in text and "@" not in text), None)
        hosts.append((name, affiliation))
    return hosts


def read_roster(table: Any, index: LineIndex) -> tuple[list[tuple[int, DraftAttendee]], list[str]] | None:
    """The attendees of a participants table and the names marked as host; None for another table."""
    rows = [row for row in table.cells() if row and any(cell is not None for cell in row)]
    if len(rows) < 2:
        return None
    header = [plain(str(cell.value)).casefold() if cell is not None else "" for cell in rows[0]]
    columns: dict[str, int] = {}
    for number, text in enumerate(header):
        role = next((role for role, pattern in _COLUMNS if re.match(rf"(?:{pattern})\b", text)), None)
        if role and role not in columns:
            columns[role] = number
    if "name" not in columns:
        return None
    questions = [number for number, text in enumerate(header) if text.endswith("?") and number not in columns.values()]
    attendees, hosts = [], []
    for row in rows[1:]:
        found = _row(row, columns, questions)
        if found is not None:
            attendee, host = found
            attendees.append((index.line(row[columns["name"]].span[0]), attendee))
            hosts += [attendee.name] if host else []
    return attendees, hosts


def _row(row: list[Any], columns: dict[str, int], questions: list[int]) -> tuple[DraftAttendee, bool] | None:
    def cell(role_or_column: str | int) -> str:
        number = columns.get(role_or_column) if isinstance(role_or_column, str) else role_or_column
        if number is None or number >= len(row) or row[number] is None:
            return ""
        return str(row[number].value)

    wikitext = cell("name")
    links = user_links(wikitext)
    name = links[0][1] if links else plain(wikitext)
    if not name or len(name.split()) > 6:
        return None
    values = [plain(cell(number)) for number in range(len(row))]
    host = any(_HOST.match(value) for value in values if value)
    unsure = any(_UNSURE.match(plain(cell(number))) for number in questions)
    status = "declined" if struck(wikitext) else "tentative" if unsure else "confirmed"
    email = _EMAIL.search(cell("email"))
    return DraftAttendee(
        name, links[0][0] if links else None, status, affiliation=plain(cell("affiliation")) or None,
        email=email.group() if email else None, arrives=_day(cell("arrives")), departs=_day(cell("departs")),
    ), host  # fmt: skip


def _day(wikitext: str) -> date | None:
    found = find_dates(plain(wikitext), None)
    return found.dates[0] if found and len(found.dates) == 1 else None


class Names:
    """Everyone a page names, each once: attendees first, then people the agenda must also know."""

    def __init__(self, people: tuple[DraftPerson, ...], attendees: tuple[DraftAttendee, ...]) -> None:
        self.people = list(people)
        self._known = list(dict.fromkeys([attendee.name for attendee in attendees] + [p.name for p in people]))
        self._users = {name_key(a.wiki_user): a.name for a in attendees if a.wiki_user}

    def name(self, written: str, comment: str, affiliation: str | None = None) -> str:
        """The name the agenda knows `written` by, adding them to `people` when nobody is called so."""
        found = match_person(written, self._known) or self._users.get(name_key(written))
        if found is not None:
            self._add_details(found, affiliation, written)
            return found
        self._known.append(written)
        self.people.append(DraftPerson(written, comment=comment, affiliation=affiliation))
        return written

    def _add_details(self, name: str, affiliation: str | None, written: str) -> None:
        """Someone known whose affiliation or another spelling of their whole name ("Mark Koennecke",
        their wiki account, for "Mark Könnecke") another line gives: their `people` entry gets it."""
        spelling = (written,) if len(written.split()) > 1 and name_key(written) != name_key(name) else ()
        if affiliation is None and not spelling:
            return
        for number, person in enumerate(self.people):
            if person.name == name:
                aliases = tuple(dict.fromkeys((*person.aliases, *spelling)))
                self.people[number] = replace(person, affiliation=person.affiliation or affiliation, aliases=aliases)
                return
        self.people.append(DraftPerson(name, affiliation=affiliation, aliases=spelling))


@dataclass(frozen=True)
class Cast:
    """The people of the agenda and the records that name them, every name one the agenda knows."""

    people: tuple[DraftPerson, ...]
    organisers: tuple[str, ...]
    sessions: tuple[DraftSession, ...]
    proposals: tuple[DraftProposal, ...]
    work_items: tuple[DraftWorkItem, ...]


def settle_cast(
    page: Findings, people: tuple[DraftPerson, ...], attendees: tuple[DraftAttendee, ...],
    sessions: tuple[DraftSession, ...],
) -> Cast:  # fmt: skip
    """Organisers, speakers, proposers and volunteers named as the attendee list names them."""
    names = Names(people, attendees)
    affiliations = page.affiliations
    organisers = [names.name(name, "an organiser; not on the attendee list", affiliation)
                  for name, affiliation in page.organisers]  # fmt: skip
    sessions = tuple(
        replace(s, required=tuple(
            names.name(n, f"speaks at '{s.title}'; not on the attendee list", affiliations.get(n)) for n in s.required
        ))
        for s in sessions
    )  # fmt: skip
    proposals = tuple(
        replace(p, proposer=names.name(p.proposer, f"gives the talk '{p.title}'", affiliations.get(p.proposer)))
        if p.proposer else p
        for p in page.proposals
    )  # fmt: skip
    work_items = tuple(
        DraftWorkItem(f"W{number}", title, tuple(names.name(v, f"volunteers for '{title}'") for v in volunteers))
        for number, (_, title, volunteers) in enumerate(page.work_items, 1)
    )
    return Cast(tuple(names.people), tuple(dict.fromkeys(organisers)), sessions, proposals, work_items)
