"""Change notices: when a session moves, is retitled, changes room or is cancelled, the people it
concerns hear of it in one DM, and the channel gets a daily "schedule changes" post.

Whatever side the change came from (the YAML, the wiki, CalDAV, chat), it ends up in the agenda
file, so notices are worked out from the agenda alone: its sessions now against a snapshot of them
as people were last told (`notified` in the state store). Hence:

- **batched**: everything that changed since the last notice goes in one message per person;
- **settled**: a notice waits until the sessions have stayed the same for `settle` seconds, so a
  change and its undoing (or a burst of edits in one sync) make one notice or none;
- **undone, nothing**: a change undone before the notice goes leaves no difference to tell;
- **exactly once**: each DM's key is the event, a digest of the difference and the person
  (`bot.chat.delivery`); the snapshot moves on only when every DM went, so a restart sends the
  rest of the same notice (if the agenda changed again meanwhile, the rest get the new difference);
- **concerned**: the moderators, the scribe, the required people, attendees whose interests name
  the session (its id or title), those who voted for a topic scheduled in it and its proposer,
  as the session had them before or has them now; only people with a `chat_id`.
- **news only**: a new session is no change; nor is one over before and after the edit;
- **off**: `chat.change_notices: false` sends none (the snapshot still follows the agenda).
Times are Slack date tokens, so each reader sees their own time zone; user text is escaped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.chat.delivery import Delivery
from bot.chat.mrkdwn import date_token, escape, one_line
from bot.model import Agenda, Proposal, ProposalStatus, Session

FIELDS = ("title", "start", "end", "room")
DAILY_AT = time(8, 0)  # the channel's "schedule changes" post comes after 08:00 in the event's zone
Snapshot = dict[str, dict[str, Any]]  # session id -> its fields (ISO times) and the chat ids concerned


@dataclass(frozen=True)
class Change:
    """One session as it was notified and as it is now (None: cancelled)."""

    session: str
    before: dict[str, Any]
    after: dict[str, Any] | None


def snapshot(agenda: Agenda) -> Snapshot:
    """The agenda's sessions as a notice compares them, with the chat users each concerns."""
    interested: dict[str, set[str]] = {}  # an interest, folded -> the attendees who named it
    for attendee in agenda.attendees:
        for interest in attendee.interests:
            interested.setdefault(interest.casefold(), set()).add(attendee.person)
    proposals: dict[str, list[Proposal]] = {}
    for proposal in agenda.proposals:
        if proposal.session:
            proposals.setdefault(proposal.session, []).append(proposal)
    return {
        session.id: {
            "title": session.title,
            "start": session.start.isoformat(),
            "end": session.end.isoformat(),
            "room": session.room,
            "people": concerned(agenda, session, interested, proposals.get(session.id, [])),
        }
        for session in agenda.sessions
    }


def concerned(
    agenda: Agenda, session: Session, interested: dict[str, set[str]], proposals: list[Proposal]
) -> list[str]:
    """The chat ids of the people a change to `session` concerns, sorted: its moderators, scribe
    and required people, the attendees interested in it (by id or title), and the voters for and
    the proposer of a topic scheduled in it."""
    people = {*session.moderators, *((session.scribe,) if session.scribe else ()), *session.required}
    people |= interested.get(session.id.casefold(), set()) | interested.get(session.title.casefold(), set())
    for proposal in proposals:
        people.update(proposal.votes)
        if proposal.status is ProposalStatus.SCHEDULED and proposal.proposer:
            people.add(proposal.proposer)
    return sorted({chat for person in people if (chat := agenda.person(person).chat_id)})


def changes(before: Snapshot, after: Snapshot, now: datetime) -> list[Change]:
    """The sessions moved, retitled, moved to another room or cancelled (new ones are no news,
    nor are sessions over, before and after: an organiser tidying up the past)."""
    found = []
    for session, old in before.items():
        new = after.get(session)
        if new is None or any(old.get(key) != new.get(key) for key in FIELDS):
            ends = [datetime.fromisoformat(fields["end"]) for fields in (old, new) if fields is not None]
            if max(ends) > now:
                found.append(Change(session, old, new))
    return found


def dm_text(agenda: Agenda, changed: list[Change]) -> str:
    """The one DM that tells a person of every change that concerns them."""
    lines = [f"Schedule change in *{one_line(agenda.event.title)}*:"]
    lines += [f"• {describe(change, agenda.event.timezone)}" for change in changed]
    return "\n".join(lines)


