"""Speed of the RL architecture-search machinery (agents/), single-threaded.

Section ``simulator``:

- energy evaluations per second and energy-with-gradient evaluations per second of
  :mod:`c2q.agents.simulator` on random 20-gate circuits (both gate sets), 2 to 8 qubits, TFIM
  Hamiltonian, with the operator form the simulator picks by itself;
- the operator forms compared (dense matrix, CSR, Pauli terms grouped by X-pattern), which sets
  ``DENSE_MAX_QUBITS``;
- the adjoint gradient against torch autodiff of the same statevector code (complex128, CPU);
- angle re-optimisation (L-BFGS-B, exact gradients): time to convergence on 4- and 6-qubit,
  20-gate circuits, cold (random start) and warm (as in the environment: the first 19 gates
  already optimised, the 20th placed at its exact single-angle optimum);
- environment steps per second (random masked actions, re-optimisation included);
- chemistry (issue #28): random 50-gate circuits (``rxyz_cnot``) with the molecular Hamiltonians
  of :mod:`c2q.agents.hamiltonians` at 4 to 12 qubits (TFIM at 2): energies/s one at a time and
  batched (``Simulator.energies``, 256 angle vectors per call), energy+gradient/s.

Targets from issue #7: >= 1e4 energy evaluations/s for n <= 6 and 20 gates; median
re-optimisation <= 50 ms for 4 qubits and 20 gates. From issue #28: >= 1e5 energy evaluations/s
at <= 6 qubits (batched), >= 1e4 energy+gradient/s at 10 qubits (H2O, 50 gates).

Section ``train``: MaskablePPO (``c2q.agents.train``, curriculum on) on each case of :data:`CASES`
(TFIM J=1, h=1, open chain, 2-4 qubits; H2; LiH) over ``--seeds``: best circuit, success by the
case's criterion, gates, CNOTs, parameters, wall time, time per step, simulator evaluations.

Section ``baselines``: for each trained (case, seed), the baselines of :mod:`c2q.agents.baselines` at
the RL run's budget of simulator evaluations: random search over the same masked action space and a
hardware-efficient-ansatz depth sweep with the same L-BFGS-B; and PennyLane's ADAPT-VQE once per case.

Writes results.json and summary.md to ``--out``, merged with what is there (a section run again
replaces only its own cases), and one error-vs-evaluations plot per case.

    python benchmarks/rl_qas.py --section simulator
    python benchmarks/rl_qas.py --section simulator --quick --out /tmp/rl_qas
    python benchmarks/rl_qas.py --section train baselines --cases tfim2 tfim3 tfim4
"""

from __future__ import annotations

import os

# one thread everywhere, set before numpy/scipy/torch load their BLAS
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import save_figure, sci, single_threaded_meta  # noqa: E402

SECTIONS = ("simulator", "train", "baselines")

