"""The Slack Home tab as a pure function: the agendas and a chat user in, a Block Kit view out.

Per event: whether the person is signed up (with Join or Leave), what they run or are needed
at, the event's blocks still to come by day (times as Slack date tokens, so each reader sees
their own zone), their open action items (each with Done) and the proposals (Vote or Unvote).

Every text a person wrote goes out escaped (`bot.chat.mrkdwn`) or as plain_text. Block Kit's
limits hold however big the event: at most MAX_BLOCKS blocks a view and MAX_TEXT characters a
text; what does not fit is left out with a note pointing at `/summit agenda` (or `my`, `topics`).
A button's value says what it does (`HomeButton`); `bot.chat.home_actions` reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.chat.identity import ChatUser, identify
from bot.chat.mrkdwn import date_token, one_line
from bot.model import ActionStatus, Agenda, AttendanceStatus, Person, Proposal, ProposalStatus, Session

MAX_BLOCKS = 100  # Slack's limit for a Home tab view
MAX_TEXT = 3000  # a section's text
SCHEDULE_SECTIONS = 4  # sections of the event's blocks, per event
LISTED = 12  # action items, and proposals, per event
ACTION_PREFIX = "summit-home-"  # every Home button's action_id starts so (bolt routes on it)
VERBS = ("join", "leave", "vote", "unvote", "done")

Block = dict[str, Any]


@dataclass(frozen=True)
class HomeButton:
    """What a Home button asks for: a verb, the event and (for vote, unvote, done) the item's id."""

    verb: str
    event: str
    item: str = ""

    def value(self) -> str:
        """The button's value, as Slack gives it back."""
        return json.dumps({"verb": self.verb, "event": self.event, "item": self.item}, separators=(",", ":"))


def home_view(agendas: Sequence[Agenda], user: ChatUser, now: datetime) -> dict[str, Any]:
    """The Home tab for `user`: one part per event, cut to Block Kit's limits."""
    blocks: list[Block] = []
    for agenda in agendas:
        blocks += _event_part(agenda, user, now)
    if not blocks:
        blocks = [_section("No events are planned yet.")]
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], _context("More in `/summit agenda`, `/summit my` and `/summit topics`.")]
    return {"type": "home", "blocks": blocks}


def _event_part(agenda: Agenda, user: ChatUser, now: datetime) -> list[Block]:
    person = identify(agenda, user).person
    event = agenda.event.id
    blocks: list[Block] = [{"type": "header", "text": _plain(agenda.event.title, 150)}]
    blocks.append(_sign_up(agenda, person))
    upcoming = sorted((s for s in agenda.sessions if s.end > now), key=lambda s: (s.start, s.id))
    if person is not None:
        mine = [s for s in upcoming if _role(s, person.id)]
        if mine:
            blocks.append(_section("*Yours*"))
            blocks += _packed([_line(agenda, s, person) for s in mine], 1, "my")
    blocks.append(_section("*The schedule*" if upcoming else "*The schedule*: nothing more is planned."))
    blocks += _packed(_by_day(agenda, upcoming, person), SCHEDULE_SECTIONS, "agenda")
    if person is not None:
        blocks += _actions(agenda, person, event)
    blocks += _proposals(agenda, person, event)
    blocks.append({"type": "divider"})
    return blocks


def _sign_up(agenda: Agenda, person: Person | None) -> Block:
    attendee = next((a for a in agenda.attendees if person and a.person == person.id), None)
    event = agenda.event.id
    if attendee is None or attendee.status is AttendanceStatus.DECLINED:
        return _with_button("You are not signed up.", "Join", HomeButton("join", event), primary=True)
    how = ["tentative"] if attendee.status is AttendanceStatus.TENTATIVE else []
    how += ["remote"] if attendee.remote else []
    text = "You are signed up" + (f" ({', '.join(how)})." if how else ".")
    return _with_button(text, "Leave", HomeButton("leave", event))


def _role(session: Session, person: str) -> str:
    if person in session.moderators:
        return "you moderate"
    if session.scribe == person:
        return "you scribe"
    return "you are needed" if person in session.required else ""


