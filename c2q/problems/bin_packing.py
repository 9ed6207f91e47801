"""Bin packing: put every item in a bin of the given capacity, using as few bins as possible.

The model is qiskit-optimization's ``BinPacking`` application: ``y_j`` (bin ``j`` is used) and
``x_ij`` (item ``i`` is in bin ``j``), minimise ``sum y_j`` with ``sum_j x_ij = 1`` for each item
and ``sum_i w_i x_ij <= capacity y_j`` for each bin (an inequality: its slack takes
``floor(log2 capacity) + 1`` qubits). The application offers one bin per item; c2q offers as many
as first-fit decreasing uses (an answer that many bins always hold), or the ``bins`` given, which
keeps the encoding at ``bins (items + 1 + slack)`` qubits.
"""

from __future__ import annotations

from typing import Any

from c2q.encoding import Answer, Evaluation
from c2q.problems.constrained import ConstrainedModel, Constraint, Variable
from c2q.problems.modelled import ModelledProblem


def first_fit_decreasing(weights: list[float], capacity: float) -> int:
    """Bins first-fit decreasing uses: each item, heaviest first, into the first bin it fits."""
    loads: list[float] = []
    for weight in sorted(weights, reverse=True):
        for j, load in enumerate(loads):
            if load + weight <= capacity:
                loads[j] += weight
                break
        else:
            loads.append(weight)
    return len(loads)


class BinPacking(ModelledProblem):
    """Fewest bins.

    :param weights: each item's weight (positive, at most ``capacity``).
    :param capacity: each bin's capacity.
    :param bins: bins offered (default: what first-fit decreasing uses).
    """

    family = "binpacking"
    sense = "min"

    def __init__(self, weights: list[float], capacity: float, bins: int | None = None) -> None:
        self.weights, self.capacity = list(weights), capacity
        self.bins = bins if bins is not None else first_fit_decreasing(self.weights, capacity)
        items = range(len(self.weights))
        self.names = [f"y{j}" for j in range(self.bins)] + [f"x{i}_{j}" for i in items for j in range(self.bins)]

    def _x(self, i: int, j: int) -> int:
        """Index of ``x_ij`` among the variables."""
        return self.bins + i * self.bins + j

    def build_model(self) -> ConstrainedModel:
        items, bins = range(len(self.weights)), range(self.bins)
        constraints = [Constraint(f"item_{i}", {self._x(i, j): 1.0 for j in bins}, "==", 1.0) for i in items]
        constraints += [
            Constraint(f"bin_{j}", {**{self._x(i, j): self.weights[i] for i in items}, j: -self.capacity}, "<=", 0.0)
            for j in bins
        ]
        objective = dict.fromkeys(bins, 1.0)
        return ConstrainedModel([Variable(name) for name in self.names], objective, {}, constraints=constraints)

    def answer_from(self, assignment: dict[str, int]) -> Answer:
        """The items of each bin in use, and how many bins that is (an item in no bin or two is kept as read)."""
        contents = [[i for i in range(len(self.weights)) if assignment[f"x{i}_{j}"]] for j in range(self.bins)]
        used = [items for items in contents if items]
        return {"bins": used, "loads": [sum(self.weights[i] for i in items) for items in used], "used": len(used)}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Bins used; feasible when every item is in exactly one bin and no bin is over capacity."""
        placed = sorted(i for items in answer["bins"] for i in items)
        fits = all(sum(self.weights[i] for i in items) <= self.capacity + 1e-9 for items in answer["bins"])
        return Evaluation(objective=len(answer["bins"]), feasible=fits and placed == list(range(len(self.weights))))

    def describe(self) -> dict[str, Any]:
        """Items, capacity and the bins offered."""
        return {"items": len(self.weights), "capacity": self.capacity, "bins_offered": self.bins}
