"""Stamps: what the bot remembers about each calendar entry so that feeds are stable and updates
reach clients: the SEQUENCE, when it was created and last changed, whether it was cancelled, and
its last text.

`advance` is pure: given the stamps of last time and the entries of now, it says which stamps
change. An unchanged entry keeps its stamp and its text, byte for byte; a changed one is
rendered again, with SEQUENCE raised only when its schedule changed; an entry that left the
agenda becomes a cancelled copy of its last text, and is forgotten `keep` after that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta

from bot.calendar.entries import Entry

# entry, sequence, created, modified -> component text
Render = Callable[[Entry, int, datetime, datetime], str]
# last text, sequence, when -> the cancelled text
Cancel = Callable[[str, int, datetime], str]


@dataclass(frozen=True)
class Stamp:
    """The remembered state of one entry (one UID) of an event."""

    uid: str
    sequence: int
    schedule: str  # digest of start, end, recurrence and status
    content: str  # digest of everything the entry says
    created: datetime
    modified: datetime
    position: str
    component: str  # the text last published
    involves: str  # JSON: the person ids it concerns, or null for every attendee
    cancelled: datetime | None = None


@dataclass(frozen=True)
class Advance:
    """The stamps after a run, and which of them changed or were forgotten."""

    stamps: dict[str, Stamp]
    changed: list[Stamp]
    forgotten: list[str]


def advance(
    before: Mapping[str, Stamp],
    entries: Iterable[Entry],
    *,
    now: datetime,
    keep: timedelta,
    render: Render,
    cancel: Cancel,
    prefix: str = "",
) -> Advance:
    """The stamps for `entries` (see the module docstring); only UIDs starting with `prefix` are
    considered gone when missing (one store holds an event's events and tasks)."""
    after: dict[str, Stamp] = {}
    changed: list[Stamp] = []
    for entry in entries:
        stamp = _next(before.get(entry.uid), entry, now, render)
        after[entry.uid] = stamp
        if stamp is not before.get(entry.uid):
            changed.append(stamp)
    forgotten: list[str] = []
    for uid, last in before.items():
        if uid in after or not uid.startswith(prefix):
            continue
        if last.cancelled is None:
            gone = last.sequence + 1
            text = cancel(last.component, gone, now)
            after[uid] = replace(last, sequence=gone, modified=now, cancelled=now, component=text)
            changed.append(after[uid])
        elif now - last.cancelled > keep:
            forgotten.append(uid)
        else:
            after[uid] = last
    return Advance(after, changed, forgotten)


def _next(last: Stamp | None, entry: Entry, now: datetime, render: Render) -> Stamp:
    schedule, content = digest(entry.schedule), digest(_content(entry))
    involves = json.dumps(None if entry.involves is None else sorted(entry.involves))
    if last is not None and last.cancelled is None and last.content == content:
        # who it concerns is not in the text: the feed stays byte-identical
        return last if last.involves == involves else replace(last, involves=involves)
    if last is None:
        sequence, created = 0, now
    else:
        moved = last.schedule != schedule or last.cancelled is not None
        sequence, created = last.sequence + (1 if moved else 0), last.created
    text = render(entry, sequence, created, now)
    return Stamp(entry.uid, sequence, schedule, content, created, now, entry.position, text, involves)


def adopt_sequence(stamp: Stamp, seen: int) -> Stamp:
    """A stamp whose SEQUENCE is at least what a calendar app wrote (some apps raise it themselves);
    its content digest is cleared so that the next `advance` renders it with that SEQUENCE."""
    return stamp if seen <= stamp.sequence else replace(stamp, sequence=seen, content="")


def digest(value: object) -> str:
    """A short, stable digest of a value's repr (entries hold only str, int, date and tuples)."""
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=12).hexdigest()


# Fields added since stamps were first stored: left out while unset, so adding one changes no
# digest and rewrites no stored entry.
_LATER = ("alarm",)


def _content(entry: Entry) -> tuple[object, ...]:
    return tuple(
        getattr(entry, f.name)
        for f in fields(entry)
        if f.compare and not (f.name in _LATER and getattr(entry, f.name) is None)
    )
