"""One contract for the chat that unasked messages go through (`bot.chat.delivery.Messenger`):
Slack's Web API through the real slack-sdk client (on the local Slack), and the in-memory fake the
unit tests use, so the fake cannot drift from the real thing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.chat.delivery import Messenger
from bot.chat.slack_client import SlackMessenger, web_client
from tests.fixtures.slack_api import LocalSlack
from tests.unit.chat_fakes import FakeMessenger


@pytest.fixture(params=["slack", "fake"])
def messenger(request: pytest.FixtureRequest) -> Iterator[Messenger]:
    if request.param == "fake":
        yield FakeMessenger(zones={"U0ANN": "Asia/Tokyo"}, channels={"summit": "C0SUMMIT"})
        return
    with LocalSlack.start() as slack:
        slack.stamp_with_the_clock()
        slack.add_user("U0ANN", "Ann Lee", tz="Asia/Tokyo")
        slack.add_user("U0BOB", "Bob Roe")
        slack.add_channel("C0SUMMIT", "summit")
        yield SlackMessenger(web_client(slack.bot_token, slack.api_url))


def test_a_users_dm_channel_is_always_the_same_and_theirs_alone(messenger: Messenger) -> None:
    assert messenger.dm_channel("U0ANN") == messenger.dm_channel("U0ANN") != messenger.dm_channel("U0BOB")


def test_a_channel_is_found_by_id_by_name_and_by_hash_name(messenger: Messenger) -> None:
    assert messenger.channel_id("C0SUMMIT") == messenger.channel_id("summit") == messenger.channel_id("#summit")
    assert messenger.channel_id("#summit") == "C0SUMMIT"


def test_a_users_zone_is_their_profiles_and_none_for_nobody(messenger: Messenger) -> None:
    zone = messenger.zone("U0ANN")
    assert zone is not None
    assert zone.key == "Asia/Tokyo"
    assert messenger.zone("U0NOBODY") is None


def test_a_sent_message_is_found_by_its_key_in_the_history_since_before_it(messenger: Messenger) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    channel = messenger.dm_channel("U0ANN")
    ts = messenger.send(channel, "hello <!channel>", "reminder/x/1")
    messenger.send(messenger.channel_id("summit"), "elsewhere", "reminder/x/2")

    assert ts
    assert messenger.keys_since(channel, before) == {"reminder/x/1"}
    assert messenger.keys_since(channel, datetime.now(UTC) + timedelta(minutes=1)) == set()
