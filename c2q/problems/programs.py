"""The quadratic programs of the QUBO graph families, as qiskit-optimization's application classes
(``Maxcut``, ``StableSet``, ``VertexCover``, ``Clique``) write them: same variables ``x_i``, same
objective and constraints, so the same QUBO and Ising operator come out of the converters.

They are written here with :class:`~qiskit_optimization.QuadraticProgram` directly because
importing ``qiskit_optimization.applications`` loads the package's algorithms (scipy.stats,
matplotlib, docplex): about one second of every solve, against 0.1 s for the problem classes and
converters. ``tests/test_programs.py`` checks each one against the application class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


def _binary_program(name: str, n: int) -> Any:
    from qiskit_optimization import QuadraticProgram

    program = QuadraticProgram(name)
    for i in range(n):
        program.binary_var(f"x_{i}")
    return program


def maxcut_program(graph: nx.Graph) -> Any:
    """Maximise the weight of the edges cut (``weight`` 1 when missing)."""
    program = _binary_program("Max-cut", graph.number_of_nodes())
    linear: dict[str, float] = {}
    quadratic: dict[tuple[str, str], float] = {}
    for i, j, w in graph.edges(data="weight", default=1):
        linear[f"x_{i}"] = linear.get(f"x_{i}", 0.0) + w
        linear[f"x_{j}"] = linear.get(f"x_{j}", 0.0) + w
        quadratic[f"x_{i}", f"x_{j}"] = quadratic.get((f"x_{i}", f"x_{j}"), 0.0) - 2 * w
    program.maximize(linear=linear, quadratic=quadratic)
    return program


def _pair_constraints(program: Any, pairs: Any, sense: str) -> None:
    for i, (u, v) in enumerate(pairs):
        program.linear_constraint({f"x_{u}": 1, f"x_{v}": 1}, sense, 1, name=f"c{i}")


def stable_set_program(graph: nx.Graph) -> Any:
    """Maximise the number of chosen nodes, no two of them adjacent."""
    program = _binary_program("Stable set", graph.number_of_nodes())
    _pair_constraints(program, graph.edges, "<=")
    program.maximize(linear={f"x_{i}": 1 for i in range(graph.number_of_nodes())})
    return program


def vertex_cover_program(graph: nx.Graph) -> Any:
    """Minimise the number of chosen nodes, every edge with a chosen end."""
    program = _binary_program("Vertex cover", graph.number_of_nodes())
    _pair_constraints(program, graph.edges, ">=")
    program.minimize(linear={f"x_{i}": 1 for i in range(graph.number_of_nodes())})
    return program


def clique_program(graph: nx.Graph) -> Any:
    """Maximise the number of chosen nodes, every two of them adjacent."""
    import networkx as nx

    program = _binary_program("Clique", graph.number_of_nodes())
    _pair_constraints(program, nx.complement(graph).edges, "<=")
    program.maximize(linear={f"x_{i}": 1 for i in range(graph.number_of_nodes())})
    return program
