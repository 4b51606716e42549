"""The time-telling commands: `agenda [DAY [TEXT]]` (a day's blocks), `now` (on now, and next) and `my`.

Times go out as Slack date tokens, so each reader sees them in their own time zone; the day
itself is the event's day (in the event's zone), because that is what the wiki and YAML call it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.calendar.entries import Entry, event_entries, for_person
from bot.chat import replies
from bot.chat.days import day_and_text
from bot.chat.identity import Caller
from bot.chat.mrkdwn import date_token, one_line
from bot.model import ActionStatus, Agenda, Session

FeedLink = Callable[[Agenda, str], str | None]


def day_blocks(agenda: Agenda, now: datetime, wanted: str = "") -> str:
    """The blocks of the day asked for (`agenda DAY [TEXT]`, `bot.chat.days`: TEXT in the room or
    title); with no day asked for, today's, and on a day without any, the next day that has some
    (or the last one)."""
    today = now.astimezone(agenda.event.timezone).date()
    days = sorted({s.start.date() for s in agenda.sessions})
    asked, text = day_and_text(wanted, days, today)
    if wanted and asked is None:
        return replies.unknown_day(wanted, days)
    day = asked or (today if today in days else next((d for d in days if d > today), days[-1] if days else today))
    heading = "today" if day == today else f"on {day:%A %d %B %Y}"
    sessions = sorted((s for s in agenda.sessions if s.start.date() == day and _has(s, text)), key=lambda s: s.start)
    if text:
        heading += f" with “{one_line(text, 60)}”"
    if wanted and not sessions:
        return replies.blocks(agenda, heading, sessions) + " " + replies.event_days(days)
    return replies.blocks(agenda, heading, sessions)


def _has(session: Session, text: str) -> bool:
    """Whether `text` is in the block's room or title (any case)."""
    return text.casefold() in f"{session.room or ''}\n{session.title}".casefold()


def on_now(agenda: Agenda, now: datetime) -> str:
    """What is running now, and what comes next."""
    ordered = sorted(agenda.sessions, key=lambda s: s.start)
    running = [s for s in ordered if s.start <= now < s.end]
    upcoming = next((s for s in ordered if s.start > now), None)
    title = one_line(agenda.event.title)
    lines = [f"*{title}*, now:"] + [replies.session_line(agenda, s) for s in running] if running else []
    if not running:
        lines.append(f"*{title}*: nothing is on right now.")
    if upcoming is not None:
        lines.append("Next: " + replies.session_line(agenda, upcoming).removeprefix("• "))
    elif not running:
        lines.append("Nothing else is planned." if ordered else "No blocks are planned yet.")
    return "\n".join(lines)


def mine(agenda: Agenda, caller: Caller, now: datetime, feed_link: FeedLink) -> str:
    """The caller's own schedule (what they run, are needed at or signed up for), their open
    action items, and the address of their personal calendar feed."""
    title = one_line(agenda.event.title)
    if caller.person is None:
        return f"You are not in *{title}* yet: `/summit join` signs you up."
    person = caller.person.id
    entries = [e for e in for_person(event_entries(agenda), agenda, person) if _still_to_come(e, now)]
    lines = [f"*{title}*, your schedule:"] if entries else [f"*{title}*: nothing on your schedule from now on."]
    lines += [_entry_line(entry) for entry in sorted(entries, key=lambda e: e.position)]
    actions = [a for a in agenda.actions if a.owner == person and a.status is ActionStatus.OPEN]
    if actions:
        lines.append("Your open action items:")
        lines += [f"• *{one_line(a.id, 20)}* {one_line(a.text, 200)}" + (f" (due {a.due:%d %b})" if a.due else "")
                  for a in actions]  # fmt: skip
    link = feed_link(agenda, person)
    if link:
        lines.append(f"Subscribe to your calendar: {link}")
    return "\n".join(lines)


def _still_to_come(entry: Entry, now: datetime) -> bool:
    return entry.rrule is not None or (entry.end is not None and entry.end > now)


def _entry_line(entry: Entry) -> str:
    assert entry.start is not None
    assert entry.end is not None
    repeat = " (repeats)" if entry.rrule else ""
    where = f" ({one_line(entry.location, 80)})" if entry.location else ""
    day = date_token(entry.start, "{date_short_pretty} {time}")
    return f"• {day}–{date_token(entry.end)} *{one_line(entry.summary, 120)}*{where}{repeat}"
