"""Answers in each family's own terms: decoding known bitstrings, feasibility, exact references."""

import itertools

import networkx as nx
import numpy as np
import pytest

from c2q.errors import OptionError
from c2q.problems import FAMILIES, Clique, KColor, MaxCut, MaximumIndependentSet, Tsp, VertexCover
from c2q.problems.base import all_bitstrings, code_bits, decode_codes


def weighted(edges, nodes=None):
    graph = nx.Graph()
    graph.add_nodes_from(range(nodes if nodes is not None else 1 + max(max(e[:2]) for e in edges)))
    for u, v, *w in edges:
        graph.add_edge(u, v, weight=float(w[0]) if w else 1.0)
    return graph


TRIANGLE = nx.cycle_graph(3)
TRIANGLE_PLUS_PENDANT = weighted([(0, 1), (1, 2), (0, 2), (2, 3)])
SQUARE_TSP = np.array([[0, 1, 1.5, 1], [1, 0, 1, 1.5], [1.5, 1, 0, 1], [1, 1.5, 1, 0]])


# ---- decoding known bitstrings --------------------------------------------------------------------
def test_maxcut_triangle_one_node_apart():
    problem = MaxCut(TRIANGLE)
    answer = problem.encode().interpret(np.array([1, 0, 0]))
    assert answer == {"cut_value": 2.0, "partition": [[1, 2], [0]]}
    assert problem.evaluate(answer).objective == 2.0 and problem.evaluate(answer).feasible


def test_maxcut_evaluate_recomputes_from_the_partition():
    problem = MaxCut(weighted([(0, 1, 3), (1, 2, -1), (0, 2, 1)]))
    claimed = {"cut_value": 99.0, "partition": [[0], [1, 2]]}
    assert problem.evaluate(claimed).objective == 4.0  # 3 + 1, not the claimed value


def test_mis_and_vc_decode_selected_nodes():
    path = nx.path_graph(4)
    assert MaximumIndependentSet(path).encode().interpret(np.array([1, 0, 1, 0])) == {
        "independent_set": [0, 2],
        "size": 2,
    }
    assert VertexCover(path).encode().interpret(np.array([0, 1, 1, 0])) == {"vertex_cover": [1, 2], "size": 2}


def test_clique_decode_with_k():
    bits = np.array([1, 1, 1, 0])
    found = Clique(TRIANGLE_PLUS_PENDANT, k=2).encode().interpret(bits)
    assert found == {"maximum_clique": [0, 1, 2], "size": 3, "k": 2, "exists": True, "clique": [0, 1]}
    absent = Clique(TRIANGLE_PLUS_PENDANT, k=4).encode().interpret(bits)
    assert absent["exists"] is False and absent["clique"] is None
    assert "k" not in Clique(TRIANGLE_PLUS_PENDANT).encode().interpret(bits)


def test_kcolor_binary_codes_are_little_endian_per_node():
    problem = KColor(TRIANGLE, k=3)
    # node 0: bits (1, 0) -> 1; node 1: (0, 1) -> 2; node 2: (0, 0) -> 0
    answer = problem.encode().interpret(np.array([1, 0, 0, 1, 0, 0]))
    assert answer["colouring"] == [1, 2, 0]
    assert answer["proper"] and answer["conflicts"] == 0 and answer["colours_used"] == 3
    assert problem.evaluate(answer) == problem.evaluate({"colouring": [1, 2, 0]})


def test_tsp_binary_decode():
    problem = Tsp(SQUARE_TSP)
    encoding = problem.encode("binary")
    assert encoding.num_qubits == 6  # cities 1..3, 2 bits each
    # positions: city 1 -> 2 (bits 0,1), city 2 -> 0 (0,0), city 3 -> 1 (1,0)
    answer = encoding.interpret(np.array([0, 1, 0, 0, 1, 0]))
    assert answer["tour"] == [0, 2, 3, 1]
    assert answer["cost"] == pytest.approx(1.5 + 1 + 1.5 + 1)


def test_tsp_onehot_decode():
    problem = Tsp(SQUARE_TSP)
    encoding = problem.encode("onehot")
    names = [v.name for v in encoding.quadratic_program.variables]
    chosen = {"x_1_1", "x_2_2", "x_3_3"}  # city i at position i
    answer = encoding.interpret(np.array([int(name in chosen) for name in names]))
    assert answer == {"tour": [0, 1, 2, 3], "cost": 4.0}
    assert problem.evaluate(answer).feasible


