"""Hand-written minutes read line by line into topics, entries (the items to be) and people.

Headings are topics, except the meeting's title (the first heading, when no other is as high),
a heading that is only a date, and headings that label a section (`## Agenda`, `## Action items`,
`[Attendees]`, "List of attendees"). A record without topic headings takes its topics from its
agenda list, and a line of its minutes that repeats an agenda topic goes back to it. An entry is a
marked line, a bullet, a speaker's line or a paragraph; a line that starts none continues the one
above (mail wraps lines), but a MediaWiki definition (`; ACTION : ...`) is one line, or two with a
vote's tally.
"""

from __future__ import annotations

import re

from bot.minutes.model import ItemKind
from bot.minutes.notes_entries import Entry, Read, TopicMark
from bot.minutes.notes_lines import (
    ACTION_REF,
    ATTRIBUTION,
    BULLET,
    CHECKBOX,
    DEFINITION,
    HEADER,
    MARKDOWN_BULLET,
    RULE,
    TALLY,
    Section,
    attribution,
    decided_in,
    heading,
    heading_section,
    marker,
    names_in,
    only_a_date,
    person_name,
    plain,
    section_of,
    speaker,
    title_heading,
    topic_heading,
    topic_key,
)
from bot.minutes.notes_outline import numbered_titles
from bot.minutes.notes_people import ROLES
from bot.minutes.notes_tables import Table, cells

_CONSENT = re.compile(r"^(?:no objections?|agreed|approved|accepted|consensus|unanimous(?:ly \w+)?)\s*[.!]?$", re.I)
_TO_DO = re.compile(r"^([^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){0,2})\s+to\s+[a-z]")
_APART = "\n"
_META = re.compile(r"^\W*(?:date|time|location|venue|place|where|when)\s*:", re.IGNORECASE)  # the meeting's, no item
_LABEL_LINE = re.compile(r"^(?:\[([^\]]{1,40})\]|([^:\[\]]{1,40}):?)$")


