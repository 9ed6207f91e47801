"""Reading plain Python programs: family, instance, provenance, refusals. Programs here are written
for the tests (not taken from the dev CSV), so they check that the rules generalise."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import c2q
from c2q.codeparse import parse_program
from c2q.errors import ProgramError


def parse(source: str):
    return parse_program(textwrap.dedent(source), "prog.py")


PROGRAMS = {
    "maxcut": (
        """
        import networkx as nx
        from networkx.algorithms.approximation import one_exchange

        g = nx.Graph()
        for u, v in [(0, 1), (1, 2), (2, 0), (2, 3)]:
            g.add_edge(u, v)
        value, parts = one_exchange(g, seed=1)
        """,
        {"graph": {"nodes": 4, "edges": [[0, 1], [1, 2], [2, 0], [2, 3]]}},
    ),
    "mis": (
        """
        def largest_independent(adjacency):
            chosen = []
            for v in sorted(adjacency, key=lambda x: len(adjacency[x])):
                if all(u not in chosen for u in adjacency[v]):
                    chosen.append(v)
            return chosen

        adjacency = {0: [1, 2], 1: [0], 2: [0, 3], 3: [2]}
        print(largest_independent(adjacency))
        """,
        {"graph": {"nodes": 4, "edges": [[0, 1], [0, 2], [2, 3]]}},
    ),
    "vc": (
        """
        def cover(num_vertices, edge_list):
            chosen = set()
            for a, b in edge_list:
                if a not in chosen and b not in chosen:
                    chosen |= {a, b}
            assert all(a in chosen or b in chosen for a, b in edge_list)
            return chosen

        EDGES = [(0, 1), (0, 2), (0, 3), (3, 4)]
        print(cover(6, EDGES))
        """,
        {"graph": {"nodes": 6, "edges": [[0, 1], [0, 2], [0, 3], [3, 4]]}},
    ),
    "clique": (
        """
        import networkx as nx

        G = nx.Graph([(0, 1), (0, 2), (1, 2), (2, 3)])
        best = max(nx.find_cliques(G), key=len)
        """,
        {"graph": {"nodes": 4, "edges": [[0, 1], [0, 2], [1, 2], [2, 3]]}},
    ),
    "kcolor": (
        """
        def paint(graph, palette_size):
            colour = {}
            for v in graph:
                used = {colour[u] for u in graph[v] if u in colour}
                colour[v] = min(set(range(palette_size)) - used)
            return colour

        g = {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"]}
        paint(g, 3)
        """,
        {"graph": {"nodes": 3, "edges": [[0, 1], [0, 2], [1, 2]], "labels": ["a", "b", "c"]}, "k": 3},
    ),
    "tsp": (
        """
        from itertools import permutations

        def shortest_tour(d):
            n = len(d)
            return min(sum(d[t[i]][t[(i + 1) % n]] for i in range(n)) for t in permutations(range(n)))

        D = [[0, 3, 4, 2], [3, 0, 1, 5], [4, 1, 0, 6], [2, 5, 6, 0]]
        print(shortest_tour(D))
        """,
        {"distance_matrix": [[0, 3, 4, 2], [3, 0, 1, 5], [4, 1, 0, 6], [2, 5, 6, 0]]},
    ),
    "add": (
        """
        def plus(left, right):
            return left + right

        if __name__ == "__main__":
            x = 7
            y = x * 2 + 1
            print(plus(x, y))
        """,
        {"operands": [7, 15], "bits": 4},
    ),
    "sub": (
        """
        def difference(p, q):
            return q - p

        difference(3, 10)
        """,
        {"operands": [10, 3], "bits": 4},
    ),
    "mul": (
        """
        def product(u, v):
            out = 0
            for _ in range(v):
                out += u
            return out

        def main():
            print(product(6, 7))

        main()
        """,
        {"operands": [6, 7], "bits": 3},
    ),
    "factor": (
        """
        def prime_factors(n):
            out, d = [], 2
            while d * d <= n:
                while n % d == 0:
                    out.append(d)
                    n //= d
                d += 1
            return out + ([n] if n > 1 else [])

        N = 3 * 7
        print(prime_factors(N))
        """,
        {"n": 21},
    ),
}


@pytest.mark.parametrize("family", sorted(PROGRAMS))
def test_family_and_instance(family: str) -> None:
    source, expected = PROGRAMS[family]
    parsed = parse(source)
    assert parsed.family == family
    assert {k: v for k, v in parsed.spec.canonical.items() if k != "family"} == expected
    assert parsed.evidence and all(e.family == family for e in parsed.evidence)


def test_sources_name_the_variable_and_line() -> None:
    parsed = parse(PROGRAMS["vc"][0])
    assert parsed.sources == {"graph.edges": "EDGES (line 10)", "graph.nodes": "6 (line 11)"}
    assert parsed.call == "print(cover(6, EDGES)) at line 11" or parsed.call.startswith("cover(6, EDGES)")


def test_node_labels_are_kept() -> None:
    parsed = parse(
        """
        import networkx as nx
        def independent_set(G):
            return set()
        G = nx.Graph()
        G.add_edges_from([(10, 20), (20, 30)])
        independent_set(G)
        """
    )
    assert parsed.spec.canonical["graph"] == {"nodes": 3, "edges": [[0, 1], [1, 2]], "labels": [10, 20, 30]}


def test_undefined_node_count_is_refused_not_guessed() -> None:
    with pytest.raises(ProgramError) as err:
        parse(
            """
            def independent_set(n, edges):
                return [v for v in range(n) if all(u not in [] for u in edges)]
            edges = [(0, 1), (1, 2)]
            independent_set(n, edges)
            """
        )
    assert err.value.family == "mis" and err.value.line == 5
    assert "`n` has no value" in str(err.value) and "n = 3" in str(err.value)


def test_comprehensions_over_known_ranges_are_evaluated() -> None:
    parsed = parse(
        """
        def colour_graph(n, edges, k):
            colors = [-1] * n
            for v in range(n):
                colors[v] = min(set(range(k)) - {colors[u] for u, w in edges if w == v})
            return colors
        n = 4
        edges = [(i, j) for i in range(n) for j in range(i + 1, n) if (i + j) % 2 == 1]
        colour_graph(n, edges, 2)
        """
    )
    assert parsed.spec.canonical["graph"]["edges"] == [[0, 1], [0, 3], [1, 2], [2, 3]]
    assert parsed.spec.canonical["k"] == 2


def test_weighted_graph_to_tsp_matrix_with_missing_roads() -> None:
    parsed = parse(
        """
        from itertools import permutations
        import networkx as nx
        def tsp(G):
            return min(permutations(G.nodes))
        G = nx.Graph()
        G.add_weighted_edges_from([(0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 0, 5)])
        tsp(G)
        """
    )
    matrix = parsed.spec.canonical["distance_matrix"]
    assert matrix[0][1] == 2 and matrix[0][2] is None


def test_points_become_euclidean_distances() -> None:
    parsed = parse(
        """
        import math
        def tour_length(cities):
            return sum(math.hypot(a[0] - b[0], a[1] - b[1]) for a, b in zip(cities, cities[1:]))
        cities = [(0.0, 0.0), (3.0, 4.0), (6.0, 0.0)]
        tour_length(cities)
        """
    )
    assert parsed.spec.canonical["distance_matrix"][0] == [0.0, 5.0, 6.0]


@pytest.mark.parametrize(
    ("source", "family", "words"),
    [
        ("def max_cut(G):\n    return 0\n", "maxcut", ["never calls"]),
        ("def add(a, b):\n    return a + b\nadd(x, 2)\n", "add", ["x", "two integer operands"]),
        ("def add(a, b, c):\n    return sum([a, b, c])\nadd(1, 2, 3)\n", "add", ["3 integers"]),
        ("print('hello')\n", None, ["cannot tell"]),
    ],
)
def test_refusals_say_what_was_found_and_what_is_missing(source: str, family: str | None, words: list[str]) -> None:
    with pytest.raises(ProgramError) as err:
        parse_program(source, "prog.py")
    assert err.value.family == family
    assert all(w in str(err.value) for w in words), str(err.value)


def test_syntax_error_names_the_position() -> None:
    with pytest.raises(ProgramError) as err:
        parse_program("def f(:\n    pass\n", "prog.py")
    assert str(err.value).startswith("prog.py:1:")
    assert err.value.line == 1


def test_never_executes_the_program(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    canary.write_text("still here")
    source = f"import os\nos.remove({str(canary)!r})\ndef add(a, b):\n    return a + b\nadd(1, 2)\n"
    assert parse_program(source).family == "add"
    assert canary.read_text() == "still here"


def test_solve_code_matches_the_json_spec() -> None:
    source = textwrap.dedent(PROGRAMS["vc"][0])
    from_code = c2q.solve_code(source, seed=3)
    from_json = c2q.solve(parse(PROGRAMS["vc"][0]).spec.canonical, seed=3)
    assert from_code.optimal and from_code.answer == from_json.answer
    assert from_code.source_format == "python"


def test_cli_parse_prints_a_spec_that_solves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from c2q.cli import main

    program = tmp_path / "factor.py"
    program.write_text(textwrap.dedent(PROGRAMS["factor"][0]))
    assert main(["parse", str(program)]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == {"family": "factor", "n": 21}
    assert "factor" in out.err and "N (line 11)" in out.err
    spec = tmp_path / "spec.json"
    spec.write_text(out.out)
    assert main(["solve", str(spec), "--seed", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["optimal"] is True


def test_cli_bad_program_exits_2_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from c2q.cli import main

    program = tmp_path / "nodata.py"
    program.write_text("def vertex_cover(n, edges):\n    return set()\n")
    assert main(["solve", str(program)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("c2q: error:") and "vc" in err and "Traceback" not in err


CONTESTED = """
import networkx as nx
from qaoa_lib import *

G = nx.Graph([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)])
problem = QAOAProblem(create_max_indep_set_mixer(G), create_max_indep_set_cost_function(G))
result = problem.run(depth=3)
{check}
"""


def test_library_calls_naming_two_graph_problems_are_refused() -> None:
    """QAOA for an independent set "checked" with a clique solver on the same graph states two
    problems: refused, naming the lines of both, rather than read as the solver call's clique."""
    with pytest.raises(ProgramError) as caught:
        parse_program(CONTESTED.format(check="print(nx.max_weight_clique(G, weight=None))"), "prog.py")
    message = str(caught.value)
    assert "two problems" in message and "clique (line 8)" in message and "mis (line 6)" in message


