"""Binary models as input: the canonical ``hubo`` form and the interchange forms it is read from.

The canonical form (``c2q schema`` documents it) is a polynomial over named variables::

    {"family": "hubo", "vartype": "binary", "variables": ["a", "b", "c"],
     "terms": [[["a", "b"], 2.0], [["c"], -1.0], [["a", "b", "c"], 0.5]], "offset": 0.0}

``family`` may be written ``qubo``, ``ising`` (whose ``vartype`` then defaults to ``spin``), ``hubo``,
``pubo`` or ``bqm``. Read as they are and converted to it:

- a **coefficient dict** (Kipu's and Q-CTRL's form): ``{"vartype": "binary", "coefficients":
  {"(0, 1)": 2.0, "(2,)": -1.0, "()": 0.5}}``, keys Python tuples of variable names (ints or
  quoted strings), ``"()"`` the constant;
- a **QUBO matrix**: ``{"family": "qubo", "matrix": [[...]]}``, energy ``x^T Q x`` (the diagonal is
  linear, ``Q[i][j] + Q[j][i]`` the coupling of ``i < j``);
- **D-Wave's BQM serialisation** (``dimod.BinaryQuadraticModel.to_serializable()``, schema 3, with
  ``use_bytes`` false): ``{"type": "BinaryQuadraticModel", "variable_labels": [...],
  "linear_biases": [...], "quadratic_head": [...], "quadratic_tail": [...], "quadratic_biases": [...],
  "offset": ..., "variable_type": "BINARY" | "SPIN"}``.

:func:`check_model` then settles the canonical form: every variable named once, terms merged and
in variable order, a factor repeated inside a term reduced (``x x = x``, ``s s = 1``), and the
limits that keep the operator buildable.
"""

from __future__ import annotations

import ast
from typing import Any

from c2q.errors import SpecError
from c2q.json_checks import finite_number, square_matrix

#: the family's written names (lower-cased, without separators) -> default variable type
WRITTEN_FAMILIES = {"hubo": "binary", "pubo": "binary", "qubo": "binary", "bqm": "binary", "ising": "spin"}
#: variables of one model (qubits: the solve refuses what no backend holds, before any work)
MAX_MODEL_VARIABLES = 10_000
#: terms of one model
MAX_MODEL_TERMS = 100_000
#: variables in one term
MAX_TERM_DEGREE = 10
#: Z-strings the operator may expand to (a binary term of degree k expands to 2**k of them)
MAX_EXPANDED_TERMS = 1_000_000
#: characters of one coefficient-dict key
MAX_KEY_CHARS = 1_000


def from_interchange(data: dict[str, Any], written_family: str | None) -> tuple[dict[str, Any], str]:
    """A model in any accepted form -> ``(canonical dict before checks, source format)``.

    :param written_family: the family key as written (lower-cased, separators removed), or ``None``.
    """
    if data.get("type") == "BinaryQuadraticModel":
        return _from_bqm(data), "dimod-bqm"
    body = {k: v for k, v in data.items() if k != "family"}
    if written_family is None and "vartype" not in body:
        raise SpecError(
            "vartype",
            "missing: a coefficient dict without a family does not say whether its variables are bits or spins",
            'add "vartype": "binary" or "spin" (or "family": "qubo" / "ising")',
        )
    vartype = body.pop("vartype", WRITTEN_FAMILIES.get(written_family or "", "binary"))
    if isinstance(vartype, str):
        vartype = vartype.lower()
    model: dict[str, Any] = {"family": "hubo", "vartype": vartype}
    if "coefficients" in body:
        model |= _from_coefficients(body.pop("coefficients")) | body
        return model, "coefficient-dict"
    if "matrix" in body:
        if vartype != "binary":
            raise SpecError("matrix", "a QUBO matrix is over binary variables", 'give "vartype": "binary", or terms')
        model |= _from_matrix(body.pop("matrix")) | body
        return model, "qubo-matrix"
    return model | body, "canonical"


