"""The problem-family interface and what all families share.

A family holds one instance and its maths only: how it becomes a binary optimisation problem
(:meth:`Problem.encode`), how bits map back to an answer in the family's own terms
(:attr:`Encoding.interpret`), how an answer is scored (:meth:`Problem.evaluate`), and an exact
classical reference (:meth:`Problem.exact_reference`). It never knows which algorithm runs.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference, Sense
from c2q.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx


class Problem(ABC):
    """One instance of a problem family."""

    family: ClassVar[str]
    #: whether a larger or a smaller objective is better (a family's, or an instance's own: a ``model``)
    sense: Sense
    #: the encodings this family offers; the first one is the default
    encodings: ClassVar[tuple[str, ...]]
    #: answer keys whose value is a node list, or a list of node lists (a partition, a tour)
    node_keys: ClassVar[tuple[str, ...]] = ()
    #: answer keys whose value is a list with one entry per node, in node order
    per_node_keys: ClassVar[tuple[str, ...]] = ()
    #: the user's name of each node (graph node, TSP city), or ``None``: nodes are named by index
    labels: list[int | str] | None = None

    def encode(self, encoding: str = "auto") -> Any:
        """Write the instance over qubits.

        :param encoding: one of :attr:`encodings`, or ``auto`` for :meth:`default_encoding` (on a simulator).
        """
        return self._encode(self._encoding_name(encoding))

    def encoded_qubits(self, encoding: str = "auto") -> int | None:
        """Qubits (binary variables) of an encoding, from the instance's size alone: nothing is built.

        What :meth:`encode` would return has this many qubits (``num_qubits``), so a problem too
        wide for every simulator is refused before its QUBO or operator is built.

        :param encoding: as for :meth:`encode`.
        :return: the width, or ``None`` when it is not the encoding's but the circuit's (arithmetic,
            where the adder or multiplier the algorithm picks sets it).
        """
        return self._encoded_qubits(self._encoding_name(encoding))

    def _encoding_name(self, encoding: str) -> str:
        """The encoding ``encoding`` names (``auto``: :meth:`default_encoding`).

        :raises OptionError: when the family has no such encoding.
        """
        name = self.default_encoding() if encoding == "auto" else encoding
        if name not in self.encodings:
            raise OptionError(
                f"encoding '{encoding}' is not available for {self.family}; "
                f"choose one of: auto, {', '.join(self.encodings)}"
            )
        return name

    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False, quadratic: bool = False) -> str:
        """The encoding ``auto`` picks: the first of :attr:`encodings` unless the family overrides it.

        :param hardware: the circuit will run on a device (or its noisy model), where a family with
            a deep default (factoring's Grover oracle) picks a shallower encoding.
        :param cost_circuit: the algorithm applies the cost operator as a circuit (QAOA), where a
            family with a dense operator (TSP's permutation encoding) picks a sparse one.
        :param quadratic: the algorithm takes an operator of one- and two-qubit terms only (recursive
            QAOA), where a family with higher-order terms (a ``hubo`` model) picks a quadratised one.
        """
        return self.encodings[0]

    @abstractmethod
    def _encode(self, name: str) -> Any:
        """Build the named encoding."""

    @abstractmethod
    def _encoded_qubits(self, name: str) -> int | None:
        """Qubits of the named encoding, computed without building it (see :meth:`encoded_qubits`)."""

    def trivial_answer(self) -> Answer | None:
        """An answer that needs no quantum run (e.g. a prime has no factors), else ``None``."""
        return None

    def no_solution_answer(self) -> Answer | None:
        """The answer when no sampled answer is feasible and an exact check proves none exists, else ``None``.

        For families where "there is none" is itself a correct answer (an unsatisfiable formula),
        the solver then reports this answer, marked optimal, instead of an infeasible sample.
        Default: ``None`` (no such proof; the infeasible sample stands and is flagged).
        """
        return None

    @abstractmethod
    def evaluate(self, answer: Answer) -> Evaluation:
        """Objective and feasibility of an answer, computed from the instance alone."""

    def infeasible_note(self, answer: Answer) -> str | None:
        """What is wrong with an infeasible answer, in the family's terms, for the result's warnings
        (``None``: the family has nothing to add to "no feasible answer")."""
        return None

    def classical_solution(self) -> tuple[Answer, Evaluation]:
        """An exact optimum found classically, however long it takes (:meth:`exact_reference` without a limit)."""
        reference = self.exact_reference(time_limit=None)
        # without a time limit the method runs to a proven optimum (exact_reference's contract)
        assert reference.answer is not None and reference.evaluation is not None, reference
        return reference.answer, reference.evaluation

    @abstractmethod
    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """The optimum an exact classical method proves within ``time_limit`` seconds, or the best
        answer and bound it has when the time is up.

        The method works from the instance alone, never from an encoding or the decoder, so it
        checks the quantum pipeline instead of repeating it.

        :param time_limit: seconds the search may take; ``None``: no limit (the answer is then optimal).
        """

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """A short JSON-able summary of the instance for results and reports."""

    def better(self, a: float, b: float) -> bool:
        """True when objective ``a`` is strictly better than ``b`` for this family."""
        return a > b if self.sense == "max" else a < b

    def present(self, answer: Answer) -> Answer:
        """The answer as the user reads it: nodes (graph nodes, TSP cities) named by the user's
        :attr:`labels`, unchanged when there are none.

        Everything inside c2q (``interpret``, ``evaluate``, the decoder) works on indices; only the
        final answer of a solve is presented. Node lists (and lists of them) under :attr:`node_keys`
        are renamed element by element; lists under :attr:`per_node_keys` become ``{label: value}``.
        """
        if self.labels is None:
            return answer
        named = dict(answer)
        for key in self.node_keys:
            if named.get(key) is not None:
                named[key] = self._rename(named[key])
        for key in self.per_node_keys:
            if named.get(key) is not None:
                named[key] = dict(zip(self.labels, named[key], strict=True))
        return named

    def _rename(self, nodes: Any) -> Any:
        """Node index -> label, through nested lists."""
        if isinstance(nodes, list | tuple):
            return [self._rename(node) for node in nodes]
        return self.labels[int(nodes)]  # type: ignore[index]

    def approximation_ratio(self, objective: float, optimum: float) -> float | None:
        """Quality of ``objective`` relative to the exact ``optimum``, 1.0 meaning optimal (``None``:
        no ratio means anything, e.g. energies of both signs)."""
        if np.isclose(objective, optimum):
            return 1.0
        if self.sense == "max":
            return float(objective / optimum) if optimum > 0 else 0.0
        return float(optimum / objective) if objective > 0 else 0.0


class GraphProblem(Problem):
    """A family defined on an undirected graph with nodes ``0..n-1`` and edge weights.

    The maths always works on node indices. When the user named the nodes (``labels[i]`` is
    node ``i``), :meth:`Problem.present` renames the nodes of an answer for the user; each family
    only declares which of its answer keys hold nodes (:attr:`node_keys`) and which hold one value
    per node (:attr:`per_node_keys`).

    :param graph: the graph, nodes ``0..n-1``, optional ``weight`` edge attribute.
    :param labels: the user's name of each node (ints or strings, unique, one per node), or ``None``.
    """

    #: families laid out node by node: the bit an isolated node's qubits take in an optimal answer,
    #: and what that means; such nodes get no qubit (``None``: isolated nodes keep their qubits)
    isolated_bit: ClassVar[int | None] = None
    isolated_placement: ClassVar[str] = ""

    @property
    def node_qubits(self) -> int:
        """Qubits of each node's block in an encoding laid out node by node (one, unless a family
        writes a value per node, such as a colour)."""
        return 1

    def __init__(self, graph: nx.Graph, labels: Sequence[int | str] | None = None) -> None:
        self.graph = graph
        self.num_nodes = graph.number_of_nodes()
        if labels is not None and (len(labels) != self.num_nodes or len(set(labels)) != len(labels)):
            raise ValueError(f"labels must name each of the {self.num_nodes} nodes once, got {list(labels)!r}")
        self.labels = None if labels is None else list(labels)

    def encode(self, encoding: str = "auto") -> Any:
        """As :meth:`Problem.encode`; a node without edges takes no qubit where the family places it
        optimally by itself (:attr:`isolated_bit`), and a note says where it went."""
        name = self._encoding_name(encoding)
        kept = self._connected_nodes()
        if len(kept) == self.num_nodes:
            return self._named(self._encode(name), kept)
        sub = self._on(kept)
        inner = self._named(sub._encode(name), kept)
        isolated = sorted(set(range(self.num_nodes)) - set(kept))

        width = self.node_qubits

        def interpret(x: np.ndarray) -> Answer:
            bits = np.full((self.num_nodes, width), self.isolated_bit, dtype=np.int64)
            bits[kept] = np.asarray(x)[: len(kept) * width].reshape(len(kept), width)
            return self.interpret(bits.reshape(-1))  # type: ignore[attr-defined]

        # what the placed nodes add to the objective (a constant: MIS counts them), so that energies
        # stay the encoded cost of the whole instance
        zeros = np.zeros(len(kept) * width, dtype=np.int64)
        added = self.evaluate(interpret(zeros)).objective - sub.evaluate(sub.interpret(zeros)).objective  # type: ignore[attr-defined]
        offset = inner.offset + (-added if self.sense == "max" else added)

        shown = self._rename(isolated) if self.labels is not None else isolated
        listed = ", ".join(map(str, shown[:10])) + (", ..." if len(shown) > 10 else "")
        note = f"{len(isolated)} node(s) without edges ({listed}) take no qubit: {self.isolated_placement}"
        return replace(inner, offset=offset, interpret=interpret, notes=[*inner.notes, note])

    def _named(self, encoding: Any, nodes: list[int]) -> Any:
        """``encoding`` with its qubits named by node, where it is laid out node by node: ``x[v]`` is
        node ``v``'s qubit (``x[v][b]`` bit ``b`` of its value, e.g. a colour), ``slack[i]`` a qubit
        the QUBO converter added; other layouts (a tour) stay unnamed."""
        width = self.node_qubits
        if not isinstance(encoding, Encoding) or encoding.num_qubits < len(nodes) * width:
            return encoding
        shown = [self.labels[v] if self.labels is not None else v for v in nodes]
        names = [f"x[{v}]" if width == 1 else f"x[{v}][{b}]" for v in shown for b in range(width)]
        names += [f"slack[{i}]" for i in range(encoding.num_qubits - len(names))]
        return replace(encoding, variables=names)

    def encoded_qubits(self, encoding: str = "auto") -> int | None:
        """As :meth:`Problem.encoded_qubits`, without the nodes :meth:`encode` gives no qubit."""
        kept = self._connected_nodes()
        problem = self if len(kept) == self.num_nodes else self._on(kept)
        return problem._encoded_qubits(self._encoding_name(encoding))

    def _connected_nodes(self) -> list[int]:
        """The nodes that keep their qubits: all of them, or those with edges (:attr:`isolated_bit`)."""
        if self.isolated_bit is None:
            return list(range(self.num_nodes))
        return [v for v in range(self.num_nodes) if self.graph.degree(v) > 0]

    def _on(self, nodes: list[int]) -> GraphProblem:
        """The same problem on the subgraph of ``nodes``, renumbered ``0..len(nodes)-1`` in their order."""
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(len(nodes)))
        index = {v: i for i, v in enumerate(nodes)}
        graph.add_edges_from((index[u], index[v], data) for u, v, data in self.graph.subgraph(nodes).edges(data=True))
        sub = copy.copy(self)
        sub.graph, sub.num_nodes, sub.labels = graph, len(nodes), None
        return sub

    def weight(self, u: int, v: int) -> float:
        """Weight of edge ``(u, v)`` (1.0 when unweighted)."""
        return float(self.graph.edges[u, v].get("weight", 1.0))

    def describe(self) -> dict[str, Any]:
        """Nodes and weighted edges (by index), and the node labels when there are some."""
        summary: dict[str, Any] = {
            "nodes": self.num_nodes,
            "edges": [[u, v, self.weight(u, v)] for u, v in sorted(self.graph.edges)],
        }
        if self.labels is not None:
            summary["labels"] = self.labels
        return summary

    @staticmethod
    def selected(x: np.ndarray) -> list[int]:
        """Indices of the bits that are 1."""
        return [int(i) for i in np.flatnonzero(np.asarray(x))]


#: penalty per violated pair constraint of the unit-cost node-selection families (MIS, vertex
#: cover, clique): every objective coefficient is 1, so any penalty above 1 makes each ground state
#: feasible (dropping, or adding, one node of a violated pair gains at least penalty - 1 > 0), and
#: every infeasible state costs more than the optimum. 2 keeps a unit margin; the converter's own
#: choice (sum of the coefficients + 1 = n + 1) buries the objective under the penalties, and the
#: training then misses the optimum more often (at 20-24 nodes, 14 of 18 solves optimal with it
#: against 18 of 18 with 2, on tuning instances drawn for the comparison)
PAIR_PENALTY = 2.0


def qubo_encoding(
    quadratic_program: Any, interpret: Callable[[np.ndarray], Answer], penalty: float | None = None
) -> Encoding:
    """Encode a QuadraticProgram with qiskit-optimization's QUBO converter and Ising mapping.

    Constraints become penalties (``penalty`` per unit of violation; ``None``: the converter picks
    the factor); the variables keep their order, so qubit ``i`` is variable ``i`` as long as the
    converter adds no slack variables.
    """
    from qiskit_optimization.converters import QuadraticProgramToQubo

    qubo = QuadraticProgramToQubo(penalty=penalty).convert(quadratic_program)
    hamiltonian, offset = qubo.to_ising()
    n = quadratic_program.get_num_vars()
    notes = []
    if qubo.get_num_vars() > n:
        notes.append(f"{qubo.get_num_vars() - n} slack qubits added by the QUBO converter")
    return Encoding(
        name="qubo",
        hamiltonian=hamiltonian,
        offset=float(offset),
        interpret=lambda x: interpret(np.asarray(x)[:n]),
        quadratic_program=quadratic_program,
        notes=notes,
    )


def one_hot_groups(quadratic_program: Any) -> list[list[int]]:
    """The variables of each constraint ``sum x = 1`` over binary variables (coefficients all 1),
    by index: the groups of which exactly one is 1 in every feasible answer (:attr:`Encoding.one_hot`)."""
    from qiskit_optimization.problems import Constraint, VarType

    binary = [v.vartype == VarType.BINARY for v in quadratic_program.variables]
    groups = []
    for constraint in quadratic_program.linear_constraints:
        terms = constraint.linear.to_dict()
        if (
            constraint.sense == Constraint.Sense.EQ
            and constraint.rhs == 1
            and terms
            and all(c == 1 and binary[int(i)] for i, c in terms.items())
        ):
            groups.append(sorted(int(i) for i in terms))
    return groups


def same_sign_ratio(objective: float, optimum: float) -> float | None:
    """Quality of an energy-like ``objective`` against the ``optimum``, whatever the sense: 1 at the
    optimum, ``min(|a|, |b|) / max(|a|, |b|)`` when both have one sign, ``None`` across signs or
    at 0, where a ratio of the two says nothing."""
    if np.isclose(objective, optimum):
        return 1.0
    if objective * optimum <= 0:
        return None
    return float(min(abs(objective), abs(optimum)) / max(abs(objective), abs(optimum)))


def all_bitstrings(n: int) -> np.ndarray:
    """All ``2**n`` 0/1 vectors as an int8 array of shape ``(2**n, n)``, bit ``j`` in column ``j``."""
    idx = np.arange(2**n, dtype=np.int64)
    return ((idx[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int8)


def code_bits(num_values: int) -> int:
    """Bits needed to write an integer in ``0..num_values-1`` in binary (at least one)."""
    return max(1, int(np.ceil(np.log2(num_values)))) if num_values > 1 else 1


def decode_codes(x: np.ndarray, groups: int, bits: int) -> np.ndarray:
    """Read ``groups`` little-endian ``bits``-bit integers from consecutive qubits of ``x``."""
    x = np.asarray(x, dtype=np.int64).reshape(groups, bits)
    return x @ (1 << np.arange(bits))
