"""The family from what a program computes, not from its names (issue 25): the entry call is
followed on the program's own data (and on probe graphs when that answer is ambiguous) and its
answer is judged against each family's definition. Every program here names nothing: functions
and variables are ``f``, ``g``, ``a``, ``b``."""

from __future__ import annotations

import ast
import itertools
import random
import textwrap

import pytest

from c2q.codeparse import parse_program
from c2q.codeparse.family import score
from c2q.codeparse.semantics import PROBES, _graph_optima, _judge_node_set
from c2q.codeparse.values import Program
from c2q.errors import ProgramError


def parse(source: str):
    return parse_program(textwrap.dedent(source), "prog.py")


def test_a_greedy_independent_set_is_mis_even_on_a_bipartite_graph():
    """On a path every maximal independent set is also a cover and a cut side: the probes decide."""
    parsed = parse(
        """
        def f(n, e):
            a = set()
            b = list(range(n))
            while b:
                v = b.pop(0)
                a.add(v)
                b = [u for u in b if (u, v) not in e and (v, u) not in e]
            return a

        print(f(5, [(0, 1), (1, 2), (2, 3), (3, 4)]))
        """
    )
    assert parsed.family == "mis"
    assert "probe graph" in str(parsed.evidence[0])


def test_a_brute_force_cut_side_is_maxcut():
    parsed = parse(
        """
        def f(n, e):
            best, side = -1, None
            for m in range(2 ** n):
                c = sum(1 for u, v in e if (m >> u & 1) != (m >> v & 1))
                if c > best:
                    best, side = c, [i for i in range(n) if m >> i & 1]
            return side

        print(f(5, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]))
        """
    )
    assert parsed.family == "maxcut"


def test_a_colour_per_node_is_kcolor():
    parsed = parse(
        """
        def f(a):
            c = {}
            for v in a:
                used = {c[u] for u in a[v] if u in c}
                c[v] = min(x for x in range(len(a)) if x not in used)
            return c

        print(f({0: [1, 2], 1: [0, 2], 2: [0, 1, 3], 3: [2]}))
        """
    )
    assert parsed.family == "kcolor"


def test_a_tour_and_its_length_is_tsp():
    parsed = parse(
        """
        import itertools

        def f(d):
            n = len(d)
            best = None
            for p in itertools.permutations(range(1, n)):
                t = (0, *p)
                c = sum(d[t[i - 1]][t[i]] for i in range(n))
                if best is None or c < best[0]:
                    best = (c, list(t))
            return best

        print(f([[0, 3, 4, 2], [3, 0, 5, 6], [4, 5, 0, 7], [2, 6, 7, 0]]))
        """
    )
    assert parsed.family == "tsp"


@pytest.mark.parametrize(("body", "family"), [("a + b", "add"), ("a - b", "sub"), ("a * b", "mul")])
def test_arithmetic_is_read_from_the_result(body: str, family: str):
    parsed = parse(
        f"""
        def f(a, b):
            r = 0
            r = {body}
            return r

        print(f(23, 5))
        """
    )
    assert parsed.family == family
    assert parsed.spec.canonical["operands"] == [23, 5]


def test_a_result_that_fits_two_operations_adds_no_evidence():
    """2 + 2 = 2 * 2: the result cannot tell addition from multiplication (the code's shape still can)."""
    program = textwrap.dedent(
        """
        def f(a, b):
            r = 0
            for _ in range(b):
                r = r + a
            return r

        print(f({}, {}))
        """
    )
    assert parse_program(program.format(7, 3), "prog.py").family == "mul"
    with pytest.raises(ProgramError, match="cannot tell which problem"):
        parse_program(program.format(2, 2), "prog.py")


def test_factors_are_factor_and_a_primality_test_is_not():
    parsed = parse(
        """
        def f(n):
            out, d = [], 2
            while n > 1:
                while n % d == 0:
                    out.append(d)
                    n = n // d
                d += 1
            return out

        print(f(360))
        """
    )
    assert parsed.family == "factor" and parsed.spec.canonical["n"] == 360
    with pytest.raises(ProgramError):
        parse(
            """
            def f(n):
                d = n - 1
                while d % 2 == 0:
                    d //= 2
                return all(n % k for k in range(2, n))

            print(f(97))
            """
        )


def test_a_qubo_built_over_the_graph_is_judged_by_its_minima():
    parsed = parse(
        """
        import networkx as nx
        from collections import defaultdict

        g = nx.Graph()
        g.add_edges_from([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)])
        q = defaultdict(float)
        for v in g.nodes:
            q[(v, v)] += -1.0
        for u, v in g.edges:
            q[(u, v)] += 2.0
        print(dict(q))
        """
    )
    assert parsed.family == "mis"
    assert "builds a model (q)" in str(parsed.evidence[0])


