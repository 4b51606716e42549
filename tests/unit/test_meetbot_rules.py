"""MeetBot's rules on small made-up logs: commands only as the first word, #undo of any item
(a topic too), #meetingname, votes, /me lines, actions for nicks that never spoke, logs whose bot
echoes nothing (Fedora, OpenStack, Debian), and the day from the file name."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.minutes.attendees import meetbot_order, nick_owners, python2_hash
from bot.minutes.dates import date_from_file_name
from bot.minutes.meetbot import read_meetbot_log
from bot.minutes.model import ItemKind, Minutes
from bot.minutes.owners import Owners

FEDORA = """\
16:00:01 <nirik> #startmeeting Infrastructure (2013-05-16)
16:00:05 <nirik> #meetingname infrastructure
16:00:09 <nirik> #topic roll call
16:00:12 * smooge is here
16:00:20 <abadger1999> hi
16:01:00 <nirik> #topic wrong topic
16:01:05 <nirik> #undo
16:01:10 <nirik> #topic Applications status
16:02:00 <abadger1999> #action abadger1999 and SMOOGE to look at the proxy logs
16:02:30 <nirik> #action threebean to update the docs
16:02:40 <nirik> we should ask threebean about that #link https://example.org/not-a-link
16:02:50 <smooge> https://infrastructure.fedoraproject.org/ the status page
16:03:00 <nirik> #item not a command
16:03:05 <nirik> #help someone to review the playbook
16:04:00 <nirik> #endmeeting
16:04:10 <abadger1999> thanks
"""


def read(text: str) -> Minutes:
    return read_meetbot_log(text, owners=Owners(()), day=date(2013, 5, 16))


def run(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, dict[str, Any], str]:
    capsys.readouterr()
    code = main(["minutes", str(path), "--json", *options])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else {}, err


def test_a_log_whose_bot_echoes_nothing() -> None:
    minutes = read(FEDORA)
    assert minutes.title == "Infrastructure (2013-05-16)"
    assert minutes.meeting_name == "infrastructure"  # #meetingname wins over #startmeeting's
    assert [topic.title for topic in minutes.topics] == ["roll call", "Applications status"]  # #undo took a topic
    # by lines said; "thanks" came after the end; ties in MeetBot's (Python 2's) order
    assert minutes.said() == (("nirik", 11), ("smooge", 2), ("abadger1999", 2))


def test_an_action_belongs_to_every_nick_that_spoke_and_is_named_in_it() -> None:
    first, second = read(FEDORA).actions
    assert [owner.person for owner in first.owners] == ["abadger1999", "smooge"]  # any case, /me counts
    assert second.owners == ()  # threebean never spoke: unassigned


def test_what_is_and_is_not_an_item() -> None:
    items = [(item.kind, item.text) for item in read(FEDORA).items if item.kind is not ItemKind.ACTION]
    assert items == [
        (ItemKind.LINK, "https://infrastructure.fedoraproject.org/ the status page"),  # an address line is a link
        (ItemKind.HELP, "someone to review the playbook"),
    ]  # no mid-line #link, no #item


def test_startmeeting_names_the_meeting_as_meetbot_slugs_it() -> None:
    minutes = read("10:00:00 <ann> #startmeeting Automation Broker 6/5 meeting\n10:05:00 <ann> #endmeeting\n")
    assert minutes.meeting_name == "automation_broker_6/5_meeting"


def test_a_vote_is_a_decision_with_its_tally() -> None:
    log = """\
