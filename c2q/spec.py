"""Problem specifications: the two C2|Q> JSON formats, unchanged, and c2q's canonical format.

- ``{"problem_type": "maxcut", "data": {"matrix": [[...]]}}`` (C2|Q> "problem_type" format)
- ``{"family": "MaxCut", "instance": {"graph_rep": "edge_list", "graphs": {"G1": [[0, 1]]}}}``
  (C2|Q> DSL format; the family may be left out when the free-text ``goal`` names it)
- ``{"family": "maxcut", "graph": {"nodes": 4, "edges": [[0, 1], [1, 2, 2.5]]}}`` (canonical;
  JSON Schema from :func:`canonical_schema` / ``c2q schema``)
- a DIMACS CNF file (path ending in ``.cnf``), read by :mod:`c2q.dimacs` into a canonical ``sat`` spec
- a CPLEX LP file (path ending in ``.lp``), read by :mod:`c2q.lp_format` into a canonical ``model`` spec

Everything is converted to the canonical form, validated, and turned into a problem instance.
Invalid input raises :class:`~c2q.errors.SpecError` naming the field and the fix; nothing is
guessed or substituted.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, TypeAdapter, ValidationError

from c2q.binary_models import (
    MAX_MODEL_TERMS,
    MAX_MODEL_VARIABLES,
    MAX_TERM_DEGREE,
    WRITTEN_FAMILIES,
    check_model,
    from_interchange,
)
from c2q.constrained_models import MAX_MODEL_CONSTRAINTS, MODEL_FAMILIES, check_constrained
from c2q.errors import SpecError
from c2q.json_checks import finite_number, square_matrix

GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor", "graphpartition")
#: families over subsets of a universe of elements
SUBSET_FAMILIES = ("setcover", "setpacking", "exactcover")
ARITHMETIC_FAMILIES = ("add", "sub", "mul")
FAMILIES = (
    *GRAPH_FAMILIES, "tsp", *ARITHMETIC_FAMILIES, "factor", "sat", "hubo", "model", "knapsack", "numberpartition",
    *SUBSET_FAMILIES, "binpacking", "sk",
)  # fmt: skip
#: operand widths above this are refused before any circuit is built
MAX_OPERAND_BITS = 64
#: whether the roads of a TSP with missing roads admit a tour is decided exactly up to this many cities
#: (subset dynamic programming, 0.2 s at 16); beyond, only their strong connectivity is checked
MAX_TOUR_CHECK_CITIES = 16
#: factoring runs a variational search over about 1.5 log2(n) qubits
MAX_FACTOR_BITS = 20
#: Grover search over a formula's variables: one qubit each; its phase oracle is synthesised from
#: the 2**n-row truth table, which Qiskit warns gets slow from 16 variables on
MAX_SAT_VARIABLES = 16
# Input limits, checked while the input is read, before any graph, matrix or circuit is built. Every
# one is far past what any of c2q's methods solves (a few hundred qubits at most), so they refuse
# nothing c2q could answer; they keep an absurd or hostile input from costing memory or minutes.
#: bytes of a JSON problem file (or text)
MAX_SPEC_BYTES = 16 * 2**20
#: nesting depth of a JSON problem (the canonical format nests 4 deep)
MAX_JSON_DEPTH = 64
#: nodes of a graph (``graph.nodes``, the largest node index + 1)
MAX_GRAPH_NODES = 10_000
#: edges of a graph, as listed
MAX_GRAPH_EDGES = 100_000
#: cities of a TSP
MAX_TSP_CITIES = 1_000
#: clauses of a CNF formula
MAX_SAT_CLAUSES = 100_000
#: largest magnitude of an edge weight or a distance: sums over a whole instance (and the encodings'
#: penalties) stay exact in double precision
MAX_MAGNITUDE = 1e9
#: characters of a node label or a description
MAX_TEXT_CHARS = 1_000
#: C2|Q> names (lower-cased) -> canonical family
ALIASES = {
    "maxcut": "maxcut", "max_cut": "maxcut", "mis": "mis", "stableset": "mis",
    "independentset": "mis", "vc": "vc", "vertexcover": "vc", "clique": "clique",
    "kcolor": "kcolor", "coloring": "kcolor", "colouring": "kcolor", "graphcoloring": "kcolor",
    "tsp": "tsp", "add": "add", "sub": "sub", "mul": "mul", "factor": "factor",
    "sat": "sat", "cnf": "sat", "3sat": "sat", "ksat": "sat", "satisfiability": "sat",
    **dict.fromkeys(WRITTEN_FAMILIES, "hubo"),
    **dict.fromkeys(MODEL_FAMILIES, "model"),
    "knapsack": "knapsack", "numberpartition": "numberpartition", "numberpartitioning": "numberpartition",
    "partition": "numberpartition", "setcover": "setcover", "setpacking": "setpacking", "exactcover": "exactcover",
    "graphpartition": "graphpartition", "graphpartitioning": "graphpartition", "bisection": "graphpartition",
    "binpacking": "binpacking", "sk": "sk", "sherringtonkirkpatrick": "sk", "spinglass": "sk",
}  # fmt: skip
#: phrases of a DSL ``goal`` that name a family unambiguously
GOAL_PATTERNS = {
    "maxcut": r"\bmax(imum|imi[sz]e)?[\s-]*cut\b|\bcut value\b",
    "mis": r"\bindependent sets?\b",
    "vc": r"\bvertex covers?\b",
    "clique": r"\bcliques?\b",
    "kcolor": r"\bcolou?r(s|ed|ing|ings)?\b",
    "tsp": r"\btravel(l)?ing salesman\b|\btsp\b|\btours?\b",
    "add": r"\badd(ition)?\b|\bsum\b",
    "sub": r"\bsubtract(ion)?\b|\bdifference\b",
    "mul": r"\bmultiply\b|\bmultiplication\b|\bproduct\b",
    "factor": r"\bfactor(i[sz]e|ing)?\b",
}


# ---- canonical schema ------------------------------------------------------------------
Node = Annotated[StrictInt, Field(le=MAX_GRAPH_NODES - 1)]
Number = Annotated[
    StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)], Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)
]
Text = Annotated[StrictStr, Field(max_length=MAX_TEXT_CHARS)]


class GraphModel(BaseModel):
    """An undirected graph on nodes ``0..nodes-1``, optionally with the user's names for the nodes."""

    model_config = ConfigDict(extra="forbid")
    nodes: StrictInt | None = Field(
        None, ge=1, le=MAX_GRAPH_NODES, description="number of nodes; default: largest index in edges + 1"
    )
    edges: list[tuple[Node, Node] | tuple[Node, Node, Number]] = Field(
        max_length=MAX_GRAPH_EDGES,
        description="edges as [u, v] or [u, v, weight] between node indices 0..nodes-1; weights default to 1",
    )
    labels: list[StrictInt | Text] | None = Field(
        None,
        max_length=MAX_GRAPH_NODES,
        description="the user's node names (ints or strings, unique), exactly `nodes` of them: node i is "
        "labels[i]; answers name nodes by these labels. Default: nodes are named by their index",
    )


