"""Factoring's two encodings side by side: Grover search with the product oracle against VQE on
the squared residual, on every composite n in a range, to see where ``auto`` should switch.

For each composite ``n`` whose product oracle has at most ``--max-qubits`` qubits, and each seed:
``c2q.solve`` with ``encoding="oracle"`` (Grover, BBHT schedule, one shot per trial) and with
``encoding="binary"`` (the default VQE: 2 layers, CVaR 0.5, COBYLA), both verified by c2q against
trial division and checked here again (``p q = n`` with ``1 < p, q < n``). Per run: correct or not,
P(optimum) in the samples (Grover: 1/trials once a trial succeeds), qubits, compiled depth and
two-qubit gates, wall seconds in this process after a warm-up solve (imports excluded).

Writes results.json, results.csv and summary.md to ``--out`` and prints the summary.

    python benchmarks/factor_encodings.py
    python benchmarks/factor_encodings.py --range 15 40 --seeds 1 --out /tmp/factor_encodings
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENCODINGS = ("oracle", "binary")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--range", nargs=2, type=int, default=[15, 99], metavar=("LOW", "HIGH"), help="n from LOW to HIGH")
    p.add_argument("--seeds", nargs="+", type=int, default=[1, 2])
    p.add_argument("--max-qubits", type=int, default=20, help="largest product oracle included")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "factor_encodings")
    return p.parse_args()


def run(n: int, encoding: str, seed: int) -> dict[str, Any]:
    """One solve, re-checked here."""
    import c2q

    start = time.perf_counter()
    result = c2q.solve({"family": "factor", "n": n}, encoding=encoding, seed=seed)
    wall = time.perf_counter() - start
    factors = result.answer["factors"]
    correct = factors is not None and factors[0] * factors[1] == n and min(factors) > 1 and max(factors) < n
    return {
        "n": n,
        "encoding": encoding,
        "seed": seed,
        "correct": correct,
        "optimal": result.optimal,
        "optimum_probability": result.optimum_probability,
        "qubits": result.encoding["qubits"],
        "depth": result.circuit.get("depth"),
        "two_qubit_gates": result.circuit.get("two_qubit_gates"),
        "wall_s": round(wall, 3),
    }


def summary(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """Per oracle width (qubits) and encoding: correct runs, median P(optimum), median and max wall."""
    lines = [
        f"Factoring encodings ({meta['date']}, {meta['machine']}, Python {meta['python']}, seeds {meta['seeds']};"
        f" composites n = {meta['range'][0]}..{meta['range'][1]} whose product oracle has at most"
        f" {meta['max_qubits']} qubits; wall time per solve in one process after a warm-up, imports excluded)",
        "",
        "| oracle qubits | instances | encoding | correct | median P(optimum) | median qubits | median depth"
        " | median wall s | max wall s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    widths = sorted({r["oracle_qubits"] for r in rows})
    for width in widths:
        for encoding in ENCODINGS:
            sel = [r for r in rows if r["oracle_qubits"] == width and r["encoding"] == encoding]
            lines.append(
                f"| {width} | {len({r['n'] for r in sel})} | {encoding} | {sum(r['correct'] for r in sel)}/{len(sel)}"
                f" | {statistics.median(r['optimum_probability'] or 0.0 for r in sel):.3f}"
                f" | {statistics.median(r['qubits'] for r in sel):g} | {statistics.median(r['depth'] for r in sel):g}"
                f" | {statistics.median(r['wall_s'] for r in sel):.2f} | {max(r['wall_s'] for r in sel):.2f} |"
            )
    missed = [f"{r['n']} ({r['encoding']}, seed {r['seed']})" for r in rows if not r["correct"]]
    lines += ["", "Wrong or no factors: " + (", ".join(missed) if missed else "none")]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import write_rows_csv

    from c2q.problems.factor import Factor, is_prime, oracle_qubits

    low, high = args.range
    numbers = [
        n
        for n in range(max(low, 4), high + 1)
        if not is_prime(n) and oracle_qubits(Factor(n).operand_width) <= args.max_qubits
    ]
    if not numbers:
        print(
            f"factor_encodings.py: --range {low} {high}: no composite n there with an oracle of at most"
            f" {args.max_qubits} qubits (fix: e.g. --range 15 99 --max-qubits 20)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    for encoding in ENCODINGS:  # warm-up: imports and first-call caches
        run(15, encoding, 0)
    rows = []
    for n in numbers:
        width = oracle_qubits(Factor(n).operand_width)
        for seed in args.seeds:
            for encoding in ENCODINGS:
                row = run(n, encoding, seed) | {"oracle_qubits": width}
                rows.append(row)
                print(
                    f"n={n:3d} {encoding:6s} seed {seed}: correct {row['correct']!s:5s}"
                    f" P(opt) {row['optimum_probability'] or 0:.3f} {row['wall_s']:.2f} s",
                    flush=True,
                )
    meta = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "seeds": args.seeds,
        "range": [low, high],
        "max_qubits": args.max_qubits,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    write_rows_csv(args.out / "results.csv", rows, first=("n", "encoding", "seed"))
    text = summary(rows, meta)
    (args.out / "summary.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