def _from_coefficients(coefficients: Any) -> dict[str, Any]:
    if not isinstance(coefficients, dict):
        raise SpecError("coefficients", f"must be an object, got {type(coefficients).__name__}")
    terms, offset = [], 0.0
    for key, value in coefficients.items():
        where = f"coefficients[{key!r}]"
        names = _key_variables(key, where)
        finite_number(value, where)
        if names:
            terms.append([names, value])
        else:
            offset += value
    return {"terms": terms, "offset": offset}


def _key_variables(key: str, where: str) -> list[int | str]:
    fix = 'write each key as a Python tuple of variable names: "(0, 1)", "(\'a\', \'b\')", "(2,)", "()"'
    if len(key) > MAX_KEY_CHARS:
        raise SpecError(where, f"key of {len(key)} characters (at most {MAX_KEY_CHARS})", fix)
    try:
        value = ast.literal_eval(key.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise SpecError(where, f"the key {key!r} is not a tuple of variable names", fix) from None
    items = value if isinstance(value, tuple) else (value,)
    if not all(isinstance(v, int | str) and not isinstance(v, bool) for v in items):
        raise SpecError(where, f"the key {key!r} is not a tuple of variable names", fix)
    return list(items)


def _from_matrix(value: Any) -> dict[str, Any]:
    if isinstance(value, list) and len(value) > MAX_MODEL_VARIABLES:
        raise SpecError("matrix", f"{len(value)} rows: at most {MAX_MODEL_VARIABLES} variables")
    matrix = square_matrix(value, "matrix")
    n = len(matrix)
    terms: list[list[Any]] = [[[i], matrix[i][i]] for i in range(n) if matrix[i][i]]
    terms += [
        [[i, j], matrix[i][j] + matrix[j][i]] for i in range(n) for j in range(i + 1, n) if matrix[i][j] or matrix[j][i]
    ]
    return {"variables": list(range(n)), "terms": terms}


#: the keys of dimod's BQM serialisation (schema 3)
BQM_KEYS = {
    "type", "version", "use_bytes", "index_type", "bias_type", "num_variables", "num_interactions", "variable_labels",
    "variable_type", "offset", "info", "linear_biases", "quadratic_biases", "quadratic_head", "quadratic_tail",
}  # fmt: skip


def _from_bqm(data: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - BQM_KEYS)
    if unknown:
        raise SpecError(unknown[0], "not a key of dimod's BQM serialisation", "leave it out")
    version = data.get("version", {"bqm_schema": "3.0.0"})
    if not isinstance(version, dict) or not str(version.get("bqm_schema", "")).startswith("3."):
        raise SpecError("version", f"bqm_schema 3 is read, got {version!r}", "serialise with dimod 0.10 or later")
    if data.get("use_bytes", False) is not False:
        raise SpecError("use_bytes", "only biases written as JSON numbers are read", "serialise with use_bytes=False")
    for key in ("variable_labels", "linear_biases", "quadratic_head", "quadratic_tail", "quadratic_biases"):
        if not isinstance(data.get(key), list):
            raise SpecError(key, "missing or not a list: this is not a dimod BQM serialisation (schema 3)")
    vartype = data.get("variable_type")
    if vartype not in ("BINARY", "SPIN"):
        raise SpecError("variable_type", f"must be BINARY or SPIN, got {vartype!r}")
    labels = [str(tuple(label)) if isinstance(label, list) else label for label in data["variable_labels"]]
    linear, head, tail, biases = (
        data[k] for k in ("linear_biases", "quadratic_head", "quadratic_tail", "quadratic_biases")
    )
    if len(linear) != len(labels) or not len(head) == len(tail) == len(biases):
        raise SpecError(
            "linear_biases", "the lists disagree in length (one linear bias per label; head, tail and biases alike)"
        )
    for key, count in (("num_variables", len(labels)), ("num_interactions", len(head))):
        if key in data and data[key] != count:
            raise SpecError(key, f"says {data[key]!r}, the lists hold {count}")
    offset = data.get("offset", 0.0)
    finite_number(offset, "offset")
    for key, values in (("linear_biases", linear), ("quadratic_biases", biases)):
        for k, value in enumerate(values):
            finite_number(value, f"{key}[{k}]")
    terms: list[list[Any]] = [[[label], bias] for label, bias in zip(labels, linear, strict=True)]
    for k, (u, v, bias) in enumerate(zip(head, tail, biases, strict=True)):
        if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(labels) for i in (u, v)):
            raise SpecError(f"quadratic_head[{k}]", f"indices must be label positions 0..{len(labels) - 1}")
        terms.append([[labels[u], labels[v]], bias])
    return {"family": "hubo", "vartype": vartype.lower(), "variables": labels, "terms": terms, "offset": offset}


