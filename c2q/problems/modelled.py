"""Families written as a constrained model: the model encodes them, the family reads the answer.

A family here states its instance as a :class:`~c2q.problems.constrained.ConstrainedModel` over
named variables (what qiskit-optimization's application class of the same name writes as a
QuadraticProgram), so the encoding (integer bits, slack, a reported penalty per constraint) and
the exact reference (HiGHS on the model) are the model's. The family itself only reads a model
assignment as an answer in its own terms (:meth:`ModelledProblem.answer_from`) and scores answers
from the instance alone (:meth:`~c2q.problems.base.Problem.evaluate`), never from the model, so
the family checks the model rather than repeats it.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import replace
from functools import cached_property

import numpy as np

from c2q.encoding import Answer, Encoding, Reference
from c2q.problems.base import Problem
from c2q.problems.constrained import ConstrainedModel


class ModelledProblem(Problem):
    """A family whose encoding and exact reference are those of its :attr:`model`."""

    encodings = ConstrainedModel.encodings

    @cached_property
    def model(self) -> ConstrainedModel:
        """The instance as a constrained model (built once)."""
        return self.build_model()

    @abstractmethod
    def build_model(self) -> ConstrainedModel:
        """The instance as a constrained model over named variables."""

    @abstractmethod
    def answer_from(self, assignment: dict[str, int]) -> Answer:
        """A model assignment (variable name -> value) as an answer in the family's terms."""

    def _encode(self, name: str) -> Encoding:
        encoding = self.model.encode(name)
        read = encoding.interpret
        return replace(encoding, interpret=lambda x: self.answer_from(read(np.asarray(x))["assignment"]))

    def _encoded_qubits(self, name: str) -> int:
        return self.model._encoded_qubits(name)

    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False, quadratic: bool = False) -> str:
        """The model's (:meth:`~c2q.problems.constrained.ConstrainedModel.default_encoding`)."""
        return self.model.default_encoding(hardware, cost_circuit, quadratic)

    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """The model's HiGHS MILP, its answer read and scored by the family."""
        reference = self.model.exact_reference(time_limit)
        if reference.answer is None:
            return reference
        answer = self.answer_from(reference.answer["assignment"])
        evaluation = self.evaluate(answer)
        if reference.optimal:
            return Reference.proven(answer, evaluation, reference.method)
        return Reference(answer, evaluation, False, reference.bound, reference.method)

    def no_solution_answer(self) -> Answer | None:
        """``infeasible_model``, when HiGHS proves that no answer meets the instance's constraints."""
        return None if self.model.no_solution_answer() is None else {"infeasible_model": True}


def chosen(assignment: dict[str, int], names: list[str]) -> list[int]:
    """Positions of the names whose variable is 1."""
    return [i for i, name in enumerate(names) if assignment[name]]
