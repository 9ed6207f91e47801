"""Train an architecture-search agent on ``c2q/QAS-v0`` and write a report (CleanRL-style: the
arguments, then the run, then the outputs, top to bottom).

    python -m c2q.agents.train --hamiltonian tfim --qubits 4 --agent ppo --steps 20000 --seed 0 --out runs/tfim4
    c2q train --hamiltonian h2 --agent dqn --episodes 2000 --out runs/h2 --noise fake_torino
    c2q train --problem maxcut.json --agent ppo --steps 5000 --out runs/maxcut
    c2q train ... --out runs/tfim4 --resume --steps 40000      # continue from the last checkpoint
    c2q train --hamiltonian tfim --qubits 4 --gadgets gadgets.json --out runs/tfim4-g   # c2q.agents.gadgets
    c2q train --hamiltonian tfim --qubits 4 --seeds 0-7 --workers 4 --out runs/tfim4   # c2q.agents.sweep

Agents: ``ppo`` is sb3-contrib's ``MaskablePPO``; ``dqn`` is :class:`c2q.agents.dqn.MaskableDQN` (Double
DQN with action masks). Both see the environment's ``action_masks()``. The success threshold follows
the curriculum of :mod:`c2q.agents.curriculum` (from ``--curriculum-start`` down to ``--threshold``)
unless ``--no-curriculum``. Every step's circuit is scored against the *target* threshold by
:class:`c2q.agents.report.SearchLog`, whatever the curriculum's threshold is at the time.

Outputs in ``--out``: ``report.json`` (keys :data:`c2q.agents.report.REPORT_KEYS` and more), ``best.qasm``
(OpenQASM 3), ``best.txt`` (drawing), ``best_ansatz.json`` (``Ansatz.load``), ``circuits.json`` (the
100 distinct finished circuits with the lowest errors, successful or not, best first: the corpus of
``c2q extract-gadgets``), ``learning_curve.png``,
``checkpoints/`` (``model_<steps>_steps.zip``, ``state_<steps>_steps.json``, and for DQN the replay
buffer), ``logs/`` (SB3's CSV log, and TensorBoard event files when tensorboard is installed).

Determinism: one seed sets Python's, numpy's and torch's generators, the environment and the agent,
and torch runs single-threaded, so equal arguments give equal runs. A resumed run continues from
the checkpoint's weights (and replay buffer), curriculum and best circuit, with fresh random
generators and a fresh episode: it is not bit-identical to an uninterrupted run.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import gymnasium as gym
import numpy as np
from c2q.agents.options import AGENTS, Args, args_from_namespace, build_parser

if TYPE_CHECKING:
    from c2q.agents.envs.qas import QASEnv

__all__ = ["AGENTS", "Args", "args_from_namespace", "build_parser", "train"]


# --- environment ------------------------------------------------------------------------------
def parse_noise(text: str | None) -> Any:
    """``None``, ``"fake_torino"`` (kept as the name) or ``"p1,p2"`` -> ``{"p1": .., "p2": ..}``."""
    if text is None or text.lower() in ("", "none"):
        return None
    if re.fullmatch(r"\s*[0-9.eE+-]+\s*,\s*[0-9.eE+-]+\s*", text):
        p1, p2 = (float(x) for x in text.split(","))
        return {"p1": p1, "p2": p2}
    return text


def make_hamiltonian(args: Args) -> Any:
    """The target Hamiltonian of a run."""
    from c2q.agents.hamiltonians import get_hamiltonian

    if args.problem:  # a problem's Hamiltonian comes from c2q (c2q.ansatz.problem_hamiltonian), passed in
        raise ValueError(
            f"--problem {args.problem}: a classical problem's Hamiltonian is built by c2q; "
            "run `c2q train --problem`, or pass its Hamiltonian to train()"
        )
    spin = args.hamiltonian.lower() in ("tfim", "heisenberg")
    couplings = {k: v for k, v in (("J", args.coupling), ("h", args.field)) if v is not None}
    if couplings and not spin:
        raise ValueError(f"--coupling/--field apply to tfim and heisenberg, not {args.hamiltonian}")
    return get_hamiltonian(args.hamiltonian, args.qubits if (args.qubits or not spin) else 4, **couplings)


def make_env(args: Args, hamiltonian: Any = None) -> Any:
    """The :class:`~c2q.agents.envs.qas.QASEnv` of a run (threshold: the curriculum's start, or the target)."""
    from c2q.agents.envs.qas import QASEnv

    start = max(args.curriculum_start, args.threshold) if args.curriculum else args.threshold
    return QASEnv(
        hamiltonian if hamiltonian is not None else make_hamiltonian(args),
        gate_set=args.gate_set,
        max_gates=args.max_gates,
        threshold=start,
        noise=parse_noise(args.noise),
        max_cnots=args.max_cnots,
        maxiter=args.maxiter,
        gadgets=args.gadgets,
        start=args.start,
    )


class StepTimer(gym.Wrapper):
    """Adds up the wall time spent inside ``env.step`` (simulation and re-optimisation)."""

    def __init__(self, env: gym.Env) -> None:
        super().__init__(env)
        self.seconds = 0.0

    def step(self, action: Any) -> Any:
        start = time.perf_counter()
        result = self.env.step(action)
        self.seconds += time.perf_counter() - start
        return result

    def action_masks(self) -> np.ndarray:
        """The wrapped environment's masks."""
        # gymnasium types `unwrapped` as a plain Env; underneath this wrapper is the search's QASEnv
        return cast("QASEnv", self.env.unwrapped).action_masks()


# --- callbacks --------------------------------------------------------------------------------
def _callbacks() -> Any:
    from stable_baselines3.common.callbacks import BaseCallback, CheckpointCallback

    class SearchMonitor(BaseCallback):
        """Feeds every step's info to the :class:`~c2q.agents.report.SearchLog`."""

        def __init__(self, log: Any, evaluations: Any) -> None:
            super().__init__()
            self.log = log
            self.evaluations = evaluations

        def _on_step(self) -> bool:
            for done, info in zip(self.locals["dones"], self.locals["infos"], strict=True):
                self.log.observe(info, self.num_timesteps)
                if done:
                    self.log.end_episode(info, self.num_timesteps, self.evaluations())
            return True

    class StateCheckpoint(CheckpointCallback):
        """SB3's CheckpointCallback, plus ``state_<steps>_steps.json`` (log, curriculum, counters)."""

        def __init__(self, save_freq: int, save_path: str, state: Any, **kwargs: Any) -> None:
            super().__init__(save_freq, save_path, name_prefix="model", **kwargs)
            self.state = state

        def _on_step(self) -> bool:
            if self.n_calls % self.save_freq == 0:
                self.save_state()
            return super()._on_step()

        def save_state(self) -> None:
            path = self._checkpoint_path("", extension="json").replace("model_", "state_")
            Path(path).write_text(json.dumps(self.state(self.num_timesteps)) + "\n")

    class RichProgress(BaseCallback):
        """A rich progress bar (SB3's own needs tqdm too, which is not installed)."""

        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

        def _on_training_start(self) -> None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self.bar = Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
            )
            self.bar.start()
            self.task = self.bar.add_task("training", total=self.total, completed=self.num_timesteps)

        def _on_step(self) -> bool:
            if self.n_calls % 64 == 0:
                self.bar.update(self.task, completed=min(self.num_timesteps, self.total))
            return True

        def _on_training_end(self) -> None:  # an --episodes run ends before its step estimate
            self.bar.update(self.task, total=self.num_timesteps, completed=self.num_timesteps)
            self.bar.stop()

    return SearchMonitor, StateCheckpoint, RichProgress


