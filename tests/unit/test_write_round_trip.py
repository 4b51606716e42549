"""Writing an agenda back keeps every comment, key order, quoting and value the organisers wrote.

The bot adds sign-ups, proposals and action items to files that people edit by hand; the files
must come back exactly as they were around the change.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agenda.edits import add_action, add_attendee, add_proposal
from bot.agenda.load import load_agenda
from bot.agenda.people import name_key
from bot.agenda.write import Document, edit_agenda
from bot.errors import UserError
from bot.model import AttendanceStatus, Channel
from bot.text import printable
from tests.conftest import EXAMPLES, MINI_SUMMIT


def is_subsequence(lines: list[str], within: list[str]) -> bool:
    remaining = iter(within)
    return all(line in remaining for line in lines)


def test_opening_and_closing_without_a_change_writes_nothing(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    before = path.stat().st_mtime_ns
    with edit_agenda(path):
        pass
    assert path.stat().st_mtime_ns == before
    assert path.read_bytes() == (EXAMPLES / MINI_SUMMIT).read_bytes()


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.glob("*.yaml")))
def test_every_example_round_trips_byte_for_byte(example: str, agendas: Path) -> None:
    with edit_agenda(agendas / example) as document:
        assert document.text() == document.original


def test_a_sign_up_lands_after_the_last_attendee_and_every_other_line_stays(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    original = path.read_text().splitlines()
    with edit_agenda(path) as document:
        add_attendee(document, "Zoë Ångström", status=AttendanceStatus.TENTATIVE, note="arrives 10am")
    written = path.read_text().splitlines()
    assert is_subsequence(original, written)
    added = [line[2:] for line in difflib.ndiff(original, written) if line.startswith("+ ")]
    assert added == ["  - name: Zoë Ångström", "    status: tentative", "    note: arrives 10am"]
    last_attendee = written.index("  - name: Gyuil Cha")
    assert written.index("  - name: Zoë Ångström") < written.index(
        '# "Topics to discuss" from the wiki. Once a topic has a home in the agenda it'
    )
    assert written.index("  - name: Zoë Ångström") > last_attendee
    agenda = load_agenda(path)
    assert agenda.person(agenda.attendees[-1].person).name == "Zoë Ångström"


def test_signing_up_again_updates_the_entry_instead_of_duplicating_it(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    with edit_agenda(path) as document:
        assert add_attendee(document, "serge hallyn", status=AttendanceStatus.TENTATIVE, remote=True)
    agenda = load_agenda(path)
    serge = [a for a in agenda.attendees if agenda.person(a.person).name == "Serge Hallyn"]
    assert [(a.status, a.remote) for a in serge] == [(AttendanceStatus.TENTATIVE, True)]
    assert "  - name: Serge Hallyn\n    status: tentative\n    remote: true\n" in path.read_text()
    with edit_agenda(path) as document:
        assert not add_attendee(document, "Serge Hallyn", status=AttendanceStatus.TENTATIVE, remote=True)


def test_proposals_and_actions_get_the_next_free_id(agendas: Path) -> None:
    path = agendas / "xen-4.4-hackathon.yaml"
    with edit_agenda(path) as document:
        proposal = add_proposal(document, "Use patchwork for 4.4", proposer="Lars")
        action = add_action(document, "Trial patchwork", owner="ijc", session="release-models")
    agenda = load_agenda(path)
    assert (agenda.proposals[-1].id, agenda.proposals[-1].title, agenda.proposals[-1].proposer) == (
        proposal,
        "Use patchwork for 4.4",
        "lars",
    )
    assert (proposal, action) == ("P4", "A5")
    assert (agenda.actions[-1].id, agenda.actions[-1].owner, agenda.actions[-1].source.session) == (
        action,
        "ijc",
        "release-models",
    )


def test_a_change_that_would_not_check_writes_nothing(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    with pytest.raises(UserError) as raised, edit_agenda(path) as document:
        add_proposal(document, "Syslog namespaces", proposer="Nobody We Know")
    assert "was not written" in raised.value.summary
    assert "nobody called 'Nobody We Know'" in str(raised.value)
    assert path.read_bytes() == (EXAMPLES / MINI_SUMMIT).read_bytes()
    assert sorted(p.name for p in agendas.iterdir() if p.name.endswith(".tmp")) == []


def test_an_error_inside_the_edit_writes_nothing(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT

    def sign_up_then_fail() -> None:
        with edit_agenda(path) as document:
            add_attendee(document, "Someone New")
            raise RuntimeError("the chat connection dropped")

    with pytest.raises(RuntimeError):
        sign_up_then_fail()
    assert path.read_bytes() == (EXAMPLES / MINI_SUMMIT).read_bytes()


def test_a_file_in_another_indentation_style_keeps_its_style(tmp_path: Path) -> None:
    path = tmp_path / "four.yaml"
    path.write_text(
        "event:\n    id: four\n    title: Four spaces   # a comment\n    timezone: UTC\n"
        "attendees:\n- Ann\n- name: Bob\n  status: tentative\n"
    )
    with edit_agenda(path) as document:
        add_attendee(document, "Cy", remote=True)
    assert path.read_text() == (
        "event:\n    id: four\n    title: Four spaces   # a comment\n    timezone: UTC\n"
        "attendees:\n- Ann\n- name: Bob\n  status: tentative\n- name: Cy\n  remote: true\n"
    )


def test_the_first_action_item_creates_the_section_in_its_place(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text("event:\n  id: s\n  title: S\n  timezone: UTC\n# the end\n")
    with edit_agenda(path) as document:
        add_action(document, "Book a room")
    assert load_agenda(path).actions[0].text == "Book a room"
    assert "# the end" in path.read_text()


# Text people type: anything printable, including YAML's special characters and other scripts
# (never a control character: no format carries them, see bot.text).
typed_text = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufeff\ufffe\uffff"), min_size=1, max_size=30
).filter(lambda text: text.strip() == text and bool(text))
note_text = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=["Cs"]), max_size=40).map(printable).filter(str.strip)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    example=st.sampled_from(sorted(path.name for path in EXAMPLES.glob("*.yaml"))),
    names=st.lists(typed_text, max_size=4, unique_by=name_key),
    proposals=st.lists(st.tuples(typed_text, note_text), max_size=3),
    status=st.sampled_from(list(AttendanceStatus)),
    note=note_text,
    change_one=st.booleans(),
    via=st.sampled_from([Channel.CHAT, Channel.YAML]),  # YAML, confirmed, no note: a plain name
)
def test_load_change_write_load_keeps_every_value_and_every_comment(
    tmp_path_factory: pytest.TempPathFactory,
    example: str,
    names: list[str],
    proposals: list[tuple[str, str | None]],
    status: AttendanceStatus,
    note: str | None,
    change_one: bool,
    via: Channel,
) -> None:
    path = tmp_path_factory.mktemp("agendas") / example
    shutil.copy(EXAMPLES / example, path)
    before = load_agenda(path)
    before_lists = {"attendees": before.attendees, "proposals": before.proposals}
    known = {name_key(word) for p in before.people for word in (p.id, p.name, *p.aliases)}
    names = [name for name in names if name_key(name) not in known and name_key(name)]

    # The first attendee's sign-up changed too: a text edit of their entry when it allows one.
    # (Not the last: the round trip misplaces the blank line after the list's last entry when it
    # turns a plain name into a mapping, which the text edit does not do.)
    regular = before.person(before.attendees[0].person).name if change_one and before.attendees else None
    with edit_agenda(path) as document:
        for name in names:
            add_attendee(document, name, status=status, note=note, via=via)
        for title, description in proposals:
            add_proposal(document, title, description=description)
        if regular is not None:
            add_attendee(document, regular, status=status, note=note)
        written = document.text()
        lists = [key for key, added in (("attendees", names), ("proposals", proposals)) if added]
        # Appends to lists the file has are text edits; the full round trip writes the same text.
        if all(before_lists.get(key) for key in lists) and regular is None:
            assert not document.round_tripped
        round_trip = Document(document.original, path)
        round_trip.tree  # noqa: B018 - loads the round trip first: every edit below goes through it
        for name in names:
            add_attendee(round_trip, name, status=status, note=note, via=via)
        for title, description in proposals:
            add_proposal(round_trip, title, description=description)
        if regular is not None:
            add_attendee(round_trip, regular, status=status, note=note)
        assert round_trip.round_tripped
        assert round_trip.text() == written

    after = load_agenda(path)
    kept = (EXAMPLES / example).read_text().splitlines()
    if regular is not None:  # their entry's lines change; every comment line stays
        kept = [line for line in kept if line.lstrip().startswith("#")]
    assert is_subsequence(kept, path.read_text().splitlines())
    assert after.event == before.event
    assert after.sessions == before.sessions
    assert after.meetings == before.meetings
    assert after.actions == before.actions
    assert after.roadmap == before.roadmap
    first = 1 if regular is not None else 0  # the first attendee's sign-up changed
    assert after.attendees[first : len(before.attendees)] == before.attendees[first:]
    if regular is not None:
        assert (after.attendees[0].status, after.attendees[0].note) == (status, note)
    new_attendees = after.attendees[len(before.attendees) :]
    assert [after.person(a.person).name for a in new_attendees] == names
    assert all((a.status, a.note, a.via) == (status, note, via) for a in new_attendees)
    assert after.proposals[: len(before.proposals)] == before.proposals
    assert [(p.title, p.description) for p in after.proposals[len(before.proposals) :]] == proposals
