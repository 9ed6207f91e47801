"""Exact training of the hardware-efficient VQE ansatz: its real statevector, CVaR, and the CVaR's
gradient by the adjoint method.

The ansatz is Qiskit's ``real_amplitudes`` with linear entanglement: a layer of RY rotations, then
``reps`` times a chain ``CX(0, 1), CX(1, 2), ...`` and another RY layer. Every amplitude stays real,
so the state is a float vector of ``2**n`` entries, qubit ``q`` being bit ``q`` of the index
(Qiskit's order): ``tests/algorithms/test_statevector.py`` checks it against
:class:`qiskit.quantum_info.Statevector`. A CX chain maps each basis index through one fixed
linear map over GF(2), so it is one index gather.

The gradient of ``CVaR_alpha`` (the mean of the lowest ``alpha`` probability mass of a diagonal
cost) with respect to the outcome probabilities is, by the Rockafellar-Uryasev form,
``w_i = min(v_i - VaR, 0) / alpha``; the gradient with respect to the angles is then that of
``<psi|diag(w)|psi>``, which one forward and one backward pass give for all angles at once
(Jones & Gacon, arXiv:2009.02823): about four forward passes' work, against ``2 x angles`` for
parameter shifts. This is what lets a gradient optimiser train the ansatz in a few hundred
evaluations where COBYLA needed a thousand and still missed (issue 22).
"""

from __future__ import annotations

import numpy as np

#: widest register trained exactly. One evaluation with its gradient (2 layers) takes about 10 ms
#: at 14 qubits, 30 ms at 16, 0.1 s at 18 and 0.45 s at 20 on one core (the other one busy): past
#: 18, a few hundred evaluations no longer fit in half a minute
EXACT_TRAINING_MAX_QUBITS = 18
#: evaluations x amplitudes the exact training spends at most by default, about 20 s on one core:
#: 200 evaluations at 18 qubits, 400 at 17, 800 at 16 (the default budget of 1000 below that).
#: Most solves stop well before (27 to 255 evaluations on fresh 17- and 18-qubit instances); this
#: bounds the rest, deterministically
EXACT_TRAINING_WORK = 200 * 2**18


def exact_training_evaluations(num_qubits: int) -> int:
    """Evaluations the exact training may spend by default at this width (:data:`EXACT_TRAINING_WORK`)."""
    return EXACT_TRAINING_WORK >> num_qubits


def chain_gather(num_qubits: int) -> np.ndarray:
    """Index array ``g`` such that ``psi[g]`` is ``psi`` after ``CX(0, 1), CX(1, 2), ..., CX(n-2, n-1)``."""
    index = np.arange(2**num_qubits, dtype=np.int64)
    image = index.copy()
    for control in range(num_qubits - 1):
        image ^= ((image >> control) & 1) << (control + 1)
    gather = np.empty_like(image)
    gather[image] = index
    return gather


#: qubits ``0 .. LOW_QUBITS - 1`` are rotated together, one ``2**k x 2**k`` matrix product over the
#: state: numpy's strided loops over their short inner axes were several times slower (qubit 1 alone
#: took as long as eight high qubits at 18 qubits)
LOW_QUBITS = 4


def _ry_matrix(theta: float) -> np.ndarray:
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    return np.array([[c, -s], [s, c]])


def _rotate(psi: np.ndarray, qubit: int, theta: float) -> None:
    """Apply ``RY(theta)`` to ``qubit`` of the real vector ``psi``, in place."""
    view = psi.reshape(-1, 2, 1 << qubit)
    low, high = view[:, 0, :], view[:, 1, :]
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    saved = low.copy()
    low *= c
    low -= s * high
    high *= c
    high += s * saved


