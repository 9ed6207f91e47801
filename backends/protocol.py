"""What every backend offers the algorithms: the one interface between c2q's programs and where
they run (Aer, fake devices, IBM Quantum). The algorithms and the API accept any
:class:`Backend`; ``tests/test_backend_protocol.py`` checks that each backend implements it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Backend(Protocol):
    """A place to run circuits.

    :attr name: the CLI name (``aer:statevector``, ``fake_manila``, ``ibm:ibm_brisbane``).
    :attr notes: what choosing or resolving the backend decided, for the result's warnings.
    :attr ideal: samples follow the circuit's exact distribution (up to shot noise): an ideal
        simulation may train what this backend samples.
    :attr exact_probabilities: :meth:`probabilities` is available (no shot noise at all).
    """

    name: str
    notes: list[str]
    ideal: bool

    @property
    def exact_probabilities(self) -> bool: ...

    def resolve(self, num_qubits: int | None, mps_because: str | None = None) -> Backend:
        """A backend with its method fixed for a circuit of ``num_qubits`` (refused when it cannot fit);
        ``mps_because``: why a matrix product state simulation is exact and faster for this program."""
        ...

    def check_capacity(self, num_qubits: int) -> None:
        """:raises BackendError: the circuit cannot run here (size, memory)."""
        ...

    def sampler(self, seed: int | None = None, stage: str = "final sampling") -> Any:
        """A SamplerV2-like primitive; ``stage`` names what its jobs serve."""
        ...

    def estimator(self, seed: int | None = None, stage: str = "training") -> Any:
        """An EstimatorV2-like primitive."""
        ...

    def probabilities(self, circuit: Any, theta: Any) -> Any:
        """Exact outcome probabilities (only when :attr:`exact_probabilities`)."""
        ...

    def transpile(self, circuit: Any, seed: int | None = None, fragment: bool = False) -> Any:
        """The circuit compiled for this backend."""
        ...

    def metrics(self, circuit: Any, seed: int | None = None) -> dict[str, Any]:
        """Qubits, depth and two-qubit gates of the circuit as it runs here."""
        ...

    def job_scope(self, context: dict[str, Any]) -> AbstractContextManager[None]:
        """Hold what one solve's jobs share (IBM Quantum: records, a session); a no-op elsewhere."""
        ...


def no_job_scope(backend: Backend, context: dict[str, Any]) -> Iterator[None]:
    """:meth:`Backend.job_scope` of a backend that submits no jobs (``job_scope = contextmanager(no_job_scope)``)."""
    yield
