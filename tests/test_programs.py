"""The graph families' quadratic programs equal what qiskit-optimization's application classes build."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from qiskit_optimization.applications import Clique, Maxcut, StableSet, Tsp, VertexCover
from qiskit_optimization.converters import QuadraticProgramToQubo

from c2q.problems.programs import clique_program, maxcut_program, stable_set_program, vertex_cover_program
from c2q.problems.tsp import Tsp as C2qTsp


def _ising(program):
    operator, offset = QuadraticProgramToQubo().convert(program).to_ising()
    return operator.simplify(), offset


def _graphs():
    rng = np.random.default_rng(7)
    for n, p in ((4, 0.5), (6, 0.4), (7, 0.7)):
        graph = nx.gnp_random_graph(n, p, seed=int(rng.integers(1000)))
        nx.set_edge_attributes(graph, {e: float(rng.integers(1, 5)) for e in graph.edges}, "weight")
        yield graph


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (maxcut_program, lambda g: Maxcut(g.copy())),
        (stable_set_program, StableSet),
        (vertex_cover_program, VertexCover),
        (clique_program, Clique),
    ],
)
def test_program_matches_application_class(ours, theirs):
    for graph in _graphs():
        mine, reference = ours(graph), theirs(graph).to_quadratic_program()
        assert [v.name for v in mine.variables] == [v.name for v in reference.variables]
        assert mine.objective.sense == reference.objective.sense
        (op_a, off_a), (op_b, off_b) = _ising(mine), _ising(reference)
        assert off_a == pytest.approx(off_b)
        assert (op_a - op_b).simplify(atol=1e-9).to_list() in ([("I" * graph.number_of_nodes(), 0j)], [])


def test_tsp_onehot_program_matches_application_class():
    distances = np.array([[0, 3, 4, 2], [3, 0, 6, 5], [4, 6, 0, 1], [2, 5, 1, 0]], dtype=float)
    graph = nx.complete_graph(4)
    nx.set_edge_attributes(graph, {(i, j): distances[i, j] for i, j in graph.edges}, "weight")
    mine = C2qTsp(distances)._onehot_program()
    (op_a, off_a), (op_b, off_b) = _ising(mine), _ising(Tsp(graph).to_quadratic_program())
    assert off_a == pytest.approx(off_b)
    assert (op_a - op_b).simplify(atol=1e-9).to_list() in ([("I" * 16, 0j)], [])
