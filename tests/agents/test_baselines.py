"""c2q.agents.baselines: random search, hardware-efficient ansatz sweep and PennyLane ADAPT-VQE at a budget."""

import numpy as np
import pytest
from c2q.agents.baselines import adapt_vqe, hea_circuit, hea_sweep, random_search, to_pennylane
from c2q.agents.hamiltonians import tfim
from c2q.agents.simulator import get_simulator


def test_simulator_counts_evaluations():
    sim = get_simulator(2)
    from c2q.agents.simulator import Observable

    obs = Observable(tfim(2))
    e, g = sim.n_energy, sim.n_grad
    sim.energy([("ry", 0)], [0.1], obs)
    sim.energy_and_grad([("ry", 0)], [0.1], obs)
    assert (sim.n_energy - e, sim.n_grad - g) == (1, 1)


def test_random_search_spends_its_budget_and_no_more_than_a_step():
    r = random_search("tfim", 1500, n_qubits=3, target=1e-5, env_kwargs={"max_gates": 10, "max_cnots": 2})
    assert 1500 <= r["evaluations"] <= 1500 + 250  # the last environment step may overshoot
    assert r["method"] == "random" and r["steps"] > 0 and r["episodes"] > 0
    assert r["n_cnots"] <= 2 and r["error"] > -1e-9


def test_hea_sweep_respects_budget_and_cnot_limit():
    assert sum(len(g) == 3 for g in hea_circuit(4, 3)) == 9 and len(hea_circuit(4, 3)) == 3 * 4 + 9 + 4
    r = hea_sweep("tfim", 2000, n_qubits=3, depths=(1, 2, 3, 4), max_cnots=6, target=1e-5)
    assert [row["depth"] for row in r["depths"]] == [1, 2, 3]  # depth 4 has 8 CNOTs
    assert r["evaluations"] <= 2000 + 3 * 25  # L-BFGS-B may pass maxfun within its last line search
    assert all(row["restarts"] >= 1 for row in r["depths"])
    assert r["success"] and r["n_cnots"] <= 6


def test_pennylane_operator_matches():
    qml = pytest.importorskip("pennylane")
    ham = tfim(3)
    ham.offset = 0.25
    mat = qml.matrix(to_pennylane(ham), wire_order=[2, 1, 0])  # PennyLane: wire 0 is the leftmost bit
    np.testing.assert_allclose(mat, ham.matrix(), atol=1e-12)


def test_adapt_vqe_h2_and_its_budget():
    pytest.importorskip("pennylane")
    r = adapt_vqe("h2", target=1.6e-3)
    assert r["success"] and r["error"] < 1.6e-3 and r["n_parameters"] >= 1 and r["n_cnots"] > 0
    short = adapt_vqe("tfim", n_qubits=2, budget=20, target=1e-6)
    assert short["stop"] == "budget" and 20 <= short["evaluations"] <= 20 + 13
