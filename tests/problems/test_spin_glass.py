"""The Sherrington-Kirkpatrick family: drawn couplings, energies, the solve against brute force,
and its input checks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import c2q
from c2q.errors import SpecError
from c2q.problems.spin_glass import draw_couplings
from c2q.spec import build_problem, load_spec


def brute_force(couplings: np.ndarray) -> float:
    """The lowest (1/sqrt(n)) sum_{i<j} J_ij s_i s_j over every spin assignment, by loops."""
    n = len(couplings)
    best = math.inf
    for spins in itertools.product((-1, 1), repeat=n):
        energy = sum(couplings[i][j] * spins[i] * spins[j] for i in range(n) for j in range(i + 1, n))
        best = min(best, energy / math.sqrt(n))
    return best


def test_drawn_couplings_are_symmetric_deterministic_and_as_distributed() -> None:
    couplings = draw_couplings(12, seed=4)
    assert (couplings == couplings.T).all() and (np.diag(couplings) == 0).all()
    assert set(np.unique(couplings[np.triu_indices(12, 1)])) == {-1.0, 1.0}
    assert (draw_couplings(12, seed=4) == couplings).all() and (draw_couplings(12, seed=5) != couplings).any()
    gaussian = draw_couplings(40, seed=4, distribution="gaussian")[np.triu_indices(40, 1)]
    assert abs(gaussian.mean()) < 0.15 and abs(gaussian.std() - 1) < 0.1


@pytest.mark.parametrize("spec", [{"spins": 9, "seed": 2}, {"spins": 8, "seed": 7, "distribution": "gaussian"}])
def test_a_solve_finds_the_brute_force_ground_state(spec: dict) -> None:
    result = c2q.solve({"family": "sk", **spec}, seed=1)
    couplings = draw_couplings(spec["spins"], spec["seed"], spec.get("distribution", "pm1"))
    assert result.optimal and result.answer["energy"] == pytest.approx(brute_force(couplings))
    assert result.answer["energy_per_spin"] == pytest.approx(result.answer["energy"] / spec["spins"])
    spins = result.answer["spins"]
    assert len(spins) == spec["spins"] and set(spins) <= {-1, 1}


def test_given_couplings_are_the_same_instance_and_the_exact_reference_is_brute_force() -> None:
    couplings = draw_couplings(10, seed=11)
    problem = build_problem(load_spec({"family": "sk", "couplings": couplings.tolist()}))
    reference = problem.exact_reference()
    assert reference.optimal and reference.evaluation.objective == pytest.approx(brute_force(couplings))
    # evaluate recomputes the energy from the couplings, and refuses anything but one +-1 per spin
    flipped = [-s for s in reference.answer["spins"]]
    assert problem.evaluate({"spins": flipped}).objective == pytest.approx(reference.evaluation.objective)
    assert not problem.evaluate({"spins": [1] * 9}).feasible
    assert not problem.evaluate({"spins": [0] * 10}).feasible


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"couplings": [[0, 1], [1, 0]]}, "couplings", "either couplings or spins"),
        ({"spins": None}, "couplings", "either couplings or spins"),
        ({"seed": None}, "seed", "required with spins"),
        ({"spins": None, "seed": None, "couplings": [[0, 1], [2, 0]]}, "couplings[1][0]", "symmetric"),
        ({"spins": None, "seed": None, "couplings": [[1, 1], [1, 0]]}, "couplings[0][0]", "diagonal"),
        ({"spins": None, "seed": None, "couplings": [[0, 1], [1]]}, "couplings[1]", "square"),
        ({"spins": None, "couplings": [[0, 1], [1, 0]]}, "seed", "only with spins"),
        ({"spins": 1}, "spins", ""),
        ({"spins": 448}, "spins", "447"),  # n (n - 1) / 2 couplings within a model's 100000 terms
    ],
)
def test_invalid_instances_are_refused_by_field(change: dict, field: str, words: str) -> None:
    spec = {"family": "sk", "spins": 6, "seed": 1, **change}
    with pytest.raises(SpecError) as caught:
        load_spec({k: v for k, v in spec.items() if v is not None})
    assert caught.value.field == field and words in str(caught.value)
