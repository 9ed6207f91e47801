"""SAT end to end: c2q.solve / c2q.encode on formulas and DIMACS files, options, and the CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import c2q
from c2q.errors import OptionError
from c2q.spec import build_problem

REPO = Path(__file__).resolve().parents[1]
#: three satisfying assignments: [1, -2, 3], [-1, -2, -3], [1, 2, -3]
DIMACS = "c example\np cnf 3 5\n-1 -2 -3 0\n1 -2 3 0\n1 2 -3 0\n1 -2 -3 0\n-1 2 3 0\n"
UNSAT = {"family": "sat", "clauses": [[1, 2], [-1, 2], [1, -2], [-1, -2]]}
#: 5 variables, a single solution (x1..x5 = 1, 0, 1, 1, 0)
ONE_SOLUTION = {
    "family": "sat",
    "clauses": [[1], [-2], [3], [4], [-5, 1, 2], [-5, -4, 2]],
}


@pytest.fixture
def cnf_file(tmp_path):
    path = tmp_path / "formula.cnf"
    path.write_text(DIMACS)
    return path


def test_solve_dimacs_file(cnf_file):
    result = c2q.solve(cnf_file, seed=1)
    assert result.family == "sat" and result.source_format == "dimacs"
    assert result.feasible and result.optimal is True and result.approximation_ratio == 1.0
    assert result.objective == result.classical_optimum == 5.0
    assert result.answer["satisfiable"] is True
    assert result.answer["assignment"] in ([1, -2, 3], [-1, -2, -3], [1, 2, -3])
    problem = build_problem(c2q.validate(cnf_file))
    assert problem.evaluate(result.answer).feasible  # verified by the instance, not by the claim
    algorithm = result.algorithm
    assert algorithm["name"] == "grover" and algorithm["schedule"] == "bbht" and algorithm["found"]
    assert algorithm["iterations"] == sum(algorithm["trial_iterations"]) <= algorithm["iteration_limit"]
    assert result.backend == {
        "name": "aer",
        "method": "statevector",
        "shots": algorithm["trials"],
        "seed": 1,
        "selected_by": "user",
    }
    assert result.encoding == {"name": "cnf-oracle", "qubits": 3, "variables": 3, "clauses": 5}
    assert result.circuit["qubits"] == 3
    data = result.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_same_seed_same_result(cnf_file):
    runs = [c2q.solve(str(cnf_file), seed=4).to_dict() for _ in range(2)]
    for run in runs:
        run.pop("timings")
    assert runs[0] == runs[1]


def test_unsatisfiable_formula_is_answered_unsatisfiable():
    result = c2q.solve(UNSAT, seed=2)
    assert result.answer == {"assignment": None, "satisfied_clauses": None, "clauses": 4, "satisfiable": False}
    assert result.optimal is True and result.feasible is False and result.objective is None
    assert result.classical_optimum == 3.0  # at most 3 of the 4 clauses hold at once
    assert not result.algorithm["found"] and result.algorithm["iterations"] <= result.algorithm["iteration_limit"]
    assert any("none exists" in w for w in result.warnings)


def test_known_solution_count():
    result = c2q.solve(ONE_SOLUTION, seed=3, solutions=1)
    assert result.optimal is True and result.answer["assignment"] == [1, -2, 3, 4, -5]
    algorithm = result.algorithm
    assert algorithm["schedule"] == "known M" and algorithm["solutions"] == 1
    assert algorithm["optimal_iterations"] == 4  # floor(pi/4 sqrt(32))
    assert set(algorithm["trial_iterations"]) == {4}


def test_encode_sat():
    encoded = c2q.encode(ONE_SOLUTION)
    assert encoded.algorithm == {"name": "grover", "schedule": "bbht", "solutions": None}
    assert encoded.circuit.num_qubits == 5 and encoded.hamiltonian is None and encoded.quadratic_program is None
    assert c2q.encode(ONE_SOLUTION, solutions=1).algorithm["schedule"] == "known M"


@pytest.mark.parametrize(
    "spec, options, message",
    [
        (UNSAT, {"algorithm": "qaoa"}, "--algorithm qaoa: a sat formula runs Grover search"),
        (UNSAT, {"algorithm": "arithmetic"}, "--algorithm arithmetic: a sat formula runs Grover search"),
        ({"family": "maxcut", "graph": {"edges": [[0, 1]]}}, {"algorithm": "grover"}, "only for oracle encodings"),
        ({"family": "maxcut", "graph": {"edges": [[0, 1]]}}, {"solutions": 1}, "--solutions: only for Grover search"),
        (UNSAT, {"solutions": 0}, "--solutions: 0 must be at least 1"),
    ],
)
def test_bad_options(spec, options, message):
    with pytest.raises(OptionError, match=message):
        c2q.solve(spec, seed=1, **options)


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_cli_solves_a_cnf_file_and_refuses_a_malformed_one(cnf_file, tmp_path):
    run = cli("solve", cnf_file, "--json", "--seed", "1")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["optimal"] is True and result["answer"]["satisfiable"] is True
    assert result["algorithm"]["name"] == "grover" and result["source_format"] == "dimacs"

    bad = tmp_path / "bad.cnf"
    bad.write_text("p cnf 3 2\n1 -2 0\n2 x 0\n")
    run = cli("solve", bad)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("c2q: error: bad.cnf line 3: 'x' is not an integer literal")


def test_cli_summary(cnf_file, capsys):
    from c2q import cli

    assert cli.main(["solve", str(cnf_file), "--seed", "2", "--solutions", "3"]) == 0
    out = capsys.readouterr().out
    assert "assignment" in out and "grover - known M schedule" in out and "cnf-oracle, 3 qubits" in out
