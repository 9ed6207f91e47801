"""Generalisation benchmark: c2q's default solve on freshly generated instances, judged independently.

Instances come from ``benchmarks/instances.py`` (fixed generator seed, both C2|Q> formats and the
canonical one, never the bundled files), in two size bands: ``c2q`` (C2|Q> sizes) and ``large``
(up to 24 binary variables after encoding). Each instance is solved at every seed as a user
would, ``c2q solve FILE --json --seed S`` in its own process (the wall time is the whole process,
start-up included), ``--workers`` at a time, each pinned to its own core (``--no-pin``: as started).

Every answer is judged here, by an exact classical reference written from the problem definition,
never c2q's code: max cut by brute force over all partitions (vectorised); maximum independent set,
minimum vertex cover and maximum clique by brute force over all node subsets (tables of feasible
subsets built node by node); k-colouring conflicts over all colourings and the chromatic number;
the shortest tour by Held-Karp dynamic programming; Python integers for add/sub/mul; trial
division for factor. The answer itself is checked (the cut value of the returned partition, the
tour's length, the set's independence...), not c2q's ``optimal`` flag; where that flag, c2q's
``classical_optimum`` or the objective c2q claims disagrees with the judge, the row says so.

A result with a ``raw`` section (or ``postprocessing.raw``) has its raw quantum answer judged as
well; without one the answer is taken as the raw answer (``raw_source`` says which). The issue's
targets count the raw answer.

Writes to ``--out``: ``specs/`` (the instances and their manifest), ``references.json``,
``rows.jsonl`` (appended as solves finish; ``--resume`` keeps it), ``rows.json`` / ``rows.csv``
(one row per solve), ``summary.json``, ``summary.md`` (per family and size band, per qubit band,
and the issue's targets) and ``robust.png`` (P(optimum) and seconds against qubits).

    python benchmarks/robust.py                                      # both bands, seeds 1-5
    python benchmarks/robust.py --bands c2q --instances 1 --seeds 1  # a smoke run
    # settings side by side, interleaved per (instance, seed):
    python benchmarks/robust.py --solve-args "" "--algorithm qaoa --reps 3" --out benchmarks/results/robust-qaoa
    python benchmarks/robust.py --report-only                        # rebuild the outputs from rows.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import platform
import queue
import shlex
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import instances as gen
from common import c2q_commit, last_line, run_process, save_figure, write_rows_csv
from instances import Instance

ROOT = Path(__file__).resolve().parents[1]
C2Q = Path(sys.executable).parent / "c2q"
DEFAULTS = "defaults"
#: what the summary keeps of a row where c2q disagrees with the judge
FLAG_FIELDS = ("instance", "seed", "setting", "status", "reason", "objective", "c2q_objective", "optimum")
FLAG_FIELDS += ("classical_optimum", "c2q_optimal", "correct")
#: the targets of issue 22 for each size band, on the raw quantum answer
TARGETS = {
    "c2q": {"optimal_rate": 1.0, "median_wall_s": 1.5, "max_wall_s": 10.0},
    "large": {"optimal_rate": 0.98, "median_p_optimum": 0.3, "max_wall_s": 30.0},
}


@dataclass
class Args:
    """What to generate, how to solve it and where to write (``--help`` for the command line)."""

    families: tuple[str, ...] = gen.FAMILIES
    """families to generate"""
    bands: tuple[str, ...] = gen.BANDS
    """size bands: c2q (C2|Q> sizes), large (up to 24 binary variables)"""
    instances: int = 3
    """instances per (family, size)"""
    sizes: tuple[int, ...] | None = None
    """sizes for every family instead of each band's (the band then follows from the size)"""
    formats: tuple[str, ...] = gen.FORMATS
    """spec formats, taken in turn"""
    gen_seed: int = gen.DEFAULT_SEED
    """instance generator seed"""
    seeds: tuple[int, ...] = (1, 2, 3, 4, 5)
    """c2q solve --seed values; every instance is solved at each"""
    workers: int = 2
    """solves at a time (one per core)"""
    pin: bool = True
    """pin each worker's solves to its own core"""
    timeout: float = 120.0
    """seconds per solve; a solve past it is killed and counts as a miss"""
    solve_args: tuple[str, ...] = ("",)
    """extra arguments for every solve, one string per setting (several: compared side by side)"""
    specs: Path | None = None
    """solve the instances of a folder written by instances.py instead of generating them"""
    out: Path = ROOT / "benchmarks" / "results" / "robust"
    """output folder"""
    resume: bool = False
    """keep rows.jsonl and skip the solves it holds"""
    report_only: bool = False
    """rebuild the outputs from rows.jsonl"""


