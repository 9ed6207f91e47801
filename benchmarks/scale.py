"""Quantum solves past exact simulation (issue 24): MaxCut, MIS and vertex cover on 50 to 200
nodes, TSP on 10 and 12 cities.

    python benchmarks/scale.py --out benchmarks/results/scale              # the full run
    python benchmarks/scale.py --out /tmp/scale --sizes maxcut=50 --instances 1 --seeds 1 --no-vqe --no-peer

**Instances** are drawn fresh from ``--gen-seed``: random 3-regular graphs for MaxCut (50, 100
and 200 nodes) and G(n, m) graphs of average degree 3.5 without isolated nodes for MIS and vertex
cover (50 and 100 nodes), and cities uniform in a 100 x 100 square with rounded Euclidean
distances for TSP (10 and 12 cities), ``--instances`` of each, written to ``out/specs`` in c2q's
canonical format.

**Judge.** Every answer is scored here from the answer itself (the cut of the partition, the size
of a set after checking it is independent or covers every edge), and compared with an optimum
from HiGHS (``scipy.optimize.milp``) on a MILP written in this file, not c2q's own reference
(TSP: Held-Karp dynamic programming written here). Where HiGHS proves no optimum within
``--exact-limit`` seconds, the ratio is taken against its proven bound (a lower bound on the true
ratio) and the row says so. The peer's answers are read in its own terms (``side``, ``nodes``).

**Methods**, each a whole ``c2q solve --json --seed S`` process on one core:

- ``default``: what a user gets (``auto``: recursive QAOA past 24 qubits, see
  :mod:`c2q.algorithms.rqaoa`);
- ``vqe``: ``--algorithm vqe``, VQE trained on its exact matrix product state (the default before
  RQAOA; for TSP in the ``binary`` encoding, the default before ``onehot``), on the first
  ``--vqe-instances`` instances of each size at the first seed;
- ``peer``: qiskit-optimization's ``RecursiveMinimumEigenOptimizer`` over
  ``MinimumEigenOptimizer(QAOA(reps=1))`` on Aer's sampler, the library's own recursive QAOA
  (``benchmarks/qiskit_opt_baseline.py --recursive``), on the first instance of each size, stopped
  at ``--peer-timeout`` seconds.

The exact solver's own time is in every row (``exact_s``), so quantum quality sits beside
classical time. Outputs: ``rows.jsonl``, ``rows.csv``, ``summary.json``, ``summary.md`` and
``scale.png`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import c2q_commit, last_line, run_process, save_figure, write_rows_csv

ROOT = Path(__file__).resolve().parents[1]
C2Q = Path(sys.executable).with_name("c2q")
PEER = Path(__file__).resolve().parent / "qiskit_opt_baseline.py"
#: family -> node counts of the issue's targets
SIZES = {"maxcut": [50, 100, 200], "mis": [50, 100], "vc": [50, 100], "tsp": [10, 12]}
#: the issue's targets: median and worst ratio, median wall seconds at 100 nodes, TSP's median ratio
TARGETS = {"median_ratio": 0.98, "worst_ratio": 0.95, "wall_100": 60.0, "tsp_median_ratio": 0.95}
#: families whose answer is minimised (ratio = optimum / value)
MINIMISED = ("vc", "tsp")
AVERAGE_DEGREE = 3.5


@dataclass
class Args:
    out: Path
    gen_seed: int = 2424
    instances: int = 5
    seeds: list[int] = field(default_factory=lambda: [1, 2, 3])
    sizes: dict[str, list[int]] = field(default_factory=lambda: dict(SIZES))
    workers: int = 2
    timeout: float = 600.0
    exact_limit: float = 300.0
    vqe: bool = True
    vqe_instances: int = 3
    peer: bool = True
    peer_timeout: float = 300.0
    resume: bool = False
    report_only: bool = False


def parse_args(argv: list[str] | None = None) -> Args:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--gen-seed", type=int, default=2424, help="seed of the instance generator")
    parser.add_argument("--instances", type=int, default=5, help="instances per family and size")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--sizes", nargs="+", help="family=n,n,... (default: maxcut=50,100,200 mis=50,100 vc=50,100)")
    parser.add_argument("--workers", type=int, default=2, help="solves at a time, one core each")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per c2q solve")
    parser.add_argument("--exact-limit", type=float, default=300.0, help="seconds HiGHS may take per instance")
    parser.add_argument("--no-vqe", dest="vqe", action="store_false", help="leave out the VQE comparison")
    parser.add_argument("--vqe-instances", type=int, default=3, help="instances per size VQE runs on (first seed)")
    parser.add_argument("--no-peer", dest="peer", action="store_false", help="leave out qiskit-optimization")
    parser.add_argument("--peer-timeout", type=float, default=300.0)
    parser.add_argument("--resume", action="store_true", help="keep rows.jsonl and run what is missing")
    parser.add_argument("--report-only", action="store_true", help="rewrite the summary from rows.jsonl")
    ns = parser.parse_args(argv)
    sizes = dict(SIZES)
    if ns.sizes:
        sizes = {}
        for item in ns.sizes:
            family, _, counts = item.partition("=")
            if family not in SIZES or not counts:
                parser.error(f"--sizes: '{item}' is not family=n,n (families: {', '.join(SIZES)})")
            sizes[family] = [int(c) for c in counts.split(",")]
    values = {k: v for k, v in vars(ns).items() if k != "sizes"}
    return Args(**values, sizes=sizes)


# ---- instances -----------------------------------------------------------------------------------
def draw_graph(family: str, n: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """A random 3-regular graph (MaxCut), or G(n, m) with average degree 3.5 and no isolated node."""
    import networkx as nx

    while True:
        seed = int(rng.integers(2**31))
        if family == "maxcut":
            graph = nx.random_regular_graph(3, n, seed=seed)
        else:
            graph = nx.gnm_random_graph(n, round(AVERAGE_DEGREE * n / 2), seed=seed)
        if min(dict(graph.degree()).values()) > 0:
            return sorted(tuple(sorted(e)) for e in graph.edges())


def draw_cities(n: int, rng: np.random.Generator) -> list[list[int]]:
    """Rounded Euclidean distances between ``n`` cities uniform in a 100 x 100 square."""
    points = rng.uniform(0, 100, size=(n, 2))
    return np.rint(np.linalg.norm(points[:, None] - points[None], axis=2)).astype(int).tolist()


def make_instances(args: Args) -> list[dict[str, Any]]:
    rng = np.random.default_rng(args.gen_seed)
    found = []
    for family, sizes in args.sizes.items():
        for n in sizes:
            for k in range(args.instances):
                instance = {"name": f"{family}_{n}_{k}", "family": family, "nodes": n, "index": k}
                if family == "tsp":
                    instance["distances"] = draw_cities(n, rng)
                else:
                    instance["edges"] = draw_graph(family, n, rng)
                found.append(instance)
    return found


def spec_of(instance: dict[str, Any]) -> dict[str, Any]:
    if instance["family"] == "tsp":
        return {"family": "tsp", "distance_matrix": instance["distances"]}
    return {"family": instance["family"], "graph": {"nodes": instance["nodes"], "edges": instance["edges"]}}


# ---- exact reference (HiGHS on MILPs written here) ------------------------------------------------
def held_karp(distances: list[list[int]]) -> float:
    """Shortest closed tour by Held-Karp dynamic programming over subsets of the cities after 0."""
    d = np.asarray(distances, dtype=float)
    m = len(d) - 1
    # best[mask, j]: shortest path from city 0 through the cities of mask, ending at city j + 1
    best = np.full((1 << m, m), np.inf)
    best[1 << np.arange(m), np.arange(m)] = d[0, 1:]
    for mask in range(1, 1 << m):
        for j in range(m):
            if mask >> j & 1 and np.isfinite(best[mask, j]):
                for k in range(m):
                    if not mask >> k & 1:
                        step = best[mask, j] + d[j + 1, k + 1]
                        best[mask | 1 << k, k] = min(best[mask | 1 << k, k], step)
    return float(min(best[(1 << m) - 1, j] + d[j + 1, 0] for j in range(m)))


def exact(instance: dict[str, Any], limit: float) -> dict[str, Any]:
    """The optimum (or best value and bound) of the instance by HiGHS, and its seconds.

    MaxCut: ``max sum y_e`` with ``y_uv <= x_u + x_v`` and ``y_uv <= 2 - x_u - x_v``; MIS: ``max
    sum x`` with ``x_u + x_v <= 1``; vertex cover: ``min sum x`` with ``x_u + x_v >= 1``.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    if instance["family"] == "tsp":
        start = time.perf_counter()
        length = held_karp(instance["distances"])
        return {"optimum": length, "best": length, "bound": length, "exact_s": round(time.perf_counter() - start, 2)}
    n, edges, family = instance["nodes"], instance["edges"], instance["family"]
    m = len(edges)
    if family == "maxcut":
        size = n + m
        cost = np.concatenate([np.zeros(n), -np.ones(m)])
        rows = np.zeros((2 * m, size))
        for e, (u, v) in enumerate(edges):
            rows[2 * e, [u, v, n + e]] = [-1, -1, 1]
            rows[2 * e + 1, [u, v, n + e]] = [1, 1, 1]
        upper = np.tile([0.0, 2.0], m)
        constraint = LinearConstraint(rows, -np.inf, upper)
    else:
        size = n
        cost = -np.ones(n) if family == "mis" else np.ones(n)
        rows = np.zeros((m, n))
        for e, (u, v) in enumerate(edges):
            rows[e, [u, v]] = 1
        constraint = LinearConstraint(rows, -np.inf, 1) if family == "mis" else LinearConstraint(rows, 1, np.inf)
    start = time.perf_counter()
    result = milp(
        cost,
        constraints=constraint,
        integrality=np.ones(size),
        bounds=Bounds(0, 1),
        options={"time_limit": limit, "presolve": True},
    )
    seconds = time.perf_counter() - start
    sign = 1.0 if family == "vc" else -1.0
    value = None if result.x is None else float(round(sign * result.fun))
    bound = float(sign * result.mip_dual_bound) if getattr(result, "mip_dual_bound", None) is not None else value
    return {
        "optimum": value if result.status == 0 else None,
        "best": value,
        "bound": bound,
        "exact_s": round(seconds, 2),
    }


