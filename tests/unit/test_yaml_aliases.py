"""Anchors and aliases: the ordinary ones work everywhere, nested ones that multiply are refused at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.agenda.yamltree import parse_yaml
from tests.conftest import MINI_SUMMIT, Run

FIRST_TOPICS = "    topics:\n      - title: sysfs issues"


def billion_laughs(levels: int = 9) -> str:
    """Topics whose every level aliases the one below ten times: 10**9 values from ~1 kB."""
    lines = ["      - &l0 {title: lol, topics: [a, b, c, d, e, f, g, h, i, j]}"]
    for level in range(1, levels):
        below = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"      - &l{level} {{title: lol{level}, topics: [{below}]}}")
    return "    topics:\n" + "\n".join(lines) + "\n      - title: sysfs issues"


def test_a_billion_laughs_in_the_topics_is_refused_within_a_second_at_its_alias(agendas: Path) -> None:
    text = (agendas / MINI_SUMMIT).read_text().replace(FIRST_TOPICS, billion_laughs(), 1)
    assert len(text.encode()) < 10_000
    started = time.perf_counter()
    tree, problems = parse_yaml(text, "laughs.yaml")
    assert time.perf_counter() - started < 1.0
    if tree is not None:  # not `assert`: showing a billion values would hang the report
        pytest.fail("the billion laughs was read as a tree")
    [problem] = problems
    line = text.splitlines()[problem.line - 1]
    assert line.startswith("      - &l")
    assert line[problem.col - 1 :].startswith("*l")
    assert "over 100,000 values" in problem.message
    assert problem.hint
    assert "billion laughs" in problem.hint


def test_check_refuses_a_billion_laughs_quickly_with_file_and_line(summitbot: Run, agendas: Path) -> None:
    path = agendas / "laughs.yaml"
    path.write_text((agendas / MINI_SUMMIT).read_text().replace(FIRST_TOPICS, billion_laughs(), 1))
    started = time.perf_counter()
    finished = summitbot("check", path)
    assert time.perf_counter() - started < 5.0  # Python's start-up included; 82 s and MemoryError before
    assert finished.returncode == 1
    first = finished.stderr.splitlines()[0]
    assert first.startswith(f"{path}:")
    assert "the alias '*l" in first
    assert "billion laughs" in first


def test_an_alias_inside_its_own_anchor_is_a_problem_not_a_loop() -> None:
    tree, problems = parse_yaml("a: &x [1, *x]\n", "f.yaml")
    assert [str(problem) for problem in problems] == [
        "f.yaml:1:11: the alias '*x' is inside the value it names; a value cannot contain itself"
    ]
    assert tree == {"a": [1, None]}


def test_ordinary_anchors_and_aliases_check_and_survive_a_write(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    text = path.read_text()
    text = text.replace("moderators: [Serge Hallyn, Dave Hansen]", "moderators: &chairs [Serge Hallyn, Dave Hansen]")
    text = text.replace("moderators: [Paul Menage, Balbir Singh, Dhaval Giani]", "moderators: *chairs")
    text = text.replace(FIRST_TOPICS, "    topics: &shared\n      - title: sysfs issues", 1)
    cgroups_topics = text.index("    topics:\n      - Cgroup implementation")
    text = text[:cgroups_topics] + "    topics: *shared\n" + text[text.index("\n\n", cgroups_topics) + 1 :]
    path.write_text(text)
    agenda = load_agenda(path)
    assert agenda.sessions[1].moderators == agenda.sessions[0].moderators
    with edit_agenda(path) as document:
        add_attendee(document, "Zoë Ångström")
    written = path.read_text()
    assert "moderators: *chairs" in written
    assert "topics: &shared" in written
    assert "topics: *shared" in written
    assert agenda.sessions[1].topics == agenda.sessions[0].topics
    written_agenda = load_agenda(path)
    assert written_agenda.sessions[1].moderators == agenda.sessions[0].moderators
    assert written_agenda.sessions[1].topics == agenda.sessions[0].topics


def test_many_small_aliases_are_fine() -> None:
    names = "\n".join(f"  - {i}: *who" for i in range(2_000))
    tree, problems = parse_yaml(f"who: &who [Serge Hallyn, Dave Hansen]\nuses:\n{names}\n", "f.yaml")
    assert problems == []
    assert tree["uses"][1999] == {"1999": ["Serge Hallyn", "Dave Hansen"]}
