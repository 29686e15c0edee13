"""Synthetic scenarios of any size, for benchmarks and tests.

``synthetic_toml(96)`` is the benchmark model of the performance targets: 96 chains over
20 years, each with three uncertain inputs (a participant count with the default count
uncertainty and two label Betas), so a draw needs 288 uniforms.
"""

from __future__ import annotations

import numpy as np

LABELS = ("laag", "laag-middel", "middel", "middel-hoog", "hoog")
SHAPES = (
    '{ shape = "one-off", lag = 1 }',
    '{ shape = "constant", duration = 3 }',
    '{ shape = "linear-decline", duration = 6 }',
    '{ shape = "exponential-decline", half_life = 4.0, lag = 1 }',
)
DOMAINS = ("rondkomen", "gezondheid", "opgroeien", "meedoen", "samen-leven", "veiligheid")
BENEFICIARIES = ("deelnemers", "wijkbewoners", "overheid", "overig")


def synthetic_toml(n_chains: int = 96, *, seed: int = 0, initiatives: int = 4,
                   activities: int = 4, start_year: int = 2021, horizon: int = 20) -> str:
    """A valid scenario file with ``n_chains`` chains spread over the initiatives."""
    rng = np.random.default_rng(seed)
    lines = [
        "[meta]",
        f'name = "synthetic {n_chains}-chain scenario"',
        f"start_year = {start_year}",
        f"horizon = {horizon}",
        "",
    ]
    for i in range(initiatives):
        acts = ", ".join(f'a{k} = "activity {k}"' for k in range(activities))
        lines += [
            "[[initiatives]]",
            f'id = "i{i}"',
            f'name = "initiative {i}"',
            f"costs = {{ {start_year} = {200_000 + 50_000 * i}, "
            f"{start_year + 1} = {200_000 + 50_000 * i} }}",
            f"activities = {{ {acts} }}",
            "",
        ]
    for e in range(n_chains):
        lines += [
            "[[chains]]",
            f'id = "c{e}"',
            f'initiative = "i{e % initiatives}"',
            f'activity = "a{(e // initiatives) % activities}"',
            f'beneficiary = "{BENEFICIARIES[e % len(BENEFICIARIES)]}"',
            f'domain = "{DOMAINS[e % len(DOMAINS)]}"',
            f"participants = {int(rng.integers(10, 300))}",
            f'success_probability = "{LABELS[int(rng.integers(0, 5))]}"',
            f'effect_size = "{LABELS[int(rng.integers(0, 5))]}"',
            f"value = {int(rng.choice([50, 385, 1200, 3500, 16000]))}",
            f"profile = {SHAPES[e % len(SHAPES)]}",
            "",
        ]
    return "\n".join(lines)
