"""Binary models a program writes with a modelling library: ``pyqubo.Binary("x")`` and
``dimod.Binary("x")`` variables combined by ``+``, ``-`` and ``*`` into a polynomial (a QUBO, or
higher order), ``pyqubo.Constraint(...)`` penalties, ``pyqubo.Array.create(...)`` vectors, and
``compile()`` / ``to_bqm()`` / ``to_qubo()`` on the result.

A :class:`BinaryPolynomial` holds the model exactly (``x * x = x``); the interpreter of
:mod:`c2q.codeparse.values` builds it like any other value, and :mod:`c2q.codeparse.semantics`
judges it by its minima, as it judges a QUBO dict. Spin variables, placeholders (penalty weights
given only when the model is compiled) and anything else stay unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: monomials a model may hold before it is no longer followed
MAX_TERMS = 10_000
#: (module, function) pairs that make one binary variable from its name
BINARY_VARIABLES = {("pyqubo", "Binary"), ("dimod", "Binary")}


@dataclass(frozen=True)
class BinaryPolynomial:
    """``sum(coefficient * product of variables)`` over binary variables.

    :param terms: frozenset of variable names -> coefficient (the empty set is the constant).
    :param variables: the variables in the order the program made them.
    """

    terms: dict[frozenset[str], float] = field(default_factory=dict)
    variables: tuple[str, ...] = ()

    @staticmethod
    def variable(name: str) -> BinaryPolynomial:
        return BinaryPolynomial({frozenset([name]): 1.0}, (name,))

    def _combine(self, other: Any, sign: float) -> Any:
        other = _as_polynomial(other)
        if other is None:
            return NotImplemented
        terms = dict(self.terms)
        for monomial, coefficient in other.terms.items():
            terms[monomial] = terms.get(monomial, 0.0) + sign * coefficient
        return _bounded(terms, _merge(self.variables, other.variables))

    def __add__(self, other: Any) -> Any:
        return self._combine(other, 1.0)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return self._combine(other, -1.0)

    def __rsub__(self, other: Any) -> Any:
        return (-self)._combine(other, 1.0)

    def __neg__(self) -> BinaryPolynomial:
        return BinaryPolynomial({m: -c for m, c in self.terms.items()}, self.variables)

    def __mul__(self, other: Any) -> Any:
        other = _as_polynomial(other)
        if other is None:
            return NotImplemented
        if len(self.terms) * len(other.terms) > MAX_TERMS:
            return None
        terms: dict[frozenset[str], float] = {}
        for a, x in self.terms.items():
            for b, y in other.terms.items():
                terms[a | b] = terms.get(a | b, 0.0) + x * y  # x * x = x for a binary x
        return _bounded(terms, _merge(self.variables, other.variables))

    __rmul__ = __mul__

    def __pow__(self, power: Any) -> Any:
        if type(power) is not int or not 1 <= power <= 4:
            return NotImplemented
        result = self
        for _ in range(power - 1):
            result = result * self
            if result is None:
                return None
        return result

    def energy(self, chosen: set[str]) -> float:
        """The value with the variables in ``chosen`` at 1 and the others at 0."""
        return sum(c for m, c in self.terms.items() if m <= chosen)

    def couplings(self) -> list[tuple[str, str, float]]:
        """The two-variable terms, in the order of the variables."""
        rank = {v: i for i, v in enumerate(self.variables)}
        pairs = []
        for monomial, coefficient in self.terms.items():
            if len(monomial) == 2 and coefficient:
                a, b = sorted(monomial, key=rank.__getitem__)
                pairs.append((a, b, coefficient))
        return sorted(pairs, key=lambda t: (rank[t[0]], rank[t[1]]))


class QuboDict(dict):  # type: ignore[type-arg]
    """A dimod ``BinaryQuadraticModel`` over binary variables, held as the QUBO it is: ``{(v, v):
    bias, (u, v): coupling}`` with the program's own labels; its building methods change it."""

    def method(self, name: str, args: list[Any]) -> Any:
        """``add_variable(v, bias)``, ``add_interaction(u, v, bias)`` (and their ``linear``/``quadratic``
        names and ``*_from`` forms): ``None`` once applied, :data:`NOT_A_METHOD` for another call."""
        if name in ("add_variable", "add_linear") and len(args) in (1, 2) and _label(args[0]):
            self._add((args[0], args[0]), args[1] if len(args) == 2 else 0.0)
        elif name in ("add_interaction", "add_quadratic") and len(args) == 3 and _label(args[0]) and _label(args[1]):
            self._add((args[0], args[1]), args[2])
        elif name in ("add_linear_from", "add_variables_from") and len(args) == 1 and isinstance(args[0], dict):
            for v, bias in args[0].items():
                self._add((v, v), bias)
        elif name in ("add_quadratic_from", "add_interactions_from") and len(args) == 1:
            items = args[0].items() if isinstance(args[0], dict) else [((u, v), b) for u, v, b in args[0]]
            for (u, v), bias in items:
                self._add((u, v), bias)
        else:
            return NOT_A_METHOD
        return None

    def _add(self, key: tuple[Any, Any], bias: Any) -> None:
        if not (_label(key[0]) and _label(key[1]) and isinstance(bias, int | float) and not isinstance(bias, bool)):
            raise ValueError("not a binary model's term")
        if (key[1], key[0]) in self:
            key = (key[1], key[0])
        self[key] = self.get(key, 0.0) + float(bias)


