"""Keep BLAS single-threaded in search processes.

The environment's re-optimisation calls SciPy's L-BFGS-B thousands of times on ~10 angles. Its
BLAS calls are tiny, yet the OpenBLAS bundled with SciPy may still wake its thread pool, and on a
busy 2-core machine each call then waits for a core: measured on 2-qubit TFIM episodes, about 100
environment steps/s with the default pool against about 4000/s single-threaded. Environment
variables (``OPENBLAS_NUM_THREADS=1``) only help before SciPy is imported; :func:`limit_blas_threads`
also works afterwards, by calling the ``set_num_threads`` entry point of every OpenBLAS the process
has loaded (NumPy's and SciPy's), found in ``/proc/self/maps``. Linux only; elsewhere it only sets
the environment variables.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import TypedDict

_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "")


class BlasSettings(TypedDict):
    """What :func:`limit_blas_threads` changed: the thread variables' values (``None``: unset) and
    each OpenBLAS library's thread count, by path."""

    env: dict[str, str | None]
    libs: dict[str, int]


def _loaded_openblas() -> list[tuple[str, ctypes.CDLL, tuple[str, str]]]:
    """``(path, library, (symbol prefix, symbol suffix))`` of every OpenBLAS in this process."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return []
    paths = sorted({line.split()[-1] for line in maps.read_text().splitlines() if "openblas" in line.lower()})
    found = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        pair = next(
            (
                (prefix, suffix)
                for prefix in _PREFIXES
                for suffix in _SUFFIXES
                if all(hasattr(lib, f"{prefix}_{op}_num_threads{suffix}") for op in ("set", "get"))
            ),
            None,
        )
        if pair is not None:
            found.append((path, lib, pair))
    return found


def limit_blas_threads(n: int = 1) -> BlasSettings:
    """Set every loaded OpenBLAS (and the thread environment variables) to ``n`` threads.

    :return: the previous settings, for :func:`restore_blas_threads`.
    """
    previous: BlasSettings = {"env": {v: os.environ.get(v) for v in _VARS}, "libs": {}}
    for var in _VARS:
        os.environ[var] = str(n)
    for path, lib, (prefix, suffix) in _loaded_openblas():
        previous["libs"][path] = int(getattr(lib, f"{prefix}_get_num_threads{suffix}")())
        getattr(lib, f"{prefix}_set_num_threads{suffix}")(ctypes.c_int(n))
    return previous


def restore_blas_threads(previous: BlasSettings) -> None:
    """Undo :func:`limit_blas_threads`."""
    for var, value in previous["env"].items():
        if value is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = value
    libs = previous["libs"]
    for path, lib, (prefix, suffix) in _loaded_openblas():
        if path in libs:
            getattr(lib, f"{prefix}_set_num_threads{suffix}")(ctypes.c_int(libs[path]))
