"""The Python API: ``validate``, ``encode``, ``solve``, ``schema``, and ``parse_code`` /
``solve_code`` for plain Python programs.

>>> import c2q
>>> result = c2q.solve({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}, seed=7)
>>> result.answer["cut_value"]
2.0
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.errors import OptionError
from c2q.problems.base import ArithmeticEncoding, Encoding, OracleEncoding, Problem
from c2q.result import Result

if TYPE_CHECKING:
    from c2q.codeparse import ParsedProgram
from c2q.spec import Spec, build_problem, canonical_schema, load_spec

SpecLike = str | Path | dict[str, Any] | Spec
ALGORITHMS = ("auto", "qaoa", "vqe", "arithmetic", "grover")
#: largest number of binary variables for which the exact classical reference is computed
CLASSICAL_LIMIT = 24


@dataclass
class Encoded:
    """A problem at every stage before execution, for notebooks that stop early.

    :param spec: the validated specification.
    :param problem: the family instance.
    :param encoding: an Ising :class:`~c2q.problems.base.Encoding` (qubits, operator, offset,
        decoder), an :class:`~c2q.problems.base.ArithmeticEncoding` or an
        :class:`~c2q.problems.base.OracleEncoding` (a CNF formula for Grover search).
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


def solve_code(source: str, filename: str = "<program>", **options: Any) -> Result:
    """Solve the problem a Python program solves classically, as if its JSON spec were given.

    >>> result = solve_code("def add(a, b):\n    return a + b\nprint(add(19, 23))", seed=1)
    >>> result.answer["result"]
    42

    :param options: as for :func:`solve`.
    """
    return solve(parse_code(source, filename).spec, **options)


def validate(spec: SpecLike) -> Spec:
    """Parse and validate a spec (path, JSON text or dict) without running anything."""
    return spec if isinstance(spec, Spec) else load_spec(spec)


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
) -> dict[str, Any]:
    """Settings ``auto`` picks for an encoding, overridden by any explicit value.

    Ising encodings: ``auto`` is hardware-efficient VQE (2 layers, CVaR 0.5). On every graph
    instance of the C2|Q> dataset it found the optimum and put about half the probability on it,
    ahead of QAOA at equal settings (benchmarks/results/c2q_dataset). QAOA (2 layers, CVaR 0.5,
    layerwise training) is there on request. Arithmetic encodings run a library circuit
    (``circuit``: ``ripple`` or ``qft``). CNF formulas (oracle encodings) run Grover search: the
    BBHT schedule, or the optimal iteration count when the number of ``solutions`` is given.
    """
    if algorithm not in ALGORITHMS:
        raise OptionError(f"--algorithm: unknown algorithm '{algorithm}' (choose one of {', '.join(ALGORITHMS)})")
    if isinstance(encoding, OracleEncoding):
        if algorithm not in ("auto", "grover"):
            raise OptionError(f"--algorithm {algorithm}: a sat formula runs Grover search; use auto or grover")
        return {"name": "grover", "schedule": "bbht" if solutions is None else "known M", "solutions": solutions}
    if algorithm == "grover":
        raise OptionError("--algorithm grover: only for sat formulas; use auto, qaoa or vqe")
    if solutions is not None:
        raise OptionError("--solutions: only for sat formulas (Grover search); leave it out")
    if isinstance(encoding, ArithmeticEncoding):
        if algorithm not in ("auto", "arithmetic"):
            raise OptionError(f"--algorithm {algorithm}: {encoding.operation} runs an arithmetic circuit; use auto")
        return {"name": "arithmetic", "circuit": circuit}
    if algorithm == "arithmetic":
        raise OptionError("--algorithm arithmetic: only for add, sub and mul; use auto, qaoa or vqe")
    if algorithm == "auto":
        algorithm = "vqe"
    defaults = {"qaoa": (2, 0.5, 100), "vqe": (2, 0.5, 1000)}[algorithm]
    return {
        "name": algorithm,
        "reps": reps if reps is not None else defaults[0],
        "cvar_alpha": cvar_alpha if cvar_alpha is not None else defaults[1],
        "maxiter": maxiter if maxiter is not None else defaults[2],
    }


