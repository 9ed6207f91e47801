"""Static values of a program, found by a small interpreter over its syntax tree; never by running it.

Module-level statements are followed in order and an environment maps names to the values they
certainly hold: literals, arithmetic and comparisons on them, indexing, comprehensions, containers
filled by loops (``append``, ``setdefault``, ``d[k] = v``, ``a[i][j] = w``), ``for``/``while`` loops over
known values, ``if`` on known tests, the program's own functions when their value is used, networkx
graphs (built by ``add_edge`` and friends, from adjacency matrices or dicts, or by networkx's
generators: random ones only with a fixed seed), numpy arrays as nested lists, ``itertools``
combinations, and a few built-ins and ``math`` functions. A name whose value depends on anything
else (input, files, unseeded randomness, an effect that cannot be followed) is simply unknown.
"""

from __future__ import annotations

import ast
import collections
import copy
import itertools
import math
import operator
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: evaluation gave no certain value
UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()
#: built values (lists, ranges, products) larger than this are not materialised
MAX_SIZE = 10_000
#: evaluation steps for a whole program, and for one call of one of its functions
MAX_STEPS = 300_000
MAX_CALL_STEPS = 50_000
#: nested calls of the program's own functions followed for their value
MAX_CALL_DEPTH = 3
#: nodes of a graph a networkx generator may build
MAX_GENERATED_NODES = 2_000
GRAPH_CLASSES = {"Graph", "DiGraph", "MultiGraph"}
#: networkx functions that turn data the program holds into a graph
NX_CONVERTERS = {"from_numpy_array", "from_numpy_matrix", "from_dict_of_lists", "from_edgelist"}
GRAPH_BUILDERS = {"add_node", "add_nodes_from", "add_edge", "add_edges_from", "add_weighted_edges_from"}
#: deterministic networkx generators, called with the program's own (known) arguments
NX_GENERATORS = {
    "complete_graph", "cycle_graph", "path_graph", "star_graph", "wheel_graph", "empty_graph", "ladder_graph",
    "circular_ladder_graph", "complete_bipartite_graph", "complete_multipartite_graph", "grid_2d_graph",
    "hypercube_graph", "petersen_graph", "karate_club_graph", "house_graph", "bull_graph", "cubical_graph",
    "dodecahedral_graph", "octahedral_graph", "tetrahedral_graph", "krackhardt_kite_graph", "frucht_graph",
    "heawood_graph", "turan_graph", "barbell_graph", "lollipop_graph", "circulant_graph", "tutte_graph",
    "moebius_kantor_graph", "pappus_graph", "desargues_graph", "icosahedral_graph", "diamond_graph",
}  # fmt: skip
#: random networkx generators: followed only with an integer ``seed``
NX_SEEDED_GENERATORS = {
    "erdos_renyi_graph", "gnp_random_graph", "binomial_graph", "fast_gnp_random_graph", "gnm_random_graph",
    "dense_gnm_random_graph", "random_regular_graph", "barabasi_albert_graph", "watts_strogatz_graph",
    "connected_watts_strogatz_graph", "newman_watts_strogatz_graph", "powerlaw_cluster_graph",
}  # fmt: skip
#: type names as values (``dtype=int``, ``defaultdict(list)``, ``map(int, ...)``)
TYPES: dict[str, Any] = {"int": int, "float": float, "bool": bool, "str": str, "list": list, "set": set}
LIBRARY_CONSTANTS: dict[str, Any] = {
    "math.pi": math.pi, "math.e": math.e, "math.inf": math.inf, "numpy.inf": math.inf, "numpy.pi": math.pi,
    "numpy.Inf": math.inf, "sys.maxsize": sys.maxsize, "numpy.int_": int, "numpy.int32": int, "numpy.int64": int,
    "numpy.float64": float, "numpy.float32": float, "numpy.bool_": bool,
}  # fmt: skip
MATH: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "hypot": math.hypot, "dist": math.dist, "floor": math.floor, "ceil": math.ceil,
    "pow": math.pow, "fabs": math.fabs, "isqrt": math.isqrt, "gcd": math.gcd, "log2": math.log2,
}  # fmt: skip
STRING_METHODS = {
    "split", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "join", "splitlines", "startswith",
    "endswith", "isdigit", "zfill", "count", "find",
}  # fmt: skip
#: methods without effects: a statement calling one changes nothing even when its value is unknown
PURE_METHODS = STRING_METHODS | {
    "get", "items", "keys", "values", "index", "copy", "tolist", "nodes", "edges", "number_of_nodes",
    "number_of_edges", "has_edge", "neighbors", "degree",
}  # fmt: skip
BINARY_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
}
COMPARISONS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: lambda a, b: a is b,
    ast.IsNot: lambda a, b: a is not b,
}


@dataclass
class GraphData:
    """A networkx graph built by the program: nodes in insertion order, edges with weights."""

    nodes: list[Any] = field(default_factory=list)
    edges: dict[tuple[Any, Any], float | None] = field(default_factory=dict)

    def add_node(self, node: Any) -> None:
        """Add a node once."""
        if node not in self.nodes:
            self.nodes.append(node)

    def add_edge(self, u: Any, v: Any, weight: float | None = None) -> None:
        """Add (or re-weight) an undirected edge."""
        self.add_node(u)
        self.add_node(v)
        key = (v, u) if (v, u) in self.edges else (u, v)
        self.edges[key] = weight


