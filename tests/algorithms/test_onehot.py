"""One-hot groups in recursive QAOA: propagation and search against enumeration, every elimination
keeping the groups satisfiable, and the TSP encoding that states its groups."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from c2q.backends import get_backend
from qiskit.quantum_info import SparsePauliOp

import c2q
from c2q.algorithms.onehot import OneHotConstraints, completions, propagate, satisfiable
from c2q.algorithms.qaoa_level1 import IsingModel
from c2q.algorithms.rqaoa import RQAOA, recursive_minimum
from c2q.errors import OptionError
from c2q.problems.tsp import Tsp

#: a 3 x 3 assignment: rows 0-2, 3-5, 6-8 and the three columns
ASSIGNMENT = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8]]


def _meets(groups: OneHotConstraints, x: np.ndarray) -> bool:
    """Whether the full 0/1 assignment ``x`` obeys the bindings and has one 1 in each group."""
    bound = groups.parent < 0
    free = np.flatnonzero(~bound)
    if not (x[bound] == groups.constant[bound]).all():
        return False
    if not (x[free] == x[groups.parent[free]] ^ groups.flip[free]).all():
        return False
    return all(x[g].sum() == 1 for g in groups.groups)


def _all_bits(n: int) -> np.ndarray:
    return np.array(list(itertools.product([0, 1], repeat=n)))


def _random_bindings(rng: np.random.Generator, steps: int) -> OneHotConstraints:
    groups = OneHotConstraints(ASSIGNMENT, 9)
    for _ in range(steps):
        free = np.flatnonzero(groups.parent == np.arange(9))
        if len(free) < 2:
            break
        v, u = rng.choice(free, 2, replace=False)
        if rng.random() < 0.5:
            groups.fix(int(v), int(rng.integers(2)))
        else:
            groups.tie(int(v), int(u), int(rng.integers(2)))
    return groups


@pytest.mark.parametrize("seed", range(30))
def test_search_and_propagation_agree_with_enumeration(seed):
    """Random fixings and ties of a 3 x 3 assignment: the search finds a witness exactly when
    enumeration finds an assignment, propagation never removes one, and the completions are all of them."""
    rng = np.random.default_rng(seed)
    groups = _random_bindings(rng, int(rng.integers(1, 5)))
    meeting = [x for x in _all_bits(9) if _meets(groups, x)]
    a, c = groups.forms()
    free = groups.parent == np.arange(9)
    witness = satisfiable(a, c, np.full(9, -1))
    assert (witness is not None) == bool(meeting)
    if witness is not None:
        full = witness.copy()
        bound = ~free
        full[bound & (groups.parent < 0)] = groups.constant[bound & (groups.parent < 0)]
        tied = np.flatnonzero(bound & (groups.parent >= 0))
        full[tied] = full[groups.parent[tied]] ^ groups.flip[tied]
        assert _meets(groups, full)
    forced = propagate(a, c, np.full(9, -1))
    if forced is not None:
        for x in meeting:
            assert all(x[v] == forced[v] for v in np.flatnonzero(free & (forced >= 0)))
    else:
        assert not meeting
    rows = groups.completions(100)
    assert rows is not None
    assert {tuple(r[free]) for r in rows} == {tuple(x[free]) for x in meeting}
    assert completions(a, c, np.full(9, -1), len(meeting) - 1 if meeting else 0) is None or not meeting


def _group_model(seed: int) -> IsingModel:
    """Random couplings and fields on 9 spins that do not enforce the assignment's groups."""
    rng = np.random.default_rng(seed)
    terms = [("ZZ", [u, v], rng.normal()) for u, v in itertools.combinations(range(9), 2) if rng.random() < 0.6]
    terms += [("Z", [u], rng.normal()) for u in range(9)]
    return IsingModel.from_operator(SparsePauliOp.from_sparse_list(terms, 9), 0.0)


def _feasible(spins: np.ndarray) -> bool:
    x = (1 - spins) // 2
    return all(x[g].sum() == 1 for g in ASSIGNMENT)


