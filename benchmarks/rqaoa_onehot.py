"""Recursive QAOA on TSP's one-hot encoding, with and without its one-hot groups (issue 24).

    python benchmarks/rqaoa_onehot.py --out benchmarks/results/scale_tsp_6262 --gen-seed 6262

**Instances**: the TSPs of ``benchmarks/scale.py --sizes tsp=10,12`` at the same ``--gen-seed``
(cities uniform in a 100 x 100 square, rounded Euclidean distances), ``--instances`` of each
size, encoded one-hot with city 0 fixed first (``(n-1)**2`` qubits).

**Methods**, each :class:`~c2q.algorithms.rqaoa.RQAOA` with c2q's defaults (closed-form depth-1
correlators, cutoff 10, 8 recursions, ``--seeds``), on one core, timed in this process:

- ``plain``: eliminations blind to the groups, remainder of 10 spins (the default before this);
- ``one-hot``: each round takes the largest correlator whose rule keeps every group satisfiable,
  fixes what the groups then force, and stops once at most ``2**10`` feasible configurations
  remain, which it enumerates (:mod:`c2q.algorithms.onehot`);
- ``one-hot-spins`` (``--ablation``): the same eliminations, remainder of 10 spins.

**Judge**: the answer is the best feasible tour among the recursions' assignments (what c2q's
decoder picks), its length computed here, against Held-Karp's optimum (``scale.held_karp``).
Outputs ``results.json`` and ``summary.md`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import c2q_commit
from scale import draw_cities, held_karp

#: method -> RQAOA's constraints and remainder settings
METHODS = {"plain": ("none", "spins"), "one-hot": ("one-hot", "feasible"), "one-hot-spins": ("one-hot", "spins")}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--gen-seed", type=int, default=6262, help="seed of the instance generator")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 12], help="cities")
    parser.add_argument("--instances", type=int, default=3, help="instances per size")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--ablation", action="store_true", help="also run one-hot-spins")
    return parser.parse_args(argv)


def solve(distances: list[list[int]], method: str, seed: int) -> dict[str, Any]:
    """One RQAOA solve: the best feasible tour's length, wall seconds and the run's details."""
    from c2q.backends import get_backend

    from c2q.algorithms.rqaoa import RQAOA
    from c2q.problems.tsp import Tsp

    problem = Tsp(np.array(distances, dtype=float))
    start = time.perf_counter()
    encoding = problem.encode("onehot")
    constraints, remainder = METHODS[method]
    run = RQAOA(get_backend("aer"), seed=seed, constraints=constraints, remainder=remainder).run(encoding)
    wall = time.perf_counter() - start
    lengths, feasible = [], 0
    for key, count in run.counts.items():
        evaluation = problem.evaluate(encoding.interpret(np.array([int(b) for b in reversed(key)])))
        if evaluation.feasible:
            lengths.append(evaluation.objective)
            feasible += count
    details = {k: run.details[k] for k in ("rounds", "implied_rules", "skipped_candidates", "remainder")}
    feasible_share = feasible / sum(run.counts.values())
    return {
        "length": min(lengths) if lengths else None,
        "wall_s": round(wall, 1),
        "qubits": encoding.num_qubits,
        "feasible_share": feasible_share,
        **details,
    }


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["cities"], row["method"]), []).append(row)
    summary = []
    for (cities, method), members in sorted(groups.items(), key=lambda kv: (kv[0][0], list(METHODS).index(kv[0][1]))):
        ratios = [m["ratio"] if m["ratio"] is not None else 0.0 for m in members]
        summary.append(
            {
                "cities": cities,
                "method": method,
                "runs": len(members),
                "qubits": members[0]["qubits"],
                "median_ratio": statistics.median(ratios),
                "worst_ratio": min(ratios),
                "optimal": sum(m["ratio"] == 1.0 for m in members),
                "median_wall_s": statistics.median(m["wall_s"] for m in members),
                "max_wall_s": max(m["wall_s"] for m in members),
                "median_rounds": statistics.median(m["rounds"] for m in members),
            }
        )
    return summary


def write_summary(out: Path, args: argparse.Namespace, summary: list[dict[str, Any]]) -> None:
    lines = [
        "# RQAOA on TSP's one-hot encoding: plain and one-hot-aware eliminations",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, Python {platform.python_version()}, "
        f"c2q {c2q_commit()}; instances of `benchmarks/scale.py --sizes tsp={','.join(map(str, args.sizes))}` at "
        f"generator seed {args.gen_seed}, {args.instances} per size, seeds {args.seeds}, one core, "
        "`benchmarks/rqaoa_onehot.py`. Ratio: Held-Karp optimum / length of the best feasible tour of "
        "the 8 recursions (0 when none is feasible).",
        "",
        "| cities | qubits | method | runs | median ratio | worst | optimal | median wall s | max wall s "
        "| median rounds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for g in summary:
        lines.append(
            f"| {g['cities']} | {g['qubits']} | {g['method']} | {g['runs']} | {g['median_ratio']:.3f} | "
            f"{g['worst_ratio']:.3f} | {g['optimal']}/{g['runs']} | {g['median_wall_s']:.1f} | "
            f"{g['max_wall_s']:.1f} | {g['median_rounds']:g} |"
        )
    (out / "summary.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.gen_seed)
    methods = [m for m in METHODS if args.ablation or m != "one-hot-spins"]
    rows = []
    for cities in args.sizes:
        for index in range(args.instances):
            distances = draw_cities(cities, rng)
            optimum = held_karp(distances)
            for seed in args.seeds:
                for method in methods:
                    result = solve(distances, method, seed)
                    ratio = None if result["length"] is None else optimum / result["length"]
                    row = {"cities": cities, "instance": index, "seed": seed, "method": method}
                    row |= {"optimum": optimum, "ratio": ratio, **result}
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    summary = summarise(rows)
    info = {"gen_seed": args.gen_seed, "sizes": args.sizes, "instances": args.instances, "seeds": args.seeds}
    (args.out / "results.json").write_text(
        json.dumps({"args": info, "summary": summary, "rows": rows}, indent=1) + "\n"
    )
    write_summary(args.out, args, summary)


if __name__ == "__main__":
    main()
