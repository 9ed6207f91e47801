"""Values built by code, as real programs build them (issue 25): loops that fill containers, helper
functions, networkx generators, numpy arrays, strings parsed at run time. The reader still never runs
the program: each test says what the program's own data is, and a value that depends on anything
unknowable must be refused, never guessed."""

from __future__ import annotations

import ast
import math
import textwrap

import networkx as nx
import pytest

from c2q.codeparse import parse_program
from c2q.codeparse.family import score
from c2q.codeparse.values import Program
from c2q.errors import ProgramError


def parse(source: str):
    return parse_program(textwrap.dedent(source), "prog.py")


def edges_of(parsed) -> list[list[int]]:
    return sorted(sorted(edge[:2]) for edge in parsed.spec.canonical["graph"]["edges"])


def test_nested_loops_with_a_condition_fill_an_edge_list():
    parsed = parse(
        """
        def max_cut(n, edges):
            return max(sum((s >> u & 1) != (s >> v & 1) for u, v in edges) for s in range(2 ** n))
        n = 6
        edges = []
        for i in range(n):
            for j in range(i + 1, n):
                if (i + j) % 3 == 0:
                    edges.append((i, j))
        print(max_cut(n, edges))
        """
    )
    assert parsed.family == "maxcut"
    assert edges_of(parsed) == [[0, 3], [1, 2], [1, 5], [2, 4], [4, 5]]


def test_adjacency_lists_built_with_defaultdict_and_setdefault():
    for build in (
        "adj = defaultdict(list)\nfor u, v in pairs:\n    adj[u].append(v)\n    adj[v].append(u)",
        "adj = {}\nfor u, v in pairs:\n    adj.setdefault(u, []).append(v)\n    adj.setdefault(v, []).append(u)",
    ):
        source = (
            "from collections import defaultdict\n"
            "def max_independent_set(adj):\n"
            "    best = []\n"
            "    return best\n"
            "pairs = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]\n" + build + "\nprint(max_independent_set(adj))\n"
        )
        parsed = parse_program(source, "prog.py")
        assert parsed.family == "mis"
        assert edges_of(parsed) == [[0, 1], [0, 2], [0, 3], [1, 2], [2, 3]]


def test_networkx_generators_are_built_by_networkx():
    parsed = parse(
        """
        import networkx as nx
        def greedy_coloring(G, k):
            return nx.coloring.greedy_color(G)
        G = nx.petersen_graph()
        greedy_coloring(G, 3)
        """
    )
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == sorted(sorted(e) for e in nx.petersen_graph().edges)
    seeded = parse(
        """
        import networkx as nx
        def maxcut(G):
            return 0
        G = nx.erdos_renyi_graph(9, 0.4, seed=11)
        maxcut(G)
        """
    )
    assert edges_of(seeded) == sorted(sorted(e) for e in nx.erdos_renyi_graph(9, 0.4, seed=11).edges)


def test_an_unseeded_random_graph_is_refused_not_guessed():
    with pytest.raises(ProgramError, match="G"):
        parse(
            """
            import networkx as nx
            def maxcut(G):
                return 0
            G = nx.erdos_renyi_graph(9, 0.4)
            maxcut(G)
            """
        )


def test_a_branch_on_an_unknown_value_makes_the_data_unknown():
    with pytest.raises(ProgramError):
        parse(
            """
            import random
            def max_cut(edges):
                return 0
            edges = [(0, 1)]
            for i in range(1, 6):
                if random.random() < 0.5:
                    edges.append((i, i + 1))
            max_cut(edges)
            """
        )


def test_numpy_adjacency_matrix_filled_item_by_item():
    parsed = parse(
        """
        import numpy as np
        def vertex_cover(A):
            return 0
        n = 4
        A = np.zeros((n, n), dtype=int)
        for u, v in [(0, 1), (1, 2), (2, 3)]:
            A[u, v] = 1
            A[v][u] = 1
        vertex_cover(A)
        """
    )
    assert parsed.family == "vc" and edges_of(parsed) == [[0, 1], [1, 2], [2, 3]]


def test_rows_and_columns_of_a_numpy_matrix_by_slices():
    """``a[i, :]`` is row i and ``a[:, j]`` column j, as numpy reads them."""
    program = Program(ast.parse("a = [[0, 1, 2], [3, 4, 5]]\nrow = a[1, :]\ncolumn = a[:, 2]\ncorner = a[1:, :1]\n"))
    assert program.env["row"].obj == [3, 4, 5]
    assert program.env["column"].obj == [2, 5]
    assert program.env["corner"].obj == [[3]]


def test_nested_tables_by_defaultdict_of_dict_and_inverse_trigonometry():
    program = Program(
        ast.parse(
            "import math\nfrom collections import defaultdict\nd = defaultdict(dict)\n"
            "d['a']['b'] = math.acos(0.0) + math.asin(1.0) + math.atan(1.0)\n"
        )
    )
    assert program.env["d"].obj == {"a": {"b": math.acos(0.0) + math.asin(1.0) + math.atan(1.0)}}


def test_a_distance_table_with_zeros_on_its_diagonal_is_a_weighted_graph():
    """``dist[a][a] = 0`` is a node's distance to itself, not a loop: the table is a complete graph."""
    parsed = parse(
        """
        def tsp(dist):
            return 0
        dist = {"x": {"x": 0, "y": 2, "z": 9}, "y": {"x": 2, "y": 0, "z": 6}, "z": {"x": 9, "y": 6, "z": 0}}
        tsp(dist)
        """
    )
    assert parsed.spec.canonical["distance_matrix"] == [[0, 2, 9], [2, 0, 6], [9, 6, 0]]


def test_modular_powers_and_divmod():
    program = Program(ast.parse("a = pow(7, 128, 15)\nb = pow(3, 4)\nc = divmod(17, 5)\nd = pow(2, 100000)\n"))
    assert program.env["a"].obj == pow(7, 128, 15) and program.env["b"].obj == 81
    assert program.env["c"].obj == (3, 2)
    assert "d" not in program.env  # past a few thousand bits: not followed