class GraphSpecModel(BaseModel):
    """MaxCut, maximum independent set, minimum vertex cover or balanced graph partition on a graph."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["maxcut", "mis", "vc", "graphpartition"]
    graph: GraphModel
    description: Text | None = None


class SizedGraphSpecModel(BaseModel):
    """Clique of size k (k omitted: maximum clique) or colouring with k colours (omitted: fewest)."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["clique", "kcolor"]
    graph: GraphModel
    k: StrictInt | None = Field(None, ge=1, description="clique size / number of colours")
    description: Text | None = None


class TspSpecModel(BaseModel):
    """Travelling salesman over a distance matrix, symmetric or not, with or without missing roads."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["tsp"]
    distance_matrix: list[Annotated[list[Number | None], Field(max_length=MAX_TSP_CITIES)]] = Field(
        max_length=MAX_TSP_CITIES,
        description="n x n, n >= 3: entry [i][j] is the distance from city i to city j (non-negative; may differ "
        "from [j][i], the tour cost then depends on the direction travelled); null: no road from i to j. "
        "Diagonal 0 or null. At least one tour through every city must exist",
    )
    labels: list[StrictInt | Text] | None = Field(
        None,
        max_length=MAX_TSP_CITIES,
        description="the user's city names (ints or strings, unique), one per row of the matrix: city i is "
        "labels[i]; the tour names cities by these labels. Default: cities are named by their index",
    )
    description: Text | None = None


class ArithmeticSpecModel(BaseModel):
    """``a + b``, ``a - b`` or ``a * b`` on integers of a given bit width (negative ones in two's complement)."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["add", "sub", "mul"]
    operands: tuple[StrictInt, StrictInt] = Field(
        description="[a, b], each with |value| < 2**bits; a negative operand makes the circuit compute in "
        "two's complement on registers wide enough for the exact signed result"
    )
    bits: StrictInt | tuple[StrictInt, StrictInt] = Field(
        description="magnitude width of both operands (|operand| < 2**bits), or [a_bits, b_bits]"
    )
    description: Text | None = None


class FactorSpecModel(BaseModel):
    """Non-trivial factors of n."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["factor"]
    n: StrictInt = Field(ge=1)
    bits: StrictInt | None = Field(None, ge=1, description="bit width n must fit in (optional)")
    description: Text | None = None


class SatSpecModel(BaseModel):
    """Satisfiability of a CNF formula (k-SAT, 3-SAT included), clauses as DIMACS literals."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["sat"]
    clauses: list[list[StrictInt]] = Field(
        max_length=MAX_SAT_CLAUSES,
        description="clauses of non-zero literals: k is variable k (numbered from 1), -k its negation",
    )
    num_variables: StrictInt | None = Field(
        None, ge=1, description="number of variables; default: the largest variable in the clauses"
    )
    description: Text | None = None


Variable = StrictInt | Text


class HuboSpecModel(BaseModel):
    """Your own model: minimise a polynomial over binary or spin variables (QUBO, Ising, higher order)."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["hubo"]
    vartype: Literal["binary", "spin"] = Field(
        "binary", description="binary: variables in {0, 1}; spin: in {-1, +1} (written `ising`: spin by default)"
    )
    variables: list[Variable] | None = Field(
        None,
        max_length=MAX_MODEL_VARIABLES,
        description="the variables' names, once each: variable i runs on qubit i. Default: the names the terms "
        "use (sorted when all are integers, else in order of appearance)",
    )
    terms: list[tuple[list[Variable], Number]] = Field(
        max_length=MAX_MODEL_TERMS,
        description="[[names...], coefficient]: the product of the named variables times the coefficient; "
        f"up to {MAX_TERM_DEGREE} variables a term; terms over the same variables are added",
    )
    offset: Number = Field(0, description="the constant term")
    description: Text | None = None


class ModelVariableModel(BaseModel):
    """One decision variable of a constrained model."""

    model_config = ConfigDict(extra="forbid")
    name: Text
    type: Literal["binary", "integer"] = "binary"
    lower: Annotated[StrictInt, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)] | None = Field(
        None, description="integer only: the smallest value (default 0)"
    )
    upper: Annotated[StrictInt, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)] | None = Field(
        None, description="integer only, required: the largest value"
    )


class ObjectiveModel(BaseModel):
    """``constant + sum linear[v] v + sum c u v`` over the variables."""

    model_config = ConfigDict(extra="forbid")
    linear: dict[Text, Number] = Field(default_factory=dict, description="variable name -> coefficient")
    quadratic: list[tuple[Text, Text, Number]] = Field(
        default_factory=list,
        max_length=MAX_MODEL_TERMS,
        description="[u, v, coefficient]: coefficient times u times v (u = v: a square)",
    )
    constant: Number = 0


class ConstraintModel(BaseModel):
    """``sum linear[v] v  relation  rhs``."""

    model_config = ConfigDict(extra="forbid")
    name: Text | None = Field(None, description="unique; default c0, c1, ... by position")
    linear: dict[Text, Number] = Field(description="variable name -> coefficient")
    relation: Literal["<=", ">=", "==", "="]
    rhs: Number


class ConstrainedSpecModel(BaseModel):
    """Your own constrained model: a linear or quadratic objective over binary and bounded integer
    variables, under linear equality and inequality constraints (also read from CPLEX LP files)."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["model"]
    sense: Literal["min", "max"] = "min"
    variables: list[ModelVariableModel] | None = Field(
        None,
        max_length=MAX_MODEL_VARIABLES,
        description="the variables, once each. Default: every name the objective and constraints use, binary",
    )
    objective: ObjectiveModel = Field(default_factory=ObjectiveModel)
    constraints: list[ConstraintModel] = Field(default_factory=list, max_length=MAX_MODEL_CONSTRAINTS)
    penalties: dict[Text, Annotated[Number, Field(gt=0)]] | None = Field(
        None,
        description="constraint name -> weight w of its penalty w (lhs - rhs)^2 (with slack for an inequality; "
        "the unbalanced encoding's inequalities: w (h^2 / H - h), h the room left). Default: the smallest weight "
        "that provably makes any violation cost more than the objective can gain (unbalanced: the constraint's "
        "price in the linear relaxation)",
    )
    description: Text | None = None


Positive = Annotated[StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)], Field(gt=0, le=MAX_MAGNITUDE)]


class KnapsackSpecModel(BaseModel):
    """0/1 knapsack: the items of largest total value whose total weight fits the capacity."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["knapsack"]
    values: list[Positive] = Field(min_length=1, max_length=MAX_MODEL_VARIABLES, description="each item's value")
    weights: list[Positive] = Field(min_length=1, max_length=MAX_MODEL_VARIABLES, description="each item's weight")
    capacity: Annotated[Number, Field(ge=0)] = Field(description="the most the chosen items may weigh")
    description: Text | None = None


class BinPackingSpecModel(BaseModel):
    """Bin packing: every item in a bin of the given capacity, as few bins as possible."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["binpacking"]
    weights: list[Positive] = Field(min_length=1, max_length=MAX_MODEL_VARIABLES, description="each item's weight")
    capacity: Positive = Field(description="each bin's capacity (at least the heaviest item)")
    bins: StrictInt | None = Field(
        None, ge=1, le=MAX_MODEL_VARIABLES, description="bins offered; default: what first-fit decreasing uses"
    )
    description: Text | None = None


