"""Maximum independent set: the largest set of nodes with no edge between any two of them.

Encoding via qiskit-optimization's ``StableSet``; exact reference via networkx's maximum clique of
the complement graph.
"""

from __future__ import annotations

import numpy as np

from c2q.problems.base import Answer, Encoding, Evaluation, GraphProblem, qubo_encoding
from c2q.problems.programs import stable_set_program


class MaximumIndependentSet(GraphProblem):
    """Maximum independent (stable) set."""

    family = "mis"
    sense = "max"
    encodings = ("qubo",)
    node_keys = ("independent_set",)

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(stable_set_program(self.graph), self.interpret)

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the chosen node set."""
        chosen = self.selected(np.asarray(x)[: self.num_nodes])
        return {"independent_set": chosen, "size": len(chosen)}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Size of the set; feasible when no edge joins two chosen nodes."""
        chosen = set(answer["independent_set"])
        clash = any(u in chosen and v in chosen for u, v in self.graph.edges)
        return Evaluation(objective=len(chosen), feasible=not clash)

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Maximum clique of the complement graph (exact, networkx)."""
        import networkx as nx

        best, _ = nx.max_weight_clique(nx.complement(self.graph), weight=None)
        answer = {"independent_set": sorted(best), "size": len(best)}
        return answer, self.evaluate(answer)
