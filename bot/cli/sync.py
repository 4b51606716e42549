"""`summitbot sync` and `summitbot conflicts`: every agenda with its wiki page and its calendars.

The sync of one agenda is `bot.sync.agenda_sync.sync_agenda` (calendar, wiki, and the calendar
once more when the wiki changed the agenda); this module makes the targets from the settings and
prints what each sync did (the text: `bot.cli.sync_text`). Either side may be left unconfigured; not both.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bot.cli.sync_text import print_errors, print_result
from bot.console import NORMAL, detail, level
from bot.errors import ConfigError, SummitbotError, Unresolved, WikiUnavailable

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    from bot.model import Agenda
    from bot.settings import Settings
    from bot.sync.agenda_sync import Targets
    from bot.sync.state import RecordedConflict, StateStore
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
    from bot.wiki.port import page_title

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
    from bot.sync.readings import AgendaReadings
    from bot.sync.wiki_sync import read_pages

    targets = _targets(load_settings())
    readings = AgendaReadings()  # each agenda parsed once per text, whichever step reads it
    pages = {}
    if targets.wiki is not None:
        try:
            detail(f"reading the wiki pages of {len(arguments.agendas)} agenda(s) at once")
            pages = read_pages(arguments.agendas, targets.wiki, readings)
        except WikiUnavailable as error:  # down or silent: not asked again (another timeout) per agenda
            targets = replace(targets, wiki=_Unreachable(error))
        except SummitbotError:
            pages = {}  # each agenda then reads, and reports (and queues), on its own
    failed: SummitbotError | None = None
    reports: list[dict[str, Any]] = []
    for path in arguments.agendas:
        detail(f"{path}: syncing" + (" (dry run)" if arguments.dry_run else ""))
        try:
            result = sync_agenda(
                path, targets, store_for(path), dry_run=arguments.dry_run, page=pages.get(path), readings=readings
            )
        except SummitbotError as error:
            print(f"{path}: {error}", file=sys.stderr)
            from bot.sync_json import failed_json  # here: it brings in the minutes pages' sync

            reports.append(failed_json(str(path), error, dry_run=arguments.dry_run))
            failed = error
            continue
        print_errors(result)
        if arguments.json:
            from bot.sync_json import result_json

            reports.append(result_json(result, dry_run=arguments.dry_run))
        elif level() >= NORMAL:
            print_result(result, dry_run=arguments.dry_run)
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
