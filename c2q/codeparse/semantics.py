"""Which problem a program computes, judged from what its entry call returns on its own instance.

Names can mislead or be missing (``def f(g): ...``); what a function returns cannot. The entry call
(``solve(edges)``, ``g.colour(3)``; for a script without one, the script itself, run as a function
of its data) is followed by the interpreter of :mod:`c2q.codeparse.values` on the data the program
holds, and the value it returns (or prints) is checked against each family's definition on the same
instance, computed here by brute force:

- graphs: a set of nodes that is a maximum independent set, a minimum vertex cover, a maximum
  clique or one side of a maximum cut; an assignment of a label to every node that is a proper
  colouring, or a 0/1 side per node that is a maximum cut; a list of cliques whose largest is
  maximum; a number that equals exactly one of the five optima;
- distances (a matrix, points or a weighted graph): a visiting order of every city that is a
  shortest tour, or a number equal to the shortest tour's length;
- integers: the sum, difference or product of two operands; factors whose product is the number.

A structured answer (nodes, a colouring, a tour, factors) that fits exactly one family is strong
evidence, and so is arithmetic; a lone number that matches one optimum is weak evidence (a
different problem's number can coincide), unless it matches that optimum on every probe graph
too. A value that fits several families, none, or that cannot be followed adds nothing. Brute
force is bounded (:data:`MAX_NODES` nodes, :data:`MAX_CITIES` cities), so larger instances add
nothing either.
"""

from __future__ import annotations

import ast
import copy
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import networkx as nx

from c2q.codeparse.family import WORD_PATTERNS, WORD_WEIGHTS, Evidence, split_words
from c2q.codeparse.formulation import FiniteVariable, Formulation, assignments, model_graph
from c2q.codeparse.instance import SCRIPT, SHAPED, Datum, Extraction, graph_parts
from c2q.codeparse.library import UNKNOWN, GraphData, is_number
from c2q.codeparse.models import BinaryPolynomial
from c2q.codeparse.values import Call, ObjectData, Program, Value

#: edges as (node index, node index, weight); what a value fits: (family, weight, reason) items
Edges = list[tuple[int, int, float]]
Verdicts = Iterator[tuple[str, float, str]]
#: graphs and tours this large are not brute-forced
MAX_NODES = 12
MAX_CITIES = 9
#: evidence weights: an answer with structure (nodes, colours, a tour, factors, arithmetic), and
#: a lone number equal to one family's optimum
STRUCTURED = 4.0
NUMBER = 1.0
#: a set of nodes that is valid but not optimal (a greedy maximal independent set, a minimal cover)
VALID = 1.75
#: a weaker answer (a lone number, a maximal set) that fits one family on the program's graph and
#: on every probe graph in its place
CONFIRMED = 2.0


def computed(program: Program, extraction: Extraction) -> list[Evidence]:
    """Evidence from what the program computes: the value its entry call returns
    (:func:`returned`) and the QUBOs it builds over its graph (:func:`built_qubos`)."""
    return (
        returned(program, extraction)
        + built_qubos(program, extraction)
        + formulated(program, extraction)
        + endpoints(extraction)
        + register_routine(extraction)
    )


def register_routine(extraction: Extraction) -> list[Evidence]:
    """A routine applied to quantum registers the program set with X gates
    (``add_ripple_ex(qc, a, b, s, n)``, ``mult(qc, a, b, m, n)``): what its name says it computes
    on them is the arithmetic family (library routines name their operation)."""
    call = extraction.call
    if call is None or sum(d.kind == "register" for d in extraction.data) < 2:
        return []
    name = ast.unparse(call.node.func).rsplit(".", 1)[-1]
    reason = f"applies {name} to quantum registers set by X gates"
    return [
        Evidence(
            family, WORD_WEIGHTS["name of the called function"], f"{reason} (its name says '{word}')", call.node.lineno
        )
        for word in split_words(name)
        for family in ("add", "sub", "mul")
        if WORD_PATTERNS[family].match(word)
    ]


def endpoints(extraction: Extraction) -> list[Evidence]:
    """A graph handed over with two of its nodes (``bfs(graph, 4, 6)``, ``max_flow(g, s, t)``)
    asks about those two nodes (a path, a flow, a cut between them), which no graph family does.
    (A node count is never a node of a graph numbered from 0, and a colour count or clique size
    is one integer, not two; a parameter the function counts to, ``range(1, m + 1)``, is no node.)"""
    call = extraction.call
    source = next((d for d in extraction.data if d.kind in SHAPED), None)
    nodes = _node_labels(source) if source is not None else None
    if call is None or not nodes:
        return []
    counts = _bounds_of_ranges(call.function) if call.function is not None else set()
    chosen = {
        d.value.obj for d in extraction.data if d.kind == "int" and d.value.obj in nodes and d.param not in counts
    }
    if len(chosen) < 2:
        return []
    reason = f"passes its graph with two of its nodes ({', '.join(map(str, sorted(chosen)))}): a question about them"
    return [
        Evidence(family, -STRUCTURED, reason, call.node.lineno)
        for family in ("maxcut", "mis", "vc", "clique", "kcolor")
    ]


def _bounds_of_ranges(function: ast.FunctionDef) -> set[str]:
    """The names a function counts to (``for c in range(1, m + 1)``): counts, not nodes."""
    return {
        name.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
        for name in ast.walk(node.args[1] if len(node.args) > 1 else node.args[0] if node.args else node)
        if isinstance(name, ast.Name)
    }


def built_qubos(program: Program, extraction: Extraction) -> list[Evidence]:
    """A QUBO the program builds over its graph's nodes (a dict ``Q[(i, j)]`` of numbers, as
    ``dimod``'s ``sample_qubo`` takes, or a pyqubo/dimod model of binary variables), judged by its
    lowest-energy assignments: a model of a family is one whose minima are that family's optima
    (whatever its penalty weights), and no other family's even loosely (:func:`_unambiguous`)."""
    source = next((d for d in extraction.data if d.kind in SHAPED), None)
    graph = _graph(source) if source is not None else None
    if graph is None:
        return []
    labels, edges = graph
    n, index = len(labels), {label: i for i, label in enumerate(labels)}
    for script in program.scripts:
        for name, held in script.env.items():
            qubo = _qubo(held.obj, index)
            for energies in [] if qubo is None else [qubo, {k: -q for k, q in qubo.items()}]:  # min, or max
                form = _penalty_form(energies, n, edges)
                if form is not None:
                    return [Evidence(form[0], STRUCTURED, f"builds a model ({name}) that is {form[1]}", held.line)]
                minima = _minima(energies, n)
                found = _family_of_optima(minima, n, edges)
                if found is not None and _unambiguous(found[0], energies, minima, n, edges):
                    reason = f"builds a model ({name}) whose minima are each {found[1]}"
                    return [Evidence(found[0], STRUCTURED, reason, held.line)]
    return []


