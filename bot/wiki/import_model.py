"""What the importer reads off a page, before it is written out as an agenda file.

These drafts are looser than `bot.model`: times are still wall-clock times, a block may not know
its day or its end yet, and people are names. `import_event` settles them; `import_yaml` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class DraftTopic:
    """A topic of a block, with the topics nested under it."""

    title: str
    note: str | None = None
    topics: tuple[DraftTopic, ...] = ()


@dataclass(frozen=True)
class DraftBlock:
    """A time block of the agenda as the page gives it."""

    title: str
    line: int
    start: time
    end: time | None = None
    day: date | None = None
    moderators: tuple[str, ...] = ()
    room: str | None = None
    track: str | None = None
    description: str | None = None
    topics: tuple[DraftTopic, ...] = ()
    id: str | None = None  # the anchor the bot writes before its own block lines
    minutes: str | None = None  # the title of the minutes page the block links to
    note: str | None = None  # what the importer made of it, for a comment
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftSession:
    """A block settled into a session: an id, a day and both times."""

    id: str
    title: str
    day: date
    start: time
    end: time
    moderators: tuple[str, ...] = ()
    room: str | None = None
    track: str | None = None
    description: str | None = None
    topics: tuple[DraftTopic, ...] = ()
    comment: str | None = None
    minutes: str | None = None
    required: tuple[str, ...] = ()  # the speakers of a talk


@dataclass(frozen=True)
class DraftAttendee:
    """An attendee as listed: name, wiki account, status, and whatever else the line said."""

    name: str
    wiki_user: str | None = None
    status: str = "confirmed"
    remote: bool = False
    note: str | None = None
    affiliation: str | None = None
    email: str | None = None
    days: tuple[date, ...] = ()  # the days they come, when not all
    arrives: date | None = None
    departs: date | None = None


@dataclass(frozen=True)
class DraftPerson:
    """Someone for the `people` registry: a wiki account to remember, or a moderator who does not attend."""

    name: str
    wiki_user: str | None = None
    comment: str | None = None
    affiliation: str | None = None
    email: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings the page uses ("Mark Koennecke" for "Mark Könnecke")


@dataclass(frozen=True)
class DraftProposal:
    """A topic from "Topics to discuss"."""

    id: str
    title: str
    description: str | None = None
    votes: int = 0  # as the bot counts them on the page: who cast them it does not say
    session: str | None = None  # the block the bot says it is in: its title, then its id
    proposer: str | None = None  # the speaker of a talk


@dataclass(frozen=True)
class DraftWorkItem:
    """A task with the people who said they would do it."""

    id: str
    title: str
    volunteers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftDay:
    """A day of the event with its hours."""

    date: date
    start: time | None = None
    end: time | None = None
    venue: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class DraftVenue:
    """Where the event happens."""

    name: str | None = None
    address: str | None = None
    rooms: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class DraftLink:
    """A "see also" link."""

    url: str
    title: str | None = None


@dataclass(frozen=True)
class Draft:
    """A whole agenda, ready to be written."""

    event_id: str
    title: str
    kind: str
    timezone: str
    timezone_comment: str
    header: tuple[str, ...]
    description: str | None = None
    days: tuple[DraftDay, ...] = ()
    venue: DraftVenue | None = None
    proposal_url: str | None = None
    see_also: tuple[DraftLink, ...] = ()
    wiki_page: str | None = None
    people: tuple[DraftPerson, ...] = ()
    attendees: tuple[DraftAttendee, ...] = ()
    proposals: tuple[DraftProposal, ...] = ()
    sessions: tuple[DraftSession, ...] = ()
    not_understood: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    hotel: DraftVenue | None = None
    work_items: tuple[DraftWorkItem, ...] = ()
