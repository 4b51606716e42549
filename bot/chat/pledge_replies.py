"""What the bot says about pledges and milestones in chat, one function each, in Slack mrkdwn.

Like `bot.chat.replies`: text that came from people (titles, notes, reasons, names) goes through
`one_line` here. An anonymous sponsor is "anonymous" in everything said to anyone but the
organisers (`names=True` only for them).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.chat.mrkdwn import one_line
from bot.chat.replies import NEW_ID
from bot.minutes.roadmap import pledge_totals
from bot.model import Agenda, Milestone, Pledge, PledgeStatus
from bot.money import format_money

ANONYMOUS = "anonymous"

USAGE = (
    "Pledge like this: `/summit pledge 500 EUR [MILESTONE] [-- note]`, or `/summit pledge anonymous 500 EUR ...` "
    "to be shown as anonymous (the organisers still see your name). `/summit milestones` lists the milestones."
)


def usage(problem: str = "") -> str:
    """How to pledge, after what was wrong ("say the currency: 500 EUR")."""
    return (f"I could not read that amount: {one_line(problem, 200)}. " if problem else "") + USAGE


def sponsor(agenda: Agenda, pledge: Pledge, *, names: bool) -> str:
    """Who pledged, as a message may say it: "anonymous" unless `names` (for the organisers)."""
    if not pledge.anonymous:
        return one_line(agenda.person(pledge.who).name, 80)
    return f"{one_line(agenda.person(pledge.who).name, 80)} (anonymous)" if names else ANONYMOUS


def pledged(milestone: Milestone, amount: Decimal, currency: str, *, anonymous: bool) -> str:
    """A pledge was written, pending the organisers' confirmation."""
    shown = " You are shown as anonymous; the organisers see your name." if anonymous else ""
    return (
        f"Done: *{NEW_ID}*, your pledge of *{format_money(amount, currency)}* toward "
        f"*{one_line(milestone.title, 120)}*, is recorded and waits for the organisers to confirm it.{shown}"
    )


def settled(agenda: Agenda, pledge: Pledge, status: PledgeStatus, reason: str | None, *, again: bool) -> str:
    """An organiser confirmed or refused a pledge (or it was so already)."""
    what = f"*{pledge.id}* ({sponsor(agenda, pledge, names=True)}, {format_money(pledge.amount, pledge.currency)})"
    why = f" ({one_line(reason, 200)})" if reason else ""
    return f"{what} was {status.value} already." if again else f"Done: {what} is {status.value}{why}."


def which_milestone(typed: str, candidates: Sequence[Milestone]) -> str:
    """A milestone that several fit, or none was given and several are open."""
    listed = ", ".join(f"`{one_line(m.id, 60)}` ({one_line(m.title, 80)})" for m in candidates[:12])
    said = f"`{one_line(typed, 60)}` could be" if typed else "Which milestone? The open ones are"
    return f"{said}: {listed}. Name one by its id: `/summit pledge 500 EUR ID [-- note]`."


def no_milestone(typed: str, known: Sequence[Milestone], close: Sequence[Milestone]) -> str:
    """Nothing in the roadmap is called that."""
    if not known:
        return "This event has no milestones to pledge toward."
    if close:
        meant = " or ".join(f"`{one_line(m.id, 60)}`" for m in close)
        return f"There is no milestone `{one_line(typed, 60)}`. Did you mean {meant}?"
    listed = ", ".join(f"`{one_line(m.id, 60)}`" for m in known[:12])
    return f"There is no milestone `{one_line(typed, 60)}`. Known: {listed}. (A note goes after `--`.)"


def no_pledge(typed: str, known: Sequence[str]) -> str:
    """No pledge has that id."""
    hint = f" Pending: {', '.join(one_line(k, 20) for k in known[:12])}." if known else ""
    return f"There is no pledge `{one_line(typed or '(none given)', 40)}`.{hint}"


def milestones(agenda: Agenda, listed: Sequence[Milestone], *, names: bool) -> str:
    """The milestones with what is pledged toward each: confirmed and pending, per currency, and
    the target; for the organisers (`names`) the pending pledges by id, to confirm or refuse."""
    if not listed:
        return "This event has no milestones."
    lines = [f"*Milestones of {one_line(agenda.event.title)}*"]
    for milestone in listed:
        lines.append(f"• *{one_line(milestone.title, 120)}* (`{one_line(milestone.id, 60)}`): " + _pledged(milestone))
        for pledge in (p for p in milestone.pledges if names and p.status is PledgeStatus.PENDING):
            note = f" — {one_line(pledge.note, 120)}" if pledge.note else ""
            money = format_money(pledge.amount, pledge.currency)
            lines.append(
                f"    ◦ `{one_line(pledge.id or '?', 20)}` {sponsor(agenda, pledge, names=True)}: {money}{note}"
            )
    return "\n".join(lines)


def _pledged(milestone: Milestone) -> str:
    parts = [
        f"{format_money(amount, currency)} {status.value}"
        for status in (PledgeStatus.CONFIRMED, PledgeStatus.PENDING)
        for currency, amount in pledge_totals(p for p in milestone.pledges if p.status is status)
    ]
    text = ", ".join(parts) or "nothing pledged yet"
    if milestone.target is not None:
        text += f"; target {format_money(*milestone.target)}"
    return text
