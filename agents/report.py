"""What a search run keeps and writes: the best circuit, the episode log, and the report files.

:class:`SearchLog` is shared by the RL training entry point (:mod:`c2q.agents.train`) and the
baselines (:mod:`c2q.agents.baselines`), so every method is scored by the same rule: a circuit
*succeeds* when its energy error is below the target threshold (and, with a CNOT limit, it has at
most that many two-qubit gates); the best circuit is the successful one with the fewest gates
(then two-qubit gates, then error), or, while none succeeded, the one with the lowest error.

:func:`write_report` writes, into one folder: ``report.json``, ``best.qasm`` (OpenQASM 3),
``best.txt`` (text drawing), ``best_ansatz.json`` (:class:`~c2q.agents.circuits.Ansatz`, readable back
with ``Ansatz.load``), ``circuits.json`` (the distinct finished circuits with the lowest errors,
successful or not: the corpus of :mod:`c2q.agents.gadgets`, GRL's "top-k circuits") and
``learning_curve.png`` (final error of every episode against the environment step, log scale).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from c2q.agents.circuits import Ansatz

#: keys of report.json that are always present (tests check them)
REPORT_KEYS = (
    "hamiltonian",
    "n_qubits",
    "agent",
    "seed",
    "steps",
    "episodes",
    "target_threshold",
    "max_cnots",
    "ground_energy",
    "energy",
    "error",
    "success",
    "first_success_step",
    "n_gates",
    "n_cnots",
    "n_parameters",
    "parameters",
    "gates",
    "evaluations",
    "wall_time_s",
    "time_per_step_ms",
    "env_time_per_step_ms",
    "files",
    "notes",
)


_LOWEST = ("error", "n_gates", "n_cnots", "n_parameters", "step")


class SearchLog:
    """Best circuit and per-episode figures of one search run.

    :param n_qubits: register width (for the :class:`Ansatz` of the best circuit).
    :param target: success threshold on ``E - E0``.
    :param max_cnots: success also needs at most this many two-qubit gates (``None``: any).
    :param metadata: copied into the best :class:`Ansatz` (Hamiltonian, gate set, seed...).
    :param keep: distinct finished circuits kept (lowest error, then fewest gates) for ``circuits.json``.
    """

    def __init__(
        self,
        n_qubits: int,
        target: float,
        max_cnots: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        keep: int = 100,
    ) -> None:
        self.n_qubits = n_qubits
        self.keep = keep
        #: distinct finished circuits: gates -> {"gates", "angles", "energy", "error", "success", "step"}
        self.circuits: dict[tuple, dict[str, Any]] = {}
        self.target = float(target)
        self.max_cnots = max_cnots
        self.metadata = dict(metadata or {})
        self.best: Ansatz | None = None
        self.best_key: tuple | None = None
        self.best_step: int | None = None
        self.first_success_step: int | None = None
        #: lowest error seen, whatever the gate count: (error, n_gates, n_cnots, n_parameters, step)
        self.lowest: tuple | None = None
        #: one row per finished episode: step, error, n_gates, n_cnots, threshold, evaluations
        self.episodes: list[dict[str, Any]] = []

    def success(self, error: float, n_cnots: int) -> bool:
        """The task's success rule (not the environment's moving threshold)."""
        return error < self.target and (self.max_cnots is None or n_cnots <= self.max_cnots)

    def observe(self, info: Mapping[str, Any], step: int) -> None:
        """Consider the circuit of one environment step (its ``info`` dict) as a candidate."""
        error, n_gates, n_cnots = float(info["error"]), int(info["n_gates"]), int(info["n_cnots"])
        if n_gates == 0:
            return
        if self.lowest is None or error < self.lowest[0]:
            self.lowest = (error, n_gates, n_cnots, len(info["angles"]), step)
        ok = self.success(error, n_cnots)
        key = (0, n_gates, n_cnots, error) if ok else (1, error, n_gates, n_cnots)
        if self.best_key is not None and key >= self.best_key:
            return
        self.best_key, self.best_step = key, step
        if ok and self.first_success_step is None:
            self.first_success_step = step
        meta = {**self.metadata, "error": error, "success": ok, "step": step}
        self.best = Ansatz(self.n_qubits, list(info["circuit"]), list(info["angles"]), float(info["energy"]), meta)

    def _keep_circuit(self, info: Mapping[str, Any], step: int) -> None:
        gates = tuple(tuple(g) for g in info["circuit"])
        error = float(info["error"])
        kept = self.circuits.get(gates)
        if not gates or (kept is not None and kept["error"] <= error):
            return
        self.circuits[gates] = {
            "gates": [list(g) for g in gates],
            "angles": [float(a) for a in info["angles"]],
            "energy": float(info["energy"]),
            "error": error,
            "success": self.success(error, int(info["n_cnots"])),
            "step": step,
        }
        if len(self.circuits) > 2 * self.keep:  # prune now and then, not at every episode
            self.circuits = {tuple(tuple(g) for g in c["gates"]): c for c in self.top_circuits()}

    def top_circuits(self) -> list[dict[str, Any]]:
        """The kept finished circuits, lowest error then fewest gates first, at most ``keep`` (successful
        circuits, having the lowest errors, come first)."""
        return sorted(self.circuits.values(), key=lambda c: (c["error"], len(c["gates"])))[: self.keep]

    def end_episode(self, info: Mapping[str, Any], step: int, evaluations: int | None = None) -> None:
        """Record a finished episode (its last ``info``; ``evaluations``: the run's total so far) and
        offer its circuit to ``circuits.json``."""
        self._keep_circuit(info, step)
        self.episodes.append(
            {
                "step": step,
                "error": float(info["error"]),
                "n_gates": int(info["n_gates"]),
                "n_cnots": int(info["n_cnots"]),
                "threshold": float(info.get("threshold", math.nan)),
                "evaluations": evaluations,
            }
        )

    def summary(self) -> dict[str, Any]:
        """Figures of the best circuit (``None`` values before any step)."""
        b = self.best
        error = None if b is None else b.metadata["error"]
        return {
            "target_threshold": self.target,
            "max_cnots": self.max_cnots,
            "energy": None if b is None else b.energy,
            "error": error,
            "success": bool(b is not None and b.metadata["success"]),
            "first_success_step": self.first_success_step,
            "best_step": self.best_step,
            "n_gates": None if b is None else len(b.gates),
            "n_cnots": None if b is None else b.n_cnots,
            "n_parameters": None if b is None else len(b.angles),
            "parameters": None if b is None else b.angles,
            "gates": None if b is None else [list(g) for g in b.gates],
            "lowest_error": None if self.lowest is None else dict(zip(_LOWEST, self.lowest, strict=True)),
        }

    def state(self) -> dict[str, Any]:
        """JSON-ready state (checkpoints)."""
        return {
            "best": None if self.best is None else self.best.to_dict(),
            "best_key": None if self.best_key is None else list(self.best_key),
            "best_step": self.best_step,
            "first_success_step": self.first_success_step,
            "episodes": self.episodes,
            "lowest": self.lowest,
            "circuits": self.top_circuits(),
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Inverse of :meth:`state` (resume)."""
        self.best = None if state["best"] is None else Ansatz.from_dict(state["best"])
        self.best_key = None if state["best_key"] is None else tuple(state["best_key"])
        self.best_step = state["best_step"]
        self.first_success_step = state["first_success_step"]
        self.episodes = list(state["episodes"])
        self.lowest = None if state.get("lowest") is None else tuple(state["lowest"])
        self.circuits = {tuple(tuple(g) for g in c["gates"]): c for c in state.get("circuits", [])}


def plot_learning_curve(
    episodes: Sequence[Mapping[str, Any]], path: str | Path, *, target: float | None = None, title: str = ""
) -> Path | None:
    """Episode error against environment step (log scale), the running minimum, the threshold.

    :return: the path, or ``None`` when there is nothing to plot.
    """
    if not episodes:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor = 1e-16
    steps = [e["step"] for e in episodes]
    errors = [max(e["error"], floor) for e in episodes]
    running, low = [], math.inf
    for err in errors:
        low = min(low, err)
        running.append(low)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.scatter(steps, errors, s=4, alpha=0.35, label="episode error")
    ax.plot(steps, running, color="C1", label="best so far")
    thresholds = [t for e in episodes if (t := e.get("threshold")) is not None and math.isfinite(t)]
    if len(thresholds) == len(episodes):  # every episode ran under a curriculum threshold
        ax.step(steps, thresholds, where="post", color="C2", lw=1, label="curriculum threshold")
    if target is not None:
        ax.axhline(target, color="k", ls="--", lw=0.8, label=f"target {target:g}")
    ax.set_yscale("log")
    ax.set_xlabel("environment step")
    ax.set_ylabel("energy error E - E0 (Ha; spin models: J)")
    if title:
        ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_report(out: str | Path, log: SearchLog, info: Mapping[str, Any]) -> dict[str, Any]:
    """Write report.json, the best circuit (QASM 3, drawing, Ansatz JSON) and the learning curve.

    :param out: folder (created).
    :param log: the run's :class:`SearchLog`.
    :param info: run figures merged into report.json (hamiltonian, agent, seed, steps, timings...).
    :return: the report dict.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {key: None for key in REPORT_KEYS}
    report.update(dict(info))
    report.update(log.summary())
    files: dict[str, str] = {}
    notes = list(report.get("notes") or [])
    if log.best is not None:
        files["ansatz"] = str(log.best.save(out / "best_ansatz.json"))
        try:
            (out / "best.qasm").write_text(log.best.to_qasm3())
            files["qasm"] = str(out / "best.qasm")
            drawing = str(log.best.to_qiskit().draw(output="text", fold=120))
            (out / "best.txt").write_text(drawing + "\n")
            files["drawing"] = str(out / "best.txt")
            report["drawing"] = drawing
        except ImportError as exc:  # qiskit is a dependency; keep the report even without it
            notes.append(f"no QASM/drawing: {exc}")
    if log.circuits:
        circuits = {"format": "c2q-circuits", "version": 1, "n_qubits": log.n_qubits, "circuits": log.top_circuits()}
        (out / "circuits.json").write_text(json.dumps(circuits, indent=1) + "\n")
        files["circuits"] = str(out / "circuits.json")
    title = f"{report.get('hamiltonian')} {report.get('n_qubits')}q, {report.get('agent')}, seed {report.get('seed')}"
    curve = plot_learning_curve(log.episodes, out / "learning_curve.png", target=log.target, title=title)
    if curve is not None:
        files["learning_curve"] = str(curve)
    report["files"] = files
    report["notes"] = notes
    (out / "report.json").write_text(json.dumps(report, indent=2, default=_json_default) + "\n")
    return report


def _json_default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
