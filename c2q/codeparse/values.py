"""Static values of a program, found by a small interpreter over its syntax tree; never by running it.

Module-level statements are followed in order and an environment maps names to the values they
certainly hold: literals, arithmetic and comparisons on them, indexing, comprehensions, containers
filled by loops (``append``, ``setdefault``, ``d[k] = v``, ``a[i][j] = w``), ``for``/``while`` loops over
known values, ``if`` on known tests, the program's own functions when their value is used (a generator
as the list of what it yields), networkx
graphs (built by ``add_edge`` and friends, from adjacency matrices or dicts, or by networkx's
generators: random ones only with a fixed seed), numpy arrays as nested lists, ``itertools``
combinations, heaps and queues, ``del``, string formatting, the decision variables and
constraints of solver models (:mod:`c2q.codeparse.formulation`), and a few built-ins and
``math`` functions. A name whose value depends on anything
else (input, files, unseeded randomness, an effect that cannot be followed) is simply unknown.

The calls a program makes are recorded with the values known then: calls of its own functions, of
methods of its objects, and the construction of an object of its class built on a library's
(``class TSP(Annealer)``: the library runs it, so the constructor's arguments are its data).
"""

from __future__ import annotations

import ast
import copy
import functools
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from c2q.codeparse.circuits import Register
from c2q.codeparse.formulation import Formulation, MatrixVariable, Problem, relation
from c2q.codeparse.library import (
    IN_PLACE,
    LIBRARY_CONSTANTS,
    MAX_SIZE,
    PURE_METHODS,
    SET_OPERATORS,
    UNKNOWN,
    GraphData,
    as_set,
    call_library,
    call_method,
    is_hashable,
    is_matrix,
    is_number,
    iterate,
    set_operation,
)
from c2q.codeparse.models import BinaryPolynomial

#: evaluation steps for a whole program, and for one call of one of its functions
MAX_STEPS = 300_000
MAX_CALL_STEPS = 50_000
#: integers wider than this are not followed (a factorial or a power built in a loop)
MAX_INT_BITS = 4096
#: nested calls of the program's own functions followed for their value
MAX_CALL_DEPTH = 3
#: calls of the program's own functions recorded with a copy of the values known then (a loop
#: that calls a function thousands of times would copy them thousands of times)
MAX_RECORDED_CALLS = 256
#: following the entry call to see what it computes (:meth:`Program.evaluate`): steps in all, and
#: nested calls (recursive searches go as deep as the graph has nodes)
EVALUATION_STEPS = 400_000
EVALUATION_DEPTH = 24
#: built-ins that take a function of the program's (``key=lambda x: ...``)
WITH_FUNCTIONS = ("sorted", "min", "max", "map", "filter")
#: type names as values (``dtype=int``, ``defaultdict(list)``, ``map(int, ...)``)
TYPES: dict[str, Any] = {"int": int, "float": float, "bool": bool, "str": str, "list": list, "set": set, "dict": dict}
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
#: itertools' functions that libraries imported with ``*`` hand on (pycsp3's ``combinations``)
STAR_REEXPORTED = ("combinations", "permutations", "product")
#: comparison operators as a model's relations write them
RELATION_SYMBOLS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
#: solver models kept per program: the module's, then those of the calls followed for their value
MAX_FORMULATIONS = 8
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
    #: a method call: the object it is called on (its attributes are the method's data)
    owner: ObjectData | None = None
    #: the call changes its object (``g.add_edge(0, 1)``): it builds data rather than solving
    builds: bool = False


@dataclass(frozen=True)
class Closure:
    """A function defined inside a function, and the scope it sees (its caller's names)."""

    function: ast.FunctionDef
    scope: dict[str, Value]

    def __deepcopy__(self, memo: dict[int, Any]) -> Closure:
        return self  # the scope is read when the closure is called, not copied with it


@dataclass(frozen=True)
class Script:
    """Statements run in order without arguments (the module, or a function such as ``main()``), and
    the values they leave."""

    name: str
    body: list[ast.stmt]
    env: dict[str, Value]


