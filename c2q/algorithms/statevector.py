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

from c2q.algorithms.mps import ry_matrices

#: widest register trained exactly. One evaluation with its gradient (2 layers) takes about 2.5 ms
#: at 14 qubits, 12 ms at 16, 75 ms at 18 and 0.3 s at 20 on one core (the other one busy): past
#: 18, a few hundred evaluations no longer fit in half a minute
EXACT_TRAINING_MAX_QUBITS = 18
#: evaluations x amplitudes the exact training spends at most by default, about 15 s on one core:
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


#: qubits are rotated ``QUBIT_GROUP`` at a time, ``0..3``, ``4..7``, ...: one ``16 x 16`` matrix (the
#: Kronecker product of their rotations) applied by a batched matrix product over the state. Numpy's
#: strided loops, one qubit at a time, were two to three times slower at 17-18 qubits, and several
#: times slower on the low qubits, whose inner axes are short
QUBIT_GROUP = 4


def _groups(num_qubits: int) -> list[tuple[int, int]]:
    """The qubit ranges ``[start, stop)`` rotated together."""
    return [(start, min(start + QUBIT_GROUP, num_qubits)) for start in range(0, num_qubits, QUBIT_GROUP)]


def _grouped(psi: np.ndarray, start: int, stop: int) -> np.ndarray:
    """``psi`` as ``(high, 2**(stop - start), 2**start)``: the middle axis the index of qubits ``start..stop-1``."""
    return psi.reshape(-1, 1 << (stop - start), 1 << start)


def _rotate_layer(psi: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """``RY(angles[q])`` on every qubit ``q`` of ``psi``: a new vector."""
    out = psi
    for start, stop in _groups(len(angles)):
        block = np.ones((1, 1))
        for rotation in ry_matrices(angles[start:stop]):  # kron(..., RY_1, RY_0): the first is the fastest index
            size = 2 * len(block)  # np.kron's own checks cost more than the product at these sizes
            block = (rotation[:, None, :, None] * block[None, :, None, :]).reshape(size, size)
        if start == 0:  # a matrix product on the right: no batch of tiny products
            out = (out.reshape(-1, len(block)) @ block.T).reshape(-1)
        else:
            out = np.matmul(block, _grouped(out, start, stop)).reshape(-1)
    return out


def _generator_overlaps(lam: np.ndarray, phi: np.ndarray, num_qubits: int) -> np.ndarray:
    """``2 <lam| G_q |phi>`` for every qubit ``q``, ``G = RY(θ)^T dRY(θ)/dθ = [[0, -1], [1, 0]] / 2``.

    That is ``sum(lam[q=1] phi[q=0]) - sum(lam[q=0] phi[q=1])`` over the pairs of amplitudes that
    differ in bit ``q`` only; each group of qubits reads its sums from one Gram matrix.
    """
    out = np.empty(num_qubits)
    for start, stop in _groups(num_qubits):
        if start == 0:
            gram = lam.reshape(-1, 1 << stop).T @ phi.reshape(-1, 1 << stop)
        else:
            gram = np.matmul(_grouped(lam, start, stop), _grouped(phi, start, stop).transpose(0, 2, 1)).sum(axis=0)
        index = np.arange(len(gram))
        for qubit in range(start, stop):
            bit = (index >> (qubit - start)) & 1
            out[qubit] = float(((2 * bit - 1) * gram[index, index ^ (1 << (qubit - start))]).sum())
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
        for q in range(n - 1, -1, -1):  # first layer on |0...0>: a product state, kron(psi, RY_q |0>)
            psi = np.multiply.outer(psi, [np.cos(theta[q] / 2), np.sin(theta[q] / 2)]).reshape(-1)
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
