"""The lines of an event page the bot writes and reads back: attendees, topics and agenda blocks.

Each kind of line has a `format_*` and a `parse_*` here, side by side, so the two cannot drift:
`parse_x(format_x(value)) == value` for every value (tests/unit/test_wiki_lines.py). Templates
arrange these lines on the page; they do not spell them. The parsers also accept what people
write by hand: "Joseph Ruscio (maybe)", "<s>Dave Hansen</s>", "'''Cgroups''' (11:30-2pm)", and the
signature MediaWiki saves for `~~~~` (`[[User:Bob|Bob]] ([[User talk:Bob|talk]]) 15:34, 1 December
2026 (UTC)`), read as the person Bob, wiki user Bob, with no time in the name. A block
with minutes ends in a link to them, `([[Page/Minutes/2008-07-22 Cgroups|minutes]])`, read apart
from the block's title and moderators, so removing it by hand changes neither. A name or title
longer than the agenda takes (`bot.text`) is not read as one, so the line stays on the page as
written; a note that long is cut.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import time
from zoneinfo import available_timezones

from bot.agenda.clock import format_clock, parse_clock
from bot.model import AttendanceStatus
from bot.text import MAX_NAME, MAX_TITLE, cut, printable
from bot.wiki.escape import escape_text, plain_text

_TENTATIVE = {"tentative", "maybe", "tbc", "tbd", "not sure", "unsure", "?", "probably", "perhaps"}
_REMOTE = {"remote", "remotely", "online", "by phone", "dial-in", "video"}
_CONFIRMED = {"confirmed", "yes", "attending"}
_STRUCK = re.compile(r"^\s*<(s|del|strike)>(?P<inner>.*?)</\1>\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"\[\[\s*:?(?P<target>[^|\[\]]+?)\s*(?:\|(?P<label>[^\[\]]*))?\]\]")
# The user pages of a signature, in English and the most used other languages; a link followed by
# a link to the same user's talk page or contributions is a signature in any language.
_USER_PAGES = {
    "user", "u", "benutzer", "benutzerin", "utilisateur", "utilisatrice", "usuario", "usuaria", "usuário",
    "usuária", "utente", "gebruiker", "użytkownik", "użytkowniczka", "uživatel", "участник", "участница",
    "користувач", "kullanıcı", "bruger", "användare", "bruker", "käyttäjä", "felhasználó", "utilizator",
    "χρήστης", "משתמש", "مستخدم", "کاربر", "利用者", "用户", "用戶", "사용자",
}  # fmt: skip
_SPECIAL_PAGES = {"special", "spezial", "spécial", "especial", "speciale", "speciaal", "specjalna", "служебная",
                  "специальная", "特別", "特殊"}  # fmt: skip
_SIGNATURE_LINKS = re.compile(
    r"(?:\s|&nbsp;|&#160;|[(（·•|/,–—-]|<(?:sup|small|span|b|i|font)\b[^>]*>)*"
    r"(?P<links>(?:\[\[[^\[\]]+\]\](?:\s|&nbsp;|&#160;|[·•|/,–—-])*)+)"
    r"(?:\s*(?:</(?:sup|small|span|b|i|font)>|[)）]))*"
)
_STAMP = re.compile(
    r"\s*,?\s*(?P<stamp>(?:[^\[\]()\n]|\([^()\[\]\n]{1,3}\)){4,60}?"
    r"\(\s*(?:UTC|GMT|[A-Z]{2,5}|UTC\s*[+−-]\s*\d{1,2}(?::?\d{2})?)\s*\))"
)
# A status word written bare before or after the name ("maybe Jane Doe", "Jane Doe tbc"); the bot
# writes the first letter of such a word in a name as an entity, so its own lines never hold one.
_BARE_LEAD = re.compile(r"^\s*(?P<word>maybe|tentative(?:ly)?|tbc)(?=\s+\S)", re.IGNORECASE)
_BARE_TRAIL = re.compile(r"(?<=\S)\s+(?P<word>maybe|tbc|tentative|remote(?:ly)?)\s*$", re.IGNORECASE)
_DASH = re.compile(r"(?:(?<=\s)|^)[–—-](?=\s|$)")
_EMPTY_BRACKETS = re.compile(r"[(（]\s*[)）]")
_AND = re.compile(r"(?:(?<=\s)|^)and(?=\s|$)")
_NOTE_SEPARATOR = re.compile(r"\s+[–—-]\s+|:\s+|,\s+")
_FLAGS = re.compile(r"\s*\((?P<flags>[^()]*)\)\s*$")
_ANCHOR = re.compile(r'^\s*<span\s+id\s*=\s*"(?P<id>[^"]*)"\s*>\s*</span>\s*')
_GROUP = re.compile(r"\((?P<inside>[^()]*)\)")
_RANGE = re.compile(r"^\s*(?P<start>[^–—-]+?)\s*(?:[–—-]+|\bto\b)\s*(?P<end>[^–—-]+?)\s*$")
_MODERATORS = re.compile(r"^\s*[–—-]*\s*(?:moderators?|chairs?|moderated by|chaired by)\s*:?\s*", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s+&\s+")
_BOLD_TITLE = re.compile(r"^\s*'''(?P<title>.+?)'''\s*(?::\s*(?P<note>.*))?$")
_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# "more?..", "add yours", "etc": an invitation to add topics, not a topic
_PLACEHOLDER = re.compile(r"(?:more|others?|add (?:more|yours?|your own)[\w ]*|etc|tbd|\.+|…)\W*", re.IGNORECASE)
_REMARKS = re.compile(r" <small>\((?:(?P<votes>\d+) votes?)?(?:; )?(?:in ''(?P<where>.*)'')?\)</small>$")
_ZONE_LINE = re.compile(r"^\s*All times are local time \((?P<zone>[^,()]+?)\s*(?:,\s*UTC[+−-]\d{2}:\d{2}\s*)?\)\.?\s*$")
_MINUTES_LINK = re.compile(r"\s*\(\s*\[\[(?P<page>[^\[\]|]+)\|\s*minutes\s*\]\]\s*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AttendeeLine:
    """One entry of "List of attendees"."""

    name: str
    status: AttendanceStatus = AttendanceStatus.CONFIRMED
    remote: bool = False
    note: str | None = None
    wiki_user: str | None = None


@dataclass(frozen=True)
class BlockLine:
    """The line that opens a block of the agenda: anchor, title, times, room and moderators."""

    id: str | None
    title: str
    start: time
    end: time
    room: str | None = None
    moderators: tuple[str, ...] = ()
    minutes: str | None = None  # the title of the block's minutes page


def format_attendee(line: AttendeeLine) -> str:
    """`Name (tentative, remote) – note`, linked to the user page when the wiki user is known."""
    name = _unmarked(_defused(escape_text(line.name, separators=",:()"), _DASH))
    if line.wiki_user:
        name = f"[[User:{escape_text(line.wiki_user)}|{name}]]"
    flags = [
        word for word, on in (("tentative", line.status is AttendanceStatus.TENTATIVE), ("remote", line.remote)) if on
    ]
    text = name + (f" ({', '.join(flags)})" if flags else "")
    if line.status is AttendanceStatus.DECLINED:
        text = f"<s>{text}</s>"
    return text + (f" – {_defused(escape_text(line.note), _EMPTY_BRACKETS)}" if line.note else "")


def parse_attendee(wikitext: str) -> AttendeeLine | None:
    """An attendee from a list item's text (without the `#`), or None when it names nobody."""
    status = AttendanceStatus.CONFIRMED
    struck = _STRUCK.match(wikitext)
    if struck:
        status, wikitext = AttendanceStatus.DECLINED, struck["inner"] + " " + struck["rest"]
    wikitext, user, label = _without_signature(wikitext)
    name, note = _split_note(wikitext)
    remote = False
    while (flags := _FLAGS.search(name)) is not None:
        words = [plain_text(word).casefold() for word in re.split(r"[,/]", flags["flags"])]
        if not all(word in _TENTATIVE | _REMOTE | _CONFIRMED for word in words):
            if note is None:  # "Foo Bar (IBM)": a remark in brackets is a note
                name, note = name[: flags.start()], flags["flags"]
            break
        name = name[: flags.start()]
        remote = remote or any(word in _REMOTE for word in words)
        if status is AttendanceStatus.CONFIRMED and any(word in _TENTATIVE for word in words):
            status = AttendanceStatus.TENTATIVE
    name, bare = _bare_marks(name)
    remote = remote or bool(bare & _REMOTE)
    if bare - _REMOTE and status is AttendanceStatus.CONFIRMED:
        status = AttendanceStatus.TENTATIVE
    escaped, name = name.rstrip().endswith("&#63;"), plain_text(name)
    if name.endswith("?") and not escaped and status is AttendanceStatus.CONFIRMED:
        name, status = name.rstrip("? "), AttendanceStatus.TENTATIVE
    name = name or label  # a signature's user name is as MediaWiki wrote it: a "?" in it is no mark
    if not name or len(name) > MAX_NAME or (user and len(user) > MAX_NAME):
        return None
    return AttendeeLine(name, status, remote, _cut(note and plain_text(note)), user)