class NumberPartitionSpecModel(BaseModel):
    """Number partitioning: two groups of the numbers whose sums are as close as possible."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["numberpartition"]
    numbers: list[Number] = Field(min_length=2, max_length=MAX_MODEL_VARIABLES)
    description: Text | None = None


class SubsetSpecModel(BaseModel):
    """Set cover (least cost), set packing (most weight, no shared element) or exact cover (each element once)."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["setcover", "setpacking", "exactcover"]
    subsets: list[list[StrictInt | Text]] = Field(
        min_length=1, max_length=MAX_MODEL_VARIABLES, description="the subsets, as lists of elements (ints or strings)"
    )
    weights: list[Positive] | None = Field(
        None, description="each subset's cost (cover) or weight (packing, exact cover); default 1 each"
    )
    universe: list[StrictInt | Text] | None = Field(
        None, description="cover and exact cover: the elements to cover; default every element of a subset"
    )
    description: Text | None = None


#: spins of an SK instance: its ``n (n - 1) / 2`` couplings stay within a model's :data:`MAX_MODEL_TERMS`
#: (447 spins; every method refuses an SK instance far smaller, a refusal that then comes at once)
MAX_SK_SPINS = (1 + math.isqrt(1 + 8 * MAX_MODEL_TERMS)) // 2


class SkSpecModel(BaseModel):
    """Sherrington-Kirkpatrick spin glass: spins +-1 on a complete graph, energy (1/sqrt(n)) sum_{i<j} J_ij s_i s_j."""

    model_config = ConfigDict(extra="forbid")
    family: Literal["sk"]
    couplings: list[list[Number]] | None = Field(
        None,
        max_length=MAX_SK_SPINS,
        description="the coupling matrix J: symmetric, zero diagonal, one row per spin (or give spins and seed)",
    )
    spins: StrictInt | None = Field(
        None, ge=2, le=MAX_SK_SPINS, description="draw J for this many spins from seed (instead of couplings)"
    )
    seed: StrictInt | None = Field(None, ge=0, description="with spins: the seed of numpy's default_rng that draws J")
    distribution: Literal["pm1", "gaussian"] = Field(
        "pm1", description="with spins: J_ij = +-1 with probability 1/2 each (pm1) or standard normal (gaussian)"
    )
    description: Text | None = None


