"""Amounts of money as people write them in chat: `500 EUR`, `€500`, `USD 250`, `1.000,50 EUR`.

Exact decimals, never floats; what `format_money` writes, `parse_money` reads back; anything
else is an AmountError that says what to write, and never a crash.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.money import CURRENCIES, AmountError, Money, format_money, parse_money, read_money


@pytest.mark.parametrize(
    ("written", "amount", "currency"),
    [
        ("500 EUR", "500", "EUR"),
        ("500 eur", "500", "EUR"),
        ("EUR 500", "500", "EUR"),
        ("€500", "500", "EUR"),
        ("500€", "500", "EUR"),
        ("€ 500", "500", "EUR"),
        ("$250", "250", "USD"),
        ("250 USD", "250", "USD"),
        ("USD 250", "250", "USD"),
        ("US$250", "250", "USD"),
        ("£20", "20", "GBP"),
        ("1,000 EUR", "1000", "EUR"),
        ("1.000 EUR", "1000", "EUR"),  # three digits after a separator group thousands: a thousand
        ("1,000.50 EUR", "1000.50", "EUR"),
        ("1.000,50 EUR", "1000.50", "EUR"),  # the European way
        ("1,5 EUR", "1.50", "EUR"),
        ("0.10 EUR", "0.10", "EUR"),
        ("1,000,000 EUR", "1000000", "EUR"),
        ("1k EUR", "1000", "EUR"),
        ("2.5k usd", "2500", "USD"),
        ("1,000 EU", "1000", "EUR"),  # as the vserver sponsorship mail wrote it
        ("100 euros", "100", "EUR"),
        ("500 chf", "500", "CHF"),
        ("€500 EUR", "500", "EUR"),
    ],
)
def test_amounts_are_read_as_people_write_them(written: str, amount: str, currency: str) -> None:
    money = parse_money(written)
    assert money == Money(Decimal(amount), currency)
    assert isinstance(money.amount, Decimal)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("500", "say the currency: 500 EUR"),
        ("500 for the kernel", "say the currency: 500 EUR"),
        ("EUR", "say how much"),
        ("lots", "say how much"),
        ("0 EUR", "a pledge is more than 0"),
        ("-5 EUR", "a pledge is more than 0"),
        ("500XYZ", "is no currency I know"),
        ("€500 USD", "names two currencies"),
        ("€500EUR", "names a currency twice"),
        ("1,0000 EUR", "not a number I can read"),
        ("1,000.000 EUR", "not a number I can read"),
        ("9999999999999999 EUR", "more money than I can count"),
    ],
)
def test_what_is_no_amount_is_refused_with_what_to_write(written: str, says: str) -> None:
    with pytest.raises(AmountError, match=says):
        parse_money(written)


def test_the_amount_is_read_off_the_start_of_a_command() -> None:
    assert read_money(["500", "EUR", "pid-spaces", "--", "top-up"]) == (Money(Decimal(500), "EUR"), 2)
    assert read_money(["€500", "pid-spaces"]) == (Money(Decimal(500), "EUR"), 1)
    assert read_money(["USD", "250", "scheduler"]) == (Money(Decimal(250), "USD"), 2)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999999"), places=2)


@given(amounts, st.sampled_from(sorted(CURRENCIES)))
def test_a_formatted_amount_reads_back_as_itself(amount: Decimal, currency: str) -> None:
    assert parse_money(format_money(amount, currency)) == Money(amount, currency)


@given(amounts, st.sampled_from(sorted(CURRENCIES)))
def test_a_code_in_lower_case_and_in_front_reads_the_same(amount: Decimal, currency: str) -> None:
    shown = format_money(amount, currency).split()[0]
    assert parse_money(f"{currency.lower()} {shown}") == Money(amount, currency)


@given(st.text(max_size=40))
def test_garbage_is_refused_and_never_crashes(text: str) -> None:
    try:
        money = parse_money(text)
    except AmountError:
        return
    assert money.amount > 0
    assert money.amount.is_finite()
    assert money.currency in CURRENCIES


@given(st.lists(st.sampled_from(["1", "0", ",", ".", "k", "€", "$", "EUR", "eu", " ", "-", "'", "5"]), max_size=12))
def test_near_misses_are_refused_and_never_crash(parts: list[str]) -> None:
    try:
        money = parse_money("".join(parts))
    except AmountError:
        return
    assert money.amount > 0
    assert money.currency in CURRENCIES
