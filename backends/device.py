"""What every device backend shares, simulated (fake devices) or real (IBM Quantum).

A device has a coupling map, a basis and a size. Algorithms build, measure and compose *logical*
circuits (qubit ``i`` is variable ``i``), so :meth:`DeviceBackend.transpile` leaves circuits
logical; the device compilation (layout, routing, translation to the device's basis, preset
pass manager at a selectable optimisation level, seeded) happens once per circuit inside the
sampler and estimator, which also lay observables out on the chosen physical qubits
(``apply_layout``). Measurements added before the compilation keep their classical bits, so
counts stay in logical order.

A subclass says where compiled circuits run: :meth:`DeviceBackend.isa_sampler` and
:meth:`DeviceBackend.isa_estimator` return V2 primitives for circuits already compiled for the
device (noisy Aer for a fake device, qiskit-ibm-runtime for hardware).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from typing import Any

from c2q.backends.aer import compiled_metrics
from c2q.backends.protocol import no_job_scope

from c2q.errors import BackendError

#: preset pass-manager level used for devices (layout and routing matter on sparse couplings)
DEVICE_OPTIMIZATION_LEVEL = 3
#: target operations that are not gates (left out of the reported basis)
NON_GATES = {"measure", "reset", "delay", "barrier", "if_else", "switch_case", "for_loop", "while_loop", "box"}


class DeviceBackend(ABC):
    """A device circuits are compiled for before they run.

    :param name: CLI name of the backend (``fake_manila``, ``ibm:ibm_brisbane``).
    :param device_name: the device's own name (``fake_manila``, ``ibm_brisbane``).
    :param optimization_level: preset pass-manager level of the device compilation (0-3).
    """

    #: how circuits run, as reported in results
    method = "device"
    #: a device gives samples, never exact probabilities: algorithms sample instead
    exact_probabilities = False
    #: a device run in one go holds nothing across jobs (IBM Quantum overrides it)
    job_scope = contextmanager(no_job_scope)
    #: a device (or its noisy simulation) is not ideal: training samples the device itself
    ideal = False

    def __init__(self, name: str, device_name: str, optimization_level: int = DEVICE_OPTIMIZATION_LEVEL) -> None:
        self.name = name
        self.device_name = device_name
        self.optimization_level = optimization_level
        self.notes: list[str] = []
        self._compiled: dict[tuple[int, int | None], tuple[Any, Any]] = {}

    # -- what a subclass provides -----------------------------------------------------------
    @property
    @abstractmethod
    def device(self) -> Any:
        """The Qiskit ``BackendV2`` circuits are compiled for (its ``target``)."""

    @abstractmethod
    def isa_sampler(self, seed: int | None, stage: str) -> Any:
        """SamplerV2 for circuits compiled for the device.

        :param seed: seeds the run where the device is simulated.
        :param stage: what the samples are for (``training``, ``final sampling``).
        """

    @abstractmethod
    def isa_estimator(self, seed: int | None, stage: str) -> Any:
        """EstimatorV2 for circuits compiled for the device and observables laid out on them."""

    def larger_devices(self, num_qubits: int) -> list[tuple[str, int]]:
        """Backends (CLI name, qubits) with at least ``num_qubits`` qubits, suggested when this one is too small."""
        return []

    # -- size -------------------------------------------------------------------------------
    @property
    def num_qubits(self) -> int:
        """Qubits of the device."""
        return int(self.device.num_qubits)

    @property
    def basis(self) -> list[str]:
        """The device's gates (what compiled circuits contain, measurements aside)."""
        return sorted(set(self.device.operation_names) - NON_GATES)

    def resolve(self, num_qubits: int | None, mps_because: str | None = None) -> DeviceBackend:
        """This backend, after checking that a circuit of ``num_qubits`` fits on the device.

        :param mps_because: ignored (a device has one way to run).
        :raises BackendError: when the device is too small.
        """
        if num_qubits is not None:
            self.check_capacity(num_qubits)
        return self

    def check_capacity(self, num_qubits: int) -> None:
        """Refuse a circuit wider than the device, suggesting a device (or Aer) that fits.

        :raises BackendError: when ``num_qubits`` exceeds the device's qubits.
        """
        have = self.num_qubits
        if num_qubits <= have:
            return
        larger = [f"--backend {name} ({size} qubits)" for name, size in self.larger_devices(num_qubits)]
        fix = f"{larger[0]} or --backend aer" if larger else "--backend aer, or a smaller instance"
        raise BackendError(
            f"--backend {self.name}: the circuit needs {num_qubits} qubits, {self.device_name} has {have} (fix: {fix})"
        )

    # -- compilation ------------------------------------------------------------------------
    def transpile(self, circuit: Any, seed: int | None = None, fragment: bool = False) -> Any:
        """The circuit, still logical: the device compilation happens when it runs.

        Algorithms measure and compose what this returns qubit by qubit, which a circuit laid out on
        the device's physical qubits would not allow; see :meth:`compile`. It compiles whole
        circuits only, so ``fragment`` (see :meth:`c2q.backends.aer.AerBackend.transpile`) changes nothing.
        """
        return circuit

    def pass_manager(self, seed: int | None = None) -> Any:
        """Preset pass manager for the device (layout, routing, basis translation), seeded."""
        from qiskit.transpiler import generate_preset_pass_manager

        return generate_preset_pass_manager(
            optimization_level=self.optimization_level, backend=self.device, seed_transpiler=seed
        )

    def transpile_for_device(self, circuit: Any, seed: int | None = None) -> Any:
        """Run the device's pass manager on ``circuit``.

        :raises BackendError: when Qiskit cannot compile for the device (some snapshots have
            one-way couplings the router cannot use), naming another device to try.
        """
        from qiskit.transpiler.exceptions import TranspilerError

        try:
            return self.pass_manager(seed).run(circuit)
        except TranspilerError as exc:
            reason = str(exc).split("\n")[0][:120]
            raise BackendError(
                f"--backend {self.name}: Qiskit cannot compile this circuit for the device ({reason}) "
                "(fix: another device of the same size; `c2q recommend` lists those that compile)"
            ) from None

    def compile(self, circuit: Any, seed: int | None = None) -> Any:
        """Circuit laid out, routed and translated for the device; cached per circuit and seed."""
        key = (id(circuit), seed)
        cached = self._compiled.get(key)
        if cached is None or cached[0] is not circuit:
            cached = (circuit, self.transpile_for_device(circuit, seed))  # holding the circuit keeps its id unique
            self._compiled[key] = cached
        return cached[1]

    # -- primitives -------------------------------------------------------------------------
    def sampler(self, seed: int | None = None, stage: str = "final sampling") -> DeviceSampler:
        """SamplerV2 that compiles each circuit for the device first.

        :param stage: what the samples are for; backends that keep job records note it.
        """
        return DeviceSampler(self, self.isa_sampler(seed, stage), seed)

    def estimator(self, seed: int | None = None, stage: str = "training") -> DeviceEstimator:
        """EstimatorV2 that compiles each circuit and lays its observable out on the same qubits."""
        return DeviceEstimator(self, self.isa_estimator(seed, stage), seed)

    def probabilities(self, circuit: Any, theta: Any) -> Any:
        """Not available: a device only samples (see :attr:`exact_probabilities`).

        :raises BackendError: always.
        """
        raise BackendError(f"--backend {self.name}: a device gives samples, not exact probabilities")

    # -- metrics ----------------------------------------------------------------------------
    def metrics(self, circuit: Any, seed: int | None = None) -> dict[str, Any]:
        """Depth and gate counts of the circuit compiled for the device (its basis, its coupling).

        Uses the same pass manager and seed as the run, on the circuit with its parameters bound.
        """
        compiled = self.transpile_for_device(circuit.remove_final_measurements(inplace=False), seed)
        return self.compiled_metrics(circuit.num_qubits, compiled)

    def compiled_metrics(self, qubits: int, compiled: Any) -> dict[str, Any]:
        """Metrics of a circuit of ``qubits`` logical qubits as ``compiled`` for the device.

        :returns: qubits, depth, two-qubit and total gate counts, the device's basis and size, the
            physical qubit of each logical qubit (``layout``) and the optimisation level.
        """
        layout = compiled.layout.initial_index_layout(filter_ancillas=True) if compiled.layout else None
        return {
            **compiled_metrics(qubits, compiled),
            "basis": self.basis,
            "device_qubits": self.num_qubits,
            "layout": layout,
            "optimization_level": self.optimization_level,
        }


