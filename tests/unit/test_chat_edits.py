"""What chat commands write into the agenda file: who a chat user is, withdrawals, votes,
volunteers and decisions, each idempotent, several in one open document, comments kept.

Each test reads like a conversation: someone types a command in the channel, the chat core calls
these edits on the open agenda, and the YAML then says exactly this, and nothing else changed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from bot.agenda import chat_edits
from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.view import agenda_json
from bot.agenda.write import edit_agenda
from bot.model import AttendanceStatus, ProposalStatus

AGENDA = """\
# The demo summit: a file people edit by hand, and the chat bot edits too.
event:
  id: demo-summit
  title: Demo summit
  timezone: Europe/London
  days:
    - date: 2013-05-15
      start: "09:00"
      end: "17:30"

# Two people answer to "Ian": the one named so is written by id.
people:
  - name: George Dunlap
    id: george
    aliases: [George]
    chat_id: U0GEORGE1
  - name: Lars Kurth
    id: lars
    aliases: [Lars]
  - name: Ian
    id: ian-m
  - name: Ian Jackson
    id: iwj
    aliases: [Ian]
  - name: Jeff Dike
    id: jdike
    affiliation: Kernel Developer   # as the participant list has it

attendees:
  - George Dunlap
  - Pavel Emelyanov                 # known only by name
  - name: Lars Kurth
    status: tentative

# Topics, votes and their fate.
proposals:
  - id: P1
    title: Shorter release cycle
    proposer: Lars
    votes: [George]
    # "We all agreed."
    status: accepted
  - id: P2
    title: Trial patchwork
    proposer: George
    # Nobody has voted yet.
    status: proposed                # trial first
  - id: P3
    title: Merge windows apart
    votes:
      - Lars
      - iwj                         # by id
    # The last proposal.

sessions:
  - id: release
    title: Release models
    start: "11:00"
    end: "12:30"

work_items:
  - id: docs
    title: Documentation
    volunteers: [Jeff Dike]
  - id: setup
    title: New participant setup
