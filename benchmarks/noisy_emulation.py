"""How wide a fake device's noisy simulation can go on this machine: one sampling run per width.

For each width, a depth-1 QAOA circuit of a fresh random 3-regular graph (the program recursive
QAOA runs each round) is compiled for the device (optimisation level 3, seeded) and sampled once
on its noisy Aer simulator, in its own single-threaded process with a time limit. The figures
justify :data:`c2q.backends.fake.NOISY_MAX_QUBITS`, the width past which ``c2q solve --backend
fake_<device>`` refuses before doing any work.

    python benchmarks/noisy_emulation.py                               # 8 to 20 qubits, fake_sherbrooke
    python benchmarks/noisy_emulation.py --widths 12 16 --device fake_fez --timeout 300
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sample_once(width: int, device: str, shots: int, seed: int) -> dict:
    """Compile and sample one depth-1 QAOA circuit of ``width`` qubits on ``device`` (runs in a child)."""
    import networkx as nx
    from c2q.backends import get_backend
    from qiskit.quantum_info import SparsePauliOp

    from c2q.algorithms.qaoa import cost_ansatz

    graph = nx.random_regular_graph(3, width, seed=seed * 1000 + width)
    operator = SparsePauliOp.from_sparse_list([("ZZ", list(edge), 1.0) for edge in graph.edges], num_qubits=width)
    circuit = cost_ansatz(operator, 1).assign_parameters([0.4, 0.6]).measure_all(inplace=False)
    backend = get_backend(device)
    start = time.perf_counter()
    compiled = backend.compile(circuit, seed)
    compile_s = time.perf_counter() - start
    start = time.perf_counter()
    backend.sampler(seed).run([circuit], shots=shots).result()
    sample_s = time.perf_counter() - start
    metrics = backend.compiled_metrics(width, compiled)
    active = {compiled.find_bit(q).index for instr in compiled.data for q in instr.qubits}
    return {
        "width": width,
        "active_qubits": len(active),
        "two_qubit_gates": metrics["two_qubit_gates"],
        "depth": metrics["depth"],
        "compile_s": round(compile_s, 2),
        "sample_s": round(sample_s, 2),
    }


if __name__ == "__main__" and "--child" in sys.argv:
    _, _, width, device, shots, seed = sys.argv
    print(json.dumps(sample_once(int(width), device, int(shots), int(seed))))
    sys.exit(0)

sys.path.insert(0, str(ROOT / "benchmarks"))
from common import last_line, run_process  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--widths", nargs="+", type=int, default=[8, 12, 16, 20])
parser.add_argument("--device", default="fake_sherbrooke")
parser.add_argument("--shots", type=int, default=1000)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--timeout", type=float, default=600.0, help="seconds per width")
parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale" / "noisy_emulation")
args = parser.parse_args()

env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
rows = []
for width in args.widths:
    command = [sys.executable, __file__, "--child", str(width), args.device, str(args.shots), str(args.seed)]
    run = run_process(command, args.timeout, cwd=ROOT, env=env, core=0)
    if run.get("timed_out"):
        row = {"width": width, "timed_out": True, "wall_s": run["wall_s"]}
    elif run["code"] != 0:
        raise SystemExit(f"width {width} failed: {last_line(run['stderr'])}")
    else:
        row = {**json.loads(last_line(run["stdout"])), "wall_s": run["wall_s"], "peak_mib": run["peak_mib"]}
    rows.append(row)
    print(row, flush=True)

args.out.mkdir(parents=True, exist_ok=True)
meta = {
    "device": args.device,
    "shots": args.shots,
    "seed": args.seed,
    "timeout_s": args.timeout,
    "threads": 1,
    "python": platform.python_version(),
    "processor": platform.processor() or platform.machine(),
}
(args.out / "noisy_emulation.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
lines = [
    f"# Noisy emulation of {args.device}: one sampling run of depth-1 QAOA ({args.shots} shots, one thread)",
    "",
    "Produced by `python benchmarks/noisy_emulation.py`. Fresh random 3-regular graphs; the circuit",
    "compiled at optimisation level 3 (seed fixed); `active` counts the physical qubits it touches.",
    "",
    "| width | active qubits | 2q gates | depth | compile s | sample s | peak MiB |",
    "|---:|---:|---:|---:|---:|---:|---:|",
]
for row in rows:
    if row.get("timed_out"):
        lines.append(f"| {row['width']} | | | | | over {args.timeout:.0f} | |")
    else:
        lines.append(
            f"| {row['width']} | {row['active_qubits']} | {row['two_qubit_gates']} | {row['depth']} | "
            f"{row['compile_s']} | {row['sample_s']} | {row['peak_mib']} |"
        )
(args.out / "noisy_emulation.md").write_text("\n".join(lines) + "\n")
print(f"wrote {args.out / 'noisy_emulation.md'}")
