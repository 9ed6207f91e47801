"""Grover search: the circuit's amplitudes, the BBHT schedule, the iteration limit, oracles with work qubits."""

import math

import numpy as np
import pytest
from c2q.backends.aer import AerBackend
from qiskit.quantum_info import Statevector

from c2q.algorithms.grover import LAMBDA, Grover, grover_step, iteration_limit, optimal_iterations
from c2q.errors import OptionError
from c2q.ising import bits_from_keys
from c2q.problems import Factor, Sat

#: (x1 or not x2) and (x2 or x3) and (not x1 or not x3): solutions x1 x2 ~x3 and ~x1 ~x2 x3
FORMULA = [[1, -2], [2, 3], [-1, -3]]
SOLUTIONS = {"011", "100"}  # Qiskit keys, variable 1 rightmost
UNSAT = [[1, 2], [-1, 2], [1, -2], [-1, -2]]


def random_3sat(n, m, rng):
    """m clauses over 3 distinct variables of n, random signs."""
    return [
        [int(v) * int(rng.choice([-1, 1])) for v in rng.choice(np.arange(1, n + 1), 3, replace=False)] for _ in range(m)
    ]


def grover(seed=1, solutions=None):
    return Grover(AerBackend("statevector"), seed=seed, solutions=solutions)


def test_optimal_iterations_and_limit():
    assert optimal_iterations(3, 1) == 2  # floor(pi/4 sqrt 8)
    assert optimal_iterations(3, 2) == 1
    assert optimal_iterations(10, 1) == 25
    assert optimal_iterations(4, 16) == 0
    assert iteration_limit(10) == 128 and iteration_limit(3) == math.ceil(4 * math.sqrt(8))


@pytest.mark.parametrize("iterations", [0, 1, 2])
def test_circuit_amplitudes_follow_grover_rotation(iterations):
    """sin^2((2k+1) theta) on the satisfying assignments, spread evenly, with sin^2 theta = M/N."""
    encoding = Sat(FORMULA, 3).encode()
    probabilities = Statevector(grover().circuit(encoding, iterations)).probabilities_dict()
    theta = math.asin(math.sqrt(2 / 8))
    success = math.sin((2 * iterations + 1) * theta) ** 2
    for key in (format(i, "03b") for i in range(8)):
        expected = success / 2 if key in SOLUTIONS else (1 - success) / 6
        assert probabilities.get(key, 0.0) == pytest.approx(expected, abs=1e-9)


def test_oracle_acts_on_the_qubits_of_the_variables_that_occur():
    # x2 occurs nowhere: its qubit is searched over but the oracle does not touch it
    encoding = Sat([[1], [-3]], 3).encode()
    oracle = encoding.oracle()
    assert oracle.num_qubits == 3
    assert [oracle.find_bit(q).index for q in oracle.data[0].qubits] == [0, 2]
    probabilities = Statevector(grover().circuit(encoding, 1)).probabilities_dict()
    assert probabilities["001"] + probabilities["011"] == pytest.approx(1.0)  # x1 true, x3 false; x2 free


def test_known_solution_count_runs_the_optimal_iterations():
    # M = 2 of N = 8: one iteration lands on a solution with probability 1
    encoding = Sat(FORMULA, 3).encode()
    for seed in range(5):
        run = grover(seed, solutions=2).run(encoding)
        assert run.details["schedule"] == "known M" and run.details["optimal_iterations"] == 1
        assert run.details["trials"] == 1 and run.details["iterations"] == 1 and run.details["found"]
        assert list(run.counts) in ([key] for key in SOLUTIONS)


