"""Minimum vertex cover: the smallest set of nodes touching every edge.

Encoding via qiskit-optimization's ``VertexCover``; exact reference: the complement of a maximum
independent set (networkx maximum clique of the complement graph).
"""

from __future__ import annotations

import numpy as np

from c2q.problems.base import Answer, Encoding, Evaluation, GraphProblem, qubo_encoding
from c2q.problems.programs import vertex_cover_program


class VertexCover(GraphProblem):
    """Minimum vertex cover."""

    family = "vc"
    sense = "min"
    encodings = ("qubo",)
    node_keys = ("vertex_cover",)

    def _encode(self, name: str) -> Encoding:
        return qubo_encoding(vertex_cover_program(self.graph), self.interpret)

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the chosen node set."""
        chosen = self.selected(np.asarray(x)[: self.num_nodes])
        return {"vertex_cover": chosen, "size": len(chosen)}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Size of the cover; feasible when every edge has a chosen end."""
        chosen = set(answer["vertex_cover"])
        covered = all(u in chosen or v in chosen for u, v in self.graph.edges)
        return Evaluation(objective=len(chosen), feasible=covered)

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Nodes outside a maximum independent set (exact)."""
        import networkx as nx

        independent, _ = nx.max_weight_clique(nx.complement(self.graph), weight=None)
        cover = sorted(set(self.graph.nodes) - set(independent))
        answer = {"vertex_cover": cover, "size": len(cover)}
        return answer, self.evaluate(answer)
