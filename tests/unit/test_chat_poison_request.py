"""One request the bot fails on, for whatever reason, never holds up the others: the round's
requests are tried one by one (each against the file as the ones before it left it), a request
that still fails gets an apology and leaves the inbox, and the others are done."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.agenda.load import load_agenda
from bot.chat.agendas import Agendas
from bot.chat.identity import ChatUser
from bot.chat.replies import apology
from bot.chat.worker import Worker
from bot.sync.inbox import Inbox
from tests.unit.test_chat_owed_messages import EXAMPLE, Side

KIR = ChatUser("U0KIR", "Kir Kolyshkin", email="kir@openvz.org")
TWIN = ChatUser("U0TWIN", "Kir K.", email="kir@openvz.org")  # a second account with the same confirmed email
ADA = ChatUser("U0ADA", "Ada Lovelace")


class Accounts(Side):
    def user(self, user_id: str, fallback_name: str = "") -> ChatUser:
        return {user.id: user for user in (KIR, TWIN, ADA)}[user_id]


def test_a_request_that_fails_in_a_batch_is_tried_alone_and_nothing_is_held_up(tmp_path: Path) -> None:
    agenda = tmp_path / "containers.yaml"
    shutil.copy(EXAMPLE, agenda)
    inbox = Inbox(tmp_path / "state.sqlite3")
    side = Accounts(delivers=True)
    for user in (KIR, TWIN, ADA):  # the twin's Identify finds Kir linked by the request before it
        inbox.add("command", {"text": "join", "user": user.id, "channel": "C1"})

    Worker(Agendas([agenda]), inbox, side).run_once()

    assert inbox.count_waiting() == 0  # (on the original code the round failed, again and again)
    assert apology() not in side.answers
    assert [answer.startswith("Done") for answer in side.answers] == [True, True, True]
    loaded = load_agenda(agenda)
    kir = next(person for person in loaded.people if person.chat_id == "U0KIR")
    assert {loaded.person(a.person).name for a in loaded.attendees} >= {kir.name, "Ada Lovelace"}
