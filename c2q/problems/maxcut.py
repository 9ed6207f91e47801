"""Maximum cut: split the nodes in two so that the total weight of edges across is largest.

Reference: Goemans & Williamson, J. ACM 42 (1995); encoding via qiskit-optimization's ``Maxcut``.
"""

from __future__ import annotations

import numpy as np

from c2q.problems.base import Answer, Encoding, Evaluation, GraphProblem, all_bitstrings, qubo_encoding
from c2q.problems.programs import maxcut_program


class MaxCut(GraphProblem):
    """Maximum (weighted) cut."""

    family = "maxcut"
    sense = "max"
    encodings = ("qubo",)
    node_keys = ("partition",)

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(maxcut_program(self.graph), self.interpret)

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the two sides of the cut and its value."""
        side = [int(b) for b in np.asarray(x)[: self.num_nodes]]
        cut = sum(self.weight(u, v) for u, v in self.graph.edges if side[u] != side[v])
        return {
            "cut_value": cut,
            "partition": [
                [i for i in range(self.num_nodes) if side[i] == 0],
                [i for i in range(self.num_nodes) if side[i] == 1],
            ],
        }

    def evaluate(self, answer: Answer) -> Evaluation:
        """Recompute the cut value from the partition."""
        left = set(answer["partition"][0])
        cut = sum(self.weight(u, v) for u, v in self.graph.edges if (u in left) != (v in left))
        return Evaluation(objective=cut, feasible=True)

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Brute force over the ``2**(n-1)`` partitions (node ``n-1`` fixed on side 0)."""
        n = self.num_nodes
        if n <= 1 or self.graph.number_of_edges() == 0:
            answer = self.interpret(np.zeros(n, dtype=int))
            return answer, self.evaluate(answer)
        sides = np.hstack([all_bitstrings(n - 1), np.zeros((2 ** (n - 1), 1), dtype=np.int8)])
        cut = np.zeros(len(sides))
        for u, v in self.graph.edges:
            cut += self.weight(u, v) * (sides[:, u] != sides[:, v])
        answer = self.interpret(sides[int(np.argmax(cut))])
        return answer, self.evaluate(answer)
