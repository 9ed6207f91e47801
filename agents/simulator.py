"""A small, fast numpy statevector simulator for architecture search: energies, exact gradients,
angle re-optimisation.

Gates are tuples: ``("rx", q)``, ``("ry", q)``, ``("rz", q)`` (parameterised, ``R(θ) = exp(-iθP/2)``),
``("x", q)``, ``("sx", q)``, ``("cx", control, target)``, ``("cz", a, b)``. A circuit is a sequence
of gates; its angles are a separate vector with one entry per parameterised gate, in order.
Qubit ``q`` is bit ``q`` of the statevector index (Qiskit's order), so results compare directly
with :class:`qiskit.quantum_info.Statevector`.

Every gate is one or two vectorised numpy operations on the whole state (an index permutation for
X-type actions, a ±1 vector for Z-type ones), which beats reshaping/``tensordot`` and matrix
products at the sizes search works with (2 to ~12 qubits). Gradients use the adjoint method: one
forward pass keeping the intermediate states (new arrays anyway), one backward pass, about 2.5
energy evaluations for all angles at once. ``benchmarks/rl_qas.py --section simulator`` measures it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from c2q.agents.hamiltonians import Hamiltonian
from scipy.optimize import minimize

Gate = tuple  # ("rx", q) | ("cx", control, target) | ...

#: gates with one angle each
PARAMETRIC = frozenset({"rx", "ry", "rz"})
#: gates acting on two qubits
TWO_QUBIT = frozenset({"cx", "cz"})
#: every gate name the simulator applies
GATES = frozenset({"rx", "ry", "rz", "x", "sx", "cx", "cz"})
#: the two search gate sets: rotations + CNOT, and the IBM Heron-class native set
GATE_SETS: dict[str, tuple[str, ...]] = {"rxyz_cnot": ("rx", "ry", "rz", "cx"), "heron": ("rz", "sx", "x", "cz")}

#: largest register whose operator is applied as a dense matrix; CSR above it (TFIM and Heisenberg,
#: 20-gate circuits: the three forms within timing noise up to 7 qubits, dense 1.5-10x slower from 8;
#: benchmarks/rl_qas.py)
DENSE_MAX_QUBITS = 6

#: amplitudes per batch chunk in :meth:`Simulator.energies` (``2**14``: 256 KiB per state array, in
#: a core's L2 cache; measured fastest among 2**12..2**16 at 6 to 12 qubits, benchmarks/rl_qas.py)
BATCH_AMPLITUDES = 2**14

_RX, _RY, _RZ, _X, _SX, _CX, _CZ = range(7)
_CODES = {"rx": _RX, "ry": _RY, "rz": _RZ, "x": _X, "sx": _SX, "cx": _CX, "cz": _CZ}
_SX_A, _SX_B = (1 + 1j) / 2, (1 - 1j) / 2  # SX = a I + b X


def n_parameters(circuit: Sequence[Gate]) -> int:
    """Number of angles a circuit takes."""
    return sum(g[0] in PARAMETRIC for g in circuit)


def validate_circuit(circuit: Sequence[Gate], n_qubits: int) -> None:
    """Raise ``ValueError`` on an unknown gate, a wrong arity or a qubit out of range."""
    for gate in circuit:
        name, qubits = gate[0], gate[1:]
        if name not in GATES:
            raise ValueError(f"gate {gate!r}: unknown name (known: {', '.join(sorted(GATES))})")
        if len(qubits) != (2 if name in TWO_QUBIT else 1):
            raise ValueError(f"gate {gate!r}: wrong number of qubits")
        if any(not 0 <= q < n_qubits for q in qubits) or len(set(qubits)) != len(qubits):
            raise ValueError(f"gate {gate!r}: qubits must be distinct and in 0..{n_qubits - 1}")


class Observable:
    """``H`` prepared for repeated products ``H @ psi``, in the fastest form for its size.

    Forms: ``diagonal`` (Ising operators: one elementwise product), ``dense`` (complex matrix,
    up to :data:`DENSE_MAX_QUBITS` qubits), ``sparse`` (CSR) and ``pauli`` (terms grouped by
    X-pattern: ``sum_g D_g * psi[i ^ x_g]``). ``auto`` picks diagonal, else dense, else CSR (the
    grouped Pauli form measured slower than CSR at every size, it is kept for comparison).

    :param hamiltonian: the Hamiltonian (its ``offset`` is added to expectations).
    :param method: ``auto``, ``diagonal``, ``dense``, ``pauli`` or ``sparse``.
    """

    def __init__(self, hamiltonian: Hamiltonian, method: str = "auto") -> None:
        self.hamiltonian = hamiltonian
        self.offset = hamiltonian.offset
        n = hamiltonian.n_qubits
        if method == "auto":
            method = self._choose(hamiltonian)
        self.method = method
        if method == "diagonal":
            if not hamiltonian.is_diagonal:
                raise ValueError("method='diagonal' needs an operator with only Z and I factors")
            self._diag = np.ascontiguousarray(hamiltonian.sparse_matrix.diagonal().real)
        elif method == "dense":
            self._dense = np.ascontiguousarray(hamiltonian.dense_matrix)
        elif method == "sparse":
            self._sparse = hamiltonian.sparse_matrix
        elif method == "pauli":
            self._groups = _xz_groups(hamiltonian, n)
        else:
            raise ValueError(f"method '{method}': choose auto, diagonal, dense, pauli or sparse")

    @staticmethod
    def _choose(hamiltonian: Hamiltonian) -> str:
        if hamiltonian.is_diagonal:
            return "diagonal"
        return "dense" if hamiltonian.n_qubits <= DENSE_MAX_QUBITS else "sparse"

    def apply(self, psi: np.ndarray) -> np.ndarray:
        """``(H - offset) @ psi`` for a state, or for each column of a ``(2**n, B)`` batch of states."""
        if self.method == "dense":
            return self._dense @ psi
        if self.method == "sparse":
            return self._sparse @ psi
        column = slice(None) if psi.ndim == 1 else (slice(None), None)  # diagonals broadcast over columns
        if self.method == "diagonal":
            return self._diag[column] * psi
        out = None
        for perm, diag in self._groups:
            term = diag[column] * (psi if perm is None else psi[perm])
            out = term if out is None else out + term
        assert out is not None  # a Hamiltonian's operator has at least one term, so at least one group
        return out

    def expectation(self, psi: np.ndarray) -> float:
        """``<psi|H|psi>`` including the offset."""
        return float(np.vdot(psi, self.apply(psi)).real) + self.offset

    def expectations(self, states: np.ndarray) -> np.ndarray:
        """``<psi_b|H|psi_b>`` including the offset, for each column ``psi_b`` of a ``(2**n, B)`` batch."""
        return np.einsum("ib,ib->b", states.conj(), self.apply(states)).real + self.offset


def _xz_groups(hamiltonian: Hamiltonian, n: int) -> list[tuple[np.ndarray | None, np.ndarray]]:
    """``[(perm or None, diagonal)]`` with ``H psi = sum diagonal * psi[perm]``, one per X-pattern."""
    op = hamiltonian.operator
    idx = np.arange(2**n)
    weights = 1 << np.arange(n)
    xmasks = op.paulis.x.astype(np.int64) @ weights
    groups = []
    for xm in np.unique(xmasks):
        part = op[xmasks == xm]
        mat = sp.csr_matrix(part.to_matrix(sparse=True))
        cols = idx ^ int(xm)
        diag = np.asarray(mat[idx, cols]).ravel().astype(complex)
        if not np.any(diag.imag):
            diag = diag.real.copy()
        groups.append((None if xm == 0 else cols, diag))
    return groups


class Simulator:
    """Statevector simulator for ``n_qubits`` with per-qubit lookup tables built once.

    :param n_qubits: register width (memory: ``16 * 2**n`` bytes per state).
    """

    def __init__(self, n_qubits: int) -> None:
        if not 1 <= n_qubits <= 24:
            raise ValueError(f"n_qubits={n_qubits}: the simulator handles 1 to 24 qubits")
        self.n_qubits = n_qubits
        dim = 2**n_qubits
        idx = np.arange(dim)
        self._bits = [(idx >> q) & 1 for q in range(n_qubits)]
        self._flip = [idx ^ (1 << q) for q in range(n_qubits)]
        self._z = [1.0 - 2.0 * b for b in self._bits]  # Z eigenvalue of qubit q per index
        self._cx: dict[tuple[int, int], np.ndarray] = {}
        self._cz: dict[tuple[int, int], np.ndarray] = {}
        self._programs: dict[tuple, list[tuple]] = {}
        self._zero = np.zeros(dim, dtype=complex)
        self._zero[0] = 1.0
        #: calls of :meth:`energy` and of :meth:`energy_and_grad` so far (evaluation budgets)
        self.n_energy = 0
        self.n_grad = 0

    @property
    def evaluations(self) -> int:
        """Energy evaluations so far, an energy-with-gradient evaluation counting as one (the unit of
        the search budgets in :mod:`c2q.agents.baselines`; one gradient costs about 2.5 energies)."""
        return self.n_energy + self.n_grad

    def _compile(self, circuit: Sequence[Gate]) -> list[tuple]:
        """Gate tuples -> ``(code, perm, zvec, angle index)`` lookups; cached per circuit."""
        key = tuple(circuit)
        program = self._programs.get(key)
        if program is not None:
            return program
        validate_circuit(key, self.n_qubits)
        program = []
        j = 0
        for gate in key:
            code = _CODES[gate[0]]
            if code == _CX:
                c, t = gate[1], gate[2]
                perm = self._cx.get((c, t))
                if perm is None:
                    perm = self._cx[(c, t)] = np.arange(2**self.n_qubits) ^ (self._bits[c] << t)
                program.append((code, perm, None, -1))
            elif code == _CZ:
                a, b = sorted(gate[1:])
                sign = self._cz.get((a, b))
                if sign is None:
                    sign = self._cz[(a, b)] = 1.0 - 2.0 * (self._bits[a] & self._bits[b])
                program.append((code, None, sign, -1))
            else:
                q = gate[1]
                param = -1
                if code in (_RX, _RY, _RZ):
                    param, j = j, j + 1
                program.append((code, self._flip[q], self._z[q], param))
        if len(self._programs) > 4096:
            self._programs.clear()
        self._programs[key] = program
        return program

    @staticmethod
    def _apply(code: int, perm: np.ndarray, z: Any, c: Any, s: Any, psi: np.ndarray) -> np.ndarray:
        """One gate on a state or on the columns of a batch; returns a new array.

        ``c, s = cos(θ/2), sin(θ/2)`` for a rotation (``-s`` for its adjoint; arrays of one entry per
        column for a batch, with ``z`` then a column); for SX, ``s < 0`` applies SX^dagger. ``z`` is
        the gate's ±1 vector (``None`` for CX, whose ``perm`` does it all).
        """
        if code == _RX:
            return c * psi + (-1j * s) * psi[perm]
        if code == _RY:
            return c * psi - s * (z * psi[perm])
        if code == _RZ:
            return psi * (c - (1j * s) * z)
        if code in (_CX, _X):
            return psi[perm]
        if code == _CZ:
            return z * psi
        return (_SX_A * psi + _SX_B * psi[perm]) if s >= 0 else (_SX_B * psi + _SX_A * psi[perm])

    def statevector(self, circuit: Sequence[Gate], angles: Sequence[float] | np.ndarray = ()) -> np.ndarray:
        """``U(angles)|0...0>`` as a complex vector of length ``2**n``."""
        program = self._compile(circuit)
        cos_sin = _half_angles(program, angles)
        psi = self._zero
        apply = self._apply
        for code, perm, z, j in program:
            c, s = cos_sin[j] if j >= 0 else (1.0, 1.0)
            psi = apply(code, perm, z, c, s, psi)
        return psi if psi is not self._zero else psi.copy()

    def statevectors(self, circuit: Sequence[Gate], angles: np.ndarray) -> np.ndarray:
        """``U(angles_b)|0...0>`` for each row of ``angles`` (shape ``(B, parameters)``), as the
        columns of a ``(2**n, B)`` array: every gate is applied to all ``B`` states at once, so
        numpy's per-call overhead is paid once per gate instead of ``B`` times."""
        program = self._compile(circuit)
        theta = np.asarray(angles, dtype=float)
        if theta.ndim != 2:
            raise ValueError(f"angles of shape {theta.shape}: expected (batch, parameters)")
        _check_angles(program, theta.T)
        cos, sin = np.cos(0.5 * theta.T), np.sin(0.5 * theta.T)
        psi = np.repeat(self._zero[:, None], len(theta), axis=1)
        apply = self._apply
        for code, perm, z, j in program:
            column = None if z is None else z[:, None]
            psi = apply(code, perm, column, cos[j], sin[j], psi) if j >= 0 else apply(code, perm, column, 1.0, 1.0, psi)
        return psi

    def energy(self, circuit: Sequence[Gate], angles: Sequence[float] | np.ndarray, observable: Observable) -> float:
        """``<psi|H|psi>`` for ``psi = U(angles)|0>``."""
        self.n_energy += 1
        return observable.expectation(self.statevector(circuit, angles))

    def energies(self, circuit: Sequence[Gate], angles: np.ndarray, observable: Observable) -> np.ndarray:
        """:meth:`energy` for each row of ``angles`` (shape ``(B, parameters)``), batched
        (:meth:`statevectors`) in chunks of :data:`BATCH_AMPLITUDES` amplitudes; counts ``B``
        evaluations."""
        theta = np.asarray(angles, dtype=float)
        self.n_energy += len(theta)
        chunk = max(1, BATCH_AMPLITUDES >> self.n_qubits)
        parts = [
            observable.expectations(self.statevectors(circuit, theta[i : i + chunk]))
            for i in range(0, len(theta), chunk)
        ]
        return np.concatenate(parts) if parts else np.zeros(0)

    def energy_and_grad(
        self, circuit: Sequence[Gate], angles: Sequence[float] | np.ndarray, observable: Observable
    ) -> tuple[float, np.ndarray]:
        """Energy and its exact gradient in every angle (adjoint method).

        ``dE/dθ_k = Im <λ_k| P_k |ψ_k>`` with ``ψ_k`` the state after gate ``k``, ``P_k`` its Pauli
        generator and ``λ_k = U_{k+1}^† ... U_N^† H ψ_N``.
        """
        self.n_grad += 1
        program = self._compile(circuit)
        cos_sin = _half_angles(program, angles)
        apply = self._apply
        states = [self._zero]
        psi = self._zero
        for code, perm, z, j in program:
            c, s = cos_sin[j] if j >= 0 else (1.0, 1.0)
            psi = apply(code, perm, z, c, s, psi)
            states.append(psi)
        lam = observable.apply(psi)
        energy = float(np.vdot(psi, lam).real) + observable.offset
        grad = np.zeros(len(cos_sin))
        for k in range(len(program) - 1, -1, -1):
            code, perm, z, j = program[k]
            psi_k = states[k + 1]
            if j >= 0:
                if code == _RX:
                    grad[j] = np.vdot(lam, psi_k[perm]).imag
                elif code == _RY:
                    grad[j] = -np.vdot(lam, z * psi_k[perm]).real
                else:
                    grad[j] = np.vdot(lam, z * psi_k).imag
                if k:
                    c, s = cos_sin[j]
                    lam = apply(code, perm, z, c, -s, lam)
            elif k:
                lam = apply(code, perm, z, 1.0, -1.0, lam)
        return energy, grad


