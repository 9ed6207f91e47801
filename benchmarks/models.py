"""Your-own-model benchmark: c2q's default solve on fresh QUBO, Ising and higher-order models.

Models are drawn here from a fixed seed (never looked at while c2q's defaults were chosen), in
each accepted form:

- ``qubo``: a dense QUBO, integer coefficients -10..10 on about half the pairs, written as a QUBO
  matrix (``{"family": "qubo", "matrix": ...}``) or as a coefficient dict;
- ``ising``: a Sherrington-Kirkpatrick spin glass (couplings +1/-1 on every pair, small random
  fields), written as D-Wave's BQM serialisation (``variable_type: SPIN``);
- ``hubo``: a binary model with cubic terms (n of them, coefficients -5..5) on top of a sparse
  QUBO, written in c2q's canonical form with named variables.

Each model is solved at every seed as a user would, ``c2q solve FILE --json --seed S`` in its own
process (the wall time is the whole process), one at a time. The judge is written here: every
assignment's energy, computed from the model as drawn (an indicator per term over all ``2**n``
assignments), never c2q's code; the returned assignment's energy is recomputed and compared with
the minimum. The targets are the robust-solve issue's: optimal on every solve at up to 12
variables, on at least 98% up to 24.

    python benchmarks/models.py                          # both bands -> benchmarks/results/models/
    python benchmarks/models.py --bands small --seeds 1   # a smoke run
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import last_line, run_process

ROOT = Path(__file__).resolve().parents[1]
C2Q = Path(sys.executable).parent / "c2q"
SEED = 3131
KINDS = ("qubo", "ising", "hubo")
BANDS = {"small": (4, 6, 8, 10, 12), "large": (16, 20, 24)}
TARGETS = {"small": 1.0, "large": 0.98}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bands", nargs="+", choices=list(BANDS), default=list(BANDS))
    p.add_argument("--seeds", type=int, nargs="+", help="default: 1-5 (small), 1-3 (large)")
    p.add_argument("--instances", type=int, default=2, help="models per kind and size")
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "models")
    return p.parse_args()


# ---- drawing models: (spec as written, the model as terms over indices for the judge) ---------------
def draw(kind: str, n: int, j: int, rng: np.random.Generator) -> tuple[dict[str, Any], dict[str, Any]]:
    if kind == "qubo":
        q = np.triu(rng.integers(-10, 11, (n, n)) * (rng.random((n, n)) < 0.5))
        terms = [([i], float(q[i, i])) for i in range(n) if q[i, i]]
        terms += [([i, k], float(q[i, k])) for i in range(n) for k in range(i + 1, n) if q[i, k]]
        if j % 2 == 0:
            spec: dict[str, Any] = {"family": "qubo", "matrix": q.tolist()}
        else:
            spec = {"family": "qubo", "coefficients": {str(tuple(v)): c for v, c in terms}}
        return spec, {"vartype": "binary", "n": n, "terms": terms, "offset": 0.0}
    if kind == "ising":
        pairs = [(i, k) for i in range(n) for k in range(i + 1, n)]
        couplings = rng.choice([-1.0, 1.0], len(pairs))
        fields = np.round(rng.uniform(-0.5, 0.5, n), 2)
        spec = {
            "type": "BinaryQuadraticModel",
            "version": {"bqm_schema": "3.0.0"},
            "use_bytes": False,
            "index_type": "int32",
            "bias_type": "float64",
            "num_variables": n,
            "num_interactions": len(pairs),
            "variable_labels": [f"s{i}" for i in range(n)],
            "variable_type": "SPIN",
            "offset": 0.0,
            "info": {},
            "linear_biases": fields.tolist(),
            "quadratic_biases": couplings.tolist(),
            "quadratic_head": [i for i, _ in pairs],
            "quadratic_tail": [k for _, k in pairs],
        }
        terms = [([i], float(fields[i])) for i in range(n)] + [
            ([i, k], float(c)) for (i, k), c in zip(pairs, couplings, strict=True)
        ]
        return spec, {"vartype": "spin", "n": n, "terms": terms, "offset": 0.0}
    # hubo: a sparse QUBO plus n cubic terms
    terms = [([i], float(rng.integers(-5, 6))) for i in range(n)]
    terms += [([i, k], float(rng.integers(-5, 6))) for i in range(n) for k in range(i + 1, n) if rng.random() < 0.2]
    terms += [(sorted(rng.choice(n, 3, replace=False).tolist()), float(rng.integers(-5, 6))) for _ in range(n)]
    names = [f"x{i}" for i in range(n)]
    spec = {"family": "hubo", "variables": names, "terms": [[[names[i] for i in v], c] for v, c in terms]}
    return spec, {"vartype": "binary", "n": n, "terms": terms, "offset": 0.0}


# ---- the judge ---------------------------------------------------------------------------------
def energies(model: dict[str, Any]) -> np.ndarray:
    """Energy of every assignment; index ``a``: variable ``i`` is bit ``i`` of ``a``."""
    n = model["n"]
    index = np.arange(2**n, dtype=np.int64)
    total = np.full(2**n, float(model["offset"]))
    for variables, coefficient in model["terms"]:
        if not coefficient:
            continue
        if model["vartype"] == "binary":  # product of bits: all of the term's bits set
            mask = sum(1 << i for i in set(variables))
            total += coefficient * ((index & mask) == mask)
        else:  # product of spins s = 1 - 2 bit: the parity of the term's bits
            parity = np.zeros(2**n, dtype=np.int64)
            for i in variables:
                parity ^= (index >> i) & 1
            total += coefficient * (1 - 2 * parity)
    return total


def energy_of(model: dict[str, Any], assignment: list[int]) -> float:
    return model["offset"] + sum(c * float(np.prod([assignment[i] for i in v])) for v, c in model["terms"])


def judge(model: dict[str, Any], names: list[str], result: dict[str, Any], optimum: float) -> dict[str, Any]:
    answer = result.get("answer") or {}
    assignment = answer.get("assignment")
    if not assignment:
        return {"status": "no answer", "optimal": False}
    values = [int(assignment[name]) for name in names]
    energy = energy_of(model, values)
    return {
        "status": "ok",
        "energy": energy,
        "optimal": abs(energy - optimum) <= 1e-6 * max(1.0, abs(optimum)),
        "claimed_energy_matches": abs(energy - float(answer.get("energy", np.nan))) <= 1e-6 * max(1.0, abs(energy)),
        "c2q_optimal": result.get("optimal"),
        "p_optimum": result.get("optimum_probability"),
    }


def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="c2q-models-") as tmp:
        for band in args.bands:
            seeds = args.seeds or ([1, 2, 3, 4, 5] if band == "small" else [1, 2, 3])
            for n in BANDS[band]:
                for kind in KINDS:
                    for j in range(args.instances):
                        rng = np.random.default_rng([SEED, n, KINDS.index(kind), j])
                        spec, model = draw(kind, n, j, rng)
                        names = spec.get("variable_labels") or spec.get("variables") or [str(i) for i in range(n)]
                        optimum = float(energies(model).min())
                        path = Path(tmp) / f"{kind}_{n}_{j}.json"
                        path.write_text(json.dumps(spec))
                        for seed in seeds:
                            run = run_process(
                                [str(C2Q), "solve", str(path), "--json", "--seed", str(seed)], args.timeout
                            )
                            row = {"band": band, "kind": kind, "n": n, "instance": j, "seed": seed, "optimum": optimum}
                            if run["timed_out"]:
                                row |= {"status": "timeout", "optimal": False, "wall_s": run["wall_s"]}
                            elif run["code"] not in (0, 1):
                                row |= {
                                    "status": f"exit {run['code']}",
                                    "optimal": False,
                                    "error": last_line(run["stderr"]),
                                }
                            else:
                                row |= judge(model, [str(v) for v in names], json.loads(run["stdout"]), optimum)
                                row["wall_s"] = run["wall_s"]
                            rows.append(row)
                            print(json.dumps(row), flush=True)
    meta = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "seed": SEED}
    (args.out / "rows.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    (args.out / "summary.md").write_text(summary(rows, meta))
    print(f"wrote {args.out / 'summary.md'}")


def summary(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# Your own model: QUBO, Ising and higher-order models",
        "",
        f"`python benchmarks/models.py` ({meta['date'][:10]}, generator seed {meta['seed']}, drawn for this "
        "benchmark and not looked at while choosing c2q's defaults). Whole `c2q solve FILE --json --seed S` "
        "processes, one at a time; every answer judged by enumerating all assignments in the benchmark's own code.",
        "",
        "| band | kind (written as) | variables | solves | optimal | median P(opt) | worst P(opt) | median s | max s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    written = {
        "qubo": "QUBO matrix / coefficient dict",
        "ising": "SK spin glass, dimod BQM",
        "hubo": "cubic HUBO, canonical",
    }
    for band in BANDS:
        for kind in (*KINDS, "all"):
            part = [r for r in rows if r["band"] == band and (kind == "all" or r["kind"] == kind)]
            if not part:
                continue
            probabilities = [r["p_optimum"] for r in part if r.get("p_optimum") is not None]
            walls = [r["wall_s"] for r in part if r.get("wall_s") is not None]
            sizes = sorted({r["n"] for r in part})
            label = "**all**" if kind == "all" else f"{kind} ({written[kind]})"
            optimal = sum(r["optimal"] for r in part)
            lines.append(
                f"| {band} | {label} | {sizes[0]}-{sizes[-1]} | {len(part)} | {optimal}/{len(part)} "
                f"| {statistics.median(probabilities):.3f} | {min(probabilities):.3f} "
                f"| {statistics.median(walls):.2f} | {max(walls):.2f} |"
            )
    lines += ["", "Targets (optimal share of solves, raw quantum answer):"]
    for band, target in TARGETS.items():
        part = [r for r in rows if r["band"] == band]
        if part:
            share = sum(r["optimal"] for r in part) / len(part)
            lines.append(f"- {band}: {share:.1%} (target {target:.0%}): {'met' if share >= target else 'not met'}")
    wrong = [
        r
        for r in rows
        if r.get("claimed_energy_matches") is False or (r.get("c2q_optimal") is True and not r["optimal"])
    ]
    lines.append(f"- answers whose claimed energy or optimality disagrees with the judge: {len(wrong)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
