"""The calendar commands of `summitbot`: `ics` (the iCalendar feeds) and `export` (frab, JSON).

`ics` keeps its SEQUENCE and stamps in the agenda's state store, shared with `sync`, so the file
it writes changes only when the agenda does. `ics --dir` writes every feed of an event for a
web server to publish, and leaves unchanged files alone (their ETags and dates stay too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.sync import Subcommands, store_for, wiki_page_url

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    from bot.calendar.feed import Stamped
    from bot.model import Agenda


def add_calendar_commands(commands: Subcommands) -> None:
    """Register ics and export."""
    ics = commands.add_parser(
        "ics",
        help="write an agenda's iCalendar feed (all sessions, one person's, or the action items)",
        description="Print or write the iCalendar feed of an agenda: every session and recurring meeting, "
        "with --person only what that person moderates, is required at or signed up for, with --tasks the "
        "action items as tasks. With --dir, write all of them (the event, the tasks and one feed per "
        "person under people/) for a web server to publish.",
    )
    ics.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    output = ics.add_mutually_exclusive_group()
    output.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    output.add_argument("--dir", type=Path, metavar="DIR", help="write every feed of the event into DIR")
    ics.add_argument(
        "--person",
        metavar="NAME",
        help="only this person's sessions (an id, a name or alias, or the start of one; when several "
        "people fit, they are listed and the exit code is 2)",
    )
    ics.add_argument("--tasks", action="store_true", help="the action items as tasks (VTODO)")
    ics.set_defaults(run=_ics)

    export = commands.add_parser(
        "export",
        help="export the schedule for conference apps (frab schedule.xml, or JSON)",
        description="Write the schedule as frab's schedule.xml (read by Giggity, ConfClerk and other "
        "conference apps) or as a frab-style schedule.json.",
    )
    export.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    export.add_argument("--format", choices=("frab", "json"), required=True, help="frab (schedule.xml) or json")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    meetings = export.add_mutually_exclusive_group()
    meetings.add_argument(
        "--no-meetings", dest="meetings", action="store_const", const="none", default="during",
        help="leave recurring meetings out (by default only their dates on the event's days are in)",
    )  # fmt: skip
    meetings.add_argument(
        "--all-meetings", dest="meetings", action="store_const", const="all",
        help="every date of the recurring meetings, also outside the event's days",
    )  # fmt: skip
    export.set_defaults(run=_export)


def _ics(arguments: argparse.Namespace) -> int:
    from bot.agenda.load import load_agenda
    from bot.calendar.feed import event_feed, task_feed

    agenda = load_agenda(arguments.agenda)
    stamped = _stamped(arguments.agenda, agenda)
    if arguments.dir:
        return _write_all(arguments.dir, stamped)
    from bot.lookup import person_named

    person = person_named(agenda, arguments.person, option="--person").id if arguments.person else None
    text = task_feed(stamped, person=person) if arguments.tasks else event_feed(stamped, person=person)
    _emit(text, arguments.output)
    return 0


def _stamped(path: Path, agenda: Agenda) -> Stamped:
    from bot.calendar.feed import stamp_agenda
    from bot.settings import load_settings

    return stamp_agenda(agenda, store_for(path), page_url=wiki_page_url(load_settings(), agenda))


def _write_all(folder: Path, stamped: Stamped) -> int:
    from bot.agenda.write import atomic_write
    from bot.calendar.feed import event_feed, personal_feeds, task_feed

    event_id = stamped.agenda.event.id
    feeds = {folder / f"{event_id}.ics": event_feed(stamped)}
    if stamped.tasks():
        feeds[folder / f"{event_id}-tasks.ics"] = task_feed(stamped)
    for person_id, text in personal_feeds(stamped).items():
        feeds[folder / "people" / f"{person_id}.ics"] = text
    from bot.progress import progress

    written = 0
    with progress("Writing feeds", total=len(feeds)) as step:  # a thousand people: seconds of writes
        for path, text in feeds.items():
            if not path.exists() or path.read_bytes() != text.encode("utf-8"):
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, text)
                written += 1
            step()
    print(f"{folder}: {len(feeds)} feeds, {written} written, {len(feeds) - written} unchanged")
    return 0


def _export(arguments: argparse.Namespace) -> int:
    from bot.agenda.load import load_agenda
    from bot.calendar.export import frab_xml, schedule_json
    from bot.settings import load_settings

    agenda = load_agenda(arguments.agenda)
    page_url = wiki_page_url(load_settings(), agenda)  # the page's address, as the feeds give it
    export = frab_xml if arguments.format == "frab" else schedule_json
    text = export(agenda, page_url=page_url, meetings=arguments.meetings)
    _emit(text, arguments.output)
    return 0


def _emit(text: str, output: Path | None) -> None:
    if output:
        from bot.agenda.write import atomic_write

        atomic_write(output, text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
