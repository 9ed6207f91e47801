"""Batch solving (``c2q solve DIR --workers N``): throughput, Ray's per-task overhead, fault handling.

Three measurements, all through :func:`c2q.batch.solve_many`, the function the CLI calls:

(a) throughput: every C2|Q> JSON instance (both formats) with ``--seed 1``, solved by a plain
    in-process loop (``workers=0``) once, then by Ray with 1 and 2 workers, interleaved
    (1, 2, 1, 2, ...). Every Ray run starts its own Ray, as the CLI does, so start-up and the
    workers' first imports are part of its time.
(b) Ray's per-task overhead: batches of a spec that needs no quantum run (factoring a prime),
    small and large, in-process and through Ray; the slope of time against batch size is the
    cost per spec, the difference of slopes Ray's overhead per task, and the intercept the fixed
    cost (Ray start-up, worker imports).
(c) fault handling: valid specs with a malformed one, an invalid one and one whose worker
    process dies (``os._exit``), on 2 workers: the counts, and that the batch finishes.

    python benchmarks/batch.py                      # writes benchmarks/results/batch/
    python benchmarks/batch.py --rounds 1 --small 10 --large 110
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPECS = ROOT.parent / "shared" / "data" / "c2q"


@dataclass
class Args:
    specs: Path = DEFAULT_SPECS
    """C2|Q> dataset folder (its json/ and json_dsl/ trees are solved)"""
    out: Path = ROOT / "benchmarks" / "results" / "batch"
    """folder for results.json and summary.md"""
    seed: int = 1
    """seed of every solve"""
    rounds: int = 3
    """(a): rounds of (1 worker, 2 workers)"""
    small: int = 50
    """(b): specs in the small batch"""
    large: int = 1050
    """(b): specs in the large batch"""
    repeats: int = 2
    """(b): runs per batch size and mode (the fastest counts)"""
    fault_valid: int = 10
    """(c): valid specs in the mixed batch"""
    sections: list[str] = field(default_factory=lambda: ["throughput", "overhead", "faults"])
    """which of the three to run"""


def parse_args() -> Args:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = Args()
    for name, value in vars(defaults).items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, list):
            p.add_argument(flag, nargs="+", default=value, choices=["throughput", "overhead", "faults"])
        else:
            p.add_argument(flag, type=type(value), default=value)
    return Args(**vars(p.parse_args()))


def crash_on_marker(spec, **options):
    """c2q.solve, except that the worker process dies on the spec marked for it (pickled by value)."""
    import c2q

    if spec.canonical.get("family") == "factor" and spec.canonical.get("n") == 10403:  # 101 * 103, the marker
        os._exit(1)
    return c2q.solve(spec, **options)


def _spin(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - start


def free_cores(n: int = 5_000_000) -> float:
    """How many cores two busy processes get right now (2.0 on an idle 2-core machine; the
    machine is shared, so every timed run records this just before it starts)."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [1000, 1000])  # started
        one = pool.apply(_spin, (n,))
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - start
    return round(min(2.0, 2 * one / two), 2)


def timed_batch(paths, workers: int, work: Path, **options) -> dict:
    """One :func:`solve_many` run into a fresh results folder: its wall time, timings and counts."""
    from c2q.batch import Row, solve_many

    out = work / f"out-{time.monotonic_ns()}"
    load = os.getloadavg()[0]
    cores = free_cores()
    finished: list[float] = []
    start = time.perf_counter()

    def progress(done: int, total: int, row: Row | None) -> None:
        if row is not None:
            finished.append(time.perf_counter())

    summary = solve_many(paths, workers=workers, out=out, progress=progress, **options)
    wall = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return {
        "workers": workers,
        "wall_s": round(wall, 3),
        "timings": summary.timings,
        "counts": summary.counts,
        "solve_s_sum": round(sum(r.wall_s or 0.0 for r in summary.rows), 3),
        # first to last result: the steady state, without start-up and the workers' first imports
        "per_result_ms": round(1000 * (finished[-1] - finished[0]) / (len(finished) - 1), 3)
        if len(finished) > 1
        else None,
        "load_before": round(load, 2),
        "free_cores_before": cores,
        "failed": [f"{r.spec}: {r.status}: {r.error}" for r in summary.failed],
    }


