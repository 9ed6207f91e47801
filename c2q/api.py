"""The Python API: ``validate``, ``encode``, ``solve``, ``recommend``, ``schema``, and
``parse_code`` / ``parse_file`` / ``solve_code`` for plain Python programs.

Also public here, for programs that drive c2q as its command does: ``check_writable`` and
``report_format`` (output paths checked before any work), ``is_program_path`` (a path read as a
Python program), ``is_inline_json`` (JSON text in place of a path) and ``stderr_console`` (the
console that c2q's progress displays share).

>>> import c2q
>>> result = c2q.solve({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}, seed=7)
>>> result.answer["cut_value"]
2.0
"""

from __future__ import annotations

import functools
import time
import warnings as python_warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.algorithms.base import ALGORITHMS, RunResult
from c2q.algorithms.statevector import EXACT_TRAINING_MAX_QUBITS, exact_training_evaluations
from c2q.console import stderr_console as stderr_console
from c2q.encoding import ArithmeticEncoding, Encoding, OracleEncoding, Reference
from c2q.errors import BackendError, OptionError
from c2q.ising import is_quadratic
from c2q.options import SolveOptions
from c2q.outputs import check_writable as check_writable
from c2q.outputs import report_format as report_format
from c2q.problems.base import Problem
from c2q.problems.exact import CLASSICAL_TIME_LIMIT
from c2q.result import Artifacts, Result

if TYPE_CHECKING:
    from c2q.backends.protocol import Backend
    from c2q.backends.recommender import Recommendation
    from c2q.codeparse import ParsedProgram
    from c2q.decode import Decoded
from c2q.spec import Spec, build_problem, canonical_schema, load_spec
from c2q.spec import is_inline_json as is_inline_json
from c2q.spec import is_program_path as is_program_path

SpecLike = str | Path | dict[str, Any] | Spec
#: ``auto`` runs VQE on Ising encodings up to this width (where its statevector training was
#: measured right on every instance family, issue 22) and recursive QAOA past it, when the
#: operator is quadratic and the simulator ideal (benchmarks/results/scale)
AUTO_VQE_MAX_QUBITS = 24
#: the most Z-strings a QAOA cost layer takes (one multi-qubit rotation each, in every layer)
QAOA_MAX_TERMS = 4096
#: trainings a variational solve on an ideal simulator may take in all while its samples hold no
#: feasible answer (each from new starting points): fresh 12-bit factorings ended with none at one
#: seed in six (benchmarks/results/robust_large_6464), the other seeds of the same numbers found factors
VARIATIONAL_ATTEMPTS = 3


@dataclass
class Encoded:
    """A problem at every stage before execution, for notebooks that stop early.

    :param spec: the validated specification.
    :param problem: the family instance.
    :param encoding: an Ising :class:`~c2q.encoding.Encoding` (qubits, operator, offset,
        decoder), an :class:`~c2q.encoding.ArithmeticEncoding` or an
        :class:`~c2q.encoding.OracleEncoding` (a phase oracle for Grover search: a CNF
        formula, or factoring's product oracle).
    :param circuit: the parameterised ansatz, the arithmetic circuit, or the Grover circuit (one
        iteration, or the optimal count when the number of solutions is given), the algorithm would run.
    :param algorithm: the chosen algorithm's settings.
    """

    spec: Spec
    problem: Problem
    encoding: Encoding | ArithmeticEncoding | OracleEncoding
    circuit: Any
    algorithm: dict[str, Any]

    @property
    def quadratic_program(self) -> Any:
        """The QuadraticProgram, or ``None`` for encodings that are not QUBOs."""
        return getattr(self.encoding, "quadratic_program", None)

    @property
    def hamiltonian(self) -> Any:
        """The Ising operator, or ``None`` for arithmetic circuits."""
        return getattr(self.encoding, "hamiltonian", None)


def parse_code(source: str, filename: str = "<program>") -> ParsedProgram:
    """Read a Python program statically: its problem family, the instance it works on, and why.

    :raises ~c2q.errors.ProgramError: syntax error, unrecognised family, or missing data.
    """
    from c2q.codeparse import parse_program

    return parse_program(source, filename)


def parse_file(path: str | Path) -> ParsedProgram:
    """:func:`parse_code` on a Python program file (read with c2q's input limits).

    :raises ~c2q.errors.ProgramError: unreadable, too large, or not a program c2q can read.
    """
    from c2q.codeparse import parse_file as read_program

    return read_program(path)


def solve_code(source: str, filename: str = "<program>", **options: Any) -> Result:
    """Solve the problem a Python program solves classically, as if its JSON spec were given.

    >>> result = solve_code("def add(a, b):\n    return a + b\nprint(add(19, 23))", seed=1)
    >>> result.answer["result"]
    42

    :param options: as for :func:`solve`.
    """
    return solve(parse_code(source, filename).spec, **options)


def validate(spec: SpecLike) -> Spec:
    """Parse and validate a spec without running anything: a path (JSON, DIMACS ``.cnf``, CPLEX LP
    ``.lp``, or a Python program ``.py``, read by :mod:`c2q.codeparse`), JSON text or a dict."""
    if isinstance(spec, Spec):
        return spec
    if isinstance(spec, str | Path) and is_program_path(spec):
        from c2q.codeparse import parse_file

        return parse_file(spec).spec
    return load_spec(spec)


