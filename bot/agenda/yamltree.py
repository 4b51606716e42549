"""Read YAML into plain Python values that remember where each key and value stood.

Checking an agenda needs a line and column for every value, and a FOSDEM-sized file must load in
a fraction of a second. ruamel's round-trip loader keeps positions but is pure Python (4.5 s for
28,000 lines here); composing nodes costs 0.45 s. So we read libyaml's event stream (0.14 s) and
build dicts and lists ourselves, noting positions as we go. The events come from libyaml in C
(ruamel.yaml.clib's CParser); building on them was most of the time, so the common event, a
scalar without anchor or tag inside a container, takes a short way through one loop, and the
cyclic collector rests meanwhile. Plain scalars are typed by ruamel's YAML 1.2 resolver, the same
one its writer uses, so what we read is what `write` will write (`PlainScalars`).

Two routes lead to the same tree. Most agendas are written in a small part of YAML (block
mappings and sequences, one-line scalars and flow lists, comments); `yamlfast` reads that part
line by line, over twice as fast, and gives up at the first line it is not sure of. The
event builder below reads everything else: it remains the reference, and the only route that
reports problems, so a file with a problem always reaches it.

An alias shares its anchor's value (no copy), but every reader walks it again, so nested aliases
(a "billion laughs": each level aliasing the one below ten times) would make a few kilobytes cost
minutes and all the memory. The builder counts the values each alias brings in and stops reading
past MAX_ALIASED, at that alias, before anything walks the tree.

A character no format of ours can carry (`bot.text`: NUL, ESC, ...) is a problem at its line and
column, written raw or as an escape in double quotes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from bot import process
from bot.agenda.scalars import PLAIN_RESOLVERS, typed_scalar, unwritable_problems
from bot.errors import Problem
from bot.text import UNWRITABLE, character_name

if TYPE_CHECKING:  # ruamel.yaml (30 ms to import) only when the line reader gives up
    from ruamel.yaml import events as ev

Mark = tuple[int, int]
"""A 1-based (line, column) position in the file."""

_TAG = "tag:yaml.org,2002:"
_DUPLICATE = "\x00duplicate"  # the pending key of a value to drop: its key was written twice
_ESCAPE_HINT = "an agenda holds printable text, tabs and line breaks only: remove the escape"
MAX_ALIASED = 100_000
"""How many values aliases may bring into one file, all together (an agenda needs a handful)."""


class YamlMap(dict[str, Any]):
    """A mapping read from YAML; knows where it, each key and each value stood."""

    __slots__ = ("at", "key_marks", "value_marks")

    def __init__(self, at: Mark) -> None:
        super().__init__()
        self.at = at
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}

    def key_at(self, key: str) -> Mark:
        """Where `key` is written (the map's own position when it is absent)."""
        return self.key_marks.get(key, self.at)

    def value_at(self, key: str) -> Mark:
        """Where the value of `key` starts (the map's own position when it is absent)."""
        return self.value_marks.get(key, self.at)


class YamlList(list[Any]):
    """A sequence read from YAML; knows where it and each item stood."""

    __slots__ = ("at", "marks")

    def __init__(self, at: Mark) -> None:
        super().__init__()
        self.at = at
        self.marks: list[Mark] = []


def parse_yaml(text: str, path: str, *, fast: bool = True) -> tuple[Any, list[Problem]]:
    """Read one YAML document; return its value and the problems found.

    A syntax error ends reading: the value is then None and the problem says where it is.
    The line reader (`yamlfast`) reads it when it is sure of the file; `fast=False` always
    takes the event builder.
    """
    unwritable = unwritable_problems(text, path)
    if unwritable:
        return None, unwritable
    scalars = PlainScalars()
    if fast:
        from bot.agenda.yamlfast import read_fast  # noqa: PLC0415 - it builds on this module

        with collector_paused():
            tree = read_fast(text, scalars)
        if tree is not None:
            return tree, []
    from ruamel.yaml import YAML  # noqa: PLC0415 - see TYPE_CHECKING above
    from ruamel.yaml.error import MarkedYAMLError  # noqa: PLC0415

    builder = _Builder(path, scalars)
    try:
        with collector_paused():
            builder.build(YAML(typ="safe", pure=False).parse(text))
    except _Refused as refused:
        return None, [refused.problem]
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {error.problem or error.context}"
        return None, [Problem(path, line, col, message)]
    return builder.root, builder.problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while an agenda is read: the tree holds no cycles (an
    alias inside its own anchor is refused), and the collector's passes over the growing tree and
    model took a fifth of the reading time. It is turned back on as it was found.

    In a one-shot process (`bot.process`) what was read is frozen (`gc.freeze`) as the collector
    comes back on. Otherwise its next pass would scan every object read: about 135,000 for a
    FOSDEM-sized agenda, 50-120 ms each time. Only acyclic trees and models are read, and the
    process drops them at exit. A bot that stays up does not freeze: cyclic garbage of its other
    threads would be frozen too, and never collected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if process.one_shot:
                gc.freeze()
            gc.enable()


class PlainScalars:
    """The values of plain scalars as ruamel's YAML 1.2 resolver types them (its table, copied in
    `bot.agenda.scalars`), kept as found; shared by the two readers, so both type a scalar alike."""

    __slots__ = ("_patterns", "cache")

    def __init__(self) -> None:
        self.cache: dict[str, Any] = {}
        """Plain scalar text -> its value."""
        self._patterns = PLAIN_RESOLVERS

    def resolved(self, value: str) -> Any:
        """The typed value of a plain scalar, by ruamel's YAML 1.2 resolver (kept for the next).

        As `VersionedResolver.resolve` does for a plain scalar, with its table looked up once:
        the first pattern listed under the value's first character (or under None) that matches.
        """
        patterns = self._patterns.get(value[0] if value else "", [])
        tag = next((tag for tag, pattern in patterns if pattern.match(value)), f"{_TAG}str")
        typed = typed_scalar(str(tag), value)
        self.cache[value] = typed
        return typed

    def typed_starts(self) -> frozenset[str] | None:
        """The first characters under which the resolver lists patterns: a plain scalar starting
        with any other is a string. None when some pattern is listed for any first character."""
        return frozenset(start for start in self._patterns if start)


class _Refused(Exception):
    """Reading stops here: the file is built to exhaust its reader."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Builder:
    """Turns parser events into YamlMap / YamlList / scalars, collecting problems."""

    def __init__(self, path: str, scalars: PlainScalars) -> None:
        from ruamel.yaml import events as ev  # noqa: PLC0415 - see TYPE_CHECKING above

        self.path = path
        self.problems: list[Problem] = []
        self.root: Any = None
        self.documents = 0
        self._stack: list[YamlMap | YamlList] = []
        self._pending_key: list[str | None] = []
        self._anchors: dict[str, Any] = {}
        self._sizes: dict[str, int] = {}  # anchor -> how many values it holds, aliases counted in full
        self._counts: list[int] = []  # per open container: the values in it so far, itself included
        self._open_anchors: list[str | None] = []
        self._aliased = 0
        self.scalars = scalars
        self._scalar_event = ev.ScalarEvent
        self._handlers: dict[type, Callable[[Any], None]] = {
            ev.ScalarEvent: self._on_scalar,
            ev.MappingStartEvent: self._on_mapping,
            ev.SequenceStartEvent: self._on_sequence,
            ev.MappingEndEvent: self._on_end,
            ev.SequenceEndEvent: self._on_end,
            ev.AliasEvent: self._alias,
            ev.DocumentStartEvent: self._on_document,
        }

    def build(self, events: Iterable[ev.Event]) -> None:
        """Read every event. The plain scalars without anchor or tag inside a container, most of
        a file, take a short way here that does what `_on_scalar` does; the rest go to handlers."""
        handlers, stack, pending, counts = self._handlers, self._stack, self._pending_key, self._counts
        plain, resolved, scalar_event = self.scalars.cache, self.scalars.resolved, self._scalar_event
        for event in events:
            if type(event) is not scalar_event or event.anchor or event.ctag is not None or not stack:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
                continue
            text, style = event.value, event.style
            if style == '"' and UNWRITABLE.search(text):
                self._on_scalar(event)
                continue
            value = text if style else plain[text] if text in plain else resolved(text)
            mark = event.start_mark
            at = (mark.line + 1, mark.column + 1)
            parent = stack[-1]
            counts[-1] += 1
            if isinstance(parent, YamlList):
                parent.append(value)
                parent.marks.append(at)
                continue
            key = pending[-1]
            if key is None:
                pending[-1] = self._key(value, at, parent)
                continue
            pending[-1] = None
            if key is not _DUPLICATE:
                parent[key] = value
                parent.value_marks[key] = at

    def _on_scalar(self, event: ev.ScalarEvent) -> None:
        at = _mark(event)
        self._add(self._scalar(event, at), at, event)
        self._count(1)
        if event.anchor:
            self._sizes[event.anchor] = 1

    def _on_mapping(self, event: ev.MappingStartEvent) -> None:
        at = _mark(event)
        self._open(YamlMap(at), at, event)

    def _on_sequence(self, event: ev.SequenceStartEvent) -> None:
        at = _mark(event)
        self._open(YamlList(at), at, event)

    def _on_end(self, event: ev.Event) -> None:
        self._stack.pop()
        self._pending_key.pop()
        size, anchor = self._counts.pop(), self._open_anchors.pop()
        self._count(size)
        if anchor:
            self._sizes[anchor] = size

    def _on_document(self, event: ev.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents == 2:
            self._problem(_mark(event), "an agenda file holds one YAML document; found a second '---'")

    def _open(self, container: YamlMap | YamlList, at: Mark, event: ev.CollectionStartEvent) -> None:
        self._add(container, at, event)
        self._stack.append(container)
        self._pending_key.append(None)
        self._counts.append(1)
        self._open_anchors.append(event.anchor)

    def _alias(self, event: ev.AliasEvent) -> None:
        at = _mark(event)
        anchor = event.anchor
        if anchor in self._open_anchors:
            self._problem(at, f"the alias '*{anchor}' is inside the value it names", "a value cannot contain itself")
            anchor = None
        elif anchor not in self._anchors:
            self._problem(at, f"unknown alias '*{anchor}'")
        size = self._sizes.get(anchor, 1) if anchor else 1
        self._aliased += size
        if self._aliased > MAX_ALIASED:
            message = f"the alias '*{anchor}' makes the aliases of this file bring in over {MAX_ALIASED:,} values"
            hint = "nested aliases that multiply (a 'billion laughs') are refused; write the values out instead"
            raise _Refused(Problem(self.path, at[0], at[1], message, hint))
        self._add(self._anchors.get(anchor) if anchor else None, at, None)
        self._count(size)

    def _count(self, size: int) -> None:
        if self._counts:
            self._counts[-1] += size

    def _add(self, value: Any, at: Mark, event: ev.NodeEvent | None) -> None:
        if event is not None and event.anchor:
            self._anchors[event.anchor] = value
        if not self._stack:
            if self.documents <= 1:
                self.root = value
            return
        parent = self._stack[-1]
        if isinstance(parent, YamlList):
            parent.append(value)
            parent.marks.append(at)
            return
        key = self._pending_key[-1]
        if key is None:
            self._pending_key[-1] = self._key(value, at, parent)
            return
        self._pending_key[-1] = None
        if key is not _DUPLICATE:
            parent[key] = value
            parent.value_marks[key] = at

    def _key(self, value: Any, at: Mark, parent: YamlMap) -> str:
        if isinstance(value, YamlMap | YamlList):
            self._problem(at, "a key must be a plain word, not a list or mapping")
            value = f"<complex key at line {at[0]}>"
        key = "" if value is None else str(value)
        if key in parent.key_marks:
            first = parent.key_marks[key][0]
            self._problem(at, f"duplicate key '{key}' (first written on line {first})")
            return _DUPLICATE
        parent.key_marks[key] = at
        return key

    def _scalar(self, event: ev.ScalarEvent, at: Mark) -> Any:
        tag = event.tag
        if tag is not None and tag not in ("!", f"{_TAG}str"):
            self._problem(at, f"YAML tags such as '{tag}' are not used in agendas; remove it")
        if event.style == '"' and (escaped := UNWRITABLE.search(event.value)):
            message = f"this text holds the character {character_name(escaped[0])}, written as an escape"
            self._problem(at, message, _ESCAPE_HINT)
        if event.style or tag is not None:
            return event.value
        value: str = event.value
        cache = self.scalars.cache
        return cache[value] if value in cache else self.scalars.resolved(value)

    def _problem(self, at: Mark, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, at[0], at[1], message, hint))


def _mark(event: ev.Event) -> Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)
