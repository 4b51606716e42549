"""Who a chat user is in an agenda: matched by chat id, then by email, then by name.

A chat id is proof (Slack vouches for it); an email from the user's profile nearly so; a name is a
guess, taken only when it names one person who has no other chat id. Organiser rights follow the
chat id alone: a Slack user who calls themselves "Kir Kolyshkin" gets Kir's sign-up, never his say.
The one exception is a `vouched` user, someone at the bot's own terminal (`summitbot chat`), who
could edit the YAML anyway: their name is taken as proof.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Agenda, Person


@dataclass(frozen=True)
class ChatUser:
    """A chat user as the chat service describes them (Slack's users.info)."""

    id: str
    name: str  # real name, else display name, else the handle
    email: str | None = None
    display_name: str | None = None
    vouched: bool = False  # the name is proof (someone at the bot's own terminal), not a guess


@dataclass(frozen=True)
class Caller:
    """A chat user and the person of the agenda they are (None: not in the agenda yet)."""

    user: ChatUser
    person: Person | None
    matched_by: str  # "chat id", "email", "name" or "new"

    @property
    def is_new(self) -> bool:
        """Whether the agenda does not know this chat user yet."""
        return self.person is None

    @property
    def linked(self) -> bool:
        """Whether the agenda already records this user's chat id on their person."""
        return self.matched_by == "chat id"


def identify(agenda: Agenda, user: ChatUser) -> Caller:
    """The person `user` is in `agenda`: by chat id, email, then a name that means one person."""
    by_id = [p for p in agenda.people if p.chat_id == user.id]
    if by_id:
        return Caller(user, by_id[0], "chat id")
    unlinked = [p for p in agenda.people if p.chat_id is None]
    if user.email:
        by_email = [p for p in unlinked if p.email and p.email.casefold() == user.email.casefold()]
        if len(by_email) == 1:
            return Caller(user, by_email[0], "email")
    directory = agenda.directory
    for name in dict.fromkeys(filter(None, (user.name, user.display_name))):
        found = directory.signing_up(name)
        if len(found) == 1 and found[0].chat_id is None:
            return Caller(user, found[0], "name")
    return Caller(user, None, "new")


def is_organiser(agenda: Agenda, user: ChatUser) -> bool:
    """Whether the chat user is an organiser of the event, by the chat id the YAML lists for them
    (or, for a vouched user, by name)."""
    if user.id and any(agenda.person(p).chat_id == user.id for p in agenda.event.organisers):
        return True
    person = identify(agenda, user).person if user.vouched else None
    return person is not None and person.id in agenda.event.organisers
