"""The canonical sat spec: defaults, aliases, strict integers, and one SpecError per kind of bad formula."""

import pytest

import c2q
from c2q.errors import SpecError
from c2q.spec import MAX_SAT_VARIABLES, build_problem, load_spec


def sat(clauses, **extra):
    return {"family": "sat", "clauses": clauses, **extra}


def test_num_variables_defaults_to_the_largest_variable():
    spec = load_spec(sat([[1, -3], [2]]))
    assert spec.canonical == {"family": "sat", "clauses": [[1, -3], [2]], "num_variables": 3}
    assert spec.source_format == "canonical"
    problem = build_problem(spec)
    assert problem.num_variables == 3 and problem.clauses == [[1, -3], [2]]
    assert build_problem(load_spec(sat([[1]], num_variables=4))).num_variables == 4


@pytest.mark.parametrize("name", ["SAT", "3-SAT", "3sat", "cnf", "k-sat", "Satisfiability"])
def test_family_aliases(name):
    assert load_spec(sat([[1, 2]]) | {"family": name}).family == "sat"


def test_digest_ignores_how_num_variables_was_given():
    assert load_spec(sat([[1, -2]])).digest == load_spec(sat([[1, -2]], num_variables=2)).digest


@pytest.mark.parametrize(
    "spec, words",
    [
        (sat([[1, 0, -2]]), ["clauses[0]", "literal 0", "numbered from 1"]),
        (sat([[1], []]), ["clauses[1]", "empty clause"]),
        (sat([]), ["clauses:", "no clauses"]),
        (sat([[1, -5]], num_variables=3), ["num_variables:", "3 is less than the largest variable", "(5)"]),
        (sat([[1, -(MAX_SAT_VARIABLES + 1)]]), ["clauses:", f"{MAX_SAT_VARIABLES + 1} variables need", "qubits"]),
        (sat([[1]], num_variables=40), ["num_variables:", "40 variables need 40 qubits", "at most"]),
        (sat([[1]], num_variables=0), ["num_variables:", "greater than or equal to 1"]),
        (sat([[1, True]]), ["clauses.0.1", "valid integer"]),
        (sat([[1, 2.0]]), ["clauses.0.1", "valid integer"]),
        (sat([[1, "2"]]), ["clauses.0.1", "valid integer"]),
        (sat([1, 2]), ["clauses.0", "valid list"]),
        (sat([[1]], variables=3), ["variables:", "unknown field"]),
        ({"family": "sat"}, ["clauses:", "missing"]),
        ({"problem_type": "sat", "data": {"clauses": [[1]]}}, ["problem_type:", "not a family of the C2|Q> formats"]),
        ({"family": "3sat", "instance": {"clauses": [[1]]}}, ["family:", "DIMACS .cnf file"]),
    ],
    ids=[
        "variable-0",
        "empty-clause",
        "no-clauses",
        "num-variables-too-small",
        "too-many-variables",
        "too-many-declared",
        "zero-variables",
        "bool-literal",
        "float-literal",
        "string-literal",
        "flat-list",
        "unknown-field",
        "missing-clauses",
        "c2q-problem-type",
        "c2q-dsl",
    ],
)
def test_bad_formula_is_one_spec_error_naming_the_field(spec, words):
    with pytest.raises(SpecError) as info:
        c2q.validate(spec)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message
