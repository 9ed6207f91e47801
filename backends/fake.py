"""Noisy local runs on qiskit-ibm-runtime's fake devices (``fake_manila``, ``fake_sherbrooke``...).

A fake device is a snapshot of a real IBM device: its coupling map, basis gates and calibrated
error rates. Circuits run on Aer built from it (``AerSimulator.from_backend``), through the same
V2 primitives as :mod:`c2q.backends.aer`, so one code path serves simulator, fake device and hardware.
The device compilation (optimisation level 3 by default, seeded) happens inside the sampler and
estimator, as for every device: see :mod:`c2q.backends.device`.
"""

from __future__ import annotations

import difflib
import inspect
from functools import cache, cached_property
from typing import Any

from c2q.backends.device import DEVICE_OPTIMIZATION_LEVEL, DeviceBackend

from c2q.errors import BackendError

#: devices suggested, smallest first, when a circuit is too wide for the chosen one
LARGER_DEVICES = ("fake_guadalupe", "fake_kolkata", "fake_sherbrooke", "fake_kingston")
#: widest circuit a fake device's noisy simulation takes. Aer simulates the routed circuit on every
#: physical qubit it touches, one statevector trajectory per shot: one sampling run of depth-1 QAOA
#: on a 3-regular graph (fake_sherbrooke, 1000 shots, one thread) took 3 s at 8 qubits, 58 s at 12
#: and 4 minutes at 16, and did not finish in 10 minutes at 20
#: (benchmarks/results/scale/noisy_emulation)
NOISY_MAX_QUBITS = 16


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
        name: cls
        for cls in sorted(vars(fake_provider).values(), key=lambda c: getattr(c, "__name__", ""))
        if inspect.isclass(cls) and issubclass(cls, FakeBackendV2) and (name := getattr(cls, "backend_name", None))
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
    for known, cls in classes.items():
        by_key[_key(known)] = known
        by_key[_key(cls.__name__)] = known
    device = by_key.get(_key(name))
    if device is None:
        wanted = name.lower() if name.lower().startswith("fake_") else "fake_" + _key(name).removeprefix("fake")
        close = difflib.get_close_matches(wanted, list(classes), n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}?" if close else f"{len(classes)} devices, e.g. fake_manila"
        raise BackendError(f"--backend: unknown fake device '{name}' ({hint})")
    return FakeDeviceBackend(device)


class FakeDeviceBackend(DeviceBackend):
    """Noisy Aer with a fake device's noise model, coupling map and basis gates.

    :param device: CLI name of the device, e.g. ``fake_manila``.
    :param optimization_level: preset pass-manager level of the device compilation.
    """

    #: Aer picks density matrix or statevector trajectories for the noise model
    method = "noisy"

    def __init__(self, device: str, optimization_level: int = DEVICE_OPTIMIZATION_LEVEL) -> None:
        super().__init__(device, device, optimization_level)

    @cached_property
    def device(self) -> Any:
        """The qiskit-ibm-runtime fake backend (V2)."""
        return device_classes()[self.name]()

    @cached_property
    def simulator(self) -> Any:
        """AerSimulator carrying the device's noise model, coupling map and basis gates."""
        from qiskit_aer import AerSimulator

        return AerSimulator.from_backend(self.device)

    def check_capacity(self, num_qubits: int) -> None:
        """Refuse a circuit wider than the device, or than its noisy simulation takes here.

        :raises BackendError: naming the width, the limit, and where the program can go instead.
        """
        super().check_capacity(num_qubits)
        if num_qubits > NOISY_MAX_QUBITS:
            raise BackendError(
                f"--backend {self.name}: the circuit needs {num_qubits} qubits, and a fake device's noisy "
                f"simulation takes at most {NOISY_MAX_QUBITS} (one statevector trajectory per shot: 16 qubits "
                "already take minutes per 1000 shots) (fix: --backend aer to solve it, `c2q recommend` for the "
                f"program compiled for {self.device_name} with its depth, two-qubit gates and predicted fidelity, "
                "or --backend ibm:<device> to run it on hardware)"
            )

    def larger_devices(self, num_qubits: int) -> list[tuple[str, int]]:
        """Fake devices from :data:`LARGER_DEVICES` with at least ``num_qubits`` qubits, smallest first."""
        classes = device_classes()
        sizes = ((name, classes[name]().num_qubits) for name in LARGER_DEVICES if name in classes)
        return [(name, size) for name, size in sizes if size >= num_qubits]

    def isa_sampler(self, seed: int | None, stage: str) -> Any:
        """Aer SamplerV2 on the noisy simulator, seeded."""
        from qiskit_aer.primitives import SamplerV2

        return SamplerV2.from_backend(self.simulator, seed=seed)

    def isa_estimator(self, seed: int | None, stage: str) -> Any:
        """Aer EstimatorV2 on the noisy simulator, seeded."""
        from qiskit_aer.primitives import EstimatorV2

        run_options = {} if seed is None else {"seed_simulator": seed}
        return EstimatorV2.from_backend(self.simulator, options={"run_options": run_options})
