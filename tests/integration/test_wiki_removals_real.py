"""People removed, struck or cut from the event page by hand, against the real MediaWiki and the
real command line: Alice deletes lines in one edit, `summitbot sync` runs, and exactly those
people leave the YAML; what the agenda cannot take is held as a conflict, and no sync is ever
stuck on it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.agenda.references import roles_of
from tests.fixtures.mediawiki import LocalWiki
from tests.integration.test_wiki_sync_real import Sync, agenda, attendees, page_text, summitbot_sync

__all__ = ["agenda", "summitbot_sync"]  # fixtures


def cut(text: str, names: list[str]) -> str:
    for name in names:
        assert f"# {name}\n" in text, name
        text = text.replace(f"# {name}\n", "", 1)
    return text


def plain_attendees(agenda: Path, text: str) -> list[str]:
    """Attendees no other record names, whose page line is just their name."""
    loaded = load_agenda(agenda)
    names = [loaded.person(a.person).name for a in loaded.attendees if not roles_of(loaded, a.person)]
    return [name for name in names if f"# {name}\n" in text]


@pytest.mark.parametrize("count", [2, 3, 4, 17])
def test_removing_names_in_one_edit_removes_exactly_those(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str, count: int
) -> None:
    assert summitbot_sync("sync", agenda).returncode == 0
    before, text = attendees(agenda), page_text(local_wiki, wiki_page_title)
    gone = (
        ["Denis Lunev", "Sudhir Kumar"]
        if count == 2
        else random.Random(count).sample(plain_attendees(agenda, text), count)
    )
    local_wiki.human_edit("Alice", wiki_page_title, cut(text, gone))

    result = summitbot_sync("sync", agenda)

    assert result.returncode == 0, result.stderr
    assert attendees(agenda) == [name for name in before if name not in gone]
    assert sorted(re.findall(r"attendee removed: (.*)", result.stdout)) == sorted(gone)
    text = page_text(local_wiki, wiki_page_title)
    assert not [name for name in gone if f"# {name}\n" in text]
    again = summitbot_sync("sync", agenda)
    assert again.returncode == 0, again.stderr
    assert "in step: nothing to do" in again.stdout


def test_a_vandal_striking_every_name_is_held_for_the_organisers(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    assert summitbot_sync("sync", agenda).returncode == 0
    before = agenda.read_text()
    text = page_text(local_wiki, wiki_page_title)
    local_wiki.human_edit("Bob", wiki_page_title, re.sub(r"(?m)^# (.*)$", r"# <s>\1</s>", text), summary="lol")

    result = summitbot_sync("sync", agenda)

    assert result.returncode == 0, result.stderr
    assert agenda.read_text() == before
    assert "held: the page removed or struck 34 of the 34 attendees at once" in result.stdout
    assert "<s>" not in page_text(local_wiki, wiki_page_title)
    listed = summitbot_sync("conflicts", agenda)
    assert listed.stdout.count("why: the page removed or struck 34") >= 34
    assert "in step: nothing to do" in summitbot_sync("sync", agenda).stdout


def test_removing_a_moderator_from_the_list_is_a_conflict_never_a_stuck_agenda(
    agenda: Path, summitbot_sync: Sync, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    assert summitbot_sync("sync", agenda).returncode == 0
    text = page_text(local_wiki, wiki_page_title)
    local_wiki.human_edit("Alice", wiki_page_title, cut(text, ["Dave Hansen", "Kamalesh Babulal"]))

    result = summitbot_sync("sync", agenda)

    assert result.returncode == 0, result.stderr
    assert "Dave Hansen" in attendees(agenda)
    assert "Kamalesh Babulal" not in attendees(agenda)
    assert "moderator of 'Namespaces/Containers'" in result.stdout
    assert "# Dave Hansen\n" in page_text(local_wiki, wiki_page_title)
    for _ in range(2):  # every later sync goes through
        later = summitbot_sync("sync", agenda)
        assert later.returncode == 0, later.stderr
        assert "in step: nothing to do" in later.stdout
