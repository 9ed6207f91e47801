"""The independent classical judge of the side-by-side benchmark (``benchmarks/peers.py``).

Reads a spec in either C2|Q> format by itself (it never imports c2q) and scores an answer given in
the family's own terms against an exact reference computed here: brute force or networkx.

Answer forms, one per family (each tool's adapter in ``peers.py`` produces them):

========== =========================================== ===============================================
family     answer                                      correct when
========== =========================================== ===============================================
maxcut     ``{"side": [nodes]}``                       the cut weight is the maximum
mis        ``{"nodes": [...]}``                        independent and of maximum size
vc         ``{"nodes": [...]}``                        a cover of minimum size
clique     ``{"nodes": [...], "exists": bool?}``       a clique of size >= k when one exists; else a
                                                       maximum clique (and ``exists`` not claimed);
                                                       without k: a maximum clique
kcolor     ``{"colouring": {node: colour}}``           with k: at most k colours and the fewest
                                                       conflicts k colours allow; without k (the goal
                                                       is "as few conflicts as possible"): proper
tsp        ``{"tour": [cities]}``                      a permutation of the cities of least length
add/sub/mul ``{"value": int}``                         a + b, a - b (negative allowed), a * b exactly
factor     ``{"factors": [p, q]}``                     p * q = n with 1 < p, q < n
========== =========================================== ===============================================

Nodes are the matrix indices (isolated vertices included) or, for an edge list, the endpoints.
Missing colours are allowed only on isolated vertices, which any colour suits.
"""

from __future__ import annotations

import functools
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor", "tsp")
ARITHMETIC_FAMILIES = ("add", "sub", "mul", "factor")
FAMILIES = GRAPH_FAMILIES + ARITHMETIC_FAMILIES
_DSL_NAMES = {f.lower(): f for f in FAMILIES}


@dataclass(frozen=True)
class Instance:
    """One benchmark instance, as the judge reads it."""

    path: str
    family: str
    nodes: tuple[int, ...] = ()
    edges: tuple[tuple[int, int, float], ...] = ()
    k: int | None = None
    distances: tuple[tuple[float, ...], ...] = ()
    operands: tuple[int, ...] = ()
    n: int | None = None

    def graph(self) -> nx.Graph:
        """The instance's graph (weights as ``weight``)."""
        graph = nx.Graph()
        graph.add_nodes_from(self.nodes)
        graph.add_weighted_edges_from(self.edges)
        return graph


def _from_matrix(matrix: list[list[float]]) -> tuple[tuple[int, ...], tuple[tuple[int, int, float], ...]]:
    n = len(matrix)
    edges = tuple((i, j, float(matrix[i][j])) for i in range(n) for j in range(i + 1, n) if matrix[i][j])
    return tuple(range(n)), edges


def _from_edge_list(edge_list: list[list[Any]]) -> tuple[tuple[int, ...], tuple[tuple[int, int, float], ...]]:
    edges = tuple((int(e[0]), int(e[1]), float(e[2]) if len(e) > 2 else 1.0) for e in edge_list)
    return tuple(sorted({v for u, w, _ in edges for v in (u, w)})), edges