def formulated(program: Program, extraction: Extraction) -> list[Evidence]:
    """A solver model the program builds (:mod:`c2q.codeparse.formulation`), judged on the graph of
    its variables (the pairs its relations join), which must be the program's graph up to the
    names of the nodes when the program has one: a value from a small domain per node that must
    differ across every pair is a colouring; binary variables with one objective are judged by
    their optimal assignments, as :func:`built_qubos` judges a QUBO's minima."""
    source = next((d for d in extraction.data if d.kind in SHAPED), None)
    graph = _graph(source) if source is not None else None
    for formulation in program.formulations:
        found = _relaxed_cut(formulation, graph) if graph is not None else None
        nodes, pairs = model_graph(formulation)
        if found is None and pairs and (graph is None or _isomorphic(graph, len(nodes), pairs, nodes)):
            found = _colouring(formulation, nodes, pairs) or _binary_optima(formulation, nodes, pairs)
        if found is None and graph is not None:
            found = _assignment_colouring(formulation, graph)
        if found is not None:
            return [found]
    return []


def _relaxed_cut(formulation: Formulation, graph: tuple[list[Any], Edges]) -> Evidence | None:
    """``Maximize(sum of w (1 - X[u, v]))`` over pairs of a symmetric matrix variable, one pair per
    edge of the program's graph: the semidefinite relaxation of a maximum cut (Goemans-Williamson)."""
    n = len(graph[0])
    for objective in formulation.objectives:
        terms = [(m, c) for m, c in objective.expression.terms.items() if m and c]
        entries = [formulation.entries.get(next(iter(m))) for m, _ in terms if len(m) == 1]
        if objective.sense != "max" or not terms or len(entries) != len(terms) or any(c >= 0 for _, c in terms):
            continue
        found = [e for e in entries if e is not None]
        pairs = [(i, j) for _, i, j in found]
        if len(found) != len(terms) or len({e[0] for e in found}) != 1 or any(i == j for i, j in pairs):
            continue
        if _isomorphic(graph, n, pairs, list(range(n))):
            reason = "builds a model that maximises sum (1 - X[u, v]) over its edges (a cut's semidefinite relaxation)"
            return Evidence("maxcut", STRUCTURED, reason, objective.line)
    return None


def _isomorphic(graph: tuple[list[Any], Edges], n: int, pairs: list[tuple[Any, Any]], nodes: list[Any]) -> bool:
    """Whether a model's graph is the program's graph with its nodes renamed."""
    labels, edges = graph
    if len(labels) != n or len({(min(u, v), max(u, v)) for u, v, _ in edges}) != len(pairs):
        return False
    ours = nx.Graph([(u, v) for u, v, _ in edges])
    ours.add_nodes_from(range(len(labels)))
    theirs = nx.Graph(pairs)
    theirs.add_nodes_from(nodes)
    return bool(nx.is_isomorphic(ours, theirs))


def _colouring(formulation: Formulation, nodes: list[str], pairs: list[tuple[str, str]]) -> Evidence | None:
    """Every relation ``x[u] != x[v]`` between variables of one domain (and at most one value fixed,
    which breaks the symmetry of the colours): a proper colouring with as many colours as values."""
    different = [r for r in formulation.relations if r.op == "!=" and _single(r.left) and _single(r.right)]
    fixed = [r for r in formulation.relations if r.op == "==" and _single(r.left) and not _single(r.right)]
    domains = {_domain(r.left) for r in different} | {_domain(r.right) for r in different}
    if len(different) + len(fixed) != len(formulation.relations) or len(fixed) > 1 or len(domains) != 1:
        return None
    k = len(domains.pop())
    line = different[0].line
    reason = f"gives each of {len(nodes)} nodes one of {k} values, different across each of {len(pairs)} pairs"
    return Evidence("kcolor", STRUCTURED, f"builds a model that {reason} (a colouring)", line, size=k)


def _assignment_colouring(formulation: Formulation, graph: tuple[list[Any], Edges]) -> Evidence | None:
    """The integer program of a colouring: binary ``x[v, c]`` with one colour per node
    (``sum_c x[v, c] == 1``, the groups) and, for every colour, the two ends of an edge not both
    of it (``x[u, c] + x[v, c] <= 1``, or ``<= y[c]`` for a colour in use); any other relation may
    only involve the colours' own variables or bound an ``x`` by one. The groups joined colour by
    colour must be the program's graph; ``k`` is the number of colours."""
    rank = {v: i for i, v in enumerate(formulation.variables)}
    sums = [_unit_sum(r.left) for r in formulation.relations if r.op == "==" and r.right == 1]
    groups: list[list[str]] = [g for g in sums if g is not None and len(g) >= 2 and set(g) <= rank.keys()]
    place = {v: (g, sorted(group, key=rank.__getitem__).index(v)) for g, group in enumerate(groups) for v in group}
    k = len(groups[0]) if groups else 0
    if k < 2 or len(place) != k * len(groups) or any(len(g) != k for g in groups):
        return None
    conflicts: set[tuple[int, int, int]] = set()
    for relation in formulation.relations:
        pair = _unit_sum(relation.left)
        grouped = [v for v in _variables_of(relation) if v in place]
        if relation.op == "<=" and pair is not None and len(pair) == 2 and set(pair) == set(grouped):
            (a, c), (b, d) = place[pair[0]], place[pair[1]]
            if c != d or a == b or not (relation.right == 1 or _single(relation.right)):
                return None
            conflicts.add((min(a, b), max(a, b), c))
        elif grouped and not _groups_or_bounds(relation, grouped):
            return None  # anything else about the x is another model
    edges = {(a, b) for a, b, _ in conflicts}
    if not edges or any((a, b, c) not in conflicts for a, b in edges for c in range(k)):
        return None
    if not _isomorphic(graph, len(groups), sorted(edges), list(range(len(groups)))):
        return None
    reason = f"builds a model that gives each node one of {k} colours (x[v, c]), never the same at both ends of an edge"
    return Evidence("kcolor", STRUCTURED, reason, formulation.relations[0].line, size=k)


