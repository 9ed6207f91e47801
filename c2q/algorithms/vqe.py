"""VQE with a hardware-efficient ansatz: layers of RY rotations and a linear chain of CX
(Qiskit's ``real_amplitudes``; Kandala et al., Nature 549, 242 (2017)).

Real amplitudes suffice because the Hamiltonians are diagonal. Training starts from the uniform
superposition (first layer RY(π/2), the rest near 0), so no basis state is favoured at first.

Training. With the ``auto`` optimiser on an exact simulator (Aer statevector) and up to
:data:`~c2q.algorithms.statevector.EXACT_TRAINING_MAX_QUBITS` qubits, the ansatz is trained on its
exact outcome distribution with exact CVaR gradients (adjoint method,
:mod:`c2q.algorithms.statevector`) by L-BFGS-B, in three CVaR stages ``alpha/5 -> alpha/2 ->
alpha``: a small fraction first, so that the rare low-cost states (a feasible tour among
thousands of broken ones) steer the search, then larger fractions, which move more probability
onto the best state found. The first stage starts from :data:`STARTS` seeded points near the
uniform superposition, each for :data:`START_ITERATIONS` iterations; the best one goes on. On
fresh TSP, colouring, MaxCut and MIS instances of 15-16 qubits this found the optimum at every
seed tried, where one COBYLA run at ``alpha`` found none of three 6-city tours
(``benchmarks/robust.py``). Elsewhere (``--optimizer`` named, noisy devices, hardware, wider
registers, found circuits) one scipy run optimises the CVaR at ``alpha`` from one start.

With ``ansatz`` (a :class:`~c2q.ansatz.FoundAnsatz`, ``--ansatz rl:<run>``) the circuit is the
one architecture search found instead, trained from the angles the search found.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from c2q.algorithms.base import RunResult, timed
from c2q.algorithms.statevector import EXACT_TRAINING_MAX_QUBITS, RealAmplitudesTrainer
from c2q.algorithms.variational import VariationalAlgorithm
from c2q.ansatz import FoundAnsatz
from c2q.ising import diagonal
from c2q.problems.base import Encoding

#: starting points of the exact-gradient training's first CVaR stage
STARTS = 4
#: L-BFGS-B iterations each start gets before the best one goes on
START_ITERATIONS = 40
#: the CVaR stages of the exact-gradient training, as fractions of ``alpha``
ALPHA_STAGES = (0.2, 0.5, 1.0)


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

    def initial_point(self, num_qubits: int, scale: float = 0.05) -> np.ndarray:
        """Uniform superposition plus a seeded perturbation of standard deviation ``scale`` (or the
        found circuit's angles)."""
        if self.found is not None:
            return self.found.initial_point()
        theta = self.rng.normal(scale=scale, size=num_qubits * (self.reps + 1))
        theta[:num_qubits] += np.pi / 2
        return theta

    def trains_exactly(self, encoding: Encoding) -> bool:
        """Whether :meth:`run` trains with exact CVaR gradients (see the module docstring)."""
        return (
            self.optimizer == "auto"
            and self.found is None
            and getattr(self.backend, "exact_probabilities", False)
            and encoding.num_qubits <= EXACT_TRAINING_MAX_QUBITS
        )

    def _train_exactly(self, encoding: Encoding) -> tuple[np.ndarray, float, int, dict[str, Any]]:
        """Staged CVaR training with exact gradients: angles, final CVaR, evaluations, details."""
        from scipy.optimize import minimize

        trainer = RealAmplitudesTrainer(diagonal(encoding.hamiltonian, encoding.offset), self.reps)
        alpha = 1.0 if self.cvar_alpha is None else self.cvar_alpha
        stages = [fraction * alpha for fraction in ALPHA_STAGES]
        budget = self.maxiter

        def run(theta: np.ndarray, stage_alpha: float, iterations: int) -> Any:
            nonlocal budget
            result = minimize(
                trainer.cvar_and_gradient,
                theta,
                args=(stage_alpha,),
                jac=True,
                method="L-BFGS-B",
                options={"maxiter": iterations, "maxfun": max(budget, 1)},
            )
            budget -= result.nfev
            return result

        starts = [
            run(self.initial_point(encoding.num_qubits, scale=0.3), stages[0], START_ITERATIONS) for _ in range(STARTS)
        ]
        result = min(starts, key=lambda r: r.fun)
        for stage_alpha in stages:
            if budget <= 0:
                break
            result = run(result.x, stage_alpha, budget)
        details = {
            "training": "exact CVaR gradients (adjoint), L-BFGS-B",
            "starts": STARTS,
            "cvar_stages": [round(a, 4) for a in stages],
        }
        return np.asarray(result.x), float(result.fun), self.maxiter - budget, details

    def run(self, encoding: Encoding) -> RunResult:
        """Optimise the ansatz, then sample it."""
        timings: dict[str, float] = {}
        with timed(timings, "transpile"):
            ansatz = self.ansatz(encoding)
            circuit = self.backend.transpile(ansatz, seed=self.seed)
        training: dict[str, Any] = {}
        with timed(timings, "optimise"):
            if self.trains_exactly(encoding):
                params, final, evaluations, training = self._train_exactly(encoding)
            else:
                fun, history = self._objective(circuit, encoding)
                x0 = self.initial_point(encoding.num_qubits)
                if x0.size:
                    result = self._minimize(fun, x0, self.maxiter)
                    params, final = np.asarray(result.x), float(result.fun)
                else:  # a found circuit without rotations: nothing to train
                    params, final = x0, float(fun(x0))
                evaluations = len(history)
        with timed(timings, "sample"):
            counts = self.sample(circuit, params if params.size else None)
        return RunResult(
            counts=counts,
            circuit=ansatz.assign_parameters(params),
            evaluations=evaluations,
            details={
                **({"ansatz": "real_amplitudes (RY + linear CX)"} if self.found is None else self.found.describe()),
                "optimizer": "l-bfgs-b" if training else self._scipy_method(),
                **training,
                "final_objective": final,
            },
            timings=timings,
        )