def schema() -> dict[str, Any]:
    """JSON Schema of c2q's canonical input format."""
    return canonical_schema()


def choose_algorithm(
    encoding: Encoding | ArithmeticEncoding | OracleEncoding,
    algorithm: str = "auto",
    reps: int | None = None,
    cvar_alpha: float | None = None,
    maxiter: int | None = None,
    circuit: str = "ripple",
    solutions: int | None = None,
    ideal: bool = True,
) -> dict[str, Any]:
    """Settings ``auto`` picks for an encoding, overridden by any explicit value.

    Ising encodings: ``auto`` is hardware-efficient VQE (2 layers, CVaR 0.5) up to
    :data:`AUTO_VQE_MAX_QUBITS` qubits. On every graph instance of the C2|Q> dataset it found the
    optimum and put about half the probability on it, ahead of QAOA at equal settings
    (benchmarks/results/c2q_dataset). Wider quadratic models run recursive QAOA
    (:mod:`c2q.algorithms.rqaoa`): on 50 to 200 spins it is closer to the optimum than VQE on its
    matrix product state, in a tenth of the time (benchmarks/results/scale). A constrained model's
    penalty encoding (``model`` and the families on it) follows the same rule: on fresh models of
    20 and 24 qubits kept apart from the benchmark's (generator seeds 7373 and 7474: graph
    partitioning, assignment, exact cover, set packing, production), VQE was optimal on 56 of 78
    solves and recursive QAOA on 27 (recursive QAOA led on set packing only, 6 of 12 against 4),
    VQE at a median 7.5 s a solve, 18 s at most. VQE's default evaluation budget (1000) shrinks
    from 16 qubits on, as :func:`~c2q.algorithms.statevector.exact_training_evaluations` says, so
    that its training time stays bounded (:data:`~c2q.algorithms.statevector.EXACT_TRAINING_WORK`). On an ``ideal``
    simulator (plain ``aer``) its depth-1 correlators are exact; elsewhere each round's circuit
    runs on the backend and they are sampled. QAOA (2 layers, CVaR 0.5, layerwise training) is there on
    request. Arithmetic encodings run a library circuit
    (``circuit``: ``ripple`` or ``qft``). Oracle encodings (CNF formulas, factoring's product
    oracle) run Grover search: the BBHT schedule, or the optimal iteration count when the number
    of ``solutions`` is given.
    """
    if algorithm not in ALGORITHMS:
        raise OptionError(f"--algorithm: unknown algorithm '{algorithm}' (choose one of {', '.join(ALGORITHMS)})")
    if isinstance(encoding, OracleEncoding):
        if algorithm not in ("auto", "grover"):
            raise OptionError(
                f"--algorithm {algorithm}: {encoding.searched} runs Grover search; use auto or grover{encoding.other}"
            )
        return {"name": "grover", "schedule": "bbht" if solutions is None else "known M", "solutions": solutions}
    if algorithm == "grover":
        raise OptionError("--algorithm grover: only for oracle encodings (sat, factor); use auto, qaoa or vqe")
    if solutions is not None:
        raise OptionError("--solutions: only for Grover search (sat, factor's oracle encoding); leave it out")
    if isinstance(encoding, ArithmeticEncoding):
        if algorithm not in ("auto", "arithmetic"):
            raise OptionError(f"--algorithm {algorithm}: {encoding.operation} runs an arithmetic circuit; use auto")
        return {"name": "arithmetic", "circuit": circuit}
    if algorithm == "arithmetic":
        raise OptionError("--algorithm arithmetic: only for add, sub and mul; use auto, qaoa or vqe")
    if algorithm == "auto":
        from c2q.algorithms.rqaoa import MAX_COUPLINGS

        wide = encoding.num_qubits > AUTO_VQE_MAX_QUBITS
        sparse = encoding.hamiltonian.size <= MAX_COUPLINGS + encoding.num_qubits
        algorithm = "rqaoa" if wide and sparse and is_quadratic(encoding.hamiltonian) else "vqe"
    if algorithm == "rqaoa":
        return _rqaoa_settings(encoding, ideal)
    if algorithm == "qaoa" and encoding.hamiltonian.size > QAOA_MAX_TERMS:
        raise OptionError(
            f"--algorithm qaoa: the {encoding.name} encoding's operator has {encoding.hamiltonian.size} Z-strings, "
            f"one rotation each in every QAOA layer (at most {QAOA_MAX_TERMS}); use vqe, or a sparser --encoding"
        )
    default_reps, default_alpha, default_maxiter = {"qaoa": (2, 0.5, 100), "vqe": (2, 0.5, 1000)}[algorithm]
    if algorithm == "vqe" and encoding.num_qubits <= EXACT_TRAINING_MAX_QUBITS:  # bounded where it trains exactly
        default_maxiter = min(default_maxiter, exact_training_evaluations(encoding.num_qubits))
    return {
        "name": algorithm,
        "reps": reps if reps is not None else default_reps,
        "cvar_alpha": cvar_alpha if cvar_alpha is not None else default_alpha,
        "maxiter": maxiter if maxiter is not None else default_maxiter,
    }


