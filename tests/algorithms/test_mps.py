"""The VQE ansatz as a matrix-product state: its amplitudes against the exact statevector trainer
(itself checked against Qiskit), its score against finite differences, its samples against the
exact distribution, the sampled CVaR gradient against the exact one, and the sampled training
inside a solve."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import c2q
from c2q.algorithms import vqe
from c2q.algorithms.mps import RealAmplitudesMPS, sampled_cvar_and_gradient
from c2q.algorithms.statevector import RealAmplitudesTrainer


def _all_bits(n: int) -> np.ndarray:
    """Every bitstring, row ``i`` = index ``i`` with bit ``q`` on qubit ``q`` (the trainer's order)."""
    return (np.arange(2**n)[:, None] >> np.arange(n)) & 1


@pytest.mark.parametrize(("n", "reps"), [(2, 1), (4, 2), (6, 2), (5, 3)])
def test_amplitudes_match_the_statevector(n: int, reps: int) -> None:
    rng = np.random.default_rng(n + 10 * reps)
    mps = RealAmplitudesMPS(n, reps)
    theta = rng.normal(size=mps.num_parameters)
    exact = RealAmplitudesTrainer(np.zeros(2**n), reps).state(theta)
    assert np.allclose(mps.amplitudes(theta, _all_bits(n)), exact, atol=1e-12)


def test_score_is_the_derivative_of_log_probability() -> None:
    rng = np.random.default_rng(3)
    mps = RealAmplitudesMPS(5, 2)
    theta = rng.normal(size=mps.num_parameters)
    bits = _all_bits(5)
    step = 1e-6

    def log_p(angles: np.ndarray) -> np.ndarray:
        return np.log(mps.amplitudes(angles, bits) ** 2)

    numeric = np.stack(
        [(log_p(theta + step * e) - log_p(theta - step * e)) / (2 * step) for e in np.eye(len(theta))], axis=1
    )
    assert np.allclose(mps.score(theta, bits), numeric, atol=1e-4)


def test_samples_follow_the_exact_distribution() -> None:
    rng = np.random.default_rng(5)
    mps = RealAmplitudesMPS(4, 2)
    theta = rng.normal(size=mps.num_parameters)
    probs = RealAmplitudesTrainer(np.zeros(16), 2).probabilities(theta)
    samples = mps.sample(theta, 40_000, rng)
    index = samples @ (1 << np.arange(4))
    frequencies = np.bincount(index, minlength=16) / len(samples)
    assert 0.5 * np.abs(frequencies - probs).sum() < 0.02  # total variation distance


def test_sampled_cvar_gradient_estimates_the_exact_one() -> None:
    rng = np.random.default_rng(11)
    values = rng.permutation(np.arange(16.0))  # distinct costs: the tail is well defined
    trainer = RealAmplitudesTrainer(values, 2)
    mps = RealAmplitudesMPS(4, 2)
    theta = rng.normal(size=mps.num_parameters)
    exact_cvar, exact_gradient = trainer.cvar_and_gradient(theta, 0.3)

    def cost(bits: np.ndarray) -> np.ndarray:
        return values[bits @ (1 << np.arange(4))]

    cvar, gradient, bits, costs = sampled_cvar_and_gradient(mps, theta, cost, 0.3, 200_000, rng)
    assert np.array_equal(costs, cost(bits))
    assert cvar == pytest.approx(exact_cvar, abs=0.05)
    assert np.linalg.norm(gradient - exact_gradient) < 0.05 * np.linalg.norm(exact_gradient)


def test_a_single_qubit_is_refused() -> None:
    with pytest.raises(ValueError, match="two qubits"):
        RealAmplitudesMPS(1, 1)


def _maxcut(nodes: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    edges = [[i, j] for i, j in itertools.combinations(range(nodes), 2) if rng.random() < 0.5]
    return {"family": "maxcut", "graph": {"nodes": nodes, "edges": edges}}


def test_wider_registers_train_by_sampling(monkeypatch: pytest.MonkeyPatch) -> None:
    # the sampled trainer takes over past the exact trainer's width; lower that width to see it here
    monkeypatch.setattr(vqe, "EXACT_TRAINING_MAX_QUBITS", 4)
    result = c2q.solve(_maxcut(8, 2026), seed=2)
    assert result.algorithm["training"].startswith("sampled CVaR gradients")
    assert result.algorithm["optimizer"] == "adam"
    assert result.optimal
    assert result.optimum_probability > 0.3  # the final samples come from Aer, not from the trainer
    # ... on its matrix product state method: exact for this ansatz, and the faster one
    assert result.backend["method"] == "matrix_product_state"
    assert any("exact for the VQE ansatz's linear chain" in note for note in result.warnings)


def test_registers_trained_exactly_sample_the_statevector() -> None:
    result = c2q.solve(_maxcut(6, 1), seed=1)
    assert result.algorithm["training"].startswith("exact CVaR gradients")
    assert result.backend["method"] == "statevector"


def test_noisy_devices_keep_the_scipy_run() -> None:
    result = c2q.solve(_maxcut(4, 1), seed=1, backend="fake_manila", maxiter=20)
    assert "training" not in result.algorithm
    assert result.algorithm["optimizer"] == "cobyla"
