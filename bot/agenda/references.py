"""Where an agenda names a person: the records that depend on them, in words.

A person known only from the attendee list exists through that one entry; removing it would leave
every block they moderate, vote they cast or action item they own naming nobody. The sync asks
here first, and holds such a removal for the organisers instead of breaking the agenda.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.model import Agenda, Meeting, Session


def roles_of(agenda: Agenda, person_id: str) -> list[str]:
    """Every record that names the person, as "moderator of 'Cgroups'", in file order."""
    return list(_roles(agenda, person_id))


def _roles(agenda: Agenda, person: str) -> Iterator[str]:
    if person in agenda.event.organisers:
        yield "an organiser"
    blocks: list[Session | Meeting] = [*agenda.sessions, *agenda.meetings]
    for block in blocks:
        if person in block.moderators:
            yield f"moderator of '{block.title}'"
        if person in block.required:
            yield f"required at '{block.title}'"
    yield from (f"scribe of '{session.title}'" for session in agenda.sessions if session.scribe == person)
    for proposal in agenda.proposals:
        if proposal.proposer == person:
            yield f"proposer of {proposal.id}"
        if person in proposal.votes:
            yield f"a voter for {proposal.id}"
    yield from (f"a volunteer for {item.id}" for item in agenda.work_items if person in item.volunteers)
    yield from (f"owner of action item {action.id}" for action in agenda.actions if action.owner == person)
    for milestone in agenda.roadmap:
        yield from (f"owner of '{item.title}' ({milestone.id})" for item in milestone.items if item.owner == person)
        yield from (f"a sponsor of {milestone.id}" for pledge in milestone.pledges if pledge.who == person)
