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


QAOA = """
import networkx as nx
from qiskit import QuantumCircuit

def qaoa_circuit(graph, gamma, beta):
    n = graph.number_of_nodes()
    qc = QuantumCircuit(n)
    qc.h(range(n))
    for u, v in graph.edges():
{cost}
{field}
    for q in range(n):
        qc.rx(2 * beta, q)
    return qc

g = nx.Graph()
g.add_edges_from([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)])
qc = qaoa_circuit(g, 0.4, 0.7)
"""


@pytest.mark.parametrize(
    "cost",
    ["        qc.rzz(2 * gamma, u, v)", "        qc.cx(u, v)\n        qc.rz(2 * gamma, v)\n        qc.cx(u, v)"],
)
def test_a_zz_rotation_on_every_edge_is_a_cuts_cost_layer(cost: str):
    parsed = parse(QAOA.format(cost=cost, field=""))
    assert parsed.family == "maxcut"
    assert any("ZZ on the two ends of each edge" in str(e) for e in parsed.evidence)
    assert len(parsed.spec.canonical["graph"]["edges"]) == 5


def test_a_field_on_every_node_is_not_a_cut():
    """ZZ on the edges and Z on the nodes: an independent set or a cover (penalties and a count),
    not a cut; the shape alone says nothing then."""
    field = "    for q in range(n):\n        qc.rz(gamma, q)"
    with pytest.raises(ProgramError):
        parse(QAOA.format(cost="        qc.rzz(2 * gamma, u, v)", field=field))


@pytest.mark.parametrize(
    ("call", "family"),
    [
        ("qml.qaoa.maxcut(g)", "maxcut"),
        ("Maxcut(g).to_quadratic_program()", "maxcut"),
        ("StableSet(g).to_quadratic_program()", "mis"),
        ("VertexCover(g).to_quadratic_program()", "vc"),
    ],
)
def test_the_problem_classes_of_quantum_optimisation_libraries(call: str, family: str):
    parsed = parse(
        f"""
        import networkx as nx
        import pennylane as qml
        from qiskit_optimization.applications import Maxcut, StableSet, VertexCover

        g = nx.cycle_graph(5)
        problem = {call}
        """
    )
    assert parsed.family == family
    assert len(parsed.spec.canonical["graph"]["edges"]) == 5