10:00:00 <ann> #startmeeting
10:01:00 <ann> #startvote Ship it on Friday? yes, no, abstain
10:01:10 <bob> #vote yes
10:01:20 <cat> #vote no
10:01:30 <cat> #vote Yes
10:01:40 <dan> #vote maybe
10:01:50 <bob> #endvote
10:02:00 <ann> #endvote
10:03:00 <ann> #endmeeting
"""
    (decision,) = read(log).decisions
    assert decision.kind is ItemKind.VOTE
    assert decision.text == 'Voted on "Ship it on Friday?" Results are, yes: 2'  # bob is no chair; dan's is no option


def test_chair_and_nick_make_attendees_an_action_can_name() -> None:
    log = "10:00:00 <ann> #startmeeting\n10:00:10 <ann> #chair bob\n10:00:20 <ann> #nick cat\n"
    log += "10:01:00 <ann> #action bob and cat and dan to plan\n10:02:00 <ann> #endmeeting\n"
    minutes = read(log)
    assert [owner.person for owner in minutes.actions[0].owners] == ["bob", "cat"]
    assert minutes.said() == (("ann", 5), ("bob", 0), ("cat", 0))


def test_the_meeting_bot_is_present_but_owns_nothing() -> None:
    log = "10:00:00 <ann> #startmeeting\n10:00:00 <ourbot> Meeting started Thu May 16 10:00:00 2013 UTC.\n"
    log += "10:01:00 <ann> #action ourbot and ann to fix the bot\n10:01:00 <ourbot> ann: action\n"
    log += "10:01:30 <ourbot> #info said by the bot, not a command\n10:02:00 <ann> #endmeeting\n"
    minutes = read(log)
    assert minutes.said() == (("ann", 3), ("ourbot", 3))
    assert [owner.person for owner in minutes.actions[0].owners] == ["ann"]
    assert minutes.notes == ()


def test_the_day_from_the_file_name_when_the_log_has_only_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fedora-meeting.2013-05-16-16.00.log.txt"
    path.write_text(FEDORA)
    code, minutes, err = run(path, capsys)
    assert code == 0
    assert minutes["start"] == "2013-05-16T16:00:01+00:00"
    assert (
        "the day 2013-05-16 from the file name fedora-meeting.2013-05-16-16.00.log.txt (started 16:00); times are UTC"
        in err
    )


def test_no_day_anywhere_is_a_warning_but_publishing_insists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "meeting.log.txt"
    path.write_text(FEDORA)
    code, minutes, err = run(path, capsys)
    assert code == 0
    assert (minutes["start"], minutes["start_time"]) == (None, "16:00:01")
    assert "the day is unknown" in err
    agenda = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
    code, _, err = run(path, capsys, "--agenda", str(agenda), "--publish")
    assert code != 0


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("asbroker.2018-06-05-13.31.log.txt", (date(2018, 6, 5), time(13, 31))),
        ("/logs/2019-01-01/openstack-meeting.2013-05-16-21.00.log.txt", (date(2013, 5, 16), time(21, 0))),
        ("20170119-minutes.txt", (date(2017, 1, 19), None)),
        ("minutes_2013_06_13.txt", (date(2013, 6, 13), None)),
        ("notes 2013-06-13.txt", (date(2013, 6, 13), None)),
        ("20171399-minutes.txt", None),  # no such day
        ("issue-12345678.txt", None),  # a number, not a day
        ("meeting.log.txt", None),
    ],
)
def test_date_from_file_name(name: str, found: tuple[date, time | None] | None) -> None:
    read_back = date_from_file_name(name)
    assert (read_back[:2] if read_back else None) == found
    if read_back:
        assert read_back[2].startswith(f"the day {read_back[0].isoformat()} from the file name")


def test_meetbots_tie_order_is_python_2s_dict_order() -> None:
    assert python2_hash("") == 0
    assert python2_hash("a") == 12416037344  # CPython 2.7, 64-bit: hash("a")
    # the July meeting's attendees as they first spoke; MeetBot listed the ties otherwise
    spoke = ["jmrodri", "brokerbot", "fabianvf", "mhrivnak", "maleck13", "philipgough", "ernelson", "rhallisey"]
    lines = dict(zip([*spoke, "dymurray", "dzager"], [87, 39, 1, 9, 4, 1, 7, 1, 2, 2], strict=True))
    assert [nick for nick, _ in meetbot_order(lines)][-5:] == [
        "dymurray",
        "dzager",
        "philipgough",
        "rhallisey",
        "fabianvf",
    ]


def test_nick_owners_are_whole_words_in_any_case() -> None:
    owners = nick_owners("ask Jm and jmrodri2 about jm's patch", ["jm", "jmrodri"])
    assert [(owner.written, owner.person) for owner in owners] == [("Jm", "jm")]
