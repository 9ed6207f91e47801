"""Recursive QAOA: the closed-form depth-1 correlators against statevector simulation, the
elimination bookkeeping against brute force, and the algorithm through the API."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from qiskit.quantum_info import SparsePauliOp, Statevector

import c2q
from c2q.algorithms.qaoa import cost_ansatz
from c2q.algorithms.qaoa_level1 import IsingModel, Level1Landscape
from c2q.algorithms.rqaoa import _ReducedModel, enumerate_minimum, recursive_minimum
from c2q.api import AUTO_VQE_MAX_QUBITS, choose_algorithm
from c2q.errors import BackendError, OptionError
from c2q.ising import energies
from c2q.spec import build_problem


def _random_operator(n: int, density: float, rng: np.random.Generator, fields: bool = True) -> SparsePauliOp:
    terms = [("ZZ", [u, v], rng.normal()) for u, v in itertools.combinations(range(n), 2) if rng.random() < density]
    if fields:
        terms += [("Z", [u], rng.normal()) for u in range(n)]
    return SparsePauliOp.from_sparse_list(terms or [("Z", [0], 1.0)], n)


def _all_spins(n: int) -> np.ndarray:
    return 1 - 2 * np.array(list(itertools.product([0, 1], repeat=n)))


@pytest.mark.parametrize("seed", range(4))
def test_closed_form_correlators_match_statevector(seed):
    rng = np.random.default_rng(seed)
    n = 6
    operator = _random_operator(n, 0.6, rng, fields=seed % 2 == 0)
    landscape = Level1Landscape(IsingModel.from_operator(operator, 0.25))
    gamma, beta = rng.uniform(-np.pi, np.pi, 2)
    values = landscape.correlators(gamma, beta)
    # cost_ansatz rescales the operator to a largest coefficient of 1: its gamma is ours times that scale
    scale = float(np.max(np.abs(operator.coeffs)))
    state = Statevector(cost_ansatz(operator, 1).assign_parameters([beta, gamma * scale]))
    for u in range(n):
        z = SparsePauliOp.from_sparse_list([("Z", [u], 1.0)], n)
        assert state.expectation_value(z).real == pytest.approx(values.z[u], abs=1e-9)
    for k, (u, v) in enumerate(zip(landscape.u, landscape.v, strict=True)):
        zz = SparsePauliOp.from_sparse_list([("ZZ", [int(u), int(v)], 1.0)], n)
        assert state.expectation_value(zz).real == pytest.approx(values.zz[k], abs=1e-9)
    assert state.expectation_value(operator).real + 0.25 == pytest.approx(values.energy, abs=1e-9)
    assert landscape.energies(gamma, np.array([beta]))[0] == pytest.approx(values.energy, abs=1e-9)


def test_model_energy_matches_operator_and_refuses_higher_order():
    rng = np.random.default_rng(5)
    operator = _random_operator(7, 0.5, rng)
    model = IsingModel.from_operator(operator, -1.5)
    bits = rng.integers(0, 2, size=(50, 7))
    assert np.allclose(model.energy(1 - 2 * bits), energies(operator, -1.5, bits))
    with pytest.raises(ValueError, match="three or more qubits"):
        IsingModel.from_operator(SparsePauliOp.from_sparse_list([("ZZZ", [0, 1, 2], 1.0)], 3))


def test_eliminations_keep_every_energy():
    """Tying or fixing a spin leaves a model whose energy equals the full one on every
    configuration that obeys the rule."""
    rng = np.random.default_rng(11)
    model = IsingModel.from_operator(_random_operator(6, 0.7, rng), 0.5)
    reduced = _ReducedModel(model)
    reduced.tie(1, 4, -1)  # z4 = -z1
    reduced.fix(0, 1)  # z0 = +1
    rest = reduced.labels
    for spins in _all_spins(len(rest)):
        full = np.zeros(6, dtype=int)
        full[rest] = spins
        full[4] = -full[1]
        full[0] = 1
        assert model.energy(full)[0] == pytest.approx(reduced.model().energy(spins)[0])


def test_enumeration_is_exact():
    rng = np.random.default_rng(2)
    model = IsingModel.from_operator(_random_operator(8, 0.5, rng))
    best = enumerate_minimum(model)
    assert model.energy(best)[0] == pytest.approx(model.energy(_all_spins(8)).min())


def test_recursion_reaches_brute_force_optimum_on_small_graphs():
    """On 14-node 3-regular MaxCut instances, recursion down to 4 spins finds the optimum (checked
    by enumerating all 2**14 cuts) on most instances and comes close on every one."""
    found = 0
    for seed in range(10):
        graph = nx.random_regular_graph(3, 14, seed=seed)
        operator = SparsePauliOp.from_sparse_list([("ZZ", list(e), 1.0) for e in graph.edges()], 14)
        model = IsingModel.from_operator(operator)
        spins, record = recursive_minimum(model, cutoff=4, rng=np.random.default_rng(seed))
        assert len(record.rules) == 10 and record.remainder == 4
        best = model.energy(_all_spins(14)).min()
        energy = model.energy(spins)[0]
        assert energy >= best - 1e-9
        assert energy <= best + 2  # one edge from the maximum cut at most
        found += energy == pytest.approx(best)
    assert found >= 7


def test_rules_reproduce_each_spin():
    graph = nx.random_regular_graph(3, 20, seed=4)
    operator = SparsePauliOp.from_sparse_list([("ZZ", list(e), 1.0) for e in graph.edges()], 20)
    spins, record = recursive_minimum(IsingModel.from_operator(operator), cutoff=6)
    for rule in record.rules:
        assert spins[rule.spin] == rule.sign * (1 if rule.parent is None else spins[rule.parent])


FOUR_CITIES = [[0, 3, 4, 2], [3, 0, 5, 7], [4, 5, 0, 6], [2, 7, 6, 0]]


def _maxcut(n: int, seed: int) -> dict:
    return {"family": "maxcut", "graph": {"edges": [list(e) for e in nx.random_regular_graph(3, n, seed=seed).edges()]}}


def test_solve_with_rqaoa_is_verified_and_repeatable():
    spec = _maxcut(30, 1)
    first = c2q.solve(spec, algorithm="rqaoa", seed=3)
    again = c2q.solve(spec, algorithm="rqaoa", seed=3)
    assert first.algorithm["name"] == "rqaoa" and first.backend["method"] == "closed-form correlators"
    assert sum(first.counts.values()) == first.algorithm["runs"] == first.backend["shots"]
    assert first.counts == again.counts
    assert first.feasible and first.approximation_ratio >= 0.9
    assert first.circuit["qubits"] == 30 and first.circuit["two_qubit_gates"] >= 45  # one RZZ per edge


def test_auto_picks_rqaoa_past_the_vqe_width_on_ideal_simulators_only():
    wide = build_problem(c2q.validate(_maxcut(AUTO_VQE_MAX_QUBITS + 2, 0))).encode()
    narrow = build_problem(c2q.validate(_maxcut(AUTO_VQE_MAX_QUBITS, 0))).encode()
    assert choose_algorithm(wide)["name"] == "rqaoa"
    assert choose_algorithm(narrow)["name"] == "vqe"
    assert choose_algorithm(wide, ideal=False)["name"] == "vqe"
    with pytest.raises(OptionError, match="closed form"):
        choose_algorithm(wide, "rqaoa", ideal=False)


def test_rqaoa_refusals():
    with pytest.raises(OptionError, match="three or more qubits"):
        c2q.solve({"family": "tsp", "distance_matrix": FOUR_CITIES}, algorithm="rqaoa")
    with pytest.raises(OptionError, match="closed form"):
        c2q.solve(_maxcut(8, 0), algorithm="rqaoa", backend="aer:statevector")
    too_wide = {"family": "maxcut", "graph": {"edges": [[i, i + 1] for i in range(1200)]}}
    with pytest.raises(BackendError, match="at most 1000"):
        c2q.solve(too_wide, algorithm="rqaoa")
