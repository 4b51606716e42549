"""The shapes of a line of hand-written minutes: headings (MediaWiki `== x ==`, Markdown `## x`),
section labels (`[Attendees]`, `Agenda:`, `## Action items`, "List of attendees"), markers of
actions and decisions in the forms people write them (`ACTION:`, `; ACTION :`, `Action item:`,
`**Action [1]**`, `- [ ] @alice ...`, `Resolved:`, `RESOLUTION:`, `; VOTE`, `Decided to ...`),
speakers ("Kenneth: I move to close it off."), vote tallies and rules.

Pure functions of one line; what a line means in its place is `notes_reader`'s business.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.agenda.people import name_key
from bot.minutes.model import ItemKind
from bot.minutes.notes_day import written_date

MARKERS = {
    "action items": ItemKind.ACTION, "action item": ItemKind.ACTION, "action points": ItemKind.ACTION,
    "action point": ItemKind.ACTION, "actions": ItemKind.ACTION, "action": ItemKind.ACTION,
    "todo": ItemKind.ACTION, "conclusion": ItemKind.AGREED, "agreed": ItemKind.AGREED,
    "decisions": ItemKind.AGREED, "decision": ItemKind.AGREED, "decided": ItemKind.AGREED,
    "resolved": ItemKind.AGREED, "resolution": ItemKind.AGREED, "vote": ItemKind.AGREED,
    "accepted": ItemKind.ACCEPTED, "rejected": ItemKind.REJECTED, "note": ItemKind.INFO,
    "info": ItemKind.INFO, "proposal": ItemKind.INFO, "idea": ItemKind.IDEA, "link": ItemKind.LINK,
    "roadmap": ItemKind.ROADMAP,
}  # fmt: skip
_WORDS = "|".join(sorted(MARKERS, key=len, reverse=True)).replace(" ", r"\s+")
# "[ACTION]: ...", "ACTION: ...", "Action (Ray): ..." (who in parentheses)
MARKER = re.compile(rf"^(?:\[({_WORDS})\]\s*:?|({_WORDS})\s*(?:\(([^()]{{1,60}})\))?\s*:)\s*(.*)$", re.IGNORECASE)
_AI = re.compile(r"^(AI)\s*(?:\(([^()]{1,60})\))?\s*:\s*(.*)$")  # "AI(bob): update the docs", capitals only
_STATUS = re.compile(r"^\[(NEW|PENDING|CONTINUES|STARTED|DONE|DROPPED)\]\s*", re.IGNORECASE)  # RRSAgent's
_VOTE = re.compile(r"^(vote)\b\s*:?\s*(.*)$", re.IGNORECASE)  # "; VOTE to redirect site : FOR = all"
_DECIDED = re.compile(r"^(?:We\s+d|D)ecided\s+(?:to|that|on)\b")  # capitalised: not a wrapped line's "decided"
_NOTED = re.compile(
    r"^\[\s*((?:agreed|decided|resolved)\s+(?:to|that|on)\b[^\]]*)\]$", re.I
)  # a scribe's "[agreed to ...]"
_APPROVED = re.compile(
    r"\b(?:was|were)\s+(?:approved|adopted|rejected|tabled)\s+by\b"
    r"|\bapproved\s+(?:as\s+submitted\s+)?by\s+(?:general\s+consent|unanimous\s+(?:vote|consent)|acclamation)\b",
    re.IGNORECASE,
)  # "Special Order 7A, ..., was approved by Unanimous Vote"; board minutes' "Approved by General Consent."
ACTION_REF = re.compile(r"\*\*\s*Action\s*\[(\d+)\]\s*\*\*", re.IGNORECASE)  # "**Action [1]**"
_BOLD_LEAD = re.compile(r"^(?:\*\*|__|''')([^*_']+?)(?:\*\*|__|''')\s*")  # "**Action:**", wiki's '''bold'''
CHECKBOX = re.compile(r"^\[([ xX])\]\s+(.*)$")
TALLY = re.compile(r"^\(?\s*(?:\(?VOTE\)?\s*:\s*)?(?:FOR|AGAINST|YES|NO|ABSTAIN\w*)\b\s*[=:]")

HEADER = re.compile(r"^(?:From|To|Cc|Subject|Date|Sent|Reply-To|Message-ID|In-Reply-To|References):", re.I)
QUOTE = re.compile(r"^((?:[ \t]?>)+)[ \t]?")
WIKI_HEADING = re.compile(r"^(=+)\s*([^=\s].*?)\s*=*\s*$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^(\s*)(?:[*#]+|-|•|\+|\d{1,2}[.)])\s+(.*)$")
MARKDOWN_BULLET = re.compile(r"^(\s*)(?:\*+|-|•|\+|\d{1,2}[.)])\s+(.*)$")
DEFINITION = re.compile(r"^\s*[;:]+\s*(.*)$")  # a MediaWiki definition list line: "; ACTION : ..."
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
NOBODY_KNOWS = re.compile(r"\b(?:remember|who|unknown|someone|somebody|anonymous|not sure|forgot)\b|\?", re.I)
# what a date heading may hold beside the date: the weekday, a time, its zone
_WEEKDAYS = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b[ap]\.?m\b\.?|\b(?:utc|gmt|z|[a-z]{1,2}[sd]?t|cet|cest|bst)\b"
    r"|[\W\d_]",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(r"^\[([^\W\d][^\]]{0,60})\]\s*:?\s*(.*)$")
SPEAKER = re.compile(r"^([^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){0,2}):\s+(\S.*)$")
NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}$")
FORWARDED = re.compile(r"^\s*-{2,}\s*(?:Forwarded|Original)\s+(?:message|mail)\b|\(fwd\)\s*$", re.IGNORECASE)
_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]|\[([^\]]*)\]\([^)]*\)|\[(?:https?|mailto):\S+\s+([^\]]*)\]")
_EMPHASIS = re.compile(r"\*\*|__|'''|''|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_HANDLES = re.compile(r"(?:\s+@[\w-]+)+\s*$")
_ASSIGNEES = re.compile(r"\s+[-–—]\s+@[\w-]+(?:\s*[,/&]?\s*@[\w-]+)*\s*$")  # "Portals - @hober, @cynthia"

# words that end with a colon without being anyone's name ("Answer: ...", "Update: ...")
LABELS = frozenset(
    [
        "a",
        "q",
        "answer",
        "question",
        "note",
        "notes",
        "update",
        "updates",
        "proposal",
        "goal",
        "alternative",
        "issue",
        "summary",
        "status",
        "topic",
        "agenda",
        "minutes",
        "date",
        "time",
        "location",
        "where",
        "when",
        "who",
        "what",
        "why",
        "how",
        "example",
        "ex",
        "re",
        "fyi",
        "ps",
        "tldr",
        "link",
        "links",
        "url",
        "see",
        "cc",
        "background",
        "context",
        "discussion",
        "outcome",
        "result",
        "comment",
        "comments",
        "reason",
        "subject",
        "from",
        "to",
        "sent",
        "eta",
        "pr",
        "docs",
        "http",
        "https",
        "previous",
        "discussion",
        "next",
        "steps",
        "consensus",
        "update",
        "response",
        "reply",
        "follow",
        "up",
        "followup",
    ]
)


class Section(StrEnum):
    """What the lines under a heading or label are."""

    PRESENT = "present"
    REGRETS = "regrets"
    CHAIRS = "chairs"
    SCRIBES = "scribes"
    AGENDA = "agenda"
    ACTIONS = "actions"  # the authoritative list of action items
    COMPLETED = "completed"  # old actions done: not open action items
    DECISIONS = "decisions"
    TITLE = "title"
    PLAIN = "plain"  # "Summary", "Minutes": the notes themselves, no topic of their own


_SECTIONS = {
    Section.PRESENT: "attendees|attendance|present|participants|list of attendees|people present|who|in attendance|"
    "directors present|officers present|executive officers present|guests|also present|members present",
    Section.REGRETS: "regrets|apologies|absent|directors absent|members absent|not present|apologies for absence",
    Section.CHAIRS: "chair|chairs|chairperson|facilitator|facilitators",
    Section.SCRIBES: "scribe|scribes|minute taker|minute takers|note taker|note takers|minutes taker",
    Section.AGENDA: "agenda|proposed agenda|agenda items",
    Section.ACTIONS: "actions|action items|action item|action points|new actions|new action items|todo|to do|"
    "summary of action items|summary of actions|"
    "todos|follow ups|next steps|tasks",
    Section.COMPLETED: "completed actions|done actions|closed actions|completed action items",
    Section.DECISIONS: "decisions|resolutions|decisions made|agreements|summary of resolutions|summary of decisions",
    Section.TITLE: "topic|title|subject",
    Section.PLAIN: "summary|minutes|notes|discussion|meeting notes|minutes of meeting|meeting minutes|"
    "links|useful links|resources|references",
}
SECTIONS = {label: section for section, labels in _SECTIONS.items() for label in labels.split("|")}
PEOPLE_LINE = re.compile(
    r"^(?:\*\*)?(present|attendees|attendance|participants|regrets|apologies|absent|scribes?|chairs?|"
    r"facilitators?|note ?takers?|minute ?takers?|guests)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.*)$",
    re.IGNORECASE,
)
# "Ryan will facilitate", "Mark scribes": the act, not a title ("F. Vice Chairman [Greg]")
ROLE = re.compile(
    r"^(?P<who>[^\W\d_][\w'’.-]*(?:\s(?!will\b|is\b)[^\W\d_][\w'’.-]*){0,2})\s+(?:will\s+|is\s+going\s+to\s+)?"
    r"(?P<role>facilitat(?:e|es|ed|ing)|chair(?:s|ed|ing)?|scrib(?:e|es|ed|ing)|takes?\s+minutes|taking\s+minutes)\b",
    re.IGNORECASE,
)


def marker(body: str) -> tuple[ItemKind, str] | None:
    """The kind and text of a marked line: "ACTION: Konrad post v8", "; VOTE : to renew members",
    "**Action:** ...", "AI(bob): ...", "[NEW] ACTION: ...", "Decided to use etcd ..."; None for a
    line without a marker. Who is named in parentheses leads the text ("bob: ..."); an action
    marked [DONE] or [DROPPED] is information, not an open action."""
    body = _BOLD_LEAD.sub(lambda bold: bold.group(1) + " ", body, count=1).strip()
    status = _STATUS.match(body)
    body = body[status.end() :] if status else body
    found = MARKER.match(body)
    if found is not None:
        kind = MARKERS[" ".join((found.group(1) or found.group(2)).lower().split())]
        who, rest = found.group(3), found.group(4)
    elif (ai := _AI.match(body)) is not None:
        kind, who, rest = ItemKind.ACTION, ai.group(2), ai.group(3)
    elif (vote := _VOTE.match(body)) is not None:
        kind, who, rest = ItemKind.AGREED, None, vote.group(2)
    elif _DECIDED.match(body) or (decided_in(body) and not body[:1].islower()):  # "was approved ...": wrapped
        return ItemKind.AGREED, body
    elif (noted := _NOTED.match(body)) is not None:
        return ItemKind.AGREED, noted.group(1).strip()
    else:
        return None
    if kind is ItemKind.ACTION and status and status.group(1).upper() in ("DONE", "DROPPED"):
        kind = ItemKind.INFO
    text = " ".join(rest.strip(" :").split())
    return kind, f"{who.strip()}: {text}" if who else text


def decided_in(text: str) -> bool:
    """Whether `text` reports a decision taken: "... was approved by Unanimous Vote ..."."""
    return bool(_APPROVED.search(text))


def section_of(text: str) -> Section | None:
    """The section a heading or a label line opens ("[Attendees]", "Action items:", "9. Action Items")."""
    key = re.sub(r"^\d{1,2}[.)]\s*", "", plain(text).strip(" []:*#=").strip()).lower()
    return SECTIONS.get(" ".join(key.replace("-", " ").split()))


def plain(text: str) -> str:
    """Text without its markup: links as their text, no emphasis, no trailing @handles."""
    text = _LINK.sub(lambda link: next(part for part in link.groups() if part is not None), text)
    return " ".join(_HANDLES.sub("", _ASSIGNEES.sub("", _EMPHASIS.sub("", text))).split())


def names_in(value: str) -> list[str]:
    """The names of a `Present:` or `Regrets:` value: "Dan, Kenneth and Peter" -> three; "all" -> none."""
    parts = re.split(r"\s*(?:,|;|\band\b|&|\+)\s*", plain(value).strip().rstrip("."))
    return [name for part in parts if (name := person_name(part))]


def person_name(text: str) -> str | None:
    """The name a line of an attendee list gives ("Gwenaelle Abeille, Synchrotron Soleil, France",
    "paul morie", "Pete Jemian (APS)"), or None when it is no name."""
    name = re.split(r"\s*(?:,|\(|\s[-–—]\s|<|\[)", plain(text).strip())[0].strip(" .:").removeprefix("@")
    if not NAME.match(name) or name.lower() in {"all", "everyone", "everybody", "none", "nobody", "n/a", "tbd"}:
        return None
    return name


def speaker(body: str) -> tuple[str, str] | None:
    """ "Kenneth: I move to close it off." as ("Kenneth", "I move to close it off."); None when the
    word before the colon is a label ("Answer:", "Update:") or no name."""
    found = SPEAKER.match(body)
    if found is None or found.group(1).lower() in LABELS:
        return None
    who = found.group(1)
    if not all(word[0].isupper() for word in who.split()) or len(who) < 2 or who.isupper():
        return None
    return who, found.group(2)


def heading(line: str, *, wiki: bool) -> tuple[int, str] | None:
    """A heading's level and text: "== Officer Renewal ==" (2), "### [Background fetch](url) @x" (3)."""
    found = WIKI_HEADING.match(line) if wiki else MARKDOWN_HEADING.match(line) or WIKI_HEADING.match(line)
    if found is None or not plain(found.group(2)):
        return None
    return len(found.group(1)), plain(found.group(2))