class NotesReader:
    """Turns numbered lines of notes into a `Read`."""

    def __init__(self, lines: list[tuple[int, str]], *, wiki: bool, headed: bool) -> None:
        self.wiki, self.headed = wiki, headed
        self.found = Read(wiki=wiki)
        self.entry: Entry | None = None
        self.last_text = ""
        self.section: Section | None = None
        self.section_level = 0  # the heading level that opened the section (99: a label line)
        self.label_indent: int | None = None  # the indent of a label section's first line
        self.agenda_level = 99  # the level of the heading of the agenda, while under it
        self.bullets: list[tuple[int, str]] = []
        self.topic_keys: dict[str, int] = {}
        self.table: Table | None = None
        self.outline = numbered_titles(lines, wiki=wiki)  # plain text's " 1. Call to order"
        self.agenda_topics = not self.outline and not any(topic_heading(line, wiki=wiki) for _, line in lines)
        self.title_line = title_heading(lines, wiki=wiki)

    def read(self, lines: list[tuple[int, str]]) -> Read:
        """Read every line."""
        for number, line in lines:
            self.line(number, line.rstrip())
        self.flush()
        self.found.title_line = self.title_line
        return self.found

    def line(self, number: int, line: str) -> None:
        """One line of the notes."""
        row = cells(line)
        if row is not None:
            self._row(number, row)
            return
        self.table = None
        found = heading(line, wiki=self.wiki) or ((2, self.outline[number]) if number in self.outline else None)
        if not line.strip() or RULE.match(line) or found:
            self.flush()
            self.bullets = [] if line.strip() else self.bullets
            if found:
                self._heading(number, *found)
            elif line.strip() and self.section_level == 99:
                self.section = None
            return
        self._dedent(line)
        if (
            _META.match(line)
            or HEADER.match(line.strip())
            or self._label(line)
            or self._people_line(line)
            or self._in_section(line)
        ):
            return
        definition = DEFINITION.match(line) if self.wiki else None
        body = definition.group(1) if definition else line.strip()
        if self.entry is not None and self._continues(line, body):
            self.entry.lines.append(body)
            return
        self.flush()
        self.entry = self.start(number, line, body, term=definition is not None)

    def _row(self, number: int, row: list[str]) -> None:
        """A row of a table: an action, a decision or a note (the header and its rule: nothing)."""
        self.flush()
        self.table = self.table or Table()
        self.entry = self.table.row(row, self.section)
        if self.entry is not None:
            self.entry.line, self.entry.context = number, self.last_text
            self.flush()

    def start(self, number: int, line: str, body: str, *, term: bool) -> Entry:
        """The entry `line` begins: a marker, a bullet, a speaker's line or a paragraph."""
        bullet = (BULLET if self.wiki else MARKDOWN_BULLET).match(line) if not term else None
        if bullet:
            body = bullet.group(2)
            parent = self._parent(len(bullet.group(1).expandtabs(4)), body)
        else:
            parent, self.bullets = None, []
        entry = self._entry(body, parent, bullet is not None)
        entry.term, entry.context, entry.line = term, self.last_text, number
        return entry

    def flush(self) -> None:
        """Record the entry read so far (if it is to be recorded)."""
        entry, self.entry = self.entry, None
        if entry is None or not entry.text:
            return
        self.last_text = f"{self.last_text.rpartition(_APART)[2]}{_APART}{entry.text}"  # the last two entries
        reference = ACTION_REF.search(entry.text)
        if entry.kind is ItemKind.INFO and decided_in(entry.text):  # "... was\n approved by Unanimous Vote"
            entry.kind = ItemKind.AGREED
        if reference and entry.kind is not None:
            entry.kind, entry.ref = ItemKind.ACTION, int(reference.group(1))
            entry.lines = [ACTION_REF.sub("", entry.text).strip()]
        if entry.kind is not None:
            self.found.events.append(entry)

    # --- what a line is ---------------------------------------------------------------------------

    def _entry(self, body: str, parent: str | None, bullet: bool) -> Entry:
        """The entry a line (without its bullet) begins."""
        marked = self._marked(body, parent)
        if marked is not None:
            return marked
        if self.section is Section.ACTIONS:  # "Roman: follow up with the PMC" is Roman's action
            return Entry(ItemKind.ACTION, None, [body], self.section, parent, lead=not bullet)
        if not bullet and not self.headed:
            return Entry(None, None, [body])  # the mail's greeting, before the notes begin
        said = speaker(body)
        if said is not None and self.found.people.may_speak(said[0]):
            self.found.people.add(self.found.people.speakers, [said[0]])
            inner = marker(said[1])
            kind, text = inner if inner is not None and inner[0] is not ItemKind.ACTION else (ItemKind.INFO, said[1])
            return Entry(kind, said[0], [text], self.section, parent)
        who, text = attribution(body)
        if who is not None and text:  # "[End of minutes]" is no one speaking
            self.found.people.add(self.found.people.speakers, [who])
        self.found.people.took_role(body)
        if parent is not None and _CONSENT.match(body):
            return Entry(ItemKind.AGREED, who, [f"{parent}: {body}"], self.section, parent)
        kind = ItemKind.AGREED if self.section is Section.DECISIONS else ItemKind.INFO
        to_do = _TO_DO.match(text) if not bullet else None  # a bullet "Nick to stay chair" is no task
        return Entry(kind, who, [text], self.section, parent, to_do=to_do.group(1) if to_do else None)

    def _marked(self, body: str, parent: str | None) -> Entry | None:
        """A checkbox ("[ ] @alice do X") or a marked line ("ACTION: ..."), else None."""
        checkbox = CHECKBOX.match(body)
        if checkbox:
            done = checkbox.group(1) != " "
            return Entry(ItemKind.ACTION, None, [checkbox.group(2)], self.section, parent, done=done)
        marked = marker(body)
        if marked is None:
            return None
        kind, text = marked
        kind = ItemKind.INFO if kind is ItemKind.ACTION and self.section is Section.COMPLETED else kind
        text = f"Proposal: {text}" if body.lower().lstrip("*_ ").startswith("proposal") else text
        return Entry(kind, None, [text], self.section, parent)

    def _continues(self, line: str, body: str) -> bool:
        """Whether `line` goes on with the entry being read."""
        assert self.entry is not None
        if self.entry.term:
            return bool(TALLY.match(body)) or bool(self.wiki and DEFINITION.match(line) and line.lstrip()[0] == ":")
        starts = (BULLET if self.wiki else MARKDOWN_BULLET).match(line) or (DEFINITION.match(line) and self.wiki)
        return not (starts or marker(body) or ATTRIBUTION.match(body) or speaker(body) or CHECKBOX.match(body))

    def _heading(self, number: int, level: int, text: str) -> None:
        section = heading_section(text)
        if section is Section.AGENDA or level <= self.agenda_level:
            self.agenda_level = level if section is Section.AGENDA else 99
        grouping = level > self.agenda_level  # "### nodejs/io.js" under "## Agenda" groups its items
        if self.section_level >= level or section is not None:
            self.section, self.section_level = section, level
        self.headed = True
        if number == self.title_line:
            self.found.title = text if not only_a_date(text) else None
        elif section in (None, Section.COMPLETED) and not only_a_date(text) and not (grouping and section is None):
            self._topic(text)

    def _dedent(self, line: str) -> None:
        """A section opened by a label line ends at a line less indented than its first one."""
        if self.section_level != 99:
            return
        indent = len(line) - len(line.lstrip())
        if self.label_indent is None:
            self.label_indent = indent
        elif indent < self.label_indent:
            self.section, self.label_indent = None, None

    def _label(self, line: str) -> bool:
        """A line that only labels a section ("[Attendees]", "Agenda:", "List of attendees")."""
        if MARKDOWN_BULLET.match(line) and not re.match(r"^\d", line):
            return False  # "* Summary of Action Items" in a table of contents labels nothing
        label = _LABEL_LINE.match(plain(line.strip()))
        section = section_of(label.group(1) or label.group(2)) if label else None
        if section is None:
            return False
        self.flush()
        self.section, self.section_level, self.headed, self.label_indent = section, 99, True, None
        return True

    def _people_line(self, line: str) -> bool:
        """ "Present: Dan, Kenneth", "; Present: ...", "Regrets: ...", "Scribe: Mark"."""
        if not self.found.people.heard(DEFINITION.sub(r"\1", line).strip()):
            return False
        self.flush()
        return True

    def _in_section(self, line: str) -> bool:
        """Lines of the people, title and agenda sections, which are no items."""
        bullet = BULLET.match(line)
        section, body = self.section, plain(bullet.group(2) if bullet else line).strip()
        if section in ROLES:
            listed = [person_name(body)] if bullet else names_in(body)  # "* Name, Affiliation"; "Ann, Bob"
            if not listed or None in listed:
                self.section = None
                return False
            people = self.found.people
            people.add(people.role(ROLES[section]), filter(None, listed))
            return True
        if section is Section.TITLE:
            self.found.title = self.found.title or body
            self.section = Section.PLAIN
            return True
        if section is Section.AGENDA:
            return self._in_agenda(bullet, body)
        return self._resumed(line, body)

    def _in_agenda(self, bullet: re.Match[str] | None, body: str) -> bool:
        """An item of the agenda list: a topic, when the record has no topic headings."""
        if bullet is None:
            self.section = None
            return False
        if bullet.group(1) and (marker(body) or CHECKBOX.match(body)):
            return False  # a decision or action noted under an agenda item is one
        if self.agenda_topics and not bullet.group(1):
            self._topic(body)
        return True

    def _resumed(self, line: str, body: str) -> bool:
        """A top-level bullet of the minutes that repeats an agenda topic goes back to it."""
        bullet = BULLET.match(line)
        index = self.topic_keys.get(topic_key(body)) if bullet and not bullet.group(1) else None
        if index is None or not self.agenda_topics:
            return False
        self.flush()
        self.found.events.append(TopicMark(index))
        self.bullets = [(0, body)]
        return True

    # --- helpers -------------------------------------------------------------------------------

    def _topic(self, title: str) -> None:
        self.flush()
        index = self.topic_keys.setdefault(topic_key(title), len(self.found.topics))
        if index == len(self.found.topics):
            self.found.topics.append(title)
        self.found.events.append(TopicMark(index))

    def _parent(self, indent: int, body: str) -> str | None:
        while self.bullets and self.bullets[-1][0] >= indent:
            self.bullets.pop()
        parent = self.bullets[-1][1] if self.bullets else None
        self.bullets.append((indent, plain(body)))
        return parent
