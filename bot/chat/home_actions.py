"""What the Home tab's buttons do, and the Home tab's requests as stored in the inbox.

A button does exactly what its command does: Join is `/summit EVENT join`, Leave `leave`, Vote
`vote ID`, Unvote `unvote ID`, each run through `bot.chat.commands` with the presser as caller.
Done marks one of the presser's own action items done (`finish`). Who presses is the user id
Slack signed the request with, never a name and never anything in the button's value: the
value only says what to do, and the same identity checks as a command's decide whether it may.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from bot.chat import commands, replies
from bot.chat.changes import Finish
from bot.chat.commands import CommandError, Outcome, Request, Served
from bot.chat.days import close_matches
from bot.chat.home import ACTION_PREFIX, VERBS, HomeButton
from bot.chat.identity import Caller, ChatUser, identify
from bot.chat.mrkdwn import one_line
from bot.model import ActionStatus, Agenda
from bot.text import printable

Job = Callable[[Agenda], Outcome]
_COMMANDS = {"join": "join", "leave": "leave", "vote": "vote {item}", "unvote": "unvote {item}"}


def home_opened_letter(body: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]] | None:
    """An `app_home_opened` event on the Home tab, with Slack's event id; None for the Messages tab."""
    event = body.get("event") or {}
    if event.get("tab", "home") != "home" or not event.get("user"):
        return None
    return body.get("event_id"), {"user": str(event["user"])}


def button_letter(body: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Home button pressed (a block_actions payload), as stored; None when it is none of ours."""
    actions = body.get("actions") or []
    user = (body.get("user") or {}).get("id")
    if not actions or not user or not str(actions[0].get("action_id", "")).startswith(ACTION_PREFIX):
        return None
    button = read_button(str(actions[0].get("value") or ""))
    if button is None:
        return None
    return {"user": str(user), "verb": button.verb, "event": button.event, "item": button.item}


def read_button(value: str) -> HomeButton | None:
    """A button's value read back; None for anything the Home view does not make."""
    try:
        found = json.loads(value)
    except ValueError:
        return None
    if not isinstance(found, dict) or found.get("verb") not in VERBS:
        return None
    event, item = found.get("event"), found.get("item", "")
    if not isinstance(event, str) or not isinstance(item, str) or not event:
        return None
    return HomeButton(str(found["verb"]), printable(event), printable(item))


def button_job(payload: Mapping[str, Any], user: ChatUser, now: datetime, served: Served) -> tuple[str, Job]:
    """The event a pressed button is about, and the job it runs (the command's own, or `finish`)."""
    verb, event, item = payload["verb"], payload["event"], payload["item"]
    if event not in {agenda.event.id for agenda in served.agendas}:
        raise CommandError(f"The event `{one_line(event, 60)}` is no longer served.")
    if verb == "done":
        return event, lambda agenda: finish(agenda, identify(agenda, user), item)
    request = Request(_COMMANDS[verb].format(item=item), user, now)
    return event, lambda agenda: commands.run(request, Served((agenda,), served.feed_link))


def finish(agenda: Agenda, caller: Caller, key: str) -> Outcome:
    """Mark one of the caller's own open action items done; anyone else's is refused."""
    action = next((a for a in agenda.actions if a.id.casefold() == key.casefold()), None)
    if action is None:
        known = [a.id for a in agenda.actions]
        raise CommandError(replies.not_found("action item", key or "(none given)", known, close_matches(key, known)))
    if caller.person is None or action.owner != caller.person.id:
        raise CommandError(f"Only the owner of *{one_line(action.id, 20)}* can mark it done.")
    if action.status is ActionStatus.DONE:
        return Outcome(f"*{one_line(action.id, 20)}* is done already.", agenda.event.id)
    reply = f"Done: *{one_line(action.id, 20)}* is marked done."
    return Outcome(reply, agenda.event.id, (commands.identify_caller(caller), Finish(action.id)))
