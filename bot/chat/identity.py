"""Who a chat user is in an agenda: matched by chat id, then by a verified email, else new.

A chat id is proof (Slack vouches for it); so is an email Slack has confirmed, when it equals a
person's `email`. A name is never proof: real names, display names and handles are whatever the
user typed into their profile, so a Slack user called "Kir Kolyshkin" who is neither is a new
person (told who they may be taken for, and how to get linked: an organiser's `/summit link`).
Organiser rights follow the chat id alone. The one exception is a `vouched` user, someone at the
bot's own terminal (`summitbot chat`), who could edit the YAML anyway: their name is taken as proof.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Agenda, Person


@dataclass(frozen=True)
class ChatUser:
    """A chat user as the chat service describes them (Slack's users.info)."""

    id: str
    name: str  # real name, else display name, else the handle: a label, never proof
    email: str | None = None  # only an address Slack has confirmed (users.info), never request text
    display_name: str | None = None
    vouched: bool = False  # the name is proof (someone at the bot's own terminal), not a guess


@dataclass(frozen=True)
class Caller:
    """A chat user and the person of the agenda they are (None: not in the agenda yet)."""

    user: ChatUser
    person: Person | None
    matched_by: str  # "chat id", "email", "name" (vouched users only) or "new"
    namesakes: tuple[Person, ...] = ()  # others the user's names mean, whom they are NOT taken for

    @property
    def is_new(self) -> bool:
        """Whether the agenda does not know this chat user yet."""
        return self.person is None

    @property
    def linked(self) -> bool:
        """Whether the agenda already records this user's chat id on their person."""
        return self.matched_by == "chat id"


def identify(agenda: Agenda, user: ChatUser) -> Caller:
    """The person `user` is in `agenda`: by chat id, then a verified email, else nobody yet."""
    by_id = [p for p in agenda.people if user.id and p.chat_id == user.id]
    if by_id:
        return Caller(user, by_id[0], "chat id", _namesakes(agenda, user, by_id[0]))
    unlinked = [p for p in agenda.people if p.chat_id is None]
    if user.email:
        by_email = [p for p in unlinked if p.email and p.email.casefold() == user.email.casefold()]
        if len(by_email) == 1:
            return Caller(user, by_email[0], "email")
    if user.vouched:
        for name in _names(user):
            found = agenda.directory.signing_up(name)
            if len(found) == 1 and found[0].chat_id is None:
                return Caller(user, found[0], "name")
    return Caller(user, None, "new", _namesakes(agenda, user, None))


def is_organiser(agenda: Agenda, user: ChatUser) -> bool:
    """Whether the chat user is an organiser of the event: by the chat id the YAML lists for them,
    or a confirmed email that is an unlinked organiser's (or, for a vouched user, by name)."""
    if user.id and any(agenda.person(p).chat_id == user.id for p in agenda.event.organisers):
        return True
    person = identify(agenda, user).person
    return person is not None and person.id in agenda.event.organisers


def _names(user: ChatUser) -> list[str]:
    return list(dict.fromkeys(filter(None, (user.name, user.display_name))))


def _namesakes(agenda: Agenda, user: ChatUser, person: Person | None) -> tuple[Person, ...]:
    """Who else the user's names mean, for a user who is new or a provisional person: the people
    they may be, once an organiser links them."""
    if person is not None and not person.provisional:
        return ()
    found = [other for name in _names(user) for other in agenda.directory.signing_up(name)]
    return tuple(dict.fromkeys(other for other in found if other != person and other.chat_id != user.id))
