"""`--json` on check, sync (and its dry run) and conflicts, and `--quiet`/`--verbose`, through
`bot.cli.main` in-process, against the in-memory wiki."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import sync_commands
from bot.cli import main
from bot.console import NORMAL, set_level
from bot.sync.agenda_sync import Targets
from bot.sync.merge import FieldConflict
from bot.wiki.memory import MemoryWiki
from tests.conftest import MINI_SUMMIT


@pytest.fixture(autouse=True)
def _normal_level() -> object:
    yield
    set_level(NORMAL)


@pytest.fixture
def wiki(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> MemoryWiki:
    """Every sync of these tests talks to one in-memory wiki; the state lives in tmp_path."""
    memory = MemoryWiki()
    monkeypatch.setattr(sync_commands, "_targets", lambda settings: Targets(wiki=memory, calendar=None))
    monkeypatch.setattr(sync_commands, "load_settings", lambda: None)
    monkeypatch.setenv("SUMMITBOT_STATE", str(tmp_path / "state.sqlite3"))
    return memory


def _broken(agendas: Path) -> Path:
    broken = agendas / "broken.yaml"
    text = (agendas / MINI_SUMMIT).read_text().replace("moderators: [Serge Hallyn", "moderator: [Serge Hallyn")
    broken.write_text(text)
    return broken


def test_check_json_lists_every_file_and_problem(agendas: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken(agendas)
    assert main(["check", "--json", str(broken), str(agendas / MINI_SUMMIT)]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["ok"] is False
    bad, good = report["files"]
    assert good == {"file": str(agendas / MINI_SUMMIT), "ok": True, "sessions": 3, "attendees": 34, "problems": []}
    assert bad["ok"] is False
    assert bad["file"] == str(broken)
    (problem,) = bad["problems"]
    assert set(problem) == {"file", "line", "column", "message", "hint"}
    assert problem["file"] == str(broken)
    assert problem["line"] > 1
    assert problem["column"] >= 1
    assert "unknown key 'moderator'" in problem["message"]
    assert "moderators" in problem["hint"]
    assert err == "summitbot: 1 problem in 1 of 2 files\n"


def test_check_json_of_valid_files_exits_0(agendas: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", str(agendas / MINI_SUMMIT)]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_quiet_check_prints_only_the_errors(agendas: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quiet", "check", str(agendas / MINI_SUMMIT)]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["-q", "check", str(_broken(agendas))]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "unknown key 'moderator'" in err


def test_sync_dry_run_json_is_the_plan_and_changes_nothing(
    agendas: Path, wiki: MemoryWiki, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--dry-run", "--json", str(agendas / MINI_SUMMIT)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["agenda"] == str(agendas / MINI_SUMMIT)
    assert report["dry_run"] is True
    plan = report["wiki"]["plan"]
    assert set(plan) == {"to_agenda", "to_other", "conflicts"}
    assert plan["to_other"]
    assert all(set(c) == {"key", "old", "new"} for c in plan["to_other"])
    assert report["wiki"]["saved"] is False
    assert report["conflicts"] == 0
    assert report["errors"] == {"wiki": None, "calendar": [], "minutes": []}
    assert not wiki.read(["Containers/Mini-summit 2008"])["Containers/Mini-summit 2008"].text


def test_sync_json_says_what_changed_then_nothing(
    agendas: Path, wiki: MemoryWiki, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--json", str(agendas / MINI_SUMMIT)]) == 0
    (first,) = json.loads(capsys.readouterr().out)
    assert first["dry_run"] is False
    assert first["wiki"]["saved"] is True
    assert first["wiki"]["revision"]
    assert main(["sync", "--json", str(agendas / MINI_SUMMIT)]) == 0
    (second,) = json.loads(capsys.readouterr().out)
    assert second["wiki"]["saved"] is False
    assert second["wiki"]["agenda_changes"] == []


def test_sync_json_keeps_the_exit_code_of_a_wiki_that_is_down(
    agendas: Path, wiki: MemoryWiki, capsys: pytest.CaptureFixture[str]
) -> None:
    wiki.down = True
    assert main(["sync", "--json", str(agendas / MINI_SUMMIT)]) == 75
    out, err = capsys.readouterr()
    (report,) = json.loads(out)
    assert report["errors"]["wiki"] or report.get("error")
    assert err


def test_quiet_sync_prints_nothing_verbose_says_each_step(
    agendas: Path, wiki: MemoryWiki, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--quiet", "sync", str(agendas / MINI_SUMMIT)]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["--verbose", "sync", "--dry-run", str(agendas / MINI_SUMMIT)]) == 0
    out, err = capsys.readouterr()
    assert f"{agendas / MINI_SUMMIT}: syncing (dry run)" in err
    assert "nothing to do" in out


def test_conflicts_json_has_every_field_and_the_reason(
    agendas: Path, wiki: MemoryWiki, capsys: pytest.CaptureFixture[str]
) -> None:
    sync_commands.store_for(agendas / MINI_SUMMIT).record_conflicts(
        "containers-mini-summit-2008",
        "wiki:Containers/Mini-summit 2008",
        (FieldConflict("session.namespaces.room", "A", "B", "C", reason="a mass change"),),
    )
    assert main(["conflicts", "--json", str(agendas / MINI_SUMMIT)]) == 0
    (conflict,) = json.loads(capsys.readouterr().out)
    assert set(conflict) == {"id", "at", "target", "side", "key", "agenda", "other", "base", "reason"}
    assert conflict["side"] == "wiki"
    assert conflict["reason"] == "a mass change"
    assert (conflict["base"], conflict["agenda"], conflict["other"]) == ("A", "B", "C")
    assert main(["conflicts", "--json", str(agendas / "xen-4.4-hackathon.yaml")]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_quiet_import_wiki_prints_only_the_written_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = Path(__file__).parents[1] / "fixtures" / "wiki" / "xen-hackathon-2013.wiki"
    assert main(["--quiet", "import-wiki", str(page), "-o", str(tmp_path / "xen.yaml")]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--verbose", "import-wiki", str(page), "-o", str(tmp_path / "xen.yaml"), "--force"]) == 0
    err = capsys.readouterr().err
    assert "reading" in err
    assert "inferred from 'Dublin'" in err


def test_quiet_and_verbose_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--quiet", "--verbose", "check", "x.yaml"])
    assert exited.value.code == 2


def test_quiet_minutes_keeps_the_minutes_and_drops_the_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "triage.log.txt"
    log.write_text("15:00:03 <lars> #startmeeting Triage\n15:01:10 <lars> #action Ian list the patches\n")
    agenda = Path(__file__).parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
    arguments = ["minutes", str(log), "--agenda", str(agenda), "--date", "2013-06-04"]
    assert main(arguments) == 0
    assert "Ian Campbell (ijc) or Ian Jackson (iwj)?" in capsys.readouterr().err
    assert main(["--quiet", *arguments]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Ian list the patches" in out
