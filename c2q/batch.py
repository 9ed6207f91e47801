"""Many problems at once: solve every spec of a directory tree or glob, in parallel with Ray.

>>> from c2q.batch import solve_many
>>> summary = solve_many("specs/", workers=2, out="c2q-results", seed=1)
>>> summary.counts
{'specs': 5, 'ok': 4, 'optimal': 4, 'error': 1, 'crashed': 0, 'skipped': 0}

How it works:

- The driver (this process) finds the specs (``*.json``, ``*.cnf``, ``*.py``), validates each one
  (a malformed or invalid spec gets its one-line c2q error, status ``error``, and never reaches a
  worker), and skips every spec whose result file is up to date: same input digest, same options.
- The rest run as Ray tasks, one spec per task (``max_retries=0``), each solved by
  :func:`c2q.solve` in a worker process. A spec whose worker dies (``os._exit``, segfault, the
  OOM killer) is recorded as ``crashed``; the other specs go on.
- The driver writes each result file as it arrives (so an interrupted batch resumes where it
  stopped), then ``summary.csv`` and ``summary.json``.

``workers=0`` solves in this process, one spec after the other, without Ray (and without its
isolation: a crash then ends the batch). ``workers>=1`` always uses Ray, also at 1, so every count
behaves the same. Ray starts locally (``num_cpus=workers``) unless ``address`` (or
``RAY_ADDRESS``) names a cluster, or ``ray.init()`` was called already; Ray is shut down again
only when :func:`solve_many` started it. On a cluster the nodes need c2q installed; specs are
read here and sent to the workers, so the files need not be there.

Ray is imported only when a batch runs with workers, to keep ``import c2q`` lean.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import json
import os
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from c2q.errors import C2QError, OptionError
from c2q.options import SolveOptions
from c2q.parallel import default_workers, ray_map, ray_session

#: spec files a directory is searched for (recursively)
SPEC_SUFFIXES = (".json", ".cnf", ".py")
#: a spec's result file: ``<out>/<spec's relative path>.result.json``
RESULT_SUFFIX = ".result.json"
#: a row's status when the solve ran but no sample was a feasible answer (counted as not solved)
NO_ANSWER = "no answer"
#: where results go when no ``out`` is given
DEFAULT_OUT = "c2q-results"
#: row fields, in the order of ``summary.csv``
SUMMARY_FIELDS = (
    "spec",
    "family",
    "status",
    "optimal",
    "objective",
    "classical_optimum",
    "optimum_probability",
    "qubits",
    "backend",
    "wall_s",
    "skipped",
    "error",
)

SolveFn = Callable[..., Any]


@dataclass
class SpecFile:
    """A spec file found by :func:`find_specs`.

    :param path: where it is.
    :param label: its path relative to the root of the search (POSIX separators); names its
        result file and its row.
    """

    path: Path
    label: str


@dataclass
class Row:
    """One spec's line of the summary.

    :param status: ``ok`` (solved), ``no answer`` (the solve ran but found no feasible answer),
        ``error`` (a c2q error, or an exception in the solver) or ``crashed`` (the worker process died).
    :param skipped: the result was already there (same input digest and options), not recomputed.
    :param wall_s: seconds the solve took in its worker (for a skipped spec: when it was solved).
    :param error: the one-line error, for ``error`` and ``crashed``.
    """

    spec: str
    family: str | None = None
    status: str = "ok"
    optimal: bool | None = None
    objective: float | None = None
    classical_optimum: float | None = None
    optimum_probability: float | None = None
    qubits: int | None = None
    backend: str | None = None
    wall_s: float | None = None
    skipped: bool = False
    error: str | None = None


@dataclass
class BatchSummary:
    """What :func:`solve_many` did.

    :param rows: one per spec, sorted by spec label.
    :param out: the results folder (result files, ``summary.csv``, ``summary.json``).
    :param workers: parallel workers (0: in this process, without Ray).
    :param options: the solve options every spec got.
    :param timings: seconds: ``validate`` (reading specs, finding up-to-date results),
        ``start`` (Ray start-up or connection), ``solve`` (until the last result), ``total``.
    """

    rows: list[Row]
    out: Path
    workers: int
    options: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Number of specs in all, solved (``ok``), optimal, ``no answer``, ``error``, ``crashed`` and skipped."""
        return {
            "specs": len(self.rows),
            "ok": sum(r.status == "ok" for r in self.rows),
            "optimal": sum(r.optimal is True for r in self.rows),
            "no_answer": sum(r.status == NO_ANSWER for r in self.rows),
            "error": sum(r.status == "error" for r in self.rows),
            "crashed": sum(r.status == "crashed" for r in self.rows),
            "skipped": sum(r.skipped for r in self.rows),
        }

    @property
    def failed(self) -> list[Row]:
        """Rows of the specs that were not solved."""
        return [r for r in self.rows if r.status != "ok"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the content of ``summary.json``)."""
        return {
            "counts": self.counts,
            "workers": self.workers,
            "options": self.options,
            "timings": self.timings,
            "rows": [asdict(r) for r in self.rows],
        }

    def by_family(self) -> list[dict[str, Any]]:
        """Per-family figures (specs, ok, optimal, failed, median P(optimum), wall seconds), then ``all``."""
        groups: dict[str, list[Row]] = {}
        for row in self.rows:
            groups.setdefault(row.family or "(invalid)", []).append(row)
        lines = []
        for name, rows in [*sorted(groups.items()), ("all", self.rows)]:
            probs = [r.optimum_probability for r in rows if r.optimum_probability is not None]
            lines.append(
                {
                    "family": name,
                    "specs": len(rows),
                    "ok": sum(r.status == "ok" for r in rows),
                    "optimal": sum(r.optimal is True for r in rows),
                    "failed": sum(r.status != "ok" for r in rows),
                    "median_optimum_probability": statistics.median(probs) if probs else None,
                    "wall_s": round(sum(r.wall_s or 0.0 for r in rows), 3),
                }
            )
        return lines


@dataclass
class _Job:
    """A spec to solve: its file and its validated :class:`~c2q.spec.Spec`."""

    file: SpecFile
    spec: Any


def find_specs(paths: str | Path | Iterable[str | Path], exclude: str | Path | None = None) -> list[SpecFile]:
    """Spec files under directories (recursively), matching globs, or named directly.

    Hidden folders, ``__pycache__`` and ``exclude`` (the results folder) are left out. Labels are
    relative to the common root of the arguments (a directory, a glob's fixed leading part, a
    file's folder), so equal file names in different folders get different labels.

    :param paths: a directory, a glob (``specs/**/*.json``; ``**`` descends), a file, or several.
    :raises OptionError: a path that does not exist.
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    skip = Path(exclude).resolve() if exclude is not None else None
    found: dict[Path, None] = {}
    roots: list[Path] = []
    for item in items:
        text = str(item)
        if Path(text).is_dir():
            roots.append(Path(text).resolve())
            for path in _walk(Path(text), skip):
                found.setdefault(path.resolve())
        elif Path(text).is_file():
            roots.append(Path(text).resolve().parent)
            found.setdefault(Path(text).resolve())
        elif glob.has_magic(text):
            roots.append(_glob_root(text))
            for match in sorted(glob.glob(text, recursive=True)):
                if Path(match).suffix.lower() in SPEC_SUFFIXES and Path(match).is_file():
                    found.setdefault(Path(match).resolve())
        else:
            raise OptionError(f"{text}: no such file or directory (fix: give spec files, a directory or a glob)")
    if not found:
        return []
    root = Path(os.path.commonpath([*roots, *found]))
    root = root if root.is_dir() else root.parent
    files = []
    for path in found:
        relative = path.relative_to(root)
        hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts[:-1])
        if hidden or (skip is not None and path.is_relative_to(skip)):
            continue
        files.append(SpecFile(path, relative.as_posix()))
    return sorted(files, key=lambda f: f.label)