def throughput(args: Args, work: Path) -> dict:
    paths = [args.specs / "json", args.specs / "json_dsl"]
    files = sum(1 for p in paths for _ in p.rglob("*.json"))
    runs = [timed_batch(paths, 0, work, seed=args.seed)]
    report(f"(a) in-process: {runs[-1]['wall_s']:.1f} s")
    for _ in range(args.rounds):
        for workers in (1, 2):
            runs.append(timed_batch(paths, workers, work, seed=args.seed))
            report(f"(a) {workers} worker(s): {runs[-1]['wall_s']:.1f} s (load {runs[-1]['load_before']})")
    by = {w: [r["wall_s"] for r in runs if r["workers"] == w] for w in (0, 1, 2)}
    fastest = {w: min(v) for w, v in by.items()}  # the least disturbed run of each mode (a shared machine)
    return {
        "files": files,
        "runs": runs,
        "median_wall_s": {w: statistics.median(v) for w, v in by.items()},
        "fastest_wall_s": fastest,
        "speedup_2_vs_1": round(fastest[1] / fastest[2], 2),
        "speedup_2_vs_in_process": round(fastest[0] / fastest[2], 2),
    }


def overhead(args: Args, work: Path) -> dict:
    spec = json.dumps({"family": "factor", "n": 10007})  # a prime: answered without a quantum run
    folders = {}
    for n in (args.small, args.large):
        folders[n] = work / f"trivial-{n}"
        folders[n].mkdir()
        for i in range(n):
            (folders[n] / f"prime_{i:04d}.json").write_text(spec)
    rows = []
    for _ in range(args.repeats):
        for workers in (0, 1, 2):
            for n, folder in folders.items():
                run = timed_batch(folder, workers, work, seed=args.seed)
                rows.append({"n": n, **run})
                report(f"(b) {n} trivial specs, workers={workers}: {run['wall_s']:.2f} s")
    return {"spec": json.loads(spec), "runs": rows, **fit_overhead(rows, args.small, args.large)}


def fit_overhead(rows: list[dict], small: int, large: int) -> dict:
    """Per-spec cost of each mode from the solve phase of its runs (Ray start-up excluded; it is
    reported apart): the slope between the two batch sizes, and first to last result."""
    fits = {}
    for workers in (0, 1, 2):
        mine = [r for r in rows if r["workers"] == workers]
        best = {n: min(r["timings"]["solve"] for r in mine if r["n"] == n) for n in (small, large)}
        slope = (best[large] - best[small]) / (large - small)
        fits[workers] = {
            "per_spec_ms": round(1000 * slope, 2),
            "steady_per_result_ms": min(r["per_result_ms"] for r in mine if r["n"] == large),
            "warm_up_s": round(best[small] - slope * small, 3),  # intercept: the workers' first imports
            "ray_start_s": statistics.median(r["timings"]["start"] for r in mine) if workers else 0.0,
            "best_solve_s": best,
        }
    return {
        "fit": fits,
        "ray_overhead_per_task_ms": {w: round(fits[w]["per_spec_ms"] - fits[0]["per_spec_ms"], 2) for w in (1, 2)},
        "ray_overhead_steady_ms": {
            w: round(fits[w]["steady_per_result_ms"] - fits[0]["steady_per_result_ms"], 2) for w in (1, 2)
        },
    }


