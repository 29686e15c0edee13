"""The monitoring loop: the monitoring CSV reader, Bayes updates of inputs, the posterior
file and ``mcimpact update``.

Reference values are closed forms computed here (beta–binomial, gamma–Poisson,
normal–normal), independent scipy computations, or the prior file itself (for what must
stay unchanged); sampled figures are compared within 4 Monte Carlo standard errors.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

import mcimpact
from conftest import INITIATIVE, META, chain, toml
from mcimpact.analysis import update as updating
from mcimpact.cli import app
from mcimpact.errors import ScenarioError
from mcimpact.readers import monitoring
from mcimpact.readers.posterior import PosteriorFileError, records, render, strip
from mcimpact.readers.toml import load, parse

runner = CliRunner()
BUNDLED_DATA = Path(resources.files("mcimpact.scenarios").joinpath(  # type: ignore[arg-type]
    "groningen-noord-monitoring.csv"))
HEADER = "chain,year,measure,value,n,se,note\n"


def scenario_text(**inputs) -> str:
    """Three chains of one activity; c1's inputs as given (priors with conjugate forms by
    default), c2 and c3 untouched by the data of most tests."""
    c1 = chain(id="c1", participants={"dist": "negbinomial", "mean": 100.0, "sd": 20.0},
               success_probability={"dist": "beta", "a": 2.0, "b": 5.0},
               effect_size={"dist": "truncnormal", "mean": 0.4, "sd": 0.1, "min": 0.0,
                            "max": 1.0}, profile={"shape": "constant", "duration": 3})
    c1.update(inputs)
    c2 = chain(id="c2", participants=20, success_probability="middel",
               effect_size="laag", value=250)
    c3 = chain(id="c3", participants={"dist": "pert", "min": 10, "mode": 20, "max": 40},
               success_probability={"dist": "pert", "min": 0.1, "mode": 0.3, "max": 0.6},
               effect_size={"dist": "uniform", "min": 0.2, "max": 0.6})
    return toml(META, [INITIATIVE], [c1, c2, c3])


def updated(text: str, csv: str, path: str = "data.csv"):
    model = parse(text, "prior.toml")
    data = monitoring.parse(csv, model, path)
    earlier, files = records(model.text, model.path)
    return model, updating.update(model, data, records=earlier, earlier=files)


def written(text: str, csv: str, path: str = "data.csv") -> str:
    model, post = updated(text, csv, path)
    return render(post, prior_path="prior.toml", prior_sha256=model.sha256,
                  date="2026-12-01", version="mcimpact test")


def posterior_of(post, chain_id: str, name: str):
    return next(u for u in post.updates if u.chain == chain_id and u.input == name)


def problems(text: str, csv: str) -> list[str]:
    model = parse(text, "prior.toml")
    with pytest.raises(ScenarioError) as exc:
        data = monitoring.parse(csv, model, "data.csv")
        updating.update(model, data)
    return [str(p) for p in exc.value.problems]


# ---------------------------------------------------------------------------------------
# The reader


def test_reader_reads_rows_and_applies_an_activity_row_to_each_of_its_chains():
    model = parse(scenario_text(), "prior.toml")
    data = monitoring.parse(HEADER + "c1,2021,successes,3,10,,first\n"
                            "a:x,2022,effect,0.3,,0.1,\n", model, "data.csv")
    assert data.rows == 2
    assert [(o.chain, o.measure, o.line) for o in data.observations] == [
        ("c1", "successes", 2), ("c1", "effect", 3), ("c2", "effect", 3),
        ("c3", "effect", 3)]
    assert data.observations[0].note == "first" and data.observations[0].n == 10


@pytest.mark.parametrize(("row", "expected"), [
    ("zz,2021,successes,1,2,,", "data.csv:2: column 'chain': unknown chain or activity 'zz'"),
    ("c1,2021,successes,12,10,,", "data.csv:2: column 'value': 12 successes among n = 10"),
    ("c1,2021,participants,-3,,,", "data.csv:2: column 'value': expected a whole number >= 0, "
                                   "got -3 (a negative count)"),
    ("c1,2030,successes,1,2,,", "data.csv:2: column 'year': year 2030 outside the horizon "
                                "2021–2025"),
    ("c1,2021,visits,1,2,,", "data.csv:2: column 'measure': unknown measure 'visits'"),
    ("c1,2021,effect,0.3,,,", "data.csv:2: column 'se': an effect needs its standard error"),
    ("c1,2021,successes,1.5,2,,", "data.csv:2: column 'value': expected a whole number, got "
                                  "'1.5'"),
    ("c1,2021,successes,1,,,", "data.csv:2: column 'n': missing value"),
    ("c1,2021,participants,10,5,,", "data.csv:2: column 'n': a participants count takes no n"),
    ("c1,2021,effect,0,3,,0.1,", "data.csv:2: 8 cells, but the header has 7 columns"),
    ("c1,2021,effect,nan,,0.1,", "data.csv:2: column 'value': expected a finite number"),
    ("c1,2021,effect,\"0,3\",,0.1,", "use a decimal point"),
])
def test_reader_locates_bad_rows_by_file_line_and_column(row, expected):
    found = problems(scenario_text(), HEADER + row + "\n")
    assert any(expected in p for p in found), found


def test_reader_takes_spreadsheet_csv_crlf_semicolons_and_a_byte_order_mark(tmp_path):
    model = parse(scenario_text(), "prior.toml")
    crlf = (HEADER + "c1,2021,successes,3,10,,x\n").replace("\n", "\r\n")
    semicolons = "chain;year;measure;value;n;se;note\nc1;2021;successes;3;10;;x\n"
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "c1,2021,successes,3,10,,x\n").encode())
    for data in (monitoring.parse(crlf, model, "a.csv"),
                 monitoring.parse(semicolons, model, "a.csv"), monitoring.load(path, model)):
        (o,) = data.observations
        assert (o.chain, o.year, o.value, o.n, o.note) == ("c1", 2021, 3.0, 10, "x")
    assert monitoring.load(path, model).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_reader_refuses_data_on_a_fixed_input():
    text = scenario_text(success_probability=0.4)
    found = problems(text, HEADER + "c1,2021,successes,1,2,,\n")
    assert found == ["data.csv:2: column 'measure': chain 'c1': its success_probability is "
                     "fixed at 0.4, and a fixed input cannot learn from data; give it a label "
                     "or a distribution in the scenario"]


def test_reader_refuses_a_cohort_count_given_twice_and_bad_headers():
    found = problems(scenario_text(), HEADER + "c1,2021,participants,90,,,\n"
                                               "c1,2021,participants,91,,,\n")
    assert found == ["data.csv:3: column 'year': chain 'c1': the participants of cohort year "
                     "2021 are already given on line 2"]
    found = problems(scenario_text(), "chain,year,measure,value,count\nc1,2021,successes,1,\n")
    assert found[0].startswith("data.csv:1: header, column 5: unknown column 'count'")
    assert "missing column n" in found[1]


def test_reader_lists_every_problem_and_skips_comments():
    csv = "# comment\n" + HEADER + "# another\nzz,2021,successes,1,2,,\nc1,1999,successes,1,2,,\n"
    found = problems(scenario_text(), csv)
    assert [p.split(":")[1] for p in found] == ["4", "5"]


# ---------------------------------------------------------------------------------------
# Exact (conjugate) updates: closed forms


def test_beta_binomial_posterior_parameters_are_exact():
    _, post = updated(scenario_text(), HEADER + "c1,2021,successes,7,20,,\n"
                                                "c1,2022,successes,4,15,,\n")
    u = posterior_of(post, "c1", "success_probability")
    assert u.exact and u.method == "beta-binomial" and u.fit_error == 0.0
    assert u.posterior.p == {"a": 2.0 + 11, "b": 5.0 + (35 - 11)}


def test_a_label_prior_becomes_its_beta_then_the_exact_posterior():
    # Scale sd 0.05 given, so the label's Beta is a = m κ, b = (1 − m) κ with
    # κ = m (1 − m) / sd² − 1 (docs/scenario-format.md#label-distributions).
    text = scenario_text().replace("[[initiatives]]", "[scales.success_probability]\n"
                                   "labels = { middel = 0.5 }\nsd = 0.05\n\n[[initiatives]]", 1)
    _, post = updated(text, HEADER + "c2,2022,successes,9,30,,\n")
    u = posterior_of(post, "c2", "success_probability")
    kappa = 0.5 * 0.5 / 0.05**2 - 1
    assert u.prior_label == "middel"
    assert u.posterior.p == {"a": 0.5 * kappa + 9, "b": 0.5 * kappa + 21}


def test_gamma_poisson_posterior_is_the_closed_form():
    _, post = updated(scenario_text(), HEADER + "c1,2021,participants,90,,,\n"
                                                "c1,2022,participants,110,,,\n"
                                                "c1,2023,participants,95,,,\n")
    u = posterior_of(post, "c1", "participants")
    # NB(100, 20) = Poisson(λ), λ ~ gamma(shape 100²/(400 − 100), rate 100/(400 − 100)).
    shape, rate = 100**2 / 300 + 295, 100 / 300 + 3
    mean = shape / rate
    sd = math.sqrt(mean + shape / rate**2)
    assert u.posterior.dist == "negbinomial" and u.exact
    assert u.posterior.p["mean"] == pytest.approx(mean, rel=1e-14)
    assert u.posterior.p["sd"] == pytest.approx(sd, rel=1e-14)


def test_normal_normal_keeps_the_bounds_of_a_truncated_normal():
    _, post = updated(scenario_text(), HEADER + "c1,2022,effect,0.3,,0.05,\n"
                                                "c1,2023,effect,0.35,,0.1,\n")
    u = posterior_of(post, "c1", "effect_size")
    precision = 1 / 0.1**2 + 1 / 0.05**2 + 1 / 0.1**2
    mean = (0.4 / 0.1**2 + 0.3 / 0.05**2 + 0.35 / 0.1**2) / precision
    assert u.posterior.dist == "truncnormal"
    assert u.posterior.p["mean"] == pytest.approx(mean, rel=1e-14)
    assert u.posterior.p["sd"] == pytest.approx(1 / math.sqrt(precision), rel=1e-14)
    assert (u.posterior.p["min"], u.posterior.p["max"]) == (0.0, 1.0)


def test_sampled_posteriors_match_their_closed_forms_within_4_mcse():
    text = written(scenario_text(), HEADER + "c1,2021,successes,7,20,,\n"
                                             "c1,2021,participants,90,,,\n")
    model = parse(text, "posterior.toml")
    draws = 40_000
    ds = mcimpact.simulate(model, draws, 11, keep_draws=True, keep_inputs=True).dataset
    for name, exact in (("success_probability", stats.beta(9.0, 18.0)),):
        x = ds.inputs.sel(chain="c1", input=name).values
        mean, sd = exact.mean(), exact.std()
        kurt = exact.stats(moments="k") + 3
        assert abs(x.mean() - mean) < 4 * sd / math.sqrt(draws)
        sd_mcse = math.sqrt((kurt - 1) * sd**4 / draws) / (2 * sd)
        assert abs(x.std() - sd) < 4 * sd_mcse
    shape, rate = 100**2 / 300 + 90, 100 / 300 + 1
    count = stats.nbinom(shape, rate / (rate + 1))  # gamma–Poisson: NB(r, β/(β + 1))
    x = ds.inputs.sel(chain="c1", input="participants").values
    assert abs(x.mean() - count.mean()) < 4 * count.std() / math.sqrt(draws)


def test_chains_without_data_have_bit_identical_draws():
    text = scenario_text()
    post = written(text, HEADER + "c1,2021,successes,7,20,,\nc3,2022,effect,0.5,,0.1,\n")
    before = mcimpact.simulate(parse(text, "p.toml"), 3000, 5, keep_draws=True,
                               keep_inputs=True).dataset.inputs
    after = mcimpact.simulate(parse(post, "q.toml"), 3000, 5, keep_draws=True,
                              keep_inputs=True).dataset.inputs
    assert np.array_equal(before.sel(chain="c2").values, after.sel(chain="c2").values)
    untouched = [n for n in before.input.values if n != "success_probability"]
    assert np.array_equal(before.sel(chain="c1", input=untouched).values,
                          after.sel(chain="c1", input=untouched).values)
    assert not np.array_equal(before.sel(chain="c1", input="success_probability").values,
                              after.sel(chain="c1", input="success_probability").values)


# ---------------------------------------------------------------------------------------
# The general method


def test_general_method_agrees_with_the_conjugate_answer_within_its_accuracy():
    prior = mcimpact.model.distributions.make("beta", {"a": 2.0, "b": 5.0})
    ev = updating.Evidence("successes", successes=11, followed=35)
    fitted, error = updating.general(prior, ev, "success_probability")
    exact = stats.beta(13.0, 29.0)
    assert error <= updating.MAX_FIT_ERROR and error < 1e-4  # the exact family: a tiny fit
    grid = np.linspace(0, 1, 2001)
    ks = np.max(np.abs(mcimpact.model.distributions.frozen(fitted).cdf(grid) - exact.cdf(grid)))
    assert ks < 1e-4
    # A truncated normal prior: the grid's beta against the exact truncated normal.
    prior = mcimpact.model.distributions.make(
        "truncnormal", {"mean": 0.4, "sd": 0.1, "min": 0.0, "max": 1.0})
    ev = updating.Evidence("effect", precision=1 / 0.05**2, weighted=0.3 / 0.05**2)
    fitted, error = updating.general(prior, ev, "effect_size")
    exact_tn = mcimpact.model.distributions.frozen(updating.normal_normal(prior, ev))
    ks = np.max(np.abs(mcimpact.model.distributions.frozen(fitted).cdf(grid)
                       - exact_tn.cdf(grid)))
    assert ks <= error + 1e-4  # the stated accuracy is the fit's Kolmogorov distance


def test_general_method_updates_pert_and_uniform_priors_and_reports_its_error():
    _, post = updated(scenario_text(), HEADER + "c3,2022,successes,12,40,,\n"
                                                "c3,2022,effect,0.5,,0.1,\n"
                                                "c3,2021,participants,25,,,\n")
    for name in ("success_probability", "effect_size", "participants"):
        u = posterior_of(post, "c3", name)
        assert not u.exact and u.method == f"grid posterior fitted to {u.posterior.dist}"
        assert 0 < u.fit_error <= updating.MAX_FIT_ERROR
    # A uniform prior and normal evidence: the posterior is a truncated normal, which the
    # quadratic fit of the log density recovers (closed form: mean 0.5, sd 0.1 on
    # [0.2, 0.6]).
    u = posterior_of(post, "c3", "effect_size")
    assert u.posterior.dist == "truncnormal"
    assert u.posterior.p["mean"] == pytest.approx(0.5, abs=1e-9)
    assert u.posterior.p["sd"] == pytest.approx(0.1, abs=1e-9)


def test_general_method_refuses_beyond_its_accuracy_located_at_the_row(monkeypatch):
    monkeypatch.setattr(updating._general, "MAX_FIT_ERROR", 1e-9)
    found = problems(scenario_text(), HEADER + "c1,2021,successes,1,2,,\n"
                                               "c3,2022,successes,30,100,,\n")
    assert len(found) == 1
    assert found[0].startswith("data.csv:3: column 'measure': chain 'c3': success_probability "
                               "('pert'): the general method refuses: the grid posterior is "
                               "not close enough to any distribution it can be written as")
    assert "MAX_FIT_ERROR = 1e-09" in found[0] and "give the input a beta prior" in found[0]


def test_general_method_refuses_a_posterior_no_distribution_describes():
    # A triangular prior with a hard end at 0.6 and data that pull against it (10 of 12).
    text = scenario_text(success_probability={"dist": "triangular", "min": 0.2, "mode": 0.5,
                                              "max": 0.6})
    found = problems(text, HEADER + "c1,2022,successes,10,12,,\n")
    assert "the general method refuses" in found[0]
    assert "Kolmogorov distance 0.0131 > MAX_FIT_ERROR = 0.01" in found[0]


def test_a_poisson_count_is_refused_it_has_a_known_mean():
    found = problems(scenario_text(), HEADER + "c2,2021,participants,30,,,\n")
    assert "a Poisson count (mean 20) has a known mean, so data cannot move it" in found[0]


# ---------------------------------------------------------------------------------------
# The posterior file


def test_posterior_file_changes_only_the_updated_lines():
    text = scenario_text()
    post = written(text, HEADER + "c1,2021,successes,7,20,,\nc2,2022,successes,9,30,,\n")
    body = strip(post)
    assert post.startswith("# --- posterior scenario") and body != post
    changed = [op for op in difflib.SequenceMatcher(
        a=text.split("\n"), b=body.split("\n"), autojunk=False).get_opcodes()
        if op[0] != "equal"]
    assert all(op[0] == "replace" and op[2] - op[1] == 1 for op in changed)
    old = [text.split("\n")[op[1]] for op in changed]
    assert old == ['success_probability = { dist = "beta", a = 2.0, b = 5.0 }',
                   'success_probability = "middel"']
    data = tomllib.loads(post)
    assert data["chains"][1]["success_probability"]["dist"] == "beta"
    prov = data["provenance"]
    assert prov["prior_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert prov["data"][0]["sha256"] == hashlib.sha256(
        (HEADER + "c1,2021,successes,7,20,,\nc2,2022,successes,9,30,,\n").encode()).hexdigest()
    assert [(i["chain"], i["method"], i["exact"]) for i in prov["inputs"]] == [
        ("c1", "beta-binomial", True), ("c2", "beta-binomial", True)]
    assert prov["inputs"][1]["prior_label"] == "middel"


def test_provenance_hashes_change_with_prior_or_data():
    text = scenario_text()
    a = tomllib.loads(written(text, HEADER + "c1,2021,successes,7,20,,\n"))["provenance"]
    b = tomllib.loads(written(text, HEADER + "c1,2021,successes,8,20,,\n"))["provenance"]
    c = tomllib.loads(written(text.replace("value = 250", "value = 260"),
                              HEADER + "c1,2021,successes,7,20,,\n"))["provenance"]
    assert a["data"][0]["sha256"] != b["data"][0]["sha256"]
    assert a["prior_sha256"] == b["prior_sha256"] != c["prior_sha256"]


def test_sequential_updates_equal_one_batch_update_exactly():
    text = scenario_text()
    year1 = HEADER + ("c1,2021,successes,7,20,,\nc1,2021,participants,90,,,\n"
                      "c1,2021,effect,0.3,,0.05,\nc3,2021,successes,5,20,,\n")
    year2 = HEADER + ("c1,2022,successes,4,15,,\nc1,2022,participants,110,,,\n"
                      "c1,2022,effect,0.35,,0.1,\nc3,2022,successes,9,20,,\n")
    first = written(text, year1, "2021.csv")
    _, sequential = updated(first, year2, "2022.csv")
    _, batch = updated(text, year1 + year2[len(HEADER):], "both.csv")
    assert [(u.chain, u.input, u.posterior) for u in sequential.updates] == \
        [(u.chain, u.input, u.posterior) for u in batch.updates]
    assert [d.path for d in sequential.data] == ["2021.csv", "2022.csv"]
    methods = {u.method for u in batch.updates}
    assert {"beta-binomial", "gamma-Poisson"} <= methods
    assert any(m.startswith("grid posterior") for m in methods)


def test_the_same_data_file_twice_is_refused():
    csv = HEADER + "c1,2021,successes,7,20,,\n"
    first = written(scenario_text(), csv, "2021.csv")
    with pytest.raises(ScenarioError, match=r"already went into the posterior, as 2021\.csv"):
        updated(first, csv, "copy.csv")


def test_a_provenance_table_not_written_by_update_is_refused_not_overwritten():
    text = scenario_text() + '\n[provenance]\nkind = "posterior"\n'
    model, post = updated(text, HEADER + "c1,2021,successes,7,20,,\n")
    with pytest.raises(PosteriorFileError, match="not the block mcimpact update wrote"):
        render(post, prior_path="prior.toml", prior_sha256=model.sha256, date="2026-12-01",
               version="mcimpact test")


def test_a_cohort_count_already_in_the_posterior_is_refused():
    first = written(scenario_text(), HEADER + "c1,2021,participants,90,,,\n")
    model = parse(first, "post.toml")
    data = monitoring.parse(HEADER + "c1,2021,participants,95,,,\n", model, "again.csv")
    earlier, files = records(model.text, model.path)
    with pytest.raises(ScenarioError, match="already in the posterior's earlier data"):
        updating.update(model, data, records=earlier, earlier=files)


# ---------------------------------------------------------------------------------------
# The command


def test_update_on_the_bundled_scenario_with_the_shipped_data(tmp_path):
    out = tmp_path / "posterior.toml"
    result = runner.invoke(app, ["update", str(BUNDLED_DATA), "--out", str(out), "--report",
                                 "--draws", "2000", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "Na de metingen van 2021–2023 is de kans op een multiplier van" in result.output
    posterior = load(out)
    prior = load(None)
    assert len(posterior.chains) == len(prior.chains)
    result = runner.invoke(app, ["sim", str(out), "--draws", "2000", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["posterior"]["prior_sha256"] == prior.sha256
    assert doc["posterior"]["date"] == "2026-12-01"
    assert doc["posterior"]["data"][0]["sha256"] == hashlib.sha256(
        BUNDLED_DATA.read_bytes()).hexdigest()
    assert "ILLUSTRATIVE" in BUNDLED_DATA.read_text()


def test_update_bad_data_exits_2_without_output(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text(HEADER + "selwerd-ontmoeting-eenzaamheid,2021,successes,50,40,,\n")
    out = tmp_path / "posterior.toml"
    result = runner.invoke(app, ["update", str(data), "--out", str(out)])
    assert result.exit_code == 2
    # the command speaks Dutch unless told otherwise: its problems too
    assert f"{data}:2: kolom 'value': 50 successen bij n = 40" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_update_report_json_in_english_with_its_figure(tmp_path):
    figures = tmp_path / "figures"
    result = runner.invoke(app, ["update", str(BUNDLED_DATA), "--report", "--json", "--lang",
                                 "en", "--draws", "1000", "--above", "3.5", "--figures",
                                 str(figures)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["above"] == 3.5 and doc["sentence"].startswith("After the measurements of")
    assert {i["method"] for i in doc["inputs"]} >= {"beta-binomial", "gamma-Poisson"}
    assert 0 <= doc["prior"]["p_multiplier_above"] <= 1
    assert sorted(p.name for p in figures.iterdir()) == ["update.png", "update.svg"]
    assert (figures / "update.png").read_bytes().startswith(b"\x89PNG")


def test_update_figures_need_the_report(tmp_path):
    result = runner.invoke(app, ["update", str(BUNDLED_DATA), "--out",
                                 str(tmp_path / "p.toml"), "--figures", str(tmp_path / "f")])
    # Dutch by default, as every word of update (the catalogue's error.figures_needs_report)
    assert result.exit_code == 2 and "--figures vraagt om --report" in result.output
    assert not (tmp_path / "p.toml").exists()


# ---------------------------------------------------------------------------------------
# Partial pooling (a hierarchical beta–binomial)

POOL_HEADER = "chain,year,measure,value,n,se,note,pool\n"
def pool_text() -> str:
    """Three chains whose success probabilities are labels of one scale (the judgement
    that they are alike), the setting pooling is for."""
    return toml(META, [INITIATIVE], [
        chain(id=cid, success_probability=label, participants=60)
        for cid, label in (("c1", "laag-middel"), ("c2", "laag-middel"), ("c3", "middel"))])


POOL_ROWS = ("c1,2022,successes,31,80,,,p\n"
             "c2,2022,successes,2,3,,,p\n"
             "c3,2022,successes,45,100,,,p\n")


def test_pooled_posteriors_match_an_independent_importance_sampler():
    model, post = updated(pool_text(), POOL_HEADER + POOL_ROWS)
    priors = [c.success_probability for c in model.chains]
    s, n = np.array([31, 2, 45]), np.array([80, 3, 100])
    # The hyperprior of the docs, drawn directly: m and v from the chains' priors.
    m = np.mean([distributions_mean(p) for p in priors])
    v = np.mean([distributions_var(p) for p in priors])
    k0 = m * (1 - m) / v - 1
    rng = np.random.default_rng(3)
    mu = rng.beta(m * k0, (1 - m) * k0, 400_000)
    kappa = np.exp(rng.normal(math.log(k0), updating.POOL_LOG_KAPPA_SD, 400_000))
    a, b = mu * kappa, (1 - mu) * kappa
    from scipy.special import betaln
    log_w = sum(betaln(a + s[j], b + n[j] - s[j]) - betaln(a, b) for j in range(3))
    w = np.exp(log_w - log_w.max())
    w /= w.sum()
    ess = 1 / np.sum(w**2)
    for j, chain_id in enumerate(("c1", "c2", "c3")):
        u = posterior_of(post, chain_id, "success_probability")
        assert u.method == "partial pooling (pool 'p')" and not u.exact
        cond_mean = (a + s[j]) / (kappa + n[j])
        cond_var = cond_mean * (1 - cond_mean) / (kappa + n[j] + 1)
        mean = np.sum(w * cond_mean)
        var = np.sum(w * (cond_var + cond_mean**2)) - mean**2
        fitted_mean, fitted_sd = u.posterior_moments
        mcse = math.sqrt(var / ess)
        assert abs(fitted_mean - mean) < 4 * mcse + 1e-4
        assert abs(fitted_sd - math.sqrt(var)) < 4 * mcse + 1e-4
        assert u.fit_error <= updating.MAX_FIT_ERROR


def distributions_mean(inp):
    return updating.moments(inp)[0]


def distributions_var(inp):
    return updating.moments(inp)[1] ** 2


def test_a_chain_with_little_data_borrows_strength_from_the_pool():
    _, pooled_post = updated(pool_text(), POOL_HEADER + POOL_ROWS)
    _, alone = updated(pool_text(), HEADER + "c2,2022,successes,2,3,,\n")
    pooled_c2 = posterior_of(pooled_post, "c2", "success_probability").posterior_moments[0]
    alone_c2 = posterior_of(alone, "c2", "success_probability").posterior_moments[0]
    pool_rate = (31 + 45) / 180  # what the others measured
    assert abs(pooled_c2 - pool_rate) < abs(alone_c2 - pool_rate)
    # Much data: close to its own rate, little data: pulled furthest from its own rate.
    c3 = posterior_of(pooled_post, "c3", "success_probability").posterior_moments[0]
    assert abs(c3 - 45 / 100) < abs(pooled_c2 - 2 / 3)


def test_pooling_is_checked_where_it_is_written():
    found = problems(scenario_text(), POOL_HEADER + "c1,2022,successes,3,8,,,p\n")
    assert found == ["data.csv:2: column 'pool': pool 'p' has one chain ('c1'); a pool needs "
                     "at least two chains to borrow strength from"]
    found = problems(scenario_text(), POOL_HEADER + "c1,2022,effect,0.3,,0.1,,p\n")
    assert found == ["data.csv:2: column 'pool': only successes can be pooled; leave pool "
                     "empty"]
    found = problems(scenario_text(), POOL_HEADER + POOL_ROWS + "c1,2023,successes,3,8,,,\n")
    assert found == ["data.csv:5: column 'pool': chain 'c1': every successes row of a chain "
                     "needs the same pool; line 2 gives 'p', this row none"]


def test_pooled_sequential_updates_equal_one_batch_update():
    text = pool_text()
    first = written(text, POOL_HEADER + POOL_ROWS, "2022.csv")
    year2 = "c1,2023,successes,20,50,,,p\nc2,2023,successes,1,4,,,p\n"
    _, sequential = updated(first, POOL_HEADER + year2, "2023.csv")
    _, batch = updated(text, POOL_HEADER + POOL_ROWS + year2, "both.csv")
    assert [(u.chain, u.posterior) for u in sequential.updates] == \
        [(u.chain, u.posterior) for u in batch.updates]
    prov = tomllib.loads(written(first, POOL_HEADER + year2, "2023.csv"))["provenance"]
    assert {row.get("pool") for entry in prov["inputs"] for row in entry["data"]} == {"p"}


# ---------------------------------------------------------------------------------------
# The council report of a posterior: "What changed after the measurements?"

SECTION_TITLE = {"nl": "Wat is er veranderd na de metingen?",
                 "en": "What changed after the measurements?"}


def what_changed(page: str) -> str | None:
    """The report's section "What changed …" with its method part in the appendix (the
    update's rule, the inputs table, the files), or None."""
    parts = []
    for anchor in ('<section id="what-changed">', '<section id="what-changed-method">'):
        start = page.find(anchor)
        if start >= 0:
            parts.append(page[start:page.index("</section>", start)])
    return "\n".join(parts) or None


