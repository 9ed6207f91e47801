"""Set packing: the most (or heaviest) subsets no two of which share an element.

The model is qiskit-optimization's ``SetPacking`` application: maximise ``sum w_S x_S`` with
``sum_{S holds e} x_S <= 1`` per element, an at-most-one constraint whose penalty needs no slack.
"""

from __future__ import annotations

from c2q.problems.subsets import SubsetProblem


class SetPacking(SubsetProblem):
    """Maximum-weight set packing."""

    family = "setpacking"
    sense = "max"
    relation = "<="
