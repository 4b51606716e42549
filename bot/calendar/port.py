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
- a *token* stands for the state of a collection as a listing saw it: its sync-token (RFC 6578)
  or CTag where the server keeps one. `changes` from a token costs one small request when nothing
  changed; without a token (or with one the server has forgotten) it lists every item.
`put` and `delete` may be called from several threads at once (a sync writes in parallel).
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


@dataclass(frozen=True)
class Changes:
    """A collection's items since a token: every item's etag (`complete`), or only what changed."""

    token: str  # give it to the next `changes`; "" when the server keeps no sync-token or CTag
    etags: dict[str, str]  # href -> etag: of every item when `complete`, else of those changed since
    removed: frozenset[str] = frozenset()  # hrefs deleted since (never when `complete`)
    complete: bool = True

    def applied_to(self, listing: dict[str, str]) -> dict[str, str]:
        """The collection's etags now, given its etags (`listing`) at the token these changes start from."""
        if self.complete:
            return dict(self.etags)
        return {href: etag for href, etag in listing.items() if href not in self.removed} | self.etags


class CalendarServer(Protocol):
    """A CalDAV account: its collections and their items (see the module docstring)."""

    def etags(self, collection: str) -> dict[str, str] | None:
        """href -> etag of every item in the collection (one request); None when it does not exist."""
        ...

    def changes(self, collection: str, since: str | None) -> Changes | None:
        """What changed since the token `since` (None: list every item); None when the collection
        does not exist."""
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
