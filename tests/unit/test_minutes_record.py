"""The minutes kept in the state store as published read back whole: several owners of an action,
lines said, regrets, scribes, the days of a long meeting, MeetBot's meeting name. The real records
of ../shared/corpus have each of these."""

from __future__ import annotations

import argparse
from datetime import date

import pytest

from bot.cli.minutes import read_minutes
from bot.minutes.record import Published, from_json, to_json
from tests.fixtures.corpus import CORPUS

RECORDS = [
    "meetbot/asbroker.2018-06-05-13.31.log.txt",  # two owners, lines said, a meeting name
    "minutes/01-08-minutes.md",  # regrets
    "minutes/2023-07-13.md",  # a scribe
    "minutes/NIAC2007_Minutes.mediawiki",  # three days; "everyone" owns an action
]


@pytest.mark.parametrize("record", RECORDS)
def test_published_minutes_read_back_whole(record: str) -> None:
    path = CORPUS / record
    arguments = argparse.Namespace(
        file=path, format="auto", title=None, date=None, session=None, due_days=14, agenda=None
    )
    minutes = read_minutes(path.read_text(encoding="utf-8-sig"), None, arguments)
    assert any(item.more_owners for item in minutes.actions) or minutes.regrets or minutes.scribes
    published = Published(minutes, date(2018, 6, 5), {"p1": "Somebody"})
    assert from_json(to_json(published)) == published
