"""c2q.agents.envs.qas: gymnasium API, masks, rewards, episode end, determinism, noise."""

import c2q.agents  # noqa: F401  (registers c2q/QAS-v0)
import gymnasium as gym
import numpy as np
import pytest
from c2q.agents.envs.qas import FAILURE_REWARD, SUCCESS_REWARD, QASEnv, coupling_edges
from c2q.agents.hamiltonians import tfim
from c2q.agents.noise import DepolarizingNoise
from gymnasium.utils.env_checker import check_env


def play(env, gates):
    """Step through gate tuples; returns the list of step results."""
    return [env.step(env.actions.index(g)) for g in gates]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hamiltonian": "tfim", "n_qubits": 3},
        {"hamiltonian": "heisenberg", "n_qubits": 3, "gate_set": "heron"},
        {"hamiltonian": tfim(3), "noise": {"p1": 1e-3, "p2": 1e-2}, "include_angles": False},
    ],
)
def test_check_env(kwargs):
    check_env(QASEnv(**kwargs, max_gates=6), skip_render_check=True)


def test_registered_id_and_spaces():
    env = gym.make("c2q/QAS-v0", hamiltonian="tfim", n_qubits=4)
    inner = env.unwrapped
    assert isinstance(inner, QASEnv)
    assert inner.action_space.n == 3 * 4 + 4 * 3
    obs, info = env.reset(seed=0)
    assert obs.shape == (20, 4 * 4 + 3 * 4 + 1) and obs.dtype == np.float32
    assert not obs.any()
    assert info["n_gates"] == 0 and info["energy"] == pytest.approx(-3.0)  # <0000|H|0000> = -J (n-1)
    heron = QASEnv("tfim", 4, gate_set="heron")
    assert heron.actions[-3:] == [("cz", 0, 1), ("cz", 1, 2), ("cz", 2, 3)]
    assert coupling_edges([(1, 0)], 2, "rxyz_cnot") == [(0, 1), (1, 0)]


def test_observation_encodes_gates_and_angles():
    env = QASEnv("tfim", 2, max_gates=5, threshold=1e-12)
    env.reset()
    obs, *_ = play(env, [("ry", 1), ("cx", 1, 0)])[-1]
    # row 0: RY (kind 1) on qubit 1 -> column 2*2 + 3*1 + 1; its angle in the last column
    assert obs[0, 4 + 3 + 1] == 1.0 and obs[0, -1] == pytest.approx(env.angles[0] / np.pi)
    assert obs[1, 1 * 2 + 0] == 1.0 and obs[1, -1] == 0.0
    assert not obs[2:].any()


def test_masks_block_repeats_cancellations_and_trivial_gates():
    env = QASEnv("tfim", 3, max_gates=10)
    env.reset()
    idx = env.actions.index
    mask = env.action_masks()
    assert not mask[idx(("rz", 0))]  # RZ on |0>: a phase
    assert not mask[idx(("cx", 0, 1))]  # control still |0>
    assert mask[idx(("rx", 0))] and mask[idx(("ry", 2))]
    play(env, [("ry", 0)])
    mask = env.action_masks()
    assert not mask[idx(("ry", 0))]  # merges with the previous RY
    assert mask[idx(("rz", 0))] and mask[idx(("cx", 0, 1))] and not mask[idx(("cx", 1, 0))]
    play(env, [("cx", 0, 1)])
    mask = env.action_masks()
    assert not mask[idx(("cx", 0, 1))]  # cancels
    assert mask[idx(("cx", 1, 0))] and mask[idx(("ry", 0))]  # the last gate on qubit 0 is now the CNOT
    play(env, [("ry", 2), ("cx", 2, 1)])
    assert env.action_masks()[idx(("cx", 0, 1))]  # qubit 1's last gate is another CNOT


def test_heron_masks():
    env = QASEnv("tfim", 2, gate_set="heron")
    env.reset()
    idx = env.actions.index
    play(env, [("sx", 0)])
    mask = env.action_masks()
    assert not mask[idx(("sx", 0))] and not mask[idx(("cz", 0, 1))] and mask[idx(("x", 0))]
    play(env, [("x", 1)])
    mask = env.action_masks()
    assert not mask[idx(("x", 1))] and mask[idx(("cz", 0, 1))]


def test_rewards_success_and_episode_end():
    env = QASEnv("tfim", 2, max_gates=4)
    env.reset()
    e0 = env.ground_energy
    previous = env.energy
    _, reward, terminated, truncated, info = env.step(env.actions.index(("ry", 0)))
    assert not terminated and not truncated
    assert reward == pytest.approx(max((previous - info["energy"]) / (previous - e0), -1.0))
    assert 0 < reward <= 1
    for key in ("energy", "error", "n_gates", "n_cnots", "circuit"):
        assert key in info
    *_, (_, reward, terminated, _, info) = play(env, [("ry", 1), ("cx", 1, 0)])
    assert terminated and reward == SUCCESS_REWARD and info["is_success"]
    assert info["error"] < 1e-9 and info["n_cnots"] == 1 and info["circuit"][-1] == ("cx", 1, 0)
    with pytest.raises(RuntimeError):
        env.step(0)
    assert env.best is not None and env.best.metadata["success"] and len(env.best.gates) == 3


