"""The action item lines of the minutes page read back as they were written, and read what a
scribe writes when correcting them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.minutes.lines import (
    ActionLine,
    format_action,
    format_header,
    format_person_action,
    heading_owner,
    owner_of,
    parse_action,
    parse_header,
    parse_person_action,
)
from bot.text import printable

TEXT = st.text(st.characters(codec="utf-8"), max_size=40).map(lambda text: " ".join(printable(text).split()))
REMARKS = TEXT.filter(lambda text: text.casefold() != "done" and not text.casefold().startswith("due "))
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True).filter(lambda text: "__" not in text)
DUES = st.none() | st.dates().map(str) | TEXT.filter(bool).filter(lambda text: not text.startswith(("-", "'")))

action_lines = st.builds(ActionLine, IDS, TEXT, st.none() | REMARKS.filter(bool), DUES, st.booleans())


@given(action_lines)
def test_summary_lines_round_trip(line: ActionLine) -> None:
    assert parse_action(format_action(line)) == line


@given(action_lines)
def test_by_person_lines_round_trip(line: ActionLine) -> None:
    assert parse_person_action(format_person_action(line)) == line


def test_a_summary_line_as_the_bot_writes_it() -> None:
    line = ActionLine("A5", "Write up a proposal", "George Dunlap", "2013-06-28")
    assert format_action(line) == "'''ACTION''': A5 Write up a proposal <small>(George Dunlap; due 2013-06-28)</small>"
    assert format_person_action(line) == "'''A5''' Write up a proposal <small>(George Dunlap; due 2013-06-28)</small>"


def test_what_a_scribe_writes_reads_as_the_fields_they_meant() -> None:
    line = parse_action("'''ACTION''': A5 Write up ''two'' proposals <small>(Ian Jackson; DUE 2013-07-05;done)</small>")
    assert line == ActionLine("A5", "Write up two proposals", "Ian Jackson", "2013-07-05", done=True)
    assert parse_action("'''ACTION''': A5 Write up a proposal") == ActionLine("A5", "Write up a proposal")
    assert parse_action("'''INFO''': A5 is not an action") is None
    assert parse_person_action("not bold") is None


def test_a_semicolon_in_a_remark_stays_in_it() -> None:
    line = ActionLine("A7", "Ask", "'Ian; or Iain': nobody?", None)
    assert "&#59;" in format_person_action(line)
    assert parse_person_action(format_person_action(line)) == line


def test_owners_in_remarks_and_headings() -> None:
    assert owner_of("George Dunlap") == ("George Dunlap", None)
    assert owner_of("owner unclear: 'Ian': Ian Campbell (ijc) or Ian Jackson (iwj)?") == (
        None,
        "'Ian': Ian Campbell (ijc) or Ian Jackson (iwj)?",
    )
    assert owner_of("Unassigned: nobody named") == (None, "nobody named")
    assert owner_of(None) == (None, None)
    assert heading_owner("Ian  Campbell") == "Ian Campbell"
    assert heading_owner("Owner unclear") is None
    assert heading_owner("unassigned") is None


def test_header_lines_round_trip() -> None:
    assert parse_header(format_header("When", "Wednesday 15 May 2013") + "<br />") == ("When", "Wednesday 15 May 2013")
    assert parse_header("'''Chairs:''' George") == ("Chairs", "George")
    assert parse_header("Chairs: George") is None
