"""Graph colouring: a proper colouring with ``k`` colours (or the fewest conflicting edges when
none exists), or, without ``k``, a proper colouring with the fewest colours.

Encoding: each node's colour is written in binary (``ceil(log2 k)`` qubits per node instead of
``k`` one-hot qubits; 12 instead of 24 qubits for 6 nodes and 4 colours). The cost counts
monochromatic edges; codes past the last colour are penalised. Without ``k`` the palette is the
size of a greedy colouring and colour ``c`` costs ``(n+1)**c - 1``, so a minimiser never uses a
colour it can do without. The operator is built exactly from these functions by a
Walsh-Hadamard transform (:func:`c2q.ising.ising_from_function`), so it has terms on up to
``2 ceil(log2 k)`` qubits. Exact reference: brute force over all colourings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.ising import ising_from_function, sum_ising
from c2q.problems.base import Answer, Encoding, Evaluation, GraphProblem, code_bits, decode_codes

if TYPE_CHECKING:
    import networkx as nx


class KColor(GraphProblem):
    """Colouring with ``k`` colours (objective: conflicting edge weight) or with fewest colours.

    The answer's ``colouring`` lists each node's colour in node order; when the nodes have
    labels, the solved answer maps each label to its colour instead (:meth:`GraphProblem.present`).
    """

    family = "kcolor"
    sense = "min"
    encodings = ("binary",)
    per_node_keys = ("colouring",)

    def __init__(self, graph: nx.Graph, k: int | None = None, labels: Sequence[int | str] | None = None) -> None:
        import networkx as nx

        super().__init__(graph, labels)
        self.k = k
        greedy = nx.greedy_color(graph, strategy="largest_first")
        self.palette = k if k is not None else max(1, len(set(greedy.values())))
        self.bits = code_bits(self.palette)

    def _encode(self, name: str) -> Encoding:
        n, b, palette = self.num_nodes, self.bits, self.palette
        total_weight = sum(self.weight(u, v) for u, v in self.graph.edges)
        if self.k is None:
            colour_cost = (n + 1.0) ** np.arange(2**b) - 1.0
            # divided by the lightest edge weight so that any conflict outweighs any colour saving
            lightest = min((self.weight(u, v) for u, v in self.graph.edges), default=1.0)
            conflict = (n * colour_cost[palette - 1] + 1.0) / lightest
        else:
            colour_cost = np.zeros(2**b)
            conflict = 1.0
        invalid = conflict * total_weight + float(colour_cost[:palette].max() * n) + 1.0
        node_cost = np.where(np.arange(2**b) < palette, colour_cost, invalid)
        weights = 2 ** np.arange(b)
        parts = []
        for v in range(n):
            qubits = list(range(v * b, (v + 1) * b))
            parts.append(ising_from_function(lambda x: node_cost[x @ weights], qubits, n * b))
        for u, v in self.graph.edges:
            w = conflict * self.weight(u, v)
            qubits = list(range(u * b, (u + 1) * b)) + list(range(v * b, (v + 1) * b))

            def same(x: np.ndarray, w: float = w) -> np.ndarray:
                return w * ((x[:, :b] @ weights) == (x[:, b:] @ weights))

            parts.append(ising_from_function(same, qubits, n * b))
        hamiltonian, offset = sum_ising(parts, n * b)
        note = f"binary colour encoding: {b} qubit(s) per node, palette of {palette}"
        return Encoding("binary", hamiltonian, offset, self.interpret, notes=[note])

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to one colour index per node."""
        colours = decode_codes(np.asarray(x)[: self.num_nodes * self.bits], self.num_nodes, self.bits)
        return self._answer([int(c) for c in colours])

    def _answer(self, colours: list[int]) -> Answer:
        conflicts = sum(self.weight(u, v) for u, v in self.graph.edges if colours[u] == colours[v])
        return {
            "k": self.k,
            "colouring": colours,
            "colours_used": len(set(colours)),
            "conflicts": conflicts,
            "proper": conflicts == 0,
        }

    def evaluate(self, answer: Answer) -> Evaluation:
        """Conflicting weight (``k`` given) or colours used (fewest-colours mode)."""
        colours = answer["colouring"]
        if len(colours) != self.num_nodes:
            return Evaluation(objective=float("inf"), feasible=False)
        in_palette = all(0 <= c < self.palette for c in colours)
        conflicts = sum(self.weight(u, v) for u, v in self.graph.edges if colours[u] == colours[v])
        if self.k is not None:
            return Evaluation(objective=conflicts, feasible=in_palette)
        return Evaluation(objective=len(set(colours)), feasible=in_palette and conflicts == 0)

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Brute force: fewest conflicts over all ``k**n`` colourings, or the smallest ``k`` with
        a proper colouring."""
        if self.k is not None:
            colours = self._best_colouring(self.k)
        else:
            colours = next(c for k in range(1, self.palette + 1) if (c := self._best_colouring(k, proper=True)))
        answer = self._answer(colours)
        return answer, self.evaluate(answer)

    def _best_colouring(self, k: int, proper: bool = False) -> list[int] | None:
        n = self.num_nodes
        best, best_conflicts = None, np.inf
        chunk = 1 << 20
        for start in range(0, k**n, chunk):
            idx = np.arange(start, min(start + chunk, k**n), dtype=np.int64)
            colours = (idx[:, None] // k ** np.arange(n)[None, :]) % k
            conflicts = np.zeros(len(idx))
            for u, v in self.graph.edges:
                conflicts += self.weight(u, v) * (colours[:, u] == colours[:, v])
            i = int(np.argmin(conflicts))
            if conflicts[i] < best_conflicts:
                best, best_conflicts = [int(c) for c in colours[i]], conflicts[i]
            if best_conflicts == 0:
                break
        if proper and best_conflicts > 0:
            return None
        return best

    def describe(self) -> dict[str, Any]:
        """Graph plus the number of colours (``None``: fewest colours)."""
        return {**super().describe(), "k": self.k}
