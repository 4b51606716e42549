"""`/summit pledge` and `/summit milestones`: money promised toward the roadmap's milestones, from chat.

- `pledge [anonymous] AMOUNT [MILESTONE] [-- note]`: AMOUNT as people write it (`bot.money`:
  `500 EUR`, `€500`, `USD 250`, `1k eur`); MILESTONE an id, a title in any case or a unique start
  of one (`bot.lookup`); none given: the one open milestone, else the bot asks. Without `--`, a
  word after the milestone's first word starts the note when the whole text names no milestone.
  The pledge is written `pending`, for an organiser to confirm.
- `pledge confirm ID`, `pledge refuse ID [reason]`: organisers only (by their chat id, never by
  name: `bot.chat.identity`).
- `milestones`: what is pledged toward each, confirmed and pending, per currency, and the target.
"""

from __future__ import annotations

from bot.chat import pledge_replies
from bot.chat.changes import MakePledge, SettlePledge
from bot.chat.commands import CommandError, Outcome, Request, Served, identify_caller
from bot.chat.identity import Caller, is_organiser
from bot.chat.replies import organisers_only, too_long
from bot.lookup import Named, closest, matches
from bot.model import Agenda, Milestone, MilestoneKind, Pledge, PledgeStatus, RoadmapStatus
from bot.money import AmountError, read_money

ANONYMOUS = frozenset({"anonymous", "anonymously", "anon"})
MAX_NOTE = 300
_SETTLE = {"confirm": PledgeStatus.CONFIRMED, "refuse": PledgeStatus.REFUSED}


def pledge(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    """A pledge by the caller, or an organiser's `confirm`/`refuse` of one."""

    words = rest.split()
    if words and words[0].lower() in _SETTLE:
        return settle(agenda, caller, _SETTLE[words[0].lower()], " ".join(words[1:]))
    anonymous = bool(words) and words[0].lower() in ANONYMOUS
    words = words[1:] if anonymous else words
    if not words:
        raise CommandError(pledge_replies.usage())
    try:
        money, used = read_money(words)
    except AmountError as error:
        raise CommandError(pledge_replies.usage(str(error))) from None
    named, _, note_text = " ".join(words[used:]).partition(" -- ")
    if named.strip() == "--" or named.startswith("-- "):
        named, note_text = "", named.removeprefix("--").strip()
    milestone, note = find_milestone(agenda, named.strip(), note_text.strip())
    if note and len(note) > MAX_NOTE:
        raise CommandError(too_long("note", MAX_NOTE))
    change = MakePledge(milestone.id, money.amount, money.currency, anonymous, note or None)
    reply = pledge_replies.pledged(milestone, money.amount, money.currency, anonymous=anonymous)
    return Outcome(reply, agenda.event.id, (identify_caller(caller), change))


def settle(agenda: Agenda, caller: Caller, status: PledgeStatus, rest: str) -> Outcome:
    """An organiser confirms or refuses a pledge by its id."""

    verb = "confirm" if status is PledgeStatus.CONFIRMED else "refuse"
    if not is_organiser(agenda, caller.user):
        raise CommandError(organisers_only(agenda, f"{verb} pledges"))
    typed, _, reason_text = rest.partition(" ")
    reason = reason_text.strip() or None if status is PledgeStatus.REFUSED else None
    if reason and len(reason) > MAX_NOTE:
        raise CommandError(too_long("reason", MAX_NOTE))
    found = [p for m in agenda.roadmap for p in m.pledges if p.id and p.id.casefold() == typed.casefold()]
    if len(found) != 1:
        pending = [p.id for m in agenda.roadmap for p in m.pledges if p.id and p.status is PledgeStatus.PENDING]
        raise CommandError(pledge_replies.no_pledge(typed, pending))
    pledge = found[0]
    again = (pledge.status, pledge.reason) == (status, reason)
    reply = pledge_replies.settled(agenda, pledge, status, reason, again=again)
    changes = () if again else (SettlePledge(_id(pledge), status, reason),)
    return Outcome(reply, agenda.event.id, changes)


def milestones(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    """The milestones (and releases with pledges) with what is pledged toward each."""

    listed = [m for m in agenda.roadmap if m.kind is MilestoneKind.MILESTONE or m.pledges or m.target]
    reply = pledge_replies.milestones(agenda, listed, names=is_organiser(agenda, caller.user))
    return Outcome(reply, agenda.event.id)


def find_milestone(agenda: Agenda, named: str, note: str) -> tuple[Milestone, str]:
    """The milestone `named` means, and the note: the whole text names it, or its first word does
    and the rest is the note; nothing named: the one open milestone."""

    by_id = {m.id: m for m in agenda.roadmap}
    known = [Named(m.id, (m.title,), m.title) for m in agenda.roadmap]
    if not named:
        still_open = [m for m in agenda.roadmap if _open(m)]
        if len(still_open) == 1:
            return still_open[0], note
        raise CommandError(pledge_replies.which_milestone("", still_open or list(agenda.roadmap)))
    first, _, more = named.partition(" ")
    for typed, extra in ((named, ""), (first, more)):
        found = matches(typed, known)
        if len(found) > 1:
            raise CommandError(pledge_replies.which_milestone(typed, [by_id[n.id] for n in found]))
        if found:
            return by_id[found[0].id], " ".join(part for part in (extra.strip(), note) if part)
    close = [by_id[n.id] for n in closest(named, known)]
    raise CommandError(pledge_replies.no_milestone(named, list(agenda.roadmap), close))


def _open(milestone: Milestone) -> bool:
    """A funding milestone that is not done: some item has not landed (or it has none yet)."""
    done = bool(milestone.items) and all(item.status is RoadmapStatus.LANDED for item in milestone.items)
    return milestone.kind is MilestoneKind.MILESTONE and not done


def _id(pledge: Pledge) -> str:
    assert pledge.id is not None  # found by its id
    return pledge.id
