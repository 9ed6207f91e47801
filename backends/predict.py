"""Predicted fidelity, time and cost of running a workload on one target, without running it.

Devices (IBM, or qiskit-ibm-runtime's fake snapshots of them): the circuit is compiled for the
device and its success probability is estimated from the device's own calibration (the
*estimated success probability*, ESP): the product over compiled gates of ``1 - error``, over
measured qubits of ``1 - readout error``, and over each qubit's idle time inside an as-late-as-
possible schedule of the thermal-relaxation process fidelity ``(1 + e^(-t/T1) + 2 e^(-t/T2)) / 4``.
Gate errors already include decoherence during the gate, so only idle time is added.

Aer methods are exact (fidelity 1; the extended stabiliser method is approximate) and cost
nothing; their time and memory come from simple scaling laws whose constants were measured on a
2-core machine (benchmarks/recommender.py checks them against measured runs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from c2q.backends.aer import MEMORY_FRACTION, MPS_MAX_QUBITS, available_memory_bytes, statevector_bytes

#: seconds per primitive call on Aer (set-up, result handling): statevector, and matrix product state
AER_CALL_SECONDS = 2e-3
MPS_CALL_SECONDS = 25e-3
#: seconds per gate per statevector amplitude (Aer, fused gates, 2 threads)
STATEVECTOR_SECONDS = 1.5e-10
#: seconds per gate per density-matrix entry
DENSITY_MATRIX_SECONDS = 4e-10
#: seconds per gate per chi**3 of the matrix product state method
MPS_SECONDS = 2e-9
#: seconds per gate per shot per qubit**2 of the stabiliser method
STABILIZER_SECONDS = 2e-9
#: above this many non-Clifford gates the extended stabiliser method is not offered
EXTENDED_STABILIZER_MAX_NON_CLIFFORD = 24
#: Aer's default ``extended_stabilizer_approximation_error``
EXTENDED_STABILIZER_ERROR = 0.05
#: a local run predicted to take longer than this (seconds) is marked infeasible
LOCAL_SECONDS_LIMIT = 24 * 3600
#: noisy emulation of a device uses the density matrix up to this many active qubits, trajectories above
DENSITY_MATRIX_MAX_QUBITS = 14
#: repetition delay between shots when a device does not state it (IBM's default, seconds)
DEFAULT_REP_DELAY = 250e-6
#: assumed per-job overhead on IBM hardware: loading, compilation checks, readout (seconds)
JOB_OVERHEAD_SECONDS = 2.0
#: USD per QPU second: IBM Quantum Pay-As-You-Go, 96 USD per minute (ibm.com/quantum/pricing).
#: Override per device with a JSON table (``{"default": 1.6, "ibm_torino": 1.2}``).
DEFAULT_PRICES = {"default": 96.0 / 60.0}
#: gates that map a computational basis state to a basis state, up to a phase (an MPS of such a
#: circuit keeps bond dimension 1: basis-state arithmetic)
BASIS_PRESERVING = {
    *("x", "y", "z", "s", "sdg", "t", "tdg", "rz", "p", "u1", "id", "cx", "cy", "cz", "cp", "crz", "swap"),
    *("ccx", "ccz", "cswap", "rccx", "c3x", "c4x", "rcccx", "mcx", "mcx_gray", "mcx_vchain", "mcx_recursive"),
    *("mcphase", "barrier", "measure", "reset", "delay"),
}
#: a calibrated error at least this large marks a faulty gate (snapshots give broken couplers error 1)
FAULTY_ERROR = 0.5
#: non-gate instructions skipped by the error and schedule models
NOT_GATES = {"barrier", "delay"}


@dataclass(frozen=True)
class Workload:
    """What a program asks of a target.

    :param circuit: one representative logical circuit, parameters bound, measurements included.
    :param executions: circuit executions (training evaluations plus the final sampling run).
    :param shots: shots over all executions.
    :param label: what the program is, for reports.
    :param smaller: how the program could be made smaller, for a ranking in which no target is
        predicted to give an error-free shot.
    """

    circuit: Any
    executions: int
    shots: int
    label: str = ""
    smaller: str = "a smaller instance"


@dataclass
class Estimate:
    """One target's predicted figures for a workload (``None``: not applicable or not computed).

    :param name: the ``--backend`` name that runs there.
    :param kind: ``simulator``, ``fake device`` or ``ibm device``.
    :param qubits: qubits the circuit needs; ``available``: what the target offers (``None``: memory-bound).
    :param feasible: whether the target can run it; ``reason`` says why not.
    :param fidelity: predicted probability that a shot is error-free (1 for exact simulators).
    :param seconds: predicted time: local wall time for simulators, QPU time for devices.
    :param cost: USD (0 for local simulation).
    :param runs_here: whether this machine can run it (simulators, or local emulation of a fake device).
    """

    name: str
    kind: str
    qubits: int
    available: int | None
    feasible: bool
    reason: str | None = None
    depth: int | None = None
    two_qubit_gates: int | None = None
    fidelity: float | None = None
    seconds: float | None = None
    cost: float | None = None
    runs_here: bool = False
    details: dict[str, Any] = field(default_factory=dict)
    score: float | None = None

    def reject(self, reason: str) -> None:
        """Mark the target infeasible (and so not runnable here) for ``reason``."""
        self.feasible, self.runs_here, self.reason = False, False, reason

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# -- simulators ----------------------------------------------------------------------------------
def logical_profile(circuit: Any, seed: int | None = None) -> dict[str, Any]:
    """Gate counts of the circuit on a hardware-like basis, and what the simulators need to know."""
    from c2q.backends.aer import METRIC_BASIS, simulator_pass_manager

    pm = simulator_pass_manager(1, basis_gates=METRIC_BASIS, seed=seed)
    compiled = pm.run(circuit.remove_final_measurements(inplace=False))
    gates = [inst for inst in compiled.data if inst.operation.name not in NOT_GATES]
    non_clifford = sum(1 for inst in gates if inst.operation.name == "rz" and not _clifford_angle(inst.operation))
    return {
        "qubits": circuit.num_qubits,
        "depth": compiled.depth(),
        "two_qubit_gates": sum(1 for inst in gates if inst.operation.num_qubits == 2),
        "gates": len(gates),
        "non_clifford": non_clifford,
        "basis_preserving": basis_preserving(circuit),
        "bond_dimension_log2": _bond_log2(compiled),
    }


def basis_preserving(circuit: Any) -> bool:
    """Whether every gate maps basis states to basis states (looking inside composite gates)."""
    for inst in circuit.data:
        op = inst.operation
        if op.name in BASIS_PRESERVING:
            continue
        definition = getattr(op, "definition", None)
        if definition is None or not basis_preserving(definition):
            return False
    return True


def _clifford_angle(operation: Any) -> bool:
    """Whether an ``rz`` angle is a multiple of pi/2 (unbound parameters are not)."""
    try:
        angle = float(operation.params[0])
    except (TypeError, ValueError):
        return False
    quarter = angle / (math.pi / 2)
    return abs(quarter - round(quarter)) < 1e-9


def _bond_log2(compiled: Any) -> int:
    """Upper bound on log2 of the MPS bond dimension: two-qubit gates across each cut of the line."""
    n = compiled.num_qubits
    crossings = np.zeros(max(n - 1, 1), dtype=int)
    for inst in compiled.data:
        if inst.operation.num_qubits == 2:
            a, b = sorted(compiled.find_bit(q).index for q in inst.qubits)
            crossings[a:b] += 1
    cuts = np.arange(1, n)
    limit = np.minimum(cuts, n - cuts) if n > 1 else np.zeros(1, dtype=int)
    return int(np.max(np.minimum(crossings[: len(limit)], limit))) if n > 1 else 0


def simulator_estimates(workload: Workload, profile: dict[str, Any]) -> list[Estimate]:
    """Aer's methods for the workload: statevector, matrix product state, density matrix, stabilisers."""
    n, g = profile["qubits"], max(profile["gates"], 1)
    memory = available_memory_bytes()
    calls = workload.executions * AER_CALL_SECONDS
    common = {"qubits": n, "available": None, "depth": profile["depth"], "two_qubit_gates": profile["two_qubit_gates"]}
    rows = []

    need = statevector_bytes(n)
    seconds = calls + workload.executions * g * 2.0**n * STATEVECTOR_SECONDS
    rows.append(_local("aer:statevector", need, memory, seconds, 1.0, common, "memory 16 B x 2^n"))

    chi_log2 = 0 if profile["basis_preserving"] else profile["bond_dimension_log2"]
    chi = 2.0**chi_log2
    need = int(32 * n * chi**2)
    seconds = workload.executions * (MPS_CALL_SECONDS + g * chi**3 * MPS_SECONDS)
    row = _local("aer:mps", need, memory, seconds, 1.0, common, f"bond dimension up to 2^{chi_log2}")
    if n > MPS_MAX_QUBITS:
        row.reject(f"needs {n} qubits, the MPS method is limited to {MPS_MAX_QUBITS} here")
    rows.append(row)

    need = statevector_bytes(2 * n)
    seconds = calls + workload.executions * g * 4.0**n * DENSITY_MATRIX_SECONDS
    rows.append(_local("aer:density_matrix", need, memory, seconds, 1.0, common, "memory 16 B x 4^n"))

    seconds = calls + workload.shots * g * n**2 * STABILIZER_SECONDS
    row = _local("aer:stabilizer", 0, memory, seconds, 1.0, common, "Clifford circuits only")
    if profile["non_clifford"]:
        row.reject(f"{profile['non_clifford']} non-Clifford gates (Clifford circuits only)")
    rows.append(row)

    t = profile["non_clifford"]
    seconds = calls + workload.shots * g * n**2 * STABILIZER_SECONDS * 2.0 ** (0.23 * t)
    row = _local("aer:extended_stabilizer", 0, memory, seconds, 1.0 - EXTENDED_STABILIZER_ERROR, common, "approximate")
    if t > EXTENDED_STABILIZER_MAX_NON_CLIFFORD:
        row.reject(
            f"{t} non-Clifford gates (cost grows exponentially; offered up to {EXTENDED_STABILIZER_MAX_NON_CLIFFORD})"
        )
    rows.append(row)
    return rows