"""


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(AGENDA)
    return path


def added_and_removed(path: Path) -> tuple[list[str], list[str]]:
    """The lines the edits added to the file and those they removed, in file order."""
    diff = list(difflib.ndiff(AGENDA.splitlines(), path.read_text().splitlines()))
    return [line[2:] for line in diff if line.startswith("+ ")], [line[2:] for line in diff if line.startswith("- ")]


# Votes


def test_a_vote_joins_the_flow_list_by_name_and_the_same_person_cannot_vote_twice(agenda: Path) -> None:
    # Lars types `/summit vote P1`; then the same request is applied again after a crash.
    with edit_agenda(agenda) as document:
        assert chat_edits.vote(document, "P1", "lars")
        assert not chat_edits.vote(document, "P1", "Lars Kurth")
    assert added_and_removed(agenda) == (["    votes: [George, Lars Kurth]"], ["    votes: [George]"])
    with edit_agenda(agenda) as document:
        assert not chat_edits.vote(document, "P1", "Lars")
        assert not chat_edits.vote(document, "P1", "george")  # "George" in the list is George
    assert load_agenda(agenda).proposals[0].votes == ("george", "lars")


def test_a_first_vote_makes_a_flow_list_in_its_place(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.vote(document, "P2", "Lars")
    text = agenda.read_text()
    assert (
        "    proposer: George\n    votes: [Lars Kurth]\n    # Nobody has voted yet.\n"
        "    status: proposed                # trial first\n"
    ) in text
    assert added_and_removed(agenda) == (["    votes: [Lars Kurth]"], [])


def test_someone_whose_name_means_two_people_is_written_by_id(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.vote(document, "P2", "ian-m")
        assert chat_edits.vote(document, "P2", "Ian Jackson")
    assert "    votes: [ian-m, Ian Jackson]\n" in agenda.read_text()
    assert load_agenda(agenda).proposals[1].votes == ("ian-m", "iwj")


def test_a_block_list_stays_a_block_list_and_the_comment_after_it_stays_put(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.vote(document, "P3", "George")
        assert not chat_edits.vote(document, "P3", "Ian Jackson")  # written "iwj": the same person
    assert (
        "      - Lars\n      - iwj                         # by id\n      - George Dunlap\n"
        "    # The last proposal.\n\nsessions:\n"
    ) in agenda.read_text()


def test_two_people_vote_on_one_proposal_in_one_write(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.vote(document, "P2", "George")
        assert chat_edits.vote(document, "P2", "Lars")
        assert not chat_edits.vote(document, "P2", "George")
    assert load_agenda(agenda).proposals[1].votes == ("george", "lars")


def test_a_vote_taken_back_leaves_the_file_as_it_was(agenda: Path) -> None:
    before = agenda.stat().st_mtime_ns
    with edit_agenda(agenda) as document:
        assert chat_edits.vote(document, "P2", "Lars")
        assert chat_edits.unvote(document, "P2", "lars")
        assert not chat_edits.unvote(document, "P2", "lars")
    assert agenda.read_text() == AGENDA
    assert agenda.stat().st_mtime_ns == before  # nothing changed, so nothing was written


def test_unvote_finds_the_person_however_the_list_names_them(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.unvote(document, "P3", "Ian Jackson")  # written "iwj"
        assert not chat_edits.unvote(document, "P2", "George")  # no votes at all
    assert added_and_removed(agenda) == ([], ["      - iwj                         # by id"])
    assert "      - Lars\n    # The last proposal.\n\nsessions:\n" in agenda.read_text()


def test_the_last_vote_taken_back_removes_the_list_but_not_the_comment_after_it(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.unvote(document, "P1", "George Dunlap")
        assert chat_edits.unvote(document, "P3", "Lars")
        assert chat_edits.unvote(document, "P3", "iwj")
    text = agenda.read_text()
    assert '    proposer: Lars\n    # "We all agreed."\n    status: accepted\n' in text
    assert "    title: Merge windows apart\n    # The last proposal.\n\nsessions:\n" in text
    assert [p.votes for p in load_agenda(agenda).proposals] == [(), (), ()]


# Identifying chat users


def test_a_new_chat_user_is_added_to_people_and_votes_in_the_same_write(agenda: Path) -> None:
    # Zoë, unknown to the agenda, types `/summit vote P2`: the core identifies her, then votes.
    with edit_agenda(agenda) as document:
        who = chat_edits.identify(document, "Zoë Ångström", chat_id="U0ZOE0001", email="zoe@example.org")
        assert who == "Zoë Ångström"
        assert chat_edits.vote(document, "P2", who)
        assert chat_edits.volunteer(document, "setup", who)
    added, removed = added_and_removed(agenda)
    assert removed == []
    assert added == [
        "  - name: Zoë Ångström",
        "    chat_id: U0ZOE0001",
        "    email: zoe@example.org",
        "    provisional: true",  # nobody has vouched for her: an organiser's `link` may merge her
        "    votes: [Zoë Ångström]",
        "    volunteers: [Zoë Ångström]",
    ]
    assert (
        "    affiliation: Kernel Developer   # as the participant list has it\n  - name: Zoë Ångström\n"
        "    chat_id: U0ZOE0001\n    email: zoe@example.org\n    provisional: true\n\nattendees:"
    ) in agenda.read_text()
    loaded = load_agenda(agenda)
    zoe = loaded.person("zoe-angstrom")
    assert (zoe.chat_id, zoe.email, zoe.listed, zoe.provisional) == ("U0ZOE0001", "zoe@example.org", True, True)
    assert loaded.proposals[1].votes == ("zoe-angstrom",)


def test_identifying_again_finds_the_chat_id_and_adds_nobody(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        first = chat_edits.identify(document, "Zoë Ångström", chat_id="U0ZOE0001")
        assert chat_edits.identify(document, "Zoë Ångström", chat_id="U0ZOE0001") == first
    written = agenda.read_text()
    with edit_agenda(agenda) as document:  # the bot crashed before replying: the request comes again
        assert chat_edits.identify(document, "Zoë Ångström", chat_id="U0ZOE0001") == first
        assert chat_edits.identify(document, "George Dunlap", chat_id="U0GEORGE1") == "George Dunlap"
    assert agenda.read_text() == written
    assert written.count("U0ZOE0001") == 1


def test_a_new_user_with_a_name_someone_answers_to_gets_a_name_of_their_own(agenda: Path) -> None:
    # A second "George" on Slack is not George: "George" in the file must keep meaning George.
    with edit_agenda(agenda) as document:
        who = chat_edits.identify(document, "George", chat_id="U0OTHER01")
        assert who == "George (U0OTHER01)"
        assert chat_edits.vote(document, "P2", who)
        assert not chat_edits.vote(document, "P1", "George")  # still George Dunlap, who voted
    loaded = load_agenda(agenda)
    assert loaded.proposals[0].votes == ("george",)
    assert [loaded.person(p).name for p in loaded.proposals[1].votes] == ["George (U0OTHER01)"]


def test_linking_a_registered_person_records_the_chat_id_and_email_in_key_order(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        who = chat_edits.identify(document, "Jeff", chat_id="U0JEFF001", email="jdike@example.org", person="jdike")
        assert who == "Jeff Dike"
        assert chat_edits.vote(document, "P2", who)
    assert (
        "  - name: Jeff Dike\n    id: jdike\n    chat_id: U0JEFF001\n    email: jdike@example.org\n"
        "    affiliation: Kernel Developer   # as the participant list has it\n"
    ) in agenda.read_text()
    with edit_agenda(agenda) as document:  # applied again: nothing new, and an email is never replaced
        assert chat_edits.identify(document, "Jeff", chat_id="U0JEFF001", email="other@example.org", person="jdike")
    assert "other@example.org" not in agenda.read_text()


def test_an_attendee_known_only_by_name_gets_a_people_entry_with_the_chat_id(agenda: Path) -> None:
    # Pavel is on the attendee list only; in chat he volunteers for the documentation.
    with edit_agenda(agenda) as document:
        who = chat_edits.identify(document, "Pavel E.", chat_id="U0PAVEL01", person="pavel-emelyanov")
        assert who == "Pavel Emelyanov"
        assert chat_edits.volunteer(document, "docs", who)
        assert chat_edits.identify(document, "Pavel E.", chat_id="U0PAVEL01", person="pavel-emelyanov") == who
    added, _ = added_and_removed(agenda)
    assert added[:2] == ["  - name: Pavel Emelyanov", "    chat_id: U0PAVEL01"]
    assert "  - Pavel Emelyanov                 # known only by name\n" in agenda.read_text()
    loaded = load_agenda(agenda)
    pavel = loaded.person(loaded.attendees[1].person)
    assert (pavel.id, pavel.chat_id, pavel.listed) == ("pavel-emelyanov", "U0PAVEL01", True)
    assert loaded.work_items[0].volunteers == ("jdike", "pavel-emelyanov")


def test_identify_refuses_an_unknown_person_and_a_chat_id_that_is_not_theirs(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        with pytest.raises(KeyError):
            chat_edits.identify(document, "Nobody", chat_id="U0NOBODY1", person="nobody")
        with pytest.raises(ValueError, match="another chat user"):
            chat_edits.identify(document, "George", chat_id="U0IMPOSTR", person="george")
    assert agenda.read_text() == AGENDA


# Withdrawing


def test_a_name_only_attendee_withdraws_and_keeps_their_entry_and_comment(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.withdraw(document, "Pavel Emelyanov")
        assert not chat_edits.withdraw(document, "pavel emelyanov")
    assert "  - name: Pavel Emelyanov           # known only by name\n    status: declined\n" in agenda.read_text()
    loaded = load_agenda(agenda)
    assert [a.status for a in loaded.attendees] == [
        AttendanceStatus.CONFIRMED,
        AttendanceStatus.DECLINED,
        AttendanceStatus.TENTATIVE,
    ]
    with edit_agenda(agenda) as document:
        assert not chat_edits.withdraw(document, "Pavel Emelyanov")


def test_withdraw_changes_the_status_of_a_mapping_entry_and_ignores_people_not_signed_up(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.withdraw(document, "lars")
        assert not chat_edits.withdraw(document, "Jeff Dike")
    assert added_and_removed(agenda) == (["    status: declined"], ["    status: tentative"])


def test_a_sign_up_and_a_withdrawal_in_one_write(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        who = chat_edits.identify(document, "Ada Lovelace", chat_id="U0ADA0001")
        assert add_attendee(document, who)
        assert chat_edits.withdraw(document, who)
        assert not chat_edits.withdraw(document, who)
    loaded = load_agenda(agenda)
    assert (loaded.person(loaded.attendees[-1].person).name, loaded.attendees[-1].status) == (
        "Ada Lovelace",
        AttendanceStatus.DECLINED,
    )


# Volunteers


def test_volunteering_keeps_the_flow_list_and_is_idempotent(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.volunteer(document, "docs", "George")
        assert not chat_edits.volunteer(document, "docs", "george")
        assert not chat_edits.volunteer(document, "docs", "jdike")
        assert chat_edits.volunteer(document, "setup", "Lars")
    assert added_and_removed(agenda) == (
        ["    volunteers: [Jeff Dike, George Dunlap]", "    volunteers: [Lars Kurth]"],
        ["    volunteers: [Jeff Dike]"],
    )


def test_unknown_proposals_and_work_items_are_a_bug(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        with pytest.raises(KeyError):
            chat_edits.vote(document, "P9", "George")
        with pytest.raises(KeyError):
            chat_edits.volunteer(document, "nothing", "George")
        with pytest.raises(KeyError):
            chat_edits.decide(document, "P9", ProposalStatus.ACCEPTED)
        with pytest.raises(KeyError):
            chat_edits.vote(document, "P1", "Somebody Unknown")


# Decisions


def test_a_rejection_with_a_reason_keeps_the_comment_on_the_status(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.decide(document, "P2", ProposalStatus.REJECTED, reason="trial patchwork first")
        assert not chat_edits.decide(document, "P2", ProposalStatus.REJECTED, reason="trial patchwork first")
    assert added_and_removed(agenda) == (
        ["    status: rejected                # trial first", "    reason: trial patchwork first"],
        ["    status: proposed                # trial first"],
    )
    proposal = load_agenda(agenda).proposals[1]
    assert (proposal.status, proposal.reason) == (ProposalStatus.REJECTED, "trial patchwork first")


def test_scheduling_sets_the_session_and_drops_the_earlier_reason(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert chat_edits.decide(document, "P3", ProposalStatus.ACCEPTED, reason="everyone agrees")
    assert "      - iwj                         # by id\n    status: accepted\n    reason: everyone agrees\n" in (
        agenda.read_text()
    )
    with edit_agenda(agenda) as document:
        assert chat_edits.decide(document, "P3", ProposalStatus.SCHEDULED, session="release")
        assert not chat_edits.decide(document, "P3", ProposalStatus.SCHEDULED, session="release")
    text = agenda.read_text()
    assert "    status: scheduled\n    session: release\n    # The last proposal.\n\nsessions:\n" in text
    proposal = load_agenda(agenda).proposals[2]
    assert (proposal.status, proposal.session, proposal.reason) == (ProposalStatus.SCHEDULED, "release", None)
    with edit_agenda(agenda) as document, pytest.raises(ValueError, match="without a session"):
        chat_edits.decide(document, "P1", ProposalStatus.SCHEDULED)


def test_deciding_what_the_file_already_says_changes_nothing(agenda: Path) -> None:
    with edit_agenda(agenda) as document:
        assert not chat_edits.decide(document, "P1", ProposalStatus.ACCEPTED)
        assert not chat_edits.decide(document, "P3", ProposalStatus.PROPOSED)  # no status: proposed
    assert agenda.read_text() == AGENDA


def test_a_reason_reads_back_and_shows_in_the_json(agenda: Path) -> None:
    agenda.write_text(AGENDA.replace("    status: accepted\n", "    status: accepted\n    reason: 'yes: all of us'\n"))
    loaded = load_agenda(agenda)
    assert loaded.proposals[0].reason == "yes: all of us"
    assert agenda_json(loaded)["topics"][0]["reason"] == "yes: all of us"
    assert agenda_json(loaded)["topics"][1]["reason"] is None
    with edit_agenda(agenda) as document:
        assert document.text() == document.original  # the reason and its quotes round-trip
        assert chat_edits.decide(document, "P1", ProposalStatus.ACCEPTED, reason="a new reason")
    assert "    reason: 'a new reason'\n" in agenda.read_text()  # in the quotes the file used
