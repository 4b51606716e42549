"""The bot keeps MediaWiki's etiquette on a real wiki: it waits as long as a lagged wiki asks (at
least 5 s) and no longer than its deadline; a read-only wiki makes `summitbot sync` exit 75 with
the administrators' reason and the change queued, and so does a wiki that rate-limits its edits;
a bot-flagged account asserts `bot`, any other account `user`; the configured change tag goes
with every edit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests

from bot.errors import WikiError, WikiUnavailable
from bot.settings import WikiAccount
from bot.sync.state import StateStore
from bot.wiki.mediawiki import MediaWiki
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.mediawiki_etiquette import define_change_tag, human_account, read_only, settings_added
from tests.fixtures.summit import EXAMPLE

USER_AGENT = "summitbot/0.1.0 (https://github.com/summitbot/summitbot; tests)"
AGENDA = "== Monday ==\n* 09:00 Welcome"
REASON = "Database maintenance until 10:00 UTC"
ALWAYS_LAGGED = -2  # a wiki without replicas reports a lag of -1 s: maxlag=-1 is never exceeded, -2 always


def sent_edits(wiki: MediaWiki) -> list[tuple[dict[str, str], str]]:
    """Record each `action=edit` the adapter posts, with the API error it got back ('' for none)."""
    edits: list[tuple[dict[str, str], str]] = []

    def record(response: requests.Response, *args: object, **kwargs: object) -> None:
        body = response.request.body
        form = {key: values[0] for key, values in parse_qs(body if isinstance(body, str) else "").items()}
        if form.get("action") == "edit":
            edits.append((form, response.headers.get("MediaWiki-API-Error", "")))

    wiki._session.hooks["response"].append(record)
    return edits


def bot_flags(local_wiki: LocalWiki, title: str) -> list[bool]:
    """For each edit of `title` in recent changes, oldest first: whether it is marked as a bot's."""
    changes = local_wiki.api_get(action="query", list="recentchanges", rcprop="ids|flags|title", rclimit="100",
                                 rctitle=title, rcdir="newer")  # fmt: skip
    return [bool(change["bot"]) for change in changes["query"]["recentchanges"]]


@pytest.fixture
def adapter(local_wiki: LocalWiki) -> Iterator[MediaWiki]:
    """The adapter as the bot account, which is in the wiki's bot group."""
    wiki = MediaWiki(local_wiki.bot_account, user_agent=USER_AGENT)
    yield wiki
    wiki.close()


