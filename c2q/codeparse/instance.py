"""The instance a program works on: the data it passes to its own function, as a canonical spec.

The entry point is a call, at module level, of a function the program defines. Its explicit
arguments (never parameter defaults such as ``max_iter=1000``) are evaluated statically and
given roles by their shape and their parameter's name: a graph (networkx graph, edge list,
adjacency matrix or adjacency dict), a node count, a number of colours ``k``, a distance matrix
or coordinates, operands, or the number to factor. Anything that cannot be determined is
reported as missing, never filled in.
"""

from __future__ import annotations

import ast
import copy
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from c2q.codeparse.circuits import Register
from c2q.codeparse.family import ARITHMETIC, LIBRARY_CALLS, WORD_PATTERNS, arithmetic_returns, near_miss, split_words
from c2q.codeparse.formulation import makes_variables, model_graph, node_shaped
from c2q.codeparse.library import (
    FOREIGN_GRAPHS,
    GRAPH_CLASSES,
    NX_CONVERTERS,
    NX_GENERATORS,
    NX_SEEDED_GENERATORS,
    UNKNOWN,
    GraphData,
    RoutingIndex,
    SetList,
    edge_weight,
    is_number,
)
from c2q.codeparse.models import BinaryPolynomial
from c2q.codeparse.values import Call, Closure, ObjectData, Program, Script, Value, is_main_guard
from c2q.errors import ProgramError

NODE_COUNT_NAMES = r"n|nn|num_?nodes|n_?nodes|nodes|num_?vertices|n_?vertices|vertex_?count|v_?count|v|nv|num"
#: calls that state data in a script (module -> function names): graphs, arrays, containers
DATA_CONSTRUCTORS = {
    "networkx": GRAPH_CLASSES | NX_CONVERTERS,
    "numpy": {"array", "asarray", "matrix", "zeros", "ones", "full"},
    "collections": {"defaultdict"},
    "": {"dict", "list", "set", "range"},
}
K_NAMES = r"k|kk|(num|n|nb|number_of|max|k)?_?colou?rs?|clique_?size"
#: parameters that take the width of a register, not an operand (``run_addition(num_qubits, a, b)``)
WIDTH_NAMES = r"(num|n|nb|number_of|total)?_?(qubits?|qbits?|bits?|wires?)|(bit_?)?width|precision"
#: data shaped like a problem's instance (not plain numbers)
SHAPED = ("graph", "edges", "adjacency", "matrix", "points")


@dataclass(frozen=True)
class Datum:
    """An argument of the entry call: its parameter, value, where it was set, and its shape."""

    param: str
    value: Value
    kind: str  # graph, edges, matrix, adjacency, points, ints, int, register, number, other
    #: qubits of a quantum register (kind ``register``: the value its X gates set)
    width: int = 0

    @property
    def where(self) -> str:
        """``edges (line 9)``"""
        return f"{self.value.name} (line {self.value.line})"


@dataclass
class Extraction:
    """The entry call's data, before a family is chosen."""

    call: Call | None
    data: list[Datum] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)  # parameter -> argument text that has no value
    #: earlier calls of the same function on data as complete (the entry is the last one)
    others: list[Call | None] = field(default_factory=list)
    #: without an entry call, the call the data implies: a function on the module-level values
    #: named like its parameters (its doctest called it); followed to see what it computes
    implied: Call | None = None
    #: the table of distances the program's own two-point function gives between the integer pairs
    #: of the data (:func:`_pairwise_distances`): a tour's instance, should the program be one
    pairwise: Datum | None = None
    #: a script's numbers (a bound or a counter as well as a problem's operands): the instance only
    #: when what the script computes from them confirms its family
    unconfirmed: bool = False

    @property
    def kind(self) -> str | None:
        """Overall shape: ``graph``, ``matrix`` (weighted), ``distances`` (a matrix with every pair
        weighted: a complete graph), ``points``, ``numbers`` or ``None`` when there is no data."""
        kinds = {d.kind for d in self.data}
        if kinds & {"graph", "edges", "adjacency"}:
            return "graph"
        if "matrix" in kinds:
            matrix = next(d.value.obj for d in self.data if d.kind == "matrix")
            if _is_adjacency(matrix):
                return "graph"
            n = len(matrix)
            return "distances" if all(matrix[i][j] for i in range(n) for j in range(n) if i != j) else "matrix"
        if "points" in kinds:
            return "points"
        if kinds and kinds <= {"int", "register"}:
            return "numbers"
        return None

    @property
    def describe_data(self) -> str:
        """``N = 221 (line 1), ...``"""
        return ", ".join(f"{d.param} = {d.value.obj!r} (line {d.value.line})" for d in self.data)

    @property
    def describe_call(self) -> str | None:
        """``maxcut(G) at line 20``"""
        if self.call is None:
            return None
        return f"{ast.unparse(self.call.node)} at line {self.call.node.lineno}"


@dataclass
class Instance:
    """A canonical spec dict (without validation) and where each field came from."""

    canonical: dict[str, Any]
    sources: dict[str, str]
    notes: list[str] = field(default_factory=list)


def extract(program: Program) -> Extraction:
    """The data of the program's entry point: the call of one of its own functions with the most
    resolvable data (first on a tie); else a call of a library solver (``nx.find_cliques(G)``);
    else module-level variables named like a function's parameters; else, for a script, what it sets
    (followed as :func:`_script_call`). An OR-tools routing model's distances
    (:func:`_routing_distances`) come before all of these: they are what it solves."""
    routed = _routing_distances(program)
    if routed is not None:
        return Extraction(None, [routed])
    library = [c for c in program.library_calls if _solver(program, c)]
    # a function whose value another call takes as data (``edges = ring(5)``, then ``max_clique(edges)``)
    # builds the instance: it is not the entry point
    builders = {
        program.produced_by[name.id]
        for call in program.calls
        for arg in [*call.node.args, *(k.value for k in call.node.keywords)]
        for name in ast.walk(arg)
        if isinstance(name, ast.Name) and name.id in program.produced_by
    }
    own = [c for c in program.calls if not c.builds and (c.function is None or c.function.name not in builders)]
    # a method that changes its object (``g.add_edge(0, 1)``) builds the data; the last one is the
    # entry only when nothing else is, and then on the object as the program leaves it (when known)
    last = [_on_final_object(program, c) for c in reversed(program.calls) if c.builds][:1]
    building = [c for c in last if c is not None]
    # a library routine handed quantum registers the program set with X gates: add_ripple_ex(qc, a, b, s, n)
    registers = [c for c in program.library_calls if _registers_passed(program, c) >= 2]
    # the first kind of call that has a graph, matrix or points, else the first with any data: a call
    # of the program's own without (a function printing what a library solver found, print_cliques(cliques),
    # or taking a layer count, run(n_layers=2)) gives way to a library solver's call on a graph
    entries = [_entry(program, calls) for calls in (own, library, registers, building)]
    found = [_with_distances(program, _with_model_graph(program, e)) for e in entries if e is not None]
    for wanted in (SHAPED, ("ints", "int", "register", "number")):
        chosen = next((e for e in found if any(d.kind in wanted for d in e.data)), None)
        if chosen is not None:
            return chosen
    if found:  # calls whose arguments hold nothing known (rad(y) inside a comprehension)
        inputs = [d for d in _script_inputs(program, program.scripts[0]) if d.kind in SHAPED]
        if inputs and all(not e.data and e.missing for e in found):  # ... beside the module's own data
            scripted = Extraction(None, inputs, implied=_script_call(program.scripts[0], inputs))
            return _with_distances(program, _with_model_graph(program, scripted))
        return found[0]
    for function in reversed(program.functions.values()):
        params = [a.arg for a in function.args.args]
        data = [d for p in params if p in program.env for d in _data(p, program.env[p])]
        if data:
            missing = {p: p for p in params if p not in program.env}
            return Extraction(None, data, missing, implied=None if missing else _implied_call(program, function))
    # the module's own statements, then the bodies of functions run without arguments: a graph,
    # matrix or points they set; else the solver model they build; else their numbers
    scripts = [] if program.calls else [(script, _script_inputs(program, script)) for script in program.scripts]
    for script, inputs in scripts:
        if any(d.kind in SHAPED for d in inputs):
            scripted = Extraction(None, inputs, implied=_script_call(script, inputs))
            return _with_distances(program, _with_model_graph(program, scripted))
    model = _model_graph(program) or _formulated_graph(program, None)
    if model is not None:
        return Extraction(None, [model])
    for script, inputs in scripts:
        numbers = _script_numbers(script)
        call = _script_call(script, numbers) if numbers else None
        if call is not None:  # read only when what the script prints from them confirms them
            return Extraction(None, numbers, implied=call, unconfirmed=True)
        if inputs:
            return _with_model_graph(program, Extraction(None, inputs, implied=_script_call(script, inputs)))
    return Extraction(None, [])


