"""bench/reliability.py's hostile inputs: text that is markup somewhere, sent from chat, followed into
the YAML, the real MediaWiki's rendering of the page, serve's iCalendar feed and Slack's messages.

Each text is one proposal (the proposal form: title and description, as JSON, so a lone surrogate
can be sent) that the organiser schedules into the cgroups block, and one sign-up note (`/summit
join NOTE`, form-encoded: a lone surrogate cannot be, so it is sent as U+FFFD).
"""

from __future__ import annotations

import copy
import json
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from icalendar import Calendar
from lxml import html
from reliability_chat import served
from reliability_wiki import Result, mini_summit

from bot.agenda.load import load_agenda
from bot.calendar.entries import session_uid
from bot.model import Agenda
from bot.text import printable
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.serve import CHANNEL_ID, Member, RunningBot
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.slack_requests import view_submission
from tests.fixtures.summit import environment

HOSTILE = (
    "{{template}} {{subst:Main Page}} {{#if:1|yes}} {{{1}}}",
    "[[link]] [[Category:Spam]] [[File:X.png]] [https://evil.example free beer] https://evil.example",
    "signed ~~~~ and ~~~ and ~~~~~",
    "<script>alert(1)</script> <b>bold</b> <!-- hidden --> <nowiki>",
    "mailto:x@y.example",
    "news:comp.os.linux tel:+15551234 //evil.example",
    "<!channel> <!here> <@U0KIR> <#C0SUMMIT> <https://evil.example|free beer>",
    "*bold* _italic_ ~strike~ `code` > quote",
    "iCal: a;b,c\\d \\n \\, \\; \\\\ end",
    "line one\nline two\r\nline three\rfour\u2028five\x85six\ttab",
    "\"double\" 'single' ''wiki italic'' '''wiki bold''' “curly” ‘curly’",
    "RTL שלום עולם مرحبا \u202eevil\u202c emoji 🎉👩\u200d💻 CJK 日本語の題名",
    "a lone surrogate \ud800 here and \udfff there",
    "NUL\x00 ESC\x1b[31m DEL\x7f C1\x9f BEL\x07 VT\x0b FF\x0c US\x1f",
    "# not a list\n* nor this\n: nor this\n; nor this\n----\n== Heading ==",
    "<s>struck</s> (tentative) (remote) – a dash, (maybe)",
    "&amp; &lt;b&gt; &#58; &#x3A; entities",
    "{| class=wikitable\n| cell || cell\n|}",
    "__NOTOC__ __TOC__ #REDIRECT [[Main Page]]",
)
ORGANISER, BLOCK = "U0KIR", "cgroups"
PARSED = "text|links|externallinks|templates|images|categories|sections"  # what the parse API is asked for
PROPOSED = re.compile(r"Done: topic \*(T\d+)\*")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def clean(text: str) -> str:
    """`text` as the bot may keep it: a lone surrogate is U+FFFD, what no format carries is left out."""
    return printable(without_surrogates(text))


