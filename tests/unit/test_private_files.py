"""What the bot keeps for itself is private to its user: the state store (inbox, sync state) and
its SQLite companions, meeting logs and lock files are 0600, a folder it makes for them 0700; a
config file holding a password that others may read is used, with a warning (as ssh does)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.chat.meetings import Meetings
from bot.settings import load_settings
from bot.sync.inbox import Inbox
from bot.sync.state import StateStore
from tests.conftest import MINI_SUMMIT, ROOT
from tests.unit.test_chat_meetings import GEORGE, agendas

WIKI = '[wiki]\nurl = "http://127.0.0.1:8080/api.php"\nuser = "SummitBot@summitbot"\npassword = "s3cret"\n'


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def summitbot(*arguments: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real command, with the usual umask (022) and no SUMMITBOT_* of the machine's."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("SUMMITBOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *map(str, arguments)], cwd=ROOT, env=inherited | env, capture_output=True,
        text=True, timeout=60, check=False, preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip


def test_chat_makes_a_private_state_folder_state_file_and_lock(agendas: Path, tmp_path: Path) -> None:
    agenda = agendas / MINI_SUMMIT
    finished = summitbot("chat", agenda, "--as", "Ada Lovelace", "-c", "join", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert finished.returncode == 0, finished.stderr
    folder = agendas / ".summitbot"
    assert mode(folder) == 0o700
    made = sorted(folder.iterdir())
    assert folder / "state.sqlite3" in made
    assert {path.name: mode(path) for path in made} == dict.fromkeys((path.name for path in made), 0o600)
    assert mode(agendas / f".{MINI_SUMMIT}.lock") == 0o600
    assert mode(agenda) == 0o644  # the agenda itself keeps its own mode


def test_a_state_file_an_earlier_version_left_readable_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path)
    for file in tmp_path.iterdir():
        file.chmod(0o644)
    StateStore(path).conflicts("x")
    Inbox(path).close()
    assert {file.name: mode(file) for file in tmp_path.iterdir()} == {file.name: 0o600 for file in tmp_path.iterdir()}


def test_the_sqlite_companion_files_are_private_too(tmp_path: Path) -> None:
    path = tmp_path / ".summitbot" / "state.sqlite3"
    old = os.umask(0o022)
    try:
        inbox = Inbox(path)  # its connection stays open, and so -wal and -shm stay
        inbox.add("command", {"text": "join", "user": "U1"})
        companions = {file.name: mode(file) for file in path.parent.iterdir()}
        inbox.close()
    finally:
        os.umask(old)
    assert companions == {"state.sqlite3": 0o600, "state.sqlite3-wal": 0o600, "state.sqlite3-shm": 0o600}
    assert mode(path.parent) == 0o700


def test_meeting_logs_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "state" / "meetings"
    meetings = Meetings(folder, agendas)
    start = datetime(2013, 5, 16, 9, 25, tzinfo=ZoneInfo("Europe/London"))
    meetings.heard("C1", ["#xen-release"], GEORGE, "#startmeeting", start)
    meetings.heard("C1", ["#xen-release"], GEORGE, "#info a secret plan", start + timedelta(minutes=1))
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700
    assert sorted(mode(log) for log in folder.iterdir()) == [0o600, 0o600]


def test_a_readable_config_holding_a_password_is_used_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WIKI)
    path.chmod(0o644)
    warnings: list[str] = []
    settings = load_settings({"HOME": str(tmp_path / "home"), "SUMMITBOT_CONFIG": str(path)}, warnings.append)
    assert settings.wiki is not None
    assert settings.wiki.password == "s3cret"
    assert warnings == [
        f"{path} holds a password or token and other users may read it (mode 0644): run chmod 600 {path}"
    ]


def test_a_private_config_or_one_without_secrets_warns_of_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    warnings: list[str] = []
    path.write_text(WIKI)
    path.chmod(0o600)
    load_settings({"HOME": str(tmp_path), "SUMMITBOT_CONFIG": str(path)}, warnings.append)
    path.write_text('[bot]\ncontact = "ops@example.org"\n')
    path.chmod(0o644)
    load_settings({"HOME": str(tmp_path), "SUMMITBOT_CONFIG": str(path)}, warnings.append)
    assert warnings == []


def test_the_command_line_shows_the_warning_and_goes_on(agendas: Path, tmp_path: Path) -> None:
    config = tmp_path / "xdg" / "summitbot" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(WIKI)
    config.chmod(0o664)
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}
    finished = summitbot("ics", agendas / MINI_SUMMIT, env=env)
    assert finished.returncode == 0
    assert finished.stdout.startswith("BEGIN:VCALENDAR")
    assert finished.stderr == (
        f"summitbot: warning: {config} holds a password or token and other users may read it (mode 0664): "
        f"run chmod 600 {config}\n"
    )
