"""``mcimpact sim`` end to end, as a user runs it: a subprocess with a warm numba cache.

Includes interpreter start, imports (numba, scipy, xarray), loading the JIT-compiled core
from the cache, compiling the scenario, sampling, assembling the dataset and summarising.
``setup`` runs the command once with few draws so that the numba cache is warm for the
current source.
"""

from __future__ import annotations

import subprocess

from . import _common as c


class SimEndToEnd:
    """``time_sim_groningen``: the report's own funding only (``-f regiodeal``);
    ``time_sim_groningen_financing``: all four financing scenarios (the default)."""

    params = ([1_000_000],)
    param_names = ("draws",)
    number = 1
    repeat = (1, 3, 60.0)
    warmup_time = 0.0
    processes = 1
    timeout = 600

    def setup(self, draws: int) -> None:
        self.cmd = [*c.mcimpact_command(), "sim", "-q"]
        subprocess.run([*self.cmd, "-n", "1000"], check=True)  # warm the numba cache

    def time_sim_groningen(self, draws: int) -> None:
        subprocess.run([*self.cmd, "-f", "regiodeal", "-n", str(draws)], check=True)

    def time_sim_groningen_financing(self, draws: int) -> None:
        subprocess.run([*self.cmd, "-n", str(draws)], check=True)
