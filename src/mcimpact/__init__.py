"""mcimpact: Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena)."""

from ._version import __version__

__all__ = ["__version__"]