def _bare_marks(wikitext: str) -> tuple[str, set[str]]:
    """The name without a status word written bare at either end, and those words."""
    words = set()
    for pattern in (_BARE_LEAD, _BARE_TRAIL):
        match = pattern.search(wikitext)
        if match:
            words.add(match["word"].casefold().removesuffix("ly"))
            wikitext = wikitext[: match.start()] + wikitext[match.end() :]
    return wikitext, words


def _unmarked(name: str) -> str:
    """An escaped name whose first or last word would read as a status, or whose "?" would, with
    that word's first letter (or the "?") as an entity."""
    for pattern in (_BARE_LEAD, _BARE_TRAIL):
        match = pattern.search(name)
        if match:
            at = match.start("word")
            name = f"{name[:at]}&#{ord(name[at])};{name[at + 1 :]}"
    return name[:-1] + "&#63;" if name.endswith("?") else name


def _defused(text: str, pattern: re.Pattern[str]) -> str:
    """The text with the first character of each match of `pattern` as an entity, so that it does
    not read as markup of the line: " – " ends a name before its note, " and " splits moderators,
    "()" is what a signature leaves."""
    return pattern.sub(lambda match: f"&#{ord(match[0][0])};{match[0][1:]}", text)


def _cut(text: str | None) -> str | None:
    """A note as the agenda can hold it: None when empty, cut when too long."""
    return cut(text) if text else None