def run_sync(
    tmp_path: Path, account: WikiAccount, page: str, **settings: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`summitbot sync` of the example agenda (on page `page`) with only this wiki configured; a later
    run syncs the agenda as the test left it."""
    agenda = tmp_path / "containers.yaml"
    if not agenda.exists():
        agenda.write_text(EXAMPLE.read_text().replace("page: Containers/Mini-summit 2008", f"page: {page}"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SUMMITBOT_", "SLACK_"))},
        "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
        "SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"),
        "SUMMITBOT_WIKI_URL": account.url,
        "SUMMITBOT_WIKI_USER": account.user,
        "SUMMITBOT_WIKI_PASSWORD": account.password,
        **settings,
    }
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "bot", "sync", str(agenda)], env=env, capture_output=True,
                         text=True, timeout=120, check=False)  # fmt: skip
    return run, time.monotonic() - started


def queued(tmp_path: Path) -> dict[str, str]:
    """The state store's queue: target -> the error that left it there."""
    return {pending.target: pending.last_error or "" for pending in StateStore(tmp_path / "state.sqlite3").pending()}


def test_a_read_only_wiki_makes_sync_exit_75_with_its_reason_and_the_change_queued(
    local_wiki: LocalWiki, tmp_path: Path, wiki_page_title: str
) -> None:
    with read_only(local_wiki, REASON):
        run, _ = run_sync(tmp_path, local_wiki.bot_account, wiki_page_title)

    assert run.returncode == 75, run.stderr
    assert f"the wiki is read-only for now: {REASON}; try again later" in run.stderr
    assert REASON in queued(tmp_path)[f"wiki:{wiki_page_title}"]
    assert local_wiki.revision_count(wiki_page_title) == 0

    again, _ = run_sync(tmp_path, local_wiki.bot_account, wiki_page_title)  # maintenance is over
    assert again.returncode == 0, again.stderr
    assert queued(tmp_path) == {}
    assert local_wiki.revision_count(wiki_page_title) == 1


def test_a_lagged_wiki_is_given_the_wait_it_asks_then_sync_exits_75(
    local_wiki: LocalWiki, tmp_path: Path, wiki_page_title: str
) -> None:
    settings = {"SUMMITBOT_WIKI_MAXLAG": str(ALWAYS_LAGGED), "SUMMITBOT_WIKI_TIMEOUT": "8"}
    run, took = run_sync(tmp_path, local_wiki.bot_account, wiki_page_title, **settings)

    assert run.returncode == 75, run.stderr
    assert "stayed lagged beyond maxlag -2 s; the bot waited 5 s as the wiki asked (Retry-After 5 s)" in run.stderr
    assert 5 <= took < 8 + 5  # one wait of 5 s: a second one would not end within the 8 s
    assert f"wiki:{wiki_page_title}" in queued(tmp_path)


def test_the_adapter_waits_out_the_lag_within_its_deadline(local_wiki: LocalWiki) -> None:
    wiki = MediaWiki(local_wiki.bot_account, user_agent=USER_AGENT, timeout=12, maxlag=ALWAYS_LAGGED)
    started = time.monotonic()

    with pytest.raises(WikiUnavailable, match="the bot waited 10 s as the wiki asked"):
        wiki.read(["Main Page"])

    assert 10 <= time.monotonic() - started < 12


def test_the_bot_account_asserts_bot_and_flags_its_edits(
    local_wiki: LocalWiki, adapter: MediaWiki, wiki_page_title: str
) -> None:
    edits = sent_edits(adapter)

    adapter.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")

    [(form, error)] = edits
    assert (form["assert"], form.get("bot"), error) == ("bot", "1", "")
    assert "tags" not in form
    assert bot_flags(local_wiki, wiki_page_title) == [True]


def test_an_account_without_the_bot_flag_asserts_user(local_wiki: LocalWiki, wiki_page_title: str) -> None:
    alice = MediaWiki(human_account(local_wiki, "Alice"), user_agent=USER_AGENT)
    edits = sent_edits(alice)

    alice.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")

    [(form, error)] = edits
    assert (form["assert"], form.get("bot"), error) == ("user", None, "")
    assert bot_flags(local_wiki, wiki_page_title) == [False]


def test_a_bot_that_lost_its_flag_is_caught_by_assert_bot_and_saves_as_a_user(
    local_wiki: LocalWiki, adapter: MediaWiki, wiki_page_title: str
) -> None:
    adapter.read(["Main Page"])  # logged in while still a bot
    edits = sent_edits(adapter)

    with settings_added(local_wiki, "$wgRevokePermissions['bot']['bot'] = true;"):
        adapter.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")

    assert [(form["assert"], error) for form, error in edits] == [("bot", "assertbotfailed"), ("user", "")]
    assert bot_flags(local_wiki, wiki_page_title) == [False]


def test_the_configured_change_tag_goes_with_every_edit(local_wiki: LocalWiki, wiki_page_title: str) -> None:
    define_change_tag(local_wiki, "summitbot")
    wiki = MediaWiki(replace(local_wiki.bot_account, tag="summitbot"), user_agent=USER_AGENT)

    saved = wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
    wiki.edit(wiki_page_title, AGENDA + "\n* 10:00 Talks", base_revision=saved.revision, summary="update")

    answer = local_wiki.api_get(action="query", prop="revisions", titles=wiki_page_title, rvprop="tags",
                                rvlimit="max")  # fmt: skip
    assert [revision["tags"] for revision in answer["query"]["pages"][0]["revisions"]] == [["summitbot"]] * 2


def test_a_tag_the_wiki_does_not_know_is_a_clear_error(local_wiki: LocalWiki, wiki_page_title: str) -> None:
    wiki = MediaWiki(replace(local_wiki.bot_account, tag="no-such-tag"), user_agent=USER_AGENT)

    with pytest.raises(WikiError, match=r"define it on Special:Tags .* or unset SUMMITBOT_WIKI_TAG"):
        wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")


# One edit an hour for everyone, bots and administrators included; the limiter counts in the
# database cache, as a wiki without memcached keeps it.
RATE_LIMITED = """\
$wgMainCacheType = CACHE_DB;
$wgRateLimits['edit'] = ['user' => [1, 3600], 'newbie' => [1, 3600], 'ip' => [1, 3600]];
foreach (['bot', 'sysop', 'bureaucrat', 'user', 'autoconfirmed', 'interface-admin'] as $group) {
    $wgRevokePermissions[$group]['noratelimit'] = true;
}
"""


def test_a_rate_limited_wiki_makes_sync_exit_75_with_the_change_queued(
    local_wiki: LocalWiki, tmp_path: Path, wiki_page_title: str
) -> None:
    with settings_added(local_wiki, RATE_LIMITED):
        first, _ = run_sync(tmp_path, local_wiki.bot_account, wiki_page_title)
        agenda = tmp_path / "containers.yaml"
        agenda.write_text(agenda.read_text().replace("Device accessibility cgroup", "Device access cgroup"))
        limited, _ = run_sync(tmp_path, local_wiki.bot_account, wiki_page_title)

    assert first.returncode == 0, first.stderr
    assert limited.returncode == 75, limited.stderr
    assert "the wiki asked the bot to slow down" in limited.stderr
    assert "slow down" in queued(tmp_path)[f"wiki:{wiki_page_title}"]
    assert local_wiki.revision_count(wiki_page_title) == 1

    again, _ = run_sync(tmp_path, local_wiki.bot_account, wiki_page_title)  # the limit is lifted
    assert again.returncode == 0, again.stderr
    assert queued(tmp_path) == {}
    assert local_wiki.revision_count(wiki_page_title) == 2
