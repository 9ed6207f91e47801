"""The options of a solve, declared once: :class:`SolveOptions`, their defaults and their checks.

:func:`c2q.solve`, :func:`c2q.encode`, :func:`c2q.recommend`, :func:`c2q.solve_many` and the ``c2q``
command all take these; a result keeps the options it was solved with
(:attr:`c2q.result.Artifacts.options`).

>>> from c2q.options import SolveOptions
>>> options = SolveOptions(seed=7, shots=1024)
>>> options.replace(algorithm="qaoa").algorithm
'qaoa'
>>> SolveOptions(shots=0)
Traceback (most recent call last):
...
c2q.errors.OptionError: --shots: 0 is outside 1..1000000 (fix: e.g. --shots 2048)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from c2q.errors import OptionError

#: seeds the simulators take (Aer's and NumPy's): 0 to 2**32 - 1
MAX_SEED = 2**32 - 1
#: shots of one sampling run (Aer samples a million in about a second; devices take far fewer)
MAX_SHOTS = 10**6
#: ``--postprocess`` choices (:mod:`c2q.postprocess`)
POSTPROCESSING = ("none", "local-search")


def check_seed(seed: int | None) -> None:
    """:raises OptionError: a seed outside ``0..MAX_SEED``."""
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise OptionError(f"--seed: {seed} is outside 0..{MAX_SEED} (fix: e.g. --seed 7)")


def check_shots(shots: int) -> None:
    """:raises OptionError: shots outside ``1..MAX_SHOTS``."""
    if not 1 <= shots <= MAX_SHOTS:
        raise OptionError(f"--shots: {shots} is outside 1..{MAX_SHOTS} (fix: e.g. --shots 2048)")


def check_postprocess(name: str) -> None:
    """:raises OptionError: for a name outside :data:`POSTPROCESSING`."""
    if name not in POSTPROCESSING:
        raise OptionError(f"--postprocess: unknown stage '{name}' (choose one of {', '.join(POSTPROCESSING)})")


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: every option of :func:`c2q.solve`, with its default, checked when it is made.

    The algorithm's own ranges (``reps``, ``maxiter``, ``cvar_alpha``, the optimiser's name) are
    checked by the algorithm that takes them (:mod:`c2q.algorithms`); an encoding name by the family.

    :raises OptionError: a seed, shot count, transpiler level, time limit, post-processing stage or
        ``ansatz`` that no solve can take.
    """

    algorithm: str = "auto"
    """``auto``, ``qaoa``, ``vqe``, ``rqaoa``, ``arithmetic`` or ``grover`` (``auto`` picks by encoding and size)"""
    backend: str = "aer"
    """``aer`` (statevector when it fits, else matrix product state; MPS for arithmetic),
    ``aer:statevector``, ``aer:mps`` (and Aer's other methods), a qiskit-ibm-runtime fake device
    (``fake_manila``, ``FakeManilaV2``, any case): noisy Aer with the device's noise model, coupling
    map and basis gates, circuit metrics those of the compiled circuit; ``ibm:<device>``
    (``ibm:ibm_brisbane``): IBM Quantum hardware through qiskit-ibm-runtime, every job announced on
    stderr and recorded for ``c2q jobs`` (:mod:`c2q.backends.ibm`); or ``auto``: the recommender's top
    target that this machine can run, named in the result"""
    shots: int = 2048
    """shots of the final sampling run (Grover measures once per trial: ``backend.shots`` says how many)"""
    seed: int | None = None
    """makes the run repeatable (simulator, transpiler, initial point)"""
    reps: int | None = None
    """ansatz layers (default 2)"""
    optimizer: str = "auto"
    """``auto`` (VQE on an ideal simulator: staged CVaR with exact gradients up to 18 qubits, with sampled
    gradients of the ansatz's exact MPS past that, :mod:`c2q.algorithms.vqe`; otherwise COBYLA), or a
    scipy optimiser: cobyla, powell, nelder-mead, l-bfgs-b"""
    maxiter: int | None = None
    """objective evaluations per optimisation stage"""
    cvar_alpha: float | None = None
    """CVaR fraction in ``(0, 1]``; 1 optimises the exact energy"""
    encoding: str = "auto"
    """family encoding (``auto``: the family's default for the backend; or e.g. ``onehot`` for TSP,
    ``binary`` for factoring by VQE)"""
    circuit: str = "ripple"
    """arithmetic circuit family, ``ripple`` or ``qft``"""
    solutions: int | None = None
    """Grover search (sat, factor): number of marked assignments, when known (it then runs the optimal
    iteration count instead of the BBHT schedule)"""
    optimization_level: int | None = None
    """preset pass-manager level, 0-3 (default: 1 for Aer, 3 for devices)"""
    ansatz: str | None = None
    """``rl:<run>``: VQE with the circuit ``c2q train --problem`` found (its ``best_ansatz.json``) as
    ansatz, its angles as the initial point (:mod:`c2q.ansatz`); ``search``: run that search first,
    briefly, on this problem, and use its circuit"""
    search_steps: int | None = None
    """environment steps of ``ansatz="search"`` (default 2000)"""
    search_out: str | None = None
    """keep the search's run folder there (default: a temporary folder)"""
    time_limit: float | None = None
    """seconds the exact classical reference may search (default 30); past it the result holds the best
    answer found, the proven bound and the gap instead of an optimum"""
    postprocess: str = "none"
    """``local-search``: a named classical stage after the quantum run (:mod:`c2q.postprocess`); the raw
    quantum answer stays in the result"""

    def __post_init__(self) -> None:
        check_seed(self.seed)
        check_shots(self.shots)
        check_postprocess(self.postprocess)
        if self.optimization_level not in (None, 0, 1, 2, 3):
            raise OptionError(f"--opt-level: {self.optimization_level} is not 0, 1, 2 or 3")
        if self.time_limit is not None and not self.time_limit > 0:
            raise OptionError(f"--classical-time-limit: {self.time_limit} must be positive (fix: e.g. 30)")
        if self.ansatz is not None and self.ansatz != "search" and not self.ansatz.startswith("rl:"):
            raise OptionError(
                f"--ansatz {self.ansatz}: use rl:<c2q train output folder>, rl:<ansatz .json file>, or search"
            )
        if (self.search_steps is not None or self.search_out) and self.ansatz != "search":
            raise OptionError("--search-steps, --search-out: only with --ansatz search")
        if self.search_steps is not None and self.search_steps < 1:
            raise OptionError(f"--search-steps {self.search_steps}: at least 1")

    def replace(self, **changes: Any) -> SolveOptions:
        """These options with ``changes`` (checked again).

        :raises TypeError: a name that is not an option.
        """
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise TypeError(f"unknown solve option(s) {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Every option by name (JSON-ready)."""
        return dataclasses.asdict(self)

    @classmethod
    def of(cls, options: SolveOptions | None = None, **changes: Any) -> SolveOptions:
        """``options`` (default: the defaults) with keyword ``changes``: how the API takes both forms."""
        return (options or cls()).replace(**changes)
