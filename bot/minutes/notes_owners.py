"""Who is to act on an action written in notes: the names before the verb ("Yves to work w3c
contacts", "Khio will send out ...", "Erik/Jesus file issues", "Pete + Nick to look into ...",
"@alice do X", "Roman: pursue ..."); else the names the registry knows at the end ("... (Ray)",
"... (owner: Ray)", "... - Alice"); else the @handles anywhere ("review PR 12 @alice").

Not who suggested it, nor who is mentioned further on without an @ ("tag Paul"). A name the
registry knows needs no verb after it (MeetBot's "jmrodri review PR 928"); one it does not know
counts only before "to", "will", "shall", "should", "must" or ":" ("zeus/erik to create an
issue"), as written (UNKNOWN). "everyone" (or "everybody", "all") is every person of `everyone`,
each an owner.
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
_DASHED = re.compile(r"\s[-–—]\s+([^-–—]{1,40}?)\s*\.?\s*$")
_OWNER_LABEL = re.compile(r"^\s*(?:owners?|who|assignees?|assigned to)\s*:\s*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@([^\W\d][\w.-]*\w)")
_LONGEST = 3  # words of a name


def owners_in(text: str, owners: Owners, everyone: Sequence[str] = ()) -> tuple[Owner, ...]:
    """The owners `text` names, in the order written; empty when it names nobody to act."""
    leading = _leading(_TOKEN.findall(text), owners, everyone)
    if leading:
        return leading
    for found in (_TRAILING.search(text), _DASHED.search(text)):
        named = owners_named(_OWNER_LABEL.sub("", found.group(1)), owners, everyone) if found else ()
        if named and all(owner.confidence is not Confidence.UNKNOWN for owner in named):
            return named  # "... (Ray)", "... (owner: Ray)", "... - Alice"
    return owners_named(", ".join(_HANDLE.findall(text)), owners, everyone)  # "review PR 12 @alice"


def owners_named(written: str, owners: Owners, everyone: Sequence[str] = ()) -> tuple[Owner, ...]:
    """The owners a list of names gives ("Alice, @bob", "everyone"): each as the registry knows
    them, or as written (UNKNOWN)."""
    found: list[Owner] = []
    for part in re.split(r"\s*(?:[/+&,;]|\band\b)\s*", written.strip()):
        name = part.strip().removeprefix("@")
        if name.lower() in _ALL:
            found += [_everyone(name, owners, person) for person in everyone]
        elif name:
            owner = owners.named(name)
            found.append(owner if owner.confidence is not Confidence.UNKNOWN else Owner(name, None, Confidence.UNKNOWN))
    return tuple(found)


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
