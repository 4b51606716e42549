"""An in-memory wiki for tests: the `Wiki` port with page histories, counters and a power switch.

Text is stored as MediaWiki stores it (`saved_form`: no trailing whitespace, NFC, LF line ends).
It is stricter than MediaWiki in one way: an edit based on an old revision always raises
EditConflict, where MediaWiki would merge changes to different lines. The shared contract test
(tests/integration/test_wiki_contract.py) keeps it honest about everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import EditConflict, WikiUnavailable
from bot.wiki.port import BATCH, Page, Saved, saved_form


@dataclass(frozen=True)
class Revision:
    """One saved version of a page: its id, text, author and edit summary."""

    id: int
    text: str
    user: str
    summary: str


class MemoryWiki:
    """Pages kept as lists of revisions, with revision ids increasing across the whole wiki."""

    def __init__(self, bot_user: str = "SummitBot") -> None:
        self.bot_user = bot_user
        self.down = False  # True: every read and edit raises WikiUnavailable, as if the wiki were down
        self.reads = 0  # queries made, one per BATCH titles
        self.edits = 0  # edits saved by the bot
        self._pages: dict[str, list[Revision]] = {}
        self._last_id = 0

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        """The current text of each page, keyed by the title asked for; one query per BATCH titles."""
        self._check_up()
        self.reads += -(-len(set(titles)) // BATCH)  # ceiling division
        return {title: self._page(title) for title in titles}

    def edit(self, title: str, text: str, *, base_revision: int | None, summary: str) -> Saved:
        """Save `text` as a new revision; EditConflict unless `base_revision` is the current one."""
        self._check_up()
        text = saved_form(text)
        current = self._page(title)
        if base_revision is None and current.exists:
            raise EditConflict(f"{title!r} already exists (revision {current.revision}); read it again and retry")
        if base_revision is not None and current.revision != base_revision:
            raise EditConflict(f"{title!r} is at revision {current.revision}, not {base_revision}; read it again")
        if current.revision is not None and current.text == text:
            return Saved(current.revision)  # like MediaWiki: no change, no new revision
        self.edits += 1
        return Saved(self._save(title, text, self.bot_user, summary))

    def human_edit(self, title: str, text: str, user: str = "Alice", summary: str = "by hand") -> int:
        """Save `text` as a person would, whatever the page holds; the new revision id."""
        return self._save(title, saved_form(text), user, summary)

    def revisions(self, title: str) -> list[Revision]:
        """Every revision of `title`, oldest first (empty when the page does not exist)."""
        return list(self._pages.get(_normalized(title), []))

    def _page(self, title: str) -> Page:
        history = self._pages.get(_normalized(title))
        if not history:
            return Page(title)
        return Page(title, history[-1].text, history[-1].id)

    def _save(self, title: str, text: str, user: str, summary: str) -> int:
        self._last_id += 1
        self._pages.setdefault(_normalized(title), []).append(Revision(self._last_id, text, user, summary))
        return self._last_id

    def _check_up(self) -> None:
        if self.down:
            raise WikiUnavailable("the in-memory wiki is down (MemoryWiki.down is True); try again later")


def _normalized(title: str) -> str:
    """The title as MediaWiki stores it: spaces for underscores, trimmed, first letter upper case."""
    title = " ".join(title.replace("_", " ").split())
    return title[:1].upper() + title[1:]
