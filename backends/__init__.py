"""Where programs run. ``get_backend("aer")`` / ``"aer:mps"`` / ``"fake_manila"``; IBM devices come later."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from backends.aer import AER_METHODS, AerBackend
from c2q.errors import BackendError

if TYPE_CHECKING:
    from backends.fake import FakeDeviceBackend

__all__ = ["AerBackend", "backend_names", "get_backend"]


def backend_names() -> list[str]:
    """Every backend name ``get_backend`` accepts (fake devices: see :func:`backends.fake.device_names`)."""
    return ["aer", *(f"aer:{alias}" for alias in AER_METHODS)]


def get_backend(name: str) -> AerBackend | FakeDeviceBackend:
    """Backend from its CLI name.

    :param name: ``aer`` (method chosen per circuit), ``aer:statevector``, ``aer:mps`` /
        ``aer:matrix_product_state``, or a fake device: ``fake_manila``, ``FakeManilaV2`` (any case).
    :raises BackendError: unknown name, with the closest known names.
    """
    if name.lower().startswith("fake"):
        from backends.fake import get_device  # imports qiskit-ibm-runtime (about a second): only when asked

        return get_device(name)
    if name == "aer":
        return AerBackend()
    if name.startswith("aer:") and name[4:] in AER_METHODS:
        return AerBackend(AER_METHODS[name[4:]])
    close = difflib.get_close_matches(name, backend_names(), n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(backend_names())}, fake_<device>"
    raise BackendError(f"--backend: unknown backend '{name}' ({hint})")
