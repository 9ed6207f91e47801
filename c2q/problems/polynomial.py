"""Your own model: minimise a polynomial over binary (0/1) or spin (+1/-1) variables.

QUBO and Ising models are its degree-2 cases; a higher-order term (``x0 x1 x2``) runs as it is, as a
Z-string of its own in the operator: a simulated QAOA or VQE needs no quadratisation (no auxiliary
variables), and the operator's ground state is the model's optimum. Only where the algorithm needs
an operator of one- and two-qubit terms (recursive QAOA, which ``auto`` picks past exact
simulation) is the model quadratised (encoding ``quadratic``, :meth:`BinaryPolynomial.quadratised`):
Rosenberg's substitution of a product of two bits by an auxiliary bit, with a penalty that makes
any other value of it cost more than it could gain; the result's notes say so.

Conventions: qubit ``q`` is variable ``variables[q]``; bit 0 is binary 0 and spin +1 (``z = 1 - 2x``,
as everywhere in c2q), so a spin variable is the Z eigenvalue of its qubit.

Exact reference: brute force over every assignment up to :data:`BRUTE_FORCE_VARIABLES` variables,
else a HiGHS MILP with one variable per product (its linearisation is exact: ``y <= x_i`` for each
factor and ``y >= sum x_i - (k - 1)``), spins rewritten over bits first. Both evaluate the polynomial
itself, never the Ising operator, so they check the encoding rather than repeat it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference
from c2q.problems.base import Problem, same_sign_ratio
from c2q.problems.exact import BinaryProgram, program_reference

#: the brute-force reference runs up to this many variables, and while ``2**n`` times the number of
#: terms stays within :data:`BRUTE_FORCE_WORK` (about a second of numpy); a MILP beyond
BRUTE_FORCE_VARIABLES = 22
BRUTE_FORCE_WORK = 2**27

Term = tuple[tuple[int, ...], float]


class BinaryPolynomial(Problem):
    """A higher-order binary (HUBO) or spin model: ``offset + sum_t c_t prod_{i in t} v_i``, minimised.

    :param variables: the user's name of each variable, ``variables[q]`` on qubit ``q``.
    :param terms: ``(indices, coefficient)`` pairs, indices distinct and sorted, none empty.
    :param offset: the constant term.
    :param vartype: ``binary`` (``v in {0, 1}``) or ``spin`` (``v in {-1, +1}``).
    """

    family = "hubo"
    sense = "min"
    encodings = ("ising", "quadratic")

    def __init__(
        self, variables: Sequence[int | str], terms: Sequence[Term], offset: float = 0.0, vartype: str = "binary"
    ) -> None:
        if vartype not in ("binary", "spin"):
            raise ValueError(f"vartype must be 'binary' or 'spin', got {vartype!r}")
        self.variables = list(variables)
        self.terms = [(tuple(int(i) for i in idx), float(c)) for idx, c in terms]
        self.offset = float(offset)
        self.vartype = vartype
        self.num_variables = len(self.variables)

    @property
    def degree(self) -> int:
        """The largest number of variables in one term (2 for a QUBO or an Ising model)."""
        return max((len(idx) for idx, _ in self.terms), default=0)

    # ---- the model's own arithmetic (the decoder and the references use it, never the operator) -----
    def values(self, bits: np.ndarray) -> np.ndarray:
        """Variable values for rows of qubit bits: the bits themselves, or spins ``1 - 2 x``."""
        bits = np.asarray(bits, dtype=np.int64)
        return bits if self.vartype == "binary" else 1 - 2 * bits

    def energy_of_values(self, values: np.ndarray) -> np.ndarray:
        """The polynomial at each row of variable values (shape ``(m, n)``)."""
        values = np.atleast_2d(np.asarray(values, dtype=float))
        total = np.full(len(values), self.offset)
        for idx, coefficient in self.terms:
            total += coefficient * np.prod(values[:, list(idx)], axis=1)
        return total

    # ---- encoding --------------------------------------------------------------------------------
    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False, quadratic: bool = False) -> str:
        """``ising`` (terms as they are), or ``quadratic`` when the algorithm needs two-qubit terms at most
        and the model has higher ones."""
        return "quadratic" if quadratic and self.degree > 2 else "ising"

    def _encoded_qubits(self, name: str) -> int:
        """One qubit per variable (the model has no constraints: no slack), and one per auxiliary bit
        of the ``quadratic`` encoding."""
        return self.num_variables + (len(self.quadratised[2]) if name == "quadratic" else 0)

    @cached_property
    def quadratised(self) -> tuple[list[Term], float, list[tuple[int, int, float]]]:
        """The model over bits with every term of at most two variables, by Rosenberg's substitution.

        While a term has three or more variables, the pair of variables most of them share,
        ``x_i x_j``, becomes a new bit ``y`` in each of them, and ``M (x_i x_j - 2 x_i y - 2 x_j y + 3 y)``
        is added: 0 when ``y = x_i x_j``, at least ``M`` otherwise. ``M`` is 1 plus the magnitudes of
        the terms ``y`` entered, the most a wrong ``y`` could gain there, so the minimum, reached with
        every ``y`` right, is the model's (Rosenberg 1975; Boros and Hammer 2002).

        :return: terms over the variables then the auxiliary bits (bit ``n + k`` is the ``k``-th),
            the constant, and each auxiliary bit's ``(i, j, M)``.
        """
        terms, constant = self.binary_form()
        merged = dict(terms)
        auxiliary: list[tuple[int, int, float]] = []
        while True:
            high = [idx for idx in merged if len(idx) > 2]
            if not high:
                break
            pairs = Counter(pair for idx in high for pair in combinations(idx, 2))
            (i, j), _ = min(pairs.items(), key=lambda item: (-item[1], item[0]))
            y = self.num_variables + len(auxiliary)
            weight = 1.0
            for idx in [idx for idx in high if i in idx and j in idx]:
                coefficient = merged.pop(idx)
                weight += abs(coefficient)
                reduced = tuple(sorted((set(idx) - {i, j}) | {y}))
                merged[reduced] = merged.get(reduced, 0.0) + coefficient
            for idx, coefficient in (
                ((i, j), weight),
                ((i, y), -2 * weight),
                ((j, y), -2 * weight),
                ((y,), 3 * weight),
            ):
                merged[idx] = merged.get(idx, 0.0) + coefficient
            auxiliary.append((i, j, weight))
        return [(idx, c) for idx, c in merged.items() if c != 0.0], constant, auxiliary

    def _encode(self, name: str) -> Encoding:
        if name == "quadratic":
            return self._quadratic_encoding()
        return self._operator_encoding()

    def _quadratic_encoding(self) -> Encoding:
        """The :meth:`quadratised` model's operator; the answer reads the variables' bits only."""
        terms, constant, auxiliary = self.quadratised
        names = [str(v) for v in self.variables]
        for i, j, _ in auxiliary:  # an auxiliary bit is named by the product it stands for
            names.append(f"{names[i]}*{names[j]}")
        encoding = BinaryPolynomial(names, terms, constant)._operator_encoding()
        shown = ", ".join(names[self.num_variables : self.num_variables + 3])
        more = f" and {len(auxiliary) - 3} more" if len(auxiliary) > 3 else ""
        note = (
            f"quadratised for an algorithm of two-qubit terms: {len(auxiliary)} auxiliary bit(s) for the products "
            f"{shown}{more}, each with a penalty that makes any other value cost more than it gains (Rosenberg)"
        )
        return replace(encoding, interpret=self.interpret, notes=[note], name="quadratic")

    def _operator_encoding(self) -> Encoding:
        from qiskit.quantum_info import PauliList, SparsePauliOp

        if self.vartype == "spin":  # prod s_i = prod z_i: the terms as they are
            coefficients: dict[tuple[int, ...], float] = {}
            for idx, coefficient in self.terms:
                coefficients[idx] = coefficients.get(idx, 0.0) + coefficient
            offset = self.offset
        else:  # x = (1 - z) / 2
            coefficients, constant = substitute(self.terms, scale=0.5, ratio=-1.0)
            offset = self.offset + constant
        kept = [(subset, value) for subset, value in coefficients.items() if abs(value) > 1e-12]
        n = self.num_variables
        if kept:
            z = np.zeros((len(kept), n), dtype=bool)
            for row, (subset, _) in enumerate(kept):
                z[row, list(subset)] = True
            operator = SparsePauliOp(PauliList.from_symplectic(z, np.zeros_like(z)), [v for _, v in kept])
        else:
            operator = SparsePauliOp("I" * n, 0.0)
        notes = [] if self.degree <= 2 else [f"terms up to degree {self.degree} run as Z-strings of that weight"]
        return Encoding(
            name="ising",
            hamiltonian=operator,
            offset=offset,
            interpret=self.interpret,
            notes=notes,
            variables=[str(name) for name in self.variables],
        )

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the assignment, by the user's variable names, and its energy."""
        values = self.values(np.asarray(x)[: self.num_variables])
        return {
            "assignment": {str(name): int(v) for name, v in zip(self.variables, values, strict=True)},
            "energy": float(self.energy_of_values(values)[0]),
        }

    def evaluate(self, answer: Answer) -> Evaluation:
        """The energy of the assignment, recomputed from the terms."""
        assignment = answer["assignment"]
        values = np.array([assignment[str(name)] for name in self.variables], dtype=float)
        return Evaluation(objective=float(self.energy_of_values(values)[0]), feasible=True)

    # ---- exact reference -------------------------------------------------------------------------
    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """Brute force over every assignment when that is small work, else a HiGHS MILP (see the module)."""
        n = self.num_variables
        if n <= BRUTE_FORCE_VARIABLES and 2**n * max(1, len(self.terms)) <= BRUTE_FORCE_WORK:
            best, best_energy = np.zeros(n, dtype=np.int8), np.inf
            for start in range(0, 2**n, 2**16):  # in blocks of assignments, to bound the memory
                bits = _block(n, start, 2**16)
                energies = self.energy_of_values(self.values(bits))
                row = int(np.argmin(energies))
                if energies[row] < best_energy - 1e-12:
                    best, best_energy = bits[row], float(energies[row])
            answer = self.interpret(best)
            return Reference.proven(answer, self.evaluate(answer), "brute force")
        return self._milp(time_limit)

    def _milp(self, time_limit: float | None) -> Reference:
        terms, constant = self.binary_form()
        products = [idx for idx, _ in terms if len(idx) > 1]
        n = self.num_variables
        column = {idx: n + k for k, idx in enumerate(products)}
        objective = np.zeros(n + len(products))
        for idx, coefficient in terms:
            objective[idx[0] if len(idx) == 1 else column[idx]] += coefficient
        program = BinaryProgram(objective, "min", integer=np.arange(len(objective)) < n)
        for idx, y in column.items():
            for i in idx:
                program.constrain([y, i], [1, -1], upper=0)
            program.constrain([y, *idx], [1, *([-1] * len(idx))], lower=1 - len(idx))
        outcome = program.solve(time_limit)
        reference = program_reference(self, outcome, lambda x: self.interpret(np.round(x[:n]).astype(int)))
        if reference.optimal:
            return reference
        # the program leaves out the constant: its bound needs it (answers are evaluated in full)
        return replace(reference, bound=reference.bound + constant)

    def binary_form(self) -> tuple[list[Term], float]:
        """The model over the qubits' bits ``x`` (spins rewritten with ``s = 1 - 2 x``): terms and constant."""
        if self.vartype == "binary":
            return self.terms, self.offset
        merged, constant = substitute(self.terms, scale=1.0, ratio=-2.0)
        return [(idx, c) for idx, c in sorted(merged.items()) if abs(c) > 1e-12], self.offset + constant

    def approximation_ratio(self, objective: float, optimum: float) -> float | None:
        """As for any energy: 1 at the optimum, smaller further away; ``None`` across signs (see
        :func:`~c2q.problems.base.same_sign_ratio`)."""
        return same_sign_ratio(objective, optimum)

    def describe(self) -> dict[str, Any]:
        """Variables, terms, degree and variable type."""
        return {
            "vartype": self.vartype,
            "variables": self.num_variables,
            "terms": len(self.terms),
            "degree": self.degree,
            "offset": self.offset,
        }


def substitute(terms: Sequence[Term], scale: float, ratio: float) -> tuple[dict[tuple[int, ...], float], float]:
    """Rewrite ``sum_t c_t prod_{i in t} v_i`` in new variables ``w`` with ``v = scale (1 + ratio w)``.

    A term over ``k`` variables becomes ``c scale^k sum over subsets S of ratio^|S| w_S``: bits as Z
    eigenvalues are ``scale = 1/2, ratio = -1``; spins as bits ``scale = 1, ratio = -2``.

    :return: the coefficient of each non-empty subset (summed over the terms), and the constant.
    """
    merged: dict[tuple[int, ...], float] = {}
    constant = 0.0
    for idx, coefficient in terms:
        base = coefficient * scale ** len(idx)
        for size in range(len(idx) + 1):
            for subset in combinations(idx, size):
                if subset:
                    merged[subset] = merged.get(subset, 0.0) + base * ratio**size
                else:
                    constant += base
    return merged, constant


def _block(n: int, start: int, size: int) -> np.ndarray:
    """Assignments ``start .. start + size - 1`` of ``n`` bits (bit ``j`` of the index in column ``j``)."""
    idx = np.arange(start, min(start + size, 2**n), dtype=np.int64)
    return ((idx[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int8)
