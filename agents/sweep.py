"""Seed sweeps: the same training run for several seeds in parallel (Ray), and a summary over seeds.

    c2q train --hamiltonian tfim --qubits 4 --steps 20000 --seeds 0-7 --workers 4 --out runs/tfim4
    c2q train --hamiltonian h2 --seeds 0,2,5 --out runs/h2 --address auto

Each seed ``k`` is an ordinary :func:`c2q.agents.train.train` run in ``<out>/seed<k>/`` (report, best
circuit, checkpoints, as a single run writes them). Ray is started as ``c2q solve DIR`` starts it
(:func:`c2q.parallel.ray_session`: a local Ray of ``workers`` CPUs, or ``--address`` / ``RAY_ADDRESS``).
A seed whose run raises is recorded as ``error``, one whose worker dies as ``crashed``; the sweep
goes on. Outputs in ``<out>``: ``sweep.json`` (:func:`summarise`) and ``sweep.md``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: per-seed fields of the summary, taken from each run's report
ROW_KEYS = ("success", "error", "n_gates", "n_cnots", "n_parameters", "wall_time_s", "first_success_step")
#: fields aggregated over the seeds that finished
AGGREGATED = ("error", "n_cnots", "wall_time_s")


def parse_seeds(text: str) -> list[int]:
    """``"0-7"``, ``"0,2,5"`` or ``"0-3,8"`` -> the seeds, in the order given.

    :raises ValueError: not a list of non-negative integers and ``a-b`` ranges (``a <= b``), or a
        seed given twice.
    """
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not m:
            raise ValueError(f"--seeds: '{part}' in '{text}' is not a seed or a range a-b (e.g. 0-7 or 0,2,5)")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
        if last < first:
            raise ValueError(f"--seeds: range '{part}' ends before it starts (write {last}-{first})")
        seeds += range(first, last + 1)
    repeated = sorted({s for s in seeds if seeds.count(s) > 1})
    if repeated:
        raise ValueError(f"--seeds: seed(s) {', '.join(map(str, repeated))} given twice in '{text}'")
    return seeds


def seed_args(args: Any, seed: int) -> Any:
    """The :class:`c2q.agents.train.Args` of one seed: its own folder ``<out>/seed<k>``, no progress bar."""
    return dataclasses.replace(args, seed=seed, out=str(Path(args.out) / f"seed{seed}"), progress=False)


def _train_one(train: Callable[[Any], dict[str, Any]], args: Any) -> dict[str, Any]:
    """One seed's run (in a Ray worker): the report's summary fields."""
    report = train(args)
    return {"status": "ok", **{k: report.get(k) for k in ROW_KEYS}}


def sweep(
    args: Any,
    seeds: list[int],
    *,
    train: Callable[[Any], dict[str, Any]],
    workers: int | None = None,
    address: str | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Train one run per seed in parallel and write ``sweep.json`` and ``sweep.md`` into ``args.out``.

    :param args: the :class:`c2q.agents.train.Args` shared by every seed (its ``seed`` is ignored).
    :param seeds: from :func:`parse_seeds`.
    :param train: runs one seed and returns its report (:func:`c2q.agents.train.train`).
    :param workers: parallel runs (default: the CPUs here, or the cluster's).
    :param address: Ray cluster; default ``RAY_ADDRESS``, else a local Ray started for the sweep.
    :param progress: called with each seed's row as it ends.
    :returns: the summary (:func:`summarise`).
    """
    from c2q.parallel import ray_map, ray_session

    if not seeds:
        raise ValueError("--seeds: no seed given")
    if workers is not None and workers < 1:
        raise ValueError(f"--workers: {workers} (fix: 1 or more parallel runs)")
    start = time.perf_counter()
    rows: dict[int, dict[str, Any]] = {}
    with ray_session(workers, address) as (started, used):
        runs = ray_map(_train_one, seeds, lambda seed: (train, seed_args(args, seed)), used, started)
        for seed, row, failure in runs:
            if failure is not None:
                kind, exc = failure
                if kind == "error":  # the run raised
                    row = {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
                else:  # the worker died: a signal, the OOM killer, a lost node
                    row = {"status": "crashed", "message": f"worker process died ({type(exc).__name__})"}
            rows[seed] = {"seed": seed, "out": seed_args(args, seed).out, **row}
            if progress is not None:
                progress(rows[seed])
    summary = summarise([rows[s] for s in seeds], args, used, time.perf_counter() - start)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sweep.json").write_text(json.dumps(summary, indent=2) + "\n")
    (out / "sweep.md").write_text(markdown(summary))
    return summary


def _spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {
        "mean": statistics.fmean(values),
        "std": statistics.stdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
    }


def summarise(rows: list[dict[str, Any]], args: Any, workers: int, wall_s: float) -> dict[str, Any]:
    """The sweep's summary: per-seed rows, and over the finished seeds mean, std (sample), min, max of
    error, CNOTs and wall time, with the success count."""
    finished = [r for r in rows if r["status"] == "ok"]
    over = {k: _spread([float(r[k]) for r in finished if r.get(k) is not None]) for k in AGGREGATED}
    return {
        "hamiltonian": args.problem or args.hamiltonian,
        "agent": args.agent,
        "target_threshold": args.threshold,
        "seeds": [r["seed"] for r in rows],
        "workers": workers,
        "wall_s": round(wall_s, 3),
        "rows": rows,
        "over_seeds": {
            **over,
            "successes": sum(bool(r.get("success")) for r in finished),
            "finished": len(finished),
            "failed": len(rows) - len(finished),
        },
    }


def _cell(value: Any, fmt: str = "") -> str:
    return "-" if value is None else format(value, fmt)


def markdown(summary: dict[str, Any]) -> str:
    """``sweep.md``: one line per seed, then mean ± std [min, max] over seeds."""
    lines = [
        f"# Seed sweep: {summary['hamiltonian']}, {summary['agent']}, target error < {summary['target_threshold']:g}",
        "",
        "| seed | status | success | best error | gates | CNOTs | parameters | wall s | first success step |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary["rows"]:
        if r["status"] != "ok":
            lines.append(f"| {r['seed']} | {r['status']}: {r.get('message', '')} | | | | | | | |")
            continue
        lines.append(
            f"| {r['seed']} | ok | {'yes' if r['success'] else 'no'} | {_cell(r['error'], '.3e')} | "
            f"{_cell(r['n_gates'])} | {_cell(r['n_cnots'])} | {_cell(r['n_parameters'])} | "
            f"{_cell(r['wall_time_s'], '.1f')} | {_cell(r['first_success_step'])} |"
        )
    over = summary["over_seeds"]
    lines += ["", f"Successes: {over['successes']} of {len(summary['rows'])} seeds", ""]
    if over["failed"]:
        lines[-2] += f" ({over['failed']} failed)"
    lines += ["| over seeds | mean | std | min | max |", "|---|---|---|---|---|"]
    for key, label, fmt in (
        ("error", "best error", ".3e"),
        ("n_cnots", "CNOTs", ".3g"),
        ("wall_time_s", "wall s", ".1f"),
    ):
        s = over[key]
        cells = ["-"] * 4 if s is None else [format(s[k], fmt) for k in ("mean", "std", "min", "max")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", f"{len(summary['rows'])} seeds on {summary['workers']} workers in {summary['wall_s']:.1f} s", ""]
    return "\n".join(lines)


__all__ = ["markdown", "parse_seeds", "seed_args", "summarise", "sweep"]
