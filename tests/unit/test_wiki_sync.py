"""Two-way sync of an agenda with its page, against the in-memory wiki (the real one: integration/).

Each test reads like what happens: the bot publishes, somebody edits the page by hand, the
organiser edits the YAML, the bot syncs, and both edits are there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.errors import WikiUnavailable
from bot.model import Channel
from bot.sync.merge import record_of
from bot.sync.state import StateStore
from bot.sync.wiki_sync import SyncGaveUp, read_pages, sync_wiki
from bot.wiki.memory import MemoryWiki
from bot.wiki.port import Page
from tests.conftest import MINI_SUMMIT

TITLE = "Containers/Mini-summit 2008"


@pytest.fixture
def agenda(agendas: Path) -> Path:
    return agendas / MINI_SUMMIT


@pytest.fixture
def wiki(agenda: Path, store: StateStore) -> MemoryWiki:
    """A wiki with the agenda already published on it."""
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    return wiki


def page(wiki: MemoryWiki) -> str:
    text = wiki.read([TITLE])[TITLE].text
    assert text is not None
    return text


def hand_edit(wiki: MemoryWiki, old: str, new: str) -> None:
    text = page(wiki)
    assert old in text
    wiki.human_edit(TITLE, text.replace(old, new, 1))


def attendees(agenda: Path) -> list[str]:
    loaded = load_agenda(agenda)
    return [loaded.person(a.person).name for a in loaded.attendees]


def test_first_publish_renders_the_page_once(agenda: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    report = sync_wiki(agenda, wiki, store)
    assert report.edited
    assert "# Pavel Emelyanov\n" in page(wiki)
    assert [r.summary for r in wiki.revisions(TITLE)] == [
        "summitbot: publish the agenda of Containers mini-summit 2008"
    ]


def test_a_second_sync_changes_nothing(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    before = agenda.read_text()
    report = sync_wiki(agenda, wiki, store)
    assert not report.edited
    assert report.plan is not None
    assert report.plan.is_empty
    assert len(wiki.revisions(TITLE)) == 1
    assert agenda.read_text() == before


def test_names_and_a_topic_added_on_the_wiki_reach_the_yaml(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    hand_edit(wiki, "# Poornima Nayak\n", "# Poornima Nayak\n# Ada Lovelace (maybe)\n# Jürgen Großmann – from Berlin\n")
    hand_edit(wiki, "* Memory controllers", "* Live migration\n* Memory controllers")
    report = sync_wiki(agenda, wiki, store)
    assert attendees(agenda)[-2:] == ["Ada Lovelace", "Jürgen Großmann"]
    loaded = load_agenda(agenda)
    assert [a.status.value for a in loaded.attendees[-2:]] == ["tentative", "confirmed"]
    assert loaded.attendees[-1].note == "from Berlin"
    assert loaded.attendees[-1].via.value == "wiki"
    assert "Live migration" in [p.title for p in loaded.proposals]
    assert "# Ada Lovelace (tentative)" in page(wiki)  # "(maybe)" written the bot's way
    assert "# Gyuil Cha" in agenda.read_text() or "Gyuil Cha" in attendees(agenda)
    assert "# The registry." in agenda.read_text()  # organisers' comments kept
    assert report.agenda_changes


def test_a_name_removed_or_struck_on_the_wiki(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    hand_edit(wiki, "# Denis Lunev\n", "")
    hand_edit(wiki, "# Andrey Mirkin", "# <s>Andrey Mirkin</s>")
    sync_wiki(agenda, wiki, store)
    assert "Denis Lunev" not in attendees(agenda)
    declined = [a for a in load_agenda(agenda).attendees if a.status.value == "declined"]
    assert [load_agenda(agenda).person(a.person).name for a in declined] == ["Andrey Mirkin"]


def test_block_changed_in_yaml_while_a_name_is_added_on_the_wiki(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    agenda.write_text(agenda.read_text().replace('start: "11:30"', 'start: "11:45"'))
    hand_edit(wiki, "# Poornima Nayak\n", "# Poornima Nayak\n# Ada Lovelace\n")
    report = sync_wiki(agenda, wiki, store)
    assert "Ada Lovelace" in attendees(agenda)
    assert "'''Cgroups+Resource management''' (11:45–14:00" in page(wiki)
    assert "# Ada Lovelace" in page(wiki)
    assert "Cgroups+Resource management block now 11:45-14:00" in report.summary


def test_block_times_title_and_moderators_changed_on_the_wiki(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    hand_edit(wiki, "'''Cgroups+Resource management''' (11:30–14:00", "'''Control groups''' (11:30–2:15pm")
    hand_edit(wiki, "moderators: Paul Menage, Balbir Singh, Dhaval Giani", "moderators: Paul Menage, Vivek Goyal")
    sync_wiki(agenda, wiki, store)
    session = next(s for s in load_agenda(agenda).sessions if s.id == "cgroups")
    assert session.title == "Control groups"
    assert (session.start.hour, session.start.minute, session.end.hour, session.end.minute) == (11, 30, 14, 15)
    assert [load_agenda(agenda).person(p).name for p in session.moderators] == ["Paul Menage", "Vivek Goyal"]
    assert 'end: "2:15pm"' in agenda.read_text()  # written in the file's own am/pm style


def test_both_sides_change_one_field_the_yaml_wins_and_the_wiki_text_is_recorded(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    agenda.write_text(agenda.read_text().replace("title: Cgroups+Resource management", "title: Cgroups"))
    hand_edit(wiki, "'''Cgroups+Resource management'''", "'''Resource control'''")
    report = sync_wiki(agenda, wiki, store)
    assert report.new_conflicts == 1
    assert "'''Cgroups'''" in page(wiki)
    [conflict] = store.conflicts("containers-mini-summit-2008")
    assert (conflict.key, conflict.agenda, conflict.other) == ("block/cgroups/title", "Cgroups", "Resource control")


def test_text_the_bot_does_not_manage_stays_in_its_place(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    hand_edit(wiki, "== Agenda ==", "Bring your laptops!\n\n== Travel ==\nTake the 95 bus.\n\n== Agenda ==")
    hand_edit(wiki, "* TTYs", "{{Note|ask Kir first}}\n* TTYs")
    agenda.write_text(agenda.read_text().replace("  - Denis Lunev\n", "  - Denis Lunev\n  - Ada Lovelace\n"))
    sync_wiki(agenda, wiki, store)
    text = page(wiki)
    assert "# Ada Lovelace" in text
    assert "Bring your laptops!\n\n== Travel ==\nTake the 95 bus.\n\n== Agenda ==" in text
    assert "{{Note|ask Kir first}}" in text
    assert not sync_wiki(agenda, wiki, store).edited


class RacingWiki(MemoryWiki):
    """A wiki where somebody saves an edit between the bot's first read and its write."""

    def __init__(self) -> None:
        super().__init__()
        self.race: tuple[str, str] | None = None  # (old, new): the edit to make after the next read

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        pages = super().read(titles)
        if self.race is not None:
            old, new = self.race
            self.race = None
            text = pages[TITLE].text
            assert text is not None
            self.human_edit(TITLE, text.replace(old, new, 1))
        return pages


