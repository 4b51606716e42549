"""The `summitbot` command: the one place that turns errors into messages and exit codes.

Exit codes: 0 success, 1 the input has problems (each printed as file:line:col: message) or a
service refused a request, 2 the command line is wrong (also: a name or id in it means nobody, or
several people or sessions), 70 an unexpected internal error (a bug: please report it), 74 a
file could not be written for want of room (a full disk, a quota or a file size limit; nothing was
half-written), 75 a service is unreachable, read-only or rate-limiting the
bot for now, another sync holds the agenda, or people kept changing the page while the bot saved
it (the change is queued; run again later), 141 stdout was closed early (`| head`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot import __version__, process
from bot.cli.calendar import add_calendar_commands
from bot.cli.completion import add_completion_commands
from bot.cli.minutes import add_minutes_commands
from bot.cli.roadmap import add_roadmap_commands
from bot.cli.serve import add_serve_commands
from bot.cli.site import add_site_commands
from bot.cli.sync import add_sync_commands
from bot.cli.wiki import add_wiki_commands
from bot.console import NORMAL, QUIET, VERBOSE, level, set_level
from bot.errors import (
    CalendarUnavailable,
    Conflict,
    LockTimeout,
    NoRoom,
    Problem,
    SummitbotError,
    Unresolved,
    UserError,
    WikiRateLimited,
    WikiReadOnly,
    WikiUnavailable,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG, EXIT_NO_ROOM, EXIT_LATER = 0, 1, 2, 70, 74, 75
EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a Unix tool whose reader left
_EXIT_CODES = (
    ((WikiUnavailable, WikiReadOnly, WikiRateLimited, CalendarUnavailable, LockTimeout, Conflict), EXIT_LATER),
    (NoRoom, EXIT_NO_ROOM),
    (Unresolved, EXIT_USAGE),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    set_level(QUIET if arguments.quiet else VERBOSE if arguments.verbose else NORMAL)
    process.one_shot = not getattr(arguments, "stays_up", False)
    try:
        code: int = arguments.run(arguments)
        return code
    except UserError as error:
        print(str(error), file=sys.stderr)
        print(f"summitbot: {error.summary}", file=sys.stderr)
        return EXIT_PROBLEMS
    except SummitbotError as error:
        print(f"summitbot: {error}", file=sys.stderr)
        return next((code for kind, code in _EXIT_CODES if isinstance(error, kind)), EXIT_PROBLEMS)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader left (`summitbot show --json | head`): as a Unix tool, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nor complain at exit's flush
        return EXIT_PIPE
    except Exception as error:
        if arguments.debug:
            raise
        print(f"summitbot: internal error ({type(error).__name__}: {error}); this is a bug.", file=sys.stderr)
        print("summitbot: run again with --debug for the traceback, and please report it.", file=sys.stderr)
        return EXIT_BUG


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (also read by `completion` to write its script)."""
    parser = argparse.ArgumentParser(
        prog="summitbot",
        description="Plan summits, mini-summits and hackathons from one YAML agenda per event.",
        epilog="For scripts, check, show, sync, conflicts, roadmap and minutes take --json (the result as JSON "
        "on stdout, the same exit code). Exit codes: 0 ok, 1 problems in the input, 2 a wrong command line "
        "(or a name that fits nobody or several), 70 a bug, 74 no room to write, 75 try again later. "
        "Tab completion: `summitbot completion bash` (or zsh); see its --help to install it.",
    )
    parser.add_argument("--version", action="version", version=f"summitbot {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="print only errors on stderr (and no text reports of check and sync)"
    )
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="say more on stderr: each step and each inference"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check agenda files and report every problem",
        description="Check agenda files. Every problem is printed on stderr as FILE:LINE:COL: MESSAGE; "
        "the exit code is 0 when all files are valid and 1 otherwise. With --json, stdout holds "
        '{"ok": ..., "files": [{"file", "ok", "sessions", "attendees", "problems": [{"file", "line", '
        '"column", "message", "hint"}]}]} (hint only when there is one); the exit code is the same.',
    )
    check.add_argument("agendas", nargs="+", type=Path, metavar="AGENDA", help="an agenda YAML file")
    check.add_argument("--json", action="store_true", help="print every file's result and problems as JSON")
    check.set_defaults(run=_check)

    show = commands.add_parser(
        "show",
        help="show an agenda, as text or as normalised JSON",
        description="Show an agenda: a short summary, or with --json the whole normalised event "
        "(people by name, datetimes in ISO 8601 with their UTC offset).",
    )
    show.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    show.add_argument(
        "--json",
        action="store_true",
        help="print the normalised event as JSON (people by name, datetimes in ISO 8601 with their offset)",
    )
    show.set_defaults(run=_show)
    add_wiki_commands(commands)
    add_sync_commands(commands)
    add_calendar_commands(commands)
    add_site_commands(commands)
    add_serve_commands(commands)
    add_roadmap_commands(commands)
    add_minutes_commands(commands)
    add_completion_commands(commands)
    return parser


def _check(arguments: argparse.Namespace) -> int:
    from bot.progress import progress

    paths: list[Path] = arguments.agendas
    with progress("Checking agendas", total=len(paths) if len(paths) > 1 else 0) as step:
        files = [_check_one(path, step) for path in paths]
    problems = [problem for found in files for problem in found["problems"]]
    failed = sum(1 for found in files if not found["ok"])
    if arguments.json:
        import json  # only then: a check without --json does not load it

        listed = [{**found, "problems": [_problem_json(p) for p in found["problems"]]} for found in files]
        print(json.dumps({"ok": not failed, "files": listed}, indent=2, ensure_ascii=False))
    elif level() >= NORMAL:
        for found in files:
            if found["ok"]:
                sessions, attendees = _count(found["sessions"], "session"), _count(found["attendees"], "attendee")
                print(f"{found['file']}: ok ({sessions}, {attendees})")
    if not failed:
        return EXIT_OK
    if not arguments.json:
        print("\n".join(str(problem) for problem in problems), file=sys.stderr)
    count = len(problems)
    print(
        f"summitbot: {count} problem{'s' if count != 1 else ''} in {failed} of {len(arguments.agendas)} files",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS


def _check_one(path: Path, step: Callable[..., None]) -> dict[str, Any]:
    """One file's result: ok, its sessions and attendees counted, or its problems."""
    from bot.agenda.load import load_agenda

    try:
        agenda = load_agenda(path)
    except UserError as error:
        return {"file": str(path), "ok": False, "problems": list(error.problems)}
    finally:
        step()
    return {
        "file": str(path),
        "ok": True,
        "sessions": len(agenda.sessions),
        "attendees": len(agenda.attendees),
        "problems": [],
    }


def _problem_json(problem: Problem) -> dict[str, object]:
    found: dict[str, object] = {
        "file": problem.path,
        "line": problem.line,
        "column": problem.col,
        "message": problem.message,
    }
    if problem.hint:
        found["hint"] = problem.hint
    return found


def _show(arguments: argparse.Namespace) -> int:
    import json

    from bot.agenda.load import load_agenda
    from bot.agenda.view import agenda_json, summary

    agenda = load_agenda(arguments.agenda)
    if arguments.json:
        print(json.dumps(agenda_json(agenda), indent=2, ensure_ascii=False))
    else:
        print(summary(agenda))
    return EXIT_OK


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def main_exit() -> None:
    """Entry point of the `summitbot` console script."""
    sys.exit(main())
