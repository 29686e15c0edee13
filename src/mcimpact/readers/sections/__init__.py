"""The second pass of the scenario reader: the cross-references (ids, labels, years) and
the limits of the model that need the whole file, section by section, and the frozen
:class:`~mcimpact.model.scenario.Scenario` built from them.

Each module builds one section of the file from its schema model
(:mod:`mcimpact.readers._schema`) and reports each problem at its location through
``bad(location, message)``; a section with problems still gives what the later sections
need to be checked, so that every problem of the file is found in one pass. The order of
the sections is the order their problems are reported in where two share a line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from ...errors import Problem, ScenarioError
from ...model.scenario import NUMBER_SPREADS, Scenario
from .._lines import Loc
from .._locate import Locator, unknown
from .._schema import ScenarioIn, under
from .chains import build_chains, context
from .correlations import build_correlations
from .financing import build_financing
from .groups import build_groups
from .initiatives import build_initiatives
from .meta import build_meta
from .scales import build_scales
from .sensitivity import build_sensitivity
from .values import build_values


def build(spec: ScenarioIn, where: Locator, text: str, known: Sequence[Problem] = (),
          flagged: AbstractSet[Loc] = frozenset()) -> Scenario:
    """The scenario of data that passed the schema; every problem of the second pass
    raises one :class:`ScenarioError`, with the ``known`` problems found before (a
    workbook's unreadable cells) and none at or under their ``flagged`` locations."""
    problems: list[Problem] = list(known)

    def bad(loc: Loc, message: str) -> None:
        if not under(loc, flagged):
            problems.append(where.problem(loc, message))

    meta = build_meta(spec.meta, bad)
    beneficiaries, domains = build_groups(spec, bad)
    scales, labels = build_scales(spec.scales, bad)
    if spec.uncertainty.numbers not in NUMBER_SPREADS:
        bad(("uncertainty", "numbers"),
            unknown("numbers", spec.uncertainty.numbers, list(NUMBER_SPREADS)))
    named, included = build_values(spec, where, bad, problems.append)
    beneficiary_ids = [g.id for g in beneficiaries]
    initiatives = build_initiatives(spec, meta, beneficiary_ids, bad)
    chains = build_chains(spec, context(spec, meta, initiatives, beneficiary_ids,
                                        [g.id for g in domains], labels, named), bad)
    correlations = build_correlations(spec, chains, bad)
    financing = build_financing(spec, initiatives, meta, beneficiary_ids, bad)
    sensitivity = build_sensitivity(spec, bad)
    if problems:
        raise ScenarioError(problems)
    return Scenario(
        meta=meta, beneficiaries=beneficiaries, domains=domains, scales=scales,
        initiatives=tuple(initiatives), chains=tuple(chains), correlations=correlations,
        financing=financing, participants_cv=spec.uncertainty.participants_cv,
        numbers=spec.uncertainty.numbers,
        path=where.path, text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        values=tuple(named.values()), included=included, sensitivity=sensitivity,
    )
