"""The code-parse benchmark's own machinery: CSV unescaping, the sandboxed call capture, and the
comparison of a parsed spec with what a program really called (benchmarks/code_parse.py)."""

from __future__ import annotations

import csv
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from code_parse import (
    check_answer,
    compare_call,
    confusion,
    instance_outcome,
    read_snippets,
    strip_names,
    unescape_cell,
)
from sandbox_capture import Call, Capture, GraphValue, capture, from_jsonable, to_jsonable


def call(*args: object, **kwargs: object) -> Call:
    """A recorded call with positional arguments named a0, a1, ... and keyword ones by name."""
    arguments = [(f"a{i}", v) for i, v in enumerate(args)] + list(kwargs.items())
    return Call(function="f", line=1, depth=1, arguments=arguments)


def graph_spec(family: str, nodes: int, edges: list[list], **extra: object) -> dict:
    return {"family": family, "graph": {"nodes": nodes, "edges": edges}, **extra}


# ---- reading the CSV -----------------------------------------------------------------------------
def test_unescape_backslash_n_and_tab() -> None:
    assert unescape_cell(r"def f(a):\n\treturn a\nprint(f(1))") == "def f(a):\n\treturn a\nprint(f(1))"


def test_unescape_wrapped_in_quotes_with_escaped_quotes() -> None:
    cell = r'"x = 1\nprint(f\"value {x}\")"'
    assert unescape_cell(cell) == 'x = 1\nprint(f"value {x}")'


def test_unescape_escaped_backslash_stays_a_backslash() -> None:
    # the program had print("a\nb"): stored as print(\"a\\nb\")
    assert unescape_cell(r"print(\"a\\nb\")") == r'print("a\nb")'
    assert unescape_cell(r"x = '\d'") == r"x = '\d'"  # an unknown escape is kept as it is


def test_unescape_leaves_cells_with_real_newlines_alone() -> None:
    cell = 'x = "a\\nb"\nprint(x)'
    assert unescape_cell(cell) == cell


def test_read_snippets_maps_families(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["code_snippet", "label", "family"])
        writer.writerow([r"a, b = 1, 2\nprint(a + b)", "6", "ADD"])
        writer.writerow([r'"import networkx as nx\nG = nx.Graph()"', "0", "MaxCut"])
    rows = list(read_snippets(path))
    assert rows == [(0, "add", "a, b = 1, 2\nprint(a + b)"), (1, "maxcut", "import networkx as nx\nG = nx.Graph()")]


