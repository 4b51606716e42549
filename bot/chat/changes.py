"""The changes a chat command makes to an agenda, as values, and how they are written to the YAML.

A command only decides (`bot.chat.commands`); the worker applies its changes to an open agenda
document, many requests in one write. Every change is idempotent: applied again after a crash
between the write and the reply, it finds its work done and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.agenda.chat_edits import decide, identify, reference, registry, unvote, volunteer, vote, withdraw
from bot.agenda.edits import add_attendee, add_person, add_proposal, add_session_topic
from bot.agenda.links import link, unlink
from bot.agenda.pledge_edits import add_pledge, settle_pledge
from bot.agenda.records import ACTION_KEYS
from bot.agenda.tree import entry_with_id, set_key
from bot.agenda.write import Document
from bot.chat.identity import ChatUser
from bot.model import ActionStatus, AttendanceStatus, Channel, PledgeStatus, ProposalStatus


@dataclass(frozen=True)
class Identify:
    """The caller, recorded in the registry: linked by chat id (or added, when `person` is None)."""

    user: ChatUser
    person: str | None


@dataclass(frozen=True)
class SignUp:
    """The caller signs up, or changes their sign-up."""

    status: AttendanceStatus = AttendanceStatus.CONFIRMED
    remote: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Withdraw:
    """The caller is not coming after all (kept, struck through, as declined)."""


@dataclass(frozen=True)
class Propose:
    """The caller proposes a topic."""

    title: str
    description: str | None = None


@dataclass(frozen=True)
class Vote:
    """The caller votes for a proposal (`cast` False: takes the vote back)."""

    proposal: str
    cast: bool = True


@dataclass(frozen=True)
class Volunteer:
    """The caller volunteers for a work item."""

    item: str


@dataclass(frozen=True)
class Finish:
    """The caller marks one of their own action items done (the command checked it is theirs)."""

    action: str


@dataclass(frozen=True)
class Decide:
    """An organiser accepts, rejects or schedules a proposal."""

    proposal: str
    status: ProposalStatus
    session: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class MakePledge:
    """The caller pledges money toward a milestone (pending until an organiser confirms it)."""

    milestone: str
    amount: Decimal
    currency: str
    anonymous: bool = False
    note: str | None = None


@dataclass(frozen=True)
class SettlePledge:
    """An organiser confirms or refuses a pledge."""

    pledge: str
    status: PledgeStatus
    reason: str | None = None


@dataclass(frozen=True)
class Link:
    """An organiser says the chat user `chat_id` is `person` (a provisional person chat made for
    that chat id is merged into them)."""

    chat_id: str
    person: str


@dataclass(frozen=True)
class Unlink:
    """An organiser takes a person's chat id off them."""

    person: str


Change = (Identify | SignUp | Withdraw | Propose | Vote | Volunteer | Finish | MakePledge | Decide | SettlePledge
          | Link | Unlink)  # fmt: skip


@dataclass(frozen=True)
class Applied:
    """What applying a request's changes did: whether its own change was new (a registry entry
    alone does not count), and a new proposal's or pledge's id."""

    changed: bool
    new_id: str | None = None


def apply_changes(document: Document, changes: Sequence[Change], *, now: datetime) -> Applied:
    """Apply one request's changes, in order, to the document's tree (not yet written)."""
    who: str | None = None
    changed, new_id = False, None
    for change in changes:
        if isinstance(change, Identify):
            who = _identify(document, change)
            continue
        if isinstance(change, Decide | SettlePledge | Link | Unlink):
            changed |= _organisers(document, change)
            continue
        if who is None:
            raise ValueError(f"{change} needs the caller identified first")
        if isinstance(change, Propose):
            new_id, proposed = _propose(document, change, who)
            changed |= proposed
        elif isinstance(change, MakePledge):
            new_id, pledged = add_pledge(
                document, change.milestone, who, change.amount, change.currency,
                anonymous=change.anonymous, note=change.note,
            )  # fmt: skip
            changed |= pledged
        else:
            changed |= _personal(document, change, who, now)
    return Applied(changed, new_id)


def _identify(document: Document, change: Identify) -> str:
    """The caller's reference, linked or registered; a user without a chat id (at the terminal)
    is registered by name alone."""
    user = change.user
    if user.id:
        return identify(document, user.name, chat_id=user.id, email=user.email, person=change.person)
    directory = registry(document)
    if change.person is not None:
        return reference(directory, directory.find(change.person)[0])
    add_person(document, user.name)
    return user.name


def _organisers(document: Document, change: Decide | SettlePledge | Link | Unlink) -> bool:
    """An organiser's change: a decision on a proposal or a pledge, or who a chat user is."""
    if isinstance(change, SettlePledge):
        return settle_pledge(document, change.pledge, change.status, change.reason)
    if isinstance(change, Link):
        return link(document, change.chat_id, change.person)
    if isinstance(change, Unlink):
        return unlink(document, change.person)
    return _decide(document, change)


def _decide(document: Document, change: Decide) -> bool:
    """The decision, and a scheduled proposal's title among its block's topics."""
    changed = decide(document, change.proposal, change.status, session=change.session, reason=change.reason)
    proposal = next((p for p in document.agenda.proposals if p.id == change.proposal), None)
    if change.session and proposal is not None:
        changed |= add_session_topic(document, change.session, proposal.title)
    return changed


def _personal(document: Document, change: Change, who: str, now: datetime) -> bool:
    if isinstance(change, SignUp):
        return add_attendee(
            document, who, status=change.status, remote=change.remote, note=change.note, via=Channel.CHAT, signed_up=now
        )
    if isinstance(change, Withdraw):
        return withdraw(document, who)
    if isinstance(change, Vote):
        cast = vote if change.cast else unvote
        return cast(document, change.proposal, who)
    if isinstance(change, Volunteer):
        return volunteer(document, change.item, who)
    if isinstance(change, Finish):
        return _finish(document, change.action)
    raise TypeError(f"not a personal change: {change}")


def _finish(document: Document, action: str) -> bool:
    """The action item's status set to done (unchanged when it is done already)."""
    entry = entry_with_id(document, "actions", action)
    if entry.get("status") == ActionStatus.DONE.value:
        return False
    set_key(entry, "status", ActionStatus.DONE.value, ACTION_KEYS)
    return True


def _propose(document: Document, change: Propose, who: str) -> tuple[str, bool]:
    """A proposal's id; an identical proposal by the same person (a request applied again) is not
    added twice."""
    for entry in document.tree.get("proposals") or []:
        if hasattr(entry, "get") and entry.get("title") == change.title and entry.get("proposer") == who:
            return str(entry["id"]), False
    return add_proposal(document, change.title, proposer=who, description=change.description), True
