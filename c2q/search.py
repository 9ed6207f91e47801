"""Architecture search from c2q: ``c2q train``, ``c2q grl`` and ``c2q extract-gadgets`` as Python calls.

The search itself lives in :mod:`c2q.agents` and knows no c2q problem; this module is its door on the
c2q side: a ``problem`` (a spec path, a Python program, JSON text or a dict) becomes its Ising
Hamiltonian (:func:`c2q.ansatz.problem_hamiltonian`) before the search sees it, and option mistakes
become :class:`~c2q.errors.OptionError` (one line, exit 2 in the CLI).

>>> from c2q import TrainOptions, train
>>> summary = train(TrainOptions(hamiltonian="tfim", qubits=2, steps=200, out="runs/tfim2", progress=False))
>>> summary.data["success"]  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from c2q.agents.options import Args as TrainOptions
from c2q.errors import OptionError
from c2q.extras import require

__all__ = ["SearchSummary", "TrainOptions", "extract_gadgets", "grl", "train", "train_seeds"]


@dataclass(frozen=True)
class SearchSummary:
    """What a search returns: its summary (as written to the run folder) and the text a person reads."""

    data: dict[str, Any]
    """the run's report (``report.json``), the sweep's (``sweep.json``) or the rounds' (``grl.json``)"""
    text: str
    """a few lines (one run) or a markdown table (seeds, rounds)"""
    failed: bool = False
    """some seed of a sweep failed"""


@contextmanager
def _option_errors() -> Iterator[None]:
    """The search's bad option values (names, sizes, missing files) as one-line option errors."""
    try:
        yield
    except (ValueError, FileNotFoundError) as exc:
        raise OptionError(str(exc)) from exc


def _hamiltonian(problem: Any, options: TrainOptions) -> Any:
    """The Ising Hamiltonian of ``problem`` (default: ``options.problem``); ``None``: the search's own
    named target (``options.hamiltonian``)."""
    problem = problem if problem is not None else options.problem
    if problem is None:
        return None
    from c2q.ansatz import problem_hamiltonian
    from c2q.api import validate

    with _option_errors():
        return problem_hamiltonian(validate(problem))


def train(options: TrainOptions, problem: Any = None) -> SearchSummary:
    """One architecture-search run (``c2q train``); its folder ``options.out`` keeps the report and best circuit.

    :param options: the run's options (:class:`TrainOptions`).
    :param problem: a c2q problem whose Ising ground state is searched for (default: ``options.problem``, else
        the named Hamiltonian ``options.hamiltonian``).
    :raises OptionError: bad option values.
    """
    require("rl", "c2q train")
    from c2q.agents.train import summary_lines
    from c2q.agents.train import train as run

    hamiltonian = _hamiltonian(problem, options)
    with _option_errors():
        report = run(options, hamiltonian)
    return SearchSummary(report, "\n".join(summary_lines(report)))


def train_seeds(
    options: TrainOptions,
    seeds: str | Sequence[int],
    *,
    problem: Any = None,
    workers: int | None = None,
    address: str | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> SearchSummary:
    """One run per seed in parallel (``c2q train --seeds``); ``failed`` when a seed failed.

    :param seeds: ``"0-7"``, ``"0,2,5"`` or a list.
    :param workers: parallel runs (default: the CPUs here, or the Ray cluster's at ``address``).
    :param progress: called with each seed's row as it ends.
    """
    require("rl", "c2q train --seeds")
    from c2q.agents.sweep import markdown, parse_seeds, sweep
    from c2q.agents.train import train as run

    hamiltonian = _hamiltonian(problem, options)
    with _option_errors():
        chosen = parse_seeds(seeds) if isinstance(seeds, str) else list(seeds)
        summary = sweep(
            options,
            chosen,
            train=functools.partial(run, hamiltonian=hamiltonian),
            workers=workers,
            address=address,
            progress=progress,
        )
    text = f"{markdown(summary)}\nsweep: {Path(options.out) / 'sweep.json'}"
    return SearchSummary(summary, text, failed=bool(summary["over_seeds"]["failed"]))


def grl(
    options: TrainOptions,
    rounds: int = 2,
    *,
    top_k: int = 50,
    max_gadgets: int = 5,
    two_qubit_prior: bool = True,
    problem: Any = None,
) -> SearchSummary:
    """Training rounds with gadgets mined between them (``c2q grl``, :func:`c2q.agents.grl.grl`)."""
    require("rl", "c2q grl")
    from c2q.agents.grl import grl as run
    from c2q.agents.grl import markdown

    if options.steps is not None and options.steps < 1:
        raise OptionError(f"--steps {options.steps}: at least 1")
    hamiltonian = _hamiltonian(problem, options)
    with _option_errors():
        summary = run(
            options,
            rounds,
            top_k=top_k,
            max_gadgets=max_gadgets,
            two_qubit_prior=two_qubit_prior,
            hamiltonian=hamiltonian,
        )
    return SearchSummary(summary, f"{markdown(summary)}\nsummary: {Path(options.out) / 'grl.json'}")


def extract_gadgets(runs: Sequence[str | Path], *, out: str | Path | None = None, **mining: Any) -> Any:
    """Mine a gadget library from run folders (``c2q extract-gadgets``, :func:`c2q.agents.gadgets.extract`).

    :param mining: ``top_k``, ``max_gadgets``, ``max_length``, ``max_span``, ``blocks``.
    :returns: the :class:`~c2q.agents.gadgets.GadgetLibrary` (also written to ``out``).
    """
    from c2q.agents.gadgets import extract

    with _option_errors():
        return extract(runs, out=out, **mining)
