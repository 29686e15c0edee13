"""The ``mcimpact`` command line: the only module that prints."""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ._version import __version__
from .errors import OutputError, ScenarioError
from .model.scenario import DEFAULT_DRAWS, DEFAULT_SEED
from .present.locale import Lang

app = typer.Typer(
    name="mcimpact",
    help="Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wider than rich's 80 columns when the output is not a terminal (a file, a pipe).
out = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, highlight=False)

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="Scenario file (TOML). Default: the bundled Groningen scenario.",
                   show_default=False),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"mcimpact {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena)."""


def _load(path: Path | None) -> Any:
    from .readers.toml import load

    try:
        return load(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            err.print(f"[bold red]error:[/] {escape(str(problem))}", soft_wrap=True)
        n = len(exc.problems)
        err.print(f"{n} problem{'s' if n != 1 else ''} found; nothing was run.")
        raise typer.Exit(code=2) from None


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML).")]) -> None:
    """Check a scenario file without running it (exit 2 on problems)."""
    model = _load(scenario)
    counts = ", ".join(_plural(n, word) for n, word in (
        (len(model.initiatives), "initiative"), (len(model.activities), "activity"),
        (len(model.chains), "chain")))
    out.print(f"{escape(str(scenario))}: OK — {counts}, "
              f"{model.meta.start_year}–{model.meta.end_year}", soft_wrap=True)


def _draws_that_fit(model: Any, keep_inputs: bool) -> int:
    """How many draws fit in the memory that is available now (see engine.bytes_per_draw)."""
    from .run.engine import bytes_per_draw

    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            info = dict(line.split(":", 1) for line in f)
        available = int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):  # not Linux: no guard
        return 2**62
    return int(0.9 * available) // bytes_per_draw(model, keep_inputs)


def _select_financing(model: Any, ids: list[str] | None) -> Any:
    if not ids:
        return model
    try:
        return model.select_financing(ids)
    except KeyError as exc:
        err.print(f"[bold red]error:[/] --financing: {escape(exc.args[0])}", soft_wrap=True)
        raise typer.Exit(code=2) from None


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


class _Progress:
    """A progress bar on stderr that appears only once a run has taken over a second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()
        self.bar: Progress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < 1.0 or done >= total:
                return
            self.bar = Progress(
                TextColumn("sampling"), BarColumn(), MofNCompleteColumn(),
                TextColumn("draws"), TimeRemainingColumn(), console=err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("sampling", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def sim(
    scenario: ScenarioArg = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=1,
                                       help="Monte Carlo draws.")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0,
                                      help="Seed: same seed, same numbers.")] = DEFAULT_SEED,
    deterministic: Annotated[bool, typer.Option(
        "--deterministic", help="Run every input at its point value (the report's method)."
    )] = False,
    precision: Annotated[float | None, typer.Option(
        "--precision", min=1e-6,
        help="Keep drawing until the 95 % half-width of the mean multiplier is below this "
             "fraction of the mean (e.g. 0.01).")] = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the results dataset: FILE.nc (NetCDF) or DIR.zarr (Zarr v3).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out.")] = False,
    keep_inputs: Annotated[bool, typer.Option(
        "--keep-inputs", help="Store the sampled inputs per draw and chain in --out.")] = False,
    threads: Annotated[int | None, typer.Option(
        "--threads", min=1, help="Threads for the sampler (default: all cores). Results do "
                                 "not depend on it.", show_default=False)] = None,
    financing: Annotated[list[str] | None, typer.Option(
        "--financing", "-f", help="Run only this financing scenario (repeatable; the first "
                                  "is the reference). Default: all in the file.",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="No progress bar, no summary.")] = False,
) -> None:
    """Simulate a scenario (Monte Carlo by default) under each of its financing scenarios
    (on the same draws) and summarise the result."""
    from .analysis.api import simulate
    from .run.sinks import check_target

    model = _select_financing(_load(scenario), financing)
    try:
        if out_path is not None:
            check_target(out_path, force)
    except OutputError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    if threads is not None:
        import numba

        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))  # type: ignore[attr-defined]
    if deterministic:
        ignored = [name for name, given in (("--draws", draws != DEFAULT_DRAWS),
                                            ("--seed", seed != DEFAULT_SEED),
                                            ("--precision", precision is not None),
                                            ("--keep-inputs", keep_inputs)) if given]
        if ignored:
            err.print(f"note: {', '.join(ignored)} ha{'s' if len(ignored) == 1 else 've'} "
                      "no effect with --deterministic (one run at the point values)")
        results = simulate(model, deterministic=True, out=out_path, force=force)
    else:
        fit = _draws_that_fit(model, keep_inputs)
        if draws > fit:
            err.print(f"[bold red]error:[/] {draws:,} draws of {len(model.financing)} financing "
                      f"scenario(s) need more memory than this machine has free (room for "
                      f"about {fit:,}); use fewer draws, or fewer financing scenarios with "
                      "--financing", soft_wrap=True)
            raise typer.Exit(code=2)
        progress = _Progress(enabled=not quiet)
        try:
            results = simulate(model, draws, seed, precision=precision,
                               keep_inputs=keep_inputs, progress=progress,
                               max_draws=min(10_000_000, fit), out=out_path, force=force)
        finally:
            progress.close()
    summary = results.summary.to_json()
    if as_json:
        print(json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False))
    elif not quiet:
        _print_summary(summary, model)
        if out_path is not None:
            out.print(f"\nresults written to {out_path}")


@app.command()
def sensitivity(
    source: Annotated[Path | None, typer.Argument(
        help="Scenario file (TOML), or results (.nc/.zarr) written by 'mcimpact sim' (its "
             "scenario, seed and draws are used). Default: the bundled Groningen scenario.",
        show_default=False)] = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100,
                                       help="Monte Carlo draws.")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0)] = DEFAULT_SEED,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 10,
    financing: Annotated[list[str] | None, typer.Option(
        "--financing", "-f", help="Analyse only this financing scenario (repeatable). "
                                  "Default: all in the file.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Which activities and inputs drive the multiplier and the break-even year, per
    financing scenario."""
    from .analysis.sensitivity import analyse_financing

    model, ds = _monte_carlo(source, draws, seed, financing, quiet=as_json)
    reports = analyse_financing(model, results=ds, seed=int(ds.attrs["seed"]))
    results = {fid: r.to_dict() for fid, r in reports.items()}
    if as_json:
        first = next(iter(results))
        print(json.dumps({**results[first], "reference": first, "financing": results},
                         indent=2, ensure_ascii=False, allow_nan=False))
        return
    for result in results.values():
        _print_sensitivity(result, model, top)