@dataclass(frozen=True)
class Value:
    """A value the program certainly holds, and where it was set."""

    obj: Any
    line: int
    name: str


@dataclass(frozen=True)
class Call:
    """A call made at module level (or in a zero-argument ``main``), with the values known then.

    :param function: the program's own definition, or ``None`` for a library function.
    """

    function: ast.FunctionDef | None
    node: ast.Call
    env: dict[str, Value]


class _Uncertain(Exception):
    """A statement whose effect cannot be followed: what it touches becomes unknown."""


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class Program:
    """Module-level facts: function definitions, import aliases, values, calls of defined functions.

    The statements are followed by a small interpreter over the syntax tree, never by running the
    program: assignments (to names, items and ``a[i, j]``), augmented assignments, ``for``/``while``
    loops over known values with ``break``/``continue``, ``if`` on known tests, ``try`` bodies, the
    program's own functions when their value is used (``edges = build(5)``), container methods
    (``append``, ``setdefault``, ``add``, ...), networkx graphs and generators, numpy arrays as nested
    lists, and a few built-ins and ``math`` functions. A statement it cannot follow makes every name it
    touches unknown; no value is ever guessed. Work is bounded: :data:`MAX_STEPS` evaluation steps per
    program, :data:`MAX_CALL_STEPS` per call of the program's own functions, :data:`MAX_SIZE` items per
    built value, :data:`MAX_CALL_DEPTH` nested calls.

    :param tree: the parsed module.
    """

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions: dict[str, ast.FunctionDef] = {}
        self.aliases: dict[str, str] = {}  # local name -> dotted module path ("nx" -> "networkx")
        self.calls: list[Call] = []  # of the program's own functions
        self.library_calls: list[Call] = []  # of anything else (``nx.find_cliques(G)``)
        self.undefined: dict[str, int] = {}  # names used as call arguments but never defined -> line
        #: names assigned the value of one of the program's functions (``edges = ring(5)``: ring builds data)
        self.produced_by: dict[str, str] = {}
        self.env: dict[str, Value] = {}
        self.steps = 0
        self._limit = MAX_STEPS
        self._call_depth = 0
        self._run(tree.body, self.env, depth=0)

    # ---- statements ------------------------------------------------------------------------
    def _run(self, body: list[ast.stmt], env: dict[str, Value], depth: int, local: bool = False) -> None:
        """Follow ``body``; a statement that cannot be followed makes what it touches unknown.

        :param local: the body of one of the program's functions, run for its value (control flow
            and failures propagate to the caller, which gives up on the call).
        """
        for stmt in body:
            if local:
                self._statement(stmt, env, depth, local)
                continue
            try:
                self._statement(stmt, env, depth, local)
            except _Uncertain:
                _forget(stmt, env)

    def _statement(self, stmt: ast.stmt, env: dict[str, Value], depth: int, local: bool) -> None:
        self._tick()
        if isinstance(stmt, ast.FunctionDef):
            if local:
                raise _Uncertain
            self.functions[stmt.name] = stmt
            env.pop(stmt.name, None)
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            self._import(stmt)
        elif isinstance(stmt, ast.Assign):
            if not local:
                self._find_calls(stmt.value, env, depth)
                if isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name):
                    for target in stmt.targets:
                        for name in _names(target):
                            self.produced_by[name] = stmt.value.func.id
            value = self._value(stmt.value, env)
            for target in stmt.targets:
                self._assign(target, value, stmt.lineno, env)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                if not local:
                    self._find_calls(stmt.value, env, depth)
                self._assign(stmt.target, self._value(stmt.value, env), stmt.lineno, env)
        elif isinstance(stmt, ast.AugAssign):
            current = self._value(stmt.target, env)
            self._assign(stmt.target, _binop(stmt.op, current, self._value(stmt.value, env)), stmt.lineno, env)
        elif isinstance(stmt, ast.Expr):
            self._expression_statement(stmt.value, env, depth, local)
        elif isinstance(stmt, ast.If):
            if is_main_guard(stmt.test):
                self._run(stmt.body, env, depth, local)
                return
            test = self._value(stmt.test, env)
            if test is UNKNOWN:
                raise _Uncertain
            self._run(stmt.body if test else stmt.orelse, env, depth, local)
        elif isinstance(stmt, ast.For):
            self._for(stmt, env, depth, local)
        elif isinstance(stmt, ast.While):
            self._while(stmt, env, depth, local)
        elif isinstance(stmt, ast.Break):
            raise _Break
        elif isinstance(stmt, ast.Continue):
            raise _Continue
        elif isinstance(stmt, ast.Return) and local:
            raise _Return(UNKNOWN if stmt.value is None else self._value(stmt.value, env))
        elif isinstance(stmt, ast.Try) and not stmt.orelse:
            self._run(stmt.body, env, depth, local)  # read as if nothing raises
            self._run(stmt.finalbody, env, depth, local)
        elif isinstance(stmt, ast.Pass | ast.Global | ast.Nonlocal) or (
            isinstance(stmt, ast.Assert | ast.Delete) and not local
        ):
            if isinstance(stmt, ast.Delete):
                raise _Uncertain
        else:  # with, match, class, raise...: what it touches becomes unknown
            raise _Uncertain

    def _expression_statement(self, expr: ast.expr, env: dict[str, Value], depth: int, local: bool) -> None:
        """A call for its effect: a method that builds a known value (``edges.append``), else a call to record."""
        receiver = _receiver(expr)
        if receiver is not None and receiver in env:
            if self._value(expr, env) is UNKNOWN and isinstance(expr, ast.Call):
                method = expr.func.attr if isinstance(expr.func, ast.Attribute) else ""
                if method not in PURE_METHODS:
                    raise _Uncertain  # an effect we cannot follow on a known value
            return
        if local:
            if isinstance(expr, ast.Call) and not isinstance(expr.func, ast.Attribute):
                self._value(expr, env)  # e.g. print(...): no effect on known values
            return
        self._find_calls(expr, env, depth)

    def _import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        for alias in stmt.names:
            if isinstance(stmt, ast.Import):
                top = alias.name.split(".")[0]
                self.aliases[alias.asname or top] = alias.name if alias.asname else top
            else:
                self.aliases[alias.asname or alias.name] = f"{stmt.module or ''}.{alias.name}"

    def _assign(self, target: ast.expr, value: Any, line: int, env: dict[str, Value]) -> None:
        if isinstance(target, ast.Name):
            if value is UNKNOWN:
                env.pop(target.id, None)
            else:
                env[target.id] = Value(value, line, target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            items = list(value) if isinstance(value, list | tuple) and len(value) == len(target.elts) else None
            for i, element in enumerate(target.elts):
                self._assign(element, UNKNOWN if items is None else items[i], line, env)
        elif isinstance(target, ast.Subscript):
            root = _root(target)
            container, key = self._value(target.value, env), self._value(target.slice, env)
            if root is None or root not in env:
                return
            if value is UNKNOWN or key is UNKNOWN or not _set_item(container, key, value):
                raise _Uncertain
            env[root] = Value(env[root].obj, line, root)
        elif isinstance(target, ast.Starred):
            raise _Uncertain
        else:  # an attribute: objects are not followed
            for name in _names(target):
                env.pop(name, None)

    def _for(self, stmt: ast.For, env: dict[str, Value], depth: int, local: bool) -> None:
        """``for u, v in known: ...``: run the body once per item when the iterable is known."""
        items = _iterate(self._value(stmt.iter, env))
        if items is UNKNOWN:
            raise _Uncertain
        for item in items:
            self._assign(stmt.target, item, stmt.lineno, env)
            if not self._iteration(stmt.body, env, depth, local):
                return
        self._run(stmt.orelse, env, depth, local)

    def _while(self, stmt: ast.While, env: dict[str, Value], depth: int, local: bool) -> None:
        while True:
            test = self._value(stmt.test, env)
            if test is UNKNOWN:
                raise _Uncertain
            if not test:
                break
            if not self._iteration(stmt.body, env, depth, local):
                return
        self._run(stmt.orelse, env, depth, local)

    def _iteration(self, body: list[ast.stmt], env: dict[str, Value], depth: int, local: bool) -> bool:
        """One pass of a loop's body; False when it breaks out. Every statement must be followed, or
        the whole loop is unknown (its caller forgets what the loop touches)."""
        try:
            for stmt in body:
                self._statement(stmt, env, depth, local)
        except _Break:
            return False
        except _Continue:
            pass
        return True

    def _find_calls(self, expr: ast.expr, env: dict[str, Value], depth: int) -> None:
        """Record calls of defined functions inside ``expr``; descend into a zero-argument ``main()``."""
        for node in ast.walk(expr):
            if not isinstance(node, ast.Call):
                continue
            function = self.functions.get(node.func.id) if isinstance(node.func, ast.Name) else None
            if function is None:
                if _receiver(node) not in env:  # a method of a known value builds it; anything else is recorded
                    self.library_calls.append(Call(None, node, dict(env)))
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for name in ast.walk(arg):
                    if isinstance(name, ast.Name) and name.id not in env and name.id not in self.functions:
                        self.undefined.setdefault(name.id, node.lineno)
            if function.args.args or function.args.vararg or depth > 2:
                self.calls.append(Call(function, node, copy.deepcopy(env)))
            else:
                self._run(function.body, dict(env), depth + 1)

    # ---- expressions -----------------------------------------------------------------------
    def eval(self, expr: ast.expr, env: dict[str, Value]) -> Any:
        """The value of ``expr`` if it is certain, else :data:`UNKNOWN`."""
        try:
            return self._value(expr, env)
        except (_Uncertain, _Break, _Continue, _Return):
            return UNKNOWN

    def _value(self, expr: ast.expr, env: dict[str, Value]) -> Any:
        """:meth:`_eval`, with Python's own errors (a wrong guess of a shape) as :data:`UNKNOWN`."""
        try:
            return self._eval(expr, env)
        except (TypeError, ValueError, LookupError, ZeroDivisionError, OverflowError, RecursionError, AttributeError):
            return UNKNOWN

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > self._limit:
            raise _Uncertain

    def _eval(self, expr: ast.expr, env: dict[str, Value]) -> Any:
        self._tick()
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.Name):
            if expr.id in env:
                return env[expr.id].obj
            if expr.id in self.aliases:  # from math import pi
                return LIBRARY_CONSTANTS.get(self.aliases[expr.id], UNKNOWN)
            return TYPES.get(expr.id, UNKNOWN) if expr.id not in self.functions else UNKNOWN
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            items = [self._eval(e, env) for e in expr.elts]
            if any(i is UNKNOWN for i in items) or any(isinstance(e, ast.Starred) for e in expr.elts):
                return UNKNOWN
            if isinstance(expr, ast.Tuple):
                return tuple(items)
            return _unique(items) if isinstance(expr, ast.Set) else items
        if isinstance(expr, ast.Dict):
            if any(k is None for k in expr.keys):
                return UNKNOWN
            keys = [self._eval(k, env) for k in expr.keys if k is not None]
            values = [self._eval(v, env) for v in expr.values]
            if any(x is UNKNOWN for x in keys + values):
                return UNKNOWN
            return dict(zip(keys, values, strict=True))
        if isinstance(expr, ast.UnaryOp):
            operand = self._eval(expr.operand, env)
            if isinstance(expr.op, ast.Not):
                return UNKNOWN if operand is UNKNOWN else not operand
            if not is_number(operand):
                return UNKNOWN
            return -operand if isinstance(expr.op, ast.USub) else operand if isinstance(expr.op, ast.UAdd) else UNKNOWN
        if isinstance(expr, ast.BinOp):
            return _binop(expr.op, self._eval(expr.left, env), self._eval(expr.right, env))
        if isinstance(expr, ast.BoolOp):
            return self._boolop(expr, env)
        if isinstance(expr, ast.IfExp):
            test = self._eval(expr.test, env)
            return UNKNOWN if test is UNKNOWN else self._eval(expr.body if test else expr.orelse, env)
        if isinstance(expr, ast.Call):
            return self._call(expr, env)
        if isinstance(expr, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            items = self._comprehension(expr.elt, expr.generators, env)
            return UNKNOWN if items is UNKNOWN else _unique(items) if isinstance(expr, ast.SetComp) else items
        if isinstance(expr, ast.DictComp):
            pairs = self._comprehension(ast.Tuple(elts=[expr.key, expr.value], ctx=ast.Load()), expr.generators, env)
            return UNKNOWN if pairs is UNKNOWN else dict(pairs)
        if isinstance(expr, ast.Compare):
            left = self._eval(expr.left, env)
            for op, right_expr in zip(expr.ops, expr.comparators, strict=True):
                right = self._eval(right_expr, env)
                outcome = _compare(op, left, right)
                if outcome is UNKNOWN or not outcome:
                    return outcome
                left = right
            return True
        if isinstance(expr, ast.Subscript):
            container, key = self._eval(expr.value, env), self._eval(expr.slice, env)
            return _get_item(container, key)
        if isinstance(expr, ast.Slice):
            parts = [None if p is None else self._eval(p, env) for p in (expr.lower, expr.upper, expr.step)]
            return UNKNOWN if any(p is UNKNOWN for p in parts) else slice(*parts)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, env)
        return UNKNOWN

    def _boolop(self, expr: ast.BoolOp, env: dict[str, Value]) -> Any:
        value: Any = UNKNOWN
        for operand in expr.values:
            value = self._eval(operand, env)
            if value is UNKNOWN:
                return UNKNOWN
            if isinstance(expr.op, ast.And) and not value:
                return value
            if isinstance(expr.op, ast.Or) and value:
                return value
        return value

    def _attribute(self, expr: ast.Attribute, env: dict[str, Value]) -> Any:
        """``math.pi``, ``np.inf``, ``G.nodes``, ``A.shape``, ``A.T``: known constants and views."""
        name = self.qualified(expr)
        if name in LIBRARY_CONSTANTS:
            return LIBRARY_CONSTANTS[name]
        owner = self._eval(expr.value, env)
        if isinstance(owner, GraphData):
            if expr.attr == "nodes":
                return list(owner.nodes)
            if expr.attr == "edges":
                return [tuple(edge) for edge in owner.edges]
        if isinstance(owner, list) and _is_matrix(owner):
            if expr.attr == "shape":
                return (len(owner), len(owner[0]))
            if expr.attr == "T":
                return [list(column) for column in zip(*owner, strict=True)]
        return UNKNOWN

    def _comprehension(self, elt: ast.expr, generators: list[ast.comprehension], env: dict[str, Value]) -> Any:
        """``[(i, (i + 1) % n) for i in range(n) if ...]`` over known iterables, at most MAX_SIZE items."""
        items: list[Any] = []

        def expand(level: int, scope: dict[str, Value]) -> bool:
            if level == len(generators):
                value = self._eval(elt, scope)
                items.append(value)
                return value is not UNKNOWN and len(items) <= MAX_SIZE
            generator = generators[level]
            iterable = _iterate(self._eval(generator.iter, scope))
            if iterable is UNKNOWN or generator.is_async:
                return False
            for item in iterable:
                inner = dict(scope)
                self._assign(generator.target, item, 0, inner)
                conditions = [self._eval(c, inner) for c in generator.ifs]
                if any(c is UNKNOWN for c in conditions):
                    return False
                if all(conditions) and not expand(level + 1, inner):
                    return False
            return True

        return items if expand(0, env) else UNKNOWN

    def _call(self, expr: ast.Call, env: dict[str, Value]) -> Any:
        if isinstance(expr.func, ast.Attribute) and _receiver(expr) in env:
            owner = self._eval(expr.func.value, env)
            args, kwargs = self._arguments(expr, env)
            if owner is UNKNOWN or args is UNKNOWN:
                return UNKNOWN
            return _method(owner, expr.func.attr, args, kwargs)
        if isinstance(expr.func, ast.Name) and expr.func.id in self.functions and expr.func.id not in env:
            return self._apply(self.functions[expr.func.id], expr, env)
        name = self.qualified(expr.func)
        args, kwargs = self._arguments(expr, env)
        if args is UNKNOWN:
            return UNKNOWN
        if isinstance(expr.func, ast.Attribute) and _root(expr.func) not in self.aliases:
            owner = self._eval(expr.func.value, env)  # a method of a value built inline: "0 1".split()
            return UNKNOWN if owner is UNKNOWN else _method(owner, expr.func.attr, args, kwargs)
        return _library_call(name, args, kwargs)

    def _arguments(self, expr: ast.Call, env: dict[str, Value]) -> tuple[Any, dict[str, Any]]:
        """Positional and keyword argument values; ``(UNKNOWN, {})`` when one is not known."""
        if any(isinstance(a, ast.Starred) for a in expr.args) or any(k.arg is None for k in expr.keywords):
            return UNKNOWN, {}
        args = [self._eval(a, env) for a in expr.args]
        kwargs = {k.arg: self._eval(k.value, env) for k in expr.keywords if k.arg}
        if any(a is UNKNOWN for a in args) or any(v is UNKNOWN for v in kwargs.values()):
            return UNKNOWN, {}
        return args, kwargs

    def _apply(self, function: ast.FunctionDef, expr: ast.Call, env: dict[str, Value]) -> Any:
        """The value of a call of the program's own function (``edges = ring(5)``), run on copies of its
        arguments, within :data:`MAX_CALL_STEPS`; :data:`UNKNOWN` when any of it cannot be followed."""
        spec = function.args
        if self._call_depth >= MAX_CALL_DEPTH or spec.vararg or spec.kwarg or spec.posonlyargs or spec.kwonlyargs:
            return UNKNOWN
        args, kwargs = self._arguments(expr, env)
        params = [a.arg for a in spec.args]
        if args is UNKNOWN or len(args) > len(params) or set(kwargs) - set(params):
            return UNKNOWN
        defaults = dict(zip(params[len(params) - len(spec.defaults) :], spec.defaults, strict=True))
        local = dict(self.env)
        for i, param in enumerate(params):
            if i < len(args):
                value = args[i]
            elif param in kwargs:
                value = kwargs[param]
            elif param in defaults:
                value = self._eval(defaults[param], self.env)
            else:
                return UNKNOWN
            if value is UNKNOWN:
                return UNKNOWN
            local[param] = Value(copy.deepcopy(value), expr.lineno, param)
        outer_limit, start = self._limit, self.steps
        self._limit = min(outer_limit, start + MAX_CALL_STEPS)
        self._call_depth += 1
        try:
            self._run(function.body, local, depth=3, local=True)
        except _Return as done:
            return done.value
        except (_Uncertain, _Break, _Continue):
            return UNKNOWN
        finally:
            self._limit, self._call_depth = outer_limit, self._call_depth - 1
        return None

    def qualified(self, func: ast.expr) -> str:
        """Dotted name of a called object with import aliases resolved (``nx.Graph`` -> ``networkx.Graph``)."""
        parts = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            return ""
        parts.append(self.aliases.get(func.id, func.id))
        return ".".join(reversed(parts))