@dataclass
class ObjectData:
    """An object of one of the program's own classes: the class's name and the object's attributes.

    A record class (``@dataclass``, ``typing.NamedTuple``) also keeps its field order, so that a
    list of records reads as a list of tuples (``[Edge(0, 1, 2.5), ...]`` -> ``[(0, 1, 2.5), ...]``).
    """

    cls: str
    attrs: dict[str, Any] = field(default_factory=dict)
    fields: tuple[str, ...] | None = None

    def as_tuple(self) -> tuple[Any, ...] | None:
        """A record's field values in order; ``None`` for an object that is not a record."""
        if self.fields is None or any(f not in self.attrs for f in self.fields):
            return None
        return tuple(self.attrs[f] for f in self.fields)


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

    def __init__(self, tree: ast.Module, follow_uncalled: bool = False) -> None:
        self.tree = tree
        self.functions: dict[str, ast.FunctionDef] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.aliases: dict[str, str] = {}  # local name -> dotted module path ("nx" -> "networkx")
        self.star_imports: list[str] = []  # modules whose every name is imported (``from m import *``)
        self.calls: list[Call] = []  # of the program's own functions
        self._constructions = 0  # calls recorded by _record_construction
        self._calls_in: dict[ast.expr, list[ast.Call]] = {}  # the calls inside an expression
        self.library_calls: list[Call] = []  # of anything else (``nx.find_cliques(G)``)
        self.undefined: dict[str, int] = {}  # names used as call arguments but never defined -> line
        #: names assigned the value of one of the program's functions (``edges = ring(5)``: ring builds data)
        self.produced_by: dict[str, str] = {}
        self.env: dict[str, Value] = {}
        self.steps = 0
        self._limit = MAX_STEPS
        self._call_depth = 0
        #: what each generator being run has yielded so far, innermost last
        self._yields: list[list[Any]] = []
        self._max_depth, self._call_steps = MAX_CALL_DEPTH, MAX_CALL_STEPS
        #: following the entry call (:meth:`evaluate`): random choices take one outcome, arguments are
        #: passed as Python passes them (not copied), and what is printed is kept
        self._evaluating = False
        #: while evaluating, whether a random choice takes one of its outcomes (else it is unknown)
        self._draws = False
        #: what the last :meth:`evaluate` printed: each line's values (one value, or the values of a
        #: line printed piece by piece, ``print(c, end=" ")``), strings left out
        self.printed: list[Any] = []
        #: the names the last :meth:`evaluate` ran with, as the call left them (an argument it filled)
        self.evaluated: dict[str, Value] = {}
        self._line: list[Any] = []
        #: the solver models the program builds: the module's, then one per call followed
        self.formulations: list[Formulation] = [Formulation()]
        self._formulation = self.formulations[0]
        #: the module, then the bodies of the functions run without arguments (``main()``)
        self.scripts: list[Script] = [Script("<module>", tree.body, self.env)]
        self._run(tree.body, self.env, depth=0)
        if follow_uncalled:
            self._run_uncalled()

    def _run_uncalled(self) -> None:
        """Run each function that takes no arguments and that nothing in the program names (an example
        left uncalled, ``def demo(): ...``) as if the module called it last."""
        named = {n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        for function in list(self.functions.values()):
            if function.name not in named and not _takes_arguments(function):
                env = dict(self.env)
                self._run(function.body, env, depth=1)
                self.scripts.append(Script(function.name, function.body, env))
        for definition in list(self.classes.values()):
            self._run_tests(definition)

    def _run_tests(self, definition: ast.ClassDef) -> None:
        """Run each ``test...`` method of a test case (a class built on a library's, ``unittest.TestCase``
        or a project's own base) as its runner does: on a new object, after the class's ``setUp``."""
        tests = [f for f in definition.body if isinstance(f, ast.FunctionDef) and f.name.startswith("test")]
        if not tests or not self._library_based(definition.name):
            return
        set_up = self.method(definition.name, "setUp")
        for test in tests:
            if len(test.args.args) != 1 or (set_up is not None and len(set_up.args.args) != 1):
                continue  # a test that takes fixtures: its runner's arguments are unknown
            obj, env = ObjectData(definition.name), dict(self.env)
            for method in (set_up, test) if set_up is not None else (test,):
                env[method.args.args[0].arg] = Value(obj, method.lineno, method.args.args[0].arg)
                self._run(method.body, env, depth=1)
            self.scripts.append(Script(f"{definition.name}.{test.name}", test.body, env))

    def _own_callable(self, func: ast.expr) -> bool:
        """Whether ``func`` names one of the program's functions or classes (its calls are recorded)."""
        return isinstance(func, ast.Name) and (func.id in self.functions or func.id in self.classes)

    def own_function(self, func: ast.expr) -> ast.FunctionDef | None:
        """The program's own function ``func`` names, if it names one."""
        return self.functions.get(func.id) if isinstance(func, ast.Name) else None

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
            if local:  # a function defined inside a function: called with the scope it sees
                env[stmt.name] = Value(Closure(stmt, env), stmt.lineno, stmt.name)
                return
            self.functions[stmt.name] = stmt
            env.pop(stmt.name, None)
        elif isinstance(stmt, ast.ClassDef):
            if local:
                raise _Uncertain
            self.classes[stmt.name] = stmt
            env.pop(stmt.name, None)
            record = self._named_tuple(stmt)
            if record is not None:
                env[stmt.name] = Value(record, stmt.lineno, stmt.name)
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
            if isinstance(current, Problem) and isinstance(stmt.op, ast.Add):  # problem += x[u] + x[v] <= 1
                current.add(self._value(stmt.value, env), stmt.lineno)
                return
            if current is UNKNOWN:  # model += x[u] != x[v] (cpmpy): a constraint handed over
                self._formulation.note("", [self._value(stmt.value, env)], {}, stmt.lineno)
            self._assign(stmt.target, _binop(stmt.op, current, self._value(stmt.value, env)), stmt.lineno, env)
        elif isinstance(stmt, ast.Expr):
            self._expression_statement(stmt.value, env, depth, local)
        elif isinstance(stmt, ast.If):
            if is_main_guard(stmt.test):
                self._run(stmt.body, env, depth, local)
                return
            if not local:  # if not colour(graph, 3): a call on the program's data
                self._find_calls(stmt.test, env, depth)
            test = _truth(self._value(stmt.test, env))
            self._run(stmt.body if test else stmt.orelse, env, depth, local)
        elif isinstance(stmt, ast.For):
            self._for(stmt, env, depth, local)
        elif isinstance(stmt, ast.While):
            self._while(stmt, env, depth, local)
        elif isinstance(stmt, ast.Match):
            self._match(stmt, env, depth, local)
        elif isinstance(stmt, ast.With):
            self._with(stmt, env, depth, local)
        elif isinstance(stmt, ast.Break):
            raise _Break
        elif isinstance(stmt, ast.Continue):
            raise _Continue
        elif isinstance(stmt, ast.Return) and local:
            raise _Return(None if stmt.value is None else self._value(stmt.value, env))
        elif isinstance(stmt, ast.Try) and not stmt.orelse:
            self._run(stmt.body, env, depth, local)  # read as if nothing raises
            self._run(stmt.finalbody, env, depth, local)
        elif isinstance(stmt, ast.Nonlocal):
            raise _Uncertain  # a closure rebinding its caller's names: not followed
        elif isinstance(stmt, ast.Assert) and not local:
            self._find_calls(stmt.test, env, depth)  # assert f(5, 15) == 75: a call on the program's data
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                self._delete(target, env)
        elif isinstance(stmt, ast.Pass | ast.Global | ast.Assert):
            pass  # an assert inside a function run for its value is read as if it holds
        else:  # async, class inside a function, raise...: what it touches becomes unknown
            raise _Uncertain

    def _with(self, stmt: ast.With, env: dict[str, Value], depth: int, local: bool) -> None:
        """``with open(path) as f:`` / ``with gp.Model() as m:``: the body runs once; what a context
        manager hands over (``f``, ``m``) is unknown (the calls it makes are still recorded and a
        solver model's calls still noted)."""
        if any(_expects_failure(item.context_expr) for item in stmt.items):
            return  # with self.assertRaises(TypeError): a call on bad input, there to fail: no instance
        for item in stmt.items:
            if not local:
                self._find_calls(item.context_expr, env, depth)
            self.eval(item.context_expr, env)
            if item.optional_vars is not None:
                self._assign(item.optional_vars, UNKNOWN, stmt.lineno, env)
        self._run(stmt.body, env, depth, local)

    def _match(self, stmt: ast.Match, env: dict[str, Value], depth: int, local: bool) -> None:
        """``match subject:`` on a known subject: the first case whose pattern matches (and guard holds)
        runs. Patterns followed: literal values, ``None``/``True``/``False``, ``_``, a capture, and
        alternatives of these; any other pattern (sequences, mappings, classes) is not."""
        subject = self._value(stmt.subject, env)
        for case in stmt.cases:
            bindings = self._pattern(case.pattern, subject, env)
            if bindings is None:
                raise _Uncertain
            if bindings is False:
                continue
            for name, value in bindings.items():
                env[name] = Value(value, case.pattern.lineno, name)
            if case.guard is None or _truth(self._value(case.guard, env)):
                self._run(case.body, env, depth, local)
                return

    def _pattern(self, pattern: ast.pattern, subject: Any, env: dict[str, Value]) -> Bindings | None:
        """The names ``pattern`` binds when it matches ``subject``, ``False`` when it does not, ``None``
        when that cannot be told."""
        if subject is UNKNOWN:
            return None
        if isinstance(pattern, ast.MatchValue):
            value = self._value(pattern.value, env)
            return None if value is UNKNOWN else ({} if subject == value else False)
        if isinstance(pattern, ast.MatchSingleton):
            return {} if subject is pattern.value else False
        if isinstance(pattern, ast.MatchAs):
            inner = {} if pattern.pattern is None else self._pattern(pattern.pattern, subject, env)
            if not isinstance(inner, dict):
                return inner
            return {**inner, pattern.name: subject} if pattern.name else inner
        if isinstance(pattern, ast.MatchOr):
            for alternative in pattern.patterns:
                found = self._pattern(alternative, subject, env)
                if found is not False:
                    return found
            return False
        return None

    def _expression_statement(self, expr: ast.expr, env: dict[str, Value], depth: int, local: bool) -> None:
        """A call for its effect: a method that builds a known value (``edges.append``), a library function
        that changes the list it is given (``heapq.heappush(heap, x)``), else a call to record."""
        if isinstance(expr, ast.Call) and self.qualified(expr.func) in IN_PLACE:
            if self._value(expr, env) is UNKNOWN:  # what it was given is no longer known
                for arg in expr.args:
                    env.pop(_root(arg) or "", None)
            return
        receiver = _receiver(expr)
        if receiver is not None and receiver in env:
            recorded = None if local else self._record_method_call(expr, env)
            if self._value(expr, env) is UNKNOWN and isinstance(expr, ast.Call):
                method = expr.func.attr if isinstance(expr.func, ast.Attribute) else ""
                if method not in PURE_METHODS and (recorded is None or recorded.builds):
                    raise _Uncertain  # an effect we cannot follow on a known value
            return
        if local:
            if isinstance(expr, ast.Call | ast.Yield | ast.YieldFrom):
                self._value(expr, env)  # print(...), model.Add(x[u] != x[v]), yield (u, v)
            return
        self._find_calls(expr, env, depth)
        if isinstance(expr, ast.Call) and not self._own_callable(expr.func):
            self.eval(expr, env)  # a library's call: what it hands a solver model is noted

    def _import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        for alias in stmt.names:
            if isinstance(stmt, ast.Import):
                top = alias.name.split(".")[0]
                self.aliases[alias.asname or top] = alias.name if alias.asname else top
            elif alias.name == "*":  # from qrisp.algorithms.qaoa import *
                self.star_imports.append(stmt.module or "")
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
        elif isinstance(target, ast.Attribute) and isinstance(owner := self._value(target.value, env), ObjectData):
            if value is UNKNOWN:
                owner.attrs.pop(target.attr, None)
            else:
                owner.attrs[target.attr] = value
            root = _root(target)
            if root in env:
                env[root] = Value(env[root].obj, line, root)
        else:  # an attribute of anything else: not followed
            for name in _names(target):
                env.pop(name, None)

    def _delete(self, target: ast.expr, env: dict[str, Value]) -> None:
        """``del x`` forgets a name; ``del xs[i]`` / ``del d[k]`` removes an item of a known list or dict."""
        if isinstance(target, ast.Name):
            env.pop(target.id, None)
            return
        if not isinstance(target, ast.Subscript) or _root(target) not in env:
            raise _Uncertain
        container, key = self._value(target.value, env), self._value(target.slice, env)
        if isinstance(container, list) and (type(key) is int or isinstance(key, slice)):
            if type(key) is int and not -len(container) <= key < len(container):
                raise _Uncertain
        elif not (isinstance(container, dict) and is_hashable(key) and key in container):
            raise _Uncertain
        del container[key]

    def _for(self, stmt: ast.For, env: dict[str, Value], depth: int, local: bool) -> None:
        """``for u, v in known: ...``: run the body once per item when the iterable is known."""
        items = iterate(self._value(stmt.iter, env))
        if items is UNKNOWN:
            raise _Uncertain
        for item in items:
            self._assign(stmt.target, item, stmt.lineno, env)
            if not self._iteration(stmt.body, env, depth, local):
                return
        self._run(stmt.orelse, env, depth, local)

    def _while(self, stmt: ast.While, env: dict[str, Value], depth: int, local: bool) -> None:
        while True:
            if not _truth(self._value(stmt.test, env)):
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
        """Record calls of defined functions inside ``expr``; descend into a zero-argument ``main()``.
        Past :data:`MAX_RECORDED_CALLS` of each kind (a loop making the same calls over and over)
        nothing more is recorded."""
        if len(self.calls) >= MAX_RECORDED_CALLS and len(self.library_calls) >= MAX_RECORDED_CALLS:
            return
        if expr not in self._calls_in:  # a statement in a loop runs many times: walk it once
            self._calls_in[expr] = [node for node in ast.walk(expr) if isinstance(node, ast.Call)]
        for node in self._calls_in[expr]:
            function = self.functions.get(node.func.id) if isinstance(node.func, ast.Name) else None
            if function is None:
                if isinstance(node.func, ast.Name) and node.func.id in self.classes:
                    self._record_construction(node, env)
                    continue  # an object of the program's own class: its methods' calls are the data's
                receiver = _receiver(node)
                # a method of a known value builds it, but a graph's may also solve (igraph's
                # g.cliques(4, 4)); anything else is recorded
                on_graph = receiver in env and isinstance(env[receiver].obj, GraphData)
                made = isinstance(node.func, ast.Attribute) and self._constructs_own_object(node.func.value)
                if (receiver not in env or on_graph) and not made and len(self.library_calls) < MAX_RECORDED_CALLS:
                    self.library_calls.append(Call(None, node, dict(env)))
                if receiver in env or made:  # obj.method(...), or Solution().method(...) on an object made there
                    self._record_method_call(node, env)
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for name in ast.walk(arg):
                    if isinstance(name, ast.Name) and name.id not in env and name.id not in self.functions:
                        self.undefined.setdefault(name.id, node.lineno)
            flags = self._flag_arguments(function, node, env) if depth <= 2 else None
            if (flags is None or flags) and len(self.calls) < MAX_RECORDED_CALLS:  # main(flag): both
                self.calls.append(Call(function, node, copy.deepcopy(env)))
            if flags is not None:
                local = {**env, **flags}
                self._run(function.body, local, depth + 1)
                self.scripts.append(Script(function.name, function.body, local))

    def _flag_arguments(
        self, function: ast.FunctionDef, node: ast.Call, env: dict[str, Value]
    ) -> dict[str, Value] | None:
        """The parameters of a call that hands a driver no data (``main()``, ``main(use_qiskit)`` with
        a flag or ``None``, defaults alike), bound to its arguments: the driver is followed as
        a script, the calls it makes being the program's; ``None`` for a call that passes data (a
        number, a string, a list, a graph: the call is recorded) or arguments that do not match its
        parameters."""
        spec = function.args
        if spec.vararg or spec.kwarg or spec.posonlyargs or spec.kwonlyargs:
            return None
        params = [a.arg for a in spec.args]
        if len(node.args) > len(params) or any(k.arg not in params for k in node.keywords):
            return None
        given = dict(zip(params[len(params) - len(spec.defaults) :], spec.defaults, strict=True))
        given |= dict(zip(params, node.args, strict=False)) | {k.arg: k.value for k in node.keywords if k.arg}
        if set(params) - set(given):
            return None
        bound: dict[str, Value] = {}
        for name, arg in given.items():
            value = self.eval(arg, env if arg in node.args or arg in (k.value for k in node.keywords) else self.env)
            if not (value is None or type(value) is bool):
                return None
            bound[name] = Value(value, node.lineno, name)
        return bound

    def _record_method_call(self, expr: ast.expr, env: dict[str, Value]) -> Call | None:
        """Record ``g.color(3)``, a call of a method of the program's own class on a known object."""
        if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)):
            return None
        owner = self.eval(expr.func.value, env)
        method = self.method(owner.cls, expr.func.attr) if isinstance(owner, ObjectData) else None
        if method is None or len(self.calls) >= MAX_RECORDED_CALLS:
            return None
        snapshot = copy.deepcopy(env)
        owner = self.eval(expr.func.value, snapshot)
        call = Call(method, expr, snapshot, owner=owner, builds=self._changes_object(method, owner.cls, set()))
        self.calls.append(call)
        return call

    def _constructs_own_object(self, expr: ast.expr) -> bool:
        """``Solution()``: a call that makes an object of one of the program's classes."""
        return isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in self.classes

    def _record_construction(self, node: ast.Call, env: dict[str, Value]) -> None:
        """Record ``TSP(state, distance_matrix)``, an object of the program's class built on a library's
        (``class TSP(Annealer)``), as a call of its ``__init__``: the library's own methods run it
        (``tsp.anneal()``), so its constructor's arguments are the data it works on. (The object
        being made is the call's owner: its ``self`` is no argument.)"""
        cls = node.func.id if isinstance(node.func, ast.Name) else ""
        init = self.method(cls, "__init__")
        if init is None or not self._library_based(cls) or self._constructions >= MAX_RECORDED_CALLS:
            return
        self._constructions += 1  # counted apart: a loop's many calls of a helper do not crowd them out
        self.calls.append(Call(init, node, copy.deepcopy(env), owner=ObjectData(cls)))

    def _library_based(self, cls: str) -> bool:
        """Whether the program's class ``cls`` (or one of its own bases) derives from a library's class."""
        definition = self.classes.get(cls)
        if definition is None:
            return False
        for base in definition.bases:
            name = base.id if isinstance(base, ast.Name) else None
            if name in self.classes:
                if name != cls and self._library_based(name):
                    return True
            elif self.qualified(base) not in ("object", "typing.NamedTuple", "NamedTuple"):
                return True
        return False

    def method(self, cls: str, name: str) -> ast.FunctionDef | None:
        """The definition of ``cls.name`` in the program's class ``cls`` or the first of its bases that has one."""
        todo, seen = [cls], set()
        while todo:
            current = todo.pop(0)
            definition = self.classes.get(current)
            if definition is None or current in seen:
                continue
            seen.add(current)
            for stmt in definition.body:
                if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
                    return stmt
            todo += [b.id for b in definition.bases if isinstance(b, ast.Name)]
        return None

    def _changes_object(self, method: ast.FunctionDef, cls: str, seen: set[str]) -> bool:
        """Whether ``method`` (or a method of its class it calls) assigns to or changes its object."""
        if not method.args.args or _decorators(method) & {"staticmethod", "classmethod"}:
            return False
        me = method.args.args[0].arg
        for node in ast.walk(method):
            if isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
                if _root(node) == me:
                    return True
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _root(node.func.value) == me:
                if not isinstance(node.func.value, ast.Name):  # self.graph[u].append(v)
                    if node.func.attr not in PURE_METHODS:
                        return True
                    continue
                other = self.method(cls, node.func.attr)  # self.helper(...)
                if other is not None and other.name not in seen:
                    seen.add(other.name)
                    if self._changes_object(other, cls, seen):
                        return True
        return False

    def _named_tuple(self, definition: ast.ClassDef) -> Any:
        """``class Edge(NamedTuple): u: int; v: int`` as a named tuple type; ``None`` for another class."""
        if not any(self.qualified(b).rsplit(".", 1)[-1] == "NamedTuple" for b in definition.bases):
            return None
        fields = _record_fields(definition)
        defaults = [self.eval(d, self.env) for _, d in fields if d is not None]
        if any(d is UNKNOWN for d in defaults):
            return None
        return call_library("collections.namedtuple", [definition.name, [f for f, _ in fields]], {"defaults": defaults})

    def _field_default(self, default: ast.expr) -> Any:
        """A record field's default: its value, or ``field(default=v)`` / ``field(default_factory=list)``
        (a new empty ``list``, ``dict`` or ``set`` for each object)."""
        if not (isinstance(default, ast.Call) and self.qualified(default.func).rsplit(".", 1)[-1] == "field"):
            return self.eval(default, self.env)
        given = {k.arg: k.value for k in default.keywords}
        if "default" in given:
            return self.eval(given["default"], self.env)
        factory = self.eval(given["default_factory"], self.env) if "default_factory" in given else UNKNOWN
        return factory() if factory in (list, dict) else [] if factory is set else UNKNOWN  # sets are lists

    def _instantiate(self, definition: ast.ClassDef, expr: ast.Call, env: dict[str, Value]) -> Any:
        """An object of the program's class: a ``@dataclass`` record from its fields, else the object
        its ``__init__`` builds (followed like a function); :data:`UNKNOWN` when that cannot be followed."""
        args, kwargs = self._arguments(expr, env)
        if args is UNKNOWN:
            return UNKNOWN
        if "dataclass" in _decorators(definition):
            fields = _record_fields(definition)
            names = [f for f, _ in fields]
            if len(args) > len(names) or set(kwargs) - set(names):
                return UNKNOWN
            attrs = {**dict(zip(names, args, strict=False)), **kwargs}
            for name, default in fields:
                if name not in attrs:
                    attrs[name] = UNKNOWN if default is None else self._field_default(default)
            if any(v is UNKNOWN for v in attrs.values()):
                return UNKNOWN
            return ObjectData(definition.name, copy.deepcopy(attrs), tuple(names))
        obj = ObjectData(definition.name)
        init = self.method(definition.name, "__init__")
        if init is None:
            return UNKNOWN if args or kwargs else obj
        return UNKNOWN if self._invoke(init, args, kwargs, expr.lineno, owner=obj) is UNKNOWN else obj

    # ---- expressions -----------------------------------------------------------------------
    def eval(self, expr: ast.expr, env: dict[str, Value]) -> Any:
        """The value of ``expr`` if it is certain, else :data:`UNKNOWN`."""
        try:
            return self._value(expr, env)
        except (_Uncertain, _Break, _Continue, _Return):
            return UNKNOWN

    def evaluate(self, call: Call, draws: bool = True) -> Any:
        """The value of a recorded call, followed on copies of the values it was made with, within
        :data:`EVALUATION_STEPS` of its own and :data:`EVALUATION_DEPTH` nested calls; what it
        prints is not kept. :data:`UNKNOWN` when any of it cannot be followed.

        With ``draws``, a random choice takes one of its outcomes (``random.choice(xs)`` the first
        item, ``random.shuffle`` keeps the order): the value is then one the call can return, which
        is what judging what it computes needs (a randomised greedy search returns an independent set
        whatever it draws). Data is never read that way (``draws=False``: a value that depends on
        unseeded randomness stays unknown, as everywhere else)."""
        saved = (self.steps, self._limit, self._max_depth, self._call_steps, self._call_depth)
        self.steps, self._limit, self._call_depth = 0, EVALUATION_STEPS, 0
        self._max_depth, self._call_steps, self._evaluating = EVALUATION_DEPTH, EVALUATION_STEPS, True
        self._draws = draws
        self.printed, self._line = [], []
        outer = self._formulation
        if len(self.formulations) < MAX_FORMULATIONS:
            self._formulation = Formulation()
            self.formulations.append(self._formulation)
        try:
            self.evaluated = copy.deepcopy(call.env)
            return self.eval(call.node, self.evaluated)
        except RecursionError:
            return UNKNOWN
        finally:
            self.steps, self._limit, self._max_depth, self._call_steps, self._call_depth = saved
            self._evaluating = self._draws = False
            self._formulation = outer
            self._end_line()

    def _print(self, args: list[Any], kwargs: dict[str, Any]) -> None:
        """Keep what an evaluated call prints (see :attr:`printed`)."""
        self._line += [a for a in args if not isinstance(a, str)]
        if "\n" in str(kwargs.get("end", "\n")):
            self._end_line()

    def _end_line(self) -> None:
        if self._line and len(self.printed) < MAX_SIZE:
            self.printed.append(self._line[0] if len(self._line) == 1 else list(self._line))
        self._line = []

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
            starred = [f"{m}.{expr.id}" for m in self.star_imports if f"{m}.{expr.id}" in LIBRARY_CONSTANTS]
            if starred and expr.id not in self.functions:  # from pulp import *: LpMaximize
                return LIBRARY_CONSTANTS[starred[0]]
            return TYPES.get(expr.id, UNKNOWN) if expr.id not in self.functions else UNKNOWN
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            items = [self._eval(e, env) for e in expr.elts]
            if any(i is UNKNOWN for i in items) or any(isinstance(e, ast.Starred) for e in expr.elts):
                return UNKNOWN
            if isinstance(expr, ast.Tuple):
                return tuple(items)
            return as_set(items) if isinstance(expr, ast.Set) else items
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
            if not (is_number(operand) or isinstance(operand, BinaryPolynomial)):
                return UNKNOWN
            if isinstance(expr.op, ast.Invert):
                return ~operand if type(operand) is int else UNKNOWN
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
            return UNKNOWN if items is UNKNOWN else as_set(items) if isinstance(expr, ast.SetComp) else items
        if isinstance(expr, ast.DictComp):
            pairs = self._comprehension(ast.Tuple(elts=[expr.key, expr.value], ctx=ast.Load()), expr.generators, env)
            return UNKNOWN if pairs is UNKNOWN else dict(pairs)
        if isinstance(expr, ast.Compare):
            left = self._eval(expr.left, env)
            for op, right_expr in zip(expr.ops, expr.comparators, strict=True):
                right = self._eval(right_expr, env)
                made = relation(RELATION_SYMBOLS.get(type(op), ""), left, right, expr.lineno)
                if made is not None:  # a solver model's constraint (x[u] != x[v]), not a test
                    return made if len(expr.ops) == 1 else UNKNOWN
                outcome = _compare(op, left, right)
                if outcome is UNKNOWN or not outcome:
                    return outcome
                left = right
            return True
        if isinstance(expr, ast.Subscript):
            container, key = self._eval(expr.value, env), self._eval(expr.slice, env)
            return _get_item(container, key)
        if isinstance(expr, ast.JoinedStr):
            return self._f_string(expr, env)
        if isinstance(expr, ast.Slice):
            parts = [None if p is None else self._eval(p, env) for p in (expr.lower, expr.upper, expr.step)]
            return UNKNOWN if any(p is UNKNOWN for p in parts) else slice(*parts)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, env)
        if isinstance(expr, ast.Lambda):
            body = ast.Return(value=expr.body, lineno=expr.lineno, col_offset=expr.col_offset)
            function = ast.FunctionDef(name="<lambda>", args=expr.args, body=[body], decorator_list=[])
            function.lineno = expr.lineno
            return Closure(function, env)
        if isinstance(expr, ast.Yield | ast.YieldFrom):
            return self._yield(expr, env)
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
        if isinstance(owner, ObjectData):
            if expr.attr in owner.attrs:
                return owner.attrs[expr.attr]
            return self._class_constant(owner.cls, expr.attr)
        if isinstance(owner, tuple) and expr.attr in getattr(owner, "_fields", ()):
            return getattr(owner, expr.attr)
        if isinstance(owner, GraphData):
            if expr.attr == "nodes":
                return list(owner.nodes)
            if expr.attr == "edges":
                return [tuple(edge) for edge in owner.edges]
        if isinstance(owner, list) and is_matrix(owner):
            if expr.attr == "shape":
                return (len(owner), len(owner[0]))
            if expr.attr == "T":
                return [list(column) for column in zip(*owner, strict=True)]
        return UNKNOWN

    def _class_constant(self, cls: str, name: str) -> Any:
        """A class attribute set in the class body (``V = 5``), looked up in ``cls`` and its bases."""
        todo, seen = [cls], set()
        while todo:
            current = todo.pop(0)
            definition = self.classes.get(current)
            if definition is None or current in seen:
                continue
            seen.add(current)
            for stmt in definition.body:
                if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
                    return self._value(stmt.value, self.env)
            todo += [b.id for b in definition.bases if isinstance(b, ast.Name)]
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
            iterable = iterate(self._eval(generator.iter, scope))
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
        method_of_object = isinstance(expr.func, ast.Attribute) and self._constructs_own_object(expr.func.value)
        if isinstance(expr.func, ast.Attribute) and (_receiver(expr) in env or method_of_object):
            owner = self._eval(expr.func.value, env)
            args, kwargs = self._arguments(expr, env)
            if owner is UNKNOWN or args is UNKNOWN:
                return UNKNOWN
            if isinstance(owner, list) and expr.func.attr == "sort" and isinstance(kwargs.get("key"), Closure):
                ordered = self._with_function("sorted", [owner], kwargs)  # xs.sort(key=lambda x: ...)
                if ordered is UNKNOWN:
                    return UNKNOWN
                owner[:] = ordered
                return None
            if isinstance(owner, ObjectData):
                method = self.method(owner.cls, expr.func.attr)
                if method is None or "classmethod" in _decorators(method):
                    return UNKNOWN
                bound = None if "staticmethod" in _decorators(method) else owner
                return self._invoke(method, args, kwargs, expr.lineno, owner=bound)
            return call_method(owner, expr.func.attr, args, kwargs)
        if isinstance(expr.func, ast.Name) and expr.func.id not in env:
            if expr.func.id in self.functions:
                return self._apply(self.functions[expr.func.id], expr, env)
            if expr.func.id in self.classes:
                return self._instantiate(self.classes[expr.func.id], expr, env)
        if isinstance(expr.func, ast.Name) and isinstance(closure := _held(env, expr.func.id), Closure):
            args, kwargs = self._arguments(expr, env)
            if args is UNKNOWN:
                return UNKNOWN
            return self._invoke(closure.function, args, kwargs, expr.lineno, scope=closure.scope)
        if isinstance(expr.func, ast.Name) and _is_record_type(env.get(expr.func.id)):
            args, kwargs = self._arguments(expr, env)  # Edge(0, 1): a named tuple
            record = env[expr.func.id].obj
            return UNKNOWN if args is UNKNOWN else record(*args, **kwargs)
        name = self.qualified(expr.func)
        args, kwargs = self._arguments(expr, env, partial=True)
        if any(a is UNKNOWN for a in [*args, *kwargs.values()]):
            # the constraints handed on still reach the solver: cp.Problem(objective not followed, [x[u] + x[v] >= 1])
            self._formulation.note("", args, kwargs, expr.lineno)
            return UNKNOWN
        modelled = self._modelling(name.rsplit(".", 1)[-1], args, kwargs, expr.lineno)
        if modelled is not None:
            return modelled
        inline = isinstance(expr.func, ast.Attribute) and isinstance(expr.func.value, ast.Call | ast.Subscript)
        if isinstance(expr.func, ast.Attribute) and (inline or _root(expr.func) not in self.aliases):
            # a method of a value built inline: "0 1".split(), cp.Problem(cp.Maximize(e)).solve()
            owner = self._eval(expr.func.value, env)
            return UNKNOWN if owner is UNKNOWN else call_method(owner, expr.func.attr, args, kwargs)
        if name in WITH_FUNCTIONS and any(isinstance(a, Closure) for a in [*args, *kwargs.values()]):
            return self._with_function(name, args, kwargs)
        if self._evaluating and name == "print":
            self._print(args, kwargs)
            return None
        if self._draws and name.startswith("random."):
            return _one_outcome(name.removeprefix("random."), args)
        return call_library(name, args, kwargs)

    def _yield(self, expr: ast.Yield | ast.YieldFrom, env: dict[str, Value]) -> None:
        """``yield x`` / ``yield from xs`` in the generator being run: added to what it yields."""
        value = None if expr.value is None else self._eval(expr.value, env)
        items = iterate(value) if isinstance(expr, ast.YieldFrom) else [value]
        if not self._yields or value is UNKNOWN or items is UNKNOWN or len(self._yields[-1]) + len(items) > MAX_SIZE:
            raise _Uncertain
        self._yields[-1].extend(items)

    def _f_string(self, expr: ast.JoinedStr, env: dict[str, Value]) -> Any:
        """``f"x{i}_{j:02d}"`` with known plain values (numbers, strings and tuples of them)."""
        pieces = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                pieces.append(str(part.value))
                continue
            if not isinstance(part, ast.FormattedValue):
                return UNKNOWN
            value = self._eval(part.value, env)
            spec = "" if part.format_spec is None else self._eval(part.format_spec, env)
            if not _formattable(value) or not isinstance(spec, str):
                return UNKNOWN
            shown = {-1: value, 115: str(value), 114: repr(value), 97: ascii(value)}[part.conversion]
            pieces.append(format(shown, spec))
        return "".join(pieces)

    def _modelling(self, short: str, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """A solver model's call (see :mod:`c2q.codeparse.formulation`): the variable it makes, or the
        sum it forms; the relations and objective it is handed are noted. ``None`` for other calls."""
        made = self._formulation.make(short, args, kwargs)
        return made if made is not None else self._formulation.note(short, args, kwargs, line)

    def _with_function(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """``sorted(xs, key=lambda x: ...)``, ``min``/``max`` with a key, ``map``/``filter`` with a function."""
        function = kwargs.get("key") if name in ("sorted", "min", "max") else args[0] if args else None
        items = iterate(args[-1] if name in ("map", "filter") or len(args) == 1 else args)
        if not isinstance(function, Closure) or items is UNKNOWN or set(kwargs) - {"key", "reverse"}:
            return UNKNOWN
        line = function.function.lineno
        results = [self._invoke(function.function, [item], {}, line, scope=function.scope) for item in items]
        if any(r is UNKNOWN for r in results):
            return UNKNOWN
        if name == "map":
            return results
        if name == "filter":
            return [item for item, keep in zip(items, results, strict=True) if keep]
        if name == "sorted":
            order = sorted(range(len(items)), key=lambda i: results[i], reverse=bool(kwargs.get("reverse")))
            return [items[i] for i in order]
        pick = min if name == "min" else max
        return items[pick(range(len(items)), key=lambda i: results[i])] if items else UNKNOWN

    def _arguments(self, expr: ast.Call, env: dict[str, Value], partial: bool = False) -> tuple[Any, dict[str, Any]]:
        """Positional and keyword argument values; ``(UNKNOWN, {})`` when one is not known (with
        ``partial``, the values with :data:`UNKNOWN` for each one that is not, and ``([UNKNOWN], {})``
        for ``*args`` or ``**kwargs``)."""
        if any(isinstance(a, ast.Starred) for a in expr.args) or any(k.arg is None for k in expr.keywords):
            return ([UNKNOWN] if partial else UNKNOWN), {}
        args = [self._eval(a, env) for a in expr.args]
        kwargs = {k.arg: self._eval(k.value, env) for k in expr.keywords if k.arg}
        if not partial and (any(a is UNKNOWN for a in args) or any(v is UNKNOWN for v in kwargs.values())):
            return UNKNOWN, {}
        return args, kwargs

    def _apply(self, function: ast.FunctionDef, expr: ast.Call, env: dict[str, Value]) -> Any:
        """The value of a call of the program's own function (``edges = ring(5)``), run on copies of its
        arguments, within :data:`MAX_CALL_STEPS`; :data:`UNKNOWN` when any of it cannot be followed."""
        args, kwargs = self._arguments(expr, env)
        return UNKNOWN if args is UNKNOWN else self._invoke(function, args, kwargs, expr.lineno)

    def _invoke(
        self,
        function: ast.FunctionDef,
        args: list[Any],
        kwargs: dict[str, Any],
        line: int,
        owner: Any = None,
        scope: dict[str, Value] | None = None,
    ) -> Any:
        """Run ``function`` on copies of known arguments (a method on its ``owner`` itself, so that what it
        changes stays changed; while evaluating, on the arguments themselves, as Python passes them);
        its return value, ``None`` without one, :data:`UNKNOWN` when it cannot be followed."""
        spec = function.args
        if self._call_depth >= self._max_depth or spec.vararg or spec.kwarg or spec.posonlyargs or spec.kwonlyargs:
            return UNKNOWN
        params = [a.arg for a in spec.args]
        local = dict(self.env if scope is None else scope)
        if owner is not None:
            if not params:
                return UNKNOWN
            local[params[0]] = Value(owner, line, params[0])
            params = params[1:]
        if len(args) > len(params) or set(kwargs) - set(params):
            return UNKNOWN
        defaults = dict(zip(params[len(params) - len(spec.defaults) :], spec.defaults, strict=True))
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
            local[param] = Value(value if self._evaluating else copy.deepcopy(value), line, param)
        outer_limit, start = self._limit, self.steps
        self._limit = min(outer_limit, start + self._call_steps)
        self._call_depth += 1
        # a generator runs to its end at once: its value is the list of what it yields
        yielded: list[Any] | None = [] if _is_generator(function) else None
        if yielded is not None:
            self._yields.append(yielded)
        try:
            self._run(function.body, local, depth=3, local=True)
        except _Return as done:
            if yielded is None:
                return done.value
        except (_Uncertain, _Break, _Continue):
            return UNKNOWN
        finally:
            self._limit, self._call_depth = outer_limit, self._call_depth - 1
            if yielded is not None:
                self._yields.pop()
        return yielded

    def qualified(self, func: ast.expr) -> str:
        """Dotted name of a called object with import aliases resolved (``nx.Graph`` -> ``networkx.Graph``)."""
        parts = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            return ""
        name = self.aliases.get(func.id, func.id)
        if self.star_imports and not parts and name in STAR_REEXPORTED and func.id not in self.functions:
            name = f"itertools.{name}"  # from pycsp3 import *: the library hands on itertools' functions
        parts.append(name)
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


def _get_item(container: Any, key: Any) -> Any:
    if container is UNKNOWN or key is UNKNOWN:
        return UNKNOWN
    if isinstance(container, MatrixVariable) and isinstance(key, tuple) and len(key) == 2:  # X[i, j] of cvxpy
        entry = container.entry(*key)
        return UNKNOWN if entry is None else entry
    if isinstance(key, tuple) and isinstance(container, list) and is_matrix(container):  # a[i, j], a[i, :], a[:, j]
        if len(key) != 2 or not all(type(k) is int or isinstance(k, slice) for k in key):
            return UNKNOWN
        rows = container[key[0]]
        return rows[key[1]] if type(key[0]) is int else [row[key[1]] for row in rows]
    if isinstance(container, list | tuple | str) and (isinstance(key, slice) or type(key) is int):
        return container[key]
    if isinstance(container, dict):
        return container[key]
    if isinstance(container, Register) and (isinstance(key, slice) or type(key) is int):
        return container[key]  # a qubit: qc.x(a[1])
    if isinstance(container, GraphData) and is_hashable(key) and key in container.nodes:
        return container.neighbours(key)  # G[u], then G[u][v]["weight"]
    return UNKNOWN


def _set_item(container: Any, key: Any, value: Any) -> bool:
    """``container[key] = value`` on a known list or dict (``a[i, j]`` on a matrix); False otherwise."""
    if isinstance(key, tuple) and isinstance(container, list) and is_matrix(container) and len(key) == 2:
        container[key[0]][key[1]] = value
        return True
    indexable = isinstance(container, list) and type(key) is int
    if indexable or (isinstance(container, dict) and not isinstance(key, list | dict)):
        container[key] = value
        return True
    return False


def _binop(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(left, BinaryPolynomial) or isinstance(right, BinaryPolynomial):  # a model: x1 + 2 * x1 * x2
        if not isinstance(op, ast.Add | ast.Sub | ast.Mult | ast.Pow) or UNKNOWN in (left, right):
            return UNKNOWN
        result = BINARY_OPERATORS[type(op)](left, right)
        return UNKNOWN if result is None else result
    if type(left) is bool or type(right) is bool:  # Python's bools are the integers 0 and 1
        if isinstance(op, ast.BitAnd | ast.BitOr | ast.BitXor) and type(left) is bool and type(right) is bool:
            return BINARY_OPERATORS[type(op)](left, right)  # (a < 0) ^ (b < 0): still a bool
        left, right = (int(x) if type(x) is bool else x for x in (left, right))
    if not (is_number(left) and is_number(right)):
        if isinstance(op, SET_OPERATORS) and isinstance(left, list) and isinstance(right, list):
            return set_operation(op, left, right)  # only sets take |, &, - and ^ (a list would raise)
        if isinstance(op, ast.BitOr) and isinstance(left, dict) and isinstance(right, dict):
            return {**left, **right}
        if isinstance(op, ast.Mod) and isinstance(left, str) and _formattable(right):  # "x(%s)" % i
            return left % right
        if isinstance(op, ast.Add) and type(left) is type(right) and isinstance(left, list | tuple | str):
            return left + right if len(left) + len(right) <= MAX_SIZE else UNKNOWN
        if isinstance(op, ast.Mult) and isinstance(left, list | str) and type(right) is int:  # [0] * n
            return left * right if len(left) * right <= MAX_SIZE else UNKNOWN  # rows alias, as in Python
        return UNKNOWN
    if isinstance(op, ast.Pow) and abs(right) > 64:
        return UNKNOWN
    if isinstance(op, ast.LShift) and right > 64:
        return UNKNOWN
    fn = BINARY_OPERATORS.get(type(op))
    result = UNKNOWN if fn is None else fn(left, right)
    return UNKNOWN if type(result) is int and result.bit_length() > MAX_INT_BITS else result  # 2**n grown by hand


def _truth(value: Any) -> bool:
    """Whether a known test holds; a test that is unknown or has no truth value (a solver model's
    constraint) cannot be followed."""
    if value is UNKNOWN:
        raise _Uncertain
    try:
        return bool(value)
    except TypeError:
        raise _Uncertain from None


def _formattable(value: Any) -> bool:
    """A value ``"..." % value`` formats as Python would: numbers and strings, alone or in a tuple."""
    items = value if isinstance(value, tuple) else (value,)
    return all(is_number(x) or isinstance(x, str) for x in items)


def _compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    fn = COMPARISONS.get(type(op))
    return UNKNOWN if fn is None else fn(left, right)


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


def _decorators(definition: ast.FunctionDef | ast.ClassDef) -> set[str]:
    """Last dotted part of each decorator's name (``dataclasses.dataclass(frozen=True)`` -> ``dataclass``)."""
    names = set()
    for decorator in definition.decorator_list:
        node = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
    return names


def _record_fields(definition: ast.ClassDef) -> list[tuple[str, ast.expr | None]]:
    """A record class's annotated fields in order, with their default expressions."""
    return [
        (stmt.target.id, stmt.value)
        for stmt in definition.body
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and "ClassVar" not in ast.unparse(stmt.annotation)
    ]


def _is_record_type(value: Value | None) -> bool:
    """A named tuple type (``namedtuple("Edge", "u v")`` or a ``NamedTuple`` class)."""
    return (
        value is not None
        and isinstance(value.obj, type)
        and issubclass(value.obj, tuple)
        and hasattr(value.obj, "_fields")
    )


@functools.lru_cache(maxsize=4096)  # asked at every call of a function
def _is_generator(function: ast.FunctionDef) -> bool:
    """Whether ``function`` yields (not counting the functions and lambdas defined in it)."""
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Yield | ast.YieldFrom):
            return True
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            todo.extend(ast.iter_child_nodes(node))
    return False


#: context managers of a block a test expects to raise
EXPECTED_FAILURES = ("assertRaises", "assertRaisesRegex", "raises")


def _expects_failure(context: ast.expr) -> bool:
    """``self.assertRaises(E)``, ``pytest.raises(E)``: the block is meant to fail."""
    return (
        isinstance(context, ast.Call)
        and isinstance(context.func, ast.Attribute)
        and (context.func.attr in EXPECTED_FAILURES)
    )


def _takes_arguments(function: ast.FunctionDef) -> bool:
    spec = function.args
    return bool(spec.args or spec.vararg or spec.posonlyargs or spec.kwonlyargs or spec.kwarg)


def _held(env: dict[str, Value], name: str) -> Any:
    return env[name].obj if name in env else None


#: the names a ``match`` pattern binds, or ``False`` for a pattern that does not match
Bindings = dict[str, Any] | Literal[False]

#: one outcome of each random choice (see :meth:`Program.evaluate`)
_RANDOM_OUTCOMES: dict[str, Callable[[list[Any]], Any]] = {
    "shuffle": lambda args: None,
    "seed": lambda args: None,
    "choice": lambda args: args[0][0],
    "randint": lambda args: args[0],
    "randrange": lambda args: args[0] if len(args) > 1 else 0,
    "random": lambda args: 0.5,
    "uniform": lambda args: args[0],
    "sample": lambda args: list(args[0])[: args[1]],
}


def _one_outcome(short: str, args: list[Any]) -> Any:
    """One outcome a function of ``random`` can have; :data:`UNKNOWN` for the others."""
    outcome = _RANDOM_OUTCOMES.get(short)
    if outcome is None:
        return UNKNOWN
    try:
        return outcome(args)
    except (IndexError, TypeError, KeyError):
        return UNKNOWN
