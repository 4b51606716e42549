"""The Home tab as built for a moderator, an attendee and a stranger: their schedule in date
tokens, their action items and proposals with buttons, hostile text kept as text, and Block Kit's
limits held on a FOSDEM-sized agenda (bench/agenda_scale.py)."""

from __future__ import annotations

import json
import runpy
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import parse_agenda
from bot.chat.commands import CommandError, Served
from bot.chat.home import MAX_BLOCKS, MAX_TEXT, home_view
from bot.chat.home_actions import button_job, button_letter, finish, read_button
from bot.chat.identity import ChatUser, identify
from bot.model import Agenda
from tests.unit.agenda_text import load

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2030, 6, 1, 12, 0, tzinfo=BERLIN)
HOSTILE = "<!channel> *x* <https://evil|x>"
ANN = ChatUser("U0ANN", "Ann Doe")  # moderates, owns A1, proposed T1
BOB = ChatUser("U0BOB", "Bob Doe")  # signed up, voted for T1
EVE = ChatUser("U0EVE", "Eve Stranger")  # not in the agenda

AGENDA = f"""\
event:
  id: home-summit
  title: "Home summit {HOSTILE}"
  timezone: Europe/Berlin
people:
  - {{id: ann, name: Ann Doe, chat_id: U0ANN}}
  - {{id: bob, name: Bob Doe, chat_id: U0BOB}}
attendees:
  - {{name: Bob Doe, remote: true}}
sessions:
  - id: kernel
    title: "Kernel {HOSTILE}"
    day: 2030-06-04
    start: "10:00"
    end: "11:00"
    room: "Room {HOSTILE}"
    moderators: [ann]
  - id: storage
    title: Storage
    day: 2030-06-05
    start: "09:00"
    end: "10:00"
proposals:
  - id: T1
    title: "Live migration {HOSTILE}"
    proposer: ann
    votes: [bob]
actions:
  - id: A1
    owner: ann
    text: "Book the room {HOSTILE}"
"""


def agenda() -> Agenda:
    return load(AGENDA)


def texts(view: dict[str, Any]) -> str:
    return "\n".join(str(block.get("text", {}).get("text", "")) for block in view["blocks"])


