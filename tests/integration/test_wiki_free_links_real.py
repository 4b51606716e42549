"""Addresses in people's text (`mailto:`, `news:`, `tel:`, `ftp://`, ... every protocol the real
MediaWiki links by itself) show on the page as text, never as a live link."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text import printable
from bot.wiki.escape import escape_text
from bot.wiki.lines import AttendeeLine, format_attendee
from tests.fixtures.mediawiki import LocalWiki
from tests.integration.test_control_characters_real import rendered_text
from tests.unit.test_control_characters import hostile_text


@pytest.fixture(scope="module")
def protocols(local_wiki: LocalWiki) -> list[str]:
    """The wiki's own $wgUrlProtocols, as its API lists them."""
    found: list[str] = local_wiki.api_get(action="query", meta="siteinfo", siprop="protocols")["query"]["protocols"]
    assert "mailto:" in found
    assert "news:" in found
    return found


def test_no_protocol_of_the_wiki_makes_a_live_link(local_wiki: LocalWiki, protocols: list[str]) -> None:
    addresses = [f"{protocol.removeprefix('//')}evil.example/x?y=1" for protocol in protocols]
    addresses += [f"Zoë{protocol}evil.example" for protocol in protocols]  # glued to a word
    addresses += [f"{protocol.upper()}evil.example" for protocol in protocols]  # any case
    lines = ["* " + escape_text(address) for address in addresses]
    shown, links = rendered_text(local_wiki, "\n".join(lines))
    assert links == []
    assert shown == " ".join(" ".join(addresses).split())


def test_an_attendee_note_with_an_address_is_text_on_the_page(local_wiki: LocalWiki) -> None:
    line = format_attendee(AttendeeLine("Ada", note="mail mailto:ada@example.org or news:comp.os.linux, tel:+1555"))
    shown, links = rendered_text(local_wiki, "# " + line)
    assert links == []
    assert shown == "Ada – mail mailto:ada@example.org or news:comp.os.linux, tel:+1555"


MARKUP = ["mailto:", "news:", "tel:", "xmpp:", "sip:", "geo:", "irc://", "ftp://", "http://", "//", "[[", "]]",
          "[", "]", "{{", "}}", "{|", "|", "~~~", "~~~~", "__TOC__", "''", "'''", "<s>", "</s>", "<!--", "-->",
          "&amp;", "&#58;", "*", "#", ":", ";", "=", "----", " ", "x", "é", "@", "."]  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(MARKUP) | hostile_text, min_size=1, max_size=8).map("".join))
def test_any_mix_of_markup_and_addresses_shows_as_itself(local_wiki: LocalWiki, text: str) -> None:
    shown, links = rendered_text(local_wiki, escape_text(text))
    assert links == []
    assert shown == unicodedata.normalize("NFC", " ".join(printable(text).split()))  # MediaWiki stores NFC
