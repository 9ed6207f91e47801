"""Hamiltonians that architecture search can target: spin models, small molecules, c2q problems.

Every :class:`Hamiltonian` is stored as a traceless :class:`~qiskit.quantum_info.SparsePauliOp`
plus a constant ``offset`` (the identity part), so ``Tr(H) / 2**n == offset``. Qubit ``q`` of the
operator is bit ``q`` of a statevector index (Qiskit's little-endian order), as in the simulator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from qiskit.quantum_info import SparsePauliOp

#: largest register diagonalised densely; larger ones use a sparse Lanczos solver (``eigsh``)
DENSE_EIG_MAX_QUBITS = 10

#: equilibrium geometries (angstrom; the first atom at the origin, every other atom bonded to it at one
#: length) and active spaces ``(electrons, spatial orbitals)``, the first one the default; each gives
#: ``2 * orbitals`` qubits. Experimental geometries (NIST CCCBDB): H2 0.7414, LiH 1.5949, linear
#: BeH2 Be-H 1.326, H2O O-H 0.958 and H-O-H 104.5 degrees. The cores stay frozen: LiH 4 electrons in
#: 6 orbitals and BeH2 4 in 3 (Be 1s frozen) are all valence electrons; H2O keeps 4 (or 6) of its 8.
MOLECULES: dict[str, dict[str, Any]] = {
    "H2": {"symbols": ("H", "H"), "coordinates": ((0, 0, 0), (0, 0, 0.7414)), "active_spaces": ((2, 2),)},
    "LiH": {"symbols": ("Li", "H"), "coordinates": ((0, 0, 0), (0, 0, 1.5949)), "active_spaces": ((2, 3), (4, 6))},
    "BeH2": {
        "symbols": ("Be", "H", "H"),
        "coordinates": ((0, 0, 0), (0, 0, 1.326), (0, 0, -1.326)),
        "active_spaces": ((4, 3),),
    },
    "H2O": {
        "symbols": ("O", "H", "H"),
        "coordinates": (
            (0, 0, 0),
            (0.958 * math.sin(math.radians(52.25)), 0, 0.958 * math.cos(math.radians(52.25))),
            (-0.958 * math.sin(math.radians(52.25)), 0, 0.958 * math.cos(math.radians(52.25))),
        ),
        "active_spaces": ((4, 4), (6, 5)),
    },
}


@dataclass
class Hamiltonian:
    """A qubit Hamiltonian ``H = operator + offset``.

    :param name: short label (``tfim``, ``H2``, ``maxcut``...), used in reports.
    :param n_qubits: register width.
    :param operator: the traceless Pauli part.
    :param offset: the constant part (identity coefficient).
    :param metadata: how it was built (couplings, geometry, source spec).
    :param electrons: for a fermionic (Jordan-Wigner) operator, the number of electrons: it fixes the
        particle-number sector of :meth:`exact_ground_energy` and the Hartree-Fock state; ``None`` for
        spin models and problems.
    """

    name: str
    n_qubits: int
    operator: SparsePauliOp
    offset: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)
    electrons: int | None = None

    def __post_init__(self) -> None:
        if self.operator.num_qubits != self.n_qubits:
            raise ValueError(f"operator acts on {self.operator.num_qubits} qubits, expected n_qubits={self.n_qubits}")
        if self.electrons is not None and not 0 <= self.electrons <= self.n_qubits:
            raise ValueError(f"electrons={self.electrons}: must be in 0..{self.n_qubits}")
        self.operator, shift = _split_identity(self.operator)
        self.offset = float(self.offset) + shift

    @classmethod
    def from_operator(cls, name: str, operator: SparsePauliOp, offset: float = 0.0, **metadata: Any) -> Hamiltonian:
        """Wrap any Hermitian Pauli operator (its identity part moves into ``offset``)."""
        return cls(name=name, n_qubits=operator.num_qubits, operator=operator, offset=offset, metadata=metadata)

    @property
    def is_diagonal(self) -> bool:
        """True when the operator has only Z and I factors (an Ising/QUBO cost)."""
        return not bool(self.operator.paulis.x.any())

    @property
    def trace_mean(self) -> float:
        """``Tr(H) / 2**n``: the energy of the maximally mixed state."""
        return self.offset

    @cached_property
    def sparse_matrix(self) -> sp.csr_matrix:
        """The operator part as a CSR matrix (without ``offset``)."""
        return sp.csr_matrix(self.operator.to_matrix(sparse=True))

    @cached_property
    def dense_matrix(self) -> np.ndarray:
        """The operator part as a dense complex matrix (without ``offset``); ``2**n x 2**n``."""
        return np.asarray(self.operator.to_matrix(), dtype=complex)

    def matrix(self, sparse: bool = False) -> np.ndarray | sp.csr_matrix:
        """Full matrix of ``H`` including the offset.

        :param sparse: return a CSR matrix instead of a dense array.
        """
        if sparse:
            return self.sparse_matrix + self.offset * sp.identity(2**self.n_qubits, format="csr")
        return self.dense_matrix + self.offset * np.eye(2**self.n_qubits)

    @property
    def hartree_fock_index(self) -> int:
        """Basis-state index of the Hartree-Fock state: Jordan-Wigner orders the spin orbitals by
        energy, so the ``electrons`` lowest (qubits ``0..electrons-1``) are occupied.

        :raises ValueError: the Hamiltonian has no ``electrons`` (not fermionic).
        """
        if self.electrons is None:
            raise ValueError(f"{self.name}: not a fermionic Hamiltonian (no electron number)")
        return (1 << self.electrons) - 1

    def hartree_fock_energy(self) -> float:
        """``<HF|H|HF>``: the diagonal entry of the Hartree-Fock basis state."""
        return float(self.sparse_matrix[self.hartree_fock_index, self.hartree_fock_index].real) + self.offset

    @cached_property
    def _ground_energy(self) -> float:
        if self.is_diagonal:
            return float(np.min(self.sparse_matrix.diagonal().real)) + self.offset
        matrix = self.sparse_matrix
        if self.electrons is not None:  # the block of basis states with the right particle number
            sector = np.flatnonzero(np.bitwise_count(np.arange(2**self.n_qubits)) == self.electrons)
            matrix = matrix[sector][:, sector]
        if matrix.shape[0] <= 2**DENSE_EIG_MAX_QUBITS:
            return float(np.linalg.eigvalsh(matrix.toarray())[0]) + self.offset
        from scipy.sparse.linalg import eigsh

        value = eigsh(matrix, k=1, which="SA", return_eigenvectors=False)
        return float(np.real(value[0])) + self.offset

    def exact_ground_energy(self) -> float:
        """Lowest eigenvalue of ``H`` (cached), within the ``electrons`` sector for a fermionic
        operator (the full-CI energy of its active space): the minimum of the diagonal for Ising
        operators, dense ``eigvalsh`` up to dimension ``2**DENSE_EIG_MAX_QUBITS``, sparse ``eigsh``
        beyond."""
        return self._ground_energy


def _split_identity(operator: SparsePauliOp) -> tuple[SparsePauliOp, float]:
    """``(traceless part, identity coefficient)`` of a Hermitian operator, like terms merged."""
    op = operator.simplify(atol=1e-12)
    coeffs = np.asarray(op.coeffs)
    if np.max(np.abs(coeffs.imag), initial=0.0) > 1e-9:
        raise ValueError("operator is not Hermitian (complex coefficients)")
    is_identity = ~(op.paulis.z.any(axis=1) | op.paulis.x.any(axis=1))
    shift = float(coeffs[is_identity].real.sum())
    if is_identity.all():
        return SparsePauliOp("I" * op.num_qubits, 0.0), shift
    rest = op[~is_identity]
    return SparsePauliOp(rest.paulis, rest.coeffs.real.astype(complex)), shift


def _chain(n: int, periodic: bool) -> list[tuple[int, int]]:
    if n < 2:
        raise ValueError(f"n={n}: a spin chain needs at least 2 qubits")
    if periodic and n < 3:
        raise ValueError("periodic=True needs n >= 3 (with 2 sites the wrap-around bond repeats the open one)")
    bonds = [(i, i + 1) for i in range(n - 1)]
    return [*bonds, (n - 1, 0)] if periodic else bonds


def tfim(n: int, J: float = 1.0, h: float = 1.0, periodic: bool = False) -> Hamiltonian:
    """Transverse-field Ising chain ``H = -J sum_i Z_i Z_{i+1} - h sum_i X_i``.

    :param n: number of spins (qubits).
    :param J: ZZ coupling (ferromagnetic for ``J > 0``).
    :param h: transverse field.
    :param periodic: add the bond ``(n-1, 0)``.
    """
    terms = [("ZZ", [i, j], -J) for i, j in _chain(n, periodic)] + [("X", [i], -h) for i in range(n)]
    op = SparsePauliOp.from_sparse_list(terms, n)
    return Hamiltonian("tfim", n, op, metadata={"J": J, "h": h, "periodic": periodic})


def heisenberg(n: int, J: float = 1.0, h: float = 0.0, periodic: bool = False) -> Hamiltonian:
    """Heisenberg XXX chain ``H = J sum_i (X_i X_{i+1} + Y_i Y_{i+1} + Z_i Z_{i+1}) + h sum_i Z_i``.

    :param n: number of spins (qubits).
    :param J: exchange coupling (antiferromagnetic for ``J > 0``).
    :param h: longitudinal field.
    :param periodic: add the bond ``(n-1, 0)``.
    """
    terms = [(p + p, [i, j], J) for i, j in _chain(n, periodic) for p in "XYZ"]
    if h:
        terms += [("Z", [i], h) for i in range(n)]
    op = SparsePauliOp.from_sparse_list(terms, n)
    return Hamiltonian("heisenberg", n, op, metadata={"J": J, "h": h, "periodic": periodic})


def molecule(
    name: str,
    bond: float | None = None,
    *,
    basis: str = "sto-3g",
    active_electrons: int | None = None,
    active_orbitals: int | None = None,
) -> Hamiltonian:
    """Electronic Hamiltonian of a molecule in :data:`MOLECULES` (Jordan-Wigner), built offline by
    PennyLane qchem from restricted Hartree-Fock orbitals.

    Default active spaces (electrons in spatial orbitals -> qubits): H2 2 in 2 -> 4, LiH 2 in 3 -> 6,
    BeH2 4 in 3 -> 6, H2O 4 in 4 -> 8; the others of the table (LiH 4 in 6 -> 12, H2O 6 in 5 -> 10)
    through ``active_electrons``/``active_orbitals`` or :func:`get_hamiltonian`'s ``n_qubits``.
    Energies are in hartree and include nuclear repulsion and the frozen core; the result's
    ``electrons`` is the active electron count. Builds are cached per argument set (1-3 s each).

    :param name: ``H2``, ``LiH``, ``BeH2`` or ``H2O`` (any case).
    :param bond: length in angstrom of every bond to the first atom (a symmetric stretch; default:
        the equilibrium geometry).
    :param basis: Gaussian basis set name.
    :param active_electrons: active electrons (default: the molecule's first active space).
    :param active_orbitals: active spatial orbitals (default: the molecule's first active space).
    """
    key = _molecule_key(name)
    spec = MOLECULES[key]
    coordinates = np.array(spec["coordinates"], dtype=float)
    if bond is not None:
        arms = coordinates - coordinates[0]
        coordinates = coordinates[0] + arms * (float(bond) / np.linalg.norm(arms[1]))
    default_electrons, default_orbitals = spec["active_spaces"][0]
    electrons = default_electrons if active_electrons is None else active_electrons
    orbitals = default_orbitals if active_orbitals is None else active_orbitals
    geometry = tuple(tuple(round(float(c), 10) for c in atom) for atom in coordinates)
    operator = _build_molecule(spec["symbols"], geometry, basis, electrons, orbitals)
    meta = {
        "symbols": list(spec["symbols"]),
        "coordinates": [list(atom) for atom in geometry],
        "bond": round(float(np.linalg.norm(coordinates[1] - coordinates[0])), 10),
        "basis": basis,
        "active_electrons": electrons,
        "active_orbitals": orbitals,
    }
    return Hamiltonian(key, operator.num_qubits, operator, metadata=meta, electrons=electrons)


def _molecule_key(name: str) -> str:
    """The :data:`MOLECULES` key of a name in any case."""
    key = {k.lower(): k for k in MOLECULES}.get(name.lower())
    if key is None:
        raise ValueError(f"molecule '{name}': unknown (choose one of {', '.join(MOLECULES)})")
    return key


@cache
def _build_molecule(
    symbols: tuple[str, ...], geometry: tuple[tuple[float, ...], ...], basis: str, electrons: int, orbitals: int
) -> SparsePauliOp:
    """PennyLane qchem's Jordan-Wigner Hamiltonian (cached: the SparsePauliOp is never mutated)."""
    from pennylane import qchem

    mol = qchem.Molecule(list(symbols), np.array(geometry).ravel(), unit="angstrom", basis_name=basis)
    op, n_qubits = qchem.molecular_hamiltonian(mol, active_electrons=electrons, active_orbitals=orbitals)
    return _from_pennylane(op, n_qubits)


def _from_pennylane(op: Any, n_qubits: int) -> SparsePauliOp:
    """PennyLane Pauli sum -> SparsePauliOp; PennyLane wire ``i`` becomes Qiskit qubit ``i``."""
    terms = []
    for word, coeff in op.pauli_rep.items():
        wires = list(word.keys())
        terms.append(("".join(word[w] for w in wires), [int(w) for w in wires], float(np.real(coeff))))
    return SparsePauliOp.from_sparse_list(terms, n_qubits).simplify(atol=1e-12)


#: names :func:`get_hamiltonian` knows (spin models take any ``n_qubits``; molecules one per active space)
NAMES = ("tfim", "heisenberg", *(m.lower() for m in MOLECULES))


def molecule_widths(name: str) -> tuple[int, ...]:
    """Register widths of a molecule's active spaces in :data:`MOLECULES`, the default first."""
    return tuple(2 * orbitals for _, orbitals in MOLECULES[_molecule_key(name)]["active_spaces"])


def get_hamiltonian(name: str, n_qubits: int | None = None, **kwargs: Any) -> Hamiltonian:
    """Hamiltonian by name: ``tfim``, ``heisenberg`` (``n_qubits``, default 4), or a molecule of
    :data:`MOLECULES` (``h2``, ``lih``, ``beh2``, ``h2o``), whose ``n_qubits`` picks the active space
    (``lih`` 6 or 12, ``h2o`` 8 or 10; default the first).

    :param kwargs: passed on to the constructor (``J``, ``h``, ``periodic``, ``bond``...).
    :raises ValueError: unknown name, or ``n_qubits`` that matches none of a molecule's active spaces.
    """
    key = name.lower()
    if key in ("tfim", "heisenberg"):
        build = tfim if key == "tfim" else heisenberg
        return build(4 if n_qubits is None else n_qubits, **kwargs)
    if key in (m.lower() for m in MOLECULES):
        widths = molecule_widths(key)
        if n_qubits is not None and n_qubits not in widths:
            raise ValueError(f"n_qubits={n_qubits}: {name} has active spaces of {', '.join(map(str, widths))} qubits")
        if n_qubits is not None and "active_orbitals" not in kwargs:
            active = MOLECULES[_molecule_key(key)]["active_spaces"][widths.index(n_qubits)]
            kwargs["active_electrons"], kwargs["active_orbitals"] = active
        return molecule(key, **kwargs)
    raise ValueError(f"hamiltonian '{name}': unknown (choose one of {', '.join(NAMES)})")


def as_hamiltonian(value: Hamiltonian | str, n_qubits: int | None = None) -> Hamiltonian:
    """Accept a :class:`Hamiltonian` or a name for :func:`get_hamiltonian`.

    A classical problem's Hamiltonian is built on the c2q side
    (:func:`c2q.ansatz.problem_hamiltonian`); this package knows no problem formats.
    """
    if isinstance(value, Hamiltonian):
        if n_qubits is not None and n_qubits != value.n_qubits:
            raise ValueError(f"n_qubits={n_qubits}: the Hamiltonian has {value.n_qubits} qubits")
        return value
    if not isinstance(value, str):
        raise TypeError(
            f"a Hamiltonian or a name, not {type(value).__name__} "
            "(a c2q problem: c2q.ansatz.problem_hamiltonian(c2q.validate(spec)))"
        )
    return get_hamiltonian(value, n_qubits)
