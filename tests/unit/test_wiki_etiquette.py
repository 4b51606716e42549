"""MediaWiki etiquette without a server: how long the bot waits after maxlag and after errors, what
each refusal means for the exit code, what an edit asserts, and the settings that shape it."""

from __future__ import annotations

from pathlib import Path

import mwclient.errors
import pytest

from bot import cli
from bot.errors import ConfigError, WikiError, WikiRateLimited, WikiReadOnly
from bot.settings import DEFAULT_MAXLAG, load_settings
from bot.wiki import deadline
from bot.wiki.api_errors import api_error
from bot.wiki.deadline import BoundedSleeper, StillLagged
from bot.wiki.mediawiki import edit_flags

WIKI_ENV = {
    "SUMMITBOT_WIKI_URL": "https://wiki.example.org/w/api.php",
    "SUMMITBOT_WIKI_USER": "SummitBot@summitbot",
    "SUMMITBOT_WIKI_PASSWORD": "s3cret-bot-password",
}


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the sleeper makes, instead of making them."""
    waits: list[float] = []
    monkeypatch.setattr("bot.wiki.deadline.time.sleep", waits.append)
    return waits


def test_after_maxlag_the_wait_is_the_retry_after_and_never_under_5_s(slept: list[float]) -> None:
    sleeper = BoundedSleeper(retries=0, args=None, time_left=lambda: 100.0)

    sleeper.sleep(1)
    sleeper.sleep(5)
    sleeper.sleep(12)

    assert slept == [5.0, 5.0, 12.0]  # maxlag waits are not the retries after errors (0 here)


def test_a_lag_wait_that_would_pass_the_deadline_is_not_begun(slept: list[float]) -> None:
    left = iter([12.0, 6.0, 4.0])
    sleeper = BoundedSleeper(retries=2, args=None, time_left=lambda: next(left))

    sleeper.sleep(5)
    sleeper.sleep(5)
    with pytest.raises(StillLagged) as lagged:
        sleeper.sleep(5)

    assert slept == [5.0, 5.0]
    assert (lagged.value.waited, lagged.value.asked) == (10.0, 5)
    assert isinstance(lagged.value, mwclient.errors.MaximumRetriesExceeded)  # what mwclient lets through


def test_a_lagged_wiki_is_not_asked_forever_even_without_a_deadline(slept: list[float]) -> None:
    sleeper = BoundedSleeper(retries=2, args=None, time_left=lambda: float("inf"))

    for _ in range(deadline.MOST_LAG_WAITS):
        sleeper.sleep(5)
    with pytest.raises(StillLagged):
        sleeper.sleep(5)
    assert len(slept) == deadline.MOST_LAG_WAITS


def test_after_a_server_error_the_waits_stay_short_and_few(slept: list[float]) -> None:
    sleeper = BoundedSleeper(retries=3, args=None, time_left=lambda: 100.0)

    for _ in range(3):
        sleeper.sleep()
    with pytest.raises(mwclient.errors.MaximumRetriesExceeded):
        sleeper.sleep()

    assert slept == [0.25, 0.5, 1.0]


def test_a_read_only_wiki_says_why_and_is_try_later() -> None:
    error = api_error(mwclient.errors.APIError("readonly", "The wiki is read-only.", {}), "saving", "P", "Upgrade")

    assert isinstance(error, WikiReadOnly)
    assert str(error) == "saving: the wiki is read-only for now: Upgrade; try again later"


def test_a_rate_limit_is_try_later() -> None:
    error = api_error(mwclient.errors.APIError("ratelimited", "Slow down.", {}), "saving", "P")

    assert isinstance(error, WikiRateLimited)
    assert "try again later" in str(error)


@pytest.mark.parametrize("kind", [WikiReadOnly, WikiRateLimited])
def test_read_only_and_rate_limited_exit_75_not_1(kind: type[WikiError]) -> None:
    code = next((code for kinds, code in cli._EXIT_CODES if issubclass(kind, kinds)), cli.EXIT_PROBLEMS)

    assert code == cli.EXIT_LATER == 75


def test_an_unknown_change_tag_names_the_setting() -> None:
    error = api_error(mwclient.errors.APIError("tags-apply-not-allowed-one", "No.", {}), "saving", "P")

    assert "SUMMITBOT_WIKI_TAG" in str(error)
    assert "Special:Tags" in str(error)


def test_a_bot_asserts_bot_and_marks_its_edits_anyone_else_asserts_user() -> None:
    assert edit_flags(bot=True) == {"assert": "bot", "bot": "1"}
    assert edit_flags(bot=False) == {"assert": "user"}


def test_the_change_tag_and_maxlag_come_from_the_environment(tmp_path: Path) -> None:
    environ = {"HOME": str(tmp_path), **WIKI_ENV}

    plain = load_settings(environ).wiki
    tagged = load_settings({**environ, "SUMMITBOT_WIKI_TAG": "summitbot", "SUMMITBOT_WIKI_MAXLAG": "-2"}).wiki

    assert plain is not None
    assert tagged is not None
    assert (plain.tag, plain.maxlag) == (None, DEFAULT_MAXLAG)
    assert (tagged.tag, tagged.maxlag) == ("summitbot", -2)


def test_a_maxlag_that_is_no_whole_number_is_refused_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"SUMMITBOT_WIKI_MAXLAG or \[wiki\] maxlag .* got '2.5'"):
        load_settings({"HOME": str(tmp_path), **WIKI_ENV, "SUMMITBOT_WIKI_MAXLAG": "2.5"})