def _make(settings: dict[str, Any], backend: Any, shots: int, seed: int | None, optimizer: str) -> Any:
    from c2q.algorithms.arithmetic import ArithmeticCircuit
    from c2q.algorithms.grover import Grover
    from c2q.algorithms.qaoa import QAOA
    from c2q.algorithms.vqe import VQE

    if settings["name"] == "grover":
        return Grover(backend, seed=seed, solutions=settings["solutions"])
    if settings["name"] == "arithmetic":
        return ArithmeticCircuit(backend, shots=shots, seed=seed, variant=settings["circuit"])
    cls = QAOA if settings["name"] == "qaoa" else VQE
    alpha = settings["cvar_alpha"]
    return cls(
        backend,
        reps=settings["reps"],
        shots=shots,
        seed=seed,
        optimizer=optimizer,
        maxiter=settings["maxiter"],
        cvar_alpha=None if alpha == 1 else alpha,
    )


def _encoding_summary(encoding: Encoding | ArithmeticEncoding | OracleEncoding, circuit: Any) -> dict[str, Any]:
    if isinstance(encoding, ArithmeticEncoding):
        return {"name": encoding.name, "qubits": circuit.num_qubits, "operand_width": encoding.width}
    if isinstance(encoding, OracleEncoding):
        return {
            "name": encoding.name,
            "qubits": circuit.num_qubits,
            "variables": encoding.num_variables,
            "clauses": len(encoding.clauses),
        }
    return {
        "name": encoding.name,
        "qubits": encoding.num_qubits,
        "terms": len(encoding.hamiltonian),
        "offset": encoding.offset,
    }


def encode(
    spec: SpecLike,
    *,
    algorithm: str = "auto",
    encoding: str = "auto",
    reps: int | None = None,
    circuit: str = "ripple",
    solutions: int | None = None,
) -> Encoded:
    """Spec -> problem -> QUBO/Ising (or arithmetic task) -> circuit, without running it.

    :param spec: path, JSON text, dict or :class:`~c2q.spec.Spec`.
    :param algorithm: ``auto``, ``qaoa``, ``vqe``, ``arithmetic`` or ``grover`` (decides the circuit).
    :param encoding: family encoding (``auto``: the family's default).
    :param reps: ansatz layers.
    :param circuit: arithmetic circuit family, ``ripple`` or ``qft``.
    :param solutions: sat: number of satisfying assignments, when known.
    """
    from backends import get_backend

    valid = validate(spec)
    problem = build_problem(valid)
    enc = problem.encode(encoding)
    settings = choose_algorithm(enc, algorithm, reps, circuit=circuit, solutions=solutions)
    program = _make(settings, get_backend("aer"), 1, None, "cobyla").program(enc)
    return Encoded(spec=valid, problem=problem, encoding=enc, circuit=program, algorithm=settings)


