"""Gadget RL: rounds of training, each with the gadgets mined from the rounds before it.

    c2q grl --hamiltonian tfim --qubits 4 --rounds 3 --steps 20000 --seed 0 --out runs/grl

Round 0 is a plain :func:`c2q.agents.train.train` run in ``<out>/round0/``. Round ``k >= 1`` first mines
a gadget library from all earlier rounds' runs (:func:`c2q.agents.gadgets.extract`, written to
``<out>/round<k>/gadgets.json``), then trains with it (``--gadgets``) in ``<out>/round<k>/``. A
round with gadgets starts PPO's policy placing two-qubit gates as often as without them
(:func:`c2q.agents.train.two_qubit_prior`; ``--no-two-qubit-prior`` turns it off): measured on TFIM
(``benchmarks/gadgets.py``), libraries of single-qubit pairs otherwise crowd out the CZ actions.
Every round has the same arguments and budget otherwise, so the rounds compare. Outputs in
``<out>``: ``grl.json`` (per round: library size, whether the prior was on, best error, gates,
CNOTs, steps to first success, wall time) and ``grl.md`` (the same as a table).
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Any

#: per-round fields taken from each round's report
ROUND_KEYS = ("success", "error", "n_gates", "n_cnots", "first_success_step", "wall_time_s")


def grl(
    args: Any,
    rounds: int = 2,
    *,
    top_k: int = 50,
    max_gadgets: int = 5,
    two_qubit_prior: bool = True,
    hamiltonian: Any = None,
) -> dict[str, Any]:
    """Train ``rounds`` rounds, mining gadgets between them; write ``grl.json`` and ``grl.md``.

    :param args: the :class:`c2q.agents.train.Args` shared by every round (its ``out`` holds the rounds;
        its ``gadgets``, if any, is round 0's library).
    :param rounds: rounds in total (1 or more).
    :param top_k: best circuits mined per library (:func:`c2q.agents.gadgets.extract`).
    :param max_gadgets: gadgets per library at most.
    :param two_qubit_prior: rounds with gadgets start with :func:`c2q.agents.train.two_qubit_prior`
        (PPO only: DQN rounds train without it).
    :param hamiltonian: the target, as for :func:`c2q.agents.train.train` (default: the one ``args`` names).
    :returns: the summary written to ``grl.json``.
    """
    from c2q.agents.gadgets import extract
    from c2q.agents.train import train

    if rounds < 1:
        raise ValueError(f"--rounds {rounds}: at least 1")
    if top_k < 1 or max_gadgets < 1:
        raise ValueError("--top-k and --max-gadgets must be at least 1")
    out = Path(args.out)
    rows: list[dict[str, Any]] = []
    for k in range(rounds):
        folder = out / f"round{k}"
        library, size = args.gadgets, None
        if k > 0:  # mine every earlier round's circuits
            library = str(folder / "gadgets.json")
            earlier = [out / f"round{j}" for j in range(k)]
            size = len(extract(earlier, top_k=top_k, max_gadgets=max_gadgets, out=library).gadgets)
        start = time.perf_counter()
        prior = two_qubit_prior and library is not None and args.agent == "ppo"
        report = train(
            dataclasses.replace(args, out=str(folder), gadgets=library, two_qubit_prior=prior, notes=list(args.notes)),
            hamiltonian,
        )
        rows.append(
            {
                "round": k,
                "out": str(folder),
                "gadgets": library,
                "library_size": size,
                "two_qubit_prior": prior,
                **{key: report.get(key) for key in ROUND_KEYS},
                "round_wall_s": round(time.perf_counter() - start, 3),
            }
        )
    summary = {
        "hamiltonian": args.problem or args.hamiltonian,
        "agent": args.agent,
        "seed": args.seed,
        "steps_per_round": args.steps,
        "target_threshold": args.threshold,
        "top_k": top_k,
        "max_gadgets": max_gadgets,
        "rounds": rows,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "grl.json").write_text(json.dumps(summary, indent=2) + "\n")
    (out / "grl.md").write_text(markdown(summary))
    return summary


def _cell(value: Any, fmt: str = "") -> str:
    return "-" if value is None else format(value, fmt)


def markdown(summary: dict[str, Any]) -> str:
    """``grl.md``: one line per round."""
    lines = [
        f"# Gadget RL: {summary['hamiltonian']}, {summary['agent']}, seed {summary['seed']}, "
        f"target error < {summary['target_threshold']:g}",
        "",
        "| round | gadgets | two-qubit prior | success | best error | gates | CNOTs | first success step | wall s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary["rounds"]:
        lines.append(
            f"| {r['round']} | {_cell(r['library_size'])} | {'yes' if r['two_qubit_prior'] else 'no'} | "
            f"{'yes' if r['success'] else 'no'} | "
            f"{_cell(r['error'], '.3e')} | {_cell(r['n_gates'])} | {_cell(r['n_cnots'])} | "
            f"{_cell(r['first_success_step'])} | {_cell(r['wall_time_s'], '.1f')} |"
        )
    return "\n".join(lines) + "\n"


__all__ = ["grl", "markdown"]
