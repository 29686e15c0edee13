"""A scenario and its data: the posterior of every input with data, one input by its
conjugate rule or the general method, and the updates a posterior file records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import Problem, ScenarioError, say
from ...model.distributions import Input
from ...model.monitoring import DataFile, Monitoring, Observation, Record
from ...model.scenario import Chain, Scenario
from ._conjugate import CONJUGATE
from ._general import Unreliable, general
from ._pooled import _update_pools
from ._types import Evidence, InputUpdate, Posterior


def update_input(prior: Input, measure: str, observations: Sequence[Observation],
                 input_name: str) -> tuple[Input, str, bool, float, Evidence]:
    """(posterior, method, exact, fit error, evidence) of one input. Raises ValueError
    with a message for the user (a :class:`~mcimpact.errors.Message`, ``args[0]``) when
    the input cannot be updated."""
    ev = Evidence.of(measure, observations)
    if prior.dist == "poisson" or prior.is_fixed:
        what = (say("update.poisson", "a Poisson count (mean {mean:g}) has a known mean",
                    mean=prior.point) if prior.dist == "poisson" else
                say("update.fixed", "it is fixed at {value:g}", value=prior.point))
        raise ValueError(say("update.unmoved", "{what}, so data cannot move it; give the "
                             "count a negative binomial or another distribution to learn its "
                             "mean (a plain count N at or below 1/participants_cv² is "
                             "Poisson)", what=what))
    conjugate = CONJUGATE.get((measure, prior.dist))
    if conjugate is not None:
        name, rule = conjugate
        try:
            return rule(prior, ev), name, True, 0.0, ev
        except ValueError as exc:
            raise ValueError(say("update.invalid", "the {name} posterior is not a valid "
                                 "distribution ({detail})", name=_EXACT.get(name, name),
                                 detail=_said(exc))) from None
    try:
        posterior, error = general(prior, ev, input_name)
    except Unreliable as exc:
        raise ValueError(say("update.general_refuses", "the general method refuses: "
                             "{detail}; give the input a {kind} prior for an exact update, "
                             "or check the data", detail=_said(exc),
                             kind=_conjugate_hint(measure))) from None
    return posterior, f"grid posterior fitted to {posterior.dist}", False, error, ev


#: The exact methods' names (CONJUGATE) in a message.
_EXACT = {"beta-binomial": say("update.exact.beta_binomial", "beta-binomial"),
          "gamma-Poisson": say("update.exact.gamma_poisson", "gamma-Poisson"),
          "normal-normal (truncated)": say("update.exact.normal_normal",
                                           "normal-normal (truncated)")}


def _said(exc: Exception) -> str:
    """What an exception says: its message as raised (a Message stays one)."""
    said = exc.args[0] if len(exc.args) == 1 else None
    return said if isinstance(said, str) else str(exc)


def _conjugate_hint(measure: str) -> str:
    return next(kind for (m, kind) in CONJUGATE if m == measure)


def update(scenario: Scenario, data: Monitoring, *, records: Sequence[Record] = (),
           earlier: Sequence[DataFile] = ()) -> Posterior:
    """The posterior of every input with data.

    Parameters
    ----------
    scenario : Scenario
        The prior (a posterior file of an earlier update is a prior too).
    data : Monitoring
        From :func:`mcimpact.readers.monitoring.load` on this scenario.
    records : sequence of Record
        The inputs updated earlier (a posterior file's provenance): an input with new
        data is updated again from its recorded prior with the earlier and the new data.
    earlier : sequence of DataFile
        The data files of the earlier updates.

    Raises
    ------
    ScenarioError
        Each input that cannot be updated, located at its first row in the data file.
    """
    _check_not_again(data, earlier)
    chains = {c.id: c for c in scenario.chains}
    recorded = {(r.chain, r.input): r for r in records}
    problems: list[Problem] = []
    # the earlier posteriors stand until new data come
    updates = {(u.chain, u.input): u for u in recorded_updates(records)}
    new = data.inputs()
    pooled_new = {(o.chain, o.input) for o in data.observations if o.pool}
    for chain_id, input_name in new:
        rec = recorded.get((chain_id, input_name))
        if (chain_id, input_name) in pooled_new or (
                rec is not None and any(o.pool for o in rec.observations)):
            _check_pool_kept(data, chain_id, input_name, rec,
                             (chain_id, input_name) in pooled_new, problems)
            continue
        got = _update_one(chains[chain_id], input_name, data, rec, problems)
        if got is not None:
            updates[chain_id, input_name] = got
    _update_pools(chains, data, recorded, updates, problems)
    if problems:
        raise ScenarioError(problems)
    order = {c.id: i for i, c in enumerate(scenario.chains)}
    inputs = ("participants", "success_probability", "effect_size")
    ordered = sorted(updates.values(), key=lambda u: (order.get(u.chain, 0),
                                                      inputs.index(u.input)))
    return Posterior(scenario, tuple(ordered),
                     (*earlier, DataFile(data.path, data.sha256, data.rows)), tuple(new))


def _check_not_again(data: Monitoring, earlier: Sequence[DataFile]) -> None:
    """Raise ScenarioError if this data file (by its hash) went into an earlier update."""
    again = [d for d in earlier if d.sha256 == data.sha256]
    if again:
        raise ScenarioError([Problem(data.path, say(
            "update.again", "this data file (sha256 {sha}…) already went into the "
            "posterior, as {path} (its [provenance]); its measurements would count twice",
            sha=data.sha256[:12], path=again[0].path))])


def _check_pool_kept(data: Monitoring, chain_id: str, input_name: str, rec: Record | None,
                     pooled: bool, problems: list[Problem]) -> None:
    """Add a problem to ``problems`` if an input updated before changes between pooled
    and not pooled (``pooled``: whether its new rows name a pool)."""
    was_pooled = rec is not None and any(o.pool for o in rec.observations)
    if was_pooled != pooled and rec is not None:
        obs = data.of(chain_id, input_name)
        problems.append(Problem(data.path, say(
            "update.was_pooled", "chain '{chain}': its success_probability was updated in a "
            "pool before; give its new rows that pool too", chain=chain_id) if was_pooled
            else say("update.was_not_pooled", "chain '{chain}': its success_probability was "
                     "updated without a pool before; give its new rows no pool too",
                     chain=chain_id), line=obs[0].line,
            entry=say("csv.column", "column '{name}'", name="pool")))


def _update_one(chain: Chain, input_name: str, data: Monitoring, rec: Record | None,
                problems: list[Problem]) -> InputUpdate | None:
    """The update of one input (not pooled) of ``chain`` with its new data, from its
    recorded prior with the earlier data too when ``rec`` names one; None, with a
    problem added to ``problems``, when it cannot be updated."""
    obs = data.of(chain.id, input_name)
    current: Input = getattr(chain, input_name)
    prior, label = current, current.label
    earlier_obs: tuple[Observation, ...] = ()
    if rec is not None:
        prior, label, earlier_obs = rec.prior, rec.prior_label, rec.observations
        if obs[0].measure == "participants":
            years = {o.year for o in earlier_obs}
            counted = [o for o in obs if o.year in years]
            if counted:
                problems.append(Problem(data.path, say(
                    "update.counted", "chain '{chain}': the participants of cohort year "
                    "{year} are already in the posterior's earlier data", chain=chain.id,
                    year=counted[0].year), line=counted[0].line,
                    entry=say("csv.column", "column '{name}'", name="year")))
                return None
    everything = (*earlier_obs, *obs)
    try:
        posterior, method, exact, error, ev = update_input(
            prior, obs[0].measure, everything, input_name)
    except ValueError as exc:
        problems.append(Problem(data.path, say(
            "update.cannot", "chain '{chain}': {input} ({prior}): {detail}", chain=chain.id,
            input=input_name, prior=_describe(prior), detail=_said(exc)), line=obs[0].line,
            entry=say("csv.column", "column '{name}'", name="measure")))
        return None
    return InputUpdate(chain.id, input_name, prior, posterior, method, exact, error, ev,
                       everything, label)


def recorded_updates(records: Sequence[Record]) -> tuple[InputUpdate, ...]:
    """The updates a posterior file's provenance records (:func:`mcimpact.readers.
    posterior.records`), in its order, with their evidence summed again from their
    data."""
    return tuple(InputUpdate(r.chain, r.input, r.prior, r.posterior, r.method, r.exact,
                             r.fit_error, Evidence.of(r.observations[0].measure,
                                                      r.observations),
                             r.observations, r.prior_label) for r in records)


def prior_of(posterior: Scenario, records: Sequence[Record]) -> Scenario:
    """The judgement before any measurement: the posterior scenario with every recorded
    input set back to its recorded prior (the prior file itself is named by its hash in
    the provenance, not kept). Every other part of the scenario, its financing scenarios
    as selected included, is the posterior's, so both run on the same draws."""
    from dataclasses import replace

    priors: dict[str, dict[str, Input]] = {}
    for r in records:
        priors.setdefault(r.chain, {})[r.input] = r.prior
    inputs: dict[str, dict[str, Any]] = priors
    return replace(posterior, chains=tuple(
        replace(c, **inputs[c.id]) if c.id in inputs else c for c in posterior.chains))


def _describe(inp: Input) -> str:
    if inp.label is not None:
        return say("update.prior_label", "label '{label}'", label=inp.label)
    return f"'{inp.dist}'"
