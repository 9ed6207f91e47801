"""The families written as constrained models: knapsack, number partitioning, set cover, set
packing, exact cover, graph partitioning.

Each is judged against an enumeration written here, in the family's own terms (never the model,
its encoding or HiGHS), and the models against qiskit-optimization's application classes where
they exist.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import c2q
from c2q.errors import SpecError
from c2q.ising import energies
from c2q.problems.base import all_bitstrings
from c2q.spec import build_problem, load_spec

FAMILIES = ["knapsack", "numberpartition", "setcover", "setpacking", "exactcover", "graphpartition", "binpacking"]


def best(spec: dict) -> float | None:
    """The optimal objective by enumerating every choice, in the family's terms; None: no feasible choice."""
    family = spec["family"]
    if family == "knapsack":
        values, weights, capacity = spec["values"], spec["weights"], spec["capacity"]
        return max(
            sum(v for v, b in zip(values, bits, strict=True) if b)
            for bits in itertools.product((0, 1), repeat=len(values))
            if sum(w for w, b in zip(weights, bits, strict=True) if b) <= capacity
        )
    if family == "binpacking":
        weights, capacity = spec["weights"], spec["capacity"]
        n = len(weights)
        return min(
            len(set(bins))
            for bins in itertools.product(range(n), repeat=n)
            if all(sum(w for w, b in zip(weights, bins, strict=True) if b == j) <= capacity for j in set(bins))
        )
    if family == "numberpartition":
        numbers = spec["numbers"]
        return min(
            abs(sum(x if b else -x for x, b in zip(numbers, bits, strict=True)))
            for bits in itertools.product((0, 1), repeat=len(numbers))
        )
    if family == "graphpartition":
        edges, n = spec["graph"]["edges"], spec["graph"]["nodes"]
        return min(
            sum(e[2] for e in edges if (e[0] in side) != (e[1] in side))
            for side in map(set, itertools.combinations(range(n), n // 2))
        )
    subsets = spec["subsets"]
    weights = spec.get("weights") or [1] * len(subsets)
    universe = list(dict.fromkeys(e for s in subsets for e in s))
    found = []
    for bits in itertools.product((0, 1), repeat=len(subsets)):
        counts = [sum(b for s, b in zip(subsets, bits, strict=True) if e in s) for e in universe]
        ok = {"setcover": min(counts) >= 1, "setpacking": max(counts) <= 1, "exactcover": set(counts) == {1}}[family]
        if ok:
            found.append(sum(w for w, b in zip(weights, bits, strict=True) if b))
    if not found:
        return None
    return max(found) if family == "setpacking" else min(found)


@st.composite
def instances(draw):
    family = draw(st.sampled_from(FAMILIES))
    if family == "knapsack":
        m = draw(st.integers(1, 5))
        values = draw(st.lists(st.integers(1, 9), min_size=m, max_size=m))
        weights = draw(st.lists(st.integers(1, 9), min_size=m, max_size=m))
        return {"family": family, "values": values, "weights": weights, "capacity": draw(st.integers(0, 20))}
    if family == "binpacking":
        weights = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
        return {"family": family, "weights": weights, "capacity": draw(st.integers(max(weights), 9))}
    if family == "numberpartition":
        return {"family": family, "numbers": draw(st.lists(st.integers(-5, 12), min_size=2, max_size=7))}
    if family == "graphpartition":
        n = draw(st.integers(2, 7))
        pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
        chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, unique=True))
        return {"family": family, "graph": {"nodes": n, "edges": [[u, v, draw(st.integers(1, 5))] for u, v in chosen]}}
    k = draw(st.integers(1, 6))
    subsets = draw(st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True), min_size=k, max_size=k))
    spec = {"family": family, "subsets": subsets}
    if draw(st.booleans()):
        spec["weights"] = draw(st.lists(st.integers(1, 5), min_size=k, max_size=k))
    return spec


@settings(max_examples=30, deadline=None)
@given(instances())
def test_the_ground_state_and_the_reference_are_the_enumerated_optimum(spec: dict) -> None:
    """The encoding's lowest energy decodes to an answer the family scores as the enumerated optimum,
    any bitstring that decodes to an infeasible answer costs more, and HiGHS agrees."""
    check_enumerated_optimum(spec)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(instances())
def test_the_ground_state_and_the_reference_are_the_enumerated_optimum_on_many_instances(spec: dict) -> None:
    """The same on ten times as many instances (minutes: every bitstring of each encoding)."""
    check_enumerated_optimum(spec)


#: encodings wider than this are not enumerated bitstring by bitstring (as wide as `auto` keeps the exact one)
MAX_ENUMERATED_QUBITS = 18


