"""`summitbot chat`: the /summit commands in a terminal, through the same inbox, worker and
changes as in Slack, so a newcomer can try them on the demo agenda without a Slack workspace.

Replies print as plain text: Slack's escapes undone, date tokens shown in the event's time. What
is typed is taken without the control characters no format carries (`bot.text.printable`).
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from bot.agenda.load import load_agenda
from bot.chat.agendas import Agendas
from bot.chat.identity import ChatUser
from bot.chat.worker import Worker
from bot.errors import NotText, Problem, UserError
from bot.sync.inbox import Inbox, Letter
from bot.text import printable

_DATE_TOKEN = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
_MARKS = re.compile(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")


def plain(text: str) -> str:
    """A reply as terminal text: date tokens as their fallback, no bold marks, escapes undone."""
    return html.unescape(_MARKS.sub("", _DATE_TOKEN.sub(lambda m: m[1], text)))


class TerminalSide:
    """The chat side of a terminal: one user, replies printed."""

    def __init__(self, user: ChatUser, write: Callable[[str], object] = print) -> None:
        self._user, self._write = user, write

    def user(self, user_id: str, fallback_name: str = "") -> ChatUser:
        """The one user at the terminal."""
        return self._user

    def voters(self, channel: str, ts: str) -> set[str]:
        """No reactions in a terminal."""
        return set()

    def answer(self, letter: Letter, text: str, sent: Callable[[], None] | None = None) -> None:
        """Print the reply."""
        self._write(plain(text))
        if sent:
            sent()

    def channel_names(self, channel: str) -> list[str]:
        """The terminal's channel is the event's own."""
        return [channel]

    def say(self, channel: str, text: str, thread: str | None = None) -> None:
        """Print what would go to the channel."""
        self._write(f"[to {channel}] {plain(text)}")

    def announce(self, channel: str, text: str, posted: Callable[[str], None]) -> None:
        """Print what would go to the channel."""
        self._write(f"[to {channel}] {plain(text)}")
        posted("")


def run_terminal(path: Path, name: str, text: str, state: Path) -> int:
    """Run one command (or one per line of standard input when `text` is empty) as `name`.

    A line of standard input that is not UTF-8 is skipped, and reported (UserError) at the end.
    """
    for given, what in ((name, "the name given with --as"), (text, "the command")):
        if _SURROGATE.search(given):  # how Python keeps the bytes of an argument that is not UTF-8
            raise NotText(f"{what} is not UTF-8 text: check the terminal's encoding (locale)")
    name, text = printable(name), printable(text)
    agenda = load_agenda(path)
    known = [p for p in agenda.people if p.chat_id and name in (p.name, p.id, *p.aliases)]
    user = ChatUser(known[0].chat_id or "", name, vouched=True) if known else ChatUser("", name, vouched=True)
    inbox = Inbox(state)
    worker = Worker(Agendas([path]), inbox, TerminalSide(user))
    channel = agenda.event.chat.channel or "#chat"
    problems: list[Problem] = []
    lines = [text] if text.strip() else _typed_lines(sys.stdin, problems)
    try:
        for line in lines:
            command = printable(line).strip().removeprefix("/summit").strip()
            if not command and not text:
                continue
            inbox.add("command", {"text": command, "user": user.id, "user_name": name, "channel": channel})
            worker.run_once()
    finally:
        inbox.close()
    if problems:
        count = len(problems)
        raise UserError(problems, f"{count} line{'s' if count != 1 else ''} of standard input skipped: not UTF-8 text")
    return 0


_SURROGATE = re.compile("[\ud800-\udfff]")


def _typed_lines(stdin: IO[str], problems: list[Problem]) -> Iterator[str]:
    """Each line of standard input; one that is not UTF-8 is noted in `problems` and skipped."""
    raw = getattr(stdin, "buffer", None)
    if raw is None:  # already text (a test's StringIO)
        yield from stdin
        return
    for number, line in enumerate(raw, 1):
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as error:
            col = len(line[: error.start].decode("utf-8", "replace")) + 1
            message = f"not UTF-8 text: the byte 0x{line[error.start]:02x} is not a character; the line was skipped"
            problems.append(Problem("standard input", number, col, message, "type (or pipe) UTF-8 text"))
