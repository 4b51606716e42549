"""Everything the meeting bot answers in a meeting, one function each, as plain text.

The chat layer escapes these for its medium; nothing here knows about Slack or IRC. `name` turns a
person id into the name to show ("george" -> "George Dunlap").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.minutes.model import NOBODY, Confidence, Item, ItemKind, Owner, Topic
from bot.model import ActionItem

Name = Callable[[str], str]

USAGE = {
    "startmeeting": "#startmeeting [NAME]",
    "topic": "#topic TITLE",
    "info": "#info TEXT",
    "idea": "#idea TEXT",
    "link": "#link URL [TEXT]",
    "agreed": "#agreed TEXT",
    "accepted": "#accepted TEXT",
    "rejected": "#rejected TEXT",
    "action": "#action NAME TEXT (NAME first: MeetBot's way)",
    "chair": "#chair NAME...",
    "unchair": "#unchair NAME...",
    "undo": "#undo (removes the last item)",
    "endmeeting": "#endmeeting",
    "fix": "#fix ID NEW TEXT",
    "drop": "#drop ID",
    "owner": "#owner ID NAME",
    "done": "#done ID...",
    "roadmap": "#roadmap ITEM -> RELEASE",
    "help": "#help [TEXT] (with TEXT: a call for help in the minutes)",
    "meetingname": "#meetingname NAME",
    "nick": "#nick NICK... (someone who said nothing, so that actions can name them)",
    "startvote": "#startvote QUESTION? OPTION, OPTION...",
    "vote": "#vote OPTION",
}
EVERYONE = ("info", "idea", "link", "action", "done", "help", "meetingname", "nick", "vote")
CHAIRS = (
    "topic", "agreed", "accepted", "rejected", "roadmap", "fix", "drop", "owner", "undo", "chair", "unchair",
    "startvote",
)  # fmt: skip


def started(
    title: str, chairs: Iterable[str], planned: Sequence[str], open_actions: Sequence[ActionItem], name: Name
) -> list[str]:
    """The answer to #startmeeting: the chairs, the planned topics, the actions still open."""
    lines = [f"Meeting started: {title}. Chairs: {', '.join(chairs) or 'nobody yet'}. #help lists the commands."]
    if planned:
        lines.append("Planned topics: " + "; ".join(f"{number}. {title}" for number, title in enumerate(planned, 1)))
    if open_actions:
        listed = "; ".join(open_action(action, name) for action in open_actions)
        lines.append(f"Open action items from earlier sessions: {listed}")
    return lines


def open_action(action: ActionItem, name: Name) -> str:
    """ "A2 George Dunlap: write up a proposal (due 2013-06-07)"."""
    due = f" (due {action.due.isoformat()})" if action.due else ""
    return f"{action.id} {name(action.owner) if action.owner else '(nobody yet)'}: {action.text}{due}"


def ended(title: str, items: Iterable[Item]) -> str:
    """The answer to #endmeeting."""
    kinds = [item.kind for item in items]
    decisions = sum(1 for kind in kinds if kind.is_decision)
    actions = kinds.count(ItemKind.ACTION)
    return f"Meeting ended: {title}. {_count(decisions, 'decision')}, {_count(actions, 'action item')}."


def topic(raised: Topic) -> str:
    """The answer to #topic."""
    return f"{raised.id}: {raised.title}"


def recorded(item: Item, name: Name) -> str:
    """The answer to a recorded item: its id (to #fix or #drop it), and for an action who owns it."""
    if item.kind is ItemKind.ACTION:
        return action(item, name, "recorded")
    if item.kind is ItemKind.ROADMAP:
        return f"{item.id} recorded: {item.text} -> {item.release} on the roadmap"
    return f"{item.id} recorded ({item.kind.value})"


