"""Noisy local runs on qiskit-ibm-runtime's fake devices (``fake_manila``, ``fake_sherbrooke``...).

A fake device is a snapshot of a real IBM device: its coupling map, basis gates and calibrated
error rates. Circuits run on Aer built from it (``AerSimulator.from_backend``), through the same
V2 primitives as :mod:`backends.aer`, so one code path serves simulator, fake device and hardware.

Algorithms build, measure and compose *logical* circuits (qubit ``i`` is variable ``i``), so
:meth:`FakeDeviceBackend.transpile` leaves circuits logical; the device compilation (layout,
routing, translation to the device's basis, optimisation level 3, seeded) happens once per circuit
inside the sampler and estimator, which also map observables onto the chosen physical qubits.
Measurements added before the compilation keep their classical bits, so counts stay in logical
order.
"""

from __future__ import annotations

import difflib
import inspect
from functools import cache, cached_property
from typing import Any

from backends.aer import compiled_metrics
from c2q.errors import BackendError

#: preset pass-manager level used for devices (layout and routing matter on sparse couplings)
DEVICE_OPTIMIZATION_LEVEL = 3
#: devices suggested, smallest first, when a circuit is too wide for the chosen one
LARGER_DEVICES = ("fake_guadalupe", "fake_kolkata", "fake_sherbrooke", "fake_kingston")
#: target operations that are not gates (left out of the reported basis)
NON_GATES = {"measure", "reset", "delay", "barrier", "if_else", "switch_case", "for_loop", "while_loop", "box"}


def _key(name: str) -> str:
    """Spelling-insensitive key: ``fake_manila``, ``FakeManilaV2`` and ``fakemanila`` agree."""
    key = name.lower().replace("_", "").replace("-", "")
    return key.removesuffix("v2")


@cache
def device_classes() -> dict[str, type]:
    """CLI name (``fake_manila``) -> fake backend class, for every V2 fake device.

    Classes are listed, not instantiated: each instance loads its device's calibration data.
    """
    from qiskit_ibm_runtime import fake_provider
    from qiskit_ibm_runtime.fake_provider.fake_backend import FakeBackendV2

    return {
        cls.backend_name: cls
        for cls in sorted(vars(fake_provider).values(), key=lambda c: getattr(c, "__name__", ""))
        if inspect.isclass(cls) and issubclass(cls, FakeBackendV2) and getattr(cls, "backend_name", None)
    }


def device_names() -> list[str]:
    """Every fake device name ``get_device`` accepts, sorted."""
    return sorted(device_classes())


def get_device(name: str) -> FakeDeviceBackend:
    """Fake device backend from ``fake_<name>`` or its class name (``FakeManilaV2``), any case.

    :raises BackendError: unknown device, with the closest names.
    """
    classes = device_classes()
    by_key: dict[str, str] = {}
    for device, cls in classes.items():
        by_key[_key(device)] = device
        by_key[_key(cls.__name__)] = device
    device = by_key.get(_key(name))
    if device is None:
        wanted = name.lower() if name.lower().startswith("fake_") else "fake_" + _key(name).removeprefix("fake")
        close = difflib.get_close_matches(wanted, list(classes), n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}?" if close else f"{len(classes)} devices, e.g. fake_manila"
        raise BackendError(f"--backend: unknown fake device '{name}' ({hint})")
    return FakeDeviceBackend(device)