def test_failure_at_the_last_gate_and_runtime_threshold():
    env = QASEnv("tfim", 2, max_gates=2)
    env.reset()
    _, reward, terminated, *_ = env.step(env.actions.index(("rx", 0)))
    assert not terminated
    _, reward, terminated, _, info = env.step(env.actions.index(("rx", 1)))
    assert terminated and reward == FAILURE_REWARD and not info["is_success"]
    env.set_threshold(10.0)  # a curriculum loosens it: any circuit now succeeds
    env.reset()
    _, reward, terminated, *_ = env.step(env.actions.index(("rx", 0)))
    assert terminated and reward == SUCCESS_REWARD
    env.reset(options={"threshold": 1e-3})
    assert env.threshold == 1e-3
    with pytest.raises(ValueError):
        env.set_threshold(0.0)


def test_deterministic_with_seed():
    def episode(seed):
        env = gym.make("c2q/QAS-v0", hamiltonian="heisenberg", n_qubits=3, max_gates=8)
        obs, _ = env.reset(seed=seed)
        env.action_space.seed(seed)
        trace = [obs]
        done = False
        while not done:
            mask = env.unwrapped.action_masks()
            action = int(np.flatnonzero(mask)[env.unwrapped.np_random.integers(mask.sum())])
            obs, reward, terminated, truncated, info = env.step(action)
            trace += [obs, reward, info["energy"]]
            done = terminated or truncated
        return trace

    a, b = episode(3), episode(3)
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


def test_noise_lowers_fidelity_and_raises_energy():
    noise = DepolarizingNoise(p1=0.01, p2=0.05)
    env = QASEnv("tfim", 2, noise=noise, max_gates=5)
    clean = QASEnv("tfim", 2, max_gates=5)
    for e in (env, clean):
        e.reset()
        *_, (_, _, _, _, info) = play(e, [("ry", 0), ("ry", 1), ("cx", 1, 0)])
    assert info["error"] < 1e-9  # the clean one
    f = 0.99**2 * 0.95
    assert env.fidelity == pytest.approx(f)
    assert env.energy == pytest.approx(f * clean.energy + (1 - f) * tfim(2).trace_mean)
    assert env.energy_noiseless == pytest.approx(clean.energy)


def test_device_noise_from_fake_backend():
    env = QASEnv("tfim", 2, gate_set="heron", noise="fake_torino")
    assert env.noise.source == "fake_torino"
    assert 0 < env.noise.p1 < env.noise.p2 < 0.05 and env.noise.gate_error("rz") == 0.0


def test_render_and_export():
    env = QASEnv("tfim", 2, render_mode="ansi")
    env.reset()
    play(env, [("ry", 0), ("cx", 0, 1)])
    assert env.render().startswith("E=")
    assert "cx[0,1]" in env.render()
    ansatz = env.current_ansatz()
    assert ansatz.n_cnots == 1 and ansatz.metadata["hamiltonian"] == "tfim"


def test_bad_arguments():
    with pytest.raises(ValueError, match="gate_set"):
        QASEnv("tfim", 2, gate_set="clifford")
    with pytest.raises(ValueError, match="coupling_map"):
        QASEnv("tfim", 2, coupling_map=[(0, 2)])
    with pytest.raises(ValueError, match="unknown"):
        QASEnv("ising9")


def test_molecule_smoke_beh2():
    """A few random masked steps on a chemistry target: errors stay above the exact energy."""
    env = QASEnv("beh2", max_gates=5)
    assert env.n_qubits == 6
    assert env.ground_energy == pytest.approx(env.hamiltonian.exact_ground_energy())
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    done = False
    while not done:
        _, reward, terminated, truncated, info = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
        assert info["error"] > -1e-9 and np.isfinite(reward)
        done = terminated or truncated
    assert info["n_gates"] == 5


def test_hartree_fock_start_prepares_the_reference_and_reports_it_in_every_circuit():
    """From the Hartree-Fock state the first energy is the HF energy; the X gates are in the reported
    circuit (which Qiskit's statevector evaluates to the environment's energy) but are not actions."""
    from qiskit.quantum_info import Statevector

    env = QASEnv("h2", start="hartree_fock", max_gates=3)
    env.reset(seed=0)
    assert env.energy == pytest.approx(env.hamiltonian.hartree_fock_energy())
    assert env.energy - env.ground_energy > 1e-3  # H2's HF error, before any gate
    assert all(action[0] != "x" for action in env.actions)
    rng = np.random.default_rng(1)
    for _ in range(3):
        _, _, done, _, info = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
        if done:
            break
    ansatz = env.current_ansatz()
    assert ansatz.gates[:2] == [("x", 0), ("x", 1)] and list(info["circuit"]) == ansatz.gates
    assert info["n_gates"] == len(ansatz.gates) - 2 and ansatz.metadata["start"] == "hartree_fock"
    state = Statevector(ansatz.to_qiskit())
    qiskit_energy = state.expectation_value(env.hamiltonian.operator).real + env.hamiltonian.offset
    assert qiskit_energy == pytest.approx(env.energy, abs=1e-8)
    with pytest.raises(ValueError, match="not a molecule"):
        QASEnv("tfim", 3, start="hartree_fock")
    with pytest.raises(ValueError, match="start 'vacuum'"):
        QASEnv("h2", start="vacuum")
