"""`summitbot sync --json` (and its dry run) against the real MediaWiki and Radicale, through
`bot.cli.main` in-process: the plan and what changed per side, the exit code kept (75 for a wiki
that does not answer), and `--quiet`/`--verbose`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.console import NORMAL, set_level
from tests.conftest import MINI_SUMMIT
from tests.fixtures.mediawiki import LocalWiki, free_port
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.summit import environment


@pytest.fixture(autouse=True)
def _normal_level() -> object:
    yield
    set_level(NORMAL)


@pytest.fixture
def agenda(
    agendas: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    local_wiki: LocalWiki,
    local_radicale: LocalRadicale,
    wiki_page_title: str,
    caldav_collection: str,
) -> Path:
    """The mini-summit on its own page and collection, with the settings of the local servers."""
    path = agendas / MINI_SUMMIT
    text = path.read_text(encoding="utf-8").replace("page: Containers/Mini-summit 2008", f"page: {wiki_page_title}")
    path.write_text(text.replace("collection: containers", f"collection: {caldav_collection}"), encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    for key, value in environment(local_wiki, local_radicale, tmp_path).items():
        monkeypatch.setenv(key, value)
    return path


def _page(wiki: LocalWiki, title: str) -> str:
    text = wiki.human_site("Alice").pages[title].text()
    assert isinstance(text, str)
    return text


def test_sync_dry_run_json_is_the_plan_and_changes_nothing(
    agenda: Path, local_wiki: LocalWiki, wiki_page_title: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--dry-run", "--json", str(agenda)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["agenda"] == str(agenda)
    assert report["dry_run"] is True
    plan = report["wiki"]["plan"]
    assert set(plan) == {"to_agenda", "to_other", "conflicts"}
    assert plan["to_other"]
    assert all(set(c) == {"key", "old", "new"} for c in plan["to_other"])
    assert report["wiki"]["saved"] is False
    assert report["conflicts"] == 0
    assert _page(local_wiki, wiki_page_title) == ""


def test_sync_json_says_what_changed_then_nothing(
    agenda: Path, local_wiki: LocalWiki, wiki_page_title: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--json", str(agenda)]) == 0
    (first,) = json.loads(capsys.readouterr().out)
    assert first["dry_run"] is False
    assert first["wiki"]["saved"] is True
    assert first["wiki"]["revision"]
    assert "Serge Hallyn" in _page(local_wiki, wiki_page_title)
    assert main(["sync", "--json", str(agenda)]) == 0
    (second,) = json.loads(capsys.readouterr().out)
    assert second["wiki"]["saved"] is False
    assert second["wiki"]["agenda_changes"] == []


def test_sync_json_keeps_the_exit_code_of_a_wiki_that_is_down(
    agenda: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SUMMITBOT_WIKI_URL", f"http://127.0.0.1:{free_port()}/api.php")  # nobody listens
    assert main(["sync", "--json", str(agenda)]) == 75
    out, err = capsys.readouterr()
    (report,) = json.loads(out)
    assert report["errors"]["wiki"] or report.get("error")
    assert err


def test_quiet_sync_prints_nothing_verbose_says_each_step(agenda: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quiet", "sync", str(agenda)]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["--verbose", "sync", "--dry-run", str(agenda)]) == 0
    out, err = capsys.readouterr()
    assert f"{agenda}: syncing (dry run)" in err
    assert "nothing to do" in out
