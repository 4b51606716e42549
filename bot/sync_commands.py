"""`summitbot sync` and `summitbot conflicts`: every agenda with its wiki page and its calendars.

Per agenda the order is calendar, wiki, and the calendar once more when the wiki brought changes
into the agenda: an organiser's move in a calendar app reaches the wiki page in the same run, and
a wiki edit reaches the calendar. Either side may be left unconfigured; not both.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bot.agenda.load import load_agenda
from bot.calendar.caldav import CalDav
from bot.calendar.sync import CalendarReport, collections, sync_calendar
from bot.errors import ConfigError, SummitbotError
from bot.model import Agenda
from bot.settings import Settings, load_settings, user_agent
from bot.sync.merge import Plan
from bot.sync.state import StateStore, default_path
from bot.sync.wiki_sync import SyncReport, page_title, read_pages, sync_wiki
from bot.wiki.mediawiki import MediaWiki

Subcommands = Any  # argparse's _SubParsersAction is private


def add_sync_commands(commands: Subcommands) -> None:
    """Register sync and conflicts."""
    sync = commands.add_parser(
        "sync",
        help="sync agendas with their wiki pages and calendars, both ways",
        description="Bring wiki and calendar edits into each agenda and publish the agenda to its wiki page "
        "and CalDAV collections. The wiki comes from SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER and "
        "SUMMITBOT_WIKI_PASSWORD, the CalDAV server from SUMMITBOT_CALDAV_URL, SUMMITBOT_CALDAV_USER and "
        "SUMMITBOT_CALDAV_PASSWORD (or the config file); an agenda syncs a calendar when it names "
        "event.calendar.collection. Exit code 75 means a server was unreachable and the change is queued.",
    )
    sync.add_argument("agendas", nargs="+", type=Path, metavar="AGENDA", help="an agenda YAML file")
    sync.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    sync.set_defaults(run=_sync)

    conflicts = commands.add_parser("conflicts", help="list the conflicts recorded by syncs of an agenda")
    conflicts.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    conflicts.add_argument("--clear", nargs="*", type=int, metavar="ID", help="forget these conflicts (all: no ids)")
    conflicts.set_defaults(run=_conflicts)


def store_for(agenda: Path) -> StateStore:
    """The state store of an agenda: SUMMITBOT_STATE, or `.summitbot/state.sqlite3` beside it."""
    named = os.environ.get("SUMMITBOT_STATE")
    return StateStore(Path(named) if named else default_path(agenda))


def wiki_page_url(settings: Settings, agenda: Agenda) -> str | None:
    """The address of the agenda's wiki page for people (and for calendar entries' URL)."""
    if settings.wiki is None:
        return None
    title = page_title(agenda).replace(" ", "_")
    return settings.wiki.url.rsplit("/", 1)[0] + "/index.php?title=" + quote(title, safe="/:")


class _Targets:
    """The wiki and the CalDAV server, made once per run (either may be None)."""

    def __init__(self, settings: Settings) -> None:
        if settings.wiki is None and settings.caldav is None:
            raise ConfigError(
                "nothing to sync with: configure a wiki (SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER, "
                "SUMMITBOT_WIKI_PASSWORD) or a CalDAV server (SUMMITBOT_CALDAV_URL, SUMMITBOT_CALDAV_USER, "
                "SUMMITBOT_CALDAV_PASSWORD), or put them under [wiki] or [caldav] in ~/.config/summitbot/config.toml"
            )
        self.settings = settings
        agent = user_agent(settings)
        self.wiki = MediaWiki(settings.wiki, user_agent=agent) if settings.wiki else None
        self.calendar = CalDav(settings.caldav, user_agent=agent) if settings.caldav else None


def _sync(arguments: argparse.Namespace) -> int:
    targets = _Targets(load_settings())
    pages = {}
    if targets.wiki is not None:
        try:
            pages = read_pages(arguments.agendas, targets.wiki)
        except SummitbotError:
            pages = {}  # each agenda then reads, and reports (and queues), on its own
    failed: SummitbotError | None = None
    for path in arguments.agendas:
        try:
            failed = _sync_one(path, targets, pages.get(path), dry_run=arguments.dry_run) or failed
        except SummitbotError as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed = error
    if failed is not None:
        raise failed
    return 0


def _sync_one(path: Path, targets: _Targets, page: Any, *, dry_run: bool) -> SummitbotError | None:
    """Sync one agenda; a calendar error is printed and returned (the wiki still gets its turn)."""
    store = store_for(path)
    agenda = load_agenda(path)
    page_url = wiki_page_url(targets.settings, agenda)
    calendar_failed: SummitbotError | None = None

    def calendars() -> list[CalendarReport]:
        nonlocal calendar_failed
        if targets.calendar is None or not collections(agenda):
            return []
        try:
            return sync_calendar(path, targets.calendar, store, dry_run=dry_run, page_url=page_url)
        except SummitbotError as error:  # the wiki still gets its turn
            calendar_failed = error
            print(f"{path}: calendar: {error}", file=sys.stderr)
            return []

    reports = calendars()
    if targets.wiki is not None:
        report = sync_wiki(path, targets.wiki, store, dry_run=dry_run, read_already=page)
        print(_describe_wiki(path, report, page_url or "", dry_run=dry_run))
        if report.agenda_changes and not dry_run:
            reports += calendars()
    for calendar in reports:
        print(_describe_calendar(path, calendar, dry_run=dry_run))
    if targets.calendar is not None and not collections(agenda):
        print(f"{path}: no calendar: the agenda names no event.calendar.collection")
    return calendar_failed


def _describe_wiki(path: Path, report: SyncReport, address: str, *, dry_run: bool) -> str:
    if dry_run:
        return f"{path} <-> {address}\n" + (_plan_text(report.plan, "wiki") if report.plan else "  nothing to do")
    lines = [f"{path} <-> {address}"]
    lines += [f"  agenda: {change}" for change in report.agenda_changes]
    if report.edited:
        lines.append(f"  wiki: saved revision {report.revision} ({report.summary})")
    elif not report.agenda_changes:
        lines.append("  in step: nothing to do")
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _describe_calendar(path: Path, report: CalendarReport, *, dry_run: bool) -> str:
    head = f"{path} <-> {report.address}"
    if dry_run:
        return head + "\n" + (_plan_text(report.plan, "calendar") if report.plan else "  nothing to do")
    lines = [head]
    if report.created:
        lines.append(f"  calendar: created the collection {report.collection}")
    if report.republished:
        lines.append("  calendar: the collection had none of the event's items any more; published them again")
    lines += [f"  agenda: {change}" for change in report.agenda_changes]
    if report.written or report.deleted:
        lines.append(f"  calendar: {report.written} item(s) written, {report.deleted} deleted")
    elif not report.agenda_changes:
        lines.append("  in step: nothing to do")
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _plan_text(plan: Plan, side: str) -> str:
    if plan.is_empty:
        return "  nothing to do"
    lines = [f"  agenda <- {side}: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_agenda]
    lines += [f"  {side} <- agenda: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_other]
    lines += [f"  conflict (agenda wins): {c.key}: agenda {c.agenda!r}, {side} {c.other!r}" for c in plan.conflicts]
    return "\n".join(lines)


def _conflicts(arguments: argparse.Namespace) -> int:
    agenda = load_agenda(arguments.agenda)
    store = store_for(arguments.agenda)
    if arguments.clear is not None:
        count = store.clear_conflicts(agenda.event.id, arguments.clear or None)
        print(f"{count} conflict(s) cleared")
        return 0
    recorded = store.conflicts(agenda.event.id)
    if not recorded:
        print(f"{arguments.agenda}: no conflicts")
    for conflict in recorded:
        side = "calendar" if conflict.target.startswith("caldav:") else "wiki"
        print(f"#{conflict.id} {conflict.at:%Y-%m-%d %H:%M} UTC  {conflict.target}  {conflict.key}")
        print(f"    agenda (kept): {conflict.agenda!r}")
        print(f"    {side} (not applied): {conflict.other!r}")
        print(f"    last synced: {conflict.base!r}")
    return 0
