"""Knapsack: the items of largest total value whose total weight fits the capacity.

The model is qiskit-optimization's ``Knapsack`` application: one binary variable per item,
maximise ``sum v_i x_i`` under ``sum w_i x_i <= capacity`` (an inequality: its slack takes
``floor(log2 capacity) + 1`` qubits).
"""

from __future__ import annotations

from typing import Any

from c2q.encoding import Answer, Evaluation
from c2q.problems.constrained import ConstrainedModel, Constraint, Variable
from c2q.problems.modelled import ModelledProblem, chosen


class Knapsack(ModelledProblem):
    """0/1 knapsack.

    :param values: each item's value (positive).
    :param weights: each item's weight (positive).
    :param capacity: the most the chosen items may weigh.
    """

    family = "knapsack"
    sense = "max"

    def __init__(self, values: list[float], weights: list[float], capacity: float) -> None:
        self.values, self.weights, self.capacity = list(values), list(weights), capacity
        self.names = [f"item{i}" for i in range(len(values))]

    def build_model(self) -> ConstrainedModel:
        variables = [Variable(name) for name in self.names]
        everything = dict(enumerate(self.weights))
        return ConstrainedModel(
            variables,
            dict(enumerate(self.values)),
            {},
            sense="max",
            constraints=[Constraint("capacity", everything, "<=", self.capacity)],
        )

    def answer_from(self, assignment: dict[str, int]) -> Answer:
        """The chosen items (indices), their value and weight."""
        items = chosen(assignment, self.names)
        return {
            "items": items,
            "value": sum(self.values[i] for i in items),
            "weight": sum(self.weights[i] for i in items),
        }

    def evaluate(self, answer: Answer) -> Evaluation:
        """Total value; feasible when the items are distinct and their weight fits."""
        items = answer["items"]
        fits = sum(self.weights[i] for i in items) <= self.capacity + 1e-9
        return Evaluation(objective=sum(self.values[i] for i in items), feasible=fits and len(set(items)) == len(items))

    def describe(self) -> dict[str, Any]:
        """Items and capacity."""
        return {"items": len(self.values), "capacity": self.capacity, "total_weight": sum(self.weights)}
