"""Minutes imported from what people already write: mailed notes and MeetBot's IRC logs.

The notes are Lars Kurth's "[Hackathon Minutes] Xen 4.4 Planning" as quoted in a reply on
xen-devel (tests/fixtures/minutes/xen-hackathon-minutes.txt, the seed as archived); the log is a
MeetBot log of the release call that followed (tests/fixtures/minutes/xen-release.log.txt). The
people are the Xen 4.4 hackathon agenda's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import load_agenda
from bot.minutes.meetbot import read_meetbot_log
from bot.minutes.model import Confidence, ItemKind, Minutes, Owner
from bot.minutes.notes import read_notes, read_notes_with_remarks
from bot.minutes.owners import Owners
from bot.model import ActionStatus, Agenda, Person

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "minutes"
GEORGE_SMITH = Person("gsmith", "George Smith", aliases=("George",))


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return load_agenda(ROOT / "agendas" / "xen-4.4-hackathon.yaml")


@pytest.fixture(scope="module")
def owners(agenda: Agenda) -> Owners:
    return Owners(agenda.people)


@pytest.fixture(scope="module")
def hackathon(owners: Owners) -> Minutes:
    return read_notes((FIXTURES / "xen-hackathon-minutes.txt").read_text(encoding="utf-8"), owners=owners)


def texts(minutes: Minutes, topic: str) -> list[str]:
    """The text of every item under the topic titled `topic`."""
    topic_id = next(t.id for t in minutes.topics if t.title == topic)
    return [item.text for item in minutes.items if item.topic == topic_id]


# --- the mailed notes ---------------------------------------------------------------------------


def test_the_notes_title_day_and_headings_as_topics(hackathon: Minutes) -> None:
    assert hackathon.title == "[Hackathon Minutes] Xen 4.4 Planning"  # the subject, without "Re: [Xen-devel]"
    assert hackathon.start == datetime(2013, 6, 13, tzinfo=UTC)  # "On Thu, Jun 13, 2013 at 10:00 AM, Lars ... wrote:"
    assert [topic.title for topic in hackathon.topics] == [
        "Purpose of Roadmap",
        "Release Models that work well",
        "Stefano's Proposal",
        "4.3 Release cycle : what worked well / didn't work well",
        "4.4 Content",
    ]


def test_georges_action_is_his_by_his_alias(hackathon: Minutes) -> None:
    # EXPLICIT, not inferred: "George" is George Dunlap's alias in the agenda, and nobody else's
    (action,) = hackathon.actions
    assert action.id == "A1"
    assert action.text == "George write up a proposal for the beginning of the 4.4 release cycle"  # wrapped line joined
    assert action.owner == Owner("George", "george", Confidence.EXPLICIT)
    assert action.due == date(2013, 6, 27)  # nothing written: two weeks after the notes' day
    assert hackathon.topic_title(action.topic) == "4.3 Release cycle : what worked well / didn't work well"


def test_speakers_in_brackets_and_those_nobody_remembers(hackathon: Minutes, owners: Owners) -> None:
    def who(starts: str) -> str | None:
        (item,) = [item for item in hackathon.items if item.text.startswith(starts)]
        return item.who

    assert who("Stated that in PVOPS") == "Konrad"
    assert who("if we had shorter merge windows") == "Matt Wilson"
    assert who("said that we should rely on submitter") == "Ian Campell"
    assert who("patchwork looks like a good idea") == "Ian Campbell"
    assert who("raised the point that this can alienate") == "Lars"
    # "[I can't remember who raised this]" and "[Can't remember who said this]": unknown, not a person
    assert who("The concern was raised that we would not") is None
    assert who("But we already have a buffer via staging") is None
    assert who("Maybe use patchwork (http://jk.ozlabs.org/projects/patchwork/) to track patches") is None
    assert owners.named("Ian Campell").person == "ijc"
    # Ian Campbell is one person present, however the notes spell him
    assert hackathon.present == ("Konrad Rzeszutek Wilk", "Matt Wilson", "Ian Campbell", "Lars Kurth")


def test_a_misspelt_speaker_is_still_matched_without_the_alias(agenda: Agenda) -> None:
    people = [replace(p, aliases=()) if p.id == "ijc" else p for p in agenda.people]
    assert Owners(people).named("Ian Campell") == Owner("Ian Campell", "ijc", Confidence.INFERRED)


def test_the_conclusion_is_a_decision_and_notes_are_information(hackathon: Minutes) -> None:
    (decision,) = hackathon.decisions
    assert decision.kind is ItemKind.AGREED
    assert decision.text == (
        "We aLL agreed, that a release cycle of less than 9 months is desirable. "
        "Maybe we can go to 6 months for Xen 4.4 (before being more aggressive)."
    )
    assert hackathon.topic_title(decision.topic) == "Stefano's Proposal"
    kinds = {item.kind for item in hackathon.notes}
    assert kinds == {ItemKind.INFO}
    assert "We typically start opening the dev branch at RC5/6 (not sure I quite got this)" in texts(
        hackathon, "4.3 Release cycle : what worked well / didn't work well"
    )


def test_bullets_and_paragraphs_under_headings(hackathon: Minutes) -> None:
    assert texts(hackathon, "Release Models that work well") == [
        "There was a brief discussion on two different release models",
        "Train leaves the station (Linux)",
        "Release when ready (Debian)",
    ]
    proposal = texts(hackathon, "Stefano's Proposal")
    assert proposal[0].startswith("We should aim to reduce the release cycle to 4 months (or maybe 6 months as an ")
    assert proposal[0].endswith("we would have to operate a 2-3 weeks merge window.")
    assert proposal[1] == "To do this, we would need to resolve a number of issues"


def test_quoting_the_reply_the_greeting_and_the_footers_are_left_out(hackathon: Minutes) -> None:
    everything = " ".join(item.text for item in hackathon.items)
    assert ">" not in everything
    assert "This took me a while to post" not in everything  # the greeting before the first heading
    assert "Did you have any more info" not in everything  # the reply's own comments
    assert "Xen-devel mailing list" not in everything
    assert "Rackspace" not in everything
    assert texts(hackathon, "4.4 Content")[-1] == (
        "Maybe we could get XenClient, VirtualComputer or Qubes to pick this up (or partly do so)?"
    )


PLAIN_MAIL = """\
From: Lars Kurth <lars.kurth@example.org>
To: xen-devel@lists.example.org
Subject: [Xen-devel] PVH sync minutes
Date: Wed, 22 May 2013 17:40:12 +0100

