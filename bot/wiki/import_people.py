"""People as wiki pages list them: attendee lines with their status marks, and moderators' names.

An attendee line is a name, maybe linked to a wiki account, maybe struck through, followed by
whatever people add: "(TBC)", "maybe", "?", "(remote)", an affiliation, "- arriving late". Status
marks are taken out and become `status` or `remote`; everything else after the name is kept as
the attendee's note, so nothing the person wrote is lost.
"""

from __future__ import annotations

import re

from bot.agenda.people import name_key
from bot.wiki.import_model import DraftAttendee
from bot.wiki.import_text import ListItem, plain, struck, user_links, with_user_names
from bot.wiki.lines import format_attendee, parse_attendee

_TENTATIVE = r"tbc|tbd|tentative(?:ly)?|maybe|probably|possibly|not sure|unconfirmed|\?+"
_REMOTE = r"remote(?:ly)?|remote participation|by phone|via phone|phone|online|virtual(?:ly)?|by video|via video"
_DECLINED = r"declined|cancell?ed|not coming|can'?t make it|cannot make it|withdrawn"
_WAITLISTED = r"wait ?list(?:ed)?|waiting list"
_MARKS = (("tentative", _TENTATIVE), ("remote", _REMOTE), ("declined", _DECLINED), ("waitlisted", _WAITLISTED))
_PAREN_MARK = re.compile(r"\(\s*(?P<mark>[^()]*?)\s*\)")
_LEADING_MARK = re.compile(r"^(?P<mark>maybe|tentative(?:ly)?|tbc)\s*[:\-–]?\s+", re.IGNORECASE)
_TRAILING_MARK = re.compile(r"(?:\s+|\s*[,\-–]\s*|(?<=\w))(?P<mark>\?+|maybe|tbc|tentative|remote(?:ly)?)\s*$", re.I)
_SEPARATOR = re.compile(r",|;|\s+[-–—]+\s+|\s+--|:\s|\s+\(")
_SIGNATURE = re.compile(r"\s*--\s*$|\s*~~~+\s*|\d{1,2}:\d{2},\s+\d{1,2}\s+\w+\s+\d{4}\s*\(\w+\)")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\s/\s)\s*", re.IGNORECASE)
_MAX_NAME_WORDS = 6


def read_attendee(item: ListItem) -> DraftAttendee | None:
    """The attendee an attendee-list item names, or None when it does not read as a name."""
    own = _own_attendee(item)
    if own is not None:
        return own
    links = user_links(item.text)
    text = _SIGNATURE.sub(" ", plain(with_user_names(item.text))).strip()
    status = "declined" if struck(item.text) else "confirmed"
    remote = False
    text, marks = _take_marks(text)
    name, rest = _split_name(text)
    if links and text.startswith(links[0][1]):
        name, rest = links[0][1], text[len(links[0][1]) :]
    elif links:  # a name followed by a signature: "Jane Doe --[[User:Jdoe|Jdoe]]"
        rest = re.sub(r"-{2,}\s*" + re.escape(links[0][1]), "", rest)
    rest, more = _take_marks(rest)
    for mark in (*marks, *more):
        remote = remote or mark == "remote"
        if mark != "remote" and status == "confirmed":
            status = mark
    note = _note(rest, item)
    if not _is_name(name):
        return None
    return DraftAttendee(name, links[0][0] if links else None, status, remote, note)


def _own_attendee(item: ListItem) -> DraftAttendee | None:
    """The attendee of a line as the bot writes it (`bot.wiki.lines`): one that reads back as
    writing it again gives, and names someone (not "Please add your name below."); else None."""
    line = parse_attendee(item.text)
    if item.children or line is None or format_attendee(line) != item.text or not _is_name(line.name):
        return None
    return DraftAttendee(line.name, line.wiki_user, line.status.value, line.remote, line.note)


def _take_marks(text: str) -> tuple[str, list[str]]:
    """The text without its status marks, and the marks found in it."""
    marks: list[str] = []

    def paren(match: re.Match[str]) -> str:
        mark = _mark(match["mark"])
        if mark is None:
            return match.group()
        marks.append(mark)
        return ""

    text = _PAREN_MARK.sub(paren, text)
    for pattern in (_LEADING_MARK, _TRAILING_MARK):
        match = pattern.search(text)
        if match and (mark := _mark(match["mark"])):
            marks.append(mark)
            text = text[: match.start()] + text[match.end() :]
    return " ".join(text.split()), marks


def _mark(word: str) -> str | None:
    for status, pattern in _MARKS:
        if re.fullmatch(pattern, word.strip(), re.IGNORECASE):
            return status
    return None


def _split_name(text: str) -> tuple[str, str]:
    match = _SEPARATOR.search(text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.start() :]


def _note(rest: str, item: ListItem) -> str | None:
    """What follows the name, without the separator; nested items are added to it."""
    note = rest.strip().lstrip(",;:-–— ").strip()
    if note.startswith("(") and note.endswith(")") and note.count("(") == 1:
        note = note[1:-1].strip()
    extra = [plain(child.text) for child in item.children]
    parts = [part for part in (note, *extra) if part]
    return "; ".join(parts) or None


def _is_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and len(name) <= 60
        and any(char.isalpha() for char in name)
        and "://" not in name
        and not name.endswith(".")
    )


_LABELLED = re.compile(
    r"\(\s*(?:mod(?:erator)?s?|chairs?|moderated by|chaired by|led by)\s*\.?\s*:?\s*(?P<names>[^)]*)\)", re.IGNORECASE
)


def split_names(wikitext: str) -> tuple[str, ...]:
    """The people a "Moderators: A, B and C" value or a Chair cell names, in order."""
    shown = dict(user_links(wikitext))
    text = _LABELLED.sub(r" \g<names> ", plain(wikitext))  # "(Mod.: N. Le Novère)" names the moderator
    text = re.sub(r"\([^)]*\)", " ", text)
    names = [" ".join(part.split()) for part in _NAME_SPLIT.split(text)]
    found = [name for name in names if name and _is_name(name) and name.casefold() not in {"tbd", "tba", "?"}]
    return tuple(dict.fromkeys(found or shown.values()))


def match_person(name: str, known: list[str]) -> str | None:
    """The one known name `name` stands for ("Serge" for "Serge Hallyn"), or None."""
    key = name_key(name)
    exact = [other for other in known if name_key(other) == key]
    if exact:
        return exact[0]
    words = key.split()
    by_words = [other for other in known if name_key(other).split()[: len(words)] == words]
    if len(by_words) == 1:
        return by_words[0]
    by_last = [other for other in known if len(words) == 1 and name_key(other).split()[-1:] == words]
    if len(by_last) == 1:
        return by_last[0]
    return _by_initial(words, known)


def _by_initial(words: list[str], known: list[str]) -> str | None:
    """The one known name "N. Le Novère" abbreviates ("Nicolas Le Novère"): an initial, then the surname."""
    if len(words) < 2 or not re.fullmatch(r"[^\W\d_]\.?", words[0]):
        return None
    initial, surname = words[0][0], words[1:]
    found = [
        other for other in known
        if (key := name_key(other).split())[0][:1] == initial and key[1:] == surname and len(key[0]) > 1
    ]  # fmt: skip
    return found[0] if len(found) == 1 else None
