"""Exact cover: subsets that hold every element of the universe exactly once.

The model is qiskit-optimization's ``ExactCover`` application: ``sum_{S holds e} x_S = 1`` per
element, and among exact covers the one of fewest subsets (or least weight). When none exists,
HiGHS proves it and the answer says so.
"""

from __future__ import annotations

from c2q.problems.subsets import SubsetProblem


class ExactCover(SubsetProblem):
    """Exact cover of fewest subsets."""

    family = "exactcover"
    sense = "min"
    relation = "=="
