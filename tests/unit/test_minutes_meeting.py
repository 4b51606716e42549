"""A meeting as a conversation: people type MeetBot commands, the bot answers, the minutes fill up.

The Xen 4.4 release call of Tuesday 4 June 2013: George chairs it; the hackathon's agenda already
numbers actions A1-A4 (A1, A3 and A4 are still open), so new actions start at A5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.minutes.meeting import Meeting, log_line, replay
from bot.minutes.model import Confidence, ItemKind, Owner
from bot.minutes.owners import Owners
from bot.model import ActionStatus, Agenda, Person

XEN = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
START = datetime(2013, 6, 4, 15, 0, tzinfo=UTC)
GEORGE_SMITH = Person("gsmith", "George Smith", aliases=("George",))


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return load_agenda(XEN)


@dataclass
class Channel:
    """The meeting's channel: each line said a minute after the one before."""

    meeting: Meeting
    clock: datetime = START

    def say(self, who: str, text: str) -> list[str]:
        self.clock += timedelta(minutes=1)
        return self.meeting.said(who, text, self.clock)


def channel(agenda: Agenda, *, people: Sequence[Person] = (), chairs: Sequence[str] = ("george",)) -> Channel:
    """George's release call, with the agenda's open actions and planned topics."""
    meeting = Meeting(
        "Xen 4.4 release call",
        owners=Owners([*agenda.people, *people]),
        start=START,
        next_action=5,
        chairs=chairs,
        planned_topics=[topic.title for topic in agenda.meetings[0].topics],
        open_actions=[action for action in agenda.actions if action.status is ActionStatus.OPEN],
        milestones={"4.4-rc1": date(2013, 11, 1)},
        event=agenda.event.id,
        session="release-call",
    )
    return Channel(meeting)


def test_starting_lists_the_planned_topics_and_the_open_actions(agenda: Agenda) -> None:
    call = channel(agenda)
    assert call.say("george", "#startmeeting") == [
        "Meeting started: Xen 4.4 release call. Chairs: george. #help lists the commands.",
        "Planned topics: 1. Open action items; 2. Feature status against the 4.4 roadmap",
        "Open action items from earlier sessions: "
        "A1 George Dunlap: Write up a proposal for the beginning of the 4.4 release cycle (due 2013-06-28); "
        "A3 (nobody yet): Make a list of the patches that got lost in the 4.3 release cycle; "
        "A4 Lars Kurth: Take better testing (to tighten the RC period) to the Advisory Board (due 2013-07-31)",
    ]
    assert call.meeting.planned == ("Open action items", "Feature status against the 4.4 roadmap")
    assert call.say("george", "#startmeeting again") == ["The meeting has already started: Xen 4.4 release call."]


