"""Speed of the RL architecture-search machinery (agents/), single-threaded.

Section ``simulator``:

- energy evaluations per second and energy-with-gradient evaluations per second of
  :mod:`agents.simulator` on random 20-gate circuits (both gate sets), 2 to 8 qubits, TFIM
  Hamiltonian, with the operator form the simulator picks by itself;
- the operator forms compared (dense matrix, CSR, Pauli terms grouped by X-pattern), which sets
  ``DENSE_MAX_QUBITS``;
- the adjoint gradient against torch autodiff of the same statevector code (complex128, CPU);
- angle re-optimisation (L-BFGS-B, exact gradients): time to convergence on 4- and 6-qubit,
  20-gate circuits, cold (random start) and warm (as in the environment: the first 19 gates
  already optimised, the 20th placed at its exact single-angle optimum);
- environment steps per second (random masked actions, re-optimisation included).

Targets from issue #7: >= 1e4 energy evaluations/s for n <= 6 and 20 gates; median
re-optimisation <= 50 ms for 4 qubits and 20 gates.

Writes results.json and summary.md to ``--out``.

    python benchmarks/rl_qas.py --section simulator
    python benchmarks/rl_qas.py --section simulator --quick --out /tmp/rl_qas
"""

from __future__ import annotations

import os

# one thread everywhere, set before numpy/scipy/torch load their BLAS
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("simulator",)


@dataclass
class Args:
    section: list[str] = field(default_factory=lambda: list(SECTIONS))
    """sections to run"""
    sizes: list[int] = field(default_factory=lambda: [2, 4, 6, 8])
    """register widths for the evaluation-rate tables"""
    gates: int = 20
    """gates per random circuit"""
    circuits: int = 5
    """random circuits per size (rates are medians over them)"""
    reopt_circuits: int = 40
    """random circuits for the re-optimisation timings"""
    seconds: float = 0.2
    """timing budget per circuit and rate"""
    seed: int = 2026
    """seed of the random circuits"""
    quick: bool = False
    """fewer circuits and shorter timings (smoke run)"""
    out: Path = ROOT / "benchmarks" / "results" / "rl_qas"
    """folder for results.json and summary.md"""


def parse_args() -> Args:
    """Command-line arguments, defaulting to :class:`Args`."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--section", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    p.add_argument("--sizes", nargs="+", type=int, default=Args().sizes)
    p.add_argument("--gates", type=int, default=Args.gates)
    p.add_argument("--circuits", type=int, default=Args.circuits)
    p.add_argument("--reopt-circuits", type=int, default=Args.reopt_circuits)
    p.add_argument("--seconds", type=float, default=Args.seconds)
    p.add_argument("--seed", type=int, default=Args.seed)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", type=Path, default=Args.out)
    a = p.parse_args()
    args = Args(
        section=a.section,
        sizes=a.sizes,
        gates=a.gates,
        circuits=a.circuits,
        reopt_circuits=a.reopt_circuits,
        seconds=a.seconds,
        seed=a.seed,
        quick=a.quick,
        out=a.out,
    )
    if args.quick:
        args.circuits, args.reopt_circuits, args.seconds = 2, 8, 0.05
    return args


def random_circuit(rng: np.random.Generator, n: int, gate_set: str, length: int) -> list[tuple]:
    """Uniformly random gates of a gate set (two-qubit gates on random ordered pairs)."""
    from agents.simulator import GATE_SETS

    names = GATE_SETS[gate_set]
    gates: list[tuple] = []
    for _ in range(length):
        name = names[rng.integers(len(names))]
        if name in ("cx", "cz"):
            a, b = rng.choice(n, size=2, replace=False)
            gates.append((name, int(a), int(b)))
        else:
            gates.append((name, int(rng.integers(n))))
    return gates


def rate(fn: Any, seconds: float, repeats: int = 3) -> float:
    """Calls per second of ``fn()``: the best of ``repeats`` timings of about ``seconds / repeats``
    each (the best one is the least disturbed by other processes on a shared machine)."""
    fn()
    best = 0.0
    for _ in range(repeats):
        calls, start, batch = 0, time.perf_counter(), 1
        while True:
            for _ in range(batch):
                fn()
            calls += batch
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / repeats:
                break
            batch *= 2
        best = max(best, calls / elapsed)
    return best


# --- simulator section ------------------------------------------------------------------------
def evaluation_rates(args: Args, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Energy and energy+gradient evaluations per second, per size and gate set."""
    from agents.hamiltonians import tfim
    from agents.simulator import Observable, Simulator, n_parameters

    rows = []
    for n in args.sizes:
        sim, obs = Simulator(n), Observable(tfim(n))
        for gate_set in ("rxyz_cnot", "heron"):
            energy, grad = [], []
            for _ in range(args.circuits):
                gates = random_circuit(rng, n, gate_set, args.gates)
                x = rng.uniform(-np.pi, np.pi, n_parameters(gates))
                energy.append(rate(lambda g=gates, x=x, s=sim, o=obs: s.energy(g, x, o), args.seconds))
                grad.append(rate(lambda g=gates, x=x, s=sim, o=obs: s.energy_and_grad(g, x, o), args.seconds))
            rows.append(
                {
                    "n_qubits": n,
                    "gate_set": gate_set,
                    "gates": args.gates,
                    "observable": obs.method,
                    "energy_per_s": statistics.median(energy),
                    "energy_grad_per_s": statistics.median(grad),
                }
            )
            print(
                f"  n={n} {gate_set:9s} {obs.method:6s} energy {rows[-1]['energy_per_s']:9.0f}/s"
                f"  energy+grad {rows[-1]['energy_grad_per_s']:9.0f}/s"
            )
    return rows