def _groups_or_bounds(relation: Any, grouped: list[str]) -> bool:
    """``sum_c x[v, c] == 1`` (a group) or ``x[v, c] <= y[c]`` (a colour in use)."""
    if relation.op == "==":
        return _unit_sum(relation.left) == sorted(grouped)
    return relation.op == "<=" and len(grouped) == 1 and _single(relation.left)


def _unit_sum(term: Any) -> list[str] | None:
    """The variables of ``x + y + ...`` (each once, coefficient 1, no constant), sorted; ``None`` otherwise."""
    if not isinstance(term, BinaryPolynomial) or any(len(m) != 1 or c != 1 for m, c in term.terms.items()):
        return None
    return sorted(next(iter(m)) for m in term.terms)


def _variables_of(relation: Any) -> set[str]:
    return {v for side in (relation.left, relation.right) if isinstance(side, BinaryPolynomial) for v in side.variables}


def _single(term: Any) -> bool:
    """One decision variable (a binary one is a polynomial of one variable)."""
    return isinstance(term, FiniteVariable) or (
        isinstance(term, BinaryPolynomial) and list(term.terms.items()) == [(frozenset(term.variables), 1.0)]
    )


def _domain(term: Any) -> tuple[Any, ...]:
    return term.domain if isinstance(term, FiniteVariable) else (0, 1)


def _binary_optima(formulation: Formulation, nodes: list[str], pairs: list[tuple[str, str]]) -> Evidence | None:
    """Binary variables, relations between them and one objective: the family every optimal
    assignment (the chosen nodes) is an optimal answer of, on the model's graph."""
    if len(formulation.objectives) != 1 or not formulation.relations or len(nodes) > MAX_NODES:
        return None  # (an objective alone is a QUBO: :func:`built_qubos` judges it)
    if any(isinstance(t, FiniteVariable) for r in formulation.relations for t in (r.left, r.right)):
        return None
    objective = formulation.objectives[0]
    if not set(objective.expression.variables) <= set(nodes):
        return None
    feasible = list(assignments(formulation, nodes))
    if not feasible:
        return None
    values = [objective.expression.energy({v for v, x in chosen.items() if x}) for chosen in feasible]
    best = (max if objective.sense == "max" else min)(values)
    index = {v: i for i, v in enumerate(nodes)}
    masks = [
        sum(1 << index[v] for v, x in chosen.items() if x)
        for chosen, value in zip(feasible, values, strict=True)
        if math.isclose(value, best, abs_tol=1e-9)
    ][:64]
    edges = [(index[a], index[b], 1.0) for a, b in pairs]
    found = _family_of_optima(masks, len(nodes), edges, cut=bool(objective.expression.couplings()))
    if found is None:
        return None
    family, what = found
    line = min((r.line for r in formulation.relations), default=0)
    sense = "maximises" if objective.sense == "max" else "minimises"
    reason = f"builds a model that {sense} over binary variables: its optima are each {what}"
    return Evidence(family, STRUCTURED, reason, line)


def _family_of_optima(masks: list[int], n: int, edges: Edges, cut: bool = True) -> tuple[str, str] | None:
    """The one family every assignment in ``masks`` (chosen nodes) is an optimal answer of, and what
    that answer is; ``None`` when none or several fit (a maximum cut's two sides may also be an
    independent set and a cover, but not each of them).

    :param cut: whether the model can state a cut at all (one with a linear objective over the
        nodes cannot: a cut's value depends on pairs of them).
    """
    optima = _graph_optima(n, edges)
    verdicts = [
        {f: r for f, w, r in _judge_node_set(x, n, edges, optima) if w == STRUCTURED and (cut or f != "maxcut")}
        for x in masks
    ]
    common = set.intersection(*(set(v) for v in verdicts)) if verdicts else set()
    if len(common) != 1:
        return None
    family = common.pop()
    return family, verdicts[0][family].removeprefix("returns ")


