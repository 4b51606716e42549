"""The wiki commands of `summitbot`: render and import-wiki (sync and conflicts: `bot.cli.sync`).

They return exit codes and raise the errors of `bot.errors`; `bot.cli` turns those into messages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.console import detail, note
from bot.errors import ConfigError, SummitbotError

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    from bot.settings import Settings
    from bot.wiki.mediawiki import MediaWiki


Subcommands = Any  # argparse's _SubParsersAction is private


def add_wiki_commands(commands: Subcommands) -> None:
    """Register render and import-wiki."""
    render = commands.add_parser("render", help="print the wikitext of an agenda's event page")
    render.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    render.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    render.set_defaults(run=_render)

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
    adopt.add_argument(
        "--timezone",
        metavar="ZONE",
        help="IANA time zone to use (default: the zone the page states, else the one of the place it names, else UTC)",
    )
    adopt.add_argument("--id", metavar="EVENT_ID", help="the event id (default: made from the title)")
    adopt.add_argument("--force", action="store_true", help="overwrite AGENDA if it exists")
    adopt.set_defaults(run=_import)


def _render(arguments: argparse.Namespace) -> int:
    from bot.agenda.load import load_agenda
    from bot.agenda.write import atomic_write
    from bot.wiki.render import render_page

    agenda = load_agenda(arguments.agenda)
    text = render_page(agenda, folders=[arguments.agenda.parent])
    if arguments.output:
        atomic_write(arguments.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _wiki(settings: Settings) -> MediaWiki:
    from bot.settings import user_agent
    from bot.wiki.mediawiki import MediaWiki

    if settings.wiki is None:
        raise ConfigError(
            "no wiki is configured: set SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER and SUMMITBOT_WIKI_PASSWORD "
            "(a bot password, USER@APP), or put them under [wiki] in ~/.config/summitbot/config.toml"
        )
    return MediaWiki(settings.wiki, user_agent=user_agent(settings))


def _import(arguments: argparse.Namespace) -> int:
    from bot.agenda.load import read_agenda_text
    from bot.agenda.write import atomic_write
    from bot.settings import load_settings
    from bot.wiki.importer import import_page

    output: Path = arguments.output
    if output.exists() and not arguments.force:
        raise SummitbotError(f"{output} exists; pass --force to overwrite it")
    if arguments.page:
        page = _wiki(load_settings()).read([arguments.page])[arguments.page]
        if page.text is None:
            raise SummitbotError(f"the wiki has no page called '{arguments.page}'")
        text, source, title = page.text, arguments.page, arguments.page
    else:
        # read as agenda files are: a missing file or a byte that is not UTF-8 is a problem at its line
        text, source, title = read_agenda_text(arguments.file), str(arguments.file), None
    detail(f"{source}: reading {len(text.splitlines())} line(s) of wikitext")
    imported = import_page(text, title=title, timezone=arguments.timezone, event_id=arguments.id, source=source)
    atomic_write(output, imported.yaml_text)
    for remark in imported.notes:
        note(f"{source}: {remark}")
    for line in imported.not_understood:
        note(f"{source}: not understood: {line}")
    print(f"{output}: written from {source}; check it with `summitbot check {output}`")
    return 0