def test_a_generator_is_the_list_of_what_it_yields():
    """``yield`` and ``yield from`` (also after a ``return`` ends it early); one that never ends is unknown."""
    program = Program(
        ast.parse(
            textwrap.dedent(
                """
                def ring(n):
                    for i in range(n):
                        yield (i, (i + 1) % n)
                    yield from [(0, 2)]
                    return
                    yield (9, 9)

                def forever():
                    while True:
                        yield 1

                edges = list(ring(3))
                chords = [e for e in ring(4) if e[0] == 0]
                endless = list(forever())
                """
            )
        )
    )
    assert program.env["edges"].obj == [(0, 1), (1, 2), (2, 0), (0, 2)]
    assert program.env["chords"].obj == [(0, 1), (0, 2)]
    assert "endless" not in program.env


def test_a_match_statement_on_a_known_subject():
    """The first case that matches runs (values, alternatives, captures with a guard, ``_``); a
    pattern of another kind (a sequence) is not followed."""
    program = Program(
        ast.parse(
            textwrap.dedent(
                """
                size = 4
                match size:
                    case 1 | 2:
                        edges = []
                    case n if n > 3:
                        edges = [(i, i + 1) for i in range(n - 1)]
                    case _:
                        edges = None
                match "ring":
                    case "path":
                        kind = 0
                    case _:
                        kind = 1
                match [1, 2]:
                    case [a, b]:
                        other = a + b
                """
            )
        )
    )
    assert program.env["edges"].obj == [(0, 1), (1, 2), (2, 3)] and program.env["n"].obj == 4
    assert program.env["kind"].obj == 1
    assert "other" not in program.env


def test_the_body_of_a_with_statement_is_followed():
    """The data and the call inside ``with open(...) as fh:`` are read; ``fh`` itself is unknown."""
    parsed = parse(
        """
        def max_cut(n, edges):
            return 0
        with open("out.txt", "w") as fh:
            edges = [(0, 1), (1, 2), (2, 0)]
            fh.write(str(max_cut(3, edges)))
        """
    )
    assert parsed.family == "maxcut" and edges_of(parsed) == [[0, 1], [0, 2], [1, 2]]


@pytest.mark.parametrize("conversion", ["nx.to_numpy_array(G)", "nx.adjacency_matrix(G).todense()"])
def test_a_graph_converted_to_its_adjacency_matrix(conversion: str):
    """The Qiskit tutorials' ``w = nx.adjacency_matrix(G).todense()`` handed to ``Maxcut(w)``: rows in
    the graph's node order, each edge's weight at both ends."""
    program = Program(
        ast.parse(
            "import networkx as nx\nG = nx.Graph()\nG.add_nodes_from([2, 0, 1])\n"
            f"G.add_weighted_edges_from([(0, 1, 2.0), (1, 2, 1.0)])\nw = {conversion}\n"
        )
    )
    assert program.env["w"].obj == [[0, 0, 1.0], [0, 0, 2.0], [1.0, 2.0, 0]]


def test_a_helper_function_that_returns_the_data():
    parsed = parse(
        """
        def ring(n):
            edges = []
            k = 0
            while k < n:
                edges.append((k, (k + 1) % n))
                k += 1
            return edges
        def max_clique(edges):
            return []
        edges = ring(5)
        max_clique(edges)
        """
    )
    assert parsed.family == "clique" and edges_of(parsed) == [[0, 1], [0, 4], [1, 2], [2, 3], [3, 4]]


def test_break_and_continue_are_followed():
    parsed = parse(
        """
        def maxcut(edges):
            return 0
        edges = []
        for i in range(100):
            if i == 2:
                continue
            if i == 5:
                break
            edges.append((i, i + 1))
        maxcut(edges)
        """
    )
    assert edges_of(parsed) == [[0, 1], [1, 2], [3, 4], [4, 5]]


