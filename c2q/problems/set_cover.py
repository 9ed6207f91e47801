"""Set cover: the subsets of least total cost whose union is the universe (each element held by
at least one chosen subset). qiskit-optimization has no application class for it; the model is the
textbook one (Lucas 2014, sec. 5.1, with an inequality per element)."""

from __future__ import annotations

from c2q.problems.subsets import SubsetProblem


class SetCover(SubsetProblem):
    """Minimum-cost set cover."""

    family = "setcover"
    sense = "min"
    relation = ">="
