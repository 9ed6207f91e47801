"""VQE with a hardware-efficient ansatz: layers of RY rotations and a linear chain of CX
(Qiskit's ``real_amplitudes``; Kandala et al., Nature 549, 242 (2017)).

Real amplitudes suffice because the Hamiltonians are diagonal. Training starts from the uniform
superposition (first layer RY(π/2), the rest near 0), so no basis state is favoured at first.

With ``ansatz`` (a :class:`~c2q.ansatz.FoundAnsatz`, ``--ansatz rl:<run>``) the circuit is the
one architecture search found instead, trained from the angles the search found.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from c2q.algorithms.base import RunResult, timed
from c2q.algorithms.variational import VariationalAlgorithm
from c2q.ansatz import FoundAnsatz
from c2q.problems.base import Encoding


class VQE(VariationalAlgorithm):
    """Hardware-efficient VQE.

    Arguments: see :class:`~c2q.algorithms.variational.VariationalAlgorithm` (``reps`` counts
    entangling layers), and:

    :param ansatz: a found circuit to use instead of ``real_amplitudes`` (``reps`` is then unused).
    """

    name = "vqe"

    def __init__(self, *args: Any, ansatz: FoundAnsatz | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found = ansatz

    def ansatz(self, encoding: Encoding) -> Any:
        """``real_amplitudes`` on the encoding's qubits, linear entanglement (or the found circuit)."""
        from qiskit.circuit.library import real_amplitudes

        if self.found is not None:
            self.found.check(encoding.num_qubits)
            return self.found.circuit()

        return real_amplitudes(encoding.num_qubits, reps=self.reps, entanglement="linear")

    def initial_point(self, num_qubits: int) -> np.ndarray:
        """Uniform superposition plus a small seeded perturbation (or the found circuit's angles)."""
        if self.found is not None:
            return self.found.initial_point()
        theta = self.rng.normal(scale=0.05, size=num_qubits * (self.reps + 1))
        theta[:num_qubits] += np.pi / 2
        return theta

    def run(self, encoding: Encoding) -> RunResult:
        """Optimise the ansatz, then sample it."""
        timings: dict[str, float] = {}
        with timed(timings, "transpile"):
            ansatz = self.ansatz(encoding)
            circuit = self.backend.transpile(ansatz, seed=self.seed)
        fun, history = self._objective(circuit, encoding)
        x0 = self.initial_point(encoding.num_qubits)
        with timed(timings, "optimise"):
            if x0.size:
                result = self._minimize(fun, x0, self.maxiter)
                params, final = np.asarray(result.x), float(result.fun)
            else:  # a found circuit without rotations: nothing to train
                params, final = x0, float(fun(x0))
        with timed(timings, "sample"):
            counts = self.sample(circuit, params if params.size else None)
        return RunResult(
            counts=counts,
            circuit=ansatz.assign_parameters(params),
            evaluations=len(history),
            details={
                **({"ansatz": "real_amplitudes (RY + linear CX)"} if self.found is None else self.found.describe()),
                "optimizer": self.optimizer,
                "final_objective": final,
            },
            timings=timings,
        )