def test_an_edit_between_read_and_write_is_merged_on_retry(agenda: Path, store: StateStore) -> None:
    wiki = RacingWiki()
    sync_wiki(agenda, wiki, store)
    agenda.write_text(agenda.read_text().replace("  - Denis Lunev\n", "  - Denis Lunev\n  - Ada Lovelace\n"))
    wiki.race = ("# Poornima Nayak\n", "# Poornima Nayak\n# Grace Hopper\n")
    report = sync_wiki(agenda, wiki, store)
    assert report.attempts == 2
    assert "Grace Hopper" in attendees(agenda)
    assert "# Ada Lovelace" in page(wiki)
    assert "# Grace Hopper" in page(wiki)


def test_a_wiki_that_is_down_keeps_the_change_queued(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    agenda.write_text(agenda.read_text().replace("  - Denis Lunev\n", "  - Denis Lunev\n  - Ada Lovelace\n"))
    wiki.down = True
    with pytest.raises(WikiUnavailable):
        sync_wiki(agenda, wiki, store)
    [pending] = store.pending()
    assert (pending.target, pending.attempts) == (f"wiki:{TITLE}", 1)
    wiki.down = False
    sync_wiki(agenda, wiki, store)
    assert "# Ada Lovelace" in page(wiki)
    assert store.pending() == []


def test_a_blanked_attendee_list_is_not_believed(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    wiki.human_edit(TITLE, re.sub(r"(?m)^# .*\n", "", page(wiki) + "\n"))
    before = agenda.read_text()
    report = sync_wiki(agenda, wiki, store)
    assert agenda.read_text() == before
    assert len({record_of(c.key) for c in report.conflicts}) == 34
    assert "# Pavel Emelyanov\n" in page(wiki)  # the bot's list is back
    assert all("removed or struck 34 of the 34 attendees" in c.reason for c in store.conflicts("containers-2008"))


def test_dry_run_plans_without_writing(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    hand_edit(wiki, "# Poornima Nayak\n", "# Poornima Nayak\n# Ada Lovelace\n")
    before = agenda.read_text()
    report = sync_wiki(agenda, wiki, store, dry_run=True)
    assert report.plan is not None
    assert [change.key for change in report.plan.to_agenda] == ["attendee/ada lovelace"]
    assert agenda.read_text() == before
    assert len(wiki.revisions(TITLE)) == 2


def test_chat_sign_ups_are_named_in_the_edit_summary(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    with edit_agenda(agenda) as document:
        add_attendee(document, "Ada Lovelace", via=Channel.CHAT)
        add_attendee(document, "Grace Hopper", via=Channel.CHAT)
    report = sync_wiki(agenda, wiki, store)
    assert report.summary == "+2 attendees from chat"


def test_a_no_op_sync_of_several_agendas_reads_all_pages_in_one_query(agendas: Path, store: StateStore) -> None:
    paths = sorted(agendas.glob("*.yaml"))
    wiki = MemoryWiki()
    for path in paths:
        sync_wiki(path, wiki, store)
    reads, edits = wiki.reads, wiki.edits
    pages = read_pages(paths, wiki)
    reports = [sync_wiki(path, wiki, store, read_already=pages[path]) for path in paths]
    assert (wiki.reads - reads, wiki.edits - edits) == (1, 0)
    assert not any(report.edited for report in reports)


class BusyWiki(MemoryWiki):
    """A page someone saves again every time the bot has read it."""

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        pages = super().read(titles)
        for title, found in pages.items():
            if found.text is not None:
                self.human_edit(title, found.text + f"\nA remark ({self.reads}).")
        return pages


def test_a_page_that_keeps_changing_is_retried_with_growing_pauses_then_queued(agenda: Path, store: StateStore) -> None:
    wiki = BusyWiki()
    wiki.human_edit(TITLE, "Our summit.")
    waits: list[float] = []
    with pytest.raises(SyncGaveUp, match="changed during each of 5 attempts"):
        sync_wiki(agenda, wiki, store, pause=waits.append)
    assert len(waits) == 4
    assert all(0 <= wait <= min(2.0, 0.1 * 2**attempt) for attempt, wait in enumerate(waits, 1))
    [pending] = store.pending()
    assert pending.target == f"wiki:{TITLE}"


def test_a_page_read_before_another_syncer_saved_it_is_read_again(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    """`summitbot sync` reads all pages first; `serve` may publish a chat sign-up in between."""
    read_early = wiki.read([TITLE])[TITLE]
    with edit_agenda(agenda) as document:
        add_attendee(document, "Ada Lovelace", via=Channel.CHAT)
    sync_wiki(agenda, wiki, store)  # the other syncer publishes Ada

    sync_wiki(agenda, wiki, store, read_already=read_early)

    assert "Ada Lovelace" in attendees(agenda)
    assert "# Ada Lovelace\n" in page(wiki)
