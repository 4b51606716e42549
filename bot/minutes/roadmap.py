"""The roadmap of an agenda: what each release was to hold, what landed, and what slipped where.

An item is the same item in two releases when it has the same id or the same title (compared as
names are: case, accents and spacing ignored). That is how a slip is followed: an item `slipped`
with `slipped_to: "4.4"` is looked for under 4.4, and when it slipped again from there, further on.

`move_item` is the YAML edit behind the minutes' `#roadmap ITEM -> RELEASE`. It marks the item
`slipped` where it was and lists a planned copy under the release it moved to. The copy has no
`id`, since ids stay unique in a roadmap: it is the same item by its title, and an id written for
the first entry still finds it, by following the slip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.load import parse_agenda
from bot.agenda.people import name_key
from bot.agenda.records import ROADMAP_ITEM_KEYS, ROADMAP_KEYS
from bot.agenda.tree import append_entry, drop_key, set_key
from bot.agenda.write import Document
from bot.errors import SummitbotError, Unresolved
from bot.model import Agenda, Milestone, Pledge, PledgeStatus, RoadmapItem, RoadmapStatus

if TYPE_CHECKING:
    from bot.lookup import Named

PLANNED, IN_PROGRESS = RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS
LANDED, SLIPPED = RoadmapStatus.LANDED, RoadmapStatus.SLIPPED


class UnknownRelease(Unresolved):
    """The roadmap has no release or milestone by that id or title: the message suggests the
    closest ones, or lists those it has. Several that fit are `AmbiguousRelease`."""

    def __init__(self, release: str, roadmap: Sequence[Milestone]) -> None:
        self.release = release
        self.known = tuple(milestone.id for milestone in roadmap)
        from bot.lookup import closest  # noqa: PLC0415 - not loaded for `summitbot --help`

        close = closest(release, [_as_named(milestone) for milestone in roadmap])
        if close:
            named = " or ".join(milestone.listed() for milestone in close)
            message = f"the roadmap has no release or milestone '{release}'; did you mean {named}?"
        elif roadmap:
            listed = ", ".join(f"{milestone.id} ({milestone.title})" for milestone in roadmap)
            message = f"the roadmap has no release or milestone '{release}'; it has {listed}"
        else:
            message = f"there is no release '{release}': the agenda has no roadmap"
        super().__init__(message)


class AmbiguousItem(SummitbotError):
    """The item to move is still open in several releases; its id, or a title, must single one out."""


@dataclass(frozen=True)
class Listing:
    """An item under one milestone, with its owner's name. `listed` is False for an item that
    slipped into the milestone but is not written under it (yet): it counts as planned there."""

    item: RoadmapItem
    milestone: Milestone
    owner: str | None = None
    listed: bool = True


@dataclass(frozen=True)
class Slip:
    """Where a slipped item went: each milestone it moved to in turn, and how it stands in the last."""

    listing: Listing
    path: tuple[Milestone, ...]
    now: Listing | None  # the item under the last milestone of `path`; None when that one does not list it

    @property
    def final(self) -> Milestone:
        """The milestone the item is in now."""
        return self.path[-1] if self.path else self.listing.milestone


@dataclass(frozen=True)
class Arrival:
    """An item that slipped into a release: as the release lists it, where it came from directly,
    and where it was first planned."""

    listing: Listing
    came_from: Milestone
    first_planned: Milestone


@dataclass(frozen=True)
class ReleaseReport:
    """One release or milestone: everything ever planned for it and what became of each item."""

    release: Milestone
    items: tuple[Listing, ...]  # listed under it (slipped ones too), then arrivals it does not list
    slips: tuple[Slip, ...]  # the items that slipped away from it
    arrivals: tuple[Arrival, ...]  # the items that slipped into it
    pledges: tuple[tuple[str, Pledge], ...]  # (the sponsor's name, the pledge): anonymous ones too, refused ones too

    def having(self, *statuses: RoadmapStatus) -> tuple[Listing, ...]:
        """The items with one of these statuses here."""
        return tuple(listing for listing in self.items if listing.item.status in statuses)

    @property
    def counts(self) -> dict[RoadmapStatus, int]:
        """How many items have each status here."""
        return {status: len(self.having(status)) for status in RoadmapStatus}

    @property
    def totals(self) -> tuple[tuple[str, Decimal], ...]:
        """The confirmed pledges added up per currency (never across currencies)."""
        return pledge_totals(pledge for _, pledge in self.pledges if pledge.status is PledgeStatus.CONFIRMED)

    @property
    def pending(self) -> tuple[tuple[str, Decimal], ...]:
        """The pledges still waiting for the organisers, added up per currency."""
        return pledge_totals(pledge for _, pledge in self.pledges if pledge.status is PledgeStatus.PENDING)


class AmbiguousRelease(Unresolved):
    """Several releases or milestones fit what was typed (the start of their ids or titles)."""


def find_release(agenda: Agenda, release: str) -> Milestone:
    """The release or milestone by id or title in any case, or the one they start with
    (`bot.lookup`); UnknownRelease when none is, AmbiguousRelease when several are."""
    from bot.lookup import ambiguity, matches  # noqa: PLC0415 - not loaded for `summitbot --help`

    milestones = {milestone.id: milestone for milestone in agenda.roadmap}
    found = matches(release, [_as_named(milestone) for milestone in in_date_order(agenda.roadmap)])
    if len(found) == 1:
        return milestones[found[0].id]
    if found:
        raise AmbiguousRelease(ambiguity(release, found))
    raise UnknownRelease(release, in_date_order(agenda.roadmap))


def _as_named(milestone: Milestone) -> Named:
    from bot.lookup import Named  # noqa: PLC0415 - not loaded for `summitbot --help`

    return Named(milestone.id, (milestone.title,), f"{milestone.id} ({milestone.title})")


def in_date_order(roadmap: Iterable[Milestone]) -> list[Milestone]:
    """Milestones by date; undated ones after the dated, in file order."""
    return sorted(roadmap, key=lambda milestone: (milestone.date is None, milestone.date or date.min))


def release_report(agenda: Agenda, release: str) -> ReleaseReport:
    """What was planned for `release` (id or title), what landed, what is open, what slipped where,
    what slipped into it, and the pledges toward it."""
    milestone = find_release(agenda, release)
    listed = [_listing(agenda, milestone, item) for item in milestone.items]
    arrivals = tuple(_arrivals(agenda, milestone))
    slips = tuple(follow(agenda, listing) for listing in listed if listing.item.status is SLIPPED)
    unlisted = tuple(arrival.listing for arrival in arrivals if not arrival.listing.listed)
    pledges = tuple((agenda.person(pledge.who).name, pledge) for pledge in milestone.pledges)
    return ReleaseReport(milestone, (*listed, *unlisted), slips, arrivals, pledges)


def roadmap_reports(agenda: Agenda) -> list[ReleaseReport]:
    """The report of every release and milestone, in date order."""
    return [release_report(agenda, milestone.id) for milestone in in_date_order(agenda.roadmap)]


def follow(agenda: Agenda, listing: Listing) -> Slip:
    """Follow a slipped item from release to release until it stops slipping."""
    by_id = {milestone.id: milestone for milestone in agenda.roadmap}
    path: list[Milestone] = []
    seen = {(listing.milestone.id, listing.item)}
    item: RoadmapItem | None = listing.item
    while item is not None and item.status is SLIPPED and item.slipped_to in by_id:
        milestone = by_id[item.slipped_to]
        path.append(milestone)
        item = _counterpart(milestone, item, seen)
        if item is not None:
            seen.add((milestone.id, item))
    now = _listing(agenda, path[-1], item) if item is not None and path else None
    return Slip(listing, tuple(path), now)


def pledge_totals(pledges: Iterable[Pledge]) -> tuple[tuple[str, Decimal], ...]:
    """Amounts added up per currency, currencies in the order they first appear."""
    totals: dict[str, Decimal] = {}
    for pledge in pledges:
        totals[pledge.currency] = totals.get(pledge.currency, Decimal(0)) + pledge.amount
    return tuple(totals.items())


def _same(item: RoadmapItem, other: RoadmapItem) -> bool:
    return (item.id is not None and item.id == other.id) or name_key(item.title) == name_key(other.title)


def _counterpart(milestone: Milestone, item: RoadmapItem, seen: Set[tuple[str, RoadmapItem]]) -> RoadmapItem | None:
    """The same item under `milestone`: preferably where it has not slipped from (it is there now)."""
    matches = [other for other in milestone.items if _same(other, item) and (milestone.id, other) not in seen]
    return next((other for other in matches if other.status is not SLIPPED), matches[0] if matches else None)


def _listing(agenda: Agenda, milestone: Milestone, item: RoadmapItem, *, listed: bool = True) -> Listing:
    owner = agenda.person(item.owner).name if item.owner else None
    return Listing(item, milestone, owner, listed)


def _arrivals(agenda: Agenda, milestone: Milestone) -> Iterator[Arrival]:
    for other in agenda.roadmap:
        for item in other.items:
            if other.id == milestone.id or item.status is not SLIPPED or item.slipped_to != milestone.id:
                continue
            here = _counterpart(milestone, item, frozenset())
            listing = (
                _listing(agenda, milestone, here)
                if here is not None
                else _listing(agenda, milestone, replace(item, status=PLANNED, slipped_to=None), listed=False)
            )
            yield Arrival(listing, other, _first_planned(agenda, other, item, {other.id}))


def _first_planned(agenda: Agenda, milestone: Milestone, item: RoadmapItem, seen: set[str]) -> Milestone:
    """Walk a slip back to the milestone the item was first planned for."""
    for earlier in agenda.roadmap:
        if earlier.id in seen:
            continue
        for before in earlier.items:
            if before.status is SLIPPED and before.slipped_to == milestone.id and _same(before, item):
                return _first_planned(agenda, earlier, before, seen | {earlier.id})
    return milestone


def move_item(document: Document, title_or_id: str, release: str, *, owner: str | None = None) -> str:
    """Move a roadmap item to `release` (id or title) in the YAML; what happened, in a few words.

    Open in another release: it is marked `slipped` there (with `slipped_to`) and a planned copy
    (no id; `owner`, else the original's) goes under `release`, or the entry that slipped away
    from `release` earlier is planned again. Listed nowhere: it is added to `release` as planned.
    Already there, or landed: no change. `document.agenda` is read again after a change, so moves
    can follow each other in one document; `edit_agenda` checks and writes the result.
    """
    agenda = document.agenda
    target = find_release(agenda, release)
    named = [(m, i) for m, milestone in enumerate(agenda.roadmap) for i, item in enumerate(milestone.items)
             if _named(item, title_or_id)]  # fmt: skip
    title = agenda.roadmap[named[0][0]].items[named[0][1]].title if named else " ".join(title_or_id.split())
    places = {place for m, i in named if (place := _now_at(agenda, m, i)) is not None}
    if any(agenda.roadmap[m].id == target.id for m, _ in places):
        return f"{title} is on {target.title} already: no change"
    still_open = sorted((m, i) for m, i in places if agenda.roadmap[m].items[i].status is not LANDED)
    if len(still_open) > 1:
        where = ", ".join(agenda.roadmap[m].title for m, _ in still_open)
        raise AmbiguousItem(f"'{title}' is open in {where}: name the one to move by its id (give the entries ids)")
    if not still_open and places:
        m, _ = min(places)
        return f"{title} landed in {agenda.roadmap[m].title} already: not moved"
    if still_open:
        copy, owner = _slip(document, *still_open[0], target, owner)
        description = f"{title} slipped from {agenda.roadmap[still_open[0][0]].title} to {target.title}"
    else:
        copy, description = CommentedMap(title=title), f"{title} added to {target.title} as planned"
    if _plan_again(document, target, title, owner):
        description += " (its entry there is planned again)"
    else:
        if owner is not None:
            copy["owner"] = _copy(owner)
        append_entry(_items(document, target), copy)
    document.agenda = parse_agenda(document.text(), str(document.path))
    return description


def _slip(document: Document, m: int, i: int, target: Milestone, owner: str | None) -> tuple[CommentedMap, str | None]:
    """Mark item i of milestone m slipped to `target`; its copy for `target`, and the copy's owner."""
    entry = document.tree["roadmap"][m]["items"][i]
    set_key(entry, "status", SLIPPED.value, ROADMAP_ITEM_KEYS)
    target_id = document.tree["roadmap"][_index(document.agenda, target)]["id"]
    set_key(entry, "slipped_to", _copy(target_id), ROADMAP_ITEM_KEYS)
    return CommentedMap(title=_copy(entry["title"])), owner if owner is not None else entry.get("owner")


def _named(item: RoadmapItem, title_or_id: str) -> bool:
    wanted = name_key(title_or_id)
    return (item.id is not None and name_key(item.id) == wanted) or name_key(item.title) == wanted


def _now_at(agenda: Agenda, m: int, i: int) -> tuple[int, int] | None:
    """Where the item listed at (milestone m, item i) is now: itself, or the end of its slip."""
    milestone = agenda.roadmap[m]
    item = milestone.items[i]
    if item.status is not SLIPPED:
        return m, i
    now = follow(agenda, _listing(agenda, milestone, item)).now
    if now is None or now.item.status is SLIPPED:
        return None
    at = _index(agenda, now.milestone)
    return at, agenda.roadmap[at].items.index(now.item)


def _index(agenda: Agenda, milestone: Milestone) -> int:
    return next(index for index, entry in enumerate(agenda.roadmap) if entry.id == milestone.id)


def _plan_again(document: Document, target: Milestone, title: str, owner: str | None) -> bool:
    """Plan again an entry of `target` the item once slipped away from; False when it has none."""
    key = name_key(title)
    for index, item in enumerate(target.items):
        if item.status is SLIPPED and name_key(item.title) == key:
            entry = _items(document, target)[index]
            drop_key(entry, "slipped_to")
            set_key(entry, "status", PLANNED.value, ROADMAP_ITEM_KEYS)
            if owner is not None:
                set_key(entry, "owner", _copy(owner), ROADMAP_ITEM_KEYS)
            return True
    return False


def _items(document: Document, milestone: Milestone) -> CommentedSeq:
    """The `items` list of a milestone in the YAML tree, made when it has none (or an empty `[]`)."""
    entry = document.tree["roadmap"][_index(document.agenda, milestone)]
    items = entry.get("items")
    if not isinstance(items, CommentedSeq) or (not items and items.fa.flow_style()):
        items = CommentedSeq()
        set_key(entry, "items", items, ROADMAP_KEYS)
    return items


def _copy(value: object) -> object:
    """A fresh scalar of the same kind (quoted stays quoted), so no node appears twice in the tree."""
    return type(value)(value) if isinstance(value, str) else value
