"""Grover search (Grover, "A fast quantum mechanical algorithm for database search", 1996) for an
assignment that an encoding's phase oracle marks, with the exponential-search schedule of Boyer,
Brassard, Hoyer and Tapp ("Tight bounds on quantum searching", Fortschr. Phys. 46, 1998) when the
number of solutions is unknown.

Circuit: a Hadamard on each of the ``n`` variable qubits, then ``k`` Grover iterations (Qiskit's
``grover_operator``: oracle, then reflection about the uniform superposition of the variables)
around the encoding's phase oracle ``|x>|0> -> (-1)^f(x) |x>|0>``
(:meth:`~c2q.encoding.OracleEncoding.oracle`): for a CNF formula, Qiskit's
``PhaseOracleGate`` (no work qubits); for factoring, a reversible multiplier and a comparison with
``n`` (work qubits returned to ``|0>``). A trial runs ``k`` iterations, measures the variables once,
and checks the outcome classically (:meth:`~c2q.encoding.OracleEncoding.satisfied`).

- known number of solutions ``M`` (``solutions``): every trial runs
  ``k = floor(pi/4 sqrt(N/M))`` iterations, the count that maximises the success probability
  ``sin^2((2k+1) theta)``, ``sin^2 theta = M/N``, ``N = 2**n``.
- unknown ``M`` (BBHT, Theorem 3): ``m = 1``, ``lambda = 6/5``; each trial takes ``k``
  uniformly from the integers in ``[0, m)`` with the algorithm's seeded generator, then
  ``m = min(lambda m, sqrt(N))``. The expected total is ``O(sqrt(N/M))`` iterations.

BBHT loops forever when there is no solution. Here the search stops at the first verified
solution, or when the next trial would take the total beyond ``ITERATION_CAP_FACTOR * sqrt(N)``
iterations (or after that many trials), and then reports that none was found. With the factor 4,
BBHT misses a formula's only solution in about 1 run in 1000 (simulated from the exact success
probabilities for 6 to 16 variables); the optimal count for one solution is about ``0.79 sqrt(N)``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.algorithms.base import Algorithm, RunResult, timed
from c2q.encoding import OracleEncoding
from c2q.errors import OptionError
from c2q.ising import bits_from_keys

if TYPE_CHECKING:
    from c2q.backends.protocol import Backend

#: BBHT's growth factor of the iteration range (any value in (1, 4/3) works; they use 6/5)
LAMBDA = 6 / 5
#: the search gives up beyond this many times sqrt(N) Grover iterations (and trials)
ITERATION_CAP_FACTOR = 4


def optimal_iterations(num_variables: int, solutions: int) -> int:
    """``floor(pi/4 sqrt(N/M))``: iterations that maximise the success probability for ``M`` solutions.

    :param num_variables: ``n``, searching ``N = 2**n`` assignments.
    :param solutions: ``M >= 1``.
    """
    return math.floor(math.pi / 4 * math.sqrt(2**num_variables / solutions))


def iteration_limit(num_variables: int) -> int:
    """Total Grover iterations (and trials) after which the search reports no solution.

    :param num_variables: ``n``, searching ``N = 2**n`` assignments.
    """
    return math.ceil(ITERATION_CAP_FACTOR * math.sqrt(2**num_variables))


class Grover(Algorithm):
    """Search for an assignment that the encoding's oracle marks, one measurement per trial.

    :param backend: where circuits run (``sampler``, ``transpile``, ``check_capacity``).
    :param seed: seeds the iteration schedule, the simulator and the transpiler.
    :param solutions: number of marked assignments when known (runs the optimal iteration
        count); ``None`` runs the BBHT schedule.
    """

    name = "grover"

    def __init__(self, backend: Backend, seed: int | None = None, solutions: int | None = None) -> None:
        super().__init__(backend, shots=1, seed=seed)
        if solutions is not None and solutions < 1:
            raise OptionError(
                f"--solutions: {solutions} must be at least 1 (fix: leave it out when the count is unknown)"
            )
        self.solutions = solutions
        self.rng = np.random.default_rng(seed)

    def circuit(self, encoding: OracleEncoding, iterations: int | None = None) -> Any:
        """Hadamards on the variables then ``iterations`` Grover iterations, unmeasured.

        :param iterations: default: the optimal count when ``solutions`` is known, else 1 (BBHT
            chooses the counts at run time).
        """
        if iterations is None:
            iterations = 1 if self.solutions is None else optimal_iterations(encoding.num_variables, self.solutions)
        return _repeat(grover_step(encoding.oracle(), encoding.num_variables), encoding.num_variables, iterations)

    def program(self, encoding: OracleEncoding) -> Any:
        """:meth:`circuit` with its default iteration count."""
        return self.circuit(encoding)

    def run(self, encoding: OracleEncoding) -> RunResult:
        """Trials until one measures a good assignment or the iteration limit is reached.

        ``counts`` holds one shot per trial (the variable bits only); ``circuit`` is the last
        trial's circuit.
        """
        n = encoding.num_variables
        if self.solutions is not None and self.solutions > 2**n:
            raise OptionError(f"--solutions: {self.solutions} exceeds the 2^{n} = {2**n} assignments of {n} variables")
        timings: dict[str, float] = {}
        # one iteration is compiled once and repeated: a fragment, whose qubits do not start in |0>
        with timed(timings, "transpile"):  # includes the oracle's synthesis
            self.backend.check_capacity(encoding.num_qubits)
            oracle = encoding.oracle()
            step = grover_step(oracle, n)
            compiled = self.backend.transpile(step, seed=self.seed, fragment=True)
        limit = iteration_limit(n)
        known = self.solutions is not None
        k_known = optimal_iterations(n, self.solutions) if self.solutions is not None else 0
        counts: dict[str, int] = {}
        trace: list[int] = []
        programs: dict[int, Any] = {}
        found, m = False, 1.0
        with timed(timings, "sample"):
            while len(trace) < limit:
                k = k_known if known else int(self.rng.integers(0, math.ceil(m)))
                if sum(trace) + k > limit:
                    break
                if k not in programs:
                    programs[k] = _measured(_repeat(compiled, n, k), n)
                job = self.backend.sampler(int(self.rng.integers(2**31))).run([programs[k]], shots=self.shots)
                key = next(iter(job.result()[0].data.meas.get_counts()))
                trace.append(k)
                counts[key] = counts.get(key, 0) + 1
                if encoding.satisfied(bits_from_keys([key], n))[0]:
                    found = True
                    break
                m = min(LAMBDA * m, math.sqrt(2**n))
        details: dict[str, Any] = {
            "schedule": "known M" if known else "bbht",
            "iterations": sum(trace),
            "trials": len(trace),
            "trial_iterations": trace,
            "iteration_limit": limit,
            "found": found,
            "shots_per_trial": self.shots,
            "oracle": oracle.metadata["construction"],
            "oracle_gates": oracle.metadata["oracle_gates"],
            "oracle_qubits": encoding.num_qubits,
        }
        if known:
            details.update(solutions=self.solutions, optimal_iterations=k_known)
        return RunResult(
            counts=counts,
            circuit=_repeat(step, n, trace[-1]),
            evaluations=len(trace),
            details=details,
            timings=timings,
        )


def grover_step(oracle: Any, num_variables: int) -> Any:
    """One Grover iteration: ``oracle``, then the reflection about the uniform superposition of the
    first ``num_variables`` qubits (Qiskit's ``grover_operator``); work qubits are left alone."""
    from qiskit import QuantumCircuit
    from qiskit.circuit.library import grover_operator

    prep = QuantumCircuit(oracle.num_qubits)
    prep.h(range(num_variables))
    return grover_operator(oracle, state_preparation=prep, reflection_qubits=list(range(num_variables)))


def _repeat(step: Any, num_variables: int, iterations: int) -> Any:
    """Hadamard on every variable qubit, then ``step`` applied ``iterations`` times."""
    from qiskit import QuantumCircuit

    qc = QuantumCircuit(step.num_qubits, name=f"grover^{iterations}")
    qc.h(range(num_variables))
    for _ in range(iterations):
        qc.compose(step, inplace=True)
    return qc


def _measured(circuit: Any, num_variables: int) -> Any:
    """``circuit`` with its variable qubits measured into a register named ``meas``."""
    from qiskit import ClassicalRegister

    measured = circuit.copy()
    register = ClassicalRegister(num_variables, "meas")
    measured.add_register(register)
    measured.measure(range(num_variables), register)
    return measured
