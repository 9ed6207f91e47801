"""Travelling salesman: the shortest closed tour through every city once.

City 0 is fixed as the start, which removes the tour's rotation symmetry.

- ``binary`` (default): each other city's position ``0..n-2`` in binary, ``(n-1) ceil(log2(n-1))``
  qubits (15 for 6 cities instead of 25). Cost: distances between cities in consecutive positions,
  plus a penalty for two cities in one position or a code past the last position. Terms act on at
  most two cities' position registers; built exactly by a Walsh-Hadamard transform.
- ``onehot``: qiskit-optimization's ``Tsp`` QUBO (``x[i, p]`` = city ``i`` at position ``p``) with
  city 0 substituted at position 0: ``(n-1)**2`` qubits.

Exact reference: all ``(n-1)!/2`` tours by brute force.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from c2q.ising import ising_from_function, sum_ising
from c2q.problems.base import Answer, Encoding, Evaluation, Problem, code_bits, decode_codes


class Tsp(Problem):
    """Shortest Hamiltonian cycle over a symmetric distance matrix."""

    family = "tsp"
    sense = "min"
    encodings = ("binary", "onehot")

    def __init__(self, distances: np.ndarray) -> None:
        self.distances = np.asarray(distances, dtype=float)
        self.num_cities = len(self.distances)

    def tour_cost(self, tour: list[int]) -> float:
        """Length of the closed tour."""
        return float(sum(self.distances[a, b] for a, b in zip(tour, tour[1:] + tour[:1], strict=True)))

    def _answer(self, order: list[int] | None) -> Answer:
        if order is None:
            return {"tour": None, "cost": None}
        tour = [0, *order]
        return {"tour": tour, "cost": self.tour_cost(tour)}

    def _encode(self, name: str) -> Encoding:
        return self._encode_binary() if name == "binary" else self._encode_onehot()

    def _encode_binary(self) -> Encoding:
        m = self.num_cities - 1  # cities 1..m take positions 0..m-1
        b = code_bits(m)
        d = self.distances
        penalty = 1.0 + d[np.triu_indices(self.num_cities, 1)].sum()
        weights = 2 ** np.arange(b)

        def register(city: int) -> list[int]:
            return list(range((city - 1) * b, city * b))

        parts = []
        for i in range(1, m + 1):

            def unary(x: np.ndarray, i: int = i) -> np.ndarray:
                p = x @ weights
                return d[0, i] * (p == 0) + d[i, 0] * (p == m - 1) + penalty * (p >= m)

            parts.append(ising_from_function(unary, register(i), m * b))
        for i, j in itertools.combinations(range(1, m + 1), 2):

            def pair(x: np.ndarray, i: int = i, j: int = j) -> np.ndarray:
                pi, pj = x[:, :b] @ weights, x[:, b:] @ weights
                return d[i, j] * (pj == pi + 1) + d[j, i] * (pi == pj + 1) + penalty * (pi == pj)

            parts.append(ising_from_function(pair, register(i) + register(j), m * b))
        hamiltonian, offset = sum_ising(parts, m * b)

        def interpret(x: np.ndarray) -> Answer:
            positions = [int(p) for p in decode_codes(np.asarray(x)[: m * b], m, b)]
            if sorted(positions) != list(range(m)):
                return {**self._answer(None), "positions": positions}
            return self._answer([city for _, city in sorted(zip(positions, range(1, m + 1), strict=True))])

        note = f"binary position encoding: {b} qubit(s) for each of {m} cities, city 0 fixed first"
        return Encoding("binary", hamiltonian, offset, interpret, notes=[note])

    def _encode_onehot(self) -> Encoding:
        import networkx as nx
        from qiskit_optimization.applications import Tsp as QoTsp

        from c2q.problems.base import qubo_encoding

        n = self.num_cities
        # complete graph: a matrix would lose its zero distances, which QoTsp then forbids as non-edges
        graph = nx.complete_graph(n)
        nx.set_edge_attributes(graph, {(i, j): float(self.distances[i, j]) for i, j in graph.edges}, "weight")
        full = QoTsp(graph).to_quadratic_program()
        fixed = {f"x_0_{p}": int(p == 0) for p in range(n)} | {f"x_{i}_0": 0 for i in range(1, n)}
        reduced = full.substitute_variables(constants=fixed)
        names = [v.name for v in reduced.variables]

        def interpret(x: np.ndarray) -> Answer:
            grid = np.zeros((n, n), dtype=int)
            grid[0, 0] = 1
            for name, bit in zip(names, np.asarray(x), strict=False):
                _, i, p = name.split("_")
                grid[int(i), int(p)] = int(bit)
            if not ((grid.sum(axis=0) == 1).all() and (grid.sum(axis=1) == 1).all()):
                return self._answer(None)
            return self._answer([int(np.argmax(grid[:, p])) for p in range(1, n)])

        return qubo_encoding(reduced, interpret)

    def evaluate(self, answer: Answer) -> Evaluation:
        """Tour length; feasible when the tour visits every city exactly once."""
        tour = answer.get("tour")
        if tour is None or sorted(tour) != list(range(self.num_cities)):
            return Evaluation(objective=float("inf"), feasible=False)
        return Evaluation(objective=self.tour_cost(tour), feasible=True)

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Brute force over tours starting at city 0 (each direction counted once)."""
        best_order, best_cost = None, np.inf
        for order in itertools.permutations(range(1, self.num_cities)):
            if order[0] > order[-1]:
                continue  # the reverse tour has the same length
            cost = self.tour_cost([0, *order])
            if cost < best_cost:
                best_order, best_cost = list(order), cost
        answer = self._answer(best_order)
        return answer, self.evaluate(answer)

    def describe(self) -> dict[str, Any]:
        """The distance matrix."""
        return {"cities": self.num_cities, "distance_matrix": self.distances.tolist()}