#: places of a routing model whose distance callback is followed pair by pair
MAX_ROUTED_PLACES = 32


def _routing_distances(program: Program) -> Datum | None:
    """The distance matrix of an OR-tools routing model with one vehicle: the callback the program
    registers (``routing.RegisterTransitCallback(distance)``), followed on every pair of routing
    indices of its :class:`RoutingIndex` (``distance(i, j)`` for places ``i``, ``j``); ``None``
    when there is no such model or a distance cannot be followed."""
    for call in program.library_calls:
        if not program.qualified(call.node.func).endswith("RegisterTransitCallback") or len(call.node.args) != 1:
            continue
        managers = {v.obj for v in call.env.values() if isinstance(v.obj, RoutingIndex)}
        callback = call.node.args[0]
        held = program.eval(callback, call.env)
        if isinstance(held, Closure):  # a function made by the program's code: called by a name of its own
            env = {**call.env, "__callback": Value(held, call.node.lineno, "__callback")}
            callback = ast.Name(id="__callback", ctx=ast.Load())
        elif program.own_function(callback) is not None:
            env = call.env
        else:
            continue
        if len(managers) != 1 or not 3 <= (places := managers.pop().places) <= MAX_ROUTED_PLACES:
            continue
        rows = [[_distance(program, call, env, callback, i, j) for j in range(places)] for i in range(places)]
        if all(is_number(x) for row in rows for x in row):
            name = ast.unparse(call.node.args[0])
            return Datum(name, Value(rows, call.node.lineno, f"the distances {name} returns"), "matrix")
    return None


def _distance(program: Program, call: Call, env: dict[str, Value], callback: ast.expr, i: int, j: int) -> Any:
    """``callback(i, j)`` where the program registers it."""
    pair: list[ast.expr] = [ast.Constant(value=i), ast.Constant(value=j)]
    node = ast.copy_location(ast.Call(func=callback, args=pair, keywords=[]), call.node)
    return program.evaluate(Call(None, node, env))


#: library functions that solve a family outright, by their last name
SOLVERS = {
    name.rsplit(".", 1)[-1]
    for family, names in LIBRARY_CALLS.items()
    if family not in ARITHMETIC.values()
    for name in names
}
#: the arithmetic ones, known by their module too: ``operator.add`` is one, a set's or an object's
#: ``s.add(x)`` is not
ARITHMETIC_SOLVERS = {name for family in ARITHMETIC.values() for name in LIBRARY_CALLS[family]}


def _solver(program: Program, call: Call) -> bool:
    """A call of a library function or class that solves a family: a known solver, or a class whose
    name says which graph or tour family, handed a graph (divi's ``MaxCliqueProblem(G)``)."""
    qualified = program.qualified(call.node.func)
    short = qualified.rsplit(".", 1)[-1]
    if short in SOLVERS or any(qualified == name or qualified.endswith("." + name) for name in ARITHMETIC_SOLVERS):
        return True
    if isinstance(call.node.func, ast.Attribute) and _made_by_solver(program, call.node.func.value):
        return True  # shor = Shor(...); shor.factor(N=21): a method of a solver's object
    words = split_words(short)
    named = any(WORD_PATTERNS[f].match(w) for w in words for f in ("mis", "vc", "clique", "kcolor", "tsp"))
    named = named and not any(near_miss(w) for w in words)  # EdgeColoring names another problem
    imported = "." in qualified and call.node.func is not None and not isinstance(call.node.func, ast.Attribute)
    # a class named after the problem (divi's MaxCliqueProblem(G)), or a function imported under its
    # name (from tsp_tools import tsp), handed a graph, matrix or points
    return (short[:1].isupper() or imported) and named and any(d.kind in SHAPED for d in _bind(program, call).data)


def _made_by_solver(program: Program, receiver: ast.expr) -> bool:
    """Whether ``receiver`` names an object the module makes with a library solver (``shor = Shor()``)."""
    if not isinstance(receiver, ast.Name):
        return False
    return any(
        isinstance(stmt, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == receiver.id for t in stmt.targets)
        and isinstance(stmt.value, ast.Call)
        and program.qualified(stmt.value.func).rsplit(".", 1)[-1] in SOLVERS
        for stmt in ast.walk(program.tree)
    )


def _entry(program: Program, calls: list[Call]) -> Extraction | None:
    """The call among ``calls`` with a graph, matrix or points and the most resolvable data (the last
    of equal calls of one function)."""
    best: Extraction | None = None
    for call in calls:
        candidate = _bind(program, call)
        if best is None or _weight(candidate) > _weight(best):
            best = candidate
        elif _same_function(call, best.call) and _weight(candidate) == _weight(best):
            # the same function called again (tests, then the run): the last call is the entry
            earlier = best.others if _same_data(candidate, best) else [*best.others, best.call]
            best = Extraction(call, candidate.data, candidate.missing, earlier)
    chosen = best.call if best is not None else None
    later = [c for c in calls if chosen is not None and _same_function(c, chosen)]
    if best is not None and chosen is not None and later and later[-1].node.lineno > chosen.node.lineno:
        # the program goes on to call the same function on data it holds but that is no instance
        # (tsp(chip), tsp(nilsson), then tsp(ilog), whose diagonal is not 0): the last call is the
        # entry, and it is refused there, rather than an earlier instance solved in its place
        last = _bind(program, later[-1])
        if not last.missing:
            return Extraction(later[-1], last.data, last.missing, [*best.others, chosen])
    return best


def _weight(extraction: Extraction) -> tuple[bool, int]:
    """How much of an instance a call's data is: a graph, matrix or points first, then the count."""
    return any(d.kind in SHAPED for d in extraction.data), len(extraction.data)