def _rqaoa_settings(encoding: Encoding, ideal: bool) -> dict[str, Any]:
    """``--algorithm rqaoa``: its settings, or why it cannot run this encoding.

    On plain ``aer`` the correlators are exact (the closed form, an ideal simulator's infinite-shot
    limit); on a backend that runs circuits (a device, a fake device, a named Aer method) each
    round's circuit runs there and the correlators are sampled. An encoding that states one-hot
    groups (TSP's) has them kept satisfiable by every elimination, and its remainder counted in
    feasible configurations (:mod:`c2q.algorithms.onehot`).
    """
    from c2q.algorithms.rqaoa import CUTOFF, RUNS, SAMPLED_RUNS, check_encoding

    check_encoding(encoding)
    return {
        "name": "rqaoa",
        "reps": 1,
        "cutoff": CUTOFF,
        "runs": RUNS if ideal else SAMPLED_RUNS,
        "correlators": "closed form" if ideal else "sampled",
        "constraints": "one-hot" if encoding.one_hot else "none",
    }


def _make(
    settings: dict[str, Any], backend: Any, shots: int, seed: int | None, optimizer: str, ansatz: Any = None
) -> Any:
    """The algorithm object for ``settings``; ``ansatz``: a :class:`~c2q.ansatz.FoundAnsatz` (its circuit and
    angles become VQE's ansatz and initial point)."""
    from c2q.algorithms.arithmetic import ArithmeticCircuit
    from c2q.algorithms.grover import Grover
    from c2q.algorithms.qaoa import QAOA
    from c2q.algorithms.rqaoa import RQAOA
    from c2q.algorithms.vqe import VQE

    if settings["name"] == "grover":
        return Grover(backend, seed=seed, solutions=settings["solutions"])
    if settings["name"] == "arithmetic":
        return ArithmeticCircuit(backend, shots=shots, seed=seed, variant=settings["circuit"])
    if settings["name"] == "rqaoa":
        return RQAOA(
            backend,
            seed,
            settings["cutoff"],
            settings["runs"],
            correlators=settings["correlators"],
            shots=shots,
            constraints=settings.get("constraints", "none"),
        )
    alpha = settings["cvar_alpha"]
    common = {
        "reps": settings["reps"],
        "shots": shots,
        "seed": seed,
        "optimizer": optimizer,
        "maxiter": settings["maxiter"],
        "cvar_alpha": None if alpha == 1 else alpha,
    }
    if settings["name"] == "qaoa":
        return QAOA(backend, **common)
    if ansatz is None:
        return VQE(backend, **common)
    return VQE(backend, **common, ansatz=ansatz.circuit(), initial_point=ansatz.initial_point())


def _encoding_summary(encoding: Encoding | ArithmeticEncoding | OracleEncoding, qubits: int) -> dict[str, Any]:
    """The encoding in the result; ``qubits``: width of the circuit that ran."""
    if isinstance(encoding, ArithmeticEncoding):
        return {"name": encoding.name, "qubits": qubits, "operand_width": encoding.width}
    if isinstance(encoding, OracleEncoding):
        return {"name": encoding.name, "qubits": qubits, **encoding.summary()}
    summary = {
        "name": encoding.name,
        "qubits": encoding.num_qubits,
        "terms": len(encoding.hamiltonian),
        "offset": encoding.offset,
    }
    if encoding.variables is not None:
        summary["qubit_variables"] = encoding.variables  # qubit q holds variable qubit_variables[q]
    if encoding.penalties is not None:
        summary["penalties"] = encoding.penalties  # constraint -> weight, set_by, reason
    return summary


def encode(spec: SpecLike, options: SolveOptions | None = None, /, **changes: Any) -> Encoded:
    """Spec -> problem -> QUBO/Ising (or arithmetic task) -> circuit, without running it.

    :param spec: path, JSON text, dict or :class:`~c2q.spec.Spec`.
    :param options: :class:`~c2q.options.SolveOptions`; those that decide the program are used
        (``algorithm``, ``encoding``, ``reps``, ``circuit``, ``solutions``, ``cvar_alpha``,
        ``maxiter``, ``ansatz``). Keyword ``changes`` override them (``encode(spec, algorithm="qaoa")``).
    """
    from c2q.backends import get_backend

    opts = SolveOptions.of(options, **changes)
    valid = validate(spec)
    problem = build_problem(valid)
    encoding = _resolve_encoding(problem, opts.encoding, opts.algorithm)
    _refuse_too_wide(problem, encoding, get_backend("aer"), opts.algorithm)
    enc = problem.encode(encoding)
    settings = choose_algorithm(
        enc, opts.algorithm, opts.reps, opts.cvar_alpha, opts.maxiter, opts.circuit, opts.solutions
    )
    found, _ = _found_ansatz(opts.ansatz, settings, enc, valid)
    program = _make(settings, get_backend("aer"), 1, None, "auto", found).program(enc)
    return Encoded(spec=valid, problem=problem, encoding=enc, circuit=program, algorithm=settings)