def test_read_snippets_refuses_an_unknown_family(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("code_snippet,label,family\nx = 1,11,Knapsack\n")
    with pytest.raises(ValueError, match="Knapsack"):
        list(read_snippets(path))


# ---- serialisation -------------------------------------------------------------------------------
def test_json_round_trip_keeps_types() -> None:
    import json

    value = {1: (2, 3.5), "a": {4, 5}, (0, 1): [float("inf"), None, True]}
    assert from_jsonable(json.loads(json.dumps(to_jsonable(value)))) == {
        1: (2, 3.5),
        "a": frozenset({4, 5}),
        (0, 1): [float("inf"), None, True],
    }


def test_recorded_graph_round_trip() -> None:
    import json

    graph = GraphValue(nodes=["a", "b"], edges=[("a", "b", 2.5)], directed=False)
    data = to_jsonable(graph)
    assert data == {"graph_nodes": ["a", "b"], "graph_edges": [["a", "b", 2.5]], "directed": False}
    assert from_jsonable(json.loads(json.dumps(data))) == graph


# ---- the sandbox ---------------------------------------------------------------------------------
def run(source: str, timeout: float = 10.0) -> Capture:
    return capture(textwrap.dedent(source), timeout=timeout)


def test_capture_networkx_graph_argument() -> None:
    cap = run(
        """
        import networkx as nx
        def cut(G):
            return G.number_of_edges()
        G = nx.Graph()
        G.add_weighted_edges_from([(0, 1, 2.5), (1, 2, 1)])
        G.add_node(7)
        print(cut(G))
        """
    )
    assert cap.error is None and len(cap.calls) == 1
    ((name, graph),) = cap.calls[0].arguments
    assert name == "G" and cap.calls[0].value == 2
    assert graph == GraphValue(nodes=[0, 1, 2, 7], edges=[(0, 1, 2.5), (1, 2, 1)], directed=False)


def test_capture_edge_list_and_int_at_call_time_only_from_module_level() -> None:
    cap = run(
        """
        def helper(x):
            return x
        def solve(n, edges):
            edges.append((9, 9))  # mutated after the call: the record is from call time
            return helper(n)
        edges = [(0, 1), (1, 2)]
        result = solve(3, edges)
        """
    )
    assert [(c.function, c.arguments, c.value) for c in cap.calls] == [
        ("solve", [("n", 3), ("edges", [(0, 1), (1, 2)])], 3)
    ]


def test_capture_two_ints_keywords_and_a_main_driver() -> None:
    cap = run(
        """
        def add(a, b, *, carry=0):
            return a + b + carry
        def main():
            print(add(19, 23))
        if __name__ == "__main__":
            main()
        """
    )
    assert [(c.function, c.depth, c.arguments) for c in cap.calls] == [
        ("main", 1, []),
        ("add", 2, [("a", 19), ("b", 23), ("carry", 0)]),
    ]
    assert cap.calls[1].value == 42


def test_capture_no_call_error_and_raised_call() -> None:
    assert run("def f(x):\n    return x\nprint('nothing')\n").no_call
    crashed = run("def f(n, e):\n    return n\nedges = [(0, 1)]\nf(n, edges)\n")
    assert crashed.error == "NameError: name 'n' is not defined" and crashed.error_line == 4 and not crashed.calls
    raised = run("def f(x):\n    return 1 / x\nf(0)\n")
    assert raised.calls[0].raised and raised.error.startswith("ZeroDivisionError")


def test_capture_timeout_keeps_the_calls_made_before() -> None:
    cap = run("def spin(n):\n    while True:\n        n += 1\nspin(5)\n", timeout=1.0)
    assert cap.timed_out and cap.error.startswith("timeout")
    assert [c.arguments for c in cap.calls] == [[("n", 5)]]


def test_capture_memory_limit() -> None:
    cap = run("def f(n):\n    return n\nf(1)\nx = bytearray(3 * 1024**3)\n")
    assert cap.calls[0].value == 1 and cap.error.startswith("MemoryError")


def test_capture_discards_the_snippet_output_and_runs_in_a_temp_dir() -> None:
    cap = run(
        """
        import os
        def f(d):
            return d
        print('{"event": "call"}' * 1000)
        f(os.getcwd())
        """
    )
    assert len(cap.calls) == 1 and "c2q-snippet-" in cap.calls[0].value


# ---- comparison ----------------------------------------------------------------------------------
SQUARE = [[0, 1], [1, 2], [2, 3], [3, 0]]


def test_graph_match_networkx_edge_list_matrix_and_adjacency() -> None:
    spec = graph_spec("maxcut", 4, SQUARE)
    nx_graph = GraphValue(
        nodes=[0, 1, 2, 3], edges=[(0, 1, None), (1, 2, None), (2, 3, None), (3, 0, None)], directed=False
    )
    assert compare_call(spec, call(nx_graph))[0]
    assert compare_call(spec, call([(0, 1), (1, 2), (2, 3), (3, 0)], 4))[0]
    assert compare_call(spec, call(4, [(1, 0), (2, 1), (3, 2), (0, 3)]))[0]
    matrix = [[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]]
    assert compare_call(spec, call(matrix))[0]
    assert compare_call(spec, call({0: [1, 3], 1: [0, 2], 2: [1, 3], 3: [2, 0]}))[0]


def test_graph_mismatch_edges_nodes_and_weights() -> None:
    spec = graph_spec("mis", 4, SQUARE)
    ok, why = compare_call(spec, call([(0, 1), (1, 2), (2, 3)], 4))
    assert not ok and why.startswith("edges differ")
    ok, why = compare_call(spec, call([(0, 1), (1, 2), (2, 3), (3, 0)], 6))  # two isolated nodes
    assert not ok and why.startswith("nodes differ")
    assert compare_call(graph_spec("mis", 6, SQUARE), call([(0, 1), (1, 2), (2, 3), (3, 0)], 6))[0]
    weighted = graph_spec("maxcut", 3, [[0, 1, 2.0], [1, 2]])
    assert compare_call(weighted, call([(0, 1, 2), (1, 2, 1)]))[0]
    assert not compare_call(weighted, call([(0, 1, 3), (1, 2, 1)]))[0]
    assert not compare_call(spec, call(7, 8))[0]


def test_graph_labels_and_node_lists() -> None:
    spec = {"family": "vc", "graph": {"nodes": 3, "edges": [[0, 1], [1, 2]], "labels": ["a", "b", "c"]}}
    assert compare_call(spec, call([("a", "b"), ("b", "c")]))[0]
    assert not compare_call(spec, call([("a", "b"), ("b", "d")]))[0]
    spec = graph_spec("mis", 5, [[0, 1], [1, 2], [2, 3]])
    assert compare_call(spec, call([0, 1, 2, 3, 4], [(0, 1), (1, 2), (2, 3)]))[0]
    assert not compare_call(spec, call([0, 1, 2, 3], [(0, 1), (1, 2), (2, 3)]))[0]


def test_k_of_kcolor_and_clique() -> None:
    spec = graph_spec("kcolor", 4, SQUARE, k=3)
    assert compare_call(spec, call(4, [(0, 1), (1, 2), (2, 3), (3, 0)], 3))[0]
    ok, why = compare_call(spec, call(4, [(0, 1), (1, 2), (2, 3), (3, 0)], 2))
    assert not ok and why.startswith("k differs")
    nx_graph = GraphValue(nodes=[0, 1, 2, 3], edges=[(e[0], e[1], None) for e in SQUARE], directed=False)
    assert compare_call(spec, call(nx_graph, 3))[0]
    assert compare_call(graph_spec("clique", 4, SQUARE, k=2), call(nx_graph, k=2))[0]


def test_tsp_matrix_points_and_graph() -> None:
    matrix = [[0, 10, 15], [10, 0, 35], [15, 35, 0]]
    spec = {"family": "tsp", "distance_matrix": matrix}
    assert compare_call(spec, call(matrix))[0]
    assert not compare_call(spec, call([[0, 10, 15], [10, 0, 36], [15, 36, 0]]))[0]
    points = {0: (0.0, 0.0), 1: (3.0, 4.0), 2: (0.0, 1.0)}
    spec = {"family": "tsp", "distance_matrix": [[0, 5, 1], [5, 0, 18**0.5], [1, 18**0.5, 0]]}
    assert compare_call(spec, call(points))[0]
    road = {"family": "tsp", "distance_matrix": [[0, 8, None], [8, 0, 12], [None, 12, 0]]}
    graph = GraphValue(nodes=[0, 1, 2], edges=[(0, 1, 8), (1, 2, 12)], directed=False)
    assert compare_call(road, call(graph))[0]
    assert not compare_call({"family": "tsp", "distance_matrix": [[0, 8, 1], [8, 0, 12], [1, 12, 0]]}, call(graph))[0]


def test_arithmetic_and_factor() -> None:
    spec = {"family": "sub", "operands": [20, -3], "bits": 6}
    assert compare_call(spec, call(20, -3))[0]
    assert not compare_call(spec, call(-3, 20))[0]
    assert compare_call({"family": "mul", "operands": [5, 6], "bits": 3}, call("101", "110"))[0]
    assert compare_call({"family": "factor", "n": 91}, call(91))[0]
    assert not compare_call({"family": "factor", "n": 91}, call(93))[0]


def test_instance_outcome_categories() -> None:
    spec = {"family": "add", "operands": [2, 3], "bits": 3}
    good = Capture(calls=[call(2, 3)])
    assert instance_outcome(spec, good)[0] == "match"
    assert instance_outcome(spec, Capture(calls=[call(2, 4)]))[0] == "mismatch"
    assert instance_outcome(None, good)[0] == "mismatch"
    assert instance_outcome(None, Capture())[0] == "no_call"
    assert instance_outcome(spec, Capture(error="NameError: name 'n' is not defined"))[0] == "snippet_error"


def test_answer_check() -> None:
    done = call(12, 7)
    done.returned, done.value = True, 5
    assert check_answer({"family": "sub", "operands": [12, 7], "bits": 4}, done) == (True, "")
    assert not check_answer({"family": "add", "operands": [12, 7], "bits": 4}, done)[0]
    factors = call(90)
    factors.returned, factors.value = True, {2: 1, 3: 2, 5: 1}
    assert check_answer({"family": "factor", "n": 90}, factors)[0]
    factors.value = [2, 45, 1]
    assert check_answer({"family": "factor", "n": 90}, factors)[0]
    factors.value = [3, 5]
    assert not check_answer({"family": "factor", "n": 90}, factors)[0]


def test_confusion_has_a_none_column() -> None:
    rows = [
        {"label": "mis", "predicted": "mis"},
        {"label": "mis", "predicted": None},
        {"label": "add", "predicted": "sub"},
    ]
    labels, columns, counts = confusion(rows)
    assert columns[-1] == "none"
    assert counts[labels.index("mis")][columns.index("mis")] == 1
    assert counts[labels.index("mis")][-1] == 1
    assert counts[labels.index("add")][columns.index("sub")] == 1


# ---- renaming ------------------------------------------------------------------------------------
def test_renaming_keeps_the_names_a_star_import_brings() -> None:
    """``from lib import *`` then ``make_mixer(G)``: the program never defines ``make_mixer``, the
    library does; only the program's own names become ``v0, v1, ...``."""
    source = "from lib import *\n\ndef f(a):\n    return make_mixer(a)\n\nb = 3\nprint(f(b))\n"
    renamed = strip_names(source)
    assert "make_mixer(v" in renamed
    assert "def f" not in renamed and "b = 3" not in renamed


def test_renaming_without_a_star_import_renames_every_unknown_name() -> None:
    renamed = strip_names("print(make_mixer(3))\n")
    assert "make_mixer" not in renamed


def test_renaming_keeps_what_a_library_reads_by_name() -> None:
    """The renamed program must mean the same: a library call's keyword names (``QAOA(steps=2)``,
    even where the program has a parameter ``steps`` too), the strings an imported callable takes
    (``PauliTerm("Z", 0)``) and the methods a library's base class calls (``energy``) keep theirs."""
    source = (
        "from grove import QAOA, PauliTerm\n"
        "from simanneal import Annealer\n\n"
        "class Tour(Annealer):\n"
        "    def energy(self):\n"
        "        return helper(self.state)\n\n"
        "def helper(state):\n"
        "    return len(state)\n\n"
        "def run(steps):\n"
        "    term = PauliTerm('Z', 0)\n"
        "    return QAOA(steps=steps, term=term), run_again(steps=steps)\n\n"
        "def run_again(steps):\n"
        "    return steps\n"
    )
    renamed = strip_names(source)
    assert "def energy(" in renamed and "PauliTerm('Z', 0)" in renamed
    assert "QAOA(steps=" in renamed and "term=" in renamed
    assert "run_again" not in renamed and "(steps=" not in renamed.split("QAOA(steps=")[1]  # the program's own
    assert "class Tour" not in renamed and "def helper" not in renamed
