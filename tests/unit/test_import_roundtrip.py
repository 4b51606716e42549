"""`summitbot import-wiki` of a page `summitbot render` wrote gives back the agenda it was written
from, as far as the page shows it (tests/unit/page_view.py says what it does not show)."""

from __future__ import annotations

import pytest

from bot.agenda.load import load_agenda, parse_agenda
from tests.conftest import EXAMPLES
from tests.unit.page_view import round_trip, shown

AGENDAS = sorted(path.name for path in EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("name", AGENDAS)
def test_the_import_of_an_example_agendas_page_is_that_agenda(name: str) -> None:
    agenda = load_agenda(EXAMPLES / name)
    result = round_trip(agenda)
    back = parse_agenda(result.yaml_text, "imported.yaml")
    assert shown(back) == shown(agenda)
    assert back.event.title == " ".join(agenda.event.title.replace("/", " ").split())
    assert f'# the page says "All times are local time ({agenda.event.timezone.key}' in result.yaml_text


@pytest.mark.parametrize("name", AGENDAS)
def test_the_votes_on_an_example_page_are_counted_in_comments(name: str) -> None:
    agenda = load_agenda(EXAMPLES / name)
    yaml_text = round_trip(agenda).yaml_text
    for proposal in agenda.proposals:
        votes = len(proposal.votes)
        if votes:
            assert f"# the page counts {votes} vote{'s' if votes != 1 else ''}" in yaml_text


@pytest.mark.parametrize("name", AGENDAS)
def test_only_what_the_bot_writes_one_way_is_left_out(name: str) -> None:
    """The bot's own lines are all understood; what is left are the lines the importer never reads."""
    left = round_trip(load_agenda(EXAMPLES / name)).not_understood
    assert [line for line in left if "All times are" in line or " — moderators" in line] == []