def faults(args: Args, work: Path) -> dict:
    folder = work / "mixed"
    valid = sorted((args.specs / "json").rglob("*.json"))[:: max(1, 50 // args.fault_valid)][: args.fault_valid]
    for path in valid:
        target = folder / "valid" / path.relative_to(args.specs)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    (folder / "bad").mkdir(parents=True)
    (folder / "bad" / "malformed.json").write_text('{"problem_type": "maxcut", "data": {"matrix": [[0, 1], ')
    (folder / "bad" / "negative_k.json").write_text(
        json.dumps({"problem_type": "clique", "data": {"matrix": [[0, 1], [1, 0]], "k": -1}})
    )
    (folder / "bad" / "kills_worker.json").write_text(json.dumps({"family": "factor", "n": 10403}))
    run = timed_batch(folder, 2, work, seed=args.seed, solve_fn=crash_on_marker)
    report(f"(c) mixed batch: {run['counts']} in {run['wall_s']:.1f} s")
    return run


def report(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    import ray

    import c2q

    c2q.solve({"family": "maxcut", "graph": {"edges": [[0, 1]]}}, seed=1)  # imports warm (in-process runs)
    meta = {
        "seed": args.seed,
        "python": platform.python_version(),
        "ray": ray.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    previous = args.out / "results.json"
    results: dict = json.loads(previous.read_text()) if previous.is_file() else {}  # sections not run stay
    with tempfile.TemporaryDirectory(prefix="c2q-batch-bench-") as tmp:
        work = Path(tmp)
        for name, run in (("throughput", throughput), ("overhead", overhead), ("faults", faults)):
            if name in args.sections:
                section_meta = {**meta, "load_at_start": [round(x, 2) for x in os.getloadavg()]}
                results[name] = {**run(args, work), "meta": section_meta}
                section_meta["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results = json.loads(json.dumps(results, default=str))  # int keys become strings, as when read back
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    summary = summarise(results)
    (args.out / "summary.md").write_text(summary)
    print(summary)


def summarise(results: dict) -> str:
    lines = ["Batch solving benchmark (`python benchmarks/batch.py`)", ""]
    if "throughput" in results:
        t = results["throughput"]
        m = {int(k): v for k, v in t["fastest_wall_s"].items()}
        ok = {r["workers"]: r["counts"] for r in t["runs"]}
        lines += [
            f"(a) Throughput: {t['files']} C2|Q> JSON files (both formats), seed {t['meta']['seed']}, "
            "whole `solve_many` call (Ray runs include starting Ray and the workers' imports). "
            + _conditions(t.get("meta") or results.get("meta")),
            "",
            "| mode | runs | wall s (each run) | fastest | sum of per-spec solve s | free cores before | optimal |",
            "|---|---|---|---|---|---|---|",
        ]
        for workers, name in ((0, "in-process loop"), (1, "Ray, 1 worker"), (2, "Ray, 2 workers")):
            runs = [r for r in t["runs"] if r["workers"] == workers]
            counts = ok[workers]
            walls = ", ".join(f"{r['wall_s']:.1f}" for r in runs)
            sums = ", ".join(f"{r['solve_s_sum']:.1f}" for r in runs)
            loads = ", ".join(str(r.get("free_cores_before", "-")) for r in runs)
            lines.append(
                f"| {name} | {len(runs)} | {walls} | {m[workers]:.1f} | {sums} | {loads} "
                f"| {counts['optimal']}/{counts['specs']} |"
            )
        starts = [r["timings"].get("start", 0.0) for r in t["runs"] if r["workers"]]
        lines += [
            "",
            f"Speed-up (fastest runs), 2 workers vs 1: **{t['speedup_2_vs_1']}x**; vs the in-process loop: "
            f"{t['speedup_2_vs_in_process']}x. Ray start-up: median {statistics.median(starts):.1f} s. "
            "Free cores: what two busy processes got just before the run (2.0 = the machine to ourselves).",
            "",
        ]
    if "overhead" in results:
        o = results["overhead"]
        f = {int(k): v for k, v in o["fit"].items()}
        sizes = sorted(int(n) for n in f[0]["best_solve_s"])
        lines += [
            f"(b) Per-task overhead: batches of {sizes[0]} and {sizes[-1]} copies of "
            f"{json.dumps(o['spec'])} (no quantum run), fastest of the repeats. "
            + _conditions(o.get("meta") or results.get("meta")),
            "",
            "| mode | per spec, ms (slope) | per result, ms (first to last) | worker warm-up, s | Ray start, s |",
            "|---|---|---|---|---|",
        ]
        for workers, name in ((0, "in-process loop"), (1, "Ray, 1 worker"), (2, "Ray, 2 workers")):
            lines.append(
                f"| {name} | {f[workers]['per_spec_ms']:.1f} | {f[workers]['steady_per_result_ms']:.1f} "
                f"| {f[workers]['warm_up_s']:.2f} | {f[workers]['ray_start_s']:.1f} |"
            )
        lines += [
            "",
            f"Ray's overhead per task, 1 worker minus in-process: **{o['ray_overhead_per_task_ms']['1']:.1f} ms** "
            f"from the slopes, {o['ray_overhead_steady_ms']['1']:.1f} ms from first to last result (target <= 50 ms). "
            "Per spec: the slope of the solve phase (after Ray is up) between the two batch sizes, and the "
            "time from the first to the last result in the large batch. Worker warm-up: the intercept, mostly "
            "the workers' first import of c2q and Qiskit.",
            "",
        ]
    if "faults" in results:
        c = results["faults"]
        lines += [
            f"(c) Fault handling, 2 workers: {c['counts']['specs']} specs -> {c['counts']['ok']} ok "
            f"({c['counts']['optimal']} optimal), {c['counts']['error']} error, {c['counts']['crashed']} crashed; "
            f"finished in {c['wall_s']:.1f} s. " + _conditions(c.get("meta") or results.get("meta")),
            "",
            *[f"- {line}" for line in c["failed"]],
        ]
    return "\n".join(lines) + "\n"


def _conditions(meta: dict | None) -> str:
    """When and where a section ran, and how busy the machine was (the load average is shared)."""
    if not meta:
        return ""
    return (
        f"({meta['date']}, ray {meta['ray']}, {meta['machine']}; 1-minute load average "
        f"{meta['load_at_start'][0]} at start, {meta['load_at_end'][0]} at end.)"
    )


if __name__ == "__main__":
    main()
