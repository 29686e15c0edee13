"""The limits a run holds to (docs/reliability.md, "Limits"), in one place so that the
command line, the API and the docs quote the same numbers. The scenario reader's own
limits (file size, problems reported, counts and amounts) live beside its schema in
:mod:`mcimpact.readers.toml`."""

from __future__ import annotations

#: The largest seed: the results dataset stores it as a 64-bit signed attribute.
MAX_SEED = 2**63 - 1
#: The most draws a run to a precision (``--precision``) takes.
MAX_DRAWS = 10_000_000
