"""The YAML edits of pledges made in chat: a new pending pledge, and an organiser's word on one.

A pledge made in chat is written under its milestone's `pledges` as `pending`, with an id (P1,
P2, ... across the whole roadmap), the sponsor as the file refers to them, and `anonymous: true`
when they asked for it; `/summit pledge confirm|refuse` sets its `status` (and a refusal's
`reason`). The edits are idempotent, like every chat edit (`bot.agenda.chat_edits`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.edits import next_id
from bot.agenda.pledges import PLEDGE_KEYS
from bot.agenda.records import ROADMAP_KEYS
from bot.agenda.tree import append_entry, drop_key, set_key
from bot.agenda.write import Document
from bot.model import PledgeStatus


def add_pledge(
    document: Document, milestone: str, who: str, amount: Decimal, currency: str, *,
    anonymous: bool = False, note: str | None = None,
) -> tuple[str, bool]:  # fmt: skip
    """Add a pending pledge by `who` (as the file refers to them) under the milestone with this id;
    its id, and False when the same pending pledge is there already (a request applied again)."""
    entry = _milestone_entry(document, milestone)
    pledges = entry.get("pledges")
    for written in pledges if isinstance(pledges, CommentedSeq) else ():
        if isinstance(written, CommentedMap) and _same(written, who, amount, currency, anonymous, note):
            return str(written["id"]), False
    pledge_id = next_id("P", [str(found["id"]) for found in _pledge_entries(document) if "id" in found])
    record = CommentedMap(id=pledge_id, who=who, amount=_number(amount), currency=currency)
    if anonymous:
        record["anonymous"] = True
    record["status"] = PledgeStatus.PENDING.value
    if note:
        record["note"] = note
    if isinstance(pledges, CommentedSeq) and not (not pledges and pledges.fa.flow_style()):
        append_entry(pledges, record)
        return pledge_id, True
    set_key(entry, "pledges", CommentedSeq([record]), ROADMAP_KEYS)
    return pledge_id, True


def settle_pledge(document: Document, pledge_id: str, status: PledgeStatus, reason: str | None = None) -> bool:
    """An organiser's word on a pledge: its status, and a refusal's reason (None drops one written
    before); False when it says so already. KeyError: no pledge has this id."""
    record = next((found for found in _pledge_entries(document) if str(found.get("id")) == pledge_id), None)
    if record is None:
        raise KeyError(f"no pledge has the id '{pledge_id}'")
    changed = False
    if str(record.get("status") or PledgeStatus.CONFIRMED.value).lower() != status.value:
        set_key(record, "status", status.value, PLEDGE_KEYS)
        changed = True
    reason = (reason and reason.strip()) or None
    if reason is None and "reason" in record:
        drop_key(record, "reason")
        changed = True
    elif reason is not None and str(record.get("reason")) != reason:
        set_key(record, "reason", reason, PLEDGE_KEYS)
        changed = True
    return changed


def _same(written: CommentedMap, who: str, amount: Decimal, currency: str, anonymous: bool, note: str | None) -> bool:
    try:
        same_amount = Decimal(str(written.get("amount")).replace(",", "")) == amount
    except ArithmeticError:
        return False
    return (
        same_amount and str(written.get("who")) == who and str(written.get("currency")) == currency
        and str(written.get("status")) == PledgeStatus.PENDING.value
        and (written.get("anonymous") is True) == anonymous and (written.get("note") or None) == note
    )  # fmt: skip


def _number(amount: Decimal) -> int | str:
    """How an amount is written: a whole number as a YAML integer, cents as a string ("1000.50"),
    so the reader never sees a float."""
    return int(amount) if amount == amount.to_integral_value() else format(amount, "f")


def _milestone_entry(document: Document, milestone: str) -> CommentedMap:
    for entry in document.tree.get("roadmap") or []:
        if isinstance(entry, CommentedMap) and str(entry.get("id")) == milestone:
            return entry
    raise KeyError(f"no release or milestone has the id '{milestone}'")


def _pledge_entries(document: Document) -> Iterator[CommentedMap]:
    for entry in document.tree.get("roadmap") or []:
        pledges = entry.get("pledges") if isinstance(entry, CommentedMap) else None
        for pledge in pledges if isinstance(pledges, CommentedSeq) else ():
            if isinstance(pledge, CommentedMap):
                yield pledge
