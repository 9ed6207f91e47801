"""Local simulation with Qiskit Aer through the V2 primitives (SamplerV2, EstimatorV2)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from c2q.backends.protocol import no_job_scope

from c2q.errors import BackendError

#: CLI alias -> Aer simulation method
AER_METHODS = {
    "statevector": "statevector",
    "mps": "matrix_product_state",
    "matrix_product_state": "matrix_product_state",
    "density_matrix": "density_matrix",
    "stabilizer": "stabilizer",
    "extended_stabilizer": "extended_stabilizer",
}
#: gates used to report hardware-like circuit metrics (depth, two-qubit gates)
METRIC_BASIS = ["cx", "rz", "sx", "x"]
#: an MPS simulation is refused beyond this width (bond dimension grows with entanglement)
MPS_MAX_QUBITS = 200
#: share of the available memory a simulation's state may take
MEMORY_FRACTION = 0.8


def available_memory_bytes() -> int:
    """Memory available to a new allocation (MemAvailable on Linux, else physical memory)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def statevector_bytes(num_qubits: int) -> int:
    """Memory of a complex128 statevector: 16 bytes x 2**n."""
    return 16 * 2**num_qubits


def gib(num_bytes: int) -> str:
    """A size in GiB for messages; past what a float holds (a statevector of over 1000 qubits),
    as the power of two it is."""
    if num_bytes.bit_length() > 1000:
        return f"2^{num_bytes.bit_length() - 31} GiB"
    return f"{num_bytes / 2**30:.1f} GiB"


class AerBackend:
    """Aer simulator with a fixed method.

    :param method: ``statevector``, ``matrix_product_state``, or ``automatic`` (chosen per circuit
        by :meth:`resolve`).
    :param name: CLI name (default: derived from the method).
    :param optimization_level: preset pass-manager level of :meth:`transpile` (default 1).
    """

    #: noiseless: an ideal simulation of the ansatz (its MPS) trains what this backend samples
    ideal = True

    def __init__(self, method: str = "automatic", name: str | None = None, optimization_level: int = 1) -> None:
        self.method = method
        self.name = name or ("aer" if method == "automatic" else f"aer:{method}")
        self.optimization_level = optimization_level
        self.notes: list[str] = []

    def resolve(self, num_qubits: int | None, mps_because: str | None = None) -> AerBackend:
        """A backend with a concrete method for a circuit of ``num_qubits``.

        ``aer`` (automatic) takes the statevector when it fits in memory, and the matrix product
        state method otherwise or when the caller says why it is exact for the program
        (``mps_because``: basis-state arithmetic, at bond dimension 1; VQE's linear-chain ansatz, at
        ``2**reps``), where it is the faster of the two. An explicit method is kept and checked
        against the circuit's size.

        :raises BackendError: when an explicit statevector does not fit.
        """
        if self.method == "stabilizer":  # every c2q program has non-Clifford gates (rotations, Toffolis)
            raise BackendError(
                f"--backend {self.name}: the stabilizer method simulates Clifford circuits only, and c2q's "
                "programs have non-Clifford gates (fix: aer:statevector, aer:mps, or leave --backend out)"
            )
        if self.method != "automatic":
            if num_qubits is not None:
                self.check_capacity(num_qubits)
            return self
        fits = statevector_bytes(num_qubits or 0) <= MEMORY_FRACTION * available_memory_bytes()
        if mps_because:
            chosen = AerBackend("matrix_product_state", self.name, self.optimization_level)
            chosen.notes.append(f"aer: matrix product state method (exact {mps_because})")
        elif fits and (num_qubits or 0) <= 30:
            chosen = AerBackend("statevector", self.name, self.optimization_level)
        else:
            chosen = AerBackend("matrix_product_state", self.name, self.optimization_level)
            chosen.notes.append(
                f"aer: {num_qubits} qubits need {gib(statevector_bytes(num_qubits or 0))} as a "
                "statevector; using the matrix product state method"
            )
            chosen.check_capacity(num_qubits or 0)
        return chosen

    def check_capacity(self, num_qubits: int) -> None:
        """Refuse a circuit that cannot fit, with the memory estimate in the message.

        :raises BackendError: when the statevector would not fit in available memory.
        """
        if self.method in ("statevector", "density_matrix"):
            dense = self.method == "statevector"
            need, have = statevector_bytes(num_qubits if dense else 2 * num_qubits), available_memory_bytes()
            if need > MEMORY_FRACTION * have:
                raise BackendError(
                    f"--backend {self.name}: {num_qubits} qubits need {gib(need)} for the "
                    f"{'statevector' if dense else 'density matrix'}, {have / 2**30:.1f} GiB available "
                    "(fix: use --backend aer:mps or a smaller instance)"
                )
        elif self.method == "matrix_product_state" and num_qubits > MPS_MAX_QUBITS:
            raise BackendError(
                f"--backend {self.name}: {num_qubits} qubits exceed the {MPS_MAX_QUBITS}-qubit limit of the "
                "matrix product state method (fix: a smaller instance or fewer bits)"
            )

    @cached_property
    def simulator(self) -> Any:
        """The AerSimulator for this method."""
        from qiskit_aer import AerSimulator

        return AerSimulator(method=self.method)

    def _options(self, seed: int | None) -> dict[str, Any]:
        options: dict[str, Any] = {"method": self.method}
        if seed is not None:
            options["seed_simulator"] = seed
        return options

    def sampler(self, seed: int | None = None, stage: str = "final sampling") -> Any:
        """Aer SamplerV2 seeded for repeatable counts.

        :param stage: what the samples are for (``training``, ``final sampling``); only backends
            that keep job records (IBM Quantum) use it.
        """
        from qiskit_aer.primitives import SamplerV2

        return SamplerV2(seed=seed, options={"backend_options": {"method": self.method}})

    def estimator(self, seed: int | None = None, stage: str = "training") -> Any:
        """Aer EstimatorV2 (exact expectation values for the statevector method); ``stage`` as for :meth:`sampler`."""
        from qiskit_aer.primitives import EstimatorV2

        return EstimatorV2(options={"backend_options": self._options(seed)})

    job_scope = contextmanager(no_job_scope)

    @property
    def exact_probabilities(self) -> bool:
        """Whether :meth:`probabilities` is available (statevector method only)."""
        return self.method == "statevector"

    def probabilities(self, circuit: Any, theta: Any) -> Any:
        """Exact outcome probabilities of a parameterised circuit (no shot noise).

        Entry ``i`` is the outcome with bit ``q`` of ``i`` on qubit ``q``.
        """
        bound = circuit.assign_parameters(theta)
        bound.save_probabilities()
        return self.simulator.run(bound).result().data()["probabilities"]

    def transpile(self, circuit: Any, seed: int | None = None, fragment: bool = False) -> Any:
        """Compile for this simulator (keeps Aer's native multi-qubit gates).

        Aer's target advertises 63 qubits for the matrix product state method, which nonetheless
        simulates wider circuits (basis-state arithmetic at bond dimension 1); those are compiled
        to the simulator's basis gates without its target. :meth:`check_capacity` sets the limit.

        :param fragment: ``circuit`` is a piece that runs after other gates (a Grover iteration):
            its qubits may start in any state, so synthesis must not use them as ``|0>`` ancillas.
        """
        level, zero = self.optimization_level, not fragment
        if circuit.num_qubits > self.simulator.num_qubits:
            from qiskit.circuit.library import get_standard_gate_name_mapping

            standard = get_standard_gate_name_mapping()
            basis = [gate for gate in self.simulator.configuration().basis_gates if gate in standard]
            pm = simulator_pass_manager(level, basis_gates=basis, seed=seed, qubits_initially_zero=zero)
        else:
            pm = simulator_pass_manager(level, target=self.simulator.target, seed=seed, qubits_initially_zero=zero)
        return pm.run(circuit)

    @staticmethod
    def metrics(circuit: Any, seed: int | None = None) -> dict[str, Any]:
        """Depth and gate counts after compiling to a hardware-like basis (cx, rz, sx, x)."""
        pm = simulator_pass_manager(1, basis_gates=METRIC_BASIS, seed=seed)
        compiled = pm.run(circuit.remove_final_measurements(inplace=False))
        return {**compiled_metrics(circuit.num_qubits, compiled), "basis": METRIC_BASIS}