def action(item: Item, name: Name, what: str) -> str:
    """ "A5 recorded (owner: George Dunlap, due 2013-06-07)", or why the owner is not settled."""
    owner = item.owner or NOBODY
    due = f", due {item.due.isoformat()}" if item.due else ""
    if owner.confidence is Confidence.AMBIGUOUS:
        names = " or ".join(name(person) for person in owner.candidates)
        return f"{item.id}: owner is ambiguous: {names}; #owner {item.id} NAME to say who"
    return f"{item.id} {what} ({owner_text(owner, name)}{due})"


def owner_text(owner: Owner, name: Name) -> str:
    """ "owner: George Dunlap", with a hint when it is a guess or nobody."""
    if owner.person and owner.confidence is Confidence.EXPLICIT:
        return f"owner: {name(owner.person)}"
    if owner.person:
        return f'owner: {name(owner.person)}, guessed from "{owner.written}"'
    if owner.written:
        return f'owner: "{owner.written}", whom the agenda does not know'
    return "no owner yet"


def fixed(item: Item, name: Name) -> str:
    """The answer to #fix of an item."""
    return action(item, name, "fixed") if item.kind is ItemKind.ACTION else f"{item.id} fixed"


def topic_fixed(fixed_topic: Topic) -> str:
    """The answer to #fix of a topic."""
    return f"{fixed_topic.id} is now: {fixed_topic.title}"


def dropped(item_id: str) -> str:
    """The answer to #drop."""
    return f"{item_id} dropped"


def undone(item_id: str, text: str) -> str:
    """The answer to #undo."""
    return f"Removed {item_id}: {text}"


def nothing_to_undo() -> str:
    """#undo with nothing recorded."""
    return "Nothing to undo."


def done(item: Item) -> str:
    """#done of an action of this meeting."""
    return f"{item.id} done"


def closed(earlier: ActionItem) -> str:
    """#done of an action from an earlier session."""
    return f"{earlier.id} closed (from an earlier session: {earlier.text})"


def unknown_id(item_id: str) -> str:
    """An id that names nothing in this meeting (nor an open action, for #done)."""
    return f"There is no {item_id} in this meeting."


def not_an_action(item_id: str) -> str:
    """#owner of an item that is not an action."""
    return f"{item_id} is not an action item."


def chairs(names: Iterable[str]) -> str:
    """The chairs after #chair or #unchair."""
    return f"Chairs: {', '.join(names)}"


def last_chair() -> str:
    """#unchair that would leave nobody in the chair."""
    return "A meeting needs a chair: #chair someone else first."


def chairs_only(command: str, names: Iterable[str]) -> str:
    """A chair command from someone who is not a chair."""
    return f"Only a chair can use #{command} (chairs: {', '.join(names)})."


def already_started(title: str) -> str:
    """#startmeeting in a meeting that has started."""
    return f"The meeting has already started: {title}."


def meeting_named(name: str) -> str:
    """The answer to #meetingname (MeetBot's words)."""
    return f"The meeting name has been set to '{name}'"


def nicks(known: Iterable[str]) -> str:
    """The answer to #nick."""
    return f"Current nicks: {', '.join(known)}"


def vote_started(question: str, options: Sequence[str]) -> str:
    """The answer to #startvote."""
    return f"Begin voting on: {question}? Valid vote options are {', '.join(options)}. Vote using '#vote OPTION'."


def vote_open(question: str) -> str:
    """#startvote while a vote is open."""
    return f"Already voting on '{question}'; #endvote first."


def not_an_option(who: str, option: str, options: Sequence[str]) -> str:
    """#vote for an option the vote does not offer."""
    return f"{who}: {option} is not a valid option. Valid options are {', '.join(options)}."


def usage(command: str) -> str:
    """A command without what it needs."""
    return f"Usage: {USAGE[command]}"


def help_text() -> list[str]:
    """The answer to #help."""
    return [
        "Anyone: " + " · ".join(USAGE[command] for command in EVERYONE),
        "Chairs: " + " · ".join(USAGE[command] for command in CHAIRS) + " · #endvote · #endmeeting",
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
