"""The agendas `serve` works on: an organiser's broken edit leaves the last good version in use,
its problems logged once at their line, and the requests it holds back are let go when the file
changes again."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.chat.agendas import Agendas, HeldRequests
from bot.errors import UserError
from tests.conftest import MINI_SUMMIT

EVENT = "containers-mini-summit-2008"


def _break(path: Path) -> str:
    good = path.read_text()
    path.write_text(good.replace("event:", "event: [", 1))
    return good


def test_a_file_that_never_checked_is_refused(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    _break(path)

    with pytest.raises(UserError, match="YAML syntax error"):
        Agendas([path]).current()


def test_a_broken_edit_keeps_the_last_good_version_and_logs_its_problems_once(
    agendas: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = agendas / MINI_SUMMIT
    served = Agendas([path])
    before = served.current()[EVENT][1]
    good = _break(path)

    with caplog.at_level(logging.INFO, logger="summitbot.chat"):
        assert served.current()[EVENT][1] is before
        assert served.current()[EVENT][1] is before
        (problem,) = served.problems(path)
        assert served.invalid() == [EVENT]
        assert served.title(path) == "Containers mini-summit 2008"

    assert str(problem).startswith(f"{path}:11:3: YAML syntax error")
    assert [r.getMessage() for r in caplog.records].count(f"agenda problem {problem}") == 1

    path.write_text(good.replace("Containers mini-summit 2008", "Containers mini-summit 2008 (fixed)", 1))
    assert served.problems(path) == ()
    assert served.current()[EVENT][1].event.title == "Containers mini-summit 2008 (fixed)"
    assert served.invalid() == []


def test_a_deleted_file_keeps_the_last_good_version(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    served = Agendas([path])
    served.current()

    path.unlink()

    assert EVENT in served.current()
    assert served.problems(path)[0].message == "no such file"
    assert served.version(path) is None


def test_held_requests_are_let_go_when_the_file_changes_and_their_senders_told_once(agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    served = Agendas([path])
    served.current()
    good = _break(path)
    held = HeldRequests(served)

    assert held.hold(path, [7]) is True
    held.release_changed()
    assert list(held.ids()) == [7]  # the file did not change: still held, not routed again

    path.write_text(good)  # fixed
    held.release_changed()
    assert list(held.ids()) == []
    assert held.hold(path, [7]) is False  # held once more (still broken, say): its sender knows already
    held.forget([7])
    assert held.hold(path, [7]) is True
