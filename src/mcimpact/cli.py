"""The ``mcimpact`` command line: the only module that prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .errors import ScenarioError

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
    out.print(f"{scenario}: OK — {len(model.initiatives)} initiatives, "
              f"{len(model.activities)} activities, {len(model.chains)} chains, "
              f"{model.meta.start_year}–{model.meta.end_year}")


@app.command()
def sim(
    scenario: ScenarioArg = None,
    deterministic: Annotated[bool, typer.Option(
        "--deterministic", help="Run every input at its point value (the report's method)."
    )] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Simulate a scenario and summarise the result."""
    from .engine import run_deterministic
    from .summaries import summarize

    model = _load(scenario)
    summary = summarize(run_deterministic(model))
    if as_json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_summary(summary, model)


def _k(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:,.0f}"


def _print_summary(s: dict[str, Any], model: Any) -> None:
    names = {
        "benefits_by_initiative": {i.id: i.name for i in model.initiatives},
        "benefits_by_beneficiary": {g.id: g.nl for g in model.beneficiaries},
        "benefits_by_domain": {g.id: g.nl for g in model.domains},
    }
    cur = s["currency"]
    out.print(f"[bold]{s['scenario']['name']}[/] — {s['mode']}, "
              f"{s['years'][0]}–{s['years'][1]}")
    be = s["break_even_year"]
    out.print(f"  costs      {_k(s['costs_total']):>8} k {cur}")
    out.print(f"  benefits   {_k(s['benefits_total']):>8} k {cur}"
              f"  (claimable {_k(s['benefits_claimable'])} k)")
    out.print(f"  multiplier {s['multiplier']:>8.2f}")
    out.print(f"  break-even {be if be is not None else 'not within the horizon':>8}")
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
        extra = key == "benefits_by_initiative"
        if extra:
            table.add_column("multiplier", justify="right")
        if key == "benefits_by_domain":
            table.add_column("cost claim", justify="right")
        for k, v in sorted(s[key].items(), key=lambda kv: -(kv[1] or 0)) if key != \
                "benefits_by_period" else s[key].items():
            row = [names.get(key, {}).get(k, k), _k(v)]
            if extra:
                m = s["multiplier_by_initiative"][k]
                row.append("–" if m is None else f"{m:.2f}")
            if key == "benefits_by_domain":
                row.append(_k(s["cost_claim_by_domain"][k]))
            table.add_row(*row)
        out.print()
        out.print(table)


def main() -> None:
    app()
