"""Every family's encoding is exact: the ground states of its Ising operator decode to optimal
answers, as judged by the family's own evaluate() and its exact classical solution."""

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c2q.encoding import ArithmeticEncoding
from c2q.ising import energies
from c2q.problems import FAMILIES
from c2q.problems.base import all_bitstrings
from c2q.spec import build_problem, load_spec


@dataclass(frozen=True)
class Case:
    """A family and the instances drawn for it."""

    family: str
    k: int | str | None = None  # "any": drawn in 1..nodes
    encoding: str = "auto"
    nodes: tuple[int, int] = (2, 6)  # cities for tsp
    weights: tuple[float | None, ...] = (1.0,)  # tsp: None is a missing road
    #: energy of a feasible bitstring equals the objective (negated for a maximum)
    energy_is_objective: bool = True
    #: tsp: the two directions of a road are drawn separately (asymmetric matrix)
    directed: bool = False


POSITIVE = (0.1, 1.0, 2.5)
DISTANCES = (0.0, 1.0, 2.0, 3.5, 7.0, 10.0)
ROADS = (None, None, 0.0, 1.0, 2.5, 7.0)
#: widest encoding enumerated exhaustively (5-node fewest-colours kcolor: 15; 5-city onehot tsp: 16)
MAX_QUBITS = 16
CASES = {
    "maxcut": Case("maxcut", weights=(-2.0, -0.5, 0.25, 1.0, 3.0)),
    "mis": Case("mis", weights=(1.0, 2.0)),
    "vc": Case("vc", weights=(1.0, 2.0)),
    "clique-k": Case("clique", k="any"),
    "clique-max": Case("clique"),
    "kcolor-k2": Case("kcolor", k=2, nodes=(2, 5), weights=POSITIVE),
    "kcolor-k3": Case("kcolor", k=3, nodes=(3, 5), weights=POSITIVE),
    "kcolor-k4": Case("kcolor", k=4, nodes=(4, 5), weights=POSITIVE),
    "kcolor-fewest": Case("kcolor", nodes=(2, 5), weights=POSITIVE, energy_is_objective=False),
    "tsp-binary": Case("tsp", encoding="binary", nodes=(4, 5), weights=DISTANCES),
    "tsp-onehot": Case("tsp", encoding="onehot", nodes=(4, 4), weights=DISTANCES),
    "tsp-directed-binary": Case("tsp", encoding="binary", nodes=(3, 5), weights=DISTANCES, directed=True),
    "tsp-directed-onehot": Case("tsp", encoding="onehot", nodes=(3, 4), weights=DISTANCES, directed=True),
    "tsp-roads-binary": Case("tsp", encoding="binary", nodes=(4, 5), weights=ROADS),
    "tsp-roads-onehot": Case("tsp", encoding="onehot", nodes=(4, 4), weights=ROADS),
    "tsp-directed-roads-binary": Case("tsp", encoding="binary", nodes=(4, 5), weights=ROADS, directed=True),
    "tsp-directed-roads-onehot": Case("tsp", encoding="onehot", nodes=(4, 4), weights=ROADS, directed=True),
}


def tsp_pairs(case: Case, n: int) -> list[tuple[int, int]]:
    """The entries of a distance matrix drawn independently: both directions when directed."""
    return list((itertools.permutations if case.directed else itertools.combinations)(range(n), 2))


def make_spec(case: Case, n: int, pairs, weights, k=None) -> dict:
    """Canonical spec: a graph on ``n`` nodes with edges ``pairs`` (tsp: a distance matrix; the
    roads of the tour 0, 1, ..., n-1 are never missing, so that a tour exists)."""
    if case.family == "tsp":
        d: list[list[float | None]] = [[0.0] * n for _ in range(n)]
        for (u, v), w in zip(tsp_pairs(case, n), weights, strict=True):
            on_cycle = (v - u) % n == 1 or (not case.directed and (u - v) % n == 1)
            d[u][v] = 1.0 if w is None and on_cycle else w
            if not case.directed:
                d[v][u] = d[u][v]
        return {"family": "tsp", "distance_matrix": d}
    edges = [[u, v, w] for (u, v), w in zip(pairs, weights, strict=True)]
    spec = {"family": case.family, "graph": {"nodes": n, "edges": edges}}
    if k is not None:
        spec["k"] = k
    return spec


@st.composite
def instances(draw, case: Case) -> dict:
    n = draw(st.integers(*case.nodes))
    all_pairs = list(itertools.combinations(range(n), 2))
    if case.family == "tsp":
        pairs = tsp_pairs(case, n)
    else:
        pairs = sorted(draw(st.lists(st.sampled_from(all_pairs), min_size=1, unique=True)))
    weights = [draw(st.sampled_from(case.weights)) for _ in pairs]
    k = draw(st.integers(1, n)) if case.k == "any" else case.k
    return make_spec(case, n, pairs, weights, k)