def _forget(stmt: ast.stmt, env: dict[str, Value]) -> None:
    """Every name ``stmt`` may change becomes unknown: assigned names, the containers it writes
    into, and the values whose methods it calls."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            env.pop(node.id, None)
        elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del):
            root = _root(node)
            if root is not None:
                env.pop(root, None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            root = _root(node.func.value)
            if root is not None and node.func.attr not in PURE_METHODS:
                env.pop(root, None)


def _root(node: ast.expr) -> str | None:
    """The name at the bottom of ``a.b[c].d``; ``None`` when it is not a name."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _receiver(expr: ast.expr) -> str | None:
    """The name whose method ``expr`` calls (``edges`` in ``edges.append(x)`` or ``adj[u].append(v)``)."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        return _root(expr.func.value)
    return None


def _iterate(value: Any) -> Any:
    """The items a ``for`` loop over ``value`` sees, or :data:`UNKNOWN`."""
    if isinstance(value, GraphData):
        value = value.nodes
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, str):
        value = list(value)
    if isinstance(value, list | tuple) and len(value) <= MAX_SIZE:
        return list(value)
    return UNKNOWN


def _unique(items: list[Any]) -> list[Any]:
    """A set, as the sorted list of its items (sets are kept as lists)."""
    return sorted(set(items), key=repr)


def _is_matrix(value: Any) -> bool:
    return bool(value) and all(isinstance(row, list) for row in value) and len({len(row) for row in value}) == 1


def _get_item(container: Any, key: Any) -> Any:
    if container is UNKNOWN or key is UNKNOWN:
        return UNKNOWN
    if isinstance(key, tuple) and isinstance(container, list) and _is_matrix(container):  # a[i, j]
        if len(key) == 2 and all(isinstance(k, int) for k in key):
            return container[key[0]][key[1]]
        return UNKNOWN
    if isinstance(container, list | tuple | str) and (isinstance(key, slice) or type(key) is int):
        return container[key]
    if isinstance(container, dict):
        return container[key]
    return UNKNOWN


def _set_item(container: Any, key: Any, value: Any) -> bool:
    """``container[key] = value`` on a known list or dict (``a[i, j]`` on a matrix); False otherwise."""
    if isinstance(key, tuple) and isinstance(container, list) and _is_matrix(container) and len(key) == 2:
        container[key[0]][key[1]] = value
        return True
    indexable = isinstance(container, list) and type(key) is int
    if indexable or (isinstance(container, dict) and not isinstance(key, list | dict)):
        container[key] = value
        return True
    return False


def _method(owner: Any, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A method call on a known value: its result (``None`` for one that only changes ``owner``), or
    :data:`UNKNOWN` when it is not one that can be followed."""
    if isinstance(owner, GraphData):
        return _graph_call(owner, name, args, kwargs)
    if kwargs and name not in ("sort", "split"):
        return UNKNOWN
    if isinstance(owner, list):
        if name == "append" and len(args) == 1:
            owner.append(args[0])
        elif name == "add" and len(args) == 1:  # a set, kept as a list
            if args[0] not in owner:
                owner.append(args[0])
        elif name in ("extend", "update") and len(args) == 1 and _iterate(args[0]) is not UNKNOWN:
            for item in _iterate(args[0]):
                if name == "extend" or item not in owner:
                    owner.append(item)
        elif name == "insert" and len(args) == 2:
            owner.insert(args[0], args[1])
        elif name in ("remove", "discard") and len(args) == 1:
            if args[0] in owner or name == "remove":
                owner.remove(args[0])
        elif name == "pop" and len(args) <= 1:
            return owner.pop(*args)
        elif name == "sort" and not args and set(kwargs) <= {"reverse"}:
            owner.sort(reverse=bool(kwargs.get("reverse")))
        elif name == "reverse" and not args:
            owner.reverse()
        elif name in ("copy", "tolist") and not args:
            return copy.deepcopy(owner)
        elif name in ("index", "count") and len(args) == 1:
            return getattr(owner, name)(args[0])
        else:
            return UNKNOWN
        return None
    if isinstance(owner, dict):
        if name == "setdefault" and 1 <= len(args) <= 2:
            return owner.setdefault(args[0], args[1] if len(args) == 2 else None)
        if name == "get" and 1 <= len(args) <= 2:
            return owner.get(*args)
        if name in ("items", "keys", "values") and not args:
            return [tuple(item) if name == "items" else item for item in getattr(owner, name)()]
        if name == "update" and len(args) == 1 and isinstance(args[0], dict):
            owner.update(args[0])
            return None
        if name == "pop" and 1 <= len(args) <= 2:
            return owner.pop(*args)
        if name == "copy" and not args:
            return copy.deepcopy(owner)
        return UNKNOWN
    if isinstance(owner, str) and name in STRING_METHODS:
        result = getattr(owner, name)(*args, **kwargs)
        return list(result) if isinstance(result, list) else result
    return UNKNOWN


