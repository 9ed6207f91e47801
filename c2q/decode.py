"""Samples -> the best feasible answer in the family's own terms, with quality figures.

Every distinct sampled bitstring is interpreted and scored by the family itself (not by the
Hamiltonian), so a penalty term that is too weak can never pass off an infeasible answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from c2q.encoding import Answer, Evaluation
from c2q.ising import bits_from_keys
from c2q.problems.base import Problem


@dataclass
class Decoded:
    """Outcome of decoding a set of samples.

    :param answer: best feasible answer (or the most frequent sample's answer when none is feasible).
    :param evaluation: its objective and feasibility.
    :param bitstring: the sample it came from (qubit 0 rightmost).
    :param optimum_probability: fraction of shots whose answer is feasible and optimal
        (``None`` when no optimum is known).
    :param feasible_probability: fraction of shots whose answer is feasible.
    :param distinct_samples: number of distinct bitstrings seen.
    """

    answer: Answer
    evaluation: Evaluation
    bitstring: str
    optimum_probability: float | None
    feasible_probability: float
    distinct_samples: int


def is_optimal(evaluation: Evaluation, optimum: float | None) -> bool | None:
    """Whether an evaluated answer is feasible and reaches ``optimum`` (``None``: no optimum known)."""
    if optimum is None:
        return None
    return bool(evaluation.feasible and np.isclose(evaluation.objective, optimum))


def decode(problem: Problem, encoding: Any, counts: dict[str, int], optimum: float | None = None) -> Decoded:
    """Pick the best feasible sampled answer; ties go to the more frequent bitstring.

    Encodings with ``select == "most_frequent"`` (deterministic circuits such as arithmetic)
    answer with their most frequent output instead, which is then only verified.

    :param problem: the instance, which scores answers.
    :param encoding: maps bits (one entry per measured qubit) to answers.
    :param counts: bitstring -> shots.
    :param optimum: exact optimal objective, for the optimum probability.
    """
    if not counts:
        raise ValueError("no samples to decode")
    keys = sorted(counts, key=lambda k: -counts[k])
    bits = bits_from_keys(keys, len(keys[0]))
    shots = sum(counts.values())
    best: tuple[Any, ...] | None = None
    feasible_shots = optimal_shots = 0
    for key, x in zip(keys, bits, strict=True):
        answer = encoding.interpret(x)
        evaluation = problem.evaluate(answer)
        if not evaluation.feasible:
            continue
        feasible_shots += counts[key]
        if is_optimal(evaluation, optimum):
            optimal_shots += counts[key]
        if best is None or problem.better(evaluation.objective, best[1].objective):
            best = (answer, evaluation, key)
    if best is None or encoding.select == "most_frequent":
        key = keys[0]
        answer = encoding.interpret(bits[0])
        best = (answer, problem.evaluate(answer), key)
    return Decoded(
        answer=best[0],
        evaluation=best[1],
        bitstring=best[2],
        optimum_probability=None if optimum is None else optimal_shots / shots,
        feasible_probability=feasible_shots / shots,
        distinct_samples=len(keys),
    )
