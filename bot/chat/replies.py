"""Every message the bot says in chat, one function each, in Slack mrkdwn.

Text that came from people (names, titles, notes) goes through `escape`/`one_line` here and
nowhere else, so no reply can carry a mention, a broadcast or a disguised link.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.chat.mrkdwn import date_token, one_line
from bot.errors import Problem
from bot.model import Agenda, AttendanceStatus, Attendee, Person, Proposal, ProposalStatus, Session

NEW_ID = "\x00new-id\x00"  # stands for a new proposal's id until the change is written

HELP = """\
*{command}* — sign up, propose and vote for topics in *{event}*
• `{command} join [EVENT] [maybe|remote] [note]` — sign up (`maybe`: tentative; `remote`: from afar)
• `{command} leave` — you are not coming after all
• `{command} who [TEXT]` — who is coming (whose name has TEXT in it)
• `{command} propose TITLE [-- description]` — propose a topic (no title: a form)
• `{command} topics` — proposed topics, most votes first
• `{command} vote ID` / `{command} unvote ID` — or react with :+1: to the topic's message
• `{command} volunteer ITEM` — take on a work item
• `{command} pledge [anonymous] AMOUNT [MILESTONE] [-- note]` — pledge money toward a milestone (`500 EUR`, \
`€500`, `USD 250`, `1k eur`; `1.000` and `1,000` are both a thousand); `anonymous`: shown as anonymous, the \
organisers still see your name • `{command} milestones` — what is pledged toward each
• `{command} agenda [DAY [TEXT]]` — today's blocks, or a day's (`sat`, `2026-02-01`, `1 Feb`; TEXT: in the room \
or title), in your time zone
• `{command} now` — what is on, and what is next
• `{command} my` — your schedule and your calendar feed
• `{command} done ID` — mark one of your action items done (as the Home tab's Done button does)
I know you by your Slack account, never by your name: if I took you for someone new, ask an \
organiser to run `{command} link @you YOUR NAME`."""

ORGANISER_HELP = """
Organisers:
• `{command} accept ID [BLOCK]` • `{command} reject ID [reason]` • `{command} schedule ID BLOCK`
• `{command} link @user PERSON` — that Slack user is PERSON (an id or a name); what I had recorded \
for them as someone new becomes PERSON's • `{command} unlink PERSON`
• `{command} pledge confirm ID` • `{command} pledge refuse ID [reason]` — `{command} milestones` lists the \
pending ones"""


def help_text(agenda: Agenda, *, organiser: bool, command: str = "/summit") -> str:
    """The command list, with the organisers' commands for organisers."""
    text = HELP.format(command=command, event=one_line(agenda.event.title))
    return text + (ORGANISER_HELP.format(command=command) if organiser else "")


def apology() -> str:
    """What a user sees when the bot failed inside (the log has the details)."""
    return "Sorry, something went wrong on my side. Nothing was changed; please try again in a minute."


def refused(problems: Sequence[Problem]) -> str:
    """A change that would have left the agenda invalid (so the file was not touched)."""
    listed = "\n".join(f"• {one_line(problem.message, 300)}" for problem in problems[:5])
    return "That change would leave the agenda invalid, so nothing was changed:\n" + listed


def being_repaired(event_title: str) -> str:
    """A change to an agenda whose file does not check now (an organiser is fixing it): kept for later."""
    return (
        f"The agenda of *{one_line(event_title)}* is being repaired by its organisers right now. Your request "
        "is saved and will be applied as soon as the agenda is fixed; I will tell you when it is done."
    )


def slow_down(seconds: int) -> str:
    """The per-user rate limit was hit."""
    return f"You are going a bit fast: please wait {seconds} s and try again."


def unknown_command(word: str, close: Sequence[str] = ()) -> str:
    """A first word that is no command (`close`: the commands it may be a typo of)."""
    meant = " or ".join(f"`/summit {one_line(c, 40)}`" for c in close)
    guess = f" Did you mean {meant}?" if meant else ""
    return f"I don't know `{one_line(word, 40)}`.{guess} Try `/summit help`."


def more_lines() -> str:
    """The last line of a reply cut short ("{count}": how many lines were left out)."""
    return (
        "…and {count} more lines. Ask for fewer: `/summit who TEXT` (names with TEXT in them), "
        "`/summit agenda DAY TEXT` (a day's blocks with TEXT in their room or title)."
    )


def which_event(agendas: Sequence[Agenda]) -> str:
    """More than one event could be meant."""
    ids = ", ".join(f"`{one_line(a.event.id, 80)}`" for a in agendas)
    return f"Which event? Start the command with one of: {ids}."


def too_long(what: str, limit: int) -> str:
    """An input over its length limit."""
    return f"That {what} is too long: at most {limit} characters, please."


def name_too_long(limit: int) -> str:
    """Someone new whose chat name is longer than a name in the agenda may be."""
    return (
        f"Your name here is too long for the agenda: at most {limit} characters, please. "
        "Set a shorter display name (or full name) in your profile and try again."
    )


def organisers_only(agenda: Agenda, what: str) -> str:
    """A non-organiser tried an organiser's command."""
    return f"Only the organisers of *{one_line(agenda.event.title)}* can {what}."


def not_found(what: str, key: str, known: Sequence[str], close: Sequence[str] = ()) -> str:
    """No proposal, block or work item by that id (`close`: the ids it may be a typo of)."""
    if close:
        return f"There is no {what} `{one_line(key, 60)}`. Did you mean {', '.join(one_line(k, 60) for k in close)}?"
    hint = f" Known: {', '.join(one_line(k, 60) for k in known[:12])}." if known else ""
    return f"There is no {what} `{one_line(key, 60)}`.{hint}"


def joined(agenda: Agenda, status: AttendanceStatus, remote: bool, *, again: bool) -> str:
    """A sign-up was written (or was there already)."""
    how = [word for word, on in (("tentative", status is AttendanceStatus.TENTATIVE), ("remote", remote)) if on]
    detail = f" ({', '.join(how)})" if how else ""
    title = one_line(agenda.event.title)
    if again:
        return f"You were already signed up for *{title}*{detail}."
    return f"Done: you are signed up for *{title}*{detail}. `/summit my` shows your schedule."


def left(agenda: Agenda, *, was_signed_up: bool) -> str:
    """A withdrawal was written (or there was nothing to withdraw)."""
    title = one_line(agenda.event.title)
    if not was_signed_up:
        return f"You are not signed up for *{title}*."
    return f"Done: you are off the list for *{title}*. `/summit join` if you change your mind."


def attendees(agenda: Agenda, listed: Sequence[Attendee], named: str = "") -> str:
    """The `who` list: everyone coming (or those `named` so), tentative and remote people marked."""
    if not listed and named:
        return f"Nobody called “{one_line(named, 80)}” has signed up for *{one_line(agenda.event.title)}*."
    if not listed:
        return f"Nobody has signed up for *{one_line(agenda.event.title)}* yet."
    lines = []
    for attendee in listed:
        marks = [
            m for m, on in (("maybe", attendee.status is AttendanceStatus.TENTATIVE), ("remote", attendee.remote)) if on
        ]
        lines.append(
            f"• {one_line(agenda.person(attendee.person).name, 80)}" + (f" _({', '.join(marks)})_" if marks else "")
        )
    sure = sum(a.status is AttendanceStatus.CONFIRMED for a in listed)
    head = f"*{one_line(agenda.event.title)}*: {sure} coming, {len(listed) - sure} tentative"
    return head + "\n" + "\n".join(lines)


def proposed(title: str) -> str:
    """A proposal was written; NEW_ID becomes its id."""
    return f"Done: topic *{NEW_ID}* “{one_line(title, 200)}” is proposed. Others can vote with :+1: on its message."


def announcement(agenda: Agenda, title: str, description: str | None, proposer: str) -> str:
    """The channel message for a new proposal; reactions to it are votes."""
    text = f":bulb: *{NEW_ID}* “{one_line(title, 200)}”, proposed by {one_line(proposer, 80)}"
    if description:
        text += f"\n> {one_line(description, 600)}"
    return text + f"\nReact with :+1: to vote for it (or `/summit vote {NEW_ID}`)."


def topics(agenda: Agenda, listed: Sequence[Proposal], voter: str | None) -> str:
    """Proposals, most votes first, with what became of them."""
    if not listed:
        return f"No topics proposed for *{one_line(agenda.event.title)}* yet: `/summit propose TITLE`."
    sessions = {s.id: s for s in agenda.sessions}
    lines = []
    for proposal in listed:
        votes = len(proposal.votes)
        line = (
            f"• *{one_line(proposal.id, 20)}* {one_line(proposal.title, 200)} — {votes} vote{'s' if votes != 1 else ''}"
        )
        if voter in proposal.votes:
            line += " (yours too)"
        if proposal.status is ProposalStatus.SCHEDULED and proposal.session in sessions:
            line += f", scheduled: {one_line(sessions[proposal.session].title, 80)}"
        elif proposal.status is not ProposalStatus.PROPOSED:
            line += f", {proposal.status.value}"
        lines.append(line)
    return "\n".join(lines)


def voted(proposal: Proposal, *, cast: bool, already: bool) -> str:
    """A vote was written or taken back (or was already so)."""
    shown = f"*{one_line(proposal.id, 20)}* “{one_line(proposal.title, 200)}”"
    if already:
        return f"You {'already voted' if cast else 'had not voted'} for {shown}."
    return f"Done: {'your vote for' if cast else 'you took back your vote for'} {shown}{' counts' if cast else ''}."


def volunteered(title: str, *, already: bool) -> str:
    """A volunteer was written (or was there already)."""
    if already:
        return f"You already volunteered for “{one_line(title, 200)}”. Thank you!"
    return f"Done: you volunteered for “{one_line(title, 200)}”. Thank you!"


def decided(proposal: Proposal, status: ProposalStatus, session: Session | None, reason: str | None) -> str:
    """An organiser's decision was written."""
    shown = f"*{one_line(proposal.id, 20)}* “{one_line(proposal.title, 200)}”"
    if status is ProposalStatus.REJECTED:
        return f"Done: {shown} is rejected" + (f" ({one_line(reason, 300)})." if reason else ".")
    where = f" in *{one_line(session.title, 120)}*" if session else ""
    return f"Done: {shown} is {'scheduled' if session else 'accepted'}{where}."


def blocks(agenda: Agenda, heading: str, sessions: Sequence[Session]) -> str:
    """A day's blocks, each time a date token shown in the reader's zone."""
    if not sessions:
        return f"*{one_line(agenda.event.title)}*: no blocks {heading}."
    lines = [f"*{one_line(agenda.event.title)}*, {heading}:"]
    lines += [session_line(agenda, session) for session in sessions]
    return "\n".join(lines)


def event_days(days: Sequence[date]) -> str:
    """The days an event has blocks on, to pick one from."""
    if not days:
        return "No blocks are planned yet."
    return "The days are: " + ", ".join(f"{day:%A %d %B} (`{day:%a}` or `{day.isoformat()}`)" for day in days) + "."


def unknown_day(wanted: str, days: Sequence[date]) -> str:
    """`agenda DAY` with a DAY that is no day of the event."""
    return f"`{one_line(wanted, 40)}` is no day of this event. " + event_days(days)


def session_line(agenda: Agenda, session: Session) -> str:
    """One block: its times in the reader's zone, title, room and moderators."""
    line = f"• {date_token(session.start)}–{date_token(session.end)} *{one_line(session.title, 120)}*"
    if session.room:
        line += f" ({one_line(session.room, 60)})"
    if session.moderators:
        line += " — " + ", ".join(one_line(agenda.person(p).name, 60) for p in session.moderators)
    return line


def namesakes(agenda: Agenda, people: Sequence[Person]) -> str:
    """The hint for a chat user whose name is someone else's in the agenda: a name is no proof,
    so an organiser has to link them (appended to the reply, after a blank line)."""
    names = [one_line(person.name, 80) for person in people[:3]]
    if len(people) == 1:
        return (
            f"\n\nThere is already a {names[0]} in this agenda; if that is you, ask an organiser to run "
            f"`/summit link @you {_written(agenda, people[0])}`."
        )
    ids = ", ".join(f"`{_written(agenda, person)}`" for person in people[:3])
    return (
        f"\n\nThere are already {' and '.join(names)} in this agenda; if one is you, ask an organiser to run "
        f"`/summit link @you ID` ({ids})."
    )


def link_usage() -> str:
    """`link` without a Slack user or a person."""
    return (
        "Say who is whom: `/summit link @user PERSON`: mention the Slack user (pick them as you type, so "
        "Slack sends their id) or give their member id (U…), and PERSON as an id or a name from the agenda."
    )


def unlink_usage() -> str:
    """`unlink` without a person."""
    return "Whose link to Slack should go? `/summit unlink PERSON` (an id or a name), or `/summit unlink @user`."


def nobody_called(agenda: Agenda, key: str) -> str:
    """No person by that id or name."""
    return f"There is nobody called `{one_line(key, 80)}` in *{one_line(agenda.event.title)}*."


def which_person(key: str, people: Sequence[Person]) -> str:
    """A name several people answer to."""
    listed = " or ".join(f"{one_line(p.name, 80)} (`{one_line(p.id, 80)}`)" for p in people[:6])
    return f"`{one_line(key, 80)}` could be {listed}: say which by id."


def linked(chat_id: str, person: Person, merged: Person | None) -> str:
    """A link was written; `merged` is the provisional person chat had made for that chat id."""
    text = f"Done: `{one_line(chat_id, 40)}` is {one_line(person.name, 80)} now."
    if merged is not None:
        text += f" What I had recorded for “{one_line(merged.name, 80)}” (sign-up, votes, volunteering, proposals)"
        text += f" is {one_line(person.name, 80)}'s."
    return text


def already_linked(chat_id: str, person: Person) -> str:
    """The link is there already."""
    return f"`{one_line(chat_id, 40)}` is {one_line(person.name, 80)} already."


def linked_to_another(agenda: Agenda, person: Person) -> str:
    """The person has another chat id: one person, one Slack account."""
    other = one_line(person.chat_id or "", 40)
    return (
        f"{one_line(person.name, 80)} is linked to another Slack user (`{other}`); if that is wrong, "
        f"`/summit unlink {_written(agenda, person)}` first."
    )


def chat_id_taken(agenda: Agenda, chat_id: str, holder: Person) -> str:
    """The chat id is a person's on the organisers' word (not someone chat added): nothing merged."""
    return (
        f"`{one_line(chat_id, 40)}` is {one_line(holder.name, 80)} (`{one_line(holder.id, 80)}`) in this agenda; "
        f"if that is wrong, `/summit unlink {_written(agenda, holder)}` first."
    )


def unlinked(person: Person, *, was_linked: bool) -> str:
    """A chat id was taken off a person (or there was none)."""
    if not was_linked:
        return f"{one_line(person.name, 80)} is not linked to any Slack user."
    return f"Done: {one_line(person.name, 80)} is no longer linked to `{one_line(person.chat_id or '', 40)}`."


def _written(agenda: Agenda, person: Person) -> str:
    """How to name a person in a command: their name when it means them alone, else their id."""
    found = agenda.directory.find(person.name)
    return one_line(person.name if [p.id for p in found] == [person.id] else person.id, 80)
