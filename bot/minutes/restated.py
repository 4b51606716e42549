"""One action, however often the notes state it: the `[Actions]` (or "## Action items") list is
the authoritative one; the same action restated elsewhere (`**Action [1]**` in a summary,
"Action: jesus/erik open an issue ..." in the minutes) is merged into it. So is a decision
restated in a list of decisions ("Summary of Resolutions").

A reference by number ("Action [2]") is the second action listed. Any other restatement is the
listed action whose words it shares most (content words, crudely stemmed; the paragraph it
follows breaks ties), if it shares at least half of its words; else it is an action of its own.
The owners kept are those of the statement that names more people the registry knows.

A paragraph of the list that introduces items ("Erik/Jesus file issues against OSB spec:") lends
its owners and words to the items that take up one of its words ("1. Issue: ..."); an item that
does not ("3. Scrum of scrums to be created") stands alone, and a paragraph no item takes up is
an action itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.minutes.model import Confidence, ItemKind, Owner
from bot.minutes.notes_entries import Entry, TopicMark
from bot.minutes.notes_lines import Section

SAME = 0.5  # the share of the shorter statement's words two statements must have in common
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "be",
        "is",
        "are",
        "will",
        "that",
        "this",
        "it",
        "at",
        "by",
        "as",
        "from",
        "re",
        "w",
        "we",
        "our",
        "if",
        "so",
        "has",
        "have",
        "should",
        "can",
        "could",
        "would",
        "all",
        "any",
    ]
)
_LABEL = re.compile(r"^(\w+)\s*:")


def introduce(events: list[Entry | TopicMark]) -> list[Entry | TopicMark]:
    """Events with each introducing paragraph of an actions list folded into its items."""
    settled: list[Entry | TopicMark] = []
    lead: Entry | None = None
    taken = False
    for event in events:
        if isinstance(event, Entry) and event.section is Section.ACTIONS and event.kind is ItemKind.ACTION:
            if event.lead:
                if lead is not None and not taken:
                    settled.append(lead)
                lead, taken = event, False
                continue
            if lead is not None and _takes_up(event.text, lead.text):
                event.lines = [f"{lead.text} {event.text}"]
                event.owners = event.owners or lead.owners
                taken = True
        elif lead is not None and not taken:
            settled.append(lead)
            lead = None
        settled.append(event)
    if lead is not None and not taken:
        settled.append(lead)
    return settled


def merge_restated(events: list[Entry | TopicMark]) -> list[Entry | TopicMark]:
    """Events without the actions that restate one of the authoritative list, nor the decisions
    that restate one of a list of decisions ("Summary of Resolutions")."""
    for kind, section in ((ItemKind.ACTION, Section.ACTIONS), (ItemKind.AGREED, Section.DECISIONS)):
        events = _merged(events, kind, section)
    return events


def _merged(events: list[Entry | TopicMark], kind: ItemKind, section: Section) -> list[Entry | TopicMark]:
    listed = [e for e in events if isinstance(e, Entry) and e.kind is kind and e.section is section]
    if not listed:
        return events
    restated: set[int] = set()
    claimed: dict[int, int] = {}
    for event in events:
        if not isinstance(event, Entry) or event.kind is not kind or event.section is section:
            continue
        same = _same_as(event, listed, claimed)
        if same is not None:
            restated.add(id(event))
            claimed[id(same)] = claimed.get(id(same), 0) + 1
            if _known(event.owners) > _known(same.owners):
                same.owners = event.owners
    return [event for event in events if id(event) not in restated]


def _same_as(action: Entry, listed: Sequence[Entry], claimed: dict[int, int]) -> Entry | None:
    if action.ref is not None:
        return listed[action.ref - 1] if 0 < action.ref <= len(listed) else None
    words, context = _words(action.text), _words(action.context)
    best: tuple[float, float, int] | None = None
    found: Entry | None = None
    for candidate in listed:
        theirs = _words(candidate.text)
        share = len(words & theirs) / max(1, min(len(words), len(theirs)))
        score = (share, len(context & theirs) / max(1, len(theirs)), -claimed.get(id(candidate), 0))
        if share >= SAME and (best is None or score > best):
            best, found = score, candidate
    return found


def _takes_up(item: str, lead: str) -> bool:
    label = _LABEL.match(item)
    return label is not None and _stem(label.group(1).lower()) in _words(lead)


def _words(text: str) -> set[str]:
    return {_stem(word) for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in _STOP and len(word) > 1}


def _stem(word: str) -> str:
    """ "issues", "issue" -> "issu"; "orphaned" -> "orphan"; "bindings" -> "bind"."""
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _known(owners: Sequence[Owner]) -> int:
    return sum(1 for owner in owners if owner.confidence is not Confidence.UNKNOWN)
