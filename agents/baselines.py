"""Baselines for architecture search, scored like the RL agents and held to the same budget.

The budget is counted in simulator evaluations (:attr:`c2q.agents.simulator.Simulator.evaluations`:
one energy, or one energy with its adjoint gradient, counts one), the quantity an RL run reports
as ``evaluations`` in its report. Every baseline stops once its count reaches the budget.

- :func:`random_search`: uniformly random allowed actions in the same environment (same gate set,
  masks, re-optimisation, episode length and CNOT limit) as the agents.
- :func:`hea_sweep`: a fixed hardware-efficient ansatz, ``depth`` layers of (RY on every qubit,
  then a CNOT ladder ``(0,1), (1,2), ...``) and a final RY layer, for each depth of a sweep,
  optimised from random angles by the environment's L-BFGS-B (:func:`c2q.agents.simulator.optimize_angles`)
  with random restarts until the depth's share of the budget is spent.
- :func:`adapt_vqe`: PennyLane's ``qml.AdaptiveOptimizer`` as it is (no re-implementation): ADAPT
  grows the circuit from a pool (fermionic single and double excitations on the Hartree-Fock state
  for molecules; the qubit-ADAPT pool of one- and two-qubit Pauli rotations with an odd number of Y
  for spin and Ising models, from ``|0...0>``). Note what PennyLane's optimizer does: each step
  adds the pool gate with the largest energy gradient and trains *only that gate's angle*
  (``param_steps`` plain gradient-descent steps); earlier angles stay frozen. Its cost is counted
  in PennyLane device executions (``qml.Tracker``; a backprop gradient is one execution), the
  closest unit to ours.

All three score circuits with :class:`c2q.agents.report.SearchLog` (target threshold, CNOT limit).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from c2q.agents.hamiltonians import Hamiltonian, as_hamiltonian
from c2q.agents.report import SearchLog
from c2q.agents.simulator import Gate, Observable, get_simulator, n_parameters, optimize_angles


def _result(method: str, log: SearchLog, budget: int | None, evaluations: int, start: float, **extra: Any) -> dict:
    return {
        "method": method,
        "budget": budget,
        "evaluations": evaluations,
        "wall_time_s": time.perf_counter() - start,
        **log.summary(),
        **extra,
    }


def random_search(
    hamiltonian: Hamiltonian | str,
    budget: int,
    *,
    seed: int = 0,
    target: float = 1.6e-3,
    n_qubits: int | None = None,
    env_kwargs: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Random allowed actions in the QAS environment until ``budget`` evaluations are spent.

    :param hamiltonian: target (as for :class:`~c2q.agents.envs.qas.QASEnv`).
    :param budget: simulator evaluations.
    :param seed: seed of the action draws.
    :param target: success threshold on ``E - E0`` (also the environment's: episodes end on success).
    :param n_qubits: width of a named spin model.
    :param env_kwargs: ``gate_set``, ``max_gates``, ``max_cnots``, ``noise``... as for the agents.
    :return: the :meth:`SearchLog.summary` figures plus method, budget, evaluations, steps, episodes,
        wall time.
    """
    from c2q.agents.envs.qas import QASEnv

    kwargs = dict(env_kwargs or {})
    env = QASEnv(hamiltonian, n_qubits, threshold=target, **kwargs)
    rng = np.random.default_rng(seed)
    log = SearchLog(env.n_qubits, target, kwargs.get("max_cnots"), {"hamiltonian": env.hamiltonian.name})
    start, steps = time.perf_counter(), 0
    env.reset(seed=seed)
    while env.evaluations < budget:
        action = int(rng.choice(np.flatnonzero(env.action_masks())))
        _, _, terminated, truncated, info = env.step(action)
        steps += 1
        log.observe(info, steps)
        if terminated or truncated:
            log.end_episode(info, steps, env.evaluations)
            env.reset()
    return _result(
        "random", log, budget, env.evaluations, start, steps=steps, episodes=len(log.episodes), curve=log.episodes
    )


def hea_circuit(n_qubits: int, depth: int) -> list[Gate]:
    """``depth`` x (RY on every qubit + CNOT ladder), then a final RY layer."""
    gates: list[Gate] = []
    for _ in range(depth):
        gates += [("ry", q) for q in range(n_qubits)]
        gates += [("cx", q, q + 1) for q in range(n_qubits - 1)]
    return gates + [("ry", q) for q in range(n_qubits)]