def _local(
    name: str, need: int, memory: int, seconds: float, fidelity: float, common: dict[str, Any], model: str
) -> Estimate:
    """A local simulator estimate, infeasible when memory or time is out of reach."""
    reason = None
    if need > MEMORY_FRACTION * memory:
        reason = f"needs {_bytes(need)} of memory, {_bytes(memory)} available"
    elif seconds > LOCAL_SECONDS_LIMIT:
        reason = f"predicted {seconds / 3600:.0f} h (limit {LOCAL_SECONDS_LIMIT / 3600:.0f} h)"
    return Estimate(
        name=name,
        kind="simulator",
        feasible=reason is None,
        reason=reason,
        fidelity=fidelity,
        seconds=seconds,
        cost=0.0,
        runs_here=reason is None,
        details={"memory_bytes": need, "model": model},
        **common,
    )


def _bytes(n: float) -> str:
    """Human-readable size (``2^70 B`` beyond what units make readable)."""
    if n >= 2**60:
        return f"2^{math.log2(n):.0f} B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} PiB"


# -- devices -------------------------------------------------------------------------------------
def device_estimate(
    name: str,
    kind: str,
    device: Any,
    workload: Workload,
    optimization_level: int = 3,
    seed: int | None = None,
    prices: dict[str, float] | None = None,
) -> Estimate:
    """Compile the workload's circuit for ``device`` and predict fidelity, QPU time and cost.

    :param name: the ``--backend`` name (``fake_manila``, ``ibm:ibm_torino``).
    :param device: a Qiskit BackendV2 with a calibrated target.
    """
    from qiskit.transpiler import generate_preset_pass_manager
    from qiskit.transpiler.exceptions import TranspilerError

    circuit = workload.circuit
    have = int(device.num_qubits)
    processor = _processor(device)
    unusable = Estimate(name, kind, circuit.num_qubits, have, False, details={"processor": processor})
    if circuit.num_qubits > have:
        unusable.reason = f"needs {circuit.num_qubits} qubits, device has {have}"
        return unusable
    pm = generate_preset_pass_manager(optimization_level=optimization_level, backend=device, seed_transpiler=seed)
    try:
        compiled = pm.run(circuit)
    except TranspilerError as exc:  # e.g. a snapshot with a one-way coupling Qiskit cannot route around
        unusable.reason = f"Qiskit cannot compile for this device ({str(exc).splitlines()[0][:80]})"
        return unusable
    parts = success_probability(compiled, device.target)
    rep_delay = _rep_delay(device)
    seconds = workload.executions * JOB_OVERHEAD_SECONDS + workload.shots * (parts["duration"] + rep_delay)
    table = prices or DEFAULT_PRICES
    price = table.get(name, table.get(name.removeprefix("ibm:"), table.get("default", DEFAULT_PRICES["default"])))
    active = parts["active_qubits"]
    emulation = _emulation(active, parts["gates"], workload) if kind == "fake device" else None
    return Estimate(
        name=name,
        kind=kind,
        qubits=circuit.num_qubits,
        available=have,
        feasible=True,
        depth=compiled.depth(),
        two_qubit_gates=parts["two_qubit_gates"],
        fidelity=parts["fidelity"],
        seconds=seconds,
        cost=seconds * price,
        runs_here=bool(emulation and emulation["feasible"]),
        details={
            "processor": processor,
            "log10_fidelity": parts["log10_fidelity"],
            "faulty_gates": parts["faulty_gates"],
            "gate_fidelity": parts["gate"],
            "readout_fidelity": parts["readout"],
            "idle_fidelity": parts["idle"],
            "duration_s": parts["duration"],
            "active_qubits": active,
            "usd_per_second": price,
            **({"emulation": emulation} if emulation else {}),
        },
    )


