"""The example agendas check, and agendas/schema.json (for editors) agrees with the checker."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from bot.agenda import records, schedule
from bot.agenda.load import TOP_KEYS, load_agenda
from bot.model import Topic
from tests.conftest import EXAMPLES

SCHEMA = json.loads((EXAMPLES / "schema.json").read_text())
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

# Each record of the format: its definition in schema.json and the keys the checker accepts.
RECORD_KEYS = {
    "event": records.EVENT_KEYS,
    "day": schedule.DAY_KEYS,
    "venue": records.VENUE_KEYS,
    "links": records.LINKS_KEYS,
    "link": records.LINK_KEYS,
    "wiki": records.WIKI_KEYS,
    "calendar": records.CALENDAR_KEYS,
    "chat": records.CHAT_KEYS,
    "person": records.PERSON_KEYS,
    "attendee": records.ATTENDEE_KEYS,
    "proposal": records.PROPOSAL_KEYS,
    "session": schedule.SESSION_KEYS,
    "topic": schedule.TOPIC_KEYS,
    "meeting": schedule.MEETING_KEYS,
    "work_item": records.WORK_ITEM_KEYS,
    "action": records.ACTION_KEYS,
    "action_source": records.ACTION_SOURCE_KEYS,
    "roadmap_entry": records.ROADMAP_KEYS,
    "roadmap_item": records.ROADMAP_ITEM_KEYS,
    "pledge": records.PLEDGE_KEYS,
}


def as_json(value: Any) -> Any:
    """A safely loaded YAML value with dates as the strings editors see."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def object_properties(definition: dict[str, Any]) -> set[str]:
    """The property names of a definition, looking through oneOf / anyOf alternatives."""
    found = set(definition.get("properties", {}))
    for alternative in definition.get("oneOf", []) + definition.get("anyOf", []):
        found |= set(alternative.get("properties", {}))
    return found


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_every_example_checks(path: Path) -> None:
    agenda = load_agenda(path)
    assert agenda.event.id
    assert agenda.attendees


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_every_example_is_valid_for_editors_too(path: Path) -> None:
    document = as_json(YAML(typ="safe", pure=True).load(path.read_text()))
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(document))
    assert [error.message for error in errors] == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_every_example_points_editors_at_the_schema(path: Path) -> None:
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=schema.json"


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(("definition", "keys"), RECORD_KEYS.items(), ids=list(RECORD_KEYS))
def test_schema_and_checker_accept_the_same_keys(definition: str, keys: tuple[str, ...]) -> None:
    assert object_properties(SCHEMA["definitions"][definition]) == set(keys)


def test_schema_and_checker_accept_the_same_top_level_keys() -> None:
    assert set(SCHEMA["properties"]) == set(TOP_KEYS)
    assert SCHEMA["additionalProperties"] is False


def test_the_mini_summit_example_is_the_seed_page() -> None:
    agenda = load_agenda(EXAMPLES / "containers-mini-summit-2008.yaml")
    names = [agenda.person(attendee.person).name for attendee in agenda.attendees]
    assert len(names) == 34
    assert names[0] == "Pavel Emelyanov"
    assert "Herbert Pötzl" in names
    assert [session.title for session in agenda.sessions] == [
        "Namespaces/Containers",
        "Cgroups+Resource management",
        "Checkpoint/Restart",
    ]
    moderators = {s.id: [agenda.person(p).name for p in s.moderators] for s in agenda.sessions}
    assert moderators["cgroups"] == ["Paul Menage", "Balbir Singh", "Dhaval Giani"]
    assert max(depth(topic) for session in agenda.sessions for topic in session.topics) == 3


def depth(topic: Topic) -> int:
    return 1 + max((depth(child) for child in topic.children), default=0)
