"""Reminders before sessions and meeting calls: a Slack DM to the people who run them, a channel post.

`chat.reminders: [1d, 15m]` in an agenda asks for them. For every session (and every call of a
recurring meeting) and every lead time, a reminder is due at start - lead. It goes to each
moderator, the scribe and the required people who have a `chat_id` (a DM), and to the event's
channel (a post with the room, the topics and the open action items that come back to it:
`bot.minutes.followup.open_actions_for`).

- **Quiet hours**: a DM due between 22:00 and 08:00 in the person's own time zone (their Slack
  profile's, else the event's) waits for 08:00 their time; when the session has started by then,
  that reminder is skipped. Channel posts have no quiet hours (a channel has no time zone).
- **One at a time**: when several lead times are due at once (the bot was down), only the
  shortest goes, the latest news; a longer one missed is not sent late.
- **Nothing for what is gone**: what is due is worked out from the agenda as it is at each check,
  so a session removed (cancelled) or moved gets no reminder for its old time; a moved one gets
  reminders for its new time (the key names the start).
- **Exactly once**: each (session, start, lead time, recipient) has its own key, delivered
  through `bot.chat.delivery`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.chat.delivery import Delivery
from bot.chat.mrkdwn import date_token, escape, one_line
from bot.minutes.followup import open_actions_for, planned_topics
from bot.model import Agenda, Meeting, Session

QUIET_START, QUIET_END = time(22, 0), time(8, 0)  # quiet hours, in each person's own time


@dataclass(frozen=True)
class Reminder:
    """One reminder to send: its unique key, to whom (a user's DM, or the channel) and what."""

    key: str
    text: str
    user: str | None = None  # a Slack user id: a DM
    channel: str | None = None  # else the event's channel


@dataclass(frozen=True)
class _Occurrence:
    block: Session | Meeting
    start: datetime
    room: str | None


ZoneOf = Callable[[str], ZoneInfo | None]  # a Slack user's time zone


def due_reminders(agenda: Agenda, now: datetime, zone_of: ZoneOf) -> list[Reminder]:
    """The reminders of `agenda` due at `now` (sent or not: the caller skips those that went)."""
    leads = agenda.event.chat.reminders
    if not leads:
        return []
    due: list[Reminder] = []
    for occurrence in _upcoming(agenda, now, max(leads)):
        block, start = occurrence.block, occurrence.start
        channel = agenda.event.chat.channel
        if channel and (lead := _latest_due(leads, start, now, None)):
            due.append(Reminder(_key(agenda, occurrence, lead, "channel"), channel_text(agenda, occurrence),
                                channel=channel))  # fmt: skip
        for person_id in _runners(block):
            user = agenda.person(person_id).chat_id
            if not user:
                continue
            zone = zone_of(user) or agenda.event.timezone
            if lead := _latest_due(leads, start, now, zone):
                due.append(Reminder(_key(agenda, occurrence, lead, person_id),
                                    dm_text(agenda, occurrence, person_id), user=user))  # fmt: skip
    return due


def when_due(lead: timedelta, start: datetime, zone: ZoneInfo | None) -> datetime | None:
    """When a reminder `lead` before `start` goes to someone in `zone` (None: no quiet hours):
    at start - lead, or at the end of their quiet hours; None when that is not before the start."""
    due = start - lead
    if zone is not None:
        local = due.astimezone(zone)
        if local.time() >= QUIET_START or local.time() < QUIET_END:
            day = local.date() + timedelta(days=1) if local.time() >= QUIET_START else local.date()
            due = datetime.combine(day, QUIET_END, zone)
    return due if due < start else None


def _latest_due(
    leads: tuple[timedelta, ...], start: datetime, now: datetime, zone: ZoneInfo | None
) -> timedelta | None:
    """The lead time whose reminder is due at `now`: the shortest one whose time has come (leads
    are longest first), when its quiet-hours delay has passed too; None when none is due, or the
    one whose time has come falls in quiet hours that last past the start."""
    current = next((lead for lead in reversed(leads) if start - lead <= now), None)
    if current is None:
        return None
    due = when_due(current, start, zone)
    return current if due is not None and due <= now else None


def _upcoming(agenda: Agenda, now: datetime, horizon: timedelta) -> Iterator[_Occurrence]:
    """Sessions and meeting calls starting after `now` and within `horizon`."""
    for session in agenda.sessions:
        if now < session.start <= now + horizon:
            yield _Occurrence(session, session.start, session.room)
    if agenda.meetings:
        from dateutil.rrule import rrulestr  # noqa: PLC0415 - only agendas with meetings need it

        for meeting in agenda.meetings:
            rule = rrulestr(meeting.rrule, dtstart=meeting.first_start)
            for start in rule.between(now, now + horizon, inc=True):
                if start > now and start.date() not in meeting.skipped:
                    yield _Occurrence(meeting, start, meeting.where)


def _runners(block: Session | Meeting) -> list[str]:
    """The moderators, the scribe and the required people, each once, in that order."""
    scribe = (block.scribe,) if isinstance(block, Session) and block.scribe else ()
    return list(dict.fromkeys((*block.moderators, *scribe, *block.required)))


def _key(agenda: Agenda, occurrence: _Occurrence, lead: timedelta, recipient: str) -> str:
    start = occurrence.start.astimezone(agenda.event.timezone).isoformat(timespec="minutes")
    minutes = int(lead.total_seconds() // 60)
    return f"reminder/{agenda.event.id}/{occurrence.block.id}/{start}/{minutes}m/{recipient}"


def _role(block: Session | Meeting, person_id: str) -> str:
    if person_id in block.moderators:
        return "moderate"
    if isinstance(block, Session) and person_id == block.scribe:
        return "take the notes of"
    return "are needed at"


def _starts(occurrence: _Occurrence) -> str:
    where = f" in {escape(occurrence.room)}" if occurrence.room else ""
    return f"starts {date_token(occurrence.start, '{date_short_pretty} {time}')}{where}"


def dm_text(agenda: Agenda, occurrence: _Occurrence, person_id: str) -> str:
    """The DM to one person who runs the block."""
    title = one_line(occurrence.block.title)
    return (f":alarm_clock: *{title}* ({one_line(agenda.event.title)}) {_starts(occurrence)}. "
            f"You {_role(occurrence.block, person_id)} it.")  # fmt: skip


def channel_text(agenda: Agenda, occurrence: _Occurrence) -> str:
    """The channel post: the block, its room, its topics and the open actions that come back."""
    block = occurrence.block
    lines = [f":alarm_clock: *{one_line(block.title)}* {_starts(occurrence)}."]
    topics = planned_topics(block)
    if topics:
        lines += ["Topics:", *(f"• {one_line(topic)}" for topic in topics)]
    actions = open_actions_for(agenda, block)
    if actions:
        lines.append("Open action items that come back:")
        for action in actions:
            owner = f" ({one_line(agenda.person(action.owner).name)})" if action.owner else ""
            lines.append(f"• {escape(action.id)}{owner}: {one_line(action.text)}")
    return "\n".join(lines)


def send_due(agendas: Iterable[Agenda], delivery: Delivery, now: datetime) -> int:
    """Send every reminder due at `now` that has not gone yet; how many went out now."""
    sent = 0
    for agenda in agendas:
        for reminder in due_reminders(agenda, now, delivery.messenger.zone):
            if not delivery.sent(reminder.key):
                sent += delivery.deliver(reminder.key, reminder.text, user=reminder.user, channel=reminder.channel)
    return sent