# ---- judging ---------------------------------------------------------------------------------------
def score(instance: dict[str, Any], answer: dict[str, Any]) -> float | None:
    """The answer's objective, computed here; ``None`` when it is not a valid answer. Reads c2q's
    answer keys and the peer's (``side``: the two node lists of a cut; ``nodes``: a chosen set)."""
    family = instance["family"]
    try:
        if family == "tsp":
            tour = [int(c) for c in answer["tour"]]
            if sorted(tour) != list(range(instance["nodes"])):
                return None
            d = instance["distances"]
            return float(sum(d[a][b] for a, b in zip(tour, tour[1:] + tour[:1], strict=True)))
        edges = instance["edges"]
        if family == "maxcut":
            halves = answer["partition"] if "partition" in answer else answer["side"]
            side = {int(v): 0 for v in halves[0]} | {int(v): 1 for v in halves[1]}
            if len(side) != instance["nodes"]:
                return None
            return float(sum(side[u] != side[v] for u, v in edges))
        key = "independent_set" if family == "mis" else "vertex_cover"
        chosen = {int(v) for v in (answer[key] if key in answer else answer["nodes"])}
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if family == "mis":
        return None if any(u in chosen and v in chosen for u, v in edges) else float(len(chosen))
    return None if any(u not in chosen and v not in chosen for u, v in edges) else float(len(chosen))


