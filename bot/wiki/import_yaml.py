"""Write a draft agenda as YAML text in the style of the example agendas.

Written by hand rather than dumped, so that the file reads like one an organiser wrote: comments
where the importer guessed, times quoted as "8:30", short lists in flow style, long text folded.
Strings stay plain when YAML reads them back unchanged; otherwise they are double-quoted (JSON
string syntax is valid YAML), keeping non-ASCII letters as they are.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable

from bot.wiki.import_dates import clock_text
from bot.wiki.import_model import Draft, DraftAttendee, DraftDay, DraftProposal, DraftSession, DraftTopic, DraftVenue

_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
_PLAIN = re.compile(r"[^\W\d_][^\n\t]*")
# In a [flow, list], ':', '?', '#', quotes and the like would end or change a plain word.
_FLOW_PLAIN = re.compile(r"[^\W\d_][\w .()/+-]*")
_FOLD_AT = 100  # a longer line is folded over several
_WRAP = 88


def scalar(text: str, flow: bool = False) -> str:
    """`text` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    plain = (
        _PLAIN.fullmatch(text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.casefold() not in _RESERVED
        and not (flow and not _FLOW_PLAIN.fullmatch(text))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _text(key: str, text: str, indent: str) -> list[str]:
    """`key: text`, folded over several lines (`>-`) when it is long."""
    if len(text) + len(indent) + len(key) <= _FOLD_AT and "\n" not in text:
        return [f"{indent}{key}{scalar(text)}"]
    lines = [f"{indent}{key}>-"]
    inner = indent + ("    " if key.startswith("- ") else "  ")  # deeper than the key the text belongs to
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            lines.append("")
        width = max(_WRAP - len(inner), 40)
        wrapped = textwrap.wrap(paragraph, width, break_on_hyphens=False, break_long_words=False)
        lines += [f"{inner}{line}" for line in wrapped]
    return lines


def _comment(text: str | None, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, _WRAP, break_on_hyphens=False)] if text else []


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def write_draft(draft: Draft) -> str:
    """The whole agenda file."""
    lines = ["# yaml-language-server: $schema=schema.json", "#"]
    lines += [comment for line in draft.header for comment in _comment(line, "") or ["#"]]
    lines += ["", "event:", *_event(draft)]
    if draft.people:
        lines += ["", "people:"]
        for person in draft.people:
            lines += _comment(person.comment, "  ")
            lines.append(f"  - name: {scalar(person.name)}")
            lines += [f"    wiki_user: {scalar(person.wiki_user)}"] if person.wiki_user else []
            lines += [f"    aliases: {_flow(person.aliases)}"] if person.aliases else []
            lines += [f"    email: {scalar(person.email)}"] if person.email else []
            lines += [f"    affiliation: {scalar(person.affiliation)}"] if person.affiliation else []
    if draft.attendees:
        lines += ["", "# In the order of the wiki page.", "attendees:"]
        lines += [line for attendee in draft.attendees for line in _attendee(attendee)]
    if draft.proposals:
        lines += ["", "# From the page's list of topics to discuss.", "proposals:"]
        for proposal in draft.proposals:
            lines += _proposal(proposal)
    if draft.work_items:
        lines += ["", "work_items:"]
        for item in draft.work_items:
            lines += [f"  - id: {item.id}", *_text("title: ", item.title, "    ")]
            lines += [f"    volunteers: {_flow(item.volunteers)}"] if item.volunteers else []
    if draft.sessions:
        lines += ["", "sessions:"]
        several_days = len(draft.days) > 1
        for session in draft.sessions:
            lines += [*_session(session, several_days), ""]
        lines.pop()
    if draft.not_understood:
        lines += ["", "# Not understood on the wiki page, so left out of this file:"]
        lines += [f"#   {' '.join(entry.split())}" for entry in draft.not_understood]
    return "\n".join(lines) + "\n"


def _event(draft: Draft) -> list[str]:
    lines = [f"  id: {scalar(draft.event_id)}", f"  title: {scalar(draft.title)}", f"  kind: {draft.kind}"]
    lines += [*_comment(draft.timezone_comment, "  "), f"  timezone: {scalar(draft.timezone)}"]
    lines += _text("description: ", draft.description, "  ") if draft.description else []
    if draft.days:
        lines.append("  days:")
        lines += [line for day in draft.days for line in _day(day)]
    lines += _venue("venue", draft.venue)
    lines += _venue("hotel", draft.hotel)
    lines += [f"  organisers: {_flow(draft.organisers)}"] if draft.organisers else []
    if draft.proposal_url or draft.see_also:
        lines.append("  links:")
        lines += [f"    proposal: {scalar(draft.proposal_url)}"] if draft.proposal_url else []
        lines += ["    see_also:"] if draft.see_also else []
        for link in draft.see_also:
            if link.title:
                lines += [f"      - title: {scalar(link.title)}", f"        url: {scalar(link.url)}"]
            else:
                lines.append(f"      - {scalar(link.url)}")
    if draft.wiki_page:
        lines += ["  wiki:", f"    page: {scalar(draft.wiki_page)}"]
    return lines


def _venue(key: str, venue: DraftVenue | None) -> list[str]:
    if not venue or not (venue.name or venue.address or venue.rooms):
        return []
    lines = [f"  {key}:"]
    lines += [f"    name: {scalar(venue.name)}"] if venue.name else []
    lines += [f"    address: {scalar(venue.address)}"] if venue.address else []
    lines += [f"    url: {scalar(venue.url)}"] if venue.url else []
    return lines + ([f"    rooms: {_flow(venue.rooms)}"] if venue.rooms else [])


def _day(day: DraftDay) -> list[str]:
    lines = [*_comment(day.comment, "    "), f"    - date: {day.date.isoformat()}"]
    if day.start and day.end:
        lines += [f'      start: "{clock_text(day.start)}"', f'      end: "{clock_text(day.end)}"']
    return lines + ([f"      venue: {scalar(day.venue)}"] if day.venue else [])


def _attendee(attendee: DraftAttendee) -> list[str]:
    details = (attendee.remote, attendee.note, attendee.days, attendee.arrives, attendee.departs)
    if attendee.status == "confirmed" and not any(details):
        return [f"  - {scalar(attendee.name)}"]
    lines = [f"  - name: {scalar(attendee.name)}"]
    lines += [f"    status: {attendee.status}"] if attendee.status != "confirmed" else []
    lines += ["    remote: true"] if attendee.remote else []
    lines += [f"    days: [{', '.join(day.isoformat() for day in attendee.days)}]"] if attendee.days else []
    lines += [f"    arrives: {attendee.arrives.isoformat()}"] if attendee.arrives else []
    lines += [f"    departs: {attendee.departs.isoformat()}"] if attendee.departs else []
    return lines + (_text("note: ", attendee.note, "    ") if attendee.note else [])


def _proposal(proposal: DraftProposal) -> list[str]:
    votes = f"{proposal.votes} vote{'s' if proposal.votes != 1 else ''}"
    lines = _comment(f"the page counts {votes}; who cast them it does not say", "  ") if proposal.votes else []
    lines += [f"  - id: {proposal.id}", *_text("title: ", proposal.title, "    ")]
    lines += _text("description: ", proposal.description, "    ") if proposal.description else []
    lines += [f"    proposer: {scalar(proposal.proposer)}"] if proposal.proposer else []
    return lines + (["    status: scheduled", f"    session: {scalar(proposal.session)}"] if proposal.session else [])


def _session(session: DraftSession, several_days: bool) -> list[str]:
    lines = [
        *_comment(session.comment, "  "),
        f"  - id: {scalar(session.id)}",
        *_text("title: ", session.title, "    "),
    ]
    lines += [f"    day: {session.day.isoformat()}"] if several_days else []
    lines += [f'    start: "{clock_text(session.start)}"', f'    end: "{clock_text(session.end)}"']
    lines += [f"    room: {scalar(session.room)}"] if session.room else []
    lines += [f"    track: {scalar(session.track)}"] if session.track else []
    lines += [f"    moderators: {_flow(session.moderators)}"] if session.moderators else []
    lines += [f"    required: {_flow(session.required)}"] if session.required else []
    lines += _text("description: ", session.description, "    ") if session.description else []
    lines += _text("minutes: ", session.minutes, "    ") if session.minutes else []
    if session.topics:
        lines.append("    topics:")
        lines += _topics(session.topics, "      ")
    return lines


def _topics(topics: tuple[DraftTopic, ...], indent: str) -> list[str]:
    lines = []
    for topic in topics:
        if topic.note is None and not topic.topics:
            lines += _text("- ", topic.title, indent)
            continue
        lines += _text("- title: ", topic.title, indent)
        lines += _text("note: ", topic.note, indent + "  ") if topic.note else []
        if topic.topics:
            lines += [f"{indent}  topics:", *_topics(topic.topics, indent + "    ")]
    return lines