def heading_section(text: str) -> Section | None:
    """The section a heading opens: "= Topic =" is a topic of that name, not a title to come."""
    section = section_of(text)
    return None if section is Section.TITLE else section


def only_a_date(text: str) -> bool:
    """Whether a heading is a date and nothing else ("08 January 2019", "# 2023-07-13")."""
    written = written_date(text)
    return written is not None and not _WEEKDAYS.sub("", text.replace(written.text, ""))


def topic_key(title: str) -> str:
    """How topics are compared: "Revisit frequency (*Ryan*, 5 Minutes)" is "revisit frequency"."""
    return name_key(re.sub(r"\([^)]*\)", "", plain(title))).strip(" .:")


def attribution(body: str) -> tuple[str | None, str]:
    """ "[Konrad] Stated that ..." as ("Konrad", "Stated that ..."); "[Can't remember who said this]
    Maybe ..." as (None, "Maybe ..."); a line with no attribution as (None, the line)."""
    match = ATTRIBUTION.match(body)
    if match is None or CHECKBOX.match(body):
        return None, body
    who, said = match.group(1).strip(), match.group(2)
    if NOBODY_KNOWS.search(who):
        return None, said
    if len(who.split()) > 4:
        return None, body  # a bracketed remark, not a name
    return who, said


def topic_heading(line: str, *, wiki: bool) -> bool:
    """Whether `line` is a heading that is a topic (not a date, not a section's label)."""
    found = heading(line, wiki=wiki)
    return found is not None and heading_section(found[1]) is None and not only_a_date(found[1])


def title_heading(lines: list[tuple[int, str]], *, wiki: bool) -> int | None:
    """The line of the first heading, when no other heading is as high: the meeting's title."""
    found = [(number, hit) for number, line in lines if (hit := heading(line, wiki=wiki))]
    if not found or any(level <= found[0][1][0] for _, (level, _) in found[1:]):
        return None
    return found[0][0] if heading_section(found[0][1][1]) is None else None