def success_probability(compiled: Any, target: Any) -> dict[str, Any]:
    """ESP of a compiled circuit from the target's calibration: gate, readout and idle factors.

    The schedule is as late as possible (each qubit starts when it must), measurements at the end.
    """
    qubit_props = target.qubit_properties
    n = compiled.num_qubits
    end = np.zeros(n)  # ALAP: time from a qubit's first gate to the start of measurement
    busy = np.zeros(n)
    log_gate = log_readout = 0.0
    two_qubit = gates = faulty = 0
    measure_time = 0.0
    active: set[int] = set()
    for inst in reversed(compiled.data):
        op = inst.operation.name
        if op in NOT_GATES:
            continue
        qargs = tuple(compiled.find_bit(q).index for q in inst.qubits)
        props = target[op].get(qargs) if op in target.operation_names else None
        error = (props.error if props is not None else None) or 0.0
        duration = (props.duration if props is not None else None) or 0.0
        active.update(qargs)
        if op == "measure":
            log_readout += math.log1p(-min(error, 0.999999))
            measure_time = max(measure_time, duration)
            continue
        gates += 1
        two_qubit += len(qargs) == 2
        faulty += error >= FAULTY_ERROR
        log_gate += math.log1p(-min(error, 0.999999))
        start = max(end[q] for q in qargs)
        for q in qargs:
            end[q] = start + duration
            busy[q] += duration
    log_idle = 0.0
    for q in active:
        idle = end[q] - busy[q]
        props = qubit_props[q] if qubit_props else None
        if idle > 0 and props is not None and props.t1 and props.t2:
            log_idle += math.log((1 + math.exp(-idle / props.t1) + 2 * math.exp(-idle / props.t2)) / 4)
    gate, readout, idle = math.exp(log_gate), math.exp(log_readout), math.exp(log_idle)
    return {
        "fidelity": gate * readout * idle,
        "log10_fidelity": (log_gate + log_readout + log_idle) / math.log(10),  # when the product underflows
        "gate": gate,
        "readout": readout,
        "idle": idle,
        "duration": float(end.max(initial=0.0) + measure_time),
        "two_qubit_gates": two_qubit,
        "gates": gates,
        "faulty_gates": faulty,
        "active_qubits": len(active),
    }


