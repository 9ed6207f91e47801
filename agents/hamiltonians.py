"""Hamiltonians that architecture search can target: spin models, small molecules, c2q problems.

Every :class:`Hamiltonian` is stored as a traceless :class:`~qiskit.quantum_info.SparsePauliOp`
plus a constant ``offset`` (the identity part), so ``Tr(H) / 2**n == offset``. Qubit ``q`` of the
operator is bit ``q`` of a statevector index (Qiskit's little-endian order), as in the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from qiskit.quantum_info import SparsePauliOp

#: largest register diagonalised densely; larger ones use a sparse Lanczos solver (``eigsh``)
DENSE_EIG_MAX_QUBITS = 10

#: equilibrium geometries (atoms on the z axis, bond length in angstrom) and default active spaces
MOLECULES: dict[str, dict[str, Any]] = {
    "H2": {"symbols": ("H", "H"), "bond": 0.7414, "active_electrons": None, "active_orbitals": None},
    "LiH": {"symbols": ("Li", "H"), "bond": 1.5949, "active_electrons": 2, "active_orbitals": 3},
}


@dataclass
class Hamiltonian:
    """A qubit Hamiltonian ``H = operator + offset``.

    :param name: short label (``tfim``, ``H2``, ``maxcut``...), used in reports.
    :param n_qubits: register width.
    :param operator: the traceless Pauli part.
    :param offset: the constant part (identity coefficient).
    :param metadata: how it was built (couplings, geometry, source spec).
    """

    name: str
    n_qubits: int
    operator: SparsePauliOp
    offset: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.operator.num_qubits != self.n_qubits:
            raise ValueError(f"operator acts on {self.operator.num_qubits} qubits, expected n_qubits={self.n_qubits}")
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

    @cached_property
    def _ground_energy(self) -> float:
        if self.is_diagonal:
            return float(np.min(self.sparse_matrix.diagonal().real)) + self.offset
        if self.n_qubits <= DENSE_EIG_MAX_QUBITS:
            return float(np.linalg.eigvalsh(self.dense_matrix)[0]) + self.offset
        from scipy.sparse.linalg import eigsh

        value = eigsh(self.sparse_matrix, k=1, which="SA", return_eigenvectors=False)
        return float(np.real(value[0])) + self.offset

    def exact_ground_energy(self) -> float:
        """Lowest eigenvalue of ``H`` (cached): the minimum of the diagonal for Ising operators,
        dense ``eigvalsh`` up to :data:`DENSE_EIG_MAX_QUBITS` qubits, sparse ``eigsh`` beyond."""
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
    """Electronic Hamiltonian of a diatomic molecule (Jordan-Wigner), built offline by PennyLane qchem.

    ``H2``: 4 qubits (all orbitals, STO-3G). ``LiH``: 6 qubits with the default active space of
    2 electrons in 3 spatial orbitals. Energies are in hartree and include nuclear repulsion.

    :param name: ``H2`` or ``LiH`` (any case).
    :param bond: bond length in angstrom (default: the equilibrium value in :data:`MOLECULES`).
    :param basis: Gaussian basis set name.
    :param active_electrons: active electrons (default per molecule).
    :param active_orbitals: active spatial orbitals (default per molecule).
    """
    key = {k.lower(): k for k in MOLECULES}.get(name.lower())
    if key is None:
        raise ValueError(f"molecule '{name}': unknown (choose one of {', '.join(MOLECULES)})")
    spec = MOLECULES[key]
    bond = spec["bond"] if bond is None else float(bond)
    electrons = spec["active_electrons"] if active_electrons is None else active_electrons
    orbitals = spec["active_orbitals"] if active_orbitals is None else active_orbitals
    from pennylane import qchem

    coords = np.array([0.0, 0.0, 0.0, 0.0, 0.0, bond])
    mol = qchem.Molecule(list(spec["symbols"]), coords, unit="angstrom", basis_name=basis)
    op, n_qubits = qchem.molecular_hamiltonian(mol, active_electrons=electrons, active_orbitals=orbitals)
    operator = _from_pennylane(op, n_qubits)
    meta = {"bond": bond, "basis": basis, "active_electrons": electrons, "active_orbitals": orbitals}
    return Hamiltonian(key, n_qubits, operator, metadata=meta)


def _from_pennylane(op: Any, n_qubits: int) -> SparsePauliOp:
    """PennyLane Pauli sum -> SparsePauliOp; PennyLane wire ``i`` becomes Qiskit qubit ``i``."""
    terms = []
    for word, coeff in op.pauli_rep.items():
        wires = list(word.keys())
        terms.append(("".join(word[w] for w in wires), [int(w) for w in wires], float(np.real(coeff))))
    return SparsePauliOp.from_sparse_list(terms, n_qubits).simplify(atol=1e-12)


#: names :func:`get_hamiltonian` knows (spin models take ``n_qubits``; molecules have a fixed width)
NAMES = ("tfim", "heisenberg", *(m.lower() for m in MOLECULES))


def get_hamiltonian(name: str, n_qubits: int | None = None, **kwargs: Any) -> Hamiltonian:
    """Hamiltonian by name: ``tfim``, ``heisenberg`` (``n_qubits``, default 4), ``h2``, ``lih``.

    :param kwargs: passed on to the constructor (``J``, ``h``, ``periodic``, ``bond``...).
    :raises ValueError: unknown name, or ``n_qubits`` that does not match a molecule.
    """
    key = name.lower()
    if key in ("tfim", "heisenberg"):
        build = tfim if key == "tfim" else heisenberg
        return build(4 if n_qubits is None else n_qubits, **kwargs)
    if key in (m.lower() for m in MOLECULES):
        ham = molecule(key, **kwargs)
        if n_qubits is not None and n_qubits != ham.n_qubits:
            raise ValueError(f"n_qubits={n_qubits}: {ham.name} has {ham.n_qubits} qubits")
        return ham
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