def read_instance(path: str | Path) -> Instance:
    """Read a spec in the ``problem_type`` or the ``family`` (DSL) format."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    raw = data.get("problem_type") or data.get("family") or Path(path).parent.name
    family = _DSL_NAMES.get(str(raw).lower())
    if family is None:
        raise ValueError(f"{path}: unknown family {raw!r}")
    body = data.get("data") if "data" in data else data.get("instance", data)  # c2q's canonical format: top level
    common = {"path": str(path), "family": family}
    if family in ARITHMETIC_FAMILIES:
        if family == "factor":
            return Instance(**common, n=int(body["n"]))
        return Instance(**common, operands=tuple(int(x) for x in body["operands"]))
    k = body.get("k")
    if "graphs" in body:  # DSL: the last graph, as the peer reads it (the files hold one)
        payload = list(body["graphs"].values())[-1]
        is_matrix = body.get("graph_rep") == "matrix"
    elif "graph" in body:  # c2q's canonical format (benchmarks/scale.py writes it)
        payload, is_matrix = body["graph"]["edges"], False
    else:
        payload = body.get("distance_matrix") or body.get("matrix")
        is_matrix = True
    if family == "tsp":
        return Instance(
            **common, nodes=tuple(range(len(payload))), distances=tuple(tuple(map(float, r)) for r in payload)
        )
    nodes, edges = _from_matrix(payload) if is_matrix else _from_edge_list(payload)
    return Instance(**common, nodes=nodes, edges=edges, k=None if k is None else int(k))


# ---------------------------------------------------------------- exact references
def _cut(instance: Instance, side: set[int]) -> float:
    return sum(w for u, v, w in instance.edges if (u in side) != (v in side))


@functools.cache
def reference(instance: Instance) -> dict[str, Any]:
    """The exact optimum of ``instance`` (brute force or networkx), in the family's terms."""
    family, graph = instance.family, instance.graph()
    if family == "maxcut":
        rest = instance.nodes[1:]  # node 0's side fixed: the cut is symmetric
        best = max(
            _cut(instance, {instance.nodes[0], *(v for v, b in zip(rest, bits, strict=True) if b)})
            for bits in itertools.product((0, 1), repeat=len(rest))
        )
        return {"cut": best}
    if family in ("mis", "vc"):
        alpha = nx.max_weight_clique(nx.complement(graph), weight=None)[1]
        return {"size": alpha if family == "mis" else len(instance.nodes) - alpha}
    if family == "clique":
        return {"size": nx.max_weight_clique(graph, weight=None)[1] if instance.nodes else 0}
    if family == "kcolor":
        if instance.k is None:
            return {"conflicts": 0}
        position = {v: i for i, v in enumerate(instance.nodes)}
        pairs = [(position[u], position[v]) for u, v, _ in instance.edges]
        fewest = min(
            sum(1 for i, j in pairs if colour[i] == colour[j])
            for colour in itertools.product(range(instance.k), repeat=len(position))
        )
        return {"conflicts": fewest}
    if family == "tsp":
        n, d = len(instance.nodes), instance.distances
        best = min(_tour_length(d, (0, *p)) for p in itertools.permutations(range(1, n)))
        return {"length": best}
    a, b = (*instance.operands, 0, 0)[:2]
    if family == "factor":
        n = instance.n or 0
        return {"factors": next(([p, n // p] for p in range(2, int(n**0.5) + 1) if n % p == 0), None)}
    return {"value": {"add": a + b, "sub": a - b, "mul": a * b}[family]}


def _tour_length(d: tuple[tuple[float, ...], ...], tour: tuple[int, ...]) -> float:
    return sum(d[tour[i]][tour[(i + 1) % len(tour)]] for i in range(len(tour)))


# ---------------------------------------------------------------- judging
def judge(instance: Instance, answer: dict[str, Any] | None) -> tuple[bool, str]:
    """Score ``answer`` against the exact reference: ``(correct, one-line reason)``."""
    if not answer:
        return False, "no answer"
    family, ref = instance.family, reference(instance)
    try:
        if family == "maxcut":
            cut = _cut(instance, set(answer["side"]))
            return cut == ref["cut"], f"cut {cut:g} of {ref['cut']:g}"
        if family in ("mis", "vc", "clique"):
            return _judge_set(instance, set(answer["nodes"]), answer.get("exists"), ref["size"])
        if family == "kcolor":
            return _judge_colouring(instance, {int(k): v for k, v in answer["colouring"].items()}, ref["conflicts"])
        if family == "tsp":
            tour = [int(c) for c in answer["tour"]]
            if sorted(tour) != list(instance.nodes):
                return False, f"not a tour: {tour}"
            length = _tour_length(instance.distances, tuple(tour))
            return length == ref["length"], f"length {length:g} of {ref['length']:g}"
        if family == "factor":
            p, q = (int(x) for x in answer["factors"])
            ok = p * q == instance.n and 1 < p < instance.n and 1 < q < instance.n
            return ok, f"{p} x {q} for {instance.n}"
        value = int(answer["value"])
        return value == ref["value"], f"{value} for {ref['value']}"
    except (KeyError, TypeError, ValueError) as exc:
        return False, f"unreadable answer ({type(exc).__name__}: {exc})"


def _judge_set(instance: Instance, chosen: set[int], exists: bool | None, best: int) -> tuple[bool, str]:
    family, graph = instance.family, instance.graph()
    if not chosen <= set(instance.nodes):
        return False, f"unknown nodes {sorted(chosen - set(instance.nodes))}"
    if family == "mis":
        ok = not any(graph.has_edge(u, v) for u, v in itertools.combinations(chosen, 2))
        return ok and len(chosen) == best, f"{'independent' if ok else 'not independent'}, size {len(chosen)} of {best}"
    if family == "vc":
        ok = all(u in chosen or v in chosen for u, v, _ in instance.edges)
        return ok and len(chosen) == best, f"{'cover' if ok else 'not a cover'}, size {len(chosen)} of {best}"
    ok = all(graph.has_edge(u, v) for u, v in itertools.combinations(chosen, 2))
    reason = f"{'clique' if ok else 'not a clique'}, size {len(chosen)}, maximum {best}"
    k = instance.k
    if k is None:
        return ok and len(chosen) == best, reason
    if best >= k:
        return ok and len(chosen) >= k, f"{reason}, k {k}"
    return ok and len(chosen) == best and not exists, f"{reason}, no {k}-clique{' but one claimed' if exists else ''}"


def _judge_colouring(instance: Instance, colouring: dict[int, Any], fewest: int) -> tuple[bool, str]:
    graph = instance.graph()
    missing = [v for v in instance.nodes if v not in colouring and graph.degree(v) > 0]
    if missing:
        return False, f"no colour for {missing}"
    conflicts = sum(1 for u, v, _ in instance.edges if colouring[u] == colouring[v])
    used = len({colouring[v] for v in colouring})
    reason = f"{conflicts} conflicts (fewest {fewest}), {used} colours" + (f", k {instance.k}" if instance.k else "")
    within = instance.k is None or used <= instance.k
    return within and conflicts == fewest, reason
