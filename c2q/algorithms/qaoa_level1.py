"""Exact expectation values of depth-1 QAOA on any Ising model, in closed form.

For ``C(z) = sum_{u<v} J_uv z_u z_v + sum_u h_u z_u`` and the state
``|gamma, beta> = exp(-i beta sum_u X_u) exp(-i gamma C) |+>^n``, every one- and two-point
correlator is a product of cosines over the neighbourhood of the spins involved (Wang, Hadfield,
Jiang, Rieffel, PRA 97, 022304 (2018) for MaxCut; Ozaeta, van Dam, McMahon, Quantum Sci. Technol.
7, 045036 (2022) with fields). Writing ``c_uk = cos(2 gamma J_uk)`` (1 where there is no
coupling):

- ``<Z_u> = sin(2 beta) sin(2 gamma h_u) prod_k c_uk``;
- ``<Z_u Z_v> = (sin(4 beta) / 2) sin(2 gamma J_uv) [cos(2 gamma h_u) prod_{k != v} c_uk +
  cos(2 gamma h_v) prod_{k != u} c_vk] + (sin^2(2 beta) / 2) [cos(2 gamma (h_u - h_v)) prod_{k !=
  u, v} cos(2 gamma (J_uk - J_vk)) - cos(2 gamma (h_u + h_v)) prod_{k != u, v} cos(2 gamma (J_uk + J_vk))]``.

They follow from conjugating ``Z_u`` (and ``Z_u Z_v``) through the mixer and the cost layer and
averaging the remaining diagonal phases over the uniform superposition. The formulas are exact,
not an approximation: ``tests/algorithms/test_rqaoa.py`` checks them against Qiskit's
statevector simulation of ``qaoa_ansatz``. One evaluation costs ``O(m n)`` for ``m`` couplings
on ``n`` spins, so the energy landscape of a 200-spin model is known in milliseconds, where a
statevector would need ``2**200`` amplitudes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit.quantum_info import SparsePauliOp

from c2q.ising import z_masks


@dataclass
class IsingModel:
    """``C(z) = sum_{u<v} J_uv z_u z_v + sum_u h_u z_u + offset`` over spins ``z = 1 - 2x``.

    :param couplings: symmetric ``(n, n)`` matrix ``J`` with a zero diagonal.
    :param fields: ``h``, shape ``(n,)``.
    :param offset: the constant.
    """

    couplings: np.ndarray
    fields: np.ndarray
    offset: float = 0.0

    @property
    def num_spins(self) -> int:
        """Spins (qubits) of the model."""
        return len(self.fields)

    @property
    def scale(self) -> float:
        """The largest coefficient in magnitude (0 for a constant model): ``cost_ansatz``'s rescaling."""
        return float(max(np.abs(self.couplings).max(initial=0.0), np.abs(self.fields).max(initial=0.0)))

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Endpoints ``(u, v)``, ``u < v``, of the non-zero couplings."""
        u, v = np.nonzero(np.triu(self.couplings, 1))
        return u, v

    def energy(self, spins: np.ndarray) -> np.ndarray:
        """``C(z)`` for each row of a ``(m, n)`` array of spins ``+-1``."""
        spins = np.atleast_2d(spins).astype(float)
        quadratic = 0.5 * np.einsum("ku,uv,kv->k", spins, self.couplings, spins)
        return quadratic + spins @ self.fields + self.offset

    @classmethod
    def from_operator(cls, operator: SparsePauliOp, offset: float = 0.0) -> IsingModel:
        """The model of a diagonal operator with one- and two-qubit Z-strings only.

        :raises ValueError: for a Z-string on three or more qubits.
        """
        support, coeffs = z_masks(operator)
        n = operator.num_qubits
        couplings, fields = np.zeros((n, n)), np.zeros(n)
        weights = support.sum(axis=1)
        if (weights > 2).any():
            raise ValueError("the operator has Z-strings on three or more qubits: it is not a quadratic Ising model")
        for row, coeff in zip(support, coeffs, strict=True):
            qubits = np.flatnonzero(row)
            if len(qubits) == 1:
                fields[qubits[0]] += coeff
            elif len(qubits) == 2:
                u, v = qubits
                couplings[u, v] += coeff
                couplings[v, u] += coeff
            else:
                offset += coeff
        return cls(couplings, fields, offset)

    def operator(self) -> SparsePauliOp:
        """The diagonal operator of the model (the offset left out): ``J_uv Z_u Z_v`` and ``h_u Z_u``."""
        u, v = self.edges()
        terms = [("ZZ", [int(a), int(b)], float(self.couplings[a, b])) for a, b in zip(u, v, strict=True)]
        terms += [("Z", [int(k)], float(self.fields[k])) for k in np.flatnonzero(self.fields)]
        return SparsePauliOp.from_sparse_list(terms or [("", [], 0.0)], num_qubits=self.num_spins)


@dataclass
class Correlators:
    """Depth-1 QAOA correlators of a model at one ``(gamma, beta)``.

    :param z: ``<Z_u>`` for every spin.
    :param zz: ``<Z_u Z_v>`` for every coupling, in the order of :meth:`IsingModel.edges`.
    :param energy: ``<C>``, offset included.
    """

    z: np.ndarray
    zz: np.ndarray
    energy: float


class _RowProducts:
    """``prod_k cos(g M_rk)`` for every row ``r`` of a sparse matrix ``M``, over its non-zeros only.

    Each row keeps a leading zero (``cos 0 = 1``), so an empty row needs no special case.
    """

    def __init__(self, matrix: np.ndarray) -> None:
        rows, cols = np.nonzero(matrix)
        counts = np.bincount(rows, minlength=len(matrix))
        self.starts = np.concatenate([[0], np.cumsum(counts + 1)[:-1]])
        first = np.concatenate([[0], np.cumsum(counts)[:-1]])
        self.values = np.zeros(len(rows) + len(matrix))
        self.values[self.starts[rows] + 1 + np.arange(len(rows)) - first[rows]] = matrix[rows, cols]

    def __call__(self, g: float) -> np.ndarray:
        return np.multiply.reduceat(np.cos(g * self.values), self.starts)


class Level1Landscape:
    """The depth-1 QAOA expectation values of one model, at any angles.

    The ``gamma``-dependent parts are computed once per ``gamma``; the energy is then
    ``sin(2 beta) A + sin(4 beta) B / 2 + sin^2(2 beta) D`` with ``A = sum h_u a_u``,
    ``B = sum J_uv b_uv`` and ``D = sum J_uv d_uv``, so a whole range of ``beta`` costs nothing more.
    """

    def __init__(self, model: IsingModel) -> None:
        self.model = model
        self.u, self.v = model.edges()
        rows = np.arange(len(self.u))
        self.weights = model.couplings[self.u, self.v]
        j = model.couplings
        # neighbour rows with the partner's column neutralised (cos(0) = 1)
        ju = j[self.u].copy()
        ju[rows, self.v] = 0.0
        jv = j[self.v].copy()
        jv[rows, self.u] = 0.0
        diff, total = ju - jv, ju + jv
        diff[rows, self.u] = diff[rows, self.v] = 0.0
        total[rows, self.u] = total[rows, self.v] = 0.0
        # one sparse product per row of [J; J_u; J_v; J_u - J_v; J_u + J_v]: a single cos and reduceat
        self._products = _RowProducts(np.vstack([j, ju, jv, diff, total]))
        self._split = np.cumsum([len(j), len(ju), len(jv), len(diff)])

    def parts(self, gamma: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(a, b, d)``: ``<Z_u> = sin(2 beta) a_u`` and ``<Z_u Z_v> = sin(4 beta) b / 2 + sin^2(2 beta) d``."""
        g = 2.0 * gamma
        h = self.model.fields
        own, pu, pv, pdiff, psum = np.split(self._products(g), self._split)
        a = np.sin(g * h) * own
        hu, hv = h[self.u], h[self.v]
        b = np.sin(g * self.weights) * (np.cos(g * hu) * pu + np.cos(g * hv) * pv)
        d = 0.5 * (np.cos(g * (hu - hv)) * pdiff - np.cos(g * (hu + hv)) * psum)
        return a, b, d

    def energies(self, gamma: float, betas: np.ndarray) -> np.ndarray:
        """``<C>`` at one ``gamma`` for each of ``betas``."""
        a, b, d = self.parts(gamma)
        betas = np.asarray(betas, dtype=float)
        return (
            np.sin(2 * betas) * (self.model.fields @ a)
            + 0.5 * np.sin(4 * betas) * (self.weights @ b)
            + np.sin(2 * betas) ** 2 * (self.weights @ d)
            + self.model.offset
        )

    def correlators(self, gamma: float, beta: float) -> Correlators:
        """Every ``<Z_u>`` and ``<Z_u Z_v>`` at ``(gamma, beta)``, and ``<C>``."""
        a, b, d = self.parts(gamma)
        z = np.sin(2 * beta) * a
        zz = 0.5 * np.sin(4 * beta) * b + np.sin(2 * beta) ** 2 * d
        energy = float(self.model.fields @ z + self.weights @ zz + self.model.offset)
        return Correlators(z, zz, energy)