Hi all, here are the notes.

= PVH status =
* [Konrad]: the series is at v7
ACTION: Konrad post v8 by Friday
[Agreed] PVH goes in as experimental
[Decision] no PVH for AMD in 4.4
[ROADMAP] PVH -> 4.4
[Note] dom0 support
comes later
- [Someone, not sure who] asked about ARM

== Misc ==
[ACTION] Matt to check the build on EC2 before 4.4-rc1

--
Lars Kurth
Xen Project community manager
[ACTION] this is the signature, not an action
"""


def test_a_plain_mail_with_headers_markers_and_a_signature(owners: Owners) -> None:
    milestones = {"4.4-rc1": date(2013, 11, 1)}
    minutes = read_notes(PLAIN_MAIL, owners=owners, next_action=5, milestones=milestones)
    assert (minutes.title, minutes.start) == ("PVH sync minutes", datetime(2013, 5, 22, tzinfo=UTC))
    assert [(item.id, item.kind.value, item.who, item.text, item.release) for item in minutes.items] == [
        ("I1", "info", "Konrad", "the series is at v7", None),
        ("A5", "action", None, "Konrad post v8 by Friday", None),
        ("I2", "agreed", None, "PVH goes in as experimental", None),
        ("I3", "agreed", None, "no PVH for AMD in 4.4", None),
        ("I4", "roadmap", None, "PVH", "4.4"),
        ("I5", "info", None, "dom0 support comes later", None),
        ("I6", "info", None, "asked about ARM", None),
        ("A6", "action", None, "Matt to check the build on EC2 before 4.4-rc1", None),
    ]
    konrad, matt = minutes.actions
    assert (konrad.owner, konrad.due) == (Owner("Konrad", "konrad", Confidence.EXPLICIT), date(2013, 5, 24))
    assert (matt.owner, matt.due) == (Owner("Matt", "msw", Confidence.EXPLICIT), date(2013, 11, 1))
    assert minutes.present == ("Konrad Rzeszutek Wilk",)


def test_notes_without_a_day_have_none_and_say_so(owners: Owners) -> None:
    read = read_notes_with_remarks("= Topic =\n* a note\n= Another =\n* more\n", owners=owners)
    assert (read.minutes.start, read.minutes.title) == (None, "")  # unknown, not refused; no made-up title
    assert read.minutes.to_json()["start"] is None
    assert read.remarks == (
        "warning: the notes say nowhere on which day the meeting was: its date is unknown (--date gives it)",
    )
    minutes = read_notes("= Topic =\n* a note\n", owners=owners, day=date(2013, 5, 15), zone=ZoneInfo("Europe/London"))
    assert minutes.start == datetime(2013, 5, 15, tzinfo=ZoneInfo("Europe/London"))


# --- MeetBot's log ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release_call(agenda: Agenda) -> Minutes:
    """The log read with a second George among the people (George Smith joined the call)."""
    return read_meetbot_log(
        (FIXTURES / "xen-release.log.txt").read_text(encoding="utf-8"),
        owners=Owners([*agenda.people, GEORGE_SMITH]),
        next_action=5,
        open_actions=[action for action in agenda.actions if action.status is ActionStatus.OPEN],
        milestones={"4.4-rc1": date(2013, 11, 1)},
        event=agenda.event.id,
        session="release-call",
    )


def test_the_log_from_startmeeting_to_endmeeting(release_call: Minutes) -> None:
    minutes = release_call
    assert minutes.title == "Xen 4.4 release call"
    assert (minutes.start, minutes.end) == (
        datetime(2013, 6, 4, 15, 0, 3, tzinfo=UTC),  # the day from MeetBot's "Meeting started Tue Jun  4 ..."
        datetime(2013, 6, 4, 15, 12, tzinfo=UTC),
    )
    assert minutes.chairs == ("george", "lars")
    # as MeetBot lists them, by lines said, under the registry's names: jbeulich spoke before
    # #startmeeting and lars after #endmeeting; "* lars waves" is a line; joins are none; the bot's
    # own lines count (its answer to #endmeeting comes after the end)
    assert minutes.said() == (
        ("George Dunlap", 18),
        ("Lars Kurth", 5),
        ("MeetBot", 3),
        ("Konrad Rzeszutek Wilk", 3),
        ("George Smith", 3),
        ("Stefano Stabellini", 2),
        ("Ian Campbell", 2),
        ("Matt Wilson", 1),
    )
    # gsmith's #topic was refused: he is no chair
    assert [t.title for t in minutes.topics] == [
        "Open action items",
        "Release schedule",
        "Lost patches",
        "GPU passthrough",
    ]
    assert minutes.closed == ("A4",)


def test_the_logs_actions_with_corrections(release_call: Minutes) -> None:
    owners = [(a.id, a.owner.person if a.owner else None, a.owner and a.owner.confidence) for a in release_call.actions]
    assert owners == [
        ("A5", "george", Confidence.EXPLICIT),  # "George" was ambiguous until "#owner A5 George Dunlap"
        ("A6", "ijc", Confidence.EXPLICIT),  # "Ian Campell": the agenda's alias for Ian Campbell
        ("A7", "iwj", Confidence.EXPLICIT),  # "Ian" (two Ians) fixed to "iwj"
        ("A8", "gsmith", Confidence.EXPLICIT),
    ]
    assert [action.due for action in release_call.actions] == [
        date(2013, 6, 7),  # by Friday
        date(2013, 6, 14),  # by end of next week
        date(2013, 11, 1),  # before 4.4-rc1
        date(2013, 6, 18),  # nothing written
    ]
    assert release_call.actions[2].text == "iwj to make a list of the patches that got lost in 4.3, before 4.4-rc1"


def test_the_logs_other_items_after_undo_and_drop(release_call: Minutes) -> None:
    items = [(i.id, i.kind.value, i.who, i.text) for i in release_call.items if i.kind is not ItemKind.ACTION]
    assert items == [
        ("I1", "agreed", "george", "Aim for a 6-month cycle: feature freeze in October, release in January"),
        ("I2", "info", "george", "The merge window opens as soon as 4.3 is out"),
        ("I3", "idea", "lars", "Use patchwork so patches stop getting lost"),
        ("I4", "link", "ijc", "http://jk.ozlabs.org/projects/patchwork/ patchwork"),
        # I5 ("#agreed typo") was undone, I7 ("wrong line") dropped
        ("I6", "roadmap", "george", "GPU passthrough"),
    ]
    assert release_call.items[-1].release == "4.4"


@pytest.mark.parametrize(
    "line",
    [
        "14:05:01 <lars> #info hello",
        "[14:05:01] <lars> #info hello",
        "2013-05-15T14:05:01 <lars> #info hello",
        "14:05 < lars> #info hello",
        "14:05:01 <@lars> #info hello",
        "[2013-05-15 14:05:01] <+lars> #info hello",
    ],
)
def test_log_line_shapes(owners: Owners, line: str) -> None:
    text = "\n".join(["14:00:00 <lars> #startmeeting", "14:00:30 * lars waves", "-!- ijc has joined", line])
    minutes = read_meetbot_log(text, owners=owners, day=date(2013, 5, 15))
    (item,) = minutes.items
    assert (item.who, item.text, item.at and item.at.date()) == ("lars", "hello", date(2013, 5, 15))


def test_the_day_rolls_over_at_midnight_and_the_zone_is_kept(owners: Owners) -> None:
    log = (
        "--- Log opened Wed May 15 23:58:00 2013\n23:58 <lars> #startmeeting late\n00:02 <lars> #info after midnight\n"
    )
    london = ZoneInfo("Europe/London")
    minutes = read_meetbot_log(log, owners=owners, zone=london, title="Late call")
    assert minutes.title == "Late call"
    assert minutes.start == datetime(2013, 5, 15, 23, 58, tzinfo=london)
    assert minutes.items[0].at == datetime(2013, 5, 16, 0, 2, tzinfo=london)


def test_a_log_without_a_day_is_undated_with_its_times(owners: Owners) -> None:
    minutes = read_meetbot_log("14:00 <lars> #startmeeting\n14:01 <lars> #action lars by 2013-06-30\n", owners=owners)
    assert not minutes.dated
    assert minutes.to_json()["start"] is None
    assert minutes.to_json()["start_time"] == "14:00:00"
    assert minutes.actions[0].due is None  # no day, no due date
    assert minutes.actions[0].owner
    assert minutes.actions[0].owner.person == "lars"
