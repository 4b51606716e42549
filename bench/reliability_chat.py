"""bench/reliability.py's chat scenarios, each against its own `summitbot serve` and local Slack.

Takeovers: impostors of the organiser (tests/fixtures/impostors.py) and namesakes of an attendee
try what only the organiser, or only she, may do. Idle connections: a thousand idle and half-sent
connections held while signed joins are answered. The hostile inputs are in reliability_text.py.
"""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from reliability_wiki import Result, mini_summit

from bot.agenda.load import load_agenda
from tests.fixtures.impostors import ATTACKERS, Attacker, kir_entry_in, send_as, unlinked_text
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.serve import CHANNEL_ID, CHANNEL_NAME, Member, RunningBot
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import environment

# What each impostor sends: a join (anyone may; right when it makes them a person of their own), then
# what only an organiser may do.
IMPOSTOR_COMMANDS = ("join", "reject T2 spam", "schedule T3 cgroups", "link <@{user}> kir")
NAMESAKES = (Attacker("U0FAKESRG", "Serge Hallyn", "serge"), Attacker("U0FAKESR2", "serge hallyn", "sh"))
REFUSED = {"leave": "You are not signed up", "unvote T2": "You had not voted for *T2*"}


@contextmanager
def served(path: Path, env: dict[str, str], folder: Path, *, open_files: int | None = None) -> Iterator[
        tuple[RunningBot, LocalSlack]]:  # fmt: skip
    """A local Slack with the event's channel and `summitbot serve` on `path`, answering /health; both
    stopped after (the bot by its process group)."""
    with LocalSlack.start() as slack:
        slack.add_channel(CHANNEL_ID, CHANNEL_NAME)
        bot = RunningBot.start([path], slack, env, folder, open_files=open_files)
        try:
            yield bot, slack
        finally:
            bot.stop()


def guarded(path: Path) -> dict[str, object]:
    """What no impostor may change: Kir's entry, the organisers, Herbert's chat id, the decided
    topics, Serge Hallyn's sign-up and votes."""
    agenda, text = load_agenda(path), path.read_text(encoding="utf-8")
    proposals = {p.id: (p.status, p.session, p.reason, p.votes) for p in agenda.proposals if p.id in ("T2", "T3")}
    serge = [(a.status, a.remote, a.note) for a in agenda.attendees if a.person == "serge-hallyn"]
    return {"Kir's entry": kir_entry_in(text), "the organisers": agenda.event.organisers, "T2 and T3": proposals,
            "Herbert's chat id": agenda.person("herbert-potzl").chat_id, "Serge Hallyn's sign-up": serge}  # fmt: skip


def takeovers(wiki: LocalWiki, radicale: LocalRadicale, folder: Path) -> Result:
    """Scenario 3: every impostor joins, then tries every organiser's command; every namesake tries to
    withdraw Serge. Each attempt is judged by its reply and by what it changed."""
    path = mini_summit(folder, "takeovers")
    path.write_text(unlinked_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    attempts = [(attacker, text, "Only the organisers") for attacker in ATTACKERS
                for text in IMPOSTOR_COMMANDS]  # fmt: skip
    attempts += [(fake, text, refusal) for fake in NAMESAKES for text, refusal in REFUSED.items()]
    with served(path, environment(wiki, radicale, folder), folder) as (bot, slack):
        bot.wait_idle()
        verdicts = [attempt(bot, slack, path, who, text.format(user=who.user_id), refusal)
                    for who, text, refusal in attempts]  # fmt: skip
    wrong = [why for why in verdicts if why]
    return Result("takeover attempts refused / tried", f"{len(verdicts) - len(wrong)} / {len(verdicts)}", not wrong,
                  tuple(wrong))  # fmt: skip


def attempt(bot: RunningBot, slack: LocalSlack, path: Path, who: Attacker, text: str, refusal: str) -> str:
    """`who` sends `/summit text`; '' when it changed none of the guarded records and was refused (a
    join: made them a provisional person of their own), else what went wrong."""
    before = guarded(path)
    reply = send_as(bot, slack, who, text)
    why = changed(path, before)
    if text == "join":
        agenda = load_agenda(path)
        own = [p for p in agenda.people if p.chat_id == who.user_id]
        if not (len(own) == 1 and own[0].provisional and own[0].id not in agenda.event.organisers):
            why = why or f"the join made {[p.id for p in own]} of them"
    elif not reply.startswith(refusal):
        why = why or f"not refused: {reply[:120]}"
    return f"{who.user_id} ({who.real_name}) `{text}`: {why}" if why else ""


def changed(path: Path, before: dict[str, object]) -> str:
    """What of the guarded records changed ('' when nothing)."""
    now = guarded(path)
    return ", ".join(f"{what} changed" for what in before if now[what] != before[what])


def idle_connections(folder: Path, idle: int, signed: int) -> Result:
    """Scenario 5: `idle` idle (every other one half-sent) connections to serve, then `signed` joins."""
    path = mini_summit(folder, "idle")
    with served(path, {"SUMMITBOT_STATE": str(folder / "state.sqlite3")}, folder, open_files=1024) as (bot, slack):
        host, port = bot.url.removeprefix("http://").split(":")
        held = list(connections(host, int(port), idle))
        try:
            time.sleep(0.5)  # let the server take them all
            acks, replies = signed_joins(bot, slack, signed)
            health = answers(f"{bot.url}/health")
            still = sum(is_open(connection) for connection in held)
        finally:
            for connection in held:
                connection.close()
    quick = sum(ms < 1000 for ms in acks)
    figures = (f"{still} / {idle} held; {quick} / {signed} answered within 1 s (ack median "
               f"{statistics.median(acks):.0f} ms, max {max(acks):.0f} ms; {replies} Done); /health "
               f"{'answered' if health else 'did not answer'}")  # fmt: skip
    on_target = still == idle and quick == replies == signed and health
    return Result("idle connections held, signed joins answered in 1 s", figures, on_target)


def answers(url: str) -> bool:
    """Whether a GET of `url` is answered 200 within 5 s."""
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False


def connections(host: str, port: int, count: int) -> Iterator[socket.socket]:
    """`count` connections to the bot; every other one sends half a request and stops."""
    for number in range(count):
        try:
            connection = socket.create_connection((host, port), timeout=5)
        except OSError:
            continue
        if number % 2 == 0:
            connection.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 100\r\n\r\npayload=")
        yield connection


def signed_joins(bot: RunningBot, slack: LocalSlack, count: int) -> tuple[list[float], int]:
    """`count` people join one after the other: each ack in ms (an unanswered one as 10 s), how many
    were replied "Done"."""
    acks, done = [], 0
    for number in range(count):
        member = Member(bot, slack, f"U0IDLE{number:03d}", f"Idle Tester {number}")
        try:
            answer, url = member.types("join")
        except requests.RequestException:
            acks.append(10_000.0)
            continue
        acks.append(answer.elapsed * 1000 if answer.status == 200 else 10_000.0)
        try:
            done += member.reply_at(url, timeout=10).startswith("Done")
        except AssertionError:  # no reply in 10 s
            continue
    return acks, done


def is_open(connection: socket.socket) -> bool:
    """Whether the server still holds the connection: it neither closed it nor answered on it."""
    connection.setblocking(False)
    try:
        connection.recv(1, socket.MSG_PEEK)  # b"": closed; anything else: answered
    except BlockingIOError:
        return True
    except OSError:
        pass
    return False
