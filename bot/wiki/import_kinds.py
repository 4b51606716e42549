"""What a section of an event page holds, read from its heading.

Headings are matched whole and case-insensitively ("Attendees", "Topics to discuss", "Hotel");
a heading with words before its noun keeps the noun's kind ("Planned Agenda", "Code Camp
Attendees", "Main Organisers"), and one joining two things is the first of them it knows
("Location and Accommodation" is the venue, "Travel and Accommodation" the hotel).
"""

from __future__ import annotations

import re

from bot.wiki.import_venue import is_hotel_heading

KINDS = (
    ("proposal", r"(?:the\s+)?(?:mini-?\s?summit\s+|event\s+)?proposal"),
    ("moderators", r"(?:session\s+)?(?:moderators|chairs|facilitators)"),
    (
        "attendees",
        r"(?:list\s+of\s+)?(?:attendees|participants|attendance|people attending|who is (?:coming|attending)|"
        r"who|registered(?: participants)?|registrants)",
    ),
    (
        "organisers",
        r"(?:the\s+)?(?:local\s+)?(?:hosts?|organi[sz]ers?|organi[sz]ing committee|organi[sz]ation|contacts?)",
    ),
    (
        "topics",
        r"(?:proposed\s+|suggested\s+|discussion\s+)?(?:topics(?:\s+to\s+discuss)?|talks|ideas|proposals|agenda\s+items)",
    ),
    ("agenda", r"(?:draft\s+|tentative\s+|daily\s+)?(?:agenda|schedule|programme|program|timetable)"),
    ("when", r"dates?|when|date and (?:time|place|venue)|time and place"),
    ("links", r"see also|(?:external\s+)?links|references|related pages"),
    ("tasks", r"(?:logistics\s*/\s*)?(?:tasks|to-?dos?|to do|work items|action items)(?:\s*/\s*logistics)?"),
    ("hotel", r"(?:the\s+)?(?:hotels?|accommodations?|lodging|where to stay|guest ?house)"),
    ("venue", r"venue|location|where|logistics"),
)
_QUALIFIER = (  # words before a heading's noun: not joining two things, not another event's or a meal's
    r"(?:(?!(?:and|or|not|no|past|previous|last|former|other|lunch|dinner|breakfast|social|evening|party)\b)"
    r"[\w'-]+\s+){1,3}"
)


def section_kind(title: str) -> str | None:
    """What a section holds, from its heading; None for a heading the importer does not know."""
    text = title.strip().rstrip(":").strip().casefold()
    if is_hotel_heading(text):
        return "hotel"
    for kind, pattern in KINDS:
        if re.fullmatch(pattern, text):
            return kind
    for kind, pattern in KINDS:  # "Planned Agenda", "Code Camp Attendees", "Main Organisers": the last words say
        if kind != "when" and re.fullmatch(rf"{_QUALIFIER}(?:{pattern})", text):
            return kind
    parts = re.split(r"\s+(?:and|&)\s+|\s*/\s*", text)  # "Location and Accommodation": the first it knows
    if len(parts) < 2:
        return None
    kinds = [section_kind(part) for part in parts]
    return next((each for each in kinds if each is not None), None)
