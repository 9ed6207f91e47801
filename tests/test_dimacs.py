"""DIMACS CNF input: the reader, the .cnf path through load_spec, and one SpecError per malformation."""

import pytest

import c2q
from c2q.dimacs import read_dimacs
from c2q.errors import SpecError
from c2q.spec import build_problem, load_spec

GOOD = """c a formula with three satisfying assignments
c   (from Qiskit's PhaseOracle documentation)
p cnf 3 5
-1 -2 -3 0
1 -2 3 0
1 2 -3 0

1 -2 -3 0
-1 2 3 0
"""


def test_reads_comments_header_and_clauses():
    assert read_dimacs(GOOD) == {
        "family": "sat",
        "num_variables": 3,
        "clauses": [[-1, -2, -3], [1, -2, 3], [1, 2, -3], [1, -2, -3], [-1, 2, 3]],
    }


def test_clauses_may_share_and_span_lines_and_satlib_ending_is_accepted():
    text = "p cnf 4 3\n1 -2 0 2\n3 0 -4\n0\n%\n0\n\n"
    assert read_dimacs(text)["clauses"] == [[1, -2], [2, 3], [-4]]


def test_header_declares_the_variables_even_when_some_do_not_occur():
    spec = read_dimacs("p cnf 5 1\n1 -3 0\n")
    assert spec["num_variables"] == 5
    assert build_problem(load_spec(spec)).num_variables == 5


def test_cnf_path_loads_as_a_dimacs_spec(tmp_path):
    path = tmp_path / "formula.cnf"
    path.write_text(GOOD)
    for source in (path, str(path)):
        spec = c2q.validate(source)
        assert spec.family == "sat" and spec.source_format == "dimacs"
        assert spec.canonical == {**read_dimacs(GOOD), "num_variables": 3}
    problem = build_problem(spec)
    assert problem.count_solutions() == 3


@pytest.mark.parametrize(
    "text, words",
    [
        ("p cnf 3\n1 0\n", ["line 1", "malformed header 'p cnf 3'"]),
        ("p dnf 3 1\n1 0\n", ["line 1", "malformed header"]),
        ("p cnf three 1\n1 0\n", ["line 1", "counts must be integers"]),
        ("p cnf 0 0\n", ["line 1", "0 variable(s) and 0 clause(s)"]),
        ("c only a comment\n", ["f.cnf:", "no 'p cnf' header"]),
        ("1 -2 0\np cnf 2 1\n", ["line 1", "clause before the 'p cnf' header"]),
        ("p cnf 2 1\np cnf 2 1\n1 0\n", ["line 2", "second header"]),
        ("p cnf 3 3\n1 -2 0\n2 3 0\n", ["line 1", "declares 3 clause(s), the file has 2"]),
        ("p cnf 3 1\n1 -2 0\n2 3 0\n", ["line 1", "declares 1 clause(s), the file has 2"]),
        ("p cnf 3 2\n1 -2 0\n2 x 0\n", ["line 3", "'x' is not an integer literal"]),
        ("p cnf 3 1\n1 2.5 0\n", ["line 2", "'2.5' is not an integer literal"]),
        ("p cnf 3 2\n1 -2 0\n2 -4 0\n", ["line 3", "literal -4: variable 4 is beyond the 3 declared"]),
        ("p cnf 3 2\n1 -2 0\n0\n", ["line 3", "empty clause"]),
        ("p cnf 3 2\n1 -2 0\n2 3\n", ["line 3", "does not end with 0"]),
    ],
    ids=[
        "short-header",
        "not-cnf",
        "non-integer-count",
        "zero-counts",
        "no-header",
        "clause-before-header",
        "two-headers",
        "too-few-clauses",
        "too-many-clauses",
        "non-integer-token",
        "float-token",
        "literal-beyond-declared",
        "empty-clause",
        "unterminated",
    ],
)
def test_malformed_dimacs_is_a_spec_error_naming_the_line(text, words):
    with pytest.raises(SpecError) as info:
        read_dimacs(text, "f.cnf")
    message = str(info.value)
    assert message.startswith("f.cnf") and "(fix: " in message and "\n" not in message
    for word in words:
        assert word in message


def test_too_many_variables_is_refused_with_the_qubit_count(tmp_path):
    path = tmp_path / "big.cnf"
    path.write_text("p cnf 30 1\n1 -30 0\n")
    with pytest.raises(SpecError, match=r"big.cnf: 'p cnf' header: 30 variables need 30 qubits"):
        load_spec(path)


def test_missing_cnf_file(tmp_path):
    with pytest.raises(SpecError, match=r"file not found .*DIMACS CNF file"):
        load_spec(tmp_path / "absent.cnf")