def check_enumerated_optimum(spec: dict) -> None:
    """The exact encoding's property: the ``penalty`` one where a model has it (``auto`` may choose
    the ``unbalanced`` encoding past 18 slack qubits, which is not exact by design: its answer is
    the best feasible sample), else the family's own."""
    problem = build_problem(load_spec(spec))
    exact = "penalty" if "penalty" in problem.encodings else "auto"
    encoding = problem.encode(exact)
    assert problem.encoded_qubits(exact) == encoding.num_qubits
    optimum = best(spec)
    reference = problem.exact_reference()
    if encoding.num_qubits > MAX_ENUMERATED_QUBITS:  # every bitstring would take minutes: the reference only
        assert optimum is None or (reference.optimal and reference.evaluation.objective == pytest.approx(optimum))
        return
    bits = all_bitstrings(encoding.num_qubits)
    values = energies(encoding.hamiltonian, encoding.offset, bits)
    evaluations = [problem.evaluate(encoding.interpret(row)) for row in bits]
    feasible = np.array([e.feasible for e in evaluations])
    if optimum is None:
        assert not feasible.any() and reference.answer is None and reference.optimal
        assert problem.no_solution_answer() == {"infeasible_model": True}
        return
    ground = evaluations[int(np.argmin(values))]
    assert ground.feasible and ground.objective == pytest.approx(optimum)
    if (~feasible).any():
        assert values[~feasible].min() > values[feasible].min() + 1e-9
    assert reference.optimal and reference.evaluation.objective == pytest.approx(optimum)


APPLICATIONS = [
    ("knapsack", {"family": "knapsack", "values": [3, 4, 5, 2], "weights": [2, 3, 4, 1], "capacity": 6}),
    ("setpacking", {"family": "setpacking", "subsets": [[1, 2], [2, 3], [3, 4], [4, 1], [5]]}),
    ("exactcover", {"family": "exactcover", "subsets": [[1, 2], [3], [2, 3], [1]]}),
    ("graphpartition", {"family": "graphpartition", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2]]}}),
    ("binpacking", {"family": "binpacking", "weights": [3, 2, 2], "capacity": 4, "bins": 3}),
]


@pytest.mark.parametrize(("family", "spec"), APPLICATIONS)
def test_the_models_are_qiskit_optimizations_application_programs(family: str, spec: dict) -> None:
    """On every assignment the family's model and the application class's QuadraticProgram agree on
    the objective and on feasibility."""
    from qiskit_optimization import applications

    problem = build_problem(load_spec(spec))
    program = problem.model.quadratic_program()
    if family == "knapsack":
        peer = applications.Knapsack(spec["values"], spec["weights"], spec["capacity"])
    elif family == "binpacking":
        peer = applications.BinPacking(spec["weights"], spec["capacity"])
    elif family == "graphpartition":
        peer = applications.GraphPartition(nx.Graph([tuple(e) for e in spec["graph"]["edges"]]))
    else:
        cls = {"setpacking": applications.SetPacking, "exactcover": applications.ExactCover}[family]
        peer = cls(spec["subsets"])
    theirs = peer.to_quadratic_program()
    assert theirs.get_num_vars() == program.get_num_vars()
    for x in map(list, itertools.product((0, 1), repeat=program.get_num_vars())):
        assert program.objective.evaluate(x) == pytest.approx(theirs.objective.evaluate(x))
        assert program.is_feasible(x) == theirs.is_feasible(x)


def test_a_solve_answers_in_the_familys_terms() -> None:
    knapsack = c2q.solve({"family": "knapsack", "values": [6, 5, 8, 9], "weights": [2, 3, 6, 7], "capacity": 9}, seed=1)
    assert knapsack.optimal and knapsack.answer["items"] == [0, 3] and knapsack.answer["weight"] == 9
    assert knapsack.encoding["penalties"]["capacity"]["set_by"] == "c2q"
    graph = {"edges": [[0, 1], [1, 2], [2, 3]], "labels": list("abcd")}
    partition = c2q.solve({"family": "graphpartition", "graph": graph}, seed=1)
    assert partition.optimal and sorted(map(sorted, partition.answer["partition"])) == [["a", "b"], ["c", "d"]]
    none = c2q.solve({"family": "exactcover", "subsets": [[1, 2], [2, 3]]}, seed=1)
    assert none.answer == {"infeasible_model": True} and not none.feasible


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ({"family": "knapsack", "values": [1, 2], "weights": [1], "capacity": 1}, "weights", "1 weights for 2 values"),
        ({"family": "knapsack", "values": [0], "weights": [1], "capacity": 1}, "values", "greater than 0"),
        ({"family": "numberpartition", "numbers": [1]}, "numbers", "at least 2"),
        ({"family": "setcover", "subsets": [[1], []]}, "subsets[1]", "empty subset"),
        ({"family": "setcover", "subsets": [[1]], "universe": [1, 2]}, "universe", "element 2 is in no subset"),
        ({"family": "setpacking", "subsets": [[1]], "universe": [1]}, "universe", "no universe"),
        ({"family": "exactcover", "subsets": [[1], [2]], "weights": [1]}, "weights", "1 weights for 2 subsets"),
        ({"family": "binpacking", "weights": [3, 7], "capacity": 5}, "capacity", "heaviest item (7)"),
    ],
)
def test_invalid_instances_are_refused_by_field(spec: dict, field: str, words: str) -> None:
    with pytest.raises(SpecError) as err:
        load_spec(spec)
    assert field in str(err.value) and words in str(err.value)
