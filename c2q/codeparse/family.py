"""Which problem family a program solves: a small scored rule set over evidence in its source.

Every rule that fires adds an :class:`Evidence` item (family, weight, reason, line). Evidence
comes from five places, strongest first:

- library calls that name the problem (``nx.algorithms.approximation.maxcut.maximum_cut``,
  ``nx.greedy_color``, ``sympy.factorint``...);
- code shapes that define it: an edge crossing two sets (cut), "no neighbour already chosen"
  (independent set), "either end covered" (vertex cover), "every pair adjacent" (clique),
  colours compared across an edge, a tour summed over a matrix or ``permutations``, trial
  division ``n % d == 0`` with ``n //= d``, and a function returning ``p + q`` / ``p - q`` /
  ``p * q`` of its two parameters;
- names the programmer chose: function, parameter and variable names, split into words
  (``maxcut_bruteforce`` -> ``maxcut``, ``bruteforce``), and the words of comments and strings;
- the shape of the data the program passes: a graph, a distance matrix or coordinates, or
  plain integers.

Each (family, rule, word) counts once, so repetition does not swamp a single strong sign. The
family with the highest total wins; ties and weak totals are refused rather than guessed.
"""

from __future__ import annotations

import ast
import builtins
import io
import itertools
import re
import tokenize
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from c2q.codeparse.values import Program

#: a family needs at least this much evidence to be named
MIN_SCORE = 2.0

