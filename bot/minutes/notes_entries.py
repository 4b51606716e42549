"""What reading notes yields before it becomes minutes: entries (the items to be, with what is
needed to settle their kind and owners), topic marks and the people, handed from `notes_reader`
to `restated` and `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.minutes.model import ItemKind, Owner
from bot.minutes.notes_lines import Section
from bot.minutes.notes_people import People


@dataclass
class Entry:
    """An item being read: its kind (None: a paragraph to ignore), speaker and lines so far."""

    kind: ItemKind | None
    who: str | None
    lines: list[str]
    section: Section | None = None
    parent: str | None = None  # the bullet this one is under
    term: bool = False  # a MediaWiki definition term: continued only by a vote's tally
    ref: int | None = None  # "**Action [2]**": a reference to the second action listed
    done: bool = False  # "- [x] ..."
    lead: bool = False  # a paragraph of the actions list that introduces the items under it
    to_do: str | None = None  # "Yves to work w3c contacts": an action if Yves is someone present
    context: str = ""  # the entry before, for telling restated actions apart
    line: int = 0
    owners: tuple[Owner, ...] = ()  # an action's, once the people are known
    assignee: str | None = None  # who a table's owner column names ("" when it names nobody)

    @property
    def text(self) -> str:
        """The entry's text, its lines joined."""
        return " ".join(" ".join(part for part in self.lines if part).split())


@dataclass(frozen=True)
class TopicMark:
    """A topic begins (or, when raised before, resumes) here."""

    index: int


@dataclass
class Read:
    """What the reader found: title, topics, entries and topic marks in order, the people."""

    title: str | None = None
    topics: list[str] = field(default_factory=list)
    events: list[Entry | TopicMark] = field(default_factory=list)
    people: People = field(default_factory=People)
    title_line: int | None = None  # the heading that is the title (it may hold the date)
    wiki: bool = False  # MediaWiki's markup (`#` starts a numbered list, not a heading)
    skipped: set[int] = field(default_factory=set)  # lines that are not the notes (<pre>, forwarded mail)
