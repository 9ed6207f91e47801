"""What a problem becomes on qubits, and how an answer is scored: the types algorithms and the decoder
share with the problem families (:mod:`c2q.problems`), with no family in them.

- :class:`Encoding`: a diagonal Ising operator, its offset and the map from bits back to an answer;
- :class:`ArithmeticEncoding`: an integer operation for a reversible arithmetic circuit;
- :class:`OracleEncoding` (:class:`CNFEncoding`): a phase oracle for Grover search;
- :class:`Evaluation` of an answer and the exact classical :class:`Reference` of an instance.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from qiskit.quantum_info import SparsePauliOp

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
    :param variables: the user's name of the variable each qubit holds (qubit ``q`` is
        ``variables[q]``), where qubits are the user's own variables (a ``hubo`` or ``model`` input,
        whose integer bits and slack are named ``n@k`` and ``c@int_slack@k``); else ``None``.
    """

    name: str
    hamiltonian: SparsePauliOp
    offset: float
    interpret: Callable[[np.ndarray], Answer]
    quadratic_program: Any = None
    notes: list[str] = field(default_factory=list)
    #: the answer is the best sample that the family verifies as feasible
    select: str = "best"
    variables: list[str] | None = None
    #: each constraint's penalty weight, who set it (``user``/``c2q``) and why, where the encoding
    #: reports them (a constrained ``model``); else ``None``
    penalties: dict[str, dict[str, Any]] | None = None
    #: groups of qubits of which exactly one is 1 in every feasible answer (a one-hot or assignment
    #: encoding's hard constraints, e.g. a TSP's rows and columns), where the encoding states them;
    #: an algorithm may keep them satisfiable as it decides qubits (recursive QAOA does); else ``None``
    one_hot: list[list[int]] | None = None

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
