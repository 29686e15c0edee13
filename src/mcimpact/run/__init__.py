"""Running a scenario: :class:`Run` owns the pipeline (compile once, sample fixed chunks of
draws, hand each chunk to the reducers and sinks); :func:`mcimpact.simulate` adds the
summary."""

from .run import DEFAULT_CHUNK, MAX_DRAWS, Progress, Run

__all__ = ["DEFAULT_CHUNK", "MAX_DRAWS", "Progress", "Run"]
