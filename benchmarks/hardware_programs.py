"""The programs c2q would submit for 50 to 150-variable problems, compiled for 127 to 156-qubit devices.

For each instance and each scalable method, ``c2q.recommend`` builds the program a device runs
(recursive QAOA: the first and widest round's depth-1 circuit, whose correlators a device samples;
VQE: the two-layer hardware-efficient ansatz), compiles it for each fake device exactly as
``c2q solve --backend`` would (optimisation level 3, seeded), and predicts its fidelity from the
device's calibration. The table reports qubits, depth, two-qubit gates, predicted fidelity, QPU
seconds for the whole run, and whether this machine can emulate the device with noise (it cannot
past :data:`c2q.backends.fake.NOISY_MAX_QUBITS` qubits: ``c2q solve --backend fake_<device>`` refuses).

    python benchmarks/hardware_programs.py                                  # the scale specs, 3 devices
    python benchmarks/hardware_programs.py --specs my.json --devices fake_fez --methods rqaoa
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import c2q  # noqa: E402

SPECS = sorted((ROOT / "benchmarks" / "results" / "scale" / "specs").glob("*_0.json"))
#: Eagle r3 (127 qubits), Heron r1 (133), Heron r2 (156)
DEVICES = ("fake_sherbrooke", "fake_torino", "fake_fez")
METHODS = ("rqaoa", "vqe")


def main() -> None:
    """Rank each spec's programs on the devices, print and save the table. (A function: the
    recommender compiles in spawned worker processes, which import this file.)"""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", nargs="+", type=Path, default=SPECS, help="problem files (default: the scale specs)")
    parser.add_argument("--devices", nargs="+", default=list(DEVICES))
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale" / "hardware")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Properties of fake_")

    rows = []
    for spec in args.specs:
        for method in args.methods:
            start = time.perf_counter()
            ranking = c2q.recommend(spec, algorithm=method, devices=args.devices, ibm=False, seed=args.seed)
            seconds = time.perf_counter() - start
            for target in ranking.targets:
                if target.kind != "fake device":
                    continue
                emulation = target.details.get("emulation", {})
                row = {
                    "spec": spec.name,
                    "method": method,
                    "workload": ranking.workload.label,
                    "device": target.name,
                    "device_qubits": target.available,
                    "qubits": target.qubits,
                    "feasible": target.feasible,
                    "reason": target.reason,
                    "depth": target.depth,
                    "two_qubit_gates": target.two_qubit_gates,
                    "log10_fidelity": target.details.get("log10_fidelity"),
                    "faulty_gates": target.details.get("faulty_gates"),
                    "qpu_seconds": target.seconds,
                    "emulated_here": target.runs_here,
                    "emulation_method": emulation.get("method"),
                    "recommend_seconds": round(seconds, 1),
                }
                rows.append(row)
                print(
                    f"{spec.name:22} {method:6} {target.name:16} {target.qubits:4}q depth {target.depth} "
                    f"2q {target.two_qubit_gates} log10F {row['log10_fidelity']} QPU {target.seconds} s",
                    flush=True,
                )

    args.out.mkdir(parents=True, exist_ok=True)
    meta = {"seed": args.seed, "devices": args.devices, "python": platform.python_version(), "machine": platform.node()}
    (args.out / "hardware.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")

    lines = [
        "# Hardware-sized programs, compiled for fake IBM devices",
        "",
        "Produced by `python benchmarks/hardware_programs.py` (optimisation level 3, seed "
        f"{args.seed}). Fidelity: the recommender's predicted probability that one shot is error-free "
        "(log10); faulty: gates of the compiled circuit whose calibrated error is 1 (a broken coupler "
        "or qubit in the snapshot). QPU s: predicted device time of the whole run (every job and shot).",
        "",
        "| instance | method | device | qubits | depth | 2q gates | log10 fidelity | faulty | QPU s | emulated here |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if not row["feasible"]:
            cells = [row["spec"], row["method"], row["device"], row["qubits"], "-", "-", "-", "-", "-", row["reason"]]
            lines.append("| " + " | ".join(map(str, cells)) + " |")
            continue
        lines.append(
            f"| {row['spec']} | {row['method']} | {row['device']} | {row['qubits']} | {row['depth']} | "
            f"{row['two_qubit_gates']} | {row['log10_fidelity']:.1f} | {row['faulty_gates']} | "
            f"{row['qpu_seconds']:.0f} | {'yes' if row['emulated_here'] else 'no'} |"
        )
    (args.out / "hardware.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out / 'hardware.md'}")


if __name__ == "__main__":
    main()
