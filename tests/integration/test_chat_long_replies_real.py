"""Long replies reach Slack as a few messages within its limits, in order: a real `summitbot
serve` on a FOSDEM-like agenda (bench/agenda_scale.py, smaller) answers `who` and `agenda DAY`
through the local Slack's response_url; the Slack side's ephemeral answers and channel posts go
through the real slack-sdk WebClient to the local Web API."""

from __future__ import annotations

import runpy
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.chat import replies
from bot.chat.paging import MAX_PARTS
from bot.chat.slack_app import SlackSide
from bot.chat.slack_client import Outbox, web_client
from bot.model import AttendanceStatus
from bot.sync.inbox import Letter
from tests.fixtures.mediawiki import ROOT
from tests.fixtures.serve import CHANNEL_ID, Member, RunningBot
from tests.fixtures.slack_api import LocalSlack

SLACK_ADVISED = 4000
MESSAGE_METHODS = ("response_url", "chat.postMessage", "chat.postEphemeral")


@pytest.fixture
def fosdem(tmp_path: Path, local_slack: LocalSlack) -> Iterator[tuple[RunningBot, Path]]:
    bench = runpy.run_path(str(ROOT / "bench" / "agenda_scale.py"))  # a script, not a package
    path = tmp_path / "fosdem-2027.yaml"
    path.write_text(bench["build_agenda"](bench["Scale"](sessions=240, rooms=8, attendees=1500, days=3)))
    bot = RunningBot.start([path], local_slack, {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}, tmp_path)
    yield bot, path
    bot.stop()


def _messages_at(slack: LocalSlack, url: str, count: int, timeout: float = 20.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = [str(c.params["text"]) for c in slack.calls("response_url") if url.endswith(str(c.params["_path"]))]
        if len(texts) >= count:
            time.sleep(0.3)  # and no more than that
            return [str(c.params["text"]) for c in slack.calls("response_url") if url.endswith(str(c.params["_path"]))]
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} messages at {url}")


def _every_message_within_limits(slack: LocalSlack) -> None:
    texts = [str(call.params.get("text", "")) for method in MESSAGE_METHODS for call in slack.calls(method)]
    assert texts
    assert max(len(text) for text in texts) < SLACK_ADVISED


def test_who_on_a_big_event_is_five_messages_in_order_ending_with_how_to_narrow(
    fosdem: tuple[RunningBot, Path], local_slack: LocalSlack
) -> None:
    bot, path = fosdem
    ada = Member(bot, local_slack, "U0ADA0001", "Ada Lovelace")

    _, url = ada.types("who")
    parts = _messages_at(local_slack, url, MAX_PARTS)

    assert len(parts) == MAX_PARTS
    _every_message_within_limits(local_slack)
    lines = "\n".join(parts).split("\n")
    agenda = load_agenda(path)
    coming = [a for a in agenda.attendees if a.status in (AttendanceStatus.CONFIRMED, AttendanceStatus.TENTATIVE)]
    assert lines[0].startswith("*")
    assert len(coming) > len(lines)
    names = [line.removeprefix("• ").split(" _(")[0] for line in lines[1:-1]]
    assert names == [agenda.person(a.person).name.replace("&", "&amp;") for a in coming[: len(names)]]
    assert lines[-1] == replies.more_lines().replace("{count}", f"{len(coming) - len(names):,}")


def test_agenda_saturday_arrives_whole_and_in_order_in_several_messages(
    fosdem: tuple[RunningBot, Path], local_slack: LocalSlack
) -> None:
    bot, path = fosdem
    ada = Member(bot, local_slack, "U0ADA0001", "Ada Lovelace")
    saturday = sorted((s for s in load_agenda(path).sessions if s.start.strftime("%a") == "Sat"),
                      key=lambda s: s.start)  # fmt: skip

    _, url = ada.types("agenda sat")
    deadline, parts = time.monotonic() + 20, list[str]()
    while time.monotonic() < deadline and sum(p.count("\n") + 1 for p in parts) < 1 + len(saturday):
        parts = _messages_at(local_slack, url, len(parts) + 1)

    assert 1 < len(parts) <= MAX_PARTS
    _every_message_within_limits(local_slack)
    lines = "\n".join(parts).split("\n")
    assert lines[0].endswith(", on Saturday 06 February 2027:")
    assert len(lines) == 1 + len(saturday)
    assert all(f"^{int(s.start.timestamp())}^" in line for s, line in zip(saturday, lines[1:], strict=True))


def test_ephemeral_answers_and_channel_posts_are_split_through_the_web_client(local_slack: LocalSlack) -> None:
    outbox = Outbox(interval=0.0)
    side = SlackSide(web_client(local_slack.bot_token, local_slack.api_url), outbox, None)
    local_slack.add_channel(CHANNEL_ID, "fosdem")
    text = "\n".join(f"• line {n} <!date^1700000000^{{time}}|09:00 CET> &amp; more" for n in range(300))
    sent: list[bool] = []
    outbox.start()
    try:
        letter = Letter(1, "reply", {"channel": CHANNEL_ID, "user": "U0ADA0001"}, datetime.now(UTC))
        side.answer(letter, text, lambda: sent.append(True))
        side.say(CHANNEL_ID, text)
        local_slack.wait_for("chat.postMessage", 2)
        local_slack.wait_for("chat.postEphemeral", 2)
    finally:
        outbox.stop()

    _every_message_within_limits(local_slack)
    for method in ("chat.postEphemeral", "chat.postMessage"):
        received = "\n".join(str(call.params["text"]) for call in local_slack.calls(method))
        assert received == text
    assert sent == [True]  # once, after the last part
