"""What the set families (cover, packing, exact cover) share: subsets of a universe of elements,
one binary variable per subset, one constraint per element over the subsets that hold it (named
``element_k`` for the ``k``-th element of the universe)."""

from __future__ import annotations

from typing import Any

from c2q.encoding import Answer, Evaluation
from c2q.problems.constrained import ConstrainedModel, Constraint, Relation, Variable
from c2q.problems.modelled import ModelledProblem, chosen


class SubsetProblem(ModelledProblem):
    """Choose subsets: ``x_S = 1`` when subset ``S`` is chosen.

    :param subsets: the subsets, as lists of elements (ints or strings).
    :param weights: each subset's weight or cost (default 1 each).
    :param universe: the elements to cover (default: every element of a subset).
    """

    #: the relation each element's sum ``sum_{S holds e} x_S`` has with 1
    relation: Relation
    node_keys = ()

    def __init__(
        self,
        subsets: list[list[Any]],
        weights: list[float] | None = None,
        universe: list[Any] | None = None,
    ) -> None:
        self.subsets = [list(dict.fromkeys(subset)) for subset in subsets]
        self.weights = list(weights) if weights is not None else [1.0] * len(subsets)
        every = list(dict.fromkeys(e for subset in self.subsets for e in subset))
        self.universe = list(universe) if universe is not None else every
        self.names = [f"subset{i}" for i in range(len(subsets))]

    def holders(self, element: Any) -> list[int]:
        """The subsets that hold ``element``."""
        return [i for i, subset in enumerate(self.subsets) if element in subset]

    def build_model(self) -> ConstrainedModel:
        constraints = [
            Constraint(f"element_{k}", dict.fromkeys(self.holders(element), 1.0), self.relation, 1.0)
            for k, element in enumerate(self.universe)
            if self.relation != "<=" or len(self.holders(element)) > 1  # at most one of one subset always holds
        ]
        return ConstrainedModel(
            [Variable(name) for name in self.names],
            dict(enumerate(self.weights)),
            {},
            sense=self.sense,
            constraints=constraints,
        )

    def answer_from(self, assignment: dict[str, int]) -> Answer:
        """The chosen subsets (indices) and their total weight."""
        picked = chosen(assignment, self.names)
        return {"subsets": picked, "weight": sum(self.weights[i] for i in picked)}

    def counts(self, picked: list[int]) -> list[int]:
        """How many chosen subsets hold each element of the universe."""
        return [sum(element in self.subsets[i] for i in picked) for element in self.universe]

    def allowed(self, count: int) -> bool:
        """Whether an element held by ``count`` chosen subsets meets the family's rule (from :attr:`relation`)."""
        return count >= 1 if self.relation == ">=" else count <= 1 if self.relation == "<=" else count == 1

    def evaluate(self, answer: Answer) -> Evaluation:
        """Total weight of the chosen subsets; feasible when every element meets the family's rule."""
        picked = answer["subsets"]
        return Evaluation(sum(self.weights[i] for i in picked), all(map(self.allowed, self.counts(picked))))

    def describe(self) -> dict[str, Any]:
        """Subsets and elements."""
        return {"subsets": len(self.subsets), "elements": len(self.universe)}
