"""Recursive QAOA: the closed-form depth-1 correlators against statevector simulation, the
elimination bookkeeping against brute force, and the algorithm through the API."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from c2q.backends import get_backend
from qiskit.quantum_info import SparsePauliOp, Statevector

import c2q
from c2q.algorithms.qaoa import cost_ansatz
from c2q.algorithms.qaoa_level1 import IsingModel, Level1Landscape
from c2q.algorithms.rqaoa import RQAOA, _ReducedModel, enumerate_minimum, recursive_minimum, sample_means
from c2q.api import AUTO_VQE_MAX_QUBITS, choose_algorithm
from c2q.errors import BackendError, OptionError
from c2q.ising import bits_from_keys, energies
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


def test_auto_picks_rqaoa_past_the_vqe_width_sampling_its_correlators_off_the_ideal_simulator():
    wide = build_problem(c2q.validate(_maxcut(AUTO_VQE_MAX_QUBITS + 2, 0))).encode()
    narrow = build_problem(c2q.validate(_maxcut(AUTO_VQE_MAX_QUBITS, 0))).encode()
    assert choose_algorithm(wide) == {
        "name": "rqaoa",
        "reps": 1,
        "cutoff": 10,
        "runs": 8,
        "correlators": "closed form",
        "constraints": "none",  # maxcut states no one-hot groups
    }
    assert choose_algorithm(narrow)["name"] == "vqe"
    on_device = choose_algorithm(wide, ideal=False)
    assert on_device["name"] == "rqaoa" and on_device["correlators"] == "sampled" and on_device["runs"] == 1


def test_sample_means_estimate_correlators_and_keep_symmetry():
    """Sample means of measured counts: exact on a point distribution; a model without fields
    gets ``<Z_u> = 0`` (its symmetry), not the sampling noise."""
    operator = SparsePauliOp.from_sparse_list([("ZZ", [0, 1], 1.0), ("ZZ", [1, 2], -2.0)], 3)
    model = IsingModel.from_operator(operator)
    # key "011": qubits 0 and 1 measured 1 (spin -1), qubit 2 measured 0 (spin +1)
    values = sample_means(model, {"011": 3, "000": 1})
    assert values.zz.tolist() == [1.0, -0.5]  # edges (0, 1) and (1, 2): (3 * 1 + 1) / 4, (3 * -1 + 1) / 4
    assert values.z.tolist() == [0.0, 0.0, 0.0]
    assert values.energy == pytest.approx(0.75 * (1 + 2) + 0.25 * (1 - 2))
    with_fields = IsingModel.from_operator(operator + SparsePauliOp.from_sparse_list([("Z", [2], 0.5)], 3))
    assert sample_means(with_fields, {"011": 3, "000": 1}).z.tolist() == [-0.5, -0.5, 1.0]


def test_model_operator_round_trips():
    rng = np.random.default_rng(8)
    model = IsingModel.from_operator(_random_operator(6, 0.5, rng))
    again = IsingModel.from_operator(model.operator())
    assert np.allclose(again.couplings, model.couplings) and np.allclose(again.fields, model.fields)


def test_sampled_correlators_follow_the_closed_form():
    """Each round's circuit run on Aer: with many shots the sampled recursion takes the same
    rules as the exact one on a model whose largest correlator is clear, and ends at the optimum."""
    rng = np.random.default_rng(3)
    operator = _random_operator(7, 0.6, rng)
    model = IsingModel.from_operator(operator, 0.5)
    algorithm = RQAOA(get_backend("aer:statevector"), seed=4, cutoff=3, runs=1, correlators="sampled", shots=20000)
    landscape = Level1Landscape(model)
    values = landscape.correlators(0.3, 0.4)
    sampled = algorithm.sampled(model, 0.3, 0.4)
    assert np.allclose(sampled.zz, values.zz, atol=0.03) and np.allclose(sampled.z, values.z, atol=0.03)
    assert sampled.energy == pytest.approx(values.energy, abs=0.1)
    jobs = []

    def counted(*args):
        jobs.append(args)
        return algorithm.sampled(*args)

    spins, record = recursive_minimum(model, 3, None, counted)
    exact_spins, exact_record = recursive_minimum(model, 3)
    assert len(jobs) == len(record.rules) == 4  # one job per round
    rules = [(r.spin, r.parent, r.sign) for r in record.rules]
    assert rules == [(r.spin, r.parent, r.sign) for r in exact_record.rules]
    assert model.energy(spins)[0] == pytest.approx(model.energy(exact_spins)[0])


def test_sampled_rqaoa_on_a_fake_device_is_verified():
    """On fake_manila's noisy simulation (5 qubits, cutoff 2: three rounds, each one job) the
    recursion still reaches a maximum cut of the 5-cycle with a chord, checked by enumeration."""
    edges = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [0, 2]]
    encoding = build_problem(c2q.validate({"family": "maxcut", "graph": {"edges": edges}})).encode()
    algorithm = RQAOA(get_backend("fake_manila"), seed=2, cutoff=2, runs=1, correlators="sampled", shots=1000)
    run = algorithm.run(encoding)
    assert run.details["correlator_jobs"] == run.details["rounds"] == 3 and run.method is None
    bits = bits_from_keys(list(run.counts), 5)
    assert energies(encoding.hamiltonian, encoding.offset, bits)[0] == pytest.approx(
        energies(encoding.hamiltonian, encoding.offset, np.array(list(itertools.product([0, 1], repeat=5)))).min()
    )


def test_rqaoa_asked_for_takes_the_familys_quadratic_encoding():
    """``--algorithm rqaoa`` with the encoding left to c2q: TSP's one-hot encoding, not the dense default."""
    result = c2q.solve({"family": "tsp", "distance_matrix": FOUR_CITIES}, algorithm="rqaoa", seed=1)
    assert result.encoding["name"] == "qubo" and result.feasible  # the one-hot encoding, a QUBO


def test_rqaoa_refusals():
    with pytest.raises(OptionError, match="three or more qubits"):
        c2q.solve({"family": "tsp", "distance_matrix": FOUR_CITIES}, algorithm="rqaoa", encoding="permutation")
    with pytest.raises(OptionError, match="correlators"):
        RQAOA(get_backend("aer"), correlators="guessed")
    too_wide = {"family": "maxcut", "graph": {"edges": [[i, i + 1] for i in range(1200)]}}
    with pytest.raises(BackendError, match="at most 1000"):
        c2q.solve(too_wide, algorithm="rqaoa")
