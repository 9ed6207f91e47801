"""``c2q encode --export``: the encoded problem written for other tools, and read back with the same energies."""

from __future__ import annotations

import json

import numpy as np
import pytest

import c2q
from c2q import cli
from c2q.errors import OptionError
from c2q.export import binary_program, export_encoding
from c2q.ising import diagonal
from c2q.spec import build_problem

SPECS = {
    "maxcut": {"family": "maxcut", "graph": {"edges": [[0, 1, 2.0], [1, 2], [2, 3, 1.5], [3, 0], [0, 2]]}},
    "mis": {"family": "mis", "graph": {"edges": [[0, 1], [1, 2], [2, 3]]}},
    "tsp-permutation": {"family": "tsp", "distance_matrix": [[0, 2, 9, 4], [2, 0, 6, 3], [9, 6, 0, 5], [4, 3, 5, 0]]},
    "kcolor": {"family": "kcolor", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}, "k": 3},
    "ising": {"family": "ising", "terms": [[["a", "b"], 1.0], [["b", "c"], -2.0], [["a"], 0.5]]},
    "cubic": {"family": "hubo", "terms": [[["x", "y", "z"], -3.0], [["x"], 1.0], [["y", "z"], 2.0]]},
}


@pytest.mark.parametrize("name", SPECS)
def test_the_json_export_reads_back_with_the_same_energies(name, tmp_path):
    encoding = c2q.encode(SPECS[name]).encoding
    path = tmp_path / "model.json"
    form = export_encoding(encoding, path)
    quadratic = all(len(np.flatnonzero(row)) <= 2 for row in encoding.hamiltonian.paulis.z)
    assert form == ("dimod-bqm" if quadratic else "hubo")
    spec = c2q.validate(json.loads(path.read_text()))
    assert spec.source_format == ("dimod-bqm" if quadratic else "canonical")
    read_back = build_problem(spec).encode()
    # the exported spins are the qubits' Z eigenvalues: energy by energy, bitstring by bitstring
    assert np.allclose(
        diagonal(read_back.hamiltonian, read_back.offset), diagonal(encoding.hamiltonian, encoding.offset)
    )


@pytest.mark.parametrize("name", ["mis", "kcolor", "ising", "tsp-permutation"])
def test_the_lp_program_has_the_operators_energies(name, tmp_path):
    encoding = c2q.encode(SPECS[name]).encoding
    energies = diagonal(encoding.hamiltonian, encoding.offset)
    if encoding.quadratic_program is not None:  # a constrained program: LP holds it as written, with constraints
        export_encoding(encoding, tmp_path / "m.lp")
        text = (tmp_path / "m.lp").read_text()
        assert "Subject To" in text and "Binaries" in text
        return
    if any(len(np.flatnonzero(row)) > 2 for row in encoding.hamiltonian.paulis.z):  # LP cannot hold it
        with pytest.raises(OptionError, match=r"export \.json"):
            export_encoding(encoding, tmp_path / "m.lp")
        return
    program = binary_program(encoding)
    n = encoding.num_qubits
    for index in range(2**n):
        bits = [(index >> q) & 1 for q in range(n)]
        assert program.objective.evaluate(bits) == pytest.approx(energies[index])
    export_encoding(encoding, tmp_path / "m.lp")
    assert "Minimize" in (tmp_path / "m.lp").read_text()


def test_the_encode_command_exports_and_refuses_clearly(tmp_path, capsys):
    spec = tmp_path / "maxcut.json"
    spec.write_text(json.dumps(SPECS["maxcut"]))
    out_json, out_lp = tmp_path / "e.json", tmp_path / "e.lp"
    assert cli.main(["encode", str(spec), "--export", str(out_json), "--export", str(out_lp)]) == 0
    printed = capsys.readouterr().out
    assert "maxcut, qubo encoding on 4 qubits" in printed and f"wrote {out_lp} (lp)" in printed
    assert json.loads(out_json.read_text())["type"] == "BinaryQuadraticModel"
    assert cli.main(["encode", str(spec), "--export", str(tmp_path / "e.csv")]) == 2
    assert "write .json" in capsys.readouterr().err
    adder = tmp_path / "add.json"
    adder.write_text(json.dumps({"family": "add", "operands": [3, 4], "bits": 3}))
    assert cli.main(["encode", str(adder), "--export", str(out_json)]) == 2
    assert "only Ising encodings export" in capsys.readouterr().err


def test_a_higher_order_model_goes_to_lp_through_its_quadratic_encoding(tmp_path):
    """LP holds two-variable products at most: the quadratised encoding writes, and the LP file read
    back has the model's own minimum (its exact reference's)."""
    with pytest.raises(OptionError, match="--encoding quadratic"):
        export_encoding(c2q.encode(SPECS["cubic"]).encoding, tmp_path / "m.lp")
    export_encoding(c2q.encode(SPECS["cubic"], encoding="quadratic").encoding, tmp_path / "m.lp")
    read = c2q.solve(str(tmp_path / "m.lp"), seed=1)
    assert read.source_format == "lp" and read.optimal
    assert read.classical_optimum == pytest.approx(c2q.solve(SPECS["cubic"], seed=1).classical_optimum)