def latest_checkpoint(out: str | Path) -> tuple[int, Path] | None:
    """``(steps, model zip)`` of the newest checkpoint in ``out/checkpoints`` that has its state file."""
    folder = Path(out) / "checkpoints"
    found = []
    for path in folder.glob("model_*_steps.zip"):
        m = re.fullmatch(r"model_(\d+)_steps\.zip", path.name)
        if m and (folder / f"state_{m.group(1)}_steps.json").exists():
            found.append((int(m.group(1)), path))
    return max(found) if found else None


def build_model(args: Args, venv: Any) -> Any:
    """A fresh MaskablePPO or MaskableDQN with this module's defaults."""
    policy_kwargs = {"net_arch": [128, 128]}
    if args.agent == "ppo":
        from sb3_contrib import MaskablePPO

        return MaskablePPO(
            "MlpPolicy",
            venv,
            learning_rate=args.learning_rate or 3e-4,
            n_steps=args.ppo_n_steps,
            batch_size=min(64, args.ppo_n_steps),
            n_epochs=10,
            gamma=0.99,
            ent_coef=0.01,
            policy_kwargs=policy_kwargs,
            seed=args.seed,
            device="cpu",
        )
    from c2q.agents.dqn import MaskableDQN

    return MaskableDQN(
        "MlpPolicy",
        venv,
        learning_rate=args.learning_rate or 1e-4,
        buffer_size=50_000,
        learning_starts=args.dqn_learning_starts,
        batch_size=64,
        train_freq=4,
        target_update_interval=500,
        exploration_fraction=0.3,
        exploration_final_eps=0.05,
        gamma=0.99,
        policy_kwargs=policy_kwargs,
        seed=args.seed,
        device="cpu",
    )


