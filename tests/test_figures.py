"""Report figures: each carries the numbers of the summaries it is drawn from, in Dutch or
English, and is written byte for byte the same on every run.

Reference values come from the summary (``summarize``) or the sensitivity report
(``SensitivityReport.to_dict``) of one run of the bundled scenario; the figures' artists
are found by their ``gid`` and read back in the plotted unit (euros, fractions).
"""

from __future__ import annotations

import copy
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

from mcimpact.analysis.sensitivity import analyse_financing
from mcimpact.analysis.summaries import summarize
from mcimpact.present import figures
from mcimpact.present.locale import probability
from mcimpact.readers.toml import load
from mcimpact.run.engine import run_deterministic, run_monte_carlo

POINT = 3.6  # the report's multiplier


@pytest.fixture(scope="module")
def scenario():
    return load(None)


@pytest.fixture(scope="module")
def ds(scenario):
    return run_monte_carlo(scenario, 5_000, 1)


@pytest.fixture(scope="module")
def summary(ds):
    return summarize(ds).to_json()


@pytest.fixture(scope="module")
def det(scenario):
    return summarize(run_deterministic(scenario)).to_json()


@pytest.fixture(scope="module")
def sensitivity(scenario, ds):
    reports = analyse_financing(scenario, 5_000, 1, results=ds, n_resamples=49,
                                pick_freeze_draws=1 << 10)
    return {fid: r.to_dict() for fid, r in reports.items()}


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


def column(by_year: dict[str, Any], key: str) -> list[float]:
    return [v[key] for v in by_year.values()]


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
    assert list(colours) == list(summary["financing"])  # the summary's order
    assert len(set(colours.values())) == len(colours)
    assert set(colours.values()) <= set(figures.OKABE_ITO.values())
    assert colours[summary["reference"]] == figures.OKABE_ITO["blue"]


def test_fan_chart_bands_are_the_summary_quantiles(summary):
    fig = figures.fan_chart(summary)
    block = summary["financing"][summary["reference"]]
    benefits = block["cumulative_benefits_by_year"]  # source: the summary
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
    costs = block["cumulative_costs_by_year"]
    assert np.allclose(line(fig, "costs").get_ydata(), column(costs, "p50"))
    assert not fig.findobj(lambda a: a.get_gid() == "costs-p5-p95")  # fixed costs: no band
    be = block["break_even_year"]["p50"]
    marker = line(fig, "break-even")
    assert list(marker.get_xdata()) == [be]
    assert marker.get_ydata()[0] == pytest.approx(costs[str(be)]["p50"])
    assert str(be) in marker.get_label()


def test_fan_chart_shows_varying_costs_as_a_band(summary):
    fid = "structureel-4j"  # renewal of funding is uncertain: the costs vary
    fig = figures.fan_chart(summary, fid)
    costs = summary["financing"][fid]["cumulative_costs_by_year"]  # source: the summary
    (band,) = artists(fig, "costs-p5-p95")
    xy = band.get_paths()[0].vertices
    for year, low, high in zip(costs, column(costs, "p5"), column(costs, "p95"), strict=True):
        at = xy[np.isclose(xy[:, 0], int(year)), 1]
        assert (at.min(), at.max()) == pytest.approx((low, high))
    assert summary["labels"]["financing"][fid] in fig.axes[0].get_title(loc="left")


def test_fan_chart_of_a_deterministic_run_has_lines_only(det):
    fig = figures.fan_chart(det)
    block = det["financing"][det["reference"]]  # source: the deterministic summary
    assert not fig.axes[0].collections  # no bands
    assert np.allclose(line(fig, "benefits").get_ydata(),
                       list(block["cumulative_benefits_by_year"].values()))
    assert np.allclose(line(fig, "costs").get_ydata(),
                       list(block["cumulative_costs_by_year"].values()))
    assert list(line(fig, "break-even").get_xdata()) == [block["break_even_year"]]
    rendered(fig)


def test_multiplier_chart_marks_the_summary_interval_and_the_point(ds, summary):
    fig = figures.multiplier_chart(ds, summary, point=POINT)
    for fid, block in summary["financing"].items():
        m = block["multiplier"]  # source: the summary
        assert list(line(fig, f"interval-{fid}").get_xdata()) == [m["p5"], m["p95"]]
        (hist,) = artists(fig, f"histogram-{fid}")
        edges = hist.get_data().edges
        draws = ds["multiplier"].sel(financing=fid).values
        assert edges[0] <= draws.min() and edges[-1] >= draws.max()
    assert list(line(fig, "point").get_xdata()) == [POINT, POINT]
    assert any(t.get_text().strip() == "Puntschatting: 3,6" for t in fig.axes[0].texts)
    assert not figures.multiplier_chart(ds, summary).findobj(lambda a: a.get_gid() == "point")


def test_multiplier_chart_needs_draws(ds, det):
    with pytest.raises(ValueError, match="Monte Carlo"):
        figures.multiplier_chart(ds, det)