def test_a_problem_the_libraries_name_more_often_than_a_helper_is_kept() -> None:
    """The same clique solver with the QAOA's cost function also named after cliques (the mixer only
    borrows the independent-set one): clique, named on two lines against one."""
    source = CONTESTED.replace("create_max_indep_set_cost_function", "create_max_clique_cost_function")
    parsed = parse_program(source.format(check="print(nx.max_weight_clique(G, weight=None))"), "prog.py")
    assert parsed.family == "clique"


ADDER = """
from qlib import Circuit, Load, Add

def run_addition({width}, init_value, number):
    circuit = Circuit({width})
    Load(init_value) * circuit
    Add(number) * circuit
    return circuit.run()

run_addition(4, 3, 12)
"""


def test_a_register_width_passed_beside_two_operands_is_not_an_operand() -> None:
    parsed = parse_program(ADDER.format(width="num_qubits"), "prog.py")
    assert parsed.family == "add" and parsed.spec.canonical["operands"] == [3, 12]


def test_three_integers_without_a_width_among_them_are_refused() -> None:
    with pytest.raises(ProgramError, match="3 integers"):
        parse_program(ADDER.format(width="offset"), "prog.py")


DISTANCE_BUILDER = """
import math
import random

def distance_matrix(cities):
    n = len(cities)
    table = [[0] * n for _ in range(n)]
    for i, (x1, y1) in enumerate(cities):
        for j, (x2, y2) in enumerate(cities):
            if i != j:
                table[i][j] = {distance}
    return table

cities = [(0, 0), (3, 0), (3, 4), (0, 4)]
matrix = distance_matrix(cities)
"""