def table_rows(section: str, caption_start: str) -> list[list[str]]:
    """The body rows of the section's table whose caption starts so, as plain text."""
    import html
    import re

    for table in re.findall(r"<table[^>]*>.*?</table>", section, flags=re.S):
        caption = re.search(r"<caption>(.*?)</caption>", table, flags=re.S).group(1)
        if html.unescape(caption).startswith(caption_start):
            body = table[table.index("<tbody>"):]
            return [[html.unescape(re.sub(r"<[^>]+>", "", c))
                     for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
                    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]
    raise AssertionError(f"no table '{caption_start}' in the section")


@pytest.fixture(scope="module")
def bundled_posterior(tmp_path_factory):
    """The bundled scenario updated with the shipped monitoring data: the posterior file
    and the JSON of ``update --report --json`` (Dutch) on 1,000 draws."""
    out = tmp_path_factory.mktemp("posterior") / "posterior.toml"
    result = runner.invoke(app, ["update", str(BUNDLED_DATA), "--out", str(out), "--report",
                                 "--json", "--draws", "1000", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_of_a_posterior_shows_what_update_report_shows(bundled_posterior, lang,
                                                                  tmp_path):
    """The council report's section has the numbers of ``update --report --json`` (the
    'before' of update is the bundled file itself; the report's is rebuilt from the
    posterior file's provenance), formatted in the report's language."""
    from mcimpact.present.locale import Locale

    posterior, doc = bundled_posterior
    if lang != "nl":
        result = runner.invoke(app, ["update", str(BUNDLED_DATA), "--report", "--json",
                                     "--draws", "1000", "--lang", lang])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
    page_path = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(posterior), "-n", "1000", "-q", "--no-voi",
                                 "-f", doc["financing"], "--lang", lang,
                                 "--out", str(page_path)])
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    section = what_changed(page)
    assert section is not None
    import html

    text = html.unescape(section)
    assert f"<h2>{SECTION_TITLE[lang]}</h2>" in text
    assert doc["sentence"] in text  # the plain sentence, word for word
    # the method's words stand in the appendix, not in the section a councillor reads
    main = text[:text.index('<section id="what-changed-method">')]
    assert "SHA-256" not in main and "prior" not in main and "posterior" not in main
    assert page.index('id="what-changed-method"') > page.index(
        f"<h2>{'Aannames en methode' if lang == 'nl' else 'Assumptions and method'}</h2>")
    brief = page[page.index('<section class="headline"'):]
    assert f"<p>{doc['sentence']}</p>" in html.unescape(brief[:brief.index("</section>")])
    loc = Locale.get(lang)

    def interval(d, decimals=2):
        return f"{loc.number(d['p50'], decimals)} ({loc.number(d['p5'], decimals)}–" \
               f"{loc.number(d['p95'], decimals)})"

    figures = table_rows(section, {"nl": "Multiplier en", "en": "Multiplier and"}[lang])
    before, after = doc["prior"], doc["posterior"]
    assert [r[1:] for r in figures] == [
        [interval(before["multiplier"]), interval(after["multiplier"])],
        [loc.number(before["multiplier"]["mean"], 2), loc.number(after["multiplier"]["mean"], 2)],
        [loc.probability(before["multiplier"]["p_gt_1"]),
         loc.probability(after["multiplier"]["p_gt_1"])],
        [loc.probability(before["p_multiplier_above"]),
         loc.probability(after["p_multiplier_above"])],
        [f"{b['p50']} ({b['p5']} – {b['p95']})" for b in (before["break_even_year"],
                                                         after["break_even_year"])],
        [loc.probability(before["break_even_year"]["p_never"]),
         loc.probability(after["break_even_year"]["p_never"])],
    ]
    assert loc.number(doc["above"], 1) in figures[3][0]
    inputs = table_rows(section, {"nl": "Bijgewerkte invoer", "en": "Updated inputs"}[lang])
    assert [r[0] for r in inputs] == [i["chain"] for i in doc["inputs"]]
    for row, i in zip(inputs, doc["inputs"], strict=True):
        decimals = 0 if i["input"] == "participants" else 2
        for cell, d in ((row[2], i["prior"]), (row[3], i["posterior"])):
            assert cell.endswith(f"{loc.number(d['mean'], decimals)} ("
                                 f"{loc.number(d['p5'], decimals)}–"
                                 f"{loc.number(d['p95'], decimals)})"), (cell, d)
        if i["prior"]["label"]:
            assert f"‘{i['prior']['label']}’" in row[2]
    # the provenance: the prior file's and the data file's hashes, computed here
    prior_sha = hashlib.sha256(Path(resources.files("mcimpact.scenarios").joinpath(  # type: ignore[arg-type]
        "groningen-noord.toml")).read_bytes()).hexdigest()
    assert f"<code>{prior_sha}</code>" in section
    assert f"<code>{hashlib.sha256(BUNDLED_DATA.read_bytes()).hexdigest()}</code>" in section
    assert "2026-12-01" in section


def test_the_report_of_a_plain_scenario_has_no_what_changed_section(tmp_path):
    prior = tmp_path / "prior.toml"
    prior.write_text(scenario_text())
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(prior), "-n", "500", "-q", "--no-voi",
                                 "--out", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert what_changed(text) is None and SECTION_TITLE["nl"] not in text


def test_the_reports_before_is_the_prior_file_simulated_on_the_same_draws(tmp_path):
    """On a small scenario (a conjugate and a general-method update): the section's
    'before' equals ``sim`` on the prior file itself, its 'after' ``sim`` on the
    posterior, also when the report is made from a results file of the posterior; the
    data file's name is shown literally."""
    from mcimpact.present.locale import Locale

    prior = tmp_path / "prior.toml"
    prior.write_text(scenario_text())
    data = tmp_path / "data <b>&.csv"  # shown literally: escaped
    data.write_text(HEADER + "c1,2021,successes,30,50,,\nc3,2021,successes,9,20,,\n")
    posterior = tmp_path / "posterior.toml"
    result = runner.invoke(app, ["update", str(prior), str(data), "--out", str(posterior)])
    assert result.exit_code == 0, result.output
    sims = {}
    for name, path in (("before", prior), ("after", posterior)):
        result = runner.invoke(app, ["sim", str(path), "-n", "600", "--seed", "5", "--json"])
        assert result.exit_code == 0, result.output
        sims[name] = json.loads(result.stdout)["financing"]["base"]["multiplier"]
    results = tmp_path / "posterior.nc"
    result = runner.invoke(app, ["sim", str(posterior), "-n", "600", "--seed", "5", "-q",
                                 "--out", str(results)])
    assert result.exit_code == 0, result.output
    loc = Locale.get("en")
    for source in (posterior, results):
        page = tmp_path / f"report-{source.suffix[1:]}.html"
        result = runner.invoke(app, ["report", str(source), "-n", "600", "--seed", "5", "-q",
                                     "--no-voi", "--lang", "en", "--out", str(page)])
        assert result.exit_code == 0, result.output
        section = what_changed(page.read_text(encoding="utf-8"))
        assert section is not None
        rows = table_rows(section, "Multiplier and")
        assert rows[1][1:] == [loc.number(sims["before"]["mean"], 2),
                               loc.number(sims["after"]["mean"], 2)]
        assert rows[0][1:] == [f"{loc.number(m['p50'], 2)} ({loc.number(m['p5'], 2)}–"
                               f"{loc.number(m['p95'], 2)})" for m in (sims["before"],
                                                                     sims["after"])]
        methods = [r[5] for r in table_rows(section, "Updated inputs")]
        assert methods[0] == "beta-binomial (exact)"
        assert methods[1].startswith("grid posterior fitted to ")
        assert "data &lt;b&gt;&amp;.csv (2 rows)" in section and "<b>" not in section


def test_update_report_of_a_posterior_compares_with_the_judgement_before_all_data(tmp_path):
    """Updating a posterior again, ``--report``'s 'before' is the original prior (the
    inputs table shows it, the sentence names every year): the same JSON as one update
    with both years from the prior file."""
    prior = tmp_path / "prior.toml"
    prior.write_text(scenario_text())
    year1, year2 = tmp_path / "2021.csv", tmp_path / "2022.csv"
    year1.write_text(HEADER + "c1,2021,successes,30,50,,\nc3,2021,successes,9,20,,\n")
    year2.write_text(HEADER + "c1,2022,successes,12,40,,\n")
    both = tmp_path / "both.csv"
    both.write_text(year1.read_text() + year2.read_text()[len(HEADER):])
    first = tmp_path / "posterior-2021.toml"
    assert runner.invoke(app, ["update", str(prior), str(year1), "--out",
                               str(first)]).exit_code == 0
    docs = []
    for args in ([str(first), str(year2)], [str(prior), str(both)]):
        result = runner.invoke(app, ["update", *args, "--report", "--json", "-n", "500"])
        assert result.exit_code == 0, result.output
        docs.append(json.loads(result.stdout))
    sequential, batch = docs
    assert sequential["years"] == ["2021", "2022"]
    for key in ("prior", "posterior", "sentence", "above"):
        assert sequential[key] == batch[key], key
    # and 'before' is the prior file itself: its sim on the same draws
    result = runner.invoke(app, ["sim", str(prior), "-n", "500", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["financing"]["base"]["multiplier"]["mean"] == \
        sequential["prior"]["multiplier"]["mean"]


def test_the_update_figure_writes_its_ticks_in_the_languages_number_format():
    from mcimpact.present import update_figures
    from mcimpact.present.locale import Locale

    prior, post = updated(scenario_text(), HEADER + "c1,2021,successes,30,50,,\n")
    posterior = parse(written(scenario_text(), HEADER + "c1,2021,successes,30,50,,\n"),
                      "posterior.toml")
    change = updating.compare(prior, posterior, post, 300, 1)
    for lang, decimal in (("nl", ","), ("en", ".")):
        fig = update_figures.figure(change, updating.curves(change.updates),
                                    Locale.get(lang))
        fig.canvas.draw()
        ticks = [t.get_text() for ax in fig.axes if ax.get_visible()
                 for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
        fractions = [t for t in ticks if not t.lstrip("-").isdigit()]
        assert fractions and all(decimal in t for t in fractions), (lang, ticks)
        assert not any(({"," , "."} - {decimal}) & set(t) for t in fractions), (lang, ticks)


def test_a_report_whose_before_run_does_not_fit_leaves_the_section_out(tmp_path,
                                                                        monkeypatch):
    from mcimpact.errors import ResourceError

    prior = tmp_path / "prior.toml"
    prior.write_text(scenario_text())
    posterior = tmp_path / "posterior.toml"
    posterior.write_text(written(scenario_text(), HEADER + "c1,2021,successes,30,50,,\n"))

    def too_big(*args, **kwargs):
        raise ResourceError("the per-draw results need 9 GiB, 2 GiB free")

    # The prior's run (WhatChanged's own pass) would not fit; the report's pass does.
    monkeypatch.setattr(updating._what_changed, "execute", too_big)
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(posterior), "-n", "300", "-q", "--no-voi",
                                 "--lang", "en", "--out", str(page)])
    assert result.exit_code == 0, result.output
    assert "need 9 GiB, 2 GiB free; so the report leaves out 'What changed" in result.output
    assert what_changed(page.read_text(encoding="utf-8")) is None