def test_a_distance_matrix_computed_from_coordinates():
    parsed = parse(
        """
        import math
        from itertools import permutations
        def tsp(dist):
            n = len(dist)
            return min(permutations(range(n)), key=lambda p: sum(dist[p[i]][p[i - 1]] for i in range(n)))
        cities = [(0, 0), (3, 4), (6, 0), (3, -4)]
        n = len(cities)
        dist = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(n):
                dist[i][j] = math.sqrt((cities[i][0] - cities[j][0]) ** 2 + (cities[i][1] - cities[j][1]) ** 2)
        print(tsp(dist))
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0] == [0.0, 5.0, 6.0, 5.0]


def test_edges_parsed_from_a_string_and_operands_from_bit_strings():
    parsed = parse(
        '''
        def max_cut(edges):
            return 0
        data = """0 1
        1 2
        2 0"""
        edges = [tuple(map(int, line.split())) for line in data.splitlines()]
        max_cut(edges)
        '''
    )
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2]]
    added = parse(
        """
        def add_binary(a, b):
            return a + b
        x = int("1011", 2)
        y = int("110", 2)
        print(add_binary(x, y))
        """
    )
    assert added.family == "add" and added.spec.canonical["operands"] == [11, 6]


def test_work_is_bounded():
    """A loop far past the step budget leaves its data unknown (a refusal), in well under a second."""
    import time

    start = time.perf_counter()
    with pytest.raises(ProgramError):
        parse(
            """
            def max_cut(edges):
                return 0
            edges = []
            i = 0
            while True:
                i += 1
                if i % 7 == 0:
                    edges.append((i % 5, (i + 1) % 5))
            max_cut(edges)
            """
        )
    assert time.perf_counter() - start < 5


def test_a_script_without_functions_reads_its_inputs_not_its_results():
    parsed = parse(
        """
        n = 5
        edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)]
        best = []
        for mask in range(1 << n):
            chosen = [v for v in range(n) if mask >> v & 1]
            if all(not (u in chosen and v in chosen) for u, v in edges) and len(chosen) > len(best):
                best = chosen
        size = len(best)
        print("maximum independent set:", best, size)
        """
    )
    assert parsed.family == "mis"
    assert parsed.spec.canonical["graph"]["nodes"] == 5  # not the answer's size, nor its nodes
    assert edges_of(parsed) == [[0, 1], [0, 4], [1, 2], [2, 3], [3, 4]]


@pytest.mark.parametrize(
    "source",
    [
        # Karger's randomised min cut: a cut, but not MaxCut
        "import random\ndef karger_min_cut(edges):\n    return 0\nkarger_min_cut([(0, 1), (1, 2), (2, 0)])\n",
        # max flow on a capacity matrix: not a tour
        "def ford_fulkerson(capacity, source, sink):\n    return 0\n"
        "ford_fulkerson([[0, 3, 2], [0, 0, 1], [0, 0, 0]], 0, 2)\n",
        # a primality test and a sieve: not factoring
        "def is_prime(n):\n    return all(n % d for d in range(2, n))\nprint(is_prime(97))\n",
        "def sieve(limit):\n    primes = []\n    return primes\nsieve(100)\n",
        # a shortest path: neither a tour nor a colouring
        "import networkx as nx\nG = nx.Graph()\nG.add_edges_from([(0, 1), (1, 2)])\nprint(nx.dijkstra_path(G, 0, 2))\n",
        # a prize-collecting tour (it may skip cities, paying their penalty): not a travelling salesman's
        "import math\n# prize-collecting TSP: skip a city and pay its penalty\n"
        "def tour(cities, penalty):\n    return [0]\n"
        "tour([(0, 0), (3, 4), (6, 0)], [5, 5, 5])\n",
    ],
)
def test_near_misses_are_refused_not_read_as_a_family(source):
    with pytest.raises(ProgramError):
        parse_program(source, "near_miss.py")


def test_data_a_function_reads_from_module_level_names():
    """Bron-Kerbosch over a global adjacency matrix: the graph is the module's, not an argument."""
    parsed = parse(
        """
        graph = [[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]]
        def neighbours(v):
            return [u for u, x in enumerate(graph[v]) if x]
        def bron_kerbosch(r, p, x):
            if not p and not x:
                print(r)
            for v in p[:]:
                bron_kerbosch(r + [v], [u for u in p if u in neighbours(v)], [u for u in x if u in neighbours(v)])
                p.remove(v)
                x.append(v)
        bron_kerbosch([], [0, 1, 2, 3], [])
        """
    )
    assert parsed.family == "clique" and edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_a_script_with_two_graphs_uses_the_one_it_hands_over_or_refuses():
    handed = parse(
        """
        import networkx as nx
        seed_graph = nx.Graph([(0, 1), (1, 2)])
        graph = nx.Graph()
        for i in range(3):
            for u, v in seed_graph.edges:
                graph.add_edge(u + 3 * i, v + 3 * i)
        print(nx.algorithms.approximation.min_weighted_vertex_cover(graph))
        """
    )
    assert handed.family == "vc" and len(handed.spec.canonical["graph"]["edges"]) == 6
    with pytest.raises(ProgramError):  # two graphs, nothing says which: refused
        parse(
            """
            first = [(0, 1), (1, 2)]
            second = [(0, 1), (1, 2), (2, 3)]
            best = 0
            for mask in range(16):
                cut = sum((mask >> u & 1) != (mask >> v & 1) for u, v in first + second)
                best = max(best, cut)
            print("max cut", best)
            """
        )


def test_a_colour_count_read_from_input_is_refused_not_dropped():
    with pytest.raises(ProgramError, match="`m`"):
        parse(
            """
            def is_safe(graph, m, v):
                return True
            def solve(graph, m, v):
                return is_safe(graph, m, v)
            graph = [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
            colours = [-1] * 3
            m = int(input("number of colours: "))
            if solve(graph, m, 0):
                print("colourable", colours)
            """
        )


def test_a_function_called_on_several_instances_is_read_at_its_last_call():
    """Tests first, then the run (or simply two examples): the last call is the instance, and a
    note names the other calls so that the user knows there was a choice."""
    parsed = parse(
        """
        def multiply(a, b):
            res = 0
            while b > 0:
                if b % 2 == 1:
                    res += a
                a *= 2
                b //= 2
            return res

        print(multiply(18, 24))
        print(multiply(20, 12))
        """
    )
    assert parsed.spec.canonical["operands"] == [20, 12]
    assert any("2 times" in note and "line 11" in note for note in parsed.notes)
    same = parse(
        """
        def multiply(a, b):
            return a * b

        print(multiply(20, 12))
        print(multiply(20, 12))
        """
    )
    assert same.spec.canonical["operands"] == [20, 12]
    assert not any("times" in note for note in same.notes)


def test_a_set_of_integers_is_iterated_in_increasing_order():
    """As Python iterates a set of small integers (``for j in set(range(12))``): 10 after 9, not
    after 1, so a matrix built over the set keeps its rows and columns in place."""
    parsed = parse(
        """
        def tsp(c):
            return c
        V = set(range(12))
        c = [[abs(i - j) * (i + j + 1) for j in V] for i in V]
        tsp(c)
        """
    )
    matrix = parsed.spec.canonical["distance_matrix"]
    assert matrix[2][10] == 8 * 13
    assert matrix[10][11] == 1 * 22


def test_names_from_a_star_import_count_as_a_library_s_names():
    """``from lib import *`` then ``create_max_indep_set_mixer(G)``: a library function the program
    does not define, whose name says what it solves."""
    source = "from qlib import *\nimport networkx as nx\nG = nx.cycle_graph(5)\nrun(create_max_indep_set_mixer(G))\n"
    program = Program(ast.parse(source))
    assert program.star_imports == ["qlib"]
    _scores, evidence = score(source, program, "graph")
    assert any("library function's name" in item.reason and item.family == "mis" for item in evidence)


