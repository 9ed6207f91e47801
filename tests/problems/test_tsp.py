"""TSP beyond symmetric complete matrices: one-way distances and missing roads (null / nan)."""

import itertools

import numpy as np
import pytest

import c2q
from c2q.api import QAOA_MAX_TERMS
from c2q.errors import OptionError
from c2q.ising import energies
from c2q.problems import Tsp
from c2q.problems.base import all_bitstrings
from c2q.problems.tsp import PERMUTATION_MAX_CITIES, lehmer_bits, lehmer_tours

N = None
#: only the roads 0-1, 1-2, 2-3, 3-0: the cycle is the only tour
CYCLE = [[0, 1, N, 1], [1, 0, 1, N], [N, 1, 0, 1], [1, N, 1, 0]]
#: 0 -> 1 -> 2 -> 3 -> 0 costs 4, the other way round 4 * 9
ONE_WAY = [[0, 1, 9, 9], [9, 0, 1, 9], [9, 9, 0, 1], [1, 9, 9, 0]]
FAST = {"shots": 512, "seed": 1}


def directed_cost(d, tour):
    """Reference tour cost: sum of d[a][b] around the closed tour, None (no road) -> inf."""
    steps = zip(tour, tour[1:] + tour[:1], strict=True)
    return sum(np.inf if d[a][b] is None else d[a][b] for a, b in steps)


def brute_force(d):
    n = len(d)
    return min(directed_cost(d, [0, *p]) for p in itertools.permutations(range(1, n)))


def as_array(d):
    return np.array([[np.nan if x is None else x for x in row] for row in d])


@pytest.mark.parametrize("seed", range(4))
def test_classical_reference_takes_the_direction_into_account(seed):
    rng = np.random.default_rng(seed)
    d = rng.integers(0, 20, (6, 6)).astype(float)
    np.fill_diagonal(d, 0)
    problem = Tsp(d)
    assert not problem.symmetric
    answer, evaluation = problem.classical_solution()
    assert evaluation.objective == pytest.approx(brute_force(d.tolist()))
    assert answer["cost"] == pytest.approx(directed_cost(d.tolist(), answer["tour"]))
    # the optimum's reverse is a different tour with its own cost
    reverse = [0, *reversed(answer["tour"][1:])]
    assert problem.evaluate({"tour": reverse}).objective == pytest.approx(directed_cost(d.tolist(), reverse))


def test_one_way_matrix_cost_depends_on_the_direction():
    problem = Tsp(np.array(ONE_WAY, dtype=float))
    assert problem.evaluate({"tour": [0, 1, 2, 3]}).objective == 4.0
    assert problem.evaluate({"tour": [0, 3, 2, 1]}).objective == 36.0
    answer, evaluation = problem.classical_solution()
    assert answer == {"tour": [0, 1, 2, 3], "cost": 4.0} and evaluation.feasible


@pytest.mark.parametrize("encoding", Tsp.encodings)
def test_one_way_matrix_is_solved_in_the_right_direction(encoding):
    result = c2q.solve({"family": "tsp", "distance_matrix": ONE_WAY}, encoding=encoding, **FAST)
    assert result.answer == {"tour": [0, 1, 2, 3], "cost": 4.0}
    assert result.optimal and result.classical_optimum == 4.0
    assert result.instance["symmetric"] is False


def test_onehot_asymmetric_quadratic_program_prices_each_direction():
    problem = Tsp(np.array(ONE_WAY, dtype=float))
    encoding = problem.encode("onehot")
    assert encoding.num_qubits == 9 and not encoding.notes  # (n-1)**2, no slack qubits
    names = [v.name for v in encoding.quadratic_program.variables]
    for order in itertools.permutations(range(1, 4)):
        x = np.array([int(name in {f"x_{city}_{p + 1}" for p, city in enumerate(order)}) for name in names])
        tour = [0, *order]
        assert encoding.quadratic_program.objective.evaluate(x) == pytest.approx(directed_cost(ONE_WAY, tour))
        assert encoding.interpret(x) == {"tour": tour, "cost": directed_cost(ONE_WAY, tour)}


