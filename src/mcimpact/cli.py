"""The ``mcimpact`` command line: the only module that prints."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .errors import OutputError, ScenarioError
from .model import DEFAULT_DRAWS, DEFAULT_SEED

app = typer.Typer(
    name="mcimpact",
    help="Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
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
    from .scenario import load

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
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="No progress bar, no summary.")] = False,
) -> None:
    """Simulate a scenario (Monte Carlo by default) and summarise the result."""
    from .engine import run_deterministic, run_monte_carlo
    from .io import check_target, write
    from .summaries import summarize

    model = _load(scenario)
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
        ds = run_deterministic(model)
    else:
        progress = _Progress(enabled=not quiet)
        try:
            ds = run_monte_carlo(model, draws, seed, precision=precision,
                                 keep_inputs=keep_inputs, progress=progress)
        finally:
            progress.close()
    if out_path is not None:
        write(ds, out_path, force=force)
    summary = summarize(ds)
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
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Which activities and inputs drive the multiplier and the break-even year."""
    from .sensitivity import analyse

    if source is not None and source.suffix in (".nc", ".zarr"):
        from .io import read
        from .scenario import parse

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
        draws, seed = int(ds.attrs["draws"]), int(ds.attrs["seed"])
    else:
        model = _load(source)
    report = analyse(model, draws, seed)
    result = report.to_dict()
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False))
        return
    names = {a.key: f"{a.name} ({a.initiative})" for a in model.activities}
    out.print(f"[bold]{escape(model.meta.name)}[/] — sensitivity, {result['draws']:,} draws, "
              f"seed {result['seed']}")
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
        kinds = Table(title="inputs by kind (share of the variance of the multiplier)",
                      title_justify="left", show_edge=False, pad_edge=False)
        kinds.add_column("input")
        kinds.add_column("first order", justify="right")
        kinds.add_column("total order", justify="right")
        for r in sorted(result["by_input"]["factors"], key=lambda r: -(r["total_order"] or 0)):
            kinds.add_row(r["input"], _share(r["first_order"]), _share(r["total_order"]))
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
        "benefits_by_beneficiary": {g.id: g.nl for g in model.beneficiaries},
        "benefits_by_domain": {g.id: g.nl for g in model.domains},
    }
    cur = s["currency"]
    mc = s["mode"] != "deterministic"
    run = f"{s['draws']:,} draws, seed {s['seed']}" if mc else "deterministic (point values)"
    out.print(f"[bold]{escape(s['scenario']['name'])}[/] — {run}, {s['years'][0]}–{s['years'][1]}")
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


def main() -> None:
    app()