def test_bbht_finds_solutions_of_random_3sat():
    rng = np.random.default_rng(7)
    found = 0
    for _ in range(6):
        clauses = random_3sat(6, 20, rng)
        problem = Sat(clauses, 6)
        if not problem.count_solutions():
            continue
        run = grover(seed=3).run(problem.encode())
        details = run.details
        assert details["schedule"] == "bbht" and "optimal_iterations" not in details
        assert details["found"] and details["iterations"] == sum(details["trial_iterations"])
        assert details["trials"] == len(details["trial_iterations"]) == sum(run.counts.values())
        last = bits_from_keys(list(run.counts), 6)
        assert problem.encode().satisfied(last).sum() == 1  # only the last trial's sample satisfies
        found += 1
    assert found >= 3


def test_bbht_schedule_draws_below_a_growing_bound_and_stops_at_the_limit():
    encoding = Sat([*UNSAT, [3, 4], [-3, -4]], 4).encode()  # unsatisfiable: runs to the limit
    run = grover(seed=5).run(encoding)
    trace, limit = run.details["trial_iterations"], iteration_limit(4)
    assert not run.details["found"] and run.details["iteration_limit"] == limit == 16
    m = 1.0
    for k in trace:
        assert 0 <= k < math.ceil(m)
        m = min(LAMBDA * m, 4.0)  # sqrt(N)
    assert trace[0] == 0 and sum(trace) <= limit and len(trace) <= limit
    # it stopped because of the limit: out of trials, or the next draw (at most 3) could overshoot
    assert len(trace) == limit or sum(trace) > limit - 4
    assert not encoding.satisfied(bits_from_keys(list(run.counts), 4)).any()


def test_same_seed_same_run():
    encoding = Sat(random_3sat(8, 30, np.random.default_rng(1)), 8).encode()
    first, second = grover(seed=11).run(encoding), grover(seed=11).run(encoding)
    assert first.counts == second.counts and first.details == second.details


def test_bad_solution_counts_are_option_errors():
    with pytest.raises(OptionError, match="--solutions: 0 must be at least 1"):
        grover(solutions=0)
    with pytest.raises(OptionError, match=r"--solutions: 9 exceeds the 2\^3 = 8 assignments"):
        grover(solutions=9).run(Sat(FORMULA, 3).encode())


def test_work_qubits_are_neither_reflected_nor_measured():
    """Factoring's oracle has work qubits: the Grover rotation acts on the searched bits only and the
    trials measure those alone (sin^2 3 theta after one iteration, M = 1 of N = 8 for n = 15)."""
    encoding = Factor(15).encode("oracle")
    circuit = grover().circuit(encoding, 1)
    assert circuit.num_qubits == encoding.num_qubits == 12
    probabilities = Statevector(circuit).probabilities_dict(qargs=list(range(encoding.num_variables)))
    assert probabilities["101"] == pytest.approx(math.sin(3 * math.asin(math.sqrt(1 / 8))) ** 2)  # p = 3, q = 5
    run = grover(seed=2).run(encoding)
    assert run.details["found"] and all(len(key) == encoding.num_variables for key in run.counts)
    assert run.details["oracle_qubits"] == 12


def test_compiled_iteration_does_not_assume_idle_qubits_start_in_zero():
    """A Grover iteration is compiled once and repeated after the Hadamards: synthesis must not take
    its (superposed) search qubits for |0> ancillas. Qiskit's default assumption broke n = 33."""
    encoding = Factor(33).encode("oracle")
    step = grover_step(encoding.oracle(), encoding.num_variables)
    backend = AerBackend("statevector")
    qargs = list(range(encoding.num_variables))
    exact = Statevector(grover().circuit(encoding, 2)).probabilities(qargs)
    compiled = Statevector(_prepared(backend.transpile(step, seed=1, fragment=True), encoding, 2))
    assert np.allclose(compiled.probabilities(qargs), exact, atol=1e-9)
    assert exact.max() > 0.5


def _prepared(step, encoding, iterations):
    from qiskit import QuantumCircuit

    qc = QuantumCircuit(step.num_qubits)
    qc.h(range(encoding.num_variables))
    for _ in range(iterations):
        qc.compose(step, inplace=True)
    return qc
