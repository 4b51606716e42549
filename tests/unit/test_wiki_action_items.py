"""An open action item struck through (or marked done) on the wiki page is done in the YAML;
its line's text stays the agenda's, and removing the line is a conflict, not a closure."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.model import ActionStatus
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.memory import MemoryWiki
from bot.wiki.page import _action

XEN = "xen-4.4-hackathon.yaml"
TITLE = "Xen 4.4 Hackathon"
DUE = " <small>(due 2013-06-28)</small>"
LINE = "* '''A1''' George Dunlap: Write up a proposal for the beginning of the 4.4 release cycle"


@pytest.fixture
def agenda(agendas: Path) -> Path:
    return agendas / XEN


@pytest.fixture
def wiki(agenda: Path, store: StateStore) -> MemoryWiki:
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    return wiki


def page(wiki: MemoryWiki) -> str:
    text = wiki.read([TITLE])[TITLE].text
    assert text is not None
    return text


def edit(wiki: MemoryWiki, old: str, new: str) -> None:
    text = page(wiki)
    assert text.count(old) == 1, old
    wiki.human_edit(TITLE, text.replace(old, new))


def status(agenda: Path, action: str) -> ActionStatus:
    return next(a.status for a in load_agenda(agenda).actions if a.id == action)


def test_the_page_lists_open_action_items(wiki: MemoryWiki) -> None:
    assert LINE in page(wiki)


@pytest.mark.parametrize(
    "marked",
    [
        "* <s>'''A1''' George Dunlap: Write up a proposal for the beginning of the 4.4 release cycle</s>" + DUE,
        LINE + " (done)" + DUE,
        LINE + DUE + " \u2713",
        LINE + DUE + " DONE",
        LINE + DUE + " done",
    ],
)
def test_an_action_struck_or_marked_done_on_the_wiki_is_done_in_the_yaml(
    agenda: Path, wiki: MemoryWiki, store: StateStore, marked: str
) -> None:
    edit(wiki, LINE + DUE, marked)

    report = sync_wiki(agenda, wiki, store)

    assert "action item done: A1" in report.agenda_changes
    assert status(agenda, "A1") is ActionStatus.DONE
    assert "'''A1'''" not in page(wiki)  # done items leave the list of open ones
    assert report.new_conflicts == 0
    assert sync_wiki(agenda, wiki, store).agenda_changes == []


def test_an_action_line_removed_by_hand_is_a_conflict_and_comes_back(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    edit(wiki, LINE + DUE + "\n", "")

    report = sync_wiki(agenda, wiki, store)

    assert status(agenda, "A1") is ActionStatus.OPEN
    assert report.new_conflicts == 1
    assert LINE in page(wiki)


def test_done_inside_an_actions_own_text_is_no_mark() -> None:
    assert _action("'''A7''' Ada: get the done list out", []) == ("A7", "A7 Ada: get the done list out", False)


def test_an_action_text_edited_on_the_wiki_is_the_agendas_again(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    edit(wiki, "Write up a proposal", "Forget about a proposal")

    sync_wiki(agenda, wiki, store)

    assert LINE in page(wiki)
    assert status(agenda, "A1") is ActionStatus.OPEN
