"""Grover search on random 3-SAT at the satisfiability threshold: does the first answer satisfy
the formula, and how many Grover iterations does the BBHT schedule spend compared with the
optimal count for the known number of solutions?

For each size n, draws formulas of round(ratio * n) clauses, each over 3 distinct variables with
random signs (seeded numpy generator). At ratio 4.26 random 3-SAT turns from mostly satisfiable
to mostly unsatisfiable (Mitchell, Selman & Levesque 1992; Crawford & Auton 1996), so both kinds
occur. For each formula: counts the satisfying assignments M by brute force, solves it once with
``c2q.solve`` (Grover with the BBHT schedule of Boyer, Brassard, Hoyer & Tapp 1998, one seed per
formula; M is not given to it), checks the returned assignment clause by clause, and compares the total
iterations with ``floor(pi/4 sqrt(N/M))``, the count Grover (1996) needs when M is known. For
unsatisfiable formulas it records whether c2q answered "unsatisfiable".

Writes results.json, results.csv, summary.md and iterations.png to ``--out``.

    python benchmarks/sat_grover.py
    python benchmarks/sat_grover.py --sizes 6 8 --formulas 5 --out /tmp/sat_grover
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import save_figure  # noqa: E402


@dataclass
class Args:
    sizes: list[int] = field(default_factory=lambda: [6, 8, 10, 12])
    """numbers of variables n"""
    formulas: int = 50
    """random formulas per size"""
    ratio: float = 4.26
    """clauses per variable (round(ratio * n) clauses)"""
    formula_seed: int = 2026
    """seed of the formula generator"""
    solve_seed: int = 1
    """formula i of each size is solved with seed solve_seed + i (schedule, simulator, transpiler), so
    that the BBHT draws differ between formulas"""
    out: Path = ROOT / "benchmarks" / "results" / "sat_grover"
    """folder for results.json, results.csv, summary.md and iterations.png"""


def parse_args() -> Args:
    """Command-line arguments, defaulting to :class:`Args`."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", nargs="+", type=int, default=Args().sizes)
    p.add_argument("--formulas", type=int, default=Args.formulas)
    p.add_argument("--ratio", type=float, default=Args.ratio)
    p.add_argument("--formula-seed", type=int, default=Args.formula_seed)
    p.add_argument("--solve-seed", type=int, default=Args.solve_seed)
    p.add_argument("--out", type=Path, default=Args.out)
    return Args(**vars(p.parse_args()))


def random_3sat(n: int, m: int, rng: np.random.Generator) -> list[list[int]]:
    """``m`` clauses of 3 distinct variables out of ``1..n``, each negated with probability 1/2.

    :param n: number of variables.
    :param m: number of clauses.
    :param rng: the seeded generator.
    """
    clauses = []
    for _ in range(m):
        variables = rng.choice(np.arange(1, n + 1), size=3, replace=False)
        signs = rng.choice([-1, 1], size=3)
        clauses.append([int(v * s) for v, s in zip(variables, signs, strict=True)])
    return clauses


def satisfies(clauses: list[list[int]], assignment: list[int]) -> bool:
    """Clause-by-clause check of an assignment, independent of c2q's own verification.

    :param clauses: DIMACS clauses.
    :param assignment: one DIMACS literal per variable, e.g. ``[1, -2, 3]``.
    """
    true = set(assignment)
    return all(any(lit in true for lit in clause) for clause in clauses)


def main() -> None:
    """Draw the formulas, solve each once, write the results."""
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    from rich.progress import Progress

    import c2q
    from c2q.spec import build_problem

    rng = np.random.default_rng(args.formula_seed)
    rows = []
    with Progress() as progress:
        task = progress.add_task("solving", total=len(args.sizes) * args.formulas)
        for n in args.sizes:
            for index in range(args.formulas):
                clauses = random_3sat(n, round(args.ratio * n), rng)
                spec = {"family": "sat", "clauses": clauses, "num_variables": n}
                solutions = build_problem(c2q.validate(spec)).count_solutions()
                start = time.perf_counter()
                result = c2q.solve(spec, seed=args.solve_seed + index)
                wall = time.perf_counter() - start
                assignment = result.answer["assignment"]
                alg = result.algorithm
                rows.append(
                    {
                        "n": n,
                        "formula": index,
                        "seed": args.solve_seed + index,
                        "clauses": len(clauses),
                        "solutions": solutions,
                        "satisfiable": solutions > 0,
                        "answer_satisfiable": result.answer["satisfiable"],
                        "first_answer_satisfies": None if assignment is None else satisfies(clauses, assignment),
                        "answered_unsatisfiable": result.answer["satisfiable"] is False,
                        "optimal": result.optimal,
                        "iterations": alg["iterations"],
                        "optimal_iterations": math.floor(math.pi / 4 * math.sqrt(2**n / solutions))
                        if solutions
                        else None,
                        "iteration_limit": alg["iteration_limit"],
                        "trials": alg["trials"],
                        "found": alg["found"],
                        "oracle_gates": alg["oracle_gates"],
                        "qubits": result.circuit["qubits"],
                        "depth": result.circuit["depth"],
                        "two_qubit_gates": result.circuit["two_qubit_gates"],
                        "wall_s": round(wall, 3),
                    }
                )
                progress.update(task, advance=1, description=f"n={n} formula {index}: M={solutions}")
    write(args, rows)


