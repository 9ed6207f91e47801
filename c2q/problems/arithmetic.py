"""Integer arithmetic: ``a + b``, ``a - b`` and ``a * b`` computed by reversible quantum circuits.

The operands are loaded as basis states, an adder or multiplier from Qiskit's circuit library
runs, and the result register is measured. The answer is the integer the circuit outputs,
checked against Python's own arithmetic.

- add: ``bits``-bit operands, ``bits + 1``-bit sum (the carry). ``overflow`` is true when the
  sum does not fit in ``bits`` bits.
- sub: the operands are widened to ``bits + 1`` bits and ``a - b = a + ~b + 1`` is taken in
  two's complement, so negative differences come back negative.
- mul: ``a_bits`` x ``b_bits`` operands (both registers as wide as the wider one), and a
  product register of twice that width.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from c2q.problems.base import Answer, ArithmeticEncoding, Evaluation, Problem


class IntegerArithmetic(Problem):
    """Shared maths of the arithmetic families; the objective is the integer result."""

    sense = "max"
    encodings = ("basis",)
    operation: ClassVar[str]

    def __init__(self, a: int, b: int, a_bits: int, b_bits: int) -> None:
        self.a, self.b = a, b
        self.a_bits, self.b_bits = a_bits, b_bits

    @property
    def width(self) -> int:
        """Qubits per operand register."""
        return max(self.a_bits, self.b_bits)

    def exact(self) -> int:
        """The result Python computes."""
        raise NotImplementedError

    def from_register(self, value: int) -> int:
        """Integer meaning of the measured result register."""
        return value

    def _encode(self, name: str) -> ArithmeticEncoding:
        return ArithmeticEncoding(self.operation, (self.a, self.b), self.width, self.interpret)  # type: ignore[arg-type]

    def interpret(self, x: np.ndarray) -> Answer:
        """Result register bits (bit 0 first) to the answer."""
        value = self.from_register(int(np.asarray(x, dtype=np.int64) @ (1 << np.arange(len(x)))))
        return {"operands": [self.a, self.b], "result": value, **self.flags(value)}

    def flags(self, value: int) -> dict[str, Any]:
        """Extra facts about a result (overflow...)."""
        return {}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Correct when the result equals the classically computed one."""
        return Evaluation(objective=float(answer["result"]), feasible=answer["result"] == self.exact())

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """Python's integer arithmetic."""
        answer = {"operands": [self.a, self.b], "result": self.exact(), **self.flags(self.exact())}
        return answer, self.evaluate(answer)

    def describe(self) -> dict[str, Any]:
        """Operands and widths."""
        return {"operation": self.operation, "operands": [self.a, self.b], "bits": [self.a_bits, self.b_bits]}


class Add(IntegerArithmetic):
    """``a + b`` with a ripple-carry adder."""

    family = "add"
    operation = "add"

    def exact(self) -> int:
        """``a + b``."""
        return self.a + self.b

    def flags(self, value: int) -> dict[str, Any]:
        """``overflow``: the sum needs more than ``bits`` bits."""
        return {"overflow": value >= 2**self.width}


class Sub(IntegerArithmetic):
    """``a - b`` in two's complement."""

    family = "sub"
    operation = "sub"

    @property
    def width(self) -> int:
        """One sign bit more than the operands."""
        return max(self.a_bits, self.b_bits) + 1

    def exact(self) -> int:
        """``a - b``."""
        return self.a - self.b

    def from_register(self, value: int) -> int:
        """Two's complement over ``width`` bits."""
        return value - 2**self.width if value >= 2 ** (self.width - 1) else value

    def flags(self, value: int) -> dict[str, Any]:
        """``negative``: the difference is below zero."""
        return {"negative": value < 0}


class Mul(IntegerArithmetic):
    """``a * b`` with a multiplier circuit."""

    family = "mul"
    operation = "mul"

    def exact(self) -> int:
        """``a * b``."""
        return self.a * self.b
