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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from qiskit.quantum_info import SparsePauliOp

from c2q.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx

Answer = dict[str, Any]
Sense = Literal["min", "max"]


@dataclass(frozen=True)
class Evaluation:
    """Score of an answer: the family's objective and whether the answer satisfies all constraints."""

    objective: float
    feasible: bool


@dataclass(frozen=True)
class Reference:
    """What an exact classical solver established about an instance (:meth:`Problem.exact_reference`).

    Within its time limit the solver proves ``answer`` optimal; past it, ``answer`` is only the
    best it found (the incumbent) and ``bound`` says how far from optimal it can be.

    :param answer: the best answer found, optimal when ``optimal``; ``None`` when the search stopped
        before it found one.
    :param evaluation: the family's evaluation of ``answer`` (``None`` with it).
    :param optimal: ``answer`` is proven optimal; an infeasible ``answer`` then proves that no
        feasible one exists (e.g. a TSP whose roads admit no tour).
    :param bound: a proven bound on the optimal objective, one that no answer beats (an upper bound
        when the family maximises, a lower one when it minimises); ``inf``/``-inf`` when none was proven.
    :param method: the exact method, e.g. ``HiGHS MILP``, ``Held-Karp``, ``brute force``.
    """

    answer: Answer | None
    evaluation: Evaluation | None
    optimal: bool
    bound: float
    method: str

    @classmethod
    def proven(cls, answer: Answer, evaluation: Evaluation, method: str) -> Reference:
        """An optimum proven by ``method``: its objective is its own bound."""
        return cls(answer, evaluation, True, evaluation.objective, method)

    @property
    def optimum(self) -> float | None:
        """The optimal objective when it is proven, else ``None``."""
        return self.evaluation.objective if self.optimal and self.evaluation is not None else None

    @property
    def incumbent(self) -> float | None:
        """The objective of the best answer found, or ``None`` when none was found."""
        return None if self.evaluation is None else self.evaluation.objective

    @property
    def gap(self) -> float | None:
        """Relative gap ``|bound - incumbent| / |incumbent|``, as MILP solvers report it: 0 when optimal,
        ``inf`` when the incumbent is 0 or no bound is proven, ``None`` without an incumbent."""
        if self.optimal:
            return 0.0
        if self.incumbent is None:
            return None
        distance = abs(self.bound - self.incumbent)
        return distance / abs(self.incumbent) if self.incumbent != 0 else float("inf")

    def summary(self) -> dict[str, Any]:
        """Method, incumbent, bound and gap, for results."""
        return {"method": self.method, "incumbent": self.incumbent, "bound": self.bound, "gap": self.gap}


@dataclass
class Encoding:
    """A problem written over qubits.

    :param name: encoding name (``qubo``, ``binary``, ``onehot``...).
    :param hamiltonian: diagonal Ising operator whose ground state encodes an optimal answer.
    :param offset: constant added to ``hamiltonian`` energies to recover the encoded cost.
    :param interpret: map from a 0/1 vector (one entry per qubit) to an answer.
    :param quadratic_program: the QuadraticProgram when the encoding is a QUBO, else ``None``.
    """

    name: str
    hamiltonian: SparsePauliOp
    offset: float
    interpret: Callable[[np.ndarray], Answer]
    quadratic_program: Any = None
    notes: list[str] = field(default_factory=list)
    #: the answer is the best sample that the family verifies as feasible
    select: str = "best"

    @property
    def num_qubits(self) -> int:
        """Number of qubits (binary variables)."""
        return self.hamiltonian.num_qubits


@dataclass
class ArithmeticEncoding:
    """An integer operation on basis-state operands, for a reversible arithmetic circuit.

    :param operation: ``add``, ``sub`` (``a - b``) or ``mul``.
    :param operands: the two integers (negative ones only when ``signed``).
    :param width: qubits per operand register (``sub`` uses one more bit than its operands, so
        that ``a - b`` fits as a two's-complement number).
    :param interpret: map from the measured result register (0/1 vector, bit 0 first) to an answer.
    :param signed: operands are loaded as ``value mod 2**width`` (two's complement) and the circuit
        computes modulo ``2**width``: its result register is ``width`` qubits, with no carry out
        (add) and no high product half (mul).
    """

    operation: Literal["add", "sub", "mul"]
    operands: tuple[int, int]
    width: int
    interpret: Callable[[np.ndarray], Answer]
    name: str = "basis"
    notes: list[str] = field(default_factory=list)
    #: the answer is what the circuit outputs most often; it is then verified, never selected by checking
    select: str = "most_frequent"
    signed: bool = False