#: library functions (last dotted part) that solve a family outright
LIBRARY_CALLS = {
    # networkx, dwave-networkx, igraph, python-tsp
    # (and the problem classes of qiskit-optimization, OpenQAOA and PennyLane's qaoa module)
    "maxcut": (
        "maximum_cut",
        "weighted_maximum_cut",
        "one_exchange",
        "randomized_partitioning",
        "cut_size",
        "Maxcut",
        "MaximumCut",
        "qaoa.maxcut",
    ),
    "mis": (
        "maximal_independent_set",
        "maximum_independent_set",
        "maximum_weighted_independent_set",
        "largest_independent_vertex_sets",
        "independence_number",
        "StableSet",
        "MIS",
        "max_independent_set",
        "independent_vertex_sets",
        "maximal_independent_vertex_sets",
    ),
    "vc": ("min_weighted_vertex_cover", "vertex_cover", "min_vertex_cover", "VertexCover", "MinimumVertexCover"),
    "clique": (
        "find_cliques",
        "find_cliques_recursive",
        "max_weight_clique",
        "graph_clique_number",
        "enumerate_all_cliques",
        "max_clique",
        "maximum_clique",
        "largest_cliques",
        "clique_number",
        "Clique",
        "cliques",  # igraph's methods: g.cliques(4, 4), g.maximal_cliques()
        "maximal_cliques",
    ),
    "kcolor": (
        "greedy_color",
        "equitable_color",
        "chromatic_number",
        "min_vertex_color",
        "vertex_color",
        "vertex_coloring_greedy",
    ),
    "tsp": (
        "traveling_salesman_problem",
        "Tsp",
        "TSP",
        "christofides",
        "simulated_annealing_tsp",
        "greedy_tsp",
        "solve_tsp_dynamic_programming",
        "solve_tsp_brute_force",
        "solve_tsp_local_search",
        "solve_tsp_simulated_annealing",
    ),
    "factor": ("factorint", "primefactors", "factor_list", "divisors", "Shor"),  # Qiskit's Shor(...).factor(N)
    # the arithmetic of Qiskit's circuit library
    "add": (
        "operator.add",
        "numpy.add",
        "qiskit.circuit.library.CDKMRippleCarryAdder",
        "qiskit.circuit.library.DraperQFTAdder",
        "qiskit.circuit.library.VBERippleCarryAdder",
    ),
    "sub": ("operator.sub", "numpy.subtract"),
    "mul": (
        "operator.mul",
        "numpy.multiply",
        "math.prod",
        "qiskit.circuit.library.RGQFTMultiplier",
        "qiskit.circuit.library.HRSCumulativeMultiplier",
    ),
}
#: library calls that are weaker evidence (last dotted part, or cpmpy's Circuit, not a quantum
#: circuit -> family, weight, what it is): a distance
#: between two points builds a tour's lengths, and also a nearest neighbour's, a cluster's or a
#: closest pair's; a circuit constraint (cpmpy's ``Circuit``, OR-tools' ``AddCircuit``) is a tour
#: through every node, a shortest one when its arcs' costs are minimised (else a Hamiltonian cycle)
WEAK_CALLS = {
    "hypot": ("tsp", 1.0, "a distance between points"),
    "dist": ("tsp", 1.0, "a distance between points"),
    "euclidean": ("tsp", 1.0, "a distance between points"),
    "cpmpy.Circuit": ("tsp", 2.0, "a circuit constraint: a tour through every node"),
    "AddCircuit": ("tsp", 2.0, "a circuit constraint: a tour through every node"),
}
#: library names that sound like a family's and are something else: igraph's VertexCover is a
#: cover of the nodes by groups (overlapping clusters), not a vertex cover
HOMONYMS = {"igraph.VertexCover"}
#: words (of identifiers, comments and strings) that name a family
WORDS = {
    "maxcut": r"(max|min)?cuts?|maxcut\w*|bipartition",
    "mis": r"independent|indep|indset|indepset|mis|stable|independentsets?|stablesets?",
    "vc": r"covers?|covering|vc|vertexcovers?",
    "clique": r"cliques?|bron|kerbosch|bronk|bronkerbosch",
    "kcolor": r"k?colou?r(s|ing|ings|ed)?|chromatic|kcolou?r\w*|(is|check)bipartite",
    "tsp": r"tsp|salesman|tours?|routes?|city|cities|travel\w*|itinerary",
    "factor": (
        r"factor(s|ing|is\w*|iz\w*|ed)?|factorint|prime_?factors?|primes?|divisors?|pollard|fermat|rho|brent|wheel"
    ),
    "add": r"add(ition|er|s)?|sum|plus|carry",
    "sub": r"sub(tract\w*)?|diff(erence)?|minus|borrow",
    "mul": r"mul(t|tiply|tiplication|tiplied)?|product|times|karatsuba",
}
WORD_PATTERNS = {family: re.compile(rf"^(?:{pattern})$") for family, pattern in WORDS.items()}
GRAPH_AND_TOUR = ("maxcut", "mis", "vc", "clique", "kcolor", "tsp")
#: words that name a neighbouring problem, and the families each one argues against: min cut and
#: flows are not MaxCut, shortest paths and spanning trees are not a tour or a colouring,
#: primality tests and factorials are not factoring (nor is a common divisor, though Shor's
#: algorithm computes one: that is judged from what a program returns), a Hamiltonian cycle is not
#: a shortest tour, and a prize-collecting tour or a vehicle routing plan is not a travelling
#: salesman's
NEAR_MISSES = {
    r"mincut|karger|stoer|wagner|flows?|maxflow|augment\w*|residual|sink|capacit(y|ies)": ("maxcut", "tsp"),
    r"dijkstra|bellman|ford|fulkerson|floyd|warshall|shortest|spanning|mst|kruskal|prim|topological": GRAPH_AND_TOUR,
    # a Hamiltonian cycle or path (not a cost Hamiltonian, which every QAOA program has)
    r"hamiltonian(cycle|path|circuit)s?|knapsack|queens|sudoku": GRAPH_AND_TOUR,
    r"setcover\w*|setpacking|setpartition\w*": ("vc", "mis"),
    r"covering|coverage|facility|facilities": ("tsp",),  # distances between places, but no tour
    # tours that may skip places or share the work between vehicles
    r"prize|collecting|orienteering|c?vrp\w*|subcircuit|subpath|pickups?|deliver(y|ies)": ("tsp",),
    r"edgecolou?r(s|ing|ings)?": ("kcolor",),  # a colour per edge, not per node
    r"sieve|primality|isprime|miller|rabin|factorial|fibonacci|strassen": (
        "factor",
        "mul",
        "add",
        "sub",
    ),
}
_NEAR_MISS_RE = [(re.compile(rf"^(?:{pattern})$"), families) for pattern, families in NEAR_MISSES.items()]


def near_miss(word: str) -> bool:
    """Whether a word (of :func:`split_words`) names a neighbouring problem."""
    return any(pattern.match(word) for pattern, _ in _NEAR_MISS_RE)


#: weight of a word by where it appears
WORD_WEIGHTS = {
    "name of the called function": 3.0,
    "a function name": 2.0,
    "a parameter name": 1.0,
    "a variable name": 1.0,
    "a comment or string": 1.0,
    "a library function's name": 2.0,
}
ARITHMETIC = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul"}


@dataclass(frozen=True)
class Evidence:
    """One reason to believe a program solves ``family``."""

    family: str
    weight: float
    reason: str
    line: int
    #: the colour count or clique size the evidence implies (a yes/no answer about ``k`` colours)
    size: int | None = None

    @property
    def rank(self) -> int:
        """Library calls first, then code shapes, then names and text, then the data's shape."""
        if self.reason.startswith("calls "):
            return 0
        return 3 if self.line == 0 else 2 if "'" in self.reason else 1

    def __str__(self) -> str:
        return f"{self.reason} (line {self.line})" if self.line else self.reason


