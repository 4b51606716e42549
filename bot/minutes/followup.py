"""Which block a meeting is held in, and the action items that come back to it.

A meeting started in a channel during (or shortly before) a scheduled block is that block's
meeting: its moderators chair it, its topics are the plan, and the open action items decided in
earlier sessions of the same track (or earlier calls of the same recurring meeting) come first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.rrule import rrulestr

from bot.model import ActionItem, ActionStatus, Agenda, Meeting, Session, Topic

EARLY = timedelta(minutes=15)  # a meeting started this early still belongs to the block


def block_at(agenda: Agenda, when: datetime, *, early: timedelta = EARLY) -> Session | Meeting | None:
    """The session running at `when` (or starting within `early`), else a recurring meeting with
    an occurrence then; None when nothing is scheduled."""
    for session in sorted(agenda.sessions, key=lambda s: s.start):
        if session.start - early <= when < session.end:
            return session
    for meeting in agenda.meetings:
        if _occurs(meeting, when, early):
            return meeting
    return None


def _occurs(meeting: Meeting, when: datetime, early: timedelta) -> bool:
    length = meeting.first_end - meeting.first_start
    rule = rrulestr(meeting.rrule, dtstart=meeting.first_start)
    start = rule.before(when + early, inc=True)
    return start is not None and start.date() not in meeting.skipped and when < start + length


def planned_topics(block: Session | Meeting) -> list[str]:
    """The block's topics, nested ones after their parent, as one list of titles."""
    titles: list[str] = []

    def walk(topics: tuple[Topic, ...]) -> None:
        for topic in topics:
            titles.append(topic.title)
            walk(topic.children)

    walk(block.topics)
    return titles


def open_actions_for(agenda: Agenda, block: Session | Meeting) -> list[ActionItem]:
    """Open action items decided in earlier blocks of the same track, or earlier calls of the
    same recurring meeting, in id order; with no track, those of the same block."""
    started = block.start if isinstance(block, Session) else block.first_start
    earlier = {
        s.id
        for s in agenda.sessions
        if s.start < started and (s.id == block.id or (block.track and s.track == block.track))
    }
    earlier |= {m.id for m in agenda.meetings if m.id == block.id or (block.track and m.track == block.track)}
    return [a for a in agenda.actions if a.status is ActionStatus.OPEN and a.source.session in earlier]


def chairs_of(agenda: Agenda, block: Session | Meeting) -> list[str]:
    """The names of the block's moderators (they chair its meeting)."""
    return [agenda.person(person).name for person in block.moderators]