def test_missing_roads_make_a_tour_infeasible():
    problem = Tsp(as_array(CYCLE))
    assert problem.evaluate({"tour": [0, 1, 2, 3]}) == problem.evaluate({"tour": [0, 3, 2, 1]})
    assert problem.evaluate({"tour": [0, 1, 2, 3]}).objective == 4.0
    for tour in ([0, 2, 1, 3], [0, 1, 3, 2]):
        evaluation = problem.evaluate({"tour": tour})
        assert not evaluation.feasible and evaluation.objective == np.inf
    assert problem.missing_roads([0, 2, 1, 3]) == [[0, 2], [1, 3]]
    assert problem.describe()["distance_matrix"][0] == [0.0, 1.0, None, 1.0]


@pytest.mark.parametrize("encoding", Tsp.encodings)
def test_every_state_over_a_missing_road_costs_more_than_any_tour(encoding):
    problem = Tsp(as_array(CYCLE))
    enc = problem.encode(encoding)
    bits = all_bitstrings(enc.num_qubits)
    energy = energies(enc.hamiltonian, enc.offset, bits)
    over_missing = [e for x, e in zip(bits, energy, strict=True) if "missing_roads" in enc.interpret(x)]
    assert over_missing and min(over_missing) > problem.penalty - 1e-9 > 4.0
    for x in bits[np.isclose(energy, energy.min())]:
        assert enc.interpret(x)["tour"] in ([0, 1, 2, 3], [0, 3, 2, 1])
    assert enc.interpret(bits[[("missing_roads" in enc.interpret(x)) for x in bits].index(True)])["cost"] is None


@pytest.mark.parametrize("encoding", Tsp.encodings)
def test_cycle_graph_has_one_tour_and_solve_finds_it(encoding):
    result = c2q.solve({"family": "tsp", "distance_matrix": CYCLE}, encoding=encoding, **FAST)
    assert result.answer["tour"] in ([0, 1, 2, 3], [0, 3, 2, 1])  # the cycle, either way round
    assert result.answer["cost"] == 4.0
    assert result.feasible and result.optimal is True


def test_cycle_graph_solve_with_seed_1():
    result = c2q.solve({"family": "tsp", "distance_matrix": CYCLE}, seed=1)
    assert result.optimal is True and result.feasible
    assert result.answer["tour"] in ([0, 1, 2, 3], [0, 3, 2, 1])


def test_classical_reference_never_uses_a_missing_road():
    # the cheap roads 0-2 and 1-3 are missing in one direction only
    d = [[0, 1, 0.1, 5], [1, 0, 1, N], [N, 1, 0, 1], [5, 0.1, 1, 0]]
    answer, evaluation = Tsp(as_array(d)).classical_solution()
    assert evaluation.objective == pytest.approx(brute_force(d)) and np.isfinite(evaluation.objective)
    assert not Tsp(as_array(d)).missing_roads(answer["tour"])


def test_no_tour_at_all_gives_an_infeasible_reference():
    path = [[0, 1, N], [1, 0, 1], [N, 1, 0]]  # built directly: validation would refuse it
    answer, evaluation = Tsp(as_array(path)).classical_solution()
    assert answer == {"tour": None, "cost": None} and not evaluation.feasible


def test_symmetric_complete_matrix_keeps_its_encodings():
    d = np.array([[0, 1, 1.5, 1], [1, 0, 1, 1.5], [1.5, 1, 0, 1], [1, 1.5, 1, 0]])
    problem = Tsp(d)
    assert problem.symmetric and problem.penalty == 1.0 + d[np.triu_indices(4, 1)].sum()
    assert (problem.costs() == d).all()