def _penalty_form(qubo: dict[tuple[int, int], float], n: int, edges: Edges) -> tuple[str, str] | None:
    """The family a QUBO states term by term, whatever its weights (its minima may not tell at the
    least weights that work): one equal penalty ``b > 0`` on every edge and nowhere else, and

    - every node's own term ``-a`` (``a > 0``): ``-a sum x + b sum x_u x_v``, an independent set;
    - every node's own term ``a - b deg`` (``a > 0``): ``a sum x + b sum (1 - x_u)(1 - x_v)``, a cover.

    ``None`` when neither or both fit (on a regular graph the two forms are one)."""
    couplings = {(i, j): q for (i, j), q in qubo.items() if i != j and q}
    pairs = {(min(u, v), max(u, v)) for u, v, _ in edges}
    if set(couplings) != pairs or not couplings:
        return None
    penalty = next(iter(couplings.values()))
    if penalty <= 0 or not all(math.isclose(q, penalty) for q in couplings.values()):
        return None
    degree = [0] * n
    for u, v in pairs:
        degree[u] += 1
        degree[v] += 1
    own = [qubo.get((i, i), 0.0) for i in range(n)]
    forms = {
        "mis": ([-x for x in own], "minus the chosen nodes plus a penalty on each edge with both ends chosen"),
        "vc": (
            [x + penalty * d for x, d in zip(own, degree, strict=True)],
            "the chosen nodes plus a penalty on each edge with neither end chosen",
        ),
    }
    fitting = [
        (family, reason)
        for family, (weights, reason) in forms.items()
        if weights[0] > 0 and all(math.isclose(w, weights[0]) for w in weights)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _unambiguous(family: str, qubo: dict[tuple[int, int], float], minima: list[int], n: int, edges: Edges) -> bool:
    """Whether a QUBO whose minima all fit ``family`` is that family's model. Every assignment is a
    valid cut, so a penalty model of another family can have minima that all happen to be sides of
    a maximum cut: a cut is read only from a QUBO that is exactly minus a cut, or whose minima no
    other family fits even loosely (:func:`_loosely_fitting`)."""
    if family != "maxcut":
        return True
    return _is_cut_form(qubo, n) or _loosely_fitting(minima, n, edges) == {family}


def _is_cut_form(qubo: dict[tuple[int, int], float], n: int) -> bool:
    """Whether a QUBO is minus a cut: ``sum q_ij [x_i != x_j] / 2`` with every coupling ``q_ij > 0``, so
    that each node's own term is minus half its couplings (``-x_i - x_j + 2 x_i x_j`` per edge)."""
    couplings = {(i, j): q for (i, j), q in qubo.items() if i != j and q}
    if not couplings or any(q <= 0 for q in couplings.values()):
        return False
    half = [0.0] * n
    for (i, j), q in couplings.items():
        half[i] -= q / 2
        half[j] -= q / 2
    return all(math.isclose(qubo.get((i, i), 0.0), half[i], abs_tol=1e-9) for i in range(n))


def _loosely_fitting(masks: list[int], n: int, edges: Edges) -> set[str]:
    """The families whose valid answers among ``masks`` are all optimal (and there is one): what a
    penalty model with its weight at the least that works has for minima. A vertex cover model
    ``sum x + sum (1 - x_u)(1 - x_v)`` has minima that are not covers (one edge left uncovered
    costs what one node more would), and on some graphs every one of them is a side of a maximum
    cut: the cover fits loosely, and the cut must not be read from it."""
    optima, everything = _graph_optima(n, edges), (1 << n) - 1
    checks: dict[str, tuple[Callable[[int], bool], Callable[[int], bool]]] = {
        "mis": (lambda x: _is_independent(x, edges), lambda x: x.bit_count() == optima["mis"]),
        "vc": (lambda x: _is_independent(everything ^ x, edges), lambda x: x.bit_count() == optima["vc"]),
        "clique": (lambda x: x.bit_count() >= 2 and _is_clique(x, edges), lambda x: x.bit_count() == optima["clique"]),
        "maxcut": (lambda x: True, lambda x: math.isclose(_cut(x, edges), optima["maxcut"])),
    }
    fitting = set()
    for family, (valid, optimal) in checks.items():
        answers = [x for x in masks if valid(x)]
        if answers and all(optimal(x) for x in answers):
            fitting.add(family)
    return fitting


def _qubo(obj: Any, index: dict[Any, int]) -> dict[tuple[int, int], float] | None:
    """``{(i, j): q}`` over the graph's nodes with at least one coupling, as indices, from a dict of
    pairs or a binary model whose variables are the nodes; ``None`` otherwise."""
    if isinstance(obj, BinaryPolynomial):
        if any(len(m) > 2 for m in obj.terms) or any(v not in index for v in obj.variables):
            return None
        ends = {m: sorted(m, key=index.__getitem__) for m in obj.terms if m}  # x: (x, x); x*y: (x, y)
        obj = {(e[0], e[-1]): obj.terms[m] for m, e in ends.items()}
    if not isinstance(obj, dict) or not obj:
        return None
    qubo: dict[tuple[int, int], float] = {}
    for key, value in obj.items():
        if not (isinstance(key, tuple) and len(key) == 2 and is_number(value)):
            return None
        if not all(_is_label(x) and x in index for x in key):
            return None
        i, j = sorted((index[key[0]], index[key[1]]))
        qubo[i, j] = qubo.get((i, j), 0.0) + float(value)
    return qubo if any(i != j and q for (i, j), q in qubo.items()) else None


def _minima(qubo: dict[tuple[int, int], float], n: int) -> list[int]:
    """The assignments (bit masks) of least energy, at most 64 of them."""
    energies = [sum(q for (i, j), q in qubo.items() if x >> i & 1 and x >> j & 1) for x in range(1 << n)]
    least = min(energies)
    return [x for x, e in enumerate(energies) if math.isclose(e, least, abs_tol=1e-9)][:64]


def returned(program: Program, extraction: Extraction) -> list[Evidence]:
    """Evidence from the value the entry call returns (none when it cannot be followed).

    On the program's own data first; when that answer is missing or weak (a lone number, a merely
    maximal set, an answer several families share), the same call again with each of
    :data:`PROBES` in place of the program's graph, which tell the graph families apart: it
    counts only when every probe names the same family, and the program's own answer (if any)
    does not contradict it."""
    call = extraction.call or extraction.implied
    if call is None or call.function is None or not extraction.data:
        return []
    line = call.node.lineno
    followed = "the script followed" if call.function.name == SCRIPT else "its entry call followed"
    source = next((d for d in extraction.data if d.kind in SHAPED), None)
    if source is not None and source.kind in ("edges", "points") and extraction.pairwise is not None:
        source = extraction.pairwise  # integer pairs the program measures distances between: places
    numbers = [d.value.obj for d in extraction.data if d.kind == "int"]
    value = _outcome(program, call, printed=source is None)
    if isinstance(value, bool) and source is None:  # a yes/no answer about numbers: a test (is n prime?)
        reason = f"returns {value} on its numbers: a test, not a computation ({followed})"
        return [Evidence(f, -STRUCTURED, reason, line) for f in ("factor", "add", "sub", "mul")]
    own = _answer_leader(value, program.printed, source, numbers)
    if own is None and isinstance(value, bool) and source is not None and _graph(source) is not None:
        decided = list(_yes_or_no(value, source, numbers, line))  # a decision, and nothing printed tells more
        if not any(e.family == "kcolor" for e in decided):
            decided += _decides_colourability(program, call, source, numbers)
        return decided
    if source is None and len(numbers) == 2 and type(value) is int:
        return _arithmetic_checked(program, call, numbers, value, own)
    if source is None and len(numbers) == 2 and _is_table(value):
        reason = "returns a table of values on its two numbers, not one sum, difference or product"
        return [Evidence(f, -STRUCTURED, f"{reason} ({followed})", line) for f in ("add", "sub", "mul")]
    if own is not None and own[1] >= STRUCTURED:
        return [Evidence(own[0], own[1], f"{own[2]} ({followed} on the program's data)", line)]
    probed = [_probe(program, call, source, numbers, n, edges) for n, edges in PROBES] if source else []
    families = {p[0] for p in probed if p is not None}
    if probed and None not in probed and len(families) == 1 and (own is None or own[0] in families):
        family, weight, reason = max(p for p in probed if p is not None)
        if own is not None and weight < CONFIRMED:  # one family's optimum on every graph: no coincidence
            weight = CONFIRMED
        return [Evidence(family, weight, f"{reason} ({followed} on a probe graph in its place)", line)]
    if source is not None and own is None and families <= {"kcolor", "maxcut"} and _colouring_or_cut(value, source):
        settled = _probe(program, call, source, numbers, *ODD_CYCLE_PROBE)
        if settled is not None:
            family, weight, reason = settled
            return [Evidence(family, weight, f"{reason} ({followed} on an odd cycle in its place)", line)]
    if own is None or families - {own[0]}:
        return []  # no answer, or the probes contradict the program's own answer
    return [Evidence(own[0], own[1], f"{own[2]} ({followed} on the program's data)", line)]


#: operand pairs on which sum, both differences, product, gcd and the other usual two-number
#: functions all differ: a result that fits an operation on the program's own pair by chance
#: (gcd(60, 48) = 60 - 48) does not fit it on these
PROBE_OPERANDS = ((23, 9), (41, 17))


def _arithmetic_checked(
    program: Program, call: Call, numbers: list[Any], value: int, own: tuple[str, float, str] | None
) -> list[Evidence]:
    """Arithmetic evidence from an integer the call returns on two integers, checked by calling it
    again on :data:`PROBE_OPERANDS` in their place: an operation counts when it fits every time
    (or when the call cannot be repeated); an integer that is no sum, difference or product of its
    operands, here or on the probes, counts against the three."""
    line = call.node.lineno
    results = [_on_operands(program, call, numbers, pair) for pair in PROBE_OPERANDS]
    leaders = (
        None
        if any(result is None for result in results)
        else [
            _leader(_judge_arithmetic(result, *pair)) if type(result) is int else None
            for result, pair in zip(results, PROBE_OPERANDS, strict=True)
        ]
    )
    if own is None:
        a, b = numbers
        if type(a) is int and type(b) is int and value == math.gcd(a, b) and value not in (a, b):
            reason = f"returns {value}, the greatest common divisor of {a} and {b}: no factoring, sum or product"
            return [Evidence(f, -STRUCTURED, reason, line) for f in ("add", "sub", "mul", "factor")]
        if leaders is not None and all(leader is None for leader in leaders):
            reason = (
                f"returns {value} on {a} and {b}, neither their sum, difference nor product (nor on probe operands)"
            )
            return [Evidence(f, -STRUCTURED, reason, line) for f in ("add", "sub", "mul")]
        return []
    if leaders is None:
        return [Evidence(own[0], own[1], f"{own[2]} (its entry call followed on the program's data)", line)]
    if any(leader is None or leader[0] != own[0] for leader in leaders):
        return []  # a coincidence of the program's own operands
    return [Evidence(own[0], own[1], f"{own[2]}, and on probe operands (its entry call followed)", line)]


def _on_operands(program: Program, call: Call, numbers: list[Any], pair: tuple[int, int]) -> Any:
    """The call's value with ``pair`` in place of its two integer arguments; ``None`` when they are
    not both arguments of the call (read from elsewhere) or the value cannot be followed."""
    arguments: list[ast.expr] = []
    todo = list(zip(numbers, pair, strict=True))
    for arg in call.node.args:
        given = program.eval(arg, call.env) if todo else None
        if todo and type(given) is int and given == todo[0][0]:
            arguments.append(ast.copy_location(ast.Constant(value=todo.pop(0)[1]), arg))
        else:
            arguments.append(arg)
    if todo:
        return None
    value = _call_again(program, call, arguments, copy.deepcopy(call.env), printed=True)
    return None if value is UNKNOWN else value


def _call_again(
    program: Program, call: Call, arguments: list[ast.expr], env: dict[str, Value], printed: bool = False
) -> Any:
    """The entry call's value with other arguments (probe data in their place), in ``env``."""
    node = ast.copy_location(ast.Call(func=call.node.func, args=arguments, keywords=call.node.keywords), call.node)
    return _outcome(program, replace(call, node=node, env=env), printed)


#: lines a script on numbers may print for its last one to be its answer (more: a table of values)
MAX_PRINTED_LINES = 3


def _outcome(program: Program, call: Call, printed: bool = False) -> Any:
    """What the call returns; with ``printed``, for a script on numbers
    (:data:`~c2q.codeparse.instance.SCRIPT`), which returns nothing, the last line it prints, when it
    prints a few (the operands, then the sum); a table of many values is no one answer. A call that
    returns nothing or yes/no and prints nothing but fills one list or dict it is given (a colour per
    node, the cliques found) answers with it, as if it printed it."""
    value = program.evaluate(call)
    if printed and value is None and call.function is not None and call.function.name == SCRIPT:
        if len(program.printed) > MAX_PRINTED_LINES:
            program.printed.clear()  # no line of it is the answer either
        return program.printed[-1] if program.printed else UNKNOWN
    if value is None or isinstance(value, bool):  # solve(g, k, colour, 0) fills colour: that is its answer
        filled = [
            program.evaluated[arg.id].obj
            for arg in call.node.args
            if isinstance(arg, ast.Name)
            and arg.id in program.evaluated
            and isinstance(program.evaluated[arg.id].obj, list | dict)
            and program.evaluated[arg.id].obj != call.env[arg.id].obj
        ]
        if len(filled) == 1 and not program.printed:
            program.printed.append(filled[0])
    return value


def _yes_or_no(answer: bool, source: Datum, numbers: list[Any], line: int) -> Iterator[Evidence]:
    """What a yes/no answer on a graph rules out. Finding a cut, a set or a cover is answered by
    the set, its size or its weight, never by yes or no; "can it be coloured with ``k`` colours?"
    and "has it a clique of ``k`` nodes?" are, when the answer is right for the graph for some
    ``k`` the call may mean: the one positive integer it passes besides the node count (which
    may also be a start node) or, for colouring, 2 (a bipartiteness test)."""
    labels, edges = _graph(source) or ([], [])
    given = [x for x in numbers if type(x) is int and x != len(labels)]
    reason = f"returns {answer} on its graph: a yes/no answer, not a cut, set or cover"
    for family in ("maxcut", "mis", "vc"):
        yield Evidence(family, -STRUCTURED, reason, line)
    if len(given) > 1:
        return
    sizes = [k for k in given if k > 0]
    optima = _graph_optima(len(labels), edges)
    if all(answer != (optima["kcolor"] <= k) for k in {2, *sizes}):
        said = "can" if not answer else "cannot"
        colours = " or ".join(map(str, sorted({2, *sizes})))
        yield Evidence(
            "kcolor",
            -STRUCTURED,
            f"returns {answer} on its graph, which {said} be coloured with {colours} colours",
            line,
        )
    if all(answer != (optima["clique"] >= k) for k in sizes):  # also when no size is given
        yield Evidence(
            "clique", -STRUCTURED, f"returns {answer} on its graph: not whether it has a clique of the size given", line
        )


#: a bipartite probe with cycles (a hexagon and a long diagonal): yes to "two colours?" where the
#: other probes say no
BIPARTITE_PROBE = (6, ((0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0), (0, 3)))


def _decides_colourability(program: Program, call: Call, source: Datum, numbers: list[Any]) -> list[Evidence]:
    """Colouring evidence from a yes/no call that answers "can this graph be coloured with ``k``
    colours?" right on every probe graph (:data:`PROBES` and a bipartite one), yes on some and no
    on others: a bipartiteness test (``k`` = 2) or an m-colouring decision."""
    nodes = _node_labels(source) or []
    given = [x for x in numbers if type(x) is int and x > 0 and x != len(nodes)]
    if len(given) > 1:
        return []
    k = given[0] if given else 2
    answers, truths = [], []
    for n, edges in (*PROBES, BIPARTITE_PROBE):
        run = _on_probe(program, call, source, n, edges)
        if run is None or not isinstance(run[0], bool):
            return []
        answers.append(run[0])
        truths.append(_chromatic_number(n, [(u, v, 1.0) for u, v in edges], 2) <= k)
    if answers != truths or len(set(answers)) < 2:
        return []
    reason = f"answers whether a graph can be coloured with {k} colours, right on probe graphs in its place"
    return [Evidence("kcolor", STRUCTURED, reason, call.node.lineno, size=k)]


#: probe graphs (nodes 0..n-1, found by a search over random graphs) on which no set of nodes fits
#: two families: no maximum or maximal independent set, minimum or minimal cover, clique or maximum
#: cut side passes for another family's answer; the first also has five different optima (maximum
#: cut 10, independent set 2, vertex cover 5, clique 3, chromatic number 4)
PROBES: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] = (
    (
        7,
        (
            (0, 1),
            (0, 2),
            (0, 4),
            (0, 5),
            (0, 6),
            (1, 4),
            (1, 6),
            (2, 3),
            (2, 5),
            (2, 6),
            (3, 4),
            (3, 5),
            (3, 6),
            (4, 5),
        ),
    ),
    (8, ((0, 2), (0, 7), (1, 2), (1, 6), (1, 7), (3, 4), (3, 5), (3, 6), (3, 7), (4, 5), (4, 6), (5, 6))),
)
#: an odd cycle: it has no 2-colouring, and a greedy colouring with 3 colours succeeds in any order,
#: so a colouring and a maximum cut's sides differ on it (on a bipartite graph they coincide)
ODD_CYCLE_PROBE: tuple[int, tuple[tuple[int, int], ...]] = (5, ((0, 1), (1, 2), (2, 3), (3, 4), (0, 4)))