#: training cases: Hamiltonian, success criterion, episode length, CNOT limit, default PPO steps
CASES: dict[str, dict[str, Any]] = {
    "tfim2": {"hamiltonian": "tfim", "qubits": 2, "target": 1e-6, "max_gates": 10, "max_cnots": None, "steps": 5000},
    "tfim3": {"hamiltonian": "tfim", "qubits": 3, "target": 1e-5, "max_gates": 16, "max_cnots": None, "steps": 15000},
    "tfim4": {"hamiltonian": "tfim", "qubits": 4, "target": 1e-3, "max_gates": 30, "max_cnots": 12, "steps": 40000},
    "h2": {"hamiltonian": "h2", "qubits": None, "target": 1.6e-3, "max_gates": 20, "max_cnots": None, "steps": 30000},
    "lih": {"hamiltonian": "lih", "qubits": None, "target": 1.6e-3, "max_gates": 40, "max_cnots": None, "steps": 30000},
    # in this active space a 2-gate circuit is within chemical accuracy (1.05e-3): a tighter target too
    "lih_1e-4": {
        "hamiltonian": "lih",
        "qubits": None,
        "target": 1e-4,
        "max_gates": 40,
        "max_cnots": None,
        "steps": 30000,
    },
}
#: published CRLQAS figures (Patel et al., ICLR 2024, noiseless) to put next to ours
REFERENCES = {"h2": "CRLQAS: error 7.2e-8 with 7 parameters", "lih": "CRLQAS: error 6.7e-4 with 67 gates"}


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
    cases: list[str] = field(default_factory=lambda: ["tfim2", "tfim3", "tfim4", "h2"])
    """training cases (see CASES)"""
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2])
    """training seeds"""
    agents: list[str] = field(default_factory=lambda: ["ppo"])
    """agents to train (ppo: MaskablePPO, dqn: masked Double DQN)"""
    steps: int | None = None
    """PPO steps per run (default: the case's)"""
    runs: Path = Path("/tmp/c2q_rl_qas_runs")
    """folder for the training runs' checkpoints and reports (not kept in the repository)"""
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
    p.add_argument("--cases", nargs="+", choices=list(CASES), default=Args().cases)
    p.add_argument("--seeds", nargs="+", type=int, default=Args().seeds)
    p.add_argument("--agents", nargs="+", choices=["ppo", "dqn"], default=Args().agents)
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--runs", type=Path, default=Args.runs)
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
        cases=a.cases,
        seeds=a.seeds,
        agents=a.agents,
        steps=a.steps,
        runs=a.runs,
    )
    if args.quick:
        args.circuits, args.reopt_circuits, args.seconds = 2, 8, 0.05
    return args


def random_circuit(rng: np.random.Generator, n: int, gate_set: str, length: int) -> list[tuple]:
    """Uniformly random gates of a gate set (two-qubit gates on random ordered pairs)."""
    from c2q.agents.simulator import GATE_SETS

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
    from c2q.agents.hamiltonians import tfim
    from c2q.agents.simulator import Observable, Simulator, n_parameters

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
    from c2q.agents.hamiltonians import heisenberg, tfim
    from c2q.agents.simulator import Observable, Simulator, n_parameters

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
    from c2q.agents.hamiltonians import tfim
    from c2q.agents.simulator import Observable, Simulator, n_parameters

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
    from c2q.agents.hamiltonians import heisenberg, tfim
    from c2q.agents.simulator import Observable, best_single_angle, n_parameters, optimize_angles

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
    from c2q.agents.envs.qas import QASEnv

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


#: chemistry-scale cases of the simulator section: (Hamiltonian name, qubits)
CHEMISTRY = (("tfim", 2), ("h2", 4), ("beh2", 6), ("lih", 6), ("h2o", 8), ("h2o", 10), ("lih", 12))


