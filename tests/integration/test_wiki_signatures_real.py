"""The usual wiki sign-up, `# ~~~~`, saved through the real MediaWiki: `summitbot sync` brings in
the person who signed (name from the user link, their wiki user recorded), never "Bob (talk) 15:34"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from bot.agenda.load import load_agenda
from bot.model import AttendanceStatus
from tests.conftest import EXAMPLES, MINI_SUMMIT, ROOT
from tests.fixtures.mediawiki import LocalWiki
from tests.integration.test_wiki_sync_real import environment, page_text

LAST_NAME = "# Poornima Nayak\n"


@pytest.fixture
def agenda(tmp_path: Path, wiki_page_title: str, local_wiki: LocalWiki) -> Path:
    """The mini-summit agenda, published to a page of its own."""
    path = tmp_path / MINI_SUMMIT
    text = (EXAMPLES / MINI_SUMMIT).read_text()
    path.write_text(text.replace("page: Containers/Mini-summit 2008", f"page: {wiki_page_title}"))
    assert sync(local_wiki, path).returncode == 0
    return path


def sync(wiki: LocalWiki, agenda: Path) -> subprocess.CompletedProcess[str]:
    """`summitbot sync AGENDA` against the local wiki."""
    env = environment(wiki, agenda.parent / "state.sqlite3")
    command = [sys.executable, "-m", "bot", "sync", str(agenda)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def sign(wiki: LocalWiki, title: str, line: str, *, who: str | None) -> str:
    """Add `line` after the last attendee, saved as `who` (None: a visitor, known by IP address);
    returns the line as MediaWiki saved it."""
    text = page_text(wiki, title).replace(LAST_NAME, LAST_NAME + line + "\n")
    if who is None:
        answer = requests.post(wiki.api_url, timeout=30, data={
            "action": "edit", "title": title, "text": text, "token": "+\\", "format": "json",
        })  # fmt: skip
        assert "edit" in answer.json(), answer.text
    else:
        wiki.human_edit(who, title, text)
    saved = page_text(wiki, title)
    return saved.split(LAST_NAME, 1)[1].split("\n", 1)[0]


def person_named(agenda: Path, name: str) -> tuple[str, str | None, AttendanceStatus]:
    loaded = load_agenda(agenda)
    [person] = [p for p in loaded.people if p.name == name]
    [attendee] = [a for a in loaded.attendees if a.person == person.id]
    return person.name, person.wiki_user, attendee.status


def test_bob_signs_with_four_tildes_and_sync_brings_in_bob(
    agenda: Path, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    saved = sign(local_wiki, wiki_page_title, "# ~~~~", who="Bob")
    assert saved.startswith("# [[User:Bob|Bob]] ([[User talk:Bob|talk]]) ")
    assert saved.endswith(" (UTC)")
    result = sync(local_wiki, agenda)
    assert result.returncode == 0, result.stderr
    assert person_named(agenda, "Bob") == ("Bob", "Bob", AttendanceStatus.CONFIRMED)
    names = [p.name for p in load_agenda(agenda).people]
    assert not [name for name in names if "talk" in name or ":" in name]
    assert "# [[User:Bob|Bob]]\n" in page_text(local_wiki, wiki_page_title)
    again = sync(local_wiki, agenda)
    assert "in step: nothing to do" in again.stdout


def test_a_name_then_three_tildes_and_maybe(agenda: Path, local_wiki: LocalWiki, wiki_page_title: str) -> None:
    saved = sign(local_wiki, wiki_page_title, "# Alice Liddell (maybe) ~~~", who="Alice")
    assert saved == "# Alice Liddell (maybe) [[User:Alice|Alice]] ([[User talk:Alice|talk]])"
    assert sync(local_wiki, agenda).returncode == 0
    assert person_named(agenda, "Alice Liddell") == ("Alice Liddell", "Alice", AttendanceStatus.TENTATIVE)


def test_a_visitor_signs_and_is_known_by_their_address(
    agenda: Path, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    saved = sign(local_wiki, wiki_page_title, "# ~~~~ – arriving late", who=None)
    assert saved.startswith("# [[Special:Contributions/127.0.0.1|127.0.0.1]] ")
    result = sync(local_wiki, agenda)
    assert result.returncode == 0, result.stderr
    assert person_named(agenda, "127.0.0.1") == ("127.0.0.1", "127.0.0.1", AttendanceStatus.CONFIRMED)
    [attendee] = [a for a in load_agenda(agenda).attendees if a.note == "arriving late"]
    assert load_agenda(agenda).person(attendee.person).name == "127.0.0.1"