def test_a_dict_of_dicts_is_a_weighted_graph():
    """``{node: {neighbour: weight}}``, as networkx and most Dijkstra programs hold a graph."""
    parsed = parse(
        """
        def max_cut(g):
            return g

        g = {"a": {"b": 3, "c": 1}, "b": {"a": 3, "c": 2}, "c": {"a": 1, "b": 2}}
        max_cut(g)
        """
    )
    assert sorted(tuple(e) for e in parsed.spec.canonical["graph"]["edges"]) == [(0, 1, 3), (0, 2, 1), (1, 2, 2)]
    with pytest.raises(ProgramError):  # the two directions disagree: capacities, not an undirected graph
        parse("def max_cut(g):\n    return g\nmax_cut({0: {1: 3}, 1: {0: 5}})\n")


def test_adding_to_a_container_is_not_an_addition():
    """``graph.addEdge(1, 2, weight=7)`` builds a graph; a path search called afterwards on two
    node numbers is not the addition of 4 and 6."""
    program = """
        class Graph:
            def __init__(self):
                self.adj = {}

            def addEdge(self, a, b, weight=1):
                self.adj.setdefault(a, {})[b] = weight
                self.adj.setdefault(b, {})[a] = weight

        def walk(graph, start, goal):
            seen, todo = [], [start]
            while todo:
                v = todo.pop()
                if v == goal:
                    return seen + [v]
                if v not in seen:
                    seen.append(v)
                    todo.extend(graph.adj[v])
            return None

        graph = Graph()
        graph.addEdge(1, 2, weight=7)
        graph.addEdge(2, 4, weight=16)
        graph.addEdge(4, 6, weight=6)
        print(walk(graph, 4, 6))
        """
    with pytest.raises(ProgramError):
        parse(program)


def test_a_numpy_matrix_converted_with_astype():
    parsed = parse(
        """
        import numpy as np

        def tsp(d):
            return d

        d = np.zeros((3, 3))
        d[0][1] = d[1][0] = 2.7
        d[0][2] = d[2][0] = 9.2
        d[1][2] = d[2][1] = 6.1
        tsp(d.astype(int))
        """
    )
    assert parsed.spec.canonical["distance_matrix"] == [[0, 2, 9], [2, 0, 6], [9, 6, 0]]


def test_an_adjacency_list_filled_one_way_is_a_graph():
    """``graph[u].append(v)`` only (a node with no edges of its own is never a key)."""
    parsed = parse(
        """
        from collections import defaultdict

        class Graph:
            def __init__(self, vertices):
                self.V = vertices
                self.graph = defaultdict(list)

            def addEdge(self, u, v):
                self.graph[u].append(v)

            def vertexCover(self):
                seen = [False] * self.V
                for u in range(self.V):
                    if not seen[u]:
                        for v in self.graph[u]:
                            if not seen[v]:
                                seen[u] = seen[v] = True
                                break
                return [i for i in range(self.V) if seen[i]]

        g = Graph(7)
        for u, v in [(0, 1), (0, 2), (1, 3), (3, 4), (4, 5), (5, 6)]:
            g.addEdge(u, v)
        print(g.vertexCover())
        """
    )
    assert parsed.family == "vc"
    assert parsed.spec.canonical["graph"]["nodes"] == 7
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 3], [3, 4], [4, 5], [5, 6]]


def test_a_dict_of_numbers_is_not_an_adjacency_list():
    with pytest.raises(ProgramError):
        parse("def max_cut(g):\n    return g\nmax_cut({0: 1, 1: 2, 2: 0})\n")


def test_a_loop_calling_functions_over_and_over_records_a_bounded_number_of_calls():
    """A game or training loop at module level: each call used to be recorded with a copy of every
    value known then (a parse of minutes); now a bounded number are."""
    from c2q.codeparse.values import MAX_RECORDED_CALLS

    source = textwrap.dedent(
        """
        import random

        def step(state, table):
            return state + len(table)

        table = [[0] * 50 for _ in range(50)]
        state = 0
        for _ in range(1000):
            state = step(state, table)
            print(random.random())
        """
    )
    program = Program(ast.parse(source))
    assert len(program.calls) <= MAX_RECORDED_CALLS
    assert len(program.library_calls) <= MAX_RECORDED_CALLS


def value_of(source: str, name: str):
    """The value the interpreter holds for ``name`` after the module's statements."""
    return Program(ast.parse(textwrap.dedent(source))).env[name].obj


def test_heapq_changes_the_list_it_is_given_at_module_level_and_in_functions():
    source = """
        import heapq
        from heapq import heappop

        def smallest_two(items):
            heap = []
            for x in items:
                heapq.heappush(heap, -x)
            heapq.heapify(heap)
            return [-heappop(heap), -heappop(heap)]

        h = [5, 1, 4]
        heapq.heapify(h)
        heapq.heappush(h, 0)
        top = smallest_two([3, 9, 7])
        """
    assert value_of(source, "h") == [0, 1, 4, 5]
    assert value_of(source, "top") == [9, 7]


def test_a_heap_of_items_that_cannot_be_compared_is_forgotten():
    program = Program(ast.parse("import heapq\nh = [[1, 'a']]\nheapq.heappush(h, [1, 2])\n"))
    assert "h" not in program.env


@pytest.mark.parametrize("shuffle", ["import random\nrandom.shuffle(xs)", "import numpy as np\nnp.random.shuffle(xs)"])
def test_a_shuffled_list_is_no_longer_known(shuffle: str) -> None:
    # its order is the random draw's: reading it as written could give sub(4, 9) for sub(9, 4)
    program = Program(ast.parse(f"xs = [9, 4]\nys = [1, 2]\n{shuffle}\n"))
    assert "xs" not in program.env and "ys" in program.env


def test_deque_and_queue_are_first_in_first_out_lists():
    source = """
        from collections import deque
        from queue import Queue

        d = deque([1, 2])
        d.appendleft(0)
        first = d.popleft()
        q = Queue()
        q.put(5)
        q.put(6)
        got = q.get()
        left = q.qsize()
        empty = q.empty()
        """
    assert value_of(source, "d") == [1, 2]
    assert value_of(source, "first") == 0
    assert (value_of(source, "got"), value_of(source, "left"), value_of(source, "empty")) == (5, 1, False)


