"""Where programs run. ``get_backend("aer")`` / ``"aer:mps"``; fake and IBM devices come later."""

from __future__ import annotations

import difflib

from backends.aer import AER_METHODS, AerBackend
from c2q.errors import BackendError

__all__ = ["AerBackend", "backend_names", "get_backend"]


def backend_names() -> list[str]:
    """Every backend name ``get_backend`` accepts."""
    return ["aer", *(f"aer:{alias}" for alias in AER_METHODS)]


def get_backend(name: str) -> AerBackend:
    """Backend from its CLI name.

    :param name: ``aer`` (method chosen per circuit), ``aer:statevector``, ``aer:mps`` /
        ``aer:matrix_product_state``.
    :raises BackendError: unknown name, with the closest known names.
    """
    if name == "aer":
        return AerBackend()
    if name.startswith("aer:") and name[4:] in AER_METHODS:
        return AerBackend(AER_METHODS[name[4:]])
    close = difflib.get_close_matches(name, backend_names(), n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(backend_names())}"
    raise BackendError(f"--backend: unknown backend '{name}' ({hint})")