def describe(change: Change, zone: ZoneInfo) -> str:
    """One change as a line: "*Title* (Room 1): Tue 01 Jun 14:00–15:00 → Tue 01 Jun 16:00–17:00"."""
    old, new = change.before, change.after
    title = f"*{one_line(old['title'])}*"
    if new is None:
        return f"{title} ({_when(old, zone)}{_room(old)}) is *cancelled*"
    parts = []
    if new["title"] != old["title"]:
        parts.append(f"retitled “{one_line(old['title'])}” → “{one_line(new['title'])}”")
    if (new["start"], new["end"]) != (old["start"], old["end"]):
        parts.append(f"moved {_when(old, zone)} → {_when(new, zone)}")
    if new.get("room") != old.get("room"):
        parts.append(f"room {_room_name(old)} → {_room_name(new)}")
    return f"{title}: " + "; ".join(parts)


def _when(fields: dict[str, Any], zone: ZoneInfo) -> str:
    """The time of a session (the fallback text in the event's zone)."""
    start, end = (datetime.fromisoformat(fields[key]).astimezone(zone) for key in ("start", "end"))
    return f"{date_token(start, '{date_short_pretty} {time}')}–{date_token(end)}"


def _room(fields: dict[str, Any]) -> str:
    return f", {escape(fields['room'])}" if fields.get("room") else ""


def _room_name(fields: dict[str, Any]) -> str:
    return escape(fields["room"]) if fields.get("room") else "none"


def _digest(changed: list[Change]) -> str:
    text = json.dumps([(c.session, c.before, c.after) for c in changed], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Notices:
    """Sends the change notices owed, agenda by agenda, once the sessions have settled."""

    def __init__(self, delivery: Delivery, clock: Callable[[], datetime], settle: float = 60.0) -> None:
        self.delivery, self.clock, self.settle = delivery, clock, settle
        self._seen: dict[str, tuple[str, datetime]] = {}  # event -> (digest of its sessions, since when)

    def run(self, agendas: Iterable[Agenda]) -> int:
        """Send what is owed now; how many DMs and posts went out."""
        return sum(self._agenda(agenda) for agenda in agendas)

    def _agenda(self, agenda: Agenda) -> int:
        event, store, now = agenda.event.id, self.delivery.store, self.clock()
        current = snapshot(agenda)
        settled = self._settled(event, current, now)
        sent = self._daily(agenda, current, now) if settled else 0
        base = store.notified(event)
        if base is None or not agenda.event.chat.change_notices:
            if base != current:
                store.set_notified(event, current)
            return sent
        changed = changes(base, current, now)
        if not changed or not settled:
            return sent
        everyone = True
        for user, theirs in _by_person(changed).items():
            key = f"notice/{event}/{_digest(theirs)}/{user}"
            if not self.delivery.sent(key):
                went = self.delivery.deliver(key, dm_text(agenda, theirs), user=user)
                sent, everyone = sent + went, everyone and went
        if everyone:
            store.set_notified(event, current)
        return sent

    def _settled(self, event: str, current: Snapshot, now: datetime) -> bool:
        """Whether the sessions have stayed as they are for `settle` seconds."""
        digest = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()
        seen = self._seen.get(event)
        if seen is None or seen[0] != digest:
            self._seen[event] = seen = (digest, now)
        return (now - seen[1]).total_seconds() >= self.settle

    def _daily(self, agenda: Agenda, current: Snapshot, now: datetime) -> int:
        """The channel's post of the day's schedule changes: those since the last such post, once a
        day after DAILY_AT in the event's zone."""
        event, store, channel = agenda.event.id, self.delivery.store, agenda.event.chat.channel
        local = now.astimezone(agenda.event.timezone)
        base = store.notified(f"{event}#daily")
        if base is None or not (channel and agenda.event.chat.change_notices):
            if base != current:
                store.set_notified(f"{event}#daily", current)
            return 0
        changed = changes(base, current, now)
        if not changed or local.time() < DAILY_AT:
            return 0
        key = f"daily/{event}/{local.date()}"
        if self.delivery.sent(key):
            return 0  # today's went; later changes wait for tomorrow's
        lines = [
            f"Schedule changes in *{one_line(agenda.event.title)}*:",
            *(f"• {describe(c, agenda.event.timezone)}" for c in changed),
        ]
        went = self.delivery.deliver(key, "\n".join(lines), channel=channel)
        if went:
            store.set_notified(f"{event}#daily", current)
        return int(went)


def _by_person(changed: list[Change]) -> dict[str, list[Change]]:
    """Each concerned chat user's changes, in the agenda's order."""
    found: dict[str, list[Change]] = {}
    for change in changed:
        people = set(change.before.get("people") or ()) | set((change.after or {}).get("people") or ())
        for user in sorted(people):
            found.setdefault(user, []).append(change)
    return found