def test_getting_from_an_empty_queue_is_not_followed():
    program = Program(ast.parse("from queue import Queue\nq = Queue()\nx = q.get()\n"))
    assert "x" not in program.env


def test_del_removes_items_of_known_lists_and_dicts_and_forgets_names():
    source = """
        xs = [0, 1, 2, 3]
        del xs[1]
        d = {"a": 1, "b": 2}
        del d["a"]
        y = 1
        del y
        """
    program = Program(ast.parse(textwrap.dedent(source)))
    assert program.env["xs"].obj == [0, 2, 3]
    assert program.env["d"].obj == {"b": 2}
    assert "y" not in program.env


def test_del_of_a_missing_item_makes_the_container_unknown():
    program = Program(ast.parse("xs = [0, 1]\ndel xs[5]\nd = {1: 2}\ndel d[3]\n"))
    assert "xs" not in program.env and "d" not in program.env


def test_gmpy2_integer_functions_on_python_ints():
    source = """
        import gmpy2
        r = gmpy2.isqrt(5959)
        sq = gmpy2.is_square(49)
        not_sq = gmpy2.is_square(50)
        """
    assert (value_of(source, "r"), value_of(source, "sq"), value_of(source, "not_sq")) == (77, True, False)


def test_a_greedy_cover_with_a_heap_under_terse_names_is_read_from_what_it_returns():
    """No name says "cover": the heap-driven greedy is followed on probe graphs."""
    parsed = parse(
        """
        import heapq

        def f(g):
            q = []
            for k, v in g.items():
                heapq.heappush(q, [-1 * len(v), (k, v)])
            s = set()
            while q and q[0][0] != 0:
                a = heapq.heappop(q)[1][0]
                s.add(a)
                for e in q:
                    if e[0] == 0:
                        continue
                    if a in e[1][1]:
                        del e[1][1][e[1][1].index(a)]
                        e[0] += 1
                heapq.heapify(q)
            return s

        g = {0: [1, 3], 1: [0, 3], 2: [0, 3, 4], 3: [0, 1, 2], 4: [2, 3]}
        print(f(g))
        """
    )
    assert parsed.family == "vc"
    assert edges_of(parsed) == [[0, 1], [0, 2], [0, 3], [1, 3], [2, 3], [2, 4], [3, 4]]


def test_percent_formatting_and_f_strings_of_known_values():
    source = """
        i, j = 3, 4
        a = "x(%s)" % i
        b = "e%d_%d" % (i, j)
        c = f"x{i}_{j:02d}{'!'!r}"
        """
    assert (value_of(source, "a"), value_of(source, "b"), value_of(source, "c")) == ("x(3)", "e3_4", "x3_04'!'")


def test_an_f_string_of_an_unknown_value_is_unknown():
    program = Program(ast.parse("x = f'{input()}'\n"))
    assert "x" not in program.env


def test_a_call_in_an_assert_of_a_test_function_is_a_call_on_the_programs_data():
    parsed = parse(
        """
        def f(a, b):
            x, y, z = a, b, 0
            while x > 0:
                if x % 2 == 1:
                    z = z + y
                y = y << 1
                x = x >> 1
            return z

        def test():
            assert f(5, 15) == 75

        if __name__ == "__main__":
            test()
        """
    )
    assert parsed.family == "mul"
    assert parsed.spec.canonical["operands"] == [5, 15]


def test_an_integer_too_small_to_count_the_edges_nodes_is_not_the_node_count():
    """``solve(edges, steps=2)`` on nodes 0, 1, 2: the 2 is an option, and the nodes come from the edges."""
    parsed = parse(
        """
        def maxcut_qaoa(graph, steps=1):
            return graph

        maxcut_qaoa([(0, 1), (1, 2)], steps=2)
        """
    )
    assert parsed.spec.canonical["graph"]["nodes"] == 3


def test_a_library_solvers_call_on_a_graph_comes_before_an_own_function_without_one():
    """``print_cliques(cliques, name)`` prints what the library found and ``run(n_layers=2)`` takes a
    layer count: the instance is the graph handed to the library's clique solver."""
    parsed = parse(
        """
        import numpy as np
        from quick_cliques import find_cliques

        def show(found, title):
            print(title, found)

        def run(n_layers):
            return n_layers

        adj = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]], dtype=bool)
        found = find_cliques(adj, "tomita")
        show(found, "tomita")
        run(n_layers=2)
        """
    )
    assert parsed.family == "clique"
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_igraphs_famous_graphs_are_networkxs_named_graphs_unweighted():
    graph = value_of("import igraph as ig\ng = ig.Graph.Famous('Zachary')\n", "g")
    assert (len(graph.nodes), len(graph.edges)) == (34, 78)
    assert set(graph.edges.values()) == {None}
    assert Program(ast.parse("import igraph as ig\ng = ig.Graph.Famous('Nonesuch')\n")).env.get("g") is None


def test_a_library_method_of_a_graph_takes_the_graph_as_its_data():
    """igraph solves by methods: ``g.cliques(4, 4)`` asks for cliques of 4 nodes of ``g``; igraph's
    ``VertexCover`` (a cover of the nodes by groups, used to draw them) is not a vertex cover."""
    parsed = parse(
        """
        import igraph as ig
        g = ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 1), (0, 3), (3, 4)])
        found = g.cliques(4, 4)
        for c in found:
            ig.plot(ig.VertexCover(g, [c]), mark_groups=True)
        """
    )
    assert parsed.family == "clique"
    assert parsed.spec.canonical["k"] == 4
    assert len(edges_of(parsed)) == 7


