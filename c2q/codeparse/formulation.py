"""Constraint and integer programming models a program writes with a solver library: OR-tools
(CP-SAT's ``NewIntVar``/``NewBoolVar``, the linear solver's ``IntVar``/``BoolVar``), PySCIPOpt and
Gurobi (``addVar``), python-mip (``add_var``), docplex (``binary_var``), PuLP (``LpVariable``,
``LpVariable.dicts``, ``LpProblem`` and ``+=``), cpmpy (``intvar``/``boolvar``), pycsp3
(``VarArray``/``Var``), NchooseK (``register_port``, ``nck``), and cvxpy: boolean variables
(``Variable(n, boolean=True)``, a list; ``Variable((n, k), boolean=True)``, rows of them) and
symmetric matrix variables (the semidefinite relaxation of a cut).

The interpreter of :mod:`c2q.codeparse.values` makes a decision variable where the program makes
one (a binary one is a :class:`~c2q.codeparse.models.BinaryPolynomial`, so that sums and products
of them are exact; one with a wider domain is an :class:`FiniteVariable`), turns a comparison of them
into a :class:`Relation`, and notes in a :class:`Formulation` every relation and objective the
program hands to any call (``model.Add(x[u] != x[v])``, ``addCons(...)``, ``Model(...)``,
``satisfy(...)``, ``model.Maximize(...)``, ``setObjective(expr, "maximize")``; CP-SAT's clauses
``AddBoolOr([x[u].Not(), x[v].Not()])`` as bounds on sums of literals). What the model
means is judged in :mod:`c2q.codeparse.semantics`, on the model itself: its solver never runs.
"""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from c2q.codeparse.models import BinaryPolynomial

#: variables one model may make before the rest are not followed
MAX_VARIABLES = 4096
#: values of an integer variable's domain that are followed
MAX_DOMAIN = 64
RELATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
    "in": lambda count, allowed: count in allowed,
}  # fmt: skip
#: function and method names that sum an iterable of terms
SUMS = {"quicksum", "lpSum", "xsum", "Sum", "sum"}
#: CP-SAT's constraints on a list of literals, as a bound on their sum
CLAUSES = {
    "AddBoolOr": (">=", 1),
    "AddAtLeastOne": (">=", 1),
    "AddAtMostOne": ("<=", 1),
    "AddExactlyOne": ("==", 1),
}
#: objective setters by their sense (``model.Maximize(e)``, pycsp3's ``maximize(e)``)
SENSES = {"Maximize": "max", "maximize": "max", "Minimize": "min", "minimize": "min"}


@dataclass(frozen=True)
class FiniteVariable:
    """A decision variable over a finite domain of more than two values (a colour, a position).

    :param name: unique within the program.
    :param domain: the values it may take, in order.
    """

    name: str
    domain: tuple[Any, ...]


@dataclass(frozen=True)
class Relation:
    """``left op right`` between decision variables, their sums, and numbers."""

    op: str
    left: Any
    right: Any
    #: where the program wrote it
    line: int = field(default=0, compare=False)

    def __bool__(self) -> bool:
        """A constraint is neither true nor false until solved: a test on it (``if x == y:``) is not
        followed, as the solver libraries refuse it too."""
        raise TypeError("a constraint of a solver model has no truth value")

    def holds(self, values: dict[str, Any]) -> bool:
        """Whether it holds when each variable takes its value in ``values`` (0/1 for binary ones)."""
        return RELATIONS[self.op](_value(self.left, values), _value(self.right, values))


@dataclass(frozen=True)
class Objective:
    """What the model optimises: ``sense`` is ``max`` or ``min``."""

    sense: str
    expression: BinaryPolynomial
    line: int = 0


@dataclass(eq=False)
class MatrixVariable:
    """A symmetric matrix of unknowns (cvxpy's ``Variable((n, n), symmetric=True)`` or ``PSD=True``):
    entry ``[i, j]`` is a variable of the formulation's, the same as ``[j, i]``. The sums made of
    its entries are exact (they are linear); they are never judged as binary."""

    name: str
    size: int
    formulation: Formulation

    def __deepcopy__(self, memo: dict[int, Any]) -> MatrixVariable:
        return self

    def entry(self, i: Any, j: Any) -> BinaryPolynomial | None:
        """``X[i, j]``; ``None`` outside the matrix."""
        if type(i) is not int or type(j) is not int or not (0 <= i < self.size and 0 <= j < self.size):
            return None
        i, j = min(i, j), max(i, j)
        name = f"{self.name}[{i},{j}]"
        self.formulation.entries[name] = (self.name, i, j)
        return BinaryPolynomial.variable(name)


