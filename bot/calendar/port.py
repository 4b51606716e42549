"""The calendar port: what the sync engine needs from a CalDAV server, in vdirsyncer's nouns.

- a *collection* is one calendar on the server, named by its last path segment under the
  account's calendar home (`containers`, `containers-tasks`);
- an *item* is one calendar object resource in a collection: its `href` (its name inside the
  collection, `4f1c…e2.ics`), its `etag` (an opaque tag that changes whenever the item changes)
  and its text (one VCALENDAR holding the components of one UID);
- every write is conditional: `put` with an etag replaces the item only if it still has that
  etag (If-Match), `put` without one creates it only if the href is free (If-None-Match: *), and
  `delete` needs the etag too. A precondition that fails raises `ItemChanged`, so somebody's edit
  made in between is never overwritten: the engine reads again and merges again.
Errors: `CalendarUnavailable` (unreachable, timeout, 5xx), `CalendarLoginFailed` (401/403),
`ItemChanged` (412), `CalendarError` for anything else; all from `bot.errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

EVENTS = "VEVENT"
TASKS = "VTODO"


@dataclass(frozen=True)
class Item:
    """One calendar object resource as the server holds it."""

    href: str
    etag: str
    text: str


class CalendarServer(Protocol):
    """A CalDAV account: its collections and their items (see the module docstring)."""

    def etags(self, collection: str) -> dict[str, str] | None:
        """href -> etag of every item in the collection (one request); None when it does not exist."""
        ...

    def get(self, collection: str, hrefs: Sequence[str]) -> list[Item]:
        """The items at these hrefs, in one request; hrefs that are gone are left out."""
        ...

    def create_collection(self, collection: str, *, title: str, component: str) -> None:
        """Create a collection for one kind of component (EVENTS or TASKS) with a display name."""
        ...

    def put(self, collection: str, href: str, text: str, *, etag: str | None) -> str:
        """Create (`etag` None) or replace (`etag` given) an item, conditionally; returns its new etag."""
        ...

    def delete(self, collection: str, href: str, *, etag: str) -> None:
        """Delete an item if it still has `etag`."""
        ...

    def address(self, collection: str) -> str:
        """The collection's URL, to show to people (for subscribing in a calendar app)."""
        ...
