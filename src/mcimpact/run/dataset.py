"""Per-draw figures → the results :class:`xarray.Dataset` (docs/results.md).

The figures themselves are defined once, in :mod:`mcimpact.run.derive`; this module only
names them, with units, long names, coordinates and provenance.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from .._version import __version__
from ..model.scenario import GROUPS, UNTAGGED, Group, Scenario
from .derive import PerDraw, break_even_year, never_year, yearly_costs

if TYPE_CHECKING:
    import xarray as xr

# Re-exported: the sensitivity analysis takes these definitions from here.
__all__ = ["assemble", "break_even_year", "never_year", "yearly_costs"]

#: The metadata conventions the dataset follows (docs/results.md#conventions).
CONVENTIONS = "CF-1.10"


def created() -> str:
    """The day the dataset is made, ISO 8601 (UTC): ``SOURCE_DATE_EPOCH`` when set (for
    reproducible files), else today. A day, not a time: two runs of the same identity
    made in one session give identical datasets, attributes included."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit()
            else datetime.datetime.now(datetime.UTC))
    return when.date().isoformat()


def assemble(scenario: Scenario, per_draw: PerDraw | Mapping[str, np.ndarray],
             discount: np.ndarray, attrs: dict[str, object]) -> xr.Dataset:
    """The results dataset of per-draw figures (docs/results.md), with the scenario's
    coordinates and the run's provenance in ``attrs``: every figure of a
    :class:`~mcimpact.run.derive.PerDraw`, or those of a mapping by name (the variables
    an analysis keeps)."""
    import xarray as xr  # only when a dataset is asked for (it takes ~0.3 s to import)

    given = {**(per_draw if isinstance(per_draw, Mapping)
                else {f.name: getattr(per_draw, f.name) for f in fields(per_draw)}),
             "discount_factor": discount}
    if "added_years" in given:
        given["added_years"] = given["added_years"].astype(np.int16)
    data = {name: (dims, given[name], meta) for name, (dims, meta)
            in _variables(scenario, discount).items() if name in given}
    ds = xr.Dataset(data, coords=_coordinates(scenario))
    ds.attrs.update({**_provenance(scenario, str(attrs.get("mode", ""))), **attrs})
    return ds


#: The languages a group's names always have a coordinate in (with its first name where
#: it has none in one), by what they are called in a long name.
NAMED_LANGUAGES = {"nl": "Dutch", "en": "English"}


def _group_names(dim: str, what: str, groups: Sequence[Group]) -> dict[str, Any]:
    """``<dim>_<code>`` per language: Dutch, English, and every other language a group
    is named in (sorted by code), each group's name in it (:meth:`Group.name`)."""
    others = sorted({code for g in groups for code in g.names} - set(NAMED_LANGUAGES))
    return {f"{dim}_{code}": (dim, [g.name(code) for g in groups],
                              {"long_name": f"{what} name ({NAMED_LANGUAGES.get(code, code)})"})
            for code in [*NAMED_LANGUAGES, *others]}


def _coordinates(scenario: Scenario) -> dict[str, Any]:
    """The dataset's coordinates: financing scenarios, years, periods and every group,
    with their names."""
    meta = scenario.meta
    tags = scenario.tag_members

    def text(values: list[str]) -> np.ndarray:  # text even when there are none
        return np.array(values, dtype=str)

    return {
        "financing": ("financing", [f.id for f in scenario.financing],
                      {"long_name": "financing scenario"}),
        "financing_name": ("financing", [f.name for f in scenario.financing],
                           {"long_name": "financing scenario name"}),
        # The calendar year as a number (2021, ...), not a CF time coordinate ("since").
        "year": ("year", meta.years, {"long_name": "calendar year", "units": "1"}),
        "period": ("period", list(meta.periods),
                   {"long_name": f"{meta.period_length}-year period"}),
        "initiative": ("initiative", [i.id for i in scenario.initiatives],
                       {"long_name": "initiative"}),
        "initiative_name": ("initiative", [i.name for i in scenario.initiatives],
                            {"long_name": "initiative name"}),
        "activity": ("activity", [a.key for a in scenario.activities],
                     {"long_name": "activity (initiative:activity)"}),
        "activity_name": ("activity", [a.name for a in scenario.activities],
                          {"long_name": "activity name"}),
        "beneficiary": ("beneficiary", [g.id for g in scenario.beneficiaries],
                        {"long_name": "beneficiary group"}),
        **_group_names("beneficiary", "beneficiary group", scenario.beneficiaries),
        **_group_names("domain", "life domain", scenario.domains),
        # Every tag key's members along one dimension; tag_key and tag_value say which.
        "tag": ("tag", text([f"{key}={value}" for key, values in tags for value in values]),
                {"long_name": "tag (key=value)"}),
        "tag_key": ("tag", text([key for key, values in tags for _ in values]),
                    {"long_name": "tag key"}),
        "tag_value": ("tag", text([value for _, values in tags for value in values]),
                      {"long_name": f"tag value ({UNTAGGED}: the chains without the tag)"}),
    }


