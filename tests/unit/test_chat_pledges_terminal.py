"""Pledges typed at `summitbot chat AGENDA --as NAME`, end to end into the co-op's YAML.

Ed pledges toward two milestones (once anonymously, once toward one with no pledges yet, so its
`pledges` list is made); William, the organiser, confirms one and refuses the other; Ed cannot
confirm his own. Every comment of the file stays, in its place; the file checks after each step.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.cli import main
from bot.model import PledgeStatus
from bot.wiki.roadmap_page import render_roadmap

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "uml-64bit-coop.yaml"


@pytest.fixture
def coop(agendas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the co-op, with its state store in the test's folder."""
    monkeypatch.setenv("SUMMITBOT_STATE", str(tmp_path / "state" / "summitbot.sqlite3"))
    return agendas / EXAMPLE.name


def chat(agenda: Path, name: str, command: str, capsys: pytest.CaptureFixture[str]) -> str:
    """`summitbot chat AGENDA --as NAME -c COMMAND`; what it printed."""
    assert main(["chat", str(agenda), "--as", name, "-c", command]) == 0
    return capsys.readouterr().out


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "#" in line]


def test_pledges_from_the_terminal_are_written_confirmed_and_refused(
    coop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = coop.read_text()

    said = chat(coop, "Ed W", "pledge 1.000,50 eur pid -- topping up", capsys)
    assert said.startswith("Done: P1, your pledge of 1,000.50 EUR toward PID spaces for init-less guests")
    said = chat(coop, "Ed W", "pledge anonymous €500 scheduler", capsys)
    assert said.startswith("Done: P2, your pledge of 500 EUR toward Scheduler rework")
    text = coop.read_text()
    assert comment_lines(text) == comment_lines(before)
    assert (
        "    pledges:\n      - id: P2\n        who: Ed Wildgoose\n        amount: 500\n        currency: EUR\n"
        "        anonymous: true\n        status: pending\n"
        '  # The target all of this feeds: a "released" patch for 2.6.26 or newer.\n'
    ) in text  # the new list goes before the comment that introduces the next entry
    assert '        amount: "1000.50"\n' in text or "        amount: '1000.50'\n" in text  # never a float

    refused = chat(coop, "Ed W", "pledge confirm P1", capsys)
    assert refused.startswith("Only the organisers of UML 64-bit co-op can confirm pledges.")
    assert chat(coop, "Bill", "pledge confirm P1", capsys).startswith(
        "Done: P1 (Ed Wildgoose, 1,000.50 EUR) is confirmed."
    )
    assert chat(coop, "Bill", "pledge refuse P2 no anonymous money", capsys).startswith(
        "Done: P2 (Ed Wildgoose (anonymous), 500 EUR) is refused (no anonymous money)."
    )

    agenda = load_agenda(coop)
    pledges = {p.id: p for m in agenda.roadmap for p in m.pledges if p.id}
    assert (pledges["P1"].amount, pledges["P1"].status, pledges["P1"].note) == (
        Decimal("1000.50"),
        PledgeStatus.CONFIRMED,
        "topping up",
    )
    assert (pledges["P2"].status, pledges["P2"].reason, pledges["P2"].anonymous) == (
        PledgeStatus.REFUSED,
        "no anonymous money",
        True,
    )
    assert comment_lines(coop.read_text()) == comment_lines(before)
    shown = chat(coop, "Ed W", "milestones", capsys)
    assert "PID spaces for init-less guests (`pid-spaces`): 2,000.50 EUR confirmed" in shown
    assert "(`scheduler-rework`): nothing pledged yet" in shown  # a refused pledge counts nowhere
    page = render_roadmap(agenda)
    assert "* Ed Wildgoose: 1,000.50 EUR – topping up\n'''Total:''' 2,000.50 EUR\n" in page
    assert "500 EUR" not in page  # refused: not listed, not counted


def test_the_roadmap_report_totals_confirmed_and_pending_per_currency(
    coop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chat(coop, "Ed W", "pledge $250 pid", capsys)
    chat(coop, "Ed W", "pledge anonymous 100 EUR pid", capsys)
    assert main(["roadmap", str(coop)]) == 0
    summary = capsys.readouterr().out
    assert "pledged 1,000 EUR; pending 250 USD, 100 EUR" in summary
    assert main(["roadmap", str(coop), "--release", "pid", "--json"]) == 0

    shown = json.loads(capsys.readouterr().out)
    assert shown["totals"] == {"EUR": "1000"}
    assert shown["pending"] == {"USD": "250", "EUR": "100"}
    assert [(p["id"], p["status"], p["anonymous"]) for p in shown["pledges"]] == [
        (None, "confirmed", False),
        ("P1", "pending", False),
        ("P2", "pending", True),
    ]
