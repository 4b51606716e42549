"""`/summit` commands as pure functions: the request's text and caller in, an Outcome out.

An Outcome is the reply for the caller, the changes to write to the agenda (`bot.chat.changes`)
and, for a new proposal, the message to post in the channel for votes by reaction. Nothing here
reads files or talks to Slack; `bot.chat.worker` applies the changes and sends the messages.
Expected failures are CommandError: the user sees its message, nothing is changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial

from bot.chat import linking, replies, when
from bot.chat.changes import Change, Decide, Identify, Propose, SignUp, Volunteer, Vote, Withdraw
from bot.chat.days import close_matches
from bot.chat.identity import Caller, ChatUser, identify, is_organiser
from bot.errors import SummitbotError
from bot.model import Agenda, AttendanceStatus, Attendee, Proposal, ProposalStatus, Session
from bot.text import MAX_NAME

MAX_TEXT = 3000
MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_NOTE = 300
_DESCRIPTION = re.compile(r"(?:^|\s)--(?:\s|$)")  # `propose TITLE -- description`
# The commands where who the caller is matters: a caller who shares a name with someone is told how to get linked.
_AS_SOMEONE = frozenset(
    {
        "join",
        "leave",
        "propose",
        "vote",
        "unvote",
        "volunteer",
        "pledge",
        "my",
        "accept",
        "reject",
        "schedule",
        "link",
        "unlink",
    }
)

FeedLink = Callable[[Agenda, str], str | None]  # (agenda, person id) -> the personal feed's address


class CommandError(SummitbotError):
    """A request the bot cannot do as asked; the message (mrkdwn, already escaped) is the reply."""


@dataclass(frozen=True)
class Request:
    """A command as typed: `/summit <text>`, by whom, where and when."""

    text: str
    user: ChatUser
    now: datetime
    channel: str | None = None  # channel id
    channel_name: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a command does: the reply, the agenda changes, and a message for the channel."""

    reply: str
    event: str | None = None
    changes: tuple[Change, ...] = ()
    announce: str | None = None  # posted in the channel; reactions to it are votes for the proposal
    open_form: bool = False  # show the proposal form (modal) instead of a reply
    proposal: str | None = None  # the proposal a vote or announcement is about

    def finished(self, new_id: str | None) -> Outcome:
        """The outcome once its changes are written: a new proposal's id put in its texts."""
        if new_id is None:
            return self
        announce = self.announce and self.announce.replace(replies.NEW_ID, new_id)
        return replace(self, reply=self.reply.replace(replies.NEW_ID, new_id), announce=announce, proposal=new_id)


@dataclass(frozen=True)
class Served:
    """The agendas the bot serves, and how to link a person's calendar feed."""

    agendas: tuple[Agenda, ...]
    feed_link: FeedLink = field(default=lambda agenda, person: None)


def run(request: Request, served: Served) -> Outcome:
    """Answer one `/summit` command."""
    if len(request.text) > MAX_TEXT:
        raise CommandError(replies.too_long("command", MAX_TEXT))
    words = request.text.split()
    agenda, words = pick_event(served.agendas, request, words)
    verb = words[0].lower() if words else "help"
    rest = " ".join(words[1:])
    caller = identify(agenda, request.user)
    handler = _HANDLERS.get(verb)
    if handler is None:
        raise CommandError(replies.unknown_command(verb, close_matches(verb, _HANDLERS, 2)))
    hint = replies.namesakes(agenda, caller.namesakes) if caller.namesakes and verb in _AS_SOMEONE else ""
    try:
        outcome = handler(agenda, caller, rest.strip(), request, served)
    except CommandError as error:
        raise CommandError(str(error) + hint) from None
    return replace(outcome, reply=outcome.reply + hint) if outcome.reply else outcome


def pick_event(agendas: Sequence[Agenda], request: Request, words: list[str]) -> tuple[Agenda, list[str]]:
    """The event a command is about: named first, else the channel's one event, else the only one."""
    by_id = {agenda.event.id: agenda for agenda in agendas}
    if words and words[0] in by_id:
        return by_id[words[0]], words[1:]
    if len(words) > 1 and words[0].lower() == "join" and words[1] in by_id:  # `join EVENT ...`, as the help says
        return by_id[words[1]], [words[0], *words[2:]]
    here = [a for a in agendas if a.event.chat.channel and _is_channel(a.event.chat.channel, request)]
    if len(here) == 1:
        return here[0], words
    if len(agendas) == 1:
        return agendas[0], words
    raise CommandError(replies.which_event(here or agendas))


def _is_channel(configured: str, request: Request) -> bool:
    names = {request.channel, request.channel_name, f"#{request.channel_name}" if request.channel_name else None}
    return configured in names - {None}


