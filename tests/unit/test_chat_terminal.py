"""`summitbot chat AGENDA --as NAME`: the /summit commands typed in a terminal, end to end.

The same inbox, worker and changes as in Slack write the agenda file; the replies print as plain
text (no mrkdwn marks, escapes undone, times in the event's zone). A terminal user has no chat
id, so none is written for them.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.cli import main
from bot.model import AttendanceStatus, Channel

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "containers-mini-summit-2008.yaml"
TITLE = "Containers mini-summit 2008"


@pytest.fixture
def summit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the containers mini-summit, with its state store in the test's folder."""
    monkeypatch.setenv("SUMMITBOT_STATE", str(tmp_path / "state" / "summitbot.sqlite3"))
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.fixture
def linked_summit(summit: Path) -> Path:
    """The copy, with Kir linked to a chat id (as after `/summit link`, or his first command from a
    Slack account whose confirmed email is his)."""
    summit.write_text(summit.read_text().replace("    id: kir\n", "    id: kir\n    chat_id: U0KIR0001\n"))
    return summit


def chat(agenda: Path, name: str, command: str | None = None) -> int:
    """`summitbot chat AGENDA --as NAME [-c COMMAND]`."""
    return main(["chat", str(agenda), "--as", name, *(["-c", command] if command is not None else [])])


def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line]


