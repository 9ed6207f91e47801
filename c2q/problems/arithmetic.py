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

Signed operands (either one negative; ``|operand| < 2**bits`` still): both operands are loaded
sign-extended, as ``value mod 2**W``, into ``W``-qubit registers, the circuit computes modulo
``2**W``, and the ``W``-bit result register is read in two's complement. ``W`` is chosen so that
the exact signed result always fits:

- add and sub: ``bits + 2`` (``|a +- b| < 2**(bits+1)``: one bit for the carry, one for the sign);
- mul: ``a_bits + b_bits + 1`` (``|a * b| < 2**(a_bits+b_bits)``, plus the sign bit); the product
  of two ``W``-bit two's-complement numbers modulo ``2**W`` is their signed product.

The answer then carries ``signed: True``. Non-negative operands keep the unsigned circuits above
(same widths, same qubits).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from c2q.encoding import Answer, ArithmeticEncoding, Evaluation, Reference
from c2q.problems.base import Problem


class IntegerArithmetic(Problem):
    """Shared maths of the arithmetic families; the objective is the integer result."""

    sense = "max"
    encodings = ("basis",)
    operation: ClassVar[str]

    def __init__(self, a: int, b: int, a_bits: int, b_bits: int) -> None:
        self.a, self.b = a, b
        self.a_bits, self.b_bits = a_bits, b_bits

    @property
    def bits(self) -> int:
        """Operand width: the wider of the two."""
        return max(self.a_bits, self.b_bits)

    @property
    def signed(self) -> bool:
        """Whether an operand is negative: the circuit then works in two's complement."""
        return self.a < 0 or self.b < 0

    @property
    def width(self) -> int:
        """Qubits per operand register (two's-complement register width when :attr:`signed`)."""
        return self.bits + 2 if self.signed else self.bits

    def exact(self) -> int:
        """The result Python computes."""
        raise NotImplementedError

    def from_register(self, value: int) -> int:
        """Integer meaning of the measured result register: two's complement over :attr:`width`
        bits when :attr:`signed`, else the plain binary value."""
        return twos_complement(value, self.width) if self.signed else value

    def _encode(self, name: str) -> ArithmeticEncoding:
        notes = []
        if self.signed:
            notes.append(
                f"signed operands: loaded in two's complement on {self.width}-qubit registers, "
                f"result read modulo 2**{self.width}"
            )
        return ArithmeticEncoding(
            self.operation,  # type: ignore[arg-type]
            (self.a, self.b),
            self.width,
            self.interpret,
            notes=notes,
            signed=self.signed,
        )

    def _encoded_qubits(self, name: str) -> None:
        """``None``: the circuit's width is the adder's or multiplier's the algorithm picks (ripple or QFT);
        the operand widths are bounded when the spec is read."""
        return None

    def interpret(self, x: np.ndarray) -> Answer:
        """Result register bits (bit 0 first) to the answer (Python integers: registers may exceed 64 bits)."""
        return self._answer(self.from_register(sum(int(bit) << i for i, bit in enumerate(np.asarray(x)))))

    def _answer(self, value: int) -> Answer:
        answer: Answer = {"operands": [self.a, self.b], "result": value, **self.flags(value)}
        if self.signed:
            answer["signed"] = True
        return answer

    def flags(self, value: int) -> dict[str, Any]:
        """Extra facts about a result (overflow...)."""
        return {}

    def evaluate(self, answer: Answer) -> Evaluation:
        """Correct when the result equals the classically computed one."""
        return Evaluation(objective=float(answer["result"]), feasible=answer["result"] == self.exact())

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """Python's integer arithmetic.

        :param time_limit: ignored: the answer is immediate.
        """
        answer = self._answer(self.exact())
        return Reference.proven(answer, self.evaluate(answer), "integer arithmetic")

    def describe(self) -> dict[str, Any]:
        """Operands and widths (and ``signed`` when an operand is negative)."""
        summary = {"operation": self.operation, "operands": [self.a, self.b], "bits": [self.a_bits, self.b_bits]}
        return {**summary, "signed": True} if self.signed else summary


def twos_complement(value: int, width: int) -> int:
    """The signed integer a ``width``-bit register holding ``value`` (``0 <= value < 2**width``) encodes."""
    return value - 2**width if value >= 2 ** (width - 1) else value


class Add(IntegerArithmetic):
    """``a + b`` with a ripple-carry adder."""

    family = "add"
    operation = "add"

    def exact(self) -> int:
        """``a + b``."""
        return self.a + self.b

    def flags(self, value: int) -> dict[str, Any]:
        """``overflow``: the sum's magnitude needs more than ``bits`` bits."""
        return {"overflow": abs(value) >= 2**self.bits}


class Sub(IntegerArithmetic):
    """``a - b`` in two's complement."""

    family = "sub"
    operation = "sub"

    @property
    def width(self) -> int:
        """One sign bit more than the operands (two, with the carry, when an operand is negative)."""
        return self.bits + 2 if self.signed else self.bits + 1

    def exact(self) -> int:
        """``a - b``."""
        return self.a - self.b

    def from_register(self, value: int) -> int:
        """Two's complement over ``width`` bits (negative differences come back negative)."""
        return twos_complement(value, self.width)

    def flags(self, value: int) -> dict[str, Any]:
        """``negative``: the difference is below zero."""
        return {"negative": value < 0}


class Mul(IntegerArithmetic):
    """``a * b`` with a multiplier circuit."""

    family = "mul"
    operation = "mul"

    @property
    def width(self) -> int:
        """The wider operand's bits; signed: ``a_bits + b_bits + 1``, enough for the signed product."""
        return self.a_bits + self.b_bits + 1 if self.signed else self.bits

    def exact(self) -> int:
        """``a * b``."""
        return self.a * self.b
