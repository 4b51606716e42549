"""Wikitext escaping: any text from a user shows on the page as the same text, never as markup.

What MediaWiki would otherwise read as markup, and what we do about it:
- tags and comments (`<s>`, `<ref>`, `</nowiki>`, `<!--`): every `<` becomes `&lt;`;
- links, templates, parser functions, tables (`[[`, `[http`, `{{`, `{|`, `|`): `[ ] { } |` become
  numeric entities; `ISBN`-style magic links are off by default since MediaWiki 1.28;
- free links: MediaWiki links any word of $wgUrlProtocols that starts an address, with `//`
  (`http://`, `ftp://`, `irc://`) or without (`mailto:`, `news:`, `tel:`, `xmpp:`, `sip:`, `geo:`,
  `urn:`, ...; a wiki may add its own). So a `:` before `//`, or between a letter and anything but
  white space (the end of the text too), becomes `&#58;`; "Note: text" and "10:30" stay as they are;
- signatures (`~~~~`) and behaviour switches (`__NOTOC__`): `~` and `_` in runs become entities;
- bold and italics (`''`): the first `'` of a run becomes `&#39;`;
- entities the user typed (`&amp;`): the `&` becomes `&amp;`, so they show as typed;
- line-start markup (`*`, `#`, `:`, `;`, `=`, `----`, a leading space): the first character of
  each line becomes an entity. Single-line fields have their line breaks folded to spaces.
Entities are used rather than `<nowiki>` so that the page source stays readable for the people
who edit it by hand. `plain_text` (wikitextparser) reverses all of this. Control characters
(`bot.text`) go neither way: MediaWiki would store them as U+FFFD, and they are no one's text.
"""

from __future__ import annotations

import functools
import re
from html.entities import html5

from bot.text import printable

# Character references a parser decodes even without their ";" ("&#7", "&copy 2008"); "R&D" is none.
_BARE_ENTITIES = [name for name in html5 if not name.endswith(";")]
_ALWAYS = {"<": "&lt;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "|": "&#124;"}
_INLINE = re.compile(
    r"[<\[\]{}|]"  # tags, links, templates, tables
    r"|&(?=#|\w+;|" + "|".join(sorted(_BARE_ENTITIES, key=len, reverse=True)) + ")"  # would read as an entity
    r"|'(?=')"  # bold and italics
    r"|~(?=~~)|(?<=~)~(?=~)"  # signatures: any run of three or more tildes
    r"|_(?=_)"  # behaviour switches
    r"|:(?=//)|(?<=[^\W\d_]):(?!\s)"  # free external links: http://, mailto:x, news:x
)
_LINE_STARTERS = "*#:;= !-"
_LINE_START = re.compile(f"^[{re.escape(_LINE_STARTERS)}]", re.MULTILINE)
_MARKUP = re.compile(r"[<>\[\]{}|&'~_=]|://")


def escape_text(text: str, *, multiline: bool = False, separators: str = "") -> str:
    """`text` as wikitext that renders as exactly that text.

    `separators` are extra characters the caller uses to split a line (", " between names) and
    that must therefore not appear raw inside a value.
    """
    text = printable(text)
    if not multiline:
        text = " ".join(text.split())
    inline, candidates = _inline(separators)
    out = inline.sub(_entity, text) if candidates.search(text) else text  # most text has none of them
    if not multiline:
        return f"&#{ord(out[0])};{out[1:]}" if out and out[0] in _LINE_STARTERS else out
    return _LINE_START.sub(lambda match: f"&#{ord(match[0])};", out)


@functools.cache
def _inline(separators: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern of what to turn into entities, and a quick one for whether the text has any of
    the characters it starts at."""
    extra = re.escape(separators)
    candidates = re.compile(f"[<\\[\\]{{}}|&'~_:{extra}]")
    if not separators:
        return _INLINE, candidates
    return re.compile(f"{_INLINE.pattern}|[{extra}]"), candidates


def _entity(match: re.Match[str]) -> str:
    char = match[0]
    return _ALWAYS.get(char) or ("&amp;" if char == "&" else f"&#{ord(char)};")


def plain_text(wikitext: str) -> str:
    """What a fragment of wikitext shows as text: links by their label, markup and tags removed,
    entities decoded, runs of white space folded, control characters left out."""
    wikitext = printable(wikitext)
    if _MARKUP.search(wikitext):
        import wikitextparser  # noqa: PLC0415 - a tenth of a second to import: only when there is markup

        wikitext = printable(wikitextparser.parse(wikitext).plain_text())
    return " ".join(wikitext.split())
