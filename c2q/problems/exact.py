"""Exact classical references beyond brute force, under a time limit.

A graph family states its problem as a mixed-integer linear program over variables in ``[0, 1]``
(:class:`BinaryProgram`). HiGHS, through :func:`scipy.optimize.milp`, solves it to a proven
optimum (relative gap 0) or, when the time limit comes first, returns the best solution it has
and a proven bound on the optimum. Travelling salesman tours use Held-Karp dynamic programming
(:func:`held_karp`) up to :data:`HELD_KARP_CITIES` cities, and a program with subtour cuts beyond.

These methods work from the instance alone, never from an encoding or the decoder, so they check
the quantum pipeline rather than repeat it.

References: Huangfu & Hall, "Parallelizing the dual revised simplex method", Math. Prog. Comp. 10
(2018) (HiGHS); Held & Karp, J. SIAM 10 (1962); Dantzig, Fulkerson & Johnson, Oper. Res. 2 (1954).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from c2q.encoding import Answer, Reference, Sense
from c2q.problems.base import Problem

#: seconds an exact classical reference searches by default before it reports a bound instead of an optimum
CLASSICAL_TIME_LIMIT = 30.0
#: name of the MILP method in references and warnings
MILP = "HiGHS MILP"
#: Held-Karp is used up to this many cities (``2**15 * 15`` states, well under a second); a MILP beyond
HELD_KARP_CITIES = 16


@dataclass(frozen=True)
class ProgramOutcome:
    """What HiGHS established about a :class:`BinaryProgram`.

    :param x: the best solution found (integer variables rounded), ``None`` when it found none.
    :param optimal: ``x`` is proven optimal; with ``x`` ``None``, the program is proven infeasible.
    :param bound: a proven bound on the optimal objective, in the program's sense (an upper bound
        when it maximises); ``inf``/``-inf`` when none was proven.
    """

    x: np.ndarray | None
    optimal: bool
    bound: float


class BinaryProgram:
    """Optimise ``objective @ x`` over ``x`` in ``[0, 1]**n``, some entries 0/1, under linear constraints
    (bounds may be widened through :attr:`lower` and :attr:`upper`: an integer column in ``lower..upper``).

    :param objective: one coefficient per variable.
    :param sense: ``max`` or ``min``.
    :param integer: which variables are 0/1 (default: all); the others are continuous in ``[0, 1]``.
    """

    def __init__(self, objective: Sequence[float] | np.ndarray, sense: Sense, integer: np.ndarray | None = None):
        self.objective = np.asarray(objective, dtype=float)
        self.sense = sense
        self.integer = np.ones(len(self.objective), dtype=bool) if integer is None else np.asarray(integer, bool)
        #: each variable's bounds: ``[0, 1]`` unless set (an integer column may take a wider range)
        self.lower = np.zeros(len(self.objective))
        self.upper = np.ones(len(self.objective))
        self._rows: list[tuple[Sequence[int], Sequence[float], float, float]] = []

    def exclude(self, variables: Sequence[int]) -> None:
        """Fix ``variables`` to 0 (symmetry breaking)."""
        self.upper[list(variables)] = 0.0

    def constrain(
        self, variables: Sequence[int], coefficients: Sequence[float], lower: float = -np.inf, upper: float = np.inf
    ) -> None:
        """Add ``lower <= sum(coefficients[i] * x[variables[i]]) <= upper``."""
        self._rows.append((variables, coefficients, lower, upper))

    def solve(self, time_limit: float | None = None) -> ProgramOutcome:
        """Solve with HiGHS to a proven optimum, or until ``time_limit`` seconds have passed.

        :raises RuntimeError: when HiGHS fails for another reason (a bug, not an input error).
        """
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_array

        sign = -1.0 if self.sense == "max" else 1.0  # HiGHS minimises
        constraints = []
        if self._rows:
            lengths = [len(variables) for variables, *_ in self._rows]
            matrix = csr_array(
                (
                    np.concatenate([np.asarray(c, dtype=float) for _, c, *_ in self._rows]),
                    (
                        np.repeat(np.arange(len(self._rows)), lengths),
                        np.concatenate([np.asarray(v, dtype=np.int64) for v, *_ in self._rows]),
                    ),
                ),
                shape=(len(self._rows), len(self.objective)),
            )
            lower, upper = (np.array([row[k] for row in self._rows], dtype=float) for k in (2, 3))
            constraints.append(LinearConstraint(matrix, lower, upper))
        options: dict[str, float] = {"mip_rel_gap": 0.0}
        if time_limit is not None:
            options["time_limit"] = time_limit
        result = milp(
            sign * self.objective,
            integrality=self.integer.astype(int),
            bounds=Bounds(self.lower, self.upper),
            constraints=constraints,
            options=options,
        )
        if result.status == 2:  # proven infeasible: no objective value is reachable
            return ProgramOutcome(None, True, sign * np.inf)
        if result.status not in (0, 1):
            raise RuntimeError(f"HiGHS failed: {result.message}")
        x = None if result.x is None else np.where(self.integer, np.round(result.x), result.x)
        if result.status == 0:
            return ProgramOutcome(x, True, float(sign * result.fun))
        dual = result.mip_dual_bound
        bound = -sign * np.inf if dual is None or not np.isfinite(dual) else float(sign * dual)
        return ProgramOutcome(x, False, bound)


def program_reference(problem: Problem, outcome: ProgramOutcome, answer: Callable[[np.ndarray], Answer]) -> Reference:
    """The reference a solved program gives, in the family's terms (for programs that are always feasible).

    :param answer: the family's answer for a solution ``x`` of its program; the family's own
        :meth:`~c2q.problems.base.Problem.evaluate` then scores it.
    """
    if outcome.x is None:
        return Reference(None, None, False, outcome.bound, MILP)
    found = answer(outcome.x)
    evaluation = problem.evaluate(found)
    if outcome.optimal:
        return Reference.proven(found, evaluation, MILP)
    return Reference(found, evaluation, False, outcome.bound, MILP)


def held_karp(distances: np.ndarray) -> list[int] | None:
    """The shortest closed tour from city 0 by Held-Karp dynamic programming, exact for any matrix.

    ``cost[S, j]`` is the shortest path from city 0 through exactly the cities of ``S`` (a bit set of
    cities ``1..n-1``, bit ``j`` for city ``j + 1``) that ends at city ``j + 1``; one subset size at a
    time, vectorised over subsets. ``O(2**n n**2)`` time and ``O(2**n n)`` memory.

    :param distances: ``n x n``, ``[i, j]`` the way from ``i`` to ``j``; ``inf`` where there is no road.
    :return: the cities after city 0 in tour order, or ``None`` when the roads admit no tour.
    """
    m = len(distances) - 1
    size = 1 << m
    cities = np.arange(m)
    members = ((np.arange(size)[:, None] >> cities) & 1).astype(bool)
    cost = np.full((size, m), np.inf)
    cost[1 << cities, cities] = distances[0, 1:]
    parent = np.full((size, m), -1, dtype=np.int64)
    step = distances[1:, 1:]
    popcount = members.sum(axis=1)
    for count in range(2, m + 1):
        layer = np.flatnonzero(popcount == count)
        for j in range(m):
            sets = layer[members[layer, j]]
            total = cost[sets ^ (1 << j)] + step[:, j]  # arrive at j from each k of the set without j
            best = np.argmin(total, axis=1)
            cost[sets, j] = total[np.arange(len(sets)), best]
            parent[sets, j] = best
    closing = cost[size - 1] + distances[1:, 0]
    last = int(np.argmin(closing))
    if not np.isfinite(closing[last]):
        return None
    order, visited = [], size - 1
    while last >= 0:
        order.append(last + 1)
        visited, last = visited ^ (1 << last), int(parent[visited, last])
    return order[::-1]
