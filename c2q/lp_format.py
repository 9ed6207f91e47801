"""CPLEX LP files read into the canonical ``model`` form (:mod:`c2q.constrained_models`).

qiskit-optimization's own LP reader needs the CPLEX library, which is not free software; this reader
covers the part of the format a model over binary and bounded integer variables uses, as CPLEX
documents it and as docplex, Gurobi and qiskit-optimization write it:

- comments from ``\\`` to the end of the line; keywords in any case, at the start of a line;
- ``Minimize`` / ``Maximize`` (also ``min``, ``minimum``, ``max``...): an optional ``name:``, linear
  terms, a quadratic part ``[ 2 x ^ 2 + 3 x * y ] / 2`` (``/ 2`` optional) and constants;
- ``Subject To`` (``such that``, ``st``, ``s.t.``): ``name: terms <= rhs`` with ``<=``, ``=<``, ``<``,
  ``>=``, ``=>``, ``>`` or ``=``; constants on the left move to the right;
- ``Bounds``: ``lo <= x <= hi``, ``x <= hi``, ``x >= lo``, ``x = v``, ``x free``, ``-inf``/``+inf``;
- ``Binary`` / ``Binaries`` / ``Bin`` and ``General`` / ``Generals`` / ``Gen`` (also ``Integers``);
- ``End``.

What c2q cannot solve is refused by name, with the line: a continuous variable (one in neither
``Binary`` nor ``General``), an integer without a finite upper bound, quadratic constraints,
semi-continuous variables, SOS and indicator constraints, lazy constraints and user cuts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from c2q.errors import SpecError

#: section keyword (lower-cased, spaces collapsed) -> section
SECTIONS = {
    **dict.fromkeys(("minimize", "minimise", "minimum", "min"), "min"),
    **dict.fromkeys(("maximize", "maximise", "maximum", "max"), "max"),
    **dict.fromkeys(("subject to", "such that", "st", "s.t.", "st."), "constraints"),
    **dict.fromkeys(("bounds", "bound"), "bounds"),
    **dict.fromkeys(("binary", "binaries", "bin"), "binary"),
    **dict.fromkeys(("general", "generals", "gen", "integer", "integers"), "general"),
    "end": "end",
}
#: sections c2q refuses, with what they would need
UNSUPPORTED = {
    "semi-continuous": "semi-continuous variables",
    "semis": "semi-continuous variables",
    "semi": "semi-continuous variables",
    "sos": "special ordered sets",
    "pwl": "piecewise-linear objectives",
    "lazy constraints": "lazy constraints",
    "user cuts": "user cuts",
    "general constraints": "general constraints",
}
#: a keyword at the start of a line, from the tables above (longest first: ``st.`` before ``st``)
_KEYWORD = re.compile(
    r"^\s*("
    + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted([*SECTIONS, *UNSUPPORTED], key=len, reverse=True))
    + r")(?=\s|$)",
    re.IGNORECASE,
)
#: characters a name may start with (CPLEX also allows ``/`` inside a name, never first: ``]/2`` divides)
_NAME_START = r"A-Za-z_!\"#$%&(),;?@`'{}|~"
_TOKEN = re.compile(
    rf"(?P<number>(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)"
    rf"|(?P<name>[{_NAME_START}][{_NAME_START}0-9./]*)"
    r"|(?P<op><=|=<|>=|=>|[<>=+\-*^:\[\]/])"
    r"|(?P<space>\s+)"
)
RELATIONS = {"<=": "<=", "=<": "<=", "<": "<=", ">=": ">=", "=>": ">=", ">": ">=", "=": "=="}


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name or op
    text: str
    line: int


def read_lp(text: str, where: str) -> dict[str, Any]:
    """An LP file's text as a canonical ``model`` dict (before :func:`~c2q.constrained_models.check_constrained`).

    :param where: the file's name, for errors (``model.lp: line 7``).
    :raises SpecError: a construct outside the supported part, a syntax error, a continuous variable.
    """
    sections = _sections(text, where)
    reader = _Reader(where)
    sense = None
    objective: dict[str, Any] = {"linear": {}, "quadratic": [], "constant": 0.0}
    constraints: list[dict[str, Any]] = []
    bounds: dict[str, list[float]] = {}
    kinds: dict[str, str] = {}
    for section, line, tokens in sections:
        if section in ("min", "max"):
            if sense is not None:
                raise SpecError(f"{where}: line {line}", "a second objective section", "give one objective")
            sense = section
            objective = reader.objective(tokens)
        elif section == "constraints":
            constraints += reader.constraints(tokens)
        elif section == "bounds":
            reader.bounds(tokens, bounds)
        elif section in ("binary", "general"):
            for token in tokens:
                if token.kind != "name":
                    raise SpecError(f"{where}: line {token.line}", f"{token.text!r} is not a variable name")
                kinds[token.text] = "binary" if section == "binary" else "integer"
    if sense is None:
        raise SpecError(where, "no objective section", "start the model with Minimize or Maximize")
    order = dict.fromkeys([*reader.seen, *kinds])  # first use in the objective, constraints or bounds
    variables = [_variable(name, kinds.get(name), bounds.get(name), where) for name in order]
    return {
        "family": "model",
        "sense": sense,
        "variables": variables,
        "objective": objective,
        "constraints": constraints,
    }


def _variable(name: str, kind: str | None, bound: list[float] | None, where: str) -> dict[str, Any]:
    lower, upper = bound if bound is not None else (0.0, math.inf)
    if kind is None:
        raise SpecError(
            f"{where}: variable {name!r}",
            "is continuous (it is in neither Binary nor General): c2q solves over binary and integer variables",
            "list it under Binary, or under General with finite bounds",
        )
    if kind == "binary":
        if bound is not None and not (lower <= 0 and upper >= 1):
            raise SpecError(f"{where}: variable {name!r}", f"binary with bounds {lower:g}..{upper:g}", "bound it 0..1")
        return {"name": name, "type": "binary"}
    for side, value in (("lower", lower), ("upper", upper)):
        if not math.isfinite(value):
            raise SpecError(
                f"{where}: variable {name!r}",
                f"integer without a finite {side} bound: c2q writes integers in binary, which needs both",
                "bound it in the Bounds section",
            )
        if value != int(value):
            raise SpecError(
                f"{where}: variable {name!r}", f"integer with a {side} bound of {value:g}", "give whole bounds"
            )
    return {"name": name, "type": "integer", "lower": int(lower), "upper": int(upper)}


def _sections(text: str, where: str) -> list[tuple[str, int, list[_Token]]]:
    """The file cut into sections, each with the line it starts on and its tokens."""
    sections: list[tuple[str, int, list[_Token]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("\\", 1)[0]
        match = _KEYWORD.match(line)
        if match:
            keyword = re.sub(r"\s+", " ", match.group(1).lower())
            if keyword in UNSUPPORTED:
                raise SpecError(
                    f"{where}: line {number}",
                    f"{UNSUPPORTED[keyword]} are not supported",
                    "c2q reads objectives, linear constraints, bounds, Binary and General sections",
                )
            section = SECTIONS[keyword]
            if section == "end":
                break
            sections.append((section, number, []))
            line = line[match.end() :]
        if not line.strip():
            continue
        if not sections:
            raise SpecError(f"{where}: line {number}", "text before the objective", "start with Minimize or Maximize")
        sections[-1][2].extend(_tokens(line, number, where))
    return sections


def _tokens(line: str, number: int, where: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(line):
        match = _TOKEN.match(line, position)
        if match is None:
            raise SpecError(f"{where}: line {number}", f"cannot read {line[position : position + 20]!r}")
        position = match.end()
        kind = match.lastgroup
        if kind in ("number", "name", "op"):
            tokens.append(_Token("op" if kind == "op" else kind, match.group(), number))  # type: ignore[arg-type]
    return tokens


class _Reader:
    """Statements of the sections, from their tokens; :attr:`seen` collects the variables in order."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.seen: dict[str, None] = {}

    def error(self, token: _Token | None, problem: str, fix: str = "") -> SpecError:
        return SpecError(f"{self.where}: line {token.line}" if token else self.where, problem, fix)

    def objective(self, tokens: list[_Token]) -> dict[str, Any]:
        tokens = _without_label(tokens)
        linear, quadratic, constant, rest = self.expression(tokens, 0, quadratic_allowed=True)
        if rest < len(tokens):
            raise self.error(tokens[rest], f"unexpected {tokens[rest].text!r} in the objective")
        return {"linear": linear, "quadratic": [[u, v, c] for (u, v), c in quadratic.items()], "constant": constant}

    def constraints(self, tokens: list[_Token]) -> list[dict[str, Any]]:
        found, k = [], 0
        while k < len(tokens):
            name = None
            if tokens[k].kind == "name" and k + 1 < len(tokens) and tokens[k + 1].text == ":":
                name, k = tokens[k].text, k + 2
            start = tokens[min(k, len(tokens) - 1)]
            if k < len(tokens) and tokens[k].text == "[":
                raise self.error(tokens[k], "quadratic constraints are not supported", "keep constraints linear")
            linear, _, constant, k = self.expression(tokens, k, quadratic_allowed=False)
            if k >= len(tokens) or tokens[k].text not in RELATIONS:
                raise self.error(tokens[min(k, len(tokens) - 1)], "a constraint without a relation (<=, >= or =)")
            relation = RELATIONS[tokens[k].text]
            if k + 1 < len(tokens) and tokens[k + 1].text in RELATIONS:
                raise self.error(tokens[k], "indicator or ranged constraints are not supported")
            rhs, k = self.signed_number(tokens, k + 1)
            if not linear:
                raise self.error(start, "a constraint without variables")
            entry: dict[str, Any] = {"linear": linear, "relation": relation, "rhs": rhs - constant}
            if name is not None:
                entry = {"name": name, **entry}
            found.append(entry)
        return found

    def bounds(self, tokens: list[_Token], bounds: dict[str, list[float]]) -> None:
        k = 0
        while k < len(tokens):
            if tokens[k].kind == "name" and not _is_infinity(tokens[k].text):
                name = self.variable(tokens[k])
                bound = bounds.setdefault(name, [0.0, math.inf])
                if k + 1 < len(tokens) and tokens[k + 1].text.lower() == "free":
                    bound[:] = [-math.inf, math.inf]
                    k += 2
                    continue
                if k + 1 >= len(tokens) or tokens[k + 1].text not in RELATIONS:
                    raise self.error(tokens[k], f"a bound of {name!r} without a relation")
                relation = RELATIONS[tokens[k + 1].text]
                value, k = self.signed_number(tokens, k + 2)
                _apply(bound, relation, value)
                continue
            value, k = self.signed_number(tokens, k)
            if k + 1 >= len(tokens) or tokens[k].text not in RELATIONS or tokens[k + 1].kind != "name":
                raise self.error(tokens[min(k, len(tokens) - 1)], "a bound must read 'lo <= x', 'x <= hi' or 'x = v'")
            relation = RELATIONS[tokens[k].text]
            name = self.variable(tokens[k + 1])
            bound = bounds.setdefault(name, [0.0, math.inf])
            _apply(bound, {"<=": ">=", ">=": "<=", "==": "=="}[relation], value)  # lo <= x is x >= lo
            k += 2
            if k + 1 < len(tokens) and tokens[k].text in RELATIONS and tokens[k + 1].kind != "name":  # ... <= hi
                second = RELATIONS[tokens[k].text]
                value, k = self.signed_number(tokens, k + 1)
                _apply(bound, second, value)

    def variable(self, token: _Token) -> str:
        self.seen.setdefault(token.text)
        return token.text

    def signed_number(self, tokens: list[_Token], k: int) -> tuple[float, int]:
        sign = 1.0
        while k < len(tokens) and tokens[k].text in "+-":
            sign, k = (-sign if tokens[k].text == "-" else sign), k + 1
        if k >= len(tokens):
            raise self.error(tokens[-1] if tokens else None, "a number is missing at the end of the section")
        token = tokens[k]
        if token.kind == "name" and _is_infinity(token.text):
            return sign * math.inf, k + 1
        if token.kind != "number":
            raise self.error(token, f"expected a number, got {token.text!r}")
        return sign * float(token.text), k + 1

    def expression(
        self, tokens: list[_Token], k: int, quadratic_allowed: bool
    ) -> tuple[dict[str, float], dict[tuple[str, str], float], float, int]:
        """Terms from ``tokens[k]`` to the first relation (or the end): linear, quadratic, constant, next index."""
        linear: dict[str, float] = {}
        quadratic: dict[tuple[str, str], float] = {}
        constant = 0.0
        while k < len(tokens) and tokens[k].text not in RELATIONS:
            if tokens[k].text == "[" or (tokens[k].text in "+-" and k + 1 < len(tokens) and tokens[k + 1].text == "["):
                sign = -1.0 if tokens[k].text == "-" else 1.0
                k += tokens[k].text != "["
                if not quadratic_allowed:
                    raise self.error(tokens[k], "quadratic constraints are not supported", "keep constraints linear")
                k = self.bracket(tokens, k + 1, quadratic, sign)
                continue
            coefficient, name, k = self.term(tokens, k)
            if name is None:
                constant += coefficient
            else:
                linear[name] = linear.get(name, 0.0) + coefficient
        return linear, quadratic, constant, k

    def term(self, tokens: list[_Token], k: int) -> tuple[float, str | None, int]:
        """``[sign] [number] [name]``: coefficient and variable (``None``: a constant)."""
        sign = 1.0
        while k < len(tokens) and tokens[k].text in "+-" and tokens[k].kind == "op":
            sign, k = (-sign if tokens[k].text == "-" else sign), k + 1
        coefficient = 1.0
        number = k < len(tokens) and tokens[k].kind == "number"
        if number:
            coefficient, k = float(tokens[k].text), k + 1
        if k < len(tokens) and tokens[k].kind == "name":
            return sign * coefficient, self.variable(tokens[k]), k + 1
        if number:
            return sign * coefficient, None, k
        token = tokens[min(k, len(tokens) - 1)] if tokens else None
        raise self.error(token, f"expected a term, got {token.text if token and k < len(tokens) else 'the end'!r}")

    def bracket(self, tokens: list[_Token], k: int, quadratic: dict[tuple[str, str], float], sign: float) -> int:
        """A quadratic part after its ``[``: terms ``c x ^ 2`` and ``c x * y`` to ``]``, then an optional ``/ 2``."""
        terms: list[tuple[str, str, float]] = []
        while k < len(tokens) and tokens[k].text != "]":
            coefficient, name, k = self.term(tokens, k)
            if name is None:
                raise self.error(tokens[k - 1], "a constant inside [ ]", "move it out of the quadratic part")
            if k + 1 < len(tokens) and tokens[k].text == "^" and tokens[k + 1].text == "2":
                terms.append((name, name, coefficient))
                k += 2
            elif k + 1 < len(tokens) and tokens[k].text == "*" and tokens[k + 1].kind == "name":
                terms.append((name, self.variable(tokens[k + 1]), coefficient))
                k += 2
            else:
                raise self.error(tokens[min(k, len(tokens) - 1)], "a term in [ ] must be 'c x ^ 2' or 'c x * y'")
        if k >= len(tokens):
            raise self.error(tokens[-1], "a quadratic part without its closing ]")
        k += 1
        scale = 1.0
        if k + 1 < len(tokens) and tokens[k].text == "/":
            if tokens[k + 1].kind != "number":
                raise self.error(tokens[k + 1], "expected '/ 2' after the quadratic part")
            scale, k = 1.0 / float(tokens[k + 1].text), k + 2
        for u, v, coefficient in terms:
            key = (u, v) if u <= v else (v, u)
            quadratic[key] = quadratic.get(key, 0.0) + sign * scale * coefficient
        return k


def _without_label(tokens: list[_Token]) -> list[_Token]:
    """Tokens after an objective's ``name:``, if it has one."""
    return tokens[2:] if len(tokens) > 1 and tokens[0].kind == "name" and tokens[1].text == ":" else tokens


def _is_infinity(text: str) -> bool:
    return text.lower() in ("inf", "infinity")


def _apply(bound: list[float], relation: str, value: float) -> None:
    """Narrow ``[lower, upper]`` by ``x relation value``."""
    if relation in (">=", "=="):
        bound[0] = value
    if relation in ("<=", "=="):
        bound[1] = value
