"""Control characters (NUL, ESC, ...): refused in an agenda file, dropped where text comes in from
chat, the wiki and calendar apps, and never written by any writer, so every feed stays valid.

Every other text (any Unicode, quotes, markup) is stored exactly and comes out escaped.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from lxml import etree

from bot.agenda.load import load_agenda
from bot.calendar.export import frab_xml, schedule_json
from bot.calendar.facts import item_facts
from bot.calendar.feed import event_feed, stamp_agenda
from bot.chat import slack_payloads
from bot.chat.mrkdwn import escape
from bot.model import Agenda, Person, Topic
from bot.sync.state import StateStore
from bot.text import UNWRITABLE, printable
from bot.wiki.escape import escape_text, plain_text
from bot.wiki.lines import parse_attendee
from tests.conftest import EXAMPLES, MINI_SUMMIT, Run
from tests.unit.test_calendar_feed import parse_by_vobject
from tests.unit.test_export import check_json, check_xml

CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x9f\ud800\udfff\ufffe\uffff"
# Any text at all: every code point, control characters and lone surrogates included.
any_text = st.text(st.characters(codec=None), min_size=1, max_size=30)
# With more of the characters that need care: controls, line breaks, quotes and markup.
hostile_text = st.text(st.sampled_from([*CONTROLS, "\r", "\n", "\t", "\x85", "\u2028", '"', "<", "&", ";", ",", "\\"])
                       | st.characters(codec=None), min_size=1, max_size=30)  # fmt: skip
FIXED = datetime(2008, 7, 1, 12, tzinfo=UTC)
_BASE: list[Agenda] = []


def base_agenda() -> Agenda:
    """The mini-summit, loaded once."""
    if not _BASE:
        _BASE.append(load_agenda(EXAMPLES / MINI_SUMMIT))
    return _BASE[0]


def agenda_holding(text: str) -> Agenda:
    """The mini-summit with `text` in every field a writer writes: event and session titles, room,
    track, description, topics and a moderator's name. Only code builds such a model: no agenda
    file holding a control character checks."""
    agenda = base_agenda()
    mallory = Person("mallory", "Mallory " + text)
    session = replace(
        agenda.sessions[0], title=text, room=text, track=text, description=text, moderators=("mallory",),
        topics=(Topic(text, note=text, children=(Topic(text),)),),
    )  # fmt: skip
    event = replace(agenda.event, title=text, description=text)
    return replace(agenda, event=event, sessions=(session, *agenda.sessions[1:]), people=(*agenda.people, mallory))


def as_icalendar_reads(text: str) -> str:
    """What a TEXT value reads back as: what can be written, with CR and CRLF as line feeds."""
    return printable(text).replace("\r\n", "\n").replace("\r", "\n")


def as_xml_reads(text: str) -> str:
    """What XML text content reads back as: line ends normalised to LF (XML 1.0 2.11)."""
    return printable(text).replace("\r\n", "\n").replace("\r", "\n")


# --- the agenda file ------------------------------------------------------------------------------


def test_printable_drops_control_characters_and_keeps_everything_else() -> None:
    assert printable("a\x00b\x1b[31mc\x7f") == "ab[31mc"
    assert printable("join\x0bmaybe\x0cremote") == "join maybe remote"  # white space stays a space
    assert (
        printable("tab\there\r\nand\nZoë 🎉 <b>&amp;</b> \x85\u2028")
        == "tab\there\r\nand\nZoë 🎉 <b>&amp;</b> \x85\u2028"
    )
    assert printable("half \ud800 pair \ufffe\uffff") == "half  pair "


def test_check_names_each_raw_control_character_by_line_and_column(summitbot: Run, agendas: Path) -> None:
    path = agendas / "nul.yaml"
    text = (agendas / MINI_SUMMIT).read_text()
    text = text.replace("  title: Containers mini-summit 2008", "  title: Containers\x00 mini-summit 2008", 1)
    text = text.replace("  - Pavel Emelyanov", "  - Pavel\x1b[31m Emelyanov", 1)
    path.write_text(text)
    finished = summitbot("check", path)
    assert finished.returncode == 1
    lines = text.splitlines()
    title = next(n for n, line in enumerate(lines, 1) if "Containers\x00" in line)
    pavel = next(n for n, line in enumerate(lines, 1) if "Pavel\x1b" in line)
    assert finished.stderr.splitlines() == [
        f"{path}:{title}:20: the character U+0000 (a control character) cannot be in an agenda; "
        "an agenda holds printable text, tabs and line breaks only: delete it",
        f"{path}:{pavel}:10: the character U+001B (a control character) cannot be in an agenda; "
        "an agenda holds printable text, tabs and line breaks only: delete it",
        "summitbot: 2 problems in 1 of 1 files",
    ]


def test_check_names_a_control_character_written_as_an_escape(summitbot: Run, agendas: Path) -> None:
    path = agendas / "escaped.yaml"
    text = (agendas / MINI_SUMMIT).read_text()
    path.write_text(text.replace("  - Pavel Emelyanov", '  - "Pavel\\0 Emelyanov"', 1))
    finished = summitbot("check", path)
    assert finished.returncode == 1
    pavel = next(n for n, line in enumerate(text.splitlines(), 1) if "Pavel Emelyanov" in line)
    assert finished.stderr.splitlines()[0] == (
        f"{path}:{pavel}:5: this text holds the character U+0000 (a control character), written as an escape; "
        "an agenda holds printable text, tabs and line breaks only: remove the escape"
    )


def test_a_file_full_of_control_characters_names_twenty_lines_then_counts(summitbot: Run, tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_text("event:\n" + "".join(f"  k{n}: a\x01b\x02\n" for n in range(50)))
    finished = summitbot("check", path)
    assert finished.returncode == 1
    lines = finished.stderr.splitlines()
    assert len(lines) == 22
    assert lines[0].startswith(f"{path}:2:8: the character U+0001")
    assert lines[20] == f"{path}:22:9: 30 more lines, from this one on, hold such characters"


# --- where text comes in --------------------------------------------------------------------------


@given(hostile_text)
@example(text=CONTROLS)
@example(text="\ud800")
def test_text_from_slack_arrives_without_control_characters(text: str) -> None:
    arrived = printable(text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))  # lone surrogates: U+FFFD
    letter = slack_payloads.command_letter({"text": text, "user_id": "U1", "user_name": text})
    assert letter["text"] == arrived
    assert letter["user_name"] == arrived
    message = slack_payloads.message_letter({"event": {"text": "#info " + text, "user": "U1"}}, lambda _: False)
    assert message is not None
    assert message[1]["text"] == "#info " + arrived
    user = slack_payloads.chat_user({"id": "U1", "profile": {"real_name": text, "display_name": text}})
    assert not UNWRITABLE.search(user.name + (user.display_name or ""))


@given(hostile_text)
@example(text=CONTROLS)
@example(text="\ud800")
def test_text_from_the_wiki_arrives_without_control_characters(text: str) -> None:
    assert not UNWRITABLE.search(plain_text(text))
    line = parse_attendee(f"Ada {text} – {text}")
    assert line is not None
    assert not UNWRITABLE.search(line.name + (line.note or ""))


def test_a_title_a_calendar_app_wrote_arrives_without_control_characters() -> None:
    item = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//app//EN\r\nBEGIN:VEVENT\r\nUID:x/namespaces@summitbot\r\n"
        "DTSTAMP:20080701T120000Z\r\nDTSTART:20080722T123000Z\r\nDTEND:20080722T150000Z\r\n"
        "SUMMARY:Name\x01spaces\x1b[0m\r\nDESCRIPTION:a\x00b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    found = item_facts(item, base_agenda().event.timezone)
    assert found is not None
    assert found.facts["event/namespaces/title"] == "Namespaces[0m"
    assert found.facts["event/namespaces/description"] == "ab"


# --- every writer -----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text | any_text)
@example(text=CONTROLS)
@example(text="\ud800")
def test_the_event_feed_is_valid_icalendar_whatever_the_text(text: str, tmp_path: Path) -> None:
    agenda = agenda_holding(text)
    store = StateStore(tmp_path / "state.sqlite3")
    feed = event_feed(stamp_agenda(agenda, store, clock=lambda: FIXED))
    feed.encode("utf-8")  # a lone surrogate would not encode
    assert not UNWRITABLE.search(feed)
    uid = f"{agenda.event.id}/{agenda.sessions[0].id}@summitbot"
    [session] = [e for e in Calendar.from_ical(feed).walk("VEVENT") if str(e["UID"]) == uid]
    assert str(session["SUMMARY"]) == as_icalendar_reads(text)
    assert str(session["ORGANIZER"].params["CN"]) != ""
    [read] = [e for e in parse_by_vobject(feed).contents["vevent"] if e.uid.value == uid]
    assert read.summary.value == as_icalendar_reads(text)


@settings(max_examples=60, deadline=None)
@given(text=hostile_text | any_text)
@example(text=CONTROLS)
@example(text="\ud800")
def test_the_frab_xml_is_valid_by_its_schema_whatever_the_text(text: str) -> None:
    xml = frab_xml(agenda_holding(text))
    xml.encode("utf-8")
    check_xml(xml)  # lxml, against tests/fixtures/frab/schedule.xml.xsd
    root = etree.fromstring(xml.encode())
    [event] = [e for e in root.iter("event") if (e.findtext("persons/person") or "").startswith("Mallory")]
    assert event.findtext("title") == as_xml_reads(text)
    assert event.findtext("persons/person") == as_xml_reads("Mallory " + text)
    assert ET.fromstring(xml).findtext("conference/title") == as_xml_reads(text)


@settings(max_examples=60, deadline=None)
@given(text=hostile_text | any_text)
@example(text=CONTROLS)
@example(text="\ud800")
def test_the_schedule_json_holds_the_same_text_whatever_it_is(text: str) -> None:
    document = schedule_json(agenda_holding(text))
    document.encode("utf-8")
    check_json(document)
    days = json.loads(document)["schedule"]["conference"]["days"]
    events = [event for day in days for events in day["rooms"].values() for event in events]
    [first] = [event for event in events if event["persons"] and event["persons"][0]["public_name"].startswith("Mal")]
    assert first["title"] == printable(text)
    assert not UNWRITABLE.search(json.dumps(json.loads(document), ensure_ascii=False))


@given(hostile_text | any_text)
@example(text=CONTROLS)
@example(text="\ud800")
def test_wikitext_and_mrkdwn_never_hold_a_control_character(text: str) -> None:
    for written in (escape_text(text), escape_text(text, multiline=True), escape(text)):
        written.encode("utf-8")
        assert not UNWRITABLE.search(written)


@pytest.mark.parametrize("text", ['Zoë "Ada" O\'Neil', "<b>bold</b> & {{x}}", "tab\there", "日本語 🎉"])
def test_other_text_is_kept_as_it_is(text: str) -> None:
    assert printable(text) == text
    assert plain_text(escape_text(text)) == " ".join(text.split())


def test_the_unwritable_characters_are_those_outside_yamls_printable_set() -> None:
    every = "".join(map(chr, range(0x110000)))
    printable_set = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # YAML 1.2's, 5.1
    assert UNWRITABLE.findall(every) == re.findall(printable_set, every)