def solve(
    spec: SpecLike,
    *,
    algorithm: str = "auto",
    backend: str = "aer",
    shots: int = 2048,
    seed: int | None = None,
    reps: int | None = None,
    optimizer: str = "cobyla",
    maxiter: int | None = None,
    cvar_alpha: float | None = None,
    encoding: str = "auto",
    circuit: str = "ripple",
    solutions: int | None = None,
) -> Result:
    """Solve a problem end to end and verify the answer against an exact classical reference.

    :param spec: path, JSON text, dict or :class:`~c2q.spec.Spec`.
    :param algorithm: ``auto``, ``qaoa``, ``vqe``, ``arithmetic`` or ``grover``.
    :param backend: ``aer`` (statevector when it fits, else matrix product state; MPS for
        arithmetic), ``aer:statevector``, ``aer:mps``, or a qiskit-ibm-runtime fake device
        (``fake_manila``, ``FakeManilaV2``, any case): noisy Aer with the device's noise model,
        coupling map and basis gates, compiled at optimisation level 3; circuit metrics are then
        those of the compiled circuit on the device.
    :param shots: shots of the final sampling run.
    :param seed: makes the run repeatable (simulator, transpiler, initial point).
    :param reps: ansatz layers (``auto``: 2).
    :param optimizer: scipy optimiser: cobyla, powell, nelder-mead, l-bfgs-b.
    :param maxiter: objective evaluations per optimisation stage.
    :param cvar_alpha: CVaR fraction in ``(0, 1]``; 1 optimises the exact energy.
    :param encoding: family encoding (``auto``, or e.g. ``onehot`` for TSP).
    :param circuit: arithmetic circuit family, ``ripple`` or ``qft``.
    :param solutions: sat: number of satisfying assignments, when known (Grover then runs the
        optimal iteration count instead of the BBHT schedule).

    Grover search (sat) measures once per trial, so ``shots`` does not apply to it; the result's
    ``backend.shots`` is the number of samples taken.
    """
    from backends import get_backend
    from c2q.decode import decode

    timings: dict[str, float] = {}
    start = time.perf_counter()
    valid = validate(spec)
    requested = get_backend(backend)
    problem = build_problem(valid)
    timings["parse"] = time.perf_counter() - start
    trivial = problem.trivial_answer()
    if trivial is not None:
        return _trivial_result(valid, problem, trivial, requested, seed, timings, start)

    t = time.perf_counter()
    enc = problem.encode(encoding)
    settings = choose_algorithm(enc, algorithm, reps, cvar_alpha, maxiter, circuit, solutions)
    arithmetic = isinstance(enc, ArithmeticEncoding)
    target = requested.resolve(None if arithmetic else enc.num_qubits, prefer_mps=arithmetic)
    runner = _make(settings, target, shots, seed, optimizer)
    timings["encode"] = time.perf_counter() - t

    warnings = list(valid.warnings) + list(enc.notes) + target.notes
    t = time.perf_counter()
    optimum = None
    if arithmetic or enc.num_qubits <= CLASSICAL_LIMIT:
        optimum = problem.classical_solution()[1].objective
    else:
        warnings.append(f"no exact classical reference above {CLASSICAL_LIMIT} binary variables")
    timings["classical"] = time.perf_counter() - t

    run = runner.run(enc)
    timings.update(run.timings)

    t = time.perf_counter()
    decoded = decode(problem, enc, run.counts, optimum)
    timings["decode"] = time.perf_counter() - t
    t = time.perf_counter()
    circuit_metrics = target.metrics(run.circuit, seed=seed)
    timings["metrics"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - start

    feasible = decoded.evaluation.feasible
    objective = decoded.evaluation.objective if feasible else None
    optimal = None if optimum is None else bool(feasible and np.isclose(objective, optimum))
    answer = decoded.answer
    none_exists = None if feasible else problem.no_solution_answer()
    if none_exists is not None:
        answer, optimal = none_exists, True
        warnings.append("no feasible answer among the samples, and an exact classical check shows none exists")
    elif not feasible:
        warnings.append("no feasible answer among the samples" if not arithmetic else "the circuit's output is wrong")
    return Result(
        family=valid.family,
        input_digest=valid.digest,
        source_format=valid.source_format,
        instance=problem.describe(),
        algorithm={**settings, "evaluations": run.evaluations, **run.details},
        encoding=_encoding_summary(enc, run.circuit),
        backend={"name": target.name, "method": target.method, "shots": sum(run.counts.values()), "seed": seed},
        circuit=circuit_metrics,
        answer=problem.present(answer),  # in the user's terms (graph node labels)
        feasible=feasible,
        objective=objective,
        classical_optimum=optimum,
        optimal=optimal,
        approximation_ratio=problem.approximation_ratio(objective, optimum)
        if feasible and optimum is not None
        else None,
        optimum_probability=decoded.optimum_probability,
        feasible_probability=decoded.feasible_probability,
        timings={k: round(v, 4) for k, v in timings.items()},
        warnings=warnings,
    )


def _trivial_result(
    valid: Spec,
    problem: Problem,
    answer: dict[str, Any],
    backend: Any,
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
        backend={"name": backend.name, "method": None, "shots": 0, "seed": seed},
        circuit={"qubits": 0, "depth": 0, "two_qubit_gates": 0, "gates": 0},
        answer=problem.present(answer),
        feasible=evaluation.feasible,
        objective=evaluation.objective,
        classical_optimum=evaluation.objective,
        optimal=evaluation.feasible,
        approximation_ratio=1.0 if evaluation.feasible else None,
        optimum_probability=None,
        feasible_probability=1.0,
        timings={k: round(v, 4) for k, v in timings.items()},
        warnings=["no quantum run: the answer follows directly from the input"],
    )