def check_model(spec: dict[str, Any], warnings: list[str], fields: dict[str, str]) -> None:
    """Settle a validated ``hubo`` spec in place: variables, merged terms, reduced factors, limits.

    :raises SpecError: an unknown or repeated variable, a term too high, an operator too large, no term.
    """
    declared = spec.get("variables")
    if declared is not None:
        seen: dict[Any, int] = {}
        for i, name in enumerate(declared):
            if name in seen:
                raise SpecError(
                    f"variables[{i}]", f"{name!r} is listed again (first at [{seen[name]}])", "name each variable once"
                )
            seen[name] = i
        index = seen
    else:
        used = list(dict.fromkeys(name for names, _ in spec["terms"] for name in names))
        if all(isinstance(name, int) for name in used):
            used.sort()
        index = {name: i for i, name in enumerate(used)}
    spin = spec["vartype"] == "spin"
    merged: dict[tuple[int, ...], float] = {}
    offset = float(spec.get("offset", 0.0))
    reduced = repeats = 0
    for t, (names, coefficient) in enumerate(spec["terms"]):
        where = f"terms[{t}]"
        unknown = [name for name in names if name not in index]
        if unknown:
            raise SpecError(
                where, f"variable {unknown[0]!r} is not in variables", "add it to variables, or leave variables out"
            )
        factors = sorted(index[name] for name in names)
        distinct = sorted(set(factors))
        if len(distinct) < len(factors):
            reduced += 1
            # x x = x for bits; s s = 1 for spins: a factor that appears an even number of times drops out
            distinct = distinct if not spin else [i for i in distinct if factors.count(i) % 2]
        if len(distinct) > MAX_TERM_DEGREE:
            raise SpecError(
                where, f"a term of {len(distinct)} variables (at most {MAX_TERM_DEGREE})", "split the model"
            )
        key = tuple(distinct)
        if key:
            repeats += key in merged
            merged[key] = merged.get(key, 0.0) + float(coefficient)
        else:
            offset += float(coefficient)
    if reduced:
        rule = "s s = 1" if spin else "x x = x"
        warnings.append(f"{reduced} term(s) repeat a variable; reduced by {rule}")
    kept = {key: c for key, c in merged.items() if c != 0.0}
    if repeats:
        warnings.append(f"{repeats} term(s) over the same variables as an earlier one; their coefficients were added")
    if not kept:
        raise SpecError(
            fields.get("terms", "terms"),
            "the model has no non-zero term: every assignment has the same energy",
            "give at least one term with a non-zero coefficient",
        )
    expanded = sum(2 ** len(key) for key in kept) if not spin else len(kept)
    if expanded > MAX_EXPANDED_TERMS:
        raise SpecError(
            fields.get("terms", "terms"),
            f"the operator would hold {expanded} Z-strings (at most {MAX_EXPANDED_TERMS}; a binary term of k variables "
            "expands to 2**k)",
            "use fewer high-degree terms, or spin variables",
        )
    names = list(index)
    if len(names) > MAX_MODEL_VARIABLES:
        raise SpecError("variables", f"{len(names)} variables (at most {MAX_MODEL_VARIABLES})")
    spec["variables"] = names
    spec["terms"] = [
        [[names[i] for i in key], c] for key, c in sorted(kept.items(), key=lambda kv: (len(kv[0]), kv[0]))
    ]
    spec["offset"] = offset
