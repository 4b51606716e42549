"""Typed reads of single values out of a YAML tree, each failure noted as a Problem.

Every reader returns a usable value or None and never raises for bad input, so one pass over a
file collects all of its problems. Messages name the record ("session 'cgroups'") because a line
number alone is hard to act on in a long file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from bot.agenda.clock import parse_clock, parse_lead_time
from bot.agenda.yamltree import Mark, YamlList, YamlMap
from bot.errors import Problem
from bot.text import MAX_NAME, MAX_TEXT, MAX_TITLE

E = TypeVar("E", bound=StrEnum)

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EVENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ID_CHARACTERS = "letters, digits, '.', '_' and '-'"
_CREDENTIAL = re.compile(r"(^|[_-])(pass|password|passwd|secret|token|api[_-]?key)($|[_-])", re.IGNORECASE)
_URL = re.compile(r"^(https?|mailto|irc|ircs|xmpp|matrix):\S+$")
_NAME_KEYS = frozenset({"name", "aliases", "chat_id", "wiki_user", "email", "proposer", "owner", "who",
                        "moderators", "required", "scribe", "votes", "volunteers", "organisers"})  # fmt: skip
_TITLE_KEYS = frozenset({"id", "title", "room", "rooms", "track", "venue", "affiliation", "page", "template",
                         "collection", "channel", "currency", "timezone", "interests", "session", "meeting",
                         "slipped_to"})  # fmt: skip


def limit_for(key: str) -> int:
    """How many characters the text under `key` may have (bot.text: names, titles, other text)."""
    return MAX_NAME if key in _NAME_KEYS else MAX_TITLE if key in _TITLE_KEYS else MAX_TEXT


def describe(value: Any) -> str:
    """What kind of YAML value this is, in words."""
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlList):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "empty"
    return f"'{value}'"


def closest(word: str, choices: Collection[str]) -> str | None:
    """A 'did you mean' hint for a misspelt word, or None."""
    import difflib  # noqa: PLC0415 - only once a word is wrong

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


class Fields:
    """Reads values of one file and keeps the problems found, each with its position."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, at: Mark, message: str, hint: str | None = None) -> None:
        """Note a problem at a position."""
        self.problems.append(Problem(self.path, at[0], at[1], message, hint))

    def check_keys(self, record: YamlMap, allowed: Collection[str], what: str) -> None:
        """Note every key of `record` that is not one of `allowed`."""
        for key in record:
            if key in allowed:
                continue
            if _CREDENTIAL.search(key):
                hint = "credentials never go in an agenda: set them in the bot's environment or config file"
            else:
                hint = closest(key, allowed) or "known keys: " + ", ".join(allowed)
            self.problem(record.key_at(key), f"{what}: unknown key '{key}'", hint)

    def record(self, value: Any, at: Mark, what: str) -> YamlMap | None:
        """`value` when it is a mapping; otherwise note the problem."""
        if isinstance(value, YamlMap):
            return value
        self.problem(at, f"{what} should be a mapping of keys and values, not {describe(value)}")
        return None

    def items(self, record: YamlMap, key: str, what: str) -> list[tuple[Any, Mark]]:
        """The items of the list under `key` with their positions; [] when absent or empty."""
        value = record.get(key)
        if value is None:
            return []
        if not isinstance(value, YamlList):
            self.problem(record.value_at(key), f"{what}: '{key}' should be a list, not {describe(value)}")
            return []
        return list(zip(value, value.marks, strict=True))

    def required(self, record: YamlMap, key: str, what: str) -> bool:
        """Whether `key` has a value; notes the problem when it has none."""
        if record.get(key) is not None:
            return True
        self.problem(record.key_at(key), f"{what}: '{key}' is required")
        return False

    def text(self, record: YamlMap, key: str, what: str, required: bool = False) -> str | None:
        """A piece of text (numbers written plainly are taken as their digits)."""
        value = record.get(key)
        if value is None:
            if required:
                self.required(record, key, what)
            return None
        limit = limit_for(key)
        if type(value) is str and len(value) <= limit and not value.isspace() and value:
            return value  # the common case, without building the message as_text would need
        return self.as_text(value, record.value_at(key), f"{what}: '{key}'", limit)

    def as_text(self, value: Any, at: Mark, what: str, limit: int = MAX_TEXT) -> str | None:
        """`value` as text, when it is text (of at most `limit` characters) or a whole number."""
        if isinstance(value, str):
            if not value.strip():
                self.problem(at, f"{what} is blank")
                return None
            if len(value) > limit:
                shown = f"'{value[:40]}…'"
                message = f"{what} {shown} is {len(value):,} characters long, more than the {limit:,} it may have"
                self.problem(at, message, "shorten it")
                return None
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        hint = f'write it in quotes: "{value}"' if isinstance(value, float | bool) else None
        self.problem(at, f"{what} should be text, not {describe(value)}", hint)
        return None

    def texts(self, record: YamlMap, key: str, what: str) -> tuple[str, ...]:
        """A list of pieces of text (a single text is taken as a list of one)."""
        if isinstance(record.get(key), str):
            single = self.text(record, key, what)
            return (single,) if single else ()
        limit = limit_for(key)
        found = (self.as_text(item, at, f"{what}: '{key}' item", limit) for item, at in self.items(record, key, what))
        return tuple(item for item in found if item is not None)

    def ident(self, record: YamlMap, key: str, what: str, lower: bool = False) -> str | None:
        """A required id: letters, digits, '.', '_' and '-' (lower-case letters, digits and '-' if `lower`)."""
        value = self.text(record, key, what, required=True)
        pattern, allowed = (EVENT_ID, "lower-case letters, digits and '-'") if lower else (ID, _ID_CHARACTERS)
        if value is not None and not pattern.match(value):
            cleaned = re.sub(r"[^a-z0-9]+" if lower else r"[^A-Za-z0-9._-]+", "-", value.lower() if lower else value)
            suggestion = cleaned.strip("-._")
            hint = f"try '{suggestion}'" if suggestion and pattern.match(suggestion) else None
            self.problem(record.value_at(key), f"{what}: id '{value}' may hold only {allowed}", hint)
            return None
        return value

    def choice(self, record: YamlMap, key: str, what: str, kind: type[E], default: E) -> E:
        """One of the values of an enumeration; the default when absent or wrong."""
        value = record.get(key)
        if value is None:
            return default
        members = _members(kind)
        if isinstance(value, str) and (member := members.get(value.lower())) is not None:
            return member
        choices = list(members)
        hint = (closest(value, choices) if isinstance(value, str) else None) or "one of: " + ", ".join(choices)
        self.problem(record.value_at(key), f"{what}: '{key}' cannot be {describe(value)}", hint)
        return default

    def flag(self, record: YamlMap, key: str, what: str, default: bool = False) -> bool:
        """A yes/no value: `true` or `false`."""
        value = record.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.problem(record.value_at(key), f"{what}: '{key}' should be true or false, not {describe(value)}")
        return default

    def day(self, record: YamlMap, key: str, what: str, required: bool = False) -> date | None:
        """A date written as 2008-07-22."""
        value = record.get(key)
        if value is None:
            if required:
                self.required(record, key, what)
            return None
        return self.as_day(value, record.value_at(key), f"{what}: '{key}'")

    def as_day(self, value: Any, at: Mark, what: str) -> date | None:
        """`value` as a date, when it is written as 2008-07-22."""
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                self.problem(at, f"{what}: {value} is not a day of the calendar")
                return None
        self.problem(at, f"{what} should be a date like 2008-07-22, not {describe(value)}")
        return None

    def moment(self, record: YamlMap, key: str, what: str) -> datetime | None:
        """A naive date and time written as "2008-07-18 12:05" (or a date alone)."""
        value = record.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return datetime.fromisoformat(value.strip())
        except ValueError:
            self.problem(
                record.value_at(key),
                f"{what}: '{key}' should be a date and time like \"2008-07-18 12:05\", not {describe(value)}",
            )
            return None

    def clock(self, record: YamlMap, key: str, what: str, required: bool = False) -> time | None:
        """A time of day as people write it ("08:30", "2:30pm")."""
        value = record.get(key)
        at = record.value_at(key)
        if value is None:
            if required:
                self.required(record, key, what)
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            self.problem(at, f"{what}: '{key}' is the number {value}, not a time", _number_hint(value))
            return None
        if not isinstance(value, str):
            self.problem(at, f"{what}: '{key}' should be a time like \"14:00\", not {describe(value)}")
            return None
        try:
            return parse_clock(value)
        except ValueError as error:
            self.problem(at, f"{what}: {error}")
            return None

    def lead_time(self, record: YamlMap, key: str, what: str) -> timedelta | None:
        """How long before something a reminder comes: "15m", "1h30m", "1d"."""
        value, at = record.get(key), record.value_at(key)
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return parse_lead_time(value)
            hint = f'write "{value}m" for {value} minutes' if type(value) is int and value >= 0 else None
            self.problem(at, f'{what}: \'{key}\' should be a lead time like "15m" or "1h", not {describe(value)}', hint)
        except ValueError as error:
            self.problem(at, f"{what}: '{key}': {error}")
        return None

    def integer(self, record: YamlMap, key: str, what: str, minimum: int) -> int | None:
        """A whole number no smaller than `minimum`."""
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.problem(
            record.value_at(key),
            f"{what}: '{key}' should be a whole number of at least {minimum}, not {describe(value)}",
        )
        return None

    def amount(self, record: YamlMap, key: str, what: str) -> Decimal | None:
        """A positive amount of money: 1000, 1000.50 or "1,000"."""
        value = record.get(key)
        if value is None:
            self.required(record, key, what)
            return None
        try:
            amount = Decimal(str(value).replace(",", "")) if not isinstance(value, bool) else Decimal("NaN")
        except InvalidOperation:
            amount = Decimal("NaN")
        if amount.is_finite() and amount > 0:
            return amount
        self.problem(record.value_at(key), f"{what}: '{key}' should be a positive amount, not {describe(value)}")
        return None

    def url(self, record: YamlMap, key: str, what: str, required: bool = False) -> str | None:
        """An address: http(s), mailto, irc, xmpp or matrix."""
        value = self.text(record, key, what, required)
        return self.check_url(value, record.value_at(key), what) if value else None

    def check_url(self, value: str, at: Mark, what: str) -> str | None:
        """`value` when it is an address; otherwise note the problem."""
        if _URL.match(value.strip()):
            return value.strip()
        self.problem(at, f"{what}: '{value}' is not an address", "write the whole address, starting with https://")
        return None


_MEMBERS: dict[type[StrEnum], dict[str, Any]] = {}


def _members(kind: type[E]) -> dict[str, E]:
    """The members of an enumeration by value, in order (asked thousands of times a file)."""
    found = _MEMBERS.get(kind)
    if found is None:
        found = _MEMBERS[kind] = {member.value: member for member in kind}
    return found


def _number_hint(value: int) -> str:
    """How to write a time that YAML read as a number: 1400 -> "14:00", 8 -> "08:00"."""
    if 0 <= value <= 23:
        return f'write it in quotes: "{value:02d}:00"'
    hours, minutes = divmod(value, 100)
    if 100 <= value <= 2359 and minutes <= 59:
        return f'write it in quotes: "{hours:02d}:{minutes:02d}"'
    return 'write a time in quotes, like "14:00"'
