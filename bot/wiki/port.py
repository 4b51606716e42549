"""The wiki as the sync engine sees it: pages read in batches and edited against a known revision.

Nouns: a *title* names a page; a *page* is its wikitext plus the *revision* id it was read at
(None for both when the page does not exist). An edit names the revision it was based on; when
somebody else saved a revision in between, the edit raises `EditConflict` instead of overwriting
(MediaWiki: `baserevid` with an empty `basetimestamp`). Errors are the `WikiError` family in
`bot.errors`, each with a message a user can act on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.model import Agenda

BATCH = 50  # titles per read query: MediaWiki's limit for accounts without apihighlimits


def saved_form(text: str) -> str:
    """`text` as MediaWiki stores it: NFC, no NUL, LF line ends, no trailing whitespace.

    Wikitext expansions on save (`~~~~` signatures, `{{subst:}}`, the `[[a (b)|]]` pipe trick) are
    not applied here: the renderer must escape those, or the page will not read back as written.
    """
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    return text.rstrip(" \t\n\r\x0b").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Page:
    """One wiki page as read: its text and revision, both None when the page does not exist."""

    title: str
    text: str | None = None
    revision: int | None = None

    @property
    def exists(self) -> bool:
        """Whether the page exists on the wiki."""
        return self.revision is not None


@dataclass(frozen=True)
class Saved:
    """The outcome of an edit: the new revision, and whether the wiki merged it with another one.

    MediaWiki merges an edit with a concurrent one that touched other lines (diff3) instead of
    reporting a conflict; `merged` is then True and the saved text is not exactly the text sent,
    so the caller must read the page again to learn what the other person changed.
    """

    revision: int
    merged: bool = False


class Wiki(Protocol):
    """A wiki summitbot can publish to (MediaWiki over its API, or the in-memory one in tests)."""

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        """The current text of each page, keyed by the title asked for; one query per BATCH titles."""
        ...

    def edit(self, title: str, text: str, *, base_revision: int | None, summary: str) -> Saved:
        """Save `text` as a new revision.

        `base_revision` is the revision the change was made from; None means the page must not
        exist yet. Raises EditConflict when the page has moved on since, WikiError otherwise.
        """
        ...


def still_current(page: Page, synced_revision: int | None) -> bool:
    """Whether a page read earlier is no older than the revision the last sync left it at."""
    if synced_revision is None:
        return True
    return page.revision is not None and page.revision >= synced_revision


def page_title(agenda: Agenda) -> str:
    """The wiki page of the event: `event.wiki.page`, or the event's title."""
    return agenda.event.wiki.page or agenda.event.title
