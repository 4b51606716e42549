"""The roadmap page, `<event page>/Roadmap`: rendered from the agenda's `roadmap`, published one way.

The agenda owns the page: a sync saves it whenever its text differs from the rendering, so a hand
edit is replaced at the next sync (it stays in the page's history, and the page says so). Nothing
is read back from it. Every value is escaped as on the event page (`bot.wiki.escape`); the parts
built here arrive in the template as `Markup`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from bot.errors import EditConflict
from bot.minutes.roadmap import (
    LANDED,
    SLIPPED,
    Arrival,
    Listing,
    ReleaseReport,
    Slip,
    pledge_totals,
    roadmap_reports,
)
from bot.model import Agenda, Milestone, Pledge, PledgeStatus, RoadmapStatus
from bot.money import format_money
from bot.wiki.escape import escape_text
from bot.wiki.port import Wiki, saved_form
from bot.wiki.templates import TEMPLATES, wiki_templates

TEMPLATE = "roadmap.wiki.j2"
SUFFIX = "/Roadmap"
SUMMARY_LIMIT = 480  # MediaWiki cuts edit summaries at 500 characters


def roadmap_title(agenda: Agenda) -> str:
    """The title of the roadmap page: the event page's, then `/Roadmap`."""
    return (agenda.event.wiki.page or agenda.event.title) + SUFFIX


def render_roadmap(agenda: Agenda) -> str:
    """The wikitext of the roadmap page."""
    environment = wiki_templates([TEMPLATES / "wiki"])
    return environment.get_template(TEMPLATE).render(roadmap_context(agenda))


def publish_roadmap(agenda: Agenda, wiki: Wiki, *, dry_run: bool = False, attempts: int = 3) -> bool:
    """Save the roadmap page when the wiki's text differs from the rendering: one read, at most one
    edit. Whether it was saved (in a dry run: whether it would be). Someone saving in between is
    read again and overwritten too; EditConflict when the page changed during every attempt."""
    title, text = roadmap_title(agenda), saved_form(render_roadmap(agenda))
    for _ in range(attempts):
        page = wiki.read([title])[title]
        if page.text == text:
            return False
        if dry_run:
            return True
        summary = edit_summary(agenda, first=not page.exists)
        try:
            saved = wiki.edit(title, text, base_revision=page.revision, summary=summary)
        except EditConflict:
            continue
        if not saved.merged:  # merged: the wiki kept someone's change in it, so save over it again
            return True
    raise EditConflict(f"{title}: the page changed during each of {attempts} attempts; the next sync tries again")


def edit_summary(agenda: Agenda, *, first: bool) -> str:
    """`summitbot: roadmap of Xen 4.4 Hackathon from its agenda (4.3: 2 landed, 2 slipped; ...)`."""
    doing = "publish" if first else "update"
    parts = []
    for report in roadmap_reports(agenda):
        counts = report.counts
        shown = ", ".join(f"{counts[status]} {_word(status)}" for status in RoadmapStatus if counts[status])
        parts.append(f"{report.release.id}: {shown or 'no items'}")
    text = f"summitbot: {doing} the roadmap of {agenda.event.title} from its agenda ({'; '.join(parts)})"
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def roadmap_context(agenda: Agenda) -> dict[str, Any]:
    """What the roadmap template is given: the event page, and each milestone's parts ready to place."""
    reports = roadmap_reports(agenda)
    with_pledges = [report for report in reports if _shown(report)]
    shown = [pledge for report in with_pledges for _, pledge in _shown(report)]
    return {
        "event_page": agenda.event.wiki.page or agenda.event.title,
        "milestones": [_milestone(report) for report in reports],
        "totals": _totals(shown) if len(with_pledges) > 1 else None,
    }


def _shown(report: ReleaseReport) -> list[tuple[str, Pledge]]:
    """The pledges the page lists: not the refused ones; an anonymous sponsor's name never."""
    return [
        ("anonymous" if pledge.anonymous else who, pledge)
        for who, pledge in report.pledges
        if pledge.status is not PledgeStatus.REFUSED
    ]


def _totals(pledges: list[Pledge]) -> Markup:
    """`1,500 EUR; 250 USD (pending: 500 EUR)`: confirmed, then pending, each currency on its own."""
    confirmed = pledge_totals(p for p in pledges if p.status is PledgeStatus.CONFIRMED)
    pending = pledge_totals(p for p in pledges if p.status is PledgeStatus.PENDING)
    text = _money(confirmed) if confirmed else Markup("nothing confirmed yet")
    return text + (Markup(" (pending: ") + _money(pending) + Markup(")") if pending else Markup(""))


def _milestone(report: ReleaseReport) -> dict[str, Any]:
    release = report.release
    slips = {slip.listing.item: slip for slip in report.slips}
    arrivals = {arrival.listing.item: arrival for arrival in report.arrivals}
    rows = [
        {
            "item": Markup(escape_text(listing.item.title)),
            "owner": listing.owner or "—",
            "status": _status(listing, slips.get(listing.item), arrivals.get(listing.item)),
        }
        for listing in report.items
    ]
    return {
        "heading": Markup(f'<span id="{release.id}"></span>{_heading(release.title)} ({_kind_and_date(release)})'),
        "summary": _summary(report),
        "rows": rows,
        "pledges": [
            Markup(
                f"{escape_text(who)}: {escape_text(format_money(pledge.amount, pledge.currency))}"
                + (" ''(pending)''" if pledge.status is PledgeStatus.PENDING else "")
                + (f" – {escape_text(pledge.note)}" if pledge.note else "")
            )
            for who, pledge in _shown(report)
        ],
        "total": _totals([pledge for _, pledge in _shown(report)]),
        "target": _money(((release.target[1], release.target[0]),)) if release.target else None,
    }


def _status(listing: Listing, slip: Slip | None, arrival: Arrival | None) -> Markup:
    """The status cell: the status, where a slipped item went, and where an arrival came from."""
    status = listing.item.status
    text = "'''landed'''" if status is LANDED else _word(status)
    if status is SLIPPED and slip is not None:
        text = "slipped to " + " → ".join(_link(milestone) for milestone in slip.path)
        text += f" ({_word(slip.now.item.status)} there)" if slip.now else " (not listed there)"
    if arrival is not None:
        first = arrival.first_planned
        origin = _link(arrival.came_from) + (
            f", first planned for {_link(first)}" if first.id != arrival.came_from.id else ""
        )
        unlisted = "; not listed under this release in the agenda yet" if not listing.listed else ""
        text += f" <small>(slipped here from {origin}{unlisted})</small>"
    return Markup(text)


def _summary(report: ReleaseReport) -> str:
    counts, total = report.counts, len(report.items)
    if not total:
        return "No items yet."
    shown = ", ".join(f"{counts[status]} {_word(status)}" for status in RoadmapStatus if counts[status])
    return f"{total} item{'' if total == 1 else 's'}: {shown}."


def _heading(title: str) -> str:
    """A title inside `== ... ==`: escaped, and with no `=` that could end the heading early."""
    return escape_text(title).replace("=", "&#61;")


def _link(milestone: Milestone) -> str:
    return f"[[#{milestone.id}|{escape_text(milestone.title)}]]"


def _kind_and_date(milestone: Milestone) -> str:
    return f"{milestone.kind.value}, {_date(milestone.date) if milestone.date else 'no date yet'}"


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _money(totals: tuple[tuple[str, Decimal], ...]) -> Markup:
    return Markup(escape_text("; ".join(format_money(amount, currency) for currency, amount in totals)))


def _word(status: RoadmapStatus) -> str:
    return status.value.replace("-", " ")
