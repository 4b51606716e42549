"""The minutes as people read them: the wiki page (MeetBot's layout, everything escaped), its
title, the chat summary and the mail, all from one constructed meeting of the Xen hackathon."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import wikitextparser

from bot.agenda.load import load_agenda
from bot.minutes.model import Confidence, Item, ItemKind, Minutes, Owner, Topic
from bot.minutes.render import chat_summary, mail_text, minutes_page, minutes_title, safe_url
from bot.model import Agenda
from bot.wiki.escape import plain_text
from tests.conftest import EXAMPLES

UTC = ZoneInfo("UTC")
HOSTILE = "[[x]] {{y}} <!channel> <https://e|x>"


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return load_agenda(EXAMPLES / "xen-4.4-hackathon.yaml")


def at(hour: int, minute: int) -> datetime:
    return datetime(2013, 5, 15, hour, minute, tzinfo=UTC)  # 14:00 in London is 13:00 UTC


def minutes(**changes: object) -> Minutes:
    """The 4.3 retrospective as a scribe might have recorded it, with every kind of owner."""
    recorded = Minutes(
        title="Xen 4.4 planning",
        start=at(13, 0),
        end=at(14, 30),
        chairs=("George",),
        present=("George", "Lars", "Ian Campell", "Matt"),
        topics=(Topic("T1", "What worked well"), Topic("T2", "Lost patches")),
        items=(
            Item("I1", ItemKind.INFO, "The 4.3 release updates and criteria went well", "T1", "Lars", at(13, 5)),
            Item("I2", ItemKind.AGREED, "A release cycle of less than 9 months is desirable", "T1", at=at(13, 9)),
            Item(
                "A5",
                ItemKind.ACTION,
                "Write up a proposal for the 4.4 release cycle",
                "T1",
                owner=Owner("George", "george", Confidence.EXPLICIT),
                due=date(2013, 6, 28),
            ),
            Item("I3", ItemKind.IDEA, "Maybe use patchwork to track patches", "T2", "Ian Campell", at(13, 20)),
            Item("I4", ItemKind.LINK, "http://jk.ozlabs.org/projects/patchwork/ patchwork", "T2"),
            Item(
                "A6",
                ItemKind.ACTION,
                "Trial patchwork",
                "T2",
                owner=Owner("Ian", None, Confidence.AMBIGUOUS, ("ijc", "iwj")),
            ),
            Item("A7", ItemKind.ACTION, "List the lost patches", "T2", owner=Owner("Bob", None, Confidence.UNKNOWN)),
            Item(
                "A8",
                ItemKind.ACTION,
                "Ask the board about testing",
                "T2",
                owner=Owner("Ian Campell", "ijc", Confidence.INFERRED),
            ),
            Item("I5", ItemKind.REJECTED, "Rely on submitters to resend", "T2"),
            Item("I6", ItemKind.ROADMAP, "PVH", "T2", release="4.4"),
        ),
        session="retrospective-4-3",
        log_url="http://meetbot.example.org/xen/2013-05-15.log.html",
        closed=("A2",),
    )
    return replace(recorded, **changes)  # type: ignore[arg-type]


def section(page: str, heading: str) -> str:
    """The text under a `== heading ==` (up to the next level-2 heading)."""
    match = re.search(rf"^== {re.escape(heading)} ==\n(.*?)(?=^== |\Z)", page, re.MULTILINE | re.DOTALL)
    assert match, f"no section {heading!r} in:\n{page}"
    return match[1]


def test_the_title_names_the_event_page_the_day_and_the_session(agenda: Agenda) -> None:
    assert minutes_title(minutes(), agenda) == (
        "Xen 4.4 Hackathon/Minutes/2013-05-15 4.3 release cycle: what worked well / didn't work well"
    )


def test_the_title_is_a_valid_page_title_whatever_the_meeting_is_called(agenda: Agenda) -> None:
    title = minutes_title(minutes(title=f"{HOSTILE} #topic %41 ~~~~", session=None), agenda)
    assert title.startswith("Xen 4.4 Hackathon/Minutes/2013-05-15 ")
    assert not set(title) & set("[]{}|#<>")
    assert "~~~" not in title
    assert "%41" not in title


def test_without_an_agenda_the_title_is_the_minutes_own() -> None:
    assert minutes_title(minutes(start=None, end=None), None) == "Minutes/Xen 4.4 planning"


def test_the_page_says_what_when_and_who_in_the_events_zone(agenda: Agenda) -> None:
    page = minutes_page(minutes(), agenda)
    assert "'''Event:''' [[Xen 4.4 Hackathon|Xen 4.4 Hackathon]]" in page
    assert "[[Xen 4.4 Hackathon#retrospective-4-3|4.3 release cycle" in page
    assert "'''When:''' Wednesday 15 May 2013, 14:00–15:30 (Europe/London)" in page
    assert "'''Chairs:''' George<br />" in page
    assert "'''Present:''' George, Lars, Ian Campell, Matt" in page


def test_each_topic_lists_its_lines_in_the_order_recorded_marked_like_meetbot(agenda: Agenda) -> None:
    summary = section(minutes_page(minutes(), agenda), "Meeting summary")
    first, second = summary.split("=== 2. Lost patches ===")
    assert first.strip().splitlines() == [
        "=== 1. What worked well ===",
        "* '''INFO''': The 4.3 release updates and criteria went well <small>(Lars, 14:05)</small>",
        "* '''AGREED''': A release cycle of less than 9 months is desirable <small>(14:09)</small>",
        "* '''ACTION''': A5 Write up a proposal for the 4.4 release cycle"
        " <small>(George Dunlap; due 2013-06-28)</small>",
    ]
    kinds = re.findall(r"^\* '''([A-Z]+)'''", second, re.MULTILINE)
    assert kinds == ["IDEA", "LINK", "ACTION", "ACTION", "ACTION", "REJECTED", "ROADMAP"]
    assert "* '''LINK''': [http://jk.ozlabs.org/projects/patchwork/ patchwork]" in second
    assert "* '''ROADMAP''': PVH <small>(for 4.4)</small>" in second


def test_action_items_by_person_then_unclear_then_unassigned(agenda: Agenda) -> None:
    by_person = section(minutes_page(minutes(), agenda), "Action items, by person")
    headings = re.findall(r"^=== (.*) ===$", by_person, re.MULTILINE)
    assert headings == ["George Dunlap", "Ian Campbell", "Owner unclear", "Unassigned"]
    assert "* '''A5''' Write up a proposal for the 4.4 release cycle <small>(due 2013-06-28)</small>" in by_person
    assert "* '''A8''' Ask the board about testing <small>(written 'Ian Campell')</small>" in by_person
    assert "* '''A6''' Trial patchwork <small>('Ian': Ian Campbell (ijc) or Ian Jackson (iwj)?)</small>" in by_person
    assert "* '''A7''' List the lost patches <small>('Bob' is not in the agenda)</small>" in by_person


def test_closed_action_items_and_the_log_close_the_page(agenda: Agenda) -> None:
    page = minutes_page(minutes(), agenda)
    assert section(page, "Earlier action items closed").strip() == (
        "* '''A2''' Lars Kurth: Post the hackathon minutes to xen-devel"
    )
    assert "[http://meetbot.example.org/xen/2013-05-15.log.html " in section(page, "Log")


def test_without_an_agenda_owners_show_by_id_and_times_in_the_minutes_zone() -> None:
    page = minutes_page(minutes(), None, names={"george": "George W. Dunlap"})
    assert "'''When:''' Wednesday 15 May 2013, 13:00–14:30 (UTC)" in page
    assert "=== George W. Dunlap ===" in page
    assert "=== ijc ===" in page
    assert "'''Event:'''" not in page


def test_hostile_text_shows_as_typed_and_makes_no_markup(agenda: Agenda) -> None:
    hostile = minutes(
        title=HOSTILE,
        chairs=(HOSTILE,),
        present=(HOSTILE,),
        topics=(Topic("T1", HOSTILE),),
        items=(
            Item("I1", ItemKind.INFO, HOSTILE, "T1", who=HOSTILE),
            Item("I2", ItemKind.LINK, f"https://e.example/{{{{y}}}}|x]] {HOSTILE}", "T1"),
            Item("A5", ItemKind.ACTION, HOSTILE, "T1", owner=Owner(HOSTILE, None, Confidence.UNKNOWN)),
        ),
        log_url="https://e.example/log|x]]{{y}}",
    )
    page = minutes_page(hostile, agenda)
    parsed = wikitextparser.parse(page)
    assert parsed.templates == []
    assert parsed.parser_functions == []
    assert {link.target for link in parsed.wikilinks} == {
        "Xen 4.4 Hackathon",
        "Xen 4.4 Hackathon#retrospective-4-3",
    }
    assert "<!channel>" not in page
    assert "<https" not in page
    for line in page.splitlines():
        if HOSTILE.split(maxsplit=1)[0] in plain_text(line):
            assert HOSTILE in plain_text(line)
    assert all("{" not in link.url and "|" not in link.url for link in parsed.external_links)


def test_safe_urls_keep_their_address_and_lose_their_markup() -> None:
    assert safe_url("http://e.example/a_b~c?x=1&y='2'") == "http://e.example/a%5Fb%7Ec?x=1&y=%272%27"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("see http://e.example") is None


def test_the_chat_summary_lists_decisions_and_actions_by_name_never_as_mentions(agenda: Agenda) -> None:
    summary = chat_summary(minutes(), agenda, page_url="http://wiki.example/index.php?title=X|y>")
    lines = summary.splitlines()
    assert lines[0].startswith("*Minutes: 4.3 release cycle: what worked well / didn't work well*")
    assert lines[1] == "<http://wiki.example/index.php?title=X%7Cy%3E|The minutes on the wiki>"
    assert "• AGREED: A release cycle of less than 9 months is desirable" in lines
    assert "• REJECTED: Rely on submitters to resend" in lines
    assert "• *George Dunlap*: A5 Write up a proposal for the 4.4 release cycle (due 2013-06-28)" in lines
    assert "• *Owner unclear*: A6 Trial patchwork ('Ian': Ian Campbell (ijc) or Ian Jackson (iwj)?)" in lines
    assert "• *Unassigned*: A7 List the lost patches ('Bob' is not in the agenda)" in lines
    assert "INFO" not in summary
    assert "Closed: A2" in lines
    assert "<@" not in summary


def test_the_chat_summary_escapes_what_slack_would_read(agenda: Agenda) -> None:
    hostile = minutes(
        items=(
            Item("I1", ItemKind.AGREED, HOSTILE),
            Item("A5", ItemKind.ACTION, HOSTILE, owner=Owner(HOSTILE, None, Confidence.UNKNOWN)),
        ),
        session=None,
        title=HOSTILE,
    )
    summary = chat_summary(hostile, agenda)
    assert "<" not in summary.replace("&lt;", "")
    assert ">" not in summary.replace("&gt;", "")
    assert "&lt;!channel&gt; &lt;https://e|x&gt;" in summary


def test_a_long_meeting_is_summed_up_short(agenda: Agenda) -> None:
    many = minutes(items=tuple(Item(f"I{n}", ItemKind.AGREED, f"Decision {n}") for n in range(1, 21)), closed=())
    lines = chat_summary(many, agenda).splitlines()
    assert lines[1:3] == ["*Decisions*", "• AGREED: Decision 1"]
    assert lines[-2:] == ["• AGREED: Decision 8", "… and 12 more"]


def test_the_mail_is_plain_text_wrapped_at_72(agenda: Agenda) -> None:
    text = mail_text(minutes(), agenda, page_url="http://wiki.example/Minutes")
    lines = text.splitlines()
    assert lines[:5] == [
        "Minutes: Xen 4.4 planning",
        "Xen 4.4 Hackathon, Wednesday 15 May 2013, 14:00–15:30 (Europe/London)",
        "Chairs: George",
        "Present: George, Lars, Ian Campell, Matt",
        "Log: http://meetbot.example.org/xen/2013-05-15.log.html",
    ]
    assert all(len(line) <= 72 for line in lines)
    assert "= What worked well =" in lines
    assert "= Action items, by person =" in lines
    assert "* INFO: The 4.3 release updates and criteria went well (Lars, 14:05)" in lines
    assert "* ACTION: A5 Write up a proposal for the 4.4 release cycle (George" in lines
    assert "  Dunlap; due 2013-06-28)" in lines
    assert lines[-3:] == [
        "",
        "= Earlier action items closed =",
        "* A2 Post the hackathon minutes to xen-devel (Lars Kurth)",
    ]


def test_an_empty_meeting_still_renders(agenda: Agenda) -> None:
    empty = Minutes(title="Nothing happened")
    assert "Nothing was recorded." in minutes_page(empty, agenda)
    assert "No action items." in minutes_page(empty, None)
    assert chat_summary(empty, None).endswith("Nothing was decided and nobody took an action.")
    assert mail_text(empty, None) == "Minutes: Nothing happened\n"
