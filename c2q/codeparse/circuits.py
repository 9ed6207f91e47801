"""Quantum registers whose qubits a program sets with X gates: the operands of a quantum
arithmetic circuit (issue 25).

Hand-written quantum adders and multipliers state their inputs by flipping qubits::

    a = QuantumRegister(4)
    b = QuantumRegister(4)
    qc = QuantumCircuit(a, b, s)
    qc.x(a[1]); qc.x(a[2]); qc.x(a[3])      # a = 0b1110 = 14 (qubit i is bit i)
    qc.x(b[0]); qc.x(b[1]); qc.x(b[3])      # b = 0b1011 = 11
    add_ripple_ex(qc, a, b, s, 4)

Qiskit's ``QuantumRegister``/``QuantumCircuit`` are followed as :class:`Register` and
:class:`Circuit`: ``x`` on a qubit, a register or a circuit-wide qubit index flips bits; measuring
and barriers change nothing; any other gate on a register (``h``, ``cx``, ...) makes its value
unknown (a superposition or a computed value is not an operand). Nothing is simulated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: gates and instructions that leave the computational-basis value of their qubits as it is
NEUTRAL = frozenset({"measure", "measure_all", "barrier", "id", "i", "z", "s", "sdg", "t", "tdg", "p", "rz", "draw"})
MAX_QUBITS = 64


@dataclass(eq=False)
class Register:
    """A quantum register: its size, its name, and the value its X gates have set (qubit i is
    bit i), ``None`` once another gate has acted on it."""

    size: int
    name: str = ""
    value: int | None = 0

    def __getitem__(self, index: Any) -> Qubit | list[Qubit]:
        if isinstance(index, slice):
            return [Qubit(self, i) for i in range(self.size)[index]]
        if type(index) is not int or not -self.size <= index < self.size:
            raise IndexError(index)
        return Qubit(self, index % self.size)

    def __len__(self) -> int:
        return self.size

    def flip(self, index: int) -> None:
        if self.value is not None:
            self.value ^= 1 << index


@dataclass(frozen=True, eq=False)
class Qubit:
    """One qubit of a register (``a[1]``)."""

    register: Register
    index: int


@dataclass(eq=False)
class ClassicalBits:
    """A classical register: where measurements go, never an operand."""

    size: int


@dataclass(eq=False)
class Circuit:
    """A circuit over registers, its qubits numbered register after register."""

    registers: list[Register] = field(default_factory=list)

    def qubit(self, index: int) -> Qubit | None:
        for register in self.registers:
            if index < register.size:
                return Qubit(register, index)
            index -= register.size
        return None


def circuit_model(module: str, short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``QuantumRegister(n[, name])``, ``ClassicalRegister(n)``, ``QuantumCircuit(*registers)``
    from Qiskit; ``None`` for any other call (and for sizes past :data:`MAX_QUBITS`)."""
    if module.split(".")[0] != "qiskit":
        return None
    size = args[0] if args else kwargs.get("size")
    if short in ("QuantumRegister", "ClassicalRegister") and type(size) is int and 0 < size <= MAX_QUBITS:
        if short == "ClassicalRegister":
            return ClassicalBits(size)
        name = args[1] if len(args) > 1 else kwargs.get("name", "")
        return Register(size, name if isinstance(name, str) else "")
    if short == "QuantumCircuit" and args and all(isinstance(a, Register | ClassicalBits) for a in args):
        return Circuit([a for a in args if isinstance(a, Register)])
    return None


def circuit_method(circuit: Circuit, name: str, args: list[Any]) -> bool:
    """Apply ``circuit.name(*args)``: X gates flip bits, neutral instructions do nothing, any other
    gate makes the registers it touches unknown. False when an argument is not a qubit of the
    circuit (the call cannot be followed)."""
    qubits: list[Qubit] = []
    for arg in args:
        if isinstance(arg, Register):
            qubits += [Qubit(arg, i) for i in range(arg.size)]
        elif isinstance(arg, Qubit):
            qubits.append(arg)
        elif isinstance(arg, list) and all(isinstance(q, Qubit) for q in arg):
            qubits += arg
        elif type(arg) is int and (qubit := circuit.qubit(arg)) is not None:
            qubits.append(qubit)
        elif name not in NEUTRAL or not isinstance(arg, ClassicalBits | int | float | list):
            return False
    if name == "x":
        for qubit in qubits:
            qubit.register.flip(qubit.index)
    elif name not in NEUTRAL:
        for qubit in qubits:
            qubit.register.value = None
    return True
