"""`summitbot sync` (and serve's loop) syncs the minutes pages the bot published, before the
event page: a scribe's correction of an action item reaches the YAML, the event page and the
calendar in the same run, and an action item closed on the event page shows as done on its
minutes page in the same run too; a sync after that changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.cli.sync_text import print_result
from bot.minutes.publish import publish_minutes
from bot.model import ActionItem
from bot.sync.agenda_sync import Targets, sync_agenda
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.memory import MemoryWiki
from tests.unit.test_minutes_corrections import OWNER, TYPO, correct, meeting, page
from tests.unit.test_minutes_publish import EVENT_PAGE, agenda

__all__ = ["agenda"]  # a fixture


@pytest.fixture
def wiki(agenda: Path, store: StateStore) -> MemoryWiki:
    """The event page published, then the retrospective's minutes, then the event page again
    (it links the minutes and lists their action items)."""
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    publish_minutes(agenda, meeting(), wiki, store)
    sync_wiki(agenda, wiki, store)
    return wiki


def action(agenda: Path, action_id: str) -> ActionItem:
    return next(action for action in load_agenda(agenda).actions if action.id == action_id)


def test_sync_brings_a_correction_to_the_event_page_in_the_same_run(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    assert "* '''A6''' Ian Campbell: Trial patchwork for a month" in page(wiki, EVENT_PAGE)
    correct(wiki, OWNER, TYPO)
    result = sync_agenda(agenda, Targets(wiki, None), store)
    assert result.ok
    assert [report.agenda_changes for report in result.minutes] == [
        ["action item A6: owner 'Ian Jackson' (from the minutes page)"]
    ]
    assert action(agenda, "A6").owner == "iwj"
    assert "* '''A6''' Ian Jackson: Trial patchwork for a month" in page(wiki, EVENT_PAGE)
    assert TYPO[1] in page(wiki)
    edits = wiki.edits
    again = sync_agenda(agenda, Targets(wiki, None), store)
    assert (again.ok, wiki.edits, [report.saved for report in again.minutes]) == (True, edits, [False])


def test_an_action_struck_through_on_the_event_page_is_done_on_its_minutes_page_in_the_same_sync(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    event_page = page(wiki, EVENT_PAGE)
    line = next(line for line in event_page.splitlines() if line.startswith("* '''A6'''"))
    wiki.human_edit(EVENT_PAGE, event_page.replace(line, f"* <s>{line[2:]}</s>"))
    result = sync_agenda(agenda, Targets(wiki, None), store)
    assert result.ok
    assert action(agenda, "A6").status.value == "done"
    assert "(Ian Campbell; due 2013-06-14; done)" in page(wiki)
    edits = wiki.edits
    assert sync_agenda(agenda, Targets(wiki, None), store).ok
    assert wiki.edits == edits


def test_an_agenda_with_no_minutes_published_reads_no_more_pages(agenda: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    reads = wiki.reads
    result = sync_agenda(agenda, Targets(wiki, None), store)
    assert (result.minutes, wiki.reads - reads) == ([], 2)  # the event page and the roadmap page


def test_a_minutes_page_the_wiki_cannot_give_is_queued_and_the_event_page_still_tried(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    wiki.down = True
    result = sync_agenda(agenda, Targets(wiki, None), store)
    assert len(result.minutes_errors) == 1
    assert result.wiki_error is not None
    queued = {pending.target for pending in store.pending()}
    assert f"wiki:{EVENT_PAGE}" in queued
    assert any(target.startswith(f"wiki:{EVENT_PAGE}/Minutes/") for target in queued)


def test_a_dry_run_says_what_the_minutes_page_would_bring_and_changes_nothing(
    agenda: Path, wiki: MemoryWiki, store: StateStore, capsys: pytest.CaptureFixture[str]
) -> None:
    correct(wiki, OWNER, TYPO)
    yaml, edits = agenda.read_text(), wiki.edits
    result = sync_agenda(agenda, Targets(wiki, None), store, dry_run=True)
    print_result(result, dry_run=True)
    assert (agenda.read_text(), wiki.edits) == (yaml, edits)
    out = capsys.readouterr().out
    assert "  agenda <- minutes page: action/A6/owner: 'Ian Campbell' -> 'Ian Jackson'" in out
    assert f"  minutes page keeps what people wrote: line/* '''AGREED''': {TYPO[1]}\n" in out
    assert f"  minutes page keeps what people wrote: line/* '''AGREED''': {TYPO[0]} (removed)\n" in out