def _without_signature(wikitext: str) -> tuple[str, str | None, str]:
    """The line without its first user link or signature (and that user's other links, a
    signature's time stamp, brackets left empty), the wiki user, and the link's label."""
    for link in _LINK.finditer(wikitext):
        user = _page_user(link["target"])
        if user is None:
            continue
        end, signed = link.end(), False
        group = _SIGNATURE_LINKS.match(wikitext, end)
        if group and any(_same_user(_page_user(other["target"]), user) for other in _LINK.finditer(group["links"])):
            end, signed = group.end(), True
        stamp = _STAMP.match(wikitext, end)
        if stamp and _is_stamp(stamp["stamp"]):
            end, signed = stamp.end(), True
        namespace = link["target"].partition(":")[0].strip().casefold()
        if not signed and namespace not in _USER_PAGES and "/" not in link["target"]:
            continue  # a link to some page whose name has a colon, not to a user
        rest = wikitext[: link.start()] + " " + wikitext[end:]
        last = list(_STAMP.finditer(rest))
        if last and not rest[last[-1].end() :].strip() and _is_stamp(last[-1]["stamp"]):
            rest = rest[: last[-1].start()]  # "~~~ (maybe) ~~~~~": the time at the end of the line
        label = plain_text(link["label"] or "") or user
        return _EMPTY_BRACKETS.sub("", rest), user, label
    return wikitext, None, ""


