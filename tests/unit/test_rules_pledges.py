"""Validation rules for pledges' ids, status, anonymity and refusals, and a milestone's target.

Each test shows the exact problems a user reads (`path:line:col: message; hint`); the agenda text
starts with EVENT (lines 1-8), so the first line of a test's own text is line 9.
"""

from __future__ import annotations

from decimal import Decimal

from bot.agenda.load import parse_agenda
from bot.model import PledgeStatus
from tests.unit.agenda_text import problems_of
from tests.unit.test_rules_structure import agenda

DRIVE = """\
    people:
      - name: Serge Hallyn
    roadmap:
      - id: checkpoint
        title: Checkpoint/restart
        kind: milestone
        target: {target}
        pledges:
          - id: P1
            who: Serge Hallyn
            amount: "1000.50"
            currency: EUR
            anonymous: true
            status: {status}
          - id: {second}
            who: Serge Hallyn
            amount: 20
            currency: USD
            {last}
"""


def drive(target: str = "5.000 eur", status: str = "pending", second: str = "P2", last: str = "note: x") -> str:
    return agenda(DRIVE.format(target=target, status=status, second=second, last=last))


def test_pledges_read_with_their_id_status_anonymity_and_the_target() -> None:
    [milestone] = parse_agenda(drive(last="status: refused\n            reason: spam"), "demo.yaml").roadmap
    assert milestone.target == (Decimal(5000), "EUR")
    first, second = milestone.pledges
    assert (first.id, first.amount, first.status, first.anonymous) == (
        "P1", Decimal("1000.50"), PledgeStatus.PENDING, True,
    )  # fmt: skip
    assert (second.id, second.status, second.reason, second.anonymous) == ("P2", PledgeStatus.REFUSED, "spam", False)


def test_a_pledge_written_without_a_status_is_confirmed() -> None:
    [milestone] = parse_agenda(drive(), "demo.yaml").roadmap
    assert milestone.pledges[1].status is PledgeStatus.CONFIRMED


def test_pledge_ids_are_unique_statuses_known_reasons_for_refusals_and_targets_amounts() -> None:
    assert problems_of(drive(target="lots", status="maybe", second="P1", last="reason: changed my mind")) == [
        "demo.yaml:15:13: roadmap entry 'checkpoint': 'target' is not an amount (say how much, with the currency: "
        "500 EUR); write it as 5,000 EUR",
        "demo.yaml:22:17: roadmap entry 'checkpoint': pledge 'P1': 'status' cannot be 'maybe'; one of: pending, "
        "confirmed, refused",
        "demo.yaml:23:13: duplicate pledge id 'P1' (first used on line 17)",
        "demo.yaml:27:9: roadmap entry 'checkpoint': pledge 'P1' has a 'reason' but is confirmed; a reason says why "
        "it was refused",
    ]
