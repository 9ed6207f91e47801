"""Pieces the benchmark scripts share: running one timed process (the sources byte-compiled
first), the rows CSV, the single-threaded run's metadata, saving a plot and writing a number in a
table.

The scripts run as ``python benchmarks/<name>.py``, so this folder is on ``sys.path``.
"""

from __future__ import annotations

import compileall
import contextlib
import csv
import datetime
import functools
import os
import platform
import subprocess
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: the project's own packages (an editable install runs them from here)
SOURCES = ("c2q", "backends", "agents")


@functools.cache
def compile_sources() -> None:
    """Byte-compile the project's sources once, as installing a package does: every timed process
    then loads them as a user's would, and none pays for compiling them (under
    ``PYTHONDONTWRITEBYTECODE`` each process would, about a second of its start-up)."""
    for name in SOURCES:
        compileall.compile_dir(ROOT / name, quiet=1)
    compileall.compile_file(ROOT / "cli.py", quiet=1)


def run_process(
    command: list[str],
    timeout: float,
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    core: int | None = None,
    live: set[int] | None = None,
) -> dict[str, Any]:
    """Run ``command`` in its own process group: wall seconds, peak RSS (MiB), exit code and
    output, or a timeout (the group is killed past ``timeout`` seconds).

    :param core: pin the process to this core, before it loads BLAS or starts threads.
    :param live: the process ids running now (this one is in it while it runs), for an interrupt to stop.
    """
    compile_sources()
    live = set() if live is None else live
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        live.add(proc.pid)
        try:
            if core is not None:
                with contextlib.suppress(OSError):  # OSError: already gone
                    os.sched_setaffinity(proc.pid, {core})
            deadline = start + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    os.killpg(proc.pid, 9)
                    os.wait4(proc.pid, 0)
                    proc.returncode = -9
                    return {"timed_out": True, "wall_s": round(time.perf_counter() - start, 3), "peak_mib": None}
                time.sleep(0.01)
        finally:
            live.discard(proc.pid)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "timed_out": False,
            "wall_s": round(wall, 3),
            "peak_mib": round(usage.ru_maxrss / 1024, 1),
            "code": proc.returncode,
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }


def last_line(text: str) -> str:
    """The last non-blank line of a process's output, cut to 300 characters (for error columns)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def write_rows_csv(path: Path, rows: list[dict[str, Any]], first: tuple[str, ...] = ("spec",)) -> None:
    """Every key of every row as a column: ``first`` in that order, then the others sorted."""
    keys = sorted({k for r in rows for k in r}, key=lambda k: (k not in first, first.index(k) if k in first else 0, k))
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)


def c2q_commit() -> str:
    """The measured tree's commit, and what it holds beyond it in c2q/: changed files, and untracked
    files other than links (a tree of one commit, cloned for a frozen run, links c2q/backends and
    c2q/agents to its own folders so that it imports from itself)."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "c2q"], capture_output=True, text=True)
    changed = untracked = False
    for line in status.stdout.splitlines():
        if not line.startswith("??"):
            changed = True
        elif not (ROOT / line[3:].strip().rstrip("/")).is_symlink():
            untracked = True
    return commit.stdout.strip() + " + uncommitted changes in c2q/" * changed + " + untracked files in c2q/" * untracked


def single_threaded_meta(args: Any) -> dict[str, Any]:
    """Keep BLAS (and torch) on one thread for the run; the metadata every single-threaded benchmark records.

    Imports :mod:`scipy.optimize` first so that SciPy's OpenBLAS is loaded before the limit is set.
    """
    import numpy as np
    import scipy.optimize  # noqa: F401
    from c2q.agents.threads import limit_blas_threads

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
