"""The Home tab end to end: signed requests from the local Slack to a real `summitbot serve`,
through the real slack-bolt (signature checks, listeners) and slack-sdk (views.publish): opening
the tab publishes it, its buttons change the YAML exactly as the commands do and publish it again,
and a forged request or someone else's button changes nothing."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.agenda.load import load_agenda
from bot.model import ActionStatus, AttendanceStatus
from tests.fixtures.serve import RunningBot
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.slack_requests import block_actions, event_callback, home_opened_event

AGENDA = """\
event:
  id: home-summit
  title: "Home summit <!channel>"
  timezone: Europe/Berlin
people:
  - {id: ann, name: Ann Doe, chat_id: U0ANN}
  - {id: bob, name: Bob Doe, chat_id: U0BOB}
sessions:
  - id: kernel
    title: "Kernel <!channel> *bold* <https://evil|x>"
    day: 2030-06-04
    start: "10:00"
    end: "11:00"
    room: Room 1
    moderators: [ann]
proposals:
  - id: T1
    title: Live migration
    proposer: bob
actions:
  - id: A1
    owner: ann
    text: Book the room
"""


@pytest.fixture
def home_bot(tmp_path: Path, local_slack: LocalSlack) -> Iterator[tuple[RunningBot, Path]]:
    agenda = tmp_path / "home.yaml"
    agenda.write_text(AGENDA)
    local_slack.add_user("U0ANN", "Ann Doe")
    local_slack.add_user("U0BOB", "Bob Doe")
    bot = RunningBot.start([agenda], local_slack, {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}, tmp_path)
    yield bot, agenda
    bot.stop()


_event_ids = itertools.count(1)


def open_home(bot: RunningBot, slack: LocalSlack, user: str) -> dict[str, Any]:
    """`user` opens the Home tab; the view the bot publishes for them."""
    published = len(slack.calls("views.publish"))
    answer = bot.events(event_callback(home_opened_event(user), event_id=f"EvHome{next(_event_ids)}"))
    assert answer.status == 200
    return published_home(slack, user, published)


def published_home(slack: LocalSlack, user: str, before: int) -> dict[str, Any]:
    slack.wait_for("views.publish", before + 1)
    home = slack.home(user)
    assert home is not None
    return home


def button(home: dict[str, Any], label: str, text: str = "") -> dict[str, Any]:
    """The button labelled `label` in the section whose text has `text`."""
    for block in home["blocks"]:
        accessory = block.get("accessory") or {}
        if accessory.get("text", {}).get("text") == label and text in block["text"]["text"]:
            return dict(accessory)
    raise AssertionError(f"no {label!r} button by {text!r} in {home}")


def press(bot: RunningBot, slack: LocalSlack, user: str, pressed: dict[str, Any]) -> dict[str, Any]:
    """`user` presses the button; the Home the bot publishes for them after it."""
    published = len(slack.calls("views.publish"))
    answer = bot.events(block_actions(pressed, user_id=user))
    assert answer.status == 200, answer.text
    return published_home(slack, user, published)


def texts(home: dict[str, Any]) -> str:
    return "\n".join(str(block.get("text", {}).get("text", "")) for block in home["blocks"])


def test_opening_the_home_tab_publishes_the_persons_view(home_bot: tuple[RunningBot, Path],
                                                         local_slack: LocalSlack) -> None:  # fmt: skip
    bot, _ = home_bot

    home = open_home(bot, local_slack, "U0ANN")

    assert home["type"] == "home"
    shown = texts(home)
    assert "Kernel &lt;!channel&gt; *bold* &lt;https://evil|x&gt;" in shown
    assert "<!date^" in shown
    assert "_you moderate_" in shown
    assert "*A1* Book the room" in shown
    assert home["blocks"][0]["text"] == {"type": "plain_text", "text": "Home summit <!channel>", "emoji": False}
    button(home, "Join")
    button(home, "Done", "A1")


def test_join_then_leave_signs_the_user_up_and_off_in_the_yaml(home_bot: tuple[RunningBot, Path],
                                                              local_slack: LocalSlack) -> None:  # fmt: skip
    bot, agenda = home_bot
    home = open_home(bot, local_slack, "U0BOB")

    home = press(bot, local_slack, "U0BOB", button(home, "Join"))

    assert [(a.person, a.status) for a in load_agenda(agenda).attendees] == [("bob", AttendanceStatus.CONFIRMED)]
    home = press(bot, local_slack, "U0BOB", button(home, "Leave"))
    assert [(a.person, a.status) for a in load_agenda(agenda).attendees] == [("bob", AttendanceStatus.DECLINED)]
    button(home, "Join")
    assert local_slack.calls("chat.postMessage") == []  # the Home tab is the answer, not a DM


def test_vote_and_unvote_from_the_home_tab(home_bot: tuple[RunningBot, Path], local_slack: LocalSlack) -> None:
    bot, agenda = home_bot
    home = open_home(bot, local_slack, "U0ANN")

    home = press(bot, local_slack, "U0ANN", button(home, "Vote", "T1"))

    assert load_agenda(agenda).proposals[0].votes == ("ann",)
    assert "1 vote, you voted" in texts(home)
    press(bot, local_slack, "U0ANN", button(home, "Unvote", "T1"))
    assert load_agenda(agenda).proposals[0].votes == ()


def test_the_owner_marks_an_action_item_done(home_bot: tuple[RunningBot, Path], local_slack: LocalSlack) -> None:
    bot, agenda = home_bot
    home = open_home(bot, local_slack, "U0ANN")

    home = press(bot, local_slack, "U0ANN", button(home, "Done", "A1"))

    assert load_agenda(agenda).actions[0].status is ActionStatus.DONE
    assert "Book the room" not in texts(home)
    assert "status: done" in agenda.read_text()


def test_someone_elses_action_item_and_a_forged_press_change_nothing(home_bot: tuple[RunningBot, Path],
                                                                    local_slack: LocalSlack) -> None:  # fmt: skip
    bot, agenda = home_bot
    anns_done = button(open_home(bot, local_slack, "U0ANN"), "Done", "A1")
    before = agenda.read_text()

    forged = block_actions(anns_done, user_id="U0ANN")
    assert bot.events(forged, secret="not-the-signing-secret").status == 401
    press(bot, local_slack, "U0BOB", anns_done)  # Bob presses Ann's button (a value copied into his request)

    assert agenda.read_text() == before
    refusal = local_slack.wait_for("chat.postMessage")[0].params
    assert refusal["channel"] == "U0BOB"
    assert "Only the owner of *A1*" in refusal["text"]
    bot.wait_idle()
    time.sleep(0.3)
    assert agenda.read_text() == before
    assert load_agenda(agenda).actions[0].status is ActionStatus.OPEN


def test_an_edit_of_the_file_and_someone_elses_vote_refresh_an_open_home_tab(
    home_bot: tuple[RunningBot, Path], local_slack: LocalSlack
) -> None:
    bot, agenda = home_bot
    open_home(bot, local_slack, "U0ANN")
    bobs = open_home(bot, local_slack, "U0BOB")

    published = len(local_slack.calls("views.publish"))
    agenda.write_text(agenda.read_text().replace("title: Live migration", "title: Live migration of containers"))
    local_slack.wait_for("views.publish", published + 2)  # an organiser's edit: both open tabs, once each

    assert "Live migration of containers (0 votes)" in texts(local_slack.home("U0ANN") or {})
    press(bot, local_slack, "U0BOB", button(bobs, "Vote", "T1"))
    deadline = time.monotonic() + 10
    while (
        "Live migration of containers (1 vote)" not in texts(local_slack.home("U0ANN") or {})
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert "Live migration of containers (1 vote)" in texts(
        local_slack.home("U0ANN") or {}
    )  # Bob's vote shows on Ann's tab
