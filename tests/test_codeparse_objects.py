"""Data held in objects, as real programs hold it (issue 25): a graph class of the program's own
whose methods add edges, records (``@dataclass``, ``NamedTuple``, ``namedtuple``) holding edges or
cities, and graphs of other graph libraries (igraph, rustworkx, jgrapht). The reader follows the
methods without running the program; what it cannot follow stays unknown and is refused."""

from __future__ import annotations

import textwrap

import networkx as nx
import pytest

from c2q.codeparse import parse_program
from c2q.errors import ProgramError


def parse(source: str):
    return parse_program(textwrap.dedent(source), "prog.py")


def edges_of(parsed) -> list[list[int]]:
    return sorted(sorted(edge[:2]) for edge in parsed.spec.canonical["graph"]["edges"])


def test_a_graph_class_filled_by_its_add_edge_method():
    parsed = parse(
        """
        from collections import defaultdict

        class Graph:
            def __init__(self, vertices):
                self.V = vertices
                self.graph = defaultdict(list)

            def add_edge(self, u, v):
                self.graph[u].append(v)
                self.graph[v].append(u)

            def greedy_coloring(self):
                result = [-1] * self.V
                for u in range(self.V):
                    result[u] = 0
                return result

        g = Graph(5)
        for u, v in [(0, 1), (0, 2), (1, 2), (1, 3), (3, 4)]:
            g.add_edge(u, v)
        print(g.greedy_coloring())
        """
    )
    assert parsed.family == "kcolor"
    assert parsed.spec.canonical["graph"]["nodes"] == 5
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [1, 3], [3, 4]]
    assert "g.graph" in parsed.sources["graph.edges"]


def test_a_matrix_set_on_the_object_and_the_number_of_colours_passed_to_the_method():
    parsed = parse(
        """
        class Graph:
            def __init__(self, vertices):
                self.V = vertices
                self.graph = [[0 for column in range(vertices)] for row in range(vertices)]

            def is_safe(self, v, colour, c):
                return all(not (self.graph[v][i] == 1 and colour[i] == c) for i in range(self.V))

            def graph_colouring(self, m):
                colour = [0] * self.V
                return colour

        g = Graph(4)
        g.graph = [[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]]
        g.graph_colouring(3)
        """
    )
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [0, 3], [1, 2], [2, 3]]


def test_a_bipartiteness_check_is_two_colouring_and_its_start_node_is_not_a_colour_count():
    parsed = parse(
        """
        class Graph:
            def __init__(self, n):
                self.n = n
                self.adj = [[0] * n for _ in range(n)]

            def is_bipartite(self, src):
                color = [-1] * self.n
                color[src] = 1
                return True

        g = Graph(4)
        g.adj = [[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]]
        print(g.is_bipartite(0))
        """
    )
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 2


def test_an_inherited_method_and_a_class_constant():
    parsed = parse(
        """
        class Base:
            N = 4

            def __init__(self):
                self.edges = []

            def connect(self, u, v):
                self.edges.append((u, v))

        class Problem(Base):
            def max_cut(self):
                best = 0
                for mask in range(2 ** self.N):
                    best = max(best, sum((mask >> u & 1) != (mask >> v & 1) for u, v in self.edges))
                return best

        p = Problem()
        p.connect(0, 1)
        p.connect(1, 2)
        p.connect(2, 3)
        print(p.max_cut())
        """
    )
    assert parsed.family == "maxcut"
    assert edges_of(parsed) == [[0, 1], [1, 2], [2, 3]]


def test_an_object_whose_edges_come_from_input_is_refused():
    with pytest.raises(ProgramError):
        parse(
            """
            class Graph:
                def __init__(self):
                    self.edges = []

                def add_edge(self, u, v):
                    self.edges.append((u, v))

                def max_cut(self):
                    return 0

            g = Graph()
            g.add_edge(0, 1)
            g.add_edge(int(input()), 2)
            print(g.max_cut())
            """
        )


