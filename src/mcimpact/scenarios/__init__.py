"""Scenario files that ship with mcimpact."""
