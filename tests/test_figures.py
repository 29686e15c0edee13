"""Report figures: each carries the numbers of the typed summary it is drawn from, in the
locale's language, and is written byte for byte the same on every run.

Reference values come from the summary (``mcimpact.simulate(...).summary``) or the
sensitivity report (``SensitivityReport``) of one run of the bundled scenario;
the figures' artists are found by their ``gid`` and read back in the plotted unit
(euros, fractions).
"""

from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
import sys
from typing import Any

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import mcimpact
from mcimpact.analysis.sensitivity import analyse_financing
from mcimpact.analysis.types import Histogram
from mcimpact.present import figures
from mcimpact.present.locale import Locale

POINT = 3.6  # the report's multiplier
NL, EN = Locale.get("nl"), Locale.get("en")


@pytest.fixture(scope="module")
def scenario():
    return mcimpact.load()


@pytest.fixture(scope="module")
def results(scenario):
    return mcimpact.simulate(scenario, 5_000, 1, keep_draws=True)


@pytest.fixture(scope="module")
def summary(results):
    return results.summary


@pytest.fixture(scope="module")
def det(scenario):
    return mcimpact.simulate(scenario, deterministic=True).summary


@pytest.fixture(scope="module")
def sensitivity(scenario, results):
    reports = analyse_financing(scenario, 5_000, 1, results=results.dataset, n_resamples=49,
                                pick_freeze_draws=1 << 10)
    return reports


def with_histograms(summary, histograms):
    """The summary with these multiplier histograms ({financing id: Histogram | None})."""
    financing = {fid: dataclasses.replace(block, multiplier_histogram=histograms[fid])
                 for fid, block in summary.financing.items()}
    return dataclasses.replace(summary, financing=financing)


def artists(fig: Figure, gid: str) -> list[Any]:
    found = fig.findobj(lambda a: a.get_gid() == gid)
    assert found, f"no artist with gid {gid!r}"
    return found


def line(fig: Figure, gid: str) -> Line2D:
    (found,) = artists(fig, gid)
    return found


def rendered(fig: Figure) -> Figure:
    FigureCanvasAgg(fig).draw()
    return fig


def ticklabels(axis: Any) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def ylabels(fig: Figure) -> list[str]:
    """The y tick labels from top to bottom, wrapped lines joined."""
    ax = fig.axes[0]
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels(), strict=True), key=lambda t: -t[0])
    return [label.get_text().replace("\n", " ") for _, label in ticks]


def column(by_year, key: str) -> list[float]:
    return [getattr(d, key) for d in by_year.values()]


# --------------------------------------------------------------------------------------


