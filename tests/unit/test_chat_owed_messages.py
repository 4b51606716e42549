"""The "Done" and a new topic's channel post are owed once the change is written: a bot stopped
before Slack took them sends them after the restart."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from bot.chat.agendas import Agendas
from bot.chat.identity import ChatUser
from bot.chat.worker import Worker
from bot.sync.inbox import Inbox, Letter

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "containers-mini-summit-2008.yaml"
ADA = ChatUser("U0ADA", "Ada Lovelace")


class Side:
    """A chat that records what the bot sends; `delivers` False: the bot dies before Slack takes it."""

    def __init__(self, *, delivers: bool) -> None:
        self.delivers = delivers
        self.answers: list[str] = []
        self.posts: list[str] = []

    def user(self, user_id: str, fallback_name: str = "") -> ChatUser:
        return ADA

    def voters(self, channel: str, ts: str) -> set[str]:
        return set()

    def answer(self, letter: Letter, text: str, sent: Callable[[], None] | None = None) -> None:
        self.answers.append(text)
        if self.delivers and sent:
            sent()

    def announce(self, channel: str, text: str, posted: Callable[[str], None]) -> None:
        self.posts.append(text)
        if self.delivers:
            posted("1700000000.000100")

    def say(self, channel: str, text: str, thread: str | None = None) -> None:
        self.posts.append(text)

    def channel_names(self, channel: str) -> list[str]:
        return [channel]


def test_messages_owed_when_the_bot_stopped_are_sent_after_the_restart(tmp_path: Path) -> None:
    agenda = tmp_path / "containers.yaml"
    shutil.copy(EXAMPLE, agenda)
    inbox = Inbox(tmp_path / "state.sqlite3")
    dying = Side(delivers=False)
    inbox.add("command", {"text": "propose Rootless containers", "user": "U0ADA", "channel": "C1"})
    Worker(Agendas([agenda]), inbox, dying).run_once()
    assert "Rootless containers" in agenda.read_text()  # written
    assert [kind for _, kind, _ in inbox.owed()] == ["reply", "post"]  # but never taken by Slack

    restarted = Side(delivers=True)
    Worker(Agendas([agenda]), inbox, restarted).deliver_owed()

    assert restarted.answers == dying.answers
    assert restarted.answers[0].startswith("Done: topic *T6*")
    assert "*T6* “Rootless containers”" in restarted.posts[0]
    assert inbox.owed() == []
    post = inbox.post("C1", "1700000000.000100")
    assert post is not None
    assert (post.event, post.proposal) == ("containers-mini-summit-2008", "T6")  # reactions to it are votes
