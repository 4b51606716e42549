"""Progress of long commands on stderr: drawn on a terminal, never on a pipe, never in --json.

The command runs as a user runs it, with stderr on a pseudo-terminal (and stdout on a pipe, as
in `summitbot check --json ... > result.json`), or with both on pipes as from cron.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT

AGENDAS = sorted(str(path) for path in EXAMPLES.glob("*.yaml"))


def _on_a_terminal(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run summitbot with stderr on a pseudo-terminal: (exit code, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *arguments],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, env=_environment(env), close_fds=True,
    )  # fmt: skip
    os.close(follower)
    shown: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, shown))
    reader.start()
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    code = process.wait(timeout=120)
    reader.join(timeout=30)
    os.close(leader)
    return code, stdout, b"".join(shown).decode()


def _drain(leader: int, shown: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end closed
            return
        if not chunk:
            return
        shown.append(chunk)


def _on_pipes(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        cwd=ROOT, env=_environment(env), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _environment(more: dict[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SUMMITBOT_")} | (more or {})


def test_check_of_several_agendas_shows_progress_on_a_terminal_and_json_stays_whole() -> None:
    code, stdout, shown = _on_a_terminal("check", *AGENDAS, "--json")
    assert code == 0, shown
    assert f"Checking agendas: {len(AGENDAS)}/{len(AGENDAS)} (100%)" in shown
    assert shown.endswith("\r")  # the line is wiped before the command ends
    report = json.loads(stdout)  # nothing of the progress line is on stdout
    assert report["ok"] is True
    assert [found["file"] for found in report["files"]] == AGENDAS


def test_check_on_pipes_shows_no_progress() -> None:
    done = _on_pipes("check", *AGENDAS, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["ok"] is True


def test_quiet_hides_progress_even_on_a_terminal() -> None:
    code, stdout, shown = _on_a_terminal("-q", "check", *AGENDAS)
    assert code == 0
    assert "Checking" not in shown
    assert stdout == ""


def test_writing_every_feed_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    xen = str(EXAMPLES / "xen-4.4-hackathon.yaml")

    code, stdout, shown = _on_a_terminal("ics", xen, "--dir", str(tmp_path / "feeds"), env=env)
    assert code == 0, shown
    count = int(stdout.split(": ", 1)[1].split(" ", 1)[0])  # "DIR: 9 feeds, 9 written, 0 unchanged"
    assert f"Writing feeds: {count}/{count} (100%)" in shown

    again = _on_pipes("ics", xen, "--dir", str(tmp_path / "feeds"), env=env)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    assert again.stdout == f"{tmp_path / 'feeds'}: {count} feeds, 0 written, {count} unchanged\n"
