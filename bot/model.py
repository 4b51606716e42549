"""The domain of summitbot as frozen dataclasses: an event, its people, sessions and decisions.

These are the values every other part speaks in. They are built by `bot.agenda` from a YAML file
that has been checked, so their invariants (references resolve, times are aware and in the event's
zone, ids are unique) hold everywhere else without being checked again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.agenda.people import Directory


class EventKind(StrEnum):
    """What sort of gathering an event is."""

    SUMMIT = "summit"
    MINI_SUMMIT = "mini-summit"
    HACKATHON = "hackathon"
    SPRINT = "sprint"
    COOP = "co-op"
    MEETING_SERIES = "meeting-series"


class AttendanceStatus(StrEnum):
    """Whether an attendee is coming."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"


class Channel(StrEnum):
    """Where a fact entered the agenda."""

    YAML = "yaml"
    WIKI = "wiki"
    CHAT = "chat"


class ProposalStatus(StrEnum):
    """The fate of a proposed topic."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"


class WorkStatus(StrEnum):
    """Progress of a work item."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class ActionStatus(StrEnum):
    """Progress of an action item."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class RoadmapStatus(StrEnum):
    """Progress of a roadmap item toward its release."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    LANDED = "landed"
    SLIPPED = "slipped"


class PledgeStatus(StrEnum):
    """Whether the organisers have confirmed a pledge (one made in chat waits for them)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REFUSED = "refused"


class MilestoneKind(StrEnum):
    """A roadmap entry is a release or a (funding) milestone."""

    RELEASE = "release"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class Person:
    """Someone the agenda can name: an attendee, moderator, volunteer, owner or sponsor."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    chat_id: str | None = None
    wiki_user: str | None = None
    email: str | None = None
    affiliation: str | None = None
    listed: bool = True  # False when the person is known only from the attendee list
    provisional: bool = False  # added by the bot for a chat user nobody has vouched for (`/summit link` merges)


@dataclass(frozen=True)
class Link:
    """A titled link (a "See also" entry)."""

    url: str
    title: str | None = None


@dataclass(frozen=True)
class Venue:
    """Where an event happens."""

    name: str | None = None
    address: str | None = None
    url: str | None = None
    rooms: tuple[str, ...] = ()

    def describe(self) -> str | None:
        """The venue as one line: "Novotel Hotel, Ottawa, ON, Canada"."""
        parts = [part for part in (self.name, self.address) if part]
        return ", ".join(parts) or None


@dataclass(frozen=True)
class Day:
    """One day of an event, with its opening hours as aware datetimes in the event's zone.

    A day whose page gives no hours has neither `start` nor `end`: it runs all day.
    """

    date: date
    start: datetime | None = None
    end: datetime | None = None
    venue: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class WikiSettings:
    """Which wiki page shows the event, and with which template."""

    page: str | None = None
    template: str | None = None


@dataclass(frozen=True)
class CalendarSettings:
    """How the event appears in calendars."""

    collection: str | None = None
    keep_cancelled_days: int = 30
    personal_feed_emails: bool = False  # people's own feeds show e-mail addresses (public feeds never do)
    alarm: timedelta | None = None  # a reminder this long before each session and meeting


@dataclass(frozen=True)
class ChatSettings:
    """Which chat channel belongs to the event, and what the bot tells people there unasked."""

    channel: str | None = None
    reminders: tuple[timedelta, ...] = ()  # a DM and a channel post this long before each session, longest first
    change_notices: bool = True  # tell the people concerned when a session moves, is retitled or cancelled


@dataclass(frozen=True)
class Event:
    """The event itself: what, when, where and how it is published."""

    id: str
    title: str
    kind: EventKind
    timezone: ZoneInfo
    days: tuple[Day, ...] = ()
    description: str | None = None
    venue: Venue = field(default_factory=Venue)
    proposal_url: str | None = None
    see_also: tuple[Link, ...] = ()
    organisers: tuple[str, ...] = ()  # person ids
    hotel: Venue | None = None  # where attendees stay, when it is not the venue
    wiki: WikiSettings = field(default_factory=WikiSettings)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    chat: ChatSettings = field(default_factory=ChatSettings)

    @property
    def start(self) -> datetime | None:
        """When the first day opens (its midnight when it has no hours)."""
        if not self.days:
            return None
        first = self.days[0]
        return first.start or datetime.combine(first.date, time(0), self.timezone)

    @property
    def end(self) -> datetime | None:
        """When the last day closes (the next midnight when it has no hours)."""
        if not self.days:
            return None
        last = self.days[-1]
        return last.end or datetime.combine(last.date + timedelta(days=1), time(0), self.timezone)


