"""Minimum vertex cover: the smallest set of nodes touching every edge.

Encoding via qiskit-optimization's ``VertexCover``; exact reference: the edge-constraint MILP, solved
by HiGHS.
"""

from __future__ import annotations

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.problems.base import PAIR_PENALTY, GraphProblem, qubo_encoding
from c2q.problems.exact import BinaryProgram, program_reference
from c2q.problems.programs import vertex_cover_program


class VertexCover(GraphProblem):
    """Minimum vertex cover."""

    family = "vc"
    sense = "min"
    encodings = ("qubo",)
    isolated_bit = 0
    isolated_placement = "each out of the cover (it has no edge to cover)"
    node_keys = ("vertex_cover",)

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(vertex_cover_program(self.graph), self.interpret, PAIR_PENALTY)

    def _encoded_qubits(self, name: str) -> int:
        """One qubit per node; each edge's ``x_u + x_v >= 1`` becomes a penalty without slack qubits."""
        return self.num_nodes

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the chosen node set."""
        chosen = self.selected(np.asarray(x)[: self.num_nodes])
        return {"vertex_cover": chosen, "size": len(chosen)}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Size of the cover; feasible when every edge has a chosen end."""
        chosen = set(answer["vertex_cover"])
        covered = all(u in chosen or v in chosen for u, v in self.graph.edges)
        return Evaluation(objective=len(chosen), feasible=covered)

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """HiGHS MILP: minimise ``sum x_v`` with ``x_u + x_v >= 1`` on every edge."""
        program = BinaryProgram(np.ones(self.num_nodes), "min")
        for u, v in self.graph.edges:
            program.constrain([u, v], [1, 1], lower=1)
        outcome = program.solve(time_limit)
        return program_reference(self, outcome, self.interpret)
