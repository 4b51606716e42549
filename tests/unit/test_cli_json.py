"""`--json` on check, sync (and its dry run) and conflicts, and `--quiet`/`--verbose`, through
`bot.cli.main` in-process (sync's JSON against the real MediaWiki: tests/integration/test_cli_json_real.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main, sync
from bot.console import NORMAL, set_level
from bot.sync.merge import FieldConflict
from tests.conftest import MINI_SUMMIT


@pytest.fixture(autouse=True)
def _normal_level() -> object:
    yield
    set_level(NORMAL)


@pytest.fixture
def state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The state store of these tests, in tmp_path."""
    path = tmp_path / "state.sqlite3"
    monkeypatch.setenv("SUMMITBOT_STATE", str(path))
    return path


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


def test_conflicts_json_has_every_field_and_the_reason(
    agendas: Path, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync.store_for(agendas / MINI_SUMMIT).record_conflicts(
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