@pytest.mark.parametrize(
    ("distance", "first_row"),
    [("int(math.hypot(x2 - x1, y2 - y1)) + 1", [0, 4, 6, 5]), ("abs(x2 - x1) + abs(y2 - y1)", [0, 3, 7, 4])],
    ids=["rounded", "manhattan"],
)
def test_integer_cities_are_read_through_the_distances_the_program_computes(distance: str, first_row: list) -> None:
    """Integer (x, y) pairs look like edges; the call that turns them into a table of distances says
    what they are, and its table (the program's metric and rounding) is the instance."""
    parsed = parse_program(DISTANCE_BUILDER.format(distance=distance), "tour.py")
    assert parsed.family == "tsp" and parsed.spec.canonical["distance_matrix"][0] == first_row


def test_a_distance_table_drawn_at_random_is_not_read() -> None:
    with pytest.raises(ProgramError):
        parse_program(DISTANCE_BUILDER.format(distance="random.random() + 1"), "tour.py")


TOUR_OVER_PAIRS = """
import math
from itertools import permutations

def distance(a, b):
    return {metric}
{other}
def shortest_tour(cities):
    tours = [[0, *order, 0] for order in permutations(range(1, len(cities)))]
    return min(sum(distance(cities[t[i]], cities[t[i + 1]]) for i in range(len(t) - 1)) for t in tours)

cities = [(0, 0), (3, 0), (3, 4), (0, 4)]
print(shortest_tour(cities))
"""
EUCLID = "math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)"


