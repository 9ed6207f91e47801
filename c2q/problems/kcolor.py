"""Graph colouring: a proper colouring with ``k`` colours (or the fewest conflicting edges when
none exists), or, without ``k``, a proper colouring with the fewest colours.

Encoding: each node's colour is written in binary (``ceil(log2 k)`` qubits per node instead of
``k`` one-hot qubits; 12 instead of 24 qubits for 6 nodes and 4 colours). The cost counts
monochromatic edges; codes past the last colour are penalised. Without ``k`` the palette is the
size of a greedy colouring and colour ``c`` costs ``(n+1)**c - 1``, so a minimiser never uses a
colour it can do without. The operator is built exactly from these functions by a
Walsh-Hadamard transform (:func:`c2q.ising.ising_from_function`), so it has terms on up to
``2 ceil(log2 k)`` qubits. Exact reference: an assignment MILP (one 0/1 variable per node and
colour), solved by HiGHS.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.ising import ising_from_function, sum_ising
from c2q.problems.base import GraphProblem, code_bits, decode_codes
from c2q.problems.exact import BinaryProgram, program_reference

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
    isolated_bit = 0
    isolated_placement = "each takes colour 0 (it has no neighbour to clash with)"

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

    @property
    def node_qubits(self) -> int:
        """The colour code's width, :attr:`bits`."""
        return self.bits

    def _encoded_qubits(self, name: str) -> int:
        """``ceil(log2 palette)`` qubits per node (:attr:`bits`)."""
        return self.num_nodes * self.bits

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

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """HiGHS MILP over ``x[v, c]``: node ``v`` has colour ``c`` (one colour per node, ``c`` below the palette).

        With ``k``: minimise ``sum w_uv z_uv`` with ``z_uv >= x[u, c] + x[v, c] - 1`` for every colour
        (edge weights are positive, so ``z_uv`` is 1 exactly on conflicting edges). Without ``k``:
        minimise the colours in use ``sum y_c``, with ``x[u, c] + x[v, c] <= y_c`` on every edge,
        ``x[v, c] <= y_c`` and ``y_c >= y_{c+1}``.
        """
        n, palette, edges = self.num_nodes, self.palette, list(self.graph.edges)
        if self.k is not None:
            program = self._assignment_program([self.weight(u, v) for u, v in edges])
            for e, (u, v) in enumerate(edges):
                for c in range(palette):
                    program.constrain([u * palette + c, v * palette + c, n * palette + e], [1, 1, -1], upper=1)
        else:
            program = self._assignment_program(np.ones(palette))
            used = n * palette  # y_c is variable used + c
            for c in range(palette):
                for u, v in edges:
                    program.constrain([u * palette + c, v * palette + c, used + c], [1, 1, -1], upper=0)
                for v in range(n):
                    program.constrain([v * palette + c, used + c], [1, -1], upper=0)
                if c + 1 < palette:
                    program.constrain([used + c, used + c + 1], [1, -1], lower=0)
        outcome = program.solve(time_limit)

        def answer(solution: np.ndarray) -> Answer:
            return self._answer([int(c) for c in np.argmax(solution[: n * palette].reshape(n, palette), axis=1)])

        return program_reference(self, outcome, answer)

    def _assignment_program(self, costs: Sequence[float] | np.ndarray) -> BinaryProgram:
        """A minimisation over 0/1 ``x[v, c]`` (variable ``v * palette + c``), one colour per node,
        followed by continuous variables in ``[0, 1]`` that cost ``costs``.

        Colours are interchangeable, so node ``v`` only takes colours ``0..v`` (number the colours
        in the order of their first use): this removes the symmetric copies of every colouring.
        """
        n, palette = self.num_nodes, self.palette
        objective = np.r_[np.zeros(n * palette), costs]
        program = BinaryProgram(objective, "min", integer=np.arange(len(objective)) < n * palette)
        program.exclude([v * palette + c for v in range(n) for c in range(v + 1, palette)])
        for v in range(n):
            program.constrain(range(v * palette, (v + 1) * palette), [1] * palette, lower=1, upper=1)
        return program

    def describe(self) -> dict[str, Any]:
        """Graph plus the number of colours (``None``: fewest colours)."""
        return {**super().describe(), "k": self.k}