def test_a_shortest_path_is_no_family():
    with pytest.raises(ProgramError):
        parse(
            """
            def f(a, s, t):
                prev, seen, todo = {s: None}, {s}, [s]
                while todo:
                    v = todo.pop(0)
                    for u in a[v]:
                        if u not in seen:
                            seen.add(u)
                            prev[u] = v
                            todo.append(u)
                path, v = [], t
                while v is not None:
                    path.append(v)
                    v = prev[v]
                return path[::-1]

            print(f({0: [1, 2], 1: [0, 3], 2: [0, 3], 3: [1, 2, 4], 4: [3]}, 0, 4))
            """
        )


@pytest.mark.parametrize("probe", PROBES, ids=["dense", "sparse"])
def test_no_set_of_nodes_fits_two_families_on_a_probe(probe):
    n, pairs = probe
    edges = [(u, v, 1.0) for u, v in pairs]
    optima = _graph_optima(n, edges)
    assert max(len({f for f, *_ in _judge_node_set(s, n, edges, optima)}) for s in range(1 << n)) == 1


def test_a_colouring_printed_one_colour_at_a_time_is_read_from_the_output():
    """GeeksforGeeks style: the solver returns True and prints the colours with ``end=" "``."""
    parsed = parse(
        """
        class G:
            def __init__(self, n):
                self.n = n
                self.m = [[0] * n for _ in range(n)]

            def ok(self, v, c, x):
                return all(not (self.m[v][i] == 1 and c[i] == x) for i in range(self.n))

            def go(self, k, c, v):
                if v == self.n:
                    return True
                for x in range(1, k + 1):
                    if self.ok(v, c, x):
                        c[v] = x
                        if self.go(k, c, v + 1):
                            return True
                        c[v] = 0
                return False

            def run(self, k):
                c = [0] * self.n
                if not self.go(k, c, 0):
                    return False
                print("found:")
                for x in c:
                    print(x, end=" ")
                return True

        g = G(4)
        g.m = [[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]]
        g.run(3)
        """
    )
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3


def test_a_pyqubo_model_written_by_hand_gives_its_graph_and_family():
    """No graph data at all: the couplings of the model are the graph, its minima the family."""
    parsed = parse(
        """
        from pyqubo import Binary, Constraint

        a, b, c, d, e = Binary("a"), Binary("b"), Binary("c"), Binary("d"), Binary("e")
        size = a + b + c + d + e
        penalty = Constraint(a * b, label="ab") + Constraint(b * c, label="bc") + Constraint(c * a, label="ca")
        penalty += Constraint(c * d, label="cd") + Constraint(d * e, label="de")
        model = (-size + 2 * penalty).compile()
        bqm = model.to_bqm()
        """
    )
    assert parsed.family == "mis"
    assert parsed.spec.canonical["graph"]["labels"] == ["a", "b", "c", "d", "e"]
    assert len(parsed.spec.canonical["graph"]["edges"]) == 5
    assert "model" in str(parsed.evidence[0])


def test_a_model_whose_couplings_differ_is_not_read_as_a_graph():
    """Unequal couplings are weights c2q cannot tell from penalties: refused, not guessed."""
    with pytest.raises(ProgramError):
        parse(
            """
            import dimod

            x, y, z = dimod.Binary("x"), dimod.Binary("y"), dimod.Binary("z")
            bqm = -x - y - z + 2 * x * y + 3 * y * z
            """
        )


def test_probe_graphs_take_the_programs_own_node_names():
    """A brute force over an adjacency dict with letter names, too large to follow on its own graph:
    the probes are given its names ("a", "b", ...), not 0..n-1, so the program can still run."""
    letters = "abcdefghijklmn"
    ring = {x: [letters[(i - 1) % 14], letters[(i + 1) % 14]] for i, x in enumerate(letters)}
    parsed = parse(
        f"""
        import itertools

        def f(g):
            for size in range(len(g), 0, -1):
                for s in itertools.combinations(g, size):
                    if all(v not in g[u] for u in s for v in s):
                        return s

        g = {ring!r}
        print(f(g))
        """
    )
    assert parsed.family == "mis"
    assert "probe graph" in str(parsed.evidence[0])


def test_an_edge_lookup_in_an_edge_list_is_not_a_cover_check():
    """``e in edges or r in edges`` (an edge or its reverse already listed) tests edges, not where
    the two ends of an edge lie: no vertex-cover evidence from it."""
    source = textwrap.dedent(
        """
        def f(pairs):
            out = []
            for p in pairs:
                e = list(p)
                r = list(reversed(p))
                if e in out or r in out:
                    continue
                out.append(e)
            return out
        """
    )
    program = Program(ast.parse(source))
    _scores, evidence = score(source, program, None)
    assert not any("cover" in item.reason for item in evidence)
    cover = textwrap.dedent(
        """
        def f(edges, chosen):
            for u, v in edges:
                if u in chosen or v in chosen:
                    continue
                return False
            return True
        """
    )
    _scores, evidence = score(cover, Program(ast.parse(cover)), None)
    assert any("either end of an edge" in item.reason for item in evidence)


