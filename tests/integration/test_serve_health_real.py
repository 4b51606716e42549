"""`GET /health` tells anyone how the bot is, and nothing else: counts and states by event id, which
side fails and how (in a word), never the agenda's path, a server's address or the bot's login;
and it says ok only while every agenda checks and every sync goes through."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import requests

from tests.fixtures.mediawiki import free_port
from tests.fixtures.serve import RunningBot
from tests.fixtures.silent import silent_server
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import EXAMPLE, Summit

EVENT = "containers-mini-summit-2008"


def _health(bot: RunningBot) -> tuple[int, str]:
    answer = requests.get(f"{bot.url}/health", timeout=5)
    return answer.status_code, answer.text


def _shows_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_a_healthy_bot_says_ok_with_counts_and_states_only(summit: Summit) -> None:
    summit.member("U0ADA", "Ada Lovelace").says("join")
    summit.settled()

    status, text = _health(summit.bot)

    health = json.loads(text)
    assert (status, health["ok"], health["serving"], health["invalid_agendas"]) == (200, True, True, [])
    assert list(health["sync"]["agendas"]) == [EVENT]
    assert health["sync"]["agendas"][EVENT]["failing"] == {}
    assert health["processed"] >= 1
    account = summit.radicale.account()
    _shows_no_secret(text, str(summit.path), summit.path.name, summit.wiki.api_url, "127.0.0.1", "SummitBot",
                     account.url, summit.bot.secret)  # fmt: skip


def test_while_the_wiki_and_calendar_fail_health_says_which_by_kind_and_not_ok(
    tmp_path: Path, local_slack: LocalSlack
) -> None:
    agenda = tmp_path / "containers.yaml"
    agenda.write_text(EXAMPLE.read_text())
    closed = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    with silent_server() as wiki:
        env = {
            "SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"),
            "SUMMITBOT_WIKI_URL": f"{wiki}/api.php", "SUMMITBOT_WIKI_USER": "SummitBot@summitbot",
            "SUMMITBOT_WIKI_PASSWORD": "a-bot-password", "SUMMITBOT_WIKI_TIMEOUT": "1",
            "SUMMITBOT_CALDAV_URL": closed, "SUMMITBOT_CALDAV_USER": "summitbot", "SUMMITBOT_CALDAV_PASSWORD": "x",
        }  # fmt: skip
        bot = RunningBot.start([agenda], local_slack, env, tmp_path, "--backoff", "30")
        try:
            health, text = _failing_health(bot)
        finally:
            bot.stop()

    assert (health["ok"], health["serving"]) == (False, True)
    assert health["sync"]["agendas"][EVENT]["failing"] == {"caldav": "unavailable", "wiki": "unavailable"}
    _shows_no_secret(text, str(agenda), agenda.name, wiki, wiki.removeprefix("http://"), closed, "127.0.0.1",
                     "SummitBot", "summitbot", "a-bot-password")  # fmt: skip


def _failing_health(bot: RunningBot, timeout: float = 20) -> tuple[dict[str, Any], str]:
    """The /health answer once the first sync has failed (answered 200: the bot still takes requests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, text = _health(bot)
        assert status == 200
        health = json.loads(text)
        if any(state["failures"] for state in health["sync"]["agendas"].values()):
            return health, text
        time.sleep(0.1)
    raise AssertionError(f"no sync failed in {timeout} s: {bot.log()[-2000:]}")