def score(source: str, program: Program, data_kind: str | None) -> tuple[dict[str, float], list[Evidence]]:
    """Total evidence per family and the evidence itself, strongest first.

    :param data_kind: ``graph``, ``matrix``, ``distances``, ``points``, ``numbers`` or ``None`` (no data found).
    """
    seen: set[tuple[str, str]] = set()
    evidence = []
    for item in _collect(source, program, data_kind):
        key = (item.family, item.reason)
        if key not in seen:
            seen.add(key)
            evidence.append(item)
    totals: dict[str, float] = defaultdict(float)
    for item in evidence:
        totals[item.family] += item.weight
    evidence.sort(key=lambda e: (e.rank, -e.weight, e.line))
    return dict(totals), evidence


def _collect(source: str, program: Program, data_kind: str | None) -> Iterator[Evidence]:
    called = {call.function.name for call in program.calls if call.function and not call.builds}
    yield from _library_calls(program)
    yield from _vehicle_routing(program)
    yield from _library_names(program)
    yield from _shapes(program.tree)
    yield from _identifier_words(program.tree, called)
    yield from _text_words(source)
    yield from _data(data_kind)


def _library_calls(program: Program) -> Iterator[Evidence]:
    for node in ast.walk(program.tree):
        if not isinstance(node, ast.Call):
            continue
        name = program.qualified(node.func)
        if name in HOMONYMS:
            continue
        for family, names in LIBRARY_CALLS.items():
            if any(name == n or name.endswith("." + n) for n in names):
                yield Evidence(family, 4.0, f"calls {name}", node.lineno)
        if name == "Circuit" and "cpmpy" in program.star_imports:  # from cpmpy import *; not a quantum circuit
            name = "cpmpy.Circuit"
        key = name if name in WEAK_CALLS else name.rsplit(".", 1)[-1]
        if key in WEAK_CALLS and "." in name:  # a library's, not the program's own function of that name
            family, weight, what = WEAK_CALLS[key]
            yield Evidence(family, weight, f"calls {name} ({what})", node.lineno)


def contested(program: Program, family: str) -> tuple[str, list[int], list[int]] | None:
    """Another graph problem that the libraries a program calls name as often as ``family``.

    A program that hands its graph to a library routine naming one problem and to routines naming
    another (a MIS found by QAOA with ``create_max_indep_set_cl_cost_function(G)``, then "checked"
    with ``nx.max_weight_clique(G)``) states two problems; names alone cannot say which one it
    solves. Each family counts the lines where a library call names it (a solving call or a word of
    the routine's name); when a rival family is named on at least as many lines as ``family``, the
    rival and both families' lines are returned. Only the five graph families are weighed: there
    library names are the problem's (a MIP's ``add_cut`` is a cutting plane, not a cut of a graph
    to a TSP model).

    :returns: ``(rival, lines naming family, lines naming rival)``, or ``None`` when ``family`` is
        not contested (or no library names it).
    """
    graphs = DATA_FAMILIES["graph"]
    if family not in graphs:
        return None
    lines: dict[str, set[int]] = defaultdict(set)
    for item in itertools.chain(_library_calls(program), _library_names(program)):
        if item.weight > 0 and item.family in graphs:
            lines[item.family].add(item.line)
    own = lines.get(family, set())
    if not own:
        return None
    rivals = sorted((len(named), rival) for rival, named in lines.items() if rival != family and len(named) >= len(own))
    if not rivals:
        return None
    rival = rivals[-1][1]
    return rival, sorted(own), sorted(lines[rival])


def _vehicle_routing(program: Program) -> Iterator[Evidence]:
    """OR-tools' routing solver (``pywrapcp.RoutingIndexManager(places, vehicles, depot)``): one
    vehicle visiting every place and back is a tour (TSP); several vehicles are vehicle routing,
    another problem. The vehicle count is read where the program made the call (a literal, or a
    value known there: ``data["num_vehicles"]``)."""
    envs = {id(c.node): c.env for c in program.library_calls}
    for node in ast.walk(program.tree):
        if not (isinstance(node, ast.Call) and program.qualified(node.func).endswith("RoutingIndexManager")):
            continue
        if len(node.args) != 3:  # (places, vehicles, depot); starts and ends given apart are not one tour
            continue
        vehicles = program.eval(node.args[1], envs.get(id(node), program.env))
        if vehicles == 1 and type(vehicles) is int:
            yield Evidence("tsp", 4.0, "routes one vehicle from a depot through every place (a tour)", node.lineno)
        elif type(vehicles) is int and vehicles > 1:
            reason = f"routes {vehicles} vehicles (vehicle routing, not one tour)"
            yield Evidence("tsp", -4.0, reason, node.lineno)


_DRAWING = re.compile(r"plot|draw|show|visuali[sz]|render|display|matplotlib|pyplot")


