"""When the input or the disk fails the real `summitbot`: a clear message and the right exit code,
never "internal error ... this is a bug", and nothing half-written.

A full disk is real: a filled tmpfs as root (CI), else a file size limit (see tests/fixtures/full_disk.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.errors import UserError
from tests.conftest import EXAMPLES, MINI_SUMMIT, ROOT, Run
from tests.fixtures.full_disk import FullDisk, full_disk

NO_ROOM = 74


def environment(state: Path) -> dict[str, str]:
    """The bot's environment: this state file, and no config file of the machine's."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("SUMMITBOT_")}
    return inherited | {"SUMMITBOT_STATE": str(state), "XDG_CONFIG_HOME": str(state.parent / "no-config")}


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[FullDisk]:
    with full_disk(tmp_path / "disk") as found:
        yield found


def test_an_agenda_that_is_not_utf8_is_refused_at_its_line_and_column(summitbot: Run, agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    text = path.read_bytes()
    path.write_bytes(text.replace(b"  - Pavel Emelyanov", b"  - Pavel Emel\xe9anov", 1))
    line = text.split(b"  - Pavel Emelyanov")[0].count(b"\n") + 1
    for command in (["check", path], ["show", path], ["chat", path, "--as", "Ada", "-c", "join"]):
        finished = summitbot(*command, env={"SUMMITBOT_STATE": str(agendas / "state.sqlite3")})
        assert finished.returncode == 1, command
        assert finished.stderr.splitlines()[0] == (
            f"{path}:{line}:15: not UTF-8 text: the byte 0xe9 here is not a character (invalid continuation byte); "
            "save the file as UTF-8 (an editor's 'encoding' setting)"
        )
        assert "internal error" not in finished.stderr


def test_an_agenda_edit_reads_the_file_the_same_way(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    path.write_bytes(path.read_bytes().replace(b"Novotel Hotel", b"Novotel \xff Hotel"))
    with pytest.raises(UserError) as raised, edit_agenda(path):
        pass
    [problem] = raised.value.problems
    assert (problem.col, problem.message.split(":")[0]) == (19, "not UTF-8 text")


def test_control_bytes_in_the_agenda_are_a_problem_for_every_command(summitbot: Run, agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    path.write_text(path.read_text().replace("Novotel Hotel", "Novotel\x00\x07 Hotel"))
    for command in (["show", path], ["ics", path], ["render", path], ["chat", path, "--as", "Ada", "-c", "who"]):
        finished = summitbot(*command, env={"SUMMITBOT_STATE": str(agendas / "state.sqlite3")})
        assert finished.returncode == 1, command
        assert "the character U+0000 (a control character) cannot be in an agenda" in finished.stderr
        assert "internal error" not in finished.stderr


def test_chat_skips_a_line_that_is_not_utf8_says_so_and_does_the_others(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    typed = b"join maybe\nvote \xff\xfeT1\npropose Cgroup v2\n"
    finished = subprocess.run(
        [sys.executable, "-m", "bot", "chat", str(path), "--as", "Ada Lovelace"], input=typed, cwd=ROOT,
        env=environment(agendas / "state.sqlite3"), capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    stderr = finished.stderr.decode()
    assert finished.returncode == 1
    assert stderr.splitlines() == [
        "standard input:2:6: not UTF-8 text: the byte 0xff is not a character; the line was skipped; "
        "type (or pipe) UTF-8 text",
        "summitbot: 1 line of standard input skipped: not UTF-8 text",
    ]
    agenda = load_agenda(path)
    assert "ada-lovelace" in [a.person for a in agenda.attendees]
    assert "Cgroup v2" in [p.title for p in agenda.proposals]


def test_chat_as_a_name_that_is_not_utf8_says_so(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    finished = subprocess.run(
        [sys.executable, "-m", "bot", "chat", str(path), "--as", b"Ad\xe9", "-c", "join"], cwd=ROOT,
        env=environment(agendas / "state.sqlite3"), capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert finished.returncode == 1
    assert finished.stderr.decode() == (
        "summitbot: the name given with --as is not UTF-8 text: check the terminal's encoding (locale)\n"
    )
    assert path.read_bytes() == (EXAMPLES / MINI_SUMMIT).read_bytes()


def test_a_full_disk_under_the_agenda_says_so_and_leaves_it_whole(disk: FullDisk, tmp_path: Path) -> None:
    path = disk.folder / MINI_SUMMIT
    path.write_text(disk.pad((EXAMPLES / MINI_SUMMIT).read_text()))
    before = path.read_bytes()
    disk.fill()
    state = tmp_path / "state" / "state.sqlite3"
    finished = disk.run("chat", path, "--as", "Ada Lovelace", "-c", "join", env=environment(state))
    assert finished.returncode == NO_ROOM, finished.stderr
    reason = "no space left on device" if disk.mounted else "file too large"
    assert finished.stderr == (
        f"summitbot: cannot write {path}: {reason}: the disk is full, or a quota or file size limit is reached; "
        "nothing was half-written: make room and run again\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in disk.folder.iterdir() if p.name.endswith(".tmp")) == []
    (disk.folder / "filler").unlink(missing_ok=True)  # room again: the request waited in the inbox
    again = subprocess.run(
        [sys.executable, "-m", "bot", "chat", str(path), "--as", "Ada Lovelace", "-c", "who"], cwd=ROOT,
        env=environment(state), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "ada-lovelace" in [a.person for a in load_agenda(path).attendees]


def test_a_full_disk_under_the_state_store_says_so(disk: FullDisk, agendas: Path) -> None:
    disk.fill()
    state = disk.folder / "state.sqlite3"
    commands: list[list[str | Path]] = [
        ["chat", agendas / MINI_SUMMIT, "--as", "Ada", "-c", "join"],
        ["ics", agendas / MINI_SUMMIT],
    ]
    for command in commands:
        finished = disk.run(*command, env=environment(state), room=1024)  # SQLite writes 4 kB pages
        assert finished.returncode == NO_ROOM, finished.stderr
        assert finished.stderr.startswith(f"summitbot: cannot write {state}: ")
        assert finished.stderr.endswith(
            ": the disk is full, or a quota or file size limit is reached; nothing was half-written: "
            "make room and run again\n"
        )
        assert "internal error" not in finished.stderr
    assert (agendas / MINI_SUMMIT).read_bytes() == (EXAMPLES / MINI_SUMMIT).read_bytes()


@pytest.mark.parametrize("command", [("completion", "bash"), ("show", str(EXAMPLES / MINI_SUMMIT), "--json")])
def test_a_reader_that_left_is_no_bug(command: tuple[str, ...]) -> None:
    """`summitbot ... | head`: the reader closes the pipe; the command stops quietly with 141, as
    a Unix tool does, instead of reporting an internal error."""
    reader, writer = os.pipe()
    os.close(reader)  # gone before the first byte is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *command],
            cwd=ROOT, stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")
