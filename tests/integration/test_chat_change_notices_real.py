"""Change notices from a real `summitbot serve` through the real slack-sdk client and the local Slack:
sessions moved in the YAML while the bot runs are one DM per concerned person, old -> new in date
tokens, user text escaped."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from pathlib import Path

from tests.fixtures.serve import RunningBot
from tests.fixtures.slack_api import LocalSlack
from tests.integration.test_chat_reminders_real import CHANNEL, PEOPLE, keyed_posts


def wait_snapshot(state: Path, timeout: float = 20.0, showing: str = "") -> None:
    """Until the bot has remembered the sessions as notified (with `showing` in them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(state) as db:
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE name='notified'").fetchone()[0]
            query = "SELECT count(*) FROM notified WHERE event = 'later-summit' AND sessions LIKE ?"
            if tables and db.execute(query, (f"%{showing}%",)).fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the bot never took its snapshot of the sessions")


AGENDA = """\
event:
  id: later-summit
  title: Later summit
  timezone: Europe/Berlin
people:
  - {id: ann, name: Ann Doe, chat_id: U0ANN}
  - {id: bob, name: Bob Doe, chat_id: U0BOB}
  - {id: cy, name: Cy Doe, chat_id: U0CY}
sessions:
  - id: kernel
    title: "Kernel <!channel> *bold* <https://evil|x>"
    day: 2030-06-04
    start: "10:00"
    end: "11:00"
    room: Room 1
    moderators: [ann]
    required: [bob]
  - id: storage
    title: Storage
    day: 2030-06-04
    start: "12:00"
    end: "13:00"
    moderators: [cy]
"""


def test_a_session_moved_and_retitled_in_one_edit_is_one_dm_per_person(tmp_path: Path, local_slack: LocalSlack) -> None:
    agenda = tmp_path / "later.yaml"
    agenda.write_text(AGENDA)
    local_slack.stamp_with_the_clock()
    local_slack.add_channel(CHANNEL, "later-summit")
    for person, user in PEOPLE.items():
        local_slack.add_user(user, f"{person.title()} Doe")
    env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}
    bot = RunningBot.start([agenda], local_slack, env, tmp_path, "--reminders-every", "0.2", "--notices-settle", "0")
    try:
        wait_snapshot(tmp_path / "state.sqlite3")
        agenda.write_text(AGENDA.replace('start: "10:00"\n    end: "11:00"', 'start: "14:00"\n    end: "15:30"')
                          .replace("<https://evil|x>", "<https://evil|y>"))  # fmt: skip
        local_slack.wait_for("chat.postMessage", 2)
    finally:
        bot.stop()

    posts = keyed_posts(local_slack)
    dms = Counter(channel for _, channel, _ in posts if channel.startswith("D"))
    assert dms == {"DU0ANN": 1, "DU0BOB": 1}  # not Cy: Storage did not change
    (ann,) = [text for _, channel, text in posts if channel == "DU0ANN"]
    assert ann == (
        "Schedule change in *Later summit*:\n"
        "• *Kernel &lt;!channel&gt; *bold* &lt;https://evil|x&gt;*: retitled "
        "“Kernel &lt;!channel&gt; *bold* &lt;https://evil|x&gt;” → "
        "“Kernel &lt;!channel&gt; *bold* &lt;https://evil|y&gt;”; "
        "moved <!date^1906790400^{date_short_pretty} {time}|Tue 04 Jun 10:00 CEST>–<!date^1906794000^{time}|11:00 CEST>"
        " → <!date^1906804800^{date_short_pretty} {time}|Tue 04 Jun 14:00 CEST>–<!date^1906810200^{time}|15:30 CEST>"
    )


def test_a_bot_killed_mid_notice_sends_each_dm_exactly_once_after_the_restart(
    tmp_path: Path, local_slack: LocalSlack
) -> None:
    agenda = tmp_path / "later.yaml"
    agenda.write_text(AGENDA)
    local_slack.stamp_with_the_clock()
    local_slack.add_channel(CHANNEL, "later-summit")
    for person, user in PEOPLE.items():
        local_slack.add_user(user, f"{person.title()} Doe")
    env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}
    bot = RunningBot.start([agenda], local_slack, env, tmp_path, "--reminders-every", "0.2", "--notices-settle", "0")
    try:
        wait_snapshot(tmp_path / "state.sqlite3")
        local_slack.hang_after("chat.postMessage", 0)  # the first DM is stored by Slack, never answered
        agenda.write_text(AGENDA.replace("room: Room 1", "room: Hall"))
        local_slack.wait_for("chat.postMessage", 1)
        bot.kill9()
        local_slack.release()
        bot.restart()
        local_slack.wait_for("chat.postMessage", 2)
        wait_snapshot(tmp_path / "state.sqlite3", showing="Hall")  # all went: the notice is done
        bot.stop()
    finally:
        local_slack.release()
        bot.stop()

    dms = Counter(channel for _, channel, _ in keyed_posts(local_slack))
    assert dms == {"DU0ANN": 1, "DU0BOB": 1}
    assert local_slack.calls("conversations.history")  # the unanswered one was looked up, not sent again
