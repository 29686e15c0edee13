"""Benchmarks of mcimpact (airspeed velocity suite, plus ``measure.py`` as a plain script).

See ``docs/performance.md`` for what is measured and how to run it.
"""