def _with_model_graph(program: Program, extraction: Extraction) -> Extraction:
    """An entry call without a graph among its data, completed by the graph of the solver model it
    builds (:func:`_formulated_graph`), if any; an entry call handed a binary model (``solve(qubo)``)
    by the graph of that model's couplings (:func:`_model_graph`: which family the model states is
    then judged from its terms, :mod:`c2q.codeparse.semantics`, never from its graph alone)."""
    if any(d.kind in SHAPED for d in extraction.data):
        return extraction
    if any(isinstance(d.value.obj, BinaryPolynomial) for d in extraction.data):  # solve(qubo): the model's graph
        coupled = _model_graph(program)
        if coupled is not None:
            extraction.data[:] = [coupled]
        return extraction
    if not makes_variables(program.tree):
        return extraction
    model = _formulated_graph(program, extraction.call)
    if model is not None:  # the whole instance: its nodes are the model's variables, not a list or count read elsewhere
        extraction.data[:] = [model]
    return extraction


def _with_distances(program: Program, extraction: Extraction) -> Extraction:
    """Points or integer pairs the program turns into distances, read with the program's own metric
    and rounding: an entry call that returns the table (``compute_euclidean_distance_matrix(locations)``)
    makes the table the instance; otherwise the program's two-point function, if it has one, gives
    the table a tour would use (:func:`_pairwise_distances`). Followed without random choices; a 0/1
    matrix (adjacency) is not a table of distances."""
    if not any(d.kind in ("edges", "points") for d in extraction.data):
        return extraction
    if any(d.kind in ("graph", "matrix", "adjacency") for d in extraction.data):
        return extraction
    returned = UNKNOWN if extraction.call is None else program.evaluate(extraction.call, draws=False)
    if returned is UNKNOWN or classify(returned) != "matrix" or all(x in (0, 1) for row in returned for x in row):
        return replace(extraction, pairwise=_pairwise_distances(program, extraction))
    assert extraction.call is not None
    where = f"what {ast.unparse(extraction.call.node)} returns"
    line = extraction.call.node.lineno
    return replace(extraction, data=[Datum("returned", Value(returned, line, where), "matrix")])


def _pairwise_distances(program: Program, extraction: Extraction) -> Datum | None:
    """``[(60, 200), (180, 200), ...]`` (integer pairs: edges or cities; or points) with a function of
    the program's that takes two of them, or their four coordinates, and returns a distance (``def
    distance(a, b)``, ``def distance(x1, y1, x2, y2)``): the table it gives, with the program's own
    metric and rounding, when it gives 0 from a point to itself and a number between every two;
    ``None`` when no function does, or when two functions give different tables."""
    pairs = next((d for d in extraction.data if d.kind in ("edges", "points")), None)
    if pairs is None or not isinstance(pairs.value.obj, list | tuple):
        return None
    if not all(len(p) == 2 and all(is_number(c) for c in p) for p in pairs.value.obj):
        return None
    points = [tuple(p) for p in pairs.value.obj]
    if not 3 <= len(points) <= MAX_ROUTED_PLACES:
        return None
    tables = {}
    for function in program.functions.values():  # distance(p, q), or distance(x1, y1, x2, y2)
        if len(function.args.args) in (2, 4) and not function.args.defaults:
            table = _table(program, function, points)
            if table is not None:
                tables[function.name] = table
    if pairs.kind == "edges" and not tables and _measures_between_points(program):  # math.dist(cities[a], ...) inline
        table = [[math.dist(p, q) for q in points] for p in points]
        where = f"Euclidean distances (the program's math.dist / hypot) between the points of {pairs.value.name}"
        return Datum(pairs.param, Value(table, pairs.value.line, where), "matrix")
    if len({repr(t) for t in tables.values()}) != 1:
        return None
    name, table = next(iter(tables.items()))
    parameters = ", ".join(a.arg for a in program.functions[name].args.args)
    where = f"{name}({parameters}) between the points of {pairs.value.name}"
    return Datum(pairs.param, Value(table, pairs.value.line, where), "matrix")


#: library calls that measure Euclidean distances, and how many arguments they take before the one
#: that would name another metric (which no keyword names either)
EUCLIDEAN_CALLS = {
    "math.dist": 2,
    "math.hypot": 64,
    "numpy.hypot": 2,
    "numpy.linalg.norm": 1,
    "scipy.spatial.distance_matrix": 2,
    "scipy.spatial.distance.cdist": 2,
    "scipy.spatial.distance.pdist": 1,
}
METRIC_KEYWORDS = ("ord", "p", "metric")


def _measures_between_points(program: Program) -> bool:
    """Whether the program measures Euclidean distances with a library call (``math.dist(p, q)``,
    ``math.hypot(dx, dy)``, ``np.linalg.norm(d)``, ``cdist(X, X)``): integer pairs it holds are then places."""
    return any(
        len(node.args) <= EUCLIDEAN_CALLS.get(program.qualified(node.func), -1)
        and not any(k.arg in METRIC_KEYWORDS for k in node.keywords)
        for node in ast.walk(program.tree)
        if isinstance(node, ast.Call)
    )


def _point_literal(point: tuple[Any, ...]) -> ast.expr:
    return ast.Tuple(elts=[ast.Constant(value=c) for c in point], ctx=ast.Load())


def _table(program: Program, function: ast.FunctionDef, points: list[tuple[Any, ...]]) -> list[list[Any]] | None:
    """``function(p, q)`` for every two points, or ``None`` as soon as one is not a distance."""
    rows = []
    for i, p in enumerate(points):
        row = []
        for j, q in enumerate(points):
            pair: list[ast.expr] = [_point_literal(p), _point_literal(q)]
            if len(function.args.args) == 4:  # the two points' coordinates one by one
                pair = [ast.Constant(value=c) for c in (*p, *q)]
            named = ast.Name(id=function.name, ctx=ast.Load())
            node = ast.copy_location(ast.Call(func=named, args=pair, keywords=[]), function)
            value = program.evaluate(Call(None, node, program.env), draws=False)
            if not is_number(value) or (value != 0) == (i == j) or value < 0:
                return None
            row.append(value)
        rows.append(row)
    return rows


def _formulated_graph(program: Program, call: Call | None) -> Datum | None:
    """The graph of the solver model that ``call`` (followed) or the module builds: its variables
    as nodes 0, 1, ... in the order they were made, joined where a relation joins two of them."""
    if call is not None:
        program.evaluate(call)
    for formulation in reversed(program.formulations):
        nodes, pairs = model_graph(formulation)
        if pairs and node_shaped(formulation, nodes):
            line = min(r.line for r in formulation.relations) if formulation.relations else 0
            index = {v: i for i, v in enumerate(nodes)}
            graph = GraphData(nodes=list(range(len(nodes))))
            for a, b in pairs:
                graph.add_edge(index[a], index[b])
            return Datum("model", Value(graph, line, "the variables of its solver model"), "graph")
    return None


#: the name of a script run as a function of its data (:func:`_script_call`)
SCRIPT = "__script__"
#: methods that build a value in place: a script's statements calling them on its data build it
BUILDING_METHODS = frozenset(
    {
        "add_edge",
        "add_edges_from",
        "add_weighted_edges_from",
        "add_node",
        "add_nodes_from",
        "append",
        "extend",
        "add",
        "update",
        "insert",
        "setdefault",
    }
)


