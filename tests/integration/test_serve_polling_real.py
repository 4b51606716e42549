"""`serve` polls the wiki for people's edits: a name added by hand on the page reaches the YAML
without anyone running `summitbot sync`, and chat then knows that person."""

from __future__ import annotations

import time

import pytest

from bot.agenda.load import load_agenda
from tests.fixtures.summit import Summit
from tests.integration.conftest import SummitFactory


@pytest.fixture
def polling_summit(make_summit: SummitFactory) -> Summit:
    """The summit, its bot polling the wiki every second."""
    return make_summit("--poll", "1")


def test_a_name_added_on_the_wiki_is_polled_into_the_yaml_and_is_the_same_person_in_chat(
    polling_summit: Summit,
) -> None:
    summit = polling_summit
    text = summit.page_text().replace("# Dhaval Giani\n", "# Dhaval Giani\n# Linus Torvalds (tentative)\n")
    summit.wiki.human_edit("Alice", summit.page, text, "coming too")

    for _ in range(100):
        if "Linus Torvalds" in summit.path.read_text():
            break
        time.sleep(0.1)
    linus = summit.member("U0LINUS", "Linus Torvalds")
    reply = linus.says("join")

    assert reply.startswith("Done: you are signed up")  # tentative -> confirmed
    agenda = load_agenda(summit.path)
    entries = [a for a in agenda.attendees if agenda.person(a.person).name == "Linus Torvalds"]
    assert len(entries) == 1
    assert agenda.person(entries[0].person).chat_id == "U0LINUS"
