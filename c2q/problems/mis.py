"""Maximum independent set: the largest set of nodes with no edge between any two of them.

Encoding via qiskit-optimization's ``StableSet``; exact reference: the edge-constraint MILP, solved
by HiGHS.
"""

from __future__ import annotations

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.problems.base import PAIR_PENALTY, GraphProblem, qubo_encoding
from c2q.problems.exact import BinaryProgram, program_reference
from c2q.problems.programs import stable_set_program


class MaximumIndependentSet(GraphProblem):
    """Maximum independent (stable) set."""

    family = "mis"
    sense = "max"
    encodings = ("qubo",)
    isolated_bit = 1
    isolated_placement = "each in the independent set (it has no neighbour to clash with)"
    node_keys = ("independent_set",)

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(stable_set_program(self.graph), self.interpret, PAIR_PENALTY)

    def _encoded_qubits(self, name: str) -> int:
        """One qubit per node; each edge's ``x_u + x_v <= 1`` becomes a penalty without slack qubits."""
        return self.num_nodes

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the chosen node set."""
        chosen = self.selected(np.asarray(x)[: self.num_nodes])
        return {"independent_set": chosen, "size": len(chosen)}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Size of the set; feasible when no edge joins two chosen nodes."""
        chosen = set(answer["independent_set"])
        clash = any(u in chosen and v in chosen for u, v in self.graph.edges)
        return Evaluation(objective=len(chosen), feasible=not clash)

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """HiGHS MILP: maximise ``sum x_v`` with ``x_u + x_v <= 1`` on every edge."""
        program = BinaryProgram(np.ones(self.num_nodes), "max")
        for u, v in self.graph.edges:
            program.constrain([u, v], [1, 1], upper=1)
        outcome = program.solve(time_limit)
        return program_reference(self, outcome, self.interpret)