def _script_call(script: Script, inputs: list[Datum]) -> Call | None:
    """The script as a function of its graph, distances or points (else of its numbers):
    :data:`SCRIPT` ``(data)`` runs the script's statements with those that build the data replaced by
    ``data = __data0__``, so that what it prints can be judged, on its own data and on probe graphs or
    operands in their place (:func:`c2q.codeparse.semantics.returned`); ``None`` without such data."""
    data = [d for d in inputs if d.kind in SHAPED][:1] or [d for d in inputs if d.kind == "int"]
    statements = [  # definitions and imports are the program's already
        s for s in _top_level(script) if not isinstance(s, ast.FunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom)
    ]
    if not data or not statements:
        return None
    first = statements[0]
    for i, datum in enumerate(data):  # each datum's first building statement becomes `name = __data{i}__`
        building = [j for j, stmt in enumerate(statements) if _builds(stmt, datum.param)]
        if not building:
            return None
        stand_in = ast.Assign(
            targets=[ast.Name(id=datum.param, ctx=ast.Store())], value=ast.Name(id=f"__data{i}__", ctx=ast.Load())
        )
        statements = [
            *statements[: building[0]],
            ast.copy_location(stand_in, statements[building[0]]),
            *(stmt for j, stmt in enumerate(statements) if j > building[0] and j not in building),
        ]
    names = [ast.arg(arg=f"__data{i}__") for i in range(len(data))]
    parameters = ast.arguments(posonlyargs=[], args=names, kwonlyargs=[], kw_defaults=[], defaults=[])
    function = ast.copy_location(
        ast.FunctionDef(name=SCRIPT, args=parameters, body=statements, decorator_list=[]), first
    )
    arguments: list[ast.expr] = [ast.Name(id=d.param, ctx=ast.Load()) for d in data]
    node = ast.copy_location(ast.Call(func=ast.Name(id=SCRIPT, ctx=ast.Load()), args=arguments, keywords=[]), first)
    env = {d.param: Value(copy.deepcopy(d.value.obj), d.value.line, d.param) for d in data}
    env[SCRIPT] = Value(Closure(function, {}), first.lineno, script.name)
    return Call(function, node, env)


def _top_level(script: Script) -> list[ast.stmt]:
    """A script's statements, those under ``if __name__ == "__main__":`` among them."""
    return [
        s
        for stmt in script.body
        for s in (stmt.body if isinstance(stmt, ast.If) and is_main_guard(stmt.test) else [stmt])
    ]


def _builds(stmt: ast.stmt, name: str) -> bool:
    """Whether a statement sets ``name`` or changes it in place (``G.add_edge(u, v)``, ``A[i][j] = 1``),
    alone or in a loop."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _root_name(node) == name:
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in BUILDING_METHODS
            and _root_name(node.func.value) == name
        ):
            return True
    return False


def _implied_call(program: Program, function: ast.FunctionDef) -> Call:
    """``f(a, b)`` for ``def f(a, b)``, on the module's values of ``a`` and ``b``."""
    params: list[ast.expr] = [ast.Name(id=a.arg, ctx=ast.Load()) for a in function.args.args]
    node = ast.copy_location(
        ast.Call(func=ast.Name(id=function.name, ctx=ast.Load()), args=params, keywords=[]), function
    )
    return Call(function, node, copy.deepcopy(program.env))


def _registers_passed(program: Program, call: Call) -> int:
    """How many quantum registers with a known value ``call`` takes (Qiskit's own calls, which build
    or run the circuit, take none)."""
    if program.qualified(call.node.func).split(".")[0] == "qiskit":
        return 0
    values = [program.eval(arg, call.env) for arg in call.node.args]
    return sum(isinstance(v, Register) and v.value is not None for v in values)


def _same_data(a: Extraction, b: Extraction) -> bool:
    try:
        return bool([d.value.obj for d in a.data] == [d.value.obj for d in b.data])
    except Exception:  # values without a usable ==
        return False


def _same_function(a: Call | None, b: Call | None) -> bool:
    """Whether two calls call the same function (of the program, or of a library by its text)."""
    if a is None or b is None:
        return False
    if a.function is not None or b.function is not None:
        return a.function is b.function
    return ast.unparse(a.node.func) == ast.unparse(b.node.func)


def _model_graph(program: Program) -> Datum | None:
    """A program with no data but a binary model (pyqubo, dimod): the graph of its couplings, the
    model's variables as nodes, when every coupling has the same coefficient (a penalty or a unit
    weight per edge; other coefficients would be weights c2q cannot tell from penalties)."""
    models = [
        (len(terms), held.line, name, terms)
        for script in program.scripts
        for name, held in script.env.items()
        if (terms := _terms(held.obj)) is not None and any(len(key) == 2 for key in terms)
    ]
    if not models:
        return None
    *_, name, terms = max(models, key=lambda m: (m[0], m[1]))  # the whole model: most terms, last made
    couplings = [(key, c) for key, c in terms.items() if len(key) == 2 and c]
    if len({abs(c) for _, c in couplings}) != 1:
        return None
    graph = GraphData(nodes=list(dict.fromkeys(v for key in terms for v in key)))
    for (a, b), _ in couplings:
        graph.add_edge(a, b)
    line = max(m[1] for m in models)
    return Datum("model", Value(graph, line, f"the couplings of {name}"), "graph")


def _terms(obj: Any) -> dict[tuple[Any, ...], float] | None:
    """A binary model's terms by their variables: a pyqubo/dimod model, or a QUBO written as a dict
    ``{(i, i): a, (i, j): b}`` (what ``sample_qubo`` takes); ``None`` for anything else."""
    if isinstance(obj, BinaryPolynomial):
        rank = {v: i for i, v in enumerate(obj.variables)}
        return {tuple(sorted(m, key=rank.__getitem__)): c for m, c in obj.terms.items() if 1 <= len(m) <= 2}
    if not isinstance(obj, dict) or not obj:
        return None
    terms: dict[tuple[Any, ...], float] = {}
    for key, value in obj.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(_is_node(x) for x in key) and is_number(value)):
            return None
        key = (key[0],) if key[0] == key[1] else key
        terms[key] = terms.get(key, 0.0) + value
    return terms


def _on_final_object(program: Program, call: Call) -> Call | None:
    """``call`` on its object as the program's last statement leaves it; ``None`` when that is unknown."""
    receiver = call.node.func.value if isinstance(call.node.func, ast.Attribute) else None
    owner = program.eval(receiver, program.env) if receiver is not None else None
    return replace(call, owner=owner, env=program.env) if isinstance(owner, ObjectData) else None


def _script_inputs(program: Program, script: Script) -> list[Datum]:
    """A script (the module, or the body of a function run without arguments): its inputs are the
    names set once, at its top level, from data (literals, containers then filled by loops, graphs,
    arrays, or what one of the program's functions builds: ``data = create_data_model()``; not
    results of other calls), and read later."""
    counts: dict[str, int] = {}
    from_data: dict[str, bool] = {}  # name -> set by one of the program's functions
    body = _top_level(script)
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                counts[node.id] = counts.get(node.id, 0) + (1 if isinstance(stmt, ast.Assign) else 2)
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
        if isinstance(stmt, ast.Assign) and isinstance(target, ast.Name):
            built = isinstance(stmt.value, ast.Call) and program.own_function(stmt.value.func) is not None
            if built or _is_data(stmt.value, program):
                from_data[target.id] = built
    checked = {id(n) for s in body for node in ast.walk(s) if _is_check(node) for n in ast.walk(node)}
    read = {
        n.id
        for s in body
        for n in ast.walk(s)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in checked
    }  # a name only an assertion reads is an expected answer (cliques_expected), not an input
    inputs = []
    for name, built in from_data.items():
        if counts.get(name) == 1 and name in read and name in script.env:
            # what a function returns is data only when it is shaped like an instance (not a result)
            inputs += [
                d for d in _data(name, script.env[name]) if d.kind != "other" and (d.kind in SHAPED or not built)
            ]
    # the data the script hands to a library function, when it hands some over
    imported = [c for c in program.library_calls if "." in program.qualified(c.node.func)]  # not built-ins
    handed = {n.id for c in imported for a in c.node.args for n in ast.walk(a) if isinstance(n, ast.Name)}
    if any(d.param in handed and d.kind in SHAPED for d in inputs):
        inputs = [d for d in inputs if d.param in handed or d.kind == "int"]
    shaped = [d for d in inputs if d.kind in SHAPED]
    copies = [d for i, d in enumerate(shaped) if any(_same_graph(d, e) for e in shaped[:i])]  # E = list(G.edges())
    inputs = [d for d in inputs if not any(d is c for c in copies)]
    shaped = [d for d in shaped if not any(d is c for c in copies)]
    if len(shaped) > 1:
        return []  # several graphs or matrices and nothing says which one is the problem's: refuse, never guess
    if not shaped or shaped[0].kind != "edges":
        # a lone number in a script may be a bound or a counter as well as the problem's: only an edge
        # list's node count is read from one; a whole graph or matrix needs none
        inputs = [d for d in inputs if d.kind != "int"]
    return sorted(inputs, key=lambda d: d.value.line)


