"""Two writers at once never lose each other's changes: the lock serialises read-change-write."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from bot.agenda.load import load_agenda
from tests.conftest import MINI_SUMMIT, ROOT

WRITER = textwrap.dedent(
    """
    import sys
    from bot.agenda.edits import add_attendee
    from bot.agenda.write import edit_agenda

    path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for number in range(count):
        with edit_agenda(path) as document:
            add_attendee(document, f"{prefix} Writer {number}")
    """
)


def test_two_processes_signing_people_up_at_once_lose_nobody(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    before = len(load_agenda(path).attendees)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), prefix, "15"], cwd=ROOT)
        for prefix in ("Left", "Right")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]

    agenda = load_agenda(path)
    names = {agenda.person(attendee.person).name for attendee in agenda.attendees}
    assert len(agenda.attendees) == before + 30
    assert {f"{side} Writer {n}" for side in ("Left", "Right") for n in range(15)} <= names
    assert [p.name for p in agendas.iterdir() if p.name.endswith(".tmp")] == []
