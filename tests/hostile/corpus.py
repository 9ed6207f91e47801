"""The hostile corpus (issue 29): malformed, extreme and adversarial inputs and options for `c2q`.

Each :class:`Case` is one command line with the files it reads, and what must happen:

- ``refused``: exit 2 and exactly one line on stderr, ``c2q: error: ...``;
- ``answer``: exit 0 with an answer the run verified (``solve --json``: ``feasible`` true);
- ``clean``: exit 0 or 2, never a traceback (``validate``/``schema``/``--version`` and the like).

No case may leave a traceback, hang or exhaust memory. ``tests/test_hostile_corpus.py`` runs every
case in-process; ``benchmarks/hostile.py`` runs each as its own process under a memory limit and
records its time and peak memory. Large inputs are built here, not committed as files.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: a path inside the case's folder: ``{dir}/name``
DIR = "{dir}"


@dataclass(frozen=True)
class Case:
    """One hostile command line.

    :param name: unique, for test ids and result rows.
    :param args: ``c2q`` arguments; ``{dir}`` is the case's folder.
    :param files: file name -> content (``str`` written as UTF-8, ``bytes`` as they are).
    :param expect: ``refused``, ``answer`` or ``clean``.
    """

    name: str
    args: tuple[str, ...]
    files: dict[str, str | bytes] = field(default_factory=dict)
    expect: str = "refused"


def _spec(name: str, spec: Any, expect: str = "refused", *options: str) -> Case:
    text = spec if isinstance(spec, str | bytes) else json.dumps(spec, ensure_ascii=False)
    return Case(name, ("solve", f"{DIR}/spec.json", "--json", "--seed", "1", *options), {"spec.json": text}, expect)


PATH = [[0, 1], [1, 2]]
MATRIX = [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
TOUR = [[0, 2, 9], [2, 0, 6], [9, 6, 0]]

#: a valid instance of every family in the canonical format (small: each solves in well under a second)
CANONICAL = {
    "maxcut": {"family": "maxcut", "graph": {"edges": PATH}},
    "mis": {"family": "mis", "graph": {"edges": PATH}},
    "vc": {"family": "vc", "graph": {"edges": PATH}},
    "clique": {"family": "clique", "graph": {"edges": PATH}, "k": 2},
    "kcolor": {"family": "kcolor", "graph": {"edges": PATH}, "k": 2},
    "tsp": {"family": "tsp", "distance_matrix": TOUR},
    "add": {"family": "add", "operands": [3, 4], "bits": 3},
    "sub": {"family": "sub", "operands": [6, 4], "bits": 3},
    "mul": {"family": "mul", "operands": [3, 2], "bits": 2},
    "factor": {"family": "factor", "n": 15},
    "sat": {"family": "sat", "clauses": [[1, -2], [2, 3]]},
    "hubo": {
        "family": "hubo",
        "vartype": "spin",
        "variables": ["a", "b", "c"],
        "terms": [[["a", "b"], 1], [["a", "b", "c"], -2]],
    },
    "qubo-coefficients": {
        "family": "qubo",
        "vartype": "binary",
        "coefficients": {"(0, 1)": 2.0, "(2,)": -1, "()": 0.5},
    },
    "qubo-matrix": {"family": "qubo", "matrix": [[-1, 2], [0, -1]]},
    "dimod-bqm": {
        "type": "BinaryQuadraticModel",
        "version": {"bqm_schema": "3.0.0"},
        "use_bytes": False,
        "variable_labels": ["x", "y"],
        "variable_type": "SPIN",
        "offset": 0.5,
        "linear_biases": [1, -1],
        "quadratic_head": [0],
        "quadratic_tail": [1],
        "quadratic_biases": [2],
    },
    "model": {
        "family": "model",
        "sense": "max",
        "variables": [{"name": "x"}, {"name": "n", "type": "integer", "upper": 3}],
        "objective": {"linear": {"x": 2, "n": 1}},
        "constraints": [{"name": "cap", "linear": {"x": 2, "n": 1}, "relation": "<=", "rhs": 3}],
        "penalties": {"cap": 10},
    },
    "knapsack": {"family": "knapsack", "values": [3, 4, 5], "weights": [2, 3, 4], "capacity": 5},
    "numberpartition": {"family": "numberpartition", "numbers": [3, 1, 2]},
    "setcover": {"family": "setcover", "subsets": [[1, 2], [2, 3], [3]], "weights": [1, 2, 1], "universe": [1, 3]},
    "setpacking": {"family": "setpacking", "subsets": [[1, 2], [2, 3], [3]], "weights": [1, 2, 1]},
    "exactcover": {"family": "exactcover", "subsets": [[1, 2], [3], [2, 3]], "universe": [1, 2, 3]},
    "graphpartition": {"family": "graphpartition", "graph": {"edges": [*PATH, [2, 3]]}},
    "binpacking": {"family": "binpacking", "weights": [2, 1, 1], "capacity": 2, "bins": 2},
}
#: the same in the C2|Q> "problem_type" format
PROBLEM_TYPE = {
    "maxcut": {"problem_type": "maxcut", "data": {"matrix": MATRIX}},
    "mis": {"problem_type": "mis", "data": {"matrix": MATRIX}},
    "vc": {"problem_type": "vc", "data": {"matrix": MATRIX}},
    "clique": {"problem_type": "clique", "data": {"matrix": MATRIX, "k": 2}},
    "kcolor": {"problem_type": "kcolor", "data": {"matrix": MATRIX, "k": 2}},
    "tsp": {"problem_type": "tsp", "data": {"distance_matrix": TOUR}},
    "add": {"problem_type": "add", "data": {"operands": [3, 4], "bits": 3}},
    "sub": {"problem_type": "sub", "data": {"operands": [6, 4], "bits": 3}},
    "mul": {"problem_type": "mul", "data": {"operands": [3, 2], "bits": 2}},
    "factor": {"problem_type": "factor", "data": {"n": 15}},
}
#: and in the C2|Q> DSL format
DSL = {
    "maxcut": {"family": "MaxCut", "instance": {"graph_rep": "edge_list", "graphs": {"G1": PATH}}},
    "mis": {"family": "MIS", "instance": {"graph_rep": "edge_list", "graphs": {"G1": PATH}}},
    "vc": {"family": "VC", "instance": {"graph_rep": "edge_list", "graphs": {"G1": PATH}}},
    "clique": {"family": "Clique", "instance": {"graph_rep": "edge_list", "graphs": {"G1": PATH}, "k": 2}},
    "kcolor": {"family": "KColor", "instance": {"graph_rep": "edge_list", "graphs": {"G1": PATH}, "k": 2}},
    "tsp": {"family": "TSP", "instance": {"graph_rep": "adjacency_matrix", "graphs": {"G1": TOUR}}},
    "add": {"family": "ADD", "instance": {"operands": [3, 4], "bits": 3}},
    "sub": {"family": "SUB", "instance": {"operands": [6, 4], "bits": 3}},
    "mul": {"family": "MUL", "instance": {"operands": [3, 2], "bits": 2}},
    "factor": {"family": "Factor", "instance": {"n": 15}},
}

#: values that fit no field: wrong types, non-finite and absurd magnitudes, deep and long structures
BAD_VALUES: dict[str, Any] = {
    "string": "seven",
    "null": None,
    "bool": True,
    "empty-list": [],
    "object": {"a": 1},
    "negative": -5,
    "float": 2.5,
    "huge": 10**40,
    "list-of-strings": ["a", "b"],
}


def _field_mutations() -> Iterator[Case]:
    """Every top-level field of every family, in every format, replaced by every bad value."""
    for fmt, templates in (("canon", CANONICAL), ("pt", PROBLEM_TYPE), ("dsl", DSL)):
        for family, template in templates.items():
            body_key = {"canon": None, "pt": "data", "dsl": "instance"}[fmt]
            body = template if body_key is None else template[body_key]
            for key in [k for k in body if k not in ("family", "graph_rep")]:
                for label, value in BAD_VALUES.items():
                    if _valid_replacement(family, key, label):
                        continue
                    spec = json.loads(json.dumps(template))
                    (spec if body_key is None else spec[body_key])[key] = value
                    yield _spec(f"{fmt}-{family}-{key}-{label}", spec)


def _valid_replacement(family: str, key: str, label: str) -> bool:
    """Replacements that leave a valid spec (or one another corpus case covers)."""
    if family in ("hubo", "dimod-bqm"):  # optional variable names; any number is an offset; other labels
        return (key, label) in {("variables", "null"), ("offset", "float"), ("offset", "negative")} or (
            key == "variable_labels" and label == "list-of-strings"
        )
    optional = {"variables", "penalties", "universe", "bins"}  # null: the default
    if key in optional and label == "null":
        return True
    if family == "model":  # no constraints at all is a model too; capacity and numbers take any finite number
        return (key, label) == ("constraints", "empty-list")
    if family in ("setcover", "setpacking", "exactcover") and key == "weights" and label == "null":
        return True
    if family in ("knapsack", "numberpartition", "binpacking"):
        return (key, label) in {("capacity", "float")}
    return (key, label) in {("k", "null"), ("bits", "null")} and family != "add"


def _structure() -> Iterator[Case]:
    yield _spec("missing-family", {"graph": {"edges": PATH}})
    yield _spec("unknown-family", {"family": "vehicle-routing", "graph": {"edges": PATH}})
    yield _spec("family-number", {"family": 3, "graph": {"edges": PATH}})
    yield _spec("top-level-list", [1, 2, 3])
    yield _spec("top-level-string", '"maxcut"')
    yield _spec("empty-object", {})
    yield _spec("empty-file", "")
    yield _spec("whitespace-file", "   \n\t ")
    yield _spec("truncated-json", '{"family": "maxcut", "graph": {"edges": [[0, 1]')
    yield _spec("trailing-comma", '{"family": "maxcut", "graph": {"edges": [[0, 1],]}}')
    yield _spec("single-quotes", "{'family': 'maxcut'}")
    yield _spec("duplicate-family-key", '{"family": "maxcut", "family": "mis", "graph": {"edges": [[0, 1]]}}')
    yield _spec("duplicate-nested-key", '{"family": "maxcut", "graph": {"edges": [[0, 1]], "edges": [[1, 2]]}}')
    yield _spec("nan-literal", '{"family": "maxcut", "graph": {"edges": [[0, 1, NaN]]}}')
    yield _spec("infinity-literal", '{"family": "maxcut", "graph": {"edges": [[0, 1, Infinity]]}}')
    yield _spec("overflow-float", '{"family": "maxcut", "graph": {"edges": [[0, 1, 1e999]]}}')
    yield _spec("5000-digit-weight", '{"family": "maxcut", "graph": {"edges": [[0, 1, ' + "9" * 5000 + "]]}}")
    yield _spec("400-digit-weight", {"family": "maxcut", "graph": {"edges": [[0, 1, int("9" * 400)]]}})
    yield _spec(
        "400-digit-distance", {"family": "tsp", "distance_matrix": [[0, int("9" * 400), 1], [1, 0, 1], [1, 1, 0]]}
    )
    yield _spec(
        "weights-1e308", {"family": "maxcut", "graph": {"edges": [[0, 1, 1e308], [1, 2, 1e308], [0, 2, 1e308]]}}
    )
    yield _spec(
        "tsp-1e308", {"family": "tsp", "distance_matrix": [[0, 1e308, 1e308], [1e308, 0, 1e308], [1e308, 1e308, 0]]}
    )
    yield _spec("tsp-negative", {"family": "tsp", "distance_matrix": [[0, -1, 1], [-1, 0, 1], [1, 1, 0]]})
    yield _spec("tsp-not-square", {"family": "tsp", "distance_matrix": [[0, 1], [1, 0, 1], [1, 1, 0]]})
    yield _spec("tsp-two-cities", {"family": "tsp", "distance_matrix": [[0, 1], [1, 0]]})
    yield _spec("tsp-no-tour", {"family": "tsp", "distance_matrix": [[0, 1, None], [1, 0, None], [None, None, 0]]})
    yield _spec("nested-6000", '{"family": "maxcut", "graph": ' + "[" * 6000 + "]" * 6000 + "}")
    yield _spec("nested-100000", '{"family": "maxcut", "graph": ' + "[" * 100000 + "]" * 100000 + "}")
    yield _spec("nested-objects", '{"family": "maxcut", "graph": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + "}")
    yield _spec("nodes-1e9", {"family": "maxcut", "graph": {"nodes": 10**9, "edges": [[0, 1]]}})
    yield _spec("nodes-1e8", {"family": "maxcut", "graph": {"nodes": 10**8, "edges": [[0, 1]]}})
    yield _spec("nodes-1e5", {"family": "maxcut", "graph": {"nodes": 10**5, "edges": [[0, 1]]}})
    yield _spec("node-index-1e12", {"family": "maxcut", "graph": {"edges": [[0, 10**12]]}})
    yield _spec("node-index-negative", {"family": "maxcut", "graph": {"edges": [[-1, 2]]}})
    yield _spec("nodes-zero", {"family": "maxcut", "graph": {"nodes": 0, "edges": [[0, 1]]}})
    yield _spec("nodes-too-few", {"family": "maxcut", "graph": {"nodes": 2, "edges": [[0, 5]]}})
    yield _spec("self-loop", {"family": "maxcut", "graph": {"edges": [[1, 1]]}})
    yield _spec("no-edges", {"family": "maxcut", "graph": {"edges": []}})
    yield _spec("edge-one-node", {"family": "maxcut", "graph": {"edges": [[0]]}})
    yield _spec("edge-four-entries", {"family": "maxcut", "graph": {"edges": [[0, 1, 2, 3]]}})
    yield _spec("edge-string-weight", {"family": "maxcut", "graph": {"edges": [[0, 1, "heavy"]]}})
    yield _spec("edge-float-node", {"family": "maxcut", "graph": {"edges": [[0, 1.5]]}})
    yield _spec("edge-bool-node", {"family": "maxcut", "graph": {"edges": [[True, False]]}})
    yield _spec("zero-weight-maxcut", {"family": "maxcut", "graph": {"edges": [[0, 1, 0]]}})
    yield _spec("negative-weight-mis", {"family": "mis", "graph": {"edges": [[0, 1, -2]]}})
    yield _spec("conflicting-repeat", {"family": "maxcut", "graph": {"edges": [[0, 1, 1], [1, 0, 2]]}})
    yield _spec("labels-too-few", {"family": "maxcut", "graph": {"edges": PATH, "labels": ["a"]}})
    yield _spec("labels-repeated", {"family": "maxcut", "graph": {"edges": PATH, "labels": ["a", "a", "b"]}})
    yield _spec("label-10k-chars", {"family": "maxcut", "graph": {"edges": PATH, "labels": ["a" * 10_000, "b", "c"]}})
    yield _spec("label-object", {"family": "maxcut", "graph": {"edges": PATH, "labels": [{"x": 1}, "b", "c"]}})
    yield _spec("description-1MB", {**CANONICAL["maxcut"], "description": "x" * 2**20})
    yield _spec("unknown-field", {**CANONICAL["maxcut"], "colour": "red"})
    yield _spec("k-too-large", {"family": "clique", "graph": {"edges": PATH}, "k": 99})
    yield _spec("k-zero", {"family": "kcolor", "graph": {"edges": PATH}, "k": 0})
    yield _spec("operand-too-wide", {"family": "add", "operands": [300, 1], "bits": 3})
    yield _spec("bits-1000", {"family": "mul", "operands": [3, 2], "bits": 1000})
    yield _spec("bits-zero", {"family": "add", "operands": [0, 0], "bits": 0})
    yield _spec("operands-three", {"family": "add", "operands": [1, 2, 3], "bits": 3})
    yield _spec("mul-a-bits-only", {"family": "mul", "operands": [3, 2], "a_bits": 2})
    yield _spec("mul-bits-and-a-bits", {"family": "mul", "operands": [3, 2], "bits": 2, "a_bits": 2, "b_bits": 2})
    yield _spec("factor-huge", {"family": "factor", "n": 10**30})
    yield _spec("factor-zero", {"family": "factor", "n": 0})
    yield _spec("factor-bits-too-small", {"family": "factor", "n": 15, "bits": 2})
    yield _spec("sat-literal-zero", {"family": "sat", "clauses": [[1, 0]]})
    yield _spec("sat-empty-clause", {"family": "sat", "clauses": [[1], []]})
    yield _spec("sat-no-clauses", {"family": "sat", "clauses": []})
    yield _spec("sat-100-variables", {"family": "sat", "clauses": [[100]]})
    yield _spec("sat-200k-clauses", {"family": "sat", "clauses": [[1]] * 200_000})
    yield _spec("pt-matrix-not-symmetric", {"problem_type": "maxcut", "data": {"matrix": [[0, 1], [0, 0]]}})
    yield _spec("pt-matrix-ragged", {"problem_type": "maxcut", "data": {"matrix": [[0, 1], [1]]}})
    yield _spec("pt-matrix-diagonal", {"problem_type": "maxcut", "data": {"matrix": [[1, 1], [1, 0]]}})
    yield _spec("pt-unknown-type", {"problem_type": "knapsack", "data": {}})
    yield _spec("pt-no-data", {"problem_type": "maxcut"})
    yield _spec("dsl-no-goal-no-family", {"instance": {"graph_rep": "edge_list", "graphs": {"G1": PATH}}})
    yield _spec("dsl-unknown-rep", {"family": "MaxCut", "instance": {"graph_rep": "tree", "graphs": {"G1": PATH}}})
    yield _spec("dsl-no-graphs", {"family": "MaxCut", "instance": {"graph_rep": "edge_list"}})


def _big() -> Iterator[Case]:
    """Sizes past every method, written compactly: refused at reading, fast, without a blow-up."""
    edges = [[i, (i * 7 + 1) % 3000] for i in range(20_000) if i != (i * 7 + 1) % 3000]
    yield _spec("graph-3000-nodes-20k-edges", {"family": "maxcut", "graph": {"nodes": 3000, "edges": edges}})
    many = [[i % 5000, (i * 13 + 1) % 5000] for i in range(150_000) if i % 5000 != (i * 13 + 1) % 5000]
    yield _spec("graph-150k-edges", {"family": "maxcut", "graph": {"edges": many}})
    yield _spec(
        "file-17MiB", '{"family": "maxcut", "graph": {"edges": [[0, 1]]}, "description": "' + "x" * (17 * 2**20) + '"}'
    )
    yield _spec(
        "complete-400",
        {"family": "maxcut", "graph": {"edges": [list(e) for e in itertools.combinations(range(400), 2)][:50_000]}},
    )
    yield _spec("tsp-1500-cities", {"family": "tsp", "distance_matrix": [[1] * 3] * 1500})


def _files() -> Iterator[Case]:
    valid = json.dumps(CANONICAL["maxcut"])
    yield _spec("bom", b"\xef\xbb\xbf" + valid.encode(), "answer")
    yield _spec(
        "latin-1", '{"family": "maxcut", "graph": {"edges": [[0, 1]]}, "description": "caf\xe9"}'.encode("latin-1")
    )
    yield _spec("utf-16", valid.encode("utf-16"))
    yield _spec("binary-garbage", bytes(range(256)) * 4)
    yield _spec("nul-bytes", b"\x00" * 64)
    yield Case("missing-file", ("solve", f"{DIR}/nope.json"))
    yield Case("directory-without-specs", ("solve", DIR, "--seed", "1"), {"README.txt": "nothing here"}, "clean")
    yield Case("cnf-bad-header", ("solve", f"{DIR}/f.cnf"), {"f.cnf": "p dnf 3 2\n1 -2 0\n"})
    yield Case("cnf-literal-out-of-range", ("solve", f"{DIR}/f.cnf"), {"f.cnf": "p cnf 2 1\n1 5 0\n"})
    yield Case("cnf-garbage", ("solve", f"{DIR}/f.cnf"), {"f.cnf": "hello world\n"})
    lp = "Maximize\n obj: 2 x + n\nSubject To\n cap: 2 x + n <= 3\nBounds\n n <= 3\nBinary\n x\nGeneral\n n\nEnd\n"
    yield Case("lp-valid", ("solve", f"{DIR}/m.lp", "--json", "--seed", "1"), {"m.lp": lp}, "answer")
    yield Case("lp-garbage", ("solve", f"{DIR}/m.lp"), {"m.lp": "hello world\n"})
    yield Case("lp-binary-garbage", ("solve", f"{DIR}/m.lp"), {"m.lp": bytes(range(256)) * 4})
    yield Case("lp-continuous", ("solve", f"{DIR}/m.lp"), {"m.lp": lp.replace(" x\nGeneral", " \nGeneral")})
    yield Case("lp-unbounded-integer", ("solve", f"{DIR}/m.lp"), {"m.lp": lp.replace(" n <= 3\n", "")})
    yield Case("lp-coefficient-1e400", ("solve", f"{DIR}/m.lp"), {"m.lp": lp.replace("2 x + n <= 3", "1e400 x <= 3")})
    yield Case("lp-deep-brackets", ("solve", f"{DIR}/m.lp"), {"m.lp": "Minimize\n" + "[" * 5000 + "\nEnd\n"})
    many = "Minimize\n obj: " + " + ".join(f"x{i}" for i in range(20_000)) + "\nBinary\n"
    yield Case("lp-20k-variables", ("solve", f"{DIR}/m.lp"), {"m.lp": many + " ".join(f"x{i}" for i in range(20_000))})
    yield Case("py-syntax-error", ("solve", f"{DIR}/p.py"), {"p.py": "def f(:\n"})
    yield Case(
        "py-200k-terms", ("solve", f"{DIR}/p.py"), {"p.py": "def f(x):\n    return " + "+".join(["x"] * 200_000) + "\n"}
    )
    yield Case("py-deep-parens", ("solve", f"{DIR}/p.py"), {"p.py": "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"})
    yield Case("py-2MiB", ("solve", f"{DIR}/p.py"), {"p.py": "# " + "x" * (2 * 2**20) + "\n"})
    yield Case("py-nothing-recognised", ("solve", f"{DIR}/p.py"), {"p.py": "print('hello')\n"})
    side_effects = (
        "import os\nos.system('touch {dir}/ran')\nopen('{dir}/ran', 'w').write('x')\n"
        "edges = [(0, 1), (1, 2)]\n__import__('os').system('touch {dir}/ran')\n"
        "def max_cut(edges):\n    exec(\"open('{dir}/ran', 'w')\")\n    return 0\nmax_cut(edges)\n"
    )
    yield Case("py-side-effects-never-run", ("solve", f"{DIR}/p.py", "--seed", "1"), {"p.py": side_effects}, "clean")
    yield Case("py-binary", ("solve", f"{DIR}/p.py"), {"p.py": bytes(range(256))})


def _options() -> Iterator[Case]:
    spec = {"spec.json": json.dumps(CANONICAL["maxcut"])}

    def option(name: str, *args: str, expect: str = "refused") -> Case:
        return Case(name, ("solve", f"{DIR}/spec.json", *args), spec, expect)

    yield option("seed-negative", "--seed", "-1")
    yield option("seed-2^70", "--seed", str(2**70))
    yield option("seed-text", "--seed", "abc")
    yield option("shots-zero", "--shots", "0")
    yield option("shots-negative", "--shots", "-5")
    yield option("shots-1e12", "--shots", str(10**12))
    yield option("reps-zero", "--reps", "0")
    yield option("reps-100000", "--reps", "100000")
    yield option("cvar-zero", "--cvar-alpha", "0")
    yield option("cvar-two", "--cvar-alpha", "2")
    yield option("cvar-nan", "--cvar-alpha", "nan")
    yield option("maxiter-zero", "--maxiter", "0")
    yield option("maxiter-below-cobyla", "--optimizer", "cobyla", "--maxiter", "5", "--seed", "1")
    yield option("backend-unknown", "--backend", "quantum:toaster")
    yield option("backend-stabilizer", "--backend", "aer:stabilizer", "--seed", "1")
    yield option("backend-fake-unknown", "--backend", "fake_nowhere")
    yield option("encoding-unknown", "--encoding", "trinary")
    yield option("algorithm-grover-on-maxcut", "--algorithm", "grover")
    yield option("algorithm-arithmetic-on-maxcut", "--algorithm", "arithmetic")
    yield option("postprocess-unknown", "--postprocess", "magic")
    yield option("out-missing-folder", "--out", "/nonexistent/folder/r.json")
    yield option("out-is-a-folder", "--out", DIR)
    yield option("report-bad-suffix", "--report", f"{DIR}/r.docx")
    yield option("ansatz-unknown", "--ansatz", "magic")
    yield option("workers-single-spec", "--workers", "2")
    yield option("time-limit-negative", "--classical-time-limit", "-1")
    yield option("valid-with-out", "--seed", "1", "--json", "--out", f"{DIR}/r.json", expect="answer")
    for name, args in {
        "train-seed-negative": ("--seed", "-1"),
        "train-seed-2^40": ("--seed", str(2**40)),
        "train-qubits-zero": ("--qubits", "0"),
        "train-steps-negative": ("--steps", "-5"),
        "train-max-gates-zero": ("--max-gates", "0"),
        "train-unknown-hamiltonian": ("--hamiltonian", "nope", "--steps", "1"),
        "train-threshold-negative": ("--threshold", "-1", "--steps", "1"),
    }.items():
        yield Case(name, ("train", *args, "--out", f"{DIR}/run", "--no-progress"))
    yield Case("grl-rounds-zero", ("grl", "--rounds", "0", "--out", f"{DIR}/run"))
    yield Case("grl-seed-negative", ("grl", "--seed", "-3", "--out", f"{DIR}/run"))
    yield Case("version", ("--version",), expect="clean")
    yield Case("no-command", (), expect="clean")
    yield Case("unknown-command", ("fly",), expect="clean")
    yield Case("schema", ("schema",), expect="clean")
    yield Case("validate-duplicate-key", ("validate", f"{DIR}/d.json"), {"d.json": '{"family": "a", "family": "b"}'})
    yield Case(
        "validate-nodes-1e9",
        ("validate", f"{DIR}/d.json"),
        {"d.json": json.dumps({"family": "maxcut", "graph": {"nodes": 10**9, "edges": [[0, 1]]}})},
    )


def _valid() -> Iterator[Case]:
    """Valid inputs at the edges of what is accepted: each must be answered, and verified."""
    for family, spec in CANONICAL.items():
        yield _spec(f"valid-canon-{family}", spec, "answer")
    yield _spec(
        "repeated-edge-same-weight", {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 0], [1, 2]]}}, "answer"
    )
    yield _spec("unicode-labels", {"family": "mis", "graph": {"edges": PATH, "labels": ["ü", "東京", "🙂"]}}, "answer")
    yield _spec(
        "tsp-labels", {"family": "tsp", "distance_matrix": TOUR, "labels": ["Zürich", "Bern", "Genève"]}, "answer"
    )
    yield _spec("isolated-nodes", {"family": "maxcut", "graph": {"nodes": 22, "edges": [[0, 1]]}}, "answer")
    yield _spec("weights-at-limit", {"family": "maxcut", "graph": {"edges": [[0, 1, 1e9], [1, 2, -1e9]]}}, "answer")
    yield _spec("factor-899", {"family": "factor", "n": 899}, "answer")
    yield _spec("prime-factor", {"family": "factor", "n": 13}, "answer")
    yield _spec("unsatisfiable", {"family": "sat", "clauses": [[1], [-1]]}, "answer")
    yield _spec("mul-a-bits-b-bits", {"family": "mul", "operands": [5, 6], "a_bits": 3, "b_bits": 3}, "answer")
    yield _spec("negative-operands", {"family": "sub", "operands": [-3, 5], "bits": 3}, "answer")
    yield _spec("tsp-one-way", {"family": "tsp", "distance_matrix": [[0, 1, 9], [9, 0, 1], [1, 9, 0]]}, "answer")


def cases() -> list[Case]:
    """The whole corpus, names unique."""
    corpus = [*_field_mutations(), *_structure(), *_big(), *_files(), *_options(), *_valid()]
    names = [case.name for case in corpus]
    assert len(names) == len(set(names)), "corpus case names must be unique"
    return corpus
