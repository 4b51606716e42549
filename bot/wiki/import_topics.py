"""Topics as pages nest them: list items under a block, to any depth."""

from __future__ import annotations

from bot.wiki.import_model import DraftTopic
from bot.wiki.import_text import ListItem, bold_lead, plain
from bot.wiki.lines import parse_topic


def topics_of(items: tuple[ListItem, ...]) -> tuple[DraftTopic, ...]:
    """Nested list items as nested topics; a bold opening phrase becomes the title, the rest a note."""
    topics: list[DraftTopic] = []
    for item in items:
        if not item.text.strip():
            topics.extend(topics_of(item.children))  # an item continued after a paragraph
            continue
        title, note = _topic(item.text)
        if title:
            topics.append(DraftTopic(title, note, topics_of(item.children)))
    return tuple(topics)


def _topic(wikitext: str) -> tuple[str, str | None]:
    """The bot's own `'''title''': note` first (`bot.wiki.lines`), then a bold opening phrase as
    people write it ("'''Small namespaces''' - what to do ..."), else the whole text as the title."""
    own = parse_topic(wikitext)
    if own is not None and own[1] is not None:
        return own
    lead = bold_lead(wikitext)
    return lead if lead else (plain(wikitext), None)
