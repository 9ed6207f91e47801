"""Diagonal (Ising) operators: build them from classical cost functions, evaluate them on bitstrings.

Bit convention throughout c2q: bit ``x_q = 0`` is the Z eigenvalue ``z_q = +1``, i.e. ``z = 1 - 2x``,
as in qiskit-optimization's ``to_ising`` and in Qiskit's measurement results (qubit 0 is the
rightmost character of a counts key).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from qiskit.quantum_info import PauliList, SparsePauliOp


def ising_from_function(
    func: Callable[[np.ndarray], np.ndarray],
    qubits: Sequence[int],
    num_qubits: int,
    atol: float = 1e-12,
) -> tuple[SparsePauliOp, float]:
    """Exact Z-string expansion of a cost function of a few bits (Walsh-Hadamard transform).

    :param func: vectorised cost; receives an int array of shape ``(2**k, k)`` of bit values
        (column ``j`` is the bit of ``qubits[j]``) and returns ``2**k`` costs.
    :param qubits: the qubits the function depends on (``k`` of them, ``k`` small).
    :param num_qubits: width of the returned operator.
    :param atol: coefficients below this are dropped.
    :return: ``(operator, offset)`` with ``func(x) == <x|operator|x> + offset`` for every ``x``.
    """
    k = len(qubits)
    idx = np.arange(2**k)
    bits = (idx[:, None] >> np.arange(k)[None, :]) & 1
    values = np.asarray(func(bits), dtype=float)
    coeffs = _walsh_hadamard(values) / 2**k
    offset = float(coeffs[0])
    masks = np.nonzero(np.abs(coeffs) > atol)[0]
    masks = masks[masks != 0]
    if not len(masks):
        return SparsePauliOp("I" * num_qubits, 0.0), offset
    z = np.zeros((len(masks), num_qubits), dtype=bool)
    z[:, list(qubits)] = (masks[:, None] >> np.arange(k)[None, :]) & 1
    paulis = PauliList.from_symplectic(z, np.zeros_like(z))
    return SparsePauliOp(paulis, coeffs[masks]), offset


def _walsh_hadamard(values: np.ndarray) -> np.ndarray:
    """Unnormalised fast Walsh-Hadamard transform of a vector of length ``2**k``."""
    out = values.astype(float).copy()
    h = 1
    while h < len(out):
        out = out.reshape(-1, 2, h)
        out = np.stack((out[:, 0] + out[:, 1], out[:, 0] - out[:, 1]), axis=1).reshape(-1)
        h *= 2
    return out


def sum_ising(parts: Sequence[tuple[SparsePauliOp, float]], num_qubits: int) -> tuple[SparsePauliOp, float]:
    """Add ``(operator, offset)`` pairs and merge equal Z-strings."""
    offset = sum(o for _, o in parts)
    ops = [op for op, _ in parts]
    if not ops:
        return SparsePauliOp("I" * num_qubits, 0.0), offset
    total = SparsePauliOp.sum(ops).simplify(atol=1e-12)
    # Move the identity term into the offset so the operator is traceless.
    labels = total.paulis
    is_identity = ~(labels.z.any(axis=1) | labels.x.any(axis=1))
    offset += float(np.real(total.coeffs[is_identity].sum()))
    rest = total[~is_identity] if (~is_identity).any() else SparsePauliOp("I" * num_qubits, 0.0)
    return rest, offset


def z_masks(operator: SparsePauliOp) -> tuple[np.ndarray, np.ndarray]:
    """Boolean support matrix ``(terms, qubits)`` and real coefficients of a diagonal operator."""
    if operator.paulis.x.any():
        raise ValueError("operator is not diagonal (contains X or Y)")
    return operator.paulis.z.copy(), np.real(operator.coeffs).astype(float)


def is_quadratic(operator: SparsePauliOp) -> bool:
    """Whether a diagonal operator has one- and two-qubit Z-strings only (a quadratic Ising model)."""
    return bool((operator.paulis.z.sum(axis=1) <= 2).all())


#: entries ``rows x max(qubits, strings longer than two)`` that an energy function's temporaries
#: hold at once (bounds its memory to ~256 MB)
ENERGY_CHUNK = 2**25


def energy_function(operator: SparsePauliOp, offset: float) -> Callable[[np.ndarray], np.ndarray]:
    """A function of a 0/1 array ``(m, num_qubits)`` giving each row's energy ``<x|H|x> + offset``.

    The Z-strings are read once. With spins ``z = 1 - 2x``, the one- and two-qubit strings are
    ``z @ h + z^T J z`` (float matrix products over ``(m, n)`` arrays); longer strings, if any, take
    their sign from the parity of their set bits, counted by one float matrix product (exact: the
    counts are small integers).
    """
    support, coeffs = z_masks(operator)
    n = operator.num_qubits
    degree = support.sum(axis=1)
    constant = offset + float(coeffs[degree == 0].sum())  # identity strings, if any
    fields = coeffs[degree == 1] @ support[degree == 1]
    pairs = np.nonzero(support[degree == 2])[1].reshape(-1, 2)  # each row's two qubits, in order
    couplings = np.zeros((n, n))
    np.add.at(couplings, (pairs[:, 0], pairs[:, 1]), coeffs[degree == 2])
    columns, higher = support[degree > 2].T.astype(float), coeffs[degree > 2]
    step = max(1, ENERGY_CHUNK // max(1, len(higher), n))

    def evaluate(bits: np.ndarray) -> np.ndarray:
        bits = np.asarray(bits, dtype=float).reshape(-1, n)
        out = np.empty(len(bits))
        for start in range(0, len(bits), step):
            chunk = bits[start : start + step]
            spins = 1.0 - 2.0 * chunk
            out[start : start + step] = constant + spins @ fields + np.einsum("ij,ij->i", spins @ couplings, spins)
            if len(higher):
                parity = (chunk @ columns).astype(np.int64) & 1
                out[start : start + step] += (1.0 - 2.0 * parity) @ higher
        return out

    return evaluate


def energies(operator: SparsePauliOp, offset: float, bits: np.ndarray) -> np.ndarray:
    """Energies ``<x|H|x> + offset`` for each row ``x`` of a 0/1 array of shape ``(m, num_qubits)``."""
    return energy_function(operator, offset)(bits)


def diagonal(operator: SparsePauliOp, offset: float) -> np.ndarray:
    """All ``2**n`` energies; entry ``i`` is the bitstring with bit ``q`` of ``i`` on qubit ``q``.

    One Walsh-Hadamard transform of the coefficients indexed by their Z-support, ``O(n 2**n)``
    whatever the number of terms.
    """
    support, coeffs = z_masks(operator)
    masks = support.astype(np.int64) @ (1 << np.arange(operator.num_qubits, dtype=np.int64))
    spectrum = np.zeros(2**operator.num_qubits)
    np.add.at(spectrum, masks, coeffs)
    spectrum[0] += offset
    return _walsh_hadamard(spectrum)


def bits_from_keys(keys: Sequence[str], num_qubits: int) -> np.ndarray:
    """Qiskit counts keys (qubit 0 rightmost) to a 0/1 array, column ``q`` = qubit ``q``."""
    if not keys:
        return np.zeros((0, num_qubits), dtype=np.int8)
    arr = np.array([list(k[::-1]) for k in keys], dtype=np.int8)
    return arr[:, :num_qubits]


def keys_from_bits(bits: np.ndarray) -> list[str]:
    """A 0/1 array (column ``q`` = qubit ``q``) to Qiskit counts keys (qubit 0 rightmost)."""
    return ["".join(str(int(b)) for b in row[::-1]) for row in bits]
