"""Markdown tables in notes. A table of action items (`| Action | Owner | Due |`, or any table under
an "Action items" section) gives an action a row, owned by whoever its owner column names; a table
of decisions (a `Decision` column, or under a "Decisions" section) a decision a row; any other
table a note a row, its cells joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.minutes.model import ItemKind
from bot.minutes.notes_entries import Entry
from bot.minutes.notes_lines import Section, plain

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")
_WHAT = ("action", "action item", "action items", "task", "item", "what", "todo", "description", "decision")
_WHO = ("owner", "owners", "who", "assignee", "assignees", "assigned to", "responsible", "lead")
_DUE = ("due", "due date", "deadline", "by", "when")


def cells(line: str) -> list[str] | None:
    """The cells of a table row ("| Update docs | Alice |"), or None when `line` is none."""
    row = _ROW.match(line)
    return [cell.strip() for cell in row.group(1).split("|")] if row else None


@dataclass
class Table:
    """A table being read: its header, once read."""

    header: list[str] = field(default_factory=list)

    def row(self, row: list[str], section: Section | None) -> Entry | None:
        """The entry a row gives; None for the header and the rule under it."""
        if not self.header:
            self.header = [plain(cell).lower().strip(" :") for cell in row]
            return None
        if all(_RULE_CELL.match(cell) for cell in row if cell):
            return None
        what, who, due = (self._column(row, names) for names in (_WHAT, _WHO, _DUE))
        if section is Section.ACTIONS or (who is not None and what is not None and "decision" not in self.header):
            text = (what or row[0]) + (f" (due {due})" if due else "")
            return Entry(ItemKind.ACTION, None, [text], Section.ACTIONS, assignee=who or "")
        if section is Section.DECISIONS or "decision" in self.header:
            return Entry(ItemKind.AGREED, None, [what or row[0]], Section.DECISIONS)
        return Entry(ItemKind.INFO, None, [" | ".join(cell for cell in row if cell)], section)

    def _column(self, row: list[str], names: tuple[str, ...]) -> str | None:
        for index, title in enumerate(self.header):
            if title in names and index < len(row) and row[index]:
                return row[index]
        return None
