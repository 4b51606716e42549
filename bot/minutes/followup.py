"""Which block a meeting is held in, and the action items that come back to it.

A meeting started in a channel during (or shortly before) a scheduled block is that block's
meeting: its moderators chair it, its topics are the plan, and the open action items decided in
earlier sessions of the same track (or earlier calls of the same recurring meeting) come first.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr

from bot.minutes.meeting import Meeting as Engine
from bot.minutes.owners import Owners
from bot.model import ActionItem, ActionStatus, Agenda, Meeting, Session, Topic

DEFAULT_DUE_DAYS = 14  # an action whose text gives no date is due two weeks after the meeting
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


def meeting_for(agenda: Agenda, at: datetime, *, due_days: int = DEFAULT_DUE_DAYS) -> Engine:
    """A meeting of the event at `at`: the block then (if any) gives chairs, plan and open actions."""
    block = block_at(agenda, at)
    numbers = [int(a.id[1:]) for a in agenda.actions if re.fullmatch(r"A\d+", a.id)]
    milestones = {key: m.date for m in agenda.roadmap if m.date for key in (m.id, m.title)}
    return Engine(
        block.title if block else agenda.event.title,
        owners=Owners(agenda.people),
        start=at,
        next_action=max(numbers, default=0) + 1,
        chairs=chairs_of(agenda, block) if block else (),
        planned_topics=planned_topics(block) if block else (),
        open_actions=open_actions_for(agenda, block) if block else (),
        milestones=milestones,
        default_due_days=due_days,
        event=agenda.event.id,
        session=block.id if block else None,
    )
