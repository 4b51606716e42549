"""Topics as pages nest them: list items under a block, to any depth."""

from __future__ import annotations

from bot.wiki.import_model import DraftTopic
from bot.wiki.import_text import ListItem, bold_lead, plain


def topics_of(items: tuple[ListItem, ...]) -> tuple[DraftTopic, ...]:
    """Nested list items as nested topics; a bold opening phrase becomes the title, the rest a note."""
    topics: list[DraftTopic] = []
    for item in items:
        if not item.text.strip():
            topics.extend(topics_of(item.children))  # an item continued after a paragraph
            continue
        lead = bold_lead(item.text)
        title, note = lead if lead else (plain(item.text), None)
        if title:
            topics.append(DraftTopic(title, note, topics_of(item.children)))
    return tuple(topics)
