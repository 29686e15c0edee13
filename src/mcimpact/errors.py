"""Errors that reach the user as located, one-line messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    entry: str | None = None  # e.g. "chains[3] (id 'selwerd-ontmoeting')"
    field: str | None = None  # e.g. "profile.duration"

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [place]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class ScenarioError(Exception):
    """A scenario file that cannot become a model; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(Exception):
    """An output that cannot be written (exists without --force, bad suffix, ...)."""


class ResourceError(Exception):
    """A run that would not fit the memory or the disk that is free (refused before it
    starts)."""
