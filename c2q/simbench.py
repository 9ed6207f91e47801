"""``c2q bench simulators``: how each simulator's time and memory grow with the number of qubits.

Circuit families (each built at growing widths):

- ``qaoa``: QAOA (p = 1, fixed angles) for MaxCut on a random 3-regular graph, measured;
- ``adder``: c2q's ripple-carry adder of two ``(n-2)/2``-bit operands (basis-state arithmetic);
- ``ghz``: a GHZ state (Clifford: the one family the stabiliser method applies to);
- ``rl``: the circuits ``c2q train`` found, saved as ``benchmarks/results/rl_qas/<case>_best_ansatz.json``
  (:class:`c2q.agents.circuits.Ansatz`, with their optimised angles bound). They are fixed-size: each
  file is one point at its own width, labelled by its case name (``tfim4``, ``h2``...).

Simulators: Aer's statevector, matrix product state, density matrix and stabiliser methods (the
GPU statevector too when Aer reports a GPU), and PennyLane's ``lightning.qubit`` on the same
circuits, translated gate by gate from the Qiskit circuit compiled to ``rz, sx, x, cx``.

Each (family, simulator, width) runs in a fresh process, so its peak memory can be read
(``ru_maxrss`` after the run minus before it), with a time limit; a simulator stops growing on a
family once a run times out, runs out of memory or exceeds the memory estimate. The growth
rate ``log2(t2 / t1) / (n2 - n1)`` between successive widths flags where a curve turns
exponential (:data:`EXPONENTIAL_RATE` doublings per qubit or more, to the end of the curve).
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import time
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

#: simulator name -> (engine, Aer method); ``statevector_gpu`` is added when Aer has a GPU
SIMULATORS = {
    "statevector": ("aer", "statevector"),
    "mps": ("aer", "matrix_product_state"),
    "density_matrix": ("aer", "density_matrix"),
    "stabilizer": ("aer", "stabilizer"),
    "lightning.qubit": ("pennylane", None),
}
FAMILIES = ("qaoa", "adder", "ghz", "rl")
#: the saved RL circuits of the ``rl`` family: ``<case>_best_ansatz.json``
RL_CIRCUITS = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "rl_qas"
#: families each simulator can run (the stabiliser method needs Clifford circuits)
APPLIES = {"stabilizer": ("ghz",)}
#: growth of at least this many doublings per qubit, to the end of a curve, marks the exponential regime
EXPONENTIAL_RATE = 0.5
#: shots per run
SHOTS = 1000
#: runs faster than this (seconds) are dominated by fixed costs and say nothing about growth
TIMED_FLOOR = 0.05


@dataclass
class Measurement:
    """One run: ``status`` is ``ok``, ``timeout``, ``memory`` or ``error`` (with ``message``)."""

    family: str
    simulator: str
    qubits: int
    status: str
    seconds: float | None = None
    peak_mib: float | None = None
    message: str = ""
    case: str | None = None
    """the saved circuit's name (``rl`` family only)"""


def simulators() -> dict[str, tuple[str, str | None]]:
    """The simulators this machine offers (adds Aer's GPU statevector when there is a GPU; PennyLane's
    only with the rl extra installed)."""
    import importlib.util

    from qiskit_aer import AerSimulator

    found = {name: entry for name, entry in SIMULATORS.items() if entry[0] != "pennylane"}
    if importlib.util.find_spec("pennylane") is not None:
        found.update({name: entry for name, entry in SIMULATORS.items() if entry[0] == "pennylane"})
    if "GPU" in AerSimulator().available_devices():
        found["statevector_gpu"] = ("aer-gpu", "statevector")
    return found


def rl_cases(folder: str | Path | None = None) -> dict[str, tuple[int, Path]]:
    """The saved RL circuits: case name -> (width, Ansatz JSON file), narrowest first."""
    import json

    found = {}
    for path in sorted(Path(folder or RL_CIRCUITS).glob("*_best_ansatz.json")):
        found[path.name.removesuffix("_best_ansatz.json")] = (int(json.loads(path.read_text())["n_qubits"]), path)
    return dict(sorted(found.items(), key=lambda item: (item[1][0], item[0])))


