"""Everything Slack sends, turned into our nouns, and the one view we show; in one module.

What the bot stores in its inbox is a small dict made here from Slack's payload (not the whole
payload), so a stored request says exactly what the worker needs. Every text taken from a payload
goes through `_text`: JSON can carry a lone surrogate (`"\ud800"`), which is no character, cannot
be written as UTF-8 (not to the inbox, the YAML or the wiki), and becomes U+FFFD here; people's
text is also taken without the control characters no format carries (`bot.text.printable`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from bot.chat.identity import ChatUser
from bot.text import printable

VOTE_REACTIONS = frozenset({"+1", "thumbsup", "ballot_box_with_check", "heavy_plus_sign"})
PROPOSAL_FORM = "summit-propose"  # the callback id of the proposal form


def command_letter(body: Mapping[str, Any]) -> dict[str, Any]:
    """A slash command, as stored."""
    return {
        "text": printable(_text(body.get("text"))),
        "user": _text(body["user_id"]),
        "user_name": printable(_text(body.get("user_name"))),
        "channel": _text(body.get("channel_id")),
        "channel_name": _text(body.get("channel_name")),
        "response_url": _text(body.get("response_url")) or None,
        "command": _text(body.get("command")) or "/summit",
    }


def wants_form(text: str, event_ids: set[str]) -> bool:
    """Whether a command is `propose` with no title (the form is shown instead)."""
    words = [w for w in text.split() if w not in event_ids]
    return [w.lower() for w in words] == ["propose"]


def reaction_letter(body: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]] | None:
    """A reaction added or removed on a message, with Slack's event id; None for other reactions."""
    event = body.get("event") or {}
    item = event.get("item") or {}
    if item.get("type") != "message" or _base_reaction(str(event.get("reaction"))) not in VOTE_REACTIONS:
        return None
    letter = {
        "added": event.get("type") == "reaction_added",
        "user": _text(event.get("user")),
        "channel": _text(item.get("channel")),
        "ts": _text(item.get("ts")),
    }
    return body.get("event_id"), letter


def message_letter(
    body: Mapping[str, Any], in_meeting: Callable[[str], bool]
) -> tuple[str | None, dict[str, Any]] | None:
    """A message someone posted in a channel, when it is a meeting command or a meeting runs there
    (edits, bots' messages and joins are not lines of a meeting)."""
    event = body.get("event") or {}
    text, channel = _text(event.get("text")), _text(event.get("channel"))
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return None
    if not (text.lstrip().startswith("#") or in_meeting(channel)):
        return None
    letter = {"user": _text(event["user"]), "channel": channel, "text": printable(text), "ts": _text(event.get("ts"))}
    return body.get("event_id"), letter


def form_letter(body: Mapping[str, Any]) -> dict[str, Any]:
    """A submitted proposal form, as stored."""
    view = body["view"]
    values = view["state"]["values"]
    metadata = json.loads(view.get("private_metadata") or "{}")
    return {
        "user": _text(body["user"]["id"]),
        "title": printable(_text(values["title"]["title"].get("value"))),
        "description": printable(_text(values["description"]["description"].get("value"))),
        "event": _text(metadata.get("event")) or None,
        "channel": _text(metadata.get("channel")) or None,
    }


def form_errors(body: Mapping[str, Any], max_title: int, max_description: int) -> dict[str, str]:
    """What is wrong with a submitted form, by block id (Slack shows it under the field)."""
    letter = form_letter(body)
    errors = {}
    if not letter["title"].strip():
        errors["title"] = "A topic needs a title."
    elif len(letter["title"]) > max_title:
        errors["title"] = f"At most {max_title} characters, please."
    if len(letter["description"]) > max_description:
        errors["description"] = f"At most {max_description} characters, please."
    return errors


def proposal_form(
    event_title: str, metadata: Mapping[str, Any], max_title: int, max_description: int
) -> dict[str, Any]:
    """The modal for `propose` without a title."""
    return {
        "type": "modal",
        "callback_id": PROPOSAL_FORM,
        "private_metadata": json.dumps(dict(metadata)),
        "title": {"type": "plain_text", "text": "Propose a topic"},
        "submit": {"type": "plain_text", "text": "Propose"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "context", "elements": [{"type": "plain_text", "text": event_title[:150]}]},
            _input("title", "Title", max_title, multiline=False),
            _input("description", "Description", max_description, multiline=True, optional=True),
        ],
    }


def chat_user(user: Mapping[str, Any]) -> ChatUser:
    """A users.info `user` as a ChatUser; the profile's email only when Slack says the user has
    confirmed it (`is_email_confirmed`), since an email is taken as proof of who someone is."""
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or profile.get("display_name") or user.get("name")
    confirmed = user.get("is_email_confirmed") is True
    return ChatUser(
        id=_text(user["id"]),
        name=printable(_text(name or user["id"])),
        email=(_text(profile.get("email")) or None) if confirmed else None,
        display_name=printable(_text(profile.get("display_name"))) or None,
    )


def voters(message: Mapping[str, Any], bot_user: str | None) -> set[str]:
    """Who reacted to a message (reactions.get) with a vote reaction, the bot itself aside."""
    found: set[str] = set()
    for reaction in message.get("reactions") or []:
        if _base_reaction(str(reaction.get("name"))) in VOTE_REACTIONS:
            found.update(str(user) for user in reaction.get("users") or [])
    return found - {bot_user} if bot_user else found


def _text(value: object) -> str:
    """A payload's value as text ("" for none), any lone surrogate replaced by U+FFFD (pairs kept)."""
    text = str(value) if value else ""
    return text if text.isascii() else text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _base_reaction(name: str) -> str:
    return name.split("::", 1)[0]  # "+1::skin-tone-3" is a +1


def _input(block: str, label: str, limit: int, *, multiline: bool, optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": {"type": "plain_text_input", "action_id": block, "multiline": multiline, "max_length": limit},
    }