# ---- infeasible answers -------------------------------------------------------------------------
def test_mis_with_an_edge_inside_is_infeasible():
    problem = MaximumIndependentSet(nx.path_graph(3))
    assert not problem.evaluate({"independent_set": [0, 1], "size": 2}).feasible
    assert problem.evaluate({"independent_set": [0, 2], "size": 2}).feasible


def test_vc_missing_an_edge_is_infeasible():
    problem = VertexCover(nx.path_graph(4))
    assert not problem.evaluate({"vertex_cover": [1], "size": 1}).feasible  # edge (2, 3) uncovered
    assert problem.evaluate({"vertex_cover": [1, 2], "size": 2}).feasible


def test_clique_with_a_non_adjacent_pair_is_infeasible():
    problem = Clique(TRIANGLE_PLUS_PENDANT, k=2)
    assert not problem.evaluate(problem.encode().interpret(np.array([1, 0, 0, 1]))).feasible


@pytest.mark.parametrize(
    "bits, why",
    [([0, 0, 0, 0, 1, 0], "cities 1 and 2 share position 0"), ([1, 1, 0, 0, 1, 0], "position 3 does not exist")],
)
def test_tsp_repeated_or_invalid_position_is_infeasible(bits, why):
    problem = Tsp(SQUARE_TSP)
    answer = problem.encode("binary").interpret(np.array(bits))
    assert answer["tour"] is None, why
    evaluation = problem.evaluate(answer)
    assert not evaluation.feasible and evaluation.objective == float("inf")


def test_tsp_tour_visiting_a_city_twice_is_infeasible():
    problem = Tsp(SQUARE_TSP)
    assert not problem.evaluate({"tour": [0, 1, 1, 2]}).feasible
    assert not problem.evaluate({"tour": [0, 1, 2]}).feasible
    assert problem.evaluate({"tour": [2, 3, 0, 1]}).objective == 4.0  # any rotation is a tour


def test_kcolor_feasibility_depends_on_the_mode():
    improper = {"colouring": [0, 0, 1]}
    assert KColor(TRIANGLE, k=2).evaluate(improper).feasible  # k given: fewest conflicts
    assert KColor(TRIANGLE, k=2).evaluate(improper).objective == 1
    assert not KColor(TRIANGLE).evaluate(improper).feasible  # fewest colours: must be proper
    assert not KColor(TRIANGLE, k=2).evaluate({"colouring": [0, 1, 2]}).feasible  # colour 2 outside palette


def test_unknown_encoding_is_an_option_error():
    with pytest.raises(OptionError, match=r"onehot.*not available for maxcut"):
        MaxCut(TRIANGLE).encode("onehot")
    with pytest.raises(OptionError, match="choose one of: auto, permutation, binary, onehot"):
        Tsp(SQUARE_TSP).encode("qubo")


# ---- exact classical references, checked independently -----------------------------------------
def manual_max_cut(edges, n):
    best = -np.inf
    for sides in itertools.product((0, 1), repeat=n):
        best = max(best, sum(w for u, v, w in edges if sides[u] != sides[v]))
    return best


@pytest.mark.parametrize(
    "edges, n, expected",
    [
        ([(0, 1, 1), (1, 2, 1), (0, 2, 1)], 3, 2),
        ([(0, 1, 3), (1, 2, -1), (0, 2, 1)], 3, 4),
        ([(0, 1, 1), (1, 2, 2), (2, 3, 3), (3, 0, 4)], 4, 10),  # bipartite: every edge cut
        ([(0, 1, -1), (1, 2, -2)], 3, 0),  # only negative edges: cut nothing
        ([(0, 1, 1), (2, 3, 1)], 5, 2),  # isolated node 4
    ],
)
def test_maxcut_classical_matches_manual_enumeration(edges, n, expected):
    assert manual_max_cut(edges, n) == expected
    answer, evaluation = MaxCut(weighted(edges, n)).classical_solution()
    assert evaluation.objective == pytest.approx(expected) and answer["cut_value"] == pytest.approx(expected)


PETERSEN = nx.petersen_graph()