def _emulation(active: int, gates: int, workload: Workload) -> dict[str, Any]:
    """How this machine would emulate the device with noise (Aer picks the method the same way);
    past :data:`~c2q.backends.fake.NOISY_MAX_QUBITS` logical qubits a fake device refuses to."""
    from c2q.backends.fake import NOISY_MAX_QUBITS

    memory = available_memory_bytes()
    if active <= DENSITY_MATRIX_MAX_QUBITS:
        method, need = "density_matrix", statevector_bytes(2 * active)
        seconds = workload.executions * (AER_CALL_SECONDS + gates * 4.0**active * DENSITY_MATRIX_SECONDS)
    else:
        method, need = "statevector trajectories", statevector_bytes(active)
        seconds = workload.executions * AER_CALL_SECONDS + workload.shots * gates * 2.0**active * STATEVECTOR_SECONDS
    feasible = need <= MEMORY_FRACTION * memory and seconds <= LOCAL_SECONDS_LIMIT
    feasible = feasible and workload.circuit.num_qubits <= NOISY_MAX_QUBITS
    return {"method": method, "seconds": seconds, "memory_bytes": need, "feasible": feasible}


def _processor(device: Any) -> str | None:
    """Processor family and revision (``Eagle r3``), when the device says."""
    try:
        info = device.configuration().processor_type or {}
    except Exception:  # a BackendV2 without a V1 configuration
        return None
    family, revision = info.get("family"), info.get("revision")
    return f"{family} r{revision}" if family and revision is not None else family


def _rep_delay(device: Any) -> float:
    """Delay between shots (seconds)."""
    try:
        value = device.configuration().default_rep_delay
    except Exception:
        value = None
    return float(value) if value else DEFAULT_REP_DELAY
