"""Escaping for wikitext: user text shows as itself, whatever it contains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text import printable
from bot.wiki.escape import escape_text, plain_text

HOSTILE = [
    "{{delete}}",
    "{{#invoke:x|y}}",
    "[[Category:Spam]]",
    "[http://evil.example click]",
    "http://evil.example/free-link",
    "~~~~",
    "~~~",
    "__NOTOC__ __FORCETOC__",
    "== Heading ==",
    "* item",
    "# item",
    ": indent",
    "; term",
    "----",
    " leading space",
    "{| class=wikitable\n| a || b\n|}",
    "a || b !! c",
    "<script>alert(1)</script>",
    "<!-- hidden -->",
    "</nowiki><b>bold</b>",
    "<nowiki>x</nowiki>",
    "'''bold''' ''italic''",
    "&lt; &amp; &#91;",
    "<ref>x</ref>",
    "Herbert Pötzl — 日本語",
    "mailto:mallory@evil.example",
    "news:comp.os.linux",
    "tel:+15555550100 xmpp:a@b sip:a@b geo:1,2 urn:isbn:1 IRC://x ftp://x",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_back_as_itself(text: str) -> None:
    assert plain_text(escape_text(text)) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_has_no_markup_left(text: str) -> None:
    escaped = escape_text(text)
    for markup in ("{{", "[[", "[http", "~~~", "__", "''", "<", "||", "mailto:", "news:", "tel:", "://"):
        assert markup not in escaped
    assert escaped[:1] not in set("*#:;= -")


def test_plain_text_keeps_readable_source_for_plain_names() -> None:
    assert escape_text("Eric W. Biederman") == "Eric W. Biederman"
    assert escape_text("R&D team") == "R&D team"


def test_separators_are_escaped_only_when_asked() -> None:
    assert escape_text("Smith, J", separators=",") == "Smith&#44; J"
    assert plain_text(escape_text("Smith, J", separators=",")) == "Smith, J"


@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    """Control characters aside: no format carries them (bot.text)."""
    assert plain_text(escape_text(text)) == " ".join(printable(text).split())


def test_plain_prose_keeps_its_colons_readable() -> None:
    assert escape_text("Note: we start at 10:30, see item 2: setup") == "Note: we start at 10:30, see item 2: setup"
    assert escape_text("mailto:ada@example.org") == "mailto&#58;ada@example.org"
    assert plain_text(escape_text("news:comp.os.linux")) == "news:comp.os.linux"
