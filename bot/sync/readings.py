"""The agenda files of one sync run, each parsed again only when its text changed.

A sync reads the agenda at every step (the CLI for the page titles, the calendar for each
collection, the wiki, the minutes pages), because a step before may have written it. The text is
read every time, under the same locks as before; only the parse (most of a load) is skipped when
the text is the one parsed last: `parse_agenda` depends on nothing but the text and the name, and
the model it returns is frozen, so the same text gives an equal agenda.
"""

from __future__ import annotations

from pathlib import Path

from bot.agenda.load import parse_agenda, read_agenda_text
from bot.model import Agenda


class AgendaReadings:
    """Read agenda files; parse a text once (the last text of each file is kept)."""

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[str, Agenda]] = {}

    def read(self, path: Path) -> tuple[str, Agenda]:
        """The text of the agenda at `path` now, and the agenda it holds (UserError as `load_agenda`)."""
        text = read_agenda_text(path)
        name = str(path)
        last = self._parsed.get(name)
        if last is not None and last[0] == text:
            return last
        agenda = parse_agenda(text, name)
        self._parsed[name] = (text, agenda)
        return text, agenda

    def load(self, path: Path) -> Agenda:
        """The agenda at `path` now, as `load_agenda` gives it."""
        return self.read(path)[1]