class FakeDeviceBackend:
    """Noisy Aer with a fake device's noise model, coupling map and basis gates.

    :param device: CLI name of the device, e.g. ``fake_manila``.
    :param optimization_level: preset pass-manager level of the device compilation.
    """

    #: Aer picks density matrix or statevector trajectories for the noise model
    method = "noisy"
    #: exact statevector probabilities make no sense with noise: algorithms sample instead
    exact_probabilities = False

    def __init__(self, device: str, optimization_level: int = DEVICE_OPTIMIZATION_LEVEL) -> None:
        self.name = device
        self.optimization_level = optimization_level
        self.notes: list[str] = []
        self._compiled: dict[tuple[int, int | None], tuple[Any, Any]] = {}

    @cached_property
    def device(self) -> Any:
        """The qiskit-ibm-runtime fake backend (V2)."""
        return device_classes()[self.name]()

    @cached_property
    def simulator(self) -> Any:
        """AerSimulator carrying the device's noise model, coupling map and basis gates."""
        from qiskit_aer import AerSimulator

        return AerSimulator.from_backend(self.device)

    @property
    def num_qubits(self) -> int:
        """Qubits of the device."""
        return int(self.device.num_qubits)

    @property
    def basis(self) -> list[str]:
        """The device's gates (what compiled circuits contain, measurements aside)."""
        return sorted(set(self.device.operation_names) - NON_GATES)

    def resolve(self, num_qubits: int | None, prefer_mps: bool = False) -> FakeDeviceBackend:
        """This backend, after checking that a circuit of ``num_qubits`` fits on the device.

        :param prefer_mps: ignored (a device has one way to run).
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
        classes = device_classes()
        larger = [
            f"--backend {name} ({size} qubits)"
            for name in LARGER_DEVICES
            if name in classes and (size := classes[name]().num_qubits) >= num_qubits
        ]
        fix = f"{larger[0]} or --backend aer" if larger else "--backend aer, or a smaller instance"
        raise BackendError(
            f"--backend {self.name}: the circuit needs {num_qubits} qubits, {self.name} has {have} (fix: {fix})"
        )

    # -- compilation ------------------------------------------------------------------------
    def transpile(self, circuit: Any, seed: int | None = None) -> Any:
        """The circuit, still logical: the device compilation happens when it runs.

        Algorithms measure and compose what this returns qubit by qubit, which a circuit laid out on
        the device's physical qubits would not allow; see :meth:`compile`.
        """
        return circuit

    def pass_manager(self, seed: int | None = None) -> Any:
        """Preset pass manager for the device (layout, routing, basis translation), seeded."""
        from qiskit.transpiler import generate_preset_pass_manager

        return generate_preset_pass_manager(
            optimization_level=self.optimization_level, backend=self.device, seed_transpiler=seed
        )

    def compile(self, circuit: Any, seed: int | None = None) -> Any:
        """Circuit laid out, routed and translated for the device; cached per circuit and seed."""
        key = (id(circuit), seed)
        cached = self._compiled.get(key)
        if cached is None or cached[0] is not circuit:
            cached = (circuit, self.pass_manager(seed).run(circuit))  # holding the circuit keeps its id unique
            self._compiled[key] = cached
        return cached[1]

    # -- primitives -------------------------------------------------------------------------
    def sampler(self, seed: int | None = None) -> _DeviceSampler:
        """SamplerV2 on the noisy simulator; compiles each circuit for the device first."""
        from qiskit_aer.primitives import SamplerV2

        return _DeviceSampler(self, SamplerV2.from_backend(self.simulator, seed=seed), seed)

    def estimator(self, seed: int | None = None) -> _DeviceEstimator:
        """EstimatorV2 on the noisy simulator; observables follow the circuit's layout."""
        from qiskit_aer.primitives import EstimatorV2

        run_options = {} if seed is None else {"seed_simulator": seed}
        return _DeviceEstimator(
            self, EstimatorV2.from_backend(self.simulator, options={"run_options": run_options}), seed
        )

    def probabilities(self, circuit: Any, theta: Any) -> Any:
        """Not available: a noisy device only samples (see :attr:`exact_probabilities`).

        :raises BackendError: always.
        """
        raise BackendError(f"--backend {self.name}: a noisy device gives samples, not exact probabilities")

    def metrics(self, circuit: Any, seed: int | None = None) -> dict[str, Any]:
        """Depth and gate counts of the circuit compiled for the device (its basis, its coupling).

        Uses the same pass manager and seed as the run, on the circuit with its parameters bound.
        """
        compiled = self.pass_manager(seed).run(circuit.remove_final_measurements(inplace=False))
        layout = compiled.layout.initial_index_layout(filter_ancillas=True) if compiled.layout else None
        return {
            **compiled_metrics(circuit, compiled),
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


class _DeviceSampler:
    """SamplerV2 that compiles each pub's circuit for the device before running it."""

    def __init__(self, backend: FakeDeviceBackend, sampler: Any, seed: int | None) -> None:
        self._backend, self._sampler, self._seed = backend, sampler, seed

    def run(self, pubs: list[Any], shots: int | None = None) -> Any:
        """Compile and run, like ``SamplerV2.run``."""
        compiled = []
        for pub in pubs:
            circuit, rest = _pub_parts(pub)
            compiled.append((self._backend.compile(circuit, self._seed), *rest))
        return self._sampler.run(compiled, shots=shots)


class _DeviceEstimator:
    """EstimatorV2 that compiles each circuit and lays its observable out on the same qubits."""

    def __init__(self, backend: FakeDeviceBackend, estimator: Any, seed: int | None) -> None:
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
