"""Who is to act on an action written in notes: the names before the verb ("Yves to work w3c
contacts", "Khio will send out ...", "Erik/Jesus file issues", "Pete + Nick to look into ...",
"@alice do X", "Roman: pursue ..."), else the names in parentheses at the end ("... (Ray)").

Not who suggested it, nor who is mentioned further on ("tag Paul"). A name the registry knows
needs no verb after it (MeetBot's "jmrodri review PR 928"); one it does not know counts only
before "to", "will", "shall", "should", "must" or ":" ("zeus/erik to create an issue"), and as written
(UNKNOWN). "everyone" (or "everybody", "all") is every person of `everyone`, each an owner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.minutes.model import Confidence, Owner
from bot.minutes.notes_lines import LABELS
from bot.minutes.owners import Owners

_TOKEN = re.compile(r"[/+&,]|[^\s/+&,]+")
_SEPARATORS = {"/", "+", "&", ",", "and"}
_VERBS = {"to", "will", "shall", "should", "must", "is", "are", "would", "can", "volunteered", "volunteers"}
_ALL = {"everyone", "everybody", "all"}
_TRAILING = re.compile(r"\(([^()]{1,60})\)\s*\.?\s*$")
_LONGEST = 3  # words of a name


def owners_in(text: str, owners: Owners, everyone: Sequence[str] = ()) -> tuple[Owner, ...]:
    """The owners `text` names, in the order written; empty when it names nobody to act."""
    leading = _leading(_TOKEN.findall(text), owners, everyone)
    if leading:
        return leading
    trailing = _TRAILING.search(text)
    if trailing is None:
        return ()
    named = [owners.named(part) for part in re.split(r"\s*(?:[/+&,]|\band\b)\s*", trailing.group(1))]
    return tuple(named) if named and all(owner.confidence is not Confidence.UNKNOWN for owner in named) else ()


def _leading(tokens: Sequence[str], owners: Owners, everyone: Sequence[str]) -> tuple[Owner, ...]:
    found: list[Owner] = []
    known = True  # every name found so far is someone the registry knows
    at = 0
    while at < len(tokens):
        taken = _name_at(tokens, at, owners, everyone)
        if taken is None:
            break
        names, at = taken
        found += names
        known = known and all(owner.confidence is not Confidence.UNKNOWN for owner in names)
        if at < len(tokens) and tokens[at].lower() in _SEPARATORS:
            at += 1
            continue
        break
    if not found:
        return ()
    follows = tokens[at].lower() if at < len(tokens) else ""
    verb = follows in _VERBS or (at > 0 and tokens[at - 1].endswith(":"))
    return tuple(found) if verb or (known and follows not in _SEPARATORS) else ()


def _name_at(tokens: Sequence[str], at: int, owners: Owners, everyone: Sequence[str]) -> tuple[list[Owner], int] | None:
    """The owner(s) named by the words from `at` (the longest run the registry knows, else one
    capitalised or @ word), and where the name ends."""
    word = tokens[at].rstrip(":")
    if word.lower() in _ALL:
        return [_everyone(word, owners, person) for person in everyone] or [
            Owner(word, None, Confidence.UNKNOWN)
        ], at + 1
    for count in range(min(_LONGEST, len(tokens) - at), 0, -1):
        run = tokens[at : at + count]
        if any(part.lower() in _SEPARATORS or part.lower() in _VERBS for part in run):
            continue
        owner = owners.named(" ".join(run).rstrip(":"))
        if owner.confidence is not Confidence.UNKNOWN:
            return [owner], at + count
    if word.startswith("@") or (word[:1].isalpha() and word.lower() not in _VERBS | LABELS and len(word) > 1):
        return [Owner(word.removeprefix("@"), None, Confidence.UNKNOWN)], at + 1
    return None


def _everyone(written: str, owners: Owners, name: str) -> Owner:
    person = owners.named(name).person
    return Owner(written, person or name, Confidence.EXPLICIT if person else Confidence.UNKNOWN)
