"""The cyclic garbage collector while agendas are read (bot.process, yamltree.collector_paused).

A one-shot command freezes what it read, so that the collector's next pass does not scan the
~135,000 objects of a big agenda; a bot that stays up (serve, chat) must not freeze anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import process
from bot.agenda.load import load_agenda
from bot.cli import build_parser, main

AGENDA = Path(__file__).resolve().parents[2] / "agendas" / "containers-mini-summit-2008.yaml"


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on and nothing frozen, and both as they were afterwards."""
    was_enabled, was_one_shot = gc.isenabled(), process.one_shot
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    process.one_shot = was_one_shot
    if not was_enabled:
        gc.disable()


@pytest.mark.usefixtures("collector")
def test_a_bot_that_stays_up_freezes_nothing_and_gets_its_collector_back() -> None:
    process.one_shot = False
    agenda = load_agenda(AGENDA)
    assert agenda.sessions
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_one_shot_command_freezes_what_it_read_out_of_the_next_pass() -> None:
    process.one_shot = True
    agenda = load_agenda(AGENDA)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert gc.isenabled()
    assert gc.get_count()[0] < 100  # the young generation starts again from the agenda read
    assert agenda.sessions


@pytest.mark.usefixtures("collector")
def test_the_collector_stays_off_when_it_was_off() -> None:
    process.one_shot = True
    gc.disable()
    load_agenda(AGENDA)
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    ("argv", "stays_up"),
    [
        (["serve", "a.yaml"], True),
        (["chat", "a.yaml", "--as", "Ada"], True),
        (["check", "a.yaml"], False),
        (["sync", "a.yaml"], False),
        (["minutes", "log.txt", "--json"], False),
    ],
)
def test_only_serve_and_chat_stay_up(argv: list[str], stays_up: bool) -> None:
    assert getattr(build_parser().parse_args(argv), "stays_up", False) is stays_up


@pytest.mark.usefixtures("collector")
def test_a_command_line_run_of_check_is_one_shot() -> None:
    process.one_shot = False
    assert main(["-q", "check", str(AGENDA)]) == 0
    assert process.one_shot
    assert gc.get_freeze_count() > 0
