"""A meeting run with MeetBot's commands, one chat line at a time: the engine behind live
meetings, MeetBot logs and imported notes (pure: text in, answers and minutes out).

Commands (case-insensitive, the first word of a line): anyone may #info, #idea, #link, #action,
#help TEXT, #done, #meetingname, #nick and #vote; chairs alone #topic, #agreed, #accepted,
#rejected, #roadmap, #fix, #drop, #owner, #undo, #chair, #unchair, #startvote, #endvote and
#endmeeting. While a meeting has no chair, the first person to use a chair command (usually
#startmeeting) becomes one. #undo removes the latest item or topic, as MeetBot's does.

Lines said are counted as MeetBot counts them, per nick as written, the meeting bot's own lines
(`heard`) included. Without an agenda (an empty `Owners`) the registry is the record's own people:
an action belongs to every nick that said something and is named in it (`bot.minutes.attendees`),
settled when the minutes are read, since MeetBot counts nicks that speak up later too. Every line
costs O(1) amortised; `minutes()` is one pass over the items.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from bot.agenda.people import name_key
from bot.minutes import answers
from bot.minutes.attendees import nick_owners
from bot.minutes.due import due_date
from bot.minutes.meeting_commands import Handler, MeetingCommands
from bot.minutes.model import NOBODY, Confidence, Item, ItemKind, Minutes, Owner, Topic
from bot.minutes.owners import Owners
from bot.minutes.syntax import CHAIR_ONLY, KINDS, command_of, is_address
from bot.minutes.votes import Vote
from bot.model import ActionItem


class Meeting(MeetingCommands):
    """One meeting in progress: feed it what is said, read its minutes at any time."""

    def __init__(
        self,
        title: str,
        *,
        owners: Owners,
        start: datetime | None,
        next_action: int = 1,
        chairs: Sequence[str] = (),
        planned_topics: Sequence[str] = (),
        open_actions: Sequence[ActionItem] = (),
        milestones: Mapping[str, date] = {},
        default_due_days: int | None = 14,
        event: str | None = None,
        session: str | None = None,
        people_names: Callable[[str], str] | None = None,
        links_from_addresses: bool = False,
    ) -> None:
        self.title, self.start = title, start
        self.meeting_name: str | None = None
        self._links_from_addresses = links_from_addresses  # MeetBot: a line that is an address is a #link
        self.end: datetime | None = None
        self.planned = tuple(planned_topics)
        self._owners, self._milestones, self._default_due_days = owners, milestones, default_due_days
        self._event, self._session = event, session
        self._name = people_names or owners.name
        self._open = {action.id: action for action in open_actions}
        self._counters = {"A": next_action, "I": 1, "T": 1}
        self._identities: dict[str, str] = {}  # who as written -> the person id, or the name's key
        self._chairs: dict[str, str] = {}  # identity -> as written
        self._present: dict[str, str] = {}
        self._topics: dict[str, Topic] = {}
        self._raised: list[str] = []  # topic ids, latest last; the current one is the last that exists
        self._items: dict[str, Item] = {}
        self._recorded: list[str] = []  # item and topic ids in order, for #undo
        self._owner_set: set[str] = set()  # actions whose owner a chair gave with #owner
        self._closed: dict[str, None] = {}
        self._started = self._ended = False
        self._lines: dict[str, int] = {}  # nick as written -> lines said (MeetBot's attendees)
        self._spoke: dict[str, None] = {}  # nicks that said something (not only the bot's lines)
        self._vote: Vote | None = None
        for chair in chairs:
            self._chairs.setdefault(self._identity(chair), chair)
        self._handlers: dict[str, Handler] = {
            "startmeeting": self._startmeeting, "endmeeting": self._endmeeting, "topic": self._topic,
            "chair": self._chair, "unchair": self._unchair, "undo": self._undo, "help": self._help,
            "fix": self._fix, "drop": self._drop, "owner": self._owner, "done": self._done, "roadmap": self._roadmap,
            "meetingname": self._meetingname, "nick": self._nick, "startvote": self._startvote, "vote": self._cast,
            "endvote": self._endvote,
        }  # fmt: skip
        for word, kind in KINDS.items():
            self._handlers[word] = self._recorder(kind)

    @property
    def ended(self) -> bool:
        """Whether #endmeeting was said (later lines are ignored)."""
        return self._ended

    def said(self, who: str, text: str, at: datetime) -> list[str]:
        """One line of chat from `who`; returns the bot's answers (none for plain talk)."""
        if self._ended:
            return []
        self.attend(who)
        self._lines[who] = self._lines.get(who, 0) + 1  # _count, inlined: once a line of a long log
        self._spoke.setdefault(who)
        command, rest = command_of(text)
        handler = self._handlers.get(command) if command else None
        if handler is None or command is None:
            if command is None and self._links_from_addresses and is_address(text):
                self.record(ItemKind.LINK, text.strip(), who=who, at=at)
            return []  # talk, or a word like "#xen-devel" that is no command
        if command in CHAIR_ONLY and not self._may_chair(who):
            return [answers.chairs_only(command, self._chairs.values())]
        return handler(who, rest, at)

    def heard(self, who: str, *, attendee: bool = False) -> None:
        """A line counted among the lines said that is never a command: the meeting bot's own, or
        (`attendee`) someone's /me line, which makes them an attendee an action can name."""
        if not self._ended:
            self.attend(who)
            self._count(who, 1)
            if attendee:
                self._spoke.setdefault(who)

    @property
    def lines_said(self) -> Mapping[str, int]:
        """Nick as written -> lines said, in the order the nicks were first seen."""
        return dict(self._lines)

    def listed_as(self, who: str) -> str:
        """The name `who` is listed under among the people present."""
        return self._present.get(self._identity(who), who)

    def attend(self, who: str) -> None:
        """Count `who` as present (under their registry name when they are a known person)."""
        identity = self._identities.get(who) or self._identity(who)
        if identity not in self._present:
            self._present[identity] = self._name(identity[1:]) if identity.startswith("@") else who

    def topic(self, title: str, *, at: datetime | None = None) -> Topic:
        """Raise a topic; items recorded from now on belong to it."""
        raised = Topic(self._next("T"), title, at)
        self._topics[raised.id] = raised
        self._raised.append(raised.id)
        self._recorded.append(raised.id)
        return raised

    def record(
        self,
        kind: ItemKind,
        text: str,
        *,
        who: str | None,
        at: datetime | None = None,
        release: str | None = None,
        owners: Sequence[Owner] | None = None,
        done: bool = False,
    ) -> Item:
        """Record an item under the current topic; an action gets an id, an owner (`owners` when
        the caller knows them) and a due date."""
        item = Item(self._next("A" if kind is ItemKind.ACTION else "I"), kind, text, self._current(), who, at)
        item = self._with_text(item, text, release)
        if owners is not None and kind is ItemKind.ACTION:
            item = replace(item, owner=owners[0] if owners else None, more_owners=tuple(owners[1:]))
        if done and kind is ItemKind.ACTION:
            item = replace(item, done=True)  # "- [x] ...": done as it was written down
        self._items[item.id] = item
        self._recorded.append(item.id)
        return item

    def resume(self, topic_id: str) -> None:
        """Go back to a topic raised before; items recorded from now on belong to it again."""
        if topic_id in self._topics:
            self._raised.append(topic_id)

    def minutes(self) -> Minutes:
        """The minutes so far."""
        items = tuple(self._settled(item) for item in self._items.values())
        counted: dict[str, int] = {}
        for nick, lines in self._lines.items():
            identity = self._identity(nick)
            counted[identity] = counted.get(identity, 0) + lines
        return Minutes(
            self.title,
            self.start,
            self.end,
            chairs=tuple(self._chairs.values()),
            present=tuple(self._present.values()),
            topics=tuple(self._topics.values()),
            items=items,
            event=self._event,
            session=self._session,
            closed=tuple(self._closed),
            lines_said=tuple(counted.get(identity) for identity in self._present) if counted else (),
            meeting_name=self.meeting_name,
        )

    def _settled(self, item: Item) -> Item:
        """`item` as the minutes show it: under no topic when its topic is gone; an action's owners
        the nicks that said something, when no agenda names the people."""
        if item.topic is not None and item.topic not in self._topics:
            item = replace(item, topic=None)
        if item.kind is ItemKind.ACTION and self._owners.is_empty and self._spoke and item.id not in self._owner_set:
            owners = nick_owners(item.text, self._spoke)
            item = replace(item, owner=owners[0] if owners else NOBODY, more_owners=owners[1:])
        return item

    # --- helpers ------------------------------------------------------------------------------

    def _with_text(self, item: Item, text: str, release: str | None) -> Item:
        """`item` saying `text`; an action's owner (unless a chair set it) and due date follow the text."""
        if item.kind is not ItemKind.ACTION:
            return replace(item, text=text, release=release)
        owners = item.owners if item.id in self._owner_set else self._owners.all_in_text(text)
        owner = owners[0] if owners else NOBODY
        said = item.at or self.start
        if said is None:  # a meeting whose day nobody knows: no due date to count from
            return replace(item, text=text, owner=owner, more_owners=owners[1:], due=None)
        due, _ = due_date(text, said=said.date(), milestones=self._milestones, default_days=self._default_due_days)
        return replace(item, text=text, owner=owner, more_owners=owners[1:], due=due)

    def _count(self, nick: str, lines: int) -> None:
        self._lines[nick] = self._lines.get(nick, 0) + lines

    def _next(self, prefix: str) -> str:
        number = self._counters[prefix]
        self._counters[prefix] = number + 1
        return f"{prefix}{number}"

    def _current(self) -> str | None:
        while self._raised and self._raised[-1] not in self._topics:
            self._raised.pop()  # dropped or undone
        return self._raised[-1] if self._raised else None

    def _identity(self, who: str) -> str:
        """The person id `who` names exactly, else the name's key: "george" and "George Dunlap" are one."""
        known = self._identities.get(who)
        if known is None:
            owner = self._owners.named(who)
            exact = owner.person is not None and owner.confidence is Confidence.EXPLICIT
            known = self._identities[who] = f"@{owner.person}" if exact else name_key(who)
        return known

    def _may_chair(self, who: str) -> bool:
        if not self._chairs:
            self._chairs[self._identity(who)] = who
        return self._identity(who) in self._chairs


def log_line(who: str, text: str, at: datetime) -> str:
    """One line of the meeting's JSON log (one object per line, no newline inside)."""
    return json.dumps({"at": at.isoformat(), "who": who, "text": text}, ensure_ascii=False)


def replay(lines: Iterable[str], meeting: Meeting) -> Meeting:
    """Feed a stored JSON log to `meeting` (to regenerate its minutes); blank lines are skipped."""
    for line in lines:
        if line.strip():
            said = json.loads(line)
            meeting.said(said["who"], said["text"], datetime.fromisoformat(said["at"]))
    return meeting
