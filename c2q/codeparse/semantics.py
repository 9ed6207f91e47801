"""Which problem a program computes, judged from what its entry call returns on its own instance.

Names can mislead or be missing (``def f(g): ...``); what a function returns cannot. The entry call
(``solve(edges)``, ``g.colour(3)``) is followed by the interpreter of :mod:`c2q.codeparse.values`
on the data the program holds, and the value it returns is checked against each family's
definition on the same instance, computed here by brute force:

- graphs: a set of nodes that is a maximum independent set, a minimum vertex cover, a maximum
  clique or one side of a maximum cut; an assignment of a label to every node that is a proper
  colouring, or a 0/1 side per node that is a maximum cut; a list of cliques whose largest is
  maximum; a number that equals exactly one of the five optima;
- distances (a matrix, points or a weighted graph): a visiting order of every city that is a
  shortest tour, or a number equal to the shortest tour's length;
- integers: the sum, difference or product of two operands; factors whose product is the number.

A structured answer (nodes, a colouring, a tour, factors) that fits exactly one family is strong
evidence, and so is arithmetic; a lone number that matches one optimum is weak evidence (a
different problem's number can coincide). A value that fits several families, none, or that
cannot be followed adds nothing. Brute force is bounded (:data:`MAX_NODES` nodes, :data:`MAX_CITIES`
cities), so larger instances add nothing either.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

from c2q.codeparse.family import Evidence
from c2q.codeparse.instance import SHAPED, Datum, Extraction, graph_parts
from c2q.codeparse.library import UNKNOWN, GraphData, is_number
from c2q.codeparse.values import Program

#: graphs and tours this large are not brute-forced
MAX_NODES = 12
MAX_CITIES = 9
#: evidence weights: an answer with structure (nodes, colours, a tour, factors, arithmetic), and
#: a lone number equal to one family's optimum
STRUCTURED = 4.0
NUMBER = 1.0
#: a set of nodes that is valid but not optimal (a greedy maximal independent set, a minimal cover)
VALID = 1.5


def computed(program: Program, extraction: Extraction) -> list[Evidence]:
    """Evidence from the value the entry call returns (none when it cannot be followed)."""
    call = extraction.call
    if call is None or call.function is None or not extraction.data:
        return []
    value = program.evaluate(call)
    if value is UNKNOWN or value is None or isinstance(value, bool):
        return []
    line = call.node.lineno
    verdicts: dict[str, tuple[float, str]] = {}
    for family, weight, reason in _judge(value, extraction):
        if weight > verdicts.get(family, (0.0, ""))[0]:
            verdicts[family] = (weight, reason)
    if not verdicts:
        return []
    strongest = max(w for w, _ in verdicts.values())
    leaders = [f for f, (w, _) in verdicts.items() if w == strongest]
    if len(leaders) > 1:
        return []  # the value fits several problems equally: it says nothing
    family = leaders[0]
    weight, reason = verdicts[family]
    return [Evidence(family, weight, f"{reason} (its entry call followed on the program's data)", line)]


def _judge(value: Any, extraction: Extraction) -> Iterator[tuple[str, float, str]]:
    parts = [value, *value] if isinstance(value, tuple) else [value]  # (size, nodes): each part too
    shaped = next((d for d in extraction.data if d.kind in SHAPED), None)
    numbers = [d.value.obj for d in extraction.data if d.kind == "int"]
    for part in parts:
        if isinstance(part, bool) or part is None:
            continue
        if shaped is not None:
            graph = _graph(shaped) if shaped.kind != "points" else None
            if graph is not None:
                yield from _judge_graph(part, *graph)
            distances = _distances(shaped)
            if distances is not None:
                yield from _judge_tour(part, distances)
        elif len(numbers) == 2:
            yield from _judge_arithmetic(part, *numbers)
        elif len(numbers) == 1:
            yield from _judge_factors(part, numbers[0])


# ---- graphs --------------------------------------------------------------------------------------
def _graph(source: Datum) -> tuple[list[Any], list[tuple[int, int, float]]] | None:
    """(node labels, edges as (index, index, weight)) of a graph the brute force can handle."""
    nodes, edges = graph_parts(source)
    if nodes is None:
        nodes = sorted({x for e in edges for x in e[:2]}, key=lambda x: (isinstance(x, str), str(x)))
    index = {label: i for i, label in enumerate(nodes)}
    if not edges or len(nodes) > MAX_NODES or any(u not in index or v not in index for u, v, _ in edges):
        return None
    if any(w is not None and not is_number(w) for *_, w in edges):
        return None
    return nodes, [(index[u], index[v], 1.0 if w is None else float(w)) for u, v, w in edges if u != v]


def _judge_graph(
    value: Any, labels: list[Any], edges: list[tuple[int, int, float]]
) -> Iterator[tuple[str, float, str]]:
    n = len(labels)
    optima = _graph_optima(n, edges)
    if is_number(value):
        matches = [f for f, best in optima.items() if math.isclose(value, best)]
        if len(matches) == 1:
            yield matches[0], NUMBER, f"returns {value:g}, the {_WHAT[matches[0]]} of its graph"
        return
    chosen = _node_set(value, labels)
    if chosen is not None:
        yield from _judge_node_set(chosen, n, edges, optima)
        return
    labelling = _labelling(value, labels)
    if labelling is not None:
        yield from _judge_labelling(labelling, n, edges, optima)
        return
    if isinstance(value, list) and value and all(_node_set(c, labels) is not None for c in value):
        cliques = [_node_set(c, labels) or 0 for c in value]
        if all(_is_clique(c, edges) for c in cliques) and max(c.bit_count() for c in cliques) == optima["clique"]:
            yield "clique", STRUCTURED, "lists cliques of its graph, the largest a maximum clique"


_WHAT = {
    "maxcut": "maximum cut",
    "mis": "maximum independent set size",
    "vc": "minimum vertex cover size",
    "clique": "maximum clique size",
    "kcolor": "chromatic number",
}


def _judge_node_set(
    chosen: int, n: int, edges: list[tuple[int, int, float]], optima: dict[str, float]
) -> Iterator[tuple[str, float, str]]:
    size, everything = chosen.bit_count(), (1 << n) - 1
    others = [1 << i for i in range(n) if not chosen >> i & 1]
    if _is_independent(chosen, edges):
        if size == optima["mis"]:
            yield "mis", STRUCTURED, "returns a maximum independent set of its graph"
        elif not any(_is_independent(chosen | o, edges) for o in others):
            yield "mis", VALID, "returns a maximal independent set of its graph"
    if _is_independent(everything ^ chosen, edges):  # the nodes left out touch no edge: a cover
        if size == optima["vc"]:
            yield "vc", STRUCTURED, "returns a minimum vertex cover of its graph"
        elif not any(_is_independent(everything ^ chosen | 1 << i, edges) for i in range(n) if chosen >> i & 1):
            yield "vc", VALID, "returns a minimal vertex cover of its graph"
    if _is_clique(chosen, edges) and size >= 2:
        if size == optima["clique"]:
            yield "clique", STRUCTURED, "returns a maximum clique of its graph"
        elif not any(_is_clique(chosen | o, edges) for o in others) and size >= 3:
            yield "clique", VALID, "returns a maximal clique of its graph"
    if math.isclose(_cut(chosen, edges), optima["maxcut"]):
        yield "maxcut", STRUCTURED, "returns one side of a maximum cut of its graph"


def _judge_labelling(
    labelling: list[Any], n: int, edges: list[tuple[int, int, float]], optima: dict[str, float]
) -> Iterator[tuple[str, float, str]]:
    if all(labelling[u] != labelling[v] for u, v, _ in edges):
        yield "kcolor", STRUCTURED, f"returns a proper colouring of its graph with {len(set(labelling))} colours"
    if set(labelling) <= {0, 1}:
        side = sum(1 << i for i, x in enumerate(labelling) if x)
        if math.isclose(_cut(side, edges), optima["maxcut"]):
            yield "maxcut", STRUCTURED, "returns a side per node that makes a maximum cut of its graph"


def _graph_optima(n: int, edges: list[tuple[int, int, float]]) -> dict[str, float]:
    """Maximum cut, maximum independent set, minimum vertex cover, maximum clique, chromatic number."""
    every = range(1 << n)
    independent = max(s.bit_count() for s in every if _is_independent(s, edges))
    return {
        "maxcut": max(_cut(s, edges) for s in range(1 << max(n - 1, 0))),  # node n-1 on side 0
        "mis": independent,
        "vc": n - independent,
        "clique": max(s.bit_count() for s in every if _is_clique(s, edges)),
        "kcolor": _chromatic_number(n, edges),
    }


def _cut(side: int, edges: list[tuple[int, int, float]]) -> float:
    return sum(w for u, v, w in edges if (side >> u & 1) != (side >> v & 1))


def _is_independent(chosen: int, edges: list[tuple[int, int, float]]) -> bool:
    return not any(chosen >> u & 1 and chosen >> v & 1 for u, v, _ in edges)


def _is_clique(chosen: int, edges: list[tuple[int, int, float]]) -> bool:
    members = [i for i in range(chosen.bit_length()) if chosen >> i & 1]
    adjacent = {frozenset((u, v)) for u, v, _ in edges}
    return all(frozenset(pair) in adjacent for pair in itertools.combinations(members, 2))


def _chromatic_number(n: int, edges: list[tuple[int, int, float]]) -> int:
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for u, v, _ in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)

    def colourable(k: int) -> bool:
        colours = [-1] * n

        def place(i: int) -> bool:
            if i == n:
                return True
            for c in range(k):
                if all(colours[j] != c for j in neighbours[i]):
                    colours[i] = c
                    if place(i + 1):
                        return True
            colours[i] = -1
            return False

        return place(0)

    return next(k for k in range(1, n + 1) if colourable(k))


def _is_label(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or isinstance(x, str | tuple)


def _node_set(value: Any, labels: list[Any]) -> int | None:
    """A collection of distinct node labels (not every node) as a bit mask; ``None`` otherwise."""
    if not isinstance(value, list | tuple | set | frozenset) or isinstance(value, str):
        return None
    items = list(value)
    index = {label: i for i, label in enumerate(labels)}
    if len(set(map(repr, items))) != len(items) or any(not _is_label(x) or x not in index for x in items):
        return None
    if not items or (len(items) == len(labels) and all(type(x) is int for x in items) and set(items) <= {0, 1}):
        return None
    return sum(1 << index[x] for x in items)


def _labelling(value: Any, labels: list[Any]) -> list[Any] | None:
    """A label per node: a dict over every node, or a list as long as the graph (node i -> item i)."""
    if isinstance(value, dict) and set(map(repr, value)) == set(map(repr, labels)):
        labelling = [value[label] for label in labels]
    elif isinstance(value, list) and len(value) == len(labels) and labels == list(range(len(labels))):
        labelling = list(value)
    else:
        return None
    if len(set(map(repr, labelling))) == len(labels):
        return None  # every node its own label: an order of the nodes, not a colouring
    return labelling if all(_is_label(x) for x in labelling) else None


# ---- tours ---------------------------------------------------------------------------------------
def _distances(source: Datum) -> list[list[float]] | None:
    """A distance matrix from a matrix, points or a fully weighted graph; ``None`` otherwise."""
    obj = source.value.obj
    if source.kind == "matrix":
        matrix = [[float(x) for x in row] for row in obj]
    elif source.kind == "points":
        points = [obj[k] for k in sorted(obj)] if isinstance(obj, dict) else list(obj)
        matrix = [[math.dist(p, q) for q in points] for p in points]
    elif source.kind in ("graph", "edges") and isinstance(obj, GraphData | list):
        graph = _graph(source)
        if graph is None or any(w is None for *_, w in graph_parts(source)[1]):
            return None  # an unweighted graph has no distances
        labels, edges = graph
        matrix = [[0.0 if i == j else math.inf for j in range(len(labels))] for i in range(len(labels))]
        for u, v, w in edges:
            matrix[u][v] = matrix[v][u] = w
    else:
        return None
    return matrix if 3 <= len(matrix) <= MAX_CITIES else None


def _judge_tour(value: Any, matrix: list[list[float]]) -> Iterator[tuple[str, float, str]]:
    n = len(matrix)
    symmetric = all(matrix[i][j] == matrix[j][i] for i in range(n) for j in range(n))
    shortest = min(
        _length((0, *rest), matrix)
        for rest in itertools.permutations(range(1, n))
        if not symmetric or rest[0] < rest[-1]
    )
    if math.isinf(shortest):
        return
    if is_number(value) and math.isclose(value, shortest):
        yield "tsp", NUMBER * 2, f"returns {value:g}, the length of a shortest tour"
        return
    order = list(value) if isinstance(value, list | tuple) else None
    if order and len(order) == n + 1 and order[0] == order[-1]:
        order = order[:-1]  # a closed tour
    if not order or sorted(map(repr, order)) != sorted(map(repr, range(n))) or any(type(x) is not int for x in order):
        return
    if math.isclose(_length(tuple(order), matrix), shortest):
        yield "tsp", STRUCTURED, "returns a shortest tour of its cities"


def _length(order: tuple[int, ...], matrix: list[list[float]]) -> float:
    return sum(matrix[order[i - 1]][order[i]] for i in range(len(order)))


# ---- numbers -------------------------------------------------------------------------------------
def _judge_arithmetic(value: Any, a: Any, b: Any) -> Iterator[tuple[str, float, str]]:
    if type(value) is not int:
        return
    outcomes = {"add": a + b, "sub": a - b, "mul": a * b}
    matches = [f for f, result in outcomes.items() if result == value or (f == "sub" and b - a == value)]
    if len(matches) == 1:
        symbol = {"add": "+", "sub": "-", "mul": "*"}[matches[0]]
        yield (
            matches[0],
            STRUCTURED,
            f"returns {value} = {a} {symbol} {b}"
            if value == outcomes[matches[0]]
            else (f"returns {value} = {b} {symbol} {a}"),
        )


def _judge_factors(value: Any, n: Any) -> Iterator[tuple[str, float, str]]:
    if type(n) is not int or n < 4:
        return
    if isinstance(value, dict) and all(type(p) is int and type(e) is int for p, e in value.items()):
        factors = [p for p, e in value.items() for _ in range(e)]
    elif isinstance(value, list | tuple) and value and all(type(p) is int for p in value):
        factors = list(value)
    else:
        return
    if len(factors) >= 2 and all(1 < p < n for p in factors) and math.prod(factors) == n:
        yield "factor", STRUCTURED, f"returns factors of {n} ({' * '.join(map(str, factors))})"
