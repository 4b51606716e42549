"""Publishing minutes: George's action from the 4.3 retrospective lands in the agenda once, however
often the minutes are published; the block on the event page links its minutes page, and the
page still reads back as it did (in-memory wiki; the real one: integration/test_minutes_real.py)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.agenda.load import load_agenda
from bot.minutes.model import Confidence, Item, ItemKind, Minutes, Owner, Topic
from bot.minutes.publish import publish_minutes
from bot.model import ActionStatus
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.text import MAX_NAME
from bot.wiki.lines import BlockLine, format_block, parse_block
from bot.wiki.memory import MemoryWiki
from tests.conftest import EXAMPLES

EVENT_PAGE = "Xen 4.4 Hackathon"
MINUTES_PAGE = "Xen 4.4 Hackathon/Minutes/2013-05-15 4.3 release cycle: what worked well / didn't work well"


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "xen-4.4-hackathon.yaml"
    shutil.copy(EXAMPLES / "xen-4.4-hackathon.yaml", path)
    return path


@pytest.fixture
def wiki(agenda: Path, store: StateStore) -> MemoryWiki:
    """A wiki with the event page already published."""
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    return wiki


def retrospective(**changes: object) -> Minutes:
    """The 4.3 retrospective, 14:00 London time: two new actions, one the agenda has, A3 closed."""
    recorded = Minutes(
        title="4.3 retrospective",
        start=datetime(2013, 5, 15, 13, 0, tzinfo=UTC),
        end=datetime(2013, 5, 15, 14, 30, tzinfo=UTC),
        chairs=("George",),
        topics=(Topic("T1", "Lost patches"),),
        items=(
            Item("I1", ItemKind.INFO, "Some patches were lost", "T1", "Lars"),
            Item(
                "A5",
                ItemKind.ACTION,
                "Write up a proposal for the beginning of the 4.4 release cycle.",
                "T1",
                owner=Owner("George", "george", Confidence.EXPLICIT),
                due=date(2013, 6, 28),
            ),
            Item(
                "A6",
                ItemKind.ACTION,
                "Trial patchwork for a month",
                "T1",
                owner=Owner("Ian Campell", "ijc", Confidence.INFERRED),
                due=date(2013, 6, 14),
            ),
            Item(
                "A7",
                ItemKind.ACTION,
                "Ask XenClient about PCI passthrough",
                "T1",
                owner=Owner("Ian", None, Confidence.AMBIGUOUS, ("ijc", "iwj")),
            ),
        ),
        session="retrospective-4-3",
        closed=("A3",),
    )
    return replace(recorded, **changes)  # type: ignore[arg-type]


def page(wiki: MemoryWiki, title: str) -> str:
    text = wiki.read([title])[title].text
    assert text is not None
    return text


def block_line(wiki: MemoryWiki, session_id: str) -> str:
    return next(line for line in page(wiki, EVENT_PAGE).splitlines() if f'<span id="{session_id}">' in line)


def test_new_actions_are_added_with_owner_due_date_and_source(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    report = publish_minutes(agenda, retrospective(), wiki, store)
    assert (report.added, report.known) == (["A6", "A7"], ["A1"])  # A5 is George's A1, published before
    actions = {action.id: action for action in load_agenda(agenda).actions}
    assert actions["A6"].owner == "ijc"
    assert actions["A6"].due == date(2013, 6, 14)
    assert actions["A7"].owner is None  # which Ian? left for the organisers
    assert actions["A6"].source.session == "retrospective-4-3"
    assert actions["A6"].source.date == date(2013, 5, 15)
    assert actions["A6"].source.minutes == MINUTES_PAGE
    assert report.ids == {"A5": "A1", "A6": "A6", "A7": "A7"}


def test_publishing_the_same_minutes_twice_adds_nothing_and_saves_nothing(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    publish_minutes(agenda, retrospective(), wiki, store)
    text, edits = agenda.read_text(), wiki.edits
    again = publish_minutes(agenda, retrospective(), wiki, store)
    assert again.added == []
    assert again.closed == []
    assert not again.session_linked
    assert not again.saved
    assert again.revision == wiki.read([MINUTES_PAGE])[MINUTES_PAGE].revision
    assert agenda.read_text() == text
    assert wiki.edits == edits


def test_actions_closed_in_the_meeting_are_marked_done(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    minutes = retrospective(closed=("A3", "A2", "A99"))
    items = (*minutes.items, Item("A8", ItemKind.ACTION, "Post the slides", done=True))
    report = publish_minutes(agenda, replace(minutes, items=items), wiki, store)
    assert report.closed == ["A3", "A8"]  # A2 was done already
    assert report.not_found == ["A99"]
    statuses = {action.id: action.status for action in load_agenda(agenda).actions}
    assert statuses["A3"] is statuses["A8"] is statuses["A2"] is ActionStatus.DONE


def test_the_session_records_its_minutes_page(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    report = publish_minutes(agenda, retrospective(), wiki, store)
    assert report.session_linked
    assert report.page == MINUTES_PAGE
    sessions = {session.id: session for session in load_agenda(agenda).sessions}
    assert sessions["retrospective-4-3"].minutes == MINUTES_PAGE
    assert sessions["release-models"].minutes is None


def test_the_minutes_page_shows_the_ids_the_agenda_gave(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    report = publish_minutes(agenda, retrospective(), wiki, store)
    text = page(wiki, MINUTES_PAGE)
    assert report.saved
    assert wiki.revisions(MINUTES_PAGE)[-1].summary == (
        "summitbot: minutes of 4.3 release cycle: what worked well / didn't work well (3 action items)"
    )
    # A5 is the agenda's A1: the page shows it as the agenda has it (its text has no full stop)
    assert "* '''A1''' Write up a proposal for the beginning of the 4.4 release cycle <small>" in text
    assert "=== Ian Campbell ===\n* '''A6''' Trial patchwork for a month" in text
    assert "=== Owner unclear ===\n* '''A7'''" in text
    assert "* '''A3''' nobody: Make a list of the patches that got lost" in text


def test_an_id_the_agenda_already_uses_gets_the_next_one(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    clash = Item("A2", ItemKind.ACTION, "Book a room for the next hackathon")
    report = publish_minutes(agenda, retrospective(items=(clash,), closed=()), wiki, store)
    assert report.ids == {"A2": "A5"}
    assert "'''A5''' Book a room for the next hackathon" in page(wiki, MINUTES_PAGE)
    assert [a.text for a in load_agenda(agenda).actions if a.id == "A2"] == ["Post the hackathon minutes to xen-devel"]


def test_minutes_without_a_time_take_the_sessions_day(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    report = publish_minutes(agenda, retrospective(start=None, end=None), wiki, store)
    assert report.page == MINUTES_PAGE


def test_minutes_of_no_known_session_are_dated_by_the_clock(agenda: Path, store: StateStore) -> None:
    minutes = retrospective(start=None, end=None, session=None)
    report = publish_minutes(agenda, minutes, None, store, now=lambda: datetime(2013, 6, 13, 23, 30, tzinfo=UTC))
    assert report.page == "Xen 4.4 Hackathon/Minutes/2013-06-14 4.3 retrospective"  # London is an hour ahead
    assert not report.saved
    assert report.revision is None
    new = load_agenda(agenda).actions[-1]
    assert (new.source.session, new.source.date) == (None, date(2013, 6, 14))


def test_comments_and_layout_of_the_agenda_are_kept(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    before = agenda.read_text()
    publish_minutes(agenda, retrospective(), wiki, store)
    after = agenda.read_text()
    assert [line for line in before.splitlines() if "#" in line] == [line for line in after.splitlines() if "#" in line]
    assert '      minutes: "' + MINUTES_PAGE + '"\n\nroadmap:' in after  # the blank line stays before roadmap
    assert "    scribe: lars\n    topics:" in after
    assert "    moderators: [George]\n    scribe: lars\n    topics:\n      - The 4.3 release" in after
    assert f'\n    minutes: "{MINUTES_PAGE}"\n\n  # Day 2 morning' in after


def test_the_event_page_links_the_block_to_its_minutes(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    publish_minutes(agenda, retrospective(), wiki, store)
    report = sync_wiki(agenda, wiki, store)
    assert report.edited
    assert report.agenda_changes == []
    line = block_line(wiki, "retrospective-4-3")
    assert line.endswith(f"— moderators: George Dunlap ([[{MINUTES_PAGE}|minutes]])")
    block = parse_block(line[1:].strip())
    assert block is not None
    assert block.title == "4.3 release cycle: what worked well / didn't work well"
    assert block.moderators == ("George Dunlap",)
    assert block.minutes == MINUTES_PAGE
    assert "* '''A6''' Ian Campbell: Trial patchwork for a month <small>(due 2013-06-14)</small>" in page(
        wiki, EVENT_PAGE
    )
    again = sync_wiki(agenda, wiki, store)
    assert not again.edited
    assert again.plan is not None
    assert again.plan.is_empty


def test_removing_the_link_by_hand_changes_nothing_in_the_agenda(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    publish_minutes(agenda, retrospective(), wiki, store)
    sync_wiki(agenda, wiki, store)
    text, yaml = page(wiki, EVENT_PAGE), agenda.read_text()
    wiki.human_edit(EVENT_PAGE, text.replace(f" ([[{MINUTES_PAGE}|minutes]])", ""))
    report = sync_wiki(agenda, wiki, store)
    assert report.plan is not None
    assert report.plan.is_empty
    assert report.new_conflicts == 0
    assert agenda.read_text() == yaml
    assert page(wiki, EVENT_PAGE) == text  # the agenda's link is back


titles = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1).map(
    lambda text: " ".join(text.split())
)
clocks = st.builds(time, st.integers(0, 23), st.integers(0, 59))


names = titles.filter(lambda name: len(name) <= MAX_NAME)  # a longer one is not read as a name


@given(titles, clocks, clocks, st.none() | titles, st.lists(names, max_size=3), titles)
@example("'", time(0, 0), time(0, 1), None, [], "0")  # an apostrophe next to the bold marks
def test_block_lines_with_minutes_round_trip(
    title: str, start: time, end: time, room: str | None, moderators: list[str], minutes: str
) -> None:
    assume(start < end and title and minutes and all(moderators) and not title.endswith("?"))
    block = BlockLine("retro", title, start, end, room or None, tuple(moderators), minutes)
    assert parse_block(format_block(block)) == block
    assert parse_block(format_block(replace(block, minutes=None))) == replace(block, minutes=None)