def _half_angles(program: list[tuple], angles: Sequence[float] | np.ndarray) -> list[tuple[float, float]]:
    """``[(cos(θ/2), sin(θ/2))]`` per angle, after checking their number against the program."""
    theta = np.asarray(angles, dtype=float).tolist()
    _check_angles(program, theta)
    return [(math.cos(0.5 * t), math.sin(0.5 * t)) for t in theta]


def _check_angles(program: list[tuple], theta: Sequence[float] | np.ndarray) -> None:
    expected = sum(op[3] >= 0 for op in program)
    if len(theta) != expected:
        raise ValueError(f"circuit has {expected} parameterised gates but {len(theta)} angles were given")


@cache
def get_simulator(n_qubits: int) -> Simulator:
    """Shared :class:`Simulator` per register width (its lookup tables are built once)."""
    return Simulator(n_qubits)


@dataclass(frozen=True)
class OptResult:
    """Outcome of :func:`optimize_angles`.

    :param angles: optimised angles (one per parameterised gate).
    :param energy: energy at ``angles`` (with the Hamiltonian's offset).
    :param nfev: energy-and-gradient evaluations used.
    :param nit: optimiser iterations.
    """

    angles: np.ndarray
    energy: float
    nfev: int
    nit: int


def _observable(hamiltonian: Hamiltonian | Observable) -> Observable:
    return hamiltonian if isinstance(hamiltonian, Observable) else Observable(hamiltonian)