def _variables(scenario: Scenario, discount: np.ndarray
               ) -> dict[str, tuple[tuple[str, ...], dict[str, object]]]:
    """Every per-draw variable's dimensions and attributes (units, long names)."""
    meta = scenario.meta
    never = never_year(scenario)
    eur = {"units": meta.currency}
    at = ("the start year" if meta.discount_year == meta.start_year
          else f"the base year {meta.discount_year}")
    pv = f"present value at {at}" if np.any(discount != 1) else "sum over the horizon"
    per = ("draw", "financing")
    out: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
        "benefits": ((*per, "year"), {**eur, "long_name": "benefits per year (nominal)"}),
        "costs": ((*per, "year"), {**eur, "long_name": "costs per year (nominal)"}),
        "added_years": ((*per, "initiative"), {
            "units": "years",
            "long_name": "years of added funding granted (beyond the initiative's costs)"}),
        "discount_factor": (("year",), {"units": "1", "long_name": "present-value factor"}),
        "benefits_total": (per, {**eur, "long_name": f"total benefits, {pv}"}),
        "benefits_claimable": (per, {**eur, "long_name": f"claimable benefits, {pv}"}),
        "costs_total": (per, {**eur, "long_name": f"total costs, {pv}"}),
        "costs_by_initiative": ((*per, "initiative"),
                                {**eur, "long_name": f"costs per initiative, {pv}"}),
        "net_benefit": (per, {**eur, "long_name": f"benefits − costs, {pv}"}),
        "multiplier": (per, {"units": "EUR per EUR", "long_name": "benefits / costs"}),
        "break_even_year": (per, {
            "long_name": "first year cumulative benefits >= cumulative costs",
            "units": "1",
            "never": never,
            "comment": f"{never} (the first year after the horizon) means no break-even "
                       "within the horizon",
        }),
        "payback_years": (per, {
            "units": "years",
            "long_name": "payback period: years from the start of the horizon until cumulative "
                         "benefits reach cumulative costs, interpolated within the year",
            "comment": "NaN: no break-even within the horizon; under the SROI time "
                       "convention counted from the investment in Year 0"}),
        "benefits_by_period": ((*per, "period"),
                               {**eur, "long_name": f"benefits per period, {pv}"}),
        "multiplier_by_initiative": ((*per, "initiative"), {
            "units": "EUR per EUR", "long_name": "initiative benefits / initiative costs"}),
        "cost_claim_by_domain": ((*per, "domain"), {
            **eur, "long_name": "costs allotted in proportion to benefits (domain benefits / "
                                "multiplier)"}),
    }
    for group in GROUPS:
        out[f"benefits_by_{group}"] = ((*per, group),
                                       {**eur, "long_name": f"benefits per {group}, {pv}"})
    out["benefits_by_tag"] = ((*per, "tag"),
                              {**eur, "long_name": f"benefits per tag value, {pv}"})
    return out


def _provenance(scenario: Scenario, mode: str) -> dict[str, object]:
    """The dataset's CF attributes and the scenario it is of (the run's own are added)."""
    meta = scenario.meta
    date = created()
    method = "Monte Carlo simulation" if mode == "monte-carlo" else "deterministic run"
    cf = {
        "Conventions": CONVENTIONS,
        "title": f"mcimpact results: {meta.name}",
        "institution": meta.institution,
        "source": f"mcimpact {__version__} ({method} of a social cost-benefit analysis)",
        "history": f"{date} mcimpact {__version__}: {method} of {scenario.path}",
        "references": meta.source,
        "comment": meta.description,
        "date_created": date,
    }
    return {
        **{key: value for key, value in cf.items() if value},
        "scenario_name": meta.name,
        "scenario_path": scenario.path,
        "scenario_sha256": scenario.sha256,
        "scenario_text": scenario.text,
        "mcimpact_version": __version__,
        "start_year": meta.start_year,
        "horizon": meta.horizon,
        "currency": meta.currency,
    }