@dataclass(frozen=True)
class Attendee:
    """A person's sign-up for the event."""

    person: str  # person id
    status: AttendanceStatus = AttendanceStatus.CONFIRMED
    remote: bool = False
    note: str | None = None
    interests: tuple[str, ...] = ()
    via: Channel = Channel.YAML
    signed_up: datetime | None = None
    days: tuple[date, ...] = ()  # the days they attend, when not all of them
    arrives: date | None = None
    departs: date | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposed topic ("Topics to discuss"), its votes, and where it was scheduled."""

    id: str
    title: str
    description: str | None = None
    proposer: str | None = None  # person id
    votes: tuple[str, ...] = ()  # person ids
    status: ProposalStatus = ProposalStatus.PROPOSED
    session: str | None = None  # session id
    reason: str | None = None  # why it was accepted, rejected or scheduled so


@dataclass(frozen=True)
class Topic:
    """A topic of a session, with subtopics to any depth."""

    title: str
    note: str | None = None
    children: tuple[Topic, ...] = ()


@dataclass(frozen=True)
class Session:
    """A block of the agenda: a title, a time, a room, the people who run it and its topics."""

    id: str
    title: str
    start: datetime
    end: datetime
    room: str | None = None
    track: str | None = None
    moderators: tuple[str, ...] = ()  # person ids
    scribe: str | None = None
    required: tuple[str, ...] = ()
    description: str | None = None
    topics: tuple[Topic, ...] = ()
    minutes: str | None = None  # the title of its minutes page, once published
    alarm: timedelta | None = None  # its own reminder lead time, instead of the event's `calendar.alarm`


@dataclass(frozen=True)
class Meeting:
    """A recurring call: an RFC 5545 rule anchored at its first start, minus skipped dates."""

    id: str
    title: str
    rrule: str  # RFC 5545 RRULE value, without DTSTART
    first_start: datetime
    first_end: datetime
    skipped: tuple[date, ...] = ()
    where: str | None = None
    track: str | None = None
    moderators: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    alarm: timedelta | None = None  # its own reminder lead time, instead of the event's `calendar.alarm`


@dataclass(frozen=True)
class WorkItem:
    """A part of a project that people volunteer for ("Documentation (Jonas Meyer)")."""

    id: str
    title: str
    description: str | None = None
    volunteers: tuple[str, ...] = ()
    status: WorkStatus = WorkStatus.OPEN


@dataclass(frozen=True)
class ActionSource:
    """Where an action item was decided."""

    session: str | None = None  # a session or meeting id
    date: date | None = None
    minutes: str | None = None


@dataclass(frozen=True)
class ActionItem:
    """Something a person agreed to do, tracked until it is done."""

    id: str
    text: str
    owner: str | None = None  # person id; None when nobody took it
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    source: ActionSource = field(default_factory=ActionSource)


@dataclass(frozen=True)
class RoadmapItem:
    """A feature or task planned for a release."""

    title: str
    id: str | None = None
    owner: str | None = None
    status: RoadmapStatus = RoadmapStatus.PLANNED
    slipped_to: str | None = None  # id of another roadmap entry


@dataclass(frozen=True)
class Pledge:
    """Money promised toward a milestone. An anonymous sponsor is named in the YAML, for the
    organisers, and shown as "anonymous" everywhere else."""

    who: str  # person id
    amount: Decimal
    currency: str  # ISO 4217
    note: str | None = None
    id: str | None = None  # unique in the roadmap; chat gives each pledge one (P1, P2, ...)
    status: PledgeStatus = PledgeStatus.CONFIRMED  # written in the YAML by an organiser: confirmed
    anonymous: bool = False
    reason: str | None = None  # why the organisers refused it


@dataclass(frozen=True)
class Milestone:
    """A release or a milestone of the roadmap, with its items and pledges."""

    id: str
    title: str
    kind: MilestoneKind = MilestoneKind.RELEASE
    date: date | None = None
    items: tuple[RoadmapItem, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    target: tuple[Decimal, str] | None = None  # the amount and currency a funding milestone asks for


@dataclass(frozen=True)
class Agenda:
    """Everything one agenda file says about one event."""

    event: Event
    people: tuple[Person, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    sessions: tuple[Session, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    work_items: tuple[WorkItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    roadmap: tuple[Milestone, ...] = ()

    def person(self, person_id: str) -> Person:
        """The person with this id (ids in a checked agenda always resolve)."""
        return self._people_by_id[person_id]

    @cached_property
    def _people_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def directory(self) -> Directory:
        """Everyone the agenda knows, found by id, name or alias (built once; `copy()` to extend)."""
        from bot.agenda.people import Directory  # noqa: PLC0415 - people reads the model: import late

        directory = Directory()
        for person in self.people:
            directory.add(person)
        return directory
