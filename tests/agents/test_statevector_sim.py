"""c2q.agents.simulator: states against Qiskit, gradients against finite differences, re-optimisation."""

import numpy as np
import pytest
from c2q.agents.hamiltonians import Hamiltonian, get_hamiltonian, heisenberg, molecule, tfim
from c2q.agents.simulator import (
    GATE_SETS,
    Observable,
    Simulator,
    best_single_angle,
    n_parameters,
    optimize_angles,
)
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp, Statevector


def random_circuit(rng, n, gate_set, length):
    gates = []
    for _ in range(length):
        name = GATE_SETS[gate_set][rng.integers(4)]
        if name in ("cx", "cz"):
            a, b = rng.choice(n, size=2, replace=False)
            gates.append((name, int(a), int(b)))
        else:
            gates.append((name, int(rng.integers(n))))
    return gates


def qiskit_circuit(gates, angles, n):
    qc = QuantumCircuit(n)
    it = iter(angles)
    for gate in gates:
        if gate[0] in ("rx", "ry", "rz"):
            getattr(qc, gate[0])(next(it), gate[1])
        else:
            getattr(qc, gate[0])(*gate[1:])
    return qc


@pytest.mark.parametrize("gate_set", ["rxyz_cnot", "heron"])
@pytest.mark.parametrize("n", [1, 3, 5])
def test_statevector_matches_qiskit(gate_set, n):
    rng = np.random.default_rng(n)
    sim = Simulator(n)
    for _ in range(5):
        gates = random_circuit(rng, n, gate_set, 25) if n > 1 else [("ry", 0), ("sx", 0), ("rz", 0), ("x", 0)]
        angles = rng.uniform(-np.pi, np.pi, n_parameters(gates))
        expected = Statevector(qiskit_circuit(gates, angles, n)).data
        np.testing.assert_allclose(sim.statevector(gates, angles), expected, atol=1e-12)


@pytest.mark.parametrize("method", ["dense", "sparse", "pauli"])
def test_energy_matches_qiskit_expectation(method):
    rng = np.random.default_rng(7)
    ham = heisenberg(4, h=0.3)
    obs = Observable(ham, method)
    sim = Simulator(4)
    gates = random_circuit(rng, 4, "rxyz_cnot", 20)
    angles = rng.uniform(-np.pi, np.pi, n_parameters(gates))
    expected = Statevector(qiskit_circuit(gates, angles, 4)).expectation_value(ham.operator).real + ham.offset
    assert sim.energy(gates, angles, obs) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("name", "n"), [("h2o", 8), ("h2o", 10), ("lih", 12)])
def test_molecular_energy_and_gradient_match_qiskit(name, n):
    """50 gates from the Hartree-Fock state (X on the occupied qubits); gradients against the
    parameter shift rule on Qiskit statevectors for a few angles."""
    rng = np.random.default_rng(n)
    ham = get_hamiltonian(name, n)
    obs = Observable(ham)
    hf = [("x", q) for q in range(n) if ham.hartree_fock_index >> q & 1]
    gates = hf + random_circuit(rng, n, "rxyz_cnot", 50)
    angles = rng.uniform(-np.pi, np.pi, n_parameters(gates))

    def reference(x):
        return Statevector(qiskit_circuit(gates, x, n)).expectation_value(ham.operator).real + ham.offset

    sim = Simulator(n)
    assert sim.energy(hf, [], obs) == pytest.approx(ham.hartree_fock_energy(), abs=1e-12)
    energy, grad = sim.energy_and_grad(gates, angles, obs)
    assert energy == pytest.approx(reference(angles), abs=1e-10)
    for k in rng.choice(len(angles), size=4, replace=False):
        shift = 0.5 * np.pi * np.eye(len(angles))[k]
        assert grad[k] == pytest.approx(0.5 * (reference(angles + shift) - reference(angles - shift)), abs=1e-10)


