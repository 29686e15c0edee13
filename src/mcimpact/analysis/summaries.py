"""Summaries of a run, reduced chunk by chunk: per-draw figures in, a typed
:class:`~mcimpact.analysis.types.Summary` out, with memory bounded by the chunk.

Each financing scenario's figures are the columns of one
:class:`~mcimpact.run.reducers.WindowStats` (the benefits, costs and their cumulative sums
per year, the totals, every breakdown: moments, extremes and the summary's quantiles),
the paired comparisons those of another, the multipliers' whole distributions (for the
histogram) a :class:`~mcimpact.run.reducers.FineHistogram`; the break-even years and the
probabilities are plain counts. Everything is merged in draw
order, so the summary does not depend on the chunk size or the number of threads.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .._version import __version__
from ..core.threads import run_all
from ..model.scenario import Scenario
from ..run.derive import PerDraw, never_year
from ..run.reducers import FineHistogram, WindowStats, inverted_cdf_ranks, mcse
from ..run.run import Chunk, chunk_bounds
from .types import (
    BREAKDOWNS,
    BY_YEAR,
    QUANTILES,
    SCALARS,
    BreakEven,
    Comparison,
    Distribution,
    FinancingSummary,
    Histogram,
    Incremental,
    Labels,
    Provenance,
    Summary,
)

if TYPE_CHECKING:
    import xarray as xr

_P = np.array(list(QUANTILES.values()))
#: Bins of the multiplier histogram in a summary (for the figures).
HISTOGRAM_BINS = 60


@dataclass(frozen=True)
class _Field:
    """A figure of a financing scenario: its name, the keys of its columns (None for a
    scalar), the per-draw variable it is taken from and whether it is that variable's
    cumulative present value over the years."""

    name: str
    keys: tuple[str, ...] | None
    var: str
    cumulative: bool = False
    columns: slice | None = None  # of the variable's last axis; None: all


def _fields(scenario: Scenario) -> list[_Field]:
    years = tuple(str(y) for y in scenario.meta.years)
    keys = {
        "initiative": tuple(i.id for i in scenario.initiatives),
        "activity": tuple(a.key for a in scenario.activities),
        "beneficiary": tuple(g.id for g in scenario.beneficiaries),
        "domain": tuple(g.id for g in scenario.domains),
        "period": tuple(scenario.meta.periods),
    }
    out = [_Field("benefits_by_year", years, "benefits"),
           _Field("costs_by_year", years, "costs"),
           _Field("cumulative_benefits_by_year", years, "benefits", cumulative=True),
           _Field("cumulative_costs_by_year", years, "costs", cumulative=True)]
    assert tuple(f.name for f in out) == BY_YEAR
    out += [_Field(name, None, name) for name in SCALARS]
    out.append(_Field("payback_years", None, "payback_years"))  # NaN draws: not paid back
    out += [_Field(name, keys[dim], name) for name, dim in BREAKDOWNS.items()]
    # Last, so that the other figures keep their columns: "benefits_by_tag:<key>".
    start = 0
    for key, members in scenario.tag_members:
        out.append(_Field(f"benefits_by_tag:{key}", members, "benefits_by_tag",
                          columns=slice(start, start + len(members))))
        start += len(members)
    return out


class SummaryReducer:
    """Reduces chunks of per-draw figures (:class:`~mcimpact.run.derive.PerDraw`) of a
    scenario to its :class:`~mcimpact.analysis.types.Summary`.

    Parameters
    ----------
    scenario : Scenario
        The scenario run (its financing scenarios in the run's order).
    mode : {"monte-carlo", "deterministic"}
    seed : int, optional
        The run's seed (None for a deterministic run).
    precision : float, optional
        The precision the run was asked for, if any (provenance only).
    precision_reached : bool, optional
        Whether the run reached it (provenance only; may be set when the run ends).
    draws : int, optional
        The draws it will be fed, where known (a run to a precision: at least these): a
        run of more than one chunk keeps no sorted pilot (:class:`WindowStats`).
    """

    def __init__(self, scenario: Scenario, *, mode: str = "monte-carlo",
                 seed: int | None = None, precision: float | None = None,
                 precision_reached: bool | None = None, draws: int | None = None) -> None:
        self.scenario = scenario
        self.mode = mode
        self.seed = seed
        self.precision = precision
        #: Whether the run reached ``precision`` (set by the run's driver when it ends).
        self.precision_reached = precision_reached
        self.discount = scenario.meta.discount_factors
        self.fields = _fields(scenario)
        widths = [1 if f.keys is None else len(f.keys) for f in self.fields]
        self.offsets = np.cumsum([0, *widths])
        n_fin = len(scenario.financing)
        self.stats = [WindowStats(int(self.offsets[-1]), _P, draws=draws)
                      for _ in range(n_fin)]
        # The multiplier's whole distribution, for the histogram of the figures.
        self.multipliers = FineHistogram(n_fin)
        self.pairs = [(a, b) for b in range(n_fin) for a in range(b + 1, n_fin)]
        # Per pair: net benefit, benefits and costs differences, and the per-draw ratio
        # ΔB / ΔC where the costs differ (NaN elsewhere, left out).
        omit = np.tile([False, False, False, True], len(self.pairs))
        self.pair_stats = WindowStats(4 * len(self.pairs), _P, omit=omit, draws=draws)
        self.n = 0
        n_years = scenario.meta.horizon
        self.break_even = np.zeros((n_fin, n_years + 1), dtype=np.int64)
        self.multiplier_counts = np.zeros((n_fin, 2), dtype=np.int64)  # > 1, ≥ 3
        self.pair_counts = np.zeros((len(self.pairs), 2), dtype=np.int64)

    def consume(self, chunk: Chunk) -> None:
        self.add(chunk.per)

    def part(self, first: int) -> SummaryReducer:
        """An empty reducer of draws ``first …`` with this one's calibration (after the
        pilot), to be filled elsewhere and merged back in draw order (:meth:`merge`;
        :mod:`mcimpact.run.backends.dask`)."""
        part = copy.copy(self)
        part.stats = [s.part(first) for s in self.stats]
        part.multipliers = self.multipliers.part(first)
        if self.pairs:
            part.pair_stats = self.pair_stats.part(first)
        part.n = 0
        part.break_even = np.zeros_like(self.break_even)
        part.multiplier_counts = np.zeros_like(self.multiplier_counts)
        part.pair_counts = np.zeros_like(self.pair_counts)
        return part

    def merge(self, part: SummaryReducer) -> None:
        """Add a :meth:`part` filled with the draws that follow those here."""
        for mine, theirs in zip(self.stats, part.stats, strict=True):
            mine.merge(theirs)
        self.multipliers.merge(part.multipliers)
        if self.pairs:
            self.pair_stats.merge(part.pair_stats)
        self.break_even += part.break_even
        self.multiplier_counts += part.multiplier_counts
        self.pair_counts += part.pair_counts
        self.n += part.n

    def add(self, per: PerDraw) -> None:
        """Add the next chunk of draws (in draw order).

        Each figure is read once, where the run laid it out (each draw axis contiguous,
        :func:`mcimpact.run.derive.derive`), by one task per financing scenario and
        figure on the core's threads; the cumulative present values are summed as they
        are read.
        """
        n = len(per)
        if n == 0:
            return
        start = self.scenario.meta.start_year
        tasks = []
        for f, stats in enumerate(self.stats):
            stats.begin(n)
            for field, lo in zip(self.fields, self.offsets[:-1], strict=True):
                values = getattr(per, field.var)[:, f]
                if field.columns is not None:
                    values = values[..., field.columns]
                if values.dtype != np.float64:
                    values = values.astype(np.float64)
                tasks.append(stats.feed(int(lo), values.reshape(n, -1).T,
                                        self.discount if field.cumulative else None))
            index = per.break_even_year[:, f] - start
            self.break_even[f] += np.bincount(index, minlength=self.break_even.shape[1])
            m = per.multiplier[:, f]
            self.multiplier_counts[f] += (np.count_nonzero(m > 1), np.count_nonzero(m >= 3))
        if self.pairs:
            columns = np.empty((4 * len(self.pairs), n))
            with np.errstate(invalid="ignore", divide="ignore"):
                for k, (a, b) in enumerate(self.pairs):
                    db = per.benefits_total[:, a] - per.benefits_total[:, b]
                    dc = per.costs_total[:, a] - per.costs_total[:, b]
                    columns[4 * k] = db - dc
                    columns[4 * k + 1] = db
                    columns[4 * k + 2] = dc
                    columns[4 * k + 3] = np.where(dc != 0, db / np.where(dc != 0, dc, 1.0),
                                                  np.nan)
                    self.pair_counts[k] += (
                        np.count_nonzero(per.multiplier[:, a] > per.multiplier[:, b]),
                        np.count_nonzero(db - dc > 0))
            self.pair_stats.begin(n)
            tasks.append(self.pair_stats.feed(0, columns))
        multipliers = np.ascontiguousarray(per.multiplier.T)
        tasks.append(lambda: self.multipliers.add(multipliers))
        run_all(tasks)
        for stats in self.stats:
            stats.end()
        if self.pairs:
            self.pair_stats.end()
        self.n += n

    # -- the summary -------------------------------------------------------------------

    def summary(self) -> Summary:
        """The summary of the draws added so far (more may follow)."""
        if self.n == 0:
            raise ValueError("no draws to summarise")
        sc = self.scenario
        meta = sc.meta
        point = self.mode == "deterministic"
        histograms = [None] * len(self.stats) if point else self._histograms()
        blocks = {fin.id: self._block(f, fin.name, point, histograms[f])
                  for f, fin in enumerate(sc.financing)}
        comparisons = tuple(self._comparison(k, point) for k in range(len(self.pairs)))
        provenance = Provenance(
            scenario_name=meta.name, scenario_path=sc.path, scenario_sha256=sc.sha256,
            version=__version__, mode=self.mode, draws=self.n,
            seed=None if point else self.seed, precision=None if point else self.precision,
            currency=meta.currency, years=(meta.start_year, meta.end_year),
            precision_reached=None if point else self.precision_reached,
            time_convention=meta.time_convention, discount_year=meta.discount_year)
        return Summary(provenance, labels(sc), blocks, comparisons)

    def _distributions(self, stats: WindowStats, point: bool) -> list[Distribution]:
        mean, sd = stats.moments()
        if point:
            return [Distribution.of_point(m) for m in mean]
        q = stats.quantiles(_P)
        se = mcse(sd, stats.count())
        out = []
        for k in range(len(mean)):
            p5, p10, p25, p50, p75, p90, p95 = map(float, q[k])  # QUANTILES' order
            out.append(Distribution(float(mean[k]), float(sd[k]), float(se[k]),
                                    p5, p10, p25, p50, p75, p90, p95))
        return out

    def _block(self, f: int, name: str, point: bool,
               histogram: Histogram | None) -> FinancingSummary:
        dists = self._distributions(self.stats[f], point)
        values: dict[str, object] = {}
        by_tag: dict[str, dict[str, Distribution]] = {}
        for field, lo, hi in zip(self.fields, self.offsets[:-1], self.offsets[1:],
                                 strict=True):
            part = dists[lo:hi]
            values[field.name] = (part[0] if field.keys is None
                                  else dict(zip(field.keys, part, strict=True)))
            if field.columns is not None:
                by_tag[field.name.partition(":")[2]] = values.pop(field.name)  # type: ignore[assignment]
        values["benefits_by_tag"] = by_tag
        m: Distribution = values["multiplier"]  # type: ignore[assignment]
        if not point:
            defined = not math.isnan(m.mean)  # no multiplier without costs
            gt1, ge3 = (self.multiplier_counts[f] / self.n).tolist()
            values["multiplier"] = Distribution(
                m.mean, m.sd, m.mcse, m.p5, m.p10, m.p25, m.p50, m.p75, m.p90, m.p95,
                probabilities={"p_gt_1": gt1 if defined else None,
                               "p_ge_3": ge3 if defined else None})
        return FinancingSummary(name=name, break_even_year=self._break_even(f, point),
                                multiplier_histogram=histogram,
                                **values)  # type: ignore[arg-type]

    def _break_even(self, f: int, point: bool) -> BreakEven:
        years = self.scenario.meta.years
        never = never_year(self.scenario)
        counts = self.break_even[f]
        cum = np.cumsum(counts)
        # np.quantile(..., method="inverted_cdf") of the years, from their counts.
        ranks = inverted_cdf_ranks(self.n, _P)
        index = np.searchsorted(cum, ranks, side="right")
        all_years = [*years.tolist(), never]
        qs = {name: (None if all_years[j] == never else int(all_years[j]))
              for name, j in zip(QUANTILES, index, strict=True)}
        p_by_year = {int(y): float(c) for y, c in
                     zip(years, cum[: len(years)] / self.n, strict=True)}
        return BreakEven(**qs, p_by_year=p_by_year, p_never=float(counts[-1] / self.n),
                         point=point)

    def _histograms(self) -> list[Histogram | None]:
        """The multiplier's draws per financing scenario, in one set of bins for all."""
        extremes = np.stack(self.multipliers.extremes(), axis=1)
        if np.isnan(extremes).all():
            return [None] * len(self.stats)  # no multiplier without costs
        edges = np.histogram_bin_edges([np.nanmin(extremes), np.nanmax(extremes)],
                                       bins=HISTOGRAM_BINS)
        return [Histogram(tuple(edges.tolist()),
                          tuple(self.multipliers.histogram(f, edges).tolist()))
                for f in range(len(self.stats))]

    def _comparison(self, k: int, point: bool) -> Comparison:
        sc = self.scenario
        a, b = self.pairs[k]
        stats = self.pair_stats
        mean, sd = stats.moments()
        dists = self._distributions(stats, point)[4 * k: 4 * k + 4]
        net, db, dc, _ = dists
        ids = (sc.financing[a].id, sc.financing[b].id)
        if point:
            m_db, m_dc = mean[4 * k + 1], mean[4 * k + 2]
            incremental = Incremental(float(m_db / m_dc) if m_dc != 0 else None, None, None,
                                      0, point=True)
            return Comparison(*ids, net, db, dc, None, None, incremental)
        lows, highs = stats.extremes()
        m_db, m_dc = float(mean[4 * k + 1]), float(mean[4 * k + 2])
        ratio = se = None
        # A ratio of means needs extra costs of one sign (else its denominator can vanish).
        if m_dc != 0 and (lows[4 * k + 2] >= 0 or highs[4 * k + 2] <= 0):
            ratio = m_db / m_dc
            if self.n > 1:
                v_net, v_db, v_dc = (float(x) ** 2 for x in sd[4 * k: 4 * k + 3])
                cov = (v_db + v_dc - v_net) / 2  # var(ΔB − ΔC) = var ΔB + var ΔC − 2 cov
                v_res = max(v_db + ratio**2 * v_dc - 2 * ratio * cov, 0.0)
                se = math.sqrt(v_res) / math.sqrt(self.n) / abs(m_dc)
        differ = int(stats.count()[4 * k + 3])
        per_draw = dists[3] if differ else None
        p_mult, p_net = (self.pair_counts[k] / self.n).tolist()
        return Comparison(*ids, net, db, dc, p_mult, p_net,
                          Incremental(ratio, se, per_draw, differ))