def _resolve_encoding(problem: Problem, encoding: str, algorithm: str, hardware: bool = False) -> str:
    """``encoding``, with ``auto`` resolved to the family's default for where and how it runs
    (on a device, ``hardware``; QAOA applies the cost as a circuit; recursive QAOA, asked for or
    picked by ``auto`` past :data:`AUTO_VQE_MAX_QUBITS`, takes two-qubit terms at most)."""
    if encoding != "auto":
        return encoding
    wide = (problem.encoded_qubits() or 0) > AUTO_VQE_MAX_QUBITS
    quadratic = algorithm == "rqaoa" or (algorithm == "auto" and wide)
    return problem.default_encoding(hardware=hardware, cost_circuit=algorithm == "qaoa", quadratic=quadratic)


def _capturing_warnings(solver: Callable[..., Result]) -> Callable[..., Result]:
    """Python warnings raised while solving (NumPy, SciPy, Qiskit) go into the result's
    ``warnings``, once each, instead of onto stderr."""

    @functools.wraps(solver)
    def solve_capturing(*args: Any, **kwargs: Any) -> Result:
        with python_warnings.catch_warnings(record=True) as caught:
            python_warnings.simplefilter("always")
            result = solver(*args, **kwargs)
        for message in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught):
            result.warnings.append(message)
        return result

    return solve_capturing


@_capturing_warnings
def solve(spec: SpecLike, options: SolveOptions | None = None, /, **changes: Any) -> Result:
    """Solve a problem end to end and verify the answer against an exact classical reference.

    >>> from c2q import SolveOptions
    >>> result = solve("examples/maxcut.json", SolveOptions(seed=7, shots=1024))  # doctest: +SKIP
    >>> result = solve("examples/maxcut.json", seed=7, shots=1024)  # the same  # doctest: +SKIP

    :param spec: path, JSON text, dict or :class:`~c2q.spec.Spec`.
    :param options: how to solve (:class:`~c2q.options.SolveOptions`: algorithm, backend, shots,
        seed...; default: its defaults). Keyword ``changes`` override them, by the same names.
    :raises OptionError: an option no solve can take (before any work), or a name that is not an option
        (``TypeError``).
    :returns: the verified :class:`~c2q.result.Result`; its ``artifacts`` keep what the solve built.
    """
    from c2q.backends import get_backend
    from c2q.backends.aer import AerBackend

    opts = SolveOptions.of(options, **changes)  # checked before any work
    algorithm, backend, shots, seed = opts.algorithm, opts.backend, opts.shots, opts.seed
    timings: dict[str, float] = {}
    start = time.perf_counter()
    valid = validate(spec)
    requested = None if backend == "auto" else get_backend(backend, opts.optimization_level)
    problem = build_problem(valid)
    timings["parse"] = time.perf_counter() - start
    trivial = problem.trivial_answer()
    if trivial is not None:
        result = _trivial_result(valid, problem, trivial, backend, seed, timings, start)
        return replace(result, artifacts=Artifacts(valid, opts, problem))

    t = time.perf_counter()
    # resolved here so that a job record names the encoding that ran
    encoding = _resolve_encoding(
        problem, opts.encoding, algorithm, requested is not None and not isinstance(requested, AerBackend)
    )
    # plain aer (or auto, which picks a simulator): exact expectation values stand for its results
    ideal = requested is None or (isinstance(requested, AerBackend) and requested.method == "automatic")
    _refuse_too_wide(problem, encoding, requested or get_backend("aer"), algorithm if ideal else "circuit")
    enc = problem.encode(encoding)
    settings = choose_algorithm(
        enc, algorithm, opts.reps, opts.cvar_alpha, opts.maxiter, opts.circuit, opts.solutions, ideal
    )
    search = {"steps": opts.search_steps, "seed": seed, "out": opts.search_out}
    found, ansatz_notes = _found_ansatz(opts.ansatz, settings, enc, valid, search)
    selection: list[str] = []
    ranking = None
    target: Backend
    if settings["name"] == "rqaoa" and ideal:  # closed-form correlators: aer only compiles the circuit for metrics
        target = requested or get_backend("aer")
    else:
        if requested is None:
            program = _make(settings, get_backend("aer"), 1, None, opts.optimizer, found).program(enc)
            chosen, ranking, selection = _auto_backend(Encoded(valid, problem, enc, program, settings), shots, seed)
            requested = get_backend(chosen, opts.optimization_level)
        arithmetic = isinstance(enc, ArithmeticEncoding)
        target = requested.resolve(None if arithmetic else enc.num_qubits, _mps_because(enc, settings, opts, found))
    make = functools.partial(_make, settings, target, shots, optimizer=opts.optimizer, ansatz=found)
    runner = make(seed)
    encoded = Encoded(valid, problem, enc, runner.program(enc), settings)
    if settings["name"] in ("qaoa", "vqe") and getattr(target, "method", None) == "matrix_product_state":
        _refuse_intractable_mps(target.name, encoded, shots, seed)
    timings["encode"] = time.perf_counter() - t

    warnings = list(valid.warnings) + list(enc.notes) + ansatz_notes + selection + target.notes
    t = time.perf_counter()
    reference = classical_reference(problem, warnings, opts.time_limit)
    timings["classical"] = time.perf_counter() - t

    context = _job_context(valid, settings, encoding, shots, seed, opts.optimizer)
    if settings["name"] in ("vqe", "qaoa") and ideal and isinstance(enc, Encoding):
        run = _train_until_feasible(problem, enc, target, context, warnings, runner=runner, make=make, seed=seed)
    else:
        run = _run(target, runner, enc, context)
    timings.update(run.timings)

    t = time.perf_counter()
    circuit_metrics = target.metrics(run.circuit, seed=seed)
    timings["metrics"] = time.perf_counter() - t
    return decoded_result(
        valid,
        problem,
        enc,
        run.counts,
        reference,
        algorithm={**settings, "evaluations": run.evaluations, **run.details},
        backend={
            "name": target.name,
            "method": run.method or target.method,
            "shots": sum(run.counts.values()),
            "seed": seed,
            "selected_by": "recommender" if selection else "user",
        },
        circuit=circuit_metrics,
        timings=timings,
        warnings=warnings,
        start=start,
        postprocess=opts.postprocess,
        artifacts=Artifacts(valid, opts, problem, encoded, ranking=ranking),
    )


