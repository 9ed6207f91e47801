"""Does the recommender's predicted fidelity match measured runs, is it fast, does it scale?

Sections (all by default; ``--sections`` picks some):

- ``prediction``: every graph-family instance of the C2|Q> dataset up to ``--max-qubits`` is
  trained once on the exact simulator (c2q's default VQE). Its trained circuit is compiled for
  each device of ``--devices`` exactly as the recommender compiles it (same pass manager, seed
  and level), scheduled as late as possible so idle qubits decay, and run on noisy Aer with that
  device's noise model. Measured fidelity is the Hellinger fidelity of the noisy counts against
  the ideal output distribution. Figures: Spearman rank correlation of predicted vs measured
  fidelity (per instance across devices, and pooled), and how often the recommended device is
  the best measured one (top-1) or among the best three (top-3), next to a circuit-blind
  baseline that ranks devices by their median two-qubit error.
- ``speed``: ``c2q recommend`` over all fake devices for a 10-qubit QAOA, whole-process time.
- ``scale``: recommend for QAOA circuits of 20, 50, 100, 128 and 156 qubits.
- ``aer``: the simulators' predicted time against measured ``c2q solve`` runs.

    python benchmarks/recommender.py                      # everything (about 10 minutes on 2 cores)
    python benchmarks/recommender.py --sections speed scale
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import save_figure  # noqa: E402

DATASET = ROOT.parent / "shared" / "data" / "c2q" / "json"
GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor", "tsp")
#: sizes and generations: Canary, Falcon r4/r5, Egret, Hummingbird, Eagle r3, Heron r1/r2/r3
DEVICES = (
    "fake_melbourne",
    "fake_guadalupe",
    "fake_boeblingen",
    "fake_manhattan",
    "fake_hanoi",
    "fake_kolkata",
    "fake_montreal",
    "fake_prague",
    "fake_brooklyn",
    "fake_sherbrooke",
    "fake_kyiv",
    "fake_torino",
    "fake_fez",
    "fake_boston",
)
SCALE_QUBITS = (20, 50, 100, 128, 156)  # 3-regular graphs need an even node count


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sections", nargs="+", default=["prediction", "speed", "scale", "aer"])
    p.add_argument("--devices", nargs="+", default=list(DEVICES))
    p.add_argument("--max-qubits", type=int, default=12, help="largest instance in the prediction section")
    p.add_argument("--shots", type=int, default=8192, help="noisy shots per (instance, device)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "recommender")
    return p.parse_args()


# -- prediction quality --------------------------------------------------------------------------
def trained_circuits(max_qubits: int, seed: int) -> list[tuple[str, Any]]:
    """(instance name, trained circuit with parameters bound) for each graph instance in range."""
    from c2q.backends import get_backend

    import c2q
    from c2q.algorithms.vqe import VQE

    out = []
    for family in GRAPH_FAMILIES:
        for path in sorted((DATASET / family).glob("*.json")):
            encoded = c2q.encode(path)
            if encoded.circuit.num_qubits > max_qubits:
                continue
            settings = encoded.algorithm
            vqe = VQE(
                get_backend("aer:statevector"),
                reps=settings["reps"],
                seed=seed,
                maxiter=settings["maxiter"],
                cvar_alpha=settings["cvar_alpha"],
            )
            out.append((f"{family}/{path.stem}", vqe.run(encoded.encoding).circuit))
    return out


def measure_device(name: str, circuits: list[tuple[str, Any]], shots: int, seed: int) -> list[dict[str, Any]]:
    """Predicted and measured fidelity of every circuit on one fake device."""
    from c2q.backends.fake import device_classes
    from c2q.backends.predict import Workload, device_estimate, success_probability
    from qiskit.quantum_info import Statevector, hellinger_fidelity
    from qiskit.transpiler import PassManager, generate_preset_pass_manager
    from qiskit.transpiler.passes import ALAPScheduleAnalysis, PadDelay
    from qiskit_aer import AerSimulator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        device = device_classes()[name]()
    simulator = AerSimulator.from_backend(device)
    pm = generate_preset_pass_manager(optimization_level=3, backend=device, seed_transpiler=seed)
    schedule = PassManager([ALAPScheduleAnalysis(target=device.target), PadDelay(target=device.target)])
    rows, runs = [], []
    for label, circuit in circuits:
        measured_circuit = circuit.measure_all(inplace=False)
        estimate = device_estimate(name, "fake device", device, Workload(measured_circuit, 1, shots), seed=seed)
        if not estimate.feasible:
            continue
        compiled = pm.run(measured_circuit)
        assert abs(success_probability(compiled, device.target)["fidelity"] - estimate.fidelity) < 1e-12
        runs.append(idle_wires_dropped(schedule.run(compiled)))
        rows.append(
            {
                "instance": label,
                "device": name,
                "qubits": circuit.num_qubits,
                "predicted": estimate.fidelity,
                "ideal": Statevector(circuit).probabilities_dict(),
                "two_qubit_gates": estimate.two_qubit_gates,
                "processor": estimate.details["processor"],
                "median_2q_error": median_two_qubit_error(device),
            }
        )
    if runs:  # one call: Aer loads the device's noise model once
        result = simulator.run(runs, shots=shots, seed_simulator=seed).result()
        for i, row in enumerate(rows):
            row["measured"] = hellinger_fidelity(row.pop("ideal"), result.get_counts(i))
    return rows


def idle_wires_dropped(scheduled: Any) -> Any:
    """The scheduled circuit without the delays padded onto qubits it never uses.

    Aer simulates only the qubits a circuit touches; a delay (which carries relaxation noise)
    would make all of a 127-qubit device's qubits count.
    """
    used = {q for inst in scheduled.data if inst.operation.name != "delay" for q in inst.qubits}
    out = scheduled.copy_empty_like()
    for inst in scheduled.data:
        if inst.operation.name != "delay" or all(q in used for q in inst.qubits):
            out.append(inst)
    return out


def median_two_qubit_error(device: Any) -> float:
    """The device's median two-qubit gate error (the circuit-blind baseline's ranking key)."""
    target = device.target
    errors = [
        props.error
        for op in target.operation_names
        if target.operation_from_name(op).num_qubits == 2
        for props in target[op].values()
        if props is not None and props.error is not None
    ]
    return float(np.median(errors)) if errors else 1.0


def prediction(args: argparse.Namespace) -> dict[str, Any]:
    from rich.progress import track
    from scipy.stats import spearmanr

    circuits = trained_circuits(args.max_qubits, args.seed)
    rows: list[dict[str, Any]] = []
    for name in track(args.devices, description="noisy runs per device"):
        t = time.perf_counter()
        rows += measure_device(name, circuits, args.shots, args.seed)
        print(f"{name}: {time.perf_counter() - t:.1f} s")
    per_instance, top1, top3, base_top1, base_top3, base_rho = [], 0, 0, 0, 0, []
    instances = sorted({r["instance"] for r in rows})
    for inst in instances:
        sel = [r for r in rows if r["instance"] == inst]
        predicted = [r["predicted"] for r in sel]
        measured = [r["measured"] for r in sel]
        baseline = [-r["median_2q_error"] for r in sel]
        per_instance.append(float(spearmanr(predicted, measured).statistic))
        base_rho.append(float(spearmanr(baseline, measured).statistic))
        best3 = set(np.argsort(measured)[::-1][:3])
        top1 += int(np.argmax(predicted) == np.argmax(measured))
        top3 += int(np.argmax(predicted) in best3)
        base_top1 += int(np.argmax(baseline) == np.argmax(measured))
        base_top3 += int(np.argmax(baseline) in best3)
    pooled = float(spearmanr([r["predicted"] for r in rows], [r["measured"] for r in rows]).statistic)
    n = len(instances)
    summary = {
        "instances": n,
        "devices": len(args.devices),
        "pairs": len(rows),
        "spearman_pooled": pooled,
        "spearman_per_instance_median": float(np.median(per_instance)),
        "spearman_per_instance_min": float(np.min(per_instance)),
        "per_instance_at_least_0.8": sum(rho >= 0.8 for rho in per_instance),
        "top1": top1,
        "top3": top3,
        "baseline_spearman_per_instance_median": float(np.median(base_rho)),
        "baseline_top1": base_top1,
        "baseline_top3": base_top3,
        "chance_top1": n / len(args.devices),
        "chance_top3": 3 * n / len(args.devices),
    }
    scatter(rows, args.out / "prediction_scatter.png", summary)
    return {"summary": summary, "rows": rows}


def scatter(rows: list[dict[str, Any]], path: Path, summary: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 6))
    processors = sorted({(r["processor"] or "?").split()[0] for r in rows})
    cmap = plt.get_cmap("tab10")
    for i, proc in enumerate(processors):
        sel = [r for r in rows if (r["processor"] or "?").split()[0] == proc]
        ax.scatter([r["predicted"] for r in sel], [r["measured"] for r in sel], s=14, color=cmap(i), label=proc)
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
    ax.set_xlabel("predicted fidelity (ESP from calibration)")
    ax.set_ylabel("measured Hellinger fidelity (noisy Aer)")
    ax.set_title(
        f"{summary['instances']} instances x {summary['devices']} devices: Spearman pooled "
        f"{summary['spearman_pooled']:.2f}, per instance median {summary['spearman_per_instance_median']:.2f}",
        fontsize=9,
    )
    ax.legend(title="processor", fontsize=8)
    ax.grid(alpha=0.3)
    save_figure(fig, path, dpi=120)


# -- speed and scale -----------------------------------------------------------------------------
def qaoa_spec(n: int, seed: int) -> dict[str, Any]:
    graph = nx.random_regular_graph(3, n, seed=seed)
    return {"family": "maxcut", "graph": {"nodes": n, "edges": [list(e) for e in graph.edges()]}}


def speed(args: argparse.Namespace) -> dict[str, Any]:
    spec = args.out / "qaoa10.json"
    spec.write_text(json.dumps(qaoa_spec(10, args.seed)))
    cmd = [str(ROOT / ".venv" / "bin" / "c2q"), "recommend", str(spec), "--algorithm", "qaoa", "--seed", "1", "--json"]
    times, payload = [], {}
    for _ in range(3):
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - t)
        payload = json.loads(done.stdout)
    return {
        "qubits": 10,
        "targets": len(payload["targets"]),
        "fake_devices": sum(t["kind"] == "fake device" for t in payload["targets"]),
        "whole_process_s": times,
        "whole_process_median_s": statistics.median(times),
        "ranking_s": payload["seconds"],
        "top": [t["name"] for t in payload["targets"][:5]],
    }


def scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    import c2q

    rows = []
    for n in SCALE_QUBITS:
        t = time.perf_counter()
        ranking = c2q.recommend(qaoa_spec(n, args.seed), algorithm="qaoa", seed=args.seed)
        seconds = time.perf_counter() - t
        devices = [r for r in ranking.targets if r.kind != "simulator" and r.feasible]
        sims = {r.name: r for r in ranking.targets if r.kind == "simulator"}
        best = ranking.best()
        rows.append(
            {
                "qubits": n,
                "seconds": round(seconds, 2),
                "feasible_devices": len(devices),
                "top": best.name if best else None,
                "best_device": devices[0].name if devices else None,
                "best_device_fidelity": devices[0].fidelity if devices else None,
                "best_device_log10_fidelity": devices[0].details["log10_fidelity"] if devices else None,
                "best_device_two_qubit_gates": devices[0].two_qubit_gates if devices else None,
                "statevector": sims["aer:statevector"].reason or "feasible",
                "mps": sims["aer:mps"].reason or "feasible",
            }
        )
        print(rows[-1])
    return rows


def aer_times(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Predicted vs measured wall time of the exact simulators on dataset instances."""
    import c2q

    rows = []
    for family in GRAPH_FAMILIES:
        sizes = {p: c2q.encode(p).circuit.num_qubits for p in sorted((DATASET / family).glob("*.json"))}
        path = max((p for p in sizes if sizes[p] <= 12), key=sizes.get)
        ranking = c2q.recommend(path, devices=[], seed=args.seed)
        predicted = {r.name: r.seconds for r in ranking.targets}
        for backend in ("aer:statevector", "aer:mps"):
            result = c2q.solve(path, backend=backend, seed=args.seed)
            measured = sum(result.timings.get(k, 0.0) for k in ("transpile", "optimise", "sample"))
            rows.append(
                {
                    "instance": f"{family}/{path.stem}",
                    "qubits": result.encoding["qubits"],
                    "backend": backend,
                    "predicted_s": predicted[backend],
                    "measured_s": measured,
                    "evaluations": result.algorithm["evaluations"],
                }
            )
            print(rows[-1])
    return rows


