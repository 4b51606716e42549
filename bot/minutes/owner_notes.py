"""What `summitbot minutes` says on stderr about the owners of the actions, before anything is
published: owners unclear, unknown or only inferred, actions with several owners (the agenda's
action item keeps the first), and, without an agenda, whose the actions are.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.minutes.layout import OwnerKind, candidates_text, owner_kind, owner_name, person_names
from bot.minutes.model import NOBODY, Confidence, Minutes, Owner
from bot.model import Agenda


def registry_notes(minutes: Minutes) -> list[str]:
    """Without an agenda: whose the actions are, and which belong to nobody."""
    if not minutes.actions:
        return []
    if not any(item.owners for item in minutes.actions):
        return ["no --agenda, and no action names anyone who spoke: every action is unassigned"]
    notes = ["no --agenda: an action belongs to each nick named in it that said something in the meeting"]
    return notes + [
        f"{item.id}: names nobody who spoke in the meeting; it stays unassigned"
        for item in minutes.actions
        if not item.owners
    ]


def owner_warnings(minutes: Minutes, agenda: Agenda | None) -> list[str]:
    """One line for each owner of an action who is unclear, unknown, or only inferred, and for
    each action with several owners (the agenda keeps the first)."""
    named = person_names(agenda)
    warnings = []
    for item in minutes.actions:
        for owner in item.owners or (item.owner or NOBODY,):
            warnings += _owner_warning(item.id, owner, named)
        names = [owner_name(owner, named) or owner.written or "?" for owner in item.owners]
        if len(names) > 1:
            warnings.append(
                f"{item.id} has {len(names)} owners ({', '.join(names)}): the agenda's action item keeps "
                f"{names[0]} as its owner, and its text names the others"
            )
    return warnings


def _owner_warning(item_id: str, owner: Owner, named: Mapping[str, str]) -> list[str]:
    kind = owner_kind(owner)
    if kind is OwnerKind.UNCLEAR:
        return [
            f"{item_id} '{owner.written}': {candidates_text(owner, named)}? Use #owner in the meeting or edit the YAML"
        ]
    if kind is OwnerKind.UNASSIGNED:
        said = f"'{owner.written}' is nobody the agenda knows" if owner.written else "nobody was named"
        return [f"{item_id}: {said}; it stays unassigned. Use #owner in the meeting or edit the YAML"]
    if owner.person and owner.confidence is Confidence.INFERRED:
        return [f"{item_id} '{owner.written}': taken as {named.get(owner.person, owner.person)}"]
    return []


def unclear_owners(minutes: Minutes) -> list[str]:
    """Without an agenda: one line for each owner who could be several of the people the record names."""
    return [
        f"{item.id} '{owner.written}': {' or '.join(owner.candidates)}?"
        for item in minutes.actions
        for owner in item.owners
        if owner.confidence is Confidence.AMBIGUOUS
    ]