@pytest.mark.parametrize(
    "record",
    [
        "from dataclasses import dataclass\n@dataclass\nclass Edge:\n    u: int\n    v: int\n    w: float = 1.0",
        "from typing import NamedTuple\nclass Edge(NamedTuple):\n    u: int\n    v: int\n    w: float = 1.0",
        "from collections import namedtuple\nEdge = namedtuple('Edge', 'u v w', defaults=[1.0])",
    ],
    ids=["dataclass", "NamedTuple", "namedtuple"],
)
def test_edges_held_in_records(record: str):
    program = record + textwrap.dedent(
        """

        def max_cut(n, edges):
            return max(sum(e.w for e in edges if (s >> e.u & 1) != (s >> e.v & 1)) for s in range(2 ** n))

        edges = [Edge(0, 1, 2.0), Edge(1, 2), Edge(2, 0, 3.0)]
        print(max_cut(3, edges))
        """
    )
    parsed = parse_program(program, "prog.py")
    assert parsed.family == "maxcut"
    assert sorted(map(tuple, parsed.spec.canonical["graph"]["edges"])) == [(0, 1, 2.0), (1, 2, 1.0), (2, 0, 3.0)]


def test_an_igraph_graph_from_n_and_edges():
    parsed = parse(
        """
        import igraph as ig
        g = ig.Graph(5, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)])
        print(g.maximum_independent_vertex_sets())
        print(ig.Graph.independence_number(g))
        """
    )
    assert parsed.family == "mis"
    assert parsed.spec.canonical["graph"]["nodes"] == 5 and len(parsed.spec.canonical["graph"]["edges"]) == 5


def test_a_rustworkx_graph_whose_nodes_are_the_indices_it_hands_out():
    parsed = parse(
        """
        import rustworkx as rx
        graph = rx.PyGraph()
        a = graph.add_node("A")
        b = graph.add_node("B")
        c = graph.add_node("C")
        graph.add_edges_from([(a, b, 2.0), (b, c, 1.0), (a, c, 4.0)])

        def max_cut(g):
            return 0

        print(max_cut(graph))
        """
    )
    assert parsed.family == "maxcut"
    assert sorted(map(tuple, parsed.spec.canonical["graph"]["edges"])) == [(0, 1, 2.0), (0, 2, 4.0), (1, 2, 1.0)]


def test_a_jgrapht_graph_built_at_module_level():
    parsed = parse(
        """
        import jgrapht
        import jgrapht.algorithms.cliques as cliques
        g = jgrapht.create_graph(directed=False)
        for i in range(5):
            g.add_vertex(i)
        for u, v in [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4)]:
            g.add_edge(u, v)
        for clique in cliques.bron_kerbosch(g):  # maximal cliques
            print(clique)
        """
    )
    assert parsed.family == "clique"
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3], [3, 4]]


def test_a_directed_foreign_graph_is_not_read():
    with pytest.raises(ProgramError):
        parse(
            """
            import jgrapht
            g = jgrapht.create_graph(directed=True)
            g.add_vertex(0)
            g.add_vertex(1)
            g.add_edge(0, 1)
            print(max_cut(g))
            """
        )


