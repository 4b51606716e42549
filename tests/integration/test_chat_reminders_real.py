"""Reminders from a real `summitbot serve` through the real slack-sdk client and the local Slack Web API:
each DM and channel post once, and once only even when the bot is killed (kill -9) mid-round,
after Slack stored a message but before the bot heard back."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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
    import time  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    rows: list[tuple[str, Any]] = []
    while time.monotonic() < deadline:
        with sqlite3.connect(state) as db:
            rows = db.execute("SELECT key, ts FROM deliveries WHERE sent IS NOT NULL").fetchall()
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    raise AssertionError(f"only {len(rows)} of {count} deliveries confirmed")