def optimize_angles(
    circuit: Sequence[Gate],
    hamiltonian: Hamiltonian | Observable,
    x0: Sequence[float] | np.ndarray | None = None,
    *,
    maxiter: int = 200,
    gtol: float = 1e-6,
    ftol: float = 1e-11,
    maxfun: int | None = None,
    simulator: Simulator | None = None,
) -> OptResult:
    """Minimise the energy over the circuit's angles with L-BFGS-B and exact gradients.

    :param circuit: the gates.
    :param hamiltonian: the target (pass an :class:`Observable` to reuse its prepared matrix).
    :param x0: starting angles (warm start from the previous search step); zeros when ``None``.
    :param maxiter: L-BFGS-B iteration limit.
    :param gtol: projected-gradient tolerance.
    :param ftol: relative energy-change tolerance.
    :param maxfun: limit on energy-and-gradient evaluations (evaluation budgets; default none).
    :param simulator: simulator to use (default: the shared one for the register width).
    """
    obs = _observable(hamiltonian)
    sim = simulator or get_simulator(obs.hamiltonian.n_qubits)
    n_par = n_parameters(circuit)
    x = np.zeros(n_par) if x0 is None else np.asarray(x0, dtype=float)
    if x.shape != (n_par,):
        raise ValueError(f"x0 has shape {x.shape}, the circuit takes {n_par} angles")
    if n_par == 0:
        return OptResult(x, sim.energy(circuit, x, obs), 1, 0)
    gates = tuple(circuit)
    res = minimize(
        lambda theta: sim.energy_and_grad(gates, theta, obs),
        x,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": maxiter, "gtol": gtol, "ftol": ftol, **({"maxfun": maxfun} if maxfun else {})},
    )
    return OptResult(np.asarray(res.x, dtype=float), float(res.fun), int(res.nfev), int(res.nit))