def _answer_leader(
    value: Any, printed: list[Any], source: Datum | None, numbers: list[Any]
) -> tuple[str, float, str] | None:
    """The family the call's answer fits: what it returns, or, when it returns nothing telling
    (``None``, ``True``), what it prints (a colouring printed one colour at a time is one line).
    Printed answers must agree: two that name different families say nothing."""
    if value is not UNKNOWN and value is not None and not isinstance(value, bool):
        return _leader(_judge(value, source, numbers))
    leaders = [leader for shown in printed if (leader := _leader(_judge(shown, source, numbers))) is not None]
    return max(leaders) if len({f for f, *_ in leaders}) == 1 else None


def _leader(verdicts: Verdicts) -> tuple[str, float, str] | None:
    """The family a value fits best, if one fits better than every other."""
    best: dict[str, tuple[float, str]] = {}
    for family, weight, reason in verdicts:
        if weight > best.get(family, (0.0, ""))[0]:
            best[family] = (weight, reason)
    if not best:
        return None
    strongest = max(w for w, _ in best.values())
    leaders = [f for f, (w, _) in best.items() if w == strongest]
    return (leaders[0], *best[leaders[0]]) if len(leaders) == 1 else None


def _judge(value: Any, source: Datum | None, numbers: list[Any]) -> Verdicts:
    if value is UNKNOWN or value is None or isinstance(value, bool):
        return
    graph = _graph(source) if source is not None else None
    pair = isinstance(value, tuple | list) and len(value) == 2
    if graph is not None and pair and all(isinstance(side, list | tuple | set) for side in value):
        sides = [_node_set(side, graph[0]) for side in value]  # two sides: judged as a cut only
        if None not in sides:
            yield from _judge_partition(sides[0] or 0, sides[1] or 0, *graph)
        return
    parts = [value, *value] if isinstance(value, tuple) else [value]  # (size, nodes): each part too
    if isinstance(value, list) and len(value) == 2 and sum(map(is_number, value)) == 1:
        # a printed line of an answer and its value ([tour, length]): the answer too (not the data printed)
        parts += [x for x in value if not is_number(x) and (source is None or x != source.value.obj)]
    for part in parts:
        if isinstance(part, bool) or part is None:
            continue
        if source is not None:
            if graph is not None:
                yield from _judge_graph(part, *graph)
            distances = _distances(source)
            if distances is not None:
                yield from _judge_tour(part, distances)
        elif len(numbers) == 2:
            yield from _judge_arithmetic(part, *numbers)
        elif len(numbers) == 1:
            yield from _judge_factors(part, numbers[0])


