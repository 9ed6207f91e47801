"""c2q.agents.noise: the global depolarising approximation."""

import pytest
from c2q.agents.noise import DepolarizingNoise, as_noise


def test_fidelity_and_noisy_energy():
    noise = DepolarizingNoise(p1=0.01, p2=0.1, per_gate={"rz": 0.0})
    circuit = [("rx", 0), ("rz", 1), ("cx", 0, 1), ("cz", 0, 1)]
    f = 0.99 * 0.9 * 0.9
    assert noise.fidelity(circuit) == pytest.approx(f)
    assert noise.noisy_energy(-2.0, f, 0.5) == pytest.approx(f * -2.0 + (1 - f) * 0.5)
    assert noise.fidelity([]) == 1.0


def test_as_noise_and_validation():
    assert as_noise(None) is None
    assert as_noise({"p1": 0.0, "p2": 0.02}).p2 == 0.02
    with pytest.raises(ValueError, match="p2"):
        DepolarizingNoise(p2=1.5)