def _refuse_too_wide(problem: Problem, encoding: str, backend: Any, algorithm: str = "circuit") -> None:
    """Refuse an encoding wider than ``backend`` can run, before its QUBO or operator is built.

    The width is predicted from the instance's size (:meth:`~c2q.problems.base.Problem.encoded_qubits`);
    the limits are the backend's own, checked by its ``resolve``: statevector memory, the matrix
    product state method's width (what plain ``aer`` falls back to), a device's qubits. Recursive
    QAOA simulates no circuit: ``--algorithm rqaoa`` has its own limit
    (:data:`~c2q.algorithms.rqaoa.MAX_SPINS`); ``auto`` keeps the simulators' width.

    :param encoding: the encoding name, or ``auto``.
    :param backend: the backend the program will run on (plain ``aer`` when the recommender will pick).
    :param algorithm: the requested algorithm on an ideal simulator; ``circuit`` where one must run.
    :raises BackendError: one line with the qubits needed, the limit and the fix.
    """
    from c2q.algorithms.rqaoa import MAX_SPINS

    width = problem.encoded_qubits(encoding)
    if width is None:
        return
    if algorithm == "rqaoa":
        if width > MAX_SPINS:
            raise BackendError(
                f"--algorithm rqaoa: the encoding needs {width} qubits, and recursive QAOA takes at most {MAX_SPINS} "
                "(fix: a smaller instance)"
            )
        return
    backend.resolve(width)


def _mps_because(
    enc: Encoding | ArithmeticEncoding | OracleEncoding, settings: dict[str, Any], opts: SolveOptions, found: Any
) -> str | None:
    """Why Aer's matrix product state method simulates this program exactly, where it is the faster
    method: basis-state arithmetic (bond dimension 1), and VQE's linear-chain ansatz past the
    qubits it trains on a statevector (it trained on the same MPS; at 24 qubits the final samples
    take 0.2 s against 8 s); ``None`` elsewhere."""
    from c2q.algorithms.vqe import trains_on_mps

    if isinstance(enc, ArithmeticEncoding):
        return "for basis-state arithmetic"
    if settings["name"] == "vqe" and trains_on_mps(enc.num_qubits, opts.optimizer, found):
        return f"for the VQE ansatz's linear chain: bond dimension {2 ** settings['reps']}"
    return None


def _refuse_intractable_mps(backend: str, encoded: Encoded, shots: int, seed: int | None) -> None:
    """Refuse a variational program that Aer's matrix product state method cannot hold, before it runs.

    The bound is the recommender's (:func:`c2q.backends.predict.simulator_estimates`): bond dimension
    up to 2 to the number of two-qubit gates across a cut of the qubit line, memory and time from
    it. A linear-entangler VQE ansatz keeps it small; QAOA on a graph that is not a line does not.

    :raises BackendError: naming the bound, the memory or time it implies, and the fix.
    """
    from c2q.backends.predict import logical_profile, simulator_estimates
    from c2q.workload import workload_of

    workload = workload_of(encoded, shots, seed)
    rows = simulator_estimates(workload, logical_profile(workload.circuit, seed))
    mps = next(row for row in rows if row.name == "aer:mps")
    if not mps.feasible:
        raise BackendError(
            f"--backend {backend}: the {workload.circuit.num_qubits}-qubit {encoded.algorithm['name']} program on the "
            f"matrix product state method has {mps.details['model']}: {mps.reason} (fix: --algorithm rqaoa or vqe, "
            "or a smaller instance; `c2q recommend` ranks where it can run)"
        )


