"""The roadmap as text for a terminal and as JSON (`summitbot roadmap AGENDA [--release X] [--json]`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from bot.minutes.roadmap import LANDED, SLIPPED, Arrival, Listing, ReleaseReport, Slip
from bot.model import Agenda, Milestone, Pledge, PledgeStatus, RoadmapStatus
from bot.money import format_money

LABEL = 14  # width of the labels in front of a report's lists
ORDER = (RoadmapStatus.LANDED, RoadmapStatus.IN_PROGRESS, RoadmapStatus.PLANNED, RoadmapStatus.SLIPPED)


def format_report(report: ReleaseReport) -> str:
    """One release for a terminal: a headline with the counts, then each list under its label."""
    counts, still_open = report.counts, report.having(RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS)
    lines = [
        f"{describe(report.release)}: {len(report.items)} planned, {counts[LANDED]} landed, "
        f"{len(still_open)} open, {counts[SLIPPED]} slipped"
    ]
    lines += _labelled("Landed:", [_item(listing) for listing in report.having(LANDED)])
    lines += _labelled("Open:", [f"{_item(listing)}, {_status(listing.item.status)}" for listing in still_open])
    lines += _labelled("Slipped:", [_slip(slip) for slip in report.slips])
    lines += _labelled("Came in from:", [_arrival(arrival, report.release) for arrival in report.arrivals])
    pledges = [_pledge(who, pledge) for who, pledge in report.pledges]
    if pledges:
        pledges.append(_totals(report))
    lines += _labelled("Pledges:", pledges)
    return "\n".join(lines)


def format_summary(agenda: Agenda, reports: Sequence[ReleaseReport]) -> str:
    """Every release and milestone on one line each: its counts per status, and what was pledged."""
    if not reports:
        return f"{agenda.event.title}: no roadmap"
    width = max(len(report.release.id) for report in reports)
    kinds = Counter(report.release.kind for report in reports)
    counted = ", ".join(f"{count} {kind.value}{'' if count == 1 else 's'}" for kind, count in kinds.items())
    lines = [f"Roadmap of {agenda.event.title}: {counted}"]
    for report in reports:
        counts = report.counts
        shown = ", ".join(f"{counts[status]} {_status(status)}" for status in ORDER if counts[status])
        line = f"  {report.release.id:<{width}}  {describe(report.release)}: {_count(len(report.items))}"
        line += f": {shown}" if shown else ""
        if report.arrivals:
            line += f"; {len(report.arrivals)} came in from other releases"
        if report.totals or report.pending:
            line += "; pledged " + _totals(report).removeprefix("total ")
        lines.append(line)
    return "\n".join(lines)


def _pledge(who: str, pledge: Pledge) -> str:
    """`P2 Ed W (anonymous): 500 EUR, pending (top-up)`: the sponsor's name, for the organisers."""
    name = f"{pledge.id} {who}" if pledge.id else who
    shown = f"{name}{' (anonymous)' if pledge.anonymous else ''}: {format_money(pledge.amount, pledge.currency)}"
    if pledge.status is not PledgeStatus.CONFIRMED:
        shown += f", {pledge.status.value}" + (f": {pledge.reason}" if pledge.reason else "")
    return shown + (f" ({pledge.note})" if pledge.note else "")


def _totals(report: ReleaseReport) -> str:
    """`total 1,500 EUR, 250 USD; pending 500 EUR`: each currency on its own."""
    confirmed = ", ".join(format_money(amount, currency) for currency, amount in report.totals)
    pending = ", ".join(format_money(amount, currency) for currency, amount in report.pending)
    text = f"total {confirmed or 'nothing confirmed'}" + (f"; pending {pending}" if pending else "")
    target = report.release.target
    return text + (f"; target {format_money(*target)}" if target else "")


def describe(milestone: Milestone) -> str:
    """`Xen 4.4 (release, 2014-03-10)`."""
    when = milestone.date.isoformat() if milestone.date else "no date"
    return f"{milestone.title} ({milestone.kind.value}, {when})"


