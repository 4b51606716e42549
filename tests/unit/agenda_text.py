"""Helpers for tests that check an agenda written inline: what the user would be told, or the model."""

from __future__ import annotations

import pytest

from bot.agenda.load import parse_agenda
from bot.errors import UserError
from bot.model import Agenda

PATH = "demo.yaml"


def problems_of(text: str) -> list[str]:
    """Every problem the loader reports for `text`, as the user reads them."""
    with pytest.raises(UserError) as caught:
        parse_agenda(text, PATH)
    return [str(problem) for problem in caught.value.problems]


def load(text: str) -> Agenda:
    """The agenda in `text`, which must check."""
    return parse_agenda(text, PATH)