def build(family: str, qubits: int, seed: int = 1, case: str | None = None) -> Any:
    """The measured Qiskit circuit of ``family`` on (about) ``qubits`` qubits.

    :param case: ``rl`` only: the saved circuit's name (default: the first case of that width).
    """
    if family == "rl":
        from c2q.agents.circuits import Ansatz

        cases = rl_cases()
        if case is None:
            case = next((name for name, (n, _) in cases.items() if n == qubits), None)
        if case not in cases or cases[case][0] != qubits:
            raise ValueError(f"no saved RL circuit {case or ''} of {qubits} qubits in {RL_CIRCUITS}")
        circuit = Ansatz.load(cases[case][1]).to_qiskit()  # the saved angles bound
    elif family == "qaoa":
        import networkx as nx
        from qiskit.circuit.library import qaoa_ansatz
        from qiskit.quantum_info import SparsePauliOp

        graph = nx.random_regular_graph(3, qubits, seed=seed)
        cost = SparsePauliOp.from_sparse_list([("ZZ", list(e), 1.0) for e in graph.edges()], qubits)
        circuit = qaoa_ansatz(cost, reps=1).assign_parameters([0.4, 0.7])
    elif family == "adder":
        from c2q import encode

        bits = max(1, (qubits - 2) // 2)  # a ripple-carry adder of two b-bit operands has 2b + 2 qubits
        circuit = encode({"family": "add", "operands": [2**bits - 1, 2 ** (bits - 1)], "bits": bits}).circuit
    elif family == "ghz":
        from qiskit import QuantumCircuit

        circuit = QuantumCircuit(qubits)
        circuit.h(0)
        for q in range(qubits - 1):
            circuit.cx(q, q + 1)
    else:
        raise ValueError(f"unknown family {family}")
    from qiskit import QuantumCircuit

    quantum = QuantumCircuit(circuit.num_qubits)  # gates only, then every qubit measured
    for inst in circuit.data:
        if inst.operation.name not in ("measure", "barrier"):
            quantum.append(inst.operation, [circuit.find_bit(q).index for q in inst.qubits])
    return quantum.measure_all(inplace=False)


def widths(family: str, limit: int) -> list[int]:
    """Widths to try, up to ``limit``: even sizes from 4 (3-regular graphs and adders need them),
    then 32, 48, 64, 96, 128 for the methods that go further; GHZ doubles from 4; ``rl``: the
    widths of the saved circuits."""
    if family == "rl":
        return sorted({n for n, _ in rl_cases().values() if n <= limit})
    if family == "ghz":
        return [n for n in (4, 8, 16, 32, 64, 128, 256, 512, 1024) if n <= limit]
    return [n for n in (*range(4, 31, 2), 32, 48, 64, 96, 128) if n <= limit]


def limit_for(family: str, simulator: str, max_qubits: int) -> int:
    """Largest width to try: ``max_qubits`` for dense states; MPS and stabiliser go further where
    they stay cheap (basis-state arithmetic, GHZ)."""
    if simulator in ("mps", "stabilizer") and family in ("adder", "ghz"):
        return max(max_qubits, 1024 if family == "ghz" else 128)
    return max_qubits


def points(family: str, limit: int) -> list[tuple[int, str | None]]:
    """The (width, case) points of a curve: every width of :func:`widths` (case ``None``); for ``rl``
    every saved circuit up to ``limit`` qubits."""
    if family == "rl":
        return [(n, name) for name, (n, _) in rl_cases().items() if n <= limit]
    return [(n, None) for n in widths(family, limit)]


def _run(family: str, simulator: str, qubits: int, seed: int, pipe: Any, case: str | None = None) -> None:
    """Child process: build, compile, run once, send (seconds, peak MiB) or an error."""
    try:
        engine, method = simulators()[simulator]
        circuit = build(family, qubits, seed, case)
        from qiskit import transpile

        compiled = transpile(circuit, basis_gates=["rz", "sx", "x", "cx"], optimization_level=1, seed_transpiler=seed)
        if engine == "pennylane":
            run = _pennylane_runner(compiled)
        else:
            assert method is not None  # every Aer engine names its method (SIMULATORS)
            run = _aer_runner(compiled, method, engine, seed)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        pipe.send(("ok", seconds, max(after - before, 0) / 1024, ""))
    except MemoryError:
        pipe.send(("memory", None, None, "out of memory"))
    except Exception as exc:  # reported as data: the benchmark goes on
        pipe.send(("error", None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"))


def _aer_runner(compiled: Any, method: str, engine: str, seed: int) -> Any:
    from qiskit_aer import AerSimulator

    options = {"method": method, "seed_simulator": seed}
    if engine == "aer-gpu":
        options["device"] = "GPU"
    simulator = AerSimulator(**options)
    return lambda: simulator.run(compiled, shots=SHOTS).result().get_counts()


def _pennylane_runner(compiled: Any) -> Any:
    """The compiled circuit as a PennyLane QNode on lightning.qubit, sampled ``SHOTS`` times."""
    import pennylane as qml

    n = compiled.num_qubits
    ops = {"rz": qml.RZ, "sx": qml.SX, "x": qml.PauliX, "cx": qml.CNOT}
    program = []
    for inst in compiled.data:
        name = inst.operation.name
        if name in ("measure", "barrier"):
            continue
        wires = [compiled.find_bit(q).index for q in inst.qubits]
        params = [float(p) for p in inst.operation.params]
        program.append((ops[name], params, wires))
    device = qml.device("lightning.qubit", wires=n)

    @qml.set_shots(SHOTS)
    @qml.qnode(device)
    def circuit() -> Any:
        for op, params, wires in program:
            op(*params, wires=wires)
        return qml.counts()

    return circuit


def measure(
    family: str, simulator: str, qubits: int, seed: int = 1, time_limit: float = 30.0, case: str | None = None
) -> Measurement:
    """Run one (family, simulator, width) in a fresh process, with a time limit (``case``: see :func:`build`)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(family, simulator, qubits, seed, child, case), daemon=True)
    process.start()
    child.close()
    start = time.perf_counter()
    while not parent.poll(0.05):
        if not process.is_alive():
            code = process.exitcode
            status = "memory" if code in (-9, 137) else "error"
            return Measurement(family, simulator, qubits, status, message=f"worker exited with code {code}", case=case)
        if time.perf_counter() - start > time_limit + 15:  # the limit plus start-up and compilation
            process.kill()
            process.join()
            return Measurement(family, simulator, qubits, "timeout", message=f"over {time_limit:g} s", case=case)
    status, seconds, peak, message = parent.recv()
    process.join()
    if status == "ok" and seconds > time_limit:
        status, message = "timeout", f"{seconds:.0f} s, over {time_limit:g} s"
    return Measurement(family, simulator, qubits, status, seconds, peak, message, case)


def fits_in_memory(simulator: str, qubits: int) -> bool:
    """Whether the method's dense state would fit (stop before asking the OS for it)."""
    from c2q.backends.aer import available_memory_bytes, statevector_bytes

    limit = 0.7 * available_memory_bytes()
    if simulator in ("statevector", "statevector_gpu", "lightning.qubit"):
        return statevector_bytes(qubits) <= limit
    if simulator == "density_matrix":
        return statevector_bytes(2 * qubits) <= limit
    return True


def exponential_from(rows: list[Measurement]) -> dict[str, Any] | None:
    """Where a curve turns exponential: the first width from which time doubles at least every
    ``1 / EXPONENTIAL_RATE`` qubits up to the end of the curve (runs under :data:`TIMED_FLOOR`
    ignored); with the rate of the last step."""
    ok = [(r.qubits, r.seconds) for r in rows if r.status == "ok" and r.seconds and r.seconds >= TIMED_FLOOR]
    steps = [(qa, math.log2(sb / sa) / (qb - qa)) for (qa, sa), (qb, sb) in pairwise(ok)]
    for i, (start, _) in enumerate(steps):
        if all(rate >= EXPONENTIAL_RATE for _, rate in steps[i:]):
            return {"from_qubits": start, "doublings_per_qubit": round(steps[-1][1], 2)}
    return None


def bench(
    families: tuple[str, ...] = FAMILIES,
    names: tuple[str, ...] | None = None,
    max_qubits: int = 30,
    time_limit: float = 30.0,
    seed: int = 1,
    progress: Any = None,
) -> dict[str, Any]:
    """Measure every applicable (family, simulator) pair at growing widths until it stops fitting.

    :param progress: called with a :class:`Measurement` after each run.
    """
    available = simulators()
    chosen = [s for s in (names or tuple(available)) if s in available]
    rows: list[Measurement] = []
    curves = []
    notes = []
    if "rl" in families and not rl_cases():
        families = tuple(f for f in families if f != "rl")
        notes.append(f"rl: skipped, no saved RL circuits (*_best_ansatz.json) in {RL_CIRCUITS}")
    for family in families:
        for simulator in chosen:
            if family not in APPLIES.get(simulator, FAMILIES):
                continue
            curve: list[Measurement] = []
            for qubits, case in points(family, limit_for(family, simulator, max_qubits)):
                if not fits_in_memory(simulator, qubits):
                    curve.append(
                        Measurement(family, simulator, qubits, "memory", message="state exceeds memory", case=case)
                    )
                    break
                row = measure(family, simulator, qubits, seed, time_limit, case)
                curve.append(row)
                if progress is not None:
                    progress(row)
                if row.status != "ok":
                    break
            rows += curve
            ok = [r for r in curve if r.status == "ok"]
            curves.append(
                {
                    "family": family,
                    "simulator": simulator,
                    "largest_qubits": ok[-1].qubits if ok else None,
                    "stopped_by": curve[-1].status if curve and curve[-1].status != "ok" else "max width",
                    # the rl points are different circuits: their times say nothing about growth
                    "exponential": None if family == "rl" else exponential_from(curve),
                }
            )
    results = {"rows": [asdict(r) for r in rows], "curves": curves, "time_limit_s": time_limit, "shots": SHOTS}
    return {**results, "notes": notes} if notes else results


def plot(results: dict[str, Any], path: str | Path) -> None:
    """Time and peak memory against qubits, log scale, one panel pair per family."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    families = sorted({r["family"] for r in results["rows"]}, key=FAMILIES.index)
    fig, axes = plt.subplots(2, len(families), figsize=(5 * len(families), 8), squeeze=False)
    for col, family in enumerate(families):
        for name in sorted({r["simulator"] for r in results["rows"] if r["family"] == family}):
            ok = [
                r for r in results["rows"] if r["family"] == family and r["simulator"] == name and r["status"] == "ok"
            ]
            if not ok:
                continue
            xs = [r["qubits"] for r in ok]
            style = {"marker": "o", "label": name, "linestyle": "none" if family == "rl" else "-"}
            axes[0][col].plot(xs, [r["seconds"] for r in ok], **style)
            axes[1][col].plot(xs, [max(r["peak_mib"], 0.1) for r in ok], **style)
            curve = next(c for c in results["curves"] if c["family"] == family and c["simulator"] == name)
            if curve["exponential"]:
                n = curve["exponential"]["from_qubits"]
                t = next(r["seconds"] for r in ok if r["qubits"] == n)
                axes[0][col].annotate("exp.", (n, t), fontsize=7, xytext=(-14, 6), textcoords="offset points")
        for row, label in ((0, "run time (s)"), (1, "peak extra memory (MiB)")):
            ax = axes[row][col]
            ax.set_yscale("log")
            ax.set_xlabel("qubits")
            ax.set_ylabel(label)
            ax.grid(alpha=0.3, which="both")
            ax.set_title((family if family != "rl" else "rl (circuits found by c2q train)") if row == 0 else "")
            if family == "ghz":
                ax.set_xscale("log", base=2)
            if family == "rl":  # a few fixed widths, one marker per saved circuit
                ax.set_xticks(sorted({r["qubits"] for r in results["rows"] if r["family"] == "rl"}))
        axes[0][col].legend(fontsize=8)
    fig.suptitle(
        f"c2q bench simulators ({results['shots']} shots; runs over {results['time_limit_s']:g} s stop a curve)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(results: dict[str, Any]) -> str:
    """Summary tables: time per width for each family, and where each curve stops or turns exponential."""
    lines = [
        "# c2q bench simulators",
        "",
        f"Run time and peak extra memory (RSS after minus before the run) of one {results['shots']}-shot run,",
        f"each in a fresh process; a run over {results['time_limit_s']:g} s stops its curve.",
        *([results["load_note"]] if results.get("load_note") else []),
        *results.get("notes", []),
        "",
    ]
    for family in sorted({r["family"] for r in results["rows"]}, key=FAMILIES.index):
        rows = [r for r in results["rows"] if r["family"] == family]
        sims = sorted({r["simulator"] for r in rows})
        # a point is a width, or for rl a saved circuit (case) at its width
        sizes = sorted({(r["qubits"], r.get("case") or "") for r in rows})
        head = "case (qubits)" if family == "rl" else "qubits"
        lines += [f"### {family}", "", f"| {head} | " + " | ".join(sims) + " |", "|---" * (len(sims) + 1) + "|"]
        for n, case in sizes:
            cells = []
            for s in sims:
                r = next(
                    (r for r in rows if r["simulator"] == s and r["qubits"] == n and (r.get("case") or "") == case),
                    None,
                )
                if r is None:
                    cells.append("")
                elif r["status"] == "ok":
                    cells.append(f"{r['seconds']:.3g} s / {r['peak_mib']:.0f} MiB")
                else:
                    cells.append(r["status"])
            lines.append(f"| {f'{case} ({n})' if case else n} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["| family | simulator | largest width run | stopped by | exponential from (doublings/qubit at the end) |"]
    lines += ["|---|---|---|---|---|"]
    for c in results["curves"]:
        exp = c["exponential"]
        exp_text = f"{exp['from_qubits']} qubits ({exp['doublings_per_qubit']})" if exp else "-"
        lines.append(f"| {c['family']} | {c['simulator']} | {c['largest_qubits']} | {c['stopped_by']} | {exp_text} |")
    return "\n".join(lines) + "\n"


def bench_simulators(
    families: str | tuple[str, ...] = FAMILIES,
    names: str | tuple[str, ...] | None = None,
    max_qubits: int = 30,
    time_limit: float = 30.0,
    seed: int = 1,
    out: str | Path = "bench-simulators",
    progress: Any = None,
) -> str:
    """``c2q bench simulators``: check the options, :func:`bench`, and write ``results.json``, ``summary.md``
    and ``simulators.png`` into ``out``.

    :param families: names from :data:`FAMILIES` (a tuple or ``"qaoa,ghz"``).
    :param names: simulators from :func:`simulators` (default: all of them here).
    :raises OptionError: an unknown family or simulator, ``max_qubits`` below 4, a time limit that is not positive.
    :returns: the summary table (markdown).
    """
    import json

    from c2q.errors import OptionError

    chosen = tuple(f.strip() for f in families.split(",") if f.strip()) if isinstance(families, str) else families
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown or not chosen:
        raise OptionError(f"--families: unknown {unknown} (choose from {', '.join(FAMILIES)})")
    wanted = tuple(n.strip() for n in names.split(",")) if isinstance(names, str) else names
    offered = simulators()
    if wanted and (missing := [n for n in wanted if n not in offered]):
        raise OptionError(f"--simulators: unknown {missing} (here: {', '.join(offered)})")
    if max_qubits < 4 or time_limit <= 0:
        raise OptionError("--max-qubits must be at least 4 and --time-limit positive")
    results = bench(chosen, wanted, max_qubits, time_limit, seed, progress=progress)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    (folder / "summary.md").write_text(markdown(results))
    plot(results, folder / "simulators.png")
    return markdown(results)