def buttons(view: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [
        (block["accessory"]["text"]["text"], json.loads(block["accessory"]["value"]))
        for block in view["blocks"]
        if "accessory" in block
    ]


def test_a_moderator_sees_what_she_runs_her_action_items_and_her_proposal() -> None:
    view = home_view([agenda()], ANN, NOW)

    shown = texts(view)
    assert view["type"] == "home"
    assert "*Yours*" in shown
    assert "_you moderate_" in shown
    start, end = (int(datetime(2030, 6, 4, hour, tzinfo=BERLIN).timestamp()) for hour in (10, 11))
    assert (
        f"<!date^{start}^{{date_short_pretty}} {{time}}|Tue 04 Jun 10:00 CEST>–<!date^{end}^{{time}}|11:00 CEST>"
        in shown
    )
    assert "*Tuesday 04 June*" in shown
    assert "*Wednesday 05 June*" in shown
    assert "*A1* Book the room" in shown
    assert "(1 vote, yours)" in shown
    assert buttons(view) == [
        ("Join", {"verb": "join", "event": "home-summit", "item": ""}),
        ("Done", {"verb": "done", "event": "home-summit", "item": "A1"}),
        ("Vote", {"verb": "vote", "event": "home-summit", "item": "T1"}),
    ]


def test_an_attendee_sees_leave_and_unvote_and_no_one_elses_action_items() -> None:
    view = home_view([agenda()], BOB, NOW)

    shown = texts(view)
    assert "You are signed up (remote)." in shown
    assert "*Yours*" not in shown
    assert "Book the room" not in shown
    assert "(1 vote, you voted)" in shown
    assert [label for label, _ in buttons(view)] == ["Leave", "Unvote"]


def test_a_stranger_sees_the_schedule_with_join_and_vote() -> None:
    view = home_view([agenda()], EVE, NOW)

    shown = texts(view)
    assert "You are not signed up." in shown
    assert "Storage" in shown
    assert "_you" not in shown
    assert "Book the room" not in shown
    assert [label for label, _ in buttons(view)] == ["Join", "Vote"]


def test_hostile_text_stays_text() -> None:
    view = home_view([agenda()], ANN, NOW)

    shown = "\n".join(b["text"]["text"] for b in view["blocks"] if b.get("text", {}).get("type") == "mrkdwn")
    assert "<!channel>" not in shown
    assert "<https://evil" not in shown
    assert "Kernel &lt;!channel&gt; *x* &lt;https://evil|x&gt;" in shown
    assert "Room &lt;!channel&gt;" in shown
    assert "Book the room &lt;!channel&gt;" in shown
    header = view["blocks"][0]
    assert header == {
        "type": "header",
        "text": {"type": "plain_text", "text": f"Home summit {HOSTILE}", "emoji": False},
    }


def test_sessions_over_are_left_out() -> None:
    view = home_view([agenda()], ANN, datetime(2030, 6, 4, 12, 0, tzinfo=BERLIN))

    assert "Kernel" not in texts(view)
    assert "Storage" in texts(view)


@cache
def fosdem() -> Agenda:
    bench = runpy.run_path(str(ROOT / "bench" / "agenda_scale.py"))  # a script, not a package
    scale = bench["Scale"](sessions=1000, rooms=60, attendees=2000, days=3)
    return parse_agenda(bench["build_agenda"](scale), "fosdem-2027.yaml")


def _busiest(big: Agenda) -> ChatUser:
    counts = {p.id: sum(p.id in s.moderators for s in big.sessions) for p in big.people if p.chat_id}
    person = big.person(max(counts, key=lambda p: counts[p]))
    return ChatUser(str(person.chat_id), person.name)


def test_a_fosdem_sized_agenda_stays_within_block_kit_limits() -> None:
    big = fosdem()
    for user in (_busiest(big), EVE):
        view = home_view([big, agenda()], user, datetime(2027, 1, 1, tzinfo=BERLIN))

        assert len(view["blocks"]) <= MAX_BLOCKS
        for block in view["blocks"]:
            for text in [block.get("text", {}), *block.get("elements", [])]:
                assert len(text.get("text", "")) <= MAX_TEXT
            if "accessory" in block:
                assert len(block["accessory"]["value"]) <= 2000
                assert len(block["accessory"]["action_id"]) <= 255
        shown = texts(view) + json.dumps(view)
        assert "more in `/summit agenda`" in shown


def test_many_events_are_cut_at_the_block_limit_with_a_note() -> None:
    big = fosdem()
    view = home_view([big] * 6, EVE, datetime(2027, 1, 1, tzinfo=BERLIN))

    assert len(view["blocks"]) == MAX_BLOCKS
    assert "More in `/summit agenda`" in view["blocks"][-1]["elements"][0]["text"]


def _pressed(label: str, view: dict[str, Any], user: str) -> dict[str, Any]:
    element = next(
        b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("text", {}).get("text") == label
    )
    letter = button_letter({"user": {"id": user}, "actions": [element]})
    assert letter is not None
    return letter


def test_a_button_runs_its_command_as_the_presser() -> None:
    letter = _pressed("Vote", home_view([agenda()], ANN, NOW), "U0ANN")

    event, job = button_job(letter, ANN, NOW, Served((agenda(),)))

    outcome = job(agenda())
    assert event == "home-summit"
    assert outcome.proposal == "T1"
    assert outcome.changes


def test_done_is_refused_to_anyone_but_the_owner() -> None:
    with pytest.raises(CommandError, match=r"Only the owner of \*A1\*"):
        finish(agenda(), identify(agenda(), BOB), "A1")
    with pytest.raises(CommandError):
        finish(agenda(), identify(agenda(), EVE), "A1")
    assert finish(agenda(), identify(agenda(), ANN), "a1").changes


@pytest.mark.parametrize("value", ["", "nope", "[]", '{"verb":"rm -rf","event":"x"}', '{"verb":"join"}',
                                   '{"verb":"done","event":3}'])  # fmt: skip
def test_a_value_the_home_tab_never_made_is_ignored(value: str) -> None:
    assert read_button(value) is None
    assert button_letter({"user": {"id": "U0ANN"}, "actions": [{"action_id": "summit-home-x", "value": value}]}) is None


def test_a_button_for_an_event_no_longer_served_is_refused() -> None:
    letter = {"user": "U0ANN", "verb": "join", "event": "gone", "item": ""}
    with pytest.raises(CommandError, match="no longer served"):
        button_job(letter, ANN, NOW, Served((agenda(),)))
