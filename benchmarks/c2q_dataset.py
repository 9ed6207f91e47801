"""Solve every problem spec in one or more directories and measure the answers against the exact
classical optimum.

Reads any directory tree of specs in the C2|Q> formats (or c2q's canonical one); specs of
families this version does not solve are listed as ``unsupported``. Writes per-instance rows
(JSON + CSV) and a markdown summary to ``--out``.

    python benchmarks/c2q_dataset.py                       # the bundled C2|Q> subset
    python benchmarks/c2q_dataset.py --specs my/specs --out benchmarks/results/mine
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import write_rows_csv

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPECS = ROOT.parent / "shared" / "data" / "c2q"
METHOD_NAMES = {"statevector": "sv", "matrix_product_state": "mps", None: "none"}


@dataclass
class Args:
    specs: list[Path] = field(default_factory=lambda: [DEFAULT_SPECS])
    """directories (searched recursively for *.json) or single spec files"""
    out: Path = ROOT / "benchmarks" / "results" / "c2q_dataset"
    """folder for results.json, results.csv and summary.md"""
    seeds: list[int] = field(default_factory=lambda: [1, 2, 3])
    """each spec is solved once per seed"""
    shots: int = 2048
    """final sampling shots"""
    algorithm: str = "auto"
    """auto, qaoa or vqe"""


def parse_args() -> Args:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--specs", nargs="+", type=Path, default=Args().specs)
    p.add_argument("--out", type=Path, default=Args.out)
    p.add_argument("--seeds", nargs="+", type=int, default=Args().seeds)
    p.add_argument("--shots", type=int, default=Args.shots)
    p.add_argument("--algorithm", default=Args.algorithm)
    return Args(**vars(p.parse_args()))


def spec_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    return files


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    from rich.progress import Progress

    import c2q
    from c2q.errors import C2QError

    files = spec_files(args.specs)
    if not files:
        sys.exit(f"no *.json specs under {', '.join(map(str, args.specs))}")
    rows = []
    with Progress() as progress:
        task = progress.add_task("solving", total=len(files) * len(args.seeds))
        for path, seed in ((p, s) for p in files for s in args.seeds):
            label = path.relative_to(path.parents[2]) if len(path.parents) > 2 else path
            row: dict = {"spec": str(label), "seed": seed}
            start = time.perf_counter()
            try:
                spec = c2q.validate(path)
                result = c2q.solve(spec, seed=seed, shots=args.shots, algorithm=args.algorithm).to_dict()
                row.update(
                    status="ok",
                    format=result["source_format"],
                    family=result["family"],
                    optimal=result["optimal"],
                    feasible=result["feasible"],
                    objective=result["objective"],
                    classical_optimum=result["classical_optimum"],
                    approximation_ratio=result["approximation_ratio"],
                    optimum_probability=result["optimum_probability"],
                    qubits=result["encoding"]["qubits"],
                    encoding=result["encoding"]["name"],
                    algorithm=result["algorithm"]["name"],
                    method=result["backend"]["method"],
                    depth=result["circuit"]["depth"],
                    two_qubit_gates=result["circuit"]["two_qubit_gates"],
                )
            except C2QError as exc:
                status = "unsupported" if "not supported by this version" in str(exc) else "error"
                row.update(status=status, error=str(exc))
            row["wall_s"] = round(time.perf_counter() - start, 3)
            rows.append(row)
            progress.update(task, advance=1, description=f"{label}: {row['status']}")
    write(args, rows)


def write(args: Args, rows: list[dict]) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        "seeds": args.seeds,
        "shots": args.shots,
        "algorithm": args.algorithm,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
    }
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    write_rows_csv(args.out / "results.csv", rows)
    summary = summarise(rows, meta)
    (args.out / "summary.md").write_text(summary)
    print(summary)


def summarise(rows: list[dict], meta: dict) -> str:
    solved = [r for r in rows if r["status"] == "ok"]
    total = sum(r["wall_s"] for r in rows)
    lines = [
        f"C2|Q> dataset benchmark ({meta['date']}, seeds {meta['seeds']}, {meta['shots']} shots, "
        f"algorithm {meta['algorithm']}, {meta['machine']})",
        "",
        f"{len(rows)} runs in {total:.0f} s of solving (sv = statevector, mps = matrix product state, "
        "none = answered without a quantum run).",
        "",
        "| family | runs | optimal | median approx. ratio | median P(optimum) | min P(optimum) "
        "| max qubits | max depth | method | median wall s | max wall s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    families = sorted({r["family"] for r in solved})
    for fam in [*families, "all"]:
        group = [r for r in solved if fam in ("all", r["family"])]
        if not group:
            continue
        probs = [r["optimum_probability"] or 0.0 for r in group]
        ratios = [r["approximation_ratio"] or 0.0 for r in group]
        walls = [r["wall_s"] for r in group]
        name = f"**{fam}**" if fam == "all" else fam
        methods = ", ".join(sorted({METHOD_NAMES.get(r["method"], str(r["method"])) for r in group}))
        lines.append(
            f"| {name} | {len(group)} | {sum(bool(r['optimal']) for r in group)}/{len(group)} "
            f"| {statistics.median(ratios):.3f} | {statistics.median(probs):.3f} | {min(probs):.3f} "
            f"| {max(r['qubits'] for r in group)} | {max(r['depth'] for r in group)} | {methods} "
            f"| {statistics.median(walls):.2f} | {max(walls):.2f} |"
        )
    skipped = [r for r in rows if r["status"] != "ok"]
    if skipped:
        counts: dict[str, int] = {}
        for r in skipped:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        lines += ["", "Not solved: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))]
        lines += [f"- {r['spec']}: {r['error']}" for r in skipped if r["status"] == "error"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
