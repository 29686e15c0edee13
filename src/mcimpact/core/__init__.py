"""The numba core: a scenario compiled to plain arrays, and the kernel that samples a range
of draws from them (:func:`sample`, which checks the arrays it hands the kernel)."""

from .compile import (
    CoreArrays,
    Draws,
    Keys,
    check_kernel_args,
    core_arrays,
    group_sizes,
    kernel_in,
    sample,
    stream_key,
    stream_keys,
)
from .kernels import KernelIn, KernelOut

__all__ = ["CoreArrays", "Draws", "KernelIn", "KernelOut", "Keys", "check_kernel_args",
           "core_arrays", "group_sizes", "kernel_in", "sample", "stream_key", "stream_keys"]
