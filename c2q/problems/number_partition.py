"""Number partitioning: split numbers into two groups whose sums are as close as possible.

The model minimises the squared difference ``(sum_i s_i (2 x_i - 1))^2`` without constraints (the
Ising form of Lucas 2014, sec. 2.1); qiskit-optimization's ``NumberPartition`` asks for a perfect
split as a constraint instead, which has no answer when none exists. The family's objective is the
difference itself.
"""

from __future__ import annotations

from typing import Any

from c2q.encoding import Answer, Evaluation
from c2q.problems.constrained import ConstrainedModel, Variable
from c2q.problems.modelled import ModelledProblem, chosen


class NumberPartition(ModelledProblem):
    """Two groups of the numbers with the smallest difference of sums.

    :param numbers: the numbers (at least two).
    """

    family = "numberpartition"
    sense = "min"

    def __init__(self, numbers: list[float]) -> None:
        self.numbers = list(numbers)
        self.names = [f"x{i}" for i in range(len(numbers))]

    def build_model(self) -> ConstrainedModel:
        s = self.numbers
        n = len(s)
        # (sum s_i (2 x_i - 1))^2 with x^2 = x: linear -4 s_i sum_{j != i} s_j, pairs 8 s_i s_j, constant (sum s)^2
        linear = {i: -4 * s[i] * (sum(s) - s[i]) for i in range(n)}
        quadratic = {(i, j): 8 * s[i] * s[j] for i in range(n) for j in range(i + 1, n)}
        return ConstrainedModel([Variable(name) for name in self.names], linear, quadratic, sum(s) ** 2)

    def answer_from(self, assignment: dict[str, int]) -> Answer:
        """The two groups (indices), their sums and the difference."""
        second = chosen(assignment, self.names)
        first = [i for i in range(len(self.numbers)) if i not in set(second)]
        sums = [sum(self.numbers[i] for i in first), sum(self.numbers[i] for i in second)]
        return {"groups": [first, second], "sums": sums, "difference": abs(sums[0] - sums[1])}

    def evaluate(self, answer: Answer) -> Evaluation:
        """The difference of the sums; feasible when the groups split the numbers exactly."""
        first, second = answer["groups"]
        split = sorted(first + second) == list(range(len(self.numbers)))
        difference = abs(sum(self.numbers[i] for i in first) - sum(self.numbers[i] for i in second))
        return Evaluation(objective=difference, feasible=split)

    def describe(self) -> dict[str, Any]:
        """How many numbers, and their sum."""
        return {"numbers": len(self.numbers), "total": sum(self.numbers)}
