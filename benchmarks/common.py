"""Pieces the benchmark scripts share: the rows CSV, the single-threaded run's metadata, saving a
plot and writing a number in a table.

The scripts run as ``python benchmarks/<name>.py``, so this folder is on ``sys.path``.
"""

from __future__ import annotations

import csv
import datetime
import os
import platform
from dataclasses import asdict
from pathlib import Path
from typing import Any


def write_rows_csv(path: Path, rows: list[dict[str, Any]], first: tuple[str, ...] = ("spec",)) -> None:
    """Every key of every row as a column: ``first`` in that order, then the others sorted."""
    keys = sorted({k for r in rows for k in r}, key=lambda k: (k not in first, first.index(k) if k in first else 0, k))
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)


def single_threaded_meta(args: Any) -> dict[str, Any]:
    """Keep BLAS (and torch) on one thread for the run; the metadata every single-threaded benchmark records.

    Imports :mod:`scipy.optimize` first so that SciPy's OpenBLAS is loaded before the limit is set.
    """
    import numpy as np
    import scipy.optimize  # noqa: F401

    from agents.threads import limit_blas_threads

    limit_blas_threads(1)
    return {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "threads": 1,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items()},
    }


def save_figure(fig: Any, path: Path, dpi: int = 110) -> None:
    """Lay a matplotlib figure out tightly, write it to ``path`` and free it."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def sci(value: float | None) -> str:
    """A figure for a markdown table: ``1.2e-03``, or ``-`` for ``None``."""
    return "-" if value is None else f"{value:.1e}"