def _colourings_need(n: int, edges: list[tuple[int, int, float]]) -> int:
    """The chromatic number by trying every assignment of k colours (the test's own reference)."""
    for k in range(1, n + 1):
        for colours in itertools.product(range(k), repeat=n):
            if all(colours[u] != colours[v] for u, v, _ in edges):
                return k
    return n


@pytest.mark.parametrize("seed", range(12))
def test_the_judges_chromatic_number_is_the_enumerated_one(seed: int):
    rng = random.Random(seed)
    n = rng.randint(2, 7)
    edges = [(u, v, 1.0) for u, v in itertools.combinations(range(n), 2) if rng.random() < 0.5]
    if not edges:
        edges = [(0, 1, 1.0)]
    assert _graph_optima(n, edges)["kcolor"] == _colourings_need(n, edges)


def test_the_judge_finds_the_chromatic_number_of_dense_twelve_node_graphs():
    """Twelve nodes, complete or nearly: plain backtracking tried every renaming of the colours
    (a parse that never ended); the clique bound and symmetry breaking make it immediate."""
    complete = [(u, v, 1.0) for u, v in itertools.combinations(range(12), 2)]
    assert _graph_optima(12, complete)["kcolor"] == 12
    assert _graph_optima(12, complete[1:])["kcolor"] == 11


def test_a_yes_no_answer_that_is_not_the_graphs_colourability_is_not_colouring():
    """Bipartiteness of the complement (can the graph be split into two cliques?) reads like a
    2-colouring, but on the program's own graph (a triangle and a tail: not 2-colourable) it says
    yes: refused, not a colouring of the wrong graph."""
    program = """
        def f(n, e):
            c = {v: [u for u in range(n) if u != v and (u, v) not in e and (v, u) not in e] for v in range(n)}
            colors = [-1] * n
            for s in range(n):
                if colors[s] != -1:
                    continue
                colors[s] = 0
                todo = [s]
                while todo:
                    v = todo.pop()
                    for u in c[v]:
                        if colors[u] == -1:
                            colors[u] = 1 - colors[v]
                            todo.append(u)
                        elif colors[u] == colors[v]:
                            return False
            return True

        print(f(5, [(0, 3), (3, 4), (0, 1), (1, 2), (2, 0)]))
        """
    with pytest.raises(ProgramError, match="cannot tell"):
        parse(program)
    plain = program.replace(
        "c = {v: [u for u in range(n) if u != v and (u, v) not in e and (v, u) not in e]",
        "c = {v: [u for u in range(n) if (u, v) in e or (v, u) in e]",
    )
    parsed = parse(plain.replace("(0, 1), (1, 2), (2, 0)", "(0, 1), (1, 2)"))  # a bipartiteness test on a tree
    assert parsed.family == "kcolor"


def test_a_renamed_bipartiteness_test_is_two_colouring_from_its_answers_on_probe_graphs():
    """Nothing names it: yes on its own 4-cycle, no on the two probe graphs, yes on a bipartite
    probe: the answers of "can it be coloured with 2 colours?", so k = 2."""
    parsed = parse(
        """
        def f(m):
            c = [-1] * len(m)
            for s in range(len(m)):
                if c[s] != -1:
                    continue
                c[s] = 0
                q = [s]
                while q:
                    u = q.pop(0)
                    for v in range(len(m)):
                        if m[u][v] and c[v] == -1:
                            c[v] = 1 - c[u]
                            q.append(v)
                        elif m[u][v] and c[v] == c[u]:
                            return False
            return True

        print(f([[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]]))
        """
    )
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 2
    assert "probe graphs" in str(parsed.evidence[0])


def test_a_function_only_its_doctest_calls_is_followed_on_the_data_named_like_its_parameter():
    """``def f(g)`` and a module-level ``g``, the call only in a docstring: what ``f`` returns on
    ``g`` is still what the program computes."""
    parsed = parse(
        """
        import itertools

        def f(g):
            for size in range(len(g) + 1):
                for chosen in itertools.combinations(g, size):
                    if all(u in chosen or v in chosen for u in g for v in g[u]):
                        return chosen

        if __name__ == "__main__":
            g = {0: [1, 3], 1: [0, 3], 2: [0, 3, 4], 3: [0, 1, 2], 4: [2, 3]}
            print("done")
        """
    )
    assert parsed.family == "vc"
    assert any("entry call followed" in str(e) for e in parsed.evidence)


def test_a_drawing_function_colouring_nodes_says_nothing_about_the_problem():
    source = (
        "import networkx as nx\nimport plot\ng = nx.cycle_graph(5)\nplot.graph_with_colored_node_subset(g, [0, 2])\n"
    )
    _scores, evidence = score(source, Program(ast.parse(source)), "graph")
    assert not any(e.family == "kcolor" and e.weight > 0.5 for e in evidence)


