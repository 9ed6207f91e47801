"""c2q.decode: the best feasible sample wins, scored by the family, with shot-weighted figures."""

import networkx as nx
import pytest

from c2q.decode import decode
from c2q.problems import MaxCut, MaximumIndependentSet, Tsp

# MIS on the path 0-1-2; keys are Qiskit bitstrings, qubit 0 rightmost
PATH = MaximumIndependentSet(nx.path_graph(3))
PATH_ENCODING = PATH.encode()


def test_best_feasible_sample_wins_over_the_most_frequent():
    counts = {
        "010": 100,  # {1}: feasible, size 1, most frequent
        "011": 50,  # {0, 1}: infeasible
        "111": 1,  # {0, 1, 2}: infeasible, "largest" set
        "101": 5,  # {0, 2}: feasible and optimal
    }
    decoded = decode(PATH, PATH_ENCODING, counts, optimum=2)
    assert decoded.answer == {"independent_set": [0, 2], "size": 2}
    assert decoded.bitstring == "101"
    assert decoded.evaluation.feasible and decoded.evaluation.objective == 2
    assert decoded.optimum_probability == pytest.approx(5 / 156)
    assert decoded.feasible_probability == pytest.approx(105 / 156)
    assert decoded.distinct_samples == 4


def test_ties_go_to_the_more_frequent_bitstring():
    triangle = MaxCut(nx.cycle_graph(3))
    decoded = decode(triangle, triangle.encode(), {"001": 3, "011": 7, "000": 20}, optimum=2.0)
    assert decoded.bitstring == "011" and decoded.evaluation.objective == 2.0
    assert decoded.optimum_probability == pytest.approx(10 / 30)
    assert decoded.feasible_probability == 1.0  # every cut is feasible


def test_no_feasible_sample_is_marked_infeasible():
    decoded = decode(PATH, PATH_ENCODING, {"011": 10, "110": 30, "111": 1}, optimum=2)
    assert not decoded.evaluation.feasible
    assert decoded.bitstring == "110"  # the most frequent sample is reported
    assert decoded.answer == {"independent_set": [1, 2], "size": 2}
    assert decoded.feasible_probability == 0.0 and decoded.optimum_probability == 0.0


def test_tsp_samples_with_no_valid_tour():
    problem = Tsp([[0, 1, 2, 1], [1, 0, 1, 2], [2, 1, 0, 1], [1, 2, 1, 0]])
    encoding = problem.encode("binary")
    decoded = decode(problem, encoding, {"000000": 9, "010000": 1})  # positions collide
    assert not decoded.evaluation.feasible and decoded.answer["tour"] is None


def test_without_an_optimum_no_optimum_probability():
    decoded = decode(PATH, PATH_ENCODING, {"001": 4, "100": 4})
    assert decoded.optimum_probability is None
    assert decoded.feasible_probability == 1.0 and decoded.evaluation.objective == 1


def test_no_samples_is_an_error():
    with pytest.raises(ValueError, match="no samples"):
        decode(PATH, PATH_ENCODING, {})