def test_startmeeting_with_a_name_sets_the_title_and_the_start(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("george", "#startmeeting xen-release")
    minutes = call.meeting.minutes()
    assert (minutes.title, minutes.start, minutes.event, minutes.session) == (
        "xen-release",
        START + timedelta(minutes=1),
        "xen-4-4-hackathon",
        "release-call",
    )


def test_without_chairs_whoever_starts_the_meeting_chairs_it(agenda: Agenda) -> None:
    call = channel(agenda, chairs=())
    call.say("konrad", "morning")
    assert call.say("lars", "#startmeeting")[0].startswith("Meeting started: Xen 4.4 release call. Chairs: lars.")
    assert call.say("konrad", "#topic PVH") == ["Only a chair can use #topic (chairs: lars)."]


def test_only_chairs_may_use_chair_commands(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("george", "#startmeeting")
    for command in ("#topic PVH", "#agreed PVH in 4.4", "#undo", "#drop I1", "#roadmap PVH -> 4.4", "#endmeeting"):
        assert call.say("lars", command) == [f"Only a chair can use {command.split()[0]} (chairs: george)."]
    assert call.meeting.minutes().items == ()
    assert not call.meeting.ended
    assert call.say("lars", "#info PVH is late") == ["I1 recorded (info)"]  # anyone may
    assert call.say("george", "#chair lars, stefano") == ["Chairs: george, lars, stefano"]
    assert call.say("lars", "#topic PVH") == ["T1: PVH"]
    assert call.say("george", "#unchair stefano") == ["Chairs: george, lars"]
    assert call.say("lars", "#unchair george lars") == ["A meeting needs a chair: #chair someone else first."]


def test_a_chair_is_a_person_however_they_are_written(agenda: Agenda) -> None:
    call = channel(agenda, chairs=("George Dunlap",))
    assert call.say("George", "#topic Open action items") == ["T1: Open action items"]
    assert call.say("<@U0GEORGE1>", "#topic Release schedule") == ["T2: Release schedule"]
    assert call.meeting.minutes().chairs == ("George Dunlap",)


def test_an_action_is_owned_by_whoever_it_names_first_and_gets_a_due_date(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("george", "#topic Release schedule")
    assert call.say("konrad", "#action George write up the 4.4 release schedule by Friday") == [
        "A5 recorded (owner: George Dunlap, due 2013-06-07)"
    ]
    assert call.say("lars", "#ACTION iwj: list the lost patches before 4.4-rc1") == [
        "A6 recorded (owner: Ian Jackson, due 2013-11-01)"
    ]
    assert call.say("lars", "#action make a list of the lost patches") == [
        "A7 recorded (no owner yet, due 2013-06-18)"  # two weeks by default
    ]
    action = call.meeting.minutes().actions[0]
    assert (action.id, action.who, action.topic, action.owner) == (
        "A5",
        "konrad",
        "T1",
        Owner("George", "george", Confidence.EXPLICIT),
    )


def test_an_ambiguous_owner_is_asked_about_and_settled_with_owner(agenda: Agenda) -> None:
    call = channel(agenda, people=[GEORGE_SMITH])
    assert call.say("konrad", "#action George write up the 4.4 release schedule by Friday") == [
        "A5: owner is ambiguous: George Dunlap or George Smith; #owner A5 NAME to say who"
    ]
    assert call.say("george", "#owner a5 George Dunlap") == ["A5 updated (owner: George Dunlap, due 2013-06-07)"]
    # fixing the text later keeps the owner the chair gave, and reads the due date again
    assert call.say("george", "#fix A5 George write up the 4.4 release schedule by end of next week") == [
        "A5 fixed (owner: George Dunlap, due 2013-06-14)"
    ]
    assert call.meeting.minutes().actions[0].owner == Owner("George Dunlap", "george", Confidence.EXPLICIT)


def test_a_misspelt_owner_is_guessed_and_the_answer_says_so(agenda: Agenda) -> None:
    people = [replace(p, aliases=()) if p.id == "ijc" else p for p in agenda.people]
    meeting = Meeting("call", owners=Owners(people), start=START)
    answer = meeting.said("msw", "#action Ian Campell to set up a patchwork trial", START)
    assert answer == ['A1 recorded (owner: Ian Campbell, guessed from "Ian Campell", due 2013-06-18)']


def test_an_owner_the_agenda_does_not_know(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("lars", "#action Bob to buy the beer")
    assert call.say("george", "#owner A5 Bob") == [
        'A5 updated (owner: "Bob", whom the agenda does not know, due 2013-06-18)'
    ]
    assert call.say("george", "#owner A5") == ["Usage: #owner ID NAME"]
    assert call.say("george", "#owner A9 lars") == ["There is no A9 in this meeting."]
    call.say("lars", "#info beer is important")
    assert call.say("george", "#owner I1 lars") == ["I1 is not an action item."]


def test_fix_drop_and_owner_work_on_any_item_not_only_the_last(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("george", "#topic Lost patches")
    call.say("lars", "#info patchwork could track them")
    call.say("lars", "#idea a deferred-patch attribute in the bug tracker")
    call.say("lars", "#action Ian make a list of the lost patches")
    call.say("lars", "#info the last line")
    assert call.say("george", "#fix I1 patchwork could track lost patches") == ["I1 fixed"]
    assert call.say("george", "#drop I2") == ["I2 dropped"]
    assert call.say("george", "#owner A5 ijc") == ["A5 updated (owner: Ian Campbell, due 2013-06-18)"]
    assert call.say("george", "#fix T1 Lost patches in 4.3") == ["T1 is now: Lost patches in 4.3"]
    assert call.say("george", "#fix I9 nothing") == ["There is no I9 in this meeting."]
    assert call.say("george", "#fix I1") == ["Usage: #fix ID NEW TEXT"]
    assert call.say("george", "#drop I2") == ["There is no I2 in this meeting."]
    minutes = call.meeting.minutes()
    assert [(item.id, item.text) for item in minutes.items] == [
        ("I1", "patchwork could track lost patches"),
        ("A5", "Ian make a list of the lost patches"),
        ("I3", "the last line"),
    ]
    assert minutes.topics[0].title == "Lost patches in 4.3"


def test_undo_removes_the_last_item_each_time(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("george", "#topic PVH")
    call.say("lars", "#info PVH is late")
    call.say("lars", "#action Konrad post the PVH series")
    call.say("lars", "#info oops")
    call.say("george", "#drop I2")
    assert call.say("george", "#undo") == ["Removed A5: Konrad post the PVH series"]  # I2 is gone already
    assert call.say("george", "#undo") == ["Removed I1: PVH is late"]
    assert call.say("george", "#undo") == ["Removed T1: PVH"]
    assert call.say("george", "#undo") == ["Nothing to undo."]
    assert call.say("lars", "#action Konrad post the PVH series") == [
        "A6 recorded (owner: Konrad Rzeszutek Wilk, due 2013-06-18)"  # ids are never given twice
    ]
    assert call.meeting.minutes().actions[0].topic is None


def test_done_closes_actions_of_this_meeting_and_open_ones_from_earlier(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("lars", "#action lars send the minutes")
    assert call.say("lars", "#done A5") == ["A5 done"]
    assert call.say("konrad", "#done A1, A4 both finished last week") == [
        "A1 closed (from an earlier session: Write up a proposal for the beginning of the 4.4 release cycle)",
        "A4 closed (from an earlier session: Take better testing (to tighten the RC period) to the Advisory Board)",
    ]
    assert call.say("lars", "#done A2") == ["There is no A2 in this meeting."]  # A2 was done before the call
    assert call.say("lars", "#done") == ["Usage: #done ID..."]
    minutes = call.meeting.minutes()
    assert minutes.closed == ("A1", "A4")
    assert minutes.to_json()["actions"][0]["done"] is True


def test_roadmap_moves_an_item_to_a_release(agenda: Agenda) -> None:
    call = channel(agenda)
    assert call.say("george", "#roadmap GPU passthrough -> 4.4") == [
        "I1 recorded: GPU passthrough -> 4.4 on the roadmap"
    ]
    assert call.say("george", "#roadmap PVH") == ["Usage: #roadmap ITEM -> RELEASE"]
    assert call.say("george", "#fix I1 QEMU stubdomain -> 4.5") == ["I1 fixed"]
    item = call.meeting.minutes().items[0]
    assert (item.kind, item.text, item.release) == (ItemKind.ROADMAP, "QEMU stubdomain", "4.5")


def test_help_lists_the_commands(agenda: Agenda) -> None:
    anyone, chairs = channel(agenda).say("stefano", "#help")
    assert anyone.startswith("Anyone: #info TEXT")
    assert "#action NAME TEXT" in anyone
    assert "#done ID..." in anyone
    assert chairs.startswith("Chairs: #topic TITLE")
    assert chairs.endswith("#endmeeting")


def test_talk_is_only_counted_and_unknown_hash_words_are_talk(agenda: Agenda) -> None:
    call = channel(agenda)
    assert call.say("stefano", "hi all") == []
    assert call.say("Konrad", "#xen-devel has the thread") == []
    assert call.say("stefano", "# not a command either") == []
    assert call.say("konrad", "#Agreed PVH goes in 4.4") == ["Only a chair can use #agreed (chairs: george)."]
    assert call.say("george", "  #Agreed PVH goes in 4.4") == ["I1 recorded (agreed)"]
    assert call.meeting.minutes().present == ("Stefano Stabellini", "Konrad Rzeszutek Wilk", "George Dunlap")


def test_after_endmeeting_nothing_counts(agenda: Agenda) -> None:
    call = channel(agenda)
    call.say("george", "#startmeeting")
    call.say("george", "#agreed 6-month cycle")
    call.say("george", "#action George send the schedule")
    assert call.say("george", "#endmeeting") == ["Meeting ended: Xen 4.4 release call. 1 decision, 1 action item."]
    assert call.meeting.ended
    assert call.say("lars", "#info too late") == []
    minutes = call.meeting.minutes()
    assert (minutes.end, len(minutes.items), minutes.present) == (START + timedelta(minutes=4), 2, ("George Dunlap",))


def test_the_minutes_as_json(agenda: Agenda) -> None:
    call = channel(agenda, people=[GEORGE_SMITH])
    call.say("george", "#startmeeting")
    call.say("george", "#topic Release schedule")
    call.say("stefano", "#info 6 months worked for Linux")
    call.say("george", "#agreed Aim for a 6-month cycle")
    call.say("lars", "#action George write up the schedule by Friday")
    call.say("lars", "#action make a list of the lost patches")
    minutes = call.meeting.minutes().to_json()
    assert minutes["people"] == ["George Dunlap", "Stefano Stabellini", "Lars Kurth"]
    assert minutes["chairs"] == ["george"]
    assert minutes["topics"] == [{"id": "T1", "title": "Release schedule", "at": "15:02:00"}]
    assert minutes["decisions"] == [
        {"id": "I2", "text": "Aim for a 6-month cycle", "kind": "agreed", "who": "george", "at": "15:04:00",
         "topic": "Release schedule"}
    ]  # fmt: skip
    assert minutes["notes"] == [
        {"id": "I1", "text": "6 months worked for Linux", "kind": "info", "who": "stefano", "at": "15:03:00",
         "topic": "Release schedule"}
    ]  # fmt: skip
    george, nobody = minutes["actions"]
    assert {key: george[key] for key in ("id", "owner", "candidates", "confidence", "due")} == {
        "id": "A5",
        "owner": None,
        "candidates": ["george", "gsmith"],
        "confidence": "ambiguous",
        "due": "2013-06-07",
    }
    assert {key: nobody[key] for key in ("id", "owner", "owner_written", "confidence", "text", "due")} == {
        "id": "A6",
        "owner": None,
        "owner_written": None,
        "confidence": "unknown",
        "text": "make a list of the lost patches",
        "due": "2013-06-18",
    }


def test_the_json_log_regenerates_the_same_minutes(agenda: Agenda) -> None:
    call = channel(agenda)
    conversation = [
        ("george", "#startmeeting"),
        ("george", "#topic Lost patches"),
        ("ijc", "patchwork, maybe? «ça marche»"),
        ("lars", "#action Ian Campell set up a patchwork trial by end of next week"),
        ("george", "#fix A5 Ian Campell set up a patchwork trial by Friday"),
        ("lars", "#done A4"),
        ("george", "#endmeeting"),
    ]
    log = []
    for who, text in conversation:
        log.append(log_line(who, text, call.clock + timedelta(minutes=1)))
        call.say(who, text)
    assert all("\n" not in line for line in log)
    again = replay(["", *log], channel(agenda).meeting)
    assert again.minutes() == call.meeting.minutes()
    assert again.minutes().actions[0].due == date(2013, 6, 7)
