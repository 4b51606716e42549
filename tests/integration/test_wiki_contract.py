"""The `Wiki` contract: the in-memory wiki and the real MediaWiki answer every call the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from bot.errors import EditConflict
from bot.wiki.mediawiki import MediaWiki
from bot.wiki.memory import MemoryWiki
from bot.wiki.port import Page, Wiki
from tests.fixtures.mediawiki import LocalWiki

AGENDA = "== Monday ==\n* 09:00 Welcome\n\n== Tuesday ==\n* 09:00 Keynote\n\n== Wednesday ==\n* 09:00 Hacking"


@dataclass(frozen=True)
class Harness:
    """One adapter under test, with what a test needs to look behind it."""

    wiki: Wiki
    queries: Callable[[], int]  # read queries (or HTTP requests) made so far
    human_edit: Callable[[str, str], int]  # Alice saves (title, text); the new revision
    revision_count: Callable[[str], int]


@pytest.fixture(params=["memory", "mediawiki"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """The in-memory wiki, then a MediaWiki adapter logged in to the session's real wiki."""
    if request.param == "memory":
        memory = MemoryWiki()
        yield Harness(memory, lambda: memory.reads, memory.human_edit, lambda title: len(memory.revisions(title)))
        return
    local: LocalWiki = request.getfixturevalue("local_wiki")
    real = MediaWiki(local.bot_account, user_agent="summitbot-tests/0 (contract)")
    real.read(["Main Page"])  # log in now, so that counts taken in a test are queries only
    yield Harness(real, lambda: real.requests_made, lambda t, x: local.human_edit("Alice", t, x), local.revision_count)
    real.close()


class TestWikiContract:
    """Every behaviour the sync engine relies on, checked on both adapters."""

    def test_a_missing_page_reads_as_no_text_and_no_revision(self, harness: Harness, wiki_page_title: str) -> None:
        pages = harness.wiki.read([wiki_page_title])

        assert pages == {wiki_page_title: Page(wiki_page_title)}
        assert not pages[wiki_page_title].exists

    def test_creating_a_page(self, harness: Harness, wiki_page_title: str) -> None:
        saved = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")

        assert not saved.merged
        assert harness.wiki.read([wiki_page_title])[wiki_page_title] == Page(wiki_page_title, AGENDA, saved.revision)

    def test_creating_a_page_somebody_else_created_is_a_conflict(self, harness: Harness, wiki_page_title: str) -> None:
        harness.human_edit(wiki_page_title, "Alice was here first")

        with pytest.raises(EditConflict):
            harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
        assert harness.wiki.read([wiki_page_title])[wiki_page_title].text == "Alice was here first"

    def test_editing_the_current_revision(self, harness: Harness, wiki_page_title: str) -> None:
        first = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
        changed = AGENDA.replace("Keynote", "Opening keynote")

        second = harness.wiki.edit(wiki_page_title, changed, base_revision=first.revision, summary="update")

        assert second.revision > first.revision
        assert not second.merged
        assert harness.wiki.read([wiki_page_title])[wiki_page_title] == Page(wiki_page_title, changed, second.revision)

    def test_a_stale_edit_of_a_line_alice_changed_conflicts_at_once(
        self, harness: Harness, wiki_page_title: str
    ) -> None:
        base = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
        # Alice edits the same line within the same second: timestamps cannot tell the edits apart.
        harness.human_edit(wiki_page_title, AGENDA.replace("Keynote", "Keynote by Alice"))

        with pytest.raises(EditConflict):
            harness.wiki.edit(
                wiki_page_title,
                AGENDA.replace("Keynote", "Keynote by the bot"),
                base_revision=base.revision,
                summary="x",
            )
        assert "Keynote by Alice" in (harness.wiki.read([wiki_page_title])[wiki_page_title].text or "")
        assert harness.revision_count(wiki_page_title) == 2

    def test_a_stale_edit_by_the_bot_itself_conflicts(self, harness: Harness, wiki_page_title: str) -> None:
        base = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
        harness.wiki.edit(wiki_page_title, AGENDA.replace("Welcome", "Hello"), base_revision=base.revision, summary="1")

        with pytest.raises(EditConflict):
            harness.wiki.edit(
                wiki_page_title, AGENDA.replace("Welcome", "Hi"), base_revision=base.revision, summary="2"
            )

    def test_reading_120_titles_takes_3_queries(self, harness: Harness, wiki_page_title: str) -> None:
        titles = [f"{wiki_page_title} {number}" for number in range(120)]
        harness.wiki.edit(titles[0], "first", base_revision=None, summary="create")
        harness.wiki.edit(titles[119], "last", base_revision=None, summary="create")
        before = harness.queries()

        pages = harness.wiki.read(titles)

        assert harness.queries() - before == 3
        assert list(pages) == titles
        assert [pages[titles[0]].text, pages[titles[119]].text] == ["first", "last"]
        assert sum(page.exists for page in pages.values()) == 2

    def test_titles_come_back_as_they_were_asked(self, harness: Harness, wiki_page_title: str) -> None:
        saved = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
        spelled = wiki_page_title.replace(" ", "_")
        lower = wiki_page_title[0].lower() + wiki_page_title[1:]

        pages = harness.wiki.read([spelled, lower, spelled])

        assert pages == {spelled: Page(spelled, AGENDA, saved.revision), lower: Page(lower, AGENDA, saved.revision)}

    def test_saving_unchanged_text_makes_no_revision(self, harness: Harness, wiki_page_title: str) -> None:
        first = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")

        again = harness.wiki.edit(wiki_page_title, AGENDA, base_revision=first.revision, summary="same")
        # Trailing whitespace is not part of a page: the wiki trims it on save.
        padded = harness.wiki.edit(wiki_page_title, AGENDA + "\n\n", base_revision=first.revision, summary="same")

        assert again == padded == first
        assert harness.revision_count(wiki_page_title) == 1

    def test_the_wiki_trims_trailing_whitespace_and_uses_lf_line_ends(
        self, harness: Harness, wiki_page_title: str
    ) -> None:
        harness.wiki.edit(wiki_page_title, "one  \r\ntwo\rthree \t\n\n", base_revision=None, summary="create")

        assert harness.wiki.read([wiki_page_title])[wiki_page_title].text == "one  \ntwo\nthree"

    @pytest.mark.parametrize(
        "text",
        [
            "Zürich – 東京 – Łódź – Ελληνικά – עברית – 🎉 – naïve café",
            "<script>alert('x')</script> <b onmouseover=alert(1)>x</b> &amp; &lt; &#x41;",
            "'; DROP TABLE page; -- \" %s %(x)s {0} ${HOME} $(rm -rf /) `id` \\ \\\\",
            "{{Template}} {{{1}}} [[Category:Spam]] __NOTOC__ <nowiki>[[x]]</nowiki> {| |}",
            "  leading spaces and a tab\tin the middle\n\n\n\nfour newlines, | pipes | and ~~ two tildes",
        ],
        ids=["non-ascii", "html", "injection", "wikitext", "whitespace"],
    )
    def test_text_round_trips_byte_exactly(self, harness: Harness, wiki_page_title: str, text: str) -> None:
        title = f"{wiki_page_title} Zürich"
        saved = harness.wiki.edit(title, text, base_revision=None, summary="Summary with ümlauts & <tags>")

        page = harness.wiki.read([title])[title]

        assert page.text is not None
        assert page.text.encode() == text.encode()
        assert page.revision == saved.revision
