"""A cheap noise model for search: every gate's depolarising error folded into one global factor.

Approximation (stated, not hidden): each gate ``g`` is followed by a depolarising channel of
probability ``p_g`` on the *whole register*, ``ρ -> (1 - p_g) ρ + p_g I / 2**n``. Such channels
commute with unitaries, so the circuit's output is ``f ρ_ideal + (1 - f) I / 2**n`` with
``f = Π_g (1 - p_g)``, and

    E_noisy = f · E_ideal + (1 - f) · Tr(H) / 2**n.

A real device's noise is local and not depolarising; this model keeps the trade-off the search
must learn (each gate adds error, two-qubit gates most) at no extra simulation cost, and it keeps
the optimal angles of the noiseless circuit (``E_noisy`` is an increasing affine map of ``E_ideal``).
With ``E0`` the exact ground energy, the best reachable error of a circuit is
``(1 - f) (Tr(H)/2**n - E0)``, so success thresholds must sit above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class DepolarizingNoise:
    """Per-gate depolarising probabilities, applied as a global factor (see the module docstring).

    :param p1: probability for single-qubit gates.
    :param p2: probability for two-qubit gates.
    :param per_gate: overrides by gate name (``{"rz": 0.0}`` for virtual Z rotations).
    :param source: where the numbers come from (``manual`` or a fake device name).
    """

    p1: float = 1e-3
    p2: float = 1e-2
    per_gate: Mapping[str, float] = field(default_factory=dict)
    source: str = "manual"

    def __post_init__(self) -> None:
        for name, p in {"p1": self.p1, "p2": self.p2, **self.per_gate}.items():
            if not 0.0 <= p < 1.0:
                raise ValueError(f"noise {name}={p}: a depolarising probability is in [0, 1)")

    def gate_error(self, name: str) -> float:
        """Depolarising probability of one gate by name."""
        if name in self.per_gate:
            return float(self.per_gate[name])
        return self.p2 if name in ("cx", "cz") else self.p1

    def fidelity(self, circuit: Sequence[tuple]) -> float:
        """Global factor ``f = Π (1 - p_g)`` over the circuit's gates."""
        return float(np.prod([1.0 - self.gate_error(g[0]) for g in circuit]))

    def noisy_energy(self, energy: float, fidelity: float, trace_mean: float) -> float:
        """``f · E + (1 - f) · Tr(H)/2**n``."""
        return fidelity * energy + (1.0 - fidelity) * trace_mean

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {"model": "global_depolarizing", "p1": self.p1, "p2": self.p2, **self.per_gate, "source": self.source}


def device_noise(name: str) -> DepolarizingNoise:
    """Median gate errors of a qiskit-ibm-runtime fake device as depolarising probabilities.

    The device reports average gate infidelities ``r``; a depolarising channel on ``d``
    dimensions has ``r = p (d - 1) / d``, so ``p1 = 2 r_sx`` and ``p2 = 4/3 r_2q`` (median of
    the device's ``cz``, ``ecr`` or ``cx``). ``rz`` is virtual (error 0); ``rx``/``ry`` compile to two
    ``sx`` and count ``1 - (1 - p1)**2``.

    :param name: ``fake_torino``, ``FakeManilaV2``... (any spelling :mod:`c2q.backends.fake` accepts).
    """
    from c2q.backends.fake import get_device

    device = get_device(name)
    target = device.device.target

    def median(op: str) -> float | None:
        if op not in target.operation_names:
            return None
        errs = [p.error for p in target[op].values() if p is not None and p.error is not None]
        return float(np.median(errs)) if errs else None

    r1 = median("sx")
    r2 = next((r for r in (median(op) for op in ("cz", "ecr", "cx")) if r is not None), None)
    if r1 is None or r2 is None:
        raise ValueError(f"device {device.name}: no sx or two-qubit gate errors in its target")
    p1, p2 = 2.0 * r1, 4.0 / 3.0 * r2
    two_sx = 1.0 - (1.0 - p1) ** 2
    rz = median("rz") or 0.0
    per_gate = {"rz": 2.0 * rz, "rx": two_sx, "ry": two_sx}
    return DepolarizingNoise(p1=p1, p2=p2, per_gate=per_gate, source=device.name)


def as_noise(value: DepolarizingNoise | Mapping[str, Any] | str | None) -> DepolarizingNoise | None:
    """``None`` (noiseless), a :class:`DepolarizingNoise`, ``{"p1": .., "p2": ..}``, or a fake device name."""
    if value is None or isinstance(value, DepolarizingNoise):
        return value
    if isinstance(value, str):
        return device_noise(value)
    return DepolarizingNoise(**dict(value))
