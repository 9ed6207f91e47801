"""Random problem instances for every family, in both C2|Q> formats and c2q's canonical one.

Fresh instances, never the bundled files, for measuring whether c2q is right on what a user
brings (issue 22). Every instance is drawn from a fixed seed, so the same arguments always give
the same files:

- **graph families** (maxcut, mis, vc, clique, kcolor), 5 to 24 nodes: G(n, p) with p in
  {0.3, 0.5, 0.7} or a random 3-regular graph (even n), redrawn until no node is isolated (so an
  edge list names every node); unweighted, or integer weights 1..10 (mis, vc and clique ignore
  weights; c2q warns). Clique and k-colouring with ``k`` or without it (maximum clique; fewest
  colours).
- **tsp**, 4 to 10 cities: rounded Euclidean distances between distinct integer points of a
  100 x 100 square, or random symmetric integer distances 1..100.
- **add / sub / mul**: non-negative operands of 1 to 10 bits (the dataset uses 2, 3 and 10);
  mul in the "problem_type" format with ``a_bits >= b_bits`` as in the dataset.
- **factor**: ``n`` of a given bit length (the dataset's are 4 to 6 bits), composite, with a
  prime now and then (c2q answers those without a quantum run).

Formats (as in ``shared/data/c2q/json`` and ``json_dsl``, and ``c2q schema``):

- ``problem_type``: ``{"problem_type": "maxcut", "data": {"matrix": [[...]]}}``;
- ``dsl``: ``{"family": "MaxCut", "goal": ..., "description": ..., "instance": {"graph_rep":
  "edge_list", "graphs": {"G1": [[0, 1], ...]}}}``; weighted graphs as ``graph_rep: "matrix"``
  (the dataset's edge lists carry no weights), TSP as a matrix, as in the dataset;
- ``canonical``: ``{"family": "maxcut", "graph": {"nodes": 8, "edges": [[0, 1], ...]}}``.

Each instance carries its **size band**: ``c2q`` (C2|Q> sizes: graphs up to 8 nodes, TSP up to
6 cities, operands up to 10 bits, factor n up to 6 bits), ``large`` (at most 24 binary variables
after encoding: e.g. 12 to 24 nodes, 3-colouring of up to 12 nodes, TSP with 7 or 8 cities, factor
n of 8 to 12 bits) or ``beyond``; and the **qubits** of the family's encoding where a formula from
the problem gives them (graph families and TSP; arithmetic and factoring circuits have
implementation-defined widths: the benchmark reads those from the result), with their band
``<=8``, ``9-16``, ``17-24`` or ``>24``.

The instance's ``problem`` is its canonical form as generated: the ground truth that
``benchmarks/robust.py`` judges answers against (it never asks c2q what the file says).

When the bundled C2|Q> folder is present, any draw equal to a bundled problem (same family and
content, whatever the format) is drawn again, so no instance is a bundled file.

    python benchmarks/instances.py --out /tmp/instances                   # both bands, all families
    python benchmarks/instances.py --out /tmp/i --families tsp maxcut --bands large --instances 5
"""

from __future__ import annotations

import argparse
import json
import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
#: the bundled C2|Q> subset; draws equal to one of its problems are drawn again
DATA = ROOT.parent / "shared" / "data" / "c2q"
DEFAULT_SEED = 2026

GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor")
ARITHMETIC_FAMILIES = ("add", "sub", "mul")
FAMILIES = (*GRAPH_FAMILIES, "tsp", *ARITHMETIC_FAMILIES, "factor")
FORMATS = ("problem_type", "dsl", "canonical")
BANDS = ("c2q", "large")
#: the largest encoding of the ``large`` band: exact statevector simulation on one machine
MAX_QUBITS = 24
#: C2|Q> sizes: the largest graph, TSP, operand width and factored number of the dataset
C2Q_MAX_NODES, C2Q_MAX_CITIES, C2Q_MAX_OPERAND_BITS, C2Q_MAX_FACTOR_BITS = 8, 6, 10, 6
#: what ``size`` may be, per family: nodes, cities, operand bits, bit length of n
SIZE_RANGE = {
    **dict.fromkeys(GRAPH_FAMILIES, (5, 24)),
    "tsp": (4, 10),
    **dict.fromkeys(ARITHMETIC_FAMILIES, (1, 10)),
    "factor": (3, 16),
}
#: sizes drawn per band when none are given
BAND_SIZES: dict[str, dict[str, tuple[int, ...]]] = {
    "c2q": {
        **dict.fromkeys(GRAPH_FAMILIES, (5, 6, 7, 8)),
        "tsp": (4, 5, 6),
        **dict.fromkeys(ARITHMETIC_FAMILIES, (2, 3, 10)),
        "factor": (4, 5, 6),
    },
    "large": {
        **dict.fromkeys(("maxcut", "mis", "vc", "clique"), (12, 16, 20, 24)),
        "kcolor": (10, 12),
        "tsp": (7, 8),
        "factor": (8, 10, 12),
    },
}
QUBIT_BANDS = ((8, "<=8"), (16, "9-16"), (24, "17-24"))
EDGE_PROBABILITIES = (0.3, 0.5, 0.7)
MAX_WEIGHT = 10
#: the DSL format's family names and goal texts, as in the dataset
DSL_NAMES = {
    "maxcut": "MaxCut", "mis": "MIS", "vc": "VC", "clique": "Clique", "kcolor": "KColor",
    "tsp": "TSP", "add": "ADD", "sub": "SUB", "mul": "MUL", "factor": "Factor",
}  # fmt: skip
DSL_GOALS = {
    "maxcut": "maximize cut value between two partitions of the graph",
    "mis": "find a maximum independent set of the graph",
    "vc": "find a minimum vertex cover of the graph",
    "clique": "find a maximum clique in the graph",
    "kcolor": "color the graph with as few conflicts as possible",
    "tsp": "minimise routing cost for a traveling salesman tour",
    "add": "add two {bits}-bit integers",
    "sub": "subtract two integers",
    "mul": "multiply two integers",
    "factor": "factor a {bits}-bit integer",
}
SHORT_FORMATS = {"problem_type": "pt", "dsl": "dsl", "canonical": "canon"}
#: redraws allowed before giving up (an excluded or over-sized draw is drawn again)
MAX_DRAWS = 1000


@dataclass
class Instance:
    """One generated instance.

    :param name: file stem, e.g. ``maxcut_08_01_dsl``.
    :param family: canonical family name.
    :param size: nodes, cities, operand bits (mul: the first operand's) or bit length of n.
    :param fmt: ``problem_type``, ``dsl`` or ``canonical``: the format of :attr:`spec`.
    :param band: ``c2q``, ``large`` or ``beyond`` (see the module docstring).
    :param qubits: binary variables of the family's encoding (graph families, TSP), else ``None``.
    :param params: how it was drawn (graph model, p, weights, k, metric, generator seed...).
    :param problem: the instance in c2q's canonical form, as generated: the ground truth.
    :param spec: the file's content, in :attr:`fmt`.
    """

    name: str
    family: str
    size: int
    fmt: str
    band: str
    qubits: int | None
    params: dict[str, Any]
    problem: dict[str, Any]
    spec: dict[str, Any] = field(repr=False)

    @property
    def qubit_band(self) -> str | None:
        """``<=8``, ``9-16``, ``17-24`` or ``>24`` from :attr:`qubits` (``None`` when unknown)."""
        return qubit_band(self.qubits)

    @property
    def relpath(self) -> str:
        """Where :func:`write_folder` puts the file: ``<band>/<family>/<name>.json``."""
        return f"{self.band}/{self.family}/{self.name}.json"


# ---------------------------------------------------------------- bands and qubits
def qubit_band(qubits: int | None) -> str | None:
    """The band of a number of qubits (binary variables): ``<=8``, ``9-16``, ``17-24`` or ``>24``."""
    if qubits is None:
        return None
    return next((name for top, name in QUBIT_BANDS if qubits <= top), f">{MAX_QUBITS}")


def code_bits(values: int) -> int:
    """Bits to write an integer in ``0..values-1`` (at least one)."""
    return max(1, math.ceil(math.log2(values))) if values > 1 else 1


