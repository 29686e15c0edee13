"""Writing results: NetCDF (``.nc``, h5netcdf) or Zarr v3 (``.zarr`` directory), atomically.

The dataset is written to a temporary sibling and renamed into place, so a reader never
sees a half-written file and a failed run leaves no partial output.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import xarray as xr

from ..errors import OutputError

FORMATS = (".nc", ".zarr")


def check_target(path: Path, force: bool) -> None:
    """Fail early, before any work, on a target we would not write."""
    if path.suffix not in FORMATS:
        raise OutputError(f"{path}: unknown output format '{path.suffix}'; use .nc or .zarr")
    if path.exists() and not force:
        raise OutputError(f"{path}: exists; use --force to overwrite")
    if not path.parent.exists():
        raise OutputError(f"{path}: directory {path.parent} does not exist")


def write(ds: xr.Dataset, path: Path, *, force: bool = False) -> None:
    check_target(path, force)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        staged = tmp / path.name
        if path.suffix == ".nc":
            ds.to_netcdf(staged, engine="h5netcdf", invalid_netcdf=False)
        else:
            # Zarr v3 specifies variable-length strings, not NumPy's fixed-width ones.
            ds = ds.copy()
            for name, var in ds.variables.items():
                if var.dtype.kind == "U":
                    ds[name] = var.astype(object)
            ds.to_zarr(staged, mode="w", zarr_format=3, consolidated=False)
        old = tmp / (path.name + ".old")
        if path.exists():  # only with force: keep the old output until the new one is in
            os.replace(path, old)
        try:
            os.replace(staged, path)
        except OSError:
            if old.exists():
                os.replace(old, path)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read(path: Path) -> xr.Dataset:
    if path.suffix == ".zarr":
        return xr.open_zarr(path, consolidated=False).load()
    return xr.load_dataset(path, engine="h5netcdf")
