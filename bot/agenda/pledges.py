"""Reading pledges, and a milestone's `target`, from the agenda's `roadmap`.

A pledge has an optional id (unique in the roadmap; chat gives one to each), a status (`pending`,
`confirmed` (the default: an organiser wrote it), `refused`, with an optional `reason`) and may be
`anonymous`: named in the YAML, for the organisers, and "anonymous" wherever it is shown. The
YAML edits chat makes are in `bot.agenda.pledge_edits`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.agenda.context import ReadContext
from bot.agenda.yamltree import Mark, YamlMap
from bot.model import Pledge, PledgeStatus
from bot.money import AmountError, parse_money

PLEDGE_KEYS = ("id", "who", "amount", "currency", "anonymous", "status", "reason", "note")
PLEDGE = "pledge"


def read_pledge(context: ReadContext, value: Any, at: Mark, entry: str) -> Pledge | None:
    """One entry of a milestone's `pledges`; None (and problems noted) when it is not one."""
    fields = context.fields
    record = fields.record(value, at, f"{entry}: a pledge")
    if record is None:
        return None
    pledge_id = fields.ident(record, "id", f"{entry}: pledge") if "id" in record else None
    what = f"{entry}: pledge '{pledge_id}'" if pledge_id else f"{entry}: pledge"
    fields.check_keys(record, PLEDGE_KEYS, what)
    who, amount = context.person(record, "who", what), fields.amount(record, "amount", what)
    currency = fields.text(record, "currency", what, required=True)
    if currency is not None and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        fields.problem(
            record.value_at("currency"), f"{what}: '{currency}' is not a currency code", "write EUR, USD, GBP, ..."
        )
        currency = None
    if "who" not in record:
        fields.required(record, "who", what)
    status = fields.choice(record, "status", what, PledgeStatus, PledgeStatus.CONFIRMED)
    reason = fields.text(record, "reason", what)
    if reason is not None and status is not PledgeStatus.REFUSED:
        fields.problem(
            record.key_at("reason"), f"{what} has a 'reason' but is {status.value}", "a reason says why it was refused"
        )
    anonymous, note = fields.flag(record, "anonymous", what), fields.text(record, "note", what)
    declared = pledge_id is None or context.declare(PLEDGE, pledge_id, record.value_at("id"))
    if not (who and amount and currency and declared):
        return None
    return Pledge(who, amount, currency, note, pledge_id, status, anonymous, reason)


def read_target(context: ReadContext, record: YamlMap, what: str) -> tuple[Decimal, str] | None:
    """A milestone's `target`, written as an amount is (`5,000 EUR`)."""
    text = context.fields.text(record, "target", what)
    if text is None:
        return None
    try:
        money = parse_money(text)
    except AmountError as error:
        message = f"{what}: 'target' is not an amount ({error})"
        context.fields.problem(record.value_at("target"), message, "write it as 5,000 EUR")
        return None
    return money.amount, money.currency
