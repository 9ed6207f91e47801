"""Options of an architecture-search run, declared once: :class:`Args` and its command line.

``python -m c2q.agents.train`` and ``c2q train`` take these options from :func:`build_parser`;
``c2q grl`` shares the target and circuit ones. This module imports nothing heavy, so that
building the ``c2q`` command line costs no torch or gymnasium start-up.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass

from c2q.options import MAX_SEED  # the generators' seed range (NumPy's, torch's, gymnasium's)

AGENTS = ("ppo", "dqn")


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return value


def count(text: str) -> int:
    """An argparse type: an integer of at least 0."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def seed(text: str) -> int:
    """An argparse type: a seed in ``0..MAX_SEED``."""
    value = int(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..{MAX_SEED}")
    return value


@dataclass
class Args:
    """Arguments of a training run (``c2q train`` and ``python -m c2q.agents.train`` take the same)."""

    hamiltonian: str = "tfim"
    """target: tfim, heisenberg (with --qubits), h2, lih, beh2, h2o; ignored with --problem"""
    qubits: int | None = None
    """register width of spin models (default 4); a molecule's active space (lih 6 or 12, h2o 8 or 10)"""
    coupling: float | None = None
    """J of the spin models (default 1)"""
    field: float | None = None
    """h of the spin models: transverse for tfim (default 1), longitudinal for heisenberg (default 0)"""
    problem: str | None = None
    """a c2q problem spec (JSON file): search for the ground state of its Ising Hamiltonian"""
    agent: str = "ppo"
    """ppo (MaskablePPO) or dqn (masked Double DQN)"""
    steps: int | None = None
    """environment steps in total (default 20000 unless --episodes)"""
    episodes: int | None = None
    """episodes in total (instead of --steps)"""
    seed: int = 0
    """seed of everything"""
    out: str = "runs/qas"
    """output folder"""
    resume: bool = False
    """continue from the last checkpoint in --out"""
    noise: str | None = None
    """fake_<device> (its median gate errors) or p1,p2 (depolarising probabilities); default noiseless"""
    gate_set: str = "rxyz_cnot"
    """rxyz_cnot or heron"""
    max_gates: int = 20
    """gates per circuit (episode length)"""
    start: str = "zero"
    """where every circuit starts: zero (|0...0>) or hartree_fock (a molecule's Hartree-Fock state)"""
    max_cnots: int | None = None
    """mask two-qubit gates beyond this many per circuit; success also requires it"""
    threshold: float = 1.6e-3
    """target threshold on E - E0 (success)"""
    curriculum: bool = True
    """moving threshold (c2q.agents.curriculum) from --curriculum-start down to --threshold"""
    curriculum_start: float = 1e-1
    """initial curriculum threshold"""
    curriculum_k: int = 5
    """successes in a row that tighten the curriculum threshold"""
    curriculum_patience: int = 200
    """episodes without success that loosen it"""
    checkpoint_every: int = 5000
    """environment steps between checkpoints"""
    learning_rate: float | None = None
    """default 3e-4 (ppo), 1e-4 (dqn)"""
    ppo_n_steps: int = 256
    """MaskablePPO rollout length"""
    dqn_learning_starts: int = 500
    """random masked steps before DQN updates"""
    maxiter: int = 200
    """L-BFGS-B iterations per re-optimisation"""
    gadgets: str | None = None
    """gadget library (JSON from ``c2q extract-gadgets``): each gadget placement becomes an action"""
    two_qubit_prior: bool = False
    """with gadgets (PPO): start the policy placing two-qubit gates as often as without them
    (:func:`two_qubit_prior`)"""
    progress: bool = True
    """show a progress bar"""
    verbose: int = 0
    """1: print curriculum changes and checkpoints"""
    notes: list[str] = dataclasses.field(default_factory=list)
    """(internal) notes collected while setting up"""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """``c2q train``'s options on ``parser`` (:func:`build_parser`)."""
        return build_parser(parser)

    @staticmethod
    def add_grl_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """``c2q grl``'s options on ``parser`` (:func:`build_grl_parser`)."""
        return build_grl_parser(parser)

    @classmethod
    def from_namespace(cls, ns: argparse.Namespace) -> Args:
        """The options of parsed arguments (:func:`args_from_namespace`)."""
        return args_from_namespace(ns)


def add_target_options(p: argparse.ArgumentParser) -> None:
    """What the search is for: a named Hamiltonian or a c2q problem (``c2q train`` and ``c2q grl``)."""
    d = Args()
    p.add_argument("--hamiltonian", default=d.hamiltonian, help="tfim, heisenberg, h2, lih, beh2, h2o (default tfim)")
    p.add_argument(
        "--qubits",
        type=positive_int,
        default=None,
        help="register width of spin models (default 4); picks a molecule's active space (lih: 6 or 12, h2o: 8 or 10)",
    )
    p.add_argument("--coupling", type=float, default=None, help="J of tfim/heisenberg (default 1)")
    p.add_argument("--field", type=float, default=None, help="h of tfim (default 1) or heisenberg (default 0)")
    p.add_argument("--problem", default=None, help="c2q problem spec (JSON): search for its Ising ground state")


def add_circuit_options(p: argparse.ArgumentParser) -> None:
    """The circuits searched and the success threshold (``c2q train`` and ``c2q grl``)."""
    d = Args()
    p.add_argument("--gate-set", default=d.gate_set, choices=["rxyz_cnot", "heron"])
    p.add_argument("--max-gates", type=positive_int, default=d.max_gates, help="gates per circuit (episode length)")
    p.add_argument("--max-cnots", type=count, default=None, help="two-qubit gate limit per circuit")
    p.add_argument(
        "--start",
        default=d.start,
        choices=["zero", "hartree_fock"],
        help="every circuit starts from |0...0> (zero) or from a molecule's Hartree-Fock state (X gates, not actions)",
    )
    p.add_argument("--threshold", type=float, default=d.threshold, help="target error E - E0 (default 1.6e-3)")


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The options of :class:`Args`, on ``parser`` (``c2q train``'s, ``python -m c2q.agents.train``'s)
    or on a new one."""
    p = parser or argparse.ArgumentParser(prog="python -m c2q.agents.train")
    d = Args()
    add_target_options(p)
    p.add_argument("--agent", default=d.agent, choices=AGENTS, help="MaskablePPO or masked Double DQN")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=positive_int, default=None, help="environment steps (default 20000)")
    budget.add_argument("--episodes", type=positive_int, default=None, help="episodes (instead of --steps)")
    seeding = p.add_mutually_exclusive_group()
    seeding.add_argument("--seed", type=seed, default=d.seed)
    seeding.add_argument(
        "--seeds", default=None, help="a seed sweep (c2q.agents.sweep), one run per seed: 0-7 or 0,2,5"
    )
    p.add_argument("--workers", type=count, default=None, help="parallel runs of a --seeds sweep (default: CPUs)")
    p.add_argument("--address", default=None, help="Ray cluster of a --seeds sweep (default RAY_ADDRESS)")
    p.add_argument("--out", default=d.out, help="output folder (report, best circuit, checkpoints)")
    p.add_argument("--resume", action="store_true", help="continue from the last checkpoint in --out")
    p.add_argument("--noise", default=None, help="fake_<device> or p1,p2 (default noiseless)")
    add_circuit_options(p)
    p.add_argument("--no-curriculum", dest="curriculum", action="store_false", help="fixed threshold")
    p.add_argument("--curriculum-start", type=float, default=d.curriculum_start)
    p.add_argument("--curriculum-k", type=positive_int, default=d.curriculum_k)
    p.add_argument("--curriculum-patience", type=positive_int, default=d.curriculum_patience)
    p.add_argument(
        "--checkpoint-every", type=positive_int, default=d.checkpoint_every, help="steps between checkpoints"
    )
    p.add_argument("--learning-rate", type=float, default=None)
    p.add_argument("--ppo-n-steps", type=positive_int, default=d.ppo_n_steps, help="MaskablePPO rollout length")
    p.add_argument("--dqn-learning-starts", type=count, default=d.dqn_learning_starts)
    p.add_argument("--maxiter", type=positive_int, default=d.maxiter, help="L-BFGS-B iterations per re-optimisation")
    p.add_argument("--gadgets", default=None, help="gadget library (c2q extract-gadgets): extra actions")
    p.add_argument(
        "--two-qubit-prior",
        action="store_true",
        help="with --gadgets (ppo): the initial policy places two-qubit gates as often as without gadgets",
    )
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.add_argument("--verbose", type=int, default=d.verbose)
    return p


def build_grl_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``c2q grl``'s options: the target and circuit ones of :class:`Args`, and the rounds'."""
    add_target_options(parser)
    parser.add_argument("--rounds", type=int, default=2, help="rounds in total, round 0 without gadgets (default 2)")
    parser.add_argument("--steps", type=positive_int, default=20000, help="environment steps per round (default 20000)")
    parser.add_argument("--seed", type=seed, default=0)
    parser.add_argument("--out", default="runs/grl", help="output folder: round<k>/, grl.json, grl.md")
    add_circuit_options(parser)
    parser.add_argument("--top-k", type=int, default=50, help="best circuits mined per library (default 50)")
    parser.add_argument("--max-gadgets", type=int, default=5, help="gadgets per library at most (default 5)")
    parser.add_argument(
        "--no-two-qubit-prior",
        dest="two_qubit_prior",
        action="store_false",
        help="rounds with gadgets start from PPO's plain initial policy, not one placing two-qubit gates"
        " as often as without gadgets",
    )
    parser.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    return parser


def args_from_namespace(ns: argparse.Namespace) -> Args:
    """:class:`Args` from parsed options (extra attributes such as the CLI's ``command`` ignored)."""
    names = {f.name for f in dataclasses.fields(Args)}
    return Args(**{k: v for k, v in vars(ns).items() if k in names})
