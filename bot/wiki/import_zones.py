"""The time zone a page states, mapped to an IANA name only when the mapping is unambiguous.

Pages say "Europe/Berlin", "(UTC+2)", "CEST" or "9am EDT". An IANA name is taken as written. A
whole-hour UTC offset becomes the matching fixed zone (`Etc/GMT-2` is UTC+2: the sign is inverted
in those names), which is exact for the dates of one event. An abbreviation is taken only when
everybody who uses it shares one set of rules; "CST" (US Central or China) and "IST" (India,
Ireland or Israel) are not, so they are left for `--timezone`. The line the bot writes, "All times
are local time (America/Toronto, UTC-04:00).", wins over any zone the rest of the page mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import available_timezones

from bot.wiki.escape import plain_text
from bot.wiki.lines import parse_zone

ABBREVIATIONS = {
    "UTC": "UTC",
    "GMT": "UTC",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    # Every zone that uses these follows the EU's common daylight-saving rules.
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "BST": "Europe/London",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "EET": "Europe/Helsinki",
    "EEST": "Europe/Helsinki",
    "MSK": "Europe/Moscow",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}
_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*(?P<sign>[+−-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b")
# "10:00 -0400": an offset right after a time (a forwarded mail's "Date:" header is not the event's).
_BARE_OFFSET = re.compile(r"(?<=\d:\d\d )(?P<sign>[+-])(?P<hours>\d{2})(?P<minutes>\d{2})\b")
_IANA = re.compile(r"\b[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_+-]+){1,2}\b")
_WORD = re.compile(r"\b[A-Z]{2,4}\b")


@dataclass(frozen=True)
class StatedZone:
    """A time zone the page states: the IANA name, and the words it was written as."""

    name: str
    written: str


def find_zone(text: str) -> StatedZone | None:
    """The zone of the bot's own zone line (`bot.wiki.lines`) in `text`, else the first time zone
    in it that maps to one IANA name, else None."""
    for line in text.splitlines():
        if (own := parse_zone(line)) is not None:
            return StatedZone(own, plain_text(line).rstrip("."))
    candidates = []
    names = available_timezones() if _IANA.search(text) else set()
    for match in _IANA.finditer(text):
        if match.group() in names:
            candidates.append((match.start(), StatedZone(match.group(), match.group())))
    bare = [m for m in _BARE_OFFSET.finditer(text) if not _mail_header(text, m.start())]
    for match in (*_OFFSET.finditer(text), *bare):
        zone = _offset_zone(match)
        if zone:
            candidates.append((match.start(), zone))
    for match in _WORD.finditer(text):
        if match.group() in ABBREVIATIONS and not _OFFSET.match(text, match.start()):
            candidates.append((match.start(), StatedZone(ABBREVIATIONS[match.group()], match.group())))
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def _mail_header(text: str, offset: int) -> bool:
    line = text[text.rfind("\n", 0, offset) + 1 : offset]
    return line.lstrip("> \t").casefold().startswith("date:")


def _offset_zone(match: re.Match[str]) -> StatedZone | None:
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if minutes or hours > 14:
        return None  # no IANA zone is a fixed half-hour offset: leave it to --timezone
    if hours == 0:
        return StatedZone("UTC", match.group())
    sign = "-" if match["sign"] == "+" else "+"
    return StatedZone(f"Etc/GMT{sign}{hours}", match.group())


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The page without a leading YAML front matter block (its lines left blank, so line numbers
    hold) and the block's simple `key: value` pairs ("title", "date"), as git wiki exports write them."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text, {}
    pairs = {}
    for line in match["body"].splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip() and not key.startswith((" ", "\t")):
            pairs[key.strip().casefold()] = value.strip().strip("\"'")
    return "\n" * match.group().count("\n") + text[match.end() :], {k: v for k, v in pairs.items() if v}
