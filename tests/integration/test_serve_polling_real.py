"""`serve` polls the wiki for people's edits: a name added by hand on the page reaches the YAML
without anyone running `summitbot sync`, and once an organiser links their Slack account, chat
knows that person (a name alone is no proof)."""

from __future__ import annotations

import time

import pytest

from bot.agenda.load import load_agenda
from bot.model import AttendanceStatus
from tests.fixtures.summit import Summit
from tests.integration.conftest import SummitFactory


@pytest.fixture
def polling_summit(make_summit: SummitFactory) -> Summit:
    """The summit, its bot polling the wiki every second."""
    return make_summit("--poll", "1")


def test_a_name_added_on_the_wiki_is_polled_into_the_yaml_and_is_the_same_person_in_chat_once_linked(
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
    joined = linus.says("join")  # chat cannot know he is the Linus of the wiki: somebody new, for now
    assert "There is already a Linus Torvalds in this agenda" in joined
    linked = summit.organiser().says("link <@U0LINUS> Linus Torvalds")
    assert linked.startswith(
        "Done: `U0LINUS` is Linus Torvalds now. What I had recorded for “Linus Torvalds (U0LINUS)”"
    )
    reply = linus.says("join")

    assert reply.startswith("Done: you are signed up")  # his wiki sign-up: tentative -> confirmed
    agenda = load_agenda(summit.path)
    entries = [a for a in agenda.attendees if "Linus" in agenda.person(a.person).name]
    assert len(entries) == 1
    assert agenda.person(entries[0].person).chat_id == "U0LINUS"
    assert entries[0].status is AttendanceStatus.CONFIRMED