def fold(text: str) -> str:
    """White space folded, as in a one-line field (and as HTML shows it)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Sent:
    """One hostile text as sent: who sent it, the proposal it made, what went wrong on the way."""

    text: str
    user: str
    name: str
    proposal: str | None
    wrong: str = ""

    @property
    def title(self) -> str:
        """The proposal's title as it should be stored (and the note's: both one line)."""
        return fold(clean(self.text))

    @property
    def description(self) -> str | None:
        """The description as it should be stored: line breaks kept."""
        return clean(self.text).strip() or None


def hostile_inputs(wiki: LocalWiki, radicale: LocalRadicale, folder: Path, count: int = len(HOSTILE)) -> Result:
    """Scenario 4: each hostile text (the first `count`) proposed, scheduled and signed up with; then
    each checked."""
    path = mini_summit(folder, "hostile", organiser_chat_id=ORGANISER)
    with served(path, environment(wiki, radicale, folder), folder) as (bot, slack):
        bot.wait_idle()
        agenda = load_agenda(path)
        page = agenda.event.wiki.page or ""
        baseline = parse(wiki, page)
        organiser = Member(bot, slack, ORGANISER, "Kir Kolyshkin", "kir@openvz.org")
        sent = [send(bot, slack, organiser, agenda, number, text) for number, text in enumerate(HOSTILE[:count])]
        settled = settle(bot)
        feed = requests.get(f"{bot.url}/feeds/{agenda.event.id}.ics", timeout=10).text
        views = Views(load_agenda(path), parse(wiki, page), feed, slack)
    page_wrong = views.page_wrong(baseline, len(sent))  # the page as a whole: then no text is rendered safely
    stored = [s.wrong or views.yaml_wrong(s) for s in sent]
    rendered = [s.wrong or page_wrong or views.wiki_wrong(s) or views.feed_wrong(s) or views.slack_wrong(s)
                for s in sent]  # fmt: skip
    wrong = [f"{s.text!r} stored: {why}" for s, why in zip(sent, stored, strict=True) if why]
    wrong += [f"{s.text!r} shown: {why}" for s, why in zip(sent, rendered, strict=True) if why and why != page_wrong]
    wrong += [why for why in (page_wrong, settled) if why]
    figures = f"{len(sent)} / {stored.count('')} / {rendered.count('')}"
    return Result("hostile inputs tried / stored exactly / rendered safely", figures, not wrong, tuple(wrong))


def send(bot: RunningBot, slack: LocalSlack, organiser: Member, agenda: Agenda, number: int, text: str) -> Sent:
    """A newcomer proposes `text` by the form and signs up with it as a note; Kir schedules the topic."""
    user, name = f"U0HOST{number:02d}", f"Hostile Tester {number:02d}"
    member = Member(bot, slack, user, name, f"host{number:02d}@example.org")
    values = {key: {key: {"type": "plain_text_input", "value": text}} for key in ("title", "description")}
    metadata = json.dumps({"event": agenda.event.id, "channel": CHANNEL_ID})
    answer = bot.events(view_submission("summit-propose", values, user_id=user, private_metadata=metadata,
                                        view_id=f"VHOST{number:02d}"))  # fmt: skip
    if answer.status != 200 or answer.text.strip():
        return Sent(text, user, name, None, f"the form got {answer.status} {answer.text[:200]}")
    reply = wait_for_reply(slack, user)
    proposal = PROPOSED.match(reply)
    if proposal is None:
        return Sent(text, user, name, None, f"the form's reply: {reply[:200]}")
    scheduled = patiently(organiser, f"schedule {proposal[1]} {BLOCK}")
    joined = member.says(f"join {without_surrogates(text)}")
    why = "" if scheduled.startswith("Done") else f"scheduling: {scheduled[:200]}"
    why = why or ("" if joined.startswith("Done") else f"the join: {joined[:200]}")
    return Sent(text, user, name, proposal[1], why)


def patiently(member: Member, text: str) -> str:
    """`member.says(text)`, waiting as asked while the bot finds they go too fast (ten requests at
    once, then one every three seconds); the reply."""
    while True:
        answer, url = member.types(text)
        if "going a bit fast" not in answer.text:
            return member.reply_at(url)
        time.sleep(1)


def wait_for_reply(slack: LocalSlack, user: str, timeout: float = 15.0) -> str:
    """The ephemeral reply to the user's form (chat.postEphemeral); '' when none came."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in slack.calls("chat.postEphemeral"):
            if call.params.get("user") == user:
                return str(call.params["text"])
        time.sleep(0.02)
    return ""


def settle(bot: RunningBot) -> str:
    """Wait until serve has written, answered, announced and synced everything; '' when it did."""
    try:
        bot.wait_idle(120)
    except AssertionError:
        return "serve did not settle in 120 s"
    failing = bot.health().get("failing")
    return f"serve's /health says failing: {failing}" if failing else ""


def parse(wiki: LocalWiki, page: str) -> dict[str, Any]:
    """The real MediaWiki's parse of the page: its HTML and every link, template, image, category and section."""
    parsed: dict[str, Any] = wiki.api_get(action="parse", page=page, prop=PARSED)["parse"]
    return parsed


def list_items(page_html: str) -> list[str]:
    """The text of every list item of a page's HTML, nested lists left out, line breaks and white space folded, NFC."""
    root = html.fromstring(re.sub(r"<br\s*/?>", "\n", page_html))
    items = []
    for item in root.iter("li"):
        own = copy.deepcopy(item)
        for nested in own.xpath(".//ul|.//ol|.//dl"):
            nested.drop_tree()
        items.append(fold(unicodedata.normalize("NFC", own.text_content())))
    return items