def _graph_call(graph: GraphData, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A networkx graph method: the building ones change ``graph``; a few queries answer."""
    if name in GRAPH_BUILDERS:
        return None if _graph_method(graph, name, args, kwargs) else UNKNOWN
    if kwargs:
        return UNKNOWN
    if name == "nodes" and not args:
        return list(graph.nodes)
    if name == "edges" and not args:
        return [tuple(edge) for edge in graph.edges]
    if name == "number_of_nodes" and not args:
        return len(graph.nodes)
    if name == "number_of_edges" and not args:
        return len(graph.edges)
    if name == "has_edge" and len(args) == 2:
        return (args[0], args[1]) in graph.edges or (args[1], args[0]) in graph.edges
    if name == "neighbors" and len(args) == 1:
        return [v if u == args[0] else u for u, v in graph.edges if args[0] in (u, v) and u != v]
    return UNKNOWN


def _library_call(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A library or built-in function on known values (see :data:`BUILTINS`, :data:`MATH`, networkx and numpy)."""
    module, _, short = name.rpartition(".")
    if module == "networkx" or module.startswith("networkx."):
        return _networkx(short, args, kwargs)
    if module == "numpy":
        return _numpy(short, args, kwargs)
    if module == "math" and short in MATH and not kwargs:
        return MATH[short](*args) if all(is_number(a) or isinstance(a, list | tuple) for a in args) else UNKNOWN
    if module == "collections" and short == "defaultdict" and len(args) == 1 and args[0] in (list, set, int, float):
        return collections.defaultdict(list if args[0] is set else args[0])  # sets are kept as lists
    if module == "itertools" and short in ("combinations", "permutations", "product") and not kwargs:
        return _itertools(short, args)
    if module in ("", "builtins"):
        return _builtin(short, args, kwargs)
    return UNKNOWN


AGGREGATES: dict[str, Callable[[Any], Any]] = {"sum": sum, "min": min, "max": max}
CONVERSIONS: dict[str, Callable[[Any], Any]] = {
    "int": int, "float": float, "str": str, "bool": bool, "abs": abs, "round": round,
}  # fmt: skip


def _builtin(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Built-in functions on known values."""
    if kwargs and not set(kwargs) <= {"reverse", "base", "end", "sep"}:
        return UNKNOWN
    one = args[0] if len(args) == 1 else UNKNOWN
    items = _iterate(one) if len(args) == 1 else UNKNOWN
    if name == "print":
        return None
    if name == "range" and 1 <= len(args) <= 3 and all(type(a) is int for a in args):
        values = range(*args)
        return list(values) if len(values) <= MAX_SIZE else UNKNOWN
    if name == "len" and len(args) == 1:
        return len(one.nodes) if isinstance(one, GraphData) else len(one)
    if name in ("list", "tuple", "set", "sorted", "reversed") and len(args) <= 1:
        if not args:
            return () if name == "tuple" else []
        if items is UNKNOWN:
            return UNKNOWN
        if name == "sorted":
            return sorted(items, reverse=bool(kwargs.get("reverse")))
        if name in ("tuple", "set"):
            return tuple(items) if name == "tuple" else _unique(items)
        return items[::-1] if name == "reversed" else items
    if name == "dict" and len(args) <= 1:
        return {} if not args else dict(copy.deepcopy(one)) if isinstance(one, dict) else dict(items)
    if name in ("sum", "min", "max") and args:
        pool = items if len(args) == 1 else args
        if pool is UNKNOWN or (name != "sum" and not pool):
            return UNKNOWN
        return AGGREGATES[name](pool)
    if name == "enumerate" and len(args) in (1, 2):
        values = _iterate(args[0])
        return UNKNOWN if values is UNKNOWN else list(enumerate(values, args[1] if len(args) == 2 else 0))
    if name == "zip" and args:
        pools = [_iterate(a) for a in args]
        return UNKNOWN if any(p is UNKNOWN for p in pools) else list(zip(*pools, strict=False))
    if name == "map" and len(args) == 2 and args[0] in (int, float, str):
        values = _iterate(args[1])
        return UNKNOWN if values is UNKNOWN else [args[0](v) for v in values]
    if name in ("int", "float", "str", "bool", "abs", "round") and 1 <= len(args) <= 2:
        if name == "int" and (len(args) == 2 or "base" in kwargs) and isinstance(args[0], str):
            return int(args[0], args[1] if len(args) == 2 else kwargs["base"])  # bit strings: int("1011", 2)
        if name == "round" and len(args) == 2:
            return round(args[0], args[1])
        if len(args) == 1 and (is_number(one) or isinstance(one, str | bool)):
            return CONVERSIONS[name](one)
    return UNKNOWN


def _itertools(short: str, args: list[Any]) -> Any:
    pools = [_iterate(a) if not isinstance(a, int) else a for a in args]
    if any(p is UNKNOWN for p in pools):
        return UNKNOWN
    if short == "product":
        lists = [p for p in pools if isinstance(p, list)]
        if len(lists) != len(pools) or math.prod(len(p) for p in lists) > MAX_SIZE:
            return UNKNOWN
        return [tuple(t) for t in itertools.product(*lists)]
    pool, r = pools[0], pools[1] if len(pools) > 1 else None
    if not isinstance(pool, list) or (r is not None and not isinstance(r, int)):
        return UNKNOWN
    count = math.comb(len(pool), r) if short == "combinations" and r is not None else math.perm(len(pool), r)
    if count > MAX_SIZE:
        return UNKNOWN
    return [tuple(t) for t in getattr(itertools, short)(pool, r)]


def _networkx(short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Graphs networkx builds: an empty or edge-list ``Graph``, an adjacency matrix or dict, a generator."""
    if short in GRAPH_CLASSES:
        graph = GraphData()
        if not args:
            return graph
        source = args[0]
        if isinstance(source, GraphData):
            return copy.deepcopy(source)
        if isinstance(source, dict):
            return _from_adjacency_dict(source)
        return graph if _graph_method(graph, "add_edges_from", [source], {}) else UNKNOWN
    if short in ("from_numpy_array", "from_numpy_matrix") and len(args) == 1 and _is_matrix(args[0]):
        return _from_matrix(args[0])
    if short in ("from_dict_of_lists",) and len(args) == 1 and isinstance(args[0], dict):
        return _from_adjacency_dict(args[0])
    if short == "from_edgelist" and len(args) == 1:
        graph = GraphData()
        return graph if _graph_method(graph, "add_edges_from", args, {}) else UNKNOWN
    if short in NX_GENERATORS or short in NX_SEEDED_GENERATORS:
        return _generated(short, args, kwargs)
    return UNKNOWN


def _generated(short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A networkx generator's graph, built by networkx itself from the known arguments; a random one
    only with a fixed integer ``seed`` (the graph is then what the program gets)."""
    import inspect

    import networkx as nx

    if any(isinstance(a, int) and a > MAX_GENERATED_NODES for a in [*args, *kwargs.values()]):
        return UNKNOWN
    function = getattr(nx, short)
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        return UNKNOWN
    if short in NX_SEEDED_GENERATORS and not isinstance(bound.arguments.get("seed"), int):
        return UNKNOWN  # unseeded randomness: the program's graph is not knowable
    graph = function(*args, **kwargs)
    if graph.number_of_nodes() > MAX_GENERATED_NODES or graph.number_of_edges() > MAX_SIZE:
        return UNKNOWN
    data = GraphData(nodes=list(graph.nodes))
    for u, v, weight in graph.edges(data="weight"):
        data.add_edge(u, v, weight)
    return data


def _from_matrix(matrix: list[list[Any]]) -> GraphData:
    graph = GraphData(nodes=list(range(len(matrix))))
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if j > i and value:
                graph.add_edge(i, j, None if value == 1 else value)
    return graph


def _from_adjacency_dict(adjacency: dict[Any, Any]) -> Any:
    graph = GraphData(nodes=list(adjacency))
    for u, neighbours in adjacency.items():
        items = neighbours.items() if isinstance(neighbours, dict) else ((v, None) for v in _iterate(neighbours))
        for v, attributes in items:
            weight = attributes.get("weight") if isinstance(attributes, dict) else attributes
            graph.add_edge(u, v, weight)
    return graph


def _numpy(short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """numpy arrays as nested lists: from literals, or filled with zeros, ones or a value."""
    if set(kwargs) - {"dtype"}:
        return UNKNOWN
    if short in ("array", "asarray", "matrix") and len(args) == 1 and isinstance(args[0], list | tuple):
        return _as_lists(args[0])
    if short in ("zeros", "ones", "full") and 1 <= len(args) <= 2:
        fill = {"zeros": 0, "ones": 1}.get(short, args[-1])
        shape = args[0] if isinstance(args[0], list | tuple) else (args[0],)
        if not all(type(d) is int and 0 <= d <= MAX_SIZE for d in shape) or math.prod(shape) > MAX_SIZE:
            return UNKNOWN
        if kwargs.get("dtype") is float or (short != "full" and kwargs.get("dtype") is None):
            fill = float(fill) if is_number(fill) else fill
        return _filled(list(shape), fill)
    return UNKNOWN


def _as_lists(value: Any) -> Any:
    return [_as_lists(v) for v in value] if isinstance(value, list | tuple) else value


def _filled(shape: list[int], fill: Any) -> list[Any]:
    if len(shape) == 1:
        return [fill] * shape[0]
    return [_filled(shape[1:], fill) for _ in range(shape[0])]


def _graph_method(graph: GraphData, method: str, args: list[Any], kwargs: dict[str, Any]) -> bool:
    """Apply a networkx graph-building method; False when it is not one we can follow."""
    weight = kwargs.get("weight")
    if method == "add_node" and len(args) == 1:
        graph.add_node(args[0])
    elif method == "add_nodes_from" and len(args) == 1 and isinstance(args[0], list | tuple):
        for node in args[0]:
            graph.add_node(node)
    elif method == "add_edge" and len(args) == 2:
        graph.add_edge(args[0], args[1], weight)
    elif method in ("add_edges_from", "add_weighted_edges_from") and len(args) == 1:
        for edge in args[0] if isinstance(args[0], list | tuple) else [None]:
            if not isinstance(edge, list | tuple) or len(edge) not in (2, 3):
                return False
            w = edge[2] if len(edge) == 3 else weight
            if isinstance(w, dict):
                w = w.get("weight")
            graph.add_edge(edge[0], edge[1], w)
    else:
        return False
    return True


def _binop(op: ast.operator, left: Any, right: Any) -> Any:
    if not (is_number(left) and is_number(right)):
        if isinstance(op, ast.Add) and type(left) is type(right) and isinstance(left, list | tuple | str):
            return left + right
        if isinstance(op, ast.Mult) and isinstance(left, list | str) and type(right) is int:  # [0] * n
            return left * right if len(left) * right <= MAX_SIZE else UNKNOWN  # rows alias, as in Python
        return UNKNOWN
    if isinstance(op, ast.Pow) and abs(right) > 64:
        return UNKNOWN
    if isinstance(op, ast.LShift) and right > 64:
        return UNKNOWN
    fn = BINARY_OPERATORS.get(type(op))
    return UNKNOWN if fn is None else fn(left, right)


def _compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    fn = COMPARISONS.get(type(op))
    return UNKNOWN if fn is None else fn(left, right)


def is_number(value: Any) -> bool:
    """An int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_main_guard(test: ast.expr) -> bool:
    """``if __name__ == "__main__":``"""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


def _names(target: ast.expr) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id
