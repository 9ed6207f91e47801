"""c2q.agents.circuits: found circuits as Qiskit circuits, OpenQASM 3 and JSON files."""

import numpy as np
import pytest
from c2q.agents.circuits import Ansatz
from c2q.agents.simulator import Simulator
from qiskit import qasm3
from qiskit.quantum_info import Statevector

GATES = [("ry", 0), ("sx", 1), ("cx", 0, 1), ("rz", 2), ("cz", 1, 2), ("x", 0), ("rx", 1)]
ANGLES = [0.3, -1.2, 2.0]


def test_qiskit_export_has_the_same_state():
    ansatz = Ansatz(3, GATES, ANGLES, energy=-1.0)
    qc = ansatz.to_qiskit()
    np.testing.assert_allclose(Statevector(qc).data, Simulator(3).statevector(GATES, ANGLES), atol=1e-12)
    assert qc.count_ops()["cx"] == 1 and ansatz.n_cnots == 2


def test_parameterized_export_binds_back():
    qc = Ansatz(3, GATES, ANGLES).to_qiskit(parameterized=True)
    assert qc.num_parameters == 3
    bound = qc.assign_parameters(ANGLES)
    np.testing.assert_allclose(Statevector(bound).data, Simulator(3).statevector(GATES, ANGLES), atol=1e-12)


def test_openqasm3_round_trip():
    text = Ansatz(3, GATES, ANGLES).to_qasm3()
    assert text.startswith("OPENQASM 3")
    assert "cz q[1], q[2];" in text
    loaded = pytest.importorskip("qiskit_qasm3_import") and qasm3.loads(text)
    np.testing.assert_allclose(Statevector(loaded).data, Simulator(3).statevector(GATES, ANGLES), atol=1e-12)


def test_json_round_trip(tmp_path):
    ansatz = Ansatz(3, GATES, ANGLES, energy=-1.5, metadata={"hamiltonian": "tfim"})
    path = ansatz.save(tmp_path / "ansatz.json")
    again = Ansatz.load(path)
    assert again.gates == GATES and again.angles == ANGLES and again.energy == -1.5
    assert again.metadata == {"hamiltonian": "tfim"}


def test_inconsistent_ansatz_is_refused():
    with pytest.raises(ValueError, match="angles"):
        Ansatz(2, [("rx", 0)], [])
    with pytest.raises(ValueError, match="not a c2q ansatz"):
        Ansatz.from_dict({"n_qubits": 1})