# ---- the permutation (Lehmer code) encoding ----------------------------------------------------
def test_lehmer_tours_read_every_code_as_an_ordering_and_reach_every_ordering():
    for m in range(1, 7):
        widths = lehmer_bits(m)
        assert widths[-1] == 0 and all(2**w >= m - k for k, w in enumerate(widths))
        orders = lehmer_tours(all_bitstrings(sum(widths)), m)
        assert (np.sort(orders, axis=1) == np.arange(m)).all()  # every bitstring is an ordering
        assert {tuple(o) for o in orders} == set(itertools.permutations(range(m)))  # and every ordering occurs


@pytest.mark.parametrize("seed", range(3))
def test_permutation_energy_is_the_tour_cost_of_every_bitstring(seed):
    rng = np.random.default_rng(seed)
    d = rng.integers(1, 30, (6, 6)).astype(float)  # asymmetric
    np.fill_diagonal(d, 0)
    problem = Tsp(d)
    enc = problem.encode("permutation")
    assert enc.num_qubits == problem.encoded_qubits("permutation") == 3 + 2 + 2 + 1
    bits = all_bitstrings(enc.num_qubits)
    for x, energy in zip(bits, energies(enc.hamiltonian, enc.offset, bits), strict=True):
        answer = enc.interpret(x)
        assert energy == pytest.approx(directed_cost(d.tolist(), answer["tour"]))
        assert answer["cost"] == pytest.approx(energy)
    assert energies(enc.hamiltonian, enc.offset, bits).min() == pytest.approx(brute_force(d.tolist()))


def test_permutation_is_the_default_up_to_its_limit_then_onehot_and_never_for_qaoa():
    def problem(n):
        return Tsp(np.ones((n, n)) - np.eye(n))

    assert problem(PERMUTATION_MAX_CITIES).default_encoding() == "permutation"
    assert problem(PERMUTATION_MAX_CITIES + 1).default_encoding() == "onehot"
    assert problem(5).default_encoding(cost_circuit=True) == "binary"
    assert problem(PERMUTATION_MAX_CITIES + 1).default_encoding(cost_circuit=True) == "binary"
    with pytest.raises(OptionError, match="--encoding onehot"):
        problem(PERMUTATION_MAX_CITIES + 1).encode("permutation")
    tsp6 = {"family": "tsp", "distance_matrix": (np.ones((6, 6)) - np.eye(6)).tolist()}
    assert c2q.encode(tsp6, algorithm="qaoa").encoding.name == "binary"
    assert c2q.encode(tsp6).encoding.name == "permutation"


def test_qaoa_refuses_a_cost_operator_too_dense_for_its_layers():
    d = np.random.default_rng(0).integers(1, 50, (8, 8))
    spec = {"family": "tsp", "distance_matrix": np.triu(d, 1) + np.triu(d, 1).T}
    spec["distance_matrix"] = spec["distance_matrix"].tolist()
    assert c2q.encode(spec).hamiltonian.size > QAOA_MAX_TERMS
    with pytest.raises(OptionError, match="--algorithm qaoa: the permutation encoding"):
        c2q.encode(spec, algorithm="qaoa", encoding="permutation")


@pytest.mark.parametrize("encoding", ["permutation", "binary", "onehot"])
def test_every_encoding_names_its_qubits_by_city(encoding):
    """``qubit_variables``: one name per qubit, cities by their labels (city 0, fixed first, has none)."""
    labels = ["A", "B", "C", "D"]
    spec = {"family": "tsp", "distance_matrix": [[0, 2, 9, 10], [1, 0, 6, 4], [15, 7, 0, 8], [6, 3, 12, 0]]}
    built = c2q.encode({**spec, "labels": labels}, encoding=encoding).encoding
    assert len(built.variables) == built.num_qubits == len(set(built.variables))
    if encoding != "permutation":  # a Lehmer digit is no city's
        assert {name.split("[")[1].rstrip("]") for name in built.variables} == {"B", "C", "D"}