def ratio(family: str, value: float | None, target: float | None) -> float | None:
    """Approximation ratio in ``(0, 1]`` (minimisation: target / value)."""
    if value is None or not target:
        return None
    return target / value if family in MINIMISED else value / target


def judged(instance: dict[str, Any], ref: dict[str, Any], answer: dict[str, Any] | None) -> dict[str, Any]:
    value = score(instance, answer or {})
    proven = ref["optimum"] is not None
    against = ref["optimum"] if proven else ref["bound"]
    return {
        "objective": value,
        "valid": value is not None,
        "judged_against": "optimum" if proven else "bound",
        "reference": against,
        "ratio": ratio(instance["family"], value, against),
        "optimal": (value == ref["optimum"]) if proven and value is not None else None,
    }


# ---- runs ------------------------------------------------------------------------------------------
def jobs_of(args: Args, instances: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int, str]]:
    jobs = [(i, s, "default") for i in instances for s in args.seeds]
    if args.vqe:
        jobs += [(i, args.seeds[0], "vqe") for i in instances if i["index"] < args.vqe_instances]
    if args.peer:
        jobs += [(i, args.seeds[0], "peer") for i in instances if i["index"] == 0]
    return jobs


def run_job(args: Args, folder: Path, instance: dict[str, Any], seed: int, method: str) -> dict[str, Any]:
    path = folder / f"{instance['name']}.json"
    if method == "peer":
        command = [sys.executable, str(PEER), str(path), "--seed", str(seed), "--recursive"]
        run = run_process(command, args.peer_timeout)
    else:
        command = [str(C2Q), "solve", str(path), "--json", "--seed", str(seed)]
        if method == "vqe":
            command += ["--algorithm", "vqe", *(["--encoding", "binary"] if instance["family"] == "tsp" else [])]
        run = run_process(command, args.timeout)
    row: dict[str, Any] = {"instance": instance["name"], "family": instance["family"], "nodes": instance["nodes"]}
    row |= {"seed": seed, "method": method, "wall_s": run["wall_s"], "peak_mib": run.get("peak_mib")}
    if run["timed_out"]:
        return row | {"status": "timeout"}
    try:
        data = json.loads(run["stdout"][run["stdout"].index("{") :])
    except ValueError:
        return row | {"status": "error", "error": last_line(run["stderr"] or run["stdout"])}
    if method == "peer":
        return row | {"status": "ok", "answer": data.get("answer"), "qubits": data.get("qubits")}
    return row | {
        "status": "ok",
        "answer": data.get("answer"),
        "algorithm": data["algorithm"]["name"],
        "qubits": data["encoding"]["qubits"],
        "depth": data["circuit"].get("depth"),
        "two_qubit_gates": data["circuit"].get("two_qubit_gates"),
        "optimum_probability": data.get("optimum_probability"),
        "c2q_ratio": data.get("approximation_ratio"),
    }