def labels(scenario: Scenario) -> Labels:
    """Display names per id, from the scenario."""
    return Labels(
        financing={f.id: f.name for f in scenario.financing},
        initiative={i.id: i.name for i in scenario.initiatives},
        activity={a.key: a.name for a in scenario.activities},
        beneficiary={g.id: dict(g.names) for g in scenario.beneficiaries},
        domain={g.id: dict(g.names) for g in scenario.domains},
        nouns={k: dict(v) for k, v in scenario.meta.nouns.items()},
        chain={c.id: c.effect or c.result or c.id for c in scenario.chains},
    )


def summarize(ds: xr.Dataset) -> Summary:
    """The summary of a results dataset (``mcimpact sim --out``, ``keep_draws=True``): its
    draws through the same reducers, in the same chunks, as the run that made it."""
    from ..readers.toml import parse

    scenario = parse(str(ds.attrs["scenario_text"]), str(ds.attrs["scenario_path"]))
    scenario = scenario.select_financing([str(f) for f in ds["financing"].values])
    mode = str(ds.attrs["mode"])
    reducer = SummaryReducer(scenario, mode=mode,
                             seed=int(ds.attrs["seed"]) if "seed" in ds.attrs else None,
                             precision=(float(ds.attrs["precision"])
                                        if "precision" in ds.attrs else None),
                             precision_reached=(bool(ds.attrs["precision_reached"])
                                                if "precision_reached" in ds.attrs else None))
    for first, n in chunk_bounds(0, ds.sizes["draw"]):
        reducer.add(PerDraw.from_dataset(ds, slice(first, first + n)))
    return reducer.summary()
