"""What every algorithm shares: a backend, a shot budget, a seed, and the result it hands to the
decoder."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from c2q.options import check_seed, check_shots

if TYPE_CHECKING:
    from c2q.backends.protocol import Backend

#: what ``--algorithm`` (``algorithm=``) takes: ``auto`` picks by encoding and size
ALGORITHMS = ("auto", "qaoa", "vqe", "rqaoa", "arithmetic", "grover")


@dataclass
class RunResult:
    """What a run returns to the decoder.

    :param counts: final samples, Qiskit bitstring keys (qubit 0 rightmost) -> counts.
    :param circuit: the circuit that produced them (parameters bound), for metrics and reports.
    :param evaluations: circuit executions before the final sampling run (training, search).
    :param details: algorithm-specific settings and figures to report.
    :param timings: seconds per stage.
    :param method: how the circuit's outcomes were computed when the algorithm did not run it on the
        backend's simulator (e.g. closed-form expectation values); ``None`` when it did.
    """

    counts: dict[str, int]
    circuit: Any
    evaluations: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    method: str | None = None


class Algorithm(ABC):
    """Turns an encoding into samples on a backend.

    :param backend: where circuits run (``sampler``, ``estimator``, ``transpile``...). Primitives
        are asked for with the ``stage`` they serve (``training``, or the default ``final
        sampling`` for samplers): backends that keep job records (IBM Quantum) note it.
    :param shots: shots of the final sampling run.
    :param seed: seeds the simulator, the transpiler and any random choice of the algorithm.
    """

    name: str = ""

    def __init__(self, backend: Backend, shots: int = 2048, seed: int | None = None) -> None:
        check_shots(shots)
        check_seed(seed)
        self.backend = backend
        self.shots = shots
        self.seed = seed

    @abstractmethod
    def program(self, encoding: Any) -> Any:
        """The circuit this algorithm runs for ``encoding`` (unbound parameters, no measurements)."""

    @abstractmethod
    def run(self, encoding: Any) -> RunResult:
        """Build, execute and sample the program for ``encoding``."""

    def sample(self, circuit: Any, theta: Any = None, shots: int | None = None) -> dict[str, int]:
        """Measure every qubit of ``circuit`` (parameters ``theta``) with SamplerV2."""
        measured = circuit.measure_all(inplace=False)
        pub = (measured,) if theta is None else (measured, theta)
        result = self.backend.sampler(self.seed).run([pub], shots=shots or self.shots).result()
        return result[0].data.meas.get_counts()


@contextmanager
def timed(timings: dict[str, float], key: str) -> Iterator[None]:
    """Add the elapsed seconds of the ``with`` block to ``timings[key]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[key] = timings.get(key, 0.0) + time.perf_counter() - start
