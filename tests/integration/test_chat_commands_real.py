"""Each /summit command end to end: signed requests from the local Slack to a real `summitbot
serve`, the YAML changed, the real wiki page and Radicale calendar updated, the reply posted."""

from __future__ import annotations

import json

import requests

from bot.model import AttendanceStatus, ProposalStatus
from tests.fixtures.serve import CHANNEL_ID
from tests.fixtures.summit import Summit


def test_join_lands_in_the_yaml_then_on_the_wiki_and_in_the_persons_calendar_feed(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace", "ada@example.org")

    reply = ada.says("join maybe remote Arriving from Vienna")

    assert reply.startswith("Done: you are signed up for *Containers mini-summit 2008* (tentative, remote)")
    agenda = summit.agenda()
    person = next(p for p in agenda.people if p.chat_id == "U0ADA")
    assert (person.name, person.email) == ("Ada Lovelace", "ada@example.org")
    attendee = next(a for a in agenda.attendees if a.person == person.id)
    assert (attendee.status, attendee.remote, attendee.note) == (
        AttendanceStatus.TENTATIVE,
        True,
        "Arriving from Vienna",
    )
    summit.settled()
    assert "Ada Lovelace" in summit.page_text()
    feed_link = ada.says("my").rsplit("Subscribe to your calendar: ", 1)[1].strip()
    feed = requests.get(feed_link, timeout=10)
    assert feed.status_code == 200
    assert feed.text.count("BEGIN:VEVENT") == len(agenda.sessions)  # single track: every block is hers
    assert requests.get(feed_link.replace(".ics", "x.ics"), timeout=10).status_code == 404  # the token is checked


def test_leave_strikes_a_wiki_attendee_through(summit: Summit) -> None:
    serge = summit.member("U0SERGE", "Serge Hallyn")  # on the wiki's list already, but a name is no proof
    assert serge.says("leave").startswith("You are not signed up")
    assert summit.organiser().says("link <@U0SERGE|serge> Serge Hallyn") == "Done: `U0SERGE` is Serge Hallyn now."

    assert serge.says("leave").startswith("Done: you are off the list")

    agenda = summit.agenda()
    serge_id = next(p.id for p in agenda.people if p.chat_id == "U0SERGE")
    assert next(a for a in agenda.attendees if a.person == serge_id).status is AttendanceStatus.DECLINED
    assert len([a for a in agenda.attendees if a.person == serge_id]) == 1  # one attendee, not two
    summit.settled()
    assert "<s>Serge Hallyn</s>" in summit.page_text()
    assert "You are not signed up" in serge.says("leave")


def test_who_lists_everyone_coming_with_the_tentative_marked(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")
    ada.says("join maybe")

    listed = ada.says("who")

    assert "• Ada Lovelace _(maybe)_" in listed
    assert "• Pavel Emelyanov" in listed
    assert listed.startswith("*Containers mini-summit 2008*: ")


def test_propose_posts_the_topic_for_votes_and_puts_it_on_the_wiki(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")

    reply = ada.says("propose Live migration of containers -- CRIU state of the art")

    assert reply.startswith("Done: topic *T6* “Live migration of containers” is proposed.")
    proposal = summit.agenda().proposals[-1]
    assert (proposal.id, proposal.title, proposal.description) == ("T6", "Live migration of containers",
                                                                    "CRIU state of the art")  # fmt: skip
    posted = summit.slack.wait_for("chat.postMessage")[0].params
    assert posted["channel"] == CHANNEL_ID
    assert "*T6* “Live migration of containers”, proposed by Ada Lovelace" in posted["text"]
    summit.settled()
    assert "Live migration of containers" in summit.page_text()


def test_topics_shows_proposals_with_votes_best_first(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")

    listed = ada.says("topics").splitlines()

    assert listed[0].startswith("• *T4* Checkpoint/restart — 3 votes")
    assert listed[-1].startswith("• *T3* Syslog — 0 votes")


def test_vote_and_unvote_by_command(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")

    assert ada.says("vote t3") == "Done: your vote for *T3* “Syslog” counts."
    assert "(yours too)" in ada.says("topics")
    assert ada.says("vote T3") == "You already voted for *T3* “Syslog”."
    assert ada.says("unvote T3") == "Done: you took back your vote for *T3* “Syslog”."

    assert next(p for p in summit.agenda().proposals if p.id == "T3").votes == ()
    assert "There is no topic `T99`. Known: T1, T2, T3, T4, T5." in ada.says("vote T99")


def test_votes_by_reaction_are_reconciled_with_reactions_get(summit: Summit) -> None:
    ada, grace = summit.member("U0ADA", "Ada Lovelace"), summit.member("U0GRACE", "Grace Hopper")
    ada.says("propose Rootless containers")
    summit.slack.wait_for("chat.postMessage")
    message_ts = summit.slack.messages(CHANNEL_ID)[-1]["ts"]
    summit.settled()

    grace.reacts(message_ts)
    ada.reacts(message_ts, "+1::skin-tone-3")  # any skin tone is a vote
    summit.settled()
    votes = summit.agenda().proposals[-1].votes
    assert len(votes) == 2

    grace.reacts(message_ts, removed=True)
    summit.settled()
    agenda = summit.agenda()
    assert [agenda.person(p).name for p in agenda.proposals[-1].votes] == ["Ada Lovelace"]
    assert len(summit.slack.calls("reactions.get")) >= 2


def test_volunteer_for_a_work_item(summit: Summit) -> None:
    summit.path.write_text(summit.path.read_text() + "\nwork_items:\n  - id: W1\n    title: Write the notes\n")
    ada = summit.member("U0ADA", "Ada Lovelace")

    assert ada.says("volunteer notes") == "Done: you volunteered for “Write the notes”. Thank you!"

    assert [summit.agenda().person(p).name for p in summit.agenda().work_items[0].volunteers] == ["Ada Lovelace"]
    summit.settled()
    assert "Write the notes (Ada Lovelace)" in summit.page_text()


def test_agenda_and_now_answer_with_date_tokens(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")

    blocks = ada.says("agenda")
    assert blocks.startswith("*Containers mini-summit 2008*, on Tuesday 22 July 2008:")
    assert "<!date^1216729800^{time}|08:30 EDT>" in blocks  # 8:30 in Ottawa is 12:30 UTC
    assert "Nothing else is planned." in ada.says("now")


def test_organiser_accepts_schedules_and_rejects_and_the_calendar_follows(summit: Summit) -> None:
    kir = summit.organiser()

    assert kir.says("schedule T3 checkpoint") == "Done: *T3* “Syslog” is scheduled in *Checkpoint/Restart*."
    assert kir.says("reject T2 covered last year").startswith("Done: *T2* “TTYs” is rejected (covered last year)")

    agenda = summit.agenda()
    syslog = next(p for p in agenda.proposals if p.id == "T3")
    assert (syslog.status, syslog.session) == (ProposalStatus.SCHEDULED, "checkpoint-restart")
    assert next(p for p in agenda.proposals if p.id == "T2").reason == "covered last year"
    summit.settled()
    event = summit.radicale.human_event(
        summit.calendar_url(), "containers-mini-summit-2008/checkpoint-restart@summitbot"
    )
    assert "- Syslog" in str(event.icalendar_component["DESCRIPTION"])
    assert "Syslog" in summit.page_text().split("Checkpoint/Restart", 1)[1]


def test_health_says_how_the_bot_is(summit: Summit) -> None:
    health = summit.bot.health()

    assert health["ok"] is True
    assert health["inbox_waiting"] == 0
    assert json.dumps(health["sync"]["agendas"])  # per agenda: last success, failures, next attempt