@pytest.mark.parametrize(
    "graph, mis, clique, chromatic, max_cut",
    [
        (nx.cycle_graph(5), 2, 2, 3, 4),
        (nx.cycle_graph(7), 3, 2, 3, 6),
        (nx.cycle_graph(6), 3, 2, 2, 6),
        (nx.complete_graph(4), 1, 4, 4, 4),
        (nx.complete_bipartite_graph(2, 3), 3, 2, 2, 6),
        (nx.star_graph(4), 4, 2, 2, 4),
        (PETERSEN, 4, 2, 3, 12),
    ],
    ids=["C5", "C7", "C6", "K4", "K2,3", "star", "petersen"],
)
def test_classical_solutions_match_known_graph_invariants(graph, mis, clique, chromatic, max_cut):
    n = graph.number_of_nodes()
    assert MaximumIndependentSet(graph).classical_solution()[1].objective == mis
    assert VertexCover(graph).classical_solution()[1].objective == n - mis  # Gallai
    assert Clique(graph).classical_solution()[1].objective == clique
    assert MaxCut(graph).classical_solution()[1].objective == max_cut
    answer, evaluation = KColor(graph).classical_solution()
    assert evaluation.feasible and evaluation.objective == chromatic and answer["proper"]
    # with one colour fewer than the chromatic number a conflict is unavoidable
    fewer = KColor(graph, k=chromatic - 1).classical_solution()[1] if chromatic > 1 else None
    assert fewer is None or fewer.objective >= 1
    assert KColor(graph, k=chromatic).classical_solution()[1].objective == 0


@pytest.mark.parametrize("seed", range(3))
def test_classical_answers_are_feasible_and_consistent(seed):
    graph = nx.gnp_random_graph(7, 0.5, seed=seed)
    mis_answer, mis = MaximumIndependentSet(graph).classical_solution()
    vc_answer, vc = VertexCover(graph).classical_solution()
    assert mis.feasible and vc.feasible
    assert mis.objective + vc.objective == 7
    assert set(mis_answer["independent_set"]).isdisjoint(vc_answer["vertex_cover"])
    clique_answer, clique = Clique(graph, k=2).classical_solution()
    assert clique.feasible and clique_answer["exists"] == (graph.number_of_edges() > 0)
    assert clique.objective == max(len(c) for c in nx.find_cliques(graph))


def brute_force_tour(d):
    n = len(d)
    return min(sum(d[a][b] for a, b in zip((0, *p), (*p, 0), strict=True)) for p in itertools.permutations(range(1, n)))


@pytest.mark.parametrize("seed", range(3))
def test_tsp_classical_matches_all_permutations(seed):
    rng = np.random.default_rng(seed)
    d = np.triu(rng.integers(0, 20, (6, 6)), 1).astype(float)
    d = d + d.T
    answer, evaluation = Tsp(d).classical_solution()
    assert evaluation.objective == pytest.approx(brute_force_tour(d))
    assert sorted(answer["tour"]) == list(range(6)) and answer["tour"][0] == 0


def test_tsp_square_optimum():
    assert Tsp(SQUARE_TSP).classical_solution()[1].objective == 4.0
    three = Tsp(np.array([[0, 1, 2], [1, 0, 3], [2, 3, 0]]))
    assert three.classical_solution()[1].objective == 6.0  # the only tour


# ---- shared helpers -------------------------------------------------------------------------------
def test_all_bitstrings_bit_j_is_column_j():
    bits = all_bitstrings(3)
    assert bits.shape == (8, 3)
    assert bits[6].tolist() == [0, 1, 1]  # 6 = 0b110
    assert len({tuple(row) for row in bits}) == 8


@pytest.mark.parametrize("values, bits", [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (8, 3), (9, 4)])
def test_code_bits(values, bits):
    assert code_bits(values) == bits


def test_decode_codes():
    assert decode_codes(np.array([1, 0, 0, 1, 1, 1]), 3, 2).tolist() == [1, 2, 3]


def test_better_and_approximation_ratio():
    maximum, minimum = MaxCut(TRIANGLE), VertexCover(TRIANGLE)
    assert maximum.better(3, 2) and not maximum.better(2, 2)
    assert minimum.better(2, 3) and not minimum.better(3, 2)
    assert maximum.approximation_ratio(3, 4) == pytest.approx(0.75)
    assert minimum.approximation_ratio(5, 4) == pytest.approx(0.8)
    assert maximum.approximation_ratio(4, 4) == minimum.approximation_ratio(0, 0) == 1.0


def test_family_registry():
    assert set(FAMILIES) == {
        "maxcut",
        "mis",
        "vc",
        "clique",
        "kcolor",
        "tsp",
        "add",
        "sub",
        "mul",
        "factor",
        "sat",
        "hubo",
        "model",
        "knapsack",
        "numberpartition",
        "setcover",
        "setpacking",
        "exactcover",
        "graphpartition",
        "binpacking",
        "sk",
    }
    assert all(cls.family == name for name, cls in FAMILIES.items())
