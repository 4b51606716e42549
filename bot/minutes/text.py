"""The minutes in short for chat (Slack mrkdwn) and in full for a mailing list (plain text).

The chat summary is what a channel needs: what was decided and who does what, with owners as
names (never mentions: a summary must not notify anybody), every text escaped with
`bot.chat.mrkdwn`. The mail is the whole meeting, wrapped at 72 columns in the style of the
notes people post to lists: `= Topic =` headings and `*` items.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import tzinfo

from bot.chat.mrkdwn import escape, one_line
from bot.minutes.layout import (
    ActionGroup,
    OwnerKind,
    actions_by_person,
    item_time,
    meeting_name,
    meeting_zone,
    owner_name,
    owner_remark,
    person_names,
    present_text,
    when_text,
)
from bot.minutes.model import Item, ItemKind, Minutes
from bot.model import Agenda

CHAT_LIMIT = 8  # decisions, and actions, listed in the chat summary; the rest are counted
WIDTH = 72


def chat_summary(minutes: Minutes, agenda: Agenda | None, *, page_url: str | None = None) -> str:
    """Slack mrkdwn for the meeting's thread: the decisions, then the action items by person."""
    named = person_names(agenda)
    when = when_text(minutes, agenda)
    head = [f"*Minutes: {one_line(meeting_name(minutes, agenda), 150)}*" + (f" — {escape(when)}" if when else "")]
    if page_url and (address := _chat_url(page_url)):
        head.append(f"<{address}|The minutes on the wiki>")
    lines: list[str] = []
    if minutes.decisions:
        lines.append("*Decisions*")
        lines += _capped([f"• {item.kind.name}: {one_line(item.text)}" for item in minutes.decisions])
    groups = actions_by_person(minutes, named)
    if groups:
        lines.append("*Action items*")
        lines += _capped([line for group in groups for line in _chat_actions(group, named)])
    if minutes.closed:
        lines.append("Closed: " + ", ".join(escape(action_id) for action_id in minutes.closed))
    return "\n".join(head + (lines or ["Nothing was decided and nobody took an action."]))


def _chat_actions(group: ActionGroup, named: Mapping[str, str]) -> Iterator[str]:
    for item in group.actions:
        remark = owner_remark(item.owner, named) if group.kind is not OwnerKind.PERSON else ""
        due = f" (due {item.due.isoformat()})" if item.due else ""
        extra = f" ({escape(remark)})" if remark else ""
        yield f"• *{escape(group.heading)}*: {escape(item.id)} {one_line(item.text)}{due}{extra}"


def _capped(lines: Sequence[str]) -> list[str]:
    if len(lines) <= CHAT_LIMIT:
        return list(lines)
    return [*lines[:CHAT_LIMIT], f"… and {len(lines) - CHAT_LIMIT} more"]


def _chat_url(url: str) -> str | None:
    """A link target for `<url|label>`: http(s) only, with nothing that could end the link."""
    if not url.startswith(("http://", "https://")) or any(char.isspace() for char in url):
        return None
    return url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E")


def mail_text(minutes: Minutes, agenda: Agenda | None, *, page_url: str | None = None) -> str:
    """The minutes as plain text for a mailing list, wrapped at 72 columns."""
    named = person_names(agenda)
    zone = meeting_zone(minutes, agenda)
    out = [*_wrapped(f"Minutes: {minutes.title}" if minutes.title else "Minutes")]
    event = agenda.event.title if agenda else None
    heading = ", ".join(part for part in (event, when_text(minutes, agenda)) if part)
    out += _wrapped(heading) if heading else []
    out += _wrapped(f"Chairs: {', '.join(minutes.chairs)}") if minutes.chairs else []
    present = present_text(minutes)
    out += _wrapped(f"{present[0]}: {present[1]}") if present else []
    out += _wrapped(f"Log: {minutes.log_url}") if minutes.log_url else []
    out += _wrapped(f"On the wiki: {page_url}") if page_url else []
    for title, items in _mail_topics(minutes):
        out += ["", f"= {_flat(title)} =" if title else "= Notes ="]
        for item in items:
            out += _wrapped("* " + _mail_item(item, named, zone))
    groups = actions_by_person(minutes, named)
    if groups:
        out += ["", "= Action items, by person ="]
    for group in groups:
        out += ["", _flat(group.heading)]
        for item in group.actions:
            remarks = [owner_remark(item.owner, named)] + ([f"due {item.due.isoformat()}"] if item.due else [])
            shown = "; ".join(remark for remark in remarks if remark)
            out += _wrapped(f"* {item.id} {item.text}" + (f" ({shown})" if shown else ""))
    if minutes.closed:
        out += ["", "= Earlier action items closed ="]
        for action_id in minutes.closed:
            action = next((a for a in agenda.actions if a.id == action_id), None) if agenda else None
            owner = f" ({named.get(action.owner, action.owner)})" if action and action.owner else ""
            out += _wrapped(f"* {action_id} {action.text}{owner}" if action else f"* {action_id}")
    return "\n".join(out) + "\n"


def _mail_topics(minutes: Minutes) -> list[tuple[str | None, list[Item]]]:
    known = {topic.id for topic in minutes.topics}
    loose = [item for item in minutes.items if item.topic not in known]
    topics: list[tuple[str | None, list[Item]]] = [(None, loose)] if loose else []
    return topics + [(t.title, [i for i in minutes.items if i.topic == t.id]) for t in minutes.topics]


def _mail_item(item: Item, named: Mapping[str, str], zone: tzinfo | None) -> str:
    if item.kind is ItemKind.ACTION:
        owner = owner_name(item.owner, named) or owner_remark(item.owner, named)
        due = [f"due {item.due.isoformat()}"] if item.due else []
        return f"ACTION: {item.id} {item.text} ({'; '.join([owner, *due] + (['done'] if item.done else []))})"
    remarks = [part for part in (item.who, item_time(item, zone)) if part]
    remarks += [f"for {item.release}"] if item.kind is ItemKind.ROADMAP and item.release else []
    return f"{item.kind.name}: {item.text}" + (f" ({', '.join(remarks)})" if remarks else "")


def _flat(text: str) -> str:
    """One line, with no control characters (a terminal or mail client could act on them)."""
    return " ".join("".join(" " if unicodedata.category(char) == "Cc" else char for char in text).split())


def _wrapped(text: str) -> list[str]:
    """One paragraph wrapped at WIDTH, continuation lines indented; long words (URLs) unbroken."""
    return textwrap.wrap(
        _flat(text), WIDTH, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    ) or [""]