def test_a_result_that_fits_an_operation_only_by_chance_is_no_evidence():
    """gcd(60, 48) = 12 = 60 - 48: on the probe operands (23, 9) the gcd is 1, not 14."""
    with pytest.raises(ProgramError):
        parse(
            """
            def f(a, b):
                while b:
                    a, b = b, a % b
                return a

            print(f(60, 48))
            """
        )


def test_an_operation_confirmed_on_probe_operands_survives_renaming():
    parsed = parse(
        """
        def f(a, b):
            while b != 0:
                c = a & b
                a = a ^ b
                b = c << 1
            return a

        print(f(5, 9))
        """
    )
    assert parsed.family == "add"
    assert "probe operands" in str(parsed.evidence[0])


def test_a_library_module_named_after_the_problem_names_it():
    """``jgrapht.algorithms.vertexcover``: the module's one-word name says "vertex cover"."""
    source = (
        "import jgrapht\nimport jgrapht.algorithms.vertexcover as m\n"
        "g = jgrapht.create_graph(directed=False, weighted=False)\n"
        "for i in range(4):\n    g.add_vertex(i)\n"
        "for i in range(3):\n    g.add_edge(i, 3)\n"
        "w, c = m.greedy(g)\n"
    )
    scores, _ = score(source, Program(ast.parse(source)), "graph")
    assert scores["vc"] >= 2.0


ROUTING = """
from ortools.constraint_solver import pywrapcp

def create_data_model():
    data = {{}}
    data["locations"] = [(0, 0), (3, 0), (3, 4), (0, 4)]
    data["num_vehicles"] = {vehicles}
    data["depot"] = 0
    return data

def make_callback(data, manager):
    table = {{}}
    for a, p in enumerate(data["locations"]):
        table[a] = {{}}
        for b, q in enumerate(data["locations"]):
            table[a][b] = abs(p[0] - q[0]) + abs(p[1] - q[1])

    def f(i, j):
        return table[manager.IndexToNode(i)][manager.IndexToNode(j)]

    return f

def main():
    data = create_data_model()
    manager = pywrapcp.RoutingIndexManager(len(data["locations"]), data["num_vehicles"], data["depot"])
    routing = pywrapcp.RoutingModel(manager)
    index = routing.RegisterTransitCallback(make_callback(data, manager))
    routing.SetArcCostEvaluatorOfAllVehicles(index)
    solution = routing.SolveWithParameters(pywrapcp.DefaultRoutingSearchParameters())

main()
"""


def test_an_ortools_routing_model_with_one_vehicle_is_a_tour_over_its_callbacks_distances():
    """No name says "tsp": one vehicle through every place is a tour, and the distances are what the
    registered callback returns (Manhattan here, not the Euclidean distances of the points)."""
    parsed = parse_program(ROUTING.format(vehicles=1), "prog.py")
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"] == [[0, 3, 7, 4], [3, 0, 4, 7], [7, 4, 0, 3], [4, 7, 3, 0]]


def test_an_ortools_routing_model_with_several_vehicles_is_not_a_tour():
    """Vehicle routing (a near miss): the routing words and the distances do not make it a TSP."""
    with pytest.raises(ProgramError):
        parse_program(ROUTING.format(vehicles=2).replace("def f(", "def route_cost("), "prog.py")


def test_an_ortools_distance_callback_defined_at_module_level_is_followed():
    source = """
        from ortools.constraint_solver import pywrapcp
        matrix = [[0, 2, 9], [2, 0, 6], [9, 6, 0]]
        manager = pywrapcp.RoutingIndexManager(len(matrix), 1, 0)
        routing = pywrapcp.RoutingModel(manager)

        def cost(i, j):
            return matrix[manager.IndexToNode(i)][manager.IndexToNode(j)]

        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost))
        routing.Solve()
        """
    parsed = parse_program(textwrap.dedent(source), "prog.py")
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"] == [[0, 2, 9], [2, 0, 6], [9, 6, 0]]


PENALTY_ONE_COVER = """
from pyqubo import Binary
edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "e"), ("d", "e"), ("d", "f")]
x = {v: Binary(v) for v in "abcdef"}
h = sum(x.values())
for u, v in edges:
    h += 1 - x[u] - x[v] + x[u] * x[v]
model = h.compile()
"""


def test_a_cover_model_with_penalty_weight_one_is_read_from_its_terms_not_as_the_cut_its_minima_happen_to_be():
    """With the penalty at 1, leaving an edge uncovered costs what one more node does, so some
    minima are not covers; on this graph every minimum is a side of a maximum cut. The model's
    terms are a cover's (the chosen nodes plus a penalty on each uncovered edge): a cover, never a cut."""
    parsed = parse_program(PENALTY_ONE_COVER, "prog.py")
    assert parsed.family == "vc"
    assert "penalty on each edge with neither end chosen" in str(parsed.evidence[0])
    assert sorted(map(sorted, (e[:2] for e in parsed.spec.canonical["graph"]["edges"]))) == [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 4],
        [3, 4],
        [3, 5],
    ]


