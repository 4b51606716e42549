"""Four real hand-written minutes read with `summitbot minutes FILE --json` and no options give
what a careful reader reads off them (corpus/EXPECTED.md, section 3, every [high] fact; a few
[medium] ones where noted). The files live beside the project (../shared/corpus/minutes); they
are read there, never copied in.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from functools import cache
from typing import Any

from bot.cli import main
from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "minutes"


@cache
def read(name: str) -> tuple[dict[str, Any], str]:
    """The JSON minutes of a corpus file and what was said on stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["minutes", str(CORPUS / name), "--json"]) == 0, err.getvalue()
    return json.loads(out.getvalue()), err.getvalue()


def owners(action: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Each owner of an action as (written, the person it is)."""
    return [(owner["written"], owner["person"]) for owner in action["owners"]]


def names(minutes: dict[str, Any]) -> list[str]:
    return [person["name"] for person in minutes["present"]]


# --- 3a: plain text with [Attendees], [Summary], [Actions], [Minutes] ---------------------------

ANSIBLE = "20170119-minutes.txt"


def test_3a_title_day_from_the_file_name_and_attendees() -> None:
    minutes, said = read(ANSIBLE)
    assert minutes["title"] == "Initial round of questions after studying the OSB spec"
    assert minutes["start"].startswith("2017-01-19")  # [medium]: not in the text
    assert "the day 2017-01-19 from the file name 20170119-minutes.txt" in said
    assert names(minutes) == ["paul morie", "jesus rodriguez", "erik nelson", "todd sanders", "john matthews"]


def test_3a_the_actions_list_is_the_six_actions_the_restatements_are_not_new_ones() -> None:
    minutes, _ = read(ANSIBLE)
    actions = minutes["actions"]
    assert len(actions) == 6  # 9 markers: **Action [1]**, **Action [2]** and three Action: lines restate them
    erik_and_jesus = [("Erik", "erik nelson"), ("Jesus", "jesus rodriguez")]
    assert owners(actions[0]) == erik_and_jesus  # "Erik/Jesus file issues against OSB spec, ..."
    assert "/catalog` pagination" in actions[0]["text"]
    assert owners(actions[1]) == erik_and_jesus
    assert "outstanding bindings" in actions[1]["text"]
    assert [action["text"] for action in actions[2:]] == [
        "Scrum of scrums to be created to coordinate efforts.",
        "Meeting minutes should be captured and stored alongside github project.",
        "Make sure updates get pushed to ansible-apps mailing list.",
        "Send introduction email to mailing list with repos/irc etc.",
    ]
    assert all(action["owners"] == [] for action in actions[3:])  # none in [Actions]
    assert not any("zeus" in action["text"] or "openbrokerapi" in action["text"] for action in actions)


def test_3a_the_etcd_decision() -> None:
    minutes, _ = read(ANSIBLE)
    decided = [decision["text"] for decision in minutes["decisions"]]
    assert "Decided to use etcd as storage instead of our own store if possible." in decided


# --- 3b: W3C TAG teleconference in Markdown ------------------------------------------------------

TAG = "01-08-minutes.md"


def test_3b_title_day_and_call_time_from_the_headings() -> None:
    minutes, said = read(TAG)
    assert minutes["title"] == "TAG Teleconference"  # the byte order mark is not text
    assert minutes["start"] == "2019-01-08T21:00:00+00:00"  # the day [high]; 21:00 GMT [medium]
    assert "the day 2019-01-08 from the heading on line 2 ('08 January 2019')" in said


def test_3b_present_and_regrets_not_the_agendas_handles_and_links() -> None:
    minutes, _ = read(TAG)
    assert names(minutes) == ["Dan", "Kenneth", "Peter", "Travis", "Yves", "Hadley", "Alex", "Tess"]
    assert minutes["regrets"] == ["David", "Sangwhan", "Lukasz"]
    everyone = json.dumps(minutes["present"] + minutes["regrets"])
    assert "@" not in everyone
    assert "link" not in everyone
    assert "transferable" not in everyone


def test_3b_the_seven_sections_discussed_are_the_topics() -> None:
    minutes, _ = read(TAG)
    assert [topic["title"] for topic in minutes["topics"]] == [
        "transferable streams",
        "Background fetch",
        "IntersectionObserver V2",
        "Media Capabilities",
        "TextEncoderStream and TextDecoderStream",
        "HTML General Review: Web Sockets HTML",
        "Review MathML",
    ]


def test_3b_four_resolutions_and_yves_action() -> None:
    minutes, _ = read(TAG)
    assert [decision["text"] for decision in minutes["decisions"]] == [
        "next week we will hold the call at this same time (21:00 GMT) - in order to facilitate Tess and Alice "
        "both joining hopefully.",
        "we will invite both new members to both Slack and keep Riot as an experme.",
        "we love Travis and Alex.",
        "we all love Alex and Travis and want them to stick around.",
    ]
    (yves,) = minutes["actions"]
    assert (yves["text"], owners(yves)) == ("Yves to work w3c contacts.", [("Yves", "Yves")])
    assert yves["topic"] == "Media Capabilities"


# --- 3c: Rust Leadership Council sync meeting, Markdown team notes ------------------------------

COUNCIL = "2023-07-13.md"


def test_3c_the_date_heading_is_a_date_not_a_title() -> None:
    minutes, said = read(COUNCIL)
    assert (minutes["title"], minutes["start"][:10]) == (None, "2023-07-13")
    assert "the day 2023-07-13 from the heading on line 1" in said


def test_3c_roles_and_the_speakers() -> None:
    minutes, _ = read(COUNCIL)
    assert (minutes["chairs"], minutes["scribes"]) == (["Ryan"], ["Mark"])  # "Ryan will facilitate", "Mark will scribe"
    # "Attendance: all" names nobody; the speakers were there [medium]: "Eric" alone is Holk or Huss, "Jack" Jack Huey
    assert names(minutes) == [
        "Ryan",
        "Mark",
        "Mara",
        "Khio",
        "Jonathan",
        "Eric Holk",
        "Eric Huss",
        "Carol",
        "Jack Huey",
    ]


def test_3c_the_agendas_eleven_topics_counted_once() -> None:
    minutes, _ = read(COUNCIL)
    assert [topic["title"] for topic in minutes["topics"]] == [
        "Check-in",
        "Assign roles",
        "Turn on recording",
        "Consent to agenda",
        "Announcements",
        "Revisit frequency of meetings (Ryan, 5 Minutes)",
        "Updates from the existing committees",
        "Discussion on top 3 most urgent items/areas of concern (Ryan, 25 Minutes)",
        "Call for clarifications",
        "Turn off recording",
        "Check-out",
    ]


def test_3c_the_agenda_consented_khios_action_and_no_frequency_decision() -> None:
    minutes, _ = read(COUNCIL)
    assert [(d["text"], d["topic"]) for d in minutes["decisions"]] == [
        ("Consent to agenda: No objections.", "Consent to agenda")
    ]
    (khio,) = minutes["actions"]
    assert khio["text"].startswith("Khio will send out a pair of lettucemeets")
    assert owners(khio) == [("Khio", "Khio")]
    assert khio["topic"] == "Revisit frequency of meetings (Ryan, 5 Minutes)"
    proposal = next(note for note in minutes["notes"] if "1/week" in note["text"])
    assert (proposal["kind"], proposal["who"]) == ("info", "Ryan")  # a proposal, not a decision


# --- 3d: NIAC 2007, MediaWiki minutes -----------------------------------------------------------

NIAC = "NIAC2007_Minutes.mediawiki"
ATTENDEES = [
    "Gwenaelle Abeille", "Freddie Akeroyd", "Stuart Campbell", "Stephen Cottrell", "Matthias Drochner",
    "Stefan Flemming", "Andrew Gotz", "Nick Hauser", "Jens-Uwe Hoffmann", "Pete Jemian", "Mark Koennecke",
    "Laurent Lerusse", "Ray Osborn", "Peter Peterson", "Frédéric Picca", "Stephane Poirier", "Thomas Proffen",
    "Rainer Schneider", "Jiro Suzuki",
]  # fmt: skip
PETE = ("Pete Jemian", "Peter Peterson")  # "Pete" alone: either (AMBIGUOUS, both candidates)
# (written owners, who they are, the action's start): the marker and the written owner are [high],
# the short names' people [medium]; "everyone" is every attendee, each an owner
NIAC_ACTIONS: list[tuple[str | None, Sequence[str | tuple[str, ...]], str]] = [
    ("Nick Hauser", ["Nick Hauser"], "Nick Hauser to take over the [[GenericScan|NXgenericScan]] definition"),
    ("Pete + Nick", [PETE, "Nick Hauser"], "Pete + Nick to look into requesting money from the NSF"),
    ("Pete Peterson", ["Peter Peterson"], "Pete Peterson to explain how to change a definition"),
    ("Ray", ["Ray Osborn"], "redirect old site to new web site (Ray)"),
    (None, [], "move logos to new web site"),
    ("Andy", ["Andrew Gotz"], "Andy to publish the article, don't wait for comments"),
    ("Pete Peterson", ["Peter Peterson"], "Pete Peterson to update website with constitution changes"),
    ("Freddie Akeroyd", ["Freddie Akeroyd"], "Freddie Akeroyd to add missing TOF base class to SVN"),
    (None, [], "have meetings in October in the future, not in September"),
    ("Pete P", ["Peter Peterson"], "Pete P to talk to SNS to setup a fund for Nexus MeetingsBeans"),
    ("everyone", ATTENDEES, "everyone to talk to their management on how much they can contribute"),
    ("everyone", ATTENDEES, "everyone to send their Berlin trip costs to the secretaries"),
    ("Thomas", ["Thomas Proffen"], "Thomas to look into how much it costs to finance half a person"),
    ("Pete", [PETE], "Pete to do Python binding to NumPy"),  # Peter Peterson from context [medium]
    ("Ray", ["Ray Osborn"], "Ray to play with Python binding and make a proposal"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to add Pete's C++ binding"),
    ("Mark", ["Mark Koennecke"], "Mark will add doxygen comments to napi.h"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to add Mark's IDL binding to Nexus repository"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to add an ''Unassigned'' user to TRAC backend"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to put a How To on the wiki for Nxtranslate"),
    ("Pete", [PETE], "Pete to propose an outline for a Nexus manual in docbook"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to look how to integrate this into the wiki"),
    ("Pete", [PETE], "Pete to dig out jpeg demonstrating NXGeometry"),
    (None, [], "document the McStas convention for coordinate transformation"),
    ("Pete P", ["Peter Peterson"], "Pete P to look at th Root toolkit"),
    ("Stephane", ["Stephane Poirier"], "Stephane to upload Nxextract to Nexus applications"),
    ("Laurent", ["Laurent Lerusse"], "Laurent to get NXarchive information back to base class"),
    ("Nick", ["Nick Hauser"], "Nick to check the result with the schema"),
    ("Freddie Akeroyd", ["Freddie Akeroyd"], "Freddie Akeroyd to add voting to the wiki."),
    ("Ray Osborn", ["Ray Osborn"], "Ray Osborn to provide the skeleton structure"),
    ("Nick", ["Nick Hauser"], "Nick to ensure the above actions are completed"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to enable voting on the wiki, and the discussion types"),
    ("Nick", ["Nick Hauser"], "Nick to provide documentation for the tasks & responsibilities"),
    ("Ray", ["Ray Osborn"], "Ray to provide the structure of the user documentation"),
    ("Freddie", ["Freddie Akeroyd"], "Freddie to provide Doxygen documentation of the API on the web."),
    ("Nick", ["Nick Hauser"], "Nick to provide a proposal to the for an integrated SQA"),
]


def test_3d_the_meeting_heading_gives_title_and_days_not_the_forwarded_mail() -> None:
    minutes, said = read(NIAC)
    assert minutes["title"] == "NIAC meeting – HMI, Berlin (Germany) 24, 25, 26 September 2007"
    assert minutes["start"].startswith("2007-09-24")
    assert minutes["days"] == ["2007-09-24", "2007-09-25", "2007-09-26"]
    assert "2007-09-21" not in said  # Appendix 1's Date: and Subject: are the forwarded mail's
    assert "Re: NIAC meeting" not in json.dumps(minutes)


def test_3d_the_list_of_attendees() -> None:
    minutes, _ = read(NIAC)
    assert names(minutes) == ATTENDEES  # Appendix 2's "; Present:" names no one new


def test_3d_the_36_actions_with_their_written_owners() -> None:
    minutes, _ = read(NIAC)
    assert len(minutes["actions"]) == 36  # 28 "; ACTION :" and 8 "; ACTION:"; none from "Completed Actions"
    for action, (written, people, text) in zip(minutes["actions"], NIAC_ACTIONS, strict=True):
        assert action["text"].startswith(text)
        found = [owner["person"] or tuple(owner["candidates"]) for owner in action["owners"]]
        assert found == list(people), text
        assert " + ".join(dict.fromkeys(owner["written"] for owner in action["owners"])) == (written or ""), text
    _, said = read(NIAC)
    assert "A21 'Pete': Pete Jemian or Peter Peterson?" in said  # listed on stderr for the chair to settle
    pete = [action["owners"][0] for action in minutes["actions"] if action["owners"]]
    assert {owner["confidence"] for owner in pete if owner["written"] == "Pete"} == {"ambiguous"}


def test_3d_fourteen_votes_and_two_conclusions_are_the_decisions() -> None:
    minutes, _ = read(NIAC)
    decided = [decision["text"] for decision in minutes["decisions"]]
    assert decided == [
        "to redirect site (pending moving logos) : FOR = all , AGAINST = none",
        "to renew members FOR = all ; AGAINST = none",
        "for technical chair FOR = all ; AGAINST = none",
        "for Freddie and Stuart as secretary FOR = all ; AGAINST = none",
        "for Pete as president FOR = 1 ; AGAINST = none",
        "Nexus meta-DTD to be moved to schema FOR : all ; AGAINST : none",
        "Version 3.0 will be schema based",
        "more people to try out netCDF and bring this up again at the meeting",
        "next NIAC meeting at NOBUGS with 6 month meeting possibility at Argonne if ASI^2 is funded",
        "all in favour of deprecating HDF4 i.e. do not add new features to NAPI for HDF4 "
        "FOR = all-2 ; AGAINST = 2 (Freddie + Steve)",
        "accept NXcone definition FOR = all ; AGAINST = none",
        "replace run_number with entry_identifier FOR = ALL-1 ; AGAINST = 1 (Andy) ; ABSTAINED = 1 (Nick)",
        "on NXarchive proposal FOR = all ; AGAINST = none",
        "on CCD proposal FOR = all ; AGAINST = none",
        "to create a Definition Release Manager role (VOTE): YES:ALL (12)",
        "Nick Hauser to take this role (VOTE): YES:ALL (12)",
    ]
    proposal = next(note for note in minutes["notes"] if "canonical Nexus definitions" in note["text"])
    assert proposal["kind"] == "info"  # "; PROPOSAL :" is decided by the vote after it
    assert not any("Here is the current status" in note["text"] for note in minutes["notes"])  # the forwarded mail
