"""Errors that reach the user as located, one-line messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

# A scenario error lists at most this many problems, sorted by line; a last message says
# how many more there were (docs/scenario-format.md#limits).
MAX_PROBLEMS = 50


class Message(str):
    """A message of a problem: the plain English text (the string itself, as a library user
    reads it), with the ``reason`` (a short name) and the ``values`` a front end words it
    with in its own language, as the catalogues' text ``problem.<reason>`` filled in with
    the values (the English catalogue holds this very English; :meth:`Locale.message
    <mcimpact.present.locale.Locale.message>`). A value is shown literally (an id, a
    field's name, a bad value as the file wrote it), or is itself a Message, worded in
    turn; a tuple of them is shown joined by "; ". Made with :func:`say`."""

    reason: str
    values: dict[str, Any]
    template: str

    def __new__(cls, reason: str, template: str, values: dict[str, Any] | None = None
                ) -> Message:
        values = dict(values or {})
        shown = {k: "; ".join(map(str, v)) if isinstance(v, tuple) else v
                 for k, v in values.items()}
        made = super().__new__(cls, template.format(**shown) if values else template)
        made.reason, made.values, made.template = reason, values, template
        return made

    def __getnewargs__(self) -> tuple[str, str, dict[str, Any]]:  # type: ignore[override]
        return self.reason, self.template, self.values


def say(reason: str, english: str, /, **values: Any) -> Message:
    """The message ``problem.<reason>``: ``english`` (the English catalogue's text of that
    key, word for word) filled in with ``values``."""
    return Message(reason, english, values)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    entry: str | None = None  # e.g. "chains[3] (id 'selwerd-ontmoeting')"
    field: str | None = None  # e.g. "profile.duration"

    def parts(self) -> list[str]:
        """What :meth:`__str__` joins: the file (and line), the entry, the field (a
        :class:`Message`, "field '…'") and the message; a front end words the Messages."""
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [place]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(say("field", "field '{field}'", field=self.field))
        return [*parts, self.message]

    def __str__(self) -> str:
        return ": ".join(self.parts())


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
            counts = {"more": more, "total": self.total, "limit": MAX_PROBLEMS}
            self.problems.append(Problem(ordered[0].file, say(
                "more_one", "1 more problem not listed ({total} in all; at most MAX_PROBLEMS "
                "= {limit} are listed)", **counts) if more == 1 else say(
                "more", "{more} more problems not listed ({total} in all; at most "
                "MAX_PROBLEMS = {limit} are listed)", **counts)))
        super().__init__("\n".join(str(p) for p in self.problems))


class _Refusal(Exception):
    """An error with a ``reason`` (a short name) and the ``values`` it names, for a front
    end to word in its own language and with its own options (the command line says which
    flag to use: ``mcimpact.cli``); ``str()`` is a plain English message for a library
    user, which names no command-line flag. Raised with a message only, it has no reason
    (None) and is that message."""

    #: English messages for library users, by reason (or ``reason.what``, where the
    #: values name ``what``), filled in with the values.
    MESSAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, message: str = "", *, reason: str | None = None,
                 **values: object) -> None:
        self.reason, self.values = reason, values
        if not message and reason is not None:
            shown = {k: " or ".join(map(str, v)) if isinstance(v, tuple | list) else v
                     for k, v in values.items()}
            key = f"{reason}.{values.get('what')}"
            message = self.MESSAGES.get(key, self.MESSAGES.get(reason, reason)).format(**shown)
        super().__init__(message)


class OutputError(_Refusal):
    """An output that cannot be written (it exists and may not be replaced, a bad suffix,
    ...).

    Reasons (values): ``format`` (path, suffix, suffixes), ``no-directory`` (directory),
    ``exists`` (path), ``other-kind`` (path, what: "directory", "file" or "" for an
    output of another kind), ``not-written`` (path, staged), ``nothing-to-resume``
    (partial, path), ``partial-not-directory`` (partial), ``interrupted`` (partial,
    path), ``resume-precision``, ``resume-needs-zarr``, ``not-resumable`` (partial,
    detail), ``another-run`` (partial, detail), ``other-version`` (partial, missing),
    ``cluster-netcdf`` (path), ``not-empty`` (directory), ``no-chromium``,
    ``pdf-failed`` (detail)."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "format": "{path}: unknown output format '{suffix}'; use {suffixes}",
        "no-directory": "{directory}: directory does not exist",
        "exists": "{path}: exists (force=True replaces it)",
        "other-kind": "{path}: exists and is not an output of this kind (force=True "
                      "replaces only an output of the same kind)",
        "other-kind.directory": "{path}: exists and is a directory, not an output of this "
                                "kind (force=True replaces only an output of the same kind)",
        "other-kind.file": "{path}: exists and is a file, not an output of this kind "
                           "(force=True replaces only an output of the same kind)",
        "not-written": "{path}: nothing was written (nothing at {staged})",
        "nothing-to-resume": "{partial}: nothing to resume (no interrupted run writes "
                             "{path})",
        "partial-not-directory": "{partial}: exists and is not a directory; remove it",
        "interrupted": "{partial}: an interrupted run of {path} (resume=True continues it, "
                       "force=True starts anew)",
        "resume-precision": "resuming needs a fixed number of draws, not a precision",
        "resume-needs-zarr": "resuming continues a Zarr store (out=DIR.zarr)",
        "not-resumable": "{partial}: not an interrupted mcimpact run that can be resumed "
                         "({detail})",
        "another-run": "{partial}: another run, and only the same one is resumed: {detail}",
        "other-version": "{partial}: written by another version of mcimpact (no "
                         "{missing}); start anew (force=True)",
        "cluster-netcdf": "{path}: on a cluster the per-draw results go to a Zarr store "
                          "(DIR.zarr), not NetCDF",
        "not-empty": "{directory}: exists and is not an empty directory (force=True writes "
                     "into it)",
        "no-chromium": "a PDF needs a headless Chromium on PATH (Debian: apt-get install "
                       "chromium)",
        "pdf-failed": "printing the PDF failed: {detail}",
    }