def test_a_data_model_dict_built_by_a_function_that_main_reads():
    parsed = parse(
        """
        \"\"\"Simple travelling salesperson problem between cities.\"\"\"
        from ortools.constraint_solver import pywrapcp

        def create_data_model():
            data = {}
            data["distance_matrix"] = [[0, 5, 9], [5, 0, 4], [9, 4, 0]]
            data["num_vehicles"] = 1
            data["depot"] = 0
            return data

        def main():
            data = create_data_model()
            manager = pywrapcp.RoutingIndexManager(len(data["distance_matrix"]), data["num_vehicles"], data["depot"])
            routing = pywrapcp.RoutingModel(manager)
            solution = routing.SolveWithParameters(pywrapcp.DefaultRoutingSearchParameters())
            if solution:
                print("Route for vehicle 0:", solution.ObjectiveValue())

        if __name__ == "__main__":
            main()
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"] == [[0, 5, 9], [5, 0, 4], [9, 4, 0]]
    assert "data['distance_matrix']" in parsed.sources["distance_matrix"]


def test_an_example_function_nothing_calls_is_read_when_the_module_has_no_data():
    parsed = parse(
        """
        import networkx as nx

        def independent_set_example():
            graph = nx.Graph()
            graph.add_edge(1, 2)
            graph.add_edge(2, 3)
            graph.add_edge(3, 4)
            print(nx.maximal_independent_set(graph, seed=1))
        """
    )
    assert parsed.family == "mis"
    assert parsed.spec.canonical["graph"]["labels"] == [1, 2, 3, 4]


def test_a_test_case_runs_its_tests_after_set_up_as_its_runner_does():
    """A library's unit test: ``setUp`` builds a seeded graph, a ``test_`` method hands it to the
    library's problem class; the runner calls both, so the graph is the instance."""
    source = """
        import unittest
        import networkx as nx
        from qiskit_optimization.applications import Maxcut

        class TestMaxcut(unittest.TestCase):
            def setUp(self):
                super().setUp()
                self.graph = nx.gnm_random_graph(6, 8, seed=4)

            def test_to_quadratic_program(self):
                problem = Maxcut(self.graph).to_quadratic_program()
                self.assertEqual(problem.get_num_vars(), 6)
        """
    parsed = parse(source)
    expected = nx.gnm_random_graph(6, 8, seed=4)
    assert parsed.family == "maxcut"
    assert sorted(map(sorted, (e[:2] for e in parsed.spec.canonical["graph"]["edges"]))) == sorted(
        map(sorted, expected.edges)
    )
    with pytest.raises(ProgramError):  # a test that takes fixtures: what its runner passes is unknown
        parse(source.replace("def test_to_quadratic_program(self):", "def test_to_quadratic_program(self, g):"))


def test_a_driver_called_with_a_flag_is_followed_as_a_script():
    """``main(use_qiskit)``: the driver takes a flag, not data; the problem object it builds holds the graph."""
    parsed = parse(
        """
        import torchquantum as tq

        class MAXCUT(tq.QuantumModule):
            def __init__(self, n_wires, input_graph):
                super().__init__()
                self.n_wires = n_wires
                self.input_graph = input_graph

            def forward(self, qdev, gamma):
                for u, v in self.input_graph:
                    qdev.rzz(wires=[u, v], params=gamma)

        def main(use_qiskit):
            input_graph = [(0, 1), (0, 3), (1, 2), (2, 3)]
            model = MAXCUT(n_wires=4, input_graph=input_graph)
            optimise(model, use_qiskit=use_qiskit)

        if __name__ == "__main__":
            use_qiskit = False
            main(use_qiskit)
        """
    )
    assert parsed.family == "maxcut"
    assert sorted(map(sorted, (e[:2] for e in parsed.spec.canonical["graph"]["edges"]))) == [
        [0, 1],
        [0, 3],
        [1, 2],
        [2, 3],
    ]


def test_a_result_a_function_returns_is_not_read_as_the_scripts_data():
    """``cover = vertex_cover(...)`` is what the program computes, not an input."""
    with pytest.raises(ProgramError):
        parse(
            """
            def vertex_cover():
                return [0, 2]

            def main():
                cover = vertex_cover()
                print(len(cover), cover)

            main()
            """
        )


ANNEALER = """
import math
import random
from collections import defaultdict
from simanneal import Annealer


def distance(a, b):
    return math.acos(math.cos(a[0] - b[0]) * math.cos(a[1] - b[1]))


class TravellingSalesman(Annealer):
    def __init__(self, state, distances):
        self.distances = distances
        super(TravellingSalesman, self).__init__(state)

    def energy(self):
        return sum(self.distances[self.state[i - 1]][self.state[i]] for i in range(len(self.state)))


cities = {"a": (0.0, 0.0), "b": (0.5, 0.0), "c": (0.5, 0.5), "d": (0.0, 0.5)}
{padding}
distances = defaultdict(dict)
for ka, va in cities.items():
    for kb, vb in cities.items():
        distances[ka][kb] = 0.0 if ka == kb else distance(va, vb)
tour = list(cities)
random.shuffle(tour)
problem = TravellingSalesman(tour, distances)
state, length = problem.anneal()
"""


PADDING = "for i in range(300):\n    distance((0, 0), (i, i))"


@pytest.mark.parametrize("padding", ["", PADDING], ids=["", "after 300 calls"])
def test_a_library_solver_subclass_is_run_on_the_data_its_constructor_takes(padding: str):
    """simanneal's ``Annealer`` subclassed: the library runs the object (``problem.anneal()``), so the
    constructor's arguments are the instance (its unknown, shuffled start state is not data); the
    distance table is a dict of dicts with zeros on its diagonal, filled through ``defaultdict(dict)``
    with great-circle distances (``math.acos``). Many calls of a helper before it do not hide it."""
    parsed = parse(ANNEALER.replace("{padding}", padding))
    assert parsed.family == "tsp" and "TravellingSalesman(tour, distances)" in parsed.call
    matrix = parsed.spec.canonical["distance_matrix"]
    assert len(matrix) == 4 and matrix[0][0] == 0 and abs(matrix[0][1] - 0.5) < 1e-9


def test_an_object_of_a_class_of_the_programs_own_is_not_read_from_its_constructor():
    """Without a library base, the object's methods say what it computes: its constructor is no entry."""
    source = ANNEALER.replace("(Annealer)", "").replace("problem.anneal()", "problem.energy()")
    source = source.replace("super(TravellingSalesman, self).__init__(state)", "self.state = state")
    with pytest.raises(ProgramError):
        parse(source.replace("{padding}", ""))


SOLUTION_CLASS = """
class Solution:
    def largest(self, n, edges):
        best = []
        for mask in range(1 << n):
            chosen = [v for v in range(n) if mask >> v & 1]
            if all(not (u in chosen and v in chosen) for u, v in edges) and len(chosen) > len(best):
                best = chosen
        return best


print({call}.largest(5, [(0, 1), (1, 2), (2, 3), (3, 4)]))
"""


@pytest.mark.parametrize("call", ["Solution()", "(Solution())"])
def test_a_method_called_on_an_object_made_in_the_same_expression(call: str):
    """``Solution().method(data)`` (the LeetCode form): the object made there is the method's owner,
    the call is the entry and what it returns says the family."""
    parsed = parse(SOLUTION_CLASS.format(call=call))
    assert parsed.family == "mis" and edges_of(parsed) == [[0, 1], [1, 2], [2, 3], [3, 4]]
    assert any("returns a maximum independent set" in str(e) for e in parsed.evidence)


RECORD_GRAPH = """
from dataclasses import dataclass, field


@dataclass
class Graph:
    n: int
    edges: list = field(default_factory=list)
    name: str = field(default="g")

    def add(self, u, v):
        self.edges.append((u, v))

    def max_cut(self):
        best = 0
        for mask in range(1 << self.n):
            best = max(best, sum((mask >> u & 1) != (mask >> v & 1) for u, v in self.edges))
        return best


g = Graph(4)
for u, v in [(0, 1), (1, 2), (2, 3), (3, 0)]:
    g.add(u, v)
print(g.max_cut())
"""


def test_a_record_class_with_field_defaults_filled_by_its_methods():
    """``field(default_factory=list)`` is a new list per object; the object's ``add`` builds it and
    ``max_cut`` is the entry."""
    parsed = parse(RECORD_GRAPH)
    assert parsed.family == "maxcut" and edges_of(parsed) == [[0, 1], [0, 3], [1, 2], [2, 3]]


def test_a_method_named_add_on_an_unknown_object_is_no_addition():
    """``g.add(u, v)`` on an object c2q cannot follow is not the arithmetic library call ``operator.add``:
    the program is refused, never read as 3 + 0."""
    with pytest.raises(ProgramError) as caught:
        parse(RECORD_GRAPH.replace("field(default_factory=list)", "make_list()"))
    assert caught.value.family != "add"


ADJACENCY_LIST_GRAPH = """
class Graph:
    def __init__(self, vertices):
        self.V = vertices
        self.adj = [[] for _ in range(vertices)]

    def add_edge(self, u, v):
        self.adj[u].append(v)
        {back}

    def vertex_cover(self):
        visited = [False] * self.V
        for u in range(self.V):
            if not visited[u]:
                for v in self.adj[u]:
                    if not visited[v]:
                        visited[v] = visited[u] = True
                        break
        return [i for i in range(self.V) if visited[i]]


g = Graph(5)
g.add_edge(0, 1); g.add_edge(0, 2); g.add_edge(1, 3); g.add_edge(3, 4)
print(g.vertex_cover())
"""


def test_an_adjacency_list_indexed_by_node_is_a_graph():
    """``self.adj[u].append(v)`` and ``self.adj[v].append(u)``: node i's neighbours at index i."""
    parsed = parse(ADJACENCY_LIST_GRAPH.replace("{back}", "self.adj[v].append(u)"))
    assert parsed.family == "vc" and edges_of(parsed) == [[0, 1], [0, 2], [1, 3], [3, 4]]


def test_lists_of_indices_filled_one_way_are_not_read_as_a_graph():
    """Without the way back the lists are not an undirected graph's adjacency (a tree's children,
    a digraph): refused."""
    with pytest.raises(ProgramError):
        parse(ADJACENCY_LIST_GRAPH.replace("{back}", "pass"))