def chemistry_rates(args: Args, rng: np.random.Generator, gates: int = 50, batch: int = 256) -> list[dict[str, Any]]:
    """Energies/s (one at a time and batched) and energy+gradient/s with molecular Hamiltonians."""
    from c2q.agents.hamiltonians import get_hamiltonian
    from c2q.agents.simulator import Observable, Simulator, n_parameters

    rows = []
    for name, n in CHEMISTRY:
        start = time.perf_counter()
        ham = get_hamiltonian(name, n)
        build_s = time.perf_counter() - start
        sim, obs = Simulator(n), Observable(ham)
        single, batched, grad = [], [], []
        for _ in range(args.circuits):
            circuit = random_circuit(rng, n, "rxyz_cnot", gates)
            xs = rng.uniform(-np.pi, np.pi, (batch, n_parameters(circuit)))
            single.append(rate(lambda g=circuit, x=xs[0], s=sim, o=obs: s.energy(g, x, o), args.seconds))
            batched.append(batch * rate(lambda g=circuit, x=xs, s=sim, o=obs: s.energies(g, x, o), args.seconds))
            grad.append(rate(lambda g=circuit, x=xs[0], s=sim, o=obs: s.energy_and_grad(g, x, o), args.seconds))
        row = {
            "hamiltonian": ham.name,
            "n_qubits": n,
            "terms": len(ham.operator),
            "build_s": round(build_s, 2),
            "gates": gates,
            "observable": obs.method,
            "energy_per_s": statistics.median(single),
            "energy_batched_per_s": statistics.median(batched),
            "batch": batch,
            "energy_grad_per_s": statistics.median(grad),
        }
        rows.append(row)
        print(
            f"  {ham.name:5s} n={n:2d} {row['terms']:4d} terms {obs.method:6s} energy {row['energy_per_s']:7.0f}/s"
            f"  batched {row['energy_batched_per_s']:8.0f}/s  energy+grad {row['energy_grad_per_s']:7.0f}/s"
        )
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
    print("chemistry (50-gate circuits):")
    chem = chemistry_rates(args, rng)
    small = [r["energy_per_s"] for r in rates if r["n_qubits"] <= 6]
    tfim4 = next(r for r in reopt if r["hamiltonian"] == "tfim" and r["n_qubits"] == 4)
    targets = {
        "energy_per_s_min_n_le_6": min(small) if small else None,
        "energy_per_s_target": 1e4,
        "reopt_median_ms_tfim4_warm": tfim4["warm_median_ms"],
        "reopt_median_ms_tfim4_cold": tfim4["cold_median_ms"],
        "reopt_median_ms_target": 50.0,
        "chem_energy_batched_per_s_min_n_le_6": min(r["energy_batched_per_s"] for r in chem if r["n_qubits"] <= 6),
        "chem_energy_batched_per_s_target": 1e5,
        "chem_energy_grad_per_s_h2o10": next(r["energy_grad_per_s"] for r in chem if r["n_qubits"] == 10),
        "chem_energy_grad_per_s_target": 1e4,
    }
    tables = {"rates": rates, "observable_forms": forms, "adjoint_vs_torch": torch_rows, "reopt": reopt, "env": env}
    return tables | {"chemistry": chem, "targets": targets}


# --- train and baselines sections -------------------------------------------------------------
def improvements(rows: list[dict[str, Any]], x: str) -> list[list[float]]:
    """``[[x, running minimum of the error]]`` at each improvement (curves kept small)."""
    out, low = [], float("inf")
    for row in rows:
        if row[x] is not None and row["error"] < low:
            low = row["error"]
            out.append([row[x], low])
    return out


def run_train(args: Args, previous: dict[str, Any]) -> dict[str, Any]:
    """MaskablePPO on each case and seed; returns the section's ``cases`` dict (merged)."""
    import shutil

    from c2q.agents.train import Args as TrainArgs
    from c2q.agents.train import train

    cases = dict(previous.get("cases", {}))
    for name in args.cases:
        case = CASES[name]
        steps = args.steps or case["steps"]
        todo = [(agent, seed) for agent in args.agents for seed in args.seeds]
        old = cases.get(name, {}).get("runs", [])
        runs = [r for r in old if (r["agent"], r["seed"]) not in todo]  # merge: keep other agents and seeds
        for agent, seed in todo:
            out = args.runs / f"{name}_{agent}_s{seed}"
            shutil.rmtree(out, ignore_errors=True)
            targs = TrainArgs(
                hamiltonian=case["hamiltonian"],
                qubits=case["qubits"],
                agent=agent,
                steps=steps,
                seed=seed,
                out=str(out),
                max_gates=case["max_gates"],
                max_cnots=case["max_cnots"],
                threshold=case["target"],
                checkpoint_every=10**9,
                progress=False,
            )
            report = train(targs)
            keep = [k for k in report if k not in ("args", "files", "drawing", "curriculum", "ansatz")]
            run = {k: report[k] for k in keep}
            saved = json.loads((out / "checkpoints" / f"state_{report['steps']}_steps.json").read_text())
            run["curve"] = improvements(saved["log"]["episodes"], "evaluations")
            run["curriculum_final"] = report["curriculum"]["threshold"] if report["curriculum"] else None
            runs.append(run)
            print(
                f"  {name} {agent} seed {seed}: error {run['error']:.2e} success {run['success']}"
                f" gates {run['n_gates']} cnots {run['n_cnots']} params {run['n_parameters']}"
                f" ({run['wall_time_s']:.0f} s,"
                f" {run['time_per_step_ms']:.2f} ms/step, {run['evaluations']} evaluations)"
            )
            if seed == args.seeds[0]:
                shutil.copy(out / "learning_curve.png", args.out / f"{name}_{agent}_seed{seed}_learning_curve.png")
        runs.sort(key=lambda r: (r["agent"] != "ppo", r["agent"], r["seed"]))
        best = min(runs, key=lambda r: (not r["success"], r["n_gates"] if r["success"] else r["error"]))
        src = args.runs / f"{name}_{best['agent']}_s{best['seed']}"
        if src.is_dir():
            for f in ("best_ansatz.json", "best.qasm"):
                shutil.copy(src / f, args.out / f"{name}_{f}")
        cases[name] = {"config": case, "runs": runs}
    return cases