def _found_ansatz(
    ansatz: str | None,
    settings: dict[str, Any],
    enc: Encoding | ArithmeticEncoding | OracleEncoding,
    valid: Spec,
    search: dict[str, Any] | None = None,
) -> tuple[Any, list[str]]:
    """``--ansatz``: the found circuit (checked against the encoding) and notes; ``(None, [])`` without it.

    :param search: ``ansatz="search"``: its ``steps``, ``seed`` and ``out`` (``None`` values: defaults).
    """
    if ansatz is None:
        return None, []
    from c2q.ansatz import SEARCH_STEPS, load_ansatz, search_ansatz

    if settings["name"] != "vqe" or not isinstance(enc, Encoding):
        raise OptionError(f"--ansatz: a found circuit is a VQE ansatz; {settings['name']} runs its own circuit")
    if ansatz == "search":
        search = search or {}
        steps = SEARCH_STEPS if search.get("steps") is None else search["steps"]
        found = search_ansatz(valid, steps=steps, seed=search.get("seed"), out=search.get("out"))
    else:
        found = load_ansatz(ansatz)
    found.check(enc.num_qubits, f"{valid.family} problem")
    settings.update(found.describe())
    return found, found.notes(valid.digest)


def classical_reference(problem: Problem, warnings: list[str], time_limit: float | None = None) -> Reference:
    """The exact classical reference (:meth:`~c2q.problems.base.Problem.exact_reference`) under a time limit.

    :param warnings: when the limit stops the search, a note with the best answer found, the proven
        bound and the gap is added: no optimum is claimed.
    :param time_limit: seconds (default :data:`~c2q.problems.exact.CLASSICAL_TIME_LIMIT`).
    :raises OptionError: for a time limit that is not positive.
    """
    limit = CLASSICAL_TIME_LIMIT if time_limit is None else time_limit
    if not limit > 0:
        raise OptionError(f"--classical-time-limit: {limit:g} s is not positive (fix: give seconds > 0, e.g. 30)")
    reference = problem.exact_reference(limit)
    if not reference.optimal:
        found = "no answer found" if reference.incumbent is None else f"best found {reference.incumbent:g}"
        bound = f"bound {reference.bound:g}" if np.isfinite(reference.bound) else "no bound proven"
        gap = f", gap {reference.gap:.2%}" if reference.gap is not None and np.isfinite(reference.gap) else ""
        warnings.append(
            f"exact classical reference ({reference.method}) stopped at the {limit:g} s limit without proving an "
            f"optimum: {found}, {bound}{gap}; optimality is not judged (fix: a longer --classical-time-limit)"
        )
    return reference


def _run(target: Any, runner: Any, encoding: Any, context: dict[str, Any]) -> Any:
    """``runner.run(encoding)``. A backend that submits jobs (IBM Quantum) gets the run's
    ``context`` for its job records, and holds any session or batch open for the run.

    :raises BackendError: when the simulator stops (Aer's own limits, e.g. memory), with its reason.
    """
    from qiskit_aer import AerError

    try:
        with target.job_scope(context):
            return runner.run(encoding)
    except AerError as exc:
        reason = " ".join(str(exc).strip("'\" ").split())[:200]
        raise BackendError(
            f"--backend {target.name}: the simulation stopped ({reason}) "
            "(fix: a smaller instance; `c2q recommend` ranks the targets that can run it)"
        ) from None


def _train_until_feasible(
    problem: Problem,
    enc: Encoding,
    target: Backend,
    context: dict[str, Any],
    warnings: list[str],
    *,
    runner: Any,
    make: Callable[..., Any],
    seed: int | None,
) -> RunResult:
    """Run a variational algorithm; while its samples hold no feasible answer, train it again from new
    starting points, up to :data:`VARIATIONAL_ATTEMPTS` trainings in all.

    Feasibility is the family's own check of each sample (a tour visits every city once, ``p x q =
    n``), cheap on any machine that ran the circuit, as a quantum factoring run checks its factors.
    Attempt ``k`` takes a seed derived from ``seed`` and ``k`` (deterministic under ``--seed``); the
    result reports the last attempt's samples, every attempt's evaluations and seconds, and a warning.
    """
    from c2q.decode import decode

    runs = [_run(target, runner, enc, context)]
    while len(runs) < VARIATIONAL_ATTEMPTS and decode(problem, enc, runs[-1].counts).feasible_probability == 0:
        attempt_seed = None if seed is None else int(np.random.SeedSequence([seed, len(runs)]).generate_state(1)[0])
        warnings.append(
            f"training {len(runs)} sampled no feasible answer: trained again from new starting points "
            f"(attempt {len(runs) + 1} of at most {VARIATIONAL_ATTEMPTS}"
            + ("" if seed is None else f", seed {attempt_seed} derived from {seed}")
            + ")"
        )
        runs.append(_run(target, make(attempt_seed), enc, context))
    last = runs[-1]
    if len(runs) == 1:
        return last
    timings: dict[str, float] = {}
    for run in runs:
        for stage, seconds in run.timings.items():
            timings[stage] = timings.get(stage, 0.0) + seconds
    evaluations = sum(run.evaluations for run in runs)
    return replace(last, evaluations=evaluations, timings=timings, details={**last.details, "trainings": len(runs)})