def test_ada_joins_from_the_terminal(summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert chat(summit, "Ada Lovelace", "join maybe remote Arriving late") == 0
    assert capsys.readouterr().out == (
        f"Done: you are signed up for {TITLE} (tentative, remote). `/summit my` shows your schedule.\n"
    )
    agenda = load_agenda(summit)
    ada = agenda.person("ada-lovelace")
    assert ada.name == "Ada Lovelace"
    assert ada.listed  # in `people`
    assert ada.chat_id is None
    assert "chat_id" not in summit.read_text()
    signed_up = agenda.attendees[-1]
    assert signed_up.person == "ada-lovelace"
    assert (signed_up.status, signed_up.remote, signed_up.note) == (AttendanceStatus.TENTATIVE, True, "Arriving late")
    assert signed_up.via is Channel.CHAT


def test_an_attendee_known_by_name_votes_from_the_terminal(summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert chat(summit, "Pavel Emelyanov", "vote T3") == 0
    assert capsys.readouterr().out == "Done: your vote for T3 “Syslog” counts.\n"
    assert load_agenda(summit).proposals[2].votes == ("pavel-emelyanov",)
    assert "chat_id" not in summit.read_text()


def test_the_organiser_links_his_slack_account_from_the_terminal(
    summit: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # At the bot's own machine his name is proof, so the first organiser can link himself; in
    # Slack, where nobody is linked yet, no name would do.
    assert chat(summit, "Kir Kolyshkin", "link U0KIR0001 Kir Kolyshkin") == 0
    assert capsys.readouterr().out == "Done: `U0KIR0001` is Kir Kolyshkin now.\n"
    assert load_agenda(summit).person("kir").chat_id == "U0KIR0001"
    assert chat(summit, "Kir Kolyshkin", "reject T3 Done in Slack from now on") == 0  # by his chat id now
    assert "Done: T3 “Syslog” is rejected" in capsys.readouterr().out


def test_commands_from_standard_input_one_per_line(
    linked_summit: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kir types a proposal, an empty line, and `/summit topics` the way he would in Slack.
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("propose Cgroup v2 -- Why one hierarchy is enough\n\n/summit topics\n")
    )
    assert chat(linked_summit, "Kir Kolyshkin") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Done: topic T6 “Cgroup v2” is proposed. Others can vote with :+1: on its message.",
        "[to #containers-summit] :bulb: T6 “Cgroup v2”, proposed by Kir Kolyshkin",
        "> Why one hierarchy is enough",
        "React with :+1: to vote for it (or `/summit vote T6`).",
        "• T4 Checkpoint/restart — 3 votes, scheduled: Checkpoint/Restart",
        "• T5 Memory controllers — 3 votes, scheduled: Cgroups+Resource management",
        "• T1 Device accessibility cgroup (maybe with remap ability) — 2 votes, scheduled: Cgroups+Resource management",
        "• T2 TTYs — 1 vote, scheduled: Namespaces/Containers",
        "• T3 Syslog — 0 votes, accepted",
        "• T6 Cgroup v2 — 0 votes",
    ]
    proposal = load_agenda(linked_summit).proposals[-1]
    assert (proposal.id, proposal.title, proposal.proposer) == ("T6", "Cgroup v2", "kir")
    assert proposal.description == "Why one hierarchy is enough"


def test_the_yamls_comments_survive_a_change_from_the_terminal(
    linked_summit: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = linked_summit.read_text()
    assert chat(linked_summit, "Kir Kolyshkin", "reject T3 Comes up under small namespaces") == 0
    assert capsys.readouterr().out == "Done: T3 “Syslog” is rejected (Comes up under small namespaces).\n"
    after = linked_summit.read_text()
    assert comment_lines(after) == comment_lines(before)
    assert (
        after.replace("    status: rejected\n    reason: Comes up under small namespaces\n", "    status: accepted\n")
        == before
    )


def test_a_question_prints_plain_text_and_writes_nothing(summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = summit.read_text()
    assert chat(summit, "Ada Lovelace", "/summit who") == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"{TITLE}: 32 coming, 2 tentative"  # no *bold*
    assert "• Joseph Ruscio (maybe)" in printed  # no _italics_
    assert "• Herbert Pötzl (remote)" in printed
    assert summit.read_text() == before


def test_times_print_in_the_events_zone(linked_summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert chat(linked_summit, "Kir Kolyshkin", "agenda") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{TITLE}, on Tuesday 22 July 2008:",
        "• 08:30 EDT–11:00 EDT Namespaces/Containers (Albion A) — Serge Hallyn, Dave Hansen",
        "• 11:30 EDT–14:00 EDT Cgroups+Resource management (Albion A) — Paul Menage, Balbir Singh, Dhaval Giani",
        "• 14:30 EDT–16:30 EDT Checkpoint/Restart (Albion A) — Daniel Lezcano, Oren Laadan",
    ]


def test_a_refusal_prints_and_changes_nothing(summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = summit.read_text()
    assert chat(summit, "Ada Lovelace", "vote T9") == 0
    assert capsys.readouterr().out == "There is no topic `T9`. Known: T1, T2, T3, T4, T5.\n"
    assert summit.read_text() == before


def test_two_people_at_the_terminal_stay_two_people(summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Neither has a chat id: the bot must not take Bob for Ada because both ids are empty.
    assert chat(summit, "Ada Lovelace", "join") == 0
    assert chat(summit, "Bob Bobson", "join maybe") == 0
    assert chat(summit, "Bob Bobson", "vote T3") == 0
    capsys.readouterr()
    agenda = load_agenda(summit)
    assert [(a.person, a.status) for a in agenda.attendees[-2:]] == [
        ("ada-lovelace", AttendanceStatus.CONFIRMED),
        ("bob-bobson", AttendanceStatus.TENTATIVE),
    ]
    assert agenda.proposals[2].votes == ("bob-bobson",)


def test_at_the_terminal_the_organiser_is_who_the_name_says(summit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Whoever runs the terminal can edit the file anyway, so `--as` is taken at its word.
    assert chat(summit, "Ada Lovelace", "accept T3 cgroups") == 0
    assert capsys.readouterr().out == f"Only the organisers of {TITLE} can accept topics.\n"
    assert chat(summit, "Kir Kolyshkin", "accept T3 cgroups") == 0
    assert capsys.readouterr().out == "Done: T3 “Syslog” is scheduled in Cgroups+Resource management.\n"
    assert load_agenda(summit).proposals[2].session == "cgroups"
    assert "chat_id" not in summit.read_text()