def seeded_instance(case: Case, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(case.nodes[0], case.nodes[1] + 1))
    all_pairs = list(itertools.combinations(range(n), 2))
    keep = rng.random(len(all_pairs)) < 0.6
    keep[rng.integers(len(all_pairs))] = True
    pairs = tsp_pairs(case, n) if case.family == "tsp" else [p for p, kept in zip(all_pairs, keep, strict=True) if kept]
    weights = [None if w is None else float(w) for w in rng.choice(np.array(case.weights, dtype=object), len(pairs))]
    k = int(rng.integers(1, n + 1)) if case.k == "any" else case.k
    return make_spec(case, n, pairs, weights, k)


def exhaustive(case: Case, spec: dict):
    """Problem, encoding, all bitstrings and their energies."""
    problem = build_problem(load_spec(spec))
    encoding = problem.encode(case.encoding)
    # a regression that adds qubits (e.g. slack variables) must fail here, not exhaust memory
    assert encoding.num_qubits <= MAX_QUBITS, (spec, encoding.notes)
    bits = all_bitstrings(encoding.num_qubits)
    return problem, encoding, bits, energies(encoding.hamiltonian, encoding.offset, bits)


def assert_ground_states_are_optimal(case: Case, spec: dict) -> None:
    problem, encoding, bits, energy = exhaustive(case, spec)
    reference = problem.classical_solution()[1]
    assert reference.feasible
    ground = np.flatnonzero(np.isclose(energy, energy.min(), rtol=0, atol=1e-6))
    for i in ground:  # every ground state, not only the one argmin happens to return
        answer = encoding.interpret(bits[i])
        evaluation = problem.evaluate(answer)
        assert evaluation.feasible, (spec, answer)
        assert evaluation.objective == pytest.approx(reference.objective), (spec, answer)


@pytest.mark.parametrize("name", CASES)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_ground_state_decodes_to_an_optimum(name, data):
    case = CASES[name]
    assert_ground_states_are_optimal(case, data.draw(instances(case), label="spec"))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("name", CASES)
def test_ground_state_decodes_to_an_optimum_seeded(name, seed):
    case = CASES[name]
    assert_ground_states_are_optimal(case, seeded_instance(case, seed))


@pytest.mark.parametrize("seed", range(2))
def test_tsp_onehot_five_cities(seed):
    case = Case("tsp", encoding="onehot", nodes=(5, 5), weights=(1.0, 2.0, 3.0, 5.0, 8.0))
    assert_ground_states_are_optimal(case, seeded_instance(case, seed))


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.energy_is_objective])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_energy_of_feasible_bitstrings_is_the_objective(name, data):
    case = CASES[name]
    problem, encoding, bits, energy = exhaustive(case, data.draw(instances(case), label="spec"))
    sign = -1.0 if problem.sense == "max" else 1.0
    optimum = problem.classical_solution()[1].objective
    feasible = 0
    for x, e in zip(bits, energy, strict=True):
        evaluation = problem.evaluate(encoding.interpret(x))
        if evaluation.feasible:
            feasible += 1
            assert e == pytest.approx(sign * evaluation.objective, abs=1e-9)
        else:  # penalties lift every infeasible bitstring above the optimum
            assert e > sign * optimum + 1e-9
    assert feasible > 0


def test_default_encodings_and_qubit_counts():
    triangle = {"graph": {"edges": [[0, 1], [1, 2], [0, 2]]}}
    tsp5 = {"family": "tsp", "distance_matrix": (np.ones((5, 5)) - np.eye(5)).tolist()}
    expected = [
        ({"family": "maxcut", **triangle}, "qubo", 3),
        ({"family": "kcolor", "k": 3, **triangle}, "binary", 6),  # 2 bits per node
        ({"family": "kcolor", "k": 2, **triangle}, "binary", 3),
        (tsp5, "permutation", 5),  # Lehmer digits of 2, 2 and 1 bits (and one of none)
    ]
    for spec, name, qubits in expected:
        encoding = build_problem(load_spec(spec)).encode()
        assert (encoding.name, encoding.num_qubits) == (name, qubits)
    assert build_problem(load_spec(tsp5)).encode("binary").num_qubits == 8  # 4 cities x 2 bits
    onehot = build_problem(load_spec(tsp5)).encode("onehot")
    assert onehot.num_qubits == 16 and onehot.quadratic_program is not None  # (n-1)**2


# ---- qubits predicted without building the encoding ---------------------------------------------------
def complete(n: int) -> list[list[int]]:
    return [[u, v] for u, v in itertools.combinations(range(n), 2)]


