"""What an event page shows of an agenda, to compare an agenda with its import from its own page.

`shown(agenda)` keeps exactly what `summitbot render` puts on the page and `import-wiki` can read
back; what the page does not carry is left out here, with the reason:
- the event's id, kind (guessed from the title), description's line breaks, organisers, chat,
  calendar and wiki settings: not on the page, or only in prose;
- the event's title: not in the text, it is the page's title (the import is given it);
- the hours of each day of a several-day event (the page shows only the dates), and a day with no
  session between others (its date is in the "When" range, no heading is written for it);
- people's ids, e-mails, chat ids, aliases, affiliations; attendees' interests and sign-up times;
  "waitlisted", which the page shows as tentative;
- who proposed a topic and who voted for it (the page counts the votes), a rejected topic (not
  listed), accepted versus proposed; a session's track, scribe, description and required people;
- work items and action items (written one way: the importer does not read them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from bot.model import Agenda, AttendanceStatus, ProposalStatus, Topic
from bot.wiki.importer import Imported, import_page
from bot.wiki.render import render_page

TopicView = tuple[str, str | None, tuple["TopicView", ...]]


@dataclass(frozen=True)
class PageView:
    """The agenda as its page shows it."""

    zone: str
    dates: tuple[date, ...]
    hours: tuple[time, time] | None  # shown only for a one-day event
    sessions: tuple[tuple[object, ...], ...]
    proposals: tuple[tuple[object, ...], ...]
    attendees: tuple[tuple[object, ...], ...]


def round_trip(agenda: Agenda) -> Imported:
    """The import of the agenda's own page, given the page's title as `summitbot import-wiki --page` is."""
    return import_page(render_page(agenda), title=agenda.event.title, source="<rendered>", imported_on=date(2024, 5, 1))


def shown(agenda: Agenda) -> PageView:
    """What the page shows of `agenda`."""
    name = {person.id: person.name for person in agenda.people}
    user = {person.id: person.wiki_user for person in agenda.people}
    days = agenda.event.days
    sessions = sorted(agenda.sessions, key=lambda session: (session.start, session.end))
    status = {AttendanceStatus.WAITLISTED: AttendanceStatus.TENTATIVE}
    return PageView(
        agenda.event.timezone.key,
        tuple(day.date for day in days),
        (days[0].start.time(), days[0].end.time()) if len(days) == 1 and days[0].start and days[0].end else None,
        tuple(
            (s.id, s.title, s.start, s.end, s.room, tuple(name[m] for m in s.moderators), _topics(s.topics), s.minutes)
            for s in sessions
        ),
        tuple(
            (p.title, p.description, p.session if p.session in {s.id for s in sessions} else None)
            for p in agenda.proposals
            if p.status is not ProposalStatus.REJECTED
        ),
        tuple(
            (name[a.person], status.get(a.status, a.status), a.remote, a.note, user[a.person]) for a in agenda.attendees
        ),
    )


def _topics(topics: tuple[Topic, ...]) -> tuple[TopicView, ...]:
    return tuple((topic.title, topic.note, _topics(topic.children)) for topic in topics)