def _is_table(value: Any) -> bool:
    """Many values (a times table as text, or as a list of numbers): no one result of an operation."""
    if isinstance(value, str):
        return value.count("\n") >= MAX_PRINTED_LINES
    return isinstance(value, list | tuple) and len(value) > MAX_PRINTED_LINES and all(map(is_number, value))


def _colouring_or_cut(value: Any, source: Datum) -> bool:
    """Whether the answer is a 2-colouring of a bipartite graph: a proper colouring and a maximum
    cut's sides alike, and nothing else."""
    best: dict[str, float] = {}
    for family, weight, _ in _judge(value, source, []):
        best[family] = max(weight, best.get(family, 0.0))
    return set(best) == {"kcolor", "maxcut"} and best["kcolor"] == best["maxcut"]


def _probe(
    program: Program, call: Call, source: Datum, numbers: list[Any], n: int, edges: tuple[tuple[int, int], ...]
) -> tuple[str, float, str] | None:
    """The family the call's answer fits with a probe graph in place of the program's graph (and the
    probe's node count in place of an integer equal to the program's); ``None`` when the graph
    cannot be swapped or the answer says nothing."""
    run = _on_probe(program, call, source, n, edges)
    if run is None:
        return None
    value, probe_source, count = run
    return _answer_leader(value, program.printed, probe_source, [n if x == count else x for x in numbers])


