"""`summitbot site`: the programme of one or more events as a static, accessible HTML site.

For each agenda it writes `DIR/EVENT/index.html` (a grid per day by room and time, a list for
phones, print styles; no JavaScript) and `DIR/EVENT/event.ics` (the event feed `ics` writes, the
page's subscribe link), and `DIR/index.html` lists the events. Unchanged files are left alone.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.sync import Subcommands, store_for, title_url, wiki_page_url

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    import jinja2

    from bot.model import Agenda
    from bot.settings import Settings

FEED = "event.ics"


def add_site_commands(commands: Subcommands) -> None:
    """Register site."""
    site = commands.add_parser(
        "site",
        help="write the programme as a static HTML site (grid by room and time, a list on phones)",
        description="Write DIR/EVENT/index.html for each agenda: the title, dates, venue and time zone, then "
        "per day a table of rooms (columns) by time (rows), each session with its topics, moderators, room "
        "and minutes (linked when a wiki is configured), and the same as a list for narrow screens and print. "
        f"Recurring meetings are in on the event's days. Beside each page, {FEED} is the event's calendar "
        "feed (as `summitbot ics` writes it); DIR/index.html lists the events. `summitbot serve` serves the "
        "same pages at /schedule/EVENT/.",
    )
    site.add_argument("agendas", nargs="+", type=Path, metavar="AGENDA", help="an agenda YAML file")
    site.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write into")
    site.set_defaults(run=_site)


def _site(arguments: argparse.Namespace) -> int:
    from bot.agenda.load import load_agenda
    from bot.settings import load_settings
    from bot.site.render import EventLink, index_page, site_templates, when
    from bot.site.write import write_site

    settings = load_settings()
    templates = site_templates()
    files: dict[str, str] = {}
    links = []
    for path in arguments.agendas:
        agenda = load_agenda(path)
        event_id = agenda.event.id
        files[f"{event_id}/index.html"] = _page(agenda, settings, templates, feed_href=FEED)
        files[f"{event_id}/{FEED}"] = _feed(path, agenda, settings)
        links.append(EventLink(f"{event_id}/", agenda.event.title, when(agenda.event)))
    files["index.html"] = index_page(links, env=templates)
    written = write_site(arguments.output, files)
    print(f"{arguments.output}: {len(files)} files, {written} written, {len(files) - written} unchanged")
    return 0


def _page(agenda: Agenda, settings: Settings, templates: jinja2.Environment, *, feed_href: str) -> str:
    from bot.site.render import event_page

    def minutes_url(title: str) -> str | None:
        return title_url(settings, title)

    return event_page(agenda, feed_href=feed_href, minutes_url=minutes_url, env=templates)


def _feed(path: Path, agenda: Agenda, settings: Settings) -> str:
    from bot.calendar.feed import event_feed, stamp_agenda

    return event_feed(stamp_agenda(agenda, store_for(path), page_url=wiki_page_url(settings, agenda)))
