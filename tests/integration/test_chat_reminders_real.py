"""Reminders from a real `summitbot serve` through the real slack-sdk client and the local Slack Web API:
each DM and channel post once, and once only even when the bot is killed (kill -9) mid-round,
after Slack stored a message but before the bot heard back."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.agenda.load import parse_agenda
from bot.chat.delivery import Delivery
from bot.chat.reminders import send_due
from bot.chat.slack_client import SlackMessenger, web_client
from bot.sync.state import StateStore
from tests.fixtures.serve import RunningBot
from tests.fixtures.slack_api import LocalSlack

CHANNEL = "C0SUMMIT"
PEOPLE = {"ann": "U0ANN", "bob": "U0BOB", "cy": "U0CY", "dee": "U0DEE", "eve": "U0EVE", "fay": "U0FAY"}


def daytime_zone() -> str:
    """A zone where the next hour is daytime (no quiet hours in the way of the test, whenever it runs)."""
    for name in ("Pacific/Honolulu", "America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Kolkata",
                 "Asia/Tokyo", "Australia/Sydney"):  # fmt: skip
        if 9 <= datetime.now(ZoneInfo(name)).hour < 20:
            return name
    raise AssertionError("no daytime zone found")


def agenda_starting_soon(path: Path, zone: str, sessions: int, channel: str = CHANNEL) -> Path:
    """An agenda whose sessions start 10, 11, ... minutes from now, with 15m reminders; each
    session has two moderators."""
    now = datetime.now(ZoneInfo(zone)).replace(second=0, microsecond=0)
    ids = list(PEOPLE)
    lines = ["event:", "  id: soon-summit", "  title: Soon summit", f"  timezone: {zone}",
             f"  chat: {{channel: {channel}, reminders: [15m]}}", "people:"]  # fmt: skip
    lines += [f"  - {{id: {person}, name: {person.title()} Doe, chat_id: {user}}}" for person, user in PEOPLE.items()]
    lines.append("sessions:")
    for number in range(sessions):
        start = now + timedelta(minutes=10 + number)
        lines += [f"  - id: s{number}", f'    title: "Session {number} <!channel> *bold* <https://evil|x>"',
                  f"    day: {start.date()}", f'    start: "{start:%H:%M}"',
                  f'    end: "{start + timedelta(minutes=30):%H:%M}"', f"    room: Room {number}",
                  f"    moderators: [{ids[2 * number % 6]}, {ids[(2 * number + 1) % 6]}]"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


def keyed_posts(slack: LocalSlack) -> list[tuple[str, str, str]]:
    """(key, channel, text) of every bot message carrying a key."""
    return [
        (message["metadata"]["event_payload"]["key"], message["channel"], message["text"])
        for message in slack.messages()
        if message.get("metadata")
    ]


def start_bot(tmp_path: Path, slack: LocalSlack, agenda: Path, zone: str) -> RunningBot:
    slack.stamp_with_the_clock()  # history's `oldest` finds a message by when it was posted
    slack.add_channel(CHANNEL, "soon-summit")
    for person, user in PEOPLE.items():
        slack.add_user(user, f"{person.title()} Doe", tz=zone)
    env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}
    return RunningBot.start([agenda], slack, env, tmp_path, "--reminders-every", "0.2")


def test_each_runner_gets_one_dm_and_the_channel_one_post_per_session(tmp_path: Path, local_slack: LocalSlack) -> None:
    zone = daytime_zone()
    bot = start_bot(tmp_path, local_slack, agenda_starting_soon(tmp_path / "soon.yaml", zone, 2), zone)
    try:
        local_slack.wait_for("chat.postMessage", 6)
        bot.stop()
    finally:
        bot.stop()

    posts = keyed_posts(local_slack)
    assert sorted((key.split("/")[2], key.split("/")[-1], channel) for key, channel, _ in posts) == [
        ("s0", "ann", "DU0ANN"), ("s0", "bob", "DU0BOB"), ("s0", "channel", CHANNEL),
        ("s1", "channel", CHANNEL), ("s1", "cy", "DU0CY"), ("s1", "dee", "DU0DEE"),
    ]  # fmt: skip
    text = next(text for key, channel, text in posts if channel == "DU0ANN")
    assert text.startswith(
        ":alarm_clock: *Session 0 &lt;!channel&gt; *bold* &lt;https://evil|x&gt;* (Soon summit) starts <!date^"
    )
    assert text.endswith(" in Room 0. You moderate it.")
    assert "<!channel>" not in str(posts)
    assert {call.params["users"] for call in local_slack.calls("conversations.open")} == {
        "U0ANN",
        "U0BOB",
        "U0CY",
        "U0DEE",
    }


def test_a_bot_killed_mid_round_sends_every_reminder_exactly_once_after_the_restart(
    tmp_path: Path, local_slack: LocalSlack
) -> None:
    zone = daytime_zone()
    agenda = agenda_starting_soon(tmp_path / "soon.yaml", zone, 3, '"#soon-summit"')  # 3 x (2 DMs + 1 post)
    local_slack.hang_after("chat.postMessage", 4)  # the 5th is stored by Slack, but never answered
    bot = start_bot(tmp_path, local_slack, agenda, zone)
    try:
        local_slack.wait_for("chat.postMessage", 5)
        bot.kill9()  # the 5th message is in Slack; the bot never heard so
        assert len(keyed_posts(local_slack)) == 5
        local_slack.release()
        bot.restart()
        local_slack.wait_for("chat.postMessage", 9)
        confirmed = wait_all_confirmed(tmp_path / "state.sqlite3", 9)
    finally:
        local_slack.release()
        bot.stop()

    counts = Counter(key for key, _, _ in keyed_posts(local_slack))
    assert len(counts) == 9
    assert set(counts.values()) == {1}, counts
    assert set(counts) == {key for key, _ in confirmed}  # every key confirmed: none can go again
    assert [ts for _, ts in confirmed].count("") == 1  # the 5th: found in the history, not sent again
    assert local_slack.calls("conversations.history")


def wait_all_confirmed(state: Path, count: int, timeout: float = 20.0) -> list[tuple[str, Any]]:
    """The (key, ts) of the confirmed deliveries, once there are `count`."""
    deadline = time.monotonic() + timeout
    rows: list[tuple[str, Any]] = []
    while time.monotonic() < deadline:
        with sqlite3.connect(state) as db:
            rows = db.execute("SELECT key, ts FROM deliveries WHERE sent IS NOT NULL").fetchall()
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    raise AssertionError(f"only {len(rows)} of {count} deliveries confirmed")


FROZEN_AGENDA = """\
event:
  id: frozen-summit
  title: Frozen summit
  timezone: Europe/Berlin
  chat: {channel: "#soon-summit", reminders: [1d, 15m]}
