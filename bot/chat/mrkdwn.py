"""Slack mrkdwn escaping: text from users shows as the same text, never as a mention or a link.

Slack reads `<...>` as a control sequence: `<!channel>` and `<!here>` notify everyone, `<@U123>`
mentions, `<https://evil|innocent>` is a link disguised by its label, `<!date^...>` a date. Its
documented escaping is `&` -> `&amp;`, `<` -> `&lt;`, `>` -> `&gt;`, and that is all it needs: with
no `<` left, none of these can form. Bare `@channel` in text the bot posts stays plain text
(chat.postMessage parses nothing unless `link_names` is set, and the bot never sets it).

Formatting characters (`*bold*`, `_italic_`, `~strike~`) have no escape in mrkdwn and are left
as typed: at worst a title shows in bold, it can never notify or link anywhere. Control
characters (`bot.text`) are left out.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.text import printable

_CONTROL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|@?([UW][A-Z0-9]{2,})")


def escape(text: str) -> str:
    """`text` as mrkdwn that shows exactly that text."""
    return "".join(_CONTROL.get(char, char) for char in printable(text))


def one_line(text: str, limit: int = 300) -> str:
    """`text` folded to one escaped line, cut at `limit` characters with an ellipsis."""
    folded = " ".join(text.split())
    if len(folded) > limit:
        folded = folded[: limit - 1].rstrip() + "…"
    return escape(folded)


def date_token(moment: datetime, form: str = "{time}") -> str:
    """A Slack date token: each reader sees `moment` in their own time zone, in the given form
    (`{time}`, `{date_short_pretty}`, ...); clients that cannot render it show the fallback, the
    time in the event's own zone."""
    shown = "%H:%M" if form == "{time}" else "%a %d %b %H:%M"
    fallback = f"{moment.strftime(shown)} {moment.tzname() or ''}".strip()
    return f"<!date^{int(moment.timestamp())}^{form}|{escape(fallback)}>"


def mentioned_user(word: str) -> str | None:
    """The user id in a mention as Slack sends it in a command's text when the command escapes
    (`<@U123>`, or `<@U123|name>` whose name part anyone can choose), or an id typed bare."""
    found = _MENTION.fullmatch(word.strip())
    return (found[1] or found[2]) if found else None
