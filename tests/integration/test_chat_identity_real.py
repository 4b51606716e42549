"""Nobody takes over an organiser, or anyone else, by name: signed requests from the local Slack to
a real `summitbot serve`, on the containers mini-summit as its example agenda ships (Kir, who
organises, has no chat id in it; Herbert, who co-organises here, is linked).

Slack users who call themselves Kir in every way a profile allows (real name, display name, his
alias, another case, accents added, or only a handle when users.info fails) and Herbert without
his accent try to decide topics and to link themselves: each is somebody new, refused, told how to
get linked, and Kir's entry stays as it was. Kir himself gets his say by his confirmed Slack
email, or once an organiser links his account; a namesake of an attendee cannot withdraw her.
"""

from __future__ import annotations

import time

import pytest

from bot.model import AttendanceStatus, ProposalStatus
from tests.fixtures.impostors import ATTACKERS, HERBERT, HINT, Attacker, kir_entry_in, send_as, unlinked_text
from tests.fixtures.summit import Summit
from tests.integration.conftest import SummitFactory


@pytest.fixture
def unlinked(make_summit: SummitFactory) -> Summit:
    """The mini-summit with Kir's entry as the example has it (no chat id), and Herbert Pötzl, an
    attendee, as a co-organiser linked to his Slack account."""
    summit = make_summit()
    summit.path.write_text(unlinked_text(summit.path.read_text()))
    assert summit.agenda().person("kir").chat_id is None
    return summit


def says(summit: Summit, attacker: Attacker, text: str) -> str:
    """The attacker sends a properly signed `/summit text`; the bot's reply."""
    return send_as(summit.bot, summit.slack, attacker, text)


def kir_entry(summit: Summit) -> str:
    """Kir's `people` entry as written."""
    return kir_entry_in(summit.path.read_text())


def test_namesakes_of_the_organisers_never_get_their_say(unlinked: Summit) -> None:
    summit = unlinked
    entry = kir_entry(summit)
    for attacker in ATTACKERS:
        joined = says(summit, attacker, "join")
        rejected = says(summit, attacker, "reject T2 spam")
        scheduled = says(summit, attacker, "schedule T3 cgroups")
        linked = says(summit, attacker, "link <@U0ATTACK1|kir> kir")

        assert joined.startswith("Done: you are signed up"), attacker
        assert rejected.startswith("Only the organisers of *Containers mini-summit 2008* can reject topics."), attacker
        assert scheduled.startswith("Only the organisers"), attacker
        assert linked.startswith("Only the organisers of *Containers mini-summit 2008* can link Slack users"), attacker
        if attacker.real_name != "Mallory":  # her names are nobody's
            assert HINT in joined, attacker
            assert HINT in rejected, attacker
        agenda = summit.agenda()
        assert kir_entry(summit) == entry, attacker  # no chat id, no email written onto Kir
        assert agenda.person("herbert-potzl").chat_id == HERBERT
        newcomer = next(p for p in agenda.people if p.chat_id == attacker.user_id)
        assert newcomer.provisional, attacker
        assert newcomer.id not in agenda.event.organisers, attacker
        proposals = {p.id: p for p in agenda.proposals}
        assert (proposals["T2"].status, proposals["T2"].reason) == (ProposalStatus.SCHEDULED, None)
        assert (proposals["T3"].status, proposals["T3"].session) == (ProposalStatus.ACCEPTED, None)
    summit.settled()
    page = summit.page_text()
    assert "U0ATTACK1" in page  # a new attendee, "Kir Kolyshkin (U0ATTACK1)": a name of his own


def test_the_organiser_is_recognised_by_his_confirmed_email(unlinked: Summit) -> None:
    says(unlinked, ATTACKERS[0], "join")  # a namesake came first
    kir = unlinked.member("U0KIR", "Kir Kolyshkin", "kir@openvz.org")  # Slack confirmed the address

    assert kir.says("reject T2 covered last year").startswith("Done: *T2* “TTYs” is rejected")
    assert kir.says("join").startswith("Done: you are signed up")

    agenda = unlinked.agenda()
    assert agenda.person("kir").chat_id == "U0KIR"
    assert next(p for p in agenda.proposals if p.id == "T2").reason == "covered last year"


def test_the_organiser_once_linked_gets_his_say_and_what_chat_recorded_for_him(unlinked: Summit) -> None:
    summit = unlinked
    kir = summit.member("U0KIR", "Kir Kolyshkin")  # no email in his profile
    herbert = summit.member(HERBERT, "Herbert Pötzl")
    kir.says("join")
    kir.says("vote T3")
    refused = kir.says("reject T2")
    assert refused.startswith("Only the organisers")
    assert "There is already a Kir Kolyshkin in this agenda" in refused

    assert herbert.says("link <@U0KIR> Kir Kolyshkin").startswith(
        "Done: `U0KIR` is Kir Kolyshkin now. What I had recorded for “Kir Kolyshkin (U0KIR)”"
    )
    assert kir.says("reject T2 covered last year").startswith("Done: *T2* “TTYs” is rejected")

    agenda = summit.agenda()
    assert [p.id for p in agenda.people if p.chat_id == "U0KIR"] == ["kir"]
    assert [a.person for a in agenda.attendees].count("kir") == 1
    assert "kir" in next(p for p in agenda.proposals if p.id == "T3").votes
    assert "(U0KIR)" not in summit.path.read_text()
    summit.settled()
    assert "U0KIR" not in summit.page_text()


def test_a_namesake_cannot_withdraw_an_attendee_or_take_back_her_votes(unlinked: Summit) -> None:
    summit = unlinked
    before = summit.path.read_text()
    for name, user_id in (("Serge Hallyn", "U0FAKESRG"), ("serge hallyn", "U0FAKESR2")):
        fake = summit.member(user_id, name)
        assert fake.says("leave").startswith("You are not signed up")
        assert fake.says("unvote T2").startswith("You had not voted for *T2* “TTYs”.")
    assert summit.path.read_text() == before
    agenda = summit.agenda()
    serge = next(a for a in agenda.attendees if a.person == "serge-hallyn")
    assert serge.status is AttendanceStatus.CONFIRMED
    assert next(p for p in agenda.proposals if p.id == "T2").votes == ("serge-hallyn",)
    summit.settled()
    assert "<s>Serge Hallyn</s>" not in summit.page_text()


def test_a_link_by_someone_who_does_not_organise_is_refused(unlinked: Summit) -> None:
    summit = unlinked
    ada = summit.member("U0ADA", "Ada Lovelace", "ada@example.org")
    ada.says("join")
    before = summit.path.read_text()

    assert ada.says("link <@U0ADA|ada> kir") == (
        "Only the organisers of *Containers mini-summit 2008* can link Slack users to people."
    )
    assert ada.says("unlink herbert-potzl").startswith("Only the organisers")
    time.sleep(0.3)
    assert summit.path.read_text() == before
