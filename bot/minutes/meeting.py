"""A meeting run with MeetBot's commands, one chat line at a time: the engine behind live
meetings, MeetBot logs and imported notes (pure: text in, answers and minutes out).

Commands (case-insensitive): anyone may #info, #idea, #link, #action, #done and #help; chairs
alone #topic, #agreed, #accepted, #rejected, #roadmap, #fix, #drop, #owner, #undo, #chair,
#unchair and #endmeeting. While a meeting has no chair, the first person to use a chair command
(usually #startmeeting) becomes one. Every line costs O(1) amortised: items, topics, chairs and
speakers are kept in dicts by id or name, and `minutes()` is one pass over the items.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from bot.agenda.people import name_key
from bot.minutes import answers
from bot.minutes.due import due_date
from bot.minutes.model import Confidence, Item, ItemKind, Minutes, Owner, Topic
from bot.minutes.owners import Owners
from bot.minutes.syntax import CHAIR_ONLY, KINDS, command_of, id_and_text, ids_of, names_of, split_roadmap
from bot.model import ActionItem

Handler = Callable[[str, str, datetime], list[str]]


class Meeting:
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
    ) -> None:
        self.title, self.start = title, start
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
        for chair in chairs:
            self._chairs.setdefault(self._identity(chair), chair)
        self._handlers: dict[str, Handler] = {
            "startmeeting": self._startmeeting, "endmeeting": self._endmeeting, "topic": self._topic,
            "chair": self._chair, "unchair": self._unchair, "undo": self._undo, "help": self._help,
            "fix": self._fix, "drop": self._drop, "owner": self._owner, "done": self._done, "roadmap": self._roadmap,
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
        command, rest = command_of(text)
        handler = self._handlers.get(command) if command else None
        if handler is None or command is None:
            return []  # talk, or a word like "#xen-devel" that is no command
        if command in CHAIR_ONLY and not self._may_chair(who):
            return [answers.chairs_only(command, self._chairs.values())]
        return handler(who, rest, at)

    def attend(self, who: str) -> None:
        """Count `who` as present (under their registry name when they are a known person)."""
        identity = self._identity(who)
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
        items = tuple(
            item if item.topic is None or item.topic in self._topics else replace(item, topic=None)
            for item in self._items.values()
        )
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
        )

    # --- the commands -------------------------------------------------------------------------

    def _startmeeting(self, who: str, rest: str, at: datetime) -> list[str]:
        if self._started:
            return [answers.already_started(self.title)]
        self._started, self.start, self.title = True, at, rest or self.title
        return answers.started(self.title, self._chairs.values(), self.planned, list(self._open.values()), self._name)

    def _endmeeting(self, who: str, rest: str, at: datetime) -> list[str]:
        self._ended, self.end = True, at
        return [answers.ended(self.title, self._items.values())]

    def _topic(self, who: str, rest: str, at: datetime) -> list[str]:
        return [answers.topic(self.topic(rest, at=at))] if rest else [answers.usage("topic")]

    def _recorder(self, kind: ItemKind) -> Handler:
        def record(who: str, rest: str, at: datetime) -> list[str]:
            if not rest:
                return [answers.usage(kind.value)]
            return [answers.recorded(self.record(kind, rest, who=who, at=at), self._name)]

        return record

    def _roadmap(self, who: str, rest: str, at: datetime) -> list[str]:
        move = split_roadmap(rest)
        if move is None:
            return [answers.usage("roadmap")]
        return [answers.recorded(self.record(ItemKind.ROADMAP, move[0], who=who, at=at, release=move[1]), self._name)]

    def _fix(self, who: str, rest: str, at: datetime) -> list[str]:
        item_id, text = id_and_text(rest)
        if not text:
            return [answers.usage("fix")]
        if item_id in self._topics:
            fixed_topic = self._topics[item_id] = replace(self._topics[item_id], title=text)
            return [answers.topic_fixed(fixed_topic)]
        if item_id not in self._items:
            return [answers.unknown_id(item_id)]
        item = self._items[item_id]
        release = item.release
        if item.kind is ItemKind.ROADMAP:
            text, release = split_roadmap(text) or (text, release)
        fixed = self._items[item_id] = self._with_text(item, text, release)
        return [answers.fixed(fixed, self._name)]

    def _drop(self, who: str, rest: str, at: datetime) -> list[str]:
        item_id, _ = id_and_text(rest)
        if not item_id:
            return [answers.usage("drop")]
        if self._topics.pop(item_id, None) is None and self._items.pop(item_id, None) is None:
            return [answers.unknown_id(item_id)]
        return [answers.dropped(item_id)]

    def _owner(self, who: str, rest: str, at: datetime) -> list[str]:
        item_id, name = id_and_text(rest)
        if not name:
            return [answers.usage("owner")]
        item = self._items.get(item_id)
        if item is None:
            return [answers.unknown_id(item_id)]
        if item.kind is not ItemKind.ACTION:
            return [answers.not_an_action(item_id)]
        self._owner_set.add(item_id)
        self._items[item_id] = replace(item, owner=self._owners.named(name))
        return [answers.action(self._items[item_id], self._name, "updated")]

    def _done(self, who: str, rest: str, at: datetime) -> list[str]:
        said = []
        for item_id in ids_of(rest):
            item = self._items.get(item_id)
            if item is not None and item.kind is ItemKind.ACTION:
                self._items[item_id] = replace(item, done=True)
                said.append(answers.done(item))
            elif item_id in self._open:
                self._closed[item_id] = None
                said.append(answers.closed(self._open[item_id]))
            else:
                said.append(answers.unknown_id(item_id))
        return said or [answers.usage("done")]

    def _chair(self, who: str, rest: str, at: datetime) -> list[str]:
        for name in names_of(rest):
            self._chairs.setdefault(self._identity(name), name)
        return [answers.chairs(self._chairs.values())]

    def _unchair(self, who: str, rest: str, at: datetime) -> list[str]:
        leaving = {self._identity(name) for name in names_of(rest)}
        if leaving >= self._chairs.keys():
            return [answers.last_chair()]
        for identity in leaving:
            self._chairs.pop(identity, None)
        return [answers.chairs(self._chairs.values())]

    def _undo(self, who: str, rest: str, at: datetime) -> list[str]:
        while self._recorded:
            last = self._recorded.pop()
            gone = self._items.pop(last, None) or self._topics.pop(last, None)
            if gone is not None:
                return [answers.undone(last, gone.text if isinstance(gone, Item) else gone.title)]
        return [answers.nothing_to_undo()]

    def _help(self, who: str, rest: str, at: datetime) -> list[str]:
        return answers.help_text()

    # --- helpers ------------------------------------------------------------------------------

    def _with_text(self, item: Item, text: str, release: str | None) -> Item:
        """`item` saying `text`; an action's owner (unless a chair set it) and due date follow the text."""
        if item.kind is not ItemKind.ACTION:
            return replace(item, text=text, release=release)
        owner = item.owner if item.id in self._owner_set else self._owners.in_text(text)
        said = item.at or self.start
        if said is None:  # a meeting whose day nobody knows: no due date to count from
            return replace(item, text=text, owner=owner, due=None)
        due, _ = due_date(text, said=said.date(), milestones=self._milestones, default_days=self._default_due_days)
        return replace(item, text=text, owner=owner, due=due)

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
