"""The iCalendar feeds of an agenda: the event feed, each person's own feed and the task feed.

`stamp_agenda` brings the state store's stamps up to date with the agenda (the only step that
writes, and only when something changed); the feed functions then only assemble stored text, so
an unchanged agenda gives the same bytes every time and thousands of personal feeds are cheap.

Private by default: the event and task feeds are public (anyone with the address reads them), so
their ORGANIZER and ATTENDEE carry names only, never an e-mail address (`bot.calendar.addresses`);
a person's own feed does too unless the agenda says `calendar: {personal_feed_emails: true}`.
CalDAV items keep the addresses: the collection is behind the server's login.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.calendar import ical
from bot.calendar.addresses import urns_by_email, without_emails
from bot.calendar.entries import Entry, event_entries, task_entries
from bot.calendar.stamps import Stamp, advance
from bot.model import Agenda, AttendanceStatus
from bot.sync.state import StateStore

TASK_MARK = "/action/"  # only task UIDs contain it (ids never contain '/')


@dataclass(frozen=True)
class Stamped:
    """An agenda's entries and their up-to-date stamps, by UID."""

    agenda: Agenda
    entries: dict[str, Entry]
    stamps: dict[str, Stamp]
    zones: dict[str, str] = field(default_factory=dict, compare=False)  # VTIMEZONEs made so far
    named: dict[str, str] = field(default_factory=dict, compare=False)  # components without e-mail, by UID
    urns: dict[str, str] = field(default_factory=dict, compare=False)  # mailto: -> urn, made on first need

    def events(self) -> list[Stamp]:
        """The VEVENT stamps, live and cancelled, in feed order."""
        return sorted((s for s in self.stamps.values() if TASK_MARK not in s.uid), key=lambda s: s.position)

    def tasks(self) -> list[Stamp]:
        """The VTODO stamps, in feed order."""
        return sorted((s for s in self.stamps.values() if TASK_MARK in s.uid), key=lambda s: s.position)


def stamp_agenda(
    agenda: Agenda,
    store: StateStore,
    *,
    page_url: str | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Stamped:
    """Advance and save the stamps of every event and task of the agenda; see the module docstring."""
    entries = [*event_entries(agenda, page_url=page_url), *task_entries(agenda)]
    event_id = agenda.event.id
    result = advance(
        store.stamps(event_id),
        entries,
        now=clock().replace(microsecond=0),
        keep=timedelta(days=agenda.event.calendar.keep_cancelled_days),
        render=_render,
        cancel=_cancel,
        prefix=f"{event_id}/",
    )
    store.save_stamps(event_id, result.changed, result.forgotten)
    return Stamped(agenda, {entry.uid: entry for entry in entries}, result.stamps)


def event_feed(stamped: Stamped, *, person: str | None = None) -> str:
    """The event feed (every session and meeting), or one person's part of it."""
    stamps = stamped.events()
    if person is not None:
        attending = _attending(stamped.agenda)
        stamps = [s for s in stamps if _concerns(s, person, attending)]
    emails = person is not None and stamped.agenda.event.calendar.personal_feed_emails
    return _calendar(stamped, stamps, _feed_name(stamped.agenda, person, "calendar"), emails=emails)


def task_feed(stamped: Stamped, *, person: str | None = None) -> str:
    """The action items as VTODOs (all of them, or the ones a person owns)."""
    stamps = stamped.tasks()
    if person is not None:
        stamps = [s for s in stamps if _concerns(s, person, set())]
    emails = person is not None and stamped.agenda.event.calendar.personal_feed_emails
    return _calendar(stamped, stamps, _feed_name(stamped.agenda, person, "action items"), emails=emails)


def personal_feeds(stamped: Stamped) -> dict[str, str]:
    """Every person's own event feed at once (the involvement index is built once)."""
    stamps = stamped.events()
    attending = _attending(stamped.agenda)
    everyone = [s for s in stamps if s.involves == "null"]
    chosen: dict[str, list[Stamp]] = {}
    for stamp in stamps:
        for person_id in json.loads(stamp.involves) or ():
            chosen.setdefault(person_id, []).append(stamp)
    feeds = {}
    emails = stamped.agenda.event.calendar.personal_feed_emails
    for person in stamped.agenda.people:
        mine = chosen.get(person.id, []) + (everyone if person.id in attending else [])
        if mine:
            ordered = sorted(mine, key=lambda s: s.position)
            name = _feed_name(stamped.agenda, person.id, "calendar")
            feeds[person.id] = _calendar(stamped, ordered, name, emails=emails)
    return feeds


def item_text(stamped: Stamped, stamp: Stamp) -> str:
    """One entry as a CalDAV item: a VCALENDAR with the VTIMEZONE it needs and the component."""
    return _calendar(stamped, [stamp], None, emails=True)


def _calendar(stamped: Stamped, stamps: list[Stamp], name: str | None, *, emails: bool) -> str:
    needs_zone = any(TASK_MARK not in s.uid for s in stamps)
    timezone = _timezone(stamped) if needs_zone else ""
    components = [s.component for s in stamps] if emails else [_named(stamped, s) for s in stamps]
    return ical.calendar_text(name or "", stamped.agenda.event.timezone, timezone, components, feed=name is not None)


def _timezone(stamped: Stamped) -> str:
    """The event zone's VTIMEZONE, made once per run (it does not depend on the entries)."""
    zone = stamped.agenda.event.timezone
    if zone.key not in stamped.zones:
        stamped.zones[zone.key] = ical.timezone_text(zone)
    return stamped.zones[zone.key]


def _named(stamped: Stamped, stamp: Stamp) -> str:
    """The stamp's component with names only, made once per run."""
    if stamp.uid not in stamped.named:
        if not stamped.urns:
            stamped.urns.update(urns_by_email(stamped.agenda.event.id, stamped.agenda.people))
        stamped.named[stamp.uid] = without_emails(stamp.component, stamped.urns)
    return stamped.named[stamp.uid]


def _concerns(stamp: Stamp, person: str, attending: set[str]) -> bool:
    involves = json.loads(stamp.involves)
    return (involves is None and person in attending) or (involves is not None and person in involves)


def _attending(agenda: Agenda) -> set[str]:
    return {a.person for a in agenda.attendees if a.status != AttendanceStatus.DECLINED}


def _feed_name(agenda: Agenda, person: str | None, what: str) -> str:
    title = agenda.event.title if what == "calendar" else f"{agenda.event.title}: {what}"
    return f"{title} ({agenda.person(person).name})" if person else title


def _render(entry: Entry, sequence: int, created: datetime, modified: datetime) -> str:
    return ical.component_text(entry, sequence=sequence, created=created, modified=modified)


def _cancel(text: str, sequence: int, when: datetime) -> str:
    return ical.cancelled_text(text, sequence=sequence, modified=when)