def best_single_angle(
    circuit: Sequence[Gate],
    angles: Sequence[float] | np.ndarray,
    index: int,
    hamiltonian: Hamiltonian | Observable,
    *,
    simulator: Simulator | None = None,
) -> tuple[float, float]:
    """Exact minimiser of the energy in one angle, the others fixed (Rotosolve).

    The energy is ``a cos θ + b sin θ + c`` in any single rotation angle, so three evaluations
    (at ``θ``, ``θ ± π/2``) fix it. Used to place a newly appended rotation before the joint
    L-BFGS-B step, so a zero-gradient start at ``θ = 0`` cannot trap it.

    :return: ``(angle, energy at that angle)``.
    """
    obs = _observable(hamiltonian)
    sim = simulator or get_simulator(obs.hamiltonian.n_qubits)
    x = np.tile(np.asarray(angles, dtype=float), (3, 1))
    phi = x[0, index]
    x[:, index] += (0.0, 0.5 * math.pi, -0.5 * math.pi)
    e0, ep, em = sim.energies(circuit, x, obs)
    c = 0.5 * (ep + em)
    b = 0.5 * (ep - em)
    a = e0 - c
    best = phi + math.atan2(-b, -a)
    best = math.remainder(best, 2 * math.pi)
    return best, c - math.hypot(a, b)
