"""The wiki sync through the real command line, against a real MediaWiki on 127.0.0.1.

Alice and Bob edit the page by hand, the organiser edits the YAML, `summitbot sync` runs, and
nobody's edit is lost.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.settings import load_settings, user_agent
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.mediawiki import MediaWiki
from bot.wiki.port import Page
from tests.conftest import EXAMPLES, MINI_SUMMIT, ROOT
from tests.fixtures.mediawiki import LocalWiki

Sync = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def agenda(tmp_path: Path, wiki_page_title: str) -> Path:
    """The mini-summit agenda, published to a page of its own."""
    path = tmp_path / MINI_SUMMIT
    text = (EXAMPLES / MINI_SUMMIT).read_text()
    path.write_text(text.replace("page: Containers/Mini-summit 2008", f"page: {wiki_page_title}"))
    return path


def environment(wiki: LocalWiki, state: Path) -> dict[str, str]:
    """The bot's environment: this wiki, this state file, and no config file of the machine's."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("SUMMITBOT_")}
    return {
        **inherited,
        "SUMMITBOT_WIKI_URL": wiki.api_url,
        "SUMMITBOT_WIKI_USER": wiki.bot_account.user,
        "SUMMITBOT_WIKI_PASSWORD": wiki.bot_account.password,
        "SUMMITBOT_STATE": str(state),
        "XDG_CONFIG_HOME": str(state.parent / "no-config"),
    }


@pytest.fixture
def summitbot_sync(local_wiki: LocalWiki, tmp_path: Path) -> Sync:
    """Runs `summitbot ARGS` with the local wiki configured in its environment."""

    def run(*arguments: str | Path, wiki: LocalWiki = local_wiki) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", *map(str, arguments)]
        env = environment(wiki, tmp_path / "state.sqlite3")
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)

    return run


def page_text(wiki: LocalWiki, title: str) -> str:
    return str(wiki.revisions(title)[-1]["slots"]["main"]["content"])


def attendees(agenda: Path) -> list[str]:
    loaded = load_agenda(agenda)
    return [loaded.person(a.person).name for a in loaded.attendees]