def _walk(folder: Path, skip: Path | None) -> list[Path]:
    """Spec files under ``folder``; hidden folders, ``__pycache__`` and ``skip`` are not entered."""
    files = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d != "__pycache__" and (skip is None or (Path(top) / d).resolve() != skip)
        )
        files += [Path(top) / n for n in sorted(names) if Path(n).suffix.lower() in SPEC_SUFFIXES]
    return files


def _glob_root(pattern: str) -> Path:
    """The directory a glob searches: its leading parts without wildcards."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed).resolve() if fixed else Path.cwd()


def result_path(out: str | Path, label: str) -> Path:
    """Where the result of the spec labelled ``label`` is written."""
    return Path(out) / (label + RESULT_SUFFIX)


def solve_many(
    paths: str | Path | Iterable[str | Path],
    *,
    workers: int | None = None,
    out: str | Path = DEFAULT_OUT,
    force: bool = False,
    address: str | None = None,
    solve_fn: SolveFn | None = None,
    progress: Callable[[int, int, Row | None], None] | None = None,
    **solve_options: Any,
) -> BatchSummary:
    """Solve every spec found under ``paths``, in parallel; write one result file per spec and a summary.

    Each result file (``<out>/<relative path>.result.json``) holds what ``c2q solve --json``
    prints, plus a ``batch`` section (spec label, options, wall seconds). A failing spec never
    stops the batch: see :class:`Row` for the statuses.

    :param paths: directories (searched recursively for ``*.json``, ``*.cnf``, ``*.py``), globs
        (``specs/**/*.json``) or spec files.
    :param workers: parallel worker processes (default: the CPUs here, or the cluster's); 0 solves
        in this process without Ray.
    :param out: results folder (created; left out of the search).
    :param force: solve again even the specs whose result is up to date.
    :param address: Ray cluster to use (``ray://host:10001``, ``auto``); default ``RAY_ADDRESS``,
        else a local Ray started for this batch.
    :param solve_fn: ``solve_fn(spec, **solve_options) -> Result`` (default :func:`c2q.solve`);
        it runs in Ray workers, so it must be picklable.
    :param progress: ``progress(done, total, row)``, called once with ``row=None`` when the specs
        are found, then after every spec.
    :param solve_options: options of :func:`c2q.solve` (``seed``, ``shots``, ``algorithm``,
        ``backend``...), the same for every spec.
    :raises OptionError: no spec found, a bad ``workers`` count, an unknown backend.
    :raises TypeError: an option :func:`c2q.solve` does not take.
    """
    start = time.perf_counter()
    _check_options(solve_options, workers, solve_fn is None)
    out = Path(out)
    files = find_specs(paths, exclude=out)
    if not files:
        shown = paths if isinstance(paths, str | Path) else ", ".join(map(str, paths))
        raise OptionError(
            f"{shown}: no spec files ({', '.join('*' + s for s in SPEC_SUFFIXES)}) found "
            "(fix: give a directory or glob that holds problem specs)"
        )
    # the effective options (c2q.solve's defaults filled in), as stored in result files and compared
    options = json.loads(json.dumps({**SolveOptions().to_dict(), **solve_options}))
    report = progress or (lambda done, total, row: None)
    report(0, len(files), None)
    rows: dict[str, Row] = {}
    jobs: list[_Job] = []
    for file in files:
        job_or_row = _prepare(file, out, options, force)
        if isinstance(job_or_row, Row):
            rows[file.label] = job_or_row
            report(len(rows), len(files), job_or_row)
        else:
            jobs.append(job_or_row)
    timings = {"validate": time.perf_counter() - start}

    def finish(job: _Job, payload: dict[str, Any]) -> None:
        row = _record(job, payload, out, options)
        rows[job.file.label] = row
        report(len(rows), len(files), row)

    solve_fn = solve_fn or _default_solve()
    if workers == 0 or not jobs:  # in this process; or nothing to solve: no Ray to start
        used = workers if workers is not None else default_workers()
        for job in jobs:
            finish(job, _solve_in_process(solve_fn, job.spec, solve_options))
    else:
        used = _run_ray(jobs, workers, address, solve_fn, solve_options, finish, timings)
    timings["solve"] = time.perf_counter() - start - timings["validate"] - timings.get("start", 0.0)
    timings["total"] = time.perf_counter() - start
    summary = BatchSummary(
        rows=[rows[f.label] for f in files],
        out=out,
        workers=used,
        options=options,
        timings={k: round(v, 3) for k, v in timings.items()},
    )
    write_summary(summary)
    return summary


def _check_options(solve_options: dict[str, Any], workers: int | None, default_solver: bool) -> None:
    """Refuse what would fail for every spec: unknown option names or bad values (for :func:`c2q.solve`),
    a bad worker count, an unknown backend."""
    if default_solver:
        try:
            SolveOptions.of(**solve_options)
        except TypeError as exc:
            raise TypeError(f"solve_many: {exc}") from None
    if workers is not None and workers < 0:
        raise OptionError(f"--workers: {workers} is negative (fix: 0 solves in this process, N >= 1 uses Ray)")
    backend = solve_options.get("backend", "aer")
    if backend != "auto":
        from c2q.backends import get_backend

        get_backend(backend, solve_options.get("optimization_level"))


def _default_solve() -> SolveFn:
    from c2q.api import solve

    return solve


def _prepare(file: SpecFile, out: Path, options: dict[str, Any], force: bool) -> _Job | Row:
    """Validate a spec: a :class:`_Job` to run, or the final :class:`Row` (an error, or an up-to-date result)."""
    from c2q.api import validate

    try:
        spec = validate(file.path)
    except C2QError as exc:
        _remove_stale(result_path(out, file.label))
        return Row(spec=file.label, status="error", error=_one_line(str(exc)))
    except Exception as exc:  # a bug in a reader must not end the batch either
        _remove_stale(result_path(out, file.label))
        return Row(spec=file.label, status="error", error=_one_line(f"internal error: {type(exc).__name__}: {exc}"))
    if not force:
        stored = _read_result(result_path(out, file.label))
        batch = (stored or {}).get("batch") or {}
        if stored and stored.get("input_digest") == spec.digest and batch.get("options") == options:
            return _row_from_result(file.label, stored, batch.get("wall_s"), skipped=True)
    return _Job(file, spec)


def _solve_one(solve_fn: SolveFn, spec: Any, options: dict[str, Any]) -> dict[str, Any]:
    """Solve one spec: ``{"result": ..., "wall_s": ...}`` or ``{"error": ..., "wall_s": ...}`` for a c2q error.

    Runs in a Ray worker (or in this process, ``workers=0``). Exceptions other than c2q errors
    propagate: Ray reports them as ``RayTaskError``.
    """
    start = time.perf_counter()
    try:
        result = solve_fn(spec, **options)
    except C2QError as exc:
        return {"error": str(exc), "wall_s": time.perf_counter() - start}
    return {"result": result.to_dict(), "wall_s": time.perf_counter() - start}


def _solve_in_process(solve_fn: SolveFn, spec: Any, options: dict[str, Any]) -> dict[str, Any]:
    """:func:`_solve_one`, with any exception of the solver recorded (``workers=0``)."""
    try:
        return _solve_one(solve_fn, spec, options)
    except Exception as exc:
        return {"error": f"internal error: {type(exc).__name__}: {exc}", "wall_s": None}


def _run_ray(
    jobs: list[_Job],
    workers: int | None,
    address: str | None,
    solve_fn: SolveFn,
    options: dict[str, Any],
    finish: Callable[[_Job, dict[str, Any]], None],
    timings: dict[str, float],
) -> int:
    """Run ``jobs`` as Ray tasks; ``finish(job, payload)`` as each ends. Returns the worker count."""
    t = time.perf_counter()
    with ray_session(workers, address) as (started, workers):
        timings["start"] = time.perf_counter() - t
        return _dispatch(jobs, workers, started, solve_fn, options, finish)


def _dispatch(
    jobs: list[_Job],
    workers: int,
    started: bool,
    solve_fn: SolveFn,
    options: dict[str, Any],
    finish: Callable[[_Job, dict[str, Any]], None],
) -> int:
    """Submit ``jobs`` to the Ray of :func:`ray_session`; ``finish(job, payload)`` as each ends."""
    import ray

    fn_ref = ray.put(solve_fn)
    for job, payload, failure in ray_map(_solve_one, jobs, lambda job: (fn_ref, job.spec, options), workers, started):
        if failure is not None:
            kind, exc = failure
            if kind == "error":  # an exception in the solver (a bug, not bad input)
                payload = {"error": f"internal error: {type(exc).__name__}: {exc}", "wall_s": None}
            else:  # the worker died: os._exit, a signal, the OOM killer, a lost node
                payload = {"crashed": f"worker process died ({type(exc).__name__}): {exc}", "wall_s": None}
        finish(job, payload)
    return workers


def _record(job: _Job, payload: dict[str, Any], out: Path, options: dict[str, Any]) -> Row:
    """Turn a worker's payload into a row; write the result file (or remove a stale one)."""
    path = result_path(out, job.file.label)
    wall = None if payload.get("wall_s") is None else round(payload["wall_s"], 3)
    if "result" in payload:
        result = payload["result"]
        result["batch"] = {"spec": job.file.label, "options": options, "wall_s": wall}
        _write_json(path, result)
        return _row_from_result(job.file.label, result, wall)
    _remove_stale(path)
    status, message = ("crashed", payload["crashed"]) if "crashed" in payload else ("error", payload["error"])
    return Row(spec=job.file.label, family=job.spec.family, status=status, wall_s=wall, error=_one_line(message))


def _row_from_result(label: str, result: dict[str, Any], wall: float | None, skipped: bool = False) -> Row:
    backend = result.get("backend") or {}
    method = backend.get("method")
    feasible = result.get("feasible") is not False
    return Row(
        spec=label,
        family=result.get("family"),
        status="ok" if feasible else NO_ANSWER,
        error=None if feasible else "no feasible answer among the samples",
        optimal=result.get("optimal"),
        objective=result.get("objective"),
        classical_optimum=result.get("classical_optimum"),
        optimum_probability=result.get("optimum_probability"),
        qubits=(result.get("encoding") or {}).get("qubits"),
        backend=f"{backend.get('name')}:{method}" if method else backend.get("name"),
        wall_s=wall,
        skipped=skipped,
    )


def _read_result(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _remove_stale(path: Path) -> None:
    """A spec that now fails keeps no result of an earlier run."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _write_json(path: Path, data: Any) -> None:
    """Write atomically: a reader never sees half a file, an interrupted run leaves none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def write_summary(summary: BatchSummary) -> None:
    """Write ``summary.json`` and ``summary.csv`` into the results folder."""
    _write_json(summary.out / "summary.json", summary.to_dict())
    tmp = summary.out / "summary.csv.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows(asdict(r) for r in summary.rows)
    os.replace(tmp, summary.out / "summary.csv")


__all__ = [
    "BatchSummary",
    "Row",
    "SpecFile",
    "find_specs",
    "ray_session",
    "result_path",
    "solve_many",
    "write_summary",
]
