"""Constrained models as input: the canonical ``model`` form, settled and checked.

The canonical form (``c2q schema`` documents it; CPLEX LP files are read into it by
:mod:`c2q.lp_format`)::

    {"family": "model", "sense": "max",
     "variables": [{"name": "x", "type": "binary"}, {"name": "n", "type": "integer", "lower": 0, "upper": 5}],
     "objective": {"linear": {"x": 3, "n": 1}, "quadratic": [["x", "n", 2]], "constant": 0},
     "constraints": [{"name": "cap", "linear": {"x": 4, "n": 1}, "relation": "<=", "rhs": 6}],
     "penalties": {"cap": 20}}

:func:`check_constrained` settles it: every variable declared once with its bounds (undeclared names
are binary when ``variables`` is left out, refused when it is given), objective terms merged,
constraints named, ``=`` written ``==``, penalties naming constraints; :func:`constrained_model`
builds the :class:`~c2q.problems.constrained.ConstrainedModel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from c2q.errors import SpecError

if TYPE_CHECKING:
    from c2q.problems.constrained import ConstrainedModel

#: the family's written names (lower-cased, without separators)
MODEL_FAMILIES = ("model", "constrained", "constrainedmodel", "quadraticprogram", "integerprogram", "ilp")
#: constraints of one model
MAX_MODEL_CONSTRAINTS = 10_000


def check_constrained(spec: dict[str, Any], warnings: list[str], fields: dict[str, str]) -> None:
    """Settle a validated ``model`` spec in place (see the module).

    :param fields: canonical field -> where the user wrote it (an LP file's line).
    :raises SpecError: a variable declared twice or unknown, bounds the wrong way round, an integer
        without an upper bound, a constraint without terms or named twice, a penalty for no constraint,
        a model with nothing to optimise.
    """
    objective = spec.setdefault("objective", {"linear": {}, "quadratic": [], "constant": 0})
    objective.setdefault("linear", {})
    objective.setdefault("quadratic", [])
    objective.setdefault("constant", 0)
    constraints = spec.setdefault("constraints", [])
    used = [*objective["linear"], *(name for u, v, _ in objective["quadratic"] for name in (u, v))]
    used += [name for constraint in constraints for name in constraint["linear"]]
    if spec.get("variables") is None:
        spec["variables"] = [{"name": name, "type": "binary"} for name in dict.fromkeys(used)]
    declared: dict[str, int] = {}
    for i, variable in enumerate(spec["variables"]):
        where = fields.get(f"variables[{i}]", f"variables[{i}]")
        name = variable["name"]
        if name in declared:
            raise SpecError(
                where, f"{name!r} is declared again (first at variables[{declared[name]}])", "declare it once"
            )
        declared[name] = i
        _settle_bounds(variable, where)
    _refuse_unknown(objective["linear"], declared, fields.get("objective", "objective.linear"))
    merged: dict[tuple[str, str], float] = {}
    for t, (u, v, coefficient) in enumerate(objective["quadratic"]):
        _refuse_unknown({u: 0, v: 0}, declared, f"objective.quadratic[{t}]")
        key = (u, v) if declared[u] <= declared[v] else (v, u)
        merged[key] = merged.get(key, 0.0) + coefficient
    if len(merged) < len(objective["quadratic"]):
        warnings.append("objective.quadratic lists a pair more than once; their coefficients were added")
    objective["quadratic"] = [[u, v, c] for (u, v), c in merged.items() if c != 0]
    objective["linear"] = {name: c for name, c in objective["linear"].items() if c != 0}
    names: dict[str, int] = {}
    for k, constraint in enumerate(constraints):
        where = fields.get(f"constraints[{k}]", f"constraints[{k}]")
        constraint.setdefault("name", f"c{k}")
        name = constraint["name"]
        if name in names:
            raise SpecError(
                where,
                f"constraint name {name!r} is used again (first at constraints[{names[name]}])",
                "name each constraint once",
            )
        names[name] = k
        _refuse_unknown(constraint["linear"], declared, where)
        constraint["linear"] = {name: c for name, c in constraint["linear"].items() if c != 0}
        if not constraint["linear"]:
            raise SpecError(where, "the constraint has no non-zero coefficient", "give its terms, or leave it out")
        if constraint["relation"] == "=":
            constraint["relation"] = "=="
    for name in spec.get("penalties") or {}:
        if name not in names:
            known = ", ".join(list(names)[:10]) or "none"
            raise SpecError(
                f"penalties.{name}", "names no constraint", f"use a constraint's name (constraints: {known})"
            )
    if not objective["linear"] and not objective["quadratic"] and not constraints:
        raise SpecError(
            fields.get("objective", "objective"),
            "the model has no objective term and no constraint: every assignment is as good as any other",
            "give an objective, or constraints to satisfy",
        )
    unused = [name for name in declared if name not in set(used)]
    if unused:
        more = f" and {len(unused) - 3} more" if len(unused) > 3 else ""
        warnings.append(
            f"variable(s) {', '.join(map(repr, unused[:3]))}{more} appear in no term or constraint: "
            "any value of theirs is optimal"
        )


def _settle_bounds(variable: dict[str, Any], where: str) -> None:
    """Binary: ``0..1`` (no bounds may be written); integer: ``lower`` (default 0) ``<= upper`` (required)."""
    if variable.get("type", "binary") == "binary":
        if variable.get("lower") not in (None, 0) or variable.get("upper") not in (None, 1):
            raise SpecError(
                where,
                "a binary variable takes 0 or 1: its bounds cannot be other than 0 and 1",
                'leave lower/upper out, or give "type": "integer"',
            )
        variable.pop("lower", None)
        variable.pop("upper", None)
        return
    variable.setdefault("lower", 0)
    if variable.get("upper") is None:
        raise SpecError(
            f"{where}.upper",
            f"integer variable {variable['name']!r} has no upper bound: c2q writes integers in binary, which needs one",
            "give the largest value it may take",
        )
    if variable["lower"] > variable["upper"]:
        raise SpecError(where, f"lower {variable['lower']} is above upper {variable['upper']}", "give lower <= upper")


def _refuse_unknown(names: Any, declared: dict[str, int], where: str) -> None:
    unknown = [name for name in names if name not in declared]
    if unknown:
        raise SpecError(where, f"variable {unknown[0]!r} is not in variables", "declare it, or leave variables out")


def constrained_model(canonical: dict[str, Any]) -> ConstrainedModel:
    """The :class:`~c2q.problems.constrained.ConstrainedModel` of a checked canonical ``model`` spec."""
    from c2q.problems.constrained import ConstrainedModel, Constraint, Variable

    variables = [
        Variable(v["name"], v.get("lower", 0), v.get("upper", 1), integer=v["type"] == "integer")
        for v in canonical["variables"]
    ]
    index = {v.name: i for i, v in enumerate(variables)}
    objective = canonical["objective"]
    constraints = [
        Constraint(
            c["name"], {index[name]: float(a) for name, a in c["linear"].items()}, c["relation"], float(c["rhs"])
        )
        for c in canonical["constraints"]
    ]
    return ConstrainedModel(
        variables,
        {index[name]: float(c) for name, c in objective["linear"].items()},
        {(index[u], index[v]): float(c) for u, v, c in objective["quadratic"]},
        float(objective["constant"]),
        canonical["sense"],
        constraints,
        canonical.get("penalties"),
    )