def _is_stamp(text: str) -> bool:
    """Whether the text before a "(UTC)" is a signature's time: a year and a time of day."""
    return bool(re.search(r"\d{4}", text) and re.search(r"\d{1,2}\s*[:h]\s*\d{2}", text))


def _page_user(target: str) -> str | None:
    """The user whose page, talk page or contributions `target` is ("User talk:Bob" -> "Bob")."""
    namespace, colon, page = target.partition(":")
    if not colon or not page.strip():
        return None
    if namespace.strip().casefold() in _SPECIAL_PAGES:
        page = page.partition("/")[2]  # Special:Contributions/1.2.3.4
    user = " ".join(plain_text(page.partition("/")[0]).replace("_", " ").split())
    return user or None


def _same_user(one: str | None, other: str) -> bool:
    """Whether two user names are the same user (MediaWiki capitalises the first letter)."""
    return one is not None and one[:1].upper() + one[1:] == other[:1].upper() + other[1:]


def _split_note(text: str) -> tuple[str, str | None]:
    """Split "Name (flags) – note" at the first separator outside brackets."""
    for separator in _NOTE_SEPARATOR.finditer(text):
        before = text[: separator.start()]
        unlinked = re.sub(r"\[\[[^\]]*\]\]", "", before)  # "[[User:Foo (WMF)|Foo]]" opens no bracket
        if unlinked.count("(") == unlinked.count(")"):
            return before, text[separator.end() :].strip() or None
    return text, None


def format_proposal(title: str, votes: int, where: str | None) -> str:
    """A "Topics to discuss" entry: the title, then the bot's own remarks in `<small>`."""
    remarks = [f"{votes} vote{'s' if votes != 1 else ''}"] if votes else []
    if where:
        remarks.append(f"in ''{escape_text(where)}''")
    text = escape_text(title)
    if _PLACEHOLDER.fullmatch(
        text
    ):  # a topic called "More": its first letter as an entity, so it is not read as "more?.."
        text = f"&#{ord(text[0])};{text[1:]}"
    return text + (f" <small>({'; '.join(remarks)})</small>" if remarks else "")


def parse_proposal(wikitext: str) -> str | None:
    """The topic's title, without the bot's remarks; None for an empty or "more?.." item."""
    wikitext = re.sub(r"<small>.*?</small>\s*$", "", wikitext, flags=re.IGNORECASE | re.DOTALL)
    title = plain_text(wikitext)
    if not title or len(title) > MAX_TITLE or _PLACEHOLDER.fullmatch(wikitext.strip()):
        return None
    return title


@dataclass(frozen=True)
class ProposalLine:
    """A "Topics to discuss" entry with the bot's remarks: its votes, and the block it is in."""

    title: str
    votes: int = 0
    where: str | None = None


def parse_proposal_line(wikitext: str) -> ProposalLine | None:
    """The entry's title and the bot's remarks, when it is written as `format_proposal` writes it."""
    title = parse_proposal(wikitext)
    if title is None:
        return None
    remarks = _REMARKS.search(wikitext)
    votes, where = (int(remarks["votes"] or 0), remarks["where"]) if remarks else (0, None)
    line = ProposalLine(title, votes, where and plain_text(where))
    return line if format_proposal(line.title, line.votes, line.where) == wikitext else None


