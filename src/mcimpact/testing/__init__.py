"""Testing helpers (as :mod:`numpy.testing`): the NumPy twin of the numba core, the NumPy
peer the benchmarks measure it against, and synthetic scenarios of any size.

No runtime module imports this package (an import contract in ``pyproject.toml`` keeps it
so): the twin stays independent of the code it checks.
"""

from ._numpy import costs, granted, peer, point, renewals, twin, uniforms

__all__ = ["costs", "granted", "peer", "point", "renewals", "twin", "uniforms"]