def _on_probe(
    program: Program, call: Call, source: Datum, n: int, edges: tuple[tuple[int, int], ...]
) -> tuple[Any, Datum, int] | None:
    """The call's value with a probe graph in place of the program's graph, the probe (as the
    program holds it) and the program's node count; ``None`` when the graph cannot be swapped."""
    original = source.value.obj
    nodes = _node_labels(source)
    labels = _probe_labels(nodes, n) if nodes is not None else None
    probe = _shaped_like(source, labels, edges) if labels is not None else None
    if probe is None or nodes is None:
        return None
    count = len(nodes)

    def swapped(obj: Any) -> Any:
        if obj == original:
            return copy.deepcopy(probe)
        if _per_node(obj, count):  # colour = [0] * len(graph): one entry per node, as long as the probe
            return [obj[0]] * n
        return n if type(obj) is int and obj == count else UNKNOWN

    env = copy.deepcopy(call.env)
    placed = False
    for name, held in list(env.items()):  # names the function reads, and the attributes of objects
        if isinstance(held.obj, ObjectData):
            for attr, value in list(held.obj.attrs.items()):
                if (new := swapped(value)) is not UNKNOWN:
                    held.obj.attrs[attr], placed = new, placed or new is not n
        elif (new := swapped(held.obj)) is not UNKNOWN:
            env[name], placed = Value(new, held.line, name), placed or new is not n
    arguments: list[ast.expr] = []
    for i, arg in enumerate(call.node.args):  # literal arguments: maxcut([(0, 1), ...])
        new = swapped(program.eval(arg, call.env)) if not isinstance(arg, ast.Name) else UNKNOWN
        if new is not UNKNOWN:
            env[f"__probe{i}"], placed = Value(new, call.node.lineno, f"__probe{i}"), placed or new is not n
            arg = ast.Name(id=f"__probe{i}", ctx=ast.Load())
        arguments.append(arg)
    if not placed:
        return None
    value = _call_again(program, call, arguments, env)
    return value, Datum(source.param, Value(probe, source.value.line, "probe"), source.kind), count


def _per_node(obj: Any, count: int) -> bool:
    """A list with one equal entry per node (``[0] * n``, ``[False] * n``, ``[-1] * n``): a program's
    state for each node, set before the search fills it."""
    return (
        isinstance(obj, list)
        and len(obj) == count > 1
        and all(x is None or type(x) in (int, float, bool) for x in obj)
        and len({repr(x) for x in obj}) == 1
    )


def _probe_labels(labels: list[Any], n: int) -> list[Any] | None:
    """Node names for an ``n``-node probe, of the kind the program's graph uses (the program may
    rely on them: ``graph["a"]``): its own first ``n`` names, or its integers followed by the next
    ones after the largest (``1..n``; ``[1, 2, 3, 5, 6]`` then 7, 8); ``None`` when neither fits."""
    if len(labels) >= n:
        return labels[:n]
    if labels and all(type(x) is int for x in labels):
        return labels + list(range(max(labels) + 1, max(labels) + 1 + n - len(labels)))
    return None


def _shaped_like(source: Datum, labels: list[Any], edges: tuple[tuple[int, int], ...]) -> Any:
    """The probe graph (``edges`` between indices of ``labels``) in the representation the program's
    graph has; ``None`` for another one."""
    obj = source.value.obj
    n = len(labels)
    named = [(labels[u], labels[v]) for u, v in edges]
    if source.kind == "graph" and isinstance(obj, GraphData):
        return GraphData(nodes=list(labels), edges=dict.fromkeys(named), indexed=obj.indexed)
    if source.kind == "edges" and isinstance(obj, list | tuple) and obj:
        first = obj[0]
        weight = [type(first[2])(1) if is_number(first[2]) else first[2]] if len(first) == 3 else []
        make = type(first)
        if hasattr(make, "_fields"):  # a named tuple takes its fields one by one
            return [make(u, v, *weight) for u, v in named]
        return [make([u, v, *weight]) for u, v in named]
    if source.kind == "matrix" and labels == list(range(n)) and all(x in (0, 1) for row in obj for x in row):
        one, zero = type(obj[0][0])(1), type(obj[0][0])(0)
        return [[one if (i, j) in edges or (j, i) in edges else zero for j in range(n)] for i in range(n)]
    if source.kind == "adjacency" and isinstance(obj, dict):
        return {x: [v if u == x else u for u, v in named if x in (u, v)] for x in labels}
    return None


# ---- graphs --------------------------------------------------------------------------------------
def _named_parts(source: Datum) -> tuple[list[Any], list[tuple[Any, Any, float | None]]] | None:
    """A graph's node names in the program's order (sorted when only edges name them), and its
    edges between those names."""
    if source.kind not in ("graph", "edges", "adjacency", "matrix"):
        return None
    nodes, edges = graph_parts(source)
    if nodes is None:
        nodes = sorted({x for e in edges for x in e[:2]}, key=lambda x: (isinstance(x, str), str(x)))
    return nodes, edges


def _node_labels(source: Datum) -> list[Any] | None:
    """The names of a graph's nodes, in the program's order."""
    parts = _named_parts(source)
    return None if parts is None else parts[0]