@pytest.mark.parametrize("method", ["dense", "sparse", "pauli", "diagonal"])
def test_batched_energies_match_single_evaluations(method, monkeypatch):
    import c2q.agents.simulator as simulator

    monkeypatch.setattr(simulator, "BATCH_AMPLITUDES", 16)  # 3 qubits: chunks of 2 rows
    rng = np.random.default_rng(11)
    ising = SparsePauliOp.from_list([("ZZI", 1.0), ("IZZ", -0.5), ("ZII", 0.2)])
    ham = Hamiltonian.from_operator("ising", ising, 1.0) if method == "diagonal" else heisenberg(3, h=0.4)
    obs = Observable(ham, method)
    sim = Simulator(3)
    for gate_set in ("rxyz_cnot", "heron"):
        gates = random_circuit(rng, 3, gate_set, 30)
        batch = rng.uniform(-np.pi, np.pi, (5, n_parameters(gates)))
        before = sim.n_energy
        singles = [sim.energy(gates, x, obs) for x in batch]
        np.testing.assert_allclose(sim.energies(gates, batch, obs), singles, rtol=0, atol=1e-12)
        assert gate_set == "heron" or np.ptp(singles) > 0.1  # the rows differ
        assert sim.n_energy - before == 10
    with pytest.raises(ValueError, match="angles"):
        sim.energies([("rx", 0)], np.zeros((2, 2)), obs)


def test_diagonal_observable_for_ising_operators():
    ham = Hamiltonian.from_operator("ising", SparsePauliOp.from_list([("ZZI", 1.0), ("IZZ", -0.5), ("ZII", 0.2)]), 3.0)
    obs = Observable(ham)
    assert obs.method == "diagonal"
    psi = Simulator(3).statevector([("ry", 0), ("cx", 0, 2), ("rx", 1)], [0.3, 1.1])
    assert obs.expectation(psi) == pytest.approx(float(np.vdot(psi, ham.matrix() @ psi).real))


@pytest.mark.parametrize(("gate_set", "ham"), [("rxyz_cnot", heisenberg(3, h=0.4)), ("heron", tfim(3))])
def test_adjoint_gradient_matches_finite_differences(gate_set, ham):
    rng = np.random.default_rng(3)
    sim = Simulator(3)
    obs = Observable(ham)
    gates = random_circuit(rng, 3, gate_set, 24)
    angles = rng.uniform(-np.pi, np.pi, n_parameters(gates))
    energy, grad = sim.energy_and_grad(gates, angles, obs)
    assert energy == pytest.approx(sim.energy(gates, angles, obs))
    eps = 1e-6
    fd = [
        (sim.energy(gates, angles + eps * e, obs) - sim.energy(gates, angles - eps * e, obs)) / (2 * eps)
        for e in np.eye(len(angles))
    ]
    np.testing.assert_allclose(grad, fd, atol=1e-7)


def test_reoptimisation_reaches_tfim2_ground_energy():
    ham = tfim(2)
    gates = [("ry", 0), ("ry", 1), ("cx", 0, 1), ("ry", 0), ("ry", 1)]
    x0 = np.array([0.1, -0.2, 0.3, 0.05])
    start = Simulator(2).energy(gates, x0, Observable(ham))
    res = optimize_angles(gates, ham, x0)
    assert res.energy < start
    assert res.energy == pytest.approx(-2.2360679775, abs=1e-9)
    assert res.energy == pytest.approx(ham.exact_ground_energy(), abs=1e-9)


def test_warm_start_keeps_the_optimum():
    ham = molecule("H2")
    gates = [("ry", 0), ("ry", 1), ("ry", 2), ("ry", 3), ("cx", 0, 1), ("cx", 1, 2), ("cx", 2, 3), ("ry", 0), ("ry", 2)]
    first = optimize_angles(gates, ham, np.full(6, 0.1))
    again = optimize_angles(gates, ham, first.angles)
    assert again.energy <= first.energy + 1e-12
    assert again.nfev < first.nfev


def test_best_single_angle_is_the_exact_1d_minimum():
    ham = tfim(2)
    obs = Observable(ham)
    sim = Simulator(2)
    gates = [("ry", 0), ("cx", 0, 1), ("rx", 1)]
    angles = np.array([0.7, 0.0])
    theta, energy = best_single_angle(gates, angles, 1, obs)
    grid = np.linspace(-np.pi, np.pi, 2001)
    values = [sim.energy(gates, [0.7, t], obs) for t in grid]
    assert energy == pytest.approx(min(values), abs=1e-5)
    assert sim.energy(gates, [0.7, theta], obs) == pytest.approx(energy, abs=1e-12)


def test_bad_circuits_are_refused():
    sim = Simulator(2)
    with pytest.raises(ValueError, match="unknown"):
        sim.statevector([("h", 0)])
    with pytest.raises(ValueError, match="qubits"):
        sim.statevector([("cx", 0, 0)])
    with pytest.raises(ValueError, match="angles"):
        sim.statevector([("rx", 0)], [])