def test_an_independent_set_model_is_read_from_its_terms_and_a_regular_graphs_is_left_to_its_minima():
    """``-sum x + 2 sum x_u x_v``: minus the chosen nodes, a penalty per edge with both ends chosen.
    On a regular graph (a cycle) the cover's form is the same model: the terms alone decide nothing."""
    source = """
from pyqubo import Binary
edges = [("a", "b"), ("b", "c"), ("c", "d"), ("b", "d"), ("d", "e")]
x = {v: Binary(v) for v in "abcde"}
h = -sum(x.values())
for u, v in edges:
    h += 2 * x[u] * x[v]
model = h.compile()
"""
    parsed = parse_program(source, "prog.py")
    assert parsed.family == "mis"
    assert "minus the chosen nodes" in str(parsed.evidence[0])
    from c2q.codeparse.semantics import _penalty_form

    cycle = [(i, (i + 1) % 4, 1.0) for i in range(4)]
    mis_terms = {(i, i): -1.0 for i in range(4)} | {(min(u, v), max(u, v)): 1.0 for u, v, _ in cycle}
    assert _penalty_form(mis_terms, 4, cycle) is None  # -x + x_u x_v is also 1 - 2 + ... a cover's on a cycle


def test_a_cover_model_with_a_strict_penalty_on_a_path_is_a_cover():
    source = PENALTY_ONE_COVER.replace("h += 1 -", "h += 2 * (1 -").replace("x[v]\n", "x[v])\n")
    source = source.replace(
        '[("a", "b"), ("a", "c"), ("b", "d"), ("c", "e"), ("d", "e"), ("d", "f")]',
        '[("a", "b"), ("b", "c"), ("c", "d")]',
    )
    parsed = parse_program(source.replace('"abcdef"', '"abcd"'), "prog.py")
    assert parsed.family == "vc"


def test_a_qubo_that_is_exactly_minus_a_cut_is_maxcut_on_any_graph():
    """``-x_i - x_j + 2 x_i x_j`` per edge: the cut, even where its minima also pass for other answers."""
    parsed = parse_program(
        textwrap.dedent(
            """
            from collections import defaultdict
            import networkx as nx
            G = nx.Graph()
            G.add_edges_from([(1, 2), (1, 3), (2, 4), (3, 4), (3, 5), (4, 5)])
            Q = defaultdict(int)
            for i, j in G.edges:
                Q[(i, i)] += -1
                Q[(j, j)] += -1
                Q[(i, j)] += 2
            """
        ),
        "prog.py",
    )
    assert parsed.family == "maxcut"


PAULI_COST = """
import pennylane as qml
edges = [(0, 1), (1, 2), (2, 0), (2, 3)]
h = 0
for u, v in edges:
    h = h + 0.5 * (qml.Identity(u) - qml.PauliZ(u) @ qml.PauliZ(v))
{field}
"""


def test_a_cost_operator_summing_zz_over_the_edges_is_a_cut():
    source = PAULI_COST.format(field="")
    scores, evidence = score(source, Program(ast.parse(source)), "graph")
    assert scores["maxcut"] >= 3.0
    assert any("ZZ" in e.reason for e in evidence)


def test_a_z_field_on_each_node_is_not_a_cut():
    """An independent set or cover Hamiltonian adds Z on single nodes beside the ZZ terms."""
    source = PAULI_COST.format(field="for w in range(4):\n    h = h + qml.PauliZ(w)")
    scores, _ = score(source, Program(ast.parse(source)), "graph")
    assert scores.get("maxcut", 0.0) < 1.0


def test_pyquil_pauli_terms_name_their_operator_by_a_letter():
    source = (
        "from pyquil.paulis import PauliTerm\n"
        "cost = []\n"
        "for i, j in [(0, 1), (1, 2)]:\n"
        "    cost.append(PauliTerm('Z', i, 0.5) * PauliTerm('Z', j) + PauliTerm('I', 0, -0.5))\n"
    )
    scores, _ = score(source, Program(ast.parse(source)), "graph")
    assert scores["maxcut"] >= 3.0


def test_factors_found_through_the_order_of_a_random_base_are_factor():
    """Shor's classical part under terse names: a random base (one of its outcomes), its order by
    modular powers (``pow(a, r, n)``), then gcds: the answer (3, 5) multiplies to 15."""
    parsed = parse(
        """
        import math
        import random

        class A:
            def r(self, a, n):
                k = 1
                while pow(a, k, n) != 1:
                    k += 1
                return k

            def f(self, n):
                if n % 2 == 0:
                    return (2, n // 2)
                while True:
                    a = random.randint(2, n - 1)
                    g = math.gcd(n, a)
                    if g > 1:
                        return (g, n // g)
                    k = self.r(a, n)
                    if k % 2 == 0:
                        y = pow(a, k // 2, n)
                        if y != n - 1:
                            return (math.gcd(y - 1, n), math.gcd(y + 1, n))

        b = A()
        print(b.f(15))
        """
    )
    assert parsed.family == "factor" and parsed.spec.canonical["n"] == 15


