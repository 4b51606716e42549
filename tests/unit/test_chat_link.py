"""`/summit link @user PERSON`: an organiser's word is how a Slack user becomes a person the agenda
already knows, since a name never is proof. What chat recorded for them as someone new (a
provisional person) is merged into PERSON, once, with the organisers' comments kept.

Each test is a conversation on a copy of the containers mini-summit, run as the worker runs it:
the command decides against the agenda as it is on disk, its changes go into one write.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.chat.changes import Link, Unlink, apply_changes
from bot.chat.commands import CommandError, Request, Served, run
from bot.chat.identity import ChatUser
from bot.model import Agenda, AttendanceStatus, ProposalStatus

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "containers-mini-summit-2008.yaml"
NOW = datetime(2008, 7, 18, 12, 5, tzinfo=ZoneInfo("America/Toronto"))
TITLE = "*Containers mini-summit 2008*"

# `summitbot chat --as Kir`, before his Slack account is linked: at the bot's own machine, he organises.
KIR_AT_THE_TERMINAL = ChatUser("", "Kir Kolyshkin", vouched=True)
KIR = ChatUser("U0KIR0001", "Kir Kolyshkin")  # his Slack account (no email in his profile): once linked, he organises
IMPOSTOR = ChatUser("U0FAKE001", "Kir Kolyshkin")  # somebody else who calls himself so
SERGE = ChatUser("U0SERGE01", "Serge Hallyn")  # on the list, voted for T2; not linked yet
ADA = ChatUser("U0ADA0001", "Ada Lovelace")


@pytest.fixture
def summit(tmp_path: Path) -> Path:
    """A copy of the mini-summit: nobody in it has a chat id."""
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


def says(path: Path, *typed: tuple[ChatUser, str]) -> list[str]:
    """Each user types `/summit text`; all of it is written in one go, as the worker does with a
    burst. The replies (or refusals), in order."""
    replies = []
    with edit_agenda(path) as document:
        for user, text in typed:
            try:
                outcome = run(Request(text, user, NOW, "C0SUMMIT", "containers-summit"), Served((document.agenda,)))
            except CommandError as refused:
                replies.append(str(refused))
                continue
            apply_changes(document, outcome.changes, now=NOW)
            replies.append(outcome.finished("T6").reply)
    return replies


def say(path: Path, user: ChatUser, text: str) -> str:
    return says(path, (user, text))[0]


def comments(path: Path) -> list[str]:
    return [line.split("#", 1)[1] for line in path.read_text().splitlines() if "#" in line]


def names(agenda: Agenda, ids: Sequence[str]) -> list[str]:
    return [agenda.person(person).name for person in ids]


def test_a_namesake_of_the_organiser_is_someone_new_and_has_no_say(summit: Path) -> None:
    reply = say(summit, IMPOSTOR, "join")

    assert reply.startswith(f"Done: you are signed up for {TITLE}.")
    assert reply.endswith(
        "There is already a Kir Kolyshkin in this agenda; if that is you, ask an organiser to run "
        "`/summit link @you Kir Kolyshkin`."
    )
    agenda = load_agenda(summit)
    assert agenda.person("kir").chat_id is None  # Kir's entry is untouched
    newcomer = agenda.person("kir-kolyshkin-u0fake001")
    assert (newcomer.name, newcomer.chat_id, newcomer.provisional) == ("Kir Kolyshkin (U0FAKE001)", "U0FAKE001", True)
    before = summit.read_text()
    assert say(summit, IMPOSTOR, "reject T2 nobody cares").startswith(
        f"Only the organisers of {TITLE} can reject topics."
    )
    assert say(summit, IMPOSTOR, "link <@U0FAKE001> kir").startswith(
        f"Only the organisers of {TITLE} can link Slack users to people."
    )
    assert summit.read_text() == before


def test_the_organiser_links_his_slack_account_and_what_chat_recorded_becomes_his(summit: Path) -> None:
    kept = comments(summit)
    says(summit, (KIR, "join remote"), (KIR, "vote T3"), (KIR, "propose Rootless containers"))
    assert say(summit, KIR, "accept T3").startswith(f"Only the organisers of {TITLE}")

    reply = say(summit, KIR_AT_THE_TERMINAL, "link <@U0KIR0001|kir> Kir Kolyshkin")

    assert reply == (
        "Done: `U0KIR0001` is Kir Kolyshkin now. What I had recorded for “Kir Kolyshkin (U0KIR0001)” "
        "(sign-up, votes, volunteering, proposals) is Kir Kolyshkin's."
    )
    agenda = load_agenda(summit)
    kir = agenda.person("kir")
    assert (kir.chat_id, kir.email, kir.provisional) == ("U0KIR0001", "kir@openvz.org", False)
    assert [p.id for p in agenda.people if "Kir" in p.name] == ["kir"]  # the provisional person is gone
    attendee = next(a for a in agenda.attendees if a.person == "kir")
    assert (attendee.status, attendee.remote) == (AttendanceStatus.CONFIRMED, True)
    assert names(agenda, next(p for p in agenda.proposals if p.id == "T3").votes) == ["Kir Kolyshkin"]
    assert agenda.proposals[-1].proposer == "kir"
    assert "U0KIR0001)" not in summit.read_text()
    assert comments(summit) == kept
    # Now Slack vouches for him: his chat id is on his person, and he decides.
    assert say(summit, KIR, "accept T3") == "Done: *T3* “Syslog” is accepted."
    assert next(p for p in load_agenda(summit).proposals if p.id == "T3").status is ProposalStatus.ACCEPTED


def test_a_merged_person_keeps_their_own_sign_up_and_each_vote_once(summit: Path) -> None:
    # Serge, on the list and a voter for T2, joins from Slack: chat cannot know he is that Serge.
    assert say(summit, SERGE, "leave").startswith(f"You are not signed up for {TITLE}.")
    says(summit, (SERGE, "join maybe"), (SERGE, "vote T2"), (SERGE, "vote T4"))
    agenda = load_agenda(summit)
    assert len([a for a in agenda.attendees if "Serge" in agenda.person(a.person).name]) == 2

    assert say(summit, KIR_AT_THE_TERMINAL, "link U0SERGE01 Serge Hallyn").startswith("Done: `U0SERGE01` is Serge")

    agenda = load_agenda(summit)
    serge = [a for a in agenda.attendees if "Serge" in agenda.person(a.person).name]
    assert [(a.person, a.status) for a in serge] == [("serge-hallyn", AttendanceStatus.CONFIRMED)]  # his own
    votes = {p.id: names(agenda, p.votes) for p in agenda.proposals}
    assert votes["T2"] == ["Serge Hallyn"]
    assert votes["T4"] == ["Oren Laadan", "Daniel Lezcano", "Andrey Mirkin", "Serge Hallyn"]
    assert agenda.person("serge-hallyn").chat_id == "U0SERGE01"
    assert "  - name: Serge Hallyn\n    chat_id: U0SERGE01\n" in summit.read_text()  # a people entry for him


def test_a_namesake_cannot_touch_the_real_persons_sign_up_or_votes(summit: Path) -> None:
    before = summit.read_text()

    left = say(summit, SERGE, "leave")
    unvoted = say(summit, SERGE, "unvote T2")

    assert left.startswith(f"You are not signed up for {TITLE}.")
    assert unvoted.startswith("You had not voted for *T2* “TTYs”.")
    assert "ask an organiser to run `/summit link @you Serge Hallyn`" in unvoted
    assert summit.read_text() == before


def test_linking_is_idempotent_and_safe_to_apply_again(summit: Path) -> None:
    says(summit, (KIR, "join"))
    for _ in range(2):  # the worker may apply a request again after a crash
        with edit_agenda(summit) as document:
            apply_changes(document, [Link("U0KIR0001", "kir")], now=NOW)
        once = summit.read_text()
    assert once.count("U0KIR0001") == 1
    assert say(summit, KIR, "link U0KIR0001 kir") == "`U0KIR0001` is Kir Kolyshkin already."


def test_a_burst_with_a_join_a_link_and_a_vote_leaves_one_person(summit: Path) -> None:
    says(summit, (KIR, "join"), (KIR_AT_THE_TERMINAL, "link <@U0KIR0001> kir"), (KIR, "vote T3"), (KIR, "join"))

    agenda = load_agenda(summit)
    assert [p.id for p in agenda.people if p.chat_id == "U0KIR0001"] == ["kir"]
    assert [a.person for a in agenda.attendees].count("kir") == 1
    assert names(agenda, next(p for p in agenda.proposals if p.id == "T3").votes) == ["Kir Kolyshkin"]


def test_a_mention_in_any_of_slacks_forms_or_a_bare_id_names_the_user(summit: Path) -> None:
    for mention in ["<@U0ADA0001>", "<@U0ADA0001|ada>", "U0ADA0001", "@U0ADA0001"]:
        agenda = load_agenda(summit)
        outcome = run(Request(f"link {mention} Pavel Emelyanov", KIR_AT_THE_TERMINAL, NOW), Served((agenda,)))
        assert outcome.changes == (Link("U0ADA0001", "pavel-emelyanov"),), mention
    for typed in ["link @ada Pavel Emelyanov", "link <@U0ADA0001>", "link", "link Pavel Emelyanov"]:
        assert say(summit, KIR_AT_THE_TERMINAL, typed).startswith("Say who is whom: `/summit link @user PERSON`")


def test_a_person_named_by_a_name_several_share_or_nobody_has_is_refused(summit: Path) -> None:
    serge = "  - name: Serge Hallyn\n    aliases: [Serge]\n"
    text = summit.read_text().replace("    aliases: [Kir]\n", "    aliases: [Kir, Serge]\n" + serge)
    summit.write_text(text)  # "Serge" is an alias of Kir's too (say, his IRC nick)

    assert say(summit, KIR_AT_THE_TERMINAL, "link U0ADA0001 serge") == (
        "`serge` could be Kir Kolyshkin (`kir`) or Serge Hallyn (`serge-hallyn`): say which by id."
    )
    assert say(summit, KIR_AT_THE_TERMINAL, "link U0ADA0001 Ada Lovelace") == (
        f"There is nobody called `Ada Lovelace` in {TITLE}."
    )


def test_one_person_one_slack_account(summit: Path) -> None:
    says(summit, (KIR_AT_THE_TERMINAL, "link U0KIR0001 kir"), (KIR, "link U0PAVEL01 Pavel Emelyanov"))
    before = summit.read_text()

    other_account = say(summit, KIR, "link U0FAKE001 kir")
    taken = say(summit, KIR, "link U0PAVEL01 Serge Hallyn")

    assert other_account == (
        "Kir Kolyshkin is linked to another Slack user (`U0KIR0001`); if that is wrong, "
        "`/summit unlink Kir Kolyshkin` first."
    )
    assert taken == (
        "`U0PAVEL01` is Pavel Emelyanov (`pavel-emelyanov`) in this agenda; if that is wrong, "
        "`/summit unlink Pavel Emelyanov` first."
    )
    assert summit.read_text() == before


def test_unlink_takes_the_chat_id_off_and_that_user_is_someone_new_again(summit: Path) -> None:
    says(summit, (KIR_AT_THE_TERMINAL, "link U0PAVEL01 Pavel Emelyanov"))

    assert say(summit, KIR_AT_THE_TERMINAL, "unlink Pavel Emelyanov") == (
        "Done: Pavel Emelyanov is no longer linked to `U0PAVEL01`."
    )
    assert say(summit, KIR_AT_THE_TERMINAL, "unlink pavel-emelyanov") == (
        "Pavel Emelyanov is not linked to any Slack user."
    )
    assert load_agenda(summit).person("pavel-emelyanov").chat_id is None
    says(summit, (KIR_AT_THE_TERMINAL, "link U0PAVEL01 Pavel Emelyanov"))
    assert run(Request("unlink <@U0PAVEL01>", KIR_AT_THE_TERMINAL, NOW), Served((load_agenda(summit),))).changes == (
        Unlink("pavel-emelyanov"),
    )


def test_an_organiser_vouches_for_a_provisional_person_by_linking_them_to_themselves(summit: Path) -> None:
    say(summit, ADA, "join")
    assert load_agenda(summit).person("ada-lovelace").provisional

    assert say(summit, KIR_AT_THE_TERMINAL, "link U0ADA0001 Ada Lovelace") == "Done: `U0ADA0001` is Ada Lovelace now."

    ada = load_agenda(summit).person("ada-lovelace")
    assert (ada.chat_id, ada.provisional) == ("U0ADA0001", False)


ACTIONS = st.sampled_from(
    ["join", "join maybe", "leave", *(f"{verb} T{n}" for verb in ("vote", "unvote") for n in "12345")]
)


@settings(max_examples=15, deadline=None)
@given(typed=st.lists(ACTIONS, max_size=8))
def test_whatever_a_newcomer_did_the_merge_leaves_one_person_with_each_vote_once(typed: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        summit = Path(folder) / EXAMPLE.name
        shutil.copyfile(EXAMPLE, summit)
        before = load_agenda(summit)
        if typed:
            says(summit, *((SERGE, text) for text in typed))
        provisional = load_agenda(summit)
        newcomer = next((p.id for p in provisional.people if p.chat_id == SERGE.id), None)

        says(summit, (KIR_AT_THE_TERMINAL, "link U0SERGE01 Serge Hallyn"))

        agenda = load_agenda(summit)
        assert "U0SERGE01)" not in summit.read_text()
        assert [a.person for a in agenda.attendees].count("serge-hallyn") == 1
        assert agenda.attendees == before.attendees  # his own sign-up stays; the newcomer's goes
        for old, now in zip(provisional.proposals, agenda.proposals, strict=True):
            wanted = [p for p in old.votes if p != newcomer]
            if newcomer in old.votes and "serge-hallyn" not in wanted:
                wanted.append("serge-hallyn")
            assert list(now.votes) == wanted, old.id
        written = summit.read_text()
        with edit_agenda(summit) as document:
            apply_changes(document, [Link(SERGE.id, "serge-hallyn")], now=NOW)
        assert summit.read_text() == written