def test_first_publish_then_a_second_sync_makes_no_edit(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    first = summitbot_sync("sync", agenda)
    assert first.returncode == 0, first.stderr
    assert "saved revision" in first.stdout
    assert "# Pavel Emelyanov" in page_text(local_wiki, wiki_page_title)
    [revision] = local_wiki.revisions(wiki_page_title)
    assert revision["comment"] == "summitbot: publish the agenda of Containers mini-summit 2008"
    assert revision["user"] == "SummitBot"
    second = summitbot_sync("sync", agenda)
    assert second.returncode == 0, second.stderr
    assert "in step: nothing to do" in second.stdout
    assert local_wiki.revision_count(wiki_page_title) == 1


def test_two_names_and_a_topic_added_on_the_wiki_reach_the_yaml(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    summitbot_sync("sync", agenda)
    text = page_text(local_wiki, wiki_page_title)
    text = text.replace("# Poornima Nayak\n", "# Poornima Nayak\n# Ada Lovelace (maybe)\n# Jürgen Großmann\n")
    local_wiki.human_edit("Alice", wiki_page_title, text.replace("* Syslog\n", "* Syslog\n* Live migration\n"))
    result = summitbot_sync("sync", agenda)
    assert result.returncode == 0, result.stderr
    assert attendees(agenda)[-2:] == ["Ada Lovelace", "Jürgen Großmann"]
    assert "Live migration" in [proposal.title for proposal in load_agenda(agenda).proposals]
    assert "# Ada Lovelace (tentative)" in page_text(local_wiki, wiki_page_title)


def test_a_block_changed_in_yaml_while_bob_adds_a_name_both_survive(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    summitbot_sync("sync", agenda)
    agenda.write_text(agenda.read_text().replace('start: "11:30"', 'start: "11:45"'))
    text = page_text(local_wiki, wiki_page_title)
    local_wiki.human_edit("Bob", wiki_page_title, text.replace("# Denis Lunev\n", "# Denis Lunev\n# Bob Example\n"))
    result = summitbot_sync("sync", agenda)
    assert result.returncode == 0, result.stderr
    assert "Cgroups+Resource management block now 11:45-14:00" in local_wiki.revisions(wiki_page_title)[-1]["comment"]
    assert "Bob Example" in attendees(agenda)
    text = page_text(local_wiki, wiki_page_title)
    assert "(11:45–14:00, Albion A)" in text
    assert "# Bob Example" in text
    assert summitbot_sync("sync", agenda).returncode == 0
    assert local_wiki.revision_count(wiki_page_title) == 3


class Interrupted(MediaWiki):
    """The real adapter, with Alice saving an edit right after the bot's first read."""

    def __init__(self, wiki: LocalWiki, edit: Callable[[str], str]) -> None:
        super().__init__(wiki.bot_account, user_agent=user_agent(load_settings({})))
        self.local, self.edit_once = wiki, edit
        self.interrupted = False

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        pages = super().read(titles)
        if not self.interrupted:
            self.interrupted = True
            [title] = titles
            self.local.human_edit("Alice", title, self.edit_once(pages[title].text or ""))
        return pages


def test_a_real_edit_conflict_is_read_merged_and_retried(
    agenda: Path, tmp_path: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    summitbot_sync("sync", agenda)
    store = StateStore(tmp_path / "state.sqlite3")
    agenda.write_text(
        agenda.read_text().replace("  - name: Gyuil Cha\n    via", "  - Ada Lovelace\n  - name: Gyuil Cha\n    via")
    )
    # Alice adds a name on the very line the bot is about to change: MediaWiki cannot merge that
    wiki = Interrupted(
        local_wiki, lambda text: text.replace("# Poornima Nayak\n", "# Poornima Nayak\n# Grace Hopper\n")
    )
    report = sync_wiki(agenda, wiki, store)
    assert report.attempts == 2
    assert "Grace Hopper" in attendees(agenda)
    text = page_text(local_wiki, wiki_page_title)
    assert "# Grace Hopper" in text
    assert "# Ada Lovelace" in text
    assert not sync_wiki(agenda, wiki, store).edited


def test_a_wiki_that_is_down_keeps_the_change_until_it_is_back(
    agenda: Path, summitbot_sync: Sync, tmp_path: Path, wiki_page_title: str
) -> None:
    wiki = LocalWiki.start(tmp_path / "own-wiki")
    try:
        assert summitbot_sync("sync", agenda, wiki=wiki).returncode == 0
        agenda.write_text(agenda.read_text().replace("  - Denis Lunev\n", "  - Denis Lunev\n  - Ada Lovelace\n"))
        wiki.stop()
        down = summitbot_sync("sync", agenda, wiki=wiki)
        assert down.returncode == 75
        assert "unreachable" in down.stderr or "could not" in down.stderr, down.stderr
        assert "Traceback" not in down.stderr
        [pending] = StateStore(tmp_path / "state.sqlite3").pending()
        assert pending.target == f"wiki:{wiki_page_title}"
        wiki.resume()
        back = summitbot_sync("sync", agenda, wiki=wiki)
        assert back.returncode == 0, back.stderr
        assert "# Ada Lovelace" in page_text(wiki, wiki_page_title)
        assert StateStore(tmp_path / "state.sqlite3").pending() == []
    finally:
        wiki.stop()


HOSTILE = {
    "template": "{{Delete}}",
    "category": "[[Category:Spam]]",
    "link": "[http://evil.example click here]",
    "signature": "~~~~",
    "magic": "__NOTOC__",
    "heading": "== Owned ==",
    "html": "<script>alert(1)</script><b>bold</b>",
    "breakout": "</nowiki><!-- hidden -->",
    "table": "{| | a || b |}",
    "bold": "'''not bold'''",
}


def test_hostile_text_renders_as_plain_text(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    names = "".join(
        f"  - name: {json.dumps('Mallory ' + value)}\n    note: {json.dumps(value)}\n" for value in HOSTILE.values()
    )
    text = agenda.read_text().replace("  - Pavel Emelyanov\n", "  - Pavel Emelyanov\n" + names)
    agenda.write_text(text.replace("title: Cgroups+Resource management", "title: '* {{Delete}} | ~~~~'"))
    result = summitbot_sync("sync", agenda)
    assert result.returncode == 0, result.stderr
    parsed = local_wiki.api_get(action="parse", page=wiki_page_title, prop="text|categories|templates|links|sections")
    page = parsed["parse"]
    assert page["categories"] == []
    assert page["templates"] == []
    assert [link["title"] for link in page["links"]] == ["User:Gicha"]
    headings = [section["line"] for section in page["sections"]]
    assert "Owned" not in headings
    shown = html.unescape(re.sub(r"<[^>]+>", "", page["text"]))
    for value in HOSTILE.values():
        assert f"Mallory {' '.join(value.split())}" in shown, value
    assert "* {{Delete}} | ~~~~" in shown
    assert "<script>" not in page["text"]
    saved = page_text(local_wiki, wiki_page_title)
    assert "[[User:SummitBot" not in saved  # no signature was expanded on save
    assert "in step" in summitbot_sync("sync", agenda).stdout  # hostile text reads back as itself


def test_sync_dry_run_prints_the_plan_and_changes_nothing(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    summitbot_sync("sync", agenda)
    text = page_text(local_wiki, wiki_page_title)
    local_wiki.human_edit("Alice", wiki_page_title, text.replace("# Denis Lunev\n", "# Denis Lunev\n# Ada Lovelace\n"))
    before = agenda.read_text()
    result = summitbot_sync("sync", agenda, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "agenda <- wiki: attendee/ada lovelace: None -> 'Ada Lovelace'" in result.stdout
    assert agenda.read_text() == before
    assert local_wiki.revision_count(wiki_page_title) == 2


def test_conflicts_are_listed_for_the_organiser(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    summitbot_sync("sync", agenda)
    agenda.write_text(agenda.read_text().replace("title: Cgroups+Resource management", "title: Cgroups"))
    text = page_text(local_wiki, wiki_page_title)
    local_wiki.human_edit(
        "Bob", wiki_page_title, text.replace("'''Cgroups+Resource management'''", "'''Resource control'''")
    )
    result = summitbot_sync("sync", agenda)
    assert "1 new conflict(s)" in result.stdout
    listed = summitbot_sync("conflicts", agenda)
    assert "block/cgroups/title" in listed.stdout
    assert "agenda (kept): 'Cgroups'" in listed.stdout
    assert "wiki (not applied): 'Resource control'" in listed.stdout
    assert summitbot_sync("conflicts", agenda, "--clear").returncode == 0
    assert "no conflicts" in summitbot_sync("conflicts", agenda).stdout


def test_import_wiki_adopts_a_page_from_the_wiki(
    tmp_path: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    source = (ROOT / "tests" / "fixtures" / "wiki" / "containers-mini-summit-2008.wiki").read_text()
    local_wiki.human_edit("Alice", wiki_page_title, source)
    output = tmp_path / "adopted.yaml"
    result = summitbot_sync("import-wiki", "--page", wiki_page_title, "-o", output, "--timezone", "America/Toronto")
    assert result.returncode == 0, result.stderr
    assert len(load_agenda(output).attendees) == 34
    assert summitbot_sync("check", output).returncode == 0
    shutil.copy(output, tmp_path / "again.yaml")
    refused = summitbot_sync("import-wiki", "--page", wiki_page_title, "-o", tmp_path / "again.yaml")
    assert refused.returncode == 1
    assert "exists" in refused.stderr