def write(args: Args, rows: list[dict]) -> None:
    """results.json, results.csv, summary.md and iterations.png in ``args.out``.

    :param args: the run's arguments.
    :param rows: one dict per formula.
    """
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        **{k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items() if k != "out"},
        "schedule": "bbht",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
    }
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    with open(args.out / "results.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    summary = summarise(rows, meta)
    (args.out / "summary.md").write_text(summary)
    plot(rows, args.out / "iterations.png")
    print(summary)


def summarise(rows: list[dict], meta: dict) -> str:
    """The markdown summary: one table row per size.

    :param rows: one dict per formula.
    :param meta: run settings and machine.
    """
    total = sum(r["wall_s"] for r in rows)
    lines = [
        f"Grover (BBHT schedule) on random 3-SAT, {meta['ratio']} clauses per variable "
        f"({meta['date']}, formula seed {meta['formula_seed']}, solve seeds {meta['solve_seed']} + formula index, "
        f"{meta['machine']})",
        "",
        f'{len(rows)} formulas solved in {total:.0f} s. "first answer satisfies": the one assignment c2q.solve '
        "returned satisfies every clause (checked clause by clause), over the satisfiable formulas. Iterations: "
        "total Grover iterations over all BBHT trials, vs floor(pi/4 sqrt(N/M)) with M counted by brute force "
        "(satisfiable formulas). The search gives up after 4 sqrt(N) iterations (or trials). Depth and "
        "two-qubit gates (cx after compiling to cx, rz, sx, x) are those of the last trial's circuit.",
        "",
        "| n | formulas | satisfiable | first answer satisfies | unsatisfiable answered so | "
        "median iterations used | median optimal | median used / optimal | median trials | "
        "median depth | median 2q gates | median wall s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in sorted({r["n"] for r in rows}):
        group = [r for r in rows if r["n"] == n]
        sat = [r for r in group if r["satisfiable"]]
        unsat = [r for r in group if not r["satisfiable"]]
        good = sum(bool(r["first_answer_satisfies"]) for r in sat)
        said_unsat = sum(r["answered_unsatisfiable"] for r in unsat)
        med = _median
        fraction = f" ({good / len(sat):.2f})" if sat else ""
        lines.append(
            f"| {n} | {len(group)} | {len(sat)} | {good}/{len(sat)}{fraction} | {said_unsat}/{len(unsat)} | "
            f"{med([r['iterations'] for r in sat])} | {med([r['optimal_iterations'] for r in sat])} | "
            f"{med([r['iterations'] / max(r['optimal_iterations'], 1) for r in sat], '.2f')} | "
            f"{med([r['trials'] for r in sat])} | {med([r['depth'] for r in group])} | "
            f"{med([r['two_qubit_gates'] for r in group])} | {med([r['wall_s'] for r in group], '.2f')} |"
        )
    wrong = [r for r in rows if r["satisfiable"] and not r["first_answer_satisfies"]]
    lines += ["", f"Satisfiable formulas where Grover gave up without a solution: {len(wrong)}."]
    return "\n".join(lines) + "\n"


def _median(values: list[float], fmt: str = "g") -> str:
    return "-" if not values else format(statistics.median(values), fmt)


def plot(rows: list[dict], path: Path) -> None:
    """Iterations used against the optimal count, satisfiable formulas, log-log.

    :param rows: one dict per formula.
    :param path: the PNG to write.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sat = [r for r in rows if r["satisfiable"]]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for n in sorted({r["n"] for r in sat}):
        group = [r for r in sat if r["n"] == n]
        x = np.array([r["optimal_iterations"] for r in group], dtype=float)
        y = np.array([r["iterations"] for r in group], dtype=float)
        ax.scatter(np.maximum(x, 0.5), np.maximum(y, 0.5), label=f"n = {n}", alpha=0.7)
    top = max(max(r["iterations"] for r in sat), max(r["optimal_iterations"] for r in sat), 1) * 1.5
    ax.plot([0.5, top], [0.5, top], "k--", lw=1, label="used = optimal")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("optimal iterations floor(pi/4 sqrt(N/M))  (M known)")
    ax.set_ylabel("iterations used by BBHT (M unknown)")
    ax.set_title("Grover on random 3-SAT (ratio 4.26): satisfiable formulas\n0 iterations drawn at 0.5")
    ax.legend()
    save_figure(fig, path, dpi=120)


if __name__ == "__main__":
    main()