def _job_context(
    valid: Spec, settings: dict[str, Any], encoding: str, shots: int, seed: int | None, optimizer: str
) -> dict[str, Any]:
    """What a job record keeps so that ``c2q jobs result`` can decode the job later (no credentials)."""
    return {
        "family": valid.family,
        "input_digest": valid.digest,
        "source_format": valid.source_format,
        "spec": valid.canonical,
        "options": {"algorithm": settings, "encoding": encoding, "shots": shots, "seed": seed, "optimizer": optimizer},
    }


def decoded_result(
    valid: Spec,
    problem: Problem,
    enc: Encoding | ArithmeticEncoding | OracleEncoding,
    counts: dict[str, int],
    reference: Reference,
    *,
    algorithm: dict[str, Any],
    backend: dict[str, Any],
    circuit: dict[str, Any],
    timings: dict[str, float],
    warnings: list[str],
    start: float,
    postprocess: str = "none",
    artifacts: Artifacts | None = None,
) -> Result:
    """Decode samples into a verified :class:`Result`: what :func:`solve` and ``c2q jobs result`` share.

    :param counts: the final samples (bitstring -> shots).
    :param reference: the exact classical reference (:func:`classical_reference`).
    :param algorithm: the result's ``algorithm`` section (likewise ``backend`` and ``circuit``).
    :param timings: seconds per stage so far; ``decode`` and ``total`` are added.
    :param warnings: notes so far; decoding may add some.
    :param start: ``time.perf_counter()`` when the work began.
    :param postprocess: ``local-search``: the named post-processing stage of :mod:`c2q.postprocess`
        (the raw answer kept beside the improved one), or ``none``.
    :param artifacts: what the solve built, kept on the result with the scored samples added.
    """
    from c2q.decode import decode, is_optimal

    optimum = reference.optimum
    t = time.perf_counter()
    raw = decode(problem, enc, counts, optimum)
    timings["decode"] = time.perf_counter() - t
    chosen, postprocessing = raw, None
    if postprocess != "none":
        chosen, postprocessing = _postprocess(problem, enc, counts, raw, optimum, timings, warnings)
    timings["total"] = time.perf_counter() - start
    arithmetic = isinstance(enc, ArithmeticEncoding)

    feasible = chosen.evaluation.feasible
    objective = chosen.evaluation.objective if feasible else None
    optimal = is_optimal(chosen.evaluation, optimum)
    answer = chosen.answer
    none_exists = None if feasible else problem.no_solution_answer()
    if none_exists is not None:
        answer, optimal = none_exists, True
        warnings.append("no feasible answer among the samples, and an exact classical check shows none exists")
    elif not feasible:  # an infeasible sample is no answer: none is reported (the samples stay in counts)
        what = problem.infeasible_note(answer)
        answer = {}
        warnings.append(
            "no feasible answer among the samples: no answer is reported"
            if not arithmetic
            else "the circuit's output is wrong: no answer is reported"
        )
        if what is not None:
            warnings.append(what)
    return Result(
        family=valid.family,
        input_digest=valid.digest,
        source_format=valid.source_format,
        instance=problem.describe(),
        algorithm=algorithm,
        encoding=_encoding_summary(enc, circuit["qubits"]),
        backend=backend,
        circuit=circuit,
        answer=problem.present(answer),  # in the user's terms (node and city labels)
        feasible=feasible,
        objective=objective,
        classical_optimum=optimum,
        classical_bound=None if reference.optimal else reference.summary(),
        optimal=optimal,
        approximation_ratio=None
        if objective is None or optimum is None
        else problem.approximation_ratio(objective, optimum),
        optimum_probability=raw.optimum_probability,
        feasible_probability=raw.feasible_probability,
        timings={k: round(v, 4) for k, v in timings.items()},
        warnings=warnings,
        postprocessing=postprocessing,
        counts=dict(counts),
        artifacts=None if artifacts is None else replace(artifacts, decoded=raw),
    )


def _postprocess(
    problem: Problem,
    enc: Encoding | ArithmeticEncoding | OracleEncoding,
    counts: dict[str, int],
    raw: Decoded,
    optimum: float | None,
    timings: dict[str, float],
    warnings: list[str],
) -> tuple[Decoded, dict[str, Any] | None]:
    """The ``local-search`` stage (:mod:`c2q.postprocess`): the decoded answer to report and the
    result's ``postprocessing`` section, which keeps the raw answer beside the improved one."""
    from c2q.postprocess import local_search, summary

    if not isinstance(enc, Encoding):
        warnings.append(
            f"--postprocess local-search: only for QUBO/Ising encodings; "
            f"the {problem.family} answer is the circuit's own"
        )
        return raw, None
    t = time.perf_counter()
    search = local_search(problem, enc, counts, raw)
    timings["postprocess"] = time.perf_counter() - t
    if search.improved:
        warnings.append(
            "the answer comes from the local-search post-processing stage; "
            "the raw quantum answer is in postprocessing.raw"
        )
    section = summary(search, problem, raw, optimum, timings["postprocess"])
    return (search.decoded if search.improved else raw), section