def format_block(block: BlockLine) -> str:
    """`<span id="cgroups"></span>'''Cgroups''' (11:30–14:00, Albion A) — moderators: A, B`, and
    ` ([[Page/Minutes/2008-07-22 Cgroups|minutes]])` at the end once the block has minutes."""
    anchor = f'<span id="{block.id}"></span>' if block.id else ""
    where = f", {escape_text(block.room, separators='()')}" if block.room else ""
    text = f"{anchor}{_bold(block.title)} ({format_clock(block.start)}–{format_clock(block.end)}{where})"
    if block.moderators:
        names = (_defused(escape_text(name, separators=",&"), _AND) for name in block.moderators)
        text += " — moderators: " + ", ".join(names)
    if block.minutes:
        text += f" ([[{escape_text(block.minutes)}|minutes]])"
    return text


def parse_block(wikitext: str) -> BlockLine | None:
    """A block from the top-level item of the agenda list; None when it has no readable time."""
    anchor = _ANCHOR.match(wikitext)
    block_id = anchor["id"] if anchor else None
    rest = wikitext[anchor.end() :] if anchor else wikitext
    link = _MINUTES_LINK.search(rest)
    minutes = (" ".join(_unescape(link["page"]).split()) or None) if link else None
    rest = rest[: link.start()] if link else rest
    for group in reversed(list(_GROUP.finditer(rest))):
        times, _, room = group["inside"].partition(",")
        span = _time_range(times)
        if span is None:
            continue
        title, place = plain_text(rest[: group.start()]), plain_text(room) or None
        if not title or len(title) > MAX_TITLE or (place and len(place) > MAX_TITLE):
            return None
        return BlockLine(block_id, title, span[0], span[1], place, _moderators(rest[group.end() :]), minutes)
    return None


def _unescape(wikitext: str) -> str:
    """Decode the character references in a link target, as MediaWiki does (only complete ones)."""
    return printable(_REFERENCE.sub(lambda match: html.unescape(match[0]), wikitext))


def _time_range(text: str) -> tuple[time, time] | None:
    match = _RANGE.match(plain_text(text))
    if not match:
        return None
    try:
        start, end = parse_clock(match["start"]), parse_clock(match["end"])
    except ValueError:
        return None
    if end <= start and end.hour < 12:
        end = end.replace(hour=end.hour + 12)  # "11:30-1:30" in an afternoon schedule ends at 13:30
    return start, end


def _moderators(wikitext: str) -> tuple[str, ...]:
    label = _MODERATORS.match(wikitext)
    if not label or not wikitext.strip():
        return ()
    names = (plain_text(name) for name in _NAME_SPLIT.split(wikitext[label.end() :]))
    return tuple(name for name in names if name and len(name) <= MAX_NAME)


def format_topic(title: str, note: str | None) -> str:
    """A topic of a block: its title, or `'''title''': note` when it has a note."""
    if note:
        return f"{_bold(title)}: {escape_text(note)}"
    return escape_text(title)


def _bold(text: str) -> str:
    """`'''text'''`, escaped; an apostrophe at either end would join the bold marks, so it is an entity."""
    escaped = re.sub(r"^'|'$", "&#39;", escape_text(text))
    return f"'''{escaped}'''"


def parse_topic(wikitext: str) -> tuple[str, str | None] | None:
    """A topic's title and note from a nested list item; None when the item is empty."""
    bold = _BOLD_TITLE.match(wikitext)
    if bold:
        title, note = plain_text(bold["title"]), _cut(plain_text(bold["note"] or ""))
    else:
        title, note = plain_text(wikitext), None
    return (title, note) if title and len(title) <= MAX_TITLE else None


def format_zone(zone: str, offset: str | None) -> str:
    """`All times are local time (America/Toronto, UTC-04:00).`: the zone and its offset on the first day."""
    return f"All times are local time ({escape_text(zone)}{f', {offset}' if offset else ''})."


def parse_zone(wikitext: str) -> str | None:
    """The IANA zone of the agenda's zone line; None for any other line, or a zone nobody knows."""
    match = _ZONE_LINE.match(plain_text(wikitext))
    return match["zone"] if match and match["zone"] in available_timezones() else None
