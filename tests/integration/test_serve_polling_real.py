"""`serve` polls the wiki for people's edits: a name added by hand on the page reaches the YAML
without anyone running `summitbot sync`, and chat then knows that person."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import Summit


@pytest.fixture
def polling_summit(
    tmp_path: Path, local_wiki: LocalWiki, local_radicale: LocalRadicale, local_slack: LocalSlack,
    wiki_page_title: str, caldav_collection: str,
) -> Iterator[Summit]:  # fmt: skip
    summit = Summit.create(tmp_path, local_wiki, local_radicale, local_slack, wiki_page_title, caldav_collection,
                           "--poll", "1")  # fmt: skip
    yield summit
    summit.bot.stop()


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
