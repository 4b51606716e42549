"""`summitbot sync` and `summitbot conflicts`: every agenda with its wiki page and its calendars.

The sync of one agenda is `bot.sync.agenda_sync.sync_agenda` (calendar, wiki, and the calendar
once more when the wiki changed the agenda); this module makes the targets from the settings and
prints what each sync did. Either side may be left unconfigured; not both.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bot.console import NORMAL, detail, level
from bot.errors import ConfigError, SummitbotError, Unresolved, WikiUnavailable

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    from bot.calendar.sync import CalendarReport
    from bot.minutes.page_sync import MinutesPageReport
    from bot.model import Agenda
    from bot.settings import Settings
    from bot.sync.agenda_sync import AgendaSyncResult, Targets
    from bot.sync.merge import FieldConflict, Plan
    from bot.sync.state import RecordedConflict, StateStore
    from bot.sync.wiki_sync import SyncReport
    from bot.wiki.port import Page, Saved

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
        "event.calendar.collection. An agenda with a roadmap also gets the page '<event page>/Roadmap', "
        "written from the agenda one way. Exit code 75 means a server was unreachable, read-only or rate-limiting "
        "the bot, and the change is queued.",
    )
    sync.add_argument("agendas", nargs="+", type=Path, metavar="AGENDA", help="an agenda YAML file")
    sync.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    sync.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list on stdout, one object per agenda: for the wiki page, each calendar and each "
        "minutes page the plan (to_agenda, to_other, conflicts) and what was changed, the conflicts count and "
        "the errors (still also on stderr); the exit code is the same as without --json",
    )
    sync.set_defaults(run=_sync)

    conflicts = commands.add_parser(
        "conflicts",
        help="list the conflicts recorded by syncs of an agenda",
        description="List the conflicts recorded by syncs of an agenda: the agenda's value was kept, the other "
        "side's is shown. With --json: a JSON list of {id, at, target, side, key, agenda, other, base, reason}.",
    )
    conflicts.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    conflicts.add_argument(
        "--clear",
        nargs="*",
        type=int,
        metavar="ID",
        help="forget these conflicts (all: no ids); an id not recorded is refused (exit code 2)",
    )
    conflicts.add_argument("--json", action="store_true", help="print the conflicts as a JSON list")
    conflicts.set_defaults(run=_conflicts)


def store_for(agenda: Path) -> StateStore:
    """The state store of an agenda: SUMMITBOT_STATE, or `.summitbot/state.sqlite3` beside it."""
    from bot.sync.state import StateStore, default_path

    named = os.environ.get("SUMMITBOT_STATE")
    return StateStore(Path(named) if named else default_path(agenda))


def wiki_page_url(settings: Settings, agenda: Agenda) -> str | None:
    """The address of the agenda's wiki page for people (and for calendar entries' URL)."""
    from bot.sync.wiki_sync import page_title

    return title_url(settings, page_title(agenda))


def title_url(settings: Settings, title: str) -> str | None:
    """The address of a wiki page for people."""
    if settings.wiki is None:
        return None
    return settings.wiki.url.rsplit("/", 1)[0] + "/index.php?title=" + quote(title.replace(" ", "_"), safe="/:")


def _targets(settings: Settings) -> Targets:
    """The wiki and the CalDAV server, made once per run (either may be None; not both)."""
    from bot.calendar.caldav import CalDav
    from bot.settings import user_agent
    from bot.sync.agenda_sync import Targets
    from bot.wiki.mediawiki import MediaWiki

    if settings.wiki is None and settings.caldav is None:
        raise ConfigError(
            "nothing to sync with: configure a wiki (SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER, "
            "SUMMITBOT_WIKI_PASSWORD) or a CalDAV server (SUMMITBOT_CALDAV_URL, SUMMITBOT_CALDAV_USER, "
            "SUMMITBOT_CALDAV_PASSWORD), or put them under [wiki] or [caldav] in ~/.config/summitbot/config.toml"
        )
    agent = user_agent(settings)
    return Targets(
        wiki=MediaWiki(settings.wiki, user_agent=agent) if settings.wiki else None,
        calendar=CalDav(settings.caldav, user_agent=agent) if settings.caldav else None,
        page_url_of=partial(wiki_page_url, settings),
    )


def _sync(arguments: argparse.Namespace) -> int:
    import json

    from bot.settings import load_settings
    from bot.sync.agenda_sync import sync_agenda
    from bot.sync.wiki_sync import read_pages
    from bot.sync_json import failed_json, result_json

    targets = _targets(load_settings())
    pages = {}
    if targets.wiki is not None:
        try:
            detail(f"reading the wiki pages of {len(arguments.agendas)} agenda(s) at once")
            pages = read_pages(arguments.agendas, targets.wiki)
        except WikiUnavailable as error:  # down or silent: not asked again (another timeout) per agenda
            targets = replace(targets, wiki=_Unreachable(error))
        except SummitbotError:
            pages = {}  # each agenda then reads, and reports (and queues), on its own
    failed: SummitbotError | None = None
    reports: list[dict[str, Any]] = []
    for path in arguments.agendas:
        detail(f"{path}: syncing" + (" (dry run)" if arguments.dry_run else ""))
        try:
            result = sync_agenda(path, targets, store_for(path), dry_run=arguments.dry_run, page=pages.get(path))
        except SummitbotError as error:
            print(f"{path}: {error}", file=sys.stderr)
            reports.append(failed_json(str(path), error, dry_run=arguments.dry_run))
            failed = error
            continue
        _print_errors(result)
        if arguments.json:
            reports.append(result_json(result, dry_run=arguments.dry_run))
        elif level() >= NORMAL:
            _print_result(result, dry_run=arguments.dry_run)
        failed = result.errors[-1] if result.errors else failed
    if arguments.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    if failed is not None:
        raise failed
    return 0


class _Unreachable:
    """The wiki of this run once it was found down: every call fails as it did, at once."""

    def __init__(self, error: WikiUnavailable) -> None:
        self._error = error

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        """Fails as the wiki did."""
        raise self._error

    def edit(self, title: str, text: str, *, base_revision: int | None, summary: str) -> Saved:
        """Fails as the wiki did."""
        raise self._error


def _print_errors(result: AgendaSyncResult) -> None:
    """Print what failed in a sync, on stderr."""
    path = result.path
    for error in result.calendar_errors:
        print(f"{path}: calendar: {error}", file=sys.stderr)
    for error in result.minutes_errors:
        print(f"{path}: minutes: {error}", file=sys.stderr)
    if result.wiki_error is not None:
        print(f"{path}: {result.wiki_error}", file=sys.stderr)
    if result.roadmap_error is not None:
        print(f"{path}: roadmap: {result.roadmap_error}", file=sys.stderr)


def _print_result(result: AgendaSyncResult, *, dry_run: bool) -> None:
    """Print what a sync did on stdout (the failures: `_print_errors`)."""
    path = result.path
    for minutes in result.minutes:
        described = _describe_minutes(path, minutes, dry_run=dry_run)
        if described:
            print(described)
    if result.wiki is not None:
        print(_describe_wiki(path, result.wiki, result.page_url or "", dry_run=dry_run))
    for calendar in result.calendars:
        print(_describe_calendar(path, calendar, dry_run=dry_run))
    if result.no_collection:
        print(f"{path}: no calendar: the agenda names no event.calendar.collection")
    if result.roadmap_error is None and result.roadmap_page is not None:
        done = ("would be saved" if dry_run else "saved") if result.roadmap_saved else "in step: nothing to do"
        print(f"{path} -> {result.roadmap_page}: roadmap {done}")


def _describe_minutes(path: Path, report: MinutesPageReport, *, dry_run: bool) -> str | None:
    """What syncing a minutes page did (the corrections it brought into the agenda, the save), or
    would do; None when it had nothing to do."""
    from bot.minutes.page import content_key

    if dry_run:
        plan = report.plan
        if plan is None or plan.is_empty:
            return None
        kept = [
            f"  minutes page keeps what people wrote: {c.key}{'' if c.new else ' (removed)'}"
            for c in plan.to_agenda
            if content_key(c.key)
        ]
        fields = replace(plan, to_agenda=tuple(c for c in plan.to_agenda if not content_key(c.key)))
        return "\n".join([f"{path} <-> {report.page}", *kept, _plan_text(fields, "minutes page")])
    lines = [f"  agenda: {change}" for change in report.agenda_changes]
    lines += [f"  wiki: saved revision {report.revision}"] if report.saved else []
    return "\n".join([f"{path} <-> {report.page}", *lines]) if lines else None


def _describe_wiki(path: Path, report: SyncReport, address: str, *, dry_run: bool) -> str:
    if dry_run:
        return f"{path} <-> {address}\n" + (_plan_text(report.plan, "wiki") if report.plan else "  nothing to do")
    lines = [f"{path} <-> {address}"]
    lines += [f"  agenda: {change}" for change in report.agenda_changes]
    if report.edited:
        lines.append(f"  wiki: saved revision {report.revision} ({report.summary})")
    elif not report.agenda_changes:
        lines.append("  in step: nothing to do")
    lines += _held_lines(report.conflicts)
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _held_lines(conflicts: Iterable[FieldConflict]) -> list[str]:
    """One line for each reason the sync held something back (a mass change, a broken reference)."""
    return [f"  held: {reason}" for reason in dict.fromkeys(c.reason for c in conflicts if c.reason)]


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
    lines += _held_lines(report.plan.conflicts if report.plan else ())
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _plan_text(plan: Plan, side: str) -> str:
    if plan.is_empty:
        return "  nothing to do"
    lines = [f"  agenda <- {side}: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_agenda]
    lines += [f"  {side} <- agenda: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_other]
    lines += [
        f"  conflict (agenda wins): {c.key}: agenda {c.agenda!r}, {side} {c.other!r}"
        + (f" ({c.reason})" if c.reason else "")
        for c in plan.conflicts
    ]
    return "\n".join(lines)


def _conflicts(arguments: argparse.Namespace) -> int:
    import json

    from bot.agenda.load import load_agenda
    from bot.sync_json import recorded_conflict_json

    agenda = load_agenda(arguments.agenda)
    store = store_for(arguments.agenda)
    if arguments.clear is not None:
        _known_conflicts(arguments.clear, store.conflicts(agenda.event.id))
        count = store.clear_conflicts(agenda.event.id, arguments.clear or None)
        print(f"{count} conflict(s) cleared")
        return 0
    recorded = store.conflicts(agenda.event.id)
    if arguments.json:
        print(json.dumps([recorded_conflict_json(c) for c in recorded], indent=2, ensure_ascii=False))
        return 0
    if not recorded:
        print(f"{arguments.agenda}: no conflicts")
    for conflict in recorded:
        side = "calendar" if conflict.target.startswith("caldav:") else "wiki"
        print(f"#{conflict.id} {conflict.at:%Y-%m-%d %H:%M} UTC  {conflict.target}  {conflict.key}")
        print(f"    agenda (kept): {conflict.agenda!r}")
        print(f"    {side} (not applied): {conflict.other!r}")
        print(f"    last synced: {conflict.base!r}")
        if conflict.reason:
            print(f"    why: {conflict.reason}")
    return 0


def _known_conflicts(ids: list[int], recorded: list[RecordedConflict]) -> None:
    """Refuse ids no recorded conflict has, suggesting the ones a keystroke away."""
    from bot.lookup import Named, suggestion

    known = [Named(str(c.id), label=f"#{c.id} ({c.target} {c.key})") for c in recorded]
    for wanted in ids:
        if str(wanted) not in {c.id for c in known}:
            raise Unresolved(f"--clear: there is no conflict #{wanted}{suggestion(str(wanted), known)}")
