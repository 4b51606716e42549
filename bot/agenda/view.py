"""The normalised agenda as JSON-ready data (`summitbot show --json`) and as a short text summary.

Names replace person ids, so the output reads without the registry; datetimes are ISO 8601 with
their UTC offset, in the event's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from bot.agenda.clock import format_clock
from bot.model import Agenda, Milestone, Session, Topic

Namer = Callable[[str | None], str | None]
"""Turns a person id into the person's name (None stays None)."""


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """Everything the agenda says, with people named and times in ISO 8601."""
    event = agenda.event
    name = _namer(agenda)
    return {
        "event": {
            "id": event.id,
            "title": event.title,
            "kind": event.kind.value,
            "timezone": event.timezone.key,
            "location": event.venue.describe(),
            "start": _iso(event.start),
            "end": _iso(event.end),
            "description": event.description,
            "rooms": list(event.venue.rooms),
            "days": [
                {"date": _iso(day.date), "start": _iso(day.start), "end": _iso(day.end), "venue": day.venue}
                for day in event.days
            ],
            "organisers": [name(person) for person in event.organisers],
            "links": {
                "proposal": event.proposal_url,
                "see_also": [{"title": link.title, "url": link.url} for link in event.see_also],
            },
            "wiki_page": event.wiki.page,
        },
        "sessions": [_session_json(session, name) for session in agenda.sessions],
        "meetings": [
            {
                "id": meeting.id,
                "title": meeting.title,
                "rrule": meeting.rrule,
                "first_start": _iso(meeting.first_start),
                "first_end": _iso(meeting.first_end),
                "skipped": [_iso(day) for day in meeting.skipped],
                "where": meeting.where,
                "track": meeting.track,
                "moderators": [name(p) for p in meeting.moderators],
            }
            for meeting in agenda.meetings
        ],
        "attendees": [
            {
                "name": name(attendee.person),
                "status": attendee.status.value,
                "remote": attendee.remote,
                "note": attendee.note,
                "via": attendee.via.value,
            }
            for attendee in agenda.attendees
        ],
        "topics": [
            {
                "id": proposal.id,
                "title": proposal.title,
                "proposer": name(proposal.proposer),
                "votes": len(proposal.votes),
                "voters": [name(p) for p in proposal.votes],
                "status": proposal.status.value,
                "session": proposal.session,
                "reason": proposal.reason,
            }
            for proposal in agenda.proposals
        ],
        "work_items": [
            {
                "id": item.id,
                "title": item.title,
                "volunteers": [name(p) for p in item.volunteers],
                "status": item.status.value,
            }
            for item in agenda.work_items
        ],
        "actions": [
            {
                "id": action.id,
                "owner": name(action.owner),
                "text": action.text,
                "due": _iso(action.due),
                "status": action.status.value,
                "session": action.source.session,
            }
            for action in agenda.actions
        ],
        "roadmap": [_milestone_json(milestone, name) for milestone in agenda.roadmap],
    }


def _session_json(session: Session, name: Namer) -> dict[str, Any]:
    return {
        "id": session.id,
        "title": session.title,
        "start": _iso(session.start),
        "end": _iso(session.end),
        "room": session.room,
        "track": session.track,
        "moderators": [name(p) for p in session.moderators],
        "scribe": name(session.scribe),
        "required": [name(p) for p in session.required],
        "topics": [_topic_json(topic) for topic in session.topics],
        "minutes": session.minutes,
    }


def _topic_json(topic: Topic) -> dict[str, Any]:
    return {"title": topic.title, "note": topic.note, "children": [_topic_json(child) for child in topic.children]}


def _milestone_json(milestone: Milestone, name: Namer) -> dict[str, Any]:
    return {
        "id": milestone.id,
        "title": milestone.title,
        "kind": milestone.kind.value,
        "date": _iso(milestone.date),
        "items": [
            {
                "id": item.id,
                "title": item.title,
                "owner": name(item.owner),
                "status": item.status.value,
                "slipped_to": item.slipped_to,
            }
            for item in milestone.items
        ],
        "pledges": [
            {"who": name(pledge.who), "amount": str(pledge.amount), "currency": pledge.currency, "note": pledge.note}
            for pledge in milestone.pledges
        ],
    }


def summary(agenda: Agenda) -> str:
    """A few lines for a terminal: what, when, where, and the blocks."""
    event = agenda.event
    lines = [f"{event.title} ({event.kind.value}, {event.timezone.key})"]
    for day in event.days:
        where = day.venue or event.venue.describe()
        hours = f"{format_clock(day.start)}-{format_clock(day.end)}" if day.start and day.end else "no hours given"
        lines.append(f"  {day.date:%A %d %B %Y}, {hours}" + (f", {where}" if where else ""))
    for session in agenda.sessions:
        room = f" [{session.room}]" if session.room else ""
        lines.append(
            f"    {session.start:%a} {format_clock(session.start)}-{format_clock(session.end)}{room} {session.title}"
        )
    for meeting in agenda.meetings:
        lines.append(f"  every {meeting.rrule} from {meeting.first_start:%Y-%m-%d %H:%M}: {meeting.title}")
    open_actions = sum(1 for action in agenda.actions if action.status.value == "open")
    lines.append(
        f"  {len(agenda.attendees)} attendees, {len(agenda.proposals)} proposals, "
        f"{len(agenda.work_items)} work items, {open_actions} open action items"
    )
    return "\n".join(lines)


def _namer(agenda: Agenda) -> Namer:
    names = {person.id: person.name for person in agenda.people}
    return lambda person_id: None if person_id is None else names[person_id]


def _iso(moment: date | datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
