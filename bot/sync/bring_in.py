"""Bring another side's changes into the agenda file, record by record, never stuck on one of them.

The changes a sync takes from the wiki or a calendar are grouped by record (an attendee, a topic,
a block, an action item) and applied to one round-trip document, checked together and written
once: the usual case, one load and one write. When the result would not check (a wiki edit
removed an attendee a block still names as its moderator, an app dragged a session off the
event's days), the records are applied again one at a time, each checked on top of those already
taken: the ones the agenda cannot hold are held back, with the check's problems as the reason,
and the others land. An apply function may also hold a record itself by raising `Hold` before it
changes anything. The caller records what was held as conflicts: nothing anyone wrote is lost,
and one bad record never keeps the others (or every later sync) from landing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.agenda.load import parse_agenda
from bot.agenda.write import Document, atomic_write
from bot.errors import SummitbotError, UserError
from bot.sync.merge import Change

ApplyRecord = Callable[[Document, str, Sequence[Change]], list[str]]
"""Applies one record's changes to the document; returns what changed, in words."""


class Hold(SummitbotError):
    """A record the agenda does not take from the other side; the message says why."""


@dataclass
class Taken:
    """What `bring_in` did: the changes in words, the records held back and why, and whether it wrote."""

    done: list[str] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)  # record -> reason
    written: bool = False


def bring_in(path: Path, text: str, records: Mapping[str, Sequence[Change]], apply: ApplyRecord) -> Taken:
    """Apply `records` to the agenda `text` of `path` and write the result; the caller holds the
    agenda's lock and `text` is the file as read under it."""
    document = Document(text, path)
    taken = Taken()
    for record, changes in records.items():
        _apply(document, record, changes, apply, taken)
    new = document.text()
    if new == text:
        return taken
    try:
        if new != document.checked:  # a text edit was already checked as it was read back
            parse_agenda(new, str(path))
    except UserError:
        return _one_by_one(document, text, records, apply)
    _write(document, new)
    taken.written = True
    return taken


def _write(document: Document, text: str) -> None:
    """Write the agenda in the file's own style (its line ends, its byte-order mark)."""
    atomic_write(document.path, text, newline=document.newline, bom=document.bom)


def _apply(document: Document, record: str, changes: Sequence[Change], apply: ApplyRecord, taken: Taken) -> bool:
    try:
        taken.done += apply(document, record, changes)
    except Hold as hold:
        taken.held[record] = str(hold)
        return False
    return True


def _one_by_one(opened: Document, text: str, records: Mapping[str, Sequence[Change]], apply: ApplyRecord) -> Taken:
    """Take each record that checks on top of the ones taken before it; hold the others."""
    taken = Taken()
    current, path = text, opened.path
    for record, changes in records.items():
        document = Document(current, path)
        said = len(taken.done)
        if not _apply(document, record, changes, apply, taken):
            continue
        candidate = document.text()
        try:
            if candidate != document.checked:
                parse_agenda(candidate, str(path))
        except UserError as error:
            del taken.done[said:]
            problems = "; ".join(problem.message for problem in error.problems)
            taken.held[record] = f"not taken: the agenda would not check with it ({problems})"
            continue
        current = candidate
    if current != text:
        _write(opened, current)
        taken.written = True
    return taken
