"""The lines the bot writes on the page read back as what they were made from, and people's
hand-written variants read as they mean."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.model import AttendanceStatus
from bot.text import MAX_NAME
from bot.wiki.lines import (
    AttendeeLine,
    BlockLine,
    ProposalLine,
    format_attendee,
    format_block,
    format_proposal,
    format_topic,
    format_zone,
    parse_attendee,
    parse_block,
    parse_proposal,
    parse_proposal_line,
    parse_topic,
    parse_zone,
)

# at most MAX_NAME characters: a longer name or title is not read as one (bot.text)
words = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=MAX_NAME).map(
    lambda text: " ".join(text.split())
)
names = words.filter(bool)
statuses = st.sampled_from([AttendanceStatus.CONFIRMED, AttendanceStatus.TENTATIVE, AttendanceStatus.DECLINED])
users = names.filter(lambda user: not set(user) & set("#<>[]|{}_&%:/") and user[0].isalnum())  # valid user names
clocks = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@given(names, statuses, st.booleans(), st.none() | names, st.none() | users)
def test_attendee_lines_round_trip(
    name: str, status: AttendanceStatus, remote: bool, note: str | None, user: str | None
) -> None:
    line = AttendeeLine(name, status, remote, note, user)
    assert parse_attendee(format_attendee(line)) == line


@given(names, clocks, clocks, st.none() | names, st.lists(names, max_size=4))
def test_block_lines_round_trip(title: str, start: time, end: time, room: str | None, moderators: list[str]) -> None:
    assume(start < end)  # the checker refuses other blocks
    block = BlockLine("cgroups", title, start, end, room, tuple(moderators))
    assert parse_block(format_block(block)) == block


@given(names, st.none() | names)
def test_topic_lines_round_trip(title: str, note: str | None) -> None:
    assert parse_topic(format_topic(title, note)) == (title, note)


@given(names, st.integers(0, 9), st.none() | names)
def test_proposal_lines_round_trip_without_the_bots_remarks(title: str, votes: int, where: str | None) -> None:
    assert parse_proposal(format_proposal(title, votes, where)) == title


@given(names, st.integers(0, 9), st.none() | names)
def test_proposal_lines_round_trip_with_the_bots_remarks(title: str, votes: int, where: str | None) -> None:
    assert parse_proposal_line(format_proposal(title, votes, where)) == ProposalLine(title, votes, where)


def test_a_hand_written_topic_is_no_proposal_line_and_an_invitation_is_no_topic() -> None:
    assert parse_proposal_line("Syslog <small>(ask Bob)</small>") is None
    assert [parse_proposal(text) for text in ("more?..", "add yours", "etc.")] == [None, None, None]
    assert parse_proposal(format_proposal("More", 0, None)) == "More"


@pytest.mark.parametrize("zone", ["America/Toronto", "Etc/GMT-2", "UTC", "America/Argentina/Buenos_Aires"])
@pytest.mark.parametrize("offset", ["UTC-04:00", "UTC+05:30", None])
def test_zone_lines_round_trip(zone: str, offset: str | None) -> None:
    assert parse_zone(format_zone(zone, offset)) == zone


def test_only_the_zone_line_names_the_zone() -> None:
    assert parse_zone("All times are local time (Mars/Olympus, UTC+01:00).") is None
    assert parse_zone("All times are local time, more or less (Europe/Berlin).") is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Joseph Ruscio (maybe)", AttendeeLine("Joseph Ruscio", AttendanceStatus.TENTATIVE)),
        ("Joseph Ruscio (TBC)", AttendeeLine("Joseph Ruscio", AttendanceStatus.TENTATIVE)),
        ("Joseph Ruscio?", AttendeeLine("Joseph Ruscio", AttendanceStatus.TENTATIVE)),
        ("maybe Joseph Ruscio", AttendeeLine("Joseph Ruscio", AttendanceStatus.TENTATIVE)),
        ("Joseph Ruscio remote", AttendeeLine("Joseph Ruscio", remote=True)),
        ("<s>Dave Hansen</s>", AttendeeLine("Dave Hansen", AttendanceStatus.DECLINED)),
        ("[[User:Gicha|Gyuil Cha]]", AttendeeLine("Gyuil Cha", wiki_user="Gicha")),
        ("Herbert Pötzl (remote)", AttendeeLine("Herbert Pötzl", remote=True)),
        ("Pavel Emelyanov, OpenVZ - arriving late", AttendeeLine("Pavel Emelyanov", note="OpenVZ - arriving late")),
        ("Serge Hallyn (IBM)", AttendeeLine("Serge Hallyn", note="IBM")),
        (
            "Oren Laadan (maybe, remote) – Columbia",
            AttendeeLine("Oren Laadan", AttendanceStatus.TENTATIVE, True, "Columbia"),
        ),
    ],
)
def test_hand_written_attendees(written: str, expected: AttendeeLine) -> None:
    assert parse_attendee(written) == expected


STAMP = "15:34, 1 December 2026 (UTC)"
DECLINED = AttendanceStatus.DECLINED


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (f"[[User:Bob|Bob]] ([[User talk:Bob|talk]]) {STAMP}", AttendeeLine("Bob", wiki_user="Bob")),  # ~~~~
        ("[[User:Bob|Bob]] ([[User talk:Bob|talk]])", AttendeeLine("Bob", wiki_user="Bob")),  # ~~~
        (f"[[User:Bob_Smith|Bob Smith]] {STAMP}", AttendeeLine("Bob Smith", wiki_user="Bob Smith")),
        (
            f"Robert Smith (maybe) [[User:Bob|Bob]] ([[User talk:Bob|talk]]) {STAMP}",
            AttendeeLine("Robert Smith", AttendanceStatus.TENTATIVE, wiki_user="Bob"),
        ),
        (
            f"[[User:Bob|Bob]] ([[User talk:Bob|talk]]) {STAMP} – arriving late",
            AttendeeLine("Bob", note="arriving late", wiki_user="Bob"),
        ),
        (
            f"<s>[[User:Bob|Bob]] ([[User talk:Bob|talk]]) {STAMP}</s>",
            AttendeeLine("Bob", AttendanceStatus.DECLINED, wiki_user="Bob"),
        ),
        (  # a custom signature: a nickname, talk and contributions in <sup>
            '[[User:Bob|<span style="color:#36c">Bobby</span>]] <sup>[[User talk:Bob|talk]] · '
            f"[[Special:Contributions/Bob|contribs]]</sup> {STAMP}",
            AttendeeLine("Bobby", wiki_user="Bob"),
        ),
        (  # German
            "[[Benutzer:Bob|Bob]] ([[Benutzer Diskussion:Bob|Diskussion]]) 15:34, 1. Dez. 2026 (CET)",
            AttendeeLine("Bob", wiki_user="Bob"),
        ),
        (  # French
            "[[Utilisateur:Bob|Bob]] ([[Discussion utilisateur:Bob|discussion]]) 1 décembre 2026 à 15:34 (CET)",
            AttendeeLine("Bob", wiki_user="Bob"),
        ),
        (  # Japanese
            "[[利用者:Bob|Bob]]（[[利用者‐会話:Bob|会話]]） 2026年12月1日 (火) 15:34 (UTC)",
            AttendeeLine("Bob", wiki_user="Bob"),
        ),
        (  # a visitor, signed by IP address
            f"[[Special:Contributions/192.0.2.7|192.0.2.7]] ([[User talk:192.0.2.7|talk]]) {STAMP}",
            AttendeeLine("192.0.2.7", wiki_user="192.0.2.7"),
        ),
        ("Gyuil Cha ([[User:Gicha|Gicha]])", AttendeeLine("Gyuil Cha", wiki_user="Gicha")),
        ("[[Xen:Project|Xen]] hacker", AttendeeLine("Xen hacker")),  # a link to a page, not a user
    ],
)
def test_signatures_read_as_the_person_who_signed(written: str, expected: AttendeeLine) -> None:
    assert parse_attendee(written) == expected


@given(users, st.sampled_from([f" {STAMP}", "", " 09:05, 29 February 2028 (UTC)"]), statuses, st.booleans())
def test_a_signed_line_reads_as_the_line_the_bot_writes_for_it(
    user: str, stamp: str, status: AttendanceStatus, remote: bool
) -> None:
    signed = f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]){stamp}"
    expected = AttendeeLine(" ".join(user.split()), status, remote, None, user)
    unsigned = replace(expected, wiki_user=None, status=AttendanceStatus.CONFIRMED if status is DECLINED else status)
    written = signed + format_attendee(replace(unsigned, name="X"))[1:]  # what follows the name
    written = f"<s>{written}</s>" if status is DECLINED else written
    assert parse_attendee(written) == expected
    assert parse_attendee(format_attendee(expected)) == expected


def test_an_empty_item_names_nobody() -> None:
    assert parse_attendee("  ") is None
    assert parse_attendee("{{template only}}") is None


@pytest.mark.parametrize(
    ("written", "title", "start", "end"),
    [
        ("Namespaces/Containers (8:30am-11am)", "Namespaces/Containers", time(8, 30), time(11)),
        ("'''Cgroups+Resource management''' (11:30-2pm)", "Cgroups+Resource management", time(11, 30), time(14)),
        ("Checkpoint/Restart (2:30pm-5pm)", "Checkpoint/Restart", time(14, 30), time(17)),
        ("Afternoon (11:30-1:30)", "Afternoon", time(11, 30), time(13, 30)),
        ("sysfs (and /proc) issues (9:00 to 10:00)", "sysfs (and /proc) issues", time(9), time(10)),
    ],
)
def test_hand_written_blocks(written: str, title: str, start: time, end: time) -> None:
    block = parse_block(written)
    assert block is not None
    assert (block.title, block.start, block.end) == (title, start, end)


def test_a_line_without_times_is_no_block() -> None:
    assert parse_block("sysfs issues (and any /proc issues)") is None


def test_moderators_written_by_hand() -> None:
    block = parse_block("'''Cgroups''' (11:30-14:00) - chairs: Paul Menage, Balbir Singh and Dhaval Giani")
    assert block is not None
    assert block.moderators == ("Paul Menage", "Balbir Singh", "Dhaval Giani")


def test_placeholder_topics_are_not_proposals() -> None:
    assert parse_proposal("more?..") is None
    assert parse_proposal("TTYs <small>(1 vote)</small>") == "TTYs"
