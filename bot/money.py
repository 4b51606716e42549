"""Amounts of money as people write them, read into an exact Decimal and a currency code.

One grammar: `format_money` writes what `parse_money` reads back (`1,000 EUR`, `1,000.50 EUR`).
People also write `€500`, `500€`, `$250`, `USD 250`, `250 usd`, `1k EUR`, `1.000,50 EUR` (the
European way) and `1,000 EU` (as the vserver sponsorship mail did). The rules:

- a separator (`,` or `.`) followed by one or two digits at the end is the decimal mark;
- a separator followed by groups of exactly three digits groups thousands, so `1.000 EUR` and
  `1,000 EUR` are both a thousand euros (three decimals are never meant for money here; whoever
  meant one euro writes `1 EUR`, and every reply says the amount back as read);
- both separators in one number: the last one is the decimal mark (`1.000,50`, `1,000.50`);
- `k` after the number is a thousand (`1k`, `2.5k`); `'` and spaces inside a number group too;
- the symbols `€`, `$`, `£` mean EUR, USD and GBP; codes are ISO 4217 in any case, and `EU`,
  `euro(s)`, `dollar(s)` and `pound(s)` are read as EUR, USD and GBP.

Never float: a float would turn 0.10 into 0.1000000000000000055511151231257827.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.errors import SummitbotError

MAX_DIGITS = 15  # a trillion and more is no pledge: a typo or an attack
_CODES = (  # ISO 4217, the currencies in use
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN "
    "BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
    "GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW "
    "KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD "
    "NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD "
    "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES "
    "VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
)
CURRENCIES = frozenset(_CODES.split())
ALIASES = {
    "€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "EU": "EUR", "EURO": "EUR", "EUROS": "EUR",
    "DOLLAR": "USD", "DOLLARS": "USD", "POUND": "GBP", "POUNDS": "GBP",
}  # fmt: skip
_NUMBER = re.compile(
    r"(?P<before>\D*?)(?P<number>\d[\d.,'\u00a0\u202f]*)(?P<k>[kK](?![a-zA-Z]))?(?P<after>\D*)", re.ASCII
)
_GROUPED = re.compile(r"\d{1,3}(?P<mark>[,.'\u00a0\u202f])\d{3}(?:(?P=mark)\d{3})*", re.ASCII)


class AmountError(SummitbotError):
    """Text that is not an amount of money; the message says what to write instead."""


@dataclass(frozen=True)
class Money:
    """An exact amount in a currency (an ISO 4217 code)."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


def format_money(amount: Decimal, currency: str) -> str:
    """`1,000 EUR`, or `1,000.50 EUR` when there are cents."""
    shown = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{shown} {currency}"


def currency_code(word: str) -> str | None:
    """The ISO code a word or symbol stands for (`eur`, `EU`, `€`), or None."""
    key = word.strip().upper()
    return ALIASES.get(key) or (key if key in CURRENCIES else None)


def parse_money(text: str) -> Money:
    """The amount in `text` (all of it): `500 EUR`, `€500`, `USD 250`, `1.000,50 eur`, `1k EUR`."""
    money, used = read_money(text.split())
    if used != len(text.split()):
        raise AmountError(f"'{' '.join(text.split())}' is not just an amount: write it as 500 EUR")
    return money


def read_money(words: Sequence[str]) -> tuple[Money, int]:
    """The amount at the start of `words`, and how many words it took (one to three)."""
    first = words[0] if words else ""
    found = _NUMBER.fullmatch(first)
    used = 1
    if found is None and len(words) > 1 and currency_code(first):  # `USD 250`, `€ 500`
        found, used = _NUMBER.fullmatch(words[1]), 2
        before = first
    else:
        before = found["before"] if found else ""
    if found is None:
        raise AmountError("say how much, with the currency: 500 EUR")
    after = found["after"]
    amount = _number(found["number"]) * (1000 if found["k"] else 1)
    if not before and not after and len(words) > used and currency_code(words[used]):  # `500 EUR`
        after, used = words[used], used + 1
    currency = _currency(before, after, first)
    if len(words) > used and (again := currency_code(words[used])):  # `€500 EUR`: said twice
        if again != currency:
            raise AmountError(f"'{' '.join(words[: used + 1])}' names two currencies: write 500 EUR")
        used += 1
    return Money(_checked(amount, first), currency), used


def _currency(before: str, after: str, written: str) -> str:
    if before.endswith("-"):
        raise AmountError(f"'{written}' is less than nothing: a pledge is more than 0")
    if before and after:
        raise AmountError(f"'{written}' names a currency twice: write 500 EUR")
    word = before or after
    if not word:
        raise AmountError("say the currency: 500 EUR")
    code = currency_code(word)
    if code is None:
        raise AmountError(f"'{word}' is no currency I know: write a code such as EUR, USD or GBP")
    return code


def _number(written: str) -> Decimal:
    """The value of the digits and separators of one number (see the module's rules)."""
    text = written.rstrip(".,")  # a sentence's full stop or comma after it
    decimals = re.search(r"[.,](\d{1,2})$", text, re.ASCII)
    whole, fraction = (text[: decimals.start()], decimals[1]) if decimals else (text, "")
    if not (whole.isdigit() or _GROUPED.fullmatch(whole)):
        raise AmountError(f"'{written}' is not a number I can read: write 1000 or 1,000.50")
    digits = re.sub(r"\D", "", whole, flags=re.ASCII)
    if len(digits) > MAX_DIGITS:
        raise AmountError("that is more money than I can count: check the amount")
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def _checked(amount: Decimal, written: str) -> Decimal:
    if amount <= 0:
        raise AmountError(f"'{written}' is nothing: a pledge is more than 0")
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount
