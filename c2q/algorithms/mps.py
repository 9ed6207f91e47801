"""Training the hardware-efficient VQE ansatz past what a statevector holds: its exact
matrix-product state, perfect sampling, and a sampled CVaR gradient.

The ansatz is Qiskit's ``real_amplitudes`` with linear entanglement (see
:mod:`c2q.algorithms.statevector`). Its state is an exact matrix-product state of bond dimension
``2**reps`` for any width, built without truncation or SVD: a chain ``CX(0, 1), CX(1, 2), ...`` acts
on qubit ``q`` as ``P_b X^a`` where ``a`` is the control bit handed over by qubit ``q - 1`` (the
left bond) and ``b`` the bit qubit ``q`` hands on (the right bond, ``P_b`` the projector on
``|b>``). Site ``q``'s tensor is therefore ``A_q[s; a_1..a_r, b_1..b_r] = <s| RY_r P_(b_r) X^(a_r)
... RY_1 P_(b_1) X^(a_1) RY_0 |0>``, a product of 2x2 matrices, and the derivative of the state
with respect to one angle changes one site tensor only.

From the MPS the outcome distribution is sampled exactly (sequential conditional sampling with
right environments), and the gradient of ``CVaR_alpha`` is estimated from the samples: with
``w(x) = min(E(x) - VaR, 0) / alpha`` the gradient is ``sum_x w(x) dp(x)/dtheta = E_p[w(x) d log
p(x)/dtheta]``, and ``d log p(x) / dtheta = 2 (dpsi(x)/dtheta) / psi(x)`` comes from the sampled
bitstring's left and right partial products. One step costs ``O(shots x n x 4**reps)``: 24 qubits
take milliseconds where a statevector takes seconds (``tests/algorithms/test_mps.py`` checks the
state against :class:`~c2q.algorithms.statevector.RealAmplitudesTrainer`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: ``X**a`` for ``a`` in 0, 1
_X_POWERS = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
#: projectors ``|b><b|`` for ``b`` in 0, 1
_PROJECTORS = np.array([[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 1.0]]])


def ry_matrices(theta: np.ndarray) -> np.ndarray:
    """``RY`` matrices for an array of angles: shape ``theta.shape + (2, 2)``."""
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    out = np.empty((*np.shape(theta), 2, 2))
    out[..., 0, 0], out[..., 0, 1], out[..., 1, 0], out[..., 1, 1] = c, -s, s, c
    return out


def _dry(theta: np.ndarray) -> np.ndarray:
    """``dRY/dtheta`` for an array of angles: ``RY(theta + pi) / 2``."""
    return 0.5 * ry_matrices(theta + np.pi)


class RealAmplitudesMPS:
    """The exact MPS of ``real_amplitudes(n, reps, "linear")``, its samples and score gradients.

    Angles are ordered as the Qiskit circuit's parameters: layer by layer, qubit by qubit.
    """

    def __init__(self, num_qubits: int, reps: int) -> None:
        if num_qubits < 2:
            raise ValueError("the MPS ansatz needs at least two qubits")
        self.num_qubits = num_qubits
        self.reps = reps
        self.bond = 2**reps
        self.left = np.zeros(self.bond)
        self.left[0] = 1.0  # qubit 0 receives no control bits
        self.right = np.ones(self.bond)  # the last qubit hands on none: sum over its projectors

    @property
    def num_parameters(self) -> int:
        """Angles of the ansatz."""
        return self.num_qubits * (self.reps + 1)

    def _build(self, rotations: np.ndarray) -> np.ndarray:
        """Site tensors ``(n, 2, bond, bond)`` for per-layer per-site 2x2 matrices ``(reps+1, n, 2, 2)``.

        The tensor is grown as ``T[site, a_1, b_1, ..., a_l, b_l, s]`` one layer at a time.
        """
        n = self.num_qubits
        state = rotations[0][:, :, 0]  # RY_0 |0>: (n, 2)
        for layer in range(1, self.reps + 1):
            # T[..., s] -> T[..., a, b, p] = sum RY[p, t] P_b[t, u] X^a[u, s] T[..., s]
            local = np.einsum("npt,btu,aus->nabps", rotations[layer], _PROJECTORS, _X_POWERS)
            state = np.einsum("n...s,nabps->n...abp", state, local)
        # axes (n, a_1, b_1, ..., a_r, b_r, s) -> (n, s, a_1..a_r, b_1..b_r)
        r = self.reps
        order = [0, 2 * r + 1, *(1 + 2 * i for i in range(r)), *(2 + 2 * i for i in range(r))]
        return state.transpose(order).reshape(n, 2, self.bond, self.bond)

    def tensors(self, theta: np.ndarray) -> np.ndarray:
        """Site tensors ``A[q, s, left, right]`` for angles ``theta``."""
        return self._build(ry_matrices(np.asarray(theta, dtype=float).reshape(self.reps + 1, self.num_qubits)))

    def derivative_tensors(self, theta: np.ndarray) -> np.ndarray:
        """``dA[layer, q, s, left, right]``: site ``q``'s tensor differentiated by angle ``(layer, q)``."""
        angles = np.asarray(theta, dtype=float).reshape(self.reps + 1, self.num_qubits)
        rotations, derivatives = ry_matrices(angles), _dry(angles)
        out = []
        for layer in range(self.reps + 1):
            mixed = rotations.copy()
            mixed[layer] = derivatives[layer]
            out.append(self._build(mixed))
        return np.stack(out)

    def amplitudes(self, theta: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Amplitudes ``<x|psi(theta)>`` of the rows ``x`` of a 0/1 array ``(m, n)``."""
        a = self.tensors(theta)
        vectors = np.tile(self.left, (len(bits), 1))
        for q in range(self.num_qubits):
            vectors = np.einsum("ka,kab->kb", vectors, a[q, bits[:, q]])
        return vectors @ self.right

    def sample(self, theta: np.ndarray, shots: int, rng: np.random.Generator) -> np.ndarray:
        """``shots`` exact samples of the measured ansatz: a 0/1 array ``(shots, n)``."""
        return self._sample(self.tensors(theta), shots, rng)

    def _sample(self, a: np.ndarray, shots: int, rng: np.random.Generator) -> np.ndarray:
        n = self.num_qubits
        environments = np.empty((n + 1, self.bond, self.bond))  # E[q]: sites q.. summed over outcomes
        environments[n] = np.outer(self.right, self.right)
        for q in range(n - 1, -1, -1):
            env = (a[q] @ environments[q + 1] @ a[q].transpose(0, 2, 1)).sum(axis=0)
            environments[q] = env / np.abs(env).max()
        bits = np.empty((shots, n), dtype=np.int64)
        vectors = np.tile(self.left, (shots, 1))
        for q in range(n):  # matmuls and two-operand einsums: the fastest forms at 4096 shots
            branches = vectors @ a[q]  # (2, shots, bond)
            weights = np.einsum("ska,ska->sk", branches @ environments[q + 1], branches)
            np.clip(weights, 0.0, None, out=weights)
            one = rng.random(shots) * (weights[0] + weights[1]) < weights[1]
            bits[:, q] = one
            # the chosen branch, rescaled to unit weight (it was sampled, so its weight is positive)
            chosen = np.where(one, weights[1], weights[0])
            vectors = np.where(one[:, None], branches[1], branches[0]) / np.sqrt(np.maximum(chosen, 1e-300))[:, None]
        return bits

    def score(self, theta: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """``d log p(x) / dtheta`` for each row ``x`` of ``bits``: shape ``(m, parameters)``."""
        a, da = self.tensors(theta), self.derivative_tensors(theta)
        n, m = self.num_qubits, len(bits)
        prefixes = np.empty((n, m, self.bond))  # left vector before site q, rescaled
        vectors = np.tile(self.left, (m, 1))
        for q in range(n):
            prefixes[q] = vectors
            vectors = np.einsum("ka,kab->kb", vectors, a[q, bits[:, q]])
            vectors /= np.abs(vectors).max(axis=1, keepdims=True)
        scores = np.empty((m, self.reps + 1, n))
        vectors = np.tile(self.right, (m, 1))
        for q in range(n - 1, -1, -1):
            site = a[q, bits[:, q]]  # (m, bond, bond)
            psi = np.einsum("ka,kab,kb->k", prefixes[q], site, vectors)
            dpsi = np.einsum("ka,lkab,kb->kl", prefixes[q], da[:, q, bits[:, q]], vectors)
            scores[:, :, q] = 2.0 * dpsi / psi[:, None]
            vectors = np.einsum("kab,kb->ka", site, vectors)
            vectors /= np.abs(vectors).max(axis=1, keepdims=True)
        return scores.reshape(m, -1)


def sampled_cvar_and_gradient(
    mps: RealAmplitudesMPS,
    theta: np.ndarray,
    cost: Callable[[np.ndarray], np.ndarray],
    alpha: float,
    shots: int,
    rng: np.random.Generator,
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """CVaR of ``shots`` samples and its score-function gradient.

    :returns: the sampled CVaR, its gradient estimate, the samples and their costs.
    """
    bits = mps.sample(theta, shots, rng)
    values = cost(bits)
    order = np.argsort(values, kind="stable")
    tail = max(1, int(np.ceil(alpha * shots)))
    var = values[order[tail - 1]]
    cvar = float(values[order[:tail]].mean())
    weights = np.minimum(values - var, 0.0) / alpha
    chosen = weights != 0.0
    gradient = np.zeros(mps.num_parameters)
    if chosen.any():
        gradient = weights[chosen] @ mps.score(theta, bits[chosen]) / shots
    return cvar, gradient, bits, values