def kept(parsed: dict[str, Any], key: str) -> object:
    """What the page's parse says under `key`, without what moves when text is added (a section's offset)."""
    if key == "sections":
        return [(section["level"], section["line"], section["anchor"]) for section in parsed["sections"]]
    return parsed.get(key)


def slack_text(mrkdwn: str) -> str:
    """What Slack shows for mrkdwn text without control sequences: its three entities decoded."""
    return mrkdwn.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Views:
    """Where the hostile texts ended up: the YAML, the page as MediaWiki renders it, the feed, Slack."""

    def __init__(self, agenda: Agenda, parsed: dict[str, Any], feed: str, slack: LocalSlack) -> None:
        self.agenda, self.parsed, self.slack = agenda, parsed, slack
        self.items = list_items(parsed["text"])
        self.feed_problem, self.description = "", ""
        try:
            events = [c for c in Calendar.from_ical(feed).walk("VEVENT")
                      if str(c["UID"]) == session_uid(agenda.event.id, BLOCK)]  # fmt: skip
            self.description = str(events[0]["DESCRIPTION"]) if events else ""
        except ValueError as error:
            self.feed_problem = f"the feed does not parse: {error}"
        self.feed_problem = self.feed_problem or ("" if self.description else "the feed lacks the block")

    def page_wrong(self, baseline: dict[str, Any], count: int) -> str:
        """What the texts did to the page as a whole: a new link, template, ... or list item."""
        for key in PARSED.split("|")[1:]:
            before, after = (json.dumps(kept(found, key), sort_keys=True) for found in (baseline, self.parsed))
            if before != after:
                return f"the page's {key} changed: {after[:300]}"
        added = len(self.items) - len(list_items(baseline["text"]))
        return "" if added == 4 * count else f"{added} list items more, not {4 * count} (4 for each text)"

    def yaml_wrong(self, sent: Sent) -> str:
        """How the YAML holds the text otherwise than sent ('' when it holds it exactly)."""
        proposal = next((p for p in self.agenda.proposals if p.id == sent.proposal), None)
        if proposal is None:
            return f"no proposal {sent.proposal} in the YAML"
        if (proposal.title, proposal.description) != (sent.title, sent.description):
            return f"the proposal is stored as {proposal.title!r} -- {proposal.description!r}"
        block = next(s for s in self.agenda.sessions if s.id == BLOCK)
        if sent.title not in [topic.title for topic in block.topics]:
            return f"not among the topics of {BLOCK}"
        people = {p.id for p in self.agenda.people if p.chat_id == sent.user}
        notes = [a.note for a in self.agenda.attendees if a.person in people]
        return "" if notes == [sent.title] else f"the sign-up note is stored as {notes}"

    def wiki_wrong(self, sent: Sent) -> str:
        """How the page does not show the text as itself, each time as one list item."""
        title = unicodedata.normalize("NFC", sent.title)
        if self.items.count(title) != 2:  # the block's topic, and the description under the listed topic
            return f"{self.items.count(title)} list items show the title alone, not 2"
        if not any(item.startswith(f"{title} (") for item in self.items):
            return "no list item of the topics to discuss starts with the title"
        note = unicodedata.normalize("NFC", f"{sent.name} – {sent.title}")
        return "" if note in self.items else "no list item shows the sign-up with its note"

    def feed_wrong(self, sent: Sent) -> str:
        """How the feed does not hold the title among its block's topics."""
        return self.feed_problem or ("" if f"- {sent.title}" in self.description.splitlines() else "not in the feed")

    def slack_wrong(self, sent: Sent) -> str:
        """How the reply to the form or the channel message does not show the text escaped."""
        replies = [
            str(c.params["text"]) for c in self.slack.calls("chat.postEphemeral") if c.params.get("user") == sent.user
        ]
        posted = [str(c.params["text"]) for c in self.slack.calls("chat.postMessage")
                  if f"*{sent.proposal}*" in str(c.params.get("text"))]  # fmt: skip
        if not (replies and posted):
            return "no reply or no channel message"
        if "<" in replies[0] + posted[0]:
            return f"a control sequence in {replies[0][:100]!r} or {posted[0][:100]!r}"
        if f"“{sent.title}”" not in slack_text(replies[0]) or f"“{sent.title}”" not in slack_text(posted[0]):
            return f"the title is not shown as itself: {replies[0][:200]!r}"
        return (
            ""
            if f"> {fold(sent.description or '')}" in slack_text(posted[0])
            else f"the description: {posted[0][:200]!r}"
        )
