"""Noisy runs on qiskit-ibm-runtime's fake devices: names, capacity, a seeded solve, metrics, CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from c2q.backends import get_backend
from c2q.backends.fake import FakeDeviceBackend, device_names

import c2q
from c2q.errors import BackendError

REPO = Path(__file__).resolve().parents[1]
SQUARE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}
RING7 = {"family": "maxcut", "graph": {"edges": [[i, (i + 1) % 7] for i in range(7)]}}


@pytest.mark.parametrize("name", ["fake_manila", "FakeManilaV2", "FAKE_MANILA", "fakemanilav2", "FakeManila"])
def test_names_resolve(name):
    backend = get_backend(name)
    assert isinstance(backend, FakeDeviceBackend)
    assert backend.name == "fake_manila"
    assert backend.num_qubits == 5
    assert not backend.exact_probabilities  # algorithms sample instead of using exact CVaR


def test_devices_listed_from_fake_provider():
    names = device_names()
    assert {"fake_manila", "fake_sherbrooke", "fake_kyiv"} <= set(names)
    assert all(name.startswith("fake_") for name in names)
    assert get_backend("FakeSherbrooke").num_qubits == 127


def test_unknown_device_suggests_closest():
    with pytest.raises(BackendError, match=r"fake_manla.*did you mean fake_manila"):
        get_backend("fake_manla")


def test_device_too_small():
    with pytest.raises(BackendError, match=r"needs 7 qubits, fake_manila has 5.*fake_guadalupe.*--backend aer"):
        c2q.solve(RING7, backend="fake_manila", seed=1)


def test_square_on_fake_manila_seeded_and_repeatable():
    """A seeded VQE run on fake_manila is optimal, and the same seed gives the same run."""
    first, second = (c2q.solve(SQUARE, backend="fake_manila", seed=5, shots=256, maxiter=20) for _ in range(2))
    assert first.backend == {"name": "fake_manila", "method": "noisy", "shots": 256, "seed": 5, "selected_by": "user"}
    assert first.feasible
    assert first.optimal and first.answer["cut_value"] == 4.0
    # noise spreads samples over wrong cuts: the optimum is likely (about 0.5 over seeds 1-8), not certain
    assert 0.2 < first.optimum_probability < 1.0
    for field in ("answer", "optimum_probability", "feasible_probability", "algorithm", "circuit"):
        assert getattr(first, field) == getattr(second, field), field

    circuit = first.circuit
    backend = get_backend("fake_manila")
    assert circuit["basis"] == backend.basis and "cx" in circuit["basis"]
    assert circuit["optimization_level"] == 3
    assert len(circuit["layout"]) == 4 and set(circuit["layout"]) <= set(range(5))
    assert circuit["two_qubit_gates"] >= 3  # the linear-entangler ansatz, routed on the device


def test_compiled_circuit_uses_device_basis_only():
    from qiskit.circuit.library import real_amplitudes

    backend = get_backend("fake_sherbrooke")
    compiled = backend.compile(real_amplitudes(4, reps=1, entanglement="linear").measure_all(inplace=False), seed=1)
    ops = set(compiled.count_ops()) - {"measure", "barrier"}
    assert ops <= set(backend.basis) and "ecr" in ops and "cx" not in ops
    metrics = backend.metrics(real_amplitudes(4, reps=1, entanglement="linear"), seed=1)
    assert metrics["two_qubit_gates"] >= 3 and metrics["device_qubits"] == 127


def test_energy_objective_maps_observable_to_layout():
    """cvar_alpha=1 optimises <H> with EstimatorV2 on the compiled circuit's physical qubits."""
    result = c2q.solve(SQUARE, backend="fake_manila", algorithm="qaoa", cvar_alpha=1, reps=1, seed=2, maxiter=15)
    assert result.feasible
    assert result.algorithm["final_objective"] < -2.5  # a random guess averages -2, the optimum is -4


def _solve_cli(tmp_path, spec: dict, backend: str) -> subprocess.CompletedProcess:
    """``c2q solve <spec> --backend <backend>`` in its own process."""
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    command = [sys.executable, "-m", "cli", "solve", str(path), "--backend", backend]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_unknown_device_exit_2(tmp_path):
    run = _solve_cli(tmp_path, SQUARE, "fake_nowhere")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().startswith("c2q: error:") and "fake_nowhere" in run.stderr


def _regular3(n: int) -> dict:
    import networkx as nx

    return {"family": "maxcut", "graph": {"edges": [list(e) for e in nx.random_regular_graph(3, n, seed=n).edges()]}}


def test_noisy_simulation_limit_refused_before_any_work():
    """A device big enough for the circuit, but too wide for its noisy simulation here: refused up
    front (no encoding, no simulation), naming the width, the limit and where the program can go."""
    from c2q.backends.fake import NOISY_MAX_QUBITS

    with pytest.raises(BackendError) as refusal:
        c2q.solve(_regular3(NOISY_MAX_QUBITS + 2), backend="fake_sherbrooke", seed=1)
    message = str(refusal.value)
    assert f"needs {NOISY_MAX_QUBITS + 2} qubits" in message and f"at most {NOISY_MAX_QUBITS}" in message
    assert "--backend aer" in message and "c2q recommend" in message and "ibm:" in message


def test_cli_hundred_nodes_on_a_fake_device_exit_2(tmp_path):
    """The 100-node instance that used to end in an Aer memory traceback."""
    run = _solve_cli(tmp_path, _regular3(100), "fake_sherbrooke")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "needs 100 qubits" in run.stderr


def test_simulator_failure_is_a_backend_error():
    """Aer's own refusal while a program runs (here its memory cap) reaches the user as one line."""
    from qiskit_aer import AerError

    from c2q.api import _run

    class OutOfMemory:
        def run(self, encoding):
            raise AerError("'Aer simulation failed: ERROR: a circuit requires more memory than max_memory_mb.'")

    with pytest.raises(BackendError, match=r"fake_manila: the simulation stopped \(Aer simulation failed.*max_memory"):
        _run(get_backend("fake_manila"), OutOfMemory(), None, {})
