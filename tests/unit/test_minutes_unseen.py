"""Records of kinds the corpus has, in shapes it does not: each a few lines excerpted from a real
record (its source in a comment), read with `summitbot minutes FILE --json` and no options."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from bot.cli import main


def minutes_of(text: str, tmp_path: Path, name: str = "meeting.txt") -> dict[str, Any]:
    """The JSON `summitbot minutes FILE --json` prints for `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["minutes", str(path), "--json"]) == 0, err.getvalue()
    return dict(json.loads(out.getvalue()))


def present(minutes: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(person["name"], person["lines"]) for person in minutes["present"]]


# A bitcoin-core-dev meeting as a web viewer shows it ("HH:MM nick: text"), its clock in the
# viewer's zone (UTC+8) while lightningbot (MeetBot 0.1.4) states UTC; excerpted from a blog post
# that pastes the log of bitcoin-core-dev.2018-12-06-19.00 (public GitHub, "Bitcoin IRC 2018.12.07").
BITCOIN = """\
03:00 wumpus: #startmeeting
03:00 lightningbot: Meeting started Thu Dec  6 19:00:24 2018 UTC.  The chair is wumpus.
03:00 lightningbot: Useful Commands: #action #agreed #help #info #idea #link #topic.
03:00 sipa: hi
03:03 wumpus: #topic high priority for review
03:04 ChanServ has changed mode: -o wumpus
03:04 gribble: https://github.com/bitcoin/bitcoin/issues/14565 | Overhaul importmulti logic by sipa
03:05 sipa: That's the high priority list
03:09 wumpus: #topic 0.17.1
03:38 wumpus: #endmeeting
03:38 lightningbot: Meeting ended Thu Dec  6 19:38:44 2018 UTC.  (v 0.1.4)
"""


def test_a_pasted_log_of_nick_colon_lines_on_the_bots_clock(tmp_path: Path) -> None:
    minutes = minutes_of(BITCOIN, tmp_path)
    assert minutes["start"] == "2018-12-06T19:00:24+00:00"  # what the bot stated, not the viewer's 03:00
    assert minutes["end"] == "2018-12-06T19:38:44+00:00"
    assert minutes["chairs"] == ["wumpus"]
    assert [(topic["title"], topic["at"]) for topic in minutes["topics"]] == [
        ("high priority for review", "19:03:00"),
        ("0.17.1", "19:09:00"),
    ]
    # ChanServ's mode change is no line said; gribble speaks, so MeetBot counts it (ties in its order)
    assert present(minutes) == [("wumpus", 4), ("sipa", 2), ("lightningbot", 2), ("gribble", 1)]


# The OCI weekly call as WeeChat logs it ("HH:MM:SS   nick | text", a wrapped message going on in
# a " | " line), on the client's clock (UTC-5); excerpted from opencontainers/.github
# meeting-notes (OCI Weekly Dev Call, 2019-03-06, "Call notes (from IRC)").
OCI = """\
17:00:53          estesp | #startmeeting OCI Weekly Dev Call
17:00:53        collabot | Meeting started Wed Mar  6 22:00:53 2019 UTC.  The chair is estesp.
17:00:53        collabot | The meeting name has been set to 'oci_weekly_dev_call'
17:07:53             --> | vbatts (~vbatts@example.org) has joined #opencontainers
17:07:53          estesp | #topic potentially have a better shared mechanism to collaborate on agenda + actions/notes
17:13:19          estesp | vbatts: inline commenting in shared doc during call is good; (did I get that
                         | right?)
17:16:27          estesp | #link https://hackmd.io/El8Dd2xrTlCaCG59ns5cwg
17:18:37          estesp | #topic cgroup v2
17:59:31          estesp | #endmeeting
17:59:31        collabot | Meeting ended Wed Mar  6 22:59:31 2019 UTC.  (v 0.1.4)
"""


def test_a_weechat_log_with_a_wrapped_line_on_the_clients_clock(tmp_path: Path) -> None:
    minutes = minutes_of(OCI, tmp_path)
    assert (minutes["title"], minutes["meeting_name"]) == ("OCI Weekly Dev Call", "oci_weekly_dev_call")
    assert (minutes["start"], minutes["end"]) == ("2019-03-06T22:00:53+00:00", "2019-03-06T22:59:31+00:00")
    assert [(topic["title"], topic["at"]) for topic in minutes["topics"]] == [
        ("potentially have a better shared mechanism to collaborate on agenda + actions/notes", "22:07:53"),
        ("cgroup v2", "22:18:37"),
    ]
    assert present(minutes) == [("estesp", 6), ("collabot", 2)]  # the wrapped line is one line; no join
    assert minutes["actions"] == []


def test_a_log_on_the_bots_own_clock_is_not_moved(tmp_path: Path) -> None:
    log = BITCOIN.replace("03:", "19:")
    minutes = minutes_of(log, tmp_path)
    assert [topic["at"] for topic in minutes["topics"]] == ["19:03:00", "19:09:00"]
    assert minutes["start"] == "2018-12-06T19:00:24+00:00"


# ASF board minutes as the secretary publishes them: a centred title, " 1. Call to order" sections,
# "AI:" lines, resolutions approved by General Consent or by a vote written over two lines;
# excerpted from apache/whimsy www/board/agenda/test/data/board_minutes_2014_02_19.txt.
BOARD = """\
                    The Apache Software Foundation

                  Board of Directors Meeting Minutes

                            February 19, 2014


 1. Call to order

    The meeting was scheduled for 10:30am (Pacific) and began at
    10:34 when a sufficient attendance to constitute a quorum was
    recognized by the chairman.

 2. Roll Call

    Directors Present:

        Shane Curcuru
        Greg Stein

 3. Minutes from previous meetings

    A. The meeting of January 15, 2014

       Approved by General Consent.

 4. Executive Officer Reports

    F. Vice Chairman [Greg]

       Nothing to report for this month.

 6. Committee Reports

    J. Apache Continuum Project [Brent Atkinson / Bertrand]

       No report was submitted.

       AI: Greg to pursue a report for Continuum

 7. Special Orders

    B. Change the Apache Incubator Project Chair

       Special Order 7B, Change the Apache Incubator Project Chair,
       was approved by Unanimous Vote of the directors present.

13. Adjournment

    Adjourned at 11:41 a.m. (Pacific)
"""


def test_board_minutes_numbered_sections_are_its_topics_and_its_title_opens_it(tmp_path: Path) -> None:
    minutes = minutes_of(BOARD, tmp_path)
    assert minutes["title"] == "Board of Directors Meeting Minutes"
    assert [topic["title"] for topic in minutes["topics"]] == [
        "Call to order",
        "Roll Call",
        "Minutes from previous meetings",
        "Executive Officer Reports",
        "Committee Reports",
        "Special Orders",
        "Adjournment",
    ]
    assert minutes["chairs"] == []  # "F. Vice Chairman [Greg]" is an office, nobody chairing
    assert [person["name"] for person in minutes["present"]] == ["Shane Curcuru", "Greg Stein"]
    assert [decision["text"] for decision in minutes["decisions"]] == [
        "Approved by General Consent.",
        "Special Order 7B, Change the Apache Incubator Project Chair, was approved by Unanimous Vote of the "
        "directors present.",
    ]
    assert [(action["text"], action["owner"]) for action in minutes["actions"]] == [
        ("Greg to pursue a report for Continuum", "Greg Stein")
    ]


def test_a_numbered_list_of_one_line_items_is_no_outline(tmp_path: Path) -> None:
    notes = "Weekly sync\n\nAttendees: Ann, Ben\n\n1. Ben to post the job ad\n2. Ann to book the room\n"
    assert minutes_of(notes, tmp_path)["topics"] == []


# Node.js TSC minutes: "## Links" and the agenda's "### nodejs/io.js" (a group of agenda items) are
# no topics of the meeting; excerpted from nodejs/TSC meetings/2015-07-22.md.
NODE_TSC = """\
# Node.js Foundation TSC Meeting 2015-07-22

## Links

* **Audio Recording**: <https://soundcloud.com/node-foundation/tsc-meeting-2015-07-22>

## Agenda

Extracted from **tsc-agenda** labelled issues and pull requests prior to meeting.

### nodejs/io.js

* doc: add GPG fingerprint for cjihrig [#2217](https://github.com/nodejs/io.js/pull/2217)

## Minutes

### Present

* Rod Vagg (TSC)
* Colin Ihrig (TSC)

### doc: add GPG fingerprint for cjihrig [#2217](https://github.com/nodejs/io.js/pull/2217)

* Rod +1

Action: make sure Colin’s GPG key setup is correct on the PR.
"""


def test_links_and_a_group_of_agenda_items_are_no_topics(tmp_path: Path) -> None:
    minutes = minutes_of(NODE_TSC, tmp_path, "2015-07-22.md")
    assert minutes["title"] == "Node.js Foundation TSC Meeting 2015-07-22"
    assert [topic["title"] for topic in minutes["topics"]] == ["doc: add GPG fingerprint for cjihrig #2217"]
    assert [person["name"] for person in minutes["present"]] == ["Rod Vagg", "Colin Ihrig"]
    assert [action["text"] for action in minutes["actions"]] == [
        "make sure Colin’s GPG key setup is correct on the PR."
    ]


# A zodbot log pasted into a blog post's code block (indented), under the post's own ":date:" (the
# day after the meeting); excerpted from a Pelican blog's "Fedora 20 elections: FESCo town hall logs".
TOWNHALL = """\
Fedora 20 elections: FESCo town hall logs
#########################################
:date: 2013-06-11 04:21
:author: ankur

.. code-block:: irc

    17:06:17 <FranciscoD> #startmeeting Fedora 20: FESCo townhall
    17:06:17 <zodbot> Meeting started Mon Jun 10 17:06:17 2013 UTC.  The chair is FranciscoD.
    17:06:41 <FranciscoD> #meetingname FESCo townhall
    17:06:50 * FranciscoD pokes zodbot
    17:07:11 <nirik> it's rejoining the 120+ channels it's on, so it will be slow to respond for a bit.
    17:07:42 <FranciscoD> #topic Reminders and introductions.
    17:13:12 <FranciscoD> #topic questions and answers
    18:07:32 <FranciscoD> #endmeeting
"""


def test_a_log_pasted_in_a_pages_code_block_on_the_day_the_bot_states(tmp_path: Path) -> None:
    minutes = minutes_of(TOWNHALL, tmp_path, "fesco-town-hall-logs.rst")
    assert (minutes["title"], minutes["meeting_name"]) == ("Fedora 20: FESCo townhall", "fesco_townhall")
    assert minutes["start"] == "2013-06-10T17:06:17+00:00"  # not the post's 2013-06-11
    assert [topic["title"] for topic in minutes["topics"]] == ["Reminders and introductions.", "questions and answers"]
    assert present(minutes) == [("FranciscoD", 6), ("zodbot", 1), ("nirik", 1)]


# W3C TAG minutes whose topics end in their assignees separated by commas, and a scribe's bracketed
# "[agreed to ...]"; excerpted from w3ctag/meetings 2019/telcons/03-12-minutes.md.
TAG = """\
## TAG Teleconference
##### 12 March 2019

Present: Lukasz, Tess, Dan
Guests: David Singer, Manu Sporny

### [Portals](https://github.com/w3ctag/design-reviews/issues/331) - @hober, @cynthia, @dbaron

KC: nothing much has happened since f2f.

Peter: kicked it 3 weeks.

### [User Activation API](https://github.com/w3ctag/design-reviews/issues/300) - @hober, @dbaron

Peter: sounds good.

[agreed to move to jitsi due to some issues with appear.in this week]
"""


def test_topics_without_their_assignees_and_a_scribes_bracketed_agreement(tmp_path: Path) -> None:
    minutes = minutes_of(TAG, tmp_path, "03-12-minutes.md")
    assert [topic["title"] for topic in minutes["topics"]] == ["Portals", "User Activation API"]
    assert [person["name"] for person in minutes["present"]][:3] == ["Lukasz", "Tess", "Dan"]
    assert [decision["text"] for decision in minutes["decisions"]] == [
        "agreed to move to jitsi due to some issues with appear.in this week"
    ]
