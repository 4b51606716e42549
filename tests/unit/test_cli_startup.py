"""`summitbot --help` and `check` stay light: the libraries of the adapters (HTTP, wiki, iCalendar,
templates, Slack) are imported only by the commands that use them (the timings: bench/startup.py).

Each command runs as its own process with `-X importtime`, which lists every module it imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.cli.minutes import DEFAULT_DUE_DAYS
from bot.minutes import followup
from tests.conftest import MINI_SUMMIT, ROOT

ADAPTERS = (
    "caldav", "niquests", "requests", "urllib3", "mwclient", "wikitextparser", "icalendar", "jinja2",
    "slack_bolt", "slack_sdk", "lxml", "waitress", "shtab",
)  # fmt: skip


def _imported(*arguments: str) -> set[str]:
    """The top-level names of every module `python -m bot ARGUMENTS` imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in lines[1:]}  # the first line is the header


def test_help_imports_no_adapter_nor_the_agenda_reader() -> None:
    imported = _imported("--help")
    assert "bot" in imported
    assert sorted(imported.intersection(ADAPTERS)) == []
    assert sorted(imported.intersection({"ruamel", "dateutil", "sqlite3"})) == []  # nor the state store


def test_help_of_a_command_imports_no_adapter() -> None:
    for command in ("sync", "ics", "serve", "minutes", "render"):
        assert sorted(_imported(command, "--help").intersection(ADAPTERS)) == [], command


def test_check_imports_the_agenda_reader_and_neither_an_adapter_nor_ruamel() -> None:
    imported = _imported("check", str(ROOT / "agendas" / MINI_SUMMIT))
    assert "bot" in imported
    assert "ruamel" not in imported  # the line reader read it: ruamel.yaml only when it gives up
    assert sorted(imported.intersection(ADAPTERS)) == []
    assert "sqlite3" not in imported  # check keeps no state
    assert sorted(imported.intersection({"dateutil", "difflib"})) == []  # no meetings, no misspelt word


def test_minutes_json_of_a_log_imports_neither_the_agenda_reader_nor_the_wiki_s(tmp_path: Path) -> None:
    log = tmp_path / "triage.log.txt"
    log.write_text("15:00:00 <lars> #startmeeting Triage\n15:01:10 <lars> #action ian list the patches\n"
                   "15:03:00 <lars> #endmeeting\n", encoding="utf-8")  # fmt: skip
    imported = _imported("minutes", str(log), "--json", "--date", "2013-06-04")
    assert sorted(imported.intersection({"ruamel", "wikitextparser", "jinja2", "markupsafe", *ADAPTERS})) == []


def test_render_of_an_agenda_without_markup_does_not_import_the_wikitext_parser() -> None:
    assert "wikitextparser" not in _imported("render", str(ROOT / "agendas" / MINI_SUMMIT))


def test_the_minutes_command_says_the_default_the_minutes_use() -> None:
    assert DEFAULT_DUE_DAYS == followup.DEFAULT_DUE_DAYS
