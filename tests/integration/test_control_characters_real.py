"""Control characters against the real servers: Radicale takes the collection and the events, and
MediaWiki renders any text the bot escapes as exactly that text (control characters aside)."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings

from bot.calendar.caldav import CalDav
from bot.calendar.feed import item_text, stamp_agenda
from bot.sync.state import StateStore
from bot.text import printable
from bot.wiki.escape import escape_text
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.unit.test_control_characters import CONTROLS, agenda_holding, hostile_text

AGENT = "summitbot-tests/0 (control characters)"


def test_radicale_takes_a_collection_and_an_event_holding_control_characters(
    local_radicale: LocalRadicale, caldav_collection: str, tmp_path: Path
) -> None:
    calendar = CalDav(local_radicale.account(), user_agent=AGENT)
    calendar.create_collection(caldav_collection, title="Containers\x00 mini-summit\x1b[1m 2008", component="VEVENT")
    stamped = stamp_agenda(
        agenda_holding("Name\x00spaces\x1b[31m\x7f"), StateStore(tmp_path / "state.sqlite3"),
        clock=lambda: datetime(2008, 7, 1, tzinfo=UTC),
    )  # fmt: skip
    uid = f"{stamped.agenda.event.id}/namespaces@summitbot"
    calendar.put(caldav_collection, "namespaces.ics", item_text(stamped, stamped.stamps[uid]), etag=None)
    url = f"{local_radicale.home('summitbot')}{caldav_collection}/"
    assert local_radicale.human_summaries(url) == ["Namespaces[31m"]
    assert local_radicale.human_calendar(url).get_display_name() == "Containers mini-summit[1m 2008"
    calendar.close()


def rendered_text(wiki: LocalWiki, wikitext: str) -> tuple[str, list[str]]:
    """What MediaWiki shows for `wikitext` (tags removed, entities decoded) and its external links."""
    parsed = wiki.api_get(action="parse", text=wikitext, contentmodel="wikitext", prop="text|externallinks")["parse"]
    shown = html.unescape(re.sub(r"<[^>]+>", "", parsed["text"]))
    return " ".join(shown.split()), parsed["externallinks"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(text=CONTROLS + " Ada")
@example(text="mailto:x@evil.example ~~~~ [[Category:Spam]] {{delete}} <s>x</s> ''i''")
@given(text=hostile_text)
def test_the_real_wiki_shows_escaped_text_as_itself(local_wiki: LocalWiki, text: str) -> None:
    shown, links = rendered_text(local_wiki, escape_text(text))
    assert shown == unicodedata.normalize("NFC", " ".join(printable(text).split()))  # MediaWiki stores NFC
    assert links == []
