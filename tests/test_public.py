"""The package's public face (mcimpact/__init__.py): every name it lists resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import mcimpact
from mcimpact.analysis import types


def test_every_listed_name_resolves():
    for name in mcimpact.__all__:
        assert getattr(mcimpact, name) is not None, name
    assert dir(mcimpact) == sorted(mcimpact.__all__)
    # The estimate family the results are made of.
    assert (mcimpact.Estimate, mcimpact.Interval, mcimpact.Distribution) == (
        types.Estimate, types.Interval, types.Distribution)


def test_importing_the_package_loads_no_analysis():
    code = ("import sys, mcimpact; "
            "print(any(m.startswith(('mcimpact.analysis', 'numba', 'xarray')) "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
