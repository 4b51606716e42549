"""Sync one agenda with its wiki page and its CalDAV collections, both ways.

The order is calendar, wiki, and the calendar once more when the wiki brought changes into the
agenda: an organiser's move in a calendar app reaches the wiki page in the same run, and a wiki
edit reaches the calendar. Either target may be left out. A failure on one side is collected, not
raised, so the other side still gets its turn. A target that could not be published stays in the
state store's queue until a later sync succeeds: `sync_wiki` queues `wiki:<page title>` and
`sync_calendar` queues `caldav:<collection>`, and each takes its target off after a success.
An agenda with a roadmap also has its roadmap page (`<event page>/Roadmap`, one way: the agenda
owns it) saved after a successful wiki sync, when its text differs; it queues `wiki:<that title>`.
The minutes pages the bot published for the agenda are synced before the event page
(`bot.minutes.page_sync`), so a scribe's correction of an action item reaches the YAML, and the
event page and the calendar, in the same run; and again after it when the event page brought
changes (an action item struck through there shows as done on its minutes page).

Used by `summitbot sync` (which prints the result) and by the sync loop of `summitbot serve`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.calendar.port import CalendarServer
from bot.calendar.sync import CalendarReport, collections, sync_calendar
from bot.errors import (
    CalendarLoginFailed,
    CalendarUnavailable,
    Conflict,
    LockTimeout,
    SummitbotError,
    UserError,
    WikiLoginFailed,
    WikiPermissionDenied,
    WikiRateLimited,
    WikiReadOnly,
    WikiUnavailable,
)
from bot.model import Agenda
from bot.sync.readings import AgendaReadings
from bot.sync.state import StateStore
from bot.sync.wiki_sync import SyncGaveUp, SyncReport, sync_wiki
from bot.wiki.port import Page, Wiki
from bot.wiki.roadmap_page import publish_roadmap, roadmap_title

if TYPE_CHECKING:  # the minutes pages' sync is imported when an agenda has some to sync
    from bot.minutes.page_sync import MinutesPageReport

Clock = Callable[[], datetime]
MINUTES = "minutes:"  # how the state store's targets of published minutes begin (`bot.minutes.record`)
# what went wrong, in a word (a message names servers and accounts, which /health must not show)
KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((WikiUnavailable, CalendarUnavailable), "unavailable"),
    ((WikiLoginFailed, CalendarLoginFailed), "login_failed"),
    (WikiPermissionDenied, "permission_denied"),
    (WikiRateLimited, "rate_limited"),
    (WikiReadOnly, "read_only"),
    ((Conflict, SyncGaveUp), "conflict"),
    (UserError, "invalid"),
    (LockTimeout, "locked"),
    (SummitbotError, "refused"),
)


def failure_kind(error: BaseException) -> str:
    """The kind of a failure, in a word: unavailable, login_failed, invalid, ... or internal (a bug)."""
    return next((kind for types, kind in KINDS if isinstance(error, types)), "internal")


def no_page_url(agenda: Agenda) -> str | None:
    """The page address when there is no wiki to point at: none."""
    return None


@dataclass(frozen=True)
class Targets:
    """Where agendas are published: a wiki and a CalDAV server (either may be None), and how to
    name an agenda's wiki page for people (shown by the CLI and put in calendar entries)."""

    wiki: Wiki | None
    calendar: CalendarServer | None
    page_url_of: Callable[[Agenda], str | None] = no_page_url


@dataclass
class AgendaSyncResult:
    """What one sync of an agenda did, and what failed on each side."""

    path: Path
    page_url: str | None = None
    wiki: SyncReport | None = None  # None: no wiki, or the wiki sync failed (see wiki_error)
    calendars: list[CalendarReport] = field(default_factory=list)
    wiki_error: SummitbotError | None = None
    calendar_errors: list[SummitbotError] = field(default_factory=list)
    no_collection: bool = False  # a CalDAV server is configured but the agenda names no collection
    roadmap_page: str | None = None  # the roadmap page's title, when the agenda has a roadmap to publish
    roadmap_saved: bool = False  # the roadmap page was saved (in a dry run: would be)
    roadmap_error: SummitbotError | None = None
    minutes: list[MinutesPageReport] = field(default_factory=list)  # the minutes pages synced
    minutes_errors: list[SummitbotError] = field(default_factory=list)

    @property
    def errors(self) -> list[SummitbotError]:
        """Every failure, in the order they happened (a wiki failure ends the sync)."""
        wiki = [error for error in (self.wiki_error, self.roadmap_error) if error is not None]
        return [*self.calendar_errors, *self.minutes_errors, *wiki]

    @property
    def ok(self) -> bool:
        """Whether every configured side synced."""
        return not self.errors

    @property
    def failing(self) -> dict[str, str]:
        """The sides that failed ("wiki", "caldav"), each with the kind of its first failure."""
        wiki = [error for error in (self.wiki_error, self.roadmap_error) if error is not None]
        sides = {"caldav": self.calendar_errors[:1], "wiki": wiki[:1]}
        return {side: failure_kind(errors[0]) for side, errors in sides.items() if errors}


