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

# Kept in step with mcimpact.engine (not imported here: the CLI starts without numba).
DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 20210101

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
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    elif not quiet:
        _print_summary(summary, model)
        if out_path is not None:
            out.print(f"\nresults written to {out_path}")


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
