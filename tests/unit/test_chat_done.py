"""`/summit done ID`: an action item's owner marks it done from chat, as the Home tab's Done does;
anyone else is refused and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.cli import main
from bot.model import ActionStatus

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"


@pytest.fixture
def xen(agendas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SUMMITBOT_STATE", str(tmp_path / "state" / "summitbot.sqlite3"))
    return agendas / EXAMPLE.name


def chat(agenda: Path, name: str, command: str, capsys: pytest.CaptureFixture[str]) -> str:
    main(["chat", str(agenda), "--as", name, "-c", command])
    captured = capsys.readouterr()
    return captured.out + captured.err


def status(agenda: Path, action: str) -> ActionStatus:
    return next(a.status for a in load_agenda(agenda).actions if a.id == action)


def test_the_owner_marks_an_action_done_and_only_that_line_is_added(
    xen: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = xen.read_text().splitlines()
    owner = load_agenda(xen).person(next(a.owner for a in load_agenda(xen).actions if a.id == "A1") or "").name

    assert "A1 is marked done" in chat(xen, owner, "done a1", capsys)
    assert status(xen, "A1") is ActionStatus.DONE
    after = xen.read_text().splitlines()
    assert [line for line in after if line not in before] == ["    status: done"]
    assert "done already" in chat(xen, owner, "done A1", capsys)
    assert xen.read_text().splitlines() == after


def test_anyone_but_the_owner_is_refused_and_nothing_is_written(xen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = xen.read_text()

    assert "Only the owner of A1 can mark it done" in chat(xen, "Lars Kurth", "done A1", capsys)
    assert "There is no action item `A99`" in chat(xen, "Lars Kurth", "done A99", capsys)
    assert xen.read_text() == before


def test_help_names_the_command(xen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "done ID` — mark one of your action items done" in chat(xen, "Lars Kurth", "help", capsys)
