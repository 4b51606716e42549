"""Every call to the outside ends in a bounded time. A wiki or a CalDAV server that takes the
connection and never answers is a server that is down: `summitbot sync` gives up on it within its
configured timeout, exits 75, and keeps the change queued for the next run. Slack asking the bot to
wait an hour is not waited for."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from slack_sdk.errors import SlackApiError

from bot.chat.slack_client import web_client
from bot.sync.state import StateStore
from tests.fixtures.silent import silent_server
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import EXAMPLE

WIKI_TIMEOUT, CALDAV_TIMEOUT = 3, 2


def test_a_sync_against_a_silent_wiki_and_calendar_exits_75_on_time_and_queues_both(tmp_path: Path) -> None:
    agenda = tmp_path / "containers.yaml"
    agenda.write_text(EXAMPLE.read_text())
    state = tmp_path / "state.sqlite3"
    with silent_server() as wiki, silent_server() as caldav:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SUMMITBOT_", "SLACK_"))},
            "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
            "SUMMITBOT_STATE": str(state),
            "SUMMITBOT_WIKI_URL": f"{wiki}/api.php",
            "SUMMITBOT_WIKI_USER": "SummitBot@summitbot",
            "SUMMITBOT_WIKI_PASSWORD": "not-asked",
            "SUMMITBOT_WIKI_TIMEOUT": str(WIKI_TIMEOUT),
            "SUMMITBOT_CALDAV_URL": f"{caldav}/",
            "SUMMITBOT_CALDAV_TIMEOUT": str(CALDAV_TIMEOUT),
        }
        started = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "bot", "sync", str(agenda)], env=env, capture_output=True,
                             text=True, timeout=60, check=False)  # fmt: skip
        took = time.monotonic() - started

    assert run.returncode == 75, run.stderr
    assert f"did not answer within {WIKI_TIMEOUT} s" in run.stderr
    assert f"no answer within {CALDAV_TIMEOUT} s" in run.stderr
    # the wiki is given up once (not once more per agenda), the calendar once: 5 s of waiting
    assert took < WIKI_TIMEOUT + CALDAV_TIMEOUT + 10
    queued = {pending.target for pending in StateStore(state).pending()}
    assert queued == {"wiki:Containers/Mini-summit 2008", "caldav:containers"}


def test_slack_asking_for_an_hours_wait_gets_a_failed_send_not_an_hours_wait(local_slack: LocalSlack) -> None:
    local_slack.add_channel("C0SUMMIT", "containers-summit")
    client = web_client(local_slack.bot_token, local_slack.api_url)
    local_slack.rate_limit("chat.postMessage", times=1, retry_after=3600)
    failures: list[SlackApiError] = []

    def send() -> None:
        try:
            client.chat_postMessage(channel="C0SUMMIT", text="A new topic")
        except SlackApiError as error:
            failures.append(error)

    sending = threading.Thread(target=send, daemon=True)
    sending.start()
    sending.join(10)  # the test's own bound: an hour's wait would otherwise hold it up

    assert not sending.is_alive()
    assert [str(error.response["error"]) for error in failures] == ["ratelimited"]
    local_slack.rate_limit("chat.postMessage", times=1, retry_after=1)
    assert client.chat_postMessage(channel="C0SUMMIT", text="A new topic")["ok"]  # a short wait is still waited