def _pub_parts(pub: Any) -> tuple[Any, tuple[Any, ...]]:
    """``circuit`` or ``(circuit, *rest)`` -> circuit, rest."""
    if isinstance(pub, tuple | list):
        return pub[0], tuple(pub[1:])
    return pub, ()


class DeviceSampler:
    """SamplerV2 that compiles each pub's circuit for the device before running it."""

    def __init__(self, backend: DeviceBackend, sampler: Any, seed: int | None) -> None:
        self._backend, self._sampler, self._seed = backend, sampler, seed

    def run(self, pubs: list[Any], shots: int | None = None) -> Any:
        """Compile and run, like ``SamplerV2.run``."""
        compiled = []
        for pub in pubs:
            circuit, rest = _pub_parts(pub)
            compiled.append((self._backend.compile(circuit, self._seed), *rest))
        return self._sampler.run(compiled, shots=shots)


class DeviceEstimator:
    """EstimatorV2 that compiles each circuit and lays its observable out on the same qubits."""

    def __init__(self, backend: DeviceBackend, estimator: Any, seed: int | None) -> None:
        self._backend, self._estimator, self._seed = backend, estimator, seed
        self._observables: dict[tuple[int, int], tuple[Any, Any]] = {}

    def _layout(self, observable: Any, compiled: Any) -> Any:
        key = (id(observable), id(compiled))
        cached = self._observables.get(key)
        if cached is None or cached[0] is not observable:
            cached = (observable, observable.apply_layout(compiled.layout))
            self._observables[key] = cached
        return cached[1]

    def run(self, pubs: list[Any], precision: float | None = None) -> Any:
        """Compile, map observables, and run, like ``EstimatorV2.run``."""
        compiled = []
        for pub in pubs:
            circuit, (observable, *rest) = _pub_parts(pub)
            isa = self._backend.compile(circuit, self._seed)
            compiled.append((isa, self._layout(observable, isa), *rest))
        return self._estimator.run(compiled, precision=precision)