def greedy_palette(nodes: int, edges: Sequence[Sequence[float]]) -> int:
    """Colours of networkx's greedy colouring (``largest_first``): the palette c2q's fewest-colours
    mode encodes (``c2q/problems/kcolor.py``)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(nodes))
    graph.add_edges_from((int(e[0]), int(e[1])) for e in edges)
    return max(1, len(set(nx.greedy_color(graph, strategy="largest_first").values())))


def encoded_qubits(problem: dict[str, Any]) -> int | None:
    """Binary variables of the family's encoding, from the problem alone.

    maxcut, mis, vc, clique: one per node; kcolor: ``nodes * ceil(log2 palette)`` (palette ``k``, or
    the greedy colouring's without it); tsp: ``(n-1) * ceil(log2(n-1))`` (binary position encoding,
    city 0 fixed). Arithmetic and factoring: ``None`` (circuit widths are c2q's choice; read them from
    the result's ``encoding.qubits``).
    """
    family = problem["family"]
    if family in ("maxcut", "mis", "vc", "clique"):
        return problem["graph"]["nodes"]
    if family == "kcolor":
        graph = problem["graph"]
        palette = problem.get("k") or greedy_palette(graph["nodes"], graph["edges"])
        return graph["nodes"] * code_bits(palette)
    if family == "tsp":
        cities = len(problem["distance_matrix"]) - 1
        return cities * code_bits(cities)
    return None


def size_band(family: str, size: int, qubits: int | None) -> str:
    """``c2q`` at C2|Q> sizes; ``large`` up to :data:`MAX_QUBITS` binary variables; else ``beyond``."""
    if family in ARITHMETIC_FAMILIES:
        return "c2q" if size <= C2Q_MAX_OPERAND_BITS else "beyond"
    if family == "factor":
        return "c2q" if size <= C2Q_MAX_FACTOR_BITS else "large"
    if size <= (C2Q_MAX_CITIES if family == "tsp" else C2Q_MAX_NODES):
        return "c2q"
    return "large" if qubits is not None and qubits <= MAX_QUBITS else "beyond"


# ---------------------------------------------------------------- drawing a problem
def _gnp(n: int, p: float, rng: np.random.Generator) -> list[tuple[int, int]]:
    """G(n, p) with no isolated node (redrawn until every node has an edge)."""
    upper = np.triu_indices(n, 1)
    for _ in range(MAX_DRAWS):
        keep = rng.random(len(upper[0])) < p
        edges = [(int(u), int(v)) for u, v in zip(upper[0][keep], upper[1][keep], strict=True)]
        if len({x for e in edges for x in e}) == n:
            return edges
    raise RuntimeError(f"G({n}, {p}): every draw had an isolated node")


def _regular3(n: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """A uniformly random simple 3-regular graph (pairing model with rejection; ``n`` even)."""
    if n % 2 or n < 4:
        raise ValueError(f"a 3-regular graph needs an even number of nodes >= 4, got {n}")
    for _ in range(MAX_DRAWS):
        points = rng.permutation(np.repeat(np.arange(n), 3)).reshape(-1, 2)
        edges = {(int(min(u, v)), int(max(u, v))) for u, v in points if u != v}
        if len(edges) == len(points):  # no self-loop, no repeated pair
            return sorted(edges)
    raise RuntimeError(f"no simple 3-regular graph on {n} nodes drawn")


def _graph(family: str, n: int, rng: np.random.Generator, band: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    model = "regular3" if n % 2 == 0 and rng.random() < 0.5 else "gnp"
    params: dict[str, Any] = {"model": model}
    if model == "gnp":
        params["p"] = float(rng.choice(EDGE_PROBABILITIES))
        pairs = _gnp(n, params["p"], rng)
    else:
        pairs = _regular3(n, rng)
    params["weighted"] = bool(rng.random() < 0.5)
    if params["weighted"]:
        weights = rng.integers(1, MAX_WEIGHT + 1, size=len(pairs))
        edges: list[list[int]] = [[u, v, int(w)] for (u, v), w in zip(pairs, weights, strict=True)]
    else:
        edges = [[u, v] for u, v in pairs]
    problem: dict[str, Any] = {"family": family, "graph": {"nodes": n, "edges": edges}}
    if family == "clique" and rng.random() < 0.5:
        problem["k"] = int(rng.integers(2, min(n, 6) + 1))
    if family == "kcolor" and rng.random() < 2 / 3:
        problem["k"] = int(rng.choice((3, 4) if band == "large" else (2, 3, 4)))
    params["k"] = problem.get("k")
    return problem, params


def _tsp(n: int, rng: np.random.Generator) -> tuple[dict[str, Any], dict[str, Any]]:
    metric = "euclidean" if rng.random() < 0.5 else "random"
    if metric == "euclidean":
        cells = rng.choice(100 * 100, size=n, replace=False)  # distinct integer points
        points = np.stack([cells // 100, cells % 100], axis=1)
        d = np.rint(np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))).astype(int)
    else:
        upper = np.triu(rng.integers(1, 101, size=(n, n)), 1)
        d = upper + upper.T
    return {"family": "tsp", "distance_matrix": d.tolist()}, {"metric": metric}


def _arithmetic(family: str, bits: int, fmt: str, rng: np.random.Generator) -> tuple[dict[str, Any], dict[str, Any]]:
    widths = [bits, bits]
    if family == "mul" and fmt != "dsl":  # the dataset's problem_type mul: a_bits >= b_bits
        widths[1] = int(rng.integers(min(2, bits), bits + 1))
    operands = [int(rng.integers(0, 2**w)) for w in widths]
    problem = {"family": family, "operands": operands, "bits": widths if widths[0] != widths[1] else bits}
    return problem, {"a_bits": widths[0], "b_bits": widths[1]}


def _factor(bits: int, rng: np.random.Generator) -> tuple[dict[str, Any], dict[str, Any]]:
    allow_prime = rng.random() < 0.15
    for _ in range(MAX_DRAWS):
        n = int(rng.integers(max(4, 2 ** (bits - 1)), 2**bits))
        if allow_prime or not _is_prime(n):
            return {"family": "factor", "n": n}, {"prime": _is_prime(n)}
    raise RuntimeError(f"no composite of {bits} bits drawn")


def _is_prime(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


def sample_problem(
    family: str, size: int, rng: np.random.Generator, fmt: str = "canonical", band: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Draw one problem in canonical form, and the parameters it was drawn with.

    :param family: one of :data:`FAMILIES`.
    :param size: nodes (graph families), cities (tsp), operand bits (add/sub/mul) or bit length of n.
    :param rng: the random generator; the draw is a function of its state.
    :param fmt: the format it will be written in (mul's widths follow the format, as in the dataset).
    :param band: ``large`` draws only k of 3 or 4 for k-colouring (two qubits per node).
    """
    low, high = SIZE_RANGE[family]
    if not low <= size <= high:
        raise ValueError(f"{family}: size {size} out of range {low}..{high}")
    if family in GRAPH_FAMILIES:
        return _graph(family, size, rng, band)
    if family == "tsp":
        return _tsp(size, rng)
    if family in ARITHMETIC_FAMILIES:
        return _arithmetic(family, size, fmt, rng)
    if family == "factor":
        return _factor(size, rng)
    raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")


# ---------------------------------------------------------------- writing a format
def _matrix(nodes: int, edges: Sequence[Sequence[int]]) -> list[list[int]]:
    m = [[0] * nodes for _ in range(nodes)]
    for edge in edges:
        u, v, w = edge[0], edge[1], edge[2] if len(edge) == 3 else 1
        m[u][v] = m[v][u] = w
    return m


def _weighted(problem: dict[str, Any]) -> bool:
    return any(len(e) == 3 for e in problem["graph"]["edges"])


def write_spec(problem: dict[str, Any], fmt: str, description: str = "") -> dict[str, Any]:
    """The problem as a spec file's content in ``fmt`` (``problem_type``, ``dsl`` or ``canonical``)."""
    family = problem["family"]
    if fmt == "canonical":
        return {**problem, "description": description} if description else dict(problem)
    if fmt == "problem_type":
        return {"problem_type": family, "data": _problem_type_data(problem)}
    if fmt != "dsl":
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    width = problem.get("bits", 10)
    goal_bits = max(width) if isinstance(width, list) else width
    if family == "factor":
        goal_bits = max(10, problem["n"].bit_length())
    goal = DSL_GOALS[family].format(bits=goal_bits)
    if family == "kcolor" and "k" in problem:
        goal = f"color the graph with {problem['k']} colors and as few conflicts as possible"
    elif family == "clique" and "k" in problem:
        goal = f"find a clique of size {problem['k']} in the graph"
    spec: dict[str, Any] = {"family": DSL_NAMES[family], "goal": goal}
    spec["description"] = description or f"Generated {DSL_NAMES[family]} instance"
    if family in GRAPH_FAMILIES:
        graph = problem["graph"]
        if _weighted(problem):
            instance: dict[str, Any] = {
                "graph_rep": "matrix",
                "graphs": {"G1": _matrix(graph["nodes"], graph["edges"])},
            }
        else:
            instance = {"graph_rep": "edge_list", "graphs": {"G1": [list(e) for e in graph["edges"]]}}
        if "k" in problem:
            instance["k"] = problem["k"]
    elif family == "tsp":
        instance = {"graph_rep": "matrix", "graphs": {"G1": problem["distance_matrix"]}}
    elif family == "factor":
        instance = {"n": problem["n"], "bits": goal_bits}
    else:
        instance = {"operands": problem["operands"], "bits": problem["bits"]}
        if isinstance(problem["bits"], list):
            instance = {"operands": problem["operands"], "a_bits": problem["bits"][0], "b_bits": problem["bits"][1]}
    spec["instance"] = instance
    return spec


def _problem_type_data(problem: dict[str, Any]) -> dict[str, Any]:
    family = problem["family"]
    if family in GRAPH_FAMILIES:
        data: dict[str, Any] = {"matrix": _matrix(problem["graph"]["nodes"], problem["graph"]["edges"])}
        if "k" in problem:
            data["k"] = problem["k"]
        return data
    if family == "tsp":
        return {"distance_matrix": problem["distance_matrix"]}
    if family == "factor":
        return {"n": problem["n"]}
    bits = problem["bits"]
    if family == "mul":
        a_bits, b_bits = bits if isinstance(bits, list) else (bits, bits)
        return {"operands": problem["operands"], "a_bits": a_bits, "b_bits": b_bits}
    return {"operands": problem["operands"], "bits": bits}


def generate(family: str, size: int, fmt: str, rng: np.random.Generator) -> dict[str, Any]:
    """One random spec of ``family`` at ``size`` in ``fmt`` (see :func:`sample_problem`)."""
    problem, _ = sample_problem(family, size, rng, fmt)
    return write_spec(problem, fmt)


# ---------------------------------------------------------------- reading the C2|Q> formats (exclusion)
def read_c2q(data: dict[str, Any]) -> dict[str, Any]:
    """A spec in any of the three formats as a canonical problem (for comparing problems).

    Written here, not taken from c2q, so that the exclusion of bundled problems does not depend on
    the parser under test. Repeated edges in an edge list count once.
    """
    if "problem_type" in data:
        family, body = str(data["problem_type"]).lower(), dict(data["data"])
        if family == "tsp":
            return {"family": "tsp", "distance_matrix": body["distance_matrix"]}
        if family in GRAPH_FAMILIES:
            return _graph_problem(family, _edges_of_matrix(body["matrix"]), len(body["matrix"]), body.get("k"))
        return _numbers_problem(family, body)
    if "instance" in data:
        family = next(f for f, name in DSL_NAMES.items() if name.lower() == str(data["family"]).lower())
        body = data["instance"]
        if family in GRAPH_FAMILIES or family == "tsp":
            (graph,) = body["graphs"].values()
            if family == "tsp":
                return {"family": "tsp", "distance_matrix": graph}
            if body["graph_rep"] == "matrix":
                return _graph_problem(family, _edges_of_matrix(graph), len(graph), body.get("k"))
            nodes = body.get("num_nodes", 1 + max(max(e[0], e[1]) for e in graph))
            return _graph_problem(family, graph, nodes, body.get("k"))
        return _numbers_problem(family, body)
    problem = {k: v for k, v in data.items() if k != "description"}
    if problem["family"] in GRAPH_FAMILIES:
        graph = problem["graph"]
        nodes = graph.get("nodes", 1 + max(max(e[0], e[1]) for e in graph["edges"]))
        return _graph_problem(problem["family"], graph["edges"], nodes, problem.get("k"))
    return problem


def _edges_of_matrix(matrix: Sequence[Sequence[float]]) -> list[list[float]]:
    return [[i, j, w] for i, row in enumerate(matrix) for j, w in enumerate(row) if j > i and w]


def _graph_problem(family: str, edges: Iterable[Sequence[float]], nodes: int, k: int | None) -> dict[str, Any]:
    unique: dict[tuple[int, int], float] = {}
    for e in edges:
        unique[(int(min(e[0], e[1])), int(max(e[0], e[1])))] = e[2] if len(e) == 3 else 1
    problem: dict[str, Any] = {
        "family": family,
        "graph": {"nodes": nodes, "edges": [[u, v, w] for (u, v), w in sorted(unique.items())]},
    }
    if k is not None:
        problem["k"] = k
    return problem


def _numbers_problem(family: str, body: dict[str, Any]) -> dict[str, Any]:
    if family == "factor":
        return {"family": "factor", "n": body["n"]}
    bits = [body["a_bits"], body["b_bits"]] if "a_bits" in body else body["bits"]
    return {"family": family, "operands": list(body["operands"]), "bits": bits}


def problem_key(problem: dict[str, Any]) -> str:
    """A string equal for two problems exactly when they are the same problem, whatever the format:
    graph edges sorted with their weights (1 when none), widths as ``[a_bits, b_bits]``, factor's
    optional ``bits`` left out."""
    family = problem["family"]
    if family in GRAPH_FAMILIES:
        graph = problem["graph"]
        edges = sorted((min(e[0], e[1]), max(e[0], e[1]), float(e[2] if len(e) == 3 else 1)) for e in graph["edges"])
        key: dict[str, Any] = {"family": family, "nodes": graph["nodes"], "edges": edges, "k": problem.get("k")}
    elif family == "tsp":
        key = {"family": family, "d": [[float(x) for x in row] for row in problem["distance_matrix"]]}
    elif family == "factor":
        key = {"family": family, "n": problem["n"]}
    else:
        bits = problem["bits"]
        key = {
            "family": family,
            "operands": problem["operands"],
            "bits": bits if isinstance(bits, list) else [bits] * 2,
        }
    return json.dumps(key, sort_keys=True)


def bundled_keys(folder: Path = DATA) -> set[str]:
    """:func:`problem_key` of every spec under ``folder`` (empty when the folder is absent)."""
    keys = set()
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        try:
            keys.add(problem_key(read_c2q(json.loads(path.read_text()))))
        except (KeyError, ValueError, TypeError, StopIteration, json.JSONDecodeError):
            continue  # not a problem spec of these families
    return keys


# ---------------------------------------------------------------- sets of instances
def _describe(family: str, params: dict[str, Any]) -> str:
    if family in GRAPH_FAMILIES:
        model = f"G(n, {params['p']})" if params["model"] == "gnp" else "random 3-regular"
        text = f"{model}, {'weighted' if params['weighted'] else 'unweighted'}"
        return text + (f", k = {params['k']}" if params.get("k") is not None else "")
    if family == "tsp":
        return "rounded Euclidean distances" if params["metric"] == "euclidean" else "random symmetric distances"
    if family == "factor":
        return "prime" if params["prime"] else "composite"
    return f"{params['a_bits']}- and {params['b_bits']}-bit operands"


def make_instance(
    family: str,
    size: int,
    index: int = 0,
    fmt: str = "canonical",
    seed: int = DEFAULT_SEED,
    exclude: set[str] | None = None,
    band: str | None = None,
) -> Instance:
    """Instance number ``index`` of ``family`` at ``size``: a function of these arguments alone.

    :param exclude: :func:`problem_key` values not to produce (the bundled problems); such a draw,
        and a draw over :data:`MAX_QUBITS` when ``band`` is ``large``, is drawn again.
    :param band: the band asked for; ``large`` keeps the encoding within :data:`MAX_QUBITS` qubits.
    """
    rng = np.random.default_rng([seed, zlib.crc32(family.encode()), size, index])
    for _ in range(MAX_DRAWS):
        problem, params = sample_problem(family, size, rng, fmt, band)
        qubits = encoded_qubits(problem)
        if exclude and problem_key(problem) in exclude:
            continue
        if band == "large" and qubits is not None and qubits > MAX_QUBITS:
            continue
        break
    else:
        raise RuntimeError(f"{family} size {size}: no admissible draw in {MAX_DRAWS}")
    params = {**params, "generator_seed": seed, "index": index}
    name = f"{family}_{size:02d}_{index:02d}_{SHORT_FORMATS[fmt]}"
    description = f"Generated by benchmarks/instances.py (seed {seed}): {_describe(family, params)}"
    spec = write_spec(problem, fmt, description)
    return Instance(name, family, size, fmt, size_band(family, size, qubits), qubits, params, problem, spec)


def generate_set(
    families: Sequence[str] = FAMILIES,
    bands: Sequence[str] = BANDS,
    instances: int = 3,
    seed: int = DEFAULT_SEED,
    formats: Sequence[str] = FORMATS,
    sizes: Sequence[int] | None = None,
    exclude: set[str] | None = None,
) -> list[Instance]:
    """``instances`` instances per (family, size) for each band.

    :param sizes: sizes for every family instead of :data:`BAND_SIZES` (sizes out of a family's
        range are skipped); the band is then computed from the size, and only ``bands`` are kept.
    :param formats: instance ``j`` at size ``s`` is written in ``formats[(j + s) % len(formats)]``,
        so that every format gets its share even with one instance per size.
    :param exclude: problem keys never to produce; default: the bundled C2|Q> problems.
    """
    exclude = bundled_keys() if exclude is None else exclude
    plan: list[tuple[str, int, str | None]] = []
    for family in families:
        if sizes is None:
            plan += [(family, s, band) for band in bands for s in BAND_SIZES[band].get(family, ())]
        else:
            low, high = SIZE_RANGE[family]
            plan += [(family, s, None) for s in sizes if low <= s <= high]
    result = []
    for family, size, band in plan:
        for j in range(instances):
            fmt = formats[(j + size) % len(formats)]
            instance = make_instance(family, size, j, fmt, seed, exclude, band)
            if instance.band in bands:
                result.append(instance)
    return result


def write_folder(instances: Sequence[Instance], out: Path) -> Path:
    """Write each spec to ``out/<band>/<family>/<name>.json`` and every instance (its canonical
    problem included) to ``out/manifest.json``; returns the manifest's path."""
    out.mkdir(parents=True, exist_ok=True)
    for instance in instances:
        path = out / instance.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(instance.spec) + "\n")
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps({"instances": [asdict(i) for i in instances]}, indent=1) + "\n")
    return manifest