def simulator_pass_manager(
    level: int,
    *,
    target: Any = None,
    basis_gates: list[str] | None = None,
    seed: int | None = None,
    qubits_initially_zero: bool = True,
) -> Any:
    """Pass manager for an all-to-all simulator: no layout or routing, only translation and fusion.

    Levels 0 and 1 are qiskit's own translation stage (high-level synthesis, then the basis
    translator) followed, at level 1, by one-qubit gate fusion: what the preset level-1 pass
    manager does on a target without a coupling map, built without its stage-plugin discovery,
    which imports every installed transpiler plugin (qiskit-ibm-runtime's among them: about 0.7 s
    of each process). Levels 2 and 3 use qiskit's preset pass manager.

    :param qubits_initially_zero: whether synthesis may take idle qubits as ``|0>`` ancillas
        (false for a circuit that is composed after other gates).
    """
    if level >= 2:
        from qiskit.transpiler import generate_preset_pass_manager

        return generate_preset_pass_manager(
            optimization_level=level,
            target=target,
            basis_gates=basis_gates,
            seed_transpiler=seed,
            qubits_initially_zero=qubits_initially_zero,
        )
    from qiskit.transpiler.passes import Optimize1qGatesDecomposition
    from qiskit.transpiler.preset_passmanagers.common import generate_translation_passmanager

    pm = generate_translation_passmanager(target, basis_gates=basis_gates, qubits_initially_zero=qubits_initially_zero)
    if level == 1:
        pm.append(Optimize1qGatesDecomposition(basis=None if target is not None else basis_gates, target=target))
    return pm


def compiled_metrics(qubits: int, compiled: Any) -> dict[str, Any]:
    """``qubits`` (logical width); depth, two-qubit and total gate counts of the ``compiled`` circuit.

    The depth is ``QuantumCircuit.depth`` (barriers not counted), taken on the DAG: about ten times
    faster on circuits of thousands of gates (a Grover search's).
    """
    from qiskit.converters import circuit_to_dag

    dag = circuit_to_dag(compiled, copy_operations=False)
    dag.remove_all_ops_named("barrier")
    return {
        "qubits": qubits,
        "depth": dag.depth(),
        "two_qubit_gates": int(sum(1 for inst in compiled.data if inst.operation.num_qubits == 2)),
        "gates": int(sum(compiled.count_ops().values())),
    }