def _line(agenda: Agenda, session: Session, person: Person | None) -> str:
    start = date_token(session.start.astimezone(agenda.event.timezone), "{date_short_pretty} {time}")
    end = date_token(session.end.astimezone(agenda.event.timezone))
    room = f" ({one_line(session.room, 80)})" if session.room else ""
    role = _role(session, person.id) if person else ""
    return f"• {start}–{end} *{one_line(session.title, 150)}*{room}" + (f" _{role}_" if role else "")


def _by_day(agenda: Agenda, sessions: list[Session], person: Person | None) -> list[str]:
    lines: list[str] = []
    day: date | None = None
    for session in sessions:
        starts = session.start.astimezone(agenda.event.timezone).date()
        if starts != day:
            day = starts
            lines.append(f"*{starts:%A %d %B}*")
        lines.append(_line(agenda, session, person))
    return lines


def _packed(lines: list[str], sections: int, command: str) -> list[Block]:
    """The lines in at most `sections` sections of at most MAX_TEXT characters; a note for the rest."""
    blocks: list[Block] = []
    text, left = "", len(lines)
    for line in lines:
        if text and len(text) + 1 + len(line) > MAX_TEXT:
            if len(blocks) + 1 == sections:
                break
            blocks.append(_section(text))
            text = ""
        text = f"{text}\n{line}" if text else line
        left -= 1
    if text:
        blocks.append(_section(text))
    if left:
        blocks.append(_context(f"{left} more in `/summit {command}`."))
    return blocks


def _actions(agenda: Agenda, person: Person, event: str) -> list[Block]:
    open_items = [a for a in agenda.actions if a.owner == person.id and a.status is ActionStatus.OPEN]
    if not open_items:
        return []
    blocks: list[Block] = [_section("*Your open action items*")]
    for action in open_items[:LISTED]:
        due = f" (due {action.due:%d %b})" if action.due else ""
        text = f"*{one_line(action.id, 20)}* {one_line(action.text, 500)}{due}"
        blocks.append(_with_button(text, "Done", HomeButton("done", event, action.id)))
    if len(open_items) > LISTED:
        blocks.append(_context(f"{len(open_items) - LISTED} more in `/summit my`."))
    return blocks


def _proposals(agenda: Agenda, person: Person | None, event: str) -> list[Block]:
    """The proposals still open to votes: the person's own and those they voted for first."""
    who = person.id if person else None
    listed = [p for p in agenda.proposals if p.status is not ProposalStatus.REJECTED]
    if not listed:
        return []
    listed.sort(key=lambda p: (not (who and (p.proposer == who or who in p.votes)), -len(p.votes)))
    blocks: list[Block] = [_section("*Proposals*")]
    for proposal in listed[:LISTED]:
        voted = who is not None and who in proposal.votes
        button = HomeButton("unvote" if voted else "vote", event, proposal.id)
        blocks.append(_with_button(_proposal_text(proposal, who), "Unvote" if voted else "Vote", button))
    if len(listed) > LISTED:
        blocks.append(_context(f"{len(listed) - LISTED} more in `/summit topics`."))
    return blocks


def _proposal_text(proposal: Proposal, who: str | None) -> str:
    votes = len(proposal.votes)
    notes = [f"{votes} vote{'' if votes == 1 else 's'}"]
    notes += ["yours"] if who and proposal.proposer == who else []
    notes += ["you voted"] if who and who in proposal.votes else []
    notes += [proposal.status.value] if proposal.status is not ProposalStatus.PROPOSED else []
    return f"*{one_line(proposal.id, 20)}* {one_line(proposal.title, 200)} ({', '.join(notes)})"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_TEXT]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _plain(text: str, limit: int) -> dict[str, Any]:
    folded = " ".join(text.split())
    return {"type": "plain_text", "text": folded if len(folded) <= limit else folded[: limit - 1] + "…", "emoji": False}


def _with_button(text: str, label: str, button: HomeButton, *, primary: bool = False) -> Block:
    element: dict[str, Any] = {
        "type": "button",
        "text": _plain(label, 75),
        "action_id": f"{ACTION_PREFIX}{button.verb}-{button.item or button.event}"[:255],
        "value": button.value()[:2000],
    }
    if primary:
        element["style"] = "primary"
    return {**_section(text), "accessory": element}
