"""Errors that reach the user as located, one-line messages."""

from __future__ import annotations

from dataclasses import dataclass

# A scenario error lists at most this many problems, sorted by line; a last message says
# how many more there were (docs/scenario-format.md#limits).
MAX_PROBLEMS = 50


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
    """A scenario file that cannot become a model.

    Attributes
    ----------
    problems : list of Problem
        The first :data:`MAX_PROBLEMS` problems, sorted by line; when there were more, a
        last problem (without a line) says how many more.
    total : int
        How many problems were found in all.

    Parameters
    ----------
    problems : list of Problem
        Problems found, in any order.
    more : int
        Problems found but not worded (a reader that words only the first MAX_PROBLEMS
        by line of a large number).
    """

    def __init__(self, problems: list[Problem], more: int = 0):
        ordered = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
        self.total = len(ordered) + more
        self.problems = ordered[:MAX_PROBLEMS]
        if self.total > MAX_PROBLEMS:
            more = self.total - MAX_PROBLEMS
            self.problems.append(Problem(
                ordered[0].file,
                f"{more} more problem{'s' if more != 1 else ''} not listed ({self.total} in "
                f"all; at most MAX_PROBLEMS = {MAX_PROBLEMS} are listed)"))
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(Exception):
    """An output that cannot be written (exists without --force, bad suffix, ...)."""


class ResourceError(Exception):
    """A run that would not fit the memory or the disk that is free (refused before it
    starts)."""


class ClusterError(Exception):
    """A cluster that cannot run a run: not reachable, no workers, other versions."""


class ResultsError(Exception):
    """A results file (``mcimpact sim --out``) that cannot serve as a run's draws.

    Attributes
    ----------
    path : str
        The file.
    reason : str
        Why, for the caller to word: ``"unreadable"`` (``detail``: what the reader said),
        ``"not-monte-carlo"`` (a deterministic run), ``"no-financing"`` (``detail``: the
        financing scenario asked for that it has no results of), ``"no-inputs"`` (no
        sampled inputs, which the analysis asked for needs).
    detail : str
    """

    def __init__(self, path: str, reason: str, detail: str = "") -> None:
        self.path, self.reason, self.detail = path, reason, detail
        words = {
            "unreadable": f"cannot read results: {detail}",
            "not-monte-carlo": "not a Monte Carlo result",
            "no-financing": f"no results for financing scenario '{detail}'",
            "no-inputs": "the results have no sampled inputs (keep_inputs=True)",
        }
        super().__init__(f"{path}: {words.get(reason, reason)}")