def test_a_library_class_named_after_a_family_and_handed_a_graph_is_the_entry():
    """``MaxCliqueProblem(G)`` of a library c2q does not know: its name says the family, and the
    graph it is handed is the instance."""
    parsed = parse(
        """
        import networkx as nx
        from someqaoa.problems import MaxCliqueProblem

        if __name__ == "__main__":
            g = nx.bull_graph()
            program = MaxCliqueProblem(g, is_constrained=True)
            program.run()
        """
    )
    assert parsed.family == "clique"
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [1, 3], [2, 4]]


def test_a_library_class_named_after_a_family_without_a_graph_is_not_the_entry():
    """The example in an uncalled function is still read when the class is handed something unknown."""
    parsed = parse(
        """
        from lib import ColoringProblem, Graph

        def example():
            edges = [(1, 2), (1, 3), (2, 4)]
            nb_color = 2
            problem = ColoringProblem(Graph(edges=edges))
            print(edges, nb_color)
        """
    )
    assert parsed.family == "kcolor"


def test_a_seeded_geometric_graph_keeps_its_node_positions():
    source = """
        import networkx as nx
        G = nx.random_geometric_graph(6, radius=0.4, seed=3)
        pos = nx.get_node_attributes(G, "pos")
        H = G.copy()
        """
    expected = nx.get_node_attributes(nx.random_geometric_graph(6, radius=0.4, seed=3), "pos")
    assert value_of(source, "pos") == {n: list(p) for n, p in expected.items()}
    assert len(value_of(source, "H").edges) == nx.random_geometric_graph(6, radius=0.4, seed=3).number_of_edges()
    assert "G" not in Program(ast.parse("import networkx as nx\nG = nx.random_geometric_graph(6, 0.4)\n")).env


def test_among_library_calls_the_one_handed_a_graph_is_the_entry():
    """``math.hypot(dx, dy)`` takes two numbers while filling the graph; the tour solver takes the graph."""
    parsed = parse(
        """
        import math
        import networkx as nx
        import networkx.algorithms.approximation as nx_app
        pos = {0: (0, 0), 1: (3, 0), 2: (3, 4), 3: (0, 4)}
        G = nx.Graph()
        for i in range(4):
            for j in range(i + 1, 4):
                G.add_edge(i, j, weight=math.hypot(pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]))
        cycle = nx_app.christofides(G, weight="weight")
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0] == [0, 3.0, 5.0, 4.0]


def test_set_operators_and_methods_bitwise_not_and_bool_arithmetic_are_followed():
    env = Program(
        ast.parse(
            textwrap.dedent(
                """
                a = set(range(5))
                a -= {v for u, v in [(0, 1), (0, 3), (2, 4)] if u == 0}
                b = {1, 2} | {5}
                c = {1, 2, 3} & {2, 3, 4}
                d = {1, 2} ^ {2, 3}
                e = {1, 2}.union([3], {4}).difference({1})
                f = {1, 2}.issubset({1, 2, 3})
                g = {"x": 1} | {"y": 2}
                h = ~5 & 12
                i = (3 < 0) ^ (4 < 0)
                j = True + 2
                k = [1, 2] | [3]
                """
            )
        )
    ).env
    values = {name: held.obj for name, held in env.items()}
    assert values["a"] == [0, 2, 4]
    assert (values["b"], values["c"], values["d"], values["e"]) == ([1, 2, 5], [2, 3], [1, 3], [2, 3, 4])
    assert values["f"] is True and values["g"] == {"x": 1, "y": 2}
    assert values["h"] == 8 and values["i"] is False and values["j"] == 3
    assert values["k"] == [1, 2, 3]  # sets are held as lists: only a set takes |, so this one is a set


def test_a_call_in_an_if_test_is_the_entry_call_and_a_colour_per_node_is_no_node_list():
    """GeeksforGeeks' m-colouring: ``if not graph_colouring(graph, m, 0, colour):`` with ``colour``
    a list of zeros (one colour per node: no node names)."""
    parsed = parse(
        """
        def graph_colouring(graph, m, i, colour):
            if i == len(graph):
                return all(not graph[u][v] or colour[u] != colour[v] for u in range(i) for v in range(i))
            for c in range(1, m + 1):
                colour[i] = c
                if graph_colouring(graph, m, i + 1, colour):
                    return True
            colour[i] = 0
            return False

        if __name__ == "__main__":
            graph = [[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]]
            m = 3
            colour = [0 for i in range(4)]
            if not graph_colouring(graph, m, 0, colour):
                print("no solution")
        """
    )
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [0, 3], [1, 2], [2, 3]]


def test_nodes_numbered_from_one_up_to_the_node_count():
    """A graph collection's numbering (DIMACS: 1..n) beside its node count n."""
    parsed = parse(
        """
        def colouring(n, k, edges):
            colour = {}
            for v in range(1, n + 1):
                used = {colour.get(u) for a, b in edges for u in (a, b) if v in (a, b) and u != v}
                colour[v] = min(c for c in range(k) if c not in used)
            return colour

        n = 5
        edges = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 1)]
        colouring(n, 3, edges)
        """
    )
    assert parsed.spec.canonical["graph"]["nodes"] == 5
    assert parsed.spec.canonical["graph"]["labels"] == [1, 2, 3, 4, 5]


def test_integer_pairs_measured_with_math_dist_inline_are_places():
    """A 2-opt tour over ``cities``, distances written inline with math.dist: the pairs are places."""
    parsed = parse(
        """
        import math

        cities = [(0, 0), (3, 4), (6, 0), (3, -4)]

        def tour_length(order):
            return sum(math.dist(cities[order[i]], cities[order[i - 1]]) for i in range(len(order)))

        best = list(range(len(cities)))
        print(tour_length(best))
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0][1] == 5.0
    assert parsed.spec.canonical["distance_matrix"][0][2] == 6.0


def test_the_qiskit_maxcut_tutorials_weight_matrix_read_from_get_edge_data():
    """np.arange nodes, weighted edges, then w[i, j] from G.get_edge_data(i, j, default=0)."""
    parsed = parse(
        """
        import networkx as nx
        import numpy as np
        from qiskit_optimization.applications import Maxcut

        n = 4
        G = nx.Graph()
        G.add_nodes_from(np.arange(0, n, 1))
        G.add_weighted_edges_from([(0, 1, 1.0), (0, 2, 2.0), (0, 3, 1.0), (1, 2, 1.0), (2, 3, 1.0)])
        w = np.zeros([n, n])
        for i in range(n):
            for j in range(n):
                temp = G.get_edge_data(i, j, default=0)
                if temp != 0:
                    w[i, j] = temp["weight"]
        qp = Maxcut(w).to_quadratic_program()
        """
    )
    assert parsed.family == "maxcut"
    weights = {tuple(sorted(e[:2])): (e[2] if len(e) > 2 else 1) for e in parsed.spec.canonical["graph"]["edges"]}
    assert weights == {(0, 1): 1, (0, 2): 2.0, (0, 3): 1, (1, 2): 1, (2, 3): 1}  # weight 1 is left out


def test_qiskits_shor_factor_method_takes_its_number_by_keyword():
    parsed = parse(
        """
        from qiskit.algorithms import Shor

        shor = Shor(quantum_instance=None)
        print(shor.factor(N=21).factors)
        """
    )
    assert parsed.family == "factor" and parsed.spec.canonical["n"] == 21


def test_integer_coordinates_measured_with_a_numpy_norm_are_places():
    parsed = parse(
        """
        import itertools
        import numpy as np

        xy = np.array([[0, 0], [3, 4], [6, 0], [3, -4]])
        d = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=-1)
        cost = lambda p: d[0, p[0]] + d[p[0], p[1]] + d[p[1], p[2]] + d[p[2], 0]
        print(min(itertools.permutations(range(1, 4)), key=cost))
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0][1] == 5.0


