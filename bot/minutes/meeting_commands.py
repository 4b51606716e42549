"""MeetBot's commands, one method each, for `Meeting` (which holds the state they change).

Each takes who said it, the rest of the line and when, and returns the bot's answers. The
attributes and the few methods of `Meeting` they use are declared here, so each half reads alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.minutes import answers
from bot.minutes.model import Item, ItemKind, Topic
from bot.minutes.owners import Owners
from bot.minutes.syntax import id_and_text, ids_of, meeting_name_of, names_of, split_roadmap
from bot.minutes.votes import Vote
from bot.model import ActionItem

Handler = Callable[[str, str, datetime], list[str]]


class MeetingCommands:
    """The handlers of the commands; `Meeting` maps each command word to one."""

    title: str
    start: datetime | None
    end: datetime | None
    meeting_name: str | None
    planned: tuple[str, ...]
    _owners: Owners
    _name: Callable[[str], str]
    _open: dict[str, ActionItem]
    _chairs: dict[str, str]
    _topics: dict[str, Topic]
    _items: dict[str, Item]
    _recorded: list[str]
    _owner_set: set[str]
    _closed: dict[str, None]
    _started: bool
    _ended: bool
    _spoke: dict[str, None]
    _vote: Vote | None

    def topic(self, title: str, *, at: datetime | None = None) -> Topic:
        """Raise a topic (`Meeting.topic`)."""
        raise NotImplementedError

    def record(
        self, kind: ItemKind, text: str, *, who: str | None, at: datetime | None = None, release: str | None = None
    ) -> Item:
        """Record an item (`Meeting.record`)."""
        raise NotImplementedError

    def _with_text(self, item: Item, text: str, release: str | None) -> Item:
        raise NotImplementedError

    def _identity(self, who: str) -> str:
        raise NotImplementedError

    def _count(self, nick: str, lines: int) -> None:
        raise NotImplementedError

    def _startmeeting(self, who: str, rest: str, at: datetime) -> list[str]:
        if self._started:
            return [answers.already_started(self.title)]
        self._started, self.start, self.title = True, at, rest or self.title
        self.meeting_name = meeting_name_of(rest) if rest else self.meeting_name
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
        self._items[item_id] = replace(item, owner=self._owners.named(name), more_owners=())
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
            self._count(name, 0)  # MeetBot counts a chair among the attendees
            self._spoke.setdefault(name)
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
        if rest:  # MeetBot's #help TEXT: a call for help, kept in the minutes
            return [answers.recorded(self.record(ItemKind.HELP, rest, who=who, at=at), self._name)]
        return answers.help_text()

    def _meetingname(self, who: str, rest: str, at: datetime) -> list[str]:
        if not rest:
            return [answers.usage("meetingname")]
        self.meeting_name = meeting_name_of(rest)
        return [answers.meeting_named(self.meeting_name)]

    def _nick(self, who: str, rest: str, at: datetime) -> list[str]:
        for name in names_of(rest):  # someone who said nothing, so that actions can name them
            self._count(name, 0)
            self._spoke.setdefault(name)
        return [answers.nicks(self._spoke)]

    def _startvote(self, who: str, rest: str, at: datetime) -> list[str]:
        if self._vote is not None:
            return [answers.vote_open(self._vote.question)]
        self._vote = Vote.opened(rest)
        return [
            answers.vote_started(self._vote.question, self._vote.options) if self._vote else answers.usage("startvote")
        ]

    def _cast(self, who: str, rest: str, at: datetime) -> list[str]:
        if self._vote is None or self._vote.cast(who, rest):
            return []
        return [answers.not_an_option(who, rest, self._vote.options)]

    def _endvote(self, who: str, rest: str, at: datetime) -> list[str]:
        if self._vote is None:
            return []
        result, self._vote = self._vote.result(), None
        self.record(ItemKind.VOTE, result, who=who, at=at)
        return [result]