def run_all(args: Args, rows_path: Path) -> None:
    instances = make_instances(args)
    folder = args.out / "specs"
    folder.mkdir(parents=True, exist_ok=True)
    for instance in instances:
        (folder / f"{instance['name']}.json").write_text(json.dumps(spec_of(instance)) + "\n")
    refs_path = args.out / "references.json"
    refs = json.loads(refs_path.read_text()) if args.resume and refs_path.exists() else {}
    for instance in instances:
        if instance["name"] not in refs:
            refs[instance["name"]] = exact(instance, args.exact_limit)
            print(f"exact {instance['name']}: {refs[instance['name']]}", flush=True)
            refs_path.write_text(json.dumps(refs, indent=1) + "\n")
    (args.out / "meta.json").write_text(json.dumps(meta(args, len(instances)), indent=1) + "\n")
    if not args.resume:
        rows_path.unlink(missing_ok=True)
    done = {(r["instance"], r["seed"], r["method"]) for r in read_rows(rows_path)}
    jobs = [j for j in jobs_of(args, instances) if (j[0]["name"], j[1], j[2]) not in done]

    def one(job: tuple[dict[str, Any], int, str]) -> None:
        instance, seed, method = job
        row = run_job(args, folder, instance, seed, method)
        row |= judged(instance, refs[instance["name"]], row.pop("answer", None))
        row["exact_s"] = refs[instance["name"]]["exact_s"]
        with rows_path.open("a") as handle:
            handle.write(json.dumps(row) + "\n")
        print(
            f"{instance['name']} seed {seed} {method}: {row['status']} ratio {row['ratio']} {row['wall_s']} s",
            flush=True,
        )

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(one, jobs))


def meta(args: Args, count: int) -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "c2q_commit": c2q_commit(),
        "instances": count,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items()},
    }


def read_rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# ---- summary ---------------------------------------------------------------------------------------
def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One group per family, size and method: ratios, optimal share, times."""
    groups: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["family"], row["nodes"], row["method"]), []).append(row)
    out = []
    for (family, nodes, method), members in sorted(groups.items()):
        ratios = [r["ratio"] for r in members if r.get("ratio") is not None]
        judged_optimal = [r["optimal"] for r in members if r.get("optimal") is not None]
        probabilities = [r["optimum_probability"] for r in members if r.get("optimum_probability") is not None]
        out.append(
            {
                "family": family,
                "nodes": nodes,
                "method": method,
                "runs": len(members),
                "answered": len(ratios),
                "median_ratio": statistics.median(ratios) if ratios else None,
                "worst_ratio": min(ratios) if len(ratios) == len(members) else None,
                "optimal": f"{sum(judged_optimal)}/{len(judged_optimal)}" if judged_optimal else "-",
                "median_p_opt": statistics.median(probabilities) if probabilities else None,
                "median_wall_s": statistics.median(r["wall_s"] for r in members),
                "max_wall_s": max(r["wall_s"] for r in members),
                "median_exact_s": statistics.median(r["exact_s"] for r in members),
                "against_bound": sum(r.get("judged_against") == "bound" for r in members),
                "qubits": members[0].get("qubits"),
                "two_qubit_gates": statistics.median(r["two_qubit_gates"] for r in members if r.get("two_qubit_gates"))
                if any(r.get("two_qubit_gates") for r in members)
                else None,
                "failures": sorted({r["status"] for r in members if r["status"] != "ok" or r.get("ratio") is None}),
            }
        )
    return out


def targets(summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, on the default method."""
    checks = []
    for g in summary:
        if g["method"] != "default":
            continue
        name = f"{g['family']} {g['nodes']} {'cities' if g['family'] == 'tsp' else 'nodes'}"
        wanted = TARGETS["tsp_median_ratio" if g["family"] == "tsp" else "median_ratio"]
        checks.append(
            {
                "target": f"{name}: median ratio >= {wanted}",
                "value": g["median_ratio"],
                "met": g["median_ratio"] is not None and g["median_ratio"] >= wanted,
            }
        )
        if g["family"] == "maxcut":
            checks.append(
                {
                    "target": f"{name}: worst ratio >= {TARGETS['worst_ratio']}",
                    "value": g["worst_ratio"],
                    "met": g["worst_ratio"] is not None and g["worst_ratio"] >= TARGETS["worst_ratio"],
                }
            )
            if g["nodes"] == 100:
                checks.append(
                    {
                        "target": f"{name}: median wall <= {TARGETS['wall_100']:g} s",
                        "value": g["median_wall_s"],
                        "met": g["median_wall_s"] <= TARGETS["wall_100"],
                    }
                )
    return checks