def test_networkx_edge_data_is_read_and_set_through_the_graph():
    """``G[u][v]["weight"]`` reads an edge's weight and setting it re-weights the graph's edge."""
    source = """
        import networkx as nx
        g = nx.Graph()
        g.add_edges_from([(0, 1), (1, 2)])
        g[0][1]["weight"] = 5
        w = g[1][0]["weight"]
        g[1][2]["weight"] = g[0][1]["weight"] + 2
        """
    assert value_of(source, "w") == 5
    assert value_of(source, "g").edges == {(0, 1): 5, (1, 2): 7}


def test_a_dict_of_dicts_with_networkx_edge_data_is_a_weighted_graph():
    """TensorCircuit's QAOA example: ``{0: {1: {"weight": 1.0}, ...}, ...}`` handed to a function."""
    parsed = parse(
        """
        import networkx as nx

        def make(d):
            return nx.to_networkx_graph(d)

        d = {
            0: {1: {"weight": 1.0}, 2: {"weight": 2.0}},
            1: {0: {"weight": 1.0}, 2: {"weight": 1.0}},
            2: {0: {"weight": 2.0}, 1: {"weight": 1.0}, 3: {}},
            3: {2: {}},
        }
        g = make(d)

        def max_cut(g):
            return max(sum(1 for u, v in g.edges if (s >> u & 1) != (s >> v & 1)) for s in range(16))

        print(max_cut(g))
        """
    )
    assert parsed.family == "maxcut"
    weights = {tuple(sorted(e[:2])): (e[2] if len(e) > 2 else 1) for e in parsed.spec.canonical["graph"]["edges"]}
    assert weights == {(0, 1): 1, (0, 2): 2.0, (1, 2): 1, (2, 3): 1}


def test_a_helper_called_only_inside_a_comprehension_gives_way_to_the_modules_distances():
    """``coord = [(rad(x), rad(y)) for (x, y) in coord]``: the only calls take comprehension variables
    (nothing known); the module's own distance matrix is the instance of its travelling salesman."""
    parsed = parse(
        """
        from math import floor, cos, acos

        def rad(v):
            return 3.141592 * v / 180

        def dist(p, q):
            return int(floor(6378.388 * acos(cos(p[0] - q[0]) * cos(p[1] - q[1])) + 1.0))

        coord = [(38.24, 20.42), (39.57, 26.15), (40.56, 25.32), (36.26, 23.12)]
        coord = [(rad(x), rad(y)) for (x, y) in coord]
        # travelling salesman: a route through every city, the shortest
        c = [[0 if i == j else dist(coord[i], coord[j]) for j in range(4)] for i in range(4)]
        print(sum(c[i][(i + 1) % 4] for i in range(4)))
        """
    )
    assert parsed.family == "tsp"
    assert len(parsed.spec.canonical["distance_matrix"]) == 4
    assert not any("a distance between points" in str(e) for e in parsed.evidence)  # its own dist()


