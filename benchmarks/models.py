"""Your-own-model benchmark: c2q's default solve on fresh QUBO, Ising and higher-order models.

Models are drawn here from a fixed seed (never looked at while c2q's defaults were chosen), in
each accepted form:

- ``qubo``: a dense QUBO, integer coefficients -10..10 on about half the pairs, written as a QUBO
  matrix (``{"family": "qubo", "matrix": ...}``) or as a coefficient dict;
- ``ising``: a Sherrington-Kirkpatrick spin glass (couplings +1/-1 on every pair, small random
  fields), written as D-Wave's BQM serialisation (``variable_type: SPIN``);
- ``hubo``: a binary model with cubic terms (n of them, coefficients -5..5) on top of a sparse
  QUBO, written in c2q's canonical form with named variables;
- constrained models (``model``), sized by their qubits after c2q's conversion (integers in binary,
  inequality slack): ``knapsack`` (items of weight and value 1..9 under one capacity, maximised,
  written as a CPLEX LP file), ``assignment`` (groups of options, exactly one option per group,
  random linear and pairwise costs, minimised, canonical JSON) and ``production`` (integer
  quantities 0..3 and binary switches under a shared resource, a profit with pairwise discounts,
  canonical JSON);
- the families written as constrained models, in their own JSON, sized by qubits: ``numberpartition``
  (integers 1..100), ``graphpartition`` (G(n, 0.5), weights 1..5), ``setpacking`` (subsets of two or
  three elements), ``exactcover`` (a planted exact cover among random subsets) and ``setcover``
  (random subsets of one to four elements, redrawn until c2q's encoding of it, slack included, has
  ``n`` qubits: the draw uses c2q only to size the instance, never to judge it).

Each model is solved at every seed as a user would, ``c2q solve FILE --json --seed S`` in its own
process (the wall time is the whole process), one at a time. The judge is written here: every
assignment's energy, computed from the model as drawn (an indicator per term over all ``2**n``
assignments), never c2q's code; the returned assignment's energy is recomputed and compared with
the minimum. A constrained model is judged by enumerating its own variables' ranges (for
``assignment``, every choice of one option per group, which is its feasible set): the returned
assignment is checked against every constraint and its objective against the best feasible one.
A family's answer is judged in its own terms, against every choice enumerated with numpy.
The targets are the robust-solve issue's: optimal on every solve at up to 12
variables, on at least 98% up to 24.

    python benchmarks/models.py                          # both bands -> benchmarks/results/models/
    python benchmarks/models.py --bands small --seeds 1   # a smoke run
    python benchmarks/models.py --kinds knapsack          # one kind again; the other kinds' rows are kept
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import c2q_commit, last_line, run_process

ROOT = Path(__file__).resolve().parents[1]
C2Q = Path(sys.executable).parent / "c2q"
SEED = 3131
FAMILY_KINDS = ("numberpartition", "graphpartition", "setcover", "setpacking", "exactcover", "sk", "binpacking")
KINDS = ("qubo", "ising", "hubo", "knapsack", "assignment", "production", *FAMILY_KINDS)
BANDS = {"small": (4, 6, 8, 10, 12), "large": (16, 20, 24)}
TARGETS = {"small": 1.0, "large": 0.98}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bands", nargs="+", choices=list(BANDS), default=list(BANDS))
    p.add_argument("--seeds", type=int, nargs="+", help="default: 1-5 (small), 1-3 (large)")
    p.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    p.add_argument("--instances", type=int, default=2, help="models per kind and size")
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--algorithm", default="auto", help="c2q's --algorithm (default: auto, the published table's)")
    p.add_argument(
        "--generator-seed", type=int, default=SEED, help=f"draw other models (default {SEED}, the published table's)"
    )
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "models")
    return p.parse_args()


# ---- drawing models: (the model as written, its file suffix, the judge) ------------------------------
def draw(kind: str, n: int, j: int, rng: np.random.Generator) -> tuple[dict[str, Any] | str, str, Any]:
    if kind in CONSTRAINED:
        return CONSTRAINED[kind](n, rng)
    if kind in FAMILY_KINDS:
        spec = draw_family(kind, n, rng)
        return spec, ".json", FamilyJudge(spec)
    if kind == "qubo":
        q = np.triu(rng.integers(-10, 11, (n, n)) * (rng.random((n, n)) < 0.5))
        terms = [([i], float(q[i, i])) for i in range(n) if q[i, i]]
        terms += [([i, k], float(q[i, k])) for i in range(n) for k in range(i + 1, n) if q[i, k]]
        if j % 2 == 0:
            spec: dict[str, Any] = {"family": "qubo", "matrix": q.tolist()}
        else:
            spec = {"family": "qubo", "coefficients": {str(tuple(v)): c for v, c in terms}}
        return spec, ".json", EnergyJudge({"vartype": "binary", "n": n, "terms": terms, "offset": 0.0}, spec)
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
        return spec, ".json", EnergyJudge({"vartype": "spin", "n": n, "terms": terms, "offset": 0.0}, spec)
    # hubo: a sparse QUBO plus n cubic terms
    terms = [([i], float(rng.integers(-5, 6))) for i in range(n)]
    terms += [([i, k], float(rng.integers(-5, 6))) for i in range(n) for k in range(i + 1, n) if rng.random() < 0.2]
    terms += [(sorted(rng.choice(n, 3, replace=False).tolist()), float(rng.integers(-5, 6))) for _ in range(n)]
    names = [f"x{i}" for i in range(n)]
    spec = {"family": "hubo", "variables": names, "terms": [[[names[i] for i in v], c] for v, c in terms]}
    return spec, ".json", EnergyJudge({"vartype": "binary", "n": n, "terms": terms, "offset": 0.0}, spec)


def bits(span: int) -> int:
    """Qubits of an integer with ``span + 1`` values (or a slack up to ``span``), as c2q writes it."""
    return int(np.log2(span)) + 1


def draw_knapsack(n: int, rng: np.random.Generator) -> tuple[str, str, Any]:
    """``m`` items and a capacity whose slack takes the other ``n - m`` qubits; written as LP."""
    slack = max(2, n // 3)
    m = n - slack
    capacity = int(rng.integers(2 ** (slack - 1), 2**slack))
    weights = rng.integers(1, max(2, 4 * capacity // m) + 1, m)
    values = rng.integers(1, 10, m)
    names = [f"item{i}" for i in range(m)]
    text = "\\ a knapsack drawn by benchmarks/models.py\nMaximize\n value: "
    text += " + ".join(f"{v} {x}" for v, x in zip(values, names, strict=True))
    text += "\nSubject To\n capacity: " + " + ".join(f"{w} {x}" for w, x in zip(weights, names, strict=True))
    text += f" <= {capacity}\nBinary\n " + " ".join(names) + "\nEnd\n"
    judge = ConstrainedJudge(
        "max",
        [(x, 0, 1) for x in names],
        dict(zip(names, values.tolist(), strict=True)),
        [],
        [(dict(zip(names, weights.tolist(), strict=True)), "<=", capacity)],
    )
    return text, ".lp", judge


def draw_assignment(n: int, rng: np.random.Generator) -> tuple[dict[str, Any], str, Any]:
    """``g`` groups of ``k`` options (``g k = n``), exactly one per group; linear and pairwise costs."""
    k = next(k for k in (4, 3, 5, 2, 6) if n % k == 0 and n // k >= 2)
    g = n // k
    names = [[f"g{a}_o{b}" for b in range(k)] for a in range(g)]
    flat = [x for group in names for x in group]
    linear = {x: int(rng.integers(0, 10)) for x in flat}
    quadratic = [
        [u, v, int(rng.integers(1, 10))]
        for a in range(g)
        for c in range(a + 1, g)
        for u in names[a]
        for v in names[c]
        if rng.random() < 0.5
    ]
    constraints = [
        {"name": f"one_g{a}", "linear": dict.fromkeys(group, 1), "relation": "==", "rhs": 1}
        for a, group in enumerate(names)
    ]
    spec = {"family": "model", "objective": {"linear": linear, "quadratic": quadratic}, "constraints": constraints}
    choices = [dict.fromkeys(flat, 0) | {names[a][pick[a]]: 1 for a in range(g)} for pick in np.ndindex(*([k] * g))]
    judge = ConstrainedJudge(
        "min",
        [(x, 0, 1) for x in flat],
        linear,
        [(u, v, c) for u, v, c in quadratic],
        [(c["linear"], "==", 1) for c in constraints],
        candidates=choices,
    )
    return spec, ".json", judge


def draw_production(n: int, rng: np.random.Generator) -> tuple[dict[str, Any], str, Any]:
    """Integers 0..3 (two qubits each) and binary switches under one resource whose slack takes 2-3 qubits."""
    slack = 2 if n < 10 else 3
    integers = (n - slack) // 2 - (n - slack) // 6
    switches = n - slack - 2 * integers
    variables = [(f"q{i}", 0, 3) for i in range(integers)] + [(f"s{i}", 0, 1) for i in range(switches)]
    names = [x for x, _, _ in variables]
    capacity = int(rng.integers(2 ** (slack - 1), 2**slack))
    use = {x: int(rng.integers(1, 4)) for x in names}
    linear = {x: int(rng.integers(1, 8)) for x in names}
    quadratic = [
        [u, v, -int(rng.integers(1, 4))] for a, u in enumerate(names) for v in names[a + 1 :] if rng.random() < 0.3
    ]
    spec = {
        "family": "model",
        "sense": "max",
        "variables": [{"name": x, "type": "integer", "upper": 3} if hi == 3 else {"name": x} for x, _, hi in variables],
        "objective": {"linear": linear, "quadratic": quadratic},
        "constraints": [{"name": "resource", "linear": use, "relation": "<=", "rhs": capacity}],
    }
    judge = ConstrainedJudge("max", variables, linear, [tuple(t) for t in quadratic], [(use, "<=", capacity)])
    return spec, ".json", judge


CONSTRAINED = {"knapsack": draw_knapsack, "assignment": draw_assignment, "production": draw_production}


def draw_family(family: str, n: int, rng: np.random.Generator) -> dict[str, Any]:
    """An instance of one of the families written as constrained models, with ``n`` qubits."""
    if family == "numberpartition":
        return {"family": family, "numbers": rng.integers(1, 101, n).tolist()}
    if family == "binpacking":

        def packing() -> dict[str, Any]:
            capacity = int(rng.integers(2, 10))
            weights = rng.integers(1, capacity + 1, int(rng.integers(1, 7))).tolist()
            return {"family": family, "weights": weights, "capacity": capacity}

        return with_qubits(n, packing)
    if family == "sk":  # +-1 couplings on every pair, written out (the judge never sees c2q's own draw)
        couplings = np.zeros((n, n), dtype=int)
        rows, cols = np.triu_indices(n, 1)
        couplings[rows, cols] = couplings[cols, rows] = rng.choice([-1, 1], len(rows))
        return {"family": family, "couplings": couplings.tolist()}
    if family == "graphpartition":
        pairs = [(u, v) for u in range(n) for v in range(u + 1, n) if rng.random() < 0.5]
        return {"family": family, "graph": {"nodes": n, "edges": [[u, v, int(rng.integers(1, 6))] for u, v in pairs]}}
    universe = max(3, n // 2)
    if family == "setpacking":
        subsets = [sorted(rng.choice(universe, int(rng.integers(2, 4)), replace=False).tolist()) for _ in range(n)]
        return {"family": family, "subsets": subsets, "weights": rng.integers(1, 6, n).tolist()}
    if family == "exactcover":
        order = rng.permutation(universe).tolist()
        cuts = sorted(rng.choice(range(1, universe), min(universe - 1, n // 3), replace=False).tolist())
        planted = [order[a:b] for a, b in zip([0, *cuts], [*cuts, universe], strict=True)]
        extra = [sorted(rng.choice(universe, int(rng.integers(1, 4)), replace=False).tolist()) for _ in range(n)]
        subsets = [sorted(s) for s in planted] + extra[: n - len(planted)]
        return {"family": family, "subsets": [subsets[i] for i in rng.permutation(n)]}

    def cover() -> dict[str, Any] | None:
        m = int(rng.integers(max(2, n // 2), n + 1))
        sizes = rng.integers(1, min(5, universe + 1), m)
        subsets = [sorted(rng.choice(universe, int(k), replace=False).tolist()) for k in sizes]
        if len({e for s in subsets for e in s}) < universe:
            return None
        return {"family": family, "subsets": subsets, "weights": rng.integers(1, 6, m).tolist()}

    return with_qubits(n, cover)


def with_qubits(n: int, draw_one: Callable[[], dict[str, Any] | None]) -> dict[str, Any]:
    """The first of up to 1000 draws (``None``: a draw to skip) whose c2q slack encoding has ``n``
    qubits: c2q sizes the instance, it never judges it."""
    from c2q.spec import build_problem, load_spec

    for _ in range(1000):
        spec = draw_one()
        if spec is not None and build_problem(load_spec(spec)).encoded_qubits("penalty") == n:
            return spec
    raise RuntimeError(f"no instance with {n} qubits drawn")


# ---- the judges ----------------------------------------------------------------------------------
def _assignments(n: int, start: int, size: int) -> np.ndarray:
    """Rows ``start .. start + size - 1`` of all ``2**n`` bit vectors (bit ``j`` of the row index in column ``j``)."""
    index = np.arange(start, min(start + size, 2**n))
    return ((index[:, None] >> np.arange(n)) & 1).astype(np.int64)


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


class EnergyJudge:
    """An unconstrained model: the minimum energy over all ``2**n`` assignments."""

    def __init__(self, model: dict[str, Any], spec: dict[str, Any]) -> None:
        self.model = model
        n = model["n"]
        self.names = [str(v) for v in (spec.get("variable_labels") or spec.get("variables") or range(n))]
        self.optimum = float(energies(model).min())

    def energy_of(self, assignment: list[int]) -> float:
        return self.model["offset"] + sum(
            c * float(np.prod([assignment[i] for i in v])) for v, c in self.model["terms"]
        )

    def __call__(self, result: dict[str, Any]) -> dict[str, Any]:
        answer = result.get("answer") or {}
        assignment = answer.get("assignment")
        if not assignment:
            return {"status": "no answer", "optimal": False}
        energy = self.energy_of([int(assignment[name]) for name in self.names])
        return {
            "status": "ok",
            "energy": energy,
            "optimal": abs(energy - self.optimum) <= 1e-6 * max(1.0, abs(self.optimum)),
            "claimed_energy_matches": abs(energy - float(answer.get("energy", np.nan))) <= 1e-6 * max(1.0, abs(energy)),
            "c2q_optimal": result.get("optimal"),
            "p_optimum": result.get("optimum_probability"),
            "qubits": (result.get("encoding") or {}).get("qubits"),
        }


def verdict(value: float, feasible: bool, optimum: float, result: dict[str, Any]) -> dict[str, Any]:
    """A judged answer of a constrained model or family: its objective against the enumerated optimum."""
    return {
        "status": "ok" if feasible else "infeasible answer",
        "energy": value,
        "optimal": feasible and abs(value - optimum) <= 1e-6 * max(1.0, abs(optimum)),
        "claimed_energy_matches": abs(value - float(result.get("objective", np.nan))) <= 1e-6 * max(1.0, abs(value)),
        "c2q_optimal": result.get("optimal"),
        "p_optimum": result.get("optimum_probability"),
        "qubits": (result.get("encoding") or {}).get("qubits"),
    }


class FamilyJudge:
    """A family's answer, in its own terms, against every choice (numpy, in blocks of choices)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        family = spec["family"]
        if family == "graphpartition":
            n = spec["graph"]["nodes"]
            sides = np.array([c for c in itertools.combinations(range(n), n // 2)])
            member = np.zeros((len(sides), n), dtype=bool)
            member[np.arange(len(sides))[:, None], sides] = True
            self.optimum = float(min(self.cut(member[k : k + 2**16]).min() for k in range(0, len(member), 2**16)))
            return
        if family == "binpacking":  # the fewest bins of any assignment of items to bins
            weights = spec["weights"]
            self.optimum = float(
                min(
                    len(set(bins))
                    for bins in itertools.product(range(len(weights)), repeat=len(weights))
                    if all(
                        sum(w for w, b in zip(weights, bins, strict=True) if b == j) <= spec["capacity"]
                        for j in set(bins)
                    )
                )
            )
            return
        if family == "sk":
            n = len(spec["couplings"])
            self.optimum = float(
                min(self.spin_energy(1 - 2 * _assignments(n, k, 2**16)).min() for k in range(0, 2**n, 2**16))
            )
            return
        size = len(spec["numbers"]) if family == "numberpartition" else len(spec["subsets"])
        best = []
        for start in range(0, 2**size, 2**18):
            objective, feasible = self.score(_assignments(size, start, 2**18))
            if feasible.any():
                best.append(objective[feasible].max() if family == "setpacking" else objective[feasible].min())
        self.optimum = float(max(best) if family == "setpacking" else min(best))

    def spin_energy(self, spins: np.ndarray) -> np.ndarray:
        """``(1 / sqrt(n)) sum_{i<j} J_ij s_i s_j`` of each row of spins."""
        upper = np.triu(np.array(self.spec["couplings"], dtype=float), 1)
        return np.einsum("ai,ij,aj->a", spins, upper, spins) / np.sqrt(len(upper))

    def cut(self, member: np.ndarray) -> np.ndarray:
        """Weight of the edges between the sides, one row of node membership per choice."""
        return sum(w * (member[:, u] != member[:, v]) for u, v, w in self.spec["graph"]["edges"])

    def score(self, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Objective and feasibility of each row of choices (number side, or subset chosen)."""
        family = self.spec["family"]
        if family == "numberpartition":
            numbers = np.array(self.spec["numbers"])
            return np.abs(bits @ numbers - (1 - bits) @ numbers), np.ones(len(bits), dtype=bool)
        subsets = self.spec["subsets"]
        weights = np.array(self.spec.get("weights") or [1] * len(subsets))
        universe = sorted({e for s in subsets for e in s})
        holds = np.array([[e in s for e in universe] for s in subsets], dtype=np.int64)
        counts = bits @ holds
        rule = {"setcover": counts >= 1, "setpacking": counts <= 1, "exactcover": counts == 1}[family]
        return bits @ weights, rule.all(axis=1)

    def __call__(self, result: dict[str, Any]) -> dict[str, Any]:
        answer = result.get("answer") or {}
        family = self.spec["family"]
        if family == "graphpartition" and answer.get("partition"):
            first, second = answer["partition"]
            n = self.spec["graph"]["nodes"]
            member = np.zeros((1, n), dtype=bool)
            member[0, second] = True
            balanced = sorted(first + second) == list(range(n)) and abs(len(first) - len(second)) <= 1
            value, feasible = float(self.cut(member)[0]), balanced
        elif family == "numberpartition" and answer.get("groups"):
            bits = np.zeros((1, len(self.spec["numbers"])), dtype=np.int64)
            bits[0, answer["groups"][1]] = 1
            objective, ok = self.score(bits)
            split = sorted(answer["groups"][0] + answer["groups"][1]) == list(range(len(self.spec["numbers"])))
            value, feasible = float(objective[0]), bool(ok[0]) and split
        elif family == "binpacking" and answer.get("bins") is not None:
            packed = [items for items in answer["bins"] if items]
            every = sorted(i for items in packed for i in items) == list(range(len(self.spec["weights"])))
            fits = all(sum(self.spec["weights"][i] for i in items) <= self.spec["capacity"] for items in packed)
            value, feasible = float(len(packed)), every and fits
        elif family == "sk" and answer.get("spins"):
            spins = np.array([answer["spins"]], dtype=float)
            feasible = spins.shape[1] == len(self.spec["couplings"]) and bool(np.isin(spins, (-1, 1)).all())
            value = float(self.spin_energy(spins)[0]) if feasible else float("inf")
        elif answer.get("subsets") is not None:
            bits = np.zeros((1, len(self.spec["subsets"])), dtype=np.int64)
            bits[0, answer["subsets"]] = 1
            objective, ok = self.score(bits)
            value, feasible = float(objective[0]), bool(ok[0])
        else:
            return {"status": "no answer", "optimal": False}
        return verdict(value, feasible, self.optimum, result)


class ConstrainedJudge:
    """A constrained model: the best objective over every assignment in the variables' ranges (or over
    ``candidates``, when they are the feasible set) that meets every constraint."""

    def __init__(
        self,
        sense: str,
        variables: list[tuple[str, int, int]],
        linear: dict[str, float],
        quadratic: list[tuple[str, str, float]],
        constraints: list[tuple[dict[str, float], str, float]],
        candidates: list[dict[str, int]] | None = None,
    ) -> None:
        self.sense, self.variables, self.linear, self.quadratic = sense, variables, linear, quadratic
        self.constraints = constraints
        names = [x for x, _, _ in variables]
        pool = candidates or (
            dict(zip(names, values, strict=True))
            for values in itertools.product(*(range(lo, hi + 1) for _, lo, hi in variables))
        )
        scores = [self.objective(a) for a in pool if self.feasible(a)]
        self.optimum = max(scores) if sense == "max" else min(scores)

    def objective(self, a: dict[str, int]) -> float:
        return sum(c * a[x] for x, c in self.linear.items()) + sum(c * a[u] * a[v] for u, v, c in self.quadratic)

    def feasible(self, a: dict[str, int]) -> bool:
        if not all(lo <= a[x] <= hi for x, lo, hi in self.variables):
            return False
        for terms, relation, rhs in self.constraints:
            lhs = sum(c * a[x] for x, c in terms.items())
            if not (lhs <= rhs if relation == "<=" else lhs >= rhs if relation == ">=" else lhs == rhs):
                return False
        return True

    def __call__(self, result: dict[str, Any]) -> dict[str, Any]:
        assignment = (result.get("answer") or {}).get("assignment")
        if not assignment:
            return {"status": "no answer", "optimal": False}
        a = {x: int(assignment[x]) for x, _, _ in self.variables}
        value = self.objective(a)
        feasible = self.feasible(a)
        return verdict(value, feasible, self.optimum, result)


def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    solve = [str(C2Q), "solve", "--json", "--algorithm", args.algorithm]
    commit = c2q_commit()
    with tempfile.TemporaryDirectory(prefix="c2q-models-") as tmp:
        for band in args.bands:
            seeds = args.seeds or ([1, 2, 3, 4, 5] if band == "small" else [1, 2, 3])
            for n in BANDS[band]:
                for kind in args.kinds:
                    for j in range(args.instances):
                        rng = np.random.default_rng([args.generator_seed, n, KINDS.index(kind), j])
                        written, suffix, judge = draw(kind, n, j, rng)
                        path = Path(tmp) / f"{kind}_{n}_{j}{suffix}"
                        path.write_text(written if isinstance(written, str) else json.dumps(written))
                        for seed in seeds:
                            run = run_process([*solve, path.as_posix(), "--seed", str(seed)], args.timeout)
                            row = {"band": band, "kind": kind, "n": n, "instance": j, "seed": seed, "c2q": commit}
                            row["optimum"] = judge.optimum
                            if run["timed_out"]:
                                row |= {"status": "timeout", "optimal": False, "wall_s": run["wall_s"]}
                            elif run["code"] not in (0, 1):
                                row |= {
                                    "status": f"exit {run['code']}",
                                    "optimal": False,
                                    "error": last_line(run["stderr"]),
                                }
                            else:
                                row |= judge(json.loads(run["stdout"]))
                                row["wall_s"] = run["wall_s"]
                            rows.append(row)
                            print(json.dumps(row), flush=True)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": args.generator_seed,
        "algorithm": args.algorithm,
    }
    rows = kept_rows(args.out / "rows.json", {(r["band"], r["kind"]) for r in rows}, meta) + rows
    (args.out / "rows.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    (args.out / "summary.md").write_text(summary(rows, meta))
    print(f"wrote {args.out / 'summary.md'}")


def kept_rows(path: Path, rerun: set[tuple[str, str]], meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of an earlier run (same generator seed and algorithm) for the bands and kinds not run again now."""
    if not path.is_file():
        return []
    earlier = json.loads(path.read_text())
    if (earlier["meta"]["seed"], earlier["meta"].get("algorithm", "auto")) != (meta["seed"], meta["algorithm"]):
        return []
    return [r for r in earlier["rows"] if (r["band"], r["kind"]) not in rerun]


def measured_at(rows: list[dict[str, Any]]) -> str:
    """Which c2q commit measured which bands and kinds (a run keeps the earlier rows of what it did not rerun)."""
    groups: dict[str, list[str]] = {}
    for band, kind, commit in dict.fromkeys((r["band"], r["kind"], r.get("c2q", "an earlier commit")) for r in rows):
        groups.setdefault(commit, []).append(f"{band} {kind}")
    return "c2q as measured: " + "; ".join(f"{commit}: {', '.join(which)}" for commit, which in groups.items()) + "."


def summary(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# Your own model: QUBO, Ising, higher-order and constrained models",
        "",
        f"`python benchmarks/models.py` ({meta['date'][:10]}, generator seed {meta['seed']}, drawn for this "
        "benchmark and not looked at while choosing c2q's defaults). Whole `c2q solve FILE --json --seed S` "
        "processes, one at a time; every answer judged by enumerating all assignments in the benchmark's own code. "
        f"{measured_at(rows)} "
        "Constrained models are sized by their qubits in c2q's slack encoding (integer bits and inequality slack "
        "included); past 18 of them c2q drops the slack where that is narrower (the `unbalanced` encoding), "
        "and `qubits run` gives the widths solved.",
        "",
        "| band | kind (written as) | variables | qubits run | solves | optimal | median P(opt) | worst P(opt) "
        "| median s | max s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    written = {
        "qubo": "QUBO matrix / coefficient dict",
        "ising": "SK spin glass, dimod BQM",
        "hubo": "cubic HUBO, canonical",
        "knapsack": "constrained, LP file",
        "assignment": "one-hot equalities, canonical",
        "production": "integers + inequality, canonical",
        "numberpartition": "family JSON",
        "graphpartition": "family JSON, G(n, 0.5)",
        "setcover": "family JSON",
        "setpacking": "family JSON",
        "exactcover": "family JSON, planted cover",
        "sk": "family JSON, +-1 couplings",
        "binpacking": "family JSON",
    }
    for band in BANDS:
        for kind in (*KINDS, "all"):
            part = [r for r in rows if r["band"] == band and (kind == "all" or r["kind"] == kind)]
            if not part:
                continue
            probabilities = [r["p_optimum"] for r in part if r.get("p_optimum") is not None]
            walls = [r["wall_s"] for r in part if r.get("wall_s") is not None]
            sizes = sorted({r["n"] for r in part})
            widths = sorted({r["qubits"] for r in part if r.get("qubits") is not None})
            label = "**all**" if kind == "all" else f"{kind} ({written[kind]})"
            optimal = sum(r["optimal"] for r in part)
            lines.append(
                f"| {band} | {label} | {sizes[0]}-{sizes[-1]} | {f'{widths[0]}-{widths[-1]}' if widths else '-'} "
                f"| {len(part)} "
                f"| {optimal}/{len(part)} "
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
