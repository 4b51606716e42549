"""People removed, struck or cut from the event page by hand, in one edit, against the in-memory
wiki (tests/integration/test_wiki_removals_real.py does the same against the real MediaWiki).

Each test is a wiki user's edit, then a sync: exactly the people the edit removed are gone from
the YAML, nobody else is touched, and a second sync changes nothing. What the agenda cannot take
(a removed moderator known only from the list, a vandal striking everyone) is held as a conflict
and put back on the page, and the rest of the same edit lands.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.agenda.references import roles_of
from bot.sync.merge import record_of
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.memory import MemoryWiki
from tests.unit.test_wiki_sync import TITLE, agenda, attendees, page, wiki

EVENT = "containers-mini-summit-2008"
__all__ = ["agenda", "wiki"]  # fixtures


def without_lines(text: str, names: list[str]) -> str:
    for name in names:
        assert f"# {name}\n" in text
        text = text.replace(f"# {name}\n", "", 1)
    return text


def test_removing_two_names_in_one_edit_removes_exactly_those_two(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    before = attendees(agenda)
    wiki.human_edit(TITLE, without_lines(page(wiki), ["Denis Lunev", "Sudhir Kumar"]))

    report = sync_wiki(agenda, wiki, store)

    assert attendees(agenda) == [n for n in before if n not in {"Denis Lunev", "Sudhir Kumar"}]
    assert report.agenda_changes == ["attendee removed: Denis Lunev", "attendee removed: Sudhir Kumar"]
    assert "# Munehiro Ikeda\n" in page(wiki)
    assert "# Sudhir Kumar\n" not in page(wiki)
    assert not sync_wiki(agenda, wiki, store).edited


@pytest.mark.parametrize("count", [3, 4, 17])
def test_removing_several_names_removes_exactly_those(
    agenda: Path, wiki: MemoryWiki, store: StateStore, count: int
) -> None:
    before = attendees(agenda)
    loaded = load_agenda(agenda)
    free = [loaded.person(a.person) for a in loaded.attendees if not roles_of(loaded, a.person)]
    movable = [p.name for p in free if f"# {p.name}\n" in page(wiki)]  # plain lines, no "(tentative)"
    gone = random.Random(count).sample(movable, count)
    wiki.human_edit(TITLE, without_lines(page(wiki), gone))

    sync_wiki(agenda, wiki, store)
    again = sync_wiki(agenda, wiki, store)

    assert attendees(agenda) == [n for n in before if n not in gone]
    assert not again.edited
    assert again.plan is not None
    assert again.plan.is_empty


def test_a_removal_and_a_status_change_in_one_edit_touch_the_right_people(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    text = without_lines(page(wiki), ["Denis Lunev"])
    text = text.replace("# Kamalesh Babulal\n", "# <s>Kamalesh Babulal</s>\n").replace(
        "# John Schulz\n", "# John Schulz (tentative)\n"
    )
    wiki.human_edit(TITLE, text)

    sync_wiki(agenda, wiki, store)

    loaded = load_agenda(agenda)
    status = {loaded.person(a.person).name: a.status.value for a in loaded.attendees}
    assert "Denis Lunev" not in status
    assert (status["Kamalesh Babulal"], status["John Schulz"], status["Poornima Nayak"]) == (
        "declined",
        "tentative",
        "confirmed",
    )


def test_removing_a_moderator_known_only_from_the_list_is_held_and_the_rest_lands(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    wiki.human_edit(TITLE, without_lines(page(wiki), ["Dave Hansen", "Denis Lunev"]))

    report = sync_wiki(agenda, wiki, store)

    assert "Dave Hansen" in attendees(agenda)
    assert "Denis Lunev" not in attendees(agenda)
    assert "# Dave Hansen\n" in page(wiki)
    [held] = {c.reason for c in report.conflicts}
    assert "Dave Hansen" in held
    assert "moderator of 'Namespaces/Containers'" in held
    assert [c.key for c in store.conflicts(EVENT)] == ["attendee/dave hansen"]
    assert not sync_wiki(agenda, wiki, store).edited  # never stuck: the next sync is in step


def test_a_vandal_striking_every_name_is_held_while_a_sign_up_in_the_same_edit_lands(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    before = agenda.read_text()
    struck = re.sub(r"(?m)^# (.*)$", r"# <s>\1</s>", page(wiki))
    wiki.human_edit(TITLE, struck.replace("\n\n== Agenda ==", "\n# Ada Lovelace\n\n== Agenda ==", 1))

    report = sync_wiki(agenda, wiki, store)

    loaded = load_agenda(agenda)
    assert {a.status.value for a in loaded.attendees} == {"confirmed", "tentative"}
    assert attendees(agenda)[-1] == "Ada Lovelace"
    assert agenda.read_text() != before
    held = {record_of(c.key) for c in report.conflicts}
    assert len(held) == 34
    assert "<s>" not in page(wiki)
    assert wiki.revisions(TITLE)[-1].summary.startswith("put back 34 change(s) held for the organisers; ")
    assert not sync_wiki(agenda, wiki, store).edited