CanonicalSpec = Annotated[
    GraphSpecModel
    | SizedGraphSpecModel
    | TspSpecModel
    | ArithmeticSpecModel
    | FactorSpecModel
    | SatSpecModel
    | HuboSpecModel
    | ConstrainedSpecModel
    | KnapsackSpecModel
    | BinPackingSpecModel
    | NumberPartitionSpecModel
    | SubsetSpecModel
    | SkSpecModel,
    Field(discriminator="family"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(CanonicalSpec)


def canonical_schema() -> dict[str, Any]:
    """JSON Schema of the canonical input format."""
    schema = _ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "c2q problem specification"
    return schema


# ---- loading ------------------------------------------------------------------------------
@dataclass
class Spec:
    """A validated specification.

    :param canonical: the canonical JSON form (what ``c2q parse`` would print).
    :param source_format: ``c2q-problem-type``, ``c2q-dsl``, ``canonical`` or ``dimacs``.
    :param warnings: notes about the input (e.g. a family inferred from the goal text).
    """

    canonical: dict[str, Any]
    source_format: str
    warnings: list[str] = field(default_factory=list)

    @property
    def family(self) -> str:
        """Canonical family name."""
        return self.canonical["family"]

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical form (sorted keys), 16 hex digits."""
        text = json.dumps(self.canonical, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_spec(source: str | Path | dict[str, Any]) -> Spec:
    """Read and validate a specification from a path (JSON, DIMACS CNF ending in ``.cnf``, or CPLEX
    LP ending in ``.lp``), a JSON string or a dict. Python programs are read by :mod:`c2q.codeparse`,
    which builds on this module; :func:`c2q.api.validate` takes all of them.

    :raises SpecError: unreadable file, malformed JSON or DIMACS, unknown family, invalid field.
    """
    if _is_dimacs_path(source):
        name = Path(str(source)).name
        fields = {"clauses": name, "num_variables": f"{name}: 'p cnf' header"}
        return parse_spec(_read(source), source_format="dimacs", fields=fields)
    if _is_lp_path(source):
        return parse_spec(
            _read(source), source_format="lp", fields={"objective": f"{Path(str(source)).name}: objective"}
        )
    return parse_spec(_read(source))


def is_inline_json(source: str | Path | dict[str, Any]) -> bool:
    """JSON text given in place of a path: a string (not a :class:`~pathlib.Path`) that starts with
    ``{`` or ``[``."""
    return isinstance(source, str) and source.lstrip().startswith(("{", "["))


def is_program_path(source: str | Path | dict[str, Any]) -> bool:
    """A path (not a dict or JSON text) to a Python program: ``*.py``."""
    return _path_ends_with(source, ".py")


def _is_dimacs_path(source: str | Path | dict[str, Any]) -> bool:
    """A path (not a dict or JSON text) whose name ends in ``.cnf``."""
    return _path_ends_with(source, ".cnf")


def _is_lp_path(source: str | Path | dict[str, Any]) -> bool:
    """A path (not a dict or JSON text) whose name ends in ``.lp`` (CPLEX LP)."""
    return _path_ends_with(source, ".lp")


def _path_ends_with(source: str | Path | dict[str, Any], suffix: str) -> bool:
    return not isinstance(source, dict) and str(source).strip().lower().endswith(suffix)


def _read(source: str | Path | dict[str, Any]) -> dict[str, Any]:
    if isinstance(source, dict):
        return source
    text = str(source)
    where = "json"
    if not is_inline_json(source):
        path = Path(text)
        if not path.is_file():
            kind = "DIMACS CNF" if _is_dimacs_path(source) else "CPLEX LP" if _is_lp_path(source) else "JSON problem"
            raise SpecError(str(path), "file not found", f"give the path of a {kind} file")
        _check_size(path.stat().st_size, str(path))
        try:
            text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is allowed, not required
        except UnicodeDecodeError as exc:
            raise SpecError(str(path), f"cannot read file: not UTF-8 (byte {exc.start})", "save it as UTF-8") from None
        except OSError as exc:
            raise SpecError(str(path), f"cannot read file ({exc.strerror or exc})") from None
        if _is_dimacs_path(source):
            from c2q.dimacs import read_dimacs

            return read_dimacs(text, path.name)
        if _is_lp_path(source):
            from c2q.lp_format import read_lp

            return read_lp(text, path.name)
    else:
        _check_size(len(text.encode("utf-8", "surrogatepass")), where)
    return _decode_json(text, where)


def _check_size(size: int, where: str) -> None:
    if size > MAX_SPEC_BYTES:
        raise SpecError(
            where,
            f"{size / 2**20:.1f} MiB is more than a problem file may be ({MAX_SPEC_BYTES // 2**20} MiB)",
            "no instance c2q can solve is that large; give a smaller instance",
        )


def _decode_json(text: str, where: str) -> dict[str, Any]:
    """One JSON object, nested at most :data:`MAX_JSON_DEPTH` deep, with no key given twice."""
    depth = _nesting_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise SpecError(
            where, f"nested {depth} deep, more than a problem's JSON may be ({MAX_JSON_DEPTH})", "see `c2q schema`"
        )
    try:
        data = json.loads(text, object_pairs_hook=_refuse_repeated_keys)
    except json.JSONDecodeError as exc:
        raise SpecError(where, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:  # a repeated key, or an integer too long for Python to read
        if "digits" in str(exc):
            raise SpecError(where, "a number with thousands of digits", _magnitude_problem(0)[1]) from None
        raise SpecError(where, str(exc), "write each key once") from None
    if not isinstance(data, dict):
        raise SpecError(where, f"top level is a {type(data).__name__}, expected an object", 'write {"family": ...}')
    return data


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _nesting_depth(text: str) -> int:
    """Deepest nesting of ``[`` and ``{`` outside strings (an upper bound when the JSON is malformed)."""
    brackets = _JSON_STRING.sub("", text).encode("utf-8", "surrogatepass")
    opened = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.isin(opened, (ord("["), ord("{"))).astype(np.int64) - np.isin(opened, (ord("]"), ord("}")))
    return int(np.cumsum(steps).max(initial=0))


def _refuse_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f'key "{key}" given twice in one object (JSON keeps only one; c2q will not guess which)')
        data[key] = value
    return data


def parse_spec(data: dict[str, Any], source_format: str | None = None, fields: dict[str, str] | None = None) -> Spec:
    """Validate a decoded JSON object in any of the three formats.

    :param data: the object.
    :param source_format: the format ``data`` was converted from (``dimacs``), if not one of the three.
    :param fields: for converted input, canonical field -> what to call it in errors.
    """
    warnings: list[str] = []
    names = ("graph.edges", "graph.labels", "distance_matrix", "k", "operands", "bits", "n", "clauses", "num_variables")
    overrides = fields or {}
    fields = {name: name for name in names}
    written = _written_family(data)
    if (
        data.get("type") == "BinaryQuadraticModel"
        or written in WRITTEN_FAMILIES
        or ("coefficients" in data and "family" not in data)
    ):
        canonical, fmt = from_interchange(data, written)
        fields["terms"] = {
            "dimod-bqm": "linear_biases",
            "qubo-matrix": "matrix",
            "coefficient-dict": "coefficients",
        }.get(fmt, "terms")
    elif "problem_type" in data:
        canonical, fmt = _from_problem_type(data), "c2q-problem-type"
        fields = {
            "graph.edges": "data.matrix",
            "distance_matrix": "data.distance_matrix",
            **{name: f"data.{name}" for name in ("k", "operands", "bits", "n")},
        }
    elif "instance" in data:
        canonical, fmt = _from_dsl(data, warnings), "c2q-dsl"
        graph_field = f"instance.graphs.{next(iter(data['instance'].get('graphs') or {'G1': 0}))}"
        fields = {
            "graph.edges": graph_field,
            "distance_matrix": graph_field,
            **{name: f"instance.{name}" for name in ("k", "operands", "bits", "n")},
        }
    elif "family" in data:
        canonical, fmt = dict(data), "canonical"
        canonical["family"] = _family(data["family"], "family")
        if canonical["family"] in ARITHMETIC_FAMILIES and ("a_bits" in data or "b_bits" in data):
            canonical["bits"] = _operand_widths(canonical, "", native=True)
            del canonical["a_bits"], canonical["b_bits"]
    else:
        raise SpecError(
            "family",
            "missing: the spec names no problem",
            'add "family" (canonical / DSL format) or "problem_type" (C2|Q> format)',
        )
    fields.update(overrides)
    native = fmt == "canonical"  # written in c2q's own format (by hand, or converted from a program)
    fmt = source_format or fmt
    try:
        model = _ADAPTER.validate_python(canonical)
    except ValidationError as exc:
        raise _spec_error(exc, fields, canonical) from None
    canonical = model.model_dump(mode="json", exclude_none=True)
    _check_instance(canonical, warnings, fields, native)
    return Spec(canonical=canonical, source_format=fmt, warnings=warnings)


def _written_family(data: dict[str, Any]) -> str | None:
    """The family as written, as an :data:`ALIASES` key, when it is a string."""
    value = data.get("family")
    return _family_key(value) if isinstance(value, str) else None


def _family_key(value: str) -> str:
    """A written family name as an :data:`ALIASES` key: lower-cased, without spaces, ``_`` or ``-``."""
    return re.sub(r"[\s_-]", "", value.lower())


def _family(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise SpecError(where, f"must be a string, got {type(value).__name__}")
    family = ALIASES.get(_family_key(value))
    if family is None:
        raise SpecError(where, f"unknown family {value!r}", f"use one of: {', '.join(FAMILIES)}")
    return family


#: pydantic tags the error of each failed member of a union (``int | str``) with its type
_UNION_MEMBERS = {"int": "an integer", "float": "a number", "str": "a string"}


def _spec_error(exc: ValidationError, fields: dict[str, str], data: dict[str, Any]) -> SpecError:
    """The first validation error of ``data`` (canonical form) in the user's terms, with a fix."""
    errors = exc.errors()
    err = errors[0]
    loc = _location(err)
    path = ".".join(loc) or "spec"
    for canonical, original in fields.items():
        if path == canonical or path.startswith(canonical + "."):
            path = original + path[len(canonical) :]
    msg = err["msg"]
    if loc[:2] == ["graph", "edges"] and len(loc) > 2 and loc[2].isdigit():
        edges = data.get("graph", {}).get("edges")
        problem, fix = _edge_problem(edges[int(loc[2])])
        return SpecError(f"{fields['graph.edges']}[{loc[2]}]", problem, fix)
    if loc[:2] == ["graph", "labels"] and len(loc) > 2:
        return SpecError(
            path, f"label must be an integer or a string of at most {MAX_TEXT_CHARS} characters", "shorten it"
        )
    # a value that fits no member of a union reports one error per member: the limit may be any of them
    at_first = [e for e in errors if _location(e) == loc]
    limit = next((found for e in at_first if (found := _limit_problem(e)) is not None), None)
    if limit is not None:
        return SpecError(re.sub(r"\.(\d+)", r"[\1]", path), *limit)  # distance_matrix[0][1]
    if err["type"] == "extra_forbidden":
        return SpecError(path, "unknown field", "remove it; see `c2q schema` for the fields")
    if err["type"] == "missing":
        return SpecError(path, "missing", "see `c2q schema` for the required fields")
    tried = [e["loc"][-1] for e in errors if e["loc"][:-1] == err["loc"][:-1] and e["loc"][-1] in _UNION_MEMBERS]
    if len(tried) > 1:  # one value that fits no member of a union: say what it may be
        kinds = [_UNION_MEMBERS[t] for t in tried if not (t == "int" and "float" in tried)]
        return SpecError(path, f"must be {' or '.join(kinds)}, got {err['input']!r}", "see `c2q schema`")
    return SpecError(path, msg[0].lower() + msg[1:])


def _location(err: Any) -> list[str]:
    """An error's location in the spec, without pydantic's tags for the model and union members."""
    parts = [str(p) for p in err["loc"]]
    return [p for p in parts if p not in FAMILIES and not p.endswith("SpecModel") and p not in _UNION_MEMBERS]


def _edge_problem(edge: Any) -> tuple[str, str]:
    """What is wrong with one listed edge, and the fix."""
    shape = "write an edge as [u, v] or [u, v, weight]: node indices from 0, a number as weight"
    if not isinstance(edge, list | tuple) or len(edge) not in (2, 3):
        return f"edge must be [u, v] or [u, v, weight], got {edge!r}", shape
    for node in edge[:2]:
        if isinstance(node, bool) or not isinstance(node, int):
            return f"node index must be an integer, got {node!r}", shape
        if node >= MAX_GRAPH_NODES:
            return (
                f"node index {_shown(node)} is past the limit of {MAX_GRAPH_NODES} nodes",
                "no graph that large can be solved; give a smaller one",
            )
    weight = edge[2] if len(edge) == 3 else 1
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        return f"weight must be a number, got {weight!r}", shape
    return _magnitude_problem(weight)


def _magnitude_problem(value: float) -> tuple[str, str]:
    return (
        f"{_shown(value)} is not a finite number within +-{MAX_MAGNITUDE:g}",
        f"scale the numbers down: c2q accepts magnitudes up to {MAX_MAGNITUDE:g}",
    )


def _shown(value: Any) -> str:
    """A value for a message: a number of many digits by its length."""
    if isinstance(value, float):
        return f"{value:g}"
    text = repr(value)
    return f"a {len(text)}-digit number" if isinstance(value, int) and len(text) > 24 else text


def _limit_problem(err: Any) -> tuple[str, str] | None:
    """A value past one of the input limits: what it is, and the fix."""
    beyond = "a larger instance is beyond every method c2q has; give a smaller one"
    ctx = err.get("ctx") or {}
    if err["type"] == "too_long":
        return f"{ctx.get('actual_length')} entries, more than the {ctx.get('max_length')} c2q accepts", beyond
    if err["type"] == "string_too_long":
        return f"{ctx.get('max_length')} characters at most", "shorten it"
    if err["type"] == "finite_number" or (
        err["type"] in ("less_than_equal", "greater_than_equal") and _is_magnitude(ctx)
    ):
        return _magnitude_problem(err["input"])
    if err["type"] == "less_than_equal":
        return f"{_shown(err['input'])} is more than {ctx.get('le')}, the largest c2q accepts", beyond
    return None


def _is_magnitude(ctx: dict[str, Any]) -> bool:
    return ctx.get("le") == MAX_MAGNITUDE or ctx.get("ge") == -MAX_MAGNITUDE


# ---- C2|Q> "problem_type" format ------------------------------------------------------------
def _from_problem_type(data: dict[str, Any]) -> dict[str, Any]:
    family = _family(data["problem_type"], "problem_type")
    _refuse_sat(family, "problem_type")
    body = data.get("data")
    if not isinstance(body, dict):
        raise SpecError("data", "missing or not an object", 'write "data": {"matrix": [[...]]}')
    if family in ARITHMETIC_FAMILIES or family == "factor":
        return _numbers_spec(family, body, "data")
    if family == "tsp":
        _require(body, "distance_matrix", "data")
        matrix = _matrix(body["distance_matrix"], "data.distance_matrix")
        return {"family": "tsp", "distance_matrix": matrix}
    _require(body, "matrix", "data")
    matrix = _matrix(body["matrix"], "data.matrix")
    spec: dict[str, Any] = {"family": family, "graph": _graph_from_matrix(matrix, "data.matrix", family)}
    if family in ("clique", "kcolor") and "k" in body:
        spec["k"] = _integer(body["k"], "data.k")
    return spec


# ---- C2|Q> DSL format --------------------------------------------------------------------
def _from_dsl(data: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    if "family" in data:
        family = _family(data["family"], "family")
        _refuse_sat(family, "family")
    else:
        family = _family_from_goal(data.get("goal"))
        warnings.append(f"family '{family}' inferred from the goal text")
    instance = data["instance"]
    if not isinstance(instance, dict):
        raise SpecError("instance", "must be an object")
    if family in ARITHMETIC_FAMILIES or family == "factor":
        return _numbers_spec(family, instance, "instance")
    _require(instance, "graphs", "instance")
    graphs = instance["graphs"]
    if not isinstance(graphs, dict) or len(graphs) != 1:
        count = len(graphs) if isinstance(graphs, dict) else "no"
        raise SpecError(
            "instance.graphs", f"has {count} graphs; c2q solves one graph per spec", 'give one, e.g. {"G1": [[0, 1]]}'
        )
    ((name, graph),) = graphs.items()
    where = f"instance.graphs.{name}"
    rep = instance.get("graph_rep")
    if rep not in ("edge_list", "matrix"):
        raise SpecError("instance.graph_rep", f"is {rep!r}", 'use "edge_list" or "matrix"')
    if family == "tsp":
        if rep != "matrix":
            raise SpecError("instance.graph_rep", "TSP needs a distance matrix", 'use "graph_rep": "matrix"')
        return {"family": "tsp", "distance_matrix": _matrix(graph, where)}
    if rep == "matrix":
        spec_graph = _graph_from_matrix(_matrix(graph, where), where, family)
    else:
        spec_graph = {"edges": _edge_list(graph, where)}
        if "num_nodes" in instance:
            spec_graph["nodes"] = _integer(instance["num_nodes"], "instance.num_nodes")
    spec: dict[str, Any] = {"family": family, "graph": spec_graph}
    if family in ("clique", "kcolor") and "k" in instance:
        spec["k"] = _integer(instance["k"], "instance.k")
    return spec


def _refuse_sat(family: str, where: str) -> None:
    """The C2|Q> formats have no SAT family: say which formats do."""
    if family == "sat":
        raise SpecError(
            where,
            "sat is not a family of the C2|Q> formats",
            'write {"family": "sat", "clauses": [[1, -2], [2]]} or give a DIMACS .cnf file',
        )


def _numbers_spec(family: str, body: dict[str, Any], where: str) -> dict[str, Any]:
    """Arithmetic / factoring fields of either C2|Q> format, in canonical form."""
    if family == "factor":
        _require(body, "n", where)
        spec: dict[str, Any] = {"family": "factor", "n": _integer(body["n"], f"{where}.n")}
        if "bits" in body:
            spec["bits"] = _integer(body["bits"], f"{where}.bits")
        return spec
    _require(body, "operands", where)
    operands = body["operands"]
    if not isinstance(operands, list) or len(operands) != 2:
        raise SpecError(f"{where}.operands", f"must be a list of two integers, got {operands!r}")
    a, b = (_integer(x, f"{where}.operands[{i}]") for i, x in enumerate(operands))
    if "a_bits" in body or "b_bits" in body:
        bits: Any = _operand_widths(body, where)
    else:
        _require(body, "bits", where)
        bits = _integer(body["bits"], f"{where}.bits")
    return {"family": family, "operands": [a, b], "bits": bits}


def _operand_widths(body: dict[str, Any], where: str, native: bool = False) -> list[int]:
    """``a_bits`` and ``b_bits`` (both) as ``[a_bits, b_bits]``; in the canonical format (``native``)
    not beside ``bits``, while the C2|Q> formats, read as they are, let them take precedence."""
    prefix = f"{where}." if where else ""
    if native and "bits" in body:
        raise SpecError(f"{prefix}bits", "given with a_bits/b_bits", "give either bits or a_bits and b_bits")
    _require(body, "a_bits", where)
    _require(body, "b_bits", where)
    return [_integer(body["a_bits"], f"{prefix}a_bits"), _integer(body["b_bits"], f"{prefix}b_bits")]


def _family_from_goal(goal: Any) -> str:
    if not isinstance(goal, str) or not goal.strip():
        raise SpecError(
            "family", "missing, and there is no goal text to read it from", 'add "family": "MaxCut" (or MIS, VC, ...)'
        )
    found = [f for f, pattern in GOAL_PATTERNS.items() if re.search(pattern, goal, re.IGNORECASE)]
    if len(found) != 1:
        what = f"names {' and '.join(found)}" if found else "names no known family"
        raise SpecError("family", f"missing, and the goal text {what}", 'add "family": "MaxCut" (or MIS, VC, ...)')
    return found[0]


# ---- shared field checks ------------------------------------------------------------------
def _require(body: dict[str, Any], key: str, where: str) -> None:
    if key not in body:
        raise SpecError(f"{where}.{key}" if where else key, "missing", "see shared/data/c2q/README.md or `c2q schema`")


def _integer(value: Any, where: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not value.is_integer())
    ):
        raise SpecError(where, f"must be an integer, got {value!r}")
    return int(value)


def _matrix(value: Any, where: str) -> list[list[float]]:
    """A C2|Q> matrix: square, finite numbers, symmetric (the formats' graphs are undirected)."""
    rows = square_matrix(value, where)
    n = len(rows)
    for i in range(n):
        for j in range(i + 1, n):
            if rows[i][j] != rows[j][i]:
                raise SpecError(
                    f"{where}[{i}][{j}]",
                    f"matrix is not symmetric ({rows[i][j]:g} vs {rows[j][i]:g} at [{j}][{i}])",
                    "give an undirected (symmetric) matrix",
                )
    return rows


def _graph_from_matrix(matrix: list[list[float]], where: str, family: str) -> dict[str, Any]:
    edges: list[list[float]] = []
    for i, row in enumerate(matrix):
        for j, w in enumerate(row):
            if i == j and w != 0:
                raise SpecError(f"{where}[{i}][{i}]", "self-loop (non-zero diagonal)", "set the diagonal to 0")
            if j > i and w < 0 and family != "maxcut":
                fix = f"{family} needs positive edge weights (or none)"
                raise SpecError(f"{where}[{i}][{j}]", f"weight {w:g} is not positive", fix)
            if j > i and w != 0:
                edges.append([i, j] if w == 1 else [i, j, w])
    return {"nodes": len(matrix), "edges": edges}


def _edge_list(value: Any, where: str) -> list[list[float]]:
    if not isinstance(value, list):
        raise SpecError(where, "must be a list of edges [u, v] or [u, v, weight]")
    edges: list[list[float]] = []
    for i, edge in enumerate(value):
        if not isinstance(edge, list) or len(edge) not in (2, 3):
            raise SpecError(f"{where}[{i}]", f"edge must be [u, v] or [u, v, weight], got {edge!r}")
        u, v = (_integer(x, f"{where}[{i}]") for x in edge[:2])
        edges.append([u, v] if len(edge) == 2 else [u, v, finite_number(edge[2], f"{where}[{i}][2]")])
    return edges


def _check_instance(spec: dict[str, Any], warnings: list[str], fields: dict[str, str], native: bool = True) -> None:
    """Checks the schema cannot express: ranges, self-loops, repeated edges, emptiness, k, labels.

    An edge listed again with the same weight is kept once, with a warning; with another weight it is refused.

    :param fields: canonical field -> where the user wrote it (errors name the user's field).
    :param native: the spec was written in the canonical format; the C2|Q> formats keep their
        narrower domain (no negative operands; their matrices are checked symmetric on reading).
    """
    family = spec["family"]
    if family == "hubo":
        check_model(spec, warnings, fields)
        return
    if family == "model":
        check_constrained(spec, warnings, fields)
        return
    if family in ("knapsack", "numberpartition", "binpacking", *SUBSET_FAMILIES):
        _check_collections(spec)
        return
    if family == "sk":
        _check_spin_glass(spec)
        return
    if family == "tsp":
        _check_distances(spec["distance_matrix"], fields["distance_matrix"], warnings)
        if "labels" in spec:
            _check_labels(spec["labels"], len(spec["distance_matrix"]), "labels", "city")
        return
    if family in ARITHMETIC_FAMILIES:
        _check_operands(spec, fields, signed=native)
        return
    if family == "factor":
        _check_factor(spec, fields)
        return
    if family == "sat":
        _check_sat(spec, fields)
        return
    graph = spec["graph"]
    where = fields["graph.edges"]
    edges = graph["edges"]
    if not edges:
        raise SpecError(where, "the graph has no edges: nothing to optimise", "give at least one edge")
    largest = max(max(e[0], e[1]) for e in edges)
    nodes = graph.get("nodes", largest + 1)
    graph["nodes"] = nodes
    first: dict[tuple[int, int], int] = {}  # edge (u < v) -> index of its first entry
    repeats: list[tuple[int, int, tuple[int, int]]] = []  # (entry, its first entry, edge)
    for i, edge in enumerate(edges):
        u, v = edge[0], edge[1]
        if u < 0 or v < 0 or u >= nodes or v >= nodes:
            raise SpecError(
                f"{where}[{i}]", f"node index out of range 0..{nodes - 1}", "number nodes from 0, or raise graph.nodes"
            )
        if u == v:
            raise SpecError(f"{where}[{i}]", f"self-loop on node {u}", "remove it")
        key = (min(u, v), max(u, v))
        weight = edge[2] if len(edge) == 3 else 1.0
        if key in first:
            j = first[key]
            earlier = edges[j][2] if len(edges[j]) == 3 else 1.0
            if weight != earlier:
                raise SpecError(
                    f"{where}[{i}]",
                    f"edge {list(key)} listed again with weight {weight:g} (first at [{j}] with weight {earlier:g})",
                    f"list the edge once, with the weight you mean (remove [{i}] or [{j}])",
                )
            repeats.append((i, j, key))
            continue
        first[key] = i
        if not math.isfinite(weight):
            raise SpecError(f"{where}[{i}]", f"weight {weight!r} is not a finite number", "give a finite weight")
        if family != "maxcut" and weight <= 0:
            raise SpecError(
                f"{where}[{i}]", f"weight {weight:g} is not positive", f"{family} needs positive edge weights (or none)"
            )
        if family == "maxcut" and weight == 0:
            raise SpecError(f"{where}[{i}]", "zero weight", "drop the edge")
    if repeats:  # the input as it is: a repeated edge counts once, and the user is told
        i, j, key = repeats[0]
        more = f", as are {len(repeats) - 1} more repeated edge(s)" if len(repeats) > 1 else ""
        warnings.append(f"{where}[{i}]: edge {list(key)} listed again (first at [{j}]); counted once{more}")
        dropped = {entry for entry, _, _ in repeats}
        graph["edges"] = edges = [edge for index, edge in enumerate(edges) if index not in dropped]
    if family in ("mis", "vc", "clique") and any(len(e) == 3 and e[2] != 1 for e in edges):
        warnings.append(f"edge weights do not change a {family} answer; they are ignored")
    k = spec.get("k")
    if k is not None and not 1 <= k <= nodes:
        raise SpecError(
            fields["k"], f"k = {k} is out of range for a graph with {nodes} nodes", f"choose 1 <= k <= {nodes}"
        )
    if "labels" in graph:
        _check_labels(graph["labels"], nodes, fields["graph.labels"])


def _check_spin_glass(spec: dict[str, Any]) -> None:
    """An SK instance: couplings (a symmetric matrix, zero diagonal) or spins with a seed, not both."""
    couplings, spins = spec.get("couplings"), spec.get("spins")
    if (couplings is None) == (spins is None):
        raise SpecError("couplings", "give either couplings or spins", 'e.g. "spins": 20, "seed": 1')
    if spins is not None:
        if spec.get("seed") is None:
            raise SpecError("seed", "required with spins (the draw of the couplings)", 'add "seed": 1')
        return
    couplings = spec["couplings"]  # given: the other branch returned
    if spec.get("seed") is not None:
        raise SpecError("seed", "only with spins (the couplings are given)", "remove seed")
    if spec.get("distribution", "pm1") != "pm1":
        raise SpecError("distribution", "only with spins (the couplings are given)", "remove distribution")
    n = len(couplings)
    if n < 2:
        raise SpecError("couplings", f"{n} row(s)", "give at least two spins")
    for i, row in enumerate(couplings):
        if len(row) != n:
            raise SpecError(f"couplings[{i}]", f"{len(row)} entries in a {n}-row matrix", "make it square")
        if row[i] != 0:
            raise SpecError(f"couplings[{i}][{i}]", f"diagonal entry {row[i]}", "a spin has no coupling to itself: 0")
        for j in range(i):
            if row[j] != couplings[j][i]:
                raise SpecError(
                    f"couplings[{i}][{j}]", f"{row[j]} but couplings[{j}][{i}] is {couplings[j][i]}", "make J symmetric"
                )


def _check_collections(spec: dict[str, Any]) -> None:
    """Knapsack, bin packing and subset families: lists that must agree, items that must fit, elements
    that must be covered."""
    family = spec["family"]
    if family == "knapsack" and len(spec["values"]) != len(spec["weights"]):
        raise SpecError(
            "weights", f"{len(spec['weights'])} weights for {len(spec['values'])} values", "give one weight per value"
        )
    if family == "binpacking":
        heaviest = max(spec["weights"])
        if heaviest > spec["capacity"]:
            raise SpecError(
                "capacity", f"{spec['capacity']:g} is less than the heaviest item ({heaviest:g}): it fits no bin"
            )
    if family not in SUBSET_FAMILIES:
        return
    subsets = spec["subsets"]
    for i, subset in enumerate(subsets):
        if not subset:
            raise SpecError(f"subsets[{i}]", "an empty subset", "leave it out")
    weights = spec.get("weights")
    if weights is not None and len(weights) != len(subsets):
        raise SpecError("weights", f"{len(weights)} weights for {len(subsets)} subsets", "give one weight per subset")
    universe = spec.get("universe")
    if universe is not None:
        if family == "setpacking":
            raise SpecError("universe", "set packing covers nothing: it has no universe", "leave universe out")
        if not universe:
            raise SpecError("universe", "empty: nothing to cover", "leave universe out to cover every element")
        held = {e for subset in subsets for e in subset}
        missing = [e for e in universe if e not in held]
        if missing:
            raise SpecError(
                "universe",
                f"element {missing[0]!r} is in no subset: nothing can cover it",
                "add a subset that holds it",
            )


def _check_labels(labels: list[int | str], nodes: int, where: str, item: str = "node") -> None:
    """One label per node (or city), no label twice."""
    if len(labels) != nodes:
        fix = f"give exactly one label per {item} ({nodes}), label i naming {item} i"
        raise SpecError(
            where,
            f"{len(labels)} labels for {nodes} cities"
            if item == "city"
            else f"{len(labels)} labels for a graph with {nodes} nodes",
            fix + (", or set graph.nodes" if item == "node" else ""),
        )
    first: dict[int | str, int] = {}
    for i, label in enumerate(labels):
        if label in first:
            raise SpecError(
                where,
                f"label {label!r} names both {item} {first[label]} and {item} {i}",
                f"give every {item} its own label",
            )
        first[label] = i


def _check_operands(spec: dict[str, Any], fields: dict[str, str], signed: bool = True) -> None:
    """Widths in range and ``|operand| < 2**bits``.

    :param signed: negative operands are allowed (canonical format); the C2|Q> formats' operands
        are non-negative.
    """
    bits = spec["bits"]
    widths = list(bits) if isinstance(bits, list | tuple) else [bits, bits]
    for width in widths:
        if width < 1:
            raise SpecError(fields["bits"], f"{width} bits is out of range", f"use 1 to {MAX_OPERAND_BITS} bits")
        if width > MAX_OPERAND_BITS:
            raise SpecError(
                fields["bits"],
                f"{width} bits is out of range: two operand registers alone need {2 * width} qubits",
                f"use at most {MAX_OPERAND_BITS} bits",
            )
    for i, (value, width) in enumerate(zip(spec["operands"], widths, strict=True)):
        where = f"{fields['operands']}[{i}]"
        if value < 0 and not signed:
            raise SpecError(
                where,
                f"negative operand {value}: the C2|Q> format's operands are non-negative",
                f'for signed arithmetic write the canonical format {{"family": "{spec["family"]}", '
                '"operands": [a, b], "bits": n}',
            )
        if abs(value) >= 2**width:
            largest = f"largest magnitude is {2**width - 1}" if signed else f"largest is {2**width - 1}"
            raise SpecError(where, f"{value} does not fit in {width} bits ({largest})", "raise the bit width")


def _check_factor(spec: dict[str, Any], fields: dict[str, str]) -> None:
    n = spec["n"]
    if spec.get("bits") is not None and n >= 2 ** spec["bits"]:
        raise SpecError(fields["n"], f"{n} does not fit in {spec['bits']} bits", "raise bits or remove it")
    if n.bit_length() > MAX_FACTOR_BITS:
        raise SpecError(
            fields["n"],
            f"{n} has {n.bit_length()} bits; this version factors numbers up to {MAX_FACTOR_BITS} bits",
            f"use n < {2**MAX_FACTOR_BITS}",
        )


def _check_sat(spec: dict[str, Any], fields: dict[str, str]) -> None:
    """Literals numbered from 1, no empty clause, ``num_variables`` (filled in) covers them and fits."""
    where = fields["clauses"]
    clauses = spec["clauses"]
    if not clauses:
        raise SpecError(where, "no clauses: the formula is empty", "give at least one clause, e.g. [[1, -2]]")
    for i, clause in enumerate(clauses):
        if not clause:
            raise SpecError(f"{where}[{i}]", "empty clause: no assignment can satisfy it", "remove it")
        if 0 in clause:
            raise SpecError(
                f"{where}[{i}]",
                "literal 0: variables are numbered from 1",
                "write k for variable k and -k for its negation, with k >= 1",
            )
    largest = max(abs(literal) for clause in clauses for literal in clause)
    given = spec.get("num_variables")
    if given is not None and given < largest:
        raise SpecError(
            fields["num_variables"],
            f"{given} is less than the largest variable in the clauses ({largest})",
            f"set it to at least {largest}, or leave it out",
        )
    n = largest if given is None else given
    if n > MAX_SAT_VARIABLES:
        raise SpecError(
            where if given is None else fields["num_variables"],
            f"{n} variables need {n} qubits; this version runs Grover search on at most {MAX_SAT_VARIABLES} "
            "(the phase oracle is synthesised from the full truth table)",
            f"use at most {MAX_SAT_VARIABLES} variables",
        )
    spec["num_variables"] = n


def _check_distances(matrix: list[list[float | None]], where: str, warnings: list[str]) -> None:
    """Square, at least 3 cities, finite non-negative distances, zero (or null) diagonal, and a tour.

    Asymmetric matrices are valid (``[i][j]`` is the way from ``i`` to ``j``); the C2|Q> formats'
    matrices were already checked symmetric when read. ``null`` off the diagonal is a missing road;
    a null diagonal is written as 0.
    """
    n = len(matrix)
    if n < 3:
        raise SpecError(where, f"{n} cities: a tour needs at least 3", "give an n x n matrix with n >= 3")
    for i, row in enumerate(matrix):
        if len(row) != n:
            raise SpecError(f"{where}[{i}]", f"matrix is not square: row has {len(row)} entries, expected {n}")
    for i, row in enumerate(matrix):
        for j, d in enumerate(row):
            if d is None:
                continue
            if not math.isfinite(d):
                raise SpecError(
                    f"{where}[{i}][{j}]", f"distance {d!r} is not finite", "give a finite distance, or null for no road"
                )
            if d < 0:
                raise SpecError(f"{where}[{i}][{j}]", f"negative distance {d:g}", "distances must be >= 0")
            if i == j and d != 0:
                raise SpecError(f"{where}[{i}][{i}]", "non-zero diagonal", "the distance from a city to itself is 0")
        row[i] = 0 if row[i] is None else row[i]
    roads = [sum(1 << j for j, d in enumerate(row) if j != i and d is not None) for i, row in enumerate(matrix)]
    if all(out == ((1 << n) - 1) & ~(1 << i) for i, out in enumerate(roads)):
        return
    exact = n <= MAX_TOUR_CHECK_CITIES
    if not (_tour_exists(roads) if exact else _strongly_connected(roads)):
        raise SpecError(
            where,
            "no tour: the roads (non-null distances) admit no closed route through every city once",
            "add roads (replace null by a distance) so that some tour visits every city",
        )
    if not exact:
        warnings.append(
            f"{n} cities: whether the roads admit a tour was only checked for connectivity "
            f"(exact check up to {MAX_TOUR_CHECK_CITIES} cities)"
        )


def _tour_exists(roads: list[int]) -> bool:
    """Whether a directed Hamiltonian cycle exists; ``roads[i]`` is the bit set of cities reachable from ``i``.

    Dynamic programming over subsets (Bellman; Held & Karp 1962): ``ends[S]`` is the set of
    cities at which a path from city 0 through exactly the cities ``S`` can end. ``O(2**n n**2)``
    bit operations.
    """
    n = len(roads)
    full = (1 << n) - 1
    ends = [0] * (1 << n)
    ends[1] = 1
    for visited in range(1, full, 2):  # every set that contains city 0
        last = ends[visited]
        while last:
            city = last & -last
            last ^= city
            step = roads[city.bit_length() - 1] & ~visited
            while step:
                nxt = step & -step
                step ^= nxt
                ends[visited | nxt] |= nxt
    return any(ends[full] >> j & 1 and roads[j] & 1 for j in range(n))


def _strongly_connected(roads: list[int]) -> bool:
    """Every city reaches every other along roads (necessary for a tour); ``roads`` as in :func:`_tour_exists`."""
    n = len(roads)
    back = [sum(1 << i for i in range(n) if roads[i] >> j & 1) for j in range(n)]
    for edges in (roads, back):
        seen, frontier = 1, 1
        while frontier:
            reached = 0
            for i in range(n):
                if frontier >> i & 1:
                    reached |= edges[i]
            frontier = reached & ~seen
            seen |= frontier
        if seen != (1 << n) - 1:
            return False
    return True


def build_problem(spec: Spec) -> Any:
    """The problem instance of a validated spec."""
    import numpy as np

    from c2q.constrained_models import constrained_model
    from c2q.problems import FAMILIES as CLASSES
    from c2q.problems import (
        BinaryPolynomial,
        BinPacking,
        Clique,
        ConstrainedModel,
        Factor,
        GraphPartition,
        GraphProblem,
        KColor,
        Knapsack,
        NumberPartition,
        Sat,
        SherringtonKirkpatrick,
        Tsp,
    )
    from c2q.problems.arithmetic import IntegerArithmetic
    from c2q.problems.subsets import SubsetProblem

    c = spec.canonical
    cls = CLASSES[c["family"]]  # each family's constructor takes its own instance: dispatch on the class
    if issubclass(cls, SherringtonKirkpatrick):
        from c2q.problems.spin_glass import draw_couplings

        if c.get("couplings") is not None:
            return cls(np.array(c["couplings"], dtype=float))
        couplings = draw_couplings(c["spins"], c["seed"], c.get("distribution", "pm1"))
        return cls(couplings, f"{c.get('distribution', 'pm1')} couplings drawn with seed {c['seed']}")
    if issubclass(cls, BinaryPolynomial):
        index = {name: i for i, name in enumerate(c["variables"])}
        terms = [(tuple(index[name] for name in names), coefficient) for names, coefficient in c["terms"]]
        return cls(c["variables"], terms, c["offset"], c["vartype"])
    if issubclass(cls, ConstrainedModel):
        return constrained_model(c)
    if issubclass(cls, Knapsack):
        return cls(c["values"], c["weights"], c["capacity"])
    if issubclass(cls, BinPacking):
        return cls(c["weights"], c["capacity"], c.get("bins"))
    if issubclass(cls, NumberPartition):
        return cls(c["numbers"])
    if issubclass(cls, SubsetProblem):
        return cls(c["subsets"], c.get("weights"), c.get("universe"))
    if issubclass(cls, IntegerArithmetic):
        a_bits, b_bits = c["bits"] if isinstance(c["bits"], list | tuple) else (c["bits"], c["bits"])
        a, b = c["operands"]
        return cls(a, b, a_bits, b_bits)
    if issubclass(cls, Factor):
        return cls(c["n"])
    if issubclass(cls, Sat):
        return cls(c["clauses"], c["num_variables"])
    if issubclass(cls, Tsp):
        return cls(np.array(c["distance_matrix"], dtype=float), labels=c.get("labels"))  # null (no road) -> nan
    assert issubclass(cls, GraphProblem | GraphPartition), cls  # every other family is a graph family
    import networkx as nx  # graph families only: about 0.1 s of start-up

    graph = nx.Graph()
    graph.add_nodes_from(range(c["graph"]["nodes"]))
    for edge in c["graph"]["edges"]:
        graph.add_edge(int(edge[0]), int(edge[1]), weight=float(edge[2]) if len(edge) == 3 else 1.0)
    labels = c["graph"].get("labels")
    if issubclass(cls, Clique | KColor):
        return cls(graph, k=c.get("k"), labels=labels)
    return cls(graph, labels=labels)
