"""What running an encoded program costs: its circuit, how many times it runs and with how many
shots, the :class:`~c2q.backends.predict.Workload` the recommender ranks targets for.

The counts follow the algorithms' own settings (:mod:`c2q.algorithms`), so the recommender, a
backend-side module, never reads them from the algorithms' code.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from c2q.algorithms.rqaoa import SAMPLED_RUNS
from c2q.algorithms.variational import TRAINING_SHOTS
from c2q.backends.predict import Workload

#: shots of one estimated energy (CVaR 1: the plain energy, as an estimator measures it)
ESTIMATOR_SHOTS = 4096
#: objective evaluations an optimiser takes per parameter, about, before it settles
EVALUATIONS_PER_PARAMETER = 8


def workload_of(encoded: Any, shots: int = 2048, seed: int | None = None) -> Workload:
    """The workload of an :class:`~c2q.api.Encoded` program: its circuit and how often it runs.

    Variational algorithms train (QAOA: ``reps`` stages of 2, 4, ... parameters) with about
    :data:`EVALUATIONS_PER_PARAMETER` evaluations per parameter, at most ``maxiter`` per stage,
    each with the training shots (512 sampled for CVaR, about 4096 for an estimated energy), then
    the final sampling run; parameters are bound to seeded random angles for compilation.
    Recursive QAOA on a device samples its correlators: one circuit per round (``n - cutoff``
    rounds, the first and widest one ranked) with ``shots`` each, in
    :data:`~c2q.algorithms.rqaoa.SAMPLED_RUNS` run; its angles are set in closed form. Grover
    runs about ``sqrt(2^n)`` one-shot trials. Arithmetic runs once.
    """
    settings = encoded.algorithm
    circuit = encoded.circuit
    parameters = circuit.num_parameters
    if parameters:
        rng = np.random.default_rng(seed)
        circuit = circuit.assign_parameters(rng.uniform(-np.pi, np.pi, parameters))
    circuit = circuit.measure_all(inplace=False)
    name = settings["name"]
    if name in ("qaoa", "vqe"):
        stages = [2 * p for p in range(1, settings["reps"] + 1)] if name == "qaoa" else [parameters]
        evaluations = sum(min(settings["maxiter"], EVALUATIONS_PER_PARAMETER * k) for k in stages)
        per = ESTIMATOR_SHOTS if settings["cvar_alpha"] == 1 else TRAINING_SHOTS
        label = f"{name}, about {evaluations} evaluations x {per} shots + {shots} final shots"
        smaller = "fewer layers (--reps 1) or a smaller instance" if settings["reps"] > 1 else "a smaller instance"
        return Workload(circuit, evaluations + 1, evaluations * per + shots, label, smaller)
    if name == "rqaoa":
        rounds = SAMPLED_RUNS * max(1, circuit.num_qubits - settings["cutoff"])
        label = f"rqaoa, about {rounds} rounds x {shots} shots (sampled correlators, one job per round)"
        return Workload(circuit, rounds, rounds * shots, label, "a smaller instance (recursive QAOA runs one layer)")
    if name == "grover":
        trials = math.ceil(math.sqrt(2**encoded.encoding.num_variables))
        return Workload(circuit, trials, trials, f"grover, about {trials} one-shot trials")
    return Workload(circuit, 1, shots, f"{name}, {shots} shots")