def _script_numbers(script: Script) -> list[Datum]:
    """One or two integers a script sets once from a literal (``N = 221``, ``a, b = 13, 11``): what
    it factors or combines, should what it prints say so."""
    counts: dict[str, int] = {}
    for stmt in script.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                counts[node.id] = counts.get(node.id, 0) + 1
    numbers = []
    for stmt in script.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            continue
        target, value = stmt.targets[0], stmt.value
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
            pairs = list(zip(target.elts, value.elts, strict=False))
        else:
            pairs = [(target, value)]
        for name, literal in pairs:
            if not (isinstance(name, ast.Name) and isinstance(literal, ast.Constant) and type(literal.value) is int):
                continue
            held = script.env.get(name.id)
            if held is not None and counts[name.id] == 1 and type(held.obj) is int:
                numbers.append(Datum(name.id, held, "int"))
    return numbers if 1 <= len(numbers) <= 2 else []


def _is_check(node: ast.AST) -> bool:
    """An assertion: ``assert ...`` or a test case's ``self.assertEqual(...)``."""
    if isinstance(node, ast.Assert):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr.startswith("assert")


def _same_graph(a: Datum, b: Datum) -> bool:
    """Whether two graph-shaped data hold the same edges (a graph and the list of its edges)."""
    kinds = ("graph", "edges", "adjacency")
    if a.kind not in kinds or b.kind not in kinds:
        return False
    ends = [{(frozenset(e[:2]), e[2]) for e in graph_parts(d)[1]} for d in (a, b)]
    return ends[0] == ends[1]


def _is_data(expr: ast.expr, program: Program) -> bool:
    """An expression that states data rather than computing a result: literals and displays (also
    comprehensions over them), and constructors of graphs and arrays."""
    if isinstance(expr, ast.Constant | ast.List | ast.Tuple | ast.Dict | ast.Set | ast.ListComp | ast.DictComp):
        return True
    if isinstance(expr, ast.BinOp | ast.UnaryOp):
        parts = [e for e in ast.iter_child_nodes(expr) if isinstance(e, ast.expr)]
        return all(isinstance(e, ast.Name) or _is_data(e, program) for e in parts)
    if isinstance(expr, ast.Call):
        module, _, short = program.qualified(expr.func).rpartition(".")
        if FOREIGN_GRAPHS.get(module.split(".")[0]) == short:
            return True
        if module == "networkx":
            return short in DATA_CONSTRUCTORS["networkx"] or short in NX_GENERATORS | NX_SEEDED_GENERATORS
        return short in DATA_CONSTRUCTORS.get(module, ())
    return False


def _bind(program: Program, call: Call) -> Extraction:
    """Explicit arguments of ``call`` matched to the function's parameters."""
    params = [a.arg for a in call.function.args.args] if call.function else []
    if call.owner is not None:
        params = params[1:]  # self
    given: dict[str, ast.expr] = {}
    for i, arg in enumerate(call.node.args):
        if isinstance(arg, ast.Starred):
            break
        given[params[i] if i < len(params) else f"arg{i}"] = arg
    for keyword in call.node.keywords:  # a library's keywords are options (seed=...), but N= is its number
        if keyword.arg and (call.function or keyword.arg == "N"):  # (Qiskit's Shor().factor(N=15))
            given[keyword.arg] = keyword.value
    data, missing = [], {}
    for param, expr in given.items():
        obj = program.eval(expr, call.env)
        if obj is UNKNOWN:
            missing[param] = ast.unparse(expr)
            continue
        if isinstance(expr, ast.Name) and expr.id in call.env:
            value = call.env[expr.id]
        else:
            value = Value(obj, call.node.lineno, ast.unparse(expr) if len(ast.unparse(expr)) < 30 else param)
        number = _parsed_number(call.function, param, obj)
        data += _data(param, value if number is None else replace(value, obj=number))
    func = call.node.func
    graph = program.eval(func.value, call.env) if isinstance(func, ast.Attribute) else None
    if call.function is None and isinstance(func, ast.Attribute) and isinstance(graph, GraphData):
        data += _data("self", Value(graph, call.node.lineno, ast.unparse(func.value)))  # igraph: g.cliques(4, 4)
    if call.owner is not None and isinstance(call.node.func, ast.Attribute):
        receiver = call.node.func.value
        root = _root_name(receiver)
        line = call.env[root].line if root in call.env else call.node.lineno
        data += _data("self", Value(call.owner, line, ast.unparse(receiver)))
    if call.function is not None:  # data the function reads from module-level names, not its arguments
        given_names = {d.value.name for d in data}
        for name in _globals_read(program, call.function):
            if name in call.env and name not in given_names and name not in given:
                datum = _datum(name, call.env[name])
                if datum.kind in SHAPED:
                    data.append(datum)
    return Extraction(call, data, missing)


def _globals_read(program: Program, function: ast.FunctionDef) -> list[str]:
    """Module-level names that ``function`` (or a function of the program it calls) reads without
    binding them itself, in order of first use."""
    names: list[str] = []
    todo, seen = [function], {function.name}
    while todo:
        current = todo.pop()
        local = {a.arg for a in current.args.args} | {
            n.id for n in ast.walk(current) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }
        for node in ast.walk(current):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local:
                if node.id in program.functions and node.id not in seen:
                    seen.add(node.id)
                    todo.append(program.functions[node.id])
                elif node.id not in names:
                    names.append(node.id)
    return names


def _data(param: str, value: Value) -> list[Datum]:
    """The data a value holds: itself, or the fields of an object or of a dict of named data
    (``data["distance_matrix"]``, ``self.graph``)."""
    if isinstance(value.obj, ObjectData):
        return _fields(value.obj.attrs, value)
    if isinstance(value.obj, dict) and value.obj and all(isinstance(k, str) for k in value.obj):
        fields = _fields(value.obj, value)
        if any(d.kind in SHAPED for d in fields):
            return fields
    return [_datum(param, value)]