def _library_names(program: Program) -> Iterator[Evidence]:
    """Words in the names of the library functions a program calls (``qubo.minimum_vertex_cover``,
    ``networkx.algorithms.approximation.maxcut``): APIs name the problem they solve whatever the
    program's own names are. Only the graph and tour families: arithmetic and factoring words
    (``numpy.sum``, ``scipy.linalg.lu_factor``) name other things in libraries; nor drawing
    functions (``draw_networkx(G, node_color=...)``, ``plot.graph_with_colored_nodes``), which
    colour and cut whatever they show."""
    for node in ast.walk(program.tree):
        if isinstance(node, ast.Call) and _imported_root(node.func, program):
            name = program.qualified(node.func)
            if _DRAWING.search(name.lower()) or name in HOMONYMS:
                continue
            for item in _words(name, "a library function's name", node.lineno):
                if item.family in GRAPH_AND_TOUR:
                    yield item


def _imported_root(func: ast.expr, program: Program) -> bool:
    """Whether ``func`` names a library's function: through an import, or, after ``from m import *``,
    a name the program does not define (nor Python)."""
    while isinstance(func, ast.Attribute):
        func = func.value
    if not isinstance(func, ast.Name):
        return False
    if func.id in program.aliases:
        return True
    defined = func.id in program.functions or func.id in program.classes or func.id in program.env
    return bool(program.star_imports) and not defined and not hasattr(builtins, func.id)


# ---- code shapes -----------------------------------------------------------------------------
def _shapes(tree: ast.Module) -> Iterator[Evidence]:
    yield from _cut_hamiltonian(tree)
    ends = _unpacked_together(tree)
    moved = {  # names a statement assigns (``current = nxt``), not only a loop
        name.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        for name in ast.walk(target)
        if isinstance(name, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp):
            yield from _membership_shapes(node, ends)
        elif isinstance(node, ast.Compare):
            yield from _compare_shapes(node)
        elif isinstance(node, ast.If):
            yield from _bipartition(node)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.FloorDiv):
            yield Evidence("factor", 1.5, "divides a number down (x //= d)", node.lineno)
        elif isinstance(node, ast.FunctionDef):
            yield from _returns_arithmetic(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "all":
            yield from _all_shapes(node)
        elif isinstance(node, ast.Call) and _call_name(node).endswith("permutations"):
            yield Evidence("tsp", 2.0, "tries permutations (orders of visits)", node.lineno)
        elif isinstance(node, ast.Call) and _call_name(node).endswith("has_edge"):
            yield Evidence("clique", 1.0, "tests adjacency with has_edge", node.lineno)
        elif isinstance(node, ast.Subscript) and _is_matrix_walk(node):
            yield Evidence("tsp", 1.5, "sums matrix entries along a route (m[current][next])", node.lineno)
        elif isinstance(node, ast.Subscript) and _closes_tour(node):
            yield Evidence("tsp", 2.5, "adds the way back to the start (m[last][start])", node.lineno)
        elif isinstance(node, ast.Call) and _call_name(node) == "min" and _nearest(node, moved):
            yield Evidence("tsp", 2.0, "moves to the nearest unvisited city (min by m[current][x])", node.lineno)
        elif isinstance(node, ast.BinOp):
            yield from _binop_shapes(node)
        elif isinstance(node, ast.Assign) and _labels_a_node(node):
            yield Evidence("kcolor", 1.0, "gives each node a computed label (x[node] = ...)", node.lineno)
        elif isinstance(node, ast.Call) and _call_name(node) in ("remove", "discard") and _mentions_neighbours(node):
            yield Evidence("mis", 1.5, "drops a chosen node's neighbours from the candidates", node.lineno)
        elif isinstance(node, ast.comprehension) and _filters_out_neighbours(node):
            yield Evidence("mis", 1.5, "drops a chosen node's neighbours from the candidates", node.iter.lineno)


def _unpacked_together(tree: ast.Module) -> set[frozenset[str]]:
    """Pairs of names that can be the two ends of an edge, as far as the code's shape tells:
    unpacked from one value (``for u, v in edges``, ``u, v = edge``), or the variables of two
    nested loops (``for i in range(n): for j in range(n)``, in statements or comprehensions)."""
    pairs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List) and isinstance(node.ctx, ast.Store):
            names = [e.id for e in node.elts if isinstance(e, ast.Name)]
            pairs |= {frozenset(pair) for pair in itertools.combinations(names, 2)}
        elif isinstance(node, ast.For | ast.AsyncFor) and isinstance(node.target, ast.Name):
            inner = [
                n.target.id
                for n in ast.walk(node)
                if isinstance(n, ast.For | ast.AsyncFor | ast.comprehension)
                and n is not node
                and isinstance(n.target, ast.Name)
            ]
            pairs |= {frozenset((node.target.id, name)) for name in inner}
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            names = [g.target.id for g in node.generators if isinstance(g.target, ast.Name)]
            pairs |= {frozenset(pair) for pair in itertools.combinations(names, 2)}
    return pairs


