"""`summitbot minutes FILE`: the format is recognised, owners are matched against the agenda and
the doubtful ones listed on stderr, and publishing refuses to start without what it needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, Run

NOTES = ROOT / "tests" / "fixtures" / "minutes" / "xen-hackathon-minutes.txt"
AGENDA = EXAMPLES / "xen-4.4-hackathon.yaml"
LOG = """\
15:00:03 <lars> #startmeeting Patch triage
15:01:00 <lars> #topic Lost patches
15:01:10 <lars> #action Ian make a list of the lost patches
15:01:30 <lars> #action Bob buy cake
15:01:40 <lars> #agreed Trial patchwork <!channel>
15:03:00 <lars> #endmeeting
"""


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "triage.log.txt"
    path.write_text(LOG)
    return path


def test_a_meetbot_log_is_recognised_and_its_doubtful_owners_listed(summitbot: Run, log: Path) -> None:
    result = summitbot("minutes", log, "--agenda", AGENDA, "--date", "2013-06-04")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{log}: A5 'Ian': Ian Campbell (ijc) or Ian Jackson (iwj)? Use #owner in the meeting or edit the YAML",
        f"{log}: A6: nobody was named; it stays unassigned. Use #owner in the meeting or edit the YAML",
    ]
    assert "Xen 4.4 Hackathon, Tuesday 4 June 2013, 16:00–16:03 (Europe/London)" in result.stdout  # log in UTC
    assert "* AGREED: Trial patchwork <!channel> (lars, 16:01)" in result.stdout
    assert "Owner unclear\n* A5 Ian make a list of the lost patches ('Ian': Ian Campbell" in result.stdout


def test_json_numbers_actions_after_the_agendas_and_finds_the_meeting_held_then(summitbot: Run, log: Path) -> None:
    result = summitbot("minutes", log, "--agenda", AGENDA, "--date", "2013-06-04", "--json")
    assert result.returncode == 0, result.stderr
    minutes = json.loads(result.stdout)
    assert [action["id"] for action in minutes["actions"]] == ["A5", "A6"]  # the agenda ends at A4
    assert minutes["actions"][0]["candidates"] == ["ijc", "iwj"]
    assert (minutes["event"], minutes["session"]) == ("xen-4-4-hackathon", "release-call")  # Tuesdays 16:00


def test_notes_with_a_session_take_its_times(summitbot: Run) -> None:
    result = summitbot("minutes", NOTES, "--agenda", AGENDA, "--session", "retrospective-4-3", "--date", "2013-05-15")
    assert result.returncode == 0, result.stderr
    assert "Xen 4.4 Hackathon, Wednesday 15 May 2013, 14:00–15:30 (Europe/London)" in result.stdout
    assert "= Action items, by person =\n\nGeorge Dunlap\n* A5 " in result.stdout


def test_without_an_agenda_the_owners_are_the_nicks_that_spoke(summitbot: Run, log: Path) -> None:
    result = summitbot("minutes", log, "--format", "meetbot", "--date", "2013-06-04")
    assert result.returncode == 0, result.stderr
    # only lars spoke; "Ian" and "Bob" never did
    assert result.stderr == f"{log}: no --agenda, and no action names anyone who spoke: every action is unassigned\n"
    assert "Unassigned\n* A1 " in result.stdout


def test_an_unknown_session_is_refused(summitbot: Run, log: Path) -> None:
    result = summitbot("minutes", log, "--agenda", AGENDA, "--session", "nope")
    assert result.returncode == 2
    assert "--session: the agenda has no session or meeting 'nope'" in result.stderr


def test_publishing_needs_an_agenda_and_a_wiki(summitbot: Run, log: Path, tmp_path: Path) -> None:
    no_agenda = summitbot("minutes", log, "--publish")
    assert no_agenda.returncode == 1
    assert "--publish needs --agenda" in no_agenda.stderr
    no_wiki = summitbot("minutes", log, "--agenda", AGENDA, "--publish", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert no_wiki.returncode == 1
    assert "--publish needs a wiki" in no_wiki.stderr
    assert no_wiki.stdout == ""  # nothing was read, nothing printed
