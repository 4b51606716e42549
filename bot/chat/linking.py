"""`/summit link @user PERSON` and `/summit unlink PERSON`: which Slack user and which person an
organiser names, and what linking them comes to. Pure, like the other commands: the answer says
what to reply and which change to write (`bot.chat.commands` checks that the caller organises).

An organiser's link is one of the two ways a chat user becomes a person the agenda already knows
(the other is a verified email, `bot.chat.identity`). One person, one Slack account: a person
linked to another account is refused, and so is an account that is somebody else on the
organisers' own word; only a provisional person, whom chat added for the account, is merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat import replies
from bot.chat.changes import Link, Unlink
from bot.chat.mrkdwn import mentioned_user
from bot.model import Agenda, Person


@dataclass(frozen=True)
class Answer:
    """What a request comes to: the reply, the change to write (None: nothing to do), and whether
    it was refused (the reply says why)."""

    reply: str
    change: Link | Unlink | None = None
    refused: bool = False


def link(agenda: Agenda, rest: str) -> Answer:
    """`link @user PERSON`: the Slack user is PERSON from now on."""
    mention, _, key = rest.partition(" ")
    chat_id = mentioned_user(mention)
    if chat_id is None or not key.strip():
        return Answer(replies.link_usage(), refused=True)
    person = find_person(agenda, key.strip())
    if isinstance(person, Answer):
        return person
    if person.chat_id == chat_id and not person.provisional:
        return Answer(replies.already_linked(chat_id, person))
    if person.chat_id not in (None, chat_id):
        return Answer(replies.linked_to_another(agenda, person), refused=True)
    holder = next((p for p in agenda.people if p.chat_id == chat_id and p != person), None)
    if holder is not None and not holder.provisional:
        return Answer(replies.chat_id_taken(agenda, chat_id, holder), refused=True)
    return Answer(replies.linked(chat_id, person, holder), Link(chat_id, person.id))


def unlink(agenda: Agenda, rest: str) -> Answer:
    """`unlink PERSON` (or `unlink @user`): the person is nobody's Slack account any more."""
    if not rest.strip():
        return Answer(replies.unlink_usage(), refused=True)
    chat_id = mentioned_user(rest)
    holder = next((p for p in agenda.people if chat_id and p.chat_id == chat_id), None)
    person = holder or find_person(agenda, rest.strip())
    if isinstance(person, Answer):
        return person
    if person.chat_id is None:
        return Answer(replies.unlinked(person, was_linked=False))
    return Answer(replies.unlinked(person, was_linked=True), Unlink(person.id))


def find_person(agenda: Agenda, key: str) -> Person | Answer:
    """The one person with this id, or the one a name or alias means (any case, accents ignored);
    else the refusal that says there is nobody, or whom it could mean."""
    found = agenda.directory.find(key)
    if len(found) == 1:
        return found[0]
    return Answer(replies.which_person(key, found) if found else replies.nobody_called(agenda, key), refused=True)