def _datum(param: str, value: Value) -> Datum:
    if _has_records(value.obj):
        value = replace(value, obj=_records_as_tuples(value.obj))
    weighted = _weighted_adjacency(value.obj)
    if weighted is not None:
        value = replace(value, obj=weighted)
    if isinstance(value.obj, Register):  # qubits set by X gates: an operand (None once other gates act)
        return Datum(param, replace(value, obj=value.obj.value), "register", value.obj.size)
    kind = classify(value.obj)
    if kind not in SHAPED and _infinite_diagonal(value.obj):  # np.inf on the diagonal: no self-distance
        value = replace(value, obj=[[0 if i == j else x for j, x in enumerate(row)] for i, row in enumerate(value.obj)])
        kind = classify(value.obj)
    neighbours = _adjacency_list(value.obj) if kind not in SHAPED else None
    if neighbours is not None:
        return Datum(param, replace(value, obj=neighbours), "adjacency")
    return Datum(param, value, kind)


def _parsed_number(function: ast.FunctionDef | None, param: str, obj: Any) -> int | None:
    """A string argument the called function reads as a number, ``int(a, 2)`` or ``int(a)``: the
    number (``add_binary("1011", "110")`` adds 11 and 6); ``None`` for anything else, and when the
    function reads the parameter in two bases."""
    if function is None or not isinstance(obj, str):
        return None
    bases: set[int] = set()
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "int"):
            continue
        if not (node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == param):
            continue
        base = node.args[1] if len(node.args) == 2 else next((k.value for k in node.keywords if k.arg == "base"), None)
        if base is None:
            bases.add(10)
        elif isinstance(base, ast.Constant) and isinstance(base.value, int) and not isinstance(base.value, bool):
            bases.add(base.value)
        else:
            return None
    if len(bases) != 1:
        return None
    try:
        return int(obj, bases.pop())
    except ValueError:
        return None


def _infinite_diagonal(obj: Any) -> bool:
    """A square table of distances with ``inf`` from each place to itself (an ant colony's or a
    nearest-neighbour search's way to keep a place from choosing itself), finite elsewhere."""
    if not isinstance(obj, list) or len(obj) < 2 or not all(isinstance(r, list) and len(r) == len(obj) for r in obj):
        return False
    if not all(is_number(x) for row in obj for x in row):
        return False
    return all((x == math.inf) == (i == j) for i, row in enumerate(obj) for j, x in enumerate(row))


def _adjacency_list(obj: Any) -> dict[int, list[int]] | None:
    """``[[1, 2], [0, 2, 3], [0, 1], [1]]``, node i's neighbours at index i (``adj[u].append(v)``
    and ``adj[v].append(u)`` for each edge), as ``{node: neighbours}``: every neighbour a node,
    none itself or repeated, each edge listed at both ends; ``None`` for any other list."""
    if not isinstance(obj, list) or len(obj) < 2 or not all(isinstance(row, list | tuple) for row in obj):
        return None
    n = len(obj)
    if not any(obj) or not all(type(v) is int and 0 <= v < n for row in obj for v in row):
        return None
    rows = [list(row) for row in obj]
    if any(u in row or len(set(row)) != len(row) for u, row in enumerate(rows)):
        return None
    if any(u not in rows[v] for u, row in enumerate(rows) for v in row):
        return None
    return dict(enumerate(rows))


def _weighted_adjacency(obj: Any) -> GraphData | None:
    """``{node: {neighbour: weight}}`` (networkx's dict of dicts, Dijkstra's usual input; or with
    networkx's edge data, ``{neighbour: {"weight": w}}``) as the weighted graph it is; ``None`` for
    anything else, and for one whose two directions of an edge disagree (directed: capacities,
    one-way roads). A node's distance 0 to itself (a distance table's diagonal, ``dist[a][a] = 0``)
    is no edge."""
    if not isinstance(obj, dict) or not obj or not all(isinstance(v, dict) and v for v in obj.values()):
        return None
    if not all(_is_node(u) for u in obj):
        return None
    graph = GraphData(nodes=list(obj))
    for u, neighbours in obj.items():
        for v, entry in neighbours.items():
            w = _edge_entry(entry)
            if v == u and is_number(w) and w == 0:
                continue
            if v not in obj or v == u or not (is_number(w) or w is True):
                return None
            if u in obj[v] and _edge_entry(obj[v][u]) != w:
                return None
            graph.add_edge(u, v, None if w is True else w)
    return graph


def _edge_entry(entry: Any) -> Any:
    """A dict of dicts' entry for an edge: its weight, from networkx's edge data too (``{"weight": 2.0}``;
    ``True`` for an edge without one)."""
    if isinstance(entry, dict) and all(isinstance(k, str) for k in entry):
        return entry.get("weight", True)
    return entry


def _has_records(obj: Any) -> bool:
    return isinstance(obj, list | tuple) and any(isinstance(x, ObjectData) and x.fields for x in obj)


def _records_as_tuples(obj: list[Any] | tuple[Any, ...]) -> list[Any]:
    """``[Edge(0, 1, 2.5), ...]`` (``@dataclass`` records) as ``[(0, 1, 2.5), ...]``."""
    return [x.as_tuple() if isinstance(x, ObjectData) and x.as_tuple() is not None else x for x in obj]


def _fields(fields: dict[str, Any], where: Value) -> list[Datum]:
    """Named fields (an object's attributes, a dict's string keys) that are data: shaped like a graph,
    a matrix or points, or integers named like a node count or a number of colours (``self.V``)."""
    data = []
    for attr, held in fields.items():
        name = f"{where.name}.{attr}" if isinstance(where.obj, ObjectData) else f"{where.name}[{attr!r}]"
        datum = _datum(attr, Value(held, where.line, name))
        if datum.kind in SHAPED or (
            datum.kind == "int" and re.fullmatch(f"{NODE_COUNT_NAMES}|{K_NAMES}", attr, re.IGNORECASE)
        ):
            data.append(datum)
    return data


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def classify(obj: Any) -> str:
    """Shape of a value: ``graph``, ``edges``, ``matrix``, ``adjacency``, ``points``, ``ints``, ``int``..."""
    if isinstance(obj, GraphData):
        return "graph"
    if isinstance(obj, bool):
        return "other"
    if isinstance(obj, int):
        return "int"
    if isinstance(obj, float):
        return "number"
    if isinstance(obj, dict) and obj:
        if _is_adjacency_dict(obj):
            return "adjacency"
        if all(_is_point(v) for v in obj.values()):
            return "points"
        return "other"
    if isinstance(obj, list | tuple) and obj:
        if _is_square(obj) and not isinstance(obj, SetList):  # a set of rows has no order: no matrix
            return "matrix"
        if all(isinstance(e, list | tuple) and len(e) in (2, 3) and all(_is_node(x) for x in e[:2]) for e in obj):
            return "edges"
        if all(_is_point(e) for e in obj) and any(isinstance(x, float) for e in obj for x in e):
            return "points"
        if all(_is_node(e) for e in obj):
            return "ints"
    return "other"