class OracleEncoding(ABC):
    """A search problem for Grover: a phase oracle that marks the good assignments, and their check.

    The model is qiskit-algorithms' ``AmplificationProblem``: the encoding owns the oracle circuit
    and the classical test of a measured assignment; the search algorithm owns neither.

    Qubit ``i`` of the oracle holds bit ``i`` of an assignment of :attr:`num_variables` bits; any
    further qubits are work qubits, which the oracle takes from ``|0>`` and returns to ``|0>``.
    Subclasses set ``num_variables``, ``interpret``, ``name`` and ``notes``.
    """

    num_variables: int
    #: map from the measured variable bits (0/1 vector, bit 0 first) to an answer
    interpret: Callable[[np.ndarray], Answer]
    name: str
    notes: list[str]
    #: the answer is a sample verified to be good (selection by verification, as in NP search)
    select: str = "best"
    #: what is searched, and how else the family runs, for error messages
    searched: str = "an oracle encoding"
    other: str = ""

    @property
    @abstractmethod
    def num_qubits(self) -> int:
        """Width of the oracle: the variables, then its work qubits."""

    @abstractmethod
    def oracle(self) -> Any:
        """The phase oracle ``|x>|0> -> (-1)^f(x) |x>|0>`` as a QuantumCircuit of :attr:`num_qubits` qubits.

        ``metadata``: ``oracle_gates`` (its size) and ``construction`` (a one-line description).
        """

    @abstractmethod
    def satisfied(self, bits: np.ndarray) -> np.ndarray:
        """Whether each assignment is good, checked classically.

        :param bits: 0/1 array of shape ``(m, num_variables)``.
        """

    @abstractmethod
    def summary(self) -> dict[str, Any]:
        """The oracle's size in the problem's own terms (e.g. clauses), for results and reports."""


@dataclass
class CNFEncoding(OracleEncoding):
    """A CNF formula as a phase oracle, without work qubits.

    :param num_variables: ``n``; qubit ``i`` holds variable ``i + 1``.
    :param clauses: clauses of DIMACS literals (``k``: variable ``k`` is true, ``-k``: it is false).
    :param interpret: map from the measured variable bits (0/1 vector, bit 0 = variable 1) to an answer.
    """

    num_variables: int
    clauses: list[list[int]]
    interpret: Callable[[np.ndarray], Answer]
    name: str = "cnf-oracle"
    notes: list[str] = field(default_factory=list)
    searched = "a sat formula"

    @property
    def num_qubits(self) -> int:
        """Qubits searched over: one per variable (the phase oracle needs no work qubits)."""
        return self.num_variables

    @property
    def variables(self) -> list[int]:
        """The variables that occur in some clause, in increasing order."""
        return sorted({abs(literal) for clause in self.clauses for literal in clause})

    def expression(self) -> str:
        """The formula as a boolean expression over ``x1..xn`` (``&``, ``|``, ``~``)."""
        return " & ".join(
            "(" + " | ".join(f"{'~' if lit < 0 else ''}x{abs(lit)}" for lit in clause) + ")" for clause in self.clauses
        )

    def oracle(self) -> Any:
        """Qiskit's ``PhaseOracleGate`` on the qubits of the variables in the formula.

        It is synthesised from the formula's truth table as an exclusive sum of products of
        multi-controlled Z gates (no work qubits).
        """
        from qiskit import QuantumCircuit
        from qiskit.circuit.library import PhaseOracleGate

        gate = PhaseOracleGate(self.expression(), var_order=[f"x{v}" for v in self.variables], label="cnf")
        # the synthesis reads the whole truth table: run it once, here, so that every copy of the
        # gate (one per Grover iteration) reuses this definition instead of synthesising again
        metadata = {
            "oracle_gates": gate.definition.size(),
            "construction": "PhaseOracleGate (exclusive sum of products, no ancillas)",
        }
        oracle = QuantumCircuit(self.num_variables, name="oracle", metadata=metadata)
        oracle.append(gate, [v - 1 for v in self.variables])
        return oracle

    def satisfied(self, bits: np.ndarray) -> np.ndarray:
        """Whether each assignment satisfies every clause (column ``j`` = variable ``j + 1``)."""
        return satisfied_clauses(self.clauses, bits) == len(self.clauses)

    def summary(self) -> dict[str, Any]:
        """Variables and clauses."""
        return {"variables": self.num_variables, "clauses": len(self.clauses)}


class Problem(ABC):
    """One instance of a problem family."""

    family: ClassVar[str]
    #: whether a larger or a smaller objective is better
    sense: ClassVar[Sense]
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

    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False) -> str:
        """The encoding ``auto`` picks: the first of :attr:`encodings` unless the family overrides it.

        :param hardware: the circuit will run on a device (or its noisy model), where a family with
            a deep default (factoring's Grover oracle) picks a shallower encoding.
        :param cost_circuit: the algorithm applies the cost operator as a circuit (QAOA), where a
            family with a dense operator (TSP's permutation encoding) picks a sparse one.
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

    def approximation_ratio(self, objective: float, optimum: float) -> float:
        """Quality of ``objective`` relative to the exact ``optimum``, 1.0 meaning optimal."""
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
            return self._encode(name)
        sub = self._on(kept)
        inner = sub._encode(name)
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


def satisfied_clauses(clauses: list[list[int]], bits: np.ndarray) -> np.ndarray:
    """Number of clauses each assignment satisfies.

    :param clauses: clauses of DIMACS literals (``k``: variable ``k`` is true, ``-k``: it is false).
    :param bits: 0/1 assignments, shape ``(m, n)`` (or ``(n,)`` for one); column ``j`` is variable ``j + 1``.
    :return: int array of ``m`` counts.
    """
    bits = np.atleast_2d(np.asarray(bits, dtype=bool))
    counts = np.zeros(len(bits), dtype=np.int64)
    for clause in clauses:
        literals = np.asarray(clause, dtype=np.int64)
        counts += (bits[:, np.abs(literals) - 1] == (literals > 0)).any(axis=1)
    return counts
