"""`summitbot minutes --publish` through the real command line, against a real MediaWiki.

Lars posted his hackathon notes to xen-devel; the organiser runs `summitbot minutes NOTES --agenda
AGENDA --publish`: the minutes page appears on the wiki, the retrospective block of the event page
links to it, and George's action is in the YAML and under "Open action items". Publishing again
changes nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from tests.conftest import EXAMPLES, ROOT
from tests.fixtures.mediawiki import LocalWiki
from tests.integration.test_wiki_sync_real import environment, page_text

NOTES = ROOT / "tests" / "fixtures" / "minutes" / "xen-hackathon-minutes.txt"
SESSION = "retrospective-4-3"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def agenda(tmp_path: Path, wiki_page_title: str) -> Path:
    """The Xen hackathon agenda, published to a page of its own."""
    path = tmp_path / "xen-4.4-hackathon.yaml"
    text = (EXAMPLES / "xen-4.4-hackathon.yaml").read_text()
    path.write_text(text.replace("page: Xen 4.4 Hackathon", f"page: {wiki_page_title}"))
    return path


@pytest.fixture
def summitbot(local_wiki: LocalWiki, tmp_path: Path) -> Run:
    """Runs `summitbot ARGS` with the local wiki configured in its environment."""

    def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", *map(str, arguments)]
        env = environment(local_wiki, tmp_path / "state.sqlite3")
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)

    return run


def publish(summitbot: Run, agenda: Path) -> subprocess.CompletedProcess[str]:
    return summitbot("minutes", NOTES, "--agenda", agenda, "--publish", "--session", SESSION, "--date", "2013-05-15")


def test_publishing_the_hackathon_notes(
    agenda: Path, summitbot: Run, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    assert summitbot("sync", agenda).returncode == 0
    before = {action.id for action in load_agenda(agenda).actions}

    result = publish(summitbot, agenda)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Minutes: [Hackathon Minutes] Xen 4.4 Planning\n")

    loaded = load_agenda(agenda)
    [session] = [s for s in loaded.sessions if s.id == SESSION]
    minutes_page = f"{wiki_page_title}/Minutes/2013-05-15 4.3 release cycle: what worked well / didn't work well"
    assert session.minutes == minutes_page
    [new] = [action for action in loaded.actions if action.id not in before]
    assert new.owner == "george"
    assert "proposal for the beginning of the 4.4 release cycle" in new.text
    assert (new.source.session, str(new.source.date), new.source.minutes) == (SESSION, "2013-05-15", minutes_page)

    minutes = page_text(local_wiki, minutes_page)
    assert f"=== George Dunlap ===\n* '''{new.id}'''" in minutes
    assert "'''When:''' Wednesday 15 May 2013, 14:00–15:30 (Europe/London)" in minutes

    event = page_text(local_wiki, wiki_page_title)
    [block] = [line for line in event.splitlines() if f'<span id="{SESSION}">' in line]
    assert block.endswith(f"([[{minutes_page}|minutes]])")
    open_items = event.split("== Open action items ==", 1)[1].split("\n== ", 1)[0]
    assert re.search(rf"^\* '''{new.id}''' George Dunlap: .*proposal for the beginning", open_items, re.MULTILINE)

    revisions = local_wiki.revision_count(minutes_page), local_wiki.revision_count(wiki_page_title)
    yaml = agenda.read_text()
    again = publish(summitbot, agenda)
    assert again.returncode == 0, again.stderr
    assert "already up to date" in again.stderr
    assert agenda.read_text() == yaml
    assert (local_wiki.revision_count(minutes_page), local_wiki.revision_count(wiki_page_title)) == revisions


def test_publishing_needs_an_agenda(summitbot: Run) -> None:
    result = summitbot("minutes", NOTES, "--publish")
    assert result.returncode == 1
    assert "--publish needs --agenda" in result.stderr
