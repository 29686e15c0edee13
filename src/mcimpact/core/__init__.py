"""The numba core: a scenario compiled to plain arrays, and the kernel that samples a range
of draws from them (:func:`sample`)."""

from .compile import (
           CoreArrays,
           Draws,
           Keys,
           core_arrays,
           group_sizes,
           sample,
           stream_key,
           stream_keys,
)

__all__ = ["CoreArrays", "Draws", "Keys", "core_arrays", "group_sizes", "sample", "stream_key",
           "stream_keys"]
