"""The minutes as they were published, kept in the state store: the minutes page is rendered again
from them, with the agenda's action items as they are now, whenever it is synced (a second
`minutes --publish`, `summitbot sync`, serve's loop), without the notes or the chat log they came
from.

Each is stored as JSON under the target `minutes:<page title>` of its event, beside the page's
merge base (`wiki:<page title>`). Action items carry the agenda's ids and the text the meeting
gave them (a correction made later lives in the YAML), so publishing the same minutes again
finds them even after their text was corrected.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.minutes.model import Confidence, Item, ItemKind, Minutes, Owner, Topic
from bot.sync.state import StateStore


@dataclass(frozen=True)
class Published:
    """Minutes as published: the minutes (the agenda's action ids), the day and extra names used."""

    minutes: Minutes
    day: date | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # person id -> name, beyond the agenda's people


def target(title: str) -> str:
    """The state store's name for the published minutes of a page."""
    return f"minutes:{title}"


def load_published(store: StateStore, event: str, title: str) -> Published | None:
    """The minutes last published to `title`, or None."""
    facts, _ = store.base(event, target(title))
    return from_json(facts["minutes"]) if facts and "minutes" in facts else None


def save_published(store: StateStore, event: str, title: str, published: Published) -> None:
    """Remember the minutes published to `title`."""
    store.set_base(event, target(title), {"minutes": to_json(published)}, None)


def to_json(published: Published) -> str:
    """The published minutes as JSON that `from_json` reads back whole."""
    minutes = published.minutes
    record = {
        "title": minutes.title,
        "start": _moment(minutes.start),
        "end": _moment(minutes.end),
        "chairs": list(minutes.chairs),
        "present": list(minutes.present),
        "topics": [{"id": t.id, "title": t.title, "at": _moment(t.at)} for t in minutes.topics],
        "items": [_item(item) for item in minutes.items],
        "event": minutes.event,
        "session": minutes.session,
        "log_url": minutes.log_url,
        "closed": list(minutes.closed),
        "day": published.day.isoformat() if published.day else None,
        "names": dict(published.names),
        "lines_said": list(minutes.lines_said),
        "meeting_name": minutes.meeting_name,
        "regrets": list(minutes.regrets),
        "scribes": list(minutes.scribes),
        "days": [day.isoformat() for day in minutes.days],
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> Published:
    """The published minutes `to_json` wrote."""
    record = json.loads(text)
    minutes = Minutes(
        record["title"],
        _when(record["start"]),
        _when(record["end"]),
        tuple(record["chairs"]),
        tuple(record["present"]),
        tuple(Topic(t["id"], t["title"], _when(t["at"])) for t in record["topics"]),
        tuple(_read_item(item) for item in record["items"]),
        record["event"],
        record["session"],
        record["log_url"],
        tuple(record["closed"]),
        tuple(record.get("lines_said", ())),  # the keys below came with issue 13: older records lack them
        meeting_name=record.get("meeting_name"),
        regrets=tuple(record.get("regrets", ())),
        scribes=tuple(record.get("scribes", ())),
        days=tuple(date.fromisoformat(day) for day in record.get("days", ())),
    )
    return Published(minutes, date.fromisoformat(record["day"]) if record["day"] else None, record["names"])


def _owner(owner: Owner) -> list[Any]:
    return [owner.written, owner.person, owner.confidence.value, list(owner.candidates)]


def _read_owner(owner: list[Any]) -> Owner:
    return Owner(owner[0], owner[1], Confidence(owner[2]), tuple(owner[3]))


def _item(item: Item) -> dict[str, Any]:
    owner = item.owner
    return {
        "id": item.id,
        "kind": item.kind.value,
        "text": item.text,
        "topic": item.topic,
        "who": item.who,
        "at": _moment(item.at),
        "owner": None if owner is None else _owner(owner),
        "more_owners": [_owner(other) for other in item.more_owners],
        "due": item.due.isoformat() if item.due else None,
        "done": item.done,
        "release": item.release,
    }


def _read_item(record: dict[str, Any]) -> Item:
    owner = record["owner"]
    return Item(
        record["id"],
        ItemKind(record["kind"]),
        record["text"],
        record["topic"],
        record["who"],
        _when(record["at"]),
        None if owner is None else _read_owner(owner),
        date.fromisoformat(record["due"]) if record["due"] else None,
        record["done"],
        record["release"],
        tuple(_read_owner(other) for other in record.get("more_owners", ())),
    )


def _moment(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None
