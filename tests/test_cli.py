"""The c2q command through a real subprocess: exit codes, JSON output, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from c2q.backends.aer import MPS_MAX_QUBITS

REPO = Path(__file__).resolve().parents[1]
TRIANGLE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}


def c2q(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def assert_one_line_error(run, *words):
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("c2q: error:"), run.stderr
    for word in words:
        assert word in lines[0]


def test_solve_json(tmp_path):
    spec = write(tmp_path, "triangle.json", TRIANGLE)
    out = tmp_path / "result.json"
    run = c2q("solve", spec, "--json", "--seed", "1", "--shots", "256", "--out", out)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["optimal"] is True and result["answer"]["cut_value"] == 2.0
    assert result["backend"]["seed"] == 1 and result["backend"]["shots"] == 256
    assert json.loads(out.read_text()) == result


def test_json_text_in_place_of_a_path_is_one_spec_although_its_lists_look_like_a_glob():
    run = c2q("solve", json.dumps(TRIANGLE), "--json", "--seed", "1", "--shots", "128")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["answer"]["cut_value"] == 2.0


def test_validate_and_schema(tmp_path):
    spec = write(tmp_path, "triangle.json", TRIANGLE)
    run = c2q("validate", spec)
    assert run.returncode == 0 and "valid maxcut spec" in run.stdout
    run = c2q("schema")
    assert run.returncode == 0 and len(json.loads(run.stdout)["oneOf"]) == 13


@pytest.mark.parametrize(
    "content, words",
    [
        ('{"family": "maxcut", "graph": ', ["json:", "malformed JSON"]),
        ({"problem_type": "graphiso", "data": {"matrix": [[0, 1], [1, 0]]}}, ["problem_type:", "unknown family"]),
        ({"problem_type": "vc", "data": {"matrix": [[0, 1], [0, 0]]}}, ["data.matrix[0][1]", "not symmetric"]),
    ],
    ids=["malformed", "unknown-family", "asymmetric"],
)
def test_bad_spec_is_one_line_and_exit_2(tmp_path, content, words):
    assert_one_line_error(c2q("validate", write(tmp_path, "bad.json", content)), *words)


def test_solve_errors_are_one_line_and_exit_2(tmp_path):
    spec = write(tmp_path, "triangle.json", TRIANGLE)
    assert_one_line_error(c2q("solve", spec, "--backend", "quantum-cloud"), "unknown backend 'quantum-cloud'")
    assert_one_line_error(c2q("solve", tmp_path / "missing.json"), "file not found")


# in-process: the same entry point the console script calls
def test_main_validate_json(tmp_path, capsys):
    from c2q import cli

    spec = write(
        tmp_path,
        "dsl.json",
        {"goal": "find a maximum clique", "instance": {"graph_rep": "edge_list", "graphs": {"G": [[0, 1]]}}},
    )
    assert cli.main(["validate", "--json", str(spec)]) == 0
    assert json.loads(capsys.readouterr().out) == {"family": "clique", "graph": {"edges": [[0, 1]], "nodes": 2}}
    assert cli.main(["validate", str(spec)]) == 0
    assert "note: family 'clique' inferred from the goal text" in capsys.readouterr().out


def test_main_solve_summary(tmp_path, capsys):
    from c2q import cli

    spec = write(tmp_path, "triangle.json", TRIANGLE)
    assert cli.main(["solve", str(spec), "--seed", "3", "--shots", "128"]) == 0
    out = capsys.readouterr().out
    assert "cut value" in out and "2.0" in out and "vqe" in out


def test_recursive_qaoa_summary_counts_runs_not_shots(tmp_path, capsys):
    from c2q import cli

    ring = {"family": "maxcut", "graph": {"edges": [[i, (i + 1) % 30] for i in range(30)]}}
    assert cli.main(["solve", str(write(tmp_path, "ring30.json", ring)), "--seed", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert cli._algorithm_line(result["algorithm"]) == "rqaoa reps=1 - 8 runs of 20 rounds, closed form correlators"
    assert cli._sample_unit(result) == "runs" and result["backend"]["shots"] == 8
    sampled = {**result["algorithm"], "runs": 1, "correlators": "sampled", "correlator_jobs": 20, "shots_per_job": 64}
    assert cli._algorithm_line(sampled).endswith("1 run of 20 rounds, sampled correlators (20 jobs x 64 shots)")


def test_too_wide_is_refused_in_one_line(tmp_path):
    """MaxCut on the complete graph of 400 nodes: 400 qubits, refused before its QUBO is built."""
    k400 = {"family": "maxcut", "graph": {"edges": [[u, v] for u in range(400) for v in range(u + 1, 400)]}}
    run = c2q("solve", write(tmp_path, "k400.json", k400))
    assert_one_line_error(run, "400 qubits", f"{MPS_MAX_QUBITS}-qubit limit", "fix: a smaller instance")


def test_an_arithmetic_solve_loads_no_optimiser(tmp_path):
    """Start-up stays lean: a solve that trains nothing does not import SciPy's optimisers (a third
    of a second of every such process)."""
    code = (
        "import sys, cli; code = cli.main(['solve', sys.argv[1], '--json', '--seed', '1']);"
        "assert 'scipy.optimize' not in sys.modules, 'scipy.optimize imported'; sys.exit(code)"
    )
    spec = tmp_path / "add.json"
    spec.write_text(json.dumps({"family": "add", "operands": [5, 9], "bits": 4}))
    run = subprocess.run([sys.executable, "-c", code, str(spec)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["answer"]["result"] == 14