def _algorithm_class(agent: str) -> Any:
    if agent == "ppo":
        from sb3_contrib import MaskablePPO

        return MaskablePPO
    from c2q.agents.dqn import MaskableDQN

    return MaskableDQN


# --- the run ----------------------------------------------------------------------------------
def two_qubit_prior(env: Any) -> np.ndarray:
    """Initial action probabilities for an environment with gadgets: the actions that place a
    two-qubit gate (gates or gadgets) share the probability that the gate actions alone give them,
    the other actions share the rest, evenly within each group. Without gadgets: uniform.

    Gadget libraries change how often a uniform policy entangles: single-qubit pairs crowd out the
    CZ actions (at 5 qubits, 4 of 59 actions instead of 4 of 19), CZ blocks crowd them in.
    """
    two = env.two_qubit_actions
    gates = len(two) - len(env.gadget_actions)
    share = two[:gates].mean()
    if two.all() or not two.any():
        return np.full(len(two), 1.0 / len(two))
    return np.where(two, share / two.sum(), (1 - share) / (~two).sum())


def set_initial_policy(model: Any, probabilities: np.ndarray) -> None:
    """Make a fresh MaskablePPO start from these action probabilities (the action head's bias; its
    weights start near zero), before masking."""
    import torch

    with torch.no_grad():
        model.policy.action_net.bias.copy_(torch.as_tensor(np.log(probabilities), dtype=torch.float32))