def hea_sweep(
    hamiltonian: Hamiltonian | str,
    budget: int,
    *,
    depths: Sequence[int] = (1, 2, 3, 4, 5, 6),
    seed: int = 0,
    target: float = 1.6e-3,
    max_cnots: int | None = None,
    n_qubits: int | None = None,
    maxiter: int = 200,
) -> dict[str, Any]:
    """Hardware-efficient ansatz for each depth, random restarts of L-BFGS-B, equal budget shares.

    :param hamiltonian: target.
    :param budget: simulator evaluations in total (split evenly over the depths).
    :param depths: entangling layers to try (those over ``max_cnots`` are skipped).
    :param seed: seed of the initial angles (uniform in ``[-π, π)``).
    :param target: success threshold on ``E - E0``.
    :param max_cnots: two-qubit limit (success criterion, and depths beyond it are skipped).
    :param n_qubits: width of a named spin model.
    :param maxiter: L-BFGS-B iterations per restart (as in the environment).
    :return: the :meth:`SearchLog.summary` figures plus per-depth rows (best error, restarts).
    """
    ham = as_hamiltonian(hamiltonian, n_qubits)
    n = ham.n_qubits
    obs, sim = Observable(ham), get_simulator(n)
    e0 = ham.exact_ground_energy()
    rng = np.random.default_rng(seed)
    log = SearchLog(n, target, max_cnots, {"hamiltonian": ham.name, "ansatz": "hea"})
    usable = [d for d in depths if max_cnots is None or d * (n - 1) <= max_cnots]
    share = budget // max(1, len(usable))
    start, used, rows = time.perf_counter(), 0, []
    for depth in usable:
        gates = hea_circuit(n, depth)
        k = n_parameters(gates)
        spent, restarts, best = 0, 0, math.inf
        while spent < share:
            before = sim.evaluations
            x0 = rng.uniform(-math.pi, math.pi, k)
            res = optimize_angles(gates, obs, x0, maxiter=maxiter, maxfun=share - spent, simulator=sim)
            spent += sim.evaluations - before
            restarts += 1
            best = min(best, res.energy - e0)
            info = {
                "error": res.energy - e0,
                "energy": res.energy,
                "n_gates": len(gates),
                "n_cnots": depth * (n - 1),
                "circuit": gates,
                "angles": res.angles,
            }
            log.observe(info, used + spent)
            log.end_episode(info, used + spent, used + spent)
        used += spent
        rows.append({"depth": depth, "n_cnots": depth * (n - 1), "n_parameters": k, "restarts": restarts,
                     "evaluations": spent, "best_error": best})  # fmt: skip
    return _result("hea", log, budget, used, start, depths=rows, curve=log.episodes)


def to_pennylane(hamiltonian: Hamiltonian) -> Any:
    """The Hamiltonian as a PennyLane operator (qubit ``q`` -> wire ``q``, offset included)."""
    import pennylane as qml

    n = hamiltonian.n_qubits
    op = hamiltonian.operator
    coeffs = [float(c.real) for c in op.coeffs] + [hamiltonian.offset]
    words = [qml.pauli.string_to_pauli_word(label[::-1]) for label in op.paulis.to_labels()]
    return qml.dot(coeffs, [*words, qml.Identity(wires=range(n))])


def adapt_pool(hamiltonian: Hamiltonian, electrons: int | None) -> tuple[list[Any], Any]:
    """``(pool, Hartree-Fock bits or None)``: fermionic excitations for molecules (``electrons``
    given), else Pauli rotations ``Y_i`` and ``YZ, ZY, XY, YX`` on every pair (qubit-ADAPT)."""
    import pennylane as qml

    n = hamiltonian.n_qubits
    if electrons is not None:
        singles, doubles = qml.qchem.excitations(electrons, n)
        pool = [qml.DoubleExcitation(0.0, wires=w) for w in doubles]
        pool += [qml.SingleExcitation(0.0, wires=w) for w in singles]
        return pool, qml.qchem.hf_state(electrons, n)
    pool = [qml.PauliRot(0.0, "Y", wires=[q]) for q in range(n)]
    pool += [
        qml.PauliRot(0.0, word, wires=[a, b])
        for a in range(n)
        for b in range(a + 1, n)
        for word in ("YZ", "ZY", "XY", "YX")
    ]
    return pool, None


