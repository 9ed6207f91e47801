"""Travelling salesman: the shortest closed tour through every city once.

``distances[i, j]`` is the way from city ``i`` to city ``j``. The matrix may be asymmetric: a
tour then costs ``sum d[tour[t], tour[t+1]]`` around the closed tour in the direction travelled.
A missing road (``nan``, from a ``null`` in the spec, or ``inf``) may not be used: a tour over one
is infeasible. City 0 is fixed as the start, which removes the tour's rotation symmetry.

Every encoding prices a missing road at ``penalty``, one more than an upper bound on any feasible
tour (the sum of all road lengths, each undirected road counted once when the matrix is
symmetric), so every ground state is a tour over existing roads whenever one exists.

- ``permutation`` (default up to :data:`PERMUTATION_MAX_CITIES` cities): the tour as its Lehmer
  code. Digit ``k`` picks which of the ``n-1-k`` cities not yet visited comes next, in
  ``ceil(log2(n-1-k))`` qubits, read modulo ``n-1-k``: every bitstring is a tour, so no state is
  infeasible and no penalty shapes the landscape. ``sum_k ceil(log2(k))`` qubits (8 for 6 cities,
  14 for 8 cities, against 15 and 21 in ``binary``). The cost of a tour depends on all digits at
  once, so its operator is dense (up to ``2**qubits`` Z-strings, built exactly by one Walsh-Hadamard
  transform): cheap to sample and to simulate, too deep for QAOA's cost layer, which uses
  ``binary``.
- ``binary``: each other city's position ``0..n-2`` in binary, ``(n-1) ceil(log2(n-1))``
  qubits (15 for 6 cities instead of 25). Cost: ``d[i, j]`` when city ``j`` directly follows city
  ``i`` (``d[0, i]`` for the first city, ``d[i, 0]`` for the last), plus ``penalty`` for two cities
  in one position or a code past the last position. Terms act on at most two cities' position
  registers; built exactly by a Walsh-Hadamard transform.
- ``onehot`` (default past :data:`PERMUTATION_MAX_CITIES` cities): ``x[i, p]`` = city ``i`` at
  position ``p``, with city 0 substituted at position 0: ``(n-1)**2`` qubits (81 for 10 cities,
  121 for 12), a quadratic model that recursive QAOA takes. A symmetric matrix uses
  qiskit-optimization's ``Tsp`` QUBO. That class reads an undirected graph and would price both
  directions of a road alike, so an asymmetric matrix gets the same quadratic program built here
  with ``d[i, j]`` on ``x[i, p] x[j, p+1]``: one-hot encoding works for every matrix, nothing is
  refused.

Exact reference: Held-Karp dynamic programming up to 16 cities (under a second); beyond, a MILP
over the roads with subtour cuts (Dantzig, Fulkerson & Johnson 1954), solved by HiGHS.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.errors import OptionError
from c2q.ising import ising_from_function, sum_ising
from c2q.problems.base import Problem, code_bits, decode_codes
from c2q.problems.exact import HELD_KARP_CITIES, MILP, BinaryProgram, held_karp

#: the most cities the ``permutation`` encoding takes (17 qubits, an operator of up to 131,072 Z-strings)
PERMUTATION_MAX_CITIES = 9


class Tsp(Problem):
    """Shortest Hamiltonian cycle over a distance matrix (asymmetric allowed, missing roads allowed).

    :param distances: ``n x n``; ``[i, j]`` is the distance from ``i`` to ``j``. Off the diagonal a
        non-finite entry (``nan`` / ``inf``) means there is no road; the diagonal is ignored.
    """

    family = "tsp"
    sense = "min"
    encodings = ("permutation", "binary", "onehot")
    #: answer keys that name cities (renamed to the user's labels by :meth:`Problem.present`)
    node_keys = ("tour", "missing_roads")

    def __init__(self, distances: np.ndarray, labels: Sequence[int | str] | None = None) -> None:
        d = np.array(distances, dtype=float)
        #: the user's name of each city, or ``None`` (cities named by index)
        self.labels = None if labels is None else list(labels)
        self.num_cities = len(d)
        off_diagonal = ~np.eye(self.num_cities, dtype=bool)
        #: ``roads[i, j]``: a road leads from city ``i`` to city ``j``
        self.roads = np.isfinite(d) & off_diagonal
        self.distances = np.where(self.roads, d, np.inf)
        np.fill_diagonal(self.distances, 0.0)
        #: whether the way back always costs the same (missing roads included)
        self.symmetric = bool(np.array_equal(self.distances, self.distances.T))

    def tour_cost(self, tour: list[int]) -> float:
        """Length of the closed tour in the direction given (``inf`` when it uses a missing road)."""
        return float(sum(self.distances[a, b] for a, b in zip(tour, tour[1:] + tour[:1], strict=True)))

    def missing_roads(self, tour: list[int]) -> list[list[int]]:
        """The steps ``[a, b]`` of the closed tour that have no road."""
        return [[a, b] for a, b in zip(tour, tour[1:] + tour[:1], strict=True) if not self.roads[a, b]]

    @property
    def penalty(self) -> float:
        """More than any feasible tour costs: what a missing road or a broken assignment costs the encodings."""
        lengths = np.where(self.roads, self.distances, 0.0)
        bound = lengths[np.triu_indices(self.num_cities, 1)].sum() if self.symmetric else lengths.sum()
        return 1.0 + float(bound)

    def costs(self) -> np.ndarray:
        """The distance matrix the encodings use: missing roads cost :attr:`penalty`."""
        costs = np.where(self.roads, self.distances, self.penalty)
        np.fill_diagonal(costs, 0.0)
        return costs

    def _answer(self, order: list[int] | None) -> Answer:
        if order is None:
            return {"tour": None, "cost": None}
        tour = [0, *order]
        missing = self.missing_roads(tour)
        if missing:
            return {"tour": tour, "cost": None, "missing_roads": missing}
        return {"tour": tour, "cost": self.tour_cost(tour)}

    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False, quadratic: bool = False) -> str:
        """``permutation`` up to :data:`PERMUTATION_MAX_CITIES` cities, else ``onehot``: the one
        quadratic encoding, which recursive QAOA takes past the exact simulators' width (``binary``
        has terms on up to ``2 ceil(log2(n-1))`` qubits); ``binary`` when the cost becomes a
        circuit (``cost_circuit``: QAOA), where the permutation encoding's dense operator would be
        thousands of gates; ``onehot`` whenever the algorithm takes two-qubit terms only (``quadratic``)."""
        if quadratic:
            return "onehot"
        if cost_circuit:
            return "binary"
        return "permutation" if self.num_cities <= PERMUTATION_MAX_CITIES else "onehot"

    def _encode(self, name: str) -> Encoding:
        builders = {"permutation": self._encode_permutation, "binary": self._encode_binary}
        return builders.get(name, self._encode_onehot)()

    def _encoded_qubits(self, name: str) -> int:
        """``permutation``: ``sum_k ceil(log2(k))`` for ``k = 2..n-1``; ``binary``: ``(n-1) ceil(log2(n-1))``;
        ``onehot``: ``(n-1)**2`` (city 0 fixed first in all three)."""
        m = self.num_cities - 1
        if name == "permutation":
            return sum(lehmer_bits(m))
        return m * code_bits(m) if name == "binary" else m**2

    def _encode_permutation(self) -> Encoding:
        m = self.num_cities - 1
        if self.num_cities > PERMUTATION_MAX_CITIES:
            raise OptionError(
                f"--encoding permutation: {self.num_cities} cities is more than its dense operator allows "
                f"({PERMUTATION_MAX_CITIES}); use --encoding onehot (the default past {PERMUTATION_MAX_CITIES} cities) "
                "or binary"
            )
        widths = lehmer_bits(m)
        num_qubits = sum(widths)
        d = self.costs()

        def cost(x: np.ndarray) -> np.ndarray:
            tours = np.column_stack([np.zeros(len(x), dtype=np.int64), lehmer_tours(x, m) + 1])
            return d[tours, np.roll(tours, -1, axis=1)].sum(axis=1)

        hamiltonian, offset = ising_from_function(cost, range(num_qubits), num_qubits)

        def interpret(x: np.ndarray) -> Answer:
            return self._answer([int(c) + 1 for c in lehmer_tours(np.asarray(x)[None, :num_qubits], m)[0]])

        note = (
            f"permutation encoding: the tour's Lehmer code in {num_qubits} qubits "
            f"(digits of {', '.join(map(str, widths))} bits), city 0 fixed first; every bitstring is a tour"
        )
        names = [f"digit[{k}][{bit}]" for k, width in enumerate(widths) for bit in range(width)]
        return Encoding("permutation", hamiltonian, offset, interpret, notes=[note], variables=names)

    def _encode_binary(self) -> Encoding:
        m = self.num_cities - 1  # cities 1..m take positions 0..m-1
        b = code_bits(m)
        d, penalty = self.costs(), self.penalty
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
        names = [f"position[{self._city(i)}][{bit}]" for i in range(1, m + 1) for bit in range(b)]
        return Encoding("binary", hamiltonian, offset, interpret, notes=[note], variables=names)

    def _onehot_program(self) -> Any:
        """Quadratic program over ``x_i_p`` (city ``i`` at position ``p``), as qiskit-optimization's
        ``Tsp`` application writes it (for any distance matrix, zero and asymmetric distances included)."""
        from qiskit_optimization import QuadraticProgram

        n, c = self.num_cities, self.costs()
        program = QuadraticProgram("TSP")
        for i, p in itertools.product(range(n), range(n)):
            program.binary_var(f"x_{i}_{p}")
        program.minimize(
            quadratic={
                (f"x_{i}_{p}", f"x_{j}_{(p + 1) % n}"): float(c[i, j])
                for i, j in itertools.permutations(range(n), 2)
                for p in range(n)
            }
        )
        for i in range(n):
            program.linear_constraint({f"x_{i}_{p}": 1 for p in range(n)}, "==", 1, name=f"city_{i}")
        for p in range(n):
            program.linear_constraint({f"x_{i}_{p}": 1 for i in range(n)}, "==", 1, name=f"position_{p}")
        return program

    def _encode_onehot(self) -> Encoding:
        from c2q.problems.base import one_hot_groups, qubo_encoding

        n = self.num_cities
        fixed = {f"x_0_{p}": int(p == 0) for p in range(n)} | {f"x_{i}_0": 0 for i in range(1, n)}
        reduced = self._onehot_program().substitute_variables(constants=fixed)
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

        encoding = qubo_encoding(reduced, interpret)
        at = [name.split("_")[1:] for name in names]
        variables = [f"x[{self._city(int(i))}][{p}]" for i, p in at]
        return replace(encoding, variables=variables, one_hot=one_hot_groups(reduced))

    def _city(self, i: int) -> int | str:
        """City ``i`` as the user names it (its label, else its index), for qubit names."""
        return self.labels[i] if self.labels is not None else i

    def evaluate(self, answer: Answer) -> Evaluation:
        """Tour length in the direction travelled; feasible when the tour visits every city exactly
        once and uses only existing roads."""
        tour = answer.get("tour")
        if tour is None or sorted(tour) != list(range(self.num_cities)):
            return Evaluation(objective=float("inf"), feasible=False)
        cost = self.tour_cost(tour)
        return Evaluation(objective=cost, feasible=bool(np.isfinite(cost)))

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """The shortest tour in the direction travelled; tours over missing roads never count. When
        no tour exists the answer has ``tour: None`` and is infeasible (and that is proven).

        Up to :data:`~c2q.problems.exact.HELD_KARP_CITIES` cities, Held-Karp dynamic programming
        (it ends well inside any time limit); beyond, :meth:`_subtour_program`.
        """
        if self.num_cities <= HELD_KARP_CITIES:
            answer = self._answer(held_karp(self.distances))
            return Reference.proven(answer, self.evaluate(answer), "Held-Karp")
        return self._subtour_program(time_limit)

    def _subtour_program(self, time_limit: float | None) -> Reference:
        """HiGHS MILP: ``x_ij = 1`` when the tour goes from ``i`` straight to ``j`` over a road.

        One road out of and one into every city, no two-city loop; each subtour of a solution is cut
        (at most ``|S| - 1`` roads inside its cities ``S``) and the program solved again, until the
        solution is one tour. ``time_limit`` covers all rounds; a solution with subtours is no answer,
        only a lower bound.
        """
        deadline = None if time_limit is None else time.perf_counter() + time_limit
        roads = [(int(i), int(j)) for i, j in np.argwhere(self.roads)]
        index = {road: k for k, road in enumerate(roads)}
        program = BinaryProgram([self.distances[road] for road in roads], "min")
        for city in range(self.num_cities):
            for end in (0, 1):  # leaving, arriving
                ways = [k for k, road in enumerate(roads) if road[end] == city]
                program.constrain(ways, [1] * len(ways), lower=1, upper=1)
        for (i, j), k in index.items():
            if i < j and (j, i) in index:
                program.constrain([k, index[j, i]], [1, 1], upper=1)
        while True:
            left = None if deadline is None else max(deadline - time.perf_counter(), 0.0)
            outcome = program.solve(left)
            if outcome.x is None:
                if outcome.optimal:  # proven: no tour
                    answer = self._answer(None)
                    return Reference.proven(answer, self.evaluate(answer), MILP)
                return Reference(None, None, False, outcome.bound, MILP)
            cycles = _cycles(dict(road for road, used in zip(roads, outcome.x, strict=True) if used > 0.5))
            if len(cycles) == 1:
                tour = cycles[0]
                answer = self._answer(tour[1:])  # the cycle starts at city 0
                if outcome.optimal:
                    return Reference.proven(answer, self.evaluate(answer), MILP)
                return Reference(answer, self.evaluate(answer), False, outcome.bound, MILP)
            if not outcome.optimal or (deadline is not None and time.perf_counter() >= deadline):
                return Reference(None, None, False, outcome.bound, MILP)
            for cycle in cycles:
                inside = [index[i, j] for i in cycle for j in cycle if (i, j) in index]
                program.constrain(inside, [1] * len(inside), upper=len(cycle) - 1)

    def describe(self) -> dict[str, Any]:
        """The distance matrix (``None``: no road), whether it is symmetric, and the city labels if any."""
        shown = np.where(np.isfinite(self.distances), self.distances, np.nan)
        matrix = [[None if np.isnan(x) else float(x) for x in row] for row in shown]
        summary = {"cities": self.num_cities, "distance_matrix": matrix, "symmetric": self.symmetric}
        return summary if self.labels is None else {**summary, "labels": self.labels}


def lehmer_bits(m: int) -> list[int]:
    """Qubits of each Lehmer digit of an ordering of ``m`` items: digit ``k`` chooses among ``m - k``
    (``ceil(log2(m - k))`` qubits; the last digit has one choice and no qubit)."""
    return [int(np.ceil(np.log2(m - k))) for k in range(m)]


def lehmer_tours(x: np.ndarray, m: int) -> np.ndarray:
    """Orderings of ``0..m-1`` from rows of Lehmer-code bits (:func:`lehmer_bits` wide, little-endian
    digits, each read modulo its number of choices): row ``r`` of the result is the order."""
    x = np.asarray(x, dtype=np.int64)
    rows = np.arange(len(x))
    left = np.ones((len(x), m), dtype=bool)
    order = np.empty((len(x), m), dtype=np.int64)
    start = 0
    for k, width in enumerate(lehmer_bits(m)):
        digit = (x[:, start : start + width] @ (1 << np.arange(width))) % (m - k)
        start += width
        chosen = np.argmax(np.cumsum(left, axis=1) == digit[:, None] + 1, axis=1)
        order[:, k] = chosen
        left[rows, chosen] = False
    return order


def _cycles(successor: dict[int, int]) -> list[list[int]]:
    """The cycles of a permutation given as ``city -> next city``, each from its smallest city."""
    cycles, seen = [], set()
    for start in sorted(successor):
        if start in seen:
            continue
        cycle = [start]
        while (city := successor[cycle[-1]]) != start:
            cycle.append(city)
        seen.update(cycle)
        cycles.append(cycle)
    return cycles
