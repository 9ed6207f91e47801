"""The exact VQE trainer: its statevector against Qiskit's, its CVaR gradient against finite
differences, and the staged training inside a solve."""

from __future__ import annotations

import numpy as np
import pytest
from qiskit.circuit.library import real_amplitudes
from qiskit.quantum_info import Statevector

import c2q
from c2q.algorithms.statevector import RealAmplitudesTrainer, chain_gather
from c2q.algorithms.variational import cvar_of_distribution


@pytest.mark.parametrize(("n", "reps"), [(1, 1), (2, 1), (3, 2), (5, 2), (6, 3), (9, 1), (11, 2)])
def test_state_matches_qiskit_real_amplitudes(n: int, reps: int) -> None:
    rng = np.random.default_rng(n * 10 + reps)
    trainer = RealAmplitudesTrainer(rng.normal(size=2**n), reps)
    theta = rng.normal(size=trainer.num_parameters)
    expected = Statevector(real_amplitudes(n, reps=reps, entanglement="linear").assign_parameters(theta)).data
    assert np.allclose(expected.imag, 0)
    assert np.allclose(trainer.state(theta), expected.real)


def test_chain_gather_is_the_cx_chain() -> None:
    from qiskit import QuantumCircuit

    n = 4
    chain = QuantumCircuit(n)
    for q in range(n - 1):
        chain.cx(q, q + 1)
    psi = np.random.default_rng(0).normal(size=2**n)
    assert np.allclose(psi[chain_gather(n)], Statevector(psi).evolve(chain).data.real)


@pytest.mark.parametrize(("n", "alpha"), [(5, 0.05), (5, 0.3), (5, 1.0), (3, 0.3), (7, 0.2), (11, 0.2)])
def test_cvar_and_gradient_against_finite_differences(n: int, alpha: float) -> None:
    # qubits are rotated four at a time: n = 3 one partial group; 5, 7 a whole one and a partial
    # one; 11 two whole groups and a partial group of three
    rng = np.random.default_rng(7)
    trainer = RealAmplitudesTrainer(rng.integers(0, 20, size=2**n).astype(float), 2)
    theta = rng.normal(size=trainer.num_parameters)
    value, gradient = trainer.cvar_and_gradient(theta, alpha)
    probs = trainer.probabilities(theta)
    order = np.argsort(trainer.values, kind="stable")
    assert value == pytest.approx(cvar_of_distribution(trainer.values[order], probs[order], alpha))
    step = 1e-6
    numeric = [
        (trainer.cvar(theta + step * e, alpha) - trainer.cvar(theta - step * e, alpha)) / (2 * step)
        for e in np.eye(len(theta))
    ]
    assert np.allclose(gradient, numeric, atol=1e-5)


def test_values_must_cover_a_register() -> None:
    with pytest.raises(ValueError, match="power of two"):
        RealAmplitudesTrainer(np.zeros(6), 1)


def _tsp(cities: int, seed: int) -> dict:
    points = np.random.default_rng(seed).uniform(0, 100, (cities, 2))
    distances = np.rint(np.linalg.norm(points[:, None] - points[None], axis=2)).astype(int)
    return {"problem_type": "tsp", "data": {"distance_matrix": distances.tolist()}}


def test_default_solve_trains_exactly_and_finds_a_fresh_tour() -> None:
    result = c2q.solve(_tsp(5, 2026), seed=3)
    assert result.algorithm["training"].startswith("exact CVaR gradients")
    assert result.algorithm["cvar_stages"] == [0.1, 0.25, 0.5]
    assert result.optimal
    assert result.optimum_probability > 0.3  # the raw samples of the trained circuit, no post-processing


def test_a_named_optimizer_keeps_the_single_scipy_run() -> None:
    result = c2q.solve(_tsp(4, 5), seed=1, optimizer="cobyla", maxiter=50)
    assert "training" not in result.algorithm
    assert result.algorithm["optimizer"] == "cobyla"