def test_break_even_bars_are_the_yearly_differences(summary):
    fid = "incidenteel"  # break-even spread over several years
    fig = figures.break_even_chart(summary, fid)
    be = summary["financing"][fid]["break_even_year"]  # source: the summary
    cumulative = list(be["p_by_year"].values())
    bars = artists(fig, "in-year")
    assert all(isinstance(b, Rectangle) for b in bars)
    heights = [b.get_height() for b in bars]
    assert heights == pytest.approx(np.diff(cumulative, prepend=0.0))
    assert sum(heights) + be["p_never"] == pytest.approx(1)
    assert [round(b.get_x() + b.get_width() / 2) for b in bars] == [int(y) for y in
                                                                     be["p_by_year"]]
    cum = line(fig, "cumulative")
    assert list(cum.get_ydata()) == cumulative
    assert "Niet binnen de horizon" in fig.axes[0].get_legend().get_title().get_text()


@pytest.mark.parametrize("by", figures.BREAKDOWNS)
def test_breakdown_bars_are_the_summary_means(summary, by):
    fig = figures.breakdown_chart(summary, by)
    groups = summary[f"benefits_by_{by}"]  # source: the summary (reference block)
    shown = {g: v for g, v in groups.items() if not (v["mean"] == 0 and v["p95"] == 0)}
    # Periods chronologically, the others by size.
    order = list(shown) if by == "period" else sorted(shown, key=lambda g: -shown[g]["mean"])
    bars = sorted(artists(fig, "means"), key=lambda b: -b.get_y())  # top to bottom
    assert [b.get_width() for b in bars] == pytest.approx([shown[g]["mean"] for g in order])
    names = (order if by == "period"
             else [summary["labels"][by][g]["nl"] for g in order])
    assert ylabels(fig) == names
    for g in order:
        assert list(line(fig, f"interval-{g}").get_xdata()) == [shown[g]["p5"],
                                                                shown[g]["p95"]]
    assert "gemiddelde" in fig.axes[0].get_xlabel()
    assert "miljoen euro" in fig.axes[0].get_xlabel()


def test_breakdown_leaves_out_empty_groups(summary):
    domains = summary["benefits_by_domain"]  # source: the summary
    empty = [d for d, v in domains.items() if v["mean"] == 0 and v["p95"] == 0]
    assert empty  # the bundled scenario has a domain without chains (mobiliteit)
    fig = figures.breakdown_chart(summary, "domain")
    assert not {summary["labels"]["domain"][d]["nl"] for d in empty} & set(ylabels(fig))
    with pytest.raises(ValueError, match="breakdown"):
        figures.breakdown_chart(summary, "activity")


def test_initiative_forest_intervals_are_the_summary_quantiles(summary):
    fig = figures.initiative_forest(summary)
    by_initiative = summary["multiplier_by_initiative"]  # source: the summary
    for iid, m in by_initiative.items():
        assert list(line(fig, f"interval-{iid}").get_xdata()) == [m["p5"], m["p95"]]
        assert list(line(fig, f"interval50-{iid}").get_xdata()) == [m["p25"], m["p75"]]
        assert list(line(fig, f"median-{iid}").get_xdata()) == [m["p50"]]
    assert list(line(fig, "break-even").get_xdata()) == [1, 1]
    assert set(ylabels(fig)) == {summary["labels"]["initiative"][i] for i in by_initiative}


def test_sensitivity_bars_are_the_total_order_indices(summary, sensitivity):
    report = sensitivity[summary["reference"]]
    fig = figures.sensitivity_chart(report, summary)
    records = {r["factor"]: r for r in report["by_activity"]["outputs"]["multiplier"]}
    shown = report["ranking"][:10]  # source: the sensitivity report
    bars = sorted(artists(fig, "total-order"), key=lambda b: -b.get_y())
    assert [b.get_width() for b in bars] == pytest.approx(
        [records[k]["total_order"] for k in shown])
    assert list(line(fig, "first-order").get_xdata()) == pytest.approx(
        [records[k]["first_order"] for k in shown])
    for k in shown:
        assert list(line(fig, f"interval-{k}").get_xdata()) == pytest.approx(
            [records[k]["total_order_low"], records[k]["total_order_high"]])
    initiative, _ = shown[0].split(":")
    assert ylabels(fig)[0] == (f"{summary['labels']['initiative'][initiative]}: "
                               f"{summary['labels']['activity'][shown[0]]}")
    assert len(ylabels(figures.sensitivity_chart(report, summary, top=3))) == 3


