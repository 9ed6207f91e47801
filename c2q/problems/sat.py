"""Boolean satisfiability: an assignment that satisfies every clause of a CNF formula, or proof
that none exists.

The formula is given in DIMACS terms: clauses of non-zero integers, ``k`` meaning variable ``k``
is true and ``-k`` that it is false (DIMACS CNF format, 1993 DIMACS challenge). It is searched
with Grover's algorithm (Grover 1996) over a phase oracle built from the formula; the number of
Grover iterations follows Boyer, Brassard, Hoyer and Tapp, "Tight bounds on quantum searching"
(1998) when the number of solutions is unknown. Any k-SAT (3-SAT included) fits.

The objective is the number of satisfied clauses (sense ``max``); an answer is feasible when it
satisfies all of them. The classical reference enumerates all ``2**n`` assignments at once with
numpy, so it also tells an unsatisfiable formula apart, with its largest number of clauses that
one assignment can satisfy.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np

from c2q.encoding import Answer, CNFEncoding, Evaluation, Reference, satisfied_clauses
from c2q.problems.base import Problem, all_bitstrings


class Sat(Problem):
    """A CNF formula over variables ``1..num_variables``.

    :param clauses: clauses of non-zero DIMACS literals.
    :param num_variables: number of variables (at least the largest ``|literal|``).
    """

    family = "sat"
    sense = "max"
    encodings = ("oracle",)

    def __init__(self, clauses: list[list[int]], num_variables: int) -> None:
        self.clauses = [list(clause) for clause in clauses]
        self.num_variables = num_variables

    def _encode(self, name: str) -> CNFEncoding:
        free = self.num_variables - len({abs(lit) for clause in self.clauses for lit in clause})
        notes = [f"{free} variable(s) occur in no clause: every value satisfies the formula"] if free else []
        return CNFEncoding(self.num_variables, self.clauses, self.interpret, notes=notes)

    def _encoded_qubits(self, name: str) -> int:
        """One qubit per variable (the phase oracle needs no work qubits)."""
        return self.num_variables

    def interpret(self, x: np.ndarray) -> Answer:
        """Variable bits (bit 0 = variable 1) to the assignment as DIMACS literals, e.g. ``[1, -2, 3]``.

        ``satisfiable`` is ``True`` when this assignment satisfies every clause, else ``None``: one
        failing assignment says nothing about the formula.

        :param x: 0/1 vector, one entry per variable.
        """
        x = np.asarray(x, dtype=np.int64)[: self.num_variables]
        satisfied = int(satisfied_clauses(self.clauses, x)[0])
        return {
            "assignment": [int(v) if bit else -int(v) for v, bit in enumerate(x, start=1)],
            "satisfied_clauses": satisfied,
            "clauses": len(self.clauses),
            "satisfiable": True if satisfied == len(self.clauses) else None,
        }

    def bits(self, assignment: list[int]) -> np.ndarray:
        """DIMACS literals (one per variable) to the 0/1 vector of variable values.

        :param assignment: e.g. ``[1, -2, 3]``.
        """
        x = np.zeros(self.num_variables, dtype=np.int8)
        for literal in assignment:
            x[abs(literal) - 1] = literal > 0
        return x

    def evaluate(self, answer: Answer) -> Evaluation:
        """Clauses the assignment satisfies, recounted from the formula; feasible when all are.

        An answer without an assignment (``unsatisfiable``) satisfies no clause.

        :param answer: a dict with ``assignment`` (DIMACS literals, or ``None``).
        """
        if answer["assignment"] is None:
            return Evaluation(objective=0.0, feasible=False)
        satisfied = int(satisfied_clauses(self.clauses, self.bits(answer["assignment"]))[0])
        return Evaluation(objective=float(satisfied), feasible=satisfied == len(self.clauses))

    @cached_property
    def _satisfied_counts(self) -> np.ndarray:
        """Satisfied clauses of every assignment; entry ``i`` has bit ``j`` of ``i`` on variable ``j + 1``."""
        return satisfied_clauses(self.clauses, all_bitstrings(self.num_variables))

    def count_solutions(self) -> int:
        """Number of satisfying assignments (brute force over all ``2**n``)."""
        return int((self._satisfied_counts == len(self.clauses)).sum())

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """A satisfying assignment; for an unsatisfiable formula, one that satisfies the most clauses
        (``satisfiable: false``, not feasible). Brute force: immediate at the 16 variables a formula may have.

        :param time_limit: ignored: the answer is immediate.
        """
        best = int(np.argmax(self._satisfied_counts))
        answer = self.interpret((best >> np.arange(self.num_variables)) & 1)
        if answer["satisfiable"] is None:
            answer["satisfiable"] = False
        return Reference.proven(answer, self.evaluate(answer), "brute force")

    def no_solution_answer(self) -> Answer | None:
        """``unsatisfiable`` (no assignment), when brute force finds no satisfying assignment."""
        if self.count_solutions():
            return None
        return {"assignment": None, "satisfied_clauses": None, "clauses": len(self.clauses), "satisfiable": False}

    def describe(self) -> dict[str, Any]:
        """Variables and clauses."""
        return {"num_variables": self.num_variables, "num_clauses": len(self.clauses), "clauses": self.clauses}
