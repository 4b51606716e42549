"""A long reply goes out as a few messages, each within Slack's limits: cut at line ends, never
inside a mrkdwn entity or an escape, at most five, the last saying how many lines were left out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.chat.paging import LIMIT, MAX_PARTS, paged, split_text

MORE = "…and {count} more lines."
LINE = st.text(st.sampled_from("ab <>|&;*_\u00e9\U0001f600"), max_size=120)
ENTITY = st.sampled_from(["<!date^1700000000^{time}|09:00 EDT>", "<https://example.org/a b|the page>", "&amp;"])


@given(st.lists(LINE, max_size=400), st.integers(min_value=130, max_value=4000))
def test_any_lines_come_back_whole_in_parts_under_the_limit(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)

    parts = split_text(text, limit)

    assert all(len(part) <= limit for part in parts)
    assert "\n".join(parts) == text


@given(st.lists(st.lists(st.one_of(ENTITY, st.text("ab ", max_size=8)), max_size=200).map("".join), max_size=5))
def test_an_over_long_line_is_cut_outside_entities(lines: list[str]) -> None:
    text = "\n".join(lines)

    parts = split_text(text, 200)

    assert all(len(part) <= 200 for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    for part in parts:
        assert part.count("<") == part.count(">")  # every entity whole in one part
        assert part.count("&") == part.count(";")


@given(st.lists(LINE, min_size=1, max_size=2000))
def test_paged_sends_at_most_five_and_counts_what_it_left_out(lines: list[str]) -> None:
    parts = paged("\n".join(lines), MORE, limit=500)

    assert len(parts) <= MAX_PARTS
    assert all(len(part) <= 500 for part in parts)
    sent = "\n".join(parts).split("\n")
    if sent[-1].startswith("…and "):
        left_out = int(sent[-1].split()[1].replace(",", ""))
        assert sent[:-1] == lines[: len(lines) - left_out]
    else:
        assert sent == lines


def test_the_who_of_a_big_event_is_five_messages_in_order_with_how_to_narrow() -> None:
    lines = [f"• Person number {n} _(maybe)_" for n in range(8000)]

    parts = paged("\n".join(lines), MORE)

    assert len(parts) == MAX_PARTS
    assert all(len(part) <= LIMIT for part in parts)
    sent = "\n".join(parts).split("\n")
    shown = len(sent) - 1
    assert sent[:-1] == lines[:shown]
    assert sent[-1] == f"…and {8000 - shown:,} more lines."


def test_a_short_reply_is_one_message_as_it_is() -> None:
    assert paged("Done: you are signed up.", MORE) == ["Done: you are signed up."]
