"""The minutes as people read them: the wiki page (templates/minutes/), its title, the chat
summary and the mailing-list text.

The page follows MeetBot's: the meeting, when, who chaired and who was there; each topic with
its lines marked INFO, IDEA, LINK, AGREED, ACCEPTED, REJECTED, ACTION or ROADMAP in the order
they were recorded; "Action items, by person"; the earlier action items closed; the log. Every
text from the meeting is escaped (`bot.wiki.escape`) before it reaches wikitext.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, tzinfo
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from bot.minutes.layout import (
    OwnerKind,
    actions_by_person,
    item_time,
    meeting_day,
    meeting_name,
    meeting_zone,
    owner_kind,
    owner_name,
    owner_remark,
    person_names,
    present_text,
    when_text,
)
from bot.minutes.lines import (
    UNASSIGNED,
    UNCLEAR,
    ActionLine,
    format_action,
    format_header,
    format_item,
    format_person_action,
)
from bot.minutes.model import Item, ItemKind, Minutes
from bot.minutes.text import chat_summary, mail_text
from bot.model import Agenda
from bot.wiki.escape import escape_text
from bot.wiki.templates import TEMPLATES, wiki_templates

__all__ = ["chat_summary", "mail_text", "minutes_page", "minutes_title", "page_of_event", "safe_url"]

_NOT_IN_TITLES = re.compile(r"[\[\]{}|#<>\x00-\x1f\x7f]|%(?=[0-9A-Fa-f]{2})|~{3,}")
_TITLE_LIMIT = 150  # characters of the meeting's name; MediaWiki allows 255 bytes in all


def page_of_event(agenda: Agenda) -> str:
    """The event page's title: `event.wiki.page`, or the event's title."""
    return agenda.event.wiki.page or agenda.event.title


def minutes_title(minutes: Minutes, agenda: Agenda | None, *, day: date | None = None) -> str:
    """`<event page>/Minutes/<YYYY-MM-DD> <session title or minutes title>`, safe as a page title."""
    name = " ".join(_NOT_IN_TITLES.sub(" ", meeting_name(minutes, agenda)).split()).strip("/. ")
    name = name[:_TITLE_LIMIT].rstrip() or "Meeting"
    day = day or meeting_day(minutes, agenda)
    leaf = f"{day.isoformat()} {name}" if day else name
    return f"{page_of_event(agenda)}/Minutes/{leaf}" if agenda else f"Minutes/{leaf}"


def minutes_page(
    minutes: Minutes, agenda: Agenda | None, *, names: Mapping[str, str] | None = None, day: date | None = None
) -> str:
    """The wikitext of the minutes page. `names` adds person id -> name to the agenda's people."""
    environment = wiki_templates([TEMPLATES / "minutes"])
    return environment.get_template("minutes.wiki.j2").render(_page_context(minutes, agenda, names, day))


def _page_context(
    minutes: Minutes, agenda: Agenda | None, names: Mapping[str, str] | None, day: date | None
) -> dict[str, Any]:
    named = person_names(agenda, names)
    zone = meeting_zone(minutes, agenda)
    return {
        "header": _header(minutes, agenda, day),
        "topics": _topics(minutes, named, zone),
        "by_person": [
            {"heading": group.heading, "lines": [_by_person_line(item, named) for item in group.actions]}
            for group in actions_by_person(minutes, named)
        ],
        "closed": [_closed_line(action_id, agenda, named) for action_id in minutes.closed],
        "log": Markup(f"[{url} {escape_text(minutes.log_url or '')}]") if (url := safe_url(minutes.log_url)) else None,
    }


def _header(minutes: Minutes, agenda: Agenda | None, day: date | None) -> list[Markup]:
    """The lines above the summary: the meeting, its event and session, when, chairs, who was there."""
    header: list[tuple[str, str]] = [("Meeting", escape_text(minutes.title))]
    if agenda is not None:
        page = escape_text(page_of_event(agenda))
        header.append(("Event", f"[[{page}|{escape_text(agenda.event.title)}]]"))
        block = meeting_name(minutes, agenda)
        if minutes.session and block != minutes.title:
            header.append(("Session", f"[[{page}#{escape_text(minutes.session)}|{escape_text(block)}]]"))
    when = when_text(minutes, agenda, day=day)
    if when:
        header.append(("When", escape_text(when)))
    if minutes.chairs:
        header.append(("Chairs", escape_text(", ".join(minutes.chairs))))
    if (present := present_text(minutes)) is not None:
        header.append((present[0], escape_text(present[1])))
    return [Markup(format_header(label, value)) for label, value in header]


def _topics(minutes: Minutes, named: Mapping[str, str], zone: tzinfo | None) -> list[dict[str, Any]]:
    """The topics in order, each with its lines; lines before the first topic come first."""
    known = {topic.id for topic in minutes.topics}
    loose = [item for item in minutes.items if item.topic not in known]
    topics: list[dict[str, Any]] = (
        [{"heading": None, "lines": [_item_line(item, named, zone) for item in loose]}] if loose else []
    )
    for number, topic in enumerate(minutes.topics, 1):
        lines = [_item_line(item, named, zone) for item in minutes.items if item.topic == topic.id]
        topics.append({"heading": Markup(_heading(f"{number}. {topic.title}")), "lines": lines})
    return topics


def _heading(text: str) -> str:
    return escape_text(text).replace("=", "&#61;")


def _item_line(item: Item, named: Mapping[str, str], zone: tzinfo | None) -> Markup:
    """`'''INFO''': text <small>(Konrad, 11:05)</small>`; an action shows its id, owner and due date."""
    if item.kind is ItemKind.ACTION:
        return Markup(format_action(_action_line(item, owner_name(item.owner, named) or _no_owner(item, named))))
    text = _link_text(item.text) if item.kind is ItemKind.LINK else escape_text(item.text)
    said = ", ".join(part for part in (item.who, item_time(item, zone)) if part)
    remarks = [said] if said else []
    remarks += [f"for {item.release}"] if item.kind is ItemKind.ROADMAP and item.release else []
    return Markup(format_item(item.kind.name, text, remarks))


def _action_line(item: Item, remark: str) -> ActionLine:
    return ActionLine(item.id, item.text, remark or None, item.due.isoformat() if item.due else None, item.done)


def _no_owner(item: Item, named: Mapping[str, str]) -> str:
    prefix = UNCLEAR if owner_kind(item.owner) is OwnerKind.UNCLEAR else UNASSIGNED
    return prefix + owner_remark(item.owner, named)


def _link_text(text: str) -> str:
    """A LINK item: its address as a link (labelled with the rest of the line, if any)."""
    address, _, rest = text.strip().partition(" ")
    url = safe_url(address)
    if url is None:
        return escape_text(text)
    return f"[{url} {escape_text(rest.strip() or address)}]"


def _by_person_line(item: Item, named: Mapping[str, str]) -> Markup:
    """`'''A5''' text <small>(due 2013-06-28)</small>`, with why the owner is unclear, if so."""
    return Markup(format_person_action(_action_line(item, owner_remark(item.owner, named))))


def _closed_line(action_id: str, agenda: Agenda | None, named: Mapping[str, str]) -> Markup:
    action = next((a for a in agenda.actions if a.id == action_id), None) if agenda else None
    if action is None:
        return Markup(f"'''{escape_text(action_id)}'''" + (" <small>(not in the agenda)</small>" if agenda else ""))
    owner = named.get(action.owner, action.owner) if action.owner else "nobody"
    return Markup(f"'''{escape_text(action.id)}''' {escape_text(owner)}: {escape_text(action.text)}")


_URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


def safe_url(address: str | None) -> str | None:
    """An http(s) address fit to put in wikitext or mrkdwn as a link target, or None.

    Characters markup would read (`[ ] { } | < > ' " ~ _` and spaces) are percent-encoded; the
    address still leads to the same place.
    """
    if not address or not _URL.fullmatch(address.strip()):
        return None
    url = quote(address.strip(), safe=":/?#@!$&()*+,;=%")
    url = re.sub(r"&(?=#?\w+;)", "%26", url)  # would read as an entity
    return url.replace("~", "%7E").replace("_", "%5F")