def _num(value: Any, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def markdown(summary: list[dict[str, Any]], checks: list[dict[str, Any]], info: dict[str, Any]) -> str:
    lines = [
        "# Scale: quantum solves at 50 to 200 nodes",
        "",
        f"{info['date']}, {info['machine']}, c2q {info['c2q_commit']}; {info['instances']} instances drawn with "
        f"generator seed {info['args']['gen_seed']} (never used while choosing the method), seeds "
        f"{info['args']['seeds']}, one core per solve, whole `c2q solve` processes. Ratios are judged here "
        "against HiGHS on MILPs written in the benchmark; `bound` counts rows judged against a proven "
        "bound because HiGHS proved no optimum in its limit.",
        "",
        "| family | nodes | method | runs | median ratio | worst | optimal | median P(opt) | median wall s "
        "| max wall s | exact s | bound | qubits | 2q gates | failures |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for g in summary:
        lines.append(
            f"| {g['family']} | {g['nodes']} | {g['method']} | {g['runs']} | {_num(g['median_ratio'])} | "
            f"{_num(g['worst_ratio'])} | {g['optimal']} | {_num(g['median_p_opt'], 2)} | "
            f"{_num(g['median_wall_s'], 1)} | {_num(g['max_wall_s'], 1)} | {_num(g['median_exact_s'], 1)} | "
            f"{g['against_bound']} | {_num(g['qubits'])} | {_num(g['two_qubit_gates'])} | "
            f"{', '.join(g['failures']) or '-'} |"
        )
    lines += ["", "## Targets (default method)", "", "| target | value | met |", "|---|---|---|"]
    lines += [f"| {c['target']} | {_num(c['value'])} | {'yes' if c['met'] else 'no'} |" for c in checks]
    return "\n".join(lines) + "\n"


def plot(summary: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for (family, method), marker in zip(
        sorted({(g["family"], g["method"]) for g in summary}), "osD^v<>ph*", strict=False
    ):
        members = [g for g in summary if g["family"] == family and g["method"] == method]
        sizes = [g["nodes"] for g in members]
        left.plot(sizes, [g["median_ratio"] or np.nan for g in members], marker=marker, label=f"{family} {method}")
        right.plot(sizes, [g["median_wall_s"] for g in members], marker=marker, label=f"{family} {method}")
    left.axhline(TARGETS["median_ratio"], color="grey", ls="--", lw=0.8)
    left.set(xlabel="nodes", ylabel="median approximation ratio", title="quality")
    right.set(xlabel="nodes", ylabel="median wall (s)", yscale="log", title="time, whole process")
    left.legend(fontsize=7)
    save_figure(fig, path)


def write_outputs(out: Path, rows: list[dict[str, Any]]) -> None:
    summary = summarise(rows)
    checks = targets(summary)
    info = json.loads((out / "meta.json").read_text())
    write_rows_csv(out / "rows.csv", rows, first=("instance", "seed", "method"))
    (out / "summary.json").write_text(json.dumps({"groups": summary, "targets": checks}, indent=1) + "\n")
    (out / "summary.md").write_text(markdown(summary, checks, info))
    plot(summary, out / "scale.png")
    print(markdown(summary, checks, info))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows_path = args.out / "rows.jsonl"
    if not args.report_only:
        run_all(args, rows_path)
    write_outputs(args.out, read_rows(rows_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