def _membership_shapes(node: ast.BoolOp, ends: set[frozenset[str]]) -> Iterator[Evidence]:
    """Tests of where the two ends of an edge lie (``u in cover or v in cover``)."""
    tests = [t for v in node.values if (t := _membership(v)) is not None]
    for (x, op1, c1), (y, op2, c2) in itertools.pairwise(tests):
        if x == y or frozenset((x, y)) not in ends:
            continue
        if isinstance(node.op, ast.And) and op1 == op2 == "in" and c1 != c2:
            yield Evidence("maxcut", 3.0, "counts edges with ends in two different sets (a cut)", node.lineno)
        elif isinstance(node.op, ast.Or) and op1 == op2 == "in" and c1 == c2:
            yield Evidence("vc", 3.0, "checks that either end of an edge is chosen (a cover)", node.lineno)
        elif isinstance(node.op, ast.And) and op1 == op2 == "not in" and c1 == c2:
            yield Evidence("vc", 2.0, "picks edges with neither end chosen yet (matching cover)", node.lineno)
        elif isinstance(node.op, ast.And) and op1 == op2 == "in" and c1 == c2:
            yield Evidence("mis", 1.0, "checks whether both ends of an edge are chosen", node.lineno)
    pairs = [_pair_membership(v) for v in node.values]
    if isinstance(node.op, ast.Or) and pairs.count("in") >= 2:
        yield Evidence("clique", 2.0, "tests (u, v) or (v, u) in the edge list", node.lineno)
    if isinstance(node.op, ast.And) and pairs.count("not in") >= 2:
        yield Evidence("mis", 2.0, "tests that (u, v) and (v, u) are not edges", node.lineno)


def _membership(node: ast.expr) -> tuple[str, str, str] | None:
    """``x in C`` / ``x not in C`` with plain names -> (x, op, C)."""
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and isinstance(node.left, ast.Name)
        and isinstance(node.comparators[0], ast.Name)
    ):
        return node.left.id, "in" if isinstance(node.ops[0], ast.In) else "not in", node.comparators[0].id
    return None


def _pair_membership(node: ast.expr) -> str | None:
    """``(u, v) in edges`` -> "in"; ``not in`` -> "not in"."""
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and isinstance(node.left, ast.Tuple)
        and len(node.left.elts) == 2
    ):
        return "in" if isinstance(node.ops[0], ast.In) else "not in"
    return None


def _all_shapes(node: ast.Call) -> Iterator[Evidence]:
    """Conditions inside ``all(...)``: the heart of a greedy independent set, clique or colouring."""
    if not node.args or not isinstance(node.args[0], ast.GeneratorExp | ast.ListComp):
        return
    element = node.args[0].elt
    membership = _membership(element)
    if membership and membership[1] == "not in":
        yield Evidence("mis", 2.5, "adds a node only if no neighbour is already chosen", node.lineno)
    if _pair_membership(element) == "in" or (
        isinstance(element, ast.BoolOp) and any(_pair_membership(v) == "in" for v in element.values)
    ):
        yield Evidence("clique", 2.5, "requires every pair of chosen nodes to be adjacent", node.lineno)
    if isinstance(element, ast.Call) and _call_name(element).endswith("has_edge"):
        yield Evidence("clique", 2.5, "requires every pair of chosen nodes to be adjacent", node.lineno)


def _compare_shapes(node: ast.Compare) -> Iterator[Evidence]:
    left, right = node.left, node.comparators[0]
    op = node.ops[0]
    if isinstance(op, ast.Eq | ast.NotEq) and _both_subscripts_of_same(left, right):
        named = re.search(r"colou?r", _base_name(left) or "")  # type: ignore[arg-type]
        yield Evidence("kcolor", 2.5 if named else 1.0, "compares the labels of two nodes", node.lineno)
    if (
        isinstance(op, ast.NotEq | ast.Eq)
        and isinstance(left, ast.Subscript)
        and isinstance(right, ast.Name)
        and re.search(r"colou?r", _base_name(left) or "")
    ):
        yield Evidence("kcolor", 1.5, "compares a node's colour with a candidate colour", node.lineno)
    if (
        isinstance(op, ast.Eq)
        and isinstance(left, ast.BinOp)
        and isinstance(left.op, ast.Mod)
        and isinstance(left.right, ast.Name)
        and isinstance(right, ast.Constant)
        and right.value == 0
    ):
        yield Evidence("factor", 2.5, "tests divisibility by a variable (n % d == 0)", node.lineno)


