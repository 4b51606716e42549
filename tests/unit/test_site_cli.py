"""`summitbot site AGENDA -o DIR`: the pages and feeds written, unchanged files left alone, and
its --help as light as every other command's."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, MINI_SUMMIT, Run
from tests.unit.test_cli_startup import ADAPTERS, _imported


def _env(folder: Path) -> dict[str, str]:
    return {"SUMMITBOT_STATE": str(folder / "state.sqlite3"), "XDG_CONFIG_HOME": str(folder)}


def test_site_writes_a_page_and_a_feed_per_event_and_an_index(tmp_path: Path, summitbot: Run) -> None:
    agendas = tmp_path / "agendas"
    shutil.copytree(EXAMPLES, agendas)
    out = tmp_path / "site"
    done = summitbot("site", agendas / MINI_SUMMIT, agendas / "xen-4.4-hackathon.yaml", "-o", out, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out}: 5 files, 5 written, 0 unchanged\n"
    page = (out / "containers-mini-summit-2008" / "index.html").read_text()
    assert 'href="event.ics"' in page
    feed = (out / "containers-mini-summit-2008" / "event.ics").read_text()
    assert feed.startswith("BEGIN:VCALENDAR")
    assert "Namespaces/Containers" in feed
    index = (out / "index.html").read_text()
    assert '<a href="xen-4-4-hackathon/">Xen 4.4 Hackathon</a> (15–16 May 2013)' in index

    again = summitbot("site", agendas / MINI_SUMMIT, agendas / "xen-4.4-hackathon.yaml", "-o", out, env=_env(tmp_path))
    assert again.stdout == f"{out}: 5 files, 0 written, 5 unchanged\n"


def test_site_refuses_an_agenda_with_problems_and_writes_nothing(tmp_path: Path, summitbot: Run) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("event:\n  id: x\n")
    done = summitbot("site", bad, "-o", tmp_path / "site")
    assert done.returncode == 1
    assert "bad.yaml:" in done.stderr
    assert not (tmp_path / "site").exists()


def test_site_help_imports_no_adapter() -> None:
    assert sorted(_imported("site", "--help").intersection(ADAPTERS)) == []