def test_a_greedy_colouring_of_a_bipartite_graph_is_told_from_a_cut_on_an_odd_cycle():
    """On a bipartite graph a 2-colouring is also a maximum cut's sides; a greedy colouring with
    3 colours raises on the (4-chromatic) probe graphs, so an odd cycle in its place decides."""
    program = """
        def f(a, k):
            c = {}
            for v in a:
                used = {c[u] for u in a[v] if u in c}
                free = [x for x in range(k) if x not in used]
                if not free:
                    raise ValueError("not enough")
                c[v] = free[0]
            return c

        print(f({0: [1, 3], 1: [0, 2], 2: [1, 3], 3: [2, 0]}, 3))
        """
    parsed = parse(program)
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert "odd cycle" in str(parsed.evidence[0])
    with pytest.raises(ProgramError):  # with 2 colours the odd cycle cannot be coloured: nothing decides
        parse(program.replace("0]}, 3))", "0]}, 2))"))


def test_a_cut_side_per_node_of_a_bipartite_graph_is_maxcut_on_an_odd_cycle():
    parsed = parse(
        """
        def f(n, e):
            best, side = -1, None
            for s in range(2 ** n):
                x = [(s >> i) & 1 for i in range(n)]
                c = sum(x[u] != x[v] for u, v in e)
                if c > best:
                    best, side = c, x
            return side

        print(f(4, [(0, 1), (1, 2), (2, 3), (3, 0)]))
        """
    )
    assert parsed.family == "maxcut"


def test_probe_graphs_continue_a_programs_integer_node_names_past_its_largest():
    """Nodes 1, 2, 3, 5, 6 (not a run from 1): a probe of 7 or 8 nodes uses them and then 7, 8, ..."""
    parsed = parse(
        """
        import networkx as nx

        def f(g):
            a, seen = set(), set()
            for v in g.nodes():
                if v not in seen:
                    a.add(v)
                    seen.add(v)
                    seen.update(g.neighbors(v))
            return a

        g = nx.Graph()
        g.add_edges_from([(1, 2), (2, 3), (3, 5), (5, 6), (6, 1)])
        print(f(g))
        """
    )
    assert parsed.family == "mis"
    assert "probe graph" in str(parsed.evidence[0])


def test_a_two_approximate_vertex_cover_printed_node_by_node_is_vc():
    """Both ends of a maximal matching's edges (the textbook 2-approximation): a cover, neither
    minimum nor minimal, never every node, within twice the minimum on every probe graph."""
    parsed = parse(
        """
        class G:
            def __init__(self, n):
                self.n = n
                self.a = {i: [] for i in range(n)}

            def e(self, u, v):
                self.a[u].append(v)

            def go(self):
                seen = [False] * self.n
                for u in range(self.n):
                    if not seen[u]:
                        for v in self.a[u]:
                            if not seen[v]:
                                seen[u] = seen[v] = True
                                break
                for u in range(self.n):
                    if seen[u]:
                        print(u, end=" ")
                print()

        g = G(7)
        g.e(0, 1)
        g.e(0, 2)
        g.e(1, 3)
        g.e(3, 4)
        g.e(4, 5)
        g.e(5, 6)
        g.go()
        """
    )
    assert parsed.family == "vc"
    assert "maximal matching" in str(parsed.evidence[0])


def test_distances_between_points_and_each_points_nearest_neighbour_are_not_a_tour():
    """Distances (math.hypot) and each point's nearest other point: no walk from city to city."""
    with pytest.raises(ProgramError):
        parse(
            """
            import math

            p = [(0, 0), (3, 4), (1, 1), (7, 2)]

            def f(q):
                return [[math.hypot(a[0] - b[0], a[1] - b[1]) for b in q] for a in q]

            d = f(p)
            print([min((j for j in range(len(p)) if j != i), key=lambda j: d[i][j]) for i in range(len(p))])
            """
        )