people:
  - {id: ann, name: Ann Doe, chat_id: U0ANN}
  - {id: bob, name: Bob Doe, chat_id: U0BOB}
  - {id: cy, name: Cy Doe, chat_id: U0CY}
sessions:
  - id: kernel
    title: Kernel
    day: 2030-06-04
    start: "14:00"
    end: "15:00"
    room: Room 1
    moderators: [ann]
    scribe: bob
    required: [cy]
  - id: storage
    title: Storage
    day: 2030-06-04
    start: "16:00"
    end: "17:00"
    moderators: [ann]
"""


def test_with_a_frozen_clock_quiet_hours_hold_a_dm_and_a_cancelled_session_sends_none(
    tmp_path: Path, local_slack: LocalSlack
) -> None:
    local_slack.add_channel(CHANNEL, "soon-summit")
    local_slack.add_user("U0ANN", "Ann Doe", tz="America/Los_Angeles")  # 14:00 Berlin is 05:00 there
    local_slack.add_user("U0BOB", "Bob Doe", tz="Europe/Berlin")
    local_slack.add_user("U0CY", "Cy Doe", tz="Asia/Tokyo")
    messenger = SlackMessenger(web_client(local_slack.bot_token, local_slack.api_url))
    now = datetime(2030, 6, 3, 12, 0, tzinfo=ZoneInfo("UTC"))  # 14:00 Berlin, a day ahead of Kernel
    delivery = Delivery(StateStore(tmp_path / "state.sqlite3"), messenger, lambda: now)
    cancelled = parse_agenda(FROZEN_AGENDA.split("  - id: storage", maxsplit=1)[0], "frozen.yaml")

    assert send_due([cancelled], delivery, now) == 3  # day-ahead: channel, Bob, Cy (05:00 for Ann: quiet)
    now += timedelta(hours=3)  # 08:00 in Los Angeles: Ann's day-ahead reminder, after her night
    assert send_due([cancelled], delivery, now) == 1
    now = datetime(2030, 6, 4, 11, 50, tzinfo=ZoneInfo("UTC"))  # 13:50 Berlin: 15m before Kernel
    assert send_due([cancelled], delivery, now) == 3  # channel, Bob, Cy; Ann: 04:50, quiet until after it starts
    assert send_due([cancelled], delivery, now + timedelta(minutes=1)) == 0

    keys = sorted(key.removeprefix("reminder/frozen-summit/") for key, _, _ in keyed_posts(local_slack))
    assert keys == [
        "kernel/2030-06-04T14:00+02:00/1440m/ann",
        "kernel/2030-06-04T14:00+02:00/1440m/bob",
        "kernel/2030-06-04T14:00+02:00/1440m/channel",
        "kernel/2030-06-04T14:00+02:00/1440m/cy",
        "kernel/2030-06-04T14:00+02:00/15m/bob",
        "kernel/2030-06-04T14:00+02:00/15m/channel",
        "kernel/2030-06-04T14:00+02:00/15m/cy",
    ]  # fmt: skip  (nothing for Storage, removed from the agenda: cancelled)
    by_channel = {channel for _, channel, _ in keyed_posts(local_slack)}
    assert by_channel == {CHANNEL, "DU0ANN", "DU0BOB", "DU0CY"}
    assert next(text for _, channel, text in keyed_posts(local_slack) if channel == "DU0CY").endswith(
        "in Room 1. You are needed at it."
    )