def test_import_selects_no_backend():
    code = ("import sys, mcimpact.present.figures; "
            "print([m for m in sys.modules if m == 'matplotlib.pyplot' "
            "or m.startswith('matplotlib.backends.backend_')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_one_colour_per_financing_scenario(summary):
    colours = figures.financing_colours(summary)
    assert list(colours) == list(summary.financing)  # the summary's order
    assert len(set(colours.values())) == len(colours)
    assert set(colours.values()) <= set(figures.OKABE_ITO.values())
    assert colours[summary.reference] == figures.OKABE_ITO["blue"]


def test_fan_chart_bands_are_the_summary_quantiles(summary):
    fig = figures.fan_chart(summary)
    block = summary.ref
    benefits = block.cumulative_benefits_by_year  # source: the summary
    years = [int(y) for y in benefits]
    for lo, hi in (("p5", "p95"), ("p10", "p90"), ("p25", "p75")):
        (band,) = artists(fig, f"benefits-{lo}-{hi}")
        assert isinstance(band, PolyCollection)
        xy = band.get_paths()[0].vertices
        for year, low, high in zip(years, column(benefits, lo), column(benefits, hi),
                                   strict=True):
            at = xy[np.isclose(xy[:, 0], year), 1]
            assert at.min() == pytest.approx(low)
            assert at.max() == pytest.approx(high)
    median = line(fig, "benefits")
    assert list(median.get_xdata()) == years
    assert np.allclose(median.get_ydata(), column(benefits, "p50"))
    costs = block.cumulative_costs_by_year
    assert np.allclose(line(fig, "costs").get_ydata(), column(costs, "p50"))
    assert not fig.findobj(lambda a: a.get_gid() == "costs-p5-p95")  # fixed costs: no band
    be = block.break_even_year.p50
    marker = line(fig, "break-even")
    assert list(marker.get_xdata()) == [be]
    assert marker.get_ydata()[0] == pytest.approx(costs[str(be)].p50)
    assert str(be) in marker.get_label()


def test_fan_chart_shows_varying_costs_as_a_band(summary):
    fid = "structureel-4j"  # renewal of funding is uncertain: the costs vary
    fig = figures.fan_chart(summary, fid)
    costs = summary.financing[fid].cumulative_costs_by_year  # source: the summary
    (band,) = artists(fig, "costs-p5-p95")
    xy = band.get_paths()[0].vertices
    for year, low, high in zip(costs, column(costs, "p5"), column(costs, "p95"), strict=True):
        at = xy[np.isclose(xy[:, 0], int(year)), 1]
        assert (at.min(), at.max()) == pytest.approx((low, high))
    assert summary.labels.financing[fid] in fig.axes[0].get_title(loc="left")


def test_fan_chart_of_a_deterministic_run_has_lines_only(det):
    fig = figures.fan_chart(det)
    block = det.ref  # source: the deterministic summary
    assert not fig.axes[0].collections  # no bands
    assert np.allclose(line(fig, "benefits").get_ydata(),
                       column(block.cumulative_benefits_by_year, "mean"))
    assert np.allclose(line(fig, "costs").get_ydata(),
                       column(block.cumulative_costs_by_year, "mean"))
    assert list(line(fig, "break-even").get_xdata()) == [block.break_even_year.p50]
    assert "Terugverdiend in 2024" in line(fig, "break-even").get_label()  # the report's year
    rendered(fig)


def test_multiplier_chart_draws_the_summary_histogram_interval_and_point(summary):
    fig = figures.multiplier_chart(summary, point=POINT)
    for fid, block in summary.financing.items():
        m = block.multiplier  # source: the summary
        assert list(line(fig, f"interval-{fid}").get_xdata()) == [m.p5, m.p95]
        assert list(line(fig, f"median-{fid}").get_xdata()) == [m.p50]
        (hist,) = artists(fig, f"histogram-{fid}")
        edges, counts = block.multiplier_histogram.edges, block.multiplier_histogram.counts
        used = np.flatnonzero(counts)
        drawn = hist.get_data()
        assert list(drawn.edges) == pytest.approx(edges[used[0]:used[-1] + 2])
        # The row's height is proportional to the counts, the fullest bin 0.72 high.
        heights = drawn.values - drawn.baseline
        assert heights == pytest.approx(0.72 * np.asarray(counts[used[0]:used[-1] + 1])
                                        / max(counts))
    # One number is the reference's point estimate: drawn on the reference's row alone.
    ref = summary.reference
    assert list(line(fig, f"point-{ref}").get_xdata()) == [POINT, POINT]
    assert not fig.findobj(lambda a: str(a.get_gid()).startswith("point-")
                           and a.get_gid() != f"point-{ref}")
    assert [t.get_text() for t in fig.axes[0].texts] == ["3,6"]
    assert "Puntschatting (alle invoer op de puntwaarde)" in [
        t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert not figures.multiplier_chart(summary).findobj(
        lambda a: str(a.get_gid()).startswith("point-"))


def test_each_financing_scenario_has_its_own_point_estimate_line(scenario, summary):
    point = mcimpact.simulate(scenario, deterministic=True).summary
    points = figures.point_multipliers(point)
    # Source: the deterministic run's multiplier per financing scenario (3.61 for the
    # reference, lower for the others: one line at 3.61 would be wrong on their rows).
    assert points == {fid: b.multiplier.mean for fid, b in point.financing.items()}
    assert len(points) == len(summary.financing) and len(set(points.values())) > 1
    fig = figures.multiplier_chart(summary, point=points)
    n = len(summary.financing)
    for row, (fid, x) in enumerate(points.items()):
        drawn = line(fig, f"point-{fid}")
        assert list(drawn.get_xdata()) == [x, x]
        # Within its own row (the reference on top, rows one apart): not across the others.
        base = n - 1 - row
        lo, hi = drawn.get_ydata()
        assert base - 0.5 < lo < hi <= base + 0.72  # the histogram's height
    labels = sorted(t.get_text() for t in fig.axes[0].texts)
    assert labels == sorted(figures._short(x, NL) for x in points.values())


def test_multiplier_chart_without_a_histogram_shows_interval_and_median(summary):
    bare = with_histograms(summary, dict.fromkeys(summary.financing))
    fig = rendered(figures.multiplier_chart(bare, point=POINT))
    assert not fig.findobj(lambda a: str(a.get_gid()).startswith("histogram-"))
    for fid, block in summary.financing.items():
        m = block.multiplier  # source: the summary
        assert list(line(fig, f"interval-{fid}").get_xdata()) == [m.p5, m.p95]
        assert list(line(fig, f"median-{fid}").get_xdata()) == [m.p50]


def test_multiplier_histogram_without_draws_in_a_bin_is_left_out(summary):
    # A hand-made histogram: two bins of draws between empty ones.
    hist = Histogram(edges=(1.0, 2.0, 3.0, 4.0, 5.0), counts=(0, 30, 10, 0))
    one = with_histograms(summary, {**dict.fromkeys(summary.financing),
                                    summary.reference: hist})
    fig = figures.multiplier_chart(one)
    (drawn,) = artists(fig, f"histogram-{summary.reference}")
    assert list(drawn.get_data().edges) == [2.0, 3.0, 4.0]
    assert list(drawn.get_data().values - drawn.get_data().baseline) == pytest.approx(
        [0.72, 0.24])


def test_multiplier_chart_needs_a_distribution(det):
    with pytest.raises(ValueError, match="Monte Carlo"):
        figures.multiplier_chart(det)


def test_break_even_bars_are_the_yearly_differences(summary):
    fid = "incidenteel"  # break-even spread over several years
    fig = figures.break_even_chart(summary, fid)
    be = summary.financing[fid].break_even_year  # source: the summary
    cumulative = list(be.p_by_year.values())
    bars = artists(fig, "in-year")
    assert all(isinstance(b, Rectangle) for b in bars)
    heights = [b.get_height() for b in bars]
    assert heights == pytest.approx(np.diff(cumulative, prepend=0.0))
    assert sum(heights) + be.p_never == pytest.approx(1)
    assert [round(b.get_x() + b.get_width() / 2) for b in bars] == list(be.p_by_year)
    cum = line(fig, "cumulative")
    assert list(cum.get_ydata()) == cumulative
    assert "Niet binnen de horizon" in fig.axes[0].get_legend().get_title().get_text()


def test_break_even_chart_needs_a_distribution(det):
    with pytest.raises(ValueError, match="Monte Carlo"):
        figures.break_even_chart(det)


@pytest.mark.parametrize("by", figures.BREAKDOWNS)
def test_breakdown_bars_are_the_summary_means(summary, by):
    fig = figures.breakdown_chart(summary, by)
    groups = summary.ref.breakdown(f"benefits_by_{by}")  # source: the summary
    shown = {g: d for g, d in groups.items() if not (d.mean == 0 and d.p95 == 0)}
    # Periods chronologically, the others by size.
    order = list(shown) if by == "period" else sorted(shown, key=lambda g: -shown[g].mean)
    bars = sorted(artists(fig, "means"), key=lambda b: -b.get_y())  # top to bottom
    assert [b.get_width() for b in bars] == pytest.approx([shown[g].mean for g in order])
    names = (order if by == "period"
             else [getattr(summary.labels, by)[g]["nl"] for g in order])
    assert ylabels(fig) == names
    for g in order:
        assert list(line(fig, f"interval-{g}").get_xdata()) == [shown[g].p5, shown[g].p95]
    assert "gemiddelde" in fig.axes[0].get_xlabel()
    assert "miljoen euro" in fig.axes[0].get_xlabel()


def test_breakdown_leaves_out_empty_groups(summary):
    domains = summary.ref.benefits_by_domain  # source: the summary
    empty = [d for d, v in domains.items() if v.mean == 0 and v.p95 == 0]
    assert empty  # the bundled scenario has a domain without chains (mobiliteit)
    fig = figures.breakdown_chart(summary, "domain")
    assert not {summary.labels.domain[d]["nl"] for d in empty} & set(ylabels(fig))
    with pytest.raises(ValueError, match="breakdown"):
        figures.breakdown_chart(summary, "activity")


def test_initiative_forest_intervals_are_the_summary_quantiles(summary):
    fig = figures.initiative_forest(summary)
    by_initiative = summary.ref.multiplier_by_initiative  # source: the summary
    for iid, m in by_initiative.items():
        assert list(line(fig, f"interval-{iid}").get_xdata()) == [m.p5, m.p95]
        assert list(line(fig, f"interval50-{iid}").get_xdata()) == [m.p25, m.p75]
        assert list(line(fig, f"median-{iid}").get_xdata()) == [m.p50]
    assert list(line(fig, "break-even").get_xdata()) == [1, 1]
    assert set(ylabels(fig)) == {summary.labels.initiative[i] for i in by_initiative}


def test_initiative_forest_of_a_deterministic_run_has_points_only(det):
    fig = figures.initiative_forest(det)
    for iid, m in det.ref.multiplier_by_initiative.items():  # source: the summary
        assert list(line(fig, f"median-{iid}").get_xdata()) == [m.mean]
        assert not fig.findobj(lambda a, iid=iid: a.get_gid() == f"interval-{iid}")


def test_sensitivity_bars_are_the_total_order_indices(summary, sensitivity):
    report = sensitivity[summary.reference]
    fig = figures.sensitivity_chart(report, summary)
    records = {r.factor: r for r in report.by_activity.outputs["multiplier"]}
    shown = report.ranking[:10]  # source: the sensitivity report
    bars = sorted(artists(fig, "total-order"), key=lambda b: -b.get_y())
    assert [b.get_width() for b in bars] == pytest.approx(
        [records[k].total_order.value for k in shown])
    assert list(line(fig, "first-order").get_xdata()) == pytest.approx(
        [records[k].first_order.value for k in shown])
    for k in shown:
        assert list(line(fig, f"interval-{k}").get_xdata()) == pytest.approx(
            [records[k].total_order.low, records[k].total_order.high])
    initiative, _ = shown[0].split(":")
    assert ylabels(fig)[0] == (f"{summary.labels.initiative[initiative]}: "
                               f"{summary.labels.activity[shown[0]]}")
    assert len(ylabels(figures.sensitivity_chart(report, summary, top=3))) == 3


def test_a_first_order_index_above_its_total_is_noted_in_the_subtitle(summary, sensitivity):
    report = sensitivity[summary.reference]
    rows = report.by_activity.outputs["multiplier"]
    top = report.ranking[0]

    def above(r):  # the first order 0.9 points above the total, as in issue 22
        first = dataclasses.replace(r.first_order, value=r.total_order.value + 0.009)
        return dataclasses.replace(r, first_order=first) if r.factor == top else r

    noisy = dataclasses.replace(report, by_activity=dataclasses.replace(
        report.by_activity, outputs={**report.by_activity.outputs,
                                     "multiplier": tuple(above(r) for r in rows)}))
    note = "schattingsruis"
    subtitle = figures.sensitivity_chart(noisy, summary).axes[0].get_title(loc="left")
    assert note in subtitle.replace("\n", " ")
    honest = [r for r in rows if r.factor in report.ranking[:10]
              and r.first_order.value > r.total_order.value]
    plain = figures.sensitivity_chart(report, summary).axes[0].get_title(loc="left")
    assert (note in plain.replace("\n", " ")) == bool(honest)


def test_tornado_bar_ends_are_the_swings(summary, sensitivity):
    report = sensitivity[summary.reference]
    fig = figures.tornado_chart(report, summary)
    tornado = report.tornado  # source: the sensitivity report
    bars = sorted(tornado.bars, key=lambda b: b.rank)[:10]
    for gid, key in (("low", "output_low"), ("high", "output_high")):
        rects = sorted(artists(fig, gid), key=lambda r: -r.get_y())
        assert [r.get_x() for r in rects] == pytest.approx([tornado.base] * len(bars))
        assert [r.get_x() + r.get_width() for r in rects] == pytest.approx(
            [getattr(b, key) for b in bars])
    assert list(line(fig, "base").get_xdata()) == [tornado.base] * 2
    names = ylabels(fig)
    words = {"participants": "deelnemers", "success_probability": "slagingskans",
             "effect_size": "delta", "value": "waarde", "duration": "duur"}
    for name, bar in zip(names, bars, strict=True):
        assert name.endswith(f": {words[bar.input]}")
        assert summary.labels.initiative[bar.initiative] in name
    english = ylabels(figures.tornado_chart(report, summary, locale=EN))
    assert any(n.endswith(": participants") for n in english)


def test_financing_difference_is_the_paired_comparison(summary):
    fig = figures.financing_difference_chart(summary)
    ref = summary.reference
    comparisons = [c for c in summary.comparisons if c.b == ref]  # source: summary
    assert len(comparisons) == len(summary.financing) - 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    colours = figures.financing_colours(summary)
    for c in comparisons:
        d = c.net_benefit_difference
        wide = line(fig, f"interval-{c.a}")
        assert list(wide.get_xdata()) == [d.p5, d.p95]
        assert wide.get_color() == colours[c.a]
        assert list(line(fig, f"interval50-{c.a}").get_xdata()) == [d.p25, d.p75]
        assert list(line(fig, f"median-{c.a}").get_xdata()) == [d.p50]
        assert any(t.endswith(NL.probability(c.p_net_benefit_greater)) for t in texts)
    assert list(line(fig, "zero").get_xdata()) == [0, 0]
    assert "miljoen euro" in fig.axes[0].get_xlabel()


def test_all_figures(summary, sensitivity):
    figs = figures.all_figures(summary, sensitivity, point=POINT)
    ids = list(summary.financing)
    assert list(figs) == [
        "fan", "multiplier", "break-even", "by-beneficiary", "by-domain", "by-period",
        "initiatives", "financing-difference",
        *[f"{kind}-{fid}" for fid in ids for kind in ("sensitivity", "tornado")],
    ]
    for stem, fig in figs.items():
        assert isinstance(fig, Figure), stem
        width, _height = fig.get_size_inches()
        assert width == 8 and fig.dpi == 150
        assert fig.get_suptitle(), stem
        rendered(fig)
    assert list(figures.all_figures(summary)) == [
        "fan", "multiplier", "break-even", "by-beneficiary", "by-domain", "by-period",
        "initiatives", "financing-difference"]


def test_all_figures_of_one_financing_scenario_has_no_comparison(scenario):
    one = mcimpact.simulate(scenario, 1_000, 1, financing=["regiodeal"]).summary
    assert "financing-difference" not in figures.all_figures(one)


def test_all_figures_of_a_deterministic_run(det):
    figs = figures.all_figures(det)
    assert list(figs) == ["fan", "by-beneficiary", "by-domain", "by-period", "initiatives",
                          "financing-difference"]
    for fig in figs.values():
        rendered(fig)


def test_titles_and_labels_in_the_locales_language(summary, sensitivity):
    nl = figures.all_figures(summary, sensitivity, point=POINT, locale=NL)
    en = figures.all_figures(summary, sensitivity, point=POINT, locale=EN)
    assert nl["fan"].get_suptitle() == "Maatschappelijke baten en kosten, opgeteld over de jaren"
    assert en["fan"].get_suptitle() == "Social benefits and costs, cumulative over the years"
    assert nl["multiplier"].get_suptitle() == "Hoe zeker is de opbrengst per euro?"
    assert en["multiplier"].get_suptitle() == "How certain is the return per euro?"
    for stem in nl:
        assert nl[stem].get_suptitle() != en[stem].get_suptitle(), stem
    assert nl["fan"].axes[0].get_ylabel() == "Cumulatief bedrag (miljoen euro)"
    assert en["fan"].axes[0].get_ylabel() == "Cumulative amount (million euro)"
    assert nl["fan"].axes[0].get_xlabel() == "Jaar"
    assert en["by-domain"].axes[0].get_xlabel().startswith("Benefits, mean (million euro)")
    names = ylabels(en["by-beneficiary"])
    assert set(names) == {v["en"] for v in summary.labels.beneficiary.values()}


def test_text_from_the_scenario_is_not_read_as_mathtext(summary):
    labels = dataclasses.replace(summary.labels, initiative={
        iid: f"${name}$ x^2" for iid, name in summary.labels.initiative.items()})
    fig = rendered(figures.initiative_forest(dataclasses.replace(summary, labels=labels)))
    texts = [t for t in fig.axes[0].get_yticklabels() if t.get_text()]
    for t in texts:
        _, is_math = t._preprocess_math(t.get_text())
        assert not is_math, t.get_text()
        assert t._preprocess_math(t.get_text())[0].startswith("$")  # shown as written


def test_tick_labels_use_the_locales_separators(summary):
    for locale, decimal, group in ((NL, ",", "."), (EN, ".", ",")):
        fig = rendered(figures.multiplier_chart(summary, POINT, locale=locale))
        labels = ticklabels(fig.axes[0].xaxis)  # e.g. 2,5 – 3,0 – 3,5
        assert any(decimal in t for t in labels), labels
        assert not any(group in t for t in labels), labels
        fig = figures.fan_chart(summary, locale=locale)
        fig.axes[0].set_ylim(0, 2.5e9)  # up to 2.500 million euro
        labels = ticklabels(rendered(fig).axes[0].yaxis)
        assert f"1{group}000" in labels, labels
        years = ticklabels(fig.axes[0].xaxis)
        assert "2030" in years  # years without separators
    labels = ticklabels(rendered(figures.break_even_chart(summary)).axes[0].yaxis)
    assert "100\u00a0%" in labels


def test_save_writes_the_same_bytes_every_time(summary, tmp_path):
    salt = matplotlib.rcParams["svg.hashsalt"]
    first = figures.save(figures.fan_chart(summary), tmp_path / "a", "fan")
    second = figures.save(figures.fan_chart(summary), tmp_path / "b", "fan")
    assert [p.name for p in first] == ["fan.png", "fan.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert first[0].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in first[1].read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["fan.png", "fan.svg"]
    assert matplotlib.rcParams["svg.hashsalt"] == salt  # the fixed salt does not leak


def test_save_replaces_an_existing_figure_only_with_force(summary, tmp_path):
    (tmp_path / "fan.png").write_bytes(b"old")
    with pytest.raises(mcimpact.OutputError, match="exists"):
        figures.save(figures.fan_chart(summary), tmp_path, "fan")
    assert (tmp_path / "fan.png").read_bytes() == b"old"
    png, svg = figures.save(figures.fan_chart(summary), tmp_path, "fan", force=True)
    assert png.read_bytes().startswith(b"\x89PNG")
    umask = os.umask(0)
    os.umask(umask)
    assert png.stat().st_mode & 0o777 == svg.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fan.png", "fan.svg"]


def test_check_directory_refuses_a_non_empty_directory_without_force(tmp_path):
    figures.check_directory(tmp_path / "new", force=False)
    figures.check_directory(tmp_path, force=False)  # empty
    (tmp_path / "x.png").write_bytes(b"")
    with pytest.raises(mcimpact.OutputError, match="not an empty directory"):
        figures.check_directory(tmp_path, force=False)
    figures.check_directory(tmp_path, force=True)
    with pytest.raises(mcimpact.OutputError, match="not an empty directory"):
        figures.check_directory(tmp_path / "x.png", force=True)  # a file
    with pytest.raises(mcimpact.OutputError, match="does not exist"):
        figures.check_directory(tmp_path / "missing" / "figures", force=False)


def test_figures_do_not_change_their_inputs(summary, sensitivity, det):
    before = copy.deepcopy((summary, sensitivity, det))
    figures.all_figures(summary, sensitivity, point=POINT)
    figures.all_figures(det)
    assert (summary, sensitivity, det) == before


def overlapping(fig: Figure) -> list[tuple[str, str]]:
    """The pairs of drawn texts of the figure's axes (tick labels, annotations) whose
    boxes overlap on the canvas (Agg, the figure's own dpi)."""
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes
             for t in (*ax.get_yticklabels(), *ax.get_xticklabels(), *ax.texts)
             if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [(a, b) for k, (a, box_a) in enumerate(boxes) for b, box_b in boxes[k + 1:]
            if box_a.overlaps(box_b)]


LONG = ("Stichting Buurtwerk en Bewonersondersteuning in de Oude Wijken van Groningen-Noord "
        "en omstreken, met haar vele vrijwilligers")


def with_long_names(summary):
    labels = summary.labels
    return dataclasses.replace(summary, labels=dataclasses.replace(
        labels, initiative={iid: f"{LONG} ({iid})" for iid in labels.initiative},
        activity={key: f"{LONG}: activiteit {key}" for key in labels.activity}))


def with_overall(summary, x):
    """The summary with the reference's multiplier (all initiatives together) at ``x``."""
    ref = summary.reference
    block = summary.financing[ref]
    moved = dataclasses.replace(block, multiplier=dataclasses.replace(block.multiplier, p50=x))
    return dataclasses.replace(summary, financing={**summary.financing, ref: moved})


@pytest.mark.parametrize("names", ["bundled", "long"])
def test_no_two_labels_of_the_initiatives_and_tornado_figures_overlap(summary, sensitivity,
                                                                      names):
    shown = summary if names == "bundled" else with_long_names(summary)
    report = sensitivity[summary.reference]
    drawn = [figures.tornado_chart(report, shown), figures.sensitivity_chart(report, shown)]
    for overall in (None, 1.2):  # 1.2: the line of all initiatives beside the line at 1
        forest = shown if overall is None else with_overall(shown, overall)
        drawn.append(figures.initiative_forest(forest))
    for fig in drawn:
        assert overlapping(fig) == []
        # Long names are cut ("…"), not given the width of the plot: it keeps 40 %.
        assert fig.axes[0].get_position().width > 0.4