def parse_args(argv: list[str] | None = None) -> Args:
    """Command-line arguments."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--families", nargs="+", choices=gen.FAMILIES, default=list(Args.families))
    p.add_argument("--bands", nargs="+", choices=(*gen.BANDS, "beyond"), default=list(Args.bands))
    p.add_argument("--instances", type=int, default=Args.instances, help="instances per (family, size)")
    p.add_argument("--sizes", nargs="+", type=int, help="sizes for every family (nodes, cities, bits)")
    p.add_argument("--formats", nargs="+", choices=gen.FORMATS, default=list(Args.formats))
    p.add_argument("--gen-seed", type=int, default=Args.gen_seed, help="instance generator seed")
    p.add_argument("--seeds", nargs="+", type=int, default=list(Args.seeds))
    p.add_argument("--workers", type=int, default=Args.workers, help="solves at a time (one per core)")
    p.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin each worker to a core")
    p.add_argument("--timeout", type=float, default=Args.timeout, help="seconds per solve (a miss past it)")
    p.add_argument(
        "--solve-args",
        nargs="+",
        default=list(Args.solve_args),
        help='extra c2q solve arguments, one quoted string per setting, e.g. --solve-args "" '
        '"--algorithm qaoa --reps 3" (a single option without a space: --solve-args=--reps=3)',
    )
    p.add_argument("--specs", type=Path, help="a folder written by instances.py (its manifest.json)")
    p.add_argument("--out", type=Path, default=Args.out)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--report-only", action="store_true")
    ns = p.parse_args(argv)
    if ns.workers < 1:
        p.error("--workers must be at least 1")
    if ns.specs is not None and not (ns.specs / "manifest.json").is_file():
        p.error(f"--specs {ns.specs}: no manifest.json (write the folder with benchmarks/instances.py)")
    if ns.report_only and not (ns.out / "rows.jsonl").is_file():
        p.error(f"--report-only: no rows.jsonl in {ns.out} (run the benchmark first)")
    return Args(
        families=tuple(ns.families),
        bands=tuple(ns.bands),
        instances=ns.instances,
        sizes=tuple(ns.sizes) if ns.sizes else None,
        formats=tuple(ns.formats),
        gen_seed=ns.gen_seed,
        seeds=tuple(ns.seeds),
        workers=ns.workers,
        pin=ns.pin,
        timeout=ns.timeout,
        solve_args=tuple(ns.solve_args),
        specs=ns.specs,
        out=ns.out,
        resume=ns.resume,
        report_only=ns.report_only,
    )


# ---------------------------------------------------------------- exact references (the judge)
@dataclass
class Reference:
    """The exact optimum of an instance, in c2q's objective terms.

    :param optimum: max cut value; independent set, vertex cover or maximum clique size; least
        conflicting weight (k given) or chromatic number (no k); shortest tour; the exact integer
        result; factor: 0 (the residual ``|n - p q|`` of a factorisation).
    :param facts: what else an answer is judged on: ``exists`` (clique of size k), ``factor``
        (smallest prime factor, ``None`` for a prime or n < 4).
    :param seconds: time to compute it.
    """

    optimum: float
    facts: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Verdict:
    """A judged answer: whether it is right, its objective recomputed from the answer, why."""

    correct: bool
    objective: float | None
    reason: str
    #: whether the values the answer states about itself (cut_value, size, cost...) are true
    claims_agree: bool = True


def _edges(problem: dict[str, Any]) -> list[tuple[int, int, float]]:
    return [(int(e[0]), int(e[1]), float(e[2]) if len(e) == 3 else 1.0) for e in problem["graph"]["edges"]]


def _all_spins(m: int) -> np.ndarray:
    """Every vector of ``m`` spins ``+-1``, one per row (``2**m`` rows)."""
    index = np.arange(1 << m, dtype=np.int64)
    return 1.0 - 2.0 * ((index[:, None] >> np.arange(m)) & 1)


def max_cut(n: int, edges: Sequence[tuple[int, int, float]]) -> float:
    """Largest cut weight over all ``2**(n-1)`` partitions (node ``n-1`` fixed on one side).

    With spins ``s = +-1``, ``cut = (W - sum_edges w s_u s_v) / 2`` and that sum is ``s^T A s / 2``
    for the symmetric weight matrix ``A``. Splitting the nodes into a low half ``x`` and a high half
    ``y``, ``s^T A s = x^T A_xx x + y^T A_yy y + 2 x^T A_xy y``: evaluated for every pair of halves
    at once, as a matrix (in blocks of the high half).
    """
    a = np.zeros((n, n))
    for u, v, w in edges:
        a[u, v] += w
        a[v, u] += w
    total, h = sum(w for _, _, w in edges), n // 2
    low = _all_spins(h)
    high = np.hstack([_all_spins(n - h - 1), np.ones((1 << (n - h - 1), 1))])
    low_energy = np.einsum("ij,ij->i", low @ a[:h, :h], low)
    high_energy = np.einsum("ij,ij->i", high @ a[h:, h:], high)
    cross = low @ a[:h, h:]
    block, least = max(1, (1 << 22) >> h), math.inf
    for start in range(0, len(high), block):
        part = slice(start, start + block)
        energy = low_energy[:, None] + high_energy[None, part] + 2.0 * cross @ high[part].T
        least = min(least, float(energy.min()))
    return (total - least / 2) / 2


def best_subset(n: int, edges: Sequence[tuple[int, int, float]], rule: str) -> int:
    """Largest independent set or clique, or smallest vertex cover, over all ``2**n`` node subsets.

    ``ok[S]`` (bit ``v`` of ``S`` set: node ``v`` chosen) says whether ``S`` is feasible; it is built
    for the nodes ``0..v-1`` first, then extended by node ``v``: a subset with ``v`` is independent
    when ``v`` has no chosen neighbour, a clique when every chosen node is a neighbour of ``v``; a
    subset without ``v`` covers the new edges when every neighbour of ``v`` is chosen.

    :param rule: ``independent``, ``clique`` or ``cover``.
    """
    low = [0] * n  # neighbours of v with a smaller index, as a bit mask
    for u, v, _ in edges:
        low[max(u, v)] |= 1 << min(u, v)
    ok = np.ones(1, dtype=bool)
    for v in range(n):
        subsets, mask = np.arange(1 << v, dtype=np.int64), low[v]
        if rule == "independent":
            without, with_v = ok, ok & ((subsets & mask) == 0)
        elif rule == "clique":
            without, with_v = ok, ok & ((subsets & ~mask) == 0)
        elif rule == "cover":
            without, with_v = ok & ((subsets & mask) == mask), ok
        else:
            raise ValueError(f"unknown rule {rule!r}")
        ok = np.concatenate([without, with_v])
    sizes = np.bitwise_count(np.arange(1 << n, dtype=np.uint32))[ok]
    return int(sizes.min() if rule == "cover" else sizes.max())


def min_conflicts(n: int, edges: Sequence[tuple[int, int, float]], k: int, stop_at_zero: bool = False) -> float:
    """Least weight of monochromatic edges over all colourings with ``k`` colours (node 0 gets
    colour 0: renaming colours changes no conflict), in chunks; ``stop_at_zero``: stop at the first
    proper colouring."""
    free = n - 1
    total, powers = k**free, k ** np.arange(free, dtype=np.int64)
    chunk, best = min(total, 1 << 18), math.inf
    for start in range(0, total, chunk):
        index = np.arange(start, min(start + chunk, total), dtype=np.int64)
        colours = np.zeros((len(index), n), dtype=np.int64)
        colours[:, 1:] = (index[:, None] // powers) % k
        conflicts = np.zeros(len(index))
        for u, v, w in edges:
            conflicts += w * (colours[:, u] == colours[:, v])
        best = min(best, float(conflicts.min()))
        if stop_at_zero and best == 0:
            break
    return best


def chromatic_number(n: int, edges: Sequence[tuple[int, int, float]]) -> int:
    """Fewest colours of a proper colouring: the first ``k`` with a conflict-free colouring."""
    return next(k for k in range(1, n + 1) if min_conflicts(n, edges, k, stop_at_zero=True) == 0)


def shortest_tour(d: Sequence[Sequence[float]]) -> float:
    """Length of the shortest closed tour (Held & Karp 1962): ``best[S][j]`` is the shortest path
    from city 0 through exactly the cities of ``S`` (a bit mask over cities ``1..n-1``) ending at ``j``."""
    n = len(d)
    full = 1 << (n - 1)
    best = [[math.inf] * n for _ in range(full)]
    for j in range(1, n):
        best[1 << (j - 1)][j] = d[0][j]
    for visited in range(1, full):
        for j in range(1, n):
            cost = best[visited][j]
            if cost == math.inf or not visited >> (j - 1) & 1:
                continue
            for nxt in range(1, n):
                if not visited >> (nxt - 1) & 1:
                    extended = visited | 1 << (nxt - 1)
                    best[extended][nxt] = min(best[extended][nxt], cost + d[j][nxt])
    return min(best[full - 1][j] + d[j][0] for j in range(1, n))


def smallest_factor(n: int) -> int | None:
    """Smallest prime factor of ``n`` by trial division; ``None`` when ``n`` is prime or below 4."""
    if n < 4:
        return None
    return next((p for p in range(2, math.isqrt(n) + 1) if n % p == 0), None)


def reference(problem: dict[str, Any]) -> Reference:
    """The exact optimum of a canonical problem (see :class:`Reference`)."""
    start = time.perf_counter()
    family = problem["family"]
    facts: dict[str, Any] = {}
    if family in gen.GRAPH_FAMILIES:
        n, edges = problem["graph"]["nodes"], _edges(problem)
        if family == "maxcut":
            optimum = max_cut(n, edges)
        elif family in ("mis", "vc", "clique"):
            optimum = best_subset(n, edges, {"mis": "independent", "vc": "cover", "clique": "clique"}[family])
            if family == "clique" and problem.get("k") is not None:
                facts["exists"] = optimum >= problem["k"]
        elif problem.get("k") is not None:
            optimum = min_conflicts(n, edges, problem["k"])
        else:
            optimum = chromatic_number(n, edges)
    elif family == "tsp":
        optimum = shortest_tour(problem["distance_matrix"])
    elif family in gen.ARITHMETIC_FAMILIES:
        a, b = problem["operands"]
        optimum = {"add": a + b, "sub": a - b, "mul": a * b}[family]
    elif family == "factor":
        facts["factor"] = smallest_factor(problem["n"])
        optimum = 0
    else:
        raise ValueError(f"no reference for family {family!r}")
    return Reference(float(optimum), facts, round(time.perf_counter() - start, 4))


def _nodes(value: Any, n: int) -> list[int]:
    """A list of distinct node indices ``0..n-1``, or ValueError."""
    nodes = [int(x) for x in value]
    if len(set(nodes)) != len(nodes) or any(not 0 <= x < n for x in nodes):
        raise ValueError(f"not distinct nodes of 0..{n - 1}: {value!r}")
    return nodes


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def judge(problem: dict[str, Any], ref: Reference, answer: dict[str, Any] | None) -> Verdict:
    """Whether ``answer`` (a c2q result's ``answer``) is right for ``problem``, from the answer itself."""
    if not isinstance(answer, dict):
        return Verdict(False, None, "no answer")
    try:
        return _judge(problem, ref, answer)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return Verdict(False, None, f"unreadable answer: {type(exc).__name__}: {exc}"[:200])


def _judge(problem: dict[str, Any], ref: Reference, answer: dict[str, Any]) -> Verdict:
    family, best = problem["family"], ref.optimum
    if family in gen.GRAPH_FAMILIES:
        return _judge_graph(problem, ref, answer)
    if family == "tsp":
        d, tour = problem["distance_matrix"], answer["tour"]
        if tour is None or sorted(int(c) for c in tour) != list(range(len(d))):
            return Verdict(False, None, f"not a tour through every city once: {tour!r}")
        cost = float(sum(d[a][b] for a, b in itertools.pairwise([*tour, tour[0]])))
        claim = answer.get("cost")
        return Verdict(_same(cost, best), cost, f"tour {cost:g}, optimum {best:g}", claim is None or _same(claim, cost))
    if family in gen.ARITHMETIC_FAMILIES:
        value = answer["result"]
        return Verdict(value == best, float(value), f"result {value}, exact {best:g}")
    n, smallest = problem["n"], ref.facts["factor"]
    factors = answer["factors"]
    if smallest is None:
        ok = factors is None
        return Verdict(ok, 0.0 if ok else None, f"{n} has no non-trivial factors; answer {factors!r}")
    if factors is None:
        return Verdict(False, None, f"answered no factors; {n} = {smallest} x {n // smallest}")
    p, q = (int(x) for x in factors)
    ok = p * q == n and 1 < p < n and 1 < q < n
    return Verdict(ok, float(abs(n - p * q)), f"{p} x {q} = {p * q}, n = {n}")


def _judge_graph(problem: dict[str, Any], ref: Reference, answer: dict[str, Any]) -> Verdict:
    family, best = problem["family"], ref.optimum
    n, edges = problem["graph"]["nodes"], _edges(problem)
    if family == "maxcut":
        side0, side1 = answer["partition"]
        left = set(_nodes(side0, n))
        if sorted([*left, *_nodes(side1, n)]) != list(range(n)):
            return Verdict(False, None, f"the partition does not split the {n} nodes: {answer['partition']!r}")
        cut = sum(w for u, v, w in edges if (u in left) != (v in left))
        claim = answer.get("cut_value")
        return Verdict(_same(cut, best), cut, f"cut {cut:g}, optimum {best:g}", claim is None or _same(claim, cut))
    if family in ("mis", "vc"):
        key = "independent_set" if family == "mis" else "vertex_cover"
        chosen = set(_nodes(answer[key], n))
        if family == "mis":
            bad = [(u, v) for u, v, _ in edges if u in chosen and v in chosen]
            what = "edges inside the set"
        else:
            bad = [(u, v) for u, v, _ in edges if u not in chosen and v not in chosen]
            what = "edges not covered"
        size, claim = len(chosen), answer.get("size")
        if bad:
            return Verdict(False, size, f"{len(bad)} {what}, e.g. {list(bad[0])}")
        return Verdict(size == best, size, f"size {size}, optimum {best:g}", claim is None or claim == size)
    if family == "clique":
        return _judge_clique(problem, ref, answer, n, edges)
    colours = [int(c) for c in answer["colouring"]]
    if len(colours) != n:
        return Verdict(False, None, f"{len(colours)} colours for {n} nodes")
    conflicts = sum(w for u, v, w in edges if colours[u] == colours[v])
    k, claim = problem.get("k"), answer.get("conflicts")
    agree = claim is None or _same(claim, conflicts)
    if k is not None:
        if any(not 0 <= c < k for c in colours):
            return Verdict(False, conflicts, f"a colour outside 0..{k - 1}: {colours}")
        return Verdict(_same(conflicts, best), conflicts, f"conflicts {conflicts:g}, least {best:g}", agree)
    used = len(set(colours))
    if conflicts:
        return Verdict(False, used, f"not proper: conflicting weight {conflicts:g}", agree)
    return Verdict(used == best, used, f"{used} colours, chromatic number {best:g}", agree)


def _judge_clique(
    problem: dict[str, Any], ref: Reference, answer: dict[str, Any], n: int, edges: list[tuple[int, int, float]]
) -> Verdict:
    adjacent = {(min(u, v), max(u, v)) for u, v, _ in edges}

    def is_clique(nodes: list[int]) -> bool:
        return all((min(a, b), max(a, b)) in adjacent for a, b in itertools.combinations(nodes, 2))

    best, nodes = ref.optimum, _nodes(answer["maximum_clique"], n)
    size = len(nodes)
    if not is_clique(nodes):
        return Verdict(False, size, f"maximum_clique {nodes} is not a clique")
    agree = answer.get("size") is None or answer["size"] == size
    if size != best:
        return Verdict(False, size, f"clique of {size}, maximum {best:g}", agree)
    k = problem.get("k")
    if k is None:
        return Verdict(True, size, f"clique of {size}, maximum {best:g}", agree)
    exists, chosen = ref.facts["exists"], answer.get("clique")
    if bool(answer.get("exists")) != exists:
        return Verdict(
            False, size, f"says a {k}-clique {'exists' if answer.get('exists') else 'does not'}; maximum {best:g}"
        )
    if exists and (chosen is None or len(_nodes(chosen, n)) != k or not is_clique(_nodes(chosen, n))):
        return Verdict(False, size, f"{chosen!r} is not a clique of size {k}")
    return Verdict(True, size, f"clique of {size}, maximum {best:g}; {k}-clique {'found' if exists else 'none'}", agree)


def row_of(instance: Instance, seed: int, setting: str, ref: Reference, run: dict[str, Any]) -> dict[str, Any]:
    """One judged solve: status ``ok`` (judged right), ``wrong``, ``error`` or ``timeout``."""
    row: dict[str, Any] = {
        "instance": instance.name,
        "family": instance.family,
        "band": instance.band,
        "size": instance.size,
        "format": instance.fmt,
        "seed": seed,
        "setting": setting or DEFAULTS,
        "expected_qubits": instance.qubits,
        "qubits": instance.qubits,
        "optimum": ref.optimum,
        "wall_s": run["wall_s"],
        "peak_mib": run.get("peak_mib"),
        "correct": False,
        "raw_correct": False,
        "params": json.dumps(instance.params, sort_keys=True),
    }
    if run["timed_out"]:
        row.update(status="timeout", reason=f"killed after {run['wall_s']:.0f} s")
    elif run["code"] != 0:
        row.update(status="error", error=last_line(run["stderr"]) or f"exit code {run['code']}")
    else:
        try:
            result = json.loads(run["stdout"])
        except json.JSONDecodeError as exc:
            result = None
            row.update(status="error", error=f"unreadable output: {exc}"[:300])
        if result is not None:
            row.update(judged_fields(instance, ref, result))
    row["qubit_band"] = gen.qubit_band(row["qubits"])
    return row


def judged_fields(instance: Instance, ref: Reference, result: dict[str, Any]) -> dict[str, Any]:
    """The row's fields from a c2q result: the judge's verdict beside what c2q says."""
    verdict = judge(instance.problem, ref, result.get("answer"))
    encoding, algorithm = result.get("encoding") or {}, result.get("algorithm") or {}
    c2q_optimum = result.get("classical_optimum")
    fields: dict[str, Any] = {
        "status": "ok" if verdict.correct else "wrong",
        "correct": verdict.correct,
        "reason": verdict.reason,
        "objective": verdict.objective,
        "c2q_objective": result.get("objective"),
        "c2q_optimal": result.get("optimal"),
        "classical_optimum": c2q_optimum,
        "optimum_agrees": None if c2q_optimum is None else _same(float(c2q_optimum), ref.optimum),
        "optimal_flag_agrees": result.get("optimal") == verdict.correct,
        "claims_agree": verdict.claims_agree
        and (verdict.objective is None or _same(_float(result.get("objective")), verdict.objective)),
        "optimum_probability": result.get("optimum_probability"),
        "algorithm": algorithm.get("name"),
        "encoding": encoding.get("name"),
        "method": (result.get("backend") or {}).get("method"),
        "c2q_total_s": (result.get("timings") or {}).get("total"),
        "warnings": " | ".join(result.get("warnings") or [])[:300],
        "answer": json.dumps(result.get("answer"))[:500],
    }
    if encoding.get("qubits"):
        fields["qubits"] = encoding["qubits"]
    fields.update(raw_fields(instance, ref, result, verdict))
    return fields


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def raw_fields(instance: Instance, ref: Reference, result: dict[str, Any], final: Verdict) -> dict[str, Any]:
    """The raw quantum answer beside the final one, when the result reports post-processing."""
    post = result.get("postprocessing")
    raw = result.get("raw")
    if raw is None and isinstance(post, dict):
        raw = post.get("raw")
    fields: dict[str, Any] = {"postprocessing": None if post is None else json.dumps(post)[:300]}
    if isinstance(raw, dict) and "answer" in raw:
        verdict = judge(instance.problem, ref, raw["answer"])
        return fields | {
            "raw_source": "raw section",
            "raw_correct": verdict.correct,
            "raw_objective": verdict.objective,
            "raw_optimum_probability": raw.get("optimum_probability"),
        }
    if isinstance(raw, dict):
        return fields | {
            "raw_source": "c2q's raw flag (no raw answer to judge)",
            "raw_correct": bool(raw.get("optimal")),
            "raw_objective": raw.get("objective"),
            "raw_optimum_probability": raw.get("optimum_probability"),
        }
    return fields | {
        "raw_source": "final (no raw section)",
        "raw_correct": final.correct,
        "raw_objective": final.objective,
        "raw_optimum_probability": result.get("optimum_probability"),
    }


# ---------------------------------------------------------------- the run
def main(argv: list[str] | None = None) -> int:
    """Generate (or read) the instances, solve and judge them, write the outputs."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows_path = args.out / "rows.jsonl"
    if not args.report_only:
        run_all(args, rows_path)
    write_outputs(args.out, read_rows(rows_path))
    return 0


def load_instances(args: Args) -> tuple[list[Instance], Path]:
    """The instances and the folder their specs are in (generated into ``out/specs`` unless ``--specs``)."""
    if args.specs is not None:
        return gen.read_folder(args.specs), args.specs
    found = gen.generate_set(args.families, args.bands, args.instances, args.gen_seed, args.formats, args.sizes)
    folder = args.out / "specs"
    gen.write_folder(found, folder)
    return found, folder


def run_meta(args: Args, instances: list[Instance]) -> dict[str, Any]:
    """How the run was made (kept in meta.json for ``--report-only``)."""
    cores = sorted(os.sched_getaffinity(0))
    seeds = sorted({i.params.get("generator_seed") for i in instances} - {None})
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "c2q_commit": c2q_commit(),
        "instances": len(instances),
        "seeds": list(args.seeds),
        "settings": [s or DEFAULTS for s in args.solve_args],
        "workers": args.workers,
        "pinned_cores": cores[: args.workers] if _pinning(args) else None,
        "timeout_s": args.timeout,
        # the seed the instances were drawn with (a --specs folder's own, from its manifest)
        "generator": {"seed": seeds[0] if len(seeds) == 1 else seeds, "specs": str(args.specs or "generated")},
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items()},
    }


def _pinning(args: Args) -> bool:
    return args.pin and args.workers <= len(os.sched_getaffinity(0))


def run_all(args: Args, rows_path: Path) -> None:
    """Solve every (instance, seed, setting) not yet in ``rows.jsonl``, ``--workers`` at a time."""
    env = dict(os.environ)
    found, folder = load_instances(args)
    if not found:
        raise SystemExit("robust.py: no instances for these families, bands and sizes")
    start = time.perf_counter()
    refs = {i.name: reference(i.problem) for i in found}
    print(f"{len(found)} instances; exact references in {time.perf_counter() - start:.1f} s")
    (args.out / "references.json").write_text(
        json.dumps({name: asdict(ref) for name, ref in refs.items()}, indent=1) + "\n"
    )
    (args.out / "meta.json").write_text(json.dumps(run_meta(args, found), indent=1) + "\n")
    if not args.resume:
        rows_path.unlink(missing_ok=True)
    done = {(r["instance"], r["seed"], r["setting"]) for r in read_rows(rows_path)}
    jobs = [
        (instance, seed, setting)
        for instance in found
        for seed in args.seeds
        for setting in args.solve_args
        if (instance.name, seed, setting or DEFAULTS) not in done
    ]
    cores: queue.Queue[int | None] = queue.Queue()
    for core in sorted(os.sched_getaffinity(0))[: args.workers] if _pinning(args) else [None] * args.workers:
        cores.put(core)
    lock, finished, stop, live = threading.Lock(), [0], threading.Event(), set()

    def solve(job: tuple[Instance, int, str]) -> None:
        instance, seed, setting = job
        command = [str(C2Q), "solve", str(folder / instance.relpath), "--json", "--seed", str(seed)]
        core = cores.get()
        try:
            run = run_process([*command, *shlex.split(setting)], args.timeout, env=env, core=core, live=live)
        finally:
            cores.put(core)
        if stop.is_set():
            return  # killed by an interrupt: not a result
        row = row_of(instance, seed, setting, refs[instance.name], run)
        with lock:
            with rows_path.open("a") as handle:
                handle.write(json.dumps(row) + "\n")
            finished[0] += 1
            label = f" [{row['setting']}]" if len(args.solve_args) > 1 else ""
            print(
                f"[{finished[0]}/{len(jobs)}] {instance.name} seed {seed}{label}: {row['status']} "
                f"{row['wall_s']:.2f} s {row.get('reason') or row.get('error', '')}",
                flush=True,
            )

    pool = ThreadPoolExecutor(max_workers=args.workers)
    try:
        list(pool.map(solve, jobs))
    except KeyboardInterrupt:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        for pid in list(live):
            with contextlib.suppress(OSError):
                os.killpg(pid, 9)
        raise SystemExit("robust.py: interrupted; the rows so far are in rows.jsonl (--resume goes on)") from None
    pool.shutdown()


def read_rows(rows_path: Path) -> list[dict[str, Any]]:
    """The rows written so far."""
    if not rows_path.exists():
        return []
    return [json.loads(line) for line in rows_path.read_text().splitlines() if line.strip()]


# ---------------------------------------------------------------- the figures
def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def group_stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of a group of rows. P(optimum) of a timeout or error counts as 0; a solve
    answered without sampling (a prime) has none and is left out of the P(optimum) figures."""
    solved = [r for r in rows if r["status"] in ("ok", "wrong")]
    probs = [r["optimum_probability"] for r in solved if r.get("optimum_probability") is not None]
    probs += [0.0] * (len(rows) - len(solved))
    raw_probs = [r["raw_optimum_probability"] for r in solved if r.get("raw_optimum_probability") is not None]
    raw_probs += [0.0] * (len(rows) - len(solved))
    walls = [r["wall_s"] for r in rows]
    qubits = [r["qubits"] for r in rows if r.get("qubits") is not None]
    return {
        "instances": len({r["instance"] for r in rows}),
        "pairs": len(rows),
        "optimal": sum(bool(r["correct"]) for r in rows),
        "optimal_rate": sum(bool(r["correct"]) for r in rows) / len(rows),
        "raw_optimal": sum(bool(r["raw_correct"]) for r in rows),
        "raw_optimal_rate": sum(bool(r["raw_correct"]) for r in rows) / len(rows),
        "postprocessed": sum(r.get("raw_source", "").startswith(("raw", "c2q")) for r in rows),
        "median_p_optimum": _median(probs),
        "worst_p_optimum": min(probs) if probs else None,
        "median_raw_p_optimum": _median(raw_probs),
        "median_wall_s": _median(walls),
        "max_wall_s": max(walls),
        "qubits": [min(qubits), max(qubits)] if qubits else None,
        "timeouts": sum(r["status"] == "timeout" for r in rows),
        "errors": sum(r["status"] == "error" for r in rows),
        "flag_disagreements": sum(r.get("optimal_flag_agrees") is False for r in rows),
        "optimum_disagreements": sum(r.get("optimum_agrees") is False for r in rows),
        "claim_disagreements": sum(r.get("claims_agree") is False for r in rows),
    }


def _groups(rows: list[dict[str, Any]], band_key: str, settings: list[str]) -> list[dict[str, Any]]:
    """Stats per (band, family, setting), families also together as ``all``; settings side by side
    in the order of ``settings`` (then any others the rows hold)."""
    families = {f: i for i, f in enumerate((*gen.FAMILIES, "all"))}
    bands = {b: i for i, b in enumerate((*gen.BANDS, "beyond", *(name for _, name in gen.QUBIT_BANDS), ">24"))}
    settings = list(dict.fromkeys([*settings, *(r["setting"] for r in rows)]))
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in rows:
        for family in (r["family"], "all"):
            groups.setdefault((str(r.get(band_key) or "-"), family, r["setting"]), []).append(r)

    def rank(key: tuple[str, str, str]) -> tuple[Any, ...]:
        band, family, setting = key
        return bands.get(band, len(bands)), band, families.get(family, -1), settings.index(setting)

    return [
        {band_key: band, "family": family, "setting": setting, **group_stats(group)}
        for (band, family, setting), group in sorted(groups.items(), key=lambda kv: rank(kv[0]))
    ]


def targets(by_band: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue 22's targets per setting and size band, on the raw answer (all families together)."""
    checks = []
    for g in by_band:
        if g["family"] != "all" or g["band"] not in TARGETS:
            continue
        goal = TARGETS[g["band"]]
        measured = {
            "optimal_rate": g["raw_optimal_rate"],
            "median_wall_s": g["median_wall_s"],
            "max_wall_s": g["max_wall_s"],
            "median_p_optimum": g["median_raw_p_optimum"],
        }
        for name, bound in goal.items():
            value = measured[name]
            met = value is not None and (
                value >= bound if name in ("optimal_rate", "median_p_optimum") else value <= bound
            )
            checks.append(
                {
                    "setting": g["setting"],
                    "band": g["band"],
                    "figure": name,
                    "target": bound,
                    "value": value,
                    "met": met,
                }
            )
    return checks


def summarise(rows: list[dict[str, Any]], settings: Sequence[str] = (DEFAULTS,)) -> dict[str, Any]:
    """Per (band, family, setting) and per (qubit band, family, setting), the targets, and the flags.

    :param settings: the order settings are shown in (the run's ``--solve-args``).
    """
    by_band = _groups(rows, "band", list(settings))
    flags = [
        {k: r.get(k) for k in FLAG_FIELDS}
        for r in rows
        if r.get("optimal_flag_agrees") is False or r.get("optimum_agrees") is False or r.get("claims_agree") is False
    ]
    return {
        "by_band": by_band,
        "by_qubits": _groups(rows, "qubit_band", list(settings)),
        "targets": targets(by_band),
        "flags": flags,
    }


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _table(groups: list[dict[str, Any]], first: str, settings: bool) -> list[str]:
    head = [first, "family", *(["setting"] if settings else []), "instances", "pairs", "optimal", "raw optimal"]
    head += ["median P(opt)", "worst P(opt)", "median s", "max s", "qubits", "timeouts", "errors", "flags"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for g in groups:
        name = f"**{g['family']}**" if g["family"] == "all" else g["family"]
        qubits = "-" if g["qubits"] is None else f"{g['qubits'][0]}-{g['qubits'][1]}"
        flags = g["flag_disagreements"] + g["optimum_disagreements"] + g["claim_disagreements"]
        cells = [g[first], name, *([g["setting"]] if settings else [])]
        cells += [g["instances"], g["pairs"], f"{g['optimal']}/{g['pairs']} ({g['optimal_rate']:.0%})"]
        cells += [
            f"{g['raw_optimal']}/{g['pairs']} ({g['raw_optimal_rate']:.0%})",
            _num(g["median_p_optimum"], 3),
            _num(g["worst_p_optimum"], 3),
        ]
        cells += [_num(g["median_wall_s"]), _num(g["max_wall_s"]), qubits, g["timeouts"], g["errors"], flags]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


def markdown(summary: dict[str, Any], meta: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """summary.md: the run, the two tables, the targets, the flags and the failures."""
    settings = len(meta.get("settings", [DEFAULTS])) > 1
    lines = [
        f"# Generalisation benchmark ({meta['date']})",
        "",
        f"c2q {meta['c2q_commit']}; {meta['instances']} generated instances (generator seed "
        f"{meta['generator']['seed']}), seeds {meta['seeds']}, {meta['workers']} solves at a time "
        f"({'pinned to cores ' + str(meta['pinned_cores']) if meta['pinned_cores'] else 'not pinned'}), "
        f"timeout {meta['timeout_s']:g} s per solve; {meta['machine']}. Settings (extra `c2q solve` "
        f"arguments): {', '.join(f'`{s}`' for s in meta['settings'])}.",
        "",
        "Optimal: the answer judged right by the benchmark's own exact reference (not c2q's flag); raw: "
        "the raw quantum answer where the result reports post-processing, else the answer itself. "
        "P(opt) is c2q's `optimum_probability` (0 for a timeout or error). Seconds: whole `c2q solve` "
        "process. Flags: c2q's `optimal`, `classical_optimum` or stated objective disagreeing with the judge.",
        "",
        "## Per family and size band",
        "",
        *_table(summary["by_band"], "band", settings),
        "",
        "## Per qubit band (binary variables of the encoding; circuit qubits for arithmetic and factoring)",
        "",
        *_table(summary["by_qubits"], "qubit_band", settings),
        "",
        "## Targets of issue 22 (raw answer, all families of a band)",
        "",
        "| " + ("setting | " if settings else "") + "band | figure | target | measured | met |",
        "|" + "---|" * (6 if settings else 5),
    ]
    for t in summary["targets"]:
        cells = ([t["setting"]] if settings else []) + [t["band"], t["figure"], t["target"], _num(t["value"], 3)]
        lines.append("| " + " | ".join(str(c) for c in cells) + f" | {'yes' if t['met'] else '**no**'} |")
    failures = [r for r in rows if r["status"] != "ok"]
    if summary["flags"]:
        lines += ["", f"## Disagreements with the judge ({len(summary['flags'])})", ""]
        lines += [
            f"- {f['instance']} seed {f['seed']}: judge {'right' if f['correct'] else 'wrong'} ({f['reason']}); "
            f"c2q optimal={f['c2q_optimal']}, objective {f['c2q_objective']} (judge {f['objective']}), "
            f"classical_optimum {f['classical_optimum']} (judge {f['optimum']})"
            for f in summary["flags"][:50]
        ]
    if failures:
        lines += ["", f"## Not optimal ({len(failures)})", ""]
        lines += [
            f"- {r['instance']} seed {r['seed']}" + (f" [{r['setting']}]" if settings else "") + f": {r['status']}, "
            f"{r.get('reason') or r.get('error', '')}"
            for r in failures[:100]
        ]
    return "\n".join(lines) + "\n"


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """P(optimum) and whole-process seconds against qubits, one colour per family; misses in red."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
    colours = dict(zip(gen.FAMILIES, plt.get_cmap("tab10").colors, strict=False))
    jitter = np.random.default_rng(0)
    for family in gen.FAMILIES:
        mine = [r for r in rows if r["family"] == family and r.get("qubits")]
        if not mine:
            continue
        x = np.array([r["qubits"] for r in mine]) + jitter.uniform(-0.25, 0.25, len(mine))
        p = [r.get("optimum_probability") or 0.0 for r in mine]
        left.scatter(x, p, s=14, color=colours[family], label=family, alpha=0.8)
        right.scatter(x, [r["wall_s"] for r in mine], s=14, color=colours[family], alpha=0.8)
        bad = [i for i, r in enumerate(mine) if r["status"] != "ok"]
        left.scatter(x[bad], [p[i] for i in bad], marker="x", s=40, color="red", linewidths=1)
        right.scatter(x[bad], [mine[i]["wall_s"] for i in bad], marker="x", s=40, color="red", linewidths=1)
    left.scatter([], [], marker="x", color="red", label="wrong / error / timeout")
    left.set(
        xlabel="qubits", ylabel="P(optimum) in the samples", ylim=(-0.03, 1.03), title="Probability of the optimum"
    )
    right.set(xlabel="qubits", ylabel="seconds (whole c2q solve process)", yscale="log", title="Time per solve")
    left.legend(fontsize=7, ncol=2, loc="best")
    save_figure(fig, path)


def write_outputs(out: Path, rows: list[dict[str, Any]]) -> None:
    """rows.json, rows.csv, summary.json, summary.md and robust.png."""
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    summary = (
        summarise(rows, meta.get("settings", [DEFAULTS]))
        if rows
        else {"by_band": [], "by_qubits": [], "targets": [], "flags": []}
    )
    (out / "rows.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    if rows:
        write_rows_csv(out / "rows.csv", rows, first=("instance", "seed", "setting", "family", "band", "status"))
    (out / "summary.json").write_text(json.dumps({"meta": meta, **summary}, indent=1) + "\n")
    text = markdown(summary, meta, rows) if rows and meta else "no rows\n"
    (out / "summary.md").write_text(text)
    if rows:
        plot(rows, out / "robust.png")
    print(text)


if __name__ == "__main__":
    raise SystemExit(main())