def _rotate_layer(psi: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """``RY(angles[q])`` on every qubit ``q`` of ``psi``: a new vector."""
    low = min(LOW_QUBITS, len(angles))
    block = np.ones((1, 1))
    for theta in angles[:low]:  # kron(RY_(low-1), ..., RY_0): qubit 0 is the fastest index
        block = np.kron(_ry_matrix(theta), block)
    out = (psi.reshape(-1, 1 << low) @ block.T).reshape(-1)
    for qubit in range(low, len(angles)):
        _rotate(out, qubit, angles[qubit])
    return out


def _generator_overlaps(lam: np.ndarray, phi: np.ndarray, num_qubits: int) -> np.ndarray:
    """``2 <lam| G_q |phi>`` for every qubit ``q``, ``G = RY(θ)^T dRY(θ)/dθ = [[0, -1], [1, 0]] / 2``.

    That is ``sum(lam[q=1] phi[q=0]) - sum(lam[q=0] phi[q=1])`` over the pairs of amplitudes that
    differ in bit ``q`` only; the low qubits' sums come from one Gram matrix of the low blocks.
    """
    out = np.empty(num_qubits)
    low = min(LOW_QUBITS, num_qubits)
    gram = lam.reshape(-1, 1 << low).T @ phi.reshape(-1, 1 << low)
    index = np.arange(1 << low)
    for qubit in range(low):
        bit = (index >> qubit) & 1
        out[qubit] = float(((2 * bit - 1) * gram[index, index ^ (1 << qubit)]).sum())
    for qubit in range(low, num_qubits):
        lv, pv = lam.reshape(-1, 2, 1 << qubit), phi.reshape(-1, 2, 1 << qubit)
        out[qubit] = float((lv[:, 1, :] * pv[:, 0, :]).sum() - (lv[:, 0, :] * pv[:, 1, :]).sum())
    return out


class RealAmplitudesTrainer:
    """CVaR of a diagonal cost, and its exact gradient, for ``real_amplitudes(n, reps, "linear")``.

    Angles are ordered as the Qiskit circuit's parameters: layer by layer, qubit by qubit.

    :param values: the cost of every basis state (``2**n`` entries, index bit ``q`` = qubit ``q``).
    :param reps: entangling layers.
    """

    def __init__(self, values: np.ndarray, reps: int) -> None:
        self.num_qubits = int(np.log2(len(values)))
        if 2**self.num_qubits != len(values):
            raise ValueError(f"{len(values)} cost values: not a power of two")
        self.reps = reps
        self.values = np.asarray(values, dtype=float)
        self._order = np.argsort(self.values, kind="stable")
        self._sorted = self.values[self._order]
        self._gather = chain_gather(self.num_qubits)
        self._scatter = np.empty_like(self._gather)
        self._scatter[self._gather] = np.arange(len(self._gather))

    @property
    def num_parameters(self) -> int:
        """Angles of the ansatz."""
        return self.num_qubits * (self.reps + 1)

    def state(self, theta: np.ndarray) -> np.ndarray:
        """The real statevector for angles ``theta``."""
        n = self.num_qubits
        psi = np.array([1.0])
        for q in range(n - 1, -1, -1):  # first layer on |0...0>: a product state
            psi = np.kron(psi, [np.cos(theta[q] / 2), np.sin(theta[q] / 2)])
        for layer in range(1, self.reps + 1):
            psi = _rotate_layer(psi[self._gather], theta[layer * n : (layer + 1) * n])
        return psi

    def probabilities(self, theta: np.ndarray) -> np.ndarray:
        """Outcome probabilities of measuring every qubit."""
        return self.state(theta) ** 2

    def cvar(self, theta: np.ndarray, alpha: float) -> float:
        """Mean cost of the lowest ``alpha`` probability mass."""
        return self._cvar_and_weights(self.state(theta) ** 2, alpha)[0]

    def _cvar_and_weights(self, probs: np.ndarray, alpha: float) -> tuple[float, np.ndarray]:
        """CVaR of ``probs`` and ``dCVaR/dp`` (zero outside the tail)."""
        ordered = probs[self._order]
        cumulative = np.cumsum(ordered)
        before = cumulative - ordered
        taken = np.clip(alpha - before, 0.0, ordered)
        cvar = float((self._sorted * taken).sum() / taken.sum())
        var = self._sorted[min(int(np.searchsorted(cumulative, alpha)), len(cumulative) - 1)]
        return cvar, np.minimum(self.values - var, 0.0) / alpha

    def cvar_and_gradient(self, theta: np.ndarray, alpha: float) -> tuple[float, np.ndarray]:
        """``CVaR_alpha`` at ``theta`` and its gradient with respect to every angle (adjoint method)."""
        n = self.num_qubits
        psi = self.state(theta)
        cvar, weights = self._cvar_and_weights(psi**2, alpha)
        # d<psi|W|psi>/dtheta_k = 2 <lam_k| dU_k |phi_(k-1)>. The rotations of a layer commute, so
        # for a layer's qubit q that is 2 <lam| G_q |phi> with lam and phi both before the layer
        lam, phi = weights * psi, psi
        gradient = np.zeros(self.num_parameters)
        for layer in range(self.reps, -1, -1):
            angles = -theta[layer * n : (layer + 1) * n]
            phi, lam = _rotate_layer(phi, angles), _rotate_layer(lam, angles)
            gradient[layer * n : (layer + 1) * n] = _generator_overlaps(lam, phi, n)
            if layer:
                phi, lam = phi[self._scatter], lam[self._scatter]
        return cvar, gradient
