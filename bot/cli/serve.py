"""`summitbot serve` (the Slack bot, with its sync loop) and `summitbot chat` (the same commands
in a terminal).

`serve` wires the parts together: the inbox in the state store, the chat worker, the sync loop
(wiki and CalDAV, when configured), the bolt app behind an HTTP server (/slack/events, /health,
/feeds/, /schedule/) or over Socket Mode, and structured logs. It runs until SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.sync import Subcommands, store_for
from bot.errors import ConfigError

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    from bot.settings import Settings, SlackAccount


DEFAULT_PORT = 3000


def add_serve_commands(commands: Subcommands) -> None:
    """Register serve and chat."""
    serve = commands.add_parser(
        "serve",
        help="run the Slack bot: sign-ups, proposals, votes and volunteers from chat, synced to wiki and calendars",
        description="Answer /summit commands and reactions from Slack, write them into the agendas, and publish "
        "to the wiki and CalDAV (debounced, retried, and polled for people's edits). Slack settings: "
        "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (HTTP mode), SLACK_APP_TOKEN (Socket Mode), and "
        "SUMMITBOT_SLACK_API_URL to use a Web API other than Slack's. Requests arrive at /slack/events; "
        "GET /health says how the bot is; GET /feeds/EVENT.ics serves the calendar feeds; GET /schedule/EVENT/ "
        "the programme as HTML (as `summitbot site` writes it).",
    )
    serve.add_argument("agendas", nargs="+", type=Path, metavar="AGENDA", help="an agenda YAML file")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    serve.add_argument("--socket-mode", action="store_true", help="take Slack's requests over Socket Mode")
    serve.add_argument("--debounce", type=float, default=2.0, help="seconds of quiet before a sync (default 2)")
    serve.add_argument("--max-delay", type=float, default=10.0, help="longest wait for a sync (default 10)")
    serve.add_argument("--poll", type=float, default=60.0, help="seconds between syncs for people's edits")
    serve.add_argument(
        "--backoff", type=float, default=5.0, help="first wait after a failed sync, doubling (default 5)"
    )
    serve.add_argument(
        "--due-days", type=int, default=14, metavar="N",
        help="a meeting's action with no due date in its text is due N days later (default 14)",
    )  # fmt: skip
    serve.add_argument(
        "--reminders-every", type=float, default=30.0, metavar="SECONDS",
        help="seconds between two looks for reminders and change notices due (default 30)",
    )  # fmt: skip
    serve.add_argument(
        "--notices-settle", type=float, default=60.0, metavar="SECONDS",
        help="a change notice goes once the sessions have stayed unchanged this long (default 60)",
    )  # fmt: skip
    serve.set_defaults(run=_serve, stays_up=True)

    chat = commands.add_parser(
        "chat",
        help="type /summit commands in the terminal, as a chat user would",
        description="Run /summit commands against an agenda without Slack, one per line from standard input "
        "(`summitbot chat AGENDA --as 'Ada Lovelace'`, then type `join maybe`, `propose Title -- why`, "
        "`topics`...), or one given with -c.",
    )
    chat.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    chat.add_argument("--as", dest="name", required=True, metavar="NAME", help="who is typing (a name)")
    chat.add_argument(
        "-c", "--command", default="", metavar="COMMAND", help="one command, e.g. 'join maybe' or 'vote T2'"
    )
    chat.set_defaults(run=_chat, stays_up=True)


def _serve(arguments: argparse.Namespace) -> int:
    import signal
    import threading

    from bot.chat.service import ServeOptions, Service
    from bot.logs import setup_logging
    from bot.settings import load_settings

    setup_logging()
    settings = load_settings()
    slack = _slack_settings(settings, socket_mode=arguments.socket_mode)
    options = ServeOptions(arguments.host, arguments.port, arguments.socket_mode, arguments.debounce,
                           arguments.max_delay, arguments.poll, arguments.backoff, arguments.due_days,
                           arguments.reminders_every, arguments.notices_settle)  # fmt: skip
    service = Service(arguments.agendas, settings, slack, store_for(arguments.agendas[0]).path, options)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    service.start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
    return 0


def _slack_settings(settings: Settings, *, socket_mode: bool) -> SlackAccount:
    slack = settings.slack
    if slack is None:
        raise ConfigError("serve needs the Slack app's bot token: set SLACK_BOT_TOKEN (or [slack] bot_token)")
    if socket_mode and not slack.app_token:
        raise ConfigError("Socket Mode needs an app-level token (xapp-...): set SLACK_APP_TOKEN")
    if not socket_mode and not slack.signing_secret:
        raise ConfigError("HTTP mode needs the app's signing secret: set SLACK_SIGNING_SECRET (or use --socket-mode)")
    return slack


def _chat(arguments: argparse.Namespace) -> int:
    from bot.chat.terminal import run_terminal

    return run_terminal(arguments.agenda, arguments.name, arguments.command, store_for(arguments.agenda).path)
