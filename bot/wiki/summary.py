"""Edit summaries that say what changed: "+2 attendees from chat; Cgroups block now 11:30-14:00"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from bot.model import Agenda
from bot.wiki.facts import fact_name

LIMIT = 480  # MediaWiki cuts summaries at 500 characters


def edit_summary(before: Mapping[str, str], after: Mapping[str, str], agenda: Agenda) -> str:
    """Describe the change from the page's facts `before` to `after`, biggest news first."""
    if not before:
        return f"summitbot: publish the agenda of {agenda.event.title}"
    parts = [*_people(before, after, agenda), *_topics(before, after), *_blocks(before, after, agenda)]
    others = sorted(
        {key.split("/")[0].split(":")[0] for key in before.keys() ^ after.keys() | _changed(before, after)}
        - {"attendee", "topic", "block"}
    )
    parts += [f"{other} updated" for other in others]
    text = "; ".join(parts) or "tidy the page"
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


def _changed(before: Mapping[str, str], after: Mapping[str, str]) -> set[str]:
    return {key for key in before.keys() & after.keys() if before[key] != after[key]}


def _records(facts: Mapping[str, str], kind: str) -> set[str]:
    return {key for key in facts if key.startswith(kind) and key.count("/") == 1}


def _people(before: Mapping[str, str], after: Mapping[str, str], agenda: Agenda) -> list[str]:
    added = _records(after, "attendee/") - _records(before, "attendee/")
    removed = _records(before, "attendee/") - _records(after, "attendee/")
    channels = {f"attendee/{fact_name(agenda.person(a.person).name)}": a.via.value for a in agenda.attendees}
    by_channel = Counter(channels.get(key, "yaml") for key in added)
    parts = [f"+{n} attendee{'s' if n != 1 else ''}{_source(channel)}" for channel, n in sorted(by_channel.items())]
    if removed:
        parts.append(f"-{len(removed)} attendee{'s' if len(removed) != 1 else ''}")
    updated = {key.rsplit("/", 1)[0] for key in _changed(before, after) | (before.keys() ^ after.keys())}
    updated = {key for key in updated if key.startswith("attendee/")} - added - removed
    if updated:
        parts.append(f"{len(updated)} sign-up{'s' if len(updated) != 1 else ''} changed")
    return parts


def _source(channel: str) -> str:
    return {"chat": " from chat", "wiki": " from the wiki"}.get(channel, "")


def _topics(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    added = _records(after, "topic/") - _records(before, "topic/")
    removed = _records(before, "topic/") - _records(after, "topic/")
    parts = [f"+{len(added)} topic{'s' if len(added) != 1 else ''}"] if added else []
    return parts + ([f"-{len(removed)} topic{'s' if len(removed) != 1 else ''}"] if removed else [])


def _blocks(before: Mapping[str, str], after: Mapping[str, str], agenda: Agenda) -> list[str]:
    parts: list[str] = []
    for session in agenda.sessions:
        key = f"block/{session.id}"
        if key not in before:
            parts.append(f"new block {session.title}")
            continue
        if before.get(f"{key}/when") != after.get(f"{key}/when"):
            parts.append(f"{session.title} block now {after[f'{key}/when'].split(' ')[-1]}")
        fields = [
            f for f in ("title", "room", "moderators", "topics") if before.get(f"{key}/{f}") != after.get(f"{key}/{f}")
        ]
        if fields:
            parts.append(f"{session.title}: {', '.join(fields)} changed")
    return parts
