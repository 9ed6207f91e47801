"""The Sherrington-Kirkpatrick spin glass: spins ``s_i = +-1`` on a complete graph, minimise

    E(s) = (1 / sqrt(n)) sum_{i<j} J_ij s_i s_j

with the couplings ``J`` given, or drawn for ``n`` spins from a seed: ``+-1`` with probability 1/2
each (``pm1``, the instances of Farhi, Goldstone, Gutmann and Zhou, "The Quantum Approximate
Optimization Algorithm and the Sherrington-Kirkpatrick Model at Infinite Size", Quantum 6, 759
(2022), and OpenQAOA's ``SK``) or standard normal (``gaussian``). As ``n`` grows the ground-state
energy per spin ``E / n`` tends to Parisi's value :data:`PARISI_ENERGY_PER_SPIN`.

The instance is a spin model of degree 2 (:class:`~c2q.problems.polynomial.BinaryPolynomial`), so
its encoding, its exact reference (brute force, else a HiGHS MILP) and its quadratic form for
recursive QAOA are that model's; the family answers in spins and energy per spin.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from c2q.encoding import Answer, Evaluation
from c2q.problems.polynomial import BinaryPolynomial

#: ground-state energy per spin of the SK model as ``n -> infinity`` (Parisi; 1 / sqrt(n) scaling)
PARISI_ENERGY_PER_SPIN = -0.7632
#: how drawn couplings are distributed
DISTRIBUTIONS = ("pm1", "gaussian")
Distribution = Literal["pm1", "gaussian"]


def draw_couplings(spins: int, seed: int, distribution: Distribution = "pm1") -> np.ndarray:
    """A symmetric coupling matrix with zero diagonal: the upper triangle drawn row by row from
    ``numpy.random.default_rng(seed)``, ``+-1`` (``pm1``) or standard normal (``gaussian``)."""
    rng = np.random.default_rng(seed)
    rows, cols = np.triu_indices(spins, 1)
    values = rng.choice([-1.0, 1.0], len(rows)) if distribution == "pm1" else rng.standard_normal(len(rows))
    couplings = np.zeros((spins, spins))
    couplings[rows, cols] = couplings[cols, rows] = values
    return couplings


class SherringtonKirkpatrick(BinaryPolynomial):
    """An SK instance.

    :param couplings: symmetric ``n x n`` matrix ``J`` with zero diagonal (``n >= 2``).
    :param source: how the couplings came about (``given``, or the draw), for :meth:`describe`.
    """

    family = "sk"

    def __init__(self, couplings: np.ndarray, source: str = "given") -> None:
        self.couplings = np.asarray(couplings, dtype=float)
        self.source = source
        n = len(self.couplings)
        scale = 1.0 / math.sqrt(n)
        rows, cols = np.triu_indices(n, 1)
        terms = [((int(i), int(j)), float(self.couplings[i, j] * scale)) for i, j in zip(rows, cols, strict=True)]
        super().__init__(list(range(n)), [t for t in terms if t[1]], 0.0, "spin")

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to spins (``s = 1 - 2 x``: bit 0 is spin +1), with the energy and the energy per spin."""
        spins = self.values(np.asarray(x)[: self.num_variables]).astype(int)
        return self._answer(spins)

    def _answer(self, spins: np.ndarray) -> Answer:
        energy = float(self.energy_of_values(spins.astype(float))[0])
        return {"spins": [int(s) for s in spins], "energy": energy, "energy_per_spin": energy / self.num_variables}

    def evaluate(self, answer: Answer) -> Evaluation:
        """The energy, recomputed from the couplings; feasible when there is one spin of +-1 per site."""
        spins = np.asarray(answer["spins"], dtype=float)
        if spins.shape != (self.num_variables,) or not np.isin(spins, (-1.0, 1.0)).all():
            return Evaluation(objective=float("inf"), feasible=False)
        upper = np.triu(self.couplings, 1)
        return Evaluation(objective=float(spins @ upper @ spins) / math.sqrt(self.num_variables), feasible=True)

    def describe(self) -> dict[str, Any]:
        """Spins, couplings and where they came from."""
        return {"spins": self.num_variables, "couplings": len(self.terms), "source": self.source}
