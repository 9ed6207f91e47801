"""Found circuits as data: export to a Qiskit ``QuantumCircuit``, OpenQASM 3, and JSON files.

A JSON ansatz file is what ``--ansatz rl:<file>`` is meant to read back: gates, angles, the
register width, and the figures the search measured for it.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

import numpy as np
from c2q.agents.simulator import PARAMETRIC, n_parameters, validate_circuit

#: file format version of :meth:`Ansatz.to_json`
FORMAT_VERSION = 1


class JsonFile(ABC):
    """``save`` and ``load`` for a class with ``to_dict`` and ``from_dict`` (one JSON file each)."""

    @abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""

    @classmethod
    @abstractmethod
    def from_dict(cls, data: Any) -> Self:
        """Inverse of :meth:`to_dict`."""

    def save(self, path: str | Path) -> Path:
        """Write :meth:`to_dict` as JSON; returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Self:
        """Read a file written by :meth:`save`."""
        return cls.from_dict(json.loads(Path(path).read_text()))


@dataclass
class Ansatz(JsonFile):
    """A circuit found by search: gate tuples (see :mod:`c2q.agents.simulator`) and their angles.

    :param n_qubits: register width.
    :param gates: ``[("ry", 0), ("cx", 0, 1), ...]``.
    :param angles: one angle per parameterised gate, in order.
    :param energy: energy measured for it (``None`` if unknown).
    :param metadata: anything else worth keeping (Hamiltonian, error, gate set, seed).
    """

    n_qubits: int
    gates: list[tuple]
    angles: list[float]
    energy: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.gates = [tuple(g) for g in self.gates]
        self.angles = [float(a) for a in self.angles]
        validate_circuit(self.gates, self.n_qubits)
        if len(self.angles) != n_parameters(self.gates):
            raise ValueError(f"{n_parameters(self.gates)} parameterised gates but {len(self.angles)} angles")

    @property
    def n_cnots(self) -> int:
        """Two-qubit gate count."""
        return sum(len(g) == 3 for g in self.gates)

    def to_qiskit(self, parameterized: bool = False) -> Any:
        """The circuit as a :class:`qiskit.QuantumCircuit`.

        :param parameterized: use a ``ParameterVector`` ``θ`` instead of the numeric angles (for
            re-optimisation by c2q's VQE); ``self.angles`` is then a good initial point.
        """
        return to_qiskit(self.gates, self.angles, self.n_qubits, parameterized=parameterized)

    def to_qasm3(self) -> str:
        """OpenQASM 3 text of the bound circuit (``qiskit.qasm3.dumps``)."""
        from qiskit import qasm3

        return qasm3.dumps(self.to_qiskit())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (gates as lists)."""
        data = asdict(self)
        data["gates"] = [list(g) for g in self.gates]
        return {"format": "c2q-ansatz", "version": FORMAT_VERSION, **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ansatz:
        """Inverse of :meth:`to_dict`."""
        if data.get("format") != "c2q-ansatz":
            raise ValueError('not a c2q ansatz file (missing "format": "c2q-ansatz")')
        fields = {k: data[k] for k in ("n_qubits", "gates", "angles", "energy", "metadata") if k in data}
        return cls(**fields)


def to_qiskit(
    gates: Sequence[tuple], angles: Sequence[float] | np.ndarray, n_qubits: int, *, parameterized: bool = False
) -> Any:
    """Gate tuples and angles -> :class:`qiskit.QuantumCircuit` (same qubit order as the simulator).

    :param gates: gate tuples.
    :param angles: one angle per parameterised gate.
    :param n_qubits: register width.
    :param parameterized: emit ``θ[i]`` parameters instead of numbers.
    """
    from qiskit import QuantumCircuit
    from qiskit.circuit import ParameterVector

    validate_circuit(gates, n_qubits)
    k = n_parameters(gates)
    if len(angles) != k:
        raise ValueError(f"{k} parameterised gates but {len(angles)} angles")
    values: Sequence[Any] = ParameterVector("θ", k) if parameterized else [float(a) for a in angles]
    qc = QuantumCircuit(n_qubits)
    j = 0
    for gate in gates:
        name, qubits = gate[0], gate[1:]
        if name in PARAMETRIC:
            getattr(qc, name)(values[j], *qubits)
            j += 1
        else:
            getattr(qc, name)(*qubits)
    return qc