def run_baselines(args: Args, trained: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """Random search and HEA sweep at each RL run's evaluation budget; ADAPT-VQE once per case."""
    from c2q.agents.baselines import adapt_vqe, hea_sweep, random_search
    from c2q.agents.hamiltonians import get_hamiltonian

    cases = dict(previous.get("cases", {}))
    for name in args.cases:
        case = CASES[name]
        if name not in trained:
            print(f"  {name}: no training results, skipped (run --section train first)")
            continue
        ham = get_hamiltonian(case["hamiltonian"], case["qubits"])
        done = {(r.get("agent", "ppo"), r["seed"], r["budget"]): r for r in cases.get(name, {}).get("seeds", [])}
        rows = []
        for run in trained[name]["runs"]:
            budget, seed, agent = int(run["evaluations"]), run["seed"], run["agent"]
            if (agent, seed, budget) in done:  # this run's baselines are already measured
                rows.append(done[(agent, seed, budget)])
                continue
            env_kwargs = {"max_gates": case["max_gates"], "max_cnots": case["max_cnots"]}
            rnd = random_search(ham, budget, seed=seed, target=case["target"], env_kwargs=env_kwargs)
            hea = hea_sweep(ham, budget, seed=seed, target=case["target"], max_cnots=case["max_cnots"])
            for r in (rnd, hea):
                r["curve"] = improvements(r.pop("curve"), "evaluations")
            rows.append({"agent": agent, "seed": seed, "budget": budget, "random": rnd, "hea": hea})
            print(
                f"  {name} {agent} seed {seed} budget {budget}: random {rnd['error']:.2e} ({rnd['wall_time_s']:.0f} s),"
                f" hea {hea['error']:.2e} ({hea['wall_time_s']:.0f} s)"
            )
        try:
            budget = max(r["budget"] for r in rows)
            adapt = adapt_vqe(ham, budget=budget, target=case["target"], max_steps=60)
            print(
                f"  {name} adapt: error {adapt['error']:.2e}, {adapt['n_parameters']} parameters,"
                f" {adapt['evaluations']} executions ({adapt['wall_time_s']:.0f} s, stop: {adapt['stop']})"
            )
        except Exception as exc:  # report why, do not lose the other baselines
            adapt = {"method": "adapt", "failed": f"{type(exc).__name__}: {exc}"}
            print(f"  {name} adapt failed: {adapt['failed']}")
        cases[name] = {"seeds": rows, "adapt": adapt}
        plot_case(args.out / f"{name}_error_vs_evaluations.png", name, trained[name], cases[name])
    return cases


def plot_case(path: Path, name: str, trained: dict[str, Any], base: dict[str, Any]) -> None:
    """Best error so far against simulator evaluations: PPO seeds, random search, HEA, ADAPT."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor = 1e-16
    fig, ax = plt.subplots(figsize=(6.4, 4.0))

    def extended(curve: list[list[float]], end: float) -> tuple:
        """The improvement points, held flat to the end of the run's budget."""
        if not curve:
            return (), ()
        return tuple(zip(*curve, [end, curve[-1][1]], strict=True))

    labelled = set()
    for run in trained["runs"]:
        xs, ys = extended(run["curve"], run["evaluations"])
        agent = run["agent"]
        label = None if agent in labelled else {"ppo": "MaskablePPO", "dqn": "masked DQN"}[agent]
        labelled.add(agent)
        color = "C0" if agent == "ppo" else "C4"
        ax.step(xs, [max(y, floor) for y in ys], where="post", color=color, label=label)
    for i, row in enumerate(base["seeds"]):
        for key, color in (("random", "C1"), ("hea", "C2")):
            curve = row[key]["curve"]
            if curve:
                xs, ys = extended(curve, row[key]["evaluations"])
                label = ("random search" if key == "random" else "HEA sweep") if i == 0 else None
                ax.step(xs, [max(y, floor) for y in ys], where="post", color=color, alpha=0.8, label=label)
    adapt = base.get("adapt", {})
    if adapt.get("error") is not None:
        ax.scatter([adapt["evaluations"]], [max(adapt["error"], floor)], color="C3", marker="x", label="ADAPT-VQE")
    ax.axhline(trained["config"]["target"], color="k", ls="--", lw=0.8, label="target")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("simulator evaluations (ADAPT: PennyLane executions)")
    ax.set_ylabel("best error E - E0 so far (Ha; spin models: J)")
    ax.set_title(f"{name}: equal evaluation budget", fontsize=9)
    ax.legend(fontsize=7)
    save_figure(fig, path)


def summary_rl(results: dict[str, Any]) -> list[str]:
    """Markdown for the train and baselines sections."""
    train = results.get("train", {}).get("cases", {})
    base = results.get("baselines", {}).get("cases", {})
    if not train:
        return []
    meta = results["train"].get("meta", {})
    lines = [
        "",
        f"## Training with the curriculum ({meta.get('date', '?')}, {meta.get('machine', '?')})",
        "",
        "`python benchmarks/rl_qas.py --section train baselines --cases ...` regenerates these tables. Error: E -"
        " E0 of the best circuit (the successful one with the fewest gates, else the lowest error); lowest: the "
        "lowest error reached by any circuit, with its gate and parameter counts. Success: error below the target"
        " (TFIM 2q 1e-6, 3q 1e-5, 4q 1e-3 with at most 12 CNOTs, the CNOT limit enforced by the environment's "
        "mask; molecules: chemical accuracy 1.6e-3; lih_1e-4: 1e-4). ms/step: wall time per environment step "
        "including PPO updates; env ms/step: inside the environment (simulation and L-BFGS-B). Evaluations: "
        "simulator energy or energy+gradient calls, the baselines' budget. All runs single-threaded (torch and "
        "BLAS): with OpenBLAS's default thread pool, on this busy 2-core machine, each L-BFGS-B call waited for a"
        " core and 2-qubit environment steps ran about 40x slower (about 100/s instead of about 4000/s; "
        "agents/threads.py).",
        "",
        "| case | agent | seed | steps | success | error | gates | CNOTs | params | lowest error (gates/params)"
        " | first success step"
        " | wall s | ms/step | env ms/step | evaluations |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, case in train.items():
        for r in case["runs"]:
            low = r.get("lowest_error") or {}
            lines.append(
                f"| {name} | {r['agent']} | {r['seed']} | {r['steps']} | {'yes' if r['success'] else 'no'}"
                f" | {sci(r['error'])}"
                f" | {r['n_gates']} | {r['n_cnots']} | {r['n_parameters']} | {sci(low.get('error'))}"
                f" ({low.get('n_gates', '-')}/{low.get('n_parameters', '-')}) | {r['first_success_step'] or '-'}"
                f" | {r['wall_time_s']:.0f}"
                f" | {r['time_per_step_ms']:.2f} | {r['env_time_per_step_ms']:.2f} | {r['evaluations']} |"
            )
    tally = {}
    for name, c in train.items():
        for r in c["runs"]:
            key = f"{name} {r['agent']}"
            ok, n = tally.get(key, (0, 0))
            tally[key] = (ok + bool(r["success"]), n + 1)
    lines += ["", "Success over seeds: " + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in tally.items()) + "."]
    refs = [f"{k}: {v}" for k, v in REFERENCES.items() if k in train]
    if refs:
        lines += ["", "Published reference (not rerun here): " + "; ".join(refs) + "."]
    if not base:
        return lines
    lines += [
        "",
        f"## Baselines at the same budget ({results['baselines'].get('meta', {}).get('date', '?')})",
        "",
        "Each RL row's budget (its simulator evaluations) is given to random search over the same masked action"
        " space (same environment, episode length and CNOT limit) and to a hardware-efficient ansatz (RY layer +"
        " CNOT ladder per layer, final RY layer) swept over depths 1-6 (within the CNOT limit), each depth getting"
        " an equal share of random L-BFGS-B restarts. ADAPT-VQE: PennyLane's `AdaptiveOptimizer` as is, once per"
        " case, capped at the largest RL budget in PennyLane executions; it trains only each new gate's angle"
        " (10 gradient-descent steps), earlier angles stay frozen; its gate/CNOT counts are after decomposition"
        " to RX/RY/RZ/CNOT and Qiskit level-1 compilation.",
        "",
        "| case | agent | seed | budget | agent error (gates/CNOTs) | random error (gates/CNOTs) | random s | HEA"
        " error (gates/CNOTs) | HEA lowest-error depth | HEA s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, case in base.items():
        runs = {(r["agent"], r["seed"]): r for r in train.get(name, {}).get("runs", [])}
        for row in case["seeds"]:
            agent = row.get("agent", "ppo")
            r, rnd, hea = runs.get((agent, row["seed"]), {}), row["random"], row["hea"]
            depth = min(hea["depths"], key=lambda d: d["best_error"])["depth"] if hea["depths"] else "-"
            lines.append(
                f"| {name} | {agent} | {row['seed']} | {row['budget']} | {sci(r.get('error'))} ({r.get('n_gates')}/"
                f"{r.get('n_cnots')}){' ok' if r.get('success') else ''} | {sci(rnd['error'])} ({rnd['n_gates']}/"
                f"{rnd['n_cnots']}){' ok' if rnd['success'] else ''} | {rnd['wall_time_s']:.1f} | {sci(hea['error'])}"
                f" ({hea['n_gates']}/{hea['n_cnots']}){' ok' if hea['success'] else ''} | {depth}"
                f" | {hea['wall_time_s']:.1f} |"
            )
    lines += ["", "| case | ADAPT error | success | parameters | gates | CNOTs | executions | stop | s |",
              "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, case in base.items():
        a = case["adapt"]
        if "failed" in a:
            lines.append(f"| {name} | failed: {a['failed']} | | | | | | | |")
            continue
        lines.append(
            f"| {name} | {sci(a['error'])} | {'yes' if a['success'] else 'no'} | {a['n_parameters']} | {a['n_gates']}"
            f" | {a['n_cnots']} | {a['evaluations']} | {a['stop']} | {a['wall_time_s']:.0f} |"
        )
    lines += [
        "",
        "Plots: `<case>_error_vs_evaluations.png` (best error so far against evaluations, all methods),"
        " `<case>_<agent>_seed0_learning_curve.png`; best circuits (best seed): `<case>_best_ansatz.json`,"
        " `<case>_best.qasm`.",
    ]
    return lines


# --- output -----------------------------------------------------------------------------------
def summary_chemistry(sim: dict[str, Any]) -> list[str]:
    """Markdown for the chemistry table of the simulator section, with issue #28's targets."""
    t = sim["targets"]

    def met(value: float, target: float) -> str:
        return "met" if value >= target else "not met"

    batched, grad = t["chem_energy_batched_per_s_min_n_le_6"], t["chem_energy_grad_per_s_h2o10"]
    batched_target, grad_target = t["chem_energy_batched_per_s_target"], t["chem_energy_grad_per_s_target"]
    lines = [
        "",
        "### Chemistry scale (issue #28): random 50-gate circuits (rxyz_cnot), median over circuits",
        "",
        f"Targets: >= {batched_target:g} energy evaluations/s at <= 6 qubits: {batched:.0f}/s batched, slowest"
        f" case ({met(batched, batched_target)}). >= {grad_target:g} energy+gradient/s at 10 qubits (H2O):"
        f" {grad:.0f}/s ({met(grad, grad_target)}).",
        "",
        "| Hamiltonian | qubits | Pauli terms | build s | operator form | energy / s | energy / s batched"
        " | energy + gradient / s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['hamiltonian']} | {r['n_qubits']} | {r['terms']} | {r['build_s']:.1f} | {r['observable']}"
        f" | {r['energy_per_s']:.0f} | {r['energy_batched_per_s']:.0f} ({r['batch']} per call)"
        f" | {r['energy_grad_per_s']:.0f} |"
        for r in sim["chemistry"]
    ]
    return lines


def summary(results: dict[str, Any]) -> str:
    """Markdown summary of the results."""
    meta = results["meta"]
    lines = ["# RL architecture search (agents/): simulator speed, training, baselines", ""]
    sim = results.get("simulator")
    if sim:
        lines += [
            f"## Simulator speed ({meta['date']}, {meta['machine']}, single-threaded, seed {meta['seed']})",
            "",
            "Each rate is the best of 3 timings (`rate()`), on a 2-core machine shared with other jobs: differences"
            " below about 30% between rows are timing noise. `python benchmarks/rl_qas.py --section simulator`"
            " regenerates this part.",
            "",
        ]
        t = sim["targets"]
        lines += [
            f"Targets: >= 1e4 energy evaluations/s for n <= 6, 20 gates: slowest measured"
            f" {t['energy_per_s_min_n_le_6']:.0f}/s. Median re-optimisation <= 50 ms for 4 qubits, 20 gates:"
            f" {t['reopt_median_ms_tfim4_warm']:.1f} ms warm, {t['reopt_median_ms_tfim4_cold']:.1f} ms cold (TFIM).",
            "",
            "### Evaluations per second (TFIM, random 20-gate circuits, median over circuits)",
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
            "### Operator forms (energy evaluations / s, one random 20-gate circuit)",
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
            "### Gradients: adjoint method vs torch autograd (energy + gradient / s, TFIM, 20 gates)",
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
            "### Angle re-optimisation (L-BFGS-B, exact gradients, 20 gates, to convergence)",
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
            "### Environment steps / s (random masked actions, 20-gate episodes, TFIM)",
            "",
            "| qubits | gate set | steps / s |",
            "|---|---|---|",
        ]
        lines += [f"| {r['n_qubits']} | {r['gate_set']} | {r['steps_per_s']:.0f} |" for r in sim["env"]]
        if "chemistry" in sim:
            lines += summary_chemistry(sim)
    lines += summary_rl(results)
    return "\n".join(lines) + "\n"


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(ROOT))

    meta = single_threaded_meta(args) | {"seed": args.seed}
    path = args.out / "results.json"
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}  # merge, never drop sections
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if "simulator" in args.section:
        print("== simulator ==")
        results["simulator"] = run_simulator(args)
        results["meta"] = meta | {"wall_s": round(time.perf_counter() - start, 1)}
    if "train" in args.section:
        print("== train (MaskablePPO) ==")
        t0 = time.perf_counter()
        cases = run_train(args, results.get("train", {}))
        results["train"] = {"meta": meta | {"wall_s": round(time.perf_counter() - t0, 1)}, "cases": cases}
        path.write_text(json.dumps(results, indent=2) + "\n")  # keep the training figures if baselines fail
    if "baselines" in args.section:
        print("== baselines (equal budget) ==")
        t0 = time.perf_counter()
        cases = run_baselines(args, results.get("train", {}).get("cases", {}), results.get("baselines", {}))
        results["baselines"] = {"meta": meta | {"wall_s": round(time.perf_counter() - t0, 1)}, "cases": cases}
    results.setdefault("meta", meta)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "summary.md").write_text(summary(results))
    print(f"wrote {args.out / 'results.json'} and {args.out / 'summary.md'} ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