def _binop_shapes(node: ast.BinOp) -> Iterator[Evidence]:
    left = node.left
    if (
        isinstance(node.op, ast.Sub)
        and isinstance(left, ast.Call)
        and _call_name(left) == "set"
        and left.args
        and isinstance(left.args[0], ast.Call)
        and _call_name(left.args[0]) == "range"
    ):
        yield Evidence("kcolor", 2.5, "takes the palette range(k) minus the neighbours' colours", node.lineno)
    if isinstance(node.op, ast.Mod) and isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
        square = left.left
        if isinstance(square, ast.BinOp) and isinstance(square.op, ast.Mult | ast.Pow):
            yield Evidence("factor", 2.0, "iterates x*x + c mod n (Pollard rho)", node.lineno)
    if (
        isinstance(node.op, ast.FloorDiv)
        and isinstance(left, ast.BinOp)
        and isinstance(left.op, ast.Mult)
        and isinstance(left.right, ast.BinOp)
        and isinstance(left.right.op, ast.Sub)
    ):
        yield Evidence("clique", 1.5, "counts the edges of a complete graph, k(k-1)/2", node.lineno)


def _labels_a_node(node: ast.Assign) -> bool:
    """``colors[node] = min(available)``: a per-node value computed, not a constant flag."""
    target = node.targets[0]
    return (
        len(node.targets) == 1
        and isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and isinstance(target.slice, ast.Name)
        and isinstance(node.value, ast.Call | ast.Name)
    )


def _mentions_neighbours(node: ast.Call) -> bool:
    return any(isinstance(a, ast.Name) and "neighbo" in a.id for a in node.args)


def _filters_out_neighbours(node: ast.comprehension) -> bool:
    """``[x for x in rest if x not in neighbours]``"""
    for condition in node.ifs:
        test = _membership(condition)
        if test and test[1] == "not in" and "neighbo" in test[2]:
            return True
    return False


def _bipartition(node: ast.If) -> Iterator[Evidence]:
    """``if ...: A.add(x) else: B.add(y)``: nodes split into two sets."""
    first, second = _added_to(node.body), _added_to(node.orelse)
    if first and second and first != second:
        yield Evidence("maxcut", 2.0, f"splits nodes between two sets ({first}, {second})", node.lineno)


def _added_to(body: list[ast.stmt]) -> str | None:
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        return None
    func = body[0].value.func
    if isinstance(func, ast.Attribute) and func.attr in ("add", "append") and isinstance(func.value, ast.Name):
        return func.value.id
    return None


def _returns_arithmetic(node: ast.FunctionDef) -> Iterator[Evidence]:
    """A function whose result is ``p op q`` of two of its parameters."""
    for family, left, right, line in arithmetic_returns(node):
        yield Evidence(family, 3.0, f"returns {left} {_SYMBOL[family]} {right}", line)


def arithmetic_returns(function: ast.FunctionDef) -> Iterator[tuple[str, str, str, int]]:
    """Every ``return p op q`` (op ``+``, ``-``, ``*``) of two different parameters of ``function``:
    (family, p, q, line), in source order."""
    params = {a.arg for a in function.args.args}
    for stmt in ast.walk(function):
        if not (isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.BinOp)):
            continue
        expr = stmt.value
        family = ARITHMETIC.get(type(expr.op))
        if (
            family
            and isinstance(expr.left, ast.Name)
            and isinstance(expr.right, ast.Name)
            and {expr.left.id, expr.right.id} <= params
            and expr.left.id != expr.right.id
        ):
            yield family, expr.left.id, expr.right.id, stmt.lineno


_SYMBOL = {"add": "+", "sub": "-", "mul": "*"}


def _both_subscripts_of_same(left: ast.expr, right: ast.expr) -> bool:
    """``colors[u] == colors[v]``"""
    return (
        isinstance(left, ast.Subscript)
        and isinstance(right, ast.Subscript)
        and _base_name(left) is not None
        and _base_name(left) == _base_name(right)
        and not isinstance(left.value, ast.Subscript)
        and ast.dump(left.slice) != ast.dump(right.slice)
    )


