"""Quantum arithmetic programs state their operands by flipping qubits with X gates (issue 25):
the registers' values are the operands, the routine applied to them names the operation, and a
register any other gate has touched is no operand."""

from __future__ import annotations

import textwrap

import pytest

from c2q.codeparse import parse_program
from c2q.errors import ProgramError

HEADER = """
from qiskit import QuantumCircuit, QuantumRegister, ClassicalRegister
from arith import {routine}

n = 4
a = QuantumRegister(n)
b = QuantumRegister(n)
out = QuantumRegister(n + 1)
c = ClassicalRegister(n + 1)
qc = QuantumCircuit(a, b, out, c)
"""


def parse(source: str):
    return parse_program(textwrap.dedent(source), "prog.py")


@pytest.mark.parametrize(("routine", "family"), [("add_ripple", "add"), ("subtract", "sub"), ("mult", "mul")])
def test_x_gates_set_the_operands_of_a_library_routine(routine: str, family: str):
    parsed = parse(
        HEADER.format(routine=routine)
        + f"""
qc.x(a[1])
qc.x(a[2])
qc.x(a[3])
qc.x(b[0])
qc.x(b[1])
qc.x(b[3])
{routine}(qc, a, b, out, n)
qc.measure(out, c)
"""
    )
    assert parsed.family == family
    assert parsed.spec.canonical["operands"] == [14, 11]  # qubit i is bit i
    assert parsed.spec.canonical["bits"] == 4


def test_a_whole_register_and_a_circuit_wide_qubit_index():
    parsed = parse(
        HEADER.format(routine="adder")
        + """
qc.x(b)
qc.x(0)
adder(qc, a, b, out, n)
"""
    )
    assert parsed.spec.canonical["operands"] == [1, 15]


def test_a_register_in_superposition_is_not_an_operand():
    with pytest.raises(ProgramError):
        parse(
            HEADER.format(routine="adder")
            + """
qc.h(a)
qc.x(b[0])
adder(qc, a, b, out, n)
"""
        )


def test_a_routine_of_the_program_itself_takes_the_registers():
    parsed = parse(
        """
        from qiskit import QuantumCircuit, QuantumRegister

        def adder(circuit, x, y, carry):
            for i in range(len(x)):
                circuit.ccx(x[i], y[i], carry[i + 1])
                circuit.cx(x[i], y[i])

        x = QuantumRegister(3)
        y = QuantumRegister(3)
        carry = QuantumRegister(4)
        qc = QuantumCircuit(x, y, carry)
        qc.x(x[0])
        qc.x(x[2])
        qc.x(y[1])
        adder(qc, x, y, carry)
        """
    )
    assert parsed.family == "add"
    assert parsed.spec.canonical["operands"] == [5, 2]
