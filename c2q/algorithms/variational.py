"""What QAOA and VQE share: a parameterised circuit, a classical optimiser loop on the V2
primitives, and a final sampling run.

The objective is either the exact energy ``<H>`` from EstimatorV2 or the CVaR of sampled energies
(Barkoutsos et al., Quantum 4, 256 (2020)) from SamplerV2: the mean of the lowest ``alpha``
fraction of the sampled costs, which rewards concentrating amplitude on good bitstrings.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.algorithms.base import Algorithm
from c2q.encoding import Encoding
from c2q.errors import OptionError
from c2q.ising import bits_from_keys, diagonal, energy_function

if TYPE_CHECKING:
    from c2q.backends.protocol import Backend

#: ``--optimizer`` choices: ``auto`` (exact CVaR gradients where the algorithm can train exactly,
#: see :mod:`c2q.algorithms.vqe`, else COBYLA) and scipy methods
OPTIMIZERS = ("auto", "cobyla", "powell", "nelder-mead", "l-bfgs-b")
#: exact CVaR lists all 2**n energies; above this width it falls back to sampling
EXACT_CVAR_MAX_QUBITS = 20


#: shots per objective evaluation when a sampler estimates the CVaR
TRAINING_SHOTS = 512
#: ansatz layers at most (each adds parameters to train and depth to run)
MAX_REPS = 50


class VariationalAlgorithm(Algorithm):
    """Optimise a parameterised circuit for a diagonal Hamiltonian, then sample it.

    :param backend: where circuits run (provides ``sampler``, ``estimator``, ``transpile``).
    :param reps: number of ansatz layers.
    :param shots: shots of the final sampling run.
    :param seed: seeds the simulator, the transpiler and the initial point.
    :param optimizer: one of :data:`OPTIMIZERS`.
    :param maxiter: objective evaluations allowed to the optimiser (per stage for QAOA).
    :param cvar_alpha: ``None`` optimises the exact energy; a value in ``(0, 1]`` optimises the
        CVaR of ``training_shots`` samples.
    :param training_shots: shots per objective evaluation when optimising CVaR.
    """

    def __init__(
        self,
        backend: Backend,
        reps: int = 2,
        shots: int = 2048,
        seed: int | None = None,
        optimizer: str = "auto",
        maxiter: int = 200,
        cvar_alpha: float | None = None,
        training_shots: int = TRAINING_SHOTS,
    ) -> None:
        if optimizer not in OPTIMIZERS:
            raise OptionError(f"--optimizer: unknown optimizer '{optimizer}' (choose one of {', '.join(OPTIMIZERS)})")
        if cvar_alpha is not None and not 0 < cvar_alpha <= 1:
            raise OptionError(f"--cvar-alpha: {cvar_alpha} is outside (0, 1] (fix: e.g. --cvar-alpha 0.2)")
        if not 1 <= reps <= MAX_REPS:
            raise OptionError(f"--reps: {reps} is outside 1..{MAX_REPS} (fix: e.g. --reps 2)")
        if maxiter < 1:
            raise OptionError(f"--maxiter: {maxiter} must be a positive integer")
        super().__init__(backend, shots, seed)
        self.reps = reps
        self.optimizer = optimizer
        self.maxiter = maxiter
        self.cvar_alpha = cvar_alpha
        self.training_shots = training_shots
        self.rng = np.random.default_rng(seed)

    @abstractmethod
    def ansatz(self, encoding: Encoding) -> Any:
        """Parameterised circuit (no measurements) for the encoding."""

    def program(self, encoding: Encoding) -> Any:
        """The ansatz."""
        return self.ansatz(encoding)

    # -- shared machinery -------------------------------------------------------------------
    def _objective(self, circuit: Any, encoding: Encoding) -> tuple[Any, list[float]]:
        """Objective function of the circuit's parameters, and the list it logs values into.

        Energy: EstimatorV2. CVaR: exact outcome probabilities where the backend has them and the
        register is small enough to list every energy, else SamplerV2 with ``training_shots``.
        """
        history: list[float] = []
        if self.cvar_alpha is None:
            estimator = self.backend.estimator(self.seed, stage="training")
            observable = encoding.hamiltonian

            def energy(theta: np.ndarray) -> float:
                value = float(estimator.run([(circuit, observable, theta)]).result()[0].data.evs) + encoding.offset
                history.append(value)
                return value

            return energy, history
        alpha = self.cvar_alpha
        if self.backend.exact_probabilities and encoding.num_qubits <= EXACT_CVAR_MAX_QUBITS:
            values = diagonal(encoding.hamiltonian, encoding.offset)
            order = np.argsort(values, kind="stable")
            sorted_values = values[order]

            def exact_cvar(theta: np.ndarray) -> float:
                probs = np.asarray(self.backend.probabilities(circuit, theta))[order]
                value = cvar_of_distribution(sorted_values, probs, alpha)
                history.append(value)
                return value

            return exact_cvar, history
        sampler = self.backend.sampler(self.seed, stage="training")
        measured = circuit.measure_all(inplace=False)
        cost = energy_function(encoding.hamiltonian, encoding.offset)  # the Z-strings read once, not per evaluation

        def sampled_cvar(theta: np.ndarray) -> float:
            counts = sampler.run([(measured, theta)], shots=self.training_shots).result()[0].data.meas.get_counts()
            keys = list(counts)
            values = cost(bits_from_keys(keys, encoding.num_qubits))
            weights = np.array([counts[k] for k in keys], dtype=float)
            order = np.argsort(values, kind="stable")
            value = cvar_of_distribution(values[order], weights[order] / weights.sum(), alpha)
            history.append(value)
            return value

        return sampled_cvar, history

    def _scipy_method(self) -> str:
        """The scipy method of a plain optimiser run: the named one, COBYLA for ``auto``."""
        return "cobyla" if self.optimizer == "auto" else self.optimizer

    def _minimize(self, fun: Any, x0: np.ndarray, maxiter: int) -> Any:
        method = self._scipy_method()
        options: dict[str, Any] = {"maxiter": maxiter}
        if method == "cobyla":
            if maxiter < len(x0) + 2:  # SciPy would raise it, with a warning, to its minimum
                raise OptionError(
                    f"--maxiter: {maxiter} is below COBYLA's minimum for {len(x0)} parameters "
                    f"(fix: --maxiter {len(x0) + 2} or more)"
                )
            options["rhobeg"] = 0.3
        elif method in ("powell", "nelder-mead"):
            options = {"maxfev": maxiter}
        elif method == "l-bfgs-b":
            options = {"maxfun": maxiter}
        from scipy.optimize import minimize  # about 0.25 s: only for variational runs

        return minimize(
            fun,
            x0,
            method=method.upper() if method != "nelder-mead" else "Nelder-Mead",
            options=options,
        )


def cvar_of_distribution(sorted_values: np.ndarray, probs: np.ndarray, alpha: float) -> float:
    """Conditional value at risk: mean of the lowest ``alpha`` probability mass.

    :param sorted_values: energies in ascending order.
    :param probs: their probabilities (summing to 1).
    """
    before = np.concatenate(([0.0], np.cumsum(probs)[:-1]))
    taken = np.clip(alpha - before, 0.0, probs)
    return float((sorted_values * taken).sum() / taken.sum())
