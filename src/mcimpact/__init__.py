"""mcimpact: Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena)."""

__version__ = "0.1.0"
