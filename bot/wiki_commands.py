"""The wiki commands of `summitbot`: render, sync, conflicts and import-wiki.

They return exit codes and raise the errors of `bot.errors`; `bot.cli` turns those into messages.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bot.agenda.load import load_agenda
from bot.agenda.write import atomic_write
from bot.errors import ConfigError, SummitbotError
from bot.settings import Settings, load_settings, user_agent
from bot.sync.merge import Plan
from bot.sync.state import StateStore, default_path
from bot.sync.wiki_sync import SyncReport, read_pages, sync_wiki
from bot.wiki.importer import import_page
from bot.wiki.mediawiki import MediaWiki
from bot.wiki.render import render_page

Subcommands = Any  # argparse's _SubParsersAction is private


def add_wiki_commands(commands: Subcommands) -> None:
    """Register render, sync, conflicts and import-wiki."""
    render = commands.add_parser("render", help="print the wikitext of an agenda's event page")
    render.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    render.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    render.set_defaults(run=_render)

    sync = commands.add_parser(
        "sync",
        help="sync agendas with their wiki pages, both ways",
        description="Bring wiki edits into each agenda and publish the agenda to its page. The wiki and its "
        "credentials come from SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER and SUMMITBOT_WIKI_PASSWORD or the "
        "config file. Exit code 75 means the wiki was unreachable and the change is queued.",
    )
    sync.add_argument("agendas", nargs="+", type=Path, metavar="AGENDA", help="an agenda YAML file")
    sync.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    sync.set_defaults(run=_sync)

    conflicts = commands.add_parser("conflicts", help="list the conflicts recorded by syncs of an agenda")
    conflicts.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    conflicts.add_argument("--clear", nargs="*", type=int, metavar="ID", help="forget these conflicts (all: no ids)")
    conflicts.set_defaults(run=_conflicts)

    adopt = commands.add_parser(
        "import-wiki",
        help="adopt a hand-written event page as a new agenda",
        description="Read an existing event page (a file of wikitext, or a page on the configured wiki) "
        "and write a new agenda YAML file from it. What could not be understood is listed on stderr.",
    )
    source = adopt.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path, metavar="FILE.wiki", help="a file of wikitext")
    source.add_argument("--page", metavar="TITLE", help="a page on the configured wiki")
    adopt.add_argument("-o", "--output", type=Path, required=True, metavar="AGENDA", help="the YAML file to write")
    adopt.add_argument("--timezone", metavar="ZONE", help="IANA time zone, when the page states none")
    adopt.add_argument("--id", metavar="EVENT_ID", help="the event id (default: made from the title)")
    adopt.add_argument("--force", action="store_true", help="overwrite AGENDA if it exists")
    adopt.set_defaults(run=_import)


def _render(arguments: argparse.Namespace) -> int:
    agenda = load_agenda(arguments.agenda)
    text = render_page(agenda, folders=[arguments.agenda.parent])
    if arguments.output:
        atomic_write(arguments.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _wiki(settings: Settings) -> MediaWiki:
    if settings.wiki is None:
        raise ConfigError(
            "no wiki is configured: set SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER and SUMMITBOT_WIKI_PASSWORD "
            "(a bot password, USER@APP), or put them under [wiki] in ~/.config/summitbot/config.toml"
        )
    return MediaWiki(settings.wiki, user_agent=user_agent(settings))


def _store(agenda: Path) -> StateStore:
    named = os.environ.get("SUMMITBOT_STATE")
    return StateStore(Path(named) if named else default_path(agenda))


def _sync(arguments: argparse.Namespace) -> int:
    settings = load_settings()
    wiki = _wiki(settings)
    assert settings.wiki is not None
    failed: SummitbotError | None = None
    try:
        pages = read_pages(arguments.agendas, wiki)
    except SummitbotError:
        pages = {}  # each agenda then reads, and reports (and queues), on its own
    for path in arguments.agendas:
        try:
            report = sync_wiki(path, wiki, _store(path), dry_run=arguments.dry_run, read_already=pages.get(path))
        except SummitbotError as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed = error
            continue
        print(_describe(path, report, settings.wiki.url, dry_run=arguments.dry_run))
    if failed is not None:
        raise failed
    return 0


def _describe(path: Path, report: SyncReport, api_url: str, *, dry_run: bool) -> str:
    address = api_url.rsplit("/", 1)[0] + "/index.php?title=" + quote(report.page.replace(" ", "_"))
    if dry_run:
        return f"{path} <-> {address}\n" + (_plan_text(report.plan) if report.plan else "  nothing to do")
    lines = [f"{path} <-> {address}"]
    lines += [f"  agenda: {change}" for change in report.agenda_changes]
    if report.edited:
        lines.append(f"  wiki: saved revision {report.revision} ({report.summary})")
    elif not report.agenda_changes:
        lines.append("  in step: nothing to do")
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _plan_text(plan: Plan) -> str:
    if plan.is_empty:
        return "  nothing to do"
    lines = [f"  agenda <- wiki: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_agenda]
    lines += [f"  wiki <- agenda: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_other]
    lines += [f"  conflict (agenda wins): {c.key}: agenda {c.agenda!r}, wiki {c.other!r}" for c in plan.conflicts]
    return "\n".join(lines)


def _conflicts(arguments: argparse.Namespace) -> int:
    agenda = load_agenda(arguments.agenda)
    store = _store(arguments.agenda)
    if arguments.clear is not None:
        count = store.clear_conflicts(agenda.event.id, arguments.clear or None)
        print(f"{count} conflict(s) cleared")
        return 0
    recorded = store.conflicts(agenda.event.id)
    if not recorded:
        print(f"{arguments.agenda}: no conflicts")
    for conflict in recorded:
        print(f"#{conflict.id} {conflict.at:%Y-%m-%d %H:%M} UTC  {conflict.target}  {conflict.key}")
        print(f"    agenda (kept): {conflict.agenda!r}")
        print(f"    wiki (not applied): {conflict.other!r}")
        print(f"    last synced: {conflict.base!r}")
    return 0


def _import(arguments: argparse.Namespace) -> int:
    output: Path = arguments.output
    if output.exists() and not arguments.force:
        raise SummitbotError(f"{output} exists; pass --force to overwrite it")
    if arguments.page:
        page = _wiki(load_settings()).read([arguments.page])[arguments.page]
        if page.text is None:
            raise SummitbotError(f"the wiki has no page called '{arguments.page}'")
        text, source, title = page.text, arguments.page, arguments.page
    else:
        text, source, title = arguments.file.read_text(encoding="utf-8"), str(arguments.file), None
    imported = import_page(text, title=title, timezone=arguments.timezone, event_id=arguments.id, source=source)
    atomic_write(output, imported.yaml_text)
    for line in imported.not_understood:
        print(f"{source}: not understood: {line}", file=sys.stderr)
    print(f"{output}: written from {source}; check it with `summitbot check {output}`")
    return 0
