"""QAOA (Farhi, Goldstone, Gutmann 2014) with Qiskit's ``qaoa_ansatz``.

Parameters are trained layer by layer: depth 1 starts from a linear-ramp schedule, and each
deeper level starts from the previous optimum interpolated to one more layer (INTERP; Zhou et al.,
PRX 10, 021067 (2020)). The cost operator is rescaled so its largest coefficient is 1, which
makes one angle range fit every instance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from c2q.algorithms.base import RunResult, timed
from c2q.algorithms.variational import VariationalAlgorithm
from c2q.encoding import Encoding

#: length of the linear-ramp schedule (Montanez-Barrera & Michielsen 2024 use 0.3-1.0)
RAMP = 0.8


def cost_ansatz(hamiltonian: Any, reps: int) -> Any:
    """Qiskit's ``qaoa_ansatz`` of ``hamiltonian`` rescaled so its largest coefficient is 1;
    parameters ordered β0..βp-1, γ0..γp-1."""
    from qiskit.circuit.library import qaoa_ansatz

    scale = float(np.max(np.abs(hamiltonian.coeffs))) or 1.0
    return qaoa_ansatz(hamiltonian / scale, reps=reps)


class QAOA(VariationalAlgorithm):
    """QAOA with ``reps`` layers, trained layerwise.

    Arguments: see :class:`~c2q.algorithms.variational.VariationalAlgorithm` (``reps`` is ``p``).
    """

    name = "qaoa"

    def ansatz(self, encoding: Encoding, reps: int | None = None) -> Any:
        """:func:`cost_ansatz` of the encoding's operator with ``reps`` (default: the algorithm's) layers."""
        return cost_ansatz(encoding.hamiltonian, reps or self.reps)

    @staticmethod
    def ramp(reps: int) -> np.ndarray:
        """Linear-ramp start: γ grows and β shrinks over the layers."""
        t = (np.arange(reps) + 0.5) / reps
        return np.concatenate([RAMP * (1 - t), RAMP * t])  # betas, gammas

    @staticmethod
    def interpolate(params: np.ndarray) -> np.ndarray:
        """INTERP: parameters of ``p`` layers -> starting point for ``p + 1`` layers."""
        p = len(params) // 2
        new = []
        for angles in (params[:p], params[p:]):
            padded = np.concatenate([[0.0], angles, [0.0]])
            i = np.arange(1, p + 2)
            new.append((i - 1) / p * padded[i - 1] + (p - i + 1) / p * padded[i])
        return np.concatenate(new)

    def run(self, encoding: Encoding) -> RunResult:
        """Train depth 1..reps in turn, then sample the deepest circuit."""
        timings: dict[str, float] = {}
        params = self.ramp(1)
        evaluations = 0
        for depth in range(1, self.reps + 1):
            if depth > 1:
                params = self.interpolate(params)
            with timed(timings, "transpile"):
                ansatz = self.ansatz(encoding, depth)
                circuit = self.backend.transpile(ansatz, seed=self.seed)
            fun, log = self._objective(circuit, encoding)
            with timed(timings, "optimise"):
                result = self._minimize(fun, params, self.maxiter)
            params = np.asarray(result.x)
            evaluations += len(log)
        with timed(timings, "sample"):
            counts = self.sample(circuit, params)
        return RunResult(
            counts=counts,
            circuit=ansatz.assign_parameters(params),
            evaluations=evaluations,
            details={
                "schedule": "linear ramp + INTERP",
                "optimizer": self._scipy_method(),
                "final_objective": float(result.fun),
            },
            timings=timings,
        )