def _graph(source: Datum) -> tuple[list[Any], Edges] | None:
    """(node labels, edges as (index, index, weight)) of a graph the brute force can handle."""
    parts = _named_parts(source)
    if parts is None:
        return None
    nodes, edges = parts
    index = {label: i for i, label in enumerate(nodes)}
    if not edges or len(nodes) > MAX_NODES or any(u not in index or v not in index for u, v, _ in edges):
        return None
    if any(w is not None and not is_number(w) for *_, w in edges):
        return None
    return nodes, [(index[u], index[v], 1.0 if w is None else float(w)) for u, v, w in edges if u != v]


def _judge_graph(value: Any, labels: list[Any], edges: Edges) -> Verdicts:
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


def _judge_node_set(chosen: int, n: int, edges: Edges, optima: dict[str, float]) -> Verdicts:
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
        elif chosen != everything and _matched(chosen, edges):
            yield (
                "vc",
                VALID,
                "returns both ends of a maximal matching's edges: a vertex cover within twice the minimum",
            )
    if _is_clique(chosen, edges) and size >= 2:
        if size == optima["clique"] and size >= 3:
            yield "clique", STRUCTURED, "returns a maximum clique of its graph"
        elif size == optima["clique"]:  # one edge: any path or pair of neighbours is one
            yield "clique", VALID, "returns a maximum clique of its graph, one edge"
        elif not any(_is_clique(chosen | o, edges) for o in others) and size >= 3:
            yield "clique", VALID, "returns a maximal clique of its graph"
    if math.isclose(_cut(chosen, edges), optima["maxcut"]):
        yield "maxcut", STRUCTURED, "returns one side of a maximum cut of its graph"


def _matched(chosen: int, edges: Edges) -> bool:
    """Whether the edges between the chosen nodes match them all in pairs (the textbook 2-approximate
    vertex cover takes both ends of each edge of a maximal matching)."""
    inside = nx.Graph((u, v) for u, v, _ in edges if chosen >> u & 1 and chosen >> v & 1)
    if inside.number_of_nodes() != chosen.bit_count():
        return False
    return 2 * len(nx.max_weight_matching(inside, maxcardinality=True)) == chosen.bit_count()


def _judge_partition(first: int, second: int, labels: list[Any], edges: Edges) -> Verdicts:
    partition = first & second == 0 and first | second == (1 << len(labels)) - 1
    if partition and math.isclose(_cut(first, edges), _graph_optima(len(labels), edges)["maxcut"]):
        yield "maxcut", STRUCTURED, "returns the two sides of a maximum cut of its graph"


def _judge_labelling(labelling: list[Any], n: int, edges: Edges, optima: dict[str, float]) -> Verdicts:
    if all(labelling[u] != labelling[v] for u, v, _ in edges):
        yield "kcolor", STRUCTURED, f"returns a proper colouring of its graph with {len(set(labelling))} colours"
    if set(labelling) <= {0, 1}:
        side = sum(1 << i for i, x in enumerate(labelling) if x)
        if math.isclose(_cut(side, edges), optima["maxcut"]):
            yield "maxcut", STRUCTURED, "returns a side per node that makes a maximum cut of its graph"


def _graph_optima(n: int, edges: Edges) -> dict[str, float]:
    """Maximum cut, maximum independent set, minimum vertex cover, maximum clique, chromatic number."""
    every = range(1 << n)
    independent = max(s.bit_count() for s in every if _is_independent(s, edges))
    clique = max(s.bit_count() for s in every if _is_clique(s, edges))
    return {
        "maxcut": max(_cut(s, edges) for s in range(1 << max(n - 1, 0))),  # node n-1 on side 0
        "mis": independent,
        "vc": n - independent,
        "clique": clique,
        "kcolor": _chromatic_number(n, edges, clique),
    }


def _cut(side: int, edges: Edges) -> float:
    return sum(w for u, v, w in edges if (side >> u & 1) != (side >> v & 1))


def _is_independent(chosen: int, edges: Edges) -> bool:
    return not any(chosen >> u & 1 and chosen >> v & 1 for u, v, _ in edges)


def _is_clique(chosen: int, edges: Edges) -> bool:
    members = [i for i in range(chosen.bit_length()) if chosen >> i & 1]
    adjacent = {frozenset((u, v)) for u, v, _ in edges}
    return all(frozenset(pair) in adjacent for pair in itertools.combinations(members, 2))


def _chromatic_number(n: int, edges: Edges, clique: int) -> int:
    """The fewest colours, by backtracking from the clique size up (a lower bound). Nodes are
    coloured most-connected first, and a node takes at most one colour not used yet: colourings
    that differ by renaming colours are tried once (a complete graph is a single path)."""
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for u, v, _ in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    order = sorted(range(n), key=lambda i: -len(neighbours[i]))

    def colourable(k: int) -> bool:
        colours = [-1] * n

        def place(position: int, used: int) -> bool:
            if position == n:
                return True
            i = order[position]
            for c in range(min(k, used + 1)):
                if all(colours[j] != c for j in neighbours[i]):
                    colours[i] = c
                    if place(position + 1, max(used, c + 1)):
                        return True
            colours[i] = -1
            return False

        return place(0, 0)

    return next(k for k in range(max(clique, 1), n + 1) if colourable(k))


def _is_label(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or isinstance(x, str | tuple)


def _node_set(value: Any, labels: list[Any]) -> int | None:
    """A collection of distinct node labels, not all of them, as a bit mask; ``None`` otherwise."""
    if not isinstance(value, list | tuple | set | frozenset) or isinstance(value, str):
        return None
    items = list(value)
    index = {label: i for i, label in enumerate(labels)}
    if len(set(map(repr, items))) != len(items) or any(not _is_label(x) or x not in index for x in items):
        return None
    if not items or len(items) == len(labels):
        return None  # every node: an order of the nodes (a tour), or nothing chosen
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


def _judge_tour(value: Any, matrix: list[list[float]]) -> Verdicts:
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
    else:
        yield "tsp", VALID, "returns a tour visiting each of its cities once"


def _length(order: tuple[int, ...], matrix: list[list[float]]) -> float:
    return sum(matrix[order[i - 1]][order[i]] for i in range(len(order)))


# ---- numbers -------------------------------------------------------------------------------------
def _judge_arithmetic(value: Any, a: Any, b: Any) -> Verdicts:
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


def _judge_factors(value: Any, n: Any) -> Verdicts:
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