def sync_agenda(
    path: Path,
    targets: Targets,
    store: StateStore,
    *,
    dry_run: bool = False,
    page: Page | None = None,
    clock: Clock = lambda: datetime.now(UTC),
    readings: AgendaReadings | None = None,
) -> AgendaSyncResult:
    """Sync the agenda at `path` with its calendars and its wiki page; see the module docstring.

    Raises only when the agenda itself cannot be read (UserError); the errors of the wiki and
    the calendar are in the result. `page` is the wiki page when the caller has read it already;
    `readings` the caller's, when it read the agenda already (each step reads it again).
    """
    readings = AgendaReadings() if readings is None else readings
    agenda = readings.load(path)
    result = AgendaSyncResult(path, page_url=targets.page_url_of(agenda))
    result.no_collection = targets.calendar is not None and not collections(agenda)
    server = targets.calendar if collections(agenda) else None
    if server is not None:
        _sync_calendars(result, server, store, readings, dry_run=dry_run, clock=clock)
    if targets.wiki is None:
        return result
    _sync_minutes(result, targets.wiki, store, readings, dry_run=dry_run)
    try:
        result.wiki = sync_wiki(
            path, targets.wiki, store, dry_run=dry_run, clock=clock, read_already=page, readings=readings
        )
    except SummitbotError as error:  # the calendar had its turn already
        result.wiki_error = error
        return result
    if result.wiki.agenda_changes and not dry_run:
        _sync_minutes(result, targets.wiki, store, readings, dry_run=dry_run)
    corrected = any(report.agenda_changes for report in result.minutes)
    if server is not None and (result.wiki.agenda_changes or corrected) and not dry_run:
        _sync_calendars(result, server, store, readings, dry_run=dry_run, clock=clock)
    if agenda.roadmap:
        _publish_roadmap(result, targets.wiki, store, readings, dry_run=dry_run)
    return result


def _publish_roadmap(
    result: AgendaSyncResult, wiki: Wiki, store: StateStore, readings: AgendaReadings, *, dry_run: bool
) -> None:
    """Save the roadmap page when it differs (from the agenda as the wiki sync left it); a failure
    is recorded and queued, and the next sync tries again."""
    agenda = readings.load(result.path)
    if not agenda.roadmap:
        return
    result.roadmap_page = roadmap_title(agenda)
    target = f"wiki:{result.roadmap_page}"
    try:
        result.roadmap_saved = publish_roadmap(agenda, wiki, dry_run=dry_run)
    except SummitbotError as error:
        result.roadmap_error = error
        if not dry_run:
            store.enqueue(agenda.event.id, target, result.path, str(error))
        return
    if not dry_run:
        store.dequeue(agenda.event.id, target)


def _sync_minutes(
    result: AgendaSyncResult, wiki: Wiki, store: StateStore, readings: AgendaReadings, *, dry_run: bool
) -> None:
    """One pass over the agenda's minutes pages; failures are recorded, the event page still syncs.
    Without minutes published to a page the agenda names, there is nothing to sync (nor to read
    the agenda again for)."""
    synced = store.synced_targets(readings.load(result.path).event.id)
    if not any(target.startswith(MINUTES) for target in synced):
        return
    from bot.minutes.page_sync import minutes_titles, sync_minutes_pages  # noqa: PLC0415 - few have any
    from bot.minutes.record import target  # noqa: PLC0415

    if not any(target(title) in synced for title in minutes_titles(readings.load(result.path))):
        return
    reports, errors = sync_minutes_pages(result.path, wiki, store, dry_run=dry_run)
    result.minutes += reports
    result.minutes_errors += errors


def _sync_calendars(
    result: AgendaSyncResult,
    server: CalendarServer,
    store: StateStore,
    readings: AgendaReadings,
    *,
    dry_run: bool,
    clock: Clock,
) -> None:
    """One calendar pass; a failure is recorded, so that the wiki still gets its turn."""
    try:
        result.calendars += sync_calendar(
            result.path, server, store, dry_run=dry_run, page_url=result.page_url, clock=clock, readings=readings
        )
    except SummitbotError as error:
        result.calendar_errors.append(error)