def _help(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    return Outcome(replies.help_text(agenda, organiser=is_organiser(agenda, caller.user)), agenda.event.id)


def _join(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    words = rest.split()
    status, remote = AttendanceStatus.CONFIRMED, False
    while words and words[0].lower() in {"maybe", "tentative", "remote"}:
        flag = words.pop(0).lower()
        status = AttendanceStatus.TENTATIVE if flag in {"maybe", "tentative"} else status
        remote = remote or flag == "remote"
    note = " ".join(words) or None
    if note and len(note) > MAX_NOTE:
        raise CommandError(replies.too_long("note", MAX_NOTE))
    current = _attendee(agenda, caller)
    if current and (current.status, current.remote, current.note) == (status, remote, note):
        return Outcome(replies.joined(agenda, status, remote, again=True), agenda.event.id)
    reply = replies.joined(agenda, status, remote, again=False)
    return Outcome(reply, agenda.event.id, (identify_caller(caller), SignUp(status, remote, note)))


def _leave(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    current = _attendee(agenda, caller)
    if current is None or current.status is AttendanceStatus.DECLINED:
        return Outcome(replies.left(agenda, was_signed_up=False), agenda.event.id)
    return Outcome(replies.left(agenda, was_signed_up=True), agenda.event.id, (identify_caller(caller), Withdraw()))


def _who(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    coming = [a for a in agenda.attendees if a.status in (AttendanceStatus.CONFIRMED, AttendanceStatus.TENTATIVE)]
    if rest:  # `who TEXT`: the people whose name has TEXT in it
        coming = [a for a in coming if rest.casefold() in agenda.person(a.person).name.casefold()]
    return Outcome(replies.attendees(agenda, coming, rest), agenda.event.id)


def _propose(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    title, *description = _DESCRIPTION.split(rest, maxsplit=1)
    if not title.strip():
        return Outcome("", agenda.event.id, open_form=True)
    return propose(agenda, caller, title, description[0] if description else None)


def propose(agenda: Agenda, caller: Caller, title: str, description: str | None) -> Outcome:
    """A new topic, from the command or from the proposal form."""
    title, description = " ".join(title.split()), (description or "").strip() or None
    if not title:
        raise CommandError("A topic needs a title: `/summit propose TITLE [-- description]`.")
    if len(title) > MAX_TITLE:
        raise CommandError(replies.too_long("title", MAX_TITLE))
    if description and len(description) > MAX_DESCRIPTION:
        raise CommandError(replies.too_long("description", MAX_DESCRIPTION))
    proposer = caller.person.name if caller.person else caller.user.name
    return Outcome(
        replies.proposed(title), agenda.event.id, (identify_caller(caller), Propose(title, description)),
        announce=replies.announcement(agenda, title, description, proposer),
    )  # fmt: skip


def _topics(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    listed = [p for p in agenda.proposals if p.status is not ProposalStatus.REJECTED]
    listed.sort(key=lambda p: -len(p.votes))  # stable: equal votes keep the file's order
    voter = caller.person.id if caller.person else None
    return Outcome(replies.topics(agenda, listed, voter), agenda.event.id)


def _vote(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served, *, cast: bool = True) -> Outcome:
    proposal = find_proposal(agenda, rest.split(maxsplit=1)[0] if rest else "")
    return vote(agenda, caller, proposal, cast=cast)


def vote(agenda: Agenda, caller: Caller, proposal: Proposal, *, cast: bool) -> Outcome:
    """A vote for a proposal, or taking it back (from a command or a reaction)."""
    if cast and proposal.status is ProposalStatus.REJECTED:
        raise CommandError(f"*{proposal.id}* was rejected; votes for it no longer count.")
    has = caller.person is not None and caller.person.id in proposal.votes
    if has == cast:
        return Outcome(replies.voted(proposal, cast=cast, already=True), agenda.event.id, proposal=proposal.id)
    changes = (identify_caller(caller), Vote(proposal.id, cast))
    return Outcome(replies.voted(proposal, cast=cast, already=False), agenda.event.id, changes, proposal=proposal.id)


def _unvote(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    return _vote(agenda, caller, rest, request, served, cast=False)


def _volunteer(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    wanted = rest.strip()
    items = agenda.work_items
    found = [i for i in items if i.id.casefold() == wanted.casefold() or i.title.casefold() == wanted.casefold()]
    found = found or [i for i in items if wanted and wanted.casefold() in i.title.casefold()]
    if len(found) != 1:
        known = [f"{i.id} ({i.title})" for i in (found or items)]
        close = [] if found else close_matches(wanted, [i.id for i in items])
        raise CommandError(replies.not_found("work item", wanted or "(none given)", known, close))
    item = found[0]
    if caller.person is not None and caller.person.id in item.volunteers:
        return Outcome(replies.volunteered(item.title, already=True), agenda.event.id)
    reply = replies.volunteered(item.title, already=False)
    return Outcome(reply, agenda.event.id, (identify_caller(caller), Volunteer(item.id)))


def _linking(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served, *, verb: str) -> Outcome:
    if not is_organiser(agenda, caller.user):
        raise CommandError(
            replies.organisers_only(agenda, f"{verb} Slack users {'to' if verb == 'link' else 'from'} people")
        )
    answer = (linking.link if verb == "link" else linking.unlink)(agenda, rest)
    if answer.refused:
        raise CommandError(answer.reply)
    return Outcome(answer.reply, agenda.event.id, (answer.change,) if answer.change else ())


def _decide(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served, *, verb: str) -> Outcome:
    if not is_organiser(agenda, caller.user):
        raise CommandError(replies.organisers_only(agenda, f"{verb} topics"))
    words = rest.split(None, 1)
    proposal = find_proposal(agenda, words[0] if words else "")
    argument = words[1].strip() if len(words) > 1 else ""
    if verb == "reject":
        if len(argument) > MAX_NOTE:
            raise CommandError(replies.too_long("reason", MAX_NOTE))
        status, session, reason = ProposalStatus.REJECTED, None, argument or None
    else:
        if verb == "schedule" and not argument:
            raise CommandError("Which block? `/summit schedule ID BLOCK` (a block's id or title).")
        session = find_block(agenda, argument) if argument else None
        status, reason = (ProposalStatus.SCHEDULED if session else ProposalStatus.ACCEPTED), None
    change = Decide(proposal.id, status, session.id if session else None, reason)
    return Outcome(replies.decided(proposal, status, session, reason), agenda.event.id, (change,), proposal=proposal.id)


def find_proposal(agenda: Agenda, key: str) -> Proposal:
    """The proposal with this id (any case)."""
    for proposal in agenda.proposals:
        if proposal.id.casefold() == key.casefold():
            return proposal
    known = [p.id for p in agenda.proposals]
    raise CommandError(replies.not_found("topic", key or "(none given)", known, close_matches(key, known)))


def find_block(agenda: Agenda, key: str) -> Session:
    """The block with this id or title (any case), or the one whose title contains it."""
    sessions = agenda.sessions
    found = [s for s in sessions if key.casefold() in (s.id.casefold(), s.title.casefold())]
    found = found or [s for s in sessions if key.casefold() in s.title.casefold()]
    if len(found) != 1:
        known = [s.id for s in (found or sessions)]
        raise CommandError(replies.not_found("block", key, known, [] if found else close_matches(key, known)))
    return found[0]


def _attendee(agenda: Agenda, caller: Caller) -> Attendee | None:
    return next((a for a in agenda.attendees if caller.person and a.person == caller.person.id), None)


def identify_caller(caller: Caller) -> Identify:
    """The change that links the caller to their person; someone new is added by their chat name,
    which must then be a name the agenda can hold."""
    if caller.person is None and len(caller.user.name) > MAX_NAME:
        raise CommandError(replies.name_too_long(MAX_NAME))
    return Identify(caller.user, caller.person.id if caller.person else None)


def _pledge(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    from bot.chat.pledges import pledge  # noqa: PLC0415 - pledges builds on this module

    return pledge(agenda, caller, rest, request, served)


def _done(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    from bot.chat.home_actions import finish  # noqa: PLC0415 - the Home tab's Done, which builds on this module

    return finish(agenda, caller, rest.split(maxsplit=1)[0] if rest.strip() else "")


def _milestones(agenda: Agenda, caller: Caller, rest: str, request: Request, served: Served) -> Outcome:
    from bot.chat.pledges import milestones  # noqa: PLC0415 - pledges builds on this module

    return milestones(agenda, caller, rest, request, served)


Handler = Callable[[Agenda, Caller, str, Request, Served], Outcome]
_HANDLERS: dict[str, Handler] = {
    "help": _help,
    "join": _join,
    "leave": _leave,
    "who": _who,
    "propose": _propose,
    "topics": _topics,
    "vote": _vote,
    "unvote": _unvote,
    "volunteer": _volunteer,
    "pledge": _pledge,
    "milestones": _milestones,
    "done": _done,
    "accept": partial(_decide, verb="accept"),
    "reject": partial(_decide, verb="reject"),
    "schedule": partial(_decide, verb="schedule"),
    "link": partial(_linking, verb="link"),
    "unlink": partial(_linking, verb="unlink"),
    "agenda": lambda agenda, caller, rest, request, served: Outcome(
        when.day_blocks(agenda, request.now, rest), agenda.event.id
    ),
    "now": lambda agenda, caller, rest, request, served: Outcome(when.on_now(agenda, request.now), agenda.event.id),
    "my": lambda agenda, caller, rest, request, served: Outcome(
        when.mine(agenda, caller, request.now, served.feed_link), agenda.event.id
    ),
}
