"""A sign-up, or a change to one, is written into the agenda's text in place, without a round
trip of the whole file, when the text allows it; when it does not, the round trip writes it.
Either way every other line stays as the organisers wrote it."""

from __future__ import annotations

import difflib
from pathlib import Path

from bot.agenda.chat_edits import withdraw
from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.write import Document, edit_agenda
from bot.model import AttendanceStatus, Channel

AGENDA = """\
# Organisers: keep the list in the order people signed up.
event:
  id: demo
  title: Demo summit
  timezone: Europe/Brussels
people:
  - name: Ada Lovelace
    id: ada
attendees:
  - Ada Lovelace
  - name: "Grace Hopper"    # she asked to be written in quotes
    status: tentative
  - Alan Turing

# Topics come next.
proposals:
  - id: T1
    title: Engines
"""


def changed_lines(path: Path) -> list[str]:
    return [line for line in difflib.ndiff(AGENDA.splitlines(), path.read_text().splitlines()) if line[0] in "+-"]


def written(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(AGENDA)
    return path


def test_a_new_sign_up_is_written_after_the_last_attendee_without_a_round_trip(tmp_path: Path) -> None:
    path = written(tmp_path)
    with edit_agenda(path) as document:
        add_attendee(document, "Edsger Dijkstra", via=Channel.WIKI, wiki_user="EWD")
        assert not document.round_tripped
    assert changed_lines(path) == [
        "+   - name: Edsger Dijkstra",
        "+     wiki_user: EWD",
        "+   - name: Edsger Dijkstra",
        "+     via: wiki",
    ]
    assert load_agenda(path).person(load_agenda(path).attendees[-1].person).name == "Edsger Dijkstra"


def test_a_changed_sign_up_of_a_plain_name_becomes_a_mapping_in_its_place(tmp_path: Path) -> None:
    path = written(tmp_path)
    with edit_agenda(path) as document:
        add_attendee(document, "Alan Turing", status=AttendanceStatus.TENTATIVE, note="after lunch")
        assert not document.round_tripped
    assert changed_lines(path) == [
        "-   - Alan Turing",
        "+   - name: Alan Turing",
        "+     status: tentative",
        "+     note: after lunch",
    ]


def test_a_withdrawal_from_chat_is_a_text_edit_too(tmp_path: Path) -> None:
    path = written(tmp_path)
    with edit_agenda(path) as document:
        assert withdraw(document, "Ada Lovelace")
        assert not document.round_tripped
    assert changed_lines(path) == ["-   - Ada Lovelace", "+   - name: Ada Lovelace", "+     status: declined"]


def test_an_entry_with_a_comment_is_changed_by_the_round_trip_which_keeps_the_comment(tmp_path: Path) -> None:
    path = written(tmp_path)
    with edit_agenda(path) as document:
        add_attendee(document, "Grace Hopper", status=AttendanceStatus.CONFIRMED)
        assert document.round_tripped
    assert changed_lines(path) == ["-     status: tentative"]


def test_the_text_edits_write_what_the_round_trip_writes(tmp_path: Path) -> None:
    path = written(tmp_path)
    texts = []
    for round_trip in (False, True):
        document = Document(AGENDA, path)
        if round_trip:
            document.tree  # noqa: B018 - loaded first: every edit goes through it
        add_attendee(document, "Ada Lovelace", status=AttendanceStatus.TENTATIVE)
        add_attendee(document, "Edsger Dijkstra")
        add_attendee(document, "Ada Lovelace", status=AttendanceStatus.TENTATIVE, note="twice changed")
        assert document.round_tripped == round_trip
        texts.append(document.text())
    assert texts[0] == texts[1]


NOTED = AGENDA.replace(
    "  - Alan Turing\n",
    "  - name: Alan Turing\n    status: tentative\n    # He confirms once his visa comes through.\n",
)


def test_a_note_indented_in_the_last_entry_stays_with_it_whichever_way_the_entry_is_appended(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    for round_trip in (False, True):
        document = Document(NOTED, path)
        if round_trip:
            document.tree  # noqa: B018 - loaded first: every edit goes through it
        add_attendee(document, "Edsger Dijkstra")
        assert document.round_tripped == round_trip
        lines = document.text().splitlines()
        note = lines.index("    # He confirms once his visa comes through.")
        assert lines[note - 1 : note + 2] == ["    status: tentative", lines[note], "  - Edsger Dijkstra"], round_trip
        assert lines[note + 2 : note + 4] == ["", "# Topics come next."]