def read_folder(folder: Path) -> list[Instance]:
    """The instances of a folder written by :func:`write_folder` (from its ``manifest.json``)."""
    entries = json.loads((folder / "manifest.json").read_text())["instances"]
    return [Instance(**entry) for entry in entries]


# ---------------------------------------------------------------- command line
@dataclass
class Args:
    """The command line: what to generate and where."""

    out: Path
    """folder for <band>/<family>/<name>.json and manifest.json"""
    families: tuple[str, ...] = FAMILIES
    """families to generate"""
    bands: tuple[str, ...] = BANDS
    """size bands: c2q (C2|Q> sizes), large (up to 24 binary variables), beyond (only with --sizes)"""
    instances: int = 3
    """instances per (family, size)"""
    formats: tuple[str, ...] = FORMATS
    """formats, taken in turn"""
    sizes: tuple[int, ...] | None = None
    """sizes for every family instead of each band's (nodes, cities, operand bits, bits of n)"""
    seed: int = DEFAULT_SEED
    """generator seed"""


def parse_args(argv: list[str] | None = None) -> Args:
    """Command-line arguments."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--families", nargs="+", choices=FAMILIES, default=list(FAMILIES))
    p.add_argument("--bands", nargs="+", choices=(*BANDS, "beyond"), default=list(BANDS))
    p.add_argument("--instances", type=int, default=Args.instances)
    p.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    p.add_argument("--sizes", nargs="+", type=int)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ns = p.parse_args(argv)
    sizes = tuple(ns.sizes) if ns.sizes else None
    return Args(ns.out, tuple(ns.families), tuple(ns.bands), ns.instances, tuple(ns.formats), sizes, ns.seed)


def main(argv: list[str] | None = None) -> int:
    """Generate the instances and write the folder."""
    args = parse_args(argv)
    instances = generate_set(args.families, args.bands, args.instances, args.seed, args.formats, args.sizes)
    manifest = write_folder(instances, args.out)
    counts: dict[tuple[str, str], int] = {}
    for instance in instances:
        counts[instance.band, instance.family] = counts.get((instance.band, instance.family), 0) + 1
    for (band, family), count in sorted(counts.items()):
        print(f"{band:>6}  {family:<7} {count}")
    print(f"{len(instances)} instances; manifest {manifest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
