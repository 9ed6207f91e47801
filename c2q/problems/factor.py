"""Factoring: non-trivial factors ``p * q = n``, by Grover search or variationally.

``p <= sqrt(n)`` and ``q <= n/2`` are written in binary; for odd ``n`` both factors are odd, so
their lowest bits are fixed to 1 and not searched. Two encodings over the same bits (``p``'s bits
first, then ``q``'s), so both decode alike:

- ``oracle`` (default on simulators while its circuit has at most :data:`ORACLE_MAX_QUBITS` qubits): Grover
  search over ``(p, q)``. The phase oracle multiplies the two registers with Qiskit's reversible
  cumulative multiplier (Haener et al. 2018) into a product register, flips the phase where that
  register holds ``n``, and uncomputes the product. Nothing classical enumerates candidates: the
  oracle is the multiplication circuit.
- ``binary``: the cost ``(n - p q)**2``, zero exactly at a factorisation (Burges 2002; Anschuetz
  et al., "Variational quantum factoring", 2019), as an Ising Hamiltonian for VQE or QAOA. It is
  expanded monomial by monomial (each term touches at most four qubits), so building the operator
  never evaluates a candidate factor pair; it needs only the search bits as qubits, so it
  reaches larger ``n`` than the oracle.

Primes and ``n < 4`` are answered without a quantum run.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, OracleEncoding, Reference
from c2q.ising import ising_from_function, sum_ising
from c2q.problems.base import Problem

#: ``auto`` picks the oracle encoding up to this many qubits (four per operand bit), else the binary
#: (VQE) encoding. benchmarks/results/factor_encodings_b6bfa94: at 20 oracle qubits (n = 32 to 62)
#: Grover and VQE were right on 47 of 47 solves, Grover in a median 10 s (up to 71 s) with P(optimum)
#: 0.14, VQE in 0.17 s with 0.63; at 12-16 qubits Grover takes at most a few seconds
ORACLE_MAX_QUBITS = 16


def is_prime(n: int) -> bool:
    """Deterministic trial division (n is small enough to be solved here)."""
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


class Factor(Problem):
    """Non-trivial factors of ``n``; the objective is the residual ``|n - p q|`` (0 when correct)."""

    family = "factor"
    sense = "min"
    encodings = ("oracle", "binary")

    def __init__(self, n: int) -> None:
        self.n = n
        odd = n % 2 == 1
        self.fixed_low = 1 if odd else 0  # lowest bit of p and q fixed to 1 for odd n
        p_max, q_max = math.isqrt(n), n // 3 if odd else n // 2
        self.p_bits = max(p_max.bit_length() - self.fixed_low, 1)
        self.q_bits = max(q_max.bit_length() - self.fixed_low, 1)

    def trivial_answer(self) -> Answer | None:
        """Primes and ``n < 4`` have no non-trivial factors."""
        if self.n < 4 or is_prime(self.n):
            return {"n": self.n, "factors": None, "prime": self.n >= 2}
        return None

    @property
    def operand_width(self) -> int:
        """Qubits per multiplier operand: the wider factor, its fixed lowest bit included."""
        return max(self.p_bits, self.q_bits) + self.fixed_low

    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False, quadratic: bool = False) -> str:
        """``oracle`` while its circuit has at most :data:`ORACLE_MAX_QUBITS` qubits, else ``binary``;
        always ``binary`` on hardware, where the oracle's thousands of two-qubit gates leave noise only."""
        if hardware or oracle_qubits(self.operand_width) > ORACLE_MAX_QUBITS:
            return "binary"
        return "oracle"

    def _encoded_qubits(self, name: str) -> int:
        """``oracle``: :func:`oracle_qubits` of the operand width; ``binary``: the searched bits of ``p`` and ``q``."""
        return oracle_qubits(self.operand_width) if name == "oracle" else self.p_bits + self.q_bits

    def _values(self) -> tuple[list[tuple[float, list[int]]], list[tuple[float, list[int]]]]:
        """``p`` and ``q`` as sums of (weight, [qubit]) terms; ``[]`` marks the constant bit."""
        low: list[tuple[float, list[int]]] = [(1.0, [])] if self.fixed_low else []
        shift = self.fixed_low
        p = low + [(2.0 ** (i + shift), [i]) for i in range(self.p_bits)]
        q = low + [(2.0 ** (j + shift), [self.p_bits + j]) for j in range(self.q_bits)]
        return p, q

    def _encode(self, name: str) -> Encoding | ProductOracle:
        if name == "oracle":
            return ProductOracle(self)
        width = self.p_bits + self.q_bits
        p, q = self._values()
        pq = [(wp * wq, sorted(set(sp + sq))) for (wp, sp), (wq, sq) in itertools.product(p, q)]
        # (n - pq)^2 = n^2 - 2 n pq + pq^2, every product a monomial in at most four bits
        monomials = [(-2.0 * self.n * w, s) for w, s in pq]
        monomials += [(w1 * w2, sorted(set(s1 + s2))) for (w1, s1), (w2, s2) in itertools.product(pq, pq)]
        constant = float(self.n) ** 2 + sum(c for c, support in monomials if not support)
        parts = []
        for coeff, support in monomials:
            if not support:
                continue

            def monomial(x: np.ndarray, c: float = coeff) -> np.ndarray:
                return c * x.prod(axis=1)

            parts.append(ising_from_function(monomial, support, width))
        hamiltonian, offset = sum_ising(parts, width)
        offset += constant
        note = f"binary factor encoding: {self.p_bits} qubit(s) for p, {self.q_bits} for q"
        if self.fixed_low:
            note += " (lowest bits fixed to 1: n is odd)"
        names = [f"p[{i + self.fixed_low}]" for i in range(self.p_bits)]
        names += [f"q[{j + self.fixed_low}]" for j in range(self.q_bits)]
        return Encoding("binary", hamiltonian, offset, self.interpret, notes=[note], variables=names)

    def interpret(self, x: np.ndarray) -> Answer:
        """Bits to the candidate pair ``(p, q)``."""
        x = np.asarray(x, dtype=np.int64)
        p, q = self._values()
        value_p = int(sum(w * (x[s[0]] if s else 1) for w, s in p))
        value_q = int(sum(w * (x[s[0]] if s else 1) for w, s in q))
        return {"n": self.n, "factors": sorted([value_p, value_q]), "prime": False}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Residual ``|n - p q|``; feasible when ``p q = n`` with ``1 < p, q < n``."""
        if answer["factors"] is None:
            return Evaluation(objective=0.0, feasible=self.trivial_answer() is not None)
        p, q = answer["factors"]
        correct = p * q == self.n and 1 < p < self.n and 1 < q < self.n
        return Evaluation(objective=float(abs(self.n - p * q)), feasible=correct)

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """Trial division: immediate at the 20 bits a number may have.

        :param time_limit: ignored: the answer is immediate.
        """
        trivial = self.trivial_answer()
        if trivial is not None:
            return Reference.proven(trivial, self.evaluate(trivial), "trial division")
        p = next(d for d in range(2, math.isqrt(self.n) + 1) if self.n % d == 0)
        answer = {"n": self.n, "factors": [p, self.n // p], "prime": False}
        return Reference.proven(answer, self.evaluate(answer), "trial division")

    def describe(self) -> dict[str, Any]:
        """The number to factor."""
        return {"n": self.n}


def oracle_qubits(width: int) -> int:
    """Qubits of the product oracle for ``width``-qubit operands: two operands and the ``2 width``
    product (Qiskit's cumulative multiplier with its default adder needs no further work qubits)."""
    return 4 * width


class ProductOracle(OracleEncoding):
    """Grover encoding of :class:`Factor`: the oracle marks ``(p, q)`` with ``p q = n``.

    Qubits: the searched bits of ``p`` then of ``q`` (as in the binary encoding), then work qubits:
    each factor's fixed lowest bit (odd ``n``) and zero padding up to the multiplier's operand
    width ``w``, then the ``2w``-qubit product register.
    """

    name = "oracle"
    searched = "factoring's oracle encoding"
    other = " (or --encoding binary: VQE or QAOA)"

    def __init__(self, problem: Factor) -> None:
        self.problem = problem
        self.num_variables = problem.p_bits + problem.q_bits
        self.interpret = problem.interpret
        self.notes = [
            f"product oracle: {problem.p_bits} searched bit(s) for p, {problem.q_bits} for q"
            + (" (lowest bits fixed to 1: n is odd)" if problem.fixed_low else "")
            + f"; {problem.operand_width}-qubit operands, {2 * problem.operand_width}-qubit product"
        ]

    @property
    def num_qubits(self) -> int:
        """Variables and work qubits."""
        return oracle_qubits(self.problem.operand_width)

    def oracle(self) -> Any:
        """Multiply, flip the phase where the product is ``n``, uncompute."""
        from qiskit import QuantumCircuit
        from qiskit.synthesis import multiplier_cumulative_h18

        problem, w = self.problem, self.problem.operand_width
        multiplier = multiplier_cumulative_h18(w, 2 * w)
        work = iter(range(self.num_variables, self.num_qubits))
        fixed = [next(work) for _ in range(2 * problem.fixed_low)]  # lowest bits of p and q
        p_vars = list(range(problem.p_bits))
        q_vars = list(range(problem.p_bits, self.num_variables))
        a = fixed[:1] + p_vars
        a += [next(work) for _ in range(w - len(a))]
        b = fixed[1:] + q_vars
        b += [next(work) for _ in range(w - len(b))]
        product = list(work)
        wires = a + b + product
        metadata = {"construction": "cumulative multiplier (Haener et al. 2018), product compared with n"}
        qc = QuantumCircuit(self.num_qubits, name="oracle", metadata=metadata)
        if fixed:
            qc.x(fixed)
        qc.compose(multiplier, wires, inplace=True)
        zeros = [product[i] for i in range(2 * w) if not (problem.n >> i) & 1]
        if zeros:
            qc.x(zeros)
        qc.h(product[-1])  # multi-controlled Z on the product register: phase -1 iff it holds n
        qc.mcx(product[:-1], product[-1])
        qc.h(product[-1])
        if zeros:
            qc.x(zeros)
        qc.compose(multiplier.inverse(), wires, inplace=True)
        if fixed:
            qc.x(fixed)
        qc.metadata["oracle_gates"] = qc.size()
        return qc

    def satisfied(self, bits: np.ndarray) -> np.ndarray:
        """Whether ``p q = n`` for each row of bits."""
        bits = np.atleast_2d(bits)
        return np.array([self.problem.evaluate(self.interpret(row)).feasible for row in bits])

    def summary(self) -> dict[str, Any]:
        """Searched bits and the multiplier's operand width."""
        return {"variables": self.num_variables, "operand_width": self.problem.operand_width}
