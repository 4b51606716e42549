"""The `summitbot` command line, run through its real entry point (`python -m bot`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI_SUMMIT, Run


def test_check_passes_the_examples_and_says_so(summitbot: Run) -> None:
    finished = summitbot("check", "agendas/containers-mini-summit-2008.yaml", "agendas/xen-4.4-hackathon.yaml")
    assert finished.returncode == 0
    assert finished.stdout.splitlines() == [
        "agendas/containers-mini-summit-2008.yaml: ok (3 sessions, 34 attendees)",
        "agendas/xen-4.4-hackathon.yaml: ok (5 sessions, 7 attendees)",
    ]
    assert finished.stderr == ""


def test_check_reports_every_problem_as_file_line_col_and_exits_1(summitbot: Run, agendas: Path) -> None:
    broken = agendas / "broken.yaml"
    text = (agendas / MINI_SUMMIT).read_text()
    text = text.replace('start: "8:30am"', "start: 1400").replace(
        "moderators: [Serge Hallyn", "moderator: [Serge Hallyn"
    )
    broken.write_text(text)
    finished = summitbot("check", broken, agendas / MINI_SUMMIT)
    assert finished.returncode == 1
    assert finished.stdout == f"{agendas / MINI_SUMMIT}: ok (3 sessions, 34 attendees)\n"
    lines = finished.stderr.splitlines()
    assert lines[-1] == "summitbot: 2 problems in 1 of 2 files"
    start_line = next(n for n, line in enumerate(text.splitlines(), 1) if "start: 1400" in line)
    assert f"{broken}:{start_line}:12: session 'namespaces': 'start' is the number 1400, not a time; " in lines[0]
    assert "unknown key 'moderator'; did you mean 'moderators'?" in lines[1]
    assert len(lines) == 3


def test_check_of_a_missing_file_is_a_problem_not_a_crash(summitbot: Run, tmp_path: Path) -> None:
    finished = summitbot("check", tmp_path / "nope.yaml")
    assert finished.returncode == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: no such file" in finished.stderr


def test_show_json_prints_the_normalised_event(summitbot: Run) -> None:
    finished = summitbot("show", f"agendas/{MINI_SUMMIT}", "--json")
    assert finished.returncode == 0
    shown = json.loads(finished.stdout)
    assert shown["event"] | {"description": None, "days": None, "links": None} == {
        "id": "containers-mini-summit-2008",
        "title": "Containers mini-summit 2008",
        "kind": "mini-summit",
        "timezone": "America/Toronto",
        "location": "Novotel Hotel, Ottawa, ON, Canada",
        "start": "2008-07-22T08:30:00-04:00",
        "end": "2008-07-22T16:30:00-04:00",
        "description": None,
        "days": None,
        "links": None,
        "rooms": ["Albion A"],
        "organisers": ["Kir Kolyshkin"],
        "wiki_page": "Containers/Mini-summit 2008",
    }
    namespaces = shown["sessions"][0]
    assert (namespaces["id"], namespaces["start"], namespaces["end"], namespaces["room"]) == (
        "namespaces",
        "2008-07-22T08:30:00-04:00",
        "2008-07-22T11:00:00-04:00",
        "Albion A",
    )
    assert namespaces["moderators"] == ["Serge Hallyn", "Dave Hansen"]
    assert namespaces["topics"][0]["title"] == "sysfs issues (and any /proc issues)"
    assert namespaces["topics"][0]["children"][0]["title"] == "uevents/hotplug"
    assert shown["attendees"][0] == {
        "name": "Pavel Emelyanov",
        "status": "confirmed",
        "remote": False,
        "note": None,
        "via": "yaml",
    }
    assert {"id", "title", "proposer", "votes", "status"} <= set(shown["topics"][0])
    assert shown["actions"] == []


def test_show_json_lists_actions_with_owner_due_and_status(summitbot: Run) -> None:
    shown = json.loads(summitbot("show", "agendas/xen-4.4-hackathon.yaml", "--json").stdout)
    first = shown["actions"][0]
    assert {key: first[key] for key in ("id", "owner", "due", "status")} == {
        "id": "A1",
        "owner": "George Dunlap",
        "due": "2013-06-28",
        "status": "open",
    }
    assert first["text"].startswith("Write up a proposal for the beginning of the 4.4 release cycle")


def test_show_prints_a_summary(summitbot: Run) -> None:
    finished = summitbot("show", f"agendas/{MINI_SUMMIT}")
    assert finished.returncode == 0
    assert finished.stdout.splitlines()[:3] == [
        "Containers mini-summit 2008 (mini-summit, America/Toronto)",
        "  Tuesday 22 July 2008, 08:30-16:30, Novotel Hotel, Ottawa, ON, Canada",
        "    Tue 08:30-11:00 [Albion A] Namespaces/Containers",
    ]


@pytest.mark.parametrize("command", [[], ["check"], ["show"]])
def test_every_command_has_help(summitbot: Run, command: list[str]) -> None:
    finished = summitbot(*command, "--help")
    assert finished.returncode == 0
    assert finished.stdout.startswith("usage: summitbot")


def test_a_wrong_command_line_exits_2_with_usage(summitbot: Run) -> None:
    finished = summitbot("chek", "agendas")
    assert finished.returncode == 2
    assert "invalid choice: 'chek'" in finished.stderr