def test_a_tour_solver_imported_under_its_problems_name_takes_integer_places():
    """A package's pytest: ``tsp([(0, 0), (0, 1), (1, 0), (1, 1)])``, the corners of a unit square."""
    parsed = parse(
        """
        from tsp_tools import tsp

        def test_tsp():
            assert tsp([(0, 0), (0, 1), (1, 0), (1, 1)]) == (4.0, [0, 2, 3, 1])
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0] == [0.0, 1.0, 1.0, math.sqrt(2)]


def test_a_script_holding_its_graph_and_its_edge_list_holds_one_graph_and_a_cost_hamiltonian_is_no_near_miss():
    """PaddleQuantum's MaxCut script: ``G`` and ``E = list(G.edges())`` are one graph, not two; its
    "Hamiltonian" is QAOA's cost operator, not a Hamiltonian cycle."""
    parsed = parse(
        """
        import networkx as nx
        from paddle_quantum.QAOA.maxcut import maxcut_hamiltonian, find_cut

        if __name__ == "__main__":
            G = nx.cycle_graph(4)
            E = list(G.edges())
            H = maxcut_hamiltonian(E)  # the cost Hamiltonian of the cut
            cut, _ = find_cut(G, 4, 120, 0.1)
        """
    )
    assert parsed.family == "maxcut"
    assert edges_of(parsed) == [[0, 1], [0, 3], [1, 2], [2, 3]]
    assert not any("another problem" in str(e) for e in parsed.evidence)


def test_a_hamiltonian_cycle_is_still_a_near_miss():
    with pytest.raises(ProgramError):
        parse_program(
            "def hamiltonian_cycle(g):\n    return []\nprint(hamiltonian_cycle([[0, 1, 1], [1, 0, 1], [1, 1, 0]]))\n",
            "prog.py",
        )


def test_a_greatest_common_divisor_is_no_factoring_and_expected_answers_are_no_data():
    """gcf(18, 204) returns 6, which divides both: a common divisor, not a factoring of 18."""
    with pytest.raises(ProgramError):
        parse_program(
            "# greatest common factor of two numbers\n"
            "def f(a, b):\n    for x in range(min(a, b), 0, -1):\n        if a % x == 0 and b % x == 0:\n"
            "            return x\nprint(f(18, 204))\n",
            "prog.py",
        )
    with pytest.raises(ProgramError):  # the test's expected cliques are no edge list of its graph
        parse(
            """
            import unittest
            from graphtheory.structures.graphs import Graph
            from graphtheory.cliques.bronkerbosch import BronKerboschClassic

            class T(unittest.TestCase):
                def setUp(self):
                    self.G = Graph()

                def test_cliques(self):
                    algorithm = BronKerboschClassic(self.G)
                    algorithm.run()
                    cliques_expected = [{0, 1}, {1, 2}, {2, 3, 5}]
                    self.assertEqual(sorted(algorithm.cliques, key=len), cliques_expected)
            """
        )


GRAPHTHEORY_TEST = """
import unittest
from graphtheory.structures.edges import Edge
from graphtheory.structures.graphs import Graph
from graphtheory.coloring.nodecolorbt import BacktrackingNodeColoring

class TestNodeColoring(unittest.TestCase):
    def setUp(self):
        self.G = Graph(n=4)
        for node in range(4):
            self.G.add_node(node)
        for edge in [Edge(0, 1), Edge(1, 2), Edge(2, 0), Edge(2, 3)]:
            self.G.add_edge(edge)

    def test_node_coloring(self):
        algorithm = BacktrackingNodeColoring(self.G, 3)
        algorithm.run()
"""


def test_another_librarys_graph_and_edge_objects_are_a_graph():
    """A graph library c2q does not know by name (graphtheory): ``Graph(n=4)``, ``add_edge(Edge(u, v))``."""
    parsed = parse_program(GRAPHTHEORY_TEST, "prog.py")
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_an_edge_colouring_is_no_node_colouring():
    source = GRAPHTHEORY_TEST.replace("nodecolorbt import BacktrackingNodeColoring", "edgecolorcs import EdgeColoring")
    with pytest.raises(ProgramError):
        parse_program(source.replace("BacktrackingNodeColoring(self.G, 3)", "EdgeColoring(self.G)"), "prog.py")


def test_a_set_of_tuples_is_no_matrix():
    """``{(0, 0, 0, 1), (0, 0, 1, 0), ...}`` (a constraint's allowed configurations) has no row order:
    it is no adjacency matrix, whatever order c2q holds its items in."""
    from c2q.codeparse.instance import classify

    held = value_of("c = {(0, 0, 0, 1), (0, 0, 1, 0), (0, 1, 0, 0), (1, 0, 0, 0)}\n", "c")
    assert classify(held) != "matrix"
    assert classify(value_of("c = [(0, 0, 0, 1), (0, 0, 1, 0), (0, 1, 0, 0), (1, 0, 0, 0)]\n", "c")) == "matrix"


def test_a_last_call_on_data_that_is_no_instance_is_refused_not_an_earlier_one_solved():
    """``tour(a)`` then ``tour(b)`` with ``b`` no distance table (a file's name): solving ``a`` instead
    would answer another question than the program's last; c2q refuses at the last call."""
    source = """
        def tour(d):
            return min(d[0][1] + d[1][2] + d[2][0], d[0][2] + d[2][1] + d[1][0])
        a = [[0, 2, 9], [2, 0, 6], [9, 6, 0]]
        b = "cities.txt"
        print(tour(a))
        print(tour(b))
        """
    with pytest.raises(ProgramError, match=r"tour\(b\) at line 7"):
        parse(source)
    assert parse(source.replace("print(tour(b))\n", "")).spec.canonical["distance_matrix"][0][2] == 9


def test_a_call_a_test_expects_to_fail_is_no_instance():
    parsed = parse(
        """
        import unittest
        import networkx as nx
        from openqaoa.problems import MinimumVertexCover

        class T(unittest.TestCase):
            def test_terms(self):
                g = nx.cycle_graph(5)
                MinimumVertexCover(g, field=1.0, penalty=10).qubo

            def test_type_checking(self):
                for bad in [(1, 2), {"node1": 1}]:
                    with self.assertRaises(TypeError):
                        MinimumVertexCover(bad, 0.1, 0.1)
        """
    )
    assert parsed.family == "vc" and parsed.spec.canonical["graph"]["nodes"] == 5


def test_points_are_measured_with_the_programs_own_rounded_four_coordinate_distance():
    """``distance(a1, a2, b1, b2)`` rounds to 2 decimals: the table is the program's, not math.dist's."""
    parsed = parse(
        """
        import math

        def distance(a1, a2, b1, b2):
            return round(math.sqrt((a1 - b1) ** 2 + (a2 - b2) ** 2), 2)

        def tour(cities):
            n = len(cities)
            return sum(distance(*cities[i], *cities[(i + 1) % n]) for i in range(n))

        villes = [(0.0, 0.0), (1.0, 1.0), (2.5, 0.3), (0.7, 2.2)]
        print(tour(villes))
        """
    )
    assert parsed.family == "tsp"
    assert parsed.spec.canonical["distance_matrix"][0][1] == 1.41
    assert "distance(a1, a2, b1, b2)" in parsed.sources["distance_matrix"]
