"""``[[correlations]]``: rank correlations of one input between groups of chains (by a
grouping or listed), and those of a chain's cohort years given by
``participants_by_year`` (rank 1: one success probability, effect size, … for all its
years)."""

from __future__ import annotations

from ...errors import say
from ...model.scenario import INPUT_NAMES, Chain, Correlation
from .._lines import Loc
from .._locate import Bad, unknown
from .._schema import CorrelationIn, ScenarioIn
from ._common import duplicates

Groups = dict[str, tuple[str, ...]]  # group → the ids of its chains
# The chain attribute each grouping groups by ("all": one group of every chain).
_BY = {"initiative": "initiative", "activity": "activity_key", "beneficiary": "beneficiary",
       "domain": "domain", "all": None}


def build_correlations(spec: ScenarioIn, chains: list[Chain], bad: Bad
                       ) -> tuple[Correlation, ...]:
    """The file's correlations, then those of the cohort years."""
    return _correlations(spec, chains, bad) + cohort_correlations(chains)


def cohort_correlations(chains: list[Chain]) -> tuple[Correlation, ...]:
    """Rank correlation 1 between the cohort years of a chain given by
    participants_by_year, for each of its uncertain inputs but the count: one success
    probability, effect size, value, duration and adjustment for all its years."""
    years: dict[str, list[Chain]] = {}
    for c in chains:
        if c.parent:
            years.setdefault(c.parent, []).append(c)
    out = []
    for parent, subs in years.items():
        if len(subs) < 2:
            continue
        for name, inp in zip(INPUT_NAMES, subs[0].inputs, strict=True):
            if name != "participants" and not inp.is_fixed:
                out.append(Correlation(name, 1.0, ((parent, tuple(s.id for s in subs)),)))
    return tuple(out)


def _correlations(spec: ScenarioIn, chains: list[Chain], bad: Bad
                  ) -> tuple[Correlation, ...]:
    out = []
    # A chain given by participants_by_year is its cohort years' chains: its count
    # correlates per year; its other inputs are one per chain already (rank 1).
    cohorts: dict[str, tuple[str, ...]] = {}
    for c in chains:
        if c.parent:
            cohorts[c.parent] = (*cohorts.get(c.parent, ()), c.id)
    claimed: dict[tuple[str, str], int] = {}
    known = {c.id for c in spec.chains}  # also those with problems of their own
    for n, corr in enumerate(spec.correlations):
        here = ("correlations", n)
        groups = _groups(corr, here, known, cohorts, chains, bad)
        if groups is None:
            continue
        for ids in groups.values():
            for chain_id in ids:
                if (chain_id, corr.input) in claimed:
                    bad(here, say("correlated_twice", "chain '{chain}' input '{input}' is "
                                  "already in correlations[{n}]", chain=chain_id,
                                  input=corr.input, n=claimed[chain_id, corr.input]))
                claimed[chain_id, corr.input] = n
        # With problems elsewhere, the model is not built.
        if len({c.parent or c.id for c in chains}) == len(spec.chains):
            out.append(Correlation(corr.input, corr.rank_correlation, tuple(groups.items())))
    return tuple(out)


def _groups(corr: CorrelationIn, here: Loc, known: set[str],
            cohorts: dict[str, tuple[str, ...]], chains: list[Chain], bad: Bad
            ) -> Groups | None:
    """The groups of chains one correlation entry correlates; None after a problem."""
    if corr.input not in INPUT_NAMES:
        bad((*here, "input"), unknown(say("what.input", "input"), corr.input,
                                      list(INPUT_NAMES)))
        return None
    if (corr.by is None) == (corr.chains is None):
        bad(here, say("by_or_chains", "give either 'by' (a group) or 'chains' (a list of "
                      "chain ids)"))
        return None
    groups = (_listed(corr.chains, here, known, cohorts, bad) if corr.chains is not None
              else _grouped(str(corr.by), here, chains, bad))
    if groups is None:
        return None
    split = sorted({c.split("@")[0] for ids in groups.values() for c in ids} & set(cohorts))
    if split and corr.input != "participants":
        bad(here, say("correlate_by_year", "chain '{chain}' gives participants_by_year: "
                      "only its participants can be correlated (its {input} is one for all "
                      "its cohort years)", chain=split[0], input=corr.input))
        return None
    return groups


def _listed(listed: list[str], here: Loc, known: set[str],
            cohorts: dict[str, tuple[str, ...]], bad: Bad) -> Groups | None:
    """``chains = [...]``: one group of the chains listed (a chain given by
    participants_by_year: each of its cohort years)."""
    unknown_ids = [c for c in listed if c not in known]
    if unknown_ids:
        names = sorted(known)
        names = [*names[:8], "…"] if len(names) > 8 else names
        bad((*here, "chains"), unknown(say("what.chain", "chain"), unknown_ids[0], names))
        return None
    twice = duplicates(list(listed))
    if twice:
        bad((*here, "chains"), say("chain_twice", "chain '{chain}' listed twice",
                                   chain=listed[twice[0]]))
        return None
    return {"chains": tuple(x for chain_id in listed
                            for x in cohorts.get(chain_id, (chain_id,)))}


def _grouped(by: str, here: Loc, chains: list[Chain], bad: Bad) -> Groups | None:
    """``by = GROUPING``: one group per member of the grouping with more than one
    chain."""
    if by not in _BY:
        bad((*here, "by"), unknown(say("what.grouping", "grouping"), by, list(_BY)))
        return None
    if by == "domain" and any(c.domain is None for c in chains):
        bad((*here, "by"), say("no_domains", "the scenario has no domains to group by"))
        return None
    key = _BY[by]
    grouped: dict[str, list[str]] = {}
    for c in chains:
        grouped.setdefault(getattr(c, key) if key else "all", []).append(c.id)
    return {k: tuple(v) for k, v in grouped.items() if len(v) > 1}
