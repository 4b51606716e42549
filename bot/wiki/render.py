"""Render an agenda as its wiki page, with the Jinja2 templates in `templates/wiki/`.

Escaping is on by default: every value a template prints is escaped for wikitext, except the
lines built by `bot.wiki.lines`, which arrive as `Markup` (already escaped, and spelled the way
the parser reads them back).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from bot.agenda.clock import format_clock
from bot.model import (
    ActionItem,
    ActionStatus,
    Agenda,
    AttendanceStatus,
    Person,
    ProposalStatus,
    Session,
    Topic,
    WorkItem,
    WorkStatus,
)
from bot.wiki import lines
from bot.wiki.escape import escape_text
from bot.wiki.roadmap_page import roadmap_title
from bot.wiki.templates import TEMPLATES, wiki_templates

DEFAULT_TEMPLATE = "event.wiki.j2"


def render_page(agenda: Agenda, *, folders: Sequence[Path] = ()) -> str:
    """The wikitext of the event page; `folders` are searched for the event's own template first."""
    environment = wiki_templates([*folders, TEMPLATES / "wiki"])
    template = environment.get_template(agenda.event.wiki.template or DEFAULT_TEMPLATE)
    return template.render(page_context(agenda))


def page_context(agenda: Agenda) -> dict[str, Any]:
    """What the event template is given: the event, and the page's parts ready to place."""
    event = agenda.event
    named = {person.id: person for person in agenda.people}
    sessions = {session.id: session for session in agenda.sessions}
    return {
        "event": event,
        "description": _paragraphs(event.description),
        "when": _when(agenda),
        "where": _where(agenda),
        "zone": _zone(agenda),
        "zone_line": Markup(lines.format_zone(*_zone_and_offset(agenda))),
        "channel": event.chat.channel,
        "proposal_url": event.proposal_url,
        "proposal_link": Markup(_link(event.proposal_url, "proposal")) if event.proposal_url else None,
        "topics": [
            {
                "line": Markup(
                    lines.format_proposal(
                        p.title, len(p.votes), sessions[p.session].title if p.session in sessions else None
                    )
                ),
                "description": p.description,
            }
            for p in agenda.proposals
            if p.status is not ProposalStatus.REJECTED
        ],
        "attendees": [
            Markup(
                lines.format_attendee(
                    lines.AttendeeLine(
                        named[a.person].name,
                        a.status if a.status is not AttendanceStatus.WAITLISTED else AttendanceStatus.TENTATIVE,
                        a.remote,
                        a.note,
                        named[a.person].wiki_user,
                    )
                )
            )
            for a in agenda.attendees
        ],
        "days": _days(agenda),
        "work_items": [_work_item(item, named) for item in agenda.work_items],
        "actions": [_action(action, named) for action in agenda.actions if action.status is ActionStatus.OPEN],
        "see_also": [Markup(_link(link.url, link.title or link.url)) for link in event.see_also],
        "roadmap_page": roadmap_title(agenda) if agenda.roadmap else None,
    }


def _action(action: ActionItem, named: dict[str, Person]) -> Markup:
    owner = named[action.owner].name if action.owner else "nobody yet"
    due = f" <small>(due {action.due.isoformat()})</small>" if action.due else ""
    return Markup(f"'''{escape_text(action.id)}''' {escape_text(owner)}: {escape_text(action.text)}{due}")


def _work_item(item: WorkItem, named: dict[str, Person]) -> Markup:
    """`Title (Volunteer One, Volunteer Two)`, with the status when the item is not open."""
    volunteers = ", ".join(escape_text(named[person].name, separators=",") for person in item.volunteers)
    text = escape_text(item.title) + (f" ({volunteers})" if volunteers else "")
    status = f" <small>({escape_text(item.status.value.replace('-', ' '))})</small>"
    return Markup(text + (status if item.status is not WorkStatus.OPEN else ""))


def _paragraphs(text: str | None) -> Markup | None:
    if not text:
        return None
    paragraphs = [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]
    return Markup("\n\n".join(escape_text(paragraph) for paragraph in paragraphs))


def _link(url: str, title: str) -> str:
    return f"[{url.replace(' ', '%20').replace(']', '%5D')} {escape_text(title)}]"


def _when(agenda: Agenda) -> str:
    days = agenda.event.days
    if not days:
        return "to be announced"
    first, last = days[0], days[-1]
    if len(days) == 1 and first.start and first.end:
        return f"{_date(first.date)}, {format_clock(first.start)}–{format_clock(first.end)}"
    if len(days) == 1:
        return _date(first.date)
    if (first.date.year, first.date.month) == (last.date.year, last.date.month):
        return f"{first.date.day}–{_date(last.date)}"
    return f"{_date(first.date)} – {_date(last.date)}"


def _date(moment: date) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _where(agenda: Agenda) -> str:
    venue = agenda.event.venue
    text = venue.describe() or "to be announced"
    return f"{text} ({', '.join(venue.rooms)})" if venue.rooms else text


def _zone(agenda: Agenda) -> str:
    zone, offset = _zone_and_offset(agenda)
    return f"{zone}, {offset}" if offset else zone


def _zone_and_offset(agenda: Agenda) -> tuple[str, str | None]:
    """The event's zone, and its offset from UTC on the first day ("UTC-04:00") when it has days."""
    event = agenda.event
    start = event.start
    offset = start.strftime("%z") if start else ""
    return event.timezone.key, f"UTC{offset[:3]}:{offset[3:]}" if offset else None


def _days(agenda: Agenda) -> list[dict[str, Any]]:
    named = {person.id: person.name for person in agenda.people}
    sessions = sorted(agenda.sessions, key=lambda session: (session.start, session.end))
    several = len(agenda.event.days) > 1
    groups: list[dict[str, Any]] = []
    for session in sessions:
        heading = f"{session.start:%A} {_date(session.start)}" if several else None
        if not groups or groups[-1]["heading"] != heading:
            groups.append({"heading": heading, "blocks": []})
        groups[-1]["blocks"].append({"line": Markup(_block(session, named)), "topics": _topic_lines(session.topics)})
    return groups


def _block(session: Session, named: dict[str, str]) -> str:
    block = lines.BlockLine(
        session.id,
        session.title,
        session.start.time(),
        session.end.time(),
        session.room,
        tuple(named[person] for person in session.moderators),
        session.minutes,
    )
    return lines.format_block(block)


def _topic_lines(topics: Sequence[Topic], depth: int = 2) -> list[Markup]:
    out: list[Markup] = []
    for topic in topics:
        out.append(Markup("*" * depth + " " + lines.format_topic(topic.title, topic.note)))
        out.extend(_topic_lines(topic.children, depth + 1))
    return out
