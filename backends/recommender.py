"""Rank where a program should run: Aer's methods and IBM devices by predicted fidelity, time and cost.

>>> from c2q import encode
>>> from c2q.workload import workload_of
>>> from c2q.backends.recommender import recommend
>>> ranking = recommend(workload_of(encode("examples/maxcut.json")), devices=["fake_manila"])
>>> ranking.best().name
'aer:statevector'

Each target gets an :class:`~c2q.backends.predict.Estimate`. Feasible targets get a score in
[0, 1], a weighted mean of the fidelity and of the time and cost scaled on a log axis against
the best and worst feasible targets (1 = best). Infeasible targets follow, with the reason.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from c2q.backends.predict import (
    DEFAULT_PRICES,
    Estimate,
    Workload,
    device_estimate,
    logical_profile,
    simulator_estimates,
)

from c2q.errors import C2QError, OptionError

#: default weights of the score: fidelity first, then time and cost
DEFAULT_WEIGHTS = {"fidelity": 0.6, "time": 0.2, "cost": 0.2}
#: below this predicted fidelity a run is mostly noise
USABLE_FIDELITY = 0.01
#: circuits at least this wide are compiled for the devices in parallel processes
PARALLEL_MIN_QUBITS = 40
#: at most this many worker processes
MAX_WORKERS = 8


def parse_weights(text: str | dict[str, float] | None) -> dict[str, float]:
    """``"fidelity=1,time=0.5,cost=0"`` (or a dict) -> weights; missing keys keep their default.

    :raises OptionError: unknown key, non-number, negative weight, or all zero.
    """
    weights = dict(DEFAULT_WEIGHTS)
    if text is None:
        return weights
    items = text.items() if isinstance(text, dict) else (_pair(part) for part in text.split(",") if part.strip())
    for key, value in items:
        if key not in DEFAULT_WEIGHTS:
            raise OptionError(
                f"--weights: unknown weight '{key}' (use fidelity, time and cost, e.g. fidelity=1,cost=0)"
            )
        if not isinstance(value, int | float) or value < 0 or not math.isfinite(value):
            raise OptionError(f"--weights: {key}={value} must be a non-negative number")
        weights[key] = float(value)
    if not any(weights.values()):
        raise OptionError("--weights: all weights are zero (fix: give at least one a positive value)")
    return weights


def _pair(part: str) -> tuple[str, float]:
    key, sep, value = part.partition("=")
    try:
        if not sep:
            raise ValueError
        return key.strip(), float(value)
    except ValueError:
        raise OptionError(f"--weights: '{part.strip()}' is not key=number (e.g. fidelity=1,time=0.2,cost=0)") from None


def load_prices(path: str | Path | None) -> dict[str, float]:
    """Price table (USD per QPU second) from a JSON file ``{"default": 1.6, "<device>": ...}``.

    :raises OptionError: unreadable file, not an object, or a price that is not a non-negative number.
    """
    if path is None:
        return dict(DEFAULT_PRICES)
    try:
        table = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OptionError(f"--prices: cannot read {path}: {exc} (fix: a JSON object of USD per second)") from None
    if not isinstance(table, dict):
        raise OptionError(f'--prices: {path} must hold a JSON object, e.g. {{"default": 1.6}}')
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
            raise OptionError(f"--prices: {key}={value!r} must be a non-negative number (USD per second)")
    return {**DEFAULT_PRICES, **{k: float(v) for k, v in table.items()}}


@dataclass
class Recommendation:
    """Targets ranked for one workload.

    :param targets: feasible targets by decreasing score, then infeasible ones.
    :param weights: the weights of the score.
    :param workload: what was ranked for.
    :param notes: what was left out and why (e.g. an IBM account that could not be reached).
    """

    targets: list[Estimate]
    weights: dict[str, float]
    workload: Workload
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def best(self, runs_here: bool = False) -> Estimate | None:
        """Top feasible target (``runs_here``: top target this machine can run without an account)."""
        for row in self.targets:
            if row.feasible and (row.runs_here or not runs_here):
                return row
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready ranking."""
        return {
            "workload": {
                "label": self.workload.label,
                "qubits": self.workload.circuit.num_qubits,
                "executions": self.workload.executions,
                "shots": self.workload.shots,
            },
            "weights": self.weights,
            "targets": [row.to_dict() for row in self.targets],
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
        }

    def plot(self, path: str | Path) -> None:
        """Trade-off picture: predicted fidelity against time and against cost, feasible targets."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        rows = [r for r in self.targets if r.feasible]
        fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
        colours = {"simulator": "tab:green", "fake device": "tab:blue", "ibm device": "tab:purple"}
        for ax, key, label in ((axes[0], "seconds", "predicted time (s)"), (axes[1], "cost", "estimated cost (USD)")):
            for kind, colour in colours.items():
                sel = [r for r in rows if r.kind == kind]
                if sel:
                    ax.scatter([getattr(r, key) for r in sel], [r.fidelity for r in sel], c=colour, label=kind, s=30)
            for rank, r in enumerate(rows[:6]):
                ax.annotate(
                    f"{rank + 1}. {r.name}",
                    (getattr(r, key), r.fidelity),
                    fontsize=8,
                    xytext=(4, 3),
                    textcoords="offset points",
                )
            ax.set_xscale("symlog" if key == "cost" else "log", **({"linthresh": 0.01} if key == "cost" else {}))
            ax.set_xlabel(label)
            ax.grid(alpha=0.3)
        axes[0].set_ylabel("predicted fidelity")
        axes[0].legend(loc="lower left")
        fig.suptitle(f"c2q recommend: {self.workload.label} ({self.workload.circuit.num_qubits} qubits)")
        fig.tight_layout()
        fig.savefig(path, dpi=120)
        plt.close(fig)


def rank(rows: list[Estimate], weights: dict[str, float]) -> list[Estimate]:
    """Score the feasible rows (weighted fidelity, log-scaled time and cost) and sort them first."""
    feasible = [r for r in rows if r.feasible]
    times = [math.log10(max(r.seconds or 0.0, 1e-4)) for r in feasible]
    costs = [math.log10(1.0 + (r.cost or 0.0)) for r in feasible]
    total = sum(weights.values())
    for row, t, c in zip(feasible, times, costs, strict=True):
        parts = {
            "fidelity": row.fidelity or 0.0,
            "time": _scaled(t, times),
            "cost": _scaled(c, costs),
        }
        row.score = sum(weights[k] * parts[k] for k in parts) / total
    feasible.sort(key=lambda r: (-(r.score or 0.0), r.seconds or 0.0, r.name))
    infeasible = sorted((r for r in rows if not r.feasible), key=lambda r: (r.kind, r.name))
    return feasible + infeasible


def _scaled(value: float, values: list[float]) -> float:
    """1 for the smallest value, 0 for the largest (all equal: 1)."""
    low, high = min(values), max(values)
    return 1.0 if high - low < 1e-12 else (high - value) / (high - low)


def parallel_workers(workload: Workload, devices: int) -> int:
    """Processes for the device compilations: one below :data:`PARALLEL_MIN_QUBITS` qubits (starting
    a worker costs more than compiling a small circuit for every device), else up to the CPU count."""
    if workload.circuit.num_qubits < PARALLEL_MIN_QUBITS or devices < 2:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, devices))


def _fake_estimate(name: str, settings: tuple[Workload, int, int | None, dict[str, float] | None]) -> Estimate:
    """Estimate for one fake device (by name, so that worker processes can load it themselves)."""
    from c2q.backends.fake import device_classes

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        device = device_classes()[name]()
        row = device_estimate(name, "fake device", device, *settings)
    if caught:  # e.g. "Properties of fake_nighthawk are not intended to represent typical ... error values"
        row.details["snapshot_note"] = str(caught[0].message)
    return row


def recommend(
    workload: Workload,
    devices: Iterable[str] | None = None,
    live: Iterable[tuple[str, Any]] = (),
    weights: str | dict[str, float] | None = None,
    prices: dict[str, float] | None = None,
    optimization_level: int = 3,
    seed: int | None = None,
    progress: Any = None,
    notes: Iterable[str] = (),
) -> Recommendation:
    """Predict every target's fidelity, time and cost for ``workload`` and rank them.

    :param devices: fake device names (default: every fake device qiskit-ibm-runtime ships).
    :param live: ``(name, backend)`` pairs of IBM devices reachable with an account.
    :param weights: ``"fidelity=..,time=..,cost=.."`` or a dict (see :func:`parse_weights`).
    :param prices: USD per QPU second (see :func:`load_prices`).
    :param optimization_level: preset pass-manager level used to compile for devices.
    :param progress: called with ``(done, total, name)`` after each device.
    :param notes: what the caller already left out (kept in the recommendation).
    """
    import time

    from c2q.backends.fake import device_classes, get_device

    start = time.perf_counter()
    chosen = parse_weights(weights)
    if optimization_level not in (0, 1, 2, 3):
        raise OptionError(f"--opt-level: {optimization_level} is not 0, 1, 2 or 3")
    rows = simulator_estimates(workload, logical_profile(workload.circuit, seed))
    names = list(device_classes()) if devices is None else list(dict.fromkeys(get_device(d).name for d in devices))
    settings = (workload, optimization_level, seed, prices)
    live = list(live)  # any iterable: counted here, then walked
    total = len(names) + len(live)
    notes = list(notes)
    workers = parallel_workers(workload, len(names))
    if workers > 1:  # fresh interpreters: forking after Qiskit's Rust thread pool has started is unsafe
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for done, row in enumerate(pool.map(_fake_estimate, names, [settings] * len(names)), 1):
                rows.append(row)
                if progress is not None:
                    progress(done, total, row.name)
    else:
        for done, name in enumerate(names, 1):
            rows.append(_fake_estimate(name, settings))
            if progress is not None:
                progress(done, total, name)
    for done, (name, device) in enumerate(live, len(names) + 1):
        try:
            rows.append(device_estimate(name, "ibm device", device, *settings))
        except C2QError as exc:  # a live device whose calibration cannot be fetched
            notes.append(f"{name} left out: {exc}")
        if progress is not None:
            progress(done, total, name)
    ranked = rank(rows, chosen)
    best = max((r.fidelity or 0.0 for r in ranked if r.feasible), default=None)
    if best is not None and best < USABLE_FIDELITY:
        notes.append(
            f"every feasible target's predicted fidelity is below {USABLE_FIDELITY:.0%}: expect noise, not an answer "
            f"(fix: {workload.smaller})"
        )
    return Recommendation(ranked, chosen, workload, time.perf_counter() - start, notes)
