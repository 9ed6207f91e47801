"""Clique: a set of ``k`` pairwise adjacent nodes, and the maximum clique.

One quantum solve answers both questions: the circuit searches for a maximum clique
(qiskit-optimization's ``Clique`` without a size), and a clique of size ``k`` exists exactly when
the maximum clique has at least ``k`` nodes (any ``k`` of its nodes form one). Exact reference: a
maximum clique by a MILP (no two non-adjacent nodes chosen), solved by HiGHS.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.problems.base import PAIR_PENALTY, GraphProblem, qubo_encoding
from c2q.problems.exact import BinaryProgram, program_reference
from c2q.problems.programs import clique_program

if TYPE_CHECKING:
    import networkx as nx


class Clique(GraphProblem):
    """Clique of size ``k`` (when given) and maximum clique; the objective is the clique size found."""

    family = "clique"
    sense = "max"
    encodings = ("qubo",)
    isolated_bit = 0
    isolated_placement = "each out of the clique (it is adjacent to no other node)"
    node_keys = ("maximum_clique", "clique")

    def __init__(self, graph: nx.Graph, k: int | None = None, labels: Sequence[int | str] | None = None) -> None:
        super().__init__(graph, labels)
        self.k = k

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(clique_program(self.graph), self.interpret, PAIR_PENALTY)

    def _encoded_qubits(self, name: str) -> int:
        """One qubit per node; each non-edge's ``x_u + x_v <= 1`` becomes a penalty without slack qubits."""
        return self.num_nodes

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to a clique; with ``k`` given, also whether a ``k``-clique exists and one of them."""
        return self._answer(self.selected(np.asarray(x)[: self.num_nodes]))

    def _answer(self, nodes: list[int]) -> Answer:
        answer: Answer = {"maximum_clique": sorted(nodes), "size": len(nodes)}
        if self.k is not None:
            exists = len(nodes) >= self.k
            answer.update(k=self.k, exists=exists, clique=sorted(nodes)[: self.k] if exists else None)
        return answer

    def evaluate(self, answer: Answer) -> Evaluation:
        """Size of the reported clique; feasible when its nodes are pairwise adjacent."""
        nodes = answer["maximum_clique"]
        pairwise = all(self.graph.has_edge(u, v) for i, u in enumerate(nodes) for v in nodes[i + 1 :])
        return Evaluation(objective=len(nodes), feasible=pairwise)

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """HiGHS MILP: maximise ``sum x_v`` with ``x_u + x_v <= 1`` for every two non-adjacent nodes.

        The answer reports the maximum clique and, with ``k``, whether a ``k``-clique exists.
        """
        program = BinaryProgram(np.ones(self.num_nodes), "max")
        for u, v in itertools.combinations(range(self.num_nodes), 2):
            if not self.graph.has_edge(u, v):
                program.constrain([u, v], [1, 1], upper=1)
        outcome = program.solve(time_limit)
        return program_reference(self, outcome, self.interpret)

    def describe(self) -> dict[str, Any]:
        """Graph plus the requested size."""
        return {**super().describe(), "k": self.k}
