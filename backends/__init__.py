"""Where programs run. ``get_backend("aer")`` / ``"aer:mps"`` / ``"fake_manila"`` / ``"ibm:ibm_brisbane"``."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from c2q.backends.aer import AER_METHODS, AerBackend

from c2q.errors import BackendError, OptionError

if TYPE_CHECKING:
    from c2q.backends.fake import FakeDeviceBackend
    from c2q.backends.ibm import IBMBackend

__all__ = ["AerBackend", "backend_names", "get_backend"]


def backend_names() -> list[str]:
    """Every backend name ``get_backend`` accepts (fake devices: see :func:`c2q.backends.fake.device_names`)."""
    return ["aer", *(f"aer:{alias}" for alias in AER_METHODS)]


def get_backend(name: str, optimization_level: int | None = None) -> AerBackend | FakeDeviceBackend | IBMBackend:
    """Backend from its CLI name.

    :param name: ``aer`` (method chosen per circuit), ``aer:statevector``, ``aer:mps`` /
        ``aer:matrix_product_state``, ``aer:density_matrix``, ``aer:stabilizer``,
        ``aer:extended_stabilizer``, a fake device: ``fake_manila``, ``FakeManilaV2`` (any case),
        or an IBM Quantum device: ``ibm:ibm_brisbane`` (see :mod:`c2q.backends.ibm` for credentials).
    :param optimization_level: preset pass-manager level (default: 1 for Aer, 3 for devices).
    :raises BackendError: unknown name, with the closest known names.
    """
    if optimization_level is not None and optimization_level not in (0, 1, 2, 3):
        raise OptionError(f"--opt-level: {optimization_level} is not 0, 1, 2 or 3")
    if name.lower().startswith("fake"):
        from c2q.backends.fake import get_device  # imports qiskit-ibm-runtime (about a second): only when asked

        device = get_device(name)
        if optimization_level is not None:
            device.optimization_level = optimization_level
        return device
    if name.lower().startswith("ibm:"):
        from c2q.backends.ibm import IBMBackend  # imports qiskit-ibm-runtime; connects on first use

        ibm = IBMBackend(name[4:])
        if optimization_level is not None:
            ibm.optimization_level = optimization_level
        return ibm
    level = 1 if optimization_level is None else optimization_level
    if name == "aer":
        return AerBackend(optimization_level=level)
    if name.startswith("aer:") and name[4:] in AER_METHODS:
        return AerBackend(AER_METHODS[name[4:]], optimization_level=level)
    close = difflib.get_close_matches(name, backend_names(), n=3, cutoff=0.4)
    known = f"known: {', '.join(backend_names())}, fake_<device>, ibm:<device>"
    hint = f"did you mean {', '.join(close)}?" if close else known
    raise BackendError(f"--backend: unknown backend '{name}' ({hint})")
