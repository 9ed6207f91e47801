"""Circuits found by architecture search, as VQE ansätze: ``c2q solve problem.json --ansatz rl:runs/x``.

``c2q train --problem problem.json --out runs/x`` searches for a circuit that prepares the ground
state of the problem's Ising Hamiltonian and writes it to ``runs/x/best_ansatz.json`` (format
``c2q-ansatz``: gate tuples, one angle per rotation, metadata). Here that file is read back as
data: its rotations become the VQE's parameters and its angles their initial point. The circuit
must act on as many qubits as the problem's encoding; a run trained on another problem of the same
width is accepted with a note (a circuit found for one instance is a reasonable start for another).

``c2q solve problem.json --ansatz search`` runs that search first (:func:`search_ansatz`: a short
``c2q train --problem`` run, in a temporary folder or ``--search-out``) and then uses its circuit as
``rl:<that folder>`` would. ``agents`` (its gate rules and circuit export, and the search) is
imported on these paths only.

This module is the one bridge between c2q's problems and :mod:`agents`, which knows no problem
format: :func:`problem_hamiltonian` turns a validated problem into the ``Hamiltonian`` the search
takes (in memory), the search hands back the circuit it found (in memory, :func:`search_ansatz`), and
:func:`load_ansatz` reads one a ``c2q train`` run kept.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.errors import OptionError

if TYPE_CHECKING:
    from c2q.agents.circuits import Ansatz
    from c2q.spec import Spec

#: ``--ansatz`` schemes (``rl:<run>``), besides ``search``
SCHEMES = ("rl",)
#: environment steps of ``--ansatz search`` unless ``--search-steps``
SEARCH_STEPS = 2000


@dataclass(frozen=True)
class FoundAnsatz:
    """A circuit architecture search found, as c2q uses it: the search's own
    :class:`~c2q.agents.circuits.Ansatz` (gates, angles, metadata; checked by the search's gate rules)
    and where it came from.

    :param source: what the user gave (``rl:runs/x``, or ``search``).
    :param ansatz: the circuit.
    :param path: the file it was read from; ``None`` for a search's circuit taken in memory.
    :param search: ``--ansatz search``: the search's steps, error, wall time and folder.
    """

    source: str
    ansatz: Ansatz
    path: Path | None = None
    search: dict[str, Any] | None = None

    @property
    def n_qubits(self) -> int:
        return self.ansatz.n_qubits

    def circuit(self) -> Any:
        """The circuit with a parameter ``θ[i]`` per rotation (no measurements)."""
        return self.ansatz.to_qiskit(parameterized=True)

    def initial_point(self) -> np.ndarray:
        """The angles the search found."""
        return np.array(self.ansatz.angles, dtype=float)

    def check(self, num_qubits: int, family: str = "problem") -> None:
        """Refuse a circuit whose width is not the encoding's.

        :param num_qubits: the encoding's qubits.
        :param family: the problem's family (for the message).
        :raises OptionError: the widths differ.
        """
        if self.n_qubits != num_qubits:
            trained = self.ansatz.metadata.get("hamiltonian", "an unknown Hamiltonian")
            raise OptionError(
                f"--ansatz {self.source}: the circuit acts on {self.n_qubits} qubits ({trained}), this {family} "
                f"is encoded on {num_qubits} (fix: c2q train --problem <this spec> --out <run>, then "
                "--ansatz rl:<run>)"
            )

    def notes(self, digest: str) -> list[str]:
        """A note when the search was not run on the problem with input digest ``digest``."""
        metadata = self.ansatz.metadata
        trained_on = metadata.get("problem_digest")
        if trained_on == digest:
            return []
        trained = metadata.get("hamiltonian", "an unknown Hamiltonian")
        what = f"another {trained} instance" if trained_on else f"'{trained}', not this problem"
        return [f"--ansatz {self.source}: the circuit was trained on {what}; only the width ({self.n_qubits}) matches"]

    def describe(self) -> dict[str, Any]:
        """What the result's ``algorithm`` section records about the ansatz."""
        found = {
            "ansatz": self.source,
            "ansatz_file": None if self.path is None else str(self.path),
            "ansatz_gates": len(self.ansatz.gates),
            "ansatz_two_qubit_gates": self.ansatz.n_cnots,
            "ansatz_trained_on": self.ansatz.metadata.get("hamiltonian"),
            "ansatz_search_error": self.ansatz.metadata.get("error"),
        }
        if self.search is not None:
            found.update({f"search_{key}": value for key, value in self.search.items()})
        return found


def load_ansatz(source: str) -> FoundAnsatz:
    """Read ``rl:<run folder>`` (its ``best_ansatz.json``) or ``rl:<file.json>`` with the search's own reader
    (:meth:`c2q.agents.circuits.Ansatz.load`).

    :raises OptionError: unknown scheme, missing or malformed file.
    """
    scheme, sep, where = source.partition(":")
    if not sep or scheme not in SCHEMES or not where:
        raise OptionError(f"--ansatz {source}: use rl:<c2q train output folder>, rl:<ansatz .json file>, or search")
    path = Path(where)
    if path.is_dir():
        path = path / "best_ansatz.json"
    if not path.is_file():
        raise OptionError(f"--ansatz {source}: {path} not found (fix: c2q train --problem <spec> --out {where})")
    from c2q.agents.circuits import Ansatz

    try:
        ansatz = Ansatz.load(path)
    except (OSError, json.JSONDecodeError) as exc:
        raise OptionError(f"--ansatz {source}: {path} is not readable JSON ({exc})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise OptionError(f"--ansatz {source}: {path} is not a valid c2q ansatz file ({exc})") from None
    return FoundAnsatz(source, ansatz, path)


def problem_hamiltonian(spec: Spec) -> Any:
    """The Ising Hamiltonian of a validated problem, as the architecture search takes it.

    The one bridge from c2q's problems to :mod:`agents`: the problem's default encoding becomes an
    :class:`c2q.agents.hamiltonians.Hamiltonian` whose ground energy (with the offset) is the optimal
    encoded cost; its metadata names the encoding and the spec's digest (recorded by the search,
    checked by ``--ansatz rl:<run>``).

    :raises ValueError: the family runs a fixed circuit, not an Ising operator (arithmetic, sat, factor's oracle).
    """
    from c2q.agents.hamiltonians import Hamiltonian
    from c2q.encoding import Encoding
    from c2q.spec import build_problem

    encoding = build_problem(spec).encode()
    if not isinstance(encoding, Encoding):
        raise ValueError(f"family '{spec.family}' has no Ising Hamiltonian (it runs a fixed circuit)")
    operator = encoding.hamiltonian
    metadata = {"encoding": encoding.name, "problem_digest": spec.digest}
    return Hamiltonian(spec.family, operator.num_qubits, operator, offset=float(encoding.offset), metadata=metadata)


def search_ansatz(
    spec: Any, *, steps: int = SEARCH_STEPS, seed: int | None = None, out: str | None = None
) -> FoundAnsatz:
    """``--ansatz search``: a short architecture search on the problem's Ising Hamiltonian.

    :param spec: the validated :class:`~c2q.spec.Spec`.
    :param steps: environment steps of the search (PPO, :mod:`c2q.agents.train` defaults otherwise).
    :param seed: seed of the search (``None``: 0).
    :param out: keep the run there (report, best circuit); default: a temporary folder, removed after.
    :raises OptionError: ``steps`` below 1.
    """
    if steps < 1:
        raise OptionError(f"--search-steps {steps}: at least 1")
    from c2q.extras import require

    require("rl", "--ansatz search")
    from c2q.agents.threads import limit_blas_threads, restore_blas_threads
    from c2q.agents.train import Args, train

    hamiltonian = problem_hamiltonian(spec)
    with tempfile.TemporaryDirectory(prefix="c2q-search-") as tmp:
        folder = Path(out) if out else Path(tmp) / "run"
        args = Args(steps=steps, seed=seed or 0, out=str(folder), checkpoint_every=steps, progress=False)
        previous = limit_blas_threads(1)  # train() limits BLAS too; this process gets its setting back
        try:
            report = train(args, hamiltonian)
        finally:
            restore_blas_threads(previous)
        best = report["ansatz"]
        if best is None:
            raise OptionError(f"--ansatz search: {steps} steps evaluated no circuit (fix: more --search-steps)")
        kept = Path(report["files"]["ansatz"]) if out else None
    search = {
        "steps": report["steps"],
        "error": report["error"],
        "success": report["success"],
        "wall_s": report["wall_time_s"],
        "out": out,
    }
    return FoundAnsatz("search", best, kept, search)