def train(args: Args, hamiltonian: Any = None) -> dict[str, Any]:
    """Train, checkpoint, and write the report.

    :returns: the content of ``report.json``, and ``ansatz``: the best circuit itself
        (:class:`~c2q.agents.circuits.Ansatz`, ``None`` when none was evaluated), for callers that use
        it in memory rather than read ``best_ansatz.json`` back.

    :param hamiltonian: the target (an :class:`~c2q.agents.hamiltonians.Hamiltonian`); default: the one
        ``args`` names. Its ``metadata["problem_digest"]``, when a c2q problem built it, goes into
        the report, so that ``c2q solve --ansatz rl:<out>`` can check it solves the same problem.
    """
    import torch
    from c2q.agents.curriculum import CurriculumCallback, ThresholdSchedule
    from c2q.agents.report import SearchLog, write_report
    from c2q.agents.threads import limit_blas_threads
    from stable_baselines3.common.callbacks import CallbackList, StopTrainingOnMaxEpisodes
    from stable_baselines3.common.logger import configure
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.utils import set_random_seed
    from stable_baselines3.common.vec_env import DummyVecEnv

    if args.agent not in AGENTS:
        raise ValueError(f"agent '{args.agent}': choose ppo or dqn")
    if args.two_qubit_prior and args.agent != "ppo":
        raise ValueError("two_qubit_prior: sets MaskablePPO's initial policy; use agent ppo")
    if args.two_qubit_prior and not args.gadgets:
        raise ValueError("two_qubit_prior: keeps the two-qubit rate of a run with gadgets; add --gadgets")
    if args.steps is None and args.episodes is None:
        args.steps = 20_000
    notes = list(args.notes)
    torch.set_num_threads(1)
    limit_blas_threads(1)
    set_random_seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    env = make_env(args, hamiltonian)
    timer = StepTimer(env)
    venv = DummyVecEnv([lambda: Monitor(timer)])
    venv.seed(args.seed)
    venv.action_space.seed(args.seed)
    meta = {
        "hamiltonian": env.hamiltonian.name,
        "gate_set": args.gate_set,
        "agent": args.agent,
        "seed": args.seed,
        "noise": None if env.noise is None else env.noise.as_dict(),
    }
    digest = env.hamiltonian.metadata.get("problem_digest")
    if digest:  # `c2q solve --ansatz rl:<out>` checks that it solves the same problem
        meta["problem_digest"] = digest
    if args.gadgets:
        meta["gadgets"] = args.gadgets
    log = SearchLog(env.n_qubits, args.threshold, args.max_cnots, meta)
    schedule = None
    if args.curriculum and args.curriculum_start > args.threshold:
        schedule = ThresholdSchedule(
            args.threshold, args.curriculum_start, k_successes=args.curriculum_k, patience=args.curriculum_patience
        )
    offsets = {"wall_s": 0.0, "env_s": 0.0, "evaluations": 0}

    def state(steps: int) -> dict[str, Any]:
        return {
            "steps": steps,
            "log": log.state(),
            "curriculum": None if schedule is None else schedule.state(),
            "wall_s": offsets["wall_s"] + time.perf_counter() - start,
            "env_s": offsets["env_s"] + timer.seconds,
            "evaluations": offsets["evaluations"] + env.evaluations,
        }

    model, done_steps = None, 0
    if args.resume:
        found = latest_checkpoint(out)
        if found is None:
            notes.append(f"--resume: no checkpoint in {out / 'checkpoints'}; started afresh")
        else:
            done_steps, path = found
            model = _algorithm_class(args.agent).load(path, env=venv, device="cpu")
            saved = json.loads((path.parent / f"state_{done_steps}_steps.json").read_text())
            log.load_state(saved["log"])
            if schedule is not None and saved["curriculum"] is not None:
                schedule.load_state(saved["curriculum"])
                env.set_threshold(schedule.threshold)
            offsets.update(wall_s=saved["wall_s"], env_s=saved["env_s"], evaluations=saved["evaluations"])
            buffer = path.parent / f"model_replay_buffer_{done_steps}_steps.pkl"
            if args.agent == "dqn" and buffer.exists():
                model.load_replay_buffer(buffer)
            notes.append(f"resumed from {path.name} ({done_steps} steps)")
    if model is None:
        stale = sorted((out / "checkpoints").glob("*_steps.*")) if (out / "checkpoints").is_dir() else []
        for path in stale:  # a fresh run must not leave another run's checkpoints for --resume
            path.unlink()
        if stale:
            notes.append(f"removed {len(stale)} checkpoint files of an earlier run in {out / 'checkpoints'}")
        model = build_model(args, venv)
        if args.two_qubit_prior and env.gadget_actions:
            set_initial_policy(model, two_qubit_prior(env))
            notes.append("initial policy: two-qubit gates placed as often as without gadgets")
    done_episodes = len(log.episodes)

    formats = ["csv"]
    if importlib.util.find_spec("tensorboard") is not None:
        formats.append("tensorboard")
    else:
        notes.append("tensorboard is not installed: no TensorBoard logs (CSV log in logs/)")
    model.set_logger(configure(str(out / "logs" / f"from_{done_steps}"), formats))

    SearchMonitor, StateCheckpoint, RichProgress = _callbacks()
    start = time.perf_counter()
    checkpoint = StateCheckpoint(
        max(1, args.checkpoint_every), str(out / "checkpoints"), state, save_replay_buffer=args.agent == "dqn"
    )
    callbacks: list[Any] = [SearchMonitor(log, lambda: offsets["evaluations"] + env.evaluations), checkpoint]
    if schedule is not None:
        callbacks.append(CurriculumCallback(schedule, verbose=args.verbose))
    if args.episodes is not None:
        remaining = max(0, args.episodes - done_episodes)
        total = remaining * args.max_gates
        if remaining:
            callbacks.append(StopTrainingOnMaxEpisodes(remaining))
    else:
        assert args.steps is not None  # set above when neither steps nor episodes is given
        total = max(0, args.steps - done_steps)
    progress_bar = False
    if args.progress and total:
        if importlib.util.find_spec("tqdm") is not None and importlib.util.find_spec("rich") is not None:
            progress_bar = True
        elif importlib.util.find_spec("rich") is not None:
            callbacks.append(RichProgress(done_steps + total))
        else:
            notes.append("no progress bar: neither tqdm nor rich is installed")
    if total:
        model.learn(total, callback=CallbackList(callbacks), reset_num_timesteps=False, progress_bar=progress_bar)
    elapsed = time.perf_counter() - start
    steps = int(model.num_timesteps)
    if steps != done_steps or not latest_checkpoint(out):  # final checkpoint: --resume continues from here
        (out / "checkpoints").mkdir(exist_ok=True)
        checkpoint.num_timesteps = steps
        model.save(out / "checkpoints" / f"model_{steps}_steps.zip")
        if args.agent == "dqn":
            model.save_replay_buffer(out / "checkpoints" / f"model_replay_buffer_{steps}_steps.pkl")
        checkpoint.save_state()

    final = state(steps)
    run_steps = steps - done_steps
    info = {
        "hamiltonian": env.hamiltonian.name,
        "n_qubits": env.n_qubits,
        "agent": args.agent,
        "algorithm": type(model).__name__,
        "seed": args.seed,
        "steps": steps,
        "episodes": len(log.episodes),
        "ground_energy": env.ground_energy,
        "evaluations": final["evaluations"],
        "evaluations_per_step": final["evaluations"] / steps if steps else None,
        "wall_time_s": final["wall_s"],
        "time_per_step_ms": 1e3 * elapsed / run_steps if run_steps else None,
        "env_time_per_step_ms": 1e3 * timer.seconds / run_steps if run_steps else None,
        "gate_set": args.gate_set,
        "max_gates": args.max_gates,
        "noise": meta["noise"],
        "curriculum": None if schedule is None else schedule.state(),
        "checkpoint": str(out / "checkpoints" / f"model_{steps}_steps.zip"),
        "args": {k: v for k, v in dataclasses.asdict(args).items() if k != "notes"},
        "notes": notes,
    }
    return {**write_report(out, log, info), "ansatz": log.best}


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A few lines on the outcome of a run."""
    err = report["error"]
    verdict = "success" if report["success"] else "not reached"
    lines = [
        f"{report['hamiltonian']} {report['n_qubits']}q, {report['agent']}, seed {report['seed']}: "
        f"best error {err:.3e} ({verdict} at < {report['target_threshold']:g}), "
        f"{report['n_gates']} gates, {report['n_cnots']} CNOTs, {report['n_parameters']} parameters"
        if err is not None
        else "no circuit evaluated"
    ]
    if report["time_per_step_ms"] is not None:
        lines.append(
            f"{report['steps']} steps, {report['episodes']} episodes, {report['wall_time_s']:.1f} s "
            f"({report['time_per_step_ms']:.2f} ms/step, env {report['env_time_per_step_ms']:.2f} ms/step), "
            f"{report['evaluations']} simulator evaluations"
        )
    lines.extend(f"note: {note}" for note in report["notes"])
    lines.append(f"report: {Path(report['args']['out']) / 'report.json'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m c2q.agents.train``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m c2q.agents.train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ns = build_parser(parser).parse_args(argv)
    args = args_from_namespace(ns)
    if ns.seeds is not None:  # a seed sweep: c2q.agents.sweep
        from c2q.agents.sweep import markdown, parse_seeds, sweep

        summary = sweep(args, parse_seeds(ns.seeds), train=train, workers=ns.workers, address=ns.address)
        print(markdown(summary))
        return 1 if summary["over_seeds"]["failed"] else 0
    print("\n".join(summary_lines(train(args))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