def test_integer_pairs_are_cities_when_the_program_measures_the_distance_between_two() -> None:
    parsed = parse_program(TOUR_OVER_PAIRS.format(metric=EUCLID, other=""), "tour.py")
    assert parsed.family == "tsp" and parsed.spec.canonical["distance_matrix"][0] == [0, 3, 5, 4]
    assert parsed.sources["distance_matrix"].startswith("distance(a, b) between the points of cities")


def test_two_distance_functions_that_disagree_leave_the_pairs_unread() -> None:
    other = "\ndef manhattan(a, b):\n    return abs(a[0] - b[0]) + abs(a[1] - b[1])\n"
    with pytest.raises(ProgramError, match="unweighted edges"):
        parse_program(TOUR_OVER_PAIRS.format(metric=EUCLID, other=other), "tour.py")


BINARY_ADDER = """
def add_binary(a: str, b: str) -> str:
    return bin(int(a, {base}) + int(b, {base}))[2:]

print(add_binary("1011", "110"))
"""


def test_string_operands_are_the_numbers_the_function_reads_them_as() -> None:
    """``int(a, 2)`` in the function: "1011" and "110" are 11 and 6."""
    parsed = parse_program(BINARY_ADDER.format(base=2), "add.py")
    assert parsed.family == "add" and parsed.spec.canonical["operands"] == [11, 6]


def test_string_operands_read_in_an_unknown_base_are_not_numbers() -> None:
    with pytest.raises(ProgramError, match="no two integer operands"):
        parse_program("BASE = input()\n" + BINARY_ADDER.format(base="BASE"), "add.py")


def test_a_distance_table_with_infinity_on_its_diagonal_is_a_distance_matrix() -> None:
    """An ant colony's ``np.inf`` from each city to itself keeps it from choosing itself: distance 0."""
    parsed = parse_program(
        "import numpy as np\ndef tsp(d):\n    return 0\n"
        "d = np.array([[np.inf, 2, 9], [2, np.inf, 6], [9, 6, np.inf]])\nprint(tsp(d))\n",
        "ants.py",
    )
    assert parsed.spec.canonical["distance_matrix"] == [[0, 2, 9], [2, 0, 6], [9, 6, 0]]