def observable_forms(args: Args, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Energy evaluations per second with each operator form (TFIM and Heisenberg)."""
    from agents.hamiltonians import heisenberg, tfim
    from agents.simulator import Observable, Simulator, n_parameters

    rows = []
    for n in sorted({*args.sizes, 7, 9, 10}):
        sim = Simulator(n)
        gates = random_circuit(rng, n, "rxyz_cnot", args.gates)
        x = rng.uniform(-np.pi, np.pi, n_parameters(gates))
        for ham in (tfim(n), heisenberg(n)):
            row: dict[str, Any] = {"n_qubits": n, "hamiltonian": ham.name, "auto": Observable(ham).method}
            for method in ("dense", "sparse", "pauli"):
                obs = Observable(ham, method)
                row[method] = rate(lambda g=gates, x=x, s=sim, o=obs: s.energy(g, x, o), args.seconds)
            rows.append(row)
            best = max(("dense", "sparse", "pauli"), key=lambda m, row=row: row[m])
            print(
                f"  n={n:2d} {ham.name:10s} dense {row['dense']:8.0f}/s  sparse {row['sparse']:8.0f}/s"
                f"  pauli {row['pauli']:8.0f}/s  fastest {best}, auto {row['auto']}"
            )
    return rows


def torch_energy_and_grad(n: int, gates: list[tuple], obs_matrix: np.ndarray) -> Any:
    """The same index-permutation statevector code in torch, differentiated by autograd."""
    import torch

    dim = 2**n
    idx = torch.arange(dim)
    flip = [idx ^ (1 << q) for q in range(n)]
    zvec = [(1 - 2 * ((idx >> q) & 1)).to(torch.complex128) for q in range(n)]
    cx = {(c, t): idx ^ (((idx >> c) & 1) << t) for c in range(n) for t in range(n) if c != t}
    hmat = torch.as_tensor(obs_matrix, dtype=torch.complex128)
    zero = torch.zeros(dim, dtype=torch.complex128)
    zero[0] = 1

    def run(theta: Any) -> Any:
        psi, j = zero, 0
        for g in gates:
            if g[0] == "cx":
                psi = psi[cx[(g[1], g[2])]]
                continue
            h = 0.5 * theta[j]
            j += 1
            c, s = torch.cos(h).to(torch.complex128), torch.sin(h).to(torch.complex128)
            q = g[1]
            if g[0] == "rx":
                psi = c * psi - 1j * s * psi[flip[q]]
            elif g[0] == "ry":
                psi = c * psi - s * (zvec[q] * psi[flip[q]])
            else:
                psi = psi * (c - 1j * s * zvec[q])
        return torch.vdot(psi, hmat @ psi).real

    def energy_and_grad(x: np.ndarray) -> tuple[float, np.ndarray]:
        theta = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        energy = run(theta)
        energy.backward()
        return float(energy.detach()), theta.grad.numpy()

    return energy_and_grad


def adjoint_vs_torch(args: Args, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Energy+gradient rate: adjoint method (numpy) vs torch autograd, same circuits."""
    import torch

    from agents.hamiltonians import tfim
    from agents.simulator import Observable, Simulator, n_parameters

    torch.set_num_threads(1)
    rows = []
    for n in (4, 6):
        ham = tfim(n)
        sim, obs = Simulator(n), Observable(ham, "dense")
        gates = random_circuit(rng, n, "rxyz_cnot", args.gates)
        x = rng.uniform(-np.pi, np.pi, n_parameters(gates))
        t_fn = torch_energy_and_grad(n, gates, ham.dense_matrix)
        e_t, g_t = t_fn(x)
        e_a, g_a = sim.energy_and_grad(gates, x, obs)
        agree = float(max(abs(e_t - e_a), np.max(np.abs(g_t - g_a))))
        row = {
            "n_qubits": n,
            "adjoint_per_s": rate(lambda g=gates, x=x, s=sim, o=obs: s.energy_and_grad(g, x, o), args.seconds),
            "torch_per_s": rate(lambda f=t_fn, x=x: f(x), args.seconds),
            "max_abs_difference": agree,
        }
        rows.append(row)
        print(
            f"  n={n} adjoint {row['adjoint_per_s']:8.0f}/s  torch autograd {row['torch_per_s']:8.0f}/s"
            f"  (max |diff| {agree:.1e})"
        )
    return rows


def reoptimisation(args: Args, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Wall time of ``optimize_angles`` to convergence: cold and warm starts."""
    from agents.hamiltonians import heisenberg, tfim
    from agents.simulator import Observable, best_single_angle, n_parameters, optimize_angles

    rows = []
    for ham in (tfim(4), heisenberg(4), tfim(6)):
        obs = Observable(ham)
        cold, warm, cold_nfev, warm_nfev, steps, last = [], [], [], [], [], []
        for _ in range(args.reopt_circuits):
            new_gate = (("rx", "ry", "rz")[rng.integers(3)], int(rng.integers(ham.n_qubits)))
            gates = [*random_circuit(rng, ham.n_qubits, "rxyz_cnot", args.gates - 1), new_gate]
            k = n_parameters(gates)
            x0 = rng.uniform(-np.pi, np.pi, k)
            start = time.perf_counter()
            res = optimize_angles(gates, obs, x0)
            cold.append(time.perf_counter() - start)
            cold_nfev.append(res.nfev)
            prefix = optimize_angles(gates[:-1], obs, x0[:-1])
            start = time.perf_counter()
            x = np.append(prefix.angles, 0.0)
            x[-1], _ = best_single_angle(gates, x, k - 1, obs)
            res = optimize_angles(gates, obs, x)
            warm.append(time.perf_counter() - start)
            warm_nfev.append(res.nfev)
            # incremental: the circuit built gate by gate, re-optimised after each gate (the env's loop)
            x = np.zeros(0)
            for t in range(1, len(gates) + 1):
                start = time.perf_counter()
                if gates[t - 1][0] in ("rx", "ry", "rz"):
                    x = np.append(x, 0.0)
                    x[-1], _ = best_single_angle(gates[:t], x, len(x) - 1, obs)
                x = optimize_angles(gates[:t], obs, x).angles
                steps.append(time.perf_counter() - start)
            last.append(steps[-1])
        row = {
            "hamiltonian": ham.name,
            "n_qubits": ham.n_qubits,
            "gates": args.gates,
            "circuits": args.reopt_circuits,
            "cold_median_ms": 1e3 * statistics.median(cold),
            "cold_p90_ms": 1e3 * float(np.percentile(cold, 90)),
            "cold_median_nfev": statistics.median(cold_nfev),
            "warm_median_ms": 1e3 * statistics.median(warm),
            "warm_p90_ms": 1e3 * float(np.percentile(warm, 90)),
            "warm_median_nfev": statistics.median(warm_nfev),
            "incremental_median_ms": 1e3 * statistics.median(steps),
            "incremental_p90_ms": 1e3 * float(np.percentile(steps, 90)),
            "incremental_last_median_ms": 1e3 * statistics.median(last),
        }
        rows.append(row)
        print(
            f"  {ham.name} n={ham.n_qubits}: cold median {row['cold_median_ms']:.1f} ms"
            f" (p90 {row['cold_p90_ms']:.1f}, {row['cold_median_nfev']} evals), warm median"
            f" {row['warm_median_ms']:.1f} ms (p90 {row['warm_p90_ms']:.1f}, {row['warm_median_nfev']} evals);"
            f" incremental median {row['incremental_median_ms']:.1f} ms (p90 {row['incremental_p90_ms']:.1f},"
            f" 20th gate {row['incremental_last_median_ms']:.1f})"
        )
    return rows


def env_steps(args: Args, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Environment steps per second with random masked actions (re-optimisation included)."""
    from agents.envs.qas import QASEnv

    rows = []
    for n, gate_set in ((2, "rxyz_cnot"), (4, "rxyz_cnot"), (4, "heron"), (6, "rxyz_cnot")):
        env = QASEnv("tfim", n, gate_set=gate_set, max_gates=args.gates)
        steps, start = 0, time.perf_counter()
        budget = 4 * args.seconds
        while time.perf_counter() - start < budget:
            env.reset()
            done = False
            while not done:
                mask = env.action_masks()
                _, _, terminated, truncated, _ = env.step(int(rng.choice(np.flatnonzero(mask))))
                done = terminated or truncated
                steps += 1
        rows.append({"n_qubits": n, "gate_set": gate_set, "steps_per_s": steps / (time.perf_counter() - start)})
        print(f"  env n={n} {gate_set:9s} {rows[-1]['steps_per_s']:7.0f} steps/s")
    return rows


def run_simulator(args: Args) -> dict[str, Any]:
    """Every table of the simulator section."""
    rng = np.random.default_rng(args.seed)
    print("evaluation rates (TFIM, random circuits):")
    rates = evaluation_rates(args, rng)
    print("operator forms:")
    forms = observable_forms(args, rng)
    print("gradients, adjoint vs torch autograd:")
    torch_rows = adjoint_vs_torch(args, rng)
    print("angle re-optimisation (L-BFGS-B):")
    reopt = reoptimisation(args, rng)
    print("environment:")
    env = env_steps(args, rng)
    small = [r["energy_per_s"] for r in rates if r["n_qubits"] <= 6]
    tfim4 = next(r for r in reopt if r["hamiltonian"] == "tfim" and r["n_qubits"] == 4)
    targets = {
        "energy_per_s_min_n_le_6": min(small) if small else None,
        "energy_per_s_target": 1e4,
        "reopt_median_ms_tfim4_warm": tfim4["warm_median_ms"],
        "reopt_median_ms_tfim4_cold": tfim4["cold_median_ms"],
        "reopt_median_ms_target": 50.0,
    }
    return {"rates": rates, "observable_forms": forms, "adjoint_vs_torch": torch_rows, "reopt": reopt, "env": env} | {
        "targets": targets
    }


# --- output -----------------------------------------------------------------------------------
def summary(results: dict[str, Any]) -> str:
    """Markdown summary of the results."""
    meta = results["meta"]
    lines = [
        f"# RL architecture search: simulator speed ({meta['date']}, {meta['machine']}, single-threaded,"
        f" seed {meta['seed']})",
        "",
        "Each rate is the best of 3 timings (`rate()`), on a 2-core machine shared with other jobs: differences"
        " below about 30% between rows are timing noise. `python benchmarks/rl_qas.py --section simulator`"
        " regenerates this file.",
        "",
    ]
    sim = results.get("simulator")
    if sim:
        t = sim["targets"]
        lines += [
            f"Targets: >= 1e4 energy evaluations/s for n <= 6, 20 gates: slowest measured"
            f" {t['energy_per_s_min_n_le_6']:.0f}/s. Median re-optimisation <= 50 ms for 4 qubits, 20 gates:"
            f" {t['reopt_median_ms_tfim4_warm']:.1f} ms warm, {t['reopt_median_ms_tfim4_cold']:.1f} ms cold (TFIM).",
            "",
            "## Evaluations per second (TFIM, random 20-gate circuits, median over circuits)",
            "",
            "| qubits | gate set | operator form | energy / s | energy + gradient / s |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['n_qubits']} | {r['gate_set']} | {r['observable']} | {r['energy_per_s']:.0f}"
            f" | {r['energy_grad_per_s']:.0f} |"
            for r in sim["rates"]
        ]
        lines += [
            "",
            "## Operator forms (energy evaluations / s, one random 20-gate circuit)",
            "",
            "| qubits | Hamiltonian | dense | sparse (CSR) | Pauli groups | auto picks |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['n_qubits']} | {r['hamiltonian']} | {r['dense']:.0f} | {r['sparse']:.0f} | {r['pauli']:.0f}"
            f" | {r['auto']} |"
            for r in sim["observable_forms"]
        ]
        lines += [
            "",
            "## Gradients: adjoint method vs torch autograd (energy + gradient / s, TFIM, 20 gates)",
            "",
            "| qubits | adjoint (numpy) | torch autograd | max abs difference |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r['n_qubits']} | {r['adjoint_per_s']:.0f} | {r['torch_per_s']:.0f} | {r['max_abs_difference']:.1e} |"
            for r in sim["adjoint_vs_torch"]
        ]
        lines += [
            "",
            "## Angle re-optimisation (L-BFGS-B, exact gradients, 20 gates, to convergence)",
            "",
            "Cold: all angles random. Warm: as in the environment, the first 19 gates already optimised,"
            " the new rotation at its exact single-angle optimum (3 energy evaluations, included)."
            " Incremental: the environment's loop, the same circuits built gate by gate and re-optimised"
            " (warm) after every gate; all steps, and the 20th.",
            "",
            "| Hamiltonian | qubits | circuits | cold median ms | cold p90 ms | cold evals | warm median ms"
            " | warm p90 ms | warm evals | incremental median ms | incremental p90 ms | 20th gate median ms |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['hamiltonian']} | {r['n_qubits']} | {r['circuits']} | {r['cold_median_ms']:.1f}"
            f" | {r['cold_p90_ms']:.1f} | {r['cold_median_nfev']} | {r['warm_median_ms']:.1f}"
            f" | {r['warm_p90_ms']:.1f} | {r['warm_median_nfev']} | {r['incremental_median_ms']:.2f}"
            f" | {r['incremental_p90_ms']:.2f} | {r['incremental_last_median_ms']:.2f} |"
            for r in sim["reopt"]
        ]
        lines += [
            "",
            "## Environment steps / s (random masked actions, 20-gate episodes, TFIM)",
            "",
            "| qubits | gate set | steps / s |",
            "|---|---|---|",
        ]
        lines += [f"| {r['n_qubits']} | {r['gate_set']} | {r['steps_per_s']:.0f} |" for r in sim["env"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    results: dict[str, Any] = {
        "meta": {
            "date": datetime.date.today().isoformat(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "threads": 1,
            "seed": args.seed,
            "args": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items()},
        }
    }
    start = time.perf_counter()
    if "simulator" in args.section:
        print("== simulator ==")
        results["simulator"] = run_simulator(args)
    results["meta"]["wall_s"] = round(time.perf_counter() - start, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "summary.md").write_text(summary(results))
    print(f"wrote {args.out / 'results.json'} and {args.out / 'summary.md'} ({results['meta']['wall_s']} s)")


if __name__ == "__main__":
    main()