@dataclass(eq=False)
class Problem:
    """A PuLP problem (``LpProblem(name, LpMaximize)``): what ``problem += ...`` adds to it is a
    constraint when it is a relation and the objective when it is an expression."""

    sense: str
    formulation: Formulation

    def __deepcopy__(self, memo: dict[int, Any]) -> Problem:
        return self  # one model, however the program passes it around

    def add(self, item: Any, line: int) -> Problem:
        """``problem += item`` (also ``(item, "name")``)."""
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
            item = item[0]
        total = _sum(item)
        if total is not None:
            self.formulation.objectives.append(Objective(self.sense, total, line))
        self.formulation.note("", [item], {}, line)
        return self


@dataclass
class Formulation:
    """The variables a program made, and the relations and objectives it handed to a solver."""

    variables: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    #: entries of matrix variables: variable name -> (matrix, row, column)
    entries: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def make(self, short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """The variable (or list or dict of them, or PuLP's problem) a modelling call makes; ``None``
        when ``short`` makes none of these."""
        if short == "LpProblem":
            sense = _sense(kwargs.get("sense", args[1] if len(args) > 1 else 1))
            return None if sense is None else Problem(sense, self)
        if short in _KEYED_VARIABLES:
            return self._keyed(short, args, kwargs)
        if short == "Variable" and (kwargs.get("symmetric") is True or kwargs.get("PSD") is True):
            return self._matrix(args[0] if args else kwargs.get("shape"))
        if short == "Variable" and kwargs.get("boolean") is True:  # cvxpy: Variable(n, boolean=True)
            return self._array("boolvar", [], {}, args[0] if args else kwargs.get("shape", ()))
        if short in ("VarArray", "intvar", "boolvar") and ("shape" in kwargs or "size" in kwargs):
            one, given = ("Var", {"dom": kwargs.get("dom")}) if short == "VarArray" else (short, {})
            return self._array(one, args, given, kwargs.get("shape", kwargs.get("size")))
        maker = _MAKERS.get(short)
        domain = None if maker is None or len(self.variables) >= MAX_VARIABLES else maker(args, kwargs)
        if domain is None:
            return None
        name = f"_{short}{len(self.variables)}"
        self.variables.append(name)
        return BinaryPolynomial.variable(name) if domain == (0, 1) else FiniteVariable(name, domain)

    def _array(self, one: str, args: list[Any], kwargs: dict[str, Any], shape: Any) -> Any:
        """Variables made by ``one`` in the shape of an array (a count, or a tuple of one or two
        counts: a list, or a list of rows indexed ``x[i][j]`` or ``x[i, j]``); ``None`` for any other
        shape, or past :data:`MAX_VARIABLES`. An empty shape (cvxpy's default) is one variable."""
        dims = (shape,) if type(shape) is int else shape
        if not (isinstance(dims, tuple) and len(dims) <= 2 and all(type(d) is int and d > 0 for d in dims)):
            return None
        if len(self.variables) + (dims[0] * dims[-1] if dims else 1) > MAX_VARIABLES:
            return None
        if not dims:
            return self.make(one, args, kwargs)
        array = [self._array(one, args, kwargs, dims[1:]) for _ in range(dims[0])]
        return None if None in array else array

    def _matrix(self, shape: Any) -> MatrixVariable | None:
        """cvxpy's symmetric ``Variable((n, n))``; ``None`` for any other shape."""
        if not (isinstance(shape, tuple) and len(shape) == 2 and type(shape[0]) is int and shape[0] == shape[1]):
            return None
        return MatrixVariable(f"_M{len(self.variables)}", shape[0], self)

    def _keyed(self, short: str, args: list[Any], kwargs: dict[str, Any]) -> dict[Any, Any] | None:
        """One variable per key, or per index of a count (``LpVariable.dicts("x", V, cat=...)``,
        ``addVars(V, vtype=...)``, ``binary_var_dict(V)``)."""
        one, position = _KEYED_VARIABLES[short]
        keys = args[position] if len(args) > position else None
        keys = list(range(keys)) if type(keys) is int else keys
        if short == "dicts" and isinstance(keys, tuple) and len(keys) > 1 and all(isinstance(k, list) for k in keys):
            inner = keys[1] if len(keys) == 2 else keys[1:]  # LpVariable.dicts("x", (nodes, colours)): nested
            nested = {key: self._keyed(short, [args[0], inner, *args[2:]], kwargs) for key in keys[0]}
            return None if None in nested.values() else nested
        if not isinstance(keys, list | tuple) or len(set(map(repr, keys))) != len(keys):
            return None
        rest = [args[0], *args[2:]] if short == "dicts" else []  # PuLP: (name, keys, bounds, category)
        made = [self.make(one, rest, kwargs) for _ in keys]
        return None if None in made else dict(zip(keys, made, strict=True))

    def note(self, short: str, args: list[Any], kwargs: dict[str, Any], line: int = 0) -> Any:
        """Record the relations and objectives handed to a call; a sum of terms is their sum, and an
        objective is the :class:`Objective` (cvxpy hands ``cp.Minimize(e)`` on to ``cp.Problem``).
        ``None`` when the call is none of these."""
        total = _sum(args[0]) if args else None
        if short in SUMS and len(args) == 1 and not kwargs and total is not None:
            return total
        sense = SENSES.get(short) or (_sense(args[1]) if short == "setObjective" and len(args) == 2 else None)
        objective = None
        if sense is not None and total is not None:
            objective = Objective(sense, total, line)
            if objective not in self.objectives:  # the same call read again (its line's arguments re-read)
                self.objectives.append(objective)
        if short in CLAUSES and len(args) == 1 and total is not None and not kwargs:
            op, bound = CLAUSES[short]  # CP-SAT's clauses over literals (x, or x.Not() = 1 - x)
            self.relations.append(Relation(op, total, bound, line))
        if short == "AddBoolAnd" and len(args) == 1 and isinstance(args[0], list | tuple) and total is not None:
            self.relations += [Relation("==", literal, 1, line) for literal in args[0]]
        if short == "AddImplication" and len(args) == 2 and all(isinstance(a, BinaryPolynomial) for a in args):
            self.relations.append(Relation("<=", args[0], args[1], line))
        if short == "nck" and len(args) == 2 and total is not None and not kwargs.get("soft"):
            allowed = tuple(sorted(args[1])) if isinstance(args[1], list | tuple) else None
            if allowed and all(type(c) is int for c in allowed):  # NchooseK: how many of them are true
                self.relations.append(Relation("in", total, allowed, line))
        self.relations += _relations([*args, *kwargs.values()])
        return objective


def relation(op: str, left: Any, right: Any, line: int) -> Relation | None:
    """``left op right`` when either side is a decision variable or a sum of them; ``None`` otherwise."""
    if op in RELATIONS and (_is_term(left) or _is_term(right)) and _is_operand(left) and _is_operand(right):
        return Relation(op, left, right, line)
    return None


def _sum(value: Any) -> BinaryPolynomial | None:
    """A binary expression, or the sum of a list of them; ``None`` for anything else."""
    if isinstance(value, BinaryPolynomial):
        return value
    terms = list(value) if isinstance(value, list | tuple) else []
    if terms and all(isinstance(t, BinaryPolynomial) for t in terms):
        return sum(terms[1:], terms[0])
    return None


def _sense(given: Any) -> str | None:
    """``"maximize"`` (PySCIPOpt) or Gurobi's ``GRB.MAXIMIZE`` (-1); the same for minimising."""
    if isinstance(given, str):
        return {"maximize": "max", "minimize": "min"}.get(given.lower())
    return {-1: "max", 1: "min"}.get(given) if type(given) is int else None


def _relations(values: list[Any]) -> Iterator[Relation]:
    for value in values:
        if isinstance(value, Relation):
            yield value
        elif isinstance(value, list | tuple):
            yield from _relations(list(value))


def _is_term(value: Any) -> bool:
    return isinstance(value, BinaryPolynomial | FiniteVariable)


def _is_operand(value: Any) -> bool:
    return _is_term(value) or (isinstance(value, int | float | str) and not isinstance(value, bool))


def _value(term: Any, values: dict[str, Any]) -> Any:
    if isinstance(term, FiniteVariable):
        return values[term.name]
    if isinstance(term, BinaryPolynomial):
        return term.energy({v for v in term.variables if values.get(v)})
    return term


def _bounds(lower: Any, upper: Any) -> tuple[Any, ...] | None:
    """The integers from ``lower`` to ``upper``, both included."""
    if type(lower) is not int or type(upper) is not int or not 0 <= upper - lower < MAX_DOMAIN:
        return None
    return tuple(range(lower, upper + 1))


def _values(domain: Any) -> tuple[Any, ...] | None:
    """A pycsp3 domain: a set, list or range of values."""
    if isinstance(domain, list | tuple | set | frozenset) and 0 < len(domain) <= MAX_DOMAIN:
        items = sorted(domain, key=repr) if isinstance(domain, set | frozenset) else list(domain)
        return (0, 1) if sorted(items, key=repr) == [0, 1] else tuple(items)
    return None


def _binary_type(kind: Any) -> bool:
    """``vtype="B"`` (PySCIPOpt, Gurobi), ``cat="Binary"`` (PuLP), ``var_type="B"`` (python-mip)."""
    return isinstance(kind, str) and kind.upper() in ("B", "BINARY")


def _pulp_domain(lower: Any, upper: Any, category: Any) -> tuple[Any, ...] | None:
    """A PuLP variable's values: binary, or an integer one between known bounds."""
    if _binary_type(category):
        return (0, 1)
    return _bounds(lower, upper) if category == "Integer" else None


def _first(args: list[Any], kwargs: dict[str, Any], names: tuple[str, ...], position: int) -> Any:
    for name in names:
        if name in kwargs:
            return kwargs[name]
    return args[position] if len(args) > position else None


#: how each modelling call's arguments give its variable's domain (``None``: not a variable read here)
_MAKERS: dict[str, Callable[[list[Any], dict[str, Any]], tuple[Any, ...] | None]] = {
    "NewIntVar": lambda a, k: _bounds(_first(a, k, ("lb",), 0), _first(a, k, ("ub",), 1)),
    "new_int_var": lambda a, k: _bounds(_first(a, k, ("lb",), 0), _first(a, k, ("ub",), 1)),
    "IntVar": lambda a, k: _bounds(_first(a, k, ("lb",), 0), _first(a, k, ("ub",), 1)) if len(a) >= 2 else None,
    "intvar": lambda a, k: _bounds(_first(a, k, ("lb",), 0), _first(a, k, ("ub",), 1)),
    "NewBoolVar": lambda a, k: (0, 1),
    "new_bool_var": lambda a, k: (0, 1),
    "BoolVar": lambda a, k: (0, 1) if len(a) <= 1 else None,
    "boolvar": lambda a, k: (0, 1),
    "binary_var": lambda a, k: (0, 1),
    "addVar": lambda a, k: (0, 1) if _binary_type(k.get("vtype")) else None,
    "add_var": lambda a, k: (0, 1) if _binary_type(k.get("var_type")) else None,
    "LpVariable": lambda a, k: _pulp_domain(
        _first(a, k, ("lowBound",), 1), _first(a, k, ("upBound",), 2), _first(a, k, ("cat",), 3)
    ),
    "Var": lambda a, k: _values(k.get("dom", a[0] if a else None)),
    "register_port": lambda a, k: (0, 1),
}


#: calls that make one variable per key (or per index of a count): the one-variable call they
#: stand for and the position of the keys
_KEYED_VARIABLES = {
    "dicts": ("LpVariable", 1),  # PuLP
    "addVars": ("addVar", 0),  # Gurobi
    "binary_var_dict": ("binary_var", 0),  # docplex
    "binary_var_list": ("binary_var", 0),
}


#: every call that makes decision variables or a model, by its last name
MAKERS = {*_MAKERS, *_KEYED_VARIABLES, "VarArray", "intvar", "boolvar", "LpProblem", "Variable"}


def makes_variables(tree: ast.Module) -> bool:
    """Whether a program calls anything that makes decision variables (a cheap look before
    following a call only to see the model it builds)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in MAKERS:
                return True
    return False


def model_graph(formulation: Formulation) -> tuple[list[str], list[tuple[str, str]]]:
    """The variables a formulation's relations and objectives use, in the order they were made, and
    the pairs that appear together in one relation or one quadratic term."""
    pairs: set[tuple[str, str]] = set()
    used: set[str] = set()
    rank = {v: i for i, v in enumerate(formulation.variables)}
    for relation in formulation.relations:
        made = (_variables(relation.left) | _variables(relation.right)) & rank.keys()  # not a matrix's entries
        names = sorted(made, key=rank.__getitem__)
        used |= set(names)
        if len(names) == 2:
            pairs.add((names[0], names[1]))
    for objective in formulation.objectives:
        pairs |= {(a, b) for a, b, _ in objective.expression.couplings() if a in rank and b in rank}
        used |= set(objective.expression.variables) & rank.keys()
    nodes = [v for v in formulation.variables if v in used]
    return nodes, sorted(pairs, key=lambda p: (rank[p[0]], rank[p[1]]))


def node_shaped(formulation: Formulation, nodes: list[str]) -> bool:
    """Whether a model's variables can be the nodes of its graph: every relation joins at most two
    of them, and an objective, if any, weighs them all (a colouring's ``x[v, c]`` with colours
    ``y[c]`` in the objective is not: its variables are pairs of a node and a colour)."""
    if any(len(_variables(r.left) | _variables(r.right)) > 2 for r in formulation.relations):
        return False
    return all(set(nodes) <= set(o.expression.variables) for o in formulation.objectives)


def _variables(term: Any) -> set[str]:
    if isinstance(term, FiniteVariable):
        return {term.name}
    if isinstance(term, BinaryPolynomial):
        return {v for m, c in term.terms.items() if c for v in m}
    return set()


def assignments(formulation: Formulation, nodes: list[str]) -> Iterator[dict[str, int]]:
    """Every 0/1 assignment of the binary variables ``nodes`` that satisfies all relations."""
    for choice in itertools.product((0, 1), repeat=len(nodes)):
        values = dict(zip(nodes, choice, strict=True))
        if all(r.holds(values) for r in formulation.relations):
            yield values
