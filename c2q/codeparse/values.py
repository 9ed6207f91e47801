"""Static values of a program: literals, with constant propagation through simple assignments.

Nothing is executed. Module-level statements are read in order and an environment maps names to
the values they certainly hold: literals (numbers, strings, lists, tuples, dicts, sets), simple
arithmetic and comparisons on them, indexing, comprehensions over known iterables,
``range``/``list``/``tuple``/``sorted`` of known values, and networkx graphs
built by ``nx.Graph(...)`` plus ``add_edge``/``add_edges_from``/``add_weighted_edges_from``/
``add_node(s_from)`` calls. A name whose value depends on anything else is simply unknown.
"""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: evaluation gave no certain value
UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()
#: ``range`` / ``1 << n`` results larger than this are not materialised
MAX_SIZE = 10_000
GRAPH_CLASSES = {"Graph", "DiGraph", "MultiGraph"}
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
}
COMPARISONS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
#: deterministic networkx generators: name -> edges of the graph on ``n`` nodes
GENERATORS = {
    "complete_graph": lambda n: list(itertools.combinations(range(n), 2)),
    "cycle_graph": lambda n: [(i, (i + 1) % n) for i in range(n)] if n > 2 else [(0, 1)][: n - 1],
    "path_graph": lambda n: [(i, i + 1) for i in range(n - 1)],
    "star_graph": lambda n: [(0, i) for i in range(1, n + 1)],
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


class Program:
    """Module-level facts: function definitions, import aliases, values, calls of defined functions.

    :param tree: the parsed module.
    """

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions: dict[str, ast.FunctionDef] = {}
        self.aliases: dict[str, str] = {}  # local name -> dotted module path ("nx" -> "networkx")
        self.calls: list[Call] = []  # of the program's own functions
        self.library_calls: list[Call] = []  # of anything else (``nx.find_cliques(G)``)
        self.undefined: dict[str, int] = {}  # names used as call arguments but never defined -> line
        self.env: dict[str, Value] = {}
        self._run(tree.body, self.env, depth=0)

    # ---- statements ------------------------------------------------------------------------
    def _run(self, body: list[ast.stmt], env: dict[str, Value], depth: int) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef):
                self.functions[stmt.name] = stmt
                env.pop(stmt.name, None)
            elif isinstance(stmt, ast.Import | ast.ImportFrom):
                self._import(stmt)
            elif isinstance(stmt, ast.Assign):
                self._find_calls(stmt.value, env, depth)
                value = self.eval(stmt.value, env)
                for target in stmt.targets:
                    self._assign(target, value, stmt.lineno, env)
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                self._find_calls(stmt.value, env, depth)
                self._assign(stmt.target, self.eval(stmt.value, env), stmt.lineno, env)
            elif isinstance(stmt, ast.AugAssign):
                for name in _names(stmt.target):
                    env.pop(name, None)
            elif isinstance(stmt, ast.Expr):
                if not self._mutate(stmt.value, env):
                    self._find_calls(stmt.value, env, depth)
            elif isinstance(stmt, ast.If) and _is_main_guard(stmt.test):
                self._run(stmt.body, env, depth)
            elif isinstance(stmt, ast.For):
                self._unroll(stmt, env, depth)
            else:  # anything else may change any name it touches
                for node in ast.walk(stmt):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        env.pop(node.id, None)

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
        else:
            for name in _names(target):
                env.pop(name, None)

    def _unroll(self, stmt: ast.For, env: dict[str, Value], depth: int) -> None:
        """``for u, v in known: G.add_edge(u, v)``: run the body once per item when the iterable is known."""
        items = self.eval(stmt.iter, env)
        if isinstance(items, list | tuple) and len(items) <= MAX_SIZE and not stmt.orelse:
            for item in items:
                self._assign(stmt.target, item, stmt.lineno, env)
                self._run(stmt.body, env, depth)
        else:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    env.pop(node.id, None)

    def _mutate(self, expr: ast.expr, env: dict[str, Value]) -> bool:
        """Graph-building and list-appending method calls on known values; True when handled."""
        if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)):
            return False
        owner = expr.func.value
        if not isinstance(owner, ast.Name) or owner.id not in env:
            return False
        target, method = env[owner.id].obj, expr.func.attr
        args = [self.eval(a, env) for a in expr.args]
        kwargs = {k.arg: self.eval(k.value, env) for k in expr.keywords if k.arg}
        if any(a is UNKNOWN for a in args) or any(v is UNKNOWN for v in kwargs.values()):
            env.pop(owner.id)
            return True
        if isinstance(target, GraphData):
            if not _graph_method(target, method, args, kwargs):
                env.pop(owner.id)
                return True
        elif isinstance(target, list) and method in ("append", "extend") and len(args) == 1:
            target.append(args[0]) if method == "append" else target.extend(args[0])
        else:
            return False
        env[owner.id] = Value(target, expr.lineno, owner.id)
        return True

    def _find_calls(self, expr: ast.expr, env: dict[str, Value], depth: int) -> None:
        """Record calls of defined functions inside ``expr``; descend into a zero-argument ``main()``."""
        for node in ast.walk(expr):
            if not isinstance(node, ast.Call):
                continue
            function = self.functions.get(node.func.id) if isinstance(node.func, ast.Name) else None
            if function is None:
                self.library_calls.append(Call(None, node, dict(env)))
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for name in ast.walk(arg):
                    if isinstance(name, ast.Name) and name.id not in env and name.id not in self.functions:
                        self.undefined.setdefault(name.id, node.lineno)
            if function.args.args or function.args.vararg or depth > 2:
                self.calls.append(Call(function, node, dict(env)))
            else:
                self._run(function.body, dict(env), depth + 1)

    # ---- expressions -----------------------------------------------------------------------
    def eval(self, expr: ast.expr, env: dict[str, Value]) -> Any:
        """The value of ``expr`` if it is certain, else :data:`UNKNOWN`."""
        try:
            return self._eval(expr, env)
        except (TypeError, ValueError, LookupError, ZeroDivisionError, OverflowError, RecursionError):
            return UNKNOWN

    def _eval(self, expr: ast.expr, env: dict[str, Value]) -> Any:
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.Name):
            return env[expr.id].obj if expr.id in env else UNKNOWN
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            items = [self._eval(e, env) for e in expr.elts]
            if any(i is UNKNOWN for i in items):
                return UNKNOWN
            return tuple(items) if isinstance(expr, ast.Tuple) else items
        if isinstance(expr, ast.Dict):
            if any(k is None for k in expr.keys):
                return UNKNOWN
            keys = [self._eval(k, env) for k in expr.keys if k is not None]
            values = [self._eval(v, env) for v in expr.values]
            if any(x is UNKNOWN for x in keys + values):
                return UNKNOWN
            return dict(zip(keys, values, strict=True))
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub | ast.UAdd):
            operand = self._eval(expr.operand, env)
            if not is_number(operand):
                return UNKNOWN
            return -operand if isinstance(expr.op, ast.USub) else operand
        if isinstance(expr, ast.BinOp):
            return _binop(expr.op, self._eval(expr.left, env), self._eval(expr.right, env))
        if isinstance(expr, ast.Call):
            return self._call(expr, env)
        if isinstance(expr, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            items = self._comprehension(expr.elt, expr.generators, env)
            return (
                UNKNOWN
                if items is UNKNOWN
                else sorted(set(items), key=repr)
                if isinstance(expr, ast.SetComp)
                else items
            )
        if isinstance(expr, ast.Compare) and len(expr.ops) == 1:
            return _compare(expr.ops[0], self._eval(expr.left, env), self._eval(expr.comparators[0], env))
        if isinstance(expr, ast.Subscript):
            container, key = self._eval(expr.value, env), self._eval(expr.slice, env)
            if isinstance(container, list | tuple | dict) and not isinstance(key, slice):
                return container[key]
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
            iterable = self._eval(generator.iter, scope)
            if not isinstance(iterable, list | tuple) or generator.is_async:
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
        name = self.qualified(expr.func)
        args = [self._eval(a, env) for a in expr.args]
        if any(a is UNKNOWN for a in args):
            return UNKNOWN
        short = name.rsplit(".", 1)[-1]
        if name.startswith("networkx.") and short in GRAPH_CLASSES:
            graph = GraphData()
            if args and not _graph_method(graph, "add_edges_from", args[:1], {}):
                return UNKNOWN
            return graph
        if name.startswith("networkx.") and short in GENERATORS and len(args) == 1 and isinstance(args[0], int):
            graph = GraphData(nodes=list(range(args[0] + (short == "star_graph"))))
            for u, v in GENERATORS[short](args[0]):
                graph.add_edge(u, v)
            return graph
        if name == "range" and all(isinstance(a, int) for a in args) and 1 <= len(args) <= 3:
            values = range(*args)
            return list(values) if len(values) <= MAX_SIZE else UNKNOWN
        if name in ("list", "tuple", "sorted", "set") and len(args) == 1 and isinstance(args[0], list | tuple):
            items = list(args[0])
            return tuple(items) if name == "tuple" else sorted(items) if name == "sorted" else items
        if name in ("int", "float", "abs") and len(args) == 1 and is_number(args[0]):
            convert: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "abs": abs}
            return convert[name](args[0])
        return UNKNOWN

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
        if isinstance(op, ast.Add) and type(left) is type(right):
            if isinstance(left, list) and isinstance(right, list):
                return left + right
            if isinstance(left, tuple) and isinstance(right, tuple):
                return left + right
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


def _is_main_guard(test: ast.expr) -> bool:
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
