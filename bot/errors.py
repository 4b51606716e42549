"""The nouns of failure: what can go wrong, in words the user can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a line and column (both 1-based)."""

    path: str
    line: int
    col: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class SummitbotError(Exception):
    """Base of every error summitbot expects and can explain."""


class UserError(SummitbotError):
    """Input the user can fix: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], summary: str = "") -> None:
        self.problems = tuple(sorted(problems))
        count = len(self.problems)
        self.summary = summary or f"{count} problem{'s' if count != 1 else ''}"
        super().__init__(self.summary)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems) or self.summary


class LockTimeout(SummitbotError):
    """Another writer held an agenda's lock for longer than we were willing to wait."""