def _is_node(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or isinstance(x, str)


def _is_point(x: Any) -> bool:
    return isinstance(x, list | tuple) and len(x) == 2 and all(is_number(c) for c in x)


def _is_square(obj: list[Any] | tuple[Any, ...]) -> bool:
    n = len(obj)
    return (
        n >= 2
        and all(isinstance(row, list | tuple) and len(row) == n and all(is_number(x) for x in row) for row in obj)
        and all(obj[i][i] == 0 for i in range(n))
    )


def _is_adjacency(matrix: list[list[Any]]) -> bool:
    """A 0/1 symmetric matrix: a graph, not distances."""
    n = len(matrix)
    return all(matrix[i][j] in (0, 1) and matrix[i][j] == matrix[j][i] for i in range(n) for j in range(n))


def _is_adjacency_dict(obj: dict[Any, Any]) -> bool:
    """``{node: [neighbours]}`` without self-loops or repeats, whose neighbours are all keys, or,
    with integer nodes, filled one way only (``graph[u].append(v)`` for each edge)."""
    keys = set(obj)
    if not all(isinstance(v, list | tuple | set) for v in obj.values()):
        return False
    integers = all(type(k) is int for k in keys) and all(type(u) is int for v in obj.values() for u in v)
    return all(
        _is_node(k) and all(_is_node(u) and (u in keys or integers) and u != k for u in v) and len(set(v)) == len(v)
        for k, v in obj.items()
    )


# ---- instances per family group -------------------------------------------------------------------
def build(family: str, extraction: Extraction, filename: str, size: int | None = None) -> Instance:
    """Canonical spec dict of ``family`` from the extracted data.

    :param size: the colour count or clique size what the program computes implies (a yes/no
        answer to "can it be coloured with 2 colours?"), used when its data names none.

    :raises ProgramError: the data the family needs is missing or does not fit it.
    """
    if family == "tsp":
        return _tsp(extraction, filename)
    if family == "factor":
        return _factor(extraction, filename)
    if family in ("add", "sub", "mul"):
        return _arithmetic(family, extraction, filename)
    return _graph(family, extraction, filename, size)


def _missing(family: str, extraction: Extraction, filename: str, what: str, example: str) -> ProgramError:
    """A clear refusal: what was found, what is missing, how to supply it."""
    if extraction.call is not None:
        found = f"found {family} code calling {extraction.describe_call}"
        line: int | None = extraction.call.node.lineno
        unknown = [f"{p} = {text}" for p, text in extraction.missing.items()]
        if unknown:
            found += f" but the value of {', '.join(unknown)} is not a literal c2q can read"
    else:
        found, line = f"found {family} code but the program never calls its function with data", None
    return ProgramError(
        f"{filename}:{line}" if line else filename,
        f"{found}; no {what}",
        f"add the data and a call to the program, e.g. {example}, or write a JSON spec (`c2q schema`)",
        family=family,
        line=line,
    )


def _graph(family: str, extraction: Extraction, filename: str, size: int | None) -> Instance:
    example = "solve(4, [(0, 1), (1, 2), (2, 3)])"
    source = next((d for d in extraction.data if d.kind in ("graph", "edges", "adjacency", "matrix")), None)
    if source is None:
        raise _missing(family, extraction, filename, "graph (edge list, adjacency matrix or networkx graph)", example)
    nodes, edges = graph_parts(source)
    if not edges:
        raise ProgramError(filename, f"the graph {source.where} has no edges", "give at least one edge", family=family)
    sources = {"graph.edges": source.where}
    notes: list[str] = []
    ints = _numbers(extraction)
    endpoints = {x for e in edges for x in e[:2]}
    node_list = next(  # distinct names, every edge's ends among them (a colour per node is no node list)
        (
            d
            for d in extraction.data
            if d.kind == "ints" and len(set(d.value.obj)) == len(d.value.obj) and endpoints <= set(d.value.obj)
        ),
        None,
    )
    numbered = _ints(edges)
    count = _pick([d for d in ints if _can_count(d.value.obj, numbered)], NODE_COUNT_NAMES)
    k = _pick(ints, K_NAMES) if family in ("clique", "kcolor") else None
    unnamed = [d for d in ints if d is not count and d is not k]
    # the first other integer is the node count, when it can be one (steps=2 is no count of nodes 0, 1, 2)
    if source.kind == "edges" and count is None and node_list is None and unnamed and _covers(unnamed[0], edges):
        count = unnamed.pop(0)
    entry = extraction.call.function if extraction.call is not None else None
    at = extraction.call.node.lineno if extraction.call is not None else 0
    if family == "kcolor" and k is None and entry is not None and "bipartite" in entry.name.lower():
        k = Datum("k", Value(2, at, f"{entry.name}: bipartite means 2 colours"), "int")  # is_bipartite(g)
    if family in ("clique", "kcolor") and k is None and size is not None:
        k = Datum("k", Value(size, at, "the size its yes/no answer is about"), "int")
    sizes = [d for d in unnamed if d.value.obj >= 2]  # a start node or a flag is not a size
    if family in ("clique", "kcolor") and k is None and sizes:
        k = sizes[0]
    if family in ("clique", "kcolor") and k is None and extraction.missing:
        # the size the program asks for may be the argument it cannot know (input(), a file): refuse
        # rather than answer a different question (the largest clique, the fewest colours)
        param, text = next(iter(extraction.missing.items()))
        line = extraction.call.node.lineno if extraction.call is not None else None
        raise ProgramError(
            filename if line is None else f"{filename}:{line}",
            f"found {family} code whose `{text}` ({param}) has no value the program fixes (input, a file, randomness)",
            f"give it a value in the program, e.g. {param} = 3",
            family=family,
            line=line,
        )
    if node_list is not None:
        nodes = list(node_list.value.obj)
        sources["graph.nodes"] = node_list.where
    elif count is not None:
        n = count.value.obj
        # nodes numbered from 1 (edges up to n, none at 0), as graph collections (DIMACS) number them
        whole = len(numbered) == 2 * len(edges)
        first = 1 if whole and numbered and min(numbered) >= 1 and max(numbered) == n else 0
        nodes = list(range(first, first + n))
        sources["graph.nodes"] = count.where
    elif nodes is None:
        undefined = [t for p, t in extraction.missing.items() if re.fullmatch(NODE_COUNT_NAMES, p)]
        if undefined and extraction.call is not None:
            line = extraction.call.node.lineno
            raise ProgramError(
                f"{filename}:{line}",
                f"found {family} code calling {extraction.describe_call}, but the node count `{undefined[0]}` "
                "has no value in the program (Python would stop here with a NameError)",
                f"define it before the call, e.g. {undefined[0]} = {1 + max(_ints(edges), default=0)}",
                family=family,
                line=line,
            )
        nodes = sorted({x for e in edges for x in e[:2]}, key=_sort_key)
    else:
        nodes = sorted(nodes, key=_sort_key)
    index = {label: i for i, label in enumerate(nodes)}
    for edge in edges:
        for end in edge[:2]:
            if end not in index:
                raise ProgramError(
                    filename,
                    f"edge {tuple(edge[:2])} of {source.where} names node {end!r}, "
                    f"which is not among the {len(nodes)} nodes ({sources.get('graph.nodes', 'the graph')})",
                    "make the node count cover every node in the edges",
                    family=family,
                )
    graph: dict[str, Any] = {
        "nodes": len(nodes),
        "edges": [[index[e[0]], index[e[1]], *([e[2]] if e[2] is not None else [])] for e in edges],
    }
    if nodes != list(range(len(nodes))):
        graph["labels"] = nodes
    canonical: dict[str, Any] = {"family": family, "graph": graph}
    if k is not None:
        canonical["k"] = k.value.obj
        sources["k"] = k.where
    return Instance(canonical, sources, notes)


def _covers(count: Datum, edges: list[tuple[Any, Any, float | None]]) -> bool:
    """Whether an integer can be the node count of ``edges``: every end is a node 0 .. n-1."""
    n = count.value.obj
    return type(n) is int and all(type(x) is int and 0 <= x < n for e in edges for x in e[:2])


def graph_parts(source: Datum) -> tuple[list[Any] | None, list[tuple[Any, Any, float | None]]]:
    """(node labels if the source fixes them, edges as (u, v, weight or None)) without duplicates."""
    obj = source.value.obj
    if source.kind == "graph":
        return list(obj.nodes), [(u, v, w) for (u, v), w in obj.edges.items()]
    if source.kind == "matrix":
        n = len(obj)
        edges = []
        for i in range(n):
            for j in range(i + 1, n):
                w = obj[i][j] or obj[j][i]
                if w:
                    edges.append((i, j, None if w == 1 else w))
        return list(range(n)), edges
    if source.kind == "adjacency":
        pairs: dict[tuple[Any, Any], None] = {}
        for u, neighbours in obj.items():
            for v in neighbours:
                if (v, u) not in pairs:
                    pairs[(u, v)] = None
        nodes = list(dict.fromkeys([*obj, *(v for neighbours in obj.values() for v in neighbours)]))
        if len(nodes) > len(obj) and all(type(x) is int for x in nodes):
            nodes.sort()  # filled one way: node numbers, in order
        return nodes, [(u, v, None) for u, v in pairs]
    edges, seen = [], set()
    for e in obj:
        key = frozenset(e[:2])
        if key not in seen:
            seen.add(key)
            edges.append((e[0], e[1], edge_weight(e[2]) if len(e) == 3 else None))
    return None, edges


def _can_count(n: Any, numbered: list[int]) -> bool:
    """Whether ``n`` can count the nodes of edges between the integers ``numbered`` (0..n-1 or 1..n):
    a ``v = 0`` that starts a search is no count."""
    if type(n) is not int or n < 1:
        return False
    return not numbered or max(numbered) < n or (min(numbered) >= 1 and max(numbered) == n)


def _ints(edges: list[tuple[Any, Any, float | None]]) -> list[int]:
    return [x for e in edges for x in e[:2] if isinstance(x, int)]


def _pick(candidates: list[Datum], names: str) -> Datum | None:
    return next((d for d in candidates if re.fullmatch(names, d.param, re.IGNORECASE)), None)


def _sort_key(x: Any) -> tuple[int, Any]:
    return (0, x) if isinstance(x, int) else (1, str(x))


def _tsp(extraction: Extraction, filename: str) -> Instance:
    example = "tour_length([[0, 2, 9], [2, 0, 6], [9, 6, 0]])"
    source = next((d for d in extraction.data if d.kind in ("matrix", "points", "graph", "edges")), None)
    if source is not None and source.kind in ("edges", "points") and extraction.pairwise is not None:
        source = extraction.pairwise  # places with the program's own distance function: its table
    library = extraction.call is not None and extraction.call.function is None
    if source is not None and source.kind == "edges" and library and all(len(e) == 2 for e in source.value.obj):
        source = replace(source, kind="points")  # tsp([(0, 0), (0, 1), ...]): a tour solver's places
    if source is None:
        raise _missing("tsp", extraction, filename, "distance matrix, coordinates or weighted graph", example)
    obj = source.value.obj
    notes = []
    if source.kind == "matrix":
        matrix = [list(row) for row in obj]
    elif source.kind == "points":
        keys = sorted(obj, key=_sort_key) if isinstance(obj, dict) else list(range(len(obj)))
        points = [obj[k] for k in keys]
        matrix = [[math.dist(p, q) for q in points] for p in points]
        notes.append(f"distances are Euclidean between the {len(points)} points of {source.where}")
        if keys != list(range(len(keys))):
            notes.append(f"city i of the matrix is point {keys}[i]")
    else:
        nodes, edges = graph_parts(source)
        labels = nodes or sorted({x for e in edges for x in e[:2]}, key=_sort_key)
        if any(w is None for *_, w in edges):
            raise ProgramError(
                filename,
                f"found tsp code but the graph {source.where} has unweighted edges: no distances",
                "give every edge a weight, or pass a distance matrix",
                family="tsp",
            )
        index = {label: i for i, label in enumerate(labels)}
        matrix = [[0 if i == j else None for j in range(len(labels))] for i in range(len(labels))]
        for u, v, w in edges:
            matrix[index[u]][index[v]] = matrix[index[v]][index[u]] = w
        if any(x is None for row in matrix for x in row):
            notes.append("city pairs without an edge have no direct road (null in the matrix)")
        if labels != list(range(len(labels))):
            notes.append(f"city i of the matrix is node {labels}[i]")
    return Instance({"family": "tsp", "distance_matrix": matrix}, {"distance_matrix": source.where}, notes)


def _numbers(extraction: Extraction) -> list[Datum]:
    """The integers the entry call takes; when it takes quantum registers, their values instead
    (the widths and counts passed beside them are not operands), multi-qubit registers first.
    Beside more than two integers, one whose parameter names a register's width (``num_qubits``,
    ``n_bits``) is not an operand either."""
    registers = [d for d in extraction.data if d.kind == "register"]
    if not registers:
        numbers = [d for d in extraction.data if d.kind == "int"]
        if len(numbers) > 2:
            numbers = [d for d in numbers if not re.fullmatch(WIDTH_NAMES, d.param, re.IGNORECASE)]
        return numbers
    wide = [d for d in registers if d.width > 1]
    return (wide if len(wide) >= 2 else registers)[:2]


def _arithmetic(family: str, extraction: Extraction, filename: str) -> Instance:
    symbol = {"add": "+", "sub": "-", "mul": "*"}[family]
    numbers = _numbers(extraction)
    order = _operand_order(extraction.call.function if extraction.call else None, family)
    if order and all(any(d.param == p for d in numbers) for p in order):
        numbers = [next(d for d in numbers if d.param == p) for p in order]
    if len(numbers) != 2:
        if len(numbers) < 2:
            raise _missing(family, extraction, filename, "two integer operands", f"f(12, 7) for 12 {symbol} 7")
        found = ", ".join(d.where for d in numbers)
        raise ProgramError(
            filename,
            f"found {family} code with {len(numbers)} integers ({found}); cannot tell which two are the operands",
            "call the function with exactly two integers",
            family=family,
        )
    unset = next((d for d in numbers if d.value.obj is None), None)
    if unset is not None:
        raise ProgramError(
            f"{filename}:{unset.value.line}",
            f"found {family} code on quantum registers, but gates other than X act on {unset.where} before "
            "it: its value is not a number c2q can read",
            "set each operand register with X gates only, or write a JSON spec",
            line=unset.value.line,
            family=family,
        )
    a, b = (d.value.obj for d in numbers)
    bits = max(1, abs(a).bit_length(), abs(b).bit_length())
    note = f"operand width: {bits} bits, the narrowest that holds both"
    if all(d.kind == "register" for d in numbers):
        bits = max(bits, *(d.width for d in numbers))
        note = f"operands set by X gates on quantum registers of {bits} qubits"
    canonical = {"family": family, "operands": [a, b], "bits": bits}
    sources = {"operands[0]": numbers[0].where, "operands[1]": numbers[1].where}
    return Instance(canonical, sources, [note])


def _operand_order(function: ast.FunctionDef | None, family: str) -> tuple[str, str] | None:
    """Parameters in the order the function combines them (``return q - p`` -> (q, p))."""
    if function is None:
        return None
    return next(((left, right) for f, left, right, _ in arithmetic_returns(function) if f == family), None)


def _factor(extraction: Extraction, filename: str) -> Instance:
    numbers = _numbers(extraction)
    if not numbers:
        raise _missing("factor", extraction, filename, "integer to factor", "factorize(91)")
    chosen = _pick(numbers, r"n|num|number|x|value|target") or numbers[0]
    return Instance({"family": "factor", "n": chosen.value.obj}, {"n": chosen.where})
