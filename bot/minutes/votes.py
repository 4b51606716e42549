"""Votes in a meeting, as Fedora's MeetBot runs them: a chair opens one with `#startvote QUESTION?
OPTION, OPTION` (Yes and No when none are given), anyone answers `#vote OPTION` (only the last
vote of each counts), and `#endvote` records the result with its tally:
`Voted on "QUESTION?" Results are, Yes: 3, No: 1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_OPTIONS = ("Yes", "No")
_QUESTION = re.compile(r"(?P<question>.*)\?\s*(?P<options>.*)")
_OPTIONS = re.compile(r"[^\w+-]+")


@dataclass
class Vote:
    """One open vote: the question, the options as written, and each voter's last choice."""

    question: str
    options: tuple[str, ...] = DEFAULT_OPTIONS
    choices: dict[str, str] = field(default_factory=dict)  # voter -> option (lower case)

    @classmethod
    def opened(cls, text: str) -> Vote | None:
        """The vote `#startvote TEXT` opens; None when TEXT has no question mark."""
        found = _QUESTION.match(text)
        if found is None:
            return None
        options = tuple(option for option in _OPTIONS.split(found["options"]) if option)
        return cls(found["question"].strip(), options or DEFAULT_OPTIONS)

    def cast(self, voter: str, option: str) -> bool:
        """Count `voter`'s vote (replacing an earlier one); False when the option is not offered."""
        chosen = option.strip().lower()
        if chosen not in (offered.lower() for offered in self.options):
            return False
        self.choices.pop(voter, None)  # a changed vote counts where it was last cast
        self.choices[voter] = chosen
        return True

    def result(self) -> str:
        """The line the minutes keep: the question and, for each option voted for, how many."""
        counts: dict[str, int] = {}
        for chosen in self.choices.values():
            counts[chosen] = counts.get(chosen, 0) + 1
        shown = {option.lower(): option for option in self.options}
        tally = "".join(f", {shown[chosen]}: {count}" for chosen, count in counts.items())
        return f'Voted on "{self.question}?" Results are{tally}'
