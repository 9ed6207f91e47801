"""``c2q solve --ansatz rl:<run>``: VQE on the circuit ``c2q train --problem`` found, decoded and
verified like any solve; a circuit of the wrong width is refused with exit 2."""

import json

import numpy as np
import pytest

import c2q
from c2q import cli
from c2q.errors import OptionError

SPEC = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0], [2, 3]]}}
TRAIN = ["train", "--max-gates", "8", "--no-progress", "--ppo-n-steps", "64", "--steps", "256", "--seed", "0"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A short search on the problem's Ising Hamiltonian."""
    folder = tmp_path_factory.mktemp("rl")
    spec = folder / "maxcut.json"
    spec.write_text(json.dumps(SPEC))
    assert cli.main([*TRAIN, "--problem", str(spec), "--out", str(folder / "run")]) == 0
    return spec, folder / "run"


def test_solve_with_the_found_ansatz(trained):
    spec, run = trained
    out = run.parent / "result.json"
    assert cli.main(["solve", str(spec), "--ansatz", f"rl:{run}", "--seed", "1", "--out", str(out)]) == 0
    assert cli._algorithm_line({"name": "vqe", "reps": 2, "ansatz": f"rl:{run}"}) == f"vqe - ansatz rl:{run}"
    result = json.loads(out.read_text())
    assert result["feasible"] and result["objective"] == result["classical_optimum"] == 3.0
    algorithm = result["algorithm"]
    assert algorithm["name"] == "vqe" and algorithm["ansatz"] == f"rl:{run}"
    assert algorithm["ansatz_file"].endswith("best_ansatz.json") and algorithm["ansatz_trained_on"] == "maxcut"
    assert not any("--ansatz" in w for w in result["warnings"])  # trained on this very problem
    found = json.loads((run / "best_ansatz.json").read_text())
    encoded = c2q.encode(spec, ansatz=f"rl:{run}")  # what reports draw
    assert encoded.circuit.num_parameters == len(found["angles"]) and encoded.algorithm["ansatz"] == f"rl:{run}"


def test_same_width_other_problem_is_a_note(trained):
    _, run = trained
    other = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}
    result = c2q.solve(other, ansatz=f"rl:{run}", seed=2)
    assert result.feasible and any("another maxcut instance" in w for w in result.warnings)


def test_wrong_width_or_algorithm_or_source_is_exit_2(trained, tmp_path, capsys):
    spec, run = trained
    small = tmp_path / "run"
    assert cli.main([*TRAIN, "--hamiltonian", "tfim", "--qubits", "2", "--steps", "64", "--out", str(small)]) == 0
    capsys.readouterr()
    assert cli.main(["solve", str(spec), "--ansatz", f"rl:{small}"]) == 2
    err = capsys.readouterr().err
    assert "acts on 2 qubits" in err and "encoded on 4" in err and err.count("\n") == 1
    assert cli.main(["solve", str(spec), "--ansatz", f"rl:{run}", "--algorithm", "qaoa"]) == 2
    assert cli.main(["solve", str(spec), "--ansatz", f"rl:{tmp_path / 'none'}"]) == 2
    with pytest.raises(OptionError, match="use rl:"):
        c2q.solve(SPEC, ansatz=str(run))


def test_search_then_solve(tmp_path, capsys):
    """``--ansatz search``: a short search on the problem itself, then VQE on its circuit."""
    spec = tmp_path / "ring.json"
    spec.write_text(json.dumps({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}))
    out, kept = tmp_path / "result.json", tmp_path / "search"
    argv = ["solve", str(spec), "--ansatz", "search", "--search-steps", "300", "--seed", "3"]
    assert cli.main([*argv, "--search-out", str(kept), "--out", str(out)]) == 0
    assert "search steps" in capsys.readouterr().out
    result = json.loads(out.read_text())
    assert result["feasible"] and result["objective"] == result["classical_optimum"] == 4.0
    algorithm = result["algorithm"]
    assert algorithm["name"] == "vqe" and algorithm["ansatz"] == "search"
    assert algorithm["search_steps"] >= 300 and algorithm["search_error"] is not None
    assert algorithm["search_wall_s"] > 0 and algorithm["search_out"] == str(kept)
    assert algorithm["ansatz_file"] == str(kept / "best_ansatz.json") and (kept / "report.json").is_file()
    assert not any("--ansatz" in w for w in result["warnings"])  # trained on this very problem
    # a temporary search folder is removed; nothing points at it
    again = c2q.solve(SPEC, ansatz="search", search_steps=64, seed=0)
    assert again.feasible and again.algorithm["ansatz_file"] is None and again.algorithm["search_out"] is None


def test_bad_ansatz_value_is_exit_2(trained, capsys):
    spec, _ = trained
    capsys.readouterr()
    assert cli.main(["solve", str(spec), "--ansatz", "searching"]) == 2
    err = capsys.readouterr().err
    assert "--ansatz searching" in err and "search" in err and err.count("\n") == 1
    assert cli.main(["solve", str(spec), "--search-steps", "10"]) == 2
    assert "only with --ansatz search" in capsys.readouterr().err
    with pytest.raises(OptionError, match="--search-steps 0"):
        c2q.solve(SPEC, ansatz="search", search_steps=0)


def test_the_search_hands_its_circuit_over_in_memory(monkeypatch):
    """``--ansatz search`` takes the found circuit from the search itself, not from a file written and read back."""
    from c2q.agents.circuits import Ansatz

    monkeypatch.setattr(Ansatz, "load", classmethod(lambda cls, path: pytest.fail(f"read back {path}")))
    result = c2q.solve(SPEC, ansatz="search", search_steps=64, seed=0)
    assert result.feasible and result.algorithm["ansatz"] == "search" and result.algorithm["ansatz_gates"] > 0


def test_vqe_takes_a_circuit_and_an_initial_point():
    """As qiskit-algorithms' VQE: any parameterised circuit of the encoding's width, and where to start."""
    from c2q.backends import get_backend
    from qiskit.circuit.library import efficient_su2

    from c2q.algorithms.vqe import VQE

    encoding = c2q.encode(SPEC).encoding
    circuit = efficient_su2(encoding.num_qubits, reps=1)
    start = np.full(circuit.num_parameters, 0.1)
    vqe = VQE(get_backend("aer:statevector"), shots=256, seed=1, ansatz=circuit, initial_point=start)
    assert vqe.ansatz(encoding) is circuit and np.array_equal(vqe.initial_point(encoding.num_qubits), start)
    run = vqe.run(encoding)
    assert sum(run.counts.values()) == 256 and "ansatz" not in run.details
    with pytest.raises(OptionError, match="acts on 2 qubits, the encoding on 4"):
        VQE(get_backend("aer"), ansatz=efficient_su2(2, reps=1)).ansatz(encoding)
    with pytest.raises(OptionError, match="initial point has 3 angles"):
        VQE(get_backend("aer"), ansatz=circuit, initial_point=np.zeros(3))
