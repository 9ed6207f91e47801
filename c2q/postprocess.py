"""Classical post-processing of the samples: a named stage that runs only when asked for.

``--postprocess local-search`` takes the :data:`LOCAL_SEARCH_STARTS` distinct sampled bitstrings
of lowest energy and moves each by steepest descent: flip the single bit that lowers the
encoding's energy (penalties included) most, until no flip lowers it. The family then scores the
end points as it scores samples (:func:`c2q.decode.decode`), and the better of the raw answer and
the improved one becomes the result's answer.

The stage never hides what the quantum program did: the result's ``postprocessing`` section keeps
the raw answer, its objective, whether it was optimal and the probability of the optimum among
the raw samples, beside the improved answer; ``optimum_probability`` stays the raw samples'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from c2q.decode import Decoded, decode, is_optimal
from c2q.encoding import Encoding
from c2q.ising import bits_from_keys, energies, energy_function, keys_from_bits
from c2q.problems.base import Problem

#: distinct lowest-energy samples the local search starts from
LOCAL_SEARCH_STARTS = 32


def bit_flip_descent(encoding: Encoding, bits: np.ndarray) -> np.ndarray:
    """Steepest descent by single bit flips on the encoding's energy, from each row of ``bits``.

    :param bits: 0/1 array ``(m, num_qubits)``, column ``q`` = qubit ``q``.
    :returns: the local minima reached, same shape.
    """
    energy = energy_function(encoding.hamiltonian, encoding.offset)
    current = np.array(bits, dtype=np.int8)
    values = energy(current)
    n = current.shape[1]
    flips = np.eye(n, dtype=np.int8)
    active = np.arange(len(current))
    while active.size:
        neighbours = current[active][:, None, :] ^ flips[None]  # (active, n, n): every single flip
        costs = energy(neighbours.reshape(-1, n)).reshape(len(active), n)
        best = costs.argmin(axis=1)
        lowest = costs[np.arange(len(active)), best]
        better = lowest < values[active] - 1e-9
        moved = active[better]
        current[moved, best[better]] ^= 1
        values[moved] = lowest[better]
        active = moved
    return current


@dataclass
class LocalSearch:
    """What the local search did.

    :param decoded: the improved samples decoded (the best end point and its evaluation).
    :param starts: distinct samples it started from.
    :param improved: whether the family scores its answer better than the raw one.
    """

    decoded: Decoded
    starts: int
    improved: bool


def local_search(problem: Problem, encoding: Encoding, counts: dict[str, int], raw: Decoded) -> LocalSearch:
    """Bit-flip descent from the lowest-energy distinct samples, decoded and compared with ``raw``."""
    keys = list(counts)
    bits = bits_from_keys(keys, encoding.num_qubits)
    chosen = np.argsort(energies(encoding.hamiltonian, encoding.offset, bits), kind="stable")[:LOCAL_SEARCH_STARTS]
    ends = bit_flip_descent(encoding, bits[chosen])
    end_counts: dict[str, int] = {}
    for key in keys_from_bits(ends):
        end_counts[key] = end_counts.get(key, 0) + 1
    decoded = decode(problem, encoding, end_counts)
    new, old = decoded.evaluation, raw.evaluation
    improved = new.feasible and (not old.feasible or problem.better(new.objective, old.objective))
    return LocalSearch(decoded=decoded, starts=len(chosen), improved=bool(improved))


def summary(
    search: LocalSearch, problem: Problem, raw: Decoded, optimum: float | None, seconds: float
) -> dict[str, Any]:
    """The result's ``postprocessing`` section: the stage, and the raw answer beside the improved one."""
    feasible = raw.evaluation.feasible
    return {
        "stage": "local-search",
        "method": "steepest-descent single bit flips on the encoding's energy",
        "starts": search.starts,
        "improved": search.improved,
        "seconds": round(seconds, 4),
        "raw": {
            "answer": problem.present(raw.answer),
            "feasible": feasible,
            "objective": raw.evaluation.objective if feasible else None,
            "optimal": is_optimal(raw.evaluation, optimum),
            "optimum_probability": raw.optimum_probability,
        },
    }
