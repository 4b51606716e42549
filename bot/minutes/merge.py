"""The minutes page's three-way merge, and the page it saves (the event page's: `bot.sync.merge`,
`bot.wiki.splice`, which both do the work here).

The facts of an action item that only say how its line looks (its `line` as written, its `note`)
are kept out of `bot.sync.merge`: a change of a field changes them too, so they are a conflict of
their own only when the page changed them and no field (a change of markup, of the bot's remark).
A line of an action item that people removed is not a removal of its text, owner and due date:
it is the item's conflict alone, and the line comes back.
"""

from __future__ import annotations

from dataclasses import replace

from bot.errors import SummitbotError
from bot.minutes.lines import heading_owner
from bot.minutes.page import Facts, content_key, field_of, is_one_way, read_minutes_page
from bot.sync.merge import Change, FieldConflict, Plan, merge, record_of
from bot.wiki.page import Chunk, Section
from bot.wiki.port import saved_form
from bot.wiki.splice import splice

DERIVED = ("line", "note")
EMPTIED = 3  # records the page had at the last sync, from which losing them all is not believed


class MinutesPageEmptied(SummitbotError):
    """The minutes page lost everything the bot wrote on it: not believed, nothing synced."""


def plan_page(base: Facts | None, ours: Facts, theirs: Facts) -> Plan:
    """Plan the sync of the bot's rendering (`ours`) with the page (`theirs`) since `base`."""
    if base is not None and len({record_of(key) for key in base}) >= EMPTIED and not theirs:
        raise MinutesPageEmptied(
            "the minutes page lost everything the bot wrote on it; that looks like an accident (a blanked "
            "page), so nothing was synced. Restore the page from its history."
        )
    last = base or {}
    plan = merge(_plain(base) if base is not None else None, _plain(ours), _plain(theirs), one_way=is_one_way)
    emptied = _emptied_fields(plan, last, ours, theirs)
    removed = {record_of(c.key) for c in plan.conflicts if c.key == record_of(c.key) and c.other is None}
    to_agenda = tuple(c for c in (*plan.to_agenda, *emptied) if record_of(c.key) not in removed)
    to_other = tuple(c for c in plan.to_other if c.key not in {e.key for e in emptied})
    conflicts = [c for c in plan.conflicts if c.key == record_of(c.key) or record_of(c.key) not in removed]
    keys = [change.key for change in to_agenda] + [conflict.key for conflict in conflicts]
    fixed = removed | {record_of(key) for key in keys if field_of(key) is not None}
    for key in sorted(key for key in ours.keys() | theirs.keys() if _derived(key) and record_of(key) not in fixed):
        if theirs.get(key) not in (last.get(key), ours.get(key)):
            conflicts.append(FieldConflict(key, last.get(key), ours.get(key), theirs.get(key)))
    conflicts += _empty_headings(last, ours, theirs)
    return Plan(to_agenda, to_other, tuple(conflicts))


def _emptied_fields(plan: Plan, base: Facts, ours: Facts, theirs: Facts) -> list[Change]:
    """Fields the page emptied on a line it kept (a text, a due date), which `merge` gives back to
    the page when another field of that line conflicts, as it does for a removed record: a
    correction of the page's all the same."""
    return [
        Change(change.key, change.new, None)
        for change in plan.to_other
        if field_of(change.key) and change.key not in theirs and record_of(change.key) in theirs
        and base.get(change.key) is not None and ours.get(change.key) == base.get(change.key)
    ]  # fmt: skip


def _empty_headings(base: Facts, ours: Facts, theirs: Facts) -> list[FieldConflict]:
    """A heading people added under "Action items, by person" with no action item of theirs under
    it: the bot makes those headings from the owners, so it goes; the conflict keeps it."""
    owners = {value for key, value in theirs.items() if key.startswith("by-person/") and key.endswith("/owner")}
    added = sorted(key for key in theirs if key.startswith("group/") and key not in ours and key not in base)
    named = [key for key in added if heading_owner(theirs[key]) is not None and theirs[key] not in owners]
    return [FieldConflict(key, None, None, theirs[key]) for key in named]


def kept_text(current: tuple[Section, ...], fresh: str, plan: Plan) -> str:
    """The page to save: the fresh rendering, with the lines people changed, added or removed
    there (and the bot did not) as they left them, and every line of theirs in its place."""
    kept = {change.key for change in plan.to_agenda if content_key(change.key)}
    theirs = tuple(_kept(section, kept) for section in current)
    return splice(theirs, tuple(_without(section, kept) for section in read_minutes_page(saved_form(fresh))))


def _derived(key: str) -> bool:
    return key.count("/") == 2 and key.rpartition("/")[2] in DERIVED


def _plain(facts: Facts) -> Facts:
    """The facts the merge weighs: not an action's derived ones, nor the headings of its owners."""
    return {key: value for key, value in facts.items() if not _derived(key) and not key.startswith("group/")}


def _kept(section: Section, kept: set[str]) -> Section:
    """The section with the chunks of `kept` as verbatim text: splice then leaves them in place."""
    return replace(section, chunks=tuple(Chunk(c.text) if c.key in kept else c for c in section.chunks))


def _without(section: Section, kept: set[str]) -> Section:
    return replace(section, chunks=tuple(c for c in section.chunks if c.key not in kept))