def write_summary(results: dict[str, Any], out: Path) -> None:
    lines = [
        "# Recommender benchmark",
        "",
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}.",
        "",
    ]
    if "prediction" in results:
        s = results["prediction"]["summary"]
        lines += [
            "## Prediction quality (predicted ESP vs measured Hellinger fidelity on noisy Aer)",
            "",
            f"{s['instances']} graph instances x {s['devices']} fake devices = {s['pairs']} runs.",
            "",
            "| figure | recommender | baseline: device median 2q error | chance |",
            "|---|---|---|---|",
            f"| Spearman per instance, median | {s['spearman_per_instance_median']:.3f} "
            f"| {s['baseline_spearman_per_instance_median']:.3f} | 0 |",
            f"| Spearman per instance, min | {s['spearman_per_instance_min']:.3f} | | |",
            f"| instances with Spearman >= 0.8 | {s['per_instance_at_least_0.8']}/{s['instances']} | | |",
            f"| Spearman pooled over all runs | {s['spearman_pooled']:.3f} | | |",
            f"| top-1 (recommended = best measured) | {s['top1']}/{s['instances']} "
            f"| {s['baseline_top1']}/{s['instances']}"
            f" | {s['chance_top1']:.1f}/{s['instances']} |",
            f"| top-3 (recommended among best 3) | {s['top3']}/{s['instances']} | {s['baseline_top3']}/{s['instances']}"
            f" | {s['chance_top3']:.1f}/{s['instances']} |",
            "",
            "![scatter](prediction_scatter.png)",
            "",
        ]
    if "speed" in results:
        s = results["speed"]
        lines += [
            "## Speed",
            "",
            f"`c2q recommend` for a {s['qubits']}-qubit QAOA over {s['fake_devices']} fake devices and the simulators: "
            f"whole process median {s['whole_process_median_s']:.1f} s (runs: "
            + ", ".join(f"{t:.1f}" for t in s["whole_process_s"])
            + f"); ranking itself {s['ranking_s']:.1f} s.",
            "",
        ]
    if "scale" in results:
        lines += [
            "## Scale (QAOA p=2 on random 3-regular graphs)",
            "",
            "| qubits | seconds | feasible devices | top target | best device (fidelity, 2q) | statevector | MPS |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in results["scale"]:
            fid = "-"
            if r["best_device"] is not None:
                fid = (
                    f"{r['best_device']} (10^{r['best_device_log10_fidelity']:.1f}, {r['best_device_two_qubit_gates']})"
                )
            cells = [r["qubits"], r["seconds"], r["feasible_devices"], r["top"], fid, r["statevector"], r["mps"]]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        lines.append("")
    if "aer" in results:
        lines += [
            "## Simulator time model (predicted vs measured solve run time)",
            "",
            "| instance | qubits | backend | evaluations | predicted s | measured s |",
            "|---|---|---|---|---|---|",
        ]
        for r in results["aer"]:
            cells = [r["instance"], r["qubits"], r["backend"], r["evaluations"]]
            cells += [f"{r['predicted_s']:.2f}", f"{r['measured_s']:.2f}"]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        lines.append("")
    (out / "summary.md").write_text("\n".join(lines))


def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results_path = args.out / "results.json"
    results: dict[str, Any] = json.loads(results_path.read_text()) if results_path.exists() else {}
    sections = {"prediction": prediction, "speed": speed, "scale": scale, "aer": aer_times}
    for name in args.sections:
        t = time.perf_counter()
        results[name] = sections[name](args)
        print(f"{name}: {time.perf_counter() - t:.0f} s")
        if name == "prediction":
            print(json.dumps(results[name]["summary"], indent=2))
        elif name == "speed":
            print(json.dumps(results[name], indent=2))
        results_path.write_text(json.dumps(results, indent=2, default=float))
    write_summary(results, args.out)
    print((args.out / "summary.md").read_text())


if __name__ == "__main__":
    main()
