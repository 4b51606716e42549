"""The three-way merge: the agenda's facts, another side's facts, and the last-synced facts.

A pure function that plans; nothing is read or written here. For every key:
- both sides agree: nothing to do;
- only the agenda changed: the other side gets the agenda's value;
- only the other side changed: the agenda takes it, unless the key is one-way;
- both changed, differently (or a one-way key changed on the other side): a conflict; the agenda
  wins, and the conflict keeps the other side's value so that nobody's text is lost.
With no last-synced state (a first sync against an existing page) every key counts as unchanged
since "nothing", so additions on either side are kept and differing values are conflicts.

Mass changes are not believed (vdirsyncer refuses a side that suddenly empties; we go further):
when the other side removed or struck (declined) every record of a kind it had, at least two, or
more than half of them and at least `MASS_MIN`, in one go, none of those removals is taken; when it
kept none of the facts of the last sync at all (a blanked or replaced page), nothing of it is
taken. Each change not taken is held as a conflict with its reason, for the organisers; the
agenda's records are published again, and the rest of the sync goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Facts = Mapping[str, str]


@dataclass(frozen=True)
class Change:
    """One fact to change on one side: `new` None removes it."""

    key: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class FieldConflict:
    """Both sides changed one fact: the agenda's value won; the other side's value is kept here."""

    key: str
    base: str | None
    agenda: str | None
    other: str | None
    reason: str = ""  # why the other side's value was not taken, when it is not a plain both-sides change


@dataclass(frozen=True)
class Plan:
    """What a sync will do: facts to bring into the agenda, facts to publish, conflicts to record."""

    to_agenda: tuple[Change, ...]
    to_other: tuple[Change, ...]
    conflicts: tuple[FieldConflict, ...]

    @property
    def is_empty(self) -> bool:
        """Whether the sides already agree."""
        return not (self.to_agenda or self.to_other or self.conflicts)


GROUPS = ("attendee/", "topic/", "block/")
MASS_MIN = 5
"""A change to fewer records than this is never a mass change (unless it empties the list)."""


def record_of(key: str) -> str:
    """The record a fact belongs to: `attendee/pavel` for `attendee/pavel/status`."""
    return key if key.startswith("link:") else "/".join(key.split("/")[:2])


def merge(base: Facts | None, agenda: Facts, other: Facts, *, one_way: Callable[[str], bool]) -> Plan:
    """Plan the sync of `agenda` with `other` since `base` (None: never synced)."""
    last: Facts = base or {}
    to_agenda: list[Change] = []
    to_other: list[Change] = []
    conflicts: list[FieldConflict] = []
    for key in sorted(agenda.keys() | other.keys() | last.keys()):
        was, ours, theirs = last.get(key), agenda.get(key), other.get(key)
        if ours == theirs:
            continue
        if theirs == was:
            to_other.append(Change(key, theirs, ours))
        elif ours == was and not one_way(key) and not _under_removed_block(key, other, last):
            to_agenda.append(Change(key, ours, theirs))
        else:
            conflicts.append(FieldConflict(key, was, ours, theirs))
            to_other.append(Change(key, theirs, ours))
    _keep_parents(agenda, last, to_agenda, conflicts, to_other)
    _removed_here_changed_there(agenda, last, other, to_agenda, conflicts)
    if last and not last.keys() & other.keys():
        reason = "the page kept nothing the bot wrote at the last sync (a blanked or replaced page?)"
        _hold(to_agenda, to_agenda, last, conflicts, to_other, reason)
    _hold_mass_changes(last, to_agenda, conflicts, to_other)
    return Plan(tuple(to_agenda), tuple(to_other), tuple(conflicts))


def _under_removed_block(key: str, other: Facts, last: Facts) -> bool:
    """A block's fields vanish with its line; that removal is the block's conflict, not theirs."""
    if not key.startswith("block/"):
        return False
    block = record_of(key)
    return block not in other and block in last


def _removed_here_changed_there(
    agenda: Facts, last: Facts, other: Facts, to_agenda: list[Change], conflicts: list[FieldConflict]
) -> None:
    """A record the agenda removed while the other side changed it (set, changed or cleared a
    field) is a conflict: the removal stands, and the other side's version is recorded."""
    changed = {record_of(key) for key in other.keys() | last.keys() if other.get(key) != last.get(key)}
    removed = {key for key in last if record_of(key) == key and key not in agenda and key in other}
    for record in removed & changed:
        for change in [c for c in to_agenda if record_of(c.key) == record]:
            to_agenda.remove(change)  # a field of a record that is gone: nothing to take
        if not any(record_of(c.key) == record for c in conflicts):
            reason = "changed on the other side while the agenda removed it"
            conflicts.append(FieldConflict(record, last[record], None, other[record], reason))


def _keep_parents(
    agenda: Facts, last: Facts, to_agenda: list[Change], conflicts: list[FieldConflict], to_other: list[Change]
) -> None:
    """When the other side removed a record but the agenda changed one of its fields (set, changed
    or cleared it), the removal loses: the agenda's record stays whole, and it is a conflict."""
    removed = {c.key for c in to_agenda if c.new is None and record_of(c.key) == c.key and c.key in agenda}
    kept = {record_of(conflict.key) for conflict in conflicts if record_of(conflict.key) != conflict.key}
    kept |= {record_of(key) for key in agenda.keys() | last.keys() if agenda.get(key) != last.get(key)}
    for change in list(to_agenda):
        parent = record_of(change.key)
        if parent in kept and parent in removed and change.new is None:
            to_agenda.remove(change)
            if change.key == parent:
                reason = "removed on the other side while the agenda changed it"
                conflicts.append(FieldConflict(change.key, change.old, change.old, None, reason))
            to_other.append(Change(change.key, None, change.old))


def _hold_mass_changes(
    last: Facts, to_agenda: list[Change], conflicts: list[FieldConflict], to_other: list[Change]
) -> None:
    """Hold the other side's removals (and strikes) of a kind when they are a mass change."""
    for group in GROUPS:
        had = sum(1 for key in last if key.startswith(group) and record_of(key) == key)
        gone = {record_of(c.key) for c in to_agenda if c.key.startswith(group) and _destroys(c)}
        if not is_mass_change(len(gone), had):
            continue
        noun = group.rstrip("/")
        reason = (
            f"the page removed or struck {len(gone)} of the {had} {noun}s at once, which looks like an "
            f"accident or vandalism; the agenda keeps them (remove them from the agenda if they are really gone)"
        )
        _hold([c for c in to_agenda if record_of(c.key) in gone], to_agenda, last, conflicts, to_other, reason)


def _hold(
    held: list[Change],
    to_agenda: list[Change],
    last: Facts,
    conflicts: list[FieldConflict],
    to_other: list[Change],
    reason: str,
) -> None:
    """Take `held` out of what the agenda takes: conflicts with the reason, and published back."""
    for change in list(held):
        to_agenda.remove(change)
        conflicts.append(FieldConflict(change.key, last.get(change.key), change.old, change.new, reason))
        to_other.append(Change(change.key, change.new, change.old))


def _destroys(change: Change) -> bool:
    """Whether a change takes a record away: removes it, or strikes an attendee through (declined)."""
    if change.new is None:
        return record_of(change.key) == change.key
    return change.key.endswith("/status") and change.new == "declined"


def is_mass_change(gone: int, had: int) -> bool:
    """Whether taking `gone` of the `had` records of a kind away in one sync is a mass change."""
    return (had >= 2 and gone >= had) or (gone >= MASS_MIN and 2 * gone > had)
