"""The limits a run holds to (docs/reliability.md, "Limits"), in one place so that the
command line, the API and the docs quote the same numbers. The scenario reader's own
limits (file size, problems reported, counts and amounts) live beside its schema in
:mod:`mcimpact.readers.toml`."""

from __future__ import annotations

#: The largest seed: the results dataset stores it as a 64-bit signed attribute.
MAX_SEED = 2**63 - 1
#: The most draws a run to a precision (``--precision``) takes.
MAX_DRAWS = 10_000_000
#: The most draws any run takes (every ``--draws`` and ``--max-draws``): the core counts
#: draws with 64-bit integers, and a count passes through float64 (the moments, the
#: probabilities, the JSON's ``draws``), whose whole numbers are exact up to 2⁵³.
MAX_DRAW_COUNT = 2**53


def check_draw_count(draws: int) -> None:
    """Refuse (:class:`ValueError`) a draw count a run cannot address: above
    :data:`MAX_DRAW_COUNT`."""
    if draws > MAX_DRAW_COUNT:
        raise ValueError(f"{draws:,} draws are more than a run can count: at most "
                         f"{MAX_DRAW_COUNT:,} (2^53, mcimpact.limits.MAX_DRAW_COUNT)")