class ResourceError(_Refusal):
    """A run that would not fit the memory or the disk that is free (refused before it
    starts).

    Reasons (values): ``draws`` (draws, financing: the number of financing scenarios,
    where: ``"memory"`` or ``"disk space at DIR"``, fit: the draws there is room for),
    ``analyses`` (draws, financing, gib: the memory the analyses' kept draws need
    [GiB])."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "draws": "{draws:,} draws of {financing} financing scenario(s) need more {where} "
                 "than this machine has free (room for about {fit:,}); use fewer draws or "
                 "fewer financing scenarios",
        "analyses": "{draws:,} draws of {financing} financing scenario(s) need more memory "
                    "than this machine has free for the analyses asked for (about "
                    "{gib:.1f} GiB); use fewer draws or fewer financing scenarios",
    }


class ClusterError(_Refusal):
    """A cluster that cannot run a run: not reachable, no workers, other versions.

    Reasons (values): ``dask-differs`` (detail: what the cluster said), ``no-workers``,
    ``other-versions`` (differ: per worker, the packages whose version differs),
    ``no-dask``, ``unreachable`` (scheduler, detail)."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "dask-differs": "the cluster's dask packages differ: {detail}",
        "no-workers": "the cluster has no workers",
        "other-versions": "the workers run other versions than this process: {differ}",
        "no-dask": "running on a cluster needs the dask extra: pip install 'mcimpact[dask]'",
        "unreachable": "cannot reach the scheduler at {scheduler}: {detail}",
    }

    def __init__(self, message: str = "", *, reason: str | None = None,
                 **values: object) -> None:
        differ = values.get("differ")
        if not message and reason == "other-versions" and isinstance(differ, tuple):
            message = self.MESSAGES[reason].format(differ="; ".join(map(str, differ)))
        super().__init__(message, reason=reason, **values)


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
