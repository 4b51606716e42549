"""Names on the command line: an id, a name or the start of one; several that fit are listed.

Every option that names a person, a session or meeting, a release or a recorded conflict reads
it the same way (`bot.lookup`): the exact id, then any case, then a unique prefix of a name or of
one of its words. Two people called Ian are both listed, with the id to type; a typo gets the
closest, "did you mean"; both exit 2, a wrong command line, and print nothing on stdout.
"""

from __future__ import annotations

from pathlib import Path

from bot.sync.merge import FieldConflict
from bot.sync.state import StateStore
from tests.conftest import EXAMPLES, Run

XEN = EXAMPLES / "xen-4.4-hackathon.yaml"
NOTES = EXAMPLES.parent / "tests" / "fixtures" / "minutes" / "xen-hackathon-minutes.txt"


def env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"), "XDG_CONFIG_HOME": str(tmp_path / "none")}


def test_two_people_called_ian_are_both_listed(summitbot: Run, tmp_path: Path) -> None:
    result = summitbot("ics", XEN, "--person", "Ian", env=env(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "summitbot: --person: 'Ian' could be: Ian Campbell (ijc), Ian Jackson (iwj); use the id\n"


def test_the_id_a_surname_or_a_unique_start_finds_one_person(summitbot: Run, tmp_path: Path) -> None:
    for typed in ("iwj", "Jackson", "ian jack", "IAN JACKSON"):
        result = summitbot("ics", XEN, "--person", typed, env=env(tmp_path))
        assert result.returncode == 0, (typed, result.stderr)
        assert "X-WR-CALNAME:Xen 4.4 Hackathon (Ian Jackson)" in result.stdout


def test_a_misspelt_person_gets_did_you_mean(summitbot: Run, tmp_path: Path) -> None:
    result = summitbot("ics", XEN, "--person", "Ian Jaxon", env=env(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        "summitbot: --person: nobody called 'Ian Jaxon' is in Xen 4.4 Hackathon's people or attendees; "
        "did you mean Ian Jackson (iwj)?\n"
    )


def test_a_session_is_found_by_the_start_of_its_title(summitbot: Run) -> None:
    result = summitbot("minutes", NOTES, "--agenda", XEN, "--session", "4.3 release", "--date", "2013-05-15")
    assert result.returncode == 0, result.stderr
    assert "Xen 4.4 Hackathon, Wednesday 15 May 2013, 14:00–15:30 (Europe/London)" in result.stdout


def test_a_session_several_titles_start_with_is_refused_with_them_listed(summitbot: Run) -> None:
    result = summitbot("minutes", NOTES, "--agenda", XEN, "--session", "release", "--date", "2013-05-15")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "summitbot: --session: 'release' could be: Release models that work well (release-models), "
        "4.3 release cycle: what worked well / didn't work well (retrospective-4-3), "
        "Xen 4.4 release call (release-call); use the id\n"
    )


def test_a_misspelt_session_gets_did_you_mean(summitbot: Run) -> None:
    result = summitbot("minutes", NOTES, "--agenda", XEN, "--session", "gpu-passthru", "--date", "2013-05-15")
    assert result.returncode == 2
    assert "did you mean GPU passthrough BoF (gpu-passthrough)?" in result.stderr


def test_a_release_several_ids_start_with_is_listed(summitbot: Run) -> None:
    result = summitbot("roadmap", XEN, "--release", "4")
    assert result.returncode == 2
    assert result.stderr == "summitbot: '4' could be: 4.3 (Xen 4.3), 4.4 (Xen 4.4); use the id\n"


def test_clearing_a_conflict_not_recorded_suggests_the_near_numbers(summitbot: Run, tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    found = [FieldConflict(f"session.s{n}.room", "A", "B", "C") for n in range(1, 13)]
    store.record_conflicts("xen-4-4-hackathon", "wiki", tuple(found))

    typo = summitbot("conflicts", XEN, "--clear", "13", env=env(tmp_path))
    assert typo.returncode == 2
    assert typo.stderr == (
        "summitbot: --clear: there is no conflict #13; did you mean "
        "#12 (wiki session.s12.room) or #11 (wiki session.s11.room) or #10 (wiki session.s10.room)?\n"
    )
    assert len(store.conflicts("xen-4-4-hackathon")) == 12  # nothing was cleared

    cleared = summitbot("conflicts", XEN, "--clear", "12", env=env(tmp_path))
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout == "1 conflict(s) cleared\n"