def test_tornado_bar_ends_are_the_swings(summary, sensitivity):
    report = sensitivity[summary["reference"]]
    fig = figures.tornado_chart(report, summary)
    tornado = report["tornado"]  # source: the sensitivity report
    bars = sorted(tornado["bars"], key=lambda b: b["rank"])[:10]
    for gid, key in (("low", "output_low"), ("high", "output_high")):
        rects = sorted(artists(fig, gid), key=lambda r: -r.get_y())
        assert [r.get_x() for r in rects] == pytest.approx([tornado["base"]] * len(bars))
        assert [r.get_x() + r.get_width() for r in rects] == pytest.approx(
            [b[key] for b in bars])
    assert list(line(fig, "base").get_xdata()) == [tornado["base"]] * 2
    names = ylabels(fig)
    words = {"participants": "deelnemers", "success_probability": "slagingskans",
             "effect_size": "delta", "value": "waarde", "duration": "duur"}
    for name, bar in zip(names, bars, strict=True):
        assert name.endswith(f": {words[bar['input']]}")
        assert summary["labels"]["initiative"][bar["initiative"]] in name
    english = ylabels(figures.tornado_chart(report, summary, lang="en"))
    assert any(n.endswith(": participants") for n in english)


def test_financing_difference_is_the_paired_comparison(summary):
    fig = figures.financing_difference_chart(summary)
    ref = summary["reference"]
    comparisons = [c for c in summary["comparisons"] if c["b"] == ref]  # source: summary
    assert len(comparisons) == len(summary["financing"]) - 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    colours = figures.financing_colours(summary)
    for c in comparisons:
        d = c["net_benefit_difference"]
        wide = line(fig, f"interval-{c['a']}")
        assert list(wide.get_xdata()) == [d["p5"], d["p95"]]
        assert wide.get_color() == colours[c["a"]]
        assert list(line(fig, f"interval50-{c['a']}").get_xdata()) == [d["p25"], d["p75"]]
        assert list(line(fig, f"median-{c['a']}").get_xdata()) == [d["p50"]]
        assert any(t.endswith(probability(c["p_net_benefit_greater"])) for t in texts)
    assert list(line(fig, "zero").get_xdata()) == [0, 0]
    assert "miljoen euro" in fig.axes[0].get_xlabel()


def test_all_figures(ds, summary, sensitivity):
    figs = figures.all_figures(ds, summary, sensitivity, point=POINT)
    ids = list(summary["financing"])
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
    assert list(figures.all_figures(ds, summary)) == [
        "fan", "multiplier", "break-even", "by-beneficiary", "by-domain", "by-period",
        "initiatives", "financing-difference"]


def test_all_figures_of_one_financing_scenario_has_no_comparison(ds):
    one = ds.isel(financing=[0])
    assert "financing-difference" not in figures.all_figures(one, summarize(one).to_json())


def test_all_figures_of_a_deterministic_run(scenario, det):
    figs = figures.all_figures(run_deterministic(scenario), det)
    assert list(figs) == ["fan", "by-beneficiary", "by-domain", "by-period", "initiatives",
                          "financing-difference"]
    for fig in figs.values():
        rendered(fig)


def test_titles_and_labels_in_dutch_or_english(ds, summary, sensitivity):
    nl = figures.all_figures(ds, summary, sensitivity, point=POINT)
    en = figures.all_figures(ds, summary, sensitivity, point=POINT, lang="en")
    assert nl["fan"].get_suptitle() == "Maatschappelijke baten en kosten, opgeteld over de jaren"
    assert en["fan"].get_suptitle() == "Social benefits and costs, cumulative over the years"
    assert nl["multiplier"].get_suptitle() == "Hoe zeker is de opbrengst per euro?"
    assert en["multiplier"].get_suptitle() == "How certain is the return per euro?"
    for stem in nl:
        assert nl[stem].get_suptitle() != en[stem].get_suptitle(), stem
    assert nl["fan"].axes[0].get_ylabel() == "Cumulatief bedrag (miljoen euro)"
    assert en["fan"].axes[0].get_ylabel() == "Cumulative amount (million EUR)"
    assert nl["fan"].axes[0].get_xlabel() == "Jaar"
    assert en["by-domain"].axes[0].get_xlabel().startswith("Benefits, mean (million EUR)")
    names = ylabels(en["by-beneficiary"])
    assert set(names) == {v["en"] for v in summary["labels"]["beneficiary"].values()}
    with pytest.raises(ValueError, match="language"):
        figures.fan_chart(summary, lang="de")


def test_tick_labels_use_the_language_separators(ds, summary):
    for lang, decimal, group in (("nl", ",", "."), ("en", ".", ",")):
        fig = rendered(figures.multiplier_chart(ds, summary, POINT, lang=lang))
        labels = ticklabels(fig.axes[0].xaxis)  # e.g. 2,5 – 3,0 – 3,5
        assert any(decimal in t for t in labels), labels
        assert not any(group in t for t in labels), labels
        fig = figures.fan_chart(summary, lang=lang)
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


def test_save_replaces_an_existing_file(summary, tmp_path):
    (tmp_path / "fan.png").write_bytes(b"old")
    png, _ = figures.save(figures.fan_chart(summary), tmp_path, "fan")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_figures_do_not_change_their_inputs(ds, summary, sensitivity, det):
    before = copy.deepcopy((summary, sensitivity, det))
    data = ds.copy(deep=True)
    figures.all_figures(ds, summary, sensitivity, point=POINT)
    figures.all_figures(ds, det)
    assert (summary, sensitivity, det) == before
    assert ds.identical(data)
