"""The ``mcimpact`` command line: it parses the options, plans a run's analyses
(:mod:`mcimpact.analysis`: one pass of a :class:`~mcimpact.run.Run` for everything a
command shows, here or on a dask cluster), renders them (:mod:`mcimpact.present`, in the
language of ``--lang``) and maps every ending to an exit code: 2 for a bad scenario,
option or output target (before any work), 1 for an internal error, 3 for a problem of the
system, 128 + N for signal N (docs/reliability.md).

One module per group of commands, each its options, the plan of its analyses and its
renderers; what they share (the app, the options, the refusals, the exit codes) is in
``_shared``. The modules are imported in the order ``--help`` lists the commands.
"""

from . import _scenario, _simulate, _analyses, _decide, _workbench  # noqa: F401, I001
from ._main import main
from ._shared import (
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_SYSTEM,
    Refused,
    app,
    parse_bands,
    parse_study,
    refusal,
)

__all__ = ["EXIT_BUG", "EXIT_INPUT", "EXIT_OK", "EXIT_SYSTEM", "Refused", "app", "main",
           "parse_bands", "parse_study", "refusal"]