def _trivial_result(
    valid: Spec,
    problem: Problem,
    answer: dict[str, Any],
    backend: str,
    seed: int | None,
    timings: dict[str, float],
    start: float,
) -> Result:
    """Result of an instance answered without a quantum run (e.g. factoring a prime)."""
    evaluation = problem.evaluate(answer)
    timings["total"] = time.perf_counter() - start
    return Result(
        family=valid.family,
        input_digest=valid.digest,
        source_format=valid.source_format,
        instance=problem.describe(),
        algorithm={"name": "none", "reason": "answered classically: no quantum run is needed"},
        encoding={"name": "none", "qubits": 0},
        backend={"name": backend, "method": None, "shots": 0, "seed": seed, "selected_by": "user"},
        circuit={"qubits": 0, "depth": 0, "two_qubit_gates": 0, "gates": 0},
        answer=problem.present(answer),
        feasible=evaluation.feasible,
        objective=evaluation.objective,
        classical_optimum=evaluation.objective,
        classical_bound=None,
        optimal=evaluation.feasible,
        approximation_ratio=1.0 if evaluation.feasible else None,
        optimum_probability=None,
        feasible_probability=1.0,
        timings={k: round(v, 4) for k, v in timings.items()},
        warnings=["no quantum run: the answer follows directly from the input"],
    )


def recommend(
    spec: SpecLike,
    options: SolveOptions | None = None,
    /,
    *,
    devices: list[str] | None = None,
    weights: str | dict[str, float] | None = None,
    prices: str | Path | dict[str, float] | None = None,
    ibm: bool | None = None,
    progress: Any = None,
    **changes: Any,
) -> Recommendation:
    """Rank where the problem's program should run: Aer's methods and every fake IBM device.

    Each target gets a predicted fidelity (exact simulators 1; devices: the estimated success
    probability from their calibration), time, cost and feasibility; see
    :mod:`c2q.backends.recommender`.

    :param options: the :class:`~c2q.options.SolveOptions` of the solve to rank (the program, shots,
        seed; ``optimization_level`` default 3), with keyword ``changes`` as for :func:`solve`.
    :param devices: fake device names to consider (default: all of them).
    :param weights: ``"fidelity=0.6,time=0.2,cost=0.2"`` (the default) or a dict.
    :param prices: USD per QPU second, ``{"default": ..., "<device>": ...}``, or a JSON file holding that.
    :param ibm: also rank the live devices of the IBM Quantum account (``None``: when credentials
        are configured; an unreachable service becomes a note, not an error).
    """
    from c2q.backends.recommender import load_prices, parse_weights
    from c2q.backends.recommender import recommend as rank_targets
    from c2q.workload import workload_of

    opts = SolveOptions.of(options, **changes)
    weights = parse_weights(weights)  # bad options fail before any work
    if not isinstance(prices, dict):
        prices = load_prices(prices)
    encoding, algorithm = opts.encoding, opts.algorithm
    encoded = encode(spec, opts)
    live: list[tuple[str, Any]] = []
    notes: list[str] = []
    on_simulators = _resolve_encoding(encoded.problem, encoding, algorithm)
    on_hardware = _resolve_encoding(encoded.problem, encoding, algorithm, hardware=True)
    if on_hardware != on_simulators:
        notes.append(
            f"ranked: the {on_simulators} encoding that runs on simulators; on a device `c2q solve` runs the "
            f"{on_hardware} encoding (rank it with --encoding {on_hardware})"
        )
    if ibm is not False:
        from c2q.backends import ibm as runtime

        if ibm or runtime.account_configured():
            try:
                live = runtime.live_devices()
            except BackendError as exc:
                notes.append(f"IBM Quantum devices left out: {exc}")
    return rank_targets(
        workload_of(encoded, opts.shots, opts.seed),
        devices=devices,
        live=live,
        notes=notes,
        weights=weights,
        prices=prices,
        optimization_level=3 if opts.optimization_level is None else opts.optimization_level,
        seed=opts.seed,
        progress=progress,
    )


def _auto_backend(encoded: Encoded, shots: int, seed: int | None) -> tuple[str, Recommendation, list[str]]:
    """``--backend auto``: the top-ranked simulator that can run here, the ranking, and a note naming it.

    A fake device's noisy emulation is never more faithful than the exact simulation it
    emulates, and hardware is never chosen without being named, so only Aer's methods compete.

    :raises BackendError: when no simulator can run the circuit here.
    """
    from c2q.backends.recommender import recommend as rank_targets
    from c2q.workload import workload_of

    ranking = rank_targets(workload_of(encoded, shots, seed), devices=[], seed=seed)
    best = ranking.best(runs_here=True)
    if best is None:
        reasons = "; ".join(f"{row.name}: {row.reason}" for row in ranking.targets[:2])
        raise BackendError(
            f"--backend auto: no simulator here can run this {encoded.circuit.num_qubits}-qubit program ({reasons}) "
            "(fix: `c2q recommend` ranks IBM devices; run on one with --backend ibm:<device>)"
        )
    note = (
        f"--backend auto chose {best.name}: top of {sum(r.feasible for r in ranking.targets)} feasible simulators "
        f"(predicted {best.seconds:.2g} s)"
    )
    return best.name, ranking, [note]