#: small instances of every family (canonical specs); a family missing here fails the test below
WIDTH_INSTANCES = {
    "maxcut": [{"graph": {"edges": [[0, 1]]}}, {"graph": {"nodes": 7, "edges": [[0, 1], [2, 3, -1.5]]}}],
    "mis": [{"graph": {"edges": complete(5)}}, {"graph": {"nodes": 6, "edges": [[0, 1], [1, 2]]}}],
    "vc": [{"graph": {"edges": complete(4)}}, {"graph": {"nodes": 6, "edges": [[0, 5]]}}],
    "clique": [{"graph": {"edges": complete(5)}}, {"graph": {"edges": [[0, 1], [1, 2], [2, 3]]}, "k": 2}],
    "kcolor": [{"graph": {"edges": complete(n)}, "k": k} for n, k in ((3, 1), (3, 2), (4, 3), (4, 4), (5, 5))]
    + [{"graph": {"edges": complete(4)}}, {"graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0]]}}],
    "tsp": [{"distance_matrix": (np.ones((n, n)) - np.eye(n)).tolist()} for n in range(3, 7)],
    "sat": [{"clauses": [[1, -2], [2, 3]]}, {"clauses": [[1]], "num_variables": 4}],
    "factor": [{"n": n} for n in (4, 12, 15, 21, 35, 143, 1000)],
    "add": [{"operands": [3, 5], "bits": 3}],
    "sub": [{"operands": [-3, 5], "bits": 3}],
    "mul": [{"operands": [3, 5], "bits": [2, 3]}],
    "hubo": [
        {"terms": [[[0, 1, 2], 1.5], [[3], -1]]},
        {"vartype": "spin", "variables": ["a", "b", "c"], "terms": [[["a"], 1]]},
    ],
    "knapsack": [
        {"values": [3, 4, 5], "weights": [2, 3, 4], "capacity": 5},
        {"values": [1], "weights": [2], "capacity": 1},
    ],
    "numberpartition": [{"numbers": [3, 1, 1, 2, 2, 1]}],
    "binpacking": [{"weights": [4, 3, 3, 2], "capacity": 6}, {"weights": [1, 1], "capacity": 2, "bins": 2}],
    "sk": [{"spins": 5, "seed": 1}, {"couplings": [[0, 1.5], [1.5, 0]]}],
    "setcover": [{"subsets": [[1, 2, 3], [2, 4], [3, 4], [4, 5]]}, {"subsets": [["a"], ["a", "b"]], "universe": ["b"]}],
    "setpacking": [{"subsets": [[1, 2], [2, 3], [3, 4], [4, 1], [5]]}],
    "exactcover": [{"subsets": [[1, 2], [3], [2, 3], [1]]}],
    "graphpartition": [{"graph": {"edges": [[0, 1], [1, 2], [2, 3]]}}, {"graph": {"edges": [[0, 1, 2.5], [1, 2]]}}],
    "model": [
        {"objective": {"linear": {"x": 1}}, "constraints": [{"linear": {"x": 1, "y": 2}, "relation": ">=", "rhs": 1}]},
        {
            "variables": [
                {"name": "n", "type": "integer", "lower": -3, "upper": 9},
                {"name": "m", "type": "integer", "upper": 0},
            ],
            "objective": {"quadratic": [["n", "m", 1]]},
            "constraints": [{"linear": {"n": 0.5, "m": -1}, "relation": "<=", "rhs": 2.5}],
        },
    ],
}


@pytest.mark.parametrize(
    "family, encoding",
    [(family, name) for family, cls in sorted(FAMILIES.items()) for name in cls.encodings],
)
def test_encoded_qubits_is_the_built_encodings_width(family, encoding):
    """Every family and encoding: the width predicted from the instance's size (what a solve checks
    before building anything) is the width of the encoding built."""
    for body in WIDTH_INSTANCES[family]:
        problem = build_problem(load_spec({"family": family, **body}))
        predicted = problem.encoded_qubits(encoding)
        built = problem.encode(encoding)
        if isinstance(built, ArithmeticEncoding):  # the circuit (ripple or QFT) sets the width, not the encoding
            assert predicted is None
        else:
            assert predicted == built.num_qubits, body
        assert problem.encoded_qubits("auto") == problem.encoded_qubits(problem.default_encoding())


@pytest.mark.parametrize(("family", "both", "one"), [("mis", 0.0, -1.0), ("vc", 2.0, 1.0), ("clique", 0.0, -1.0)])
def test_node_selection_families_use_the_small_exact_penalty(family, both, one):
    """Two nodes: for MIS and VC one edge between them, for clique none. Choosing both (MIS,
    clique) or neither (VC) violates the pair once and costs PAIR_PENALTY above the objective."""
    from c2q.problems.base import PAIR_PENALTY

    edges = [[0, 1]] if family != "clique" else [[0, 1], [1, 2]]
    problem = build_problem(load_spec({"family": family, "graph": {"edges": edges}}))
    encoding = problem.encode()
    bits = all_bitstrings(encoding.num_qubits)
    energy = dict(zip(map(tuple, bits), energies(encoding.hamiltonian, encoding.offset, bits), strict=True))
    if family == "clique":  # nodes 0 and 2 are not adjacent: choosing both is the violation
        assert energy[(1, 0, 1)] == pytest.approx(-2 + PAIR_PENALTY) and energy[(1, 1, 0)] == pytest.approx(-2)
    elif family == "mis":
        assert energy[(1, 1)] == pytest.approx(both) and energy[(1, 0)] == pytest.approx(one)
    else:
        assert energy[(0, 0)] == pytest.approx(both) and energy[(1, 0)] == pytest.approx(one)