def test_a_circuit_model_minimising_its_arcs_costs_is_a_tour():
    """cpmpy's successor model: Circuit over one variable per city, the chosen arcs' costs minimised."""
    parsed = parse(
        """
        from cpmpy import *
        import math

        def m(p):
            n = len(p)
            return [[int(math.hypot(a[0] - b[0], a[1] - b[1])) for b in p] for a in p]

        p = [(0, 0), (0, 3), (4, 3), (4, 0), (2, 5)]
        d = cpm_array(m(p))
        x = intvar(0, len(p) - 1, shape=len(p))
        model = Model(Circuit(x))
        model.minimize(sum(d[i, x[i]] for i in range(len(p))))
        model.solve()
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0][2] == 5


def test_a_model_handed_to_a_function_gives_the_graph_of_its_couplings():
    """No edge list: the model is written term by term and handed to a solving function."""
    parsed = parse(
        """
        from pyqubo import Binary
        from dimod import ExactSolver

        a, b, c, d = Binary("a"), Binary("b"), Binary("c"), Binary("d")
        h = a + b + c + d
        h += 3 * (1 - a - b + a * b)
        h += 3 * (1 - b - c + b * c)
        h += 3 * (1 - c - d + c * d)
        bqm = h.compile().to_bqm()

        def f(q):
            return ExactSolver().sample(q)

        print(f(bqm))
        """
    )
    assert parsed.family == "vc"
    assert parsed.spec.canonical["graph"]["labels"] == ["a", "b", "c", "d"]


def test_a_script_without_functions_is_judged_by_what_it_prints():
    """No function to call: the script itself, run with its graph (and probe graphs) in place of the
    statements that build it, prints a colouring."""
    parsed = parse(
        """
        import numpy as np

        a = np.array([[0, 1, 1, 0], [1, 0, 1, 1], [1, 1, 0, 1], [0, 1, 1, 0]])
        n = a.shape[0]
        c = [-1] * n
        for v in range(n):
            used = {c[u] for u in range(n) if a[v, u] and c[u] != -1}
            x = 0
            while x in used:
                x += 1
            c[v] = x
        print(c)
        """
    )
    assert parsed.family == "kcolor"
    assert "the script followed" in str(parsed.evidence[0])


def test_a_scripts_number_that_is_one_optimum_on_its_graph_and_every_probe_is_evidence():
    """A brute-force maximum cut printed as a number: on the program's graph and on both probe graphs
    it is the maximum cut, and no other family's optimum."""
    parsed = parse(
        """
        import networkx as nx

        g = nx.Graph()
        g.add_edges_from([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (2, 4)])
        best = 0
        for m in range(1 << g.number_of_nodes()):
            s = {v for v in g.nodes if m >> v & 1}
            best = max(best, sum(1 for u, v in g.edges if (u in s) != (v in s)))
        print(best)
        """
    )
    assert parsed.family == "maxcut"


def test_a_script_printing_breadth_first_distances_is_no_family():
    with pytest.raises(ProgramError):
        parse(
            """
            e = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (1, 3)]
            n = 5
            a = [[] for _ in range(n)]
            for u, v in e:
                a[u].append(v)
                a[v].append(u)
            d = [-1] * n
            d[0] = 0
            q = [0]
            while q:
                u = q.pop(0)
                for v in a[u]:
                    if d[v] < 0:
                        d[v] = d[u] + 1
                        q.append(v)
            print(d)
            """
        )


def test_a_script_that_factors_the_number_it_sets_is_factor():
    parsed = parse(
        """
        n = 221
        f, d, m = [], 2, n
        while d * d <= m:
            while m % d == 0:
                f.append(d)
                m //= d
            d += 1
        if m > 1:
            f.append(m)
        print(f)
        """
    )
    assert parsed.family == "factor" and parsed.spec.canonical["n"] == 221
    assert "the script followed" in str(parsed.evidence[0])


@pytest.mark.parametrize(
    "script",
    [
        # a times table, then one product: many values printed, no one answer
        "x = 6\ny = 7\nfor i in range(1, 11):\n    print(i, x * i)\nprint(x * y)\n",
        # a greatest common divisor: no sum, difference, product or factors of its numbers
        "a = 12\nb = 18\nwhile b:\n    a, b = b, a % b\nprint(a)\n",
        # a bound, not a number to factor: the primes below it
        "n = 30\np = [i for i in range(2, n + 1) if all(i % d for d in range(2, i))]\nprint(p)\n",
    ],
)
def test_a_scripts_numbers_are_refused_unless_what_it_prints_confirms_them(script):
    with pytest.raises(ProgramError):
        parse_program(script, "prog.py")


GFG_M_COLOURING = """
def ok(g, v, c, x):
    for i in range(len(g)):
        if g[v][i] == 1 and c[i] == x:
            return False
    return True

def go(g, m, c, v):
    if v == len(g):
        return True
    for x in range(1, m + 1):
        if ok(g, v, c, x):
            c[v] = x
            if go(g, m, c, v + 1):
                return True
            c[v] = 0
    return False

g = [[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]]
m = 3
c = [0] * len(g)
if go(g, m, c, 0):
    print(c)
"""


def test_an_m_colouring_backtracking_search_is_kcolor_without_names():
    """GeeksforGeeks' m-colouring renamed: ``go(g, m, c, 0)`` takes a colour count (it counts to it:
    no node), the search's start node 0 (no node count), and a colour per node, ``[0] * len(g)``,
    which it fills: the colouring it leaves there is its answer."""
    parsed = parse_program(GFG_M_COLOURING, "prog.py")
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert parsed.spec.canonical["graph"]["nodes"] == 4
    assert "proper colouring of its graph with 3 colours" in str(parsed.evidence[0])


def test_a_yes_no_colouring_search_that_keeps_its_colouring_to_itself_is_judged_on_probe_graphs():
    """The same search with its colour list made inside: only its yes/no answers show what it decides,
    and a colour per node handed in (``[0] * len(g)``) is as long as the probe graph in its place."""
    source = GFG_M_COLOURING.replace("if go(g, m, c, 0):\n    print(c)", "print(go(g, m, [0] * len(g), 0))")
    source = source.replace("c = [0] * len(g)\n", "")
    parsed = parse_program(source, "prog.py")
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert "coloured with 3 colours" in str(parsed.evidence[0])


def test_a_search_that_fills_a_list_it_is_given_answers_with_it():
    """Bron-Kerbosch in a class, renamed: it returns nothing (a bare ``return``: None) and appends
    every maximal clique to the list it is handed; that list is its answer."""
    parsed = parse(
        """
        from collections import defaultdict

        class A:
            def __init__(self):
                self.a = defaultdict(set)

            def e(self, u, v):
                self.a[u].add(v)
                self.a[v].add(u)

            def f(self, r, p, x, out):
                if not p and not x:
                    out.append(r)
                    return
                for v in list(p):
                    self.f(r | {v}, p & self.a[v], x & self.a[v], out)
                    p = p - {v}
                    x = x | {v}

        g = A()
        for u, v in [(1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (3, 5)]:
            g.e(u, v)
        out = []
        g.f(set(), set(g.a), set(), out)
        print(max(out, key=len))
        """
    )
    assert parsed.family == "clique"
    assert "lists cliques of its graph" in str(parsed.evidence[0])


def test_a_printed_line_of_a_tour_and_its_length_is_judged_as_the_tour():
    parsed = parse(
        """
        def f(d):
            n = len(d)
            best, order = None, None
            for a in range(1, n):
                for b in range(1, n):
                    for c in range(1, n):
                        if len({a, b, c}) == 3:
                            t = [0, a, b, c]
                            w = sum(d[t[i]][t[(i + 1) % 4]] for i in range(4))
                            if best is None or w < best:
                                best, order = w, t
            print(order, best)

        f([[0, 2, 9, 10], [1, 0, 6, 4], [15, 7, 0, 8], [6, 3, 12, 0]])
        """
    )
    assert parsed.family == "tsp"
    assert "tour" in str(parsed.evidence[0])


def test_a_times_table_of_two_numbers_is_no_multiplication():
    """A function named for multiplication that returns the table of a number: many products, none
    of them its two numbers' (near miss)."""
    with pytest.raises(ProgramError):
        parse(
            """
            def multiplication_table(number, number_of_terms):
                return "\\n".join(f"{number} * {i} = {number * i}" for i in range(1, number_of_terms + 1))

            if __name__ == "__main__":
                print(multiplication_table(number=5, number_of_terms=10))
            """
        )


def test_a_quantum_circuit_is_no_circuit_constraint():
    """``cirq.Circuit()`` / ``tc.Circuit(n)`` build quantum circuits; only cpmpy's Circuit is a tour."""
    source = "import cirq\nimport tensorcircuit as tc\nc = cirq.Circuit()\nd = tc.Circuit(4)\n"
    _, evidence = score(source, Program(ast.parse(source)), None)
    assert not any("circuit constraint" in e.reason for e in evidence)
    starred = "from cpmpy import *\nx = intvar(0, 3, shape=4)\nm = Model(Circuit(x))\n"
    _, evidence = score(starred, Program(ast.parse(starred)), None)
    assert any("circuit constraint" in e.reason for e in evidence)


def test_a_dimod_model_built_term_by_term_and_a_qubo_dict_are_read_by_their_terms():
    """``bqm.add_variable(v, -1)``, ``bqm.add_interaction(u, v, 2)``: an independent set's model, with
    no edge list of its own; the same model as the dict ``sample_qubo`` takes."""
    built = parse(
        """
        import dimod

        bqm = dimod.BinaryQuadraticModel("BINARY")
        for v in range(4):
            bqm.add_variable(v, -1)
        for u, v in [(0, 1), (1, 2), (2, 0), (2, 3)]:
            bqm.add_interaction(u, v, 2)
        print(dimod.ExactSolver().sample(bqm).first)
        """
    )
    assert built.family == "mis" and len(built.spec.canonical["graph"]["edges"]) == 4
    written = parse(
        """
        from dwave.system import DWaveSampler, EmbeddingComposite

        Q = {(0, 0): -1, (1, 1): -1, (2, 2): -1, (0, 1): 2, (1, 2): 2}
        print(EmbeddingComposite(DWaveSampler()).sample_qubo(Q, num_reads=100).first)
        """
    )
    assert written.family == "mis" and written.spec.canonical["graph"]["nodes"] == 3


def test_cpmpys_circuit_imported_by_name_is_a_circuit_constraint():
    for imported, made in (
        ("from cpmpy import Circuit, Model, intvar", "Circuit(x)"),
        ("import cpmpy", "cpmpy.Circuit(x)"),
    ):
        source = f"{imported}\nx = intvar(0, 3, shape=4)\nm = Model({made})\n"
        _, evidence = score(source, Program(ast.parse(source)), None)
        assert any("circuit constraint" in e.reason for e in evidence), imported