SourceArg = Annotated[Path | None, typer.Argument(
    help="Results (.nc/.zarr) written by 'mcimpact sim' (a Monte Carlo run), or a scenario "
         "file (TOML) to simulate first. Default: the bundled Groningen scenario.",
    show_default=False)]
FinancingOpt = Annotated[list[str] | None, typer.Option(
    "--financing", "-f", help="Only this financing scenario (repeatable; the first is the "
                              "reference). Default: all.", show_default=False)]
LangOpt = Annotated[str, typer.Option("--lang", help="Language: nl (Dutch) or en (English).")]


def _monte_carlo(source: Path | None, draws: int, seed: int, financing: list[str] | None,
                 quiet: bool = False) -> tuple[Any, Any]:
    """(scenario, Monte Carlo results) from a results file, or by simulating a scenario."""
    if source is not None and source.suffix in (".nc", ".zarr"):
        from .readers.toml import parse
        from .run.sinks import read

        try:
            ds = read(source)
        except (OSError, ValueError) as exc:
            err.print(f"[bold red]error:[/] {escape(str(source))}: cannot read results: "
                      f"{escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(code=2) from None
        if ds.attrs.get("mode") != "monte-carlo":
            err.print(f"[bold red]error:[/] {escape(str(source))}: not a Monte Carlo result")
            raise typer.Exit(code=2)
        try:
            model = parse(str(ds.attrs["scenario_text"]), f"{source} (scenario)")
        except ScenarioError as exc:  # pragma: no cover - it was valid when it was run
            err.print(escape(str(exc)))
            raise typer.Exit(code=2) from None
        ids = [str(f) for f in ds.financing.values]
        model = _select_financing(model, financing or ids)
        missing = [f.id for f in model.financing if f.id not in ids]
        if missing:
            err.print(f"[bold red]error:[/] {escape(str(source))} has no results for "
                      f"financing scenario '{escape(missing[0])}'")
            raise typer.Exit(code=2)
        return model, ds.sel(financing=[f.id for f in model.financing])
    from .run.engine import run_monte_carlo

    model = _select_financing(_load(source), financing)
    progress = _Progress(enabled=not quiet)
    try:
        ds = run_monte_carlo(model, draws, seed, progress=progress)
    finally:
        progress.close()
    return model, ds


def _note(text: str) -> None:
    err.print(f"[dim]{escape(text)}[/]", soft_wrap=True)


def _check_lang(lang: str) -> Lang:
    if lang not in ("nl", "en"):
        err.print(f"[bold red]error:[/] --lang: unknown language '{escape(lang)}'; expected "
                  "nl or en")
        raise typer.Exit(code=2)
    return "nl" if lang == "nl" else "en"


def _figure_inputs(model: Any, ds: Any, sensitivity: bool, quiet: bool
                   ) -> tuple[dict[str, Any], dict[str, Any] | None, float | None]:
    """Summary, sensitivity per financing scenario (or None) and the point multiplier."""
    from .analysis.sensitivity import analyse_financing
    from .analysis.summaries import summarize
    from .run.engine import run_deterministic

    summary = summarize(ds).to_json()
    sens = None
    if sensitivity:
        if not quiet:
            _note("sensitivity analysis per financing scenario …")
        reports = analyse_financing(model, results=ds, seed=int(ds.attrs["seed"]))
        sens = {fid: r.to_dict() for fid, r in reports.items()}
    point = run_deterministic(model)["multiplier"].values[0, 0]
    return summary, sens, float(point) if math.isfinite(point) else None


@app.command()
def plot(
    source: SourceArg = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory for the figures "
                                          "(PNG and SVG); created if missing.")] = Path("figures"),
    lang: LangOpt = "nl",
    draws: Annotated[int, typer.Option("--draws", "-n", min=100, help="Monte Carlo draws "
                                       "(when simulating a scenario).")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0)] = DEFAULT_SEED,
    financing: FinancingOpt = None,
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity/--no-sensitivity", help="Include the sensitivity figures.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty directory "
                                        "(overwriting figures of the same name).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """Figures of a Monte Carlo result: fan chart, multiplier, break-even, breakdowns,
    initiatives, financing comparison and sensitivity, as PNG and SVG."""
    lang = _check_lang(lang)
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not force)):
        err.print(f"[bold red]error:[/] {escape(str(out_dir))}: exists and is not an empty "
                  "directory; use --force to write into it")
        raise typer.Exit(code=2)
    if not out_dir.parent.exists():
        err.print(f"[bold red]error:[/] {escape(str(out_dir))}: directory "
                  f"{escape(str(out_dir.parent))} does not exist")
        raise typer.Exit(code=2)
    from .present.figures import all_figures, save

    model, ds = _monte_carlo(source, draws, seed, financing, quiet)
    summary, sens, point = _figure_inputs(model, ds, sensitivity, quiet)
    out_dir.mkdir(exist_ok=True)
    written = []
    for stem, fig in all_figures(ds, summary, sens, point=point, lang=lang).items():
        written += save(fig, out_dir, stem)
    if not quiet:
        out.print(f"{len(written)} files written to {escape(str(out_dir))}")


@app.command()
def report(
    source: SourceArg = None,
    out_path: Annotated[Path, typer.Option("--out", "-o", help="The report: FILE.html.")
                        ] = Path("report.html"),
    lang: LangOpt = "nl",
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print FILE.pdf (needs a headless "
                                      "Chromium).")] = False,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100, help="Monte Carlo draws "
                                       "(when simulating a scenario).")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0)] = DEFAULT_SEED,
    financing: FinancingOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """A self-contained HTML report for a council (Dutch by default): headline, figures with
    how to read them, financing comparison, assumptions, method and provenance."""
    from .present import report as reporting

    lang = _check_lang(lang)
    try:
        reporting.check_target(out_path, force)
        if pdf and reporting.chromium() is None:
            raise OutputError("--pdf needs a headless Chromium on PATH (Debian: apt-get "
                              "install chromium)")
    except OutputError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    model, ds = _monte_carlo(source, draws, seed, financing, quiet)
    summary, sens, point = _figure_inputs(model, ds, True, quiet)
    html = reporting.render(reporting.context(model, ds, summary, sens, point, lang))
    try:
        pdf_path = reporting.write(html, out_path, pdf=pdf)
    except OutputError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(code=1) from None
    if not quiet:
        out.print(f"report written to {escape(str(out_path))}"
                  + (f" and {escape(str(pdf_path))}" if pdf_path else ""))


def _print_sensitivity(result: dict[str, Any], model: Any, top: int) -> None:
    names = {a.key: f"{a.name} ({a.initiative})" for a in model.activities}
    fin = {f.id: f.name for f in model.financing}[result["financing"]]
    out.print()
    out.print(f"[bold]{escape(model.meta.name)}[/] — financing: {escape(fin)} — sensitivity, "
              f"{result['draws']:,} draws, seed {result['seed']}", soft_wrap=True)
    table = Table(title="activities by total-order Sobol index of the multiplier "
                        "(share of its variance, 95 % interval)", title_justify="left",
                  show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("activity")
    table.add_column("total order", justify="right")
    table.add_column("first order", justify="right")
    rows = {r["factor"]: r for r in result["by_activity"]["outputs"]["multiplier"]}
    for n, key in enumerate(result["ranking"][:top], start=1):
        r = rows[key]
        table.add_row(str(n), escape(names.get(key, key)),
                      f"{r['total_order']:.1%} [{r['total_order_low']:.1%} – "
                      f"{r['total_order_high']:.1%}]", f"{r['first_order']:.1%}")
    out.print()
    out.print(table)
    if result["by_input"] is not None:
        factors = [{**r, "factor": r["input"]} for r in result["by_input"]["factors"]]
    else:
        factors = result["by_kind"]["outputs"]["multiplier"]
    kinds = Table(title="inputs by kind (share of the variance of the multiplier)",
                  title_justify="left", show_edge=False, pad_edge=False)
    kinds.add_column("input")
    kinds.add_column("first order", justify="right")
    kinds.add_column("total order", justify="right")
    for r in sorted(factors, key=lambda r: -(r["total_order"] or 0)):
        kinds.add_row(r["factor"], _share(r["first_order"]), _share(r["total_order"]))
    out.print()
    out.print(kinds)
    tornado = result["tornado"]
    bars = Table(title=f"one-way swings of the {tornado['output']} (input at its P10 and P90, "
                       f"the rest at their point values; base {tornado['base']:.2f})",
                 title_justify="left", show_edge=False, pad_edge=False)
    for column in ("#", "chain", "input", "P10 – P90", "output", "swing"):
        bars.add_column(column, justify="right" if column in ("#", "swing") else "left")
    for r in tornado["bars"][:top]:
        bars.add_row(str(r["rank"]), escape(r["chain"]), r["input"],
                     f"{r['low_value']:.3g} – {r['high_value']:.3g}",
                     f"{r['output_low']:.2f} – {r['output_high']:.2f}", f"{r['swing']:.3f}")
    out.print()
    out.print(bars)
    late = result["late_break_even"]
    drivers = Table(title=f"what drives a break-even after {late['year']} "
                          f"(P = {late['p_late']:.1%}): P(late) when the activity's benefits "
                          "are in their lower half minus in their upper half",
                    title_justify="left", show_edge=False, pad_edge=False)
    drivers.add_column("activity")
    drivers.add_column("effect", justify="right")
    for r in late["factors"][:top]:
        drivers.add_row(escape(names.get(r["factor"], r["factor"])),
                        f"{r['effect']:+.1%} [{r['effect_low']:+.1%} – {r['effect_high']:+.1%}]")
    out.print()
    out.print(drivers)


def _share(x: float | None) -> str:
    return "–" if x is None else f"{x:.1%}"


def _k(value: Any) -> str:
    """A money figure in k EUR; for a distribution: mean [p5 – p95]."""
    if isinstance(value, dict):
        return f"{_k(value['mean'])} [{_k(value['p5'])} – {_k(value['p95'])}]"
    return "–" if value is None else f"{value / 1000:,.0f}"


def _x(value: Any) -> str:
    if isinstance(value, dict):
        return f"{_x(value['mean'])} [{_x(value['p5'])} – {_x(value['p95'])}]"
    return "–" if value is None else f"{value:.2f}"


def _mean(value: Any) -> float:
    return (value.get("mean") if isinstance(value, dict) else value) or 0.0


def _print_summary(s: dict[str, Any], model: Any) -> None:
    names = {
        "benefits_by_initiative": {i.id: i.name for i in model.initiatives},
        "benefits_by_beneficiary": {g.id: g.name("nl") for g in model.beneficiaries},
        "benefits_by_domain": {g.id: g.name("nl") for g in model.domains},
    }
    cur = s["currency"]
    mc = s["mode"] != "deterministic"
    run = f"{s['draws']:,} draws, seed {s['seed']}" if mc else "deterministic (point values)"
    out.print(f"[bold]{escape(s['scenario']['name'])}[/] — {run}, {s['years'][0]}–{s['years'][1]}")
    if len(s["financing"]) > 1 or s["reference"] != "base":
        out.print(f"  financing: {escape(s['labels']['financing'][s['reference']])}"
                  + (" (the reference; all scenarios below)" if len(s["financing"]) > 1
                     else ""), soft_wrap=True)
    if mc:
        out.print("  figures: mean [5 % – 95 %]")
    out.print(f"  costs       {_k(s['costs_total'])} k {cur}")
    out.print(f"  benefits    {_k(s['benefits_total'])} k {cur}")
    out.print(f"  claimable   {_k(s['benefits_claimable'])} k {cur}")
    out.print(f"  multiplier  {_x(s['multiplier'])}")
    be = s["break_even_year"]
    if mc:
        m = s["multiplier"]
        out.print(f"              P(> 1) = {m['p_gt_1']:.1%}, P(≥ 3) = {m['p_ge_3']:.1%}, "
                  f"MC standard error of the mean {m['mcse']:.4f}")
        median = be["p50"] if be["p50"] is not None else "after the horizon"
        out.print(f"  break-even  median {median}, 90 % interval "
                  f"{be['p5'] or 'after'} – {be['p95'] or 'after the horizon'}, "
                  f"P(never) = {be['p_never']:.1%}")
    else:
        out.print(f"  break-even  {be if be is not None else 'not within the horizon'}")
    for key, title in (
        ("benefits_by_initiative", "initiative"),
        ("benefits_by_beneficiary", "beneficiary"),
        ("benefits_by_domain", "domain"),
        ("benefits_by_period", "period"),
    ):
        table = Table(title=f"benefits by {title} (k {cur})", title_justify="left",
                      show_edge=False, pad_edge=False)
        table.add_column(title)
        table.add_column("benefits", justify="right")
        if key == "benefits_by_initiative":
            table.add_column("multiplier", justify="right")
        if key == "benefits_by_domain":
            table.add_column("cost claim", justify="right")
        items = list(s[key].items())
        if key != "benefits_by_period":
            items.sort(key=lambda kv: -_mean(kv[1]))
        for k, v in items:
            if key == "benefits_by_domain" and not _mean(v):
                continue
            row = [escape(names.get(key, {}).get(k, k)), _k(v)]
            if key == "benefits_by_initiative":
                row.append(_x(s["multiplier_by_initiative"][k]))
            if key == "benefits_by_domain":
                row.append(_k(s["cost_claim_by_domain"][k]))
            table.add_row(*row)
        out.print()
        out.print(table)
    if len(s["financing"]) > 1:
        _print_financing(s, cur, mc)


def _print_financing(s: dict[str, Any], cur: str, mc: bool) -> None:
    table = Table(title=f"financing scenarios (k {cur}{'; mean [5 % – 95 %]' if mc else ''})",
                  title_justify="left", show_edge=False, pad_edge=False)
    for column in ("scenario", "costs", "benefits", "multiplier", "break-even"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for fid, b in s["financing"].items():
        be = b["break_even_year"]
        if mc:
            be = f"{be['p50'] or 'after'} [{be['p5'] or 'after'} – {be['p95'] or 'after'}]"
        table.add_row(escape(fid), _k(b["costs_total"]), _k(b["benefits_total"]),
                      _x(b["multiplier"]), str(be or "after the horizon"))
    out.print()
    out.print(table)
    pairs = Table(title=f"paired comparisons, A − B on the same draws (k {cur})",
                  title_justify="left", show_edge=False, pad_edge=False)
    for column in ("A", "B", "Δ net benefit", "P(mult. A > B)", "extra benefits / extra costs"):
        pairs.add_column(column, justify="left" if column in ("A", "B") else "right")
    for c in s["comparisons"]:
        inc = c["incremental_multiplier"]
        if mc:
            p = f"{c['p_multiplier_greater']:.1%}"
            ratio = ("–" if inc["ratio_of_means"] is None else
                     f"{inc['ratio_of_means']:.2f} [{_x(inc.get('p5'))} – {_x(inc.get('p95'))}]")
        else:
            p, ratio = "", _x(inc)
        pairs.add_row(escape(c["a"]), escape(c["b"]), _k(c["net_benefit_difference"]), p,
                      ratio)
    out.print()
    out.print(pairs)


def main() -> None:
    app()