def test_every_elimination_keeps_the_groups_satisfiable():
    """On models that do not enforce the groups, plain RQAOA ends outside them; with the groups
    every rule, replayed one by one, leaves an assignment meeting them, and the answer meets them."""
    plain_infeasible = 0
    for seed in range(12):
        model = _group_model(seed)
        spins, _ = recursive_minimum(model, cutoff=1, rng=np.random.default_rng(seed))
        plain_infeasible += not _feasible(spins)
        spins, record = recursive_minimum(model, 1, np.random.default_rng(seed), None, ASSIGNMENT, False)
        assert _feasible(spins)
        groups = OneHotConstraints(ASSIGNMENT, 9)
        for rule in record.rules:
            groups.apply((rule.spin, rule.parent, int(rule.sign < 0)))
            assert any(_meets(groups, x) for x in _all_bits(9)), rule
        for rule in record.rules:
            assert spins[rule.spin] == rule.sign * (1 if rule.parent is None else spins[rule.parent])
    assert plain_infeasible >= 3


@pytest.mark.parametrize("seed", range(6))
def test_feasible_remainder_is_the_constrained_minimum(seed):
    """A remainder of at most ``2**cutoff`` feasible configurations is enumerated whole: the 6
    assignments of a 3 x 3 fit in cutoff 3, so the answer is the best of them."""
    model = _group_model(seed)
    spins, record = recursive_minimum(model, 3, np.random.default_rng(0), None, ASSIGNMENT, True)
    feasible = np.array([1 - 2 * x for x in _all_bits(9) if all(x[g].sum() == 1 for g in ASSIGNMENT)])
    assert len(feasible) == 6 and record.rules == [] and record.remainder == 9
    assert model.energy(spins)[0] == pytest.approx(model.energy(feasible).min())


def test_tsp_onehot_states_its_groups():
    d = [[0, 3, 4, 2, 7], [3, 0, 5, 7, 3], [4, 5, 0, 6, 4], [2, 7, 6, 0, 5], [7, 3, 4, 5, 0]]
    encoding = Tsp(np.array(d, dtype=float)).encode("onehot")
    assert encoding.num_qubits == 16 and len(encoding.one_hot) == 8
    names = encoding.variables
    for group in encoding.one_hot:
        cities = {names[q].split("]")[0] for q in group}
        positions = {names[q].split("[")[2] for q in group}
        assert len(group) == 4 and (len(cities) == 1 or len(positions) == 1)
    assert sorted(q for g in encoding.one_hot for q in g) == sorted(list(range(16)) * 2)


@pytest.mark.parametrize("seed", range(3))
def test_onehot_rqaoa_on_five_cities_against_brute_force(seed):
    """5-city TSPs (16 qubits), cutoff 2 so that the recursion runs: every recursion ends at a tour,
    and the best is within 10% of the optimum that enumeration of all 24 tours gives."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 100, (5, 2))
    d = np.rint(np.linalg.norm(points[:, None] - points[None], axis=2))
    problem = Tsp(d)
    encoding = problem.encode("onehot")
    best = min(problem.tour_cost([0, *p]) for p in itertools.permutations(range(1, 5)))
    run = RQAOA(get_backend("aer"), seed=seed, cutoff=2, runs=4).run(encoding)
    assert run.details["constraints"] == "one-hot groups" and run.details["rounds"] >= 1
    lengths = [problem.evaluate(encoding.interpret(np.array([int(b) for b in reversed(key)]))) for key in run.counts]
    assert all(e.feasible for e in lengths)
    assert min(e.objective for e in lengths) <= 1.1 * best


def test_solve_reports_the_constraints_and_refuses_unknown_settings():
    result = c2q.solve(
        {"family": "tsp", "distance_matrix": [[0, 3, 4, 2], [3, 0, 5, 7], [4, 5, 0, 6], [2, 7, 6, 0]]},
        algorithm="rqaoa",
        seed=1,
    )
    assert result.feasible and result.approximation_ratio == 1.0
    with pytest.raises(OptionError, match="constraints"):
        RQAOA(get_backend("aer"), constraints="some")
    with pytest.raises(OptionError, match="remainder"):
        RQAOA(get_backend("aer"), remainder="some")