def _is_matrix_walk(node: ast.Subscript) -> bool:
    """``m[a][b]`` where ``a`` and ``b`` are names or route entries (``m[route[i]][route[i+1]]``)."""
    inner = node.value
    return (
        isinstance(inner, ast.Subscript)
        and isinstance(inner.value, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and isinstance(inner.slice, ast.Name | ast.Subscript)
        and isinstance(node.slice, ast.Name | ast.Subscript)
        and not isinstance(node.slice, ast.Constant)
        and _route_like(inner.slice)
        and _route_like(node.slice)
        and (inner.slice.id if isinstance(inner.slice, ast.Name) else "")
        != (node.slice.id if isinstance(node.slice, ast.Name) else "-")
        and not (_edge_end(inner.slice) and _edge_end(node.slice))  # g[e[0]][e[1]]: an edge's data
    )


def _edge_end(node: ast.expr) -> bool:
    """``e[0]`` or ``e[1]``: an end of an edge held as a pair, not a place along a route."""
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value in (0, 1)


def _closes_tour(node: ast.Subscript) -> bool:
    """``m[route[-1]][route[0]]`` or ``m[current][0]``: the leg from the last city back to the first."""
    inner = node.value
    if not (isinstance(inner, ast.Subscript) and isinstance(inner.value, ast.Name | ast.Subscript)):
        return False
    last, first = inner.slice, node.slice
    to_start = _constant(first) == 0 or (isinstance(first, ast.Subscript) and _constant(first.slice) == 0)
    from_last = (isinstance(last, ast.Subscript) and _constant(last.slice) == -1) or (
        isinstance(last, ast.Name) and isinstance(first, ast.Constant)
    )
    return to_start and from_last


def _nearest(node: ast.Call, moved: set[str]) -> bool:
    """``min(candidates, key=lambda c: m[current][c])`` where ``current`` is a name the program moves
    (assigns), as a walk from city to city does; a nearest neighbour of each point in turn
    (``for i in ...``: ``min(..., key=lambda j: d[i][j])``) is no walk."""
    for keyword in node.keywords:
        if keyword.arg == "key" and isinstance(keyword.value, ast.Lambda):
            body = keyword.value.body
            if isinstance(body, ast.IfExp):
                body = body.body
            if not (isinstance(body, ast.Subscript) and isinstance(body.value, ast.Subscript)):
                return False
            indices = []  # m[current][c]["weight"]: current, c, "weight"
            while isinstance(body, ast.Subscript):
                indices.append(body.slice)
                body = body.value
            candidates = {a.arg for a in keyword.value.args.args}
            rows = [i.id for i in indices if isinstance(i, ast.Name) and i.id not in candidates]
            return not rows or any(row in moved for row in rows)
    return False


def _constant(node: ast.expr) -> object:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return -node.operand.value  # type: ignore[operator]
    return node.value if isinstance(node, ast.Constant) else None


def _route_like(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return bool(re.search(r"cit|cur|next|prev|last|first|route|tour|path|node|[uv]$", node.id))
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)


def _base_name(node: ast.Subscript) -> str | None:
    return node.value.id if isinstance(node.value, ast.Name) else None


#: two-qubit ZZ rotations: Qiskit's rzz, PennyLane's IsingZZ, Cirq's ZZ / ZZPowGate
_ZZ_GATES = re.compile(r"^(rzz|RZZ|RZZGate|IsingZZ|ZZ|ZZPowGate|zz)$")
_CNOT_GATES = re.compile(r"^(cx|CX|cnot|CNOT|CNOTGate)$")
_RZ_GATES = re.compile(r"^(rz|RZ|RZGate|Rz|rz_gate)$")


def _cut_hamiltonian(tree: ast.Module) -> Iterator[Evidence]:
    """A ZZ rotation on the two ends of every edge (``rzz``, or ``cx``, ``rz``, ``cx``) or a cost
    operator summing ``Z_u Z_v`` (Pauli terms), and no Z rotation or Z term of single nodes: the
    cost layer of QAOA for a cut (an independent set or a cover would add a field on each node)."""
    loops = [node for node in ast.walk(tree) if isinstance(node, ast.For | ast.AsyncFor)]
    per_edge, per_node = None, False
    for loop in loops:
        names = [_call_name(c) for stmt in loop.body for c in ast.walk(stmt) if isinstance(c, ast.Call)]
        gates = [n for n in names if _ZZ_GATES.match(n) or _CNOT_GATES.match(n) or _RZ_GATES.match(n)]
        zz = (
            any(_ZZ_GATES.match(n) for n in gates)
            or any(
                _CNOT_GATES.match(a) and _RZ_GATES.match(b) and _CNOT_GATES.match(c)
                for a, b, c in zip(gates, gates[1:], gates[2:], strict=False)
            )
            or any(_zz_unitary(c) for stmt in loop.body for c in ast.walk(stmt) if isinstance(c, ast.Call))
        )
        pairs, lone = _pauli_z_terms(loop)
        if zz or pairs:
            per_edge = per_edge or loop
        elif lone or any(_RZ_GATES.match(n) for n in gates):
            per_node = True
    if per_edge is not None and not per_node:
        yield Evidence("maxcut", 3.0, "rotates ZZ on the two ends of each edge (a cut's cost layer)", per_edge.lineno)


def _zz_unitary(call: ast.Call) -> bool:
    """A gate given a ZZ matrix by keyword (TensorCircuit's ``c.exp1(u, v, unitary=tc.gates._zz_matrix)``)."""
    return any(
        isinstance(k.value, ast.Attribute | ast.Name) and "zz" in (ast.unparse(k.value).rsplit(".", 1)[-1]).lower()
        for k in call.keywords
    )


#: a Pauli Z on one qubit: PennyLane's PauliZ(i), quop's and Qiskit-style Z(i, n), sZ(i) (PyQuil
#: writes PauliTerm("Z", i) and sZ(i))
_PAULI_Z = re.compile(r"^(PauliZ|Z|sZ)$")


def _z_qubit(node: ast.expr) -> str | None:
    """The variable a Pauli Z term acts on (``PauliZ(i)``, ``Z(i, n)``, ``PauliTerm("Z", i, 0.5)``)."""
    if not isinstance(node, ast.Call):
        return None
    args = node.args
    if _call_name(node) == "PauliTerm" and len(args) >= 2 and _constant(args[0]) == "Z":
        target = args[1]
    elif _PAULI_Z.match(_call_name(node)) and args:
        target = args[0]
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def _pauli_z_terms(loop: ast.For | ast.AsyncFor) -> tuple[int, int]:
    """Products ``Z_u Z_v`` of two Pauli Z terms on different variables (``*`` or ``@``) in a loop's
    body, and Z terms standing alone (a field on single nodes)."""
    paired: set[int] = set()
    pairs = 0
    for stmt in loop.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.MatMult):
                u, v = _z_qubit(node.left), _z_qubit(node.right)
                if u is not None and v is not None and u != v:
                    pairs += 1
                    paired |= {id(node.left), id(node.right)}
    lone = [
        node
        for stmt in loop.body
        for node in ast.walk(stmt)
        if isinstance(node, ast.Call) and _z_qubit(node) is not None and id(node) not in paired
    ]
    return pairs, len(lone)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


