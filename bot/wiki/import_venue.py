"""Where an event meets, and where its people sleep: the venue is not the hotel.

A "Venue" or "Location" section is often an address written over several lines (`<br>` or one
line each): the first line names the place, the rest is its address. When that place is a hotel
or a guest house, or the section asks people to book their rooms there, it is the hotel; the
meeting room is then whatever a line such as "Meeting room is Building 401, Room B2100" says.
"""

from __future__ import annotations

import re

from bot.wiki.import_event import read_where
from bot.wiki.import_model import DraftVenue
from bot.wiki.import_places import gazetteer

_HOTEL = re.compile(r"\b(?:hotel|guest ?house|inn|hostel|motel|lodge|b&b|bed and breakfast|accommodation)\b", re.I)
_BOOKING = re.compile(r"\breserve\b|\bbook(?:ing)?\b.*\brooms?\b|\brooms?\b.*\bhotel\b", re.I)
_MEETING_ROOM = re.compile(
    r"^\s*(?:the\s+)?(?:meeting|main|conference|workshop|event|session|hacking)\s+"
    r"(?:room|rooms|venue|place|location|space)\s*(?:is|are|will be|:)\s*(?P<where>\S.*?)\.?\s*$",
    re.IGNORECASE,
)
_COUNTRY_TAIL = re.compile(r"\s+[-–]\s+(?P<country>[^\W\d_][\w .]*)$")
_ADDRESS_WORDS = 8  # a longer single line is a sentence, not a name and address
_NAMED_PLACE = re.compile(
    r"\b(?:at|in)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'&-]*\s+){0,3}(?:Hotel|Inn|Guest ?House|Hostel|Lodge|Centre|Center)"
    r"(?:\s+[A-Z][\w'-]*){0,3})"
)
_CAPITALISED = r"[A-Z0-9][\w'’&.-]*"
_ANNOUNCED = re.compile(  # "will be held at the Lawrence Berkeley National Laboratory near ...", "take place in X at Y"
    r"\b(?:held|take[sn]?\s+place|took\s+place|hosted|meeting)\s+(?:at|in)\s+(?:the\s+)?"
    rf"(?P<name>{_CAPITALISED}(?:\s+(?:(?:of|for|the|zu|de|der|di)\s+)?{_CAPITALISED})*(?:\s+[a-z]+(?=\s+(?:at|in)\s))?)"
    r"(?:(?:\s+(?:at|in)\s+|,\s+)(?P<address>[\w][^.;()]*?))?\s*(?=[.;(]|\s(?:near|on|from|during|immediately|just)\b|$)"
)
_POSTCODE_COMMA = re.compile(r"^(?P<code>\d{4,6}),\s+")


def meeting_room(text: str) -> DraftVenue | None:
    """The venue a "Meeting room is Building 401, Room B2100" line gives, or None."""
    match = _MEETING_ROOM.match(text)
    if match is None:
        return None
    where = read_where(match["where"])  # the rooms it names; the name keeps the whole of what was written
    return DraftVenue(match["where"].strip(), None, where.rooms) if where.rooms else where


def announced_place(sentence: str) -> DraftVenue | None:
    """The place a sentence says the event is held at ("will take place in the Broad Institute
    auditorium at 7 Cambridge Center, Cambridge MA"): its name, and the address after it."""
    match = _ANNOUNCED.search(sentence)
    if match is None:
        return None
    address = match["address"].strip(" ,") if match["address"] else None
    return DraftVenue(match["name"].strip(), address or None)


def is_hotel_heading(title: str) -> bool:
    """Whether a heading introduces where people stay ("Hotel", "Accommodation")."""
    return bool(re.fullmatch(r"(?:the\s+)?(?:hotels?|accommodations?|lodging|where to stay|guest ?house)", title, re.I))


def address_block(lines: list[str], section_text: str) -> tuple[DraftVenue | None, bool]:
    """The place several lines name (first line the name, the rest its address), and whether it is
    a hotel rather than the venue (its name says so, or the section asks people to book rooms)."""
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if not lines:
        return None, False
    if len(lines[0].split()) > _ADDRESS_WORDS:  # a sentence: the place it names, if any
        named = _NAMED_PLACE.search(lines[0])
        venue = announced_place(lines[0]) or (DraftVenue(named["name"]) if named else None)
    elif len(lines) == 1:
        venue = read_where(lines[0])
    else:
        venue = DraftVenue(lines[0].strip(" ,"), ", ".join(_address_line(line) for line in lines[1:]) or None)
    hotel = bool(_HOTEL.search(venue.name or "")) if venue else False
    return venue, hotel or bool(_BOOKING.search(section_text))


def _address_line(line: str) -> str:
    """ "26900, Lodi - ITALY" -> "26900 Lodi, Italy": a postcode before its town, a country as a part."""
    line = _POSTCODE_COMMA.sub(r"\g<code> ", line.strip(" ,"))
    tail = _COUNTRY_TAIL.search(line)
    if tail and gazetteer().country(tail["country"]):
        country = tail["country"]
        line = line[: tail.start()] + ", " + (country.title() if country.isupper() and len(country) > 3 else country)
    return line
