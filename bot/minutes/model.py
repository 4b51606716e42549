"""The minutes of one meeting as values: what was said, decided and promised, by whom.

Every importer (a live meeting, a MeetBot log, mailing-list notes) produces `Minutes`; every
output (the wiki page, the chat summary, the mail text, the JSON, the agenda's action items)
reads them. Ids: actions are `A<n>` in the agenda's own numbering (so `#done A3` means the same
action in a meeting, in the YAML and in the calendar), every other item `I<n>`, topics `T<n>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class ItemKind(StrEnum):
    """What a line of the minutes is (MeetBot's words)."""

    INFO = "info"
    IDEA = "idea"
    LINK = "link"
    AGREED = "agreed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ACTION = "action"
    ROADMAP = "roadmap"
    HELP = "help"  # a call for help (MeetBot's #help TEXT)
    VOTE = "vote"  # the result of a vote, with its tally (#startvote ... #endvote)

    @property
    def is_decision(self) -> bool:
        """Agreed, accepted and rejected items, and the results of votes, are decisions."""
        return self in (ItemKind.AGREED, ItemKind.ACCEPTED, ItemKind.REJECTED, ItemKind.VOTE)


class Confidence(StrEnum):
    """How sure the owner of an action is."""

    EXPLICIT = "explicit"  # named exactly (a name, alias, nick or chat id), or set with #owner
    INFERRED = "inferred"  # a close spelling ("Ian Campell") or a part of one person's name
    AMBIGUOUS = "ambiguous"  # could be several people ("which George?")
    UNKNOWN = "unknown"  # nobody the agenda knows, or nobody named


@dataclass(frozen=True)
class Owner:
    """Who an action belongs to: as written, the person it is (None unless one), and how sure."""

    written: str | None
    person: str | None  # person id
    confidence: Confidence
    candidates: tuple[str, ...] = ()  # person ids, when ambiguous


NOBODY = Owner(None, None, Confidence.UNKNOWN)


@dataclass(frozen=True)
class Topic:
    """A topic of the meeting (#topic, a heading of the notes)."""

    id: str
    title: str
    at: datetime | None = None


@dataclass(frozen=True)
class Item:
    """One recorded line: information, an idea, a link, a decision, an action or a roadmap move."""

    id: str
    kind: ItemKind
    text: str
    topic: str | None = None  # the Topic id it was said under
    who: str | None = None  # the speaker as written; None: unknown ("[I can't remember who]")
    at: datetime | None = None
    owner: Owner | None = None  # actions only: the first (or only) owner
    due: date | None = None  # actions only
    done: bool = False  # actions only: #done
    release: str | None = None  # roadmap only: the release (milestone id) it goes to
    more_owners: tuple[Owner, ...] = ()  # actions only: the others, when several are named

    @property
    def owners(self) -> tuple[Owner, ...]:
        """Everyone the action belongs to, the first owner first; empty when nobody is named."""
        first = () if self.owner is None or self.owner == NOBODY else (self.owner,)
        return first + self.more_owners


@dataclass(frozen=True)
class Minutes:
    """A meeting's minutes: when, who, the topics, and every item in the order it was recorded."""

    title: str
    start: datetime | None = None
    end: datetime | None = None
    chairs: tuple[str, ...] = ()  # names as written
    present: tuple[str, ...] = ()  # everyone who spoke or was listed, as written
    topics: tuple[Topic, ...] = ()
    items: tuple[Item, ...] = ()
    event: str | None = None  # the agenda's event id, when matched
    session: str | None = None  # the block (session or meeting id) it was held in
    log_url: str | None = None
    closed: tuple[str, ...] = ()  # earlier action ids closed in this meeting (#done)
    lines_said: tuple[int | None, ...] = ()  # beside `present`: how many lines each said, when known
    meeting_name: str | None = None  # MeetBot's name of the meeting (#meetingname, #startmeeting TEXT)
    dated: bool = True  # False: the day is unknown (`start` and `end` then tell only the times)
    regrets: tuple[str, ...] = ()  # names as written: who sent regrets (not present)
    scribes: tuple[str, ...] = ()  # names as written: who took the minutes
    days: tuple[date, ...] = ()  # every day of a meeting of several days, as the record says (else empty)

    @property
    def decisions(self) -> tuple[Item, ...]:
        """Agreed, accepted and rejected items, in order."""
        return tuple(item for item in self.items if item.kind.is_decision)

    @property
    def actions(self) -> tuple[Item, ...]:
        """The action items, in order."""
        return tuple(item for item in self.items if item.kind is ItemKind.ACTION)

    @property
    def notes(self) -> tuple[Item, ...]:
        """Everything that is neither a decision nor an action."""
        return tuple(item for item in self.items if not item.kind.is_decision and item.kind is not ItemKind.ACTION)

    def said(self) -> tuple[tuple[str, int | None], ...]:
        """Everyone present with the lines they said (None when the record does not tell)."""
        counts = self.lines_said + (None,) * (len(self.present) - len(self.lines_said))
        return tuple(zip(self.present, counts, strict=False))

    def topic_title(self, topic_id: str | None) -> str | None:
        """The title of a topic by id."""
        return next((topic.title for topic in self.topics if topic.id == topic_id), None)

    def to_json(self) -> dict[str, Any]:
        """The minutes as JSON (`summitbot minutes --json`)."""
        titles = {topic.id: topic.title for topic in self.topics}
        return {
            "title": self.title or None,
            "meeting_name": self.meeting_name,
            "start": self.start.isoformat() if self.start and self.dated else None,
            "end": self.end.isoformat() if self.end and self.dated else None,
            "day": self.start.date().isoformat() if self.start and self.dated else None,
            "days": [day.isoformat() for day in self.days],
            "start_time": _clock(self.start),
            "end_time": _clock(self.end),
            "zone": self.start.tzname() if self.start else None,
            "event": self.event,
            "session": self.session,
            "chairs": list(self.chairs),
            "people": list(self.present),
            "present": [{"name": name, "lines": lines} for name, lines in self.said()],
            "regrets": list(self.regrets),
            "scribes": list(self.scribes),
            "topics": [{"id": t.id, "title": t.title, "at": _clock(t.at)} for t in self.topics],
            "decisions": [_item_json(i, titles.get(i.topic or "")) for i in self.decisions],
            "actions": [_action_json(i, titles.get(i.topic or "")) for i in self.actions],
            "notes": [_item_json(i, titles.get(i.topic or "")) for i in self.notes],
            "closed": list(self.closed),
        }


def _clock(moment: datetime | None) -> str | None:
    """HH:MM:SS, as MeetBot shows the time of a line."""
    return f"{moment:%H:%M:%S}" if moment else None


def _item_json(item: Item, topic: str | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "kind": item.kind.value,
        "who": item.who,
        "at": _clock(item.at),
        "topic": topic,
    }


def _action_json(item: Item, topic: str | None) -> dict[str, Any]:
    owner = item.owner or NOBODY
    return {
        "id": item.id,
        "kind": item.kind.value,
        "at": _clock(item.at),
        "who": item.who,
        "owners": [_owner_json(one) for one in item.owners],
        "owner": owner.person,
        "owner_written": owner.written,
        "candidates": list(owner.candidates),
        "confidence": owner.confidence.value,
        "text": item.text,
        "due": item.due.isoformat() if item.due else None,
        "done": item.done,
        "topic": topic,
    }


def _owner_json(owner: Owner) -> dict[str, Any]:
    return {
        "name": owner.person or owner.written,
        "person": owner.person,
        "written": owner.written,
        "confidence": owner.confidence.value,
        "candidates": list(owner.candidates),
    }