# ---- words -----------------------------------------------------------------------------------
def _identifier_words(tree: ast.Module, called: set[str]) -> Iterator[Evidence]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            where = "name of the called function" if node.name in called else "a function name"
            yield from _words(node.name, where, node.lineno)
            for arg in node.args.args:
                yield from _words(arg.arg, "a parameter name", node.lineno)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield from _words(node.id, "a variable name", node.lineno)


def _text_words(source: str) -> Iterator[Evidence]:
    """Words of comments and string literals."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return
    for token in tokens:
        if token.type in (tokenize.COMMENT, tokenize.STRING):
            for word in re.findall(r"[A-Za-z]+", token.string):
                yield from _words(word, "a comment or string", token.start[0])


def _words(identifier: str, where: str, line: int) -> Iterator[Evidence]:
    for word in split_words(identifier):
        for family, pattern in WORD_PATTERNS.items():
            if pattern.match(word):
                yield Evidence(family, WORD_WEIGHTS[where], f"{where} says '{word}'", line)
        for pattern, families in _NEAR_MISS_RE:
            if pattern.match(word):
                for family in families:  # a neighbouring problem's name counts against the family
                    yield Evidence(family, -1.5 * WORD_WEIGHTS[where], f"{where} says '{word}' (another problem)", line)


#: what a program adds to a container (``addEdge``, ``add_node``): "add" there builds data, it is
#: not an addition
_ADDED_THINGS = re.compile(
    r"^(edges?|nodes?|vert(ex|ices)|neighbou?rs?|arcs?|links?|items?|elements?|child(ren)?|"
    r"clauses?|constraints?|var(iable)?s?|rows?|cit(y|ies)|points?|weights?|entry|entries|to|from|all)$"
)


def split_words(identifier: str) -> list[str]:
    """``maxCut_bruteForce2`` -> ``["max", "cut", "brute", "force"]`` plus the joined ``maxcut``;
    "add" before what is added to a container (``addEdge``) is dropped."""
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", identifier)]
    words = [{"minimum": "min", "maximum": "max"}.get(w, w) for w in words]
    following = [*words[1:], ""][: len(words)]
    words = [w for w, after in zip(words, following, strict=True) if not (w == "add" and _ADDED_THINGS.match(after))]
    joined = [
        a + b
        for a, b in itertools.pairwise(words)
        if a in ("max", "min", "k", "is", "check", "set", "hamiltonian", "edge")
        or (a in ("ind", "indep") and b == "set")
    ]
    return words + joined


# ---- data ------------------------------------------------------------------------------------
DATA_FAMILIES = {
    "graph": ("maxcut", "mis", "vc", "clique", "kcolor"),
    "matrix": ("tsp",),
    "distances": ("tsp",),
    "points": ("tsp",),
    "numbers": ("add", "sub", "mul", "factor"),
}


def _data(kind: str | None) -> Iterator[Evidence]:
    for family in DATA_FAMILIES.get(kind or "", ()):
        yield Evidence(family, 0.25, f"the program passes {kind} data", 0)


def compatible(family: str, kind: str | None) -> bool:
    """Can data of this kind be an instance of ``family``? (No data: anything goes.)"""
    if kind is None:
        return True
    if kind in ("graph", "matrix"):
        return family in (*DATA_FAMILIES["graph"], "tsp")
    if kind == "distances":  # a complete weighted graph: sets, cliques and colourings of it are trivial
        return family in ("tsp", "maxcut")
    if kind == "points":
        return family == "tsp"
    return family in DATA_FAMILIES["numbers"]