#: what :meth:`QuboDict.method` answers for a call it does not follow
NOT_A_METHOD = object()


def _label(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or isinstance(x, str)


def library_model(module: str, short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A modelling library's call that makes or wraps a binary model; ``None`` when it is not one."""
    root = module.split(".")[0]
    if root == "dimod" and short in ("BinaryQuadraticModel", "BQM"):
        return _dimod_model(args, kwargs)
    if (root, short) in BINARY_VARIABLES and len(args) == 1 and isinstance(args[0], str) and not kwargs:
        return BinaryPolynomial.variable(args[0])
    if root == "pyqubo" and short == "Constraint" and args and isinstance(args[0], BinaryPolynomial):
        return args[0]  # a penalty is its expression; the label only names it
    if root == "pyqubo" and short == "create" and module.endswith("Array") and args and isinstance(args[0], str):
        shape, vartype = kwargs.get("shape", args[1] if len(args) > 1 else None), kwargs.get("vartype", "BINARY")
        if type(shape) is int and 0 < shape <= 64 and vartype == "BINARY":
            return [BinaryPolynomial.variable(f"{args[0]}[{i}]") for i in range(shape)]
    return None


def _dimod_model(args: list[Any], kwargs: dict[str, Any]) -> QuboDict | None:
    """``BinaryQuadraticModel("BINARY")`` or ``(linear, quadratic, offset, "BINARY")``: a binary one
    (a spin model is another; ``None``)."""
    vartype = kwargs.get("vartype", args[-1] if args else None)
    if str(vartype).upper() not in ("BINARY", "VARTYPE.BINARY") or set(kwargs) - {"vartype"}:
        return None
    model = QuboDict()
    parts = args[:-1] if args else []
    if len(parts) >= 2 and isinstance(parts[0], dict) and isinstance(parts[1], dict):
        try:
            model.method("add_linear_from", [parts[0]])
            model.method("add_quadratic_from", [parts[1]])
        except (ValueError, TypeError):
            return None
    elif parts and not (len(parts) == 1 and isinstance(parts[0], dict | int | float)):
        return None
    return model


def model_method(model: BinaryPolynomial, name: str) -> Any:
    """``compile()``, ``to_bqm()``: the same model; ``to_qubo()``: the model and its offset 0; a
    variable's ``Not()`` (CP-SAT): ``1 - x``."""
    if name in ("compile", "to_bqm", "to_model"):
        return model
    if name == "to_qubo":
        return model, 0.0
    if name == "Not" and len(model.variables) == 1:  # CP-SAT's negated literal: 1 - x
        return 1 - model
    return None


def _as_polynomial(value: Any) -> BinaryPolynomial | None:
    if isinstance(value, BinaryPolynomial):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return BinaryPolynomial({frozenset(): float(value)})
    return None


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(v for v in b if v not in a)


def _bounded(terms: dict[frozenset[str], float], variables: tuple[str, ...]) -> BinaryPolynomial | None:
    return BinaryPolynomial(terms, variables) if len(terms) <= MAX_TERMS else None
