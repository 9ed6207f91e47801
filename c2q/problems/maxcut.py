"""Maximum cut: split the nodes in two so that the total weight of edges across is largest.

Reference: Goemans & Williamson, J. ACM 42 (1995); encoding via qiskit-optimization's ``Maxcut``.
Exact reference: a MILP with one variable per edge and the triangle inequalities (Barahona & Mahjoub,
Math. Prog. 36 (1986)), solved by HiGHS.
"""

from __future__ import annotations

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.problems.base import GraphProblem, qubo_encoding
from c2q.problems.exact import BinaryProgram, program_reference
from c2q.problems.programs import maxcut_program


class MaxCut(GraphProblem):
    """Maximum (weighted) cut."""

    family = "maxcut"
    sense = "max"
    encodings = ("qubo",)
    isolated_bit = 0
    isolated_placement = "each on side 0 of the cut (it cuts no edge either way)"
    node_keys = ("partition",)

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(maxcut_program(self.graph), self.interpret)

    def _encoded_qubits(self, name: str) -> int:
        """One qubit per node (its side of the cut); the QUBO has no constraints."""
        return self.num_nodes

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

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """HiGHS MILP: node variables ``x`` (node ``n-1`` on side 0) and edge variables ``y``.

        ``y_uv = x_u xor x_v`` exactly, by the four inequalities ``y <= x_u + x_v``,
        ``y <= 2 - x_u - x_v``, ``y >= x_u - x_v``, ``y >= x_v - x_u``, so any edge weights work
        (negative ones too). A cut crosses 0 or 2 edges of every triangle of the graph: those
        inequalities tighten the relaxation (G(40, 0.3): 0.6 s instead of minutes).
        """
        n, edges = self.num_nodes, sorted((min(e), max(e)) for e in self.graph.edges)
        column = {edge: n + k for k, edge in enumerate(edges)}
        weights = [self.weight(u, v) for u, v in edges]
        program = BinaryProgram(np.r_[np.zeros(n), weights], "max", integer=np.arange(n + len(edges)) < n)
        program.exclude([n - 1])
        for (u, v), y in column.items():
            program.constrain([y, u, v], [1, -1, -1], upper=0)
            program.constrain([y, u, v], [1, 1, 1], upper=2)
            program.constrain([y, u, v], [1, -1, 1], lower=0)
            program.constrain([y, u, v], [1, 1, -1], lower=0)
        for u, v in edges:
            for w in sorted(set(self.graph[u]) & set(self.graph[v])):
                if w > v:  # triangle u < v < w, once
                    ys = [column[u, v], column[u, w], column[v, w]]
                    program.constrain(ys, [1, 1, 1], upper=2)
                    for k in range(3):
                        program.constrain(ys, [1 if i == k else -1 for i in range(3)], upper=0)
        outcome = program.solve(time_limit)
        return program_reference(self, outcome, self.interpret)
