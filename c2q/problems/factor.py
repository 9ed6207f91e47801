"""Factoring: non-trivial factors ``p * q = n``, found variationally.

The cost ``(n - p q)**2`` is zero exactly at a factorisation (Burges 2002; Anschuetz et al.,
"Variational quantum factoring", 2019). ``p <= sqrt(n)`` and ``q <= n/2`` are written in binary;
for odd ``n`` both factors are odd, so their lowest bits are fixed to 1 and not given qubits.
The cost is expanded monomial by monomial (each term touches at most four qubits), so building
the operator never evaluates a candidate factor pair. Primes and ``n < 4`` are answered without a
quantum run.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from c2q.ising import ising_from_function, sum_ising
from c2q.problems.base import Answer, Encoding, Evaluation, Problem


def is_prime(n: int) -> bool:
    """Deterministic trial division (n is small enough to be solved here)."""
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


class Factor(Problem):
    """Non-trivial factors of ``n``; the objective is the residual ``|n - p q|`` (0 when correct)."""

    family = "factor"
    sense = "min"
    encodings = ("binary",)

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

    def _values(self) -> tuple[list[tuple[float, list[int]]], list[tuple[float, list[int]]]]:
        """``p`` and ``q`` as sums of (weight, [qubit]) terms; ``[]`` marks the constant bit."""
        low = [(1.0, [])] if self.fixed_low else []
        shift = self.fixed_low
        p = low + [(2.0 ** (i + shift), [i]) for i in range(self.p_bits)]
        q = low + [(2.0 ** (j + shift), [self.p_bits + j]) for j in range(self.q_bits)]
        return p, q

    def _encode(self, name: str) -> Encoding:
        width = self.p_bits + self.q_bits
        p, q = self._values()
        pq = [(wp * wq, sorted(set(sp + sq))) for (wp, sp), (wq, sq) in itertools.product(p, q)]
        # (n - pq)^2 = n^2 - 2 n pq + pq^2, every product a monomial in at most four bits
        monomials = [(-2.0 * self.n * w, s) for w, s in pq]
        monomials += [(w1 * w2, sorted(set(s1 + s2))) for (w1, s1), (w2, s2) in itertools.product(pq, pq)]
        constant = float(self.n) ** 2 + sum(c for c, support in monomials if not support)
        parts = [
            ising_from_function(lambda x, c=coeff: c * x.prod(axis=1), support, width)
            for coeff, support in monomials
            if support
        ]
        hamiltonian, offset = sum_ising(parts, width)
        offset += constant
        note = f"binary factor encoding: {self.p_bits} qubit(s) for p, {self.q_bits} for q"
        if self.fixed_low:
            note += " (lowest bits fixed to 1: n is odd)"
        return Encoding("binary", hamiltonian, offset, self.interpret, notes=[note])

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

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Trial division."""
        trivial = self.trivial_answer()
        if trivial is not None:
            return trivial, self.evaluate(trivial)
        p = next(d for d in range(2, math.isqrt(self.n) + 1) if self.n % d == 0)
        answer = {"n": self.n, "factors": [p, self.n // p], "prime": False}
        return answer, self.evaluate(answer)

    def describe(self) -> dict[str, Any]:
        """The number to factor."""
        return {"n": self.n}