def report_json(report: ReleaseReport) -> dict[str, Any]:
    """One release as JSON: the counts, the items, the slips and arrivals, the pledges and totals."""
    return {
        "release": _milestone_json(report.release),
        "counts": {"total": len(report.items)} | {status.value: report.counts[status] for status in ORDER},
        "items": [_listing_json(listing) for listing in report.items],
        "slipped": [
            _listing_json(slip.listing)
            | {
                "path": [milestone.id for milestone in slip.path],
                "now": slip.now and {"release": slip.final.id, "status": slip.now.item.status.value},
            }
            for slip in report.slips
        ],
        "came_in": [
            _listing_json(arrival.listing) | {"from": arrival.came_from.id, "first_planned": arrival.first_planned.id}
            for arrival in report.arrivals
        ],
        "pledges": [
            {
                "id": pledge.id,
                "who": who,
                "anonymous": pledge.anonymous,
                "amount": str(pledge.amount),
                "currency": pledge.currency,
                "status": pledge.status.value,
                "note": pledge.note,
                "reason": pledge.reason,
            }
            for who, pledge in report.pledges
        ],
        "totals": {currency: str(amount) for currency, amount in report.totals},
        "pending": {currency: str(amount) for currency, amount in report.pending},
        "target": _target_json(report.release),
    }


def summary_json(agenda: Agenda, reports: Sequence[ReleaseReport]) -> dict[str, Any]:
    """Every release and milestone as JSON, with its counts and pledge totals."""
    return {
        "event": agenda.event.id,
        "roadmap": [
            {
                "release": _milestone_json(report.release),
                "counts": {"total": len(report.items)} | {status.value: report.counts[status] for status in ORDER},
                "came_in": len(report.arrivals),
                "totals": {currency: str(amount) for currency, amount in report.totals},
                "pending": {currency: str(amount) for currency, amount in report.pending},
                "target": _target_json(report.release),
            }
            for report in reports
        ],
    }


def _target_json(milestone: Milestone) -> dict[str, str] | None:
    return {"amount": str(milestone.target[0]), "currency": milestone.target[1]} if milestone.target else None


def _labelled(label: str, entries: list[str]) -> list[str]:
    return [(label if index == 0 else "").ljust(LABEL) + entry for index, entry in enumerate(entries)]


def _item(listing: Listing) -> str:
    return listing.item.title + (f" ({listing.owner})" if listing.owner else "")


def _status(status: RoadmapStatus) -> str:
    return status.value.replace("-", " ")


def _count(items: int) -> str:
    return f"{items} item{'' if items == 1 else 's'}"


def _slip(slip: Slip) -> str:
    final = slip.final
    text = f"{_item(slip.listing)} -> {' -> '.join(milestone.id for milestone in slip.path)}"
    text += f" ({final.date.isoformat() if final.date else 'no date'})"
    return text + (f", {_status(slip.now.item.status)} there" if slip.now else ", not listed there")


def _arrival(arrival: Arrival, release: Milestone) -> str:
    text = f"{arrival.came_from.id}: {_item(arrival.listing)}, {_status(arrival.listing.item.status)}"
    if arrival.first_planned.id != arrival.came_from.id:
        text += f" (first planned for {arrival.first_planned.id})"
    return text + ("" if arrival.listing.listed else f"; not listed under {release.id} yet")


def _milestone_json(milestone: Milestone) -> dict[str, Any]:
    return {
        "id": milestone.id,
        "title": milestone.title,
        "kind": milestone.kind.value,
        "date": milestone.date.isoformat() if milestone.date else None,
    }


def _listing_json(listing: Listing) -> dict[str, Any]:
    item = listing.item
    return {
        "id": item.id,
        "title": item.title,
        "owner": listing.owner,
        "status": item.status.value,
        "listed": listing.listed,
    }
