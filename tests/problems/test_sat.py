"""Sat: decoding, scoring and the exact classical reference, checked against a naive enumeration."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c2q.encoding import OracleEncoding, satisfied_clauses
from c2q.problems import Sat

#: (x1 or not x2) and (x2 or x3) and (not x1 or not x3)
FORMULA = [[1, -2], [2, 3], [-1, -3]]
#: every assignment of two variables violates exactly one clause
UNSAT = [[1, 2], [-1, 2], [1, -2], [-1, -2]]


def naive(clauses, n):
    """Satisfied-clause counts of all assignments by itertools, as {assignment tuple: count}."""
    return {
        values: sum(any(values[abs(lit) - 1] == (lit > 0) for lit in clause) for clause in clauses)
        for values in itertools.product([False, True], repeat=n)
    }


def test_interpret_bit0_is_variable_1():
    problem = Sat(FORMULA, 3)
    answer = problem.encode().interpret(np.array([1, 0, 0]))  # x1 true, x2 false, x3 false
    assert answer == {"assignment": [1, -2, -3], "satisfied_clauses": 2, "clauses": 3, "satisfiable": None}
    answer = problem.encode().interpret(np.array([1, 1, 0]))
    assert answer == {"assignment": [1, 2, -3], "satisfied_clauses": 3, "clauses": 3, "satisfiable": True}


def test_evaluate_recounts_from_the_assignment():
    problem = Sat(FORMULA, 3)
    claimed = {"assignment": [-1, -2, -3], "satisfied_clauses": 3, "clauses": 3, "satisfiable": True}
    evaluation = problem.evaluate(claimed)
    assert evaluation.objective == 2.0 and not evaluation.feasible  # (x2 or x3) fails, whatever is claimed
    assert problem.evaluate({"assignment": [1, 2, -3]}).feasible
    assert problem.evaluate({"assignment": None}) == problem.evaluate({"assignment": None, "satisfiable": False})
    assert not problem.evaluate({"assignment": None}).feasible


def test_classical_solution_of_a_satisfiable_formula():
    problem = Sat(FORMULA, 3)
    answer, evaluation = problem.classical_solution()
    assert evaluation.feasible and evaluation.objective == 3.0 and answer["satisfiable"] is True
    assert problem.count_solutions() == 2  # x1 x2 ~x3 and ~x1 ~x2 x3
    assert problem.no_solution_answer() is None


def test_classical_solution_of_an_unsatisfiable_formula():
    problem = Sat(UNSAT, 2)
    answer, evaluation = problem.classical_solution()
    assert not evaluation.feasible and evaluation.objective == 3.0  # the best assignment misses one clause
    assert answer["satisfiable"] is False and answer["satisfied_clauses"] == 3
    assert problem.count_solutions() == 0
    assert problem.no_solution_answer() == {
        "assignment": None,
        "satisfied_clauses": None,
        "clauses": 4,
        "satisfiable": False,
    }


def test_unused_variables_are_free_and_noted():
    problem = Sat([[1], [-3]], 4)  # x2 and x4 occur nowhere
    encoding = problem.encode()
    assert isinstance(encoding, OracleEncoding)
    assert encoding.num_qubits == 4 and encoding.variables == [1, 3]
    assert any("2 variable(s) occur in no clause" in note for note in encoding.notes)
    assert problem.count_solutions() == 4


def test_oracle_encoding_expression_and_verification():
    encoding = Sat(FORMULA, 3).encode()
    assert encoding.expression() == "(x1 | ~x2) & (x2 | x3) & (~x1 | ~x3)"
    assert encoding.name == "cnf-oracle" and encoding.select == "best"
    bits = np.array([[1, 1, 0], [0, 0, 1], [0, 0, 0], [1, 0, 1]])
    assert encoding.satisfied(bits).tolist() == [True, True, False, False]


def test_describe():
    assert Sat(FORMULA, 4).describe() == {"num_variables": 4, "num_clauses": 3, "clauses": FORMULA}


def clause_lists(max_vars=6):
    """Random CNFs: (clauses, n) with 1..max_vars variables, clauses of 1..3 literals."""

    @st.composite
    def draw(draw):
        n = draw(st.integers(1, max_vars))
        literal = st.integers(1, n).flatmap(lambda v: st.sampled_from([v, -v]))
        clauses = draw(st.lists(st.lists(literal, min_size=1, max_size=3), min_size=1, max_size=12))
        return clauses, n

    return draw()


@settings(max_examples=60, deadline=None)
@given(case=clause_lists())
def test_classical_solution_agrees_with_naive_enumeration(case):
    clauses, n = case
    problem = Sat(clauses, n)
    counts = naive(clauses, n)
    best = max(counts.values())
    answer, evaluation = problem.classical_solution()
    assert evaluation.objective == best
    assert evaluation.feasible == (best == len(clauses))
    assert answer["satisfiable"] is (best == len(clauses))
    assert problem.count_solutions() == sum(c == len(clauses) for c in counts.values())
    assert (problem.no_solution_answer() is None) == (best == len(clauses))
    # the shared vectorised count agrees assignment by assignment (column j = variable j + 1)
    values = np.array(list(counts))
    assert satisfied_clauses(clauses, values).tolist() == list(counts.values())


@pytest.mark.parametrize("bits", [[0, 0, 0], [1, 1, 1], [0, 1, 0]])
def test_interpret_then_evaluate_round_trip(bits):
    problem = Sat(FORMULA, 3)
    answer = problem.interpret(np.array(bits))
    assert problem.bits(answer["assignment"]).tolist() == bits
    assert problem.evaluate(answer).objective == answer["satisfied_clauses"]