def adapt_vqe(
    hamiltonian: Hamiltonian | str,
    *,
    budget: int | None = None,
    electrons: int | None = None,
    n_qubits: int | None = None,
    target: float = 1.6e-3,
    max_steps: int = 40,
    grad_tol: float = 1e-5,
    param_steps: int = 10,
    stepsize: float = 0.5,
    drain_pool: bool | None = None,
) -> dict[str, Any]:
    """ADAPT-VQE with PennyLane's ``AdaptiveOptimizer`` (see the module docstring).

    :param hamiltonian: target.
    :param budget: device executions (stop when reached); ``None``: until convergence.
    :param electrons: active electrons of a molecule (Hartree-Fock start and excitation pool);
        default: from the Hamiltonian's metadata for ``H2``/``LiH``, else a spin/Ising pool.
    :param n_qubits: width of a named spin model.
    :param target: success threshold on ``E - E0``.
    :param max_steps: ADAPT iterations at most.
    :param grad_tol: stop when the largest pool gradient is below it.
    :param param_steps: gradient-descent steps on each new angle (PennyLane's default 10).
    :param stepsize: their step size (PennyLane's default 0.5).
    :param drain_pool: remove chosen gates from the pool (default: for molecules).
    :return: the :meth:`SearchLog.summary` figures (gate and CNOT counts after compiling the
        circuit to RX/RY/RZ/CNOT with Qiskit) plus executions, ADAPT steps and energies per step.
    """
    import pennylane as qml

    ham = as_hamiltonian(hamiltonian, n_qubits)
    n = ham.n_qubits
    if electrons is None and ham.name in ("H2", "LiH"):
        electrons = ham.metadata.get("active_electrons") or {"H2": 2, "LiH": 4}[ham.name]
    pool, hf = adapt_pool(ham, electrons)
    drain = electrons is not None if drain_pool is None else drain_pool
    h_pl = to_pennylane(ham)
    e0 = ham.exact_ground_energy()
    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def circuit() -> Any:
        if hf is not None:
            qml.BasisState(np.array(hf), wires=range(n))
        return qml.expval(h_pl)

    opt = qml.AdaptiveOptimizer(param_steps=param_steps, stepsize=stepsize)
    log = SearchLog(n, target, None, {"hamiltonian": ham.name, "ansatz": "adapt"})
    start, energies, stop = time.perf_counter(), [], "max_steps"
    with qml.Tracker(dev) as tracker:
        for _ in range(max_steps):
            circuit, energy, gradient = opt.step_and_cost(circuit, pool, drain_pool=drain)
            energies.append(float(energy))
            if gradient < grad_tol:
                stop = "gradient"
                break
            if budget is not None and tracker.totals.get("executions", 0) >= budget:
                stop = "budget"
                break
        final = float(circuit())
    executions = int(tracker.totals.get("executions", 0))
    tape = qml.workflow.construct_tape(circuit)()
    chosen = [op for op in tape.operations if op.num_params and not isinstance(op, qml.BasisState)]
    counts = _compiled_counts(circuit, n)
    info: dict[str, Any] = {
        "error": final - e0,
        "energy": final,
        "n_gates": counts.get("n_gates") or len(chosen),
        "n_cnots": counts.get("n_cnots") or 0,
    }
    result = _result("adapt", log, budget, executions, start)
    result.update(
        energy=final,
        error=final - e0,
        success=log.success(info["error"], info["n_cnots"]),
        n_gates=info["n_gates"],
        n_cnots=info["n_cnots"],
        n_parameters=len(chosen),
        parameters=[float(op.parameters[0]) for op in chosen],
        gates=[f"{op.name}{list(op.wires)}" for op in chosen],
        adapt_steps=len(energies),
        stop=stop,
        energies=energies,
        pool_size=len(pool),
        counts_note=counts.get("note"),
    )
    return result


def _compiled_counts(qnode: Any, n: int) -> dict[str, Any]:
    """Gate and CNOT counts of a PennyLane circuit decomposed to RX/RY/RZ/CNOT/X, then compiled by
    Qiskit to RX/RY/RZ/CNOT (optimisation level 1, which merges and cancels neighbours)."""
    try:
        import pennylane as qml
        from qiskit import QuantumCircuit, transpile

        tape = qml.workflow.construct_tape(qnode)()
        gate_set = {"RX", "RY", "RZ", "CNOT", "PauliX", "GlobalPhase"}
        [flat], _ = qml.transforms.decompose(tape, gate_set=gate_set)
        qc = QuantumCircuit(n)
        names = {"RX": "rx", "RY": "ry", "RZ": "rz", "CNOT": "cx", "PauliX": "x"}
        for op in flat.operations:
            if op.name == "GlobalPhase":
                continue
            getattr(qc, names[op.name])(*[float(p) for p in op.parameters], *[int(w) for w in op.wires])
        qc = transpile(qc, basis_gates=["rx", "ry", "rz", "cx", "x"], optimization_level=1)
        ops = qc.count_ops()
        return {"n_gates": int(sum(ops.values())), "n_cnots": int(ops.get("cx", 0))}
    except Exception as exc:  # counts are a figure, not the result: report why they are missing
        return {"note": f"no compiled counts: {type(exc).__name__}: {exc}"}
