"""What a report says, section by section, read from a finished solve (:class:`~c2q.result.Artifacts`).

Both renderers (:mod:`c2q.report.html`, :mod:`c2q.report.pdf`) draw the same :class:`Section` list.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from c2q.errors import OptionError
from c2q.report.figures import graph_figure, histogram, png, ranking_figure, tsp_figure
from c2q.result import Artifacts, Result

#: bitstrings shown in the histogram
TOP_K = 16
#: the circuit drawing folds at this many characters ...
DRAW_COLUMNS = 110
#: ... and keeps whole folded blocks up to this many lines
DRAW_LINES = 76
#: circuits larger than this are not drawn (the text drawer slows down, and nobody reads it)
DRAW_MAX_GATES = 4000
#: Ising terms listed, largest coefficient first
TOP_TERMS = 10

#: what the objective of each family is, in the histogram
OBJECTIVES = {
    "maxcut": "cut value",
    "mis": "set size",
    "vc": "cover size",
    "clique": "clique size",
    "tsp": "tour length",
    "add": "result",
    "sub": "result",
    "mul": "result",
    "factor": "residual |n - pq|",
    "sat": "satisfied clauses",
}


@dataclass
class Section:
    """One part of the report: a heading and blocks shown in order.

    Blocks are ``("kv", [(key, value)])``, ``("table", header, rows)``, ``("pre", text)``,
    ``("list", items)``, ``("text", paragraph)`` and ``("figure", png, caption)``.
    """

    title: str
    blocks: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, *block: Any) -> Section:
        self.blocks.append(block)
        return self


@dataclass
class _Context:
    """What the sections are built from: the result and what its solve built (:class:`~c2q.result.Artifacts`)."""

    result: Result
    artifacts: Artifacts

    @property
    def spec(self) -> Any:
        return self.artifacts.spec

    @property
    def problem(self) -> Any:
        return self.artifacts.problem

    @property
    def encoded(self) -> Any:
        """:class:`c2q.api.Encoded`, or ``None`` when no quantum run happened."""
        return self.artifacts.encoded

    @property
    def decoded(self) -> Any:
        """The raw samples scored (:class:`c2q.decode.Decoded`), when there are samples."""
        return self.artifacts.decoded if self.result.counts else None

    @property
    def encoding(self) -> Any:
        return None if self.encoded is None else self.encoded.encoding


def build_sections(result: Result) -> tuple[str, list[tuple[str, str]], list[Section]]:
    """Title, header lines and sections of the report (the same content for both formats).

    :raises OptionError: a result that does not carry what its solve built (one read back from a job or a file).
    """
    if result.artifacts is None:
        raise OptionError(
            "--report: this result does not carry what its solve built (a result read back from a job or a file); "
            "a report is written from the result of c2q.solve (fix: solve with --report)"
        )
    context = _Context(result, result.artifacts)
    sections = [
        _problem_section(context),
        _encoding_section(context),
        _circuit_section(context),
    ]
    if context.artifacts.ranking is not None:
        sections.append(_ranking_section(context))
    sections += [_measurement_section(context), _answer_section(context)]
    title = f"c2q report: {result.family}"
    description = context.spec.canonical.get("description")
    header = [
        ("answer", _answer_line(context)),
        ("verdict", _verdict(result)),
        ("input", f"{result.source_format} format, digest {result.input_digest[:16]}"),
    ]
    if description:
        header.insert(0, ("description", str(description)))
    return title, header, sections


def _fmt(value: Any, digits: int = 4) -> str:
    """A value as a reader wants it: ``-`` for none, short floats, compact JSON for lists."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "-" if not math.isfinite(value) else f"{value:.{digits}g}"
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)
    return str(value)


def _verdict(result: Result) -> str:
    if result.family in ("add", "sub", "mul"):
        return "correct (equals the classically computed result)" if result.feasible else "wrong result"
    if result.family == "sat" and result.optimal is True:
        if result.answer.get("assignment") is None:
            return "unsatisfiable (an exact classical check finds no satisfying assignment)"
        return "satisfiable: the assignment satisfies every clause (checked)"
    if result.optimal is True:
        return "optimal (checked against the exact classical answer)"
    if result.optimal is False:
        ratio = "" if result.approximation_ratio is None else f", approximation ratio {result.approximation_ratio:.3f}"
        return ("feasible but not optimal" if result.feasible else "no feasible answer found") + ratio
    return "feasible, optimality not checked" if result.feasible else "no feasible answer found"


def _answer_line(context: _Context) -> str:
    """The answer in one line, in the family's terms."""
    a, family = context.result.answer, context.result.family
    if family in ("add", "sub", "mul"):
        x, y = a["operands"]
        return f"{x} {dict(add='+', sub='-', mul='×')[family]} {y} = {a['result']}"
    if family == "factor":
        return f"{a['n']} is prime" if a.get("prime") else f"{a['n']} = {' × '.join(map(str, a['factors'] or ['?']))}"
    if family == "sat":
        if a.get("assignment") is None:
            return "unsatisfiable"
        return f"{a['satisfied_clauses']} of {a['clauses']} clauses satisfied by {_fmt(a['assignment'])}"
    return ", ".join(f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in a.items() if v is not None)


# ----- problem


def _problem_section(context: _Context) -> Section:
    result, problem = context.result, context.problem
    section = Section("Problem")
    instance = result.instance
    if result.family == "tsp":
        section.add("kv", [("cities", instance["cities"]), ("symmetric", _fmt(instance["symmetric"]))])
        section.add("table", ["from \\ to", *map(str, range(instance["cities"]))], _matrix_rows(instance))
    elif "edges" in instance:
        rows = [("nodes", instance["nodes"]), ("edges", len(instance["edges"]))]
        weights = {w for *_, w in instance["edges"]}
        rows.append(("weights", "all 1" if weights <= {1.0} else f"{min(weights):g} to {max(weights):g}"))
        if "k" in instance:
            rows.append(("k", "- (fewest colours)" if instance["k"] is None else instance["k"]))
        if "labels" in instance:
            rows.append(("node labels", _fmt(instance["labels"])))
        section.add("kv", rows)
    elif result.family == "sat":
        clauses = problem.clauses
        widths = sorted({len(c) for c in clauses})
        section.add(
            "kv",
            [
                ("variables", problem.num_variables),
                ("clauses", len(clauses)),
                ("literals per clause", ", ".join(map(str, widths))),
                ("literals in all", sum(len(c) for c in clauses)),
            ],
        )
        expression = " ∧ ".join("(" + " ∨ ".join(_literal(x) for x in c) + ")" for c in clauses)
        section.add("text", "formula: " + _shorten(expression, 600))
    else:
        section.add("kv", [(k, _fmt(v)) for k, v in instance.items()])
    section.add("text", "answer: " + _answer_line(context))
    figure = _problem_figure(context)
    if figure is not None:
        section.add("figure", figure, "the instance, with the decoded answer marked")
    return section


def _literal(x: int) -> str:
    return f"¬x{-x}" if x < 0 else f"x{x}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _matrix_rows(instance: dict[str, Any]) -> list[list[str]]:
    return [
        [str(i), *("-" if x is None else f"{x:g}" for x in row)] for i, row in enumerate(instance["distance_matrix"])
    ]


def _internal_answer(context: _Context) -> dict[str, Any]:
    """The answer over node indices (what the drawing needs), whatever the user's labels."""
    if context.decoded is not None:
        return context.decoded.answer
    answer, problem = dict(context.result.answer), context.problem
    labels = problem.labels
    if not labels:
        return answer
    index = {label: i for i, label in enumerate(labels)}

    def back(nodes: Any) -> Any:
        return [back(n) for n in nodes] if isinstance(nodes, list) else index[nodes]

    for key in problem.node_keys:
        if answer.get(key) is not None:
            answer[key] = back(answer[key])
    for key in problem.per_node_keys:
        if isinstance(answer.get(key), dict):
            answer[key] = [answer[key][label] for label in labels]
    return answer


def _problem_figure(context: _Context) -> bytes | None:
    family = context.result.family
    if family == "tsp":
        return png(tsp_figure(context.problem, _internal_answer(context)))
    if hasattr(context.problem, "graph"):
        return png(graph_figure(context.problem, family, _internal_answer(context)))
    return None


# ----- encoding


def _encoding_section(context: _Context) -> Section:
    section = Section("Encoding")
    enc, result = context.encoding, context.result
    if enc is None:
        return section.add("text", "No quantum encoding: the answer follows directly from the input.")
    from c2q.encoding import ArithmeticEncoding, OracleEncoding

    if isinstance(enc, ArithmeticEncoding):
        rows = [
            ("encoding", f"{enc.name}: operands loaded as basis states, no QUBO"),
            ("operation", enc.operation),
            ("operands", _fmt(list(enc.operands))),
            ("register width", f"{enc.width} qubit(s) per operand" + (" (two's complement)" if enc.signed else "")),
            ("qubits", result.encoding.get("qubits")),
        ]
        section.add("kv", rows)
    elif isinstance(enc, OracleEncoding):
        rows = [
            ("encoding", f"{enc.name}: phase oracle for Grover search, no QUBO"),
            *((key.replace("_", " "), value) for key, value in enc.summary().items()),
            ("qubits", result.encoding.get("qubits")),
            ("oracle", result.algorithm.get("oracle", "-")),
        ]
        section.add("kv", rows)
    else:
        section.add("kv", _ising_rows(context))
        section.add("table", ["Ising term (qubit 0 rightmost)", "coefficient"], _top_terms(enc.hamiltonian))
    for note in enc.notes:
        section.add("text", "note: " + note)
    return section


def _ising_rows(context: _Context) -> list[tuple[str, Any]]:
    enc, problem = context.encoding, context.problem
    ham = enc.hamiltonian
    program = enc.quadratic_program
    locality = int(max((np.count_nonzero(z) for z in ham.paulis.z), default=0))
    coefficients = np.abs(ham.coeffs.real)
    rows: list[tuple[str, Any]] = [("encoding", enc.name)]
    if program is not None:
        rows.append(("binary variables", program.get_num_vars()))
        rows.append(("constraints", program.get_num_linear_constraints() + program.get_num_quadratic_constraints()))
    rows += [
        ("qubits", enc.num_qubits),
        ("Pauli terms", len(ham)),
        ("largest term", f"{locality}-local"),
        ("coefficients", f"|c| from {coefficients.min():.4g} to {coefficients.max():.4g}" if len(ham) else "-"),
        ("offset", _fmt(float(enc.offset))),
    ]
    penalty = _penalty(problem, program, enc.penalties)
    if penalty is not None:
        rows.append(("penalty", penalty))
    return rows


def _penalty(problem: Any, program: Any, chosen: dict[str, dict[str, Any]] | None) -> str | None:
    """The constraint penalty of the encoding, where it has one: as the encoding reports it (``chosen``,
    a constrained model's weight per constraint), else as qiskit-optimization's converter picks it."""
    if chosen:
        shown = [
            f"{name}: {p['weight']:g} x {p['form'].removeprefix('w ')} ({p['set_by']})" for name, p in chosen.items()
        ]
        more = f"; {len(shown) - 8} more in the result's encoding.penalties" if len(shown) > 8 else ""
        return "; ".join(shown[:8]) + more
    if program is not None and program.get_num_linear_constraints():
        # what QuadraticProgramToQubo does: pairwise inequalities become penalties first, and
        # only the constraints left over are penalised through its equality penalty
        from qiskit_optimization.converters import LinearInequalityToPenalty, QuadraticProgramToQubo

        inequalities = LinearInequalityToPenalty()
        left = inequalities.convert(program).get_num_linear_constraints()
        parts = []
        if left < program.get_num_linear_constraints():
            parts.append(f"{inequalities.penalty:g} per violated inequality")
        if left:
            converter = QuadraticProgramToQubo()
            converter.convert(program)
            parts.append(f"{converter.penalty:g} x (violation)^2 per other constraint")
        return "; ".join(parts) + " (qiskit-optimization's automatic choice)"
    if problem.family == "tsp":
        return f"{problem.penalty:g} per missing road or broken assignment"
    return None


def _top_terms(hamiltonian: Any) -> list[list[str]]:
    terms = sorted(zip(hamiltonian.paulis.to_labels(), hamiltonian.coeffs.real, strict=True), key=lambda t: -abs(t[1]))
    rows = [[label, f"{coefficient:+.4g}"] for label, coefficient in terms[:TOP_TERMS]]
    if len(terms) > TOP_TERMS:
        rows.append([f"... {len(terms) - TOP_TERMS} more", ""])
    return rows


# ----- circuit


def _circuit_section(context: _Context) -> Section:
    section = Section("Circuit")
    result = context.result
    if context.encoded is None:
        return section.add("text", "No circuit: no quantum run was needed.")
    algorithm = {k: v for k, v in result.algorithm.items() if not isinstance(v, list | dict) and v is not None}
    section.add("kv", [(k.replace("_", " "), _fmt(v)) for k, v in algorithm.items()])
    circuit = context.encoded.circuit
    logical = _logical_metrics(circuit)
    compiled = result.circuit
    basis = ", ".join(compiled.get("basis") or []) or "-"
    header = ["circuit", "qubits", "depth", "two-qubit gates", "gates", "gate mix"]
    rows = [
        ["as built", *map(str, logical[:4]), logical[4]],
        [
            f"compiled ({basis})",
            *(str(compiled.get(k, "-")) for k in ("qubits", "depth", "two_qubit_gates", "gates")),
            "-",
        ],
    ]
    section.add("table", header, rows)
    notes = [
        "'as built': the circuit before transpiling (library blocks count as one gate each); "
        "'compiled': the circuit that ran, compiled for the backend with its parameters bound."
    ]
    if result.algorithm.get("name") == "grover":
        notes.append(
            "grover: drawn with "
            + ("the optimal number of iterations" if result.algorithm.get("solutions") else "one iteration")
            + f"; the trials ran {_fmt(result.algorithm.get('trial_iterations'))} iterations."
        )
    if compiled.get("layout") is not None:
        notes.append(f"physical qubits on {result.backend['name']}: {_fmt(compiled['layout'])}")
    section.add("list", notes)
    section.add("pre", *_drawing(circuit))
    return section


def _logical_metrics(circuit: Any) -> tuple[int, int, int, int, str]:
    from collections import Counter

    ops = Counter(
        _op_name(inst.operation) for inst in circuit.data if inst.operation.name not in ("barrier", "measure")
    )
    two = sum(1 for inst in circuit.data if inst.operation.num_qubits == 2)
    mix = ", ".join(f"{name} {count}" for name, count in ops.most_common())
    return circuit.num_qubits, circuit.depth(), two, sum(ops.values()), mix


def _op_name(operation: Any) -> str:
    """A gate's name; a controlled library block (an ``annotated`` operation) as ``c-<block>``."""
    base = getattr(operation, "base_op", None)
    if base is None:
        return operation.name
    controls = sum(getattr(m, "num_ctrl_qubits", 0) for m in getattr(operation, "modifiers", []))
    return "c" * controls + ("-" if controls else "") + _op_name(base)


def _drawing(circuit: Any) -> tuple[str, int]:
    """Qiskit's text drawing, folded at :data:`DRAW_COLUMNS`, whole folds up to :data:`DRAW_LINES` lines.

    :return: the drawing and the height of one fold in lines (where a page may break).
    """
    if circuit.size() > DRAW_MAX_GATES:
        return f"(not drawn: {circuit.size()} gates on {circuit.num_qubits} qubits)", 1
    circuit = _display_circuit(circuit)
    lines = str(circuit.draw("text", fold=DRAW_COLUMNS)).splitlines()
    phase = int(bool(lines) and lines[0].startswith("global phase"))
    lines = lines[phase:]  # the global phase does not change what the circuit measures
    block = len(str(circuit.draw("text", fold=-1)).splitlines()) - phase
    if len(lines) <= DRAW_LINES:
        return "\n".join(lines), block
    keep = block * max(1, DRAW_LINES // block)
    more = (len(lines) - keep) // block
    return "\n".join([*lines[:keep], f"... ({more} more fold(s) of {DRAW_COLUMNS} columns not shown)"]), block


def _display_circuit(circuit: Any) -> Any:
    """A copy for drawing whose parameter expressions show 3 significant digits
    (``Rz(-1.17*γ[0])``, not ``Rz((-1.1707317073170733)*γ[0])``)."""
    import re

    from qiskit.circuit import Parameter, ParameterExpression

    names: dict[str, Parameter] = {}

    def short(value: Any) -> Any:
        if not isinstance(value, ParameterExpression) or isinstance(value, Parameter):
            return value
        text = re.sub(r"\d+\.\d{4,}(e-?\d+)?", lambda m: f"{float(m.group()):.3g}", str(value))
        text = re.sub(r"\((-?[\d.]+)\)", r"\1", text)
        return names.setdefault(text, Parameter(text)) if text != str(value) else value

    try:
        shown = circuit.copy_empty_like()
        for inst in circuit.data:
            operation = inst.operation
            if any(isinstance(x, ParameterExpression) for x in operation.params):
                operation = operation.copy()
                operation.params = [short(x) for x in operation.params]
            shown.append(operation, inst.qubits, inst.clbits)
        return shown
    except Exception:  # a drawing aid only: draw the circuit as it is
        return circuit


# ----- recommender


def _ranking_section(context: _Context) -> Section:
    """``--backend auto``: the recommender's ranking of the simulators, as the solve chose from it."""
    section = Section("Backend ranking (--backend auto)")
    ranking = context.artifacts.ranking
    section.add(
        "text",
        f"workload: {ranking.workload.label}. --backend auto runs the top simulator that this machine can run; "
        "`c2q recommend` also ranks IBM devices.",
    )
    chosen = context.result.backend.get("name")
    header = ["#", "target", "fidelity", "time (s)", "cost (USD)", "score"]
    rows = [
        [
            str(i),
            row.name + (" (chosen)" if row.name == chosen else ""),
            _fmt(row.fidelity, 3),
            _fmt(row.seconds, 2),
            _fmt(row.cost, 2),
            _fmt(row.score, 3),
        ]
        for i, row in enumerate((r for r in ranking.targets if r.feasible), 1)
    ]
    section.add("table", header, rows)
    infeasible = [f"{row.name} cannot run it: {row.reason}" for row in ranking.targets if not row.feasible]
    section.add("list", infeasible + ["note: " + note for note in ranking.notes])
    section.add("figure", png(ranking_figure(ranking, chosen)), "predicted fidelity against time (and cost, when any)")
    return section


# ----- measurements


def _measurement_section(context: _Context) -> Section:
    section = Section("Measurements")
    result = context.result
    backend = result.backend
    rows: list[tuple[str, Any]] = [("backend", f"{backend['name']} ({backend.get('method') or '-'})")]
    rows += [
        ("shots", backend.get("shots")),
        ("seed", _fmt(backend.get("seed"))),
        ("chosen by", backend.get("selected_by")),
    ]
    if backend.get("job_id"):
        rows.append(("job id", backend["job_id"]))
    if not result.counts or context.encoding is None:
        section.add("kv", rows)
        return section.add(
            "text",
            "No samples: no quantum run was needed."
            if context.encoding is None
            else "The result carries no samples, so there is no histogram.",
        )
    rows.append(("distinct bitstrings", context.decoded.distinct_samples))
    rows.append(("P(feasible)", _fmt(result.feasible_probability, 3)))
    rows.append(("P(optimum)", _fmt(result.optimum_probability, 3)))
    section.add("kv", rows)
    section.add("figure", png(_histogram(context)), f"the {TOP_K} most frequent bitstrings (at most)")
    return section


def _classify(context: _Context, keys: list[str]) -> list[tuple[str, str]]:
    """``(status, label)`` of each bitstring: optimal / feasible / infeasible, and its objective."""
    from c2q.decode import is_optimal
    from c2q.ising import bits_from_keys

    problem, enc, optimum = context.problem, context.encoding, context.result.classical_optimum
    out = []
    for x in bits_from_keys(keys, len(keys[0])):
        answer = enc.interpret(x)
        evaluation = problem.evaluate(answer)
        if not evaluation.feasible:
            status = "infeasible"
        elif is_optimal(evaluation, optimum):
            status = "optimal"
        else:
            status = "feasible"
        label = f"{evaluation.objective:g}" if math.isfinite(evaluation.objective) else "✗"
        if context.result.family in ("add", "sub", "mul") and "result" in answer:
            label = str(answer["result"])
        out.append((status, label))
    return out


def _status_names(family: str) -> dict[str, str]:
    if family in ("add", "sub", "mul"):
        return {"optimal": "correct result", "feasible": "correct result", "infeasible": "wrong result"}
    if family == "sat":
        return {
            "optimal": "satisfies every clause",
            "feasible": "satisfies every clause",
            "infeasible": "violates a clause",
        }
    return {"optimal": "optimal", "feasible": "feasible, not optimal", "infeasible": "infeasible"}


def _histogram(context: _Context) -> Any:
    """The :data:`TOP_K` most frequent bitstrings (the answer's among them), classified by the family."""
    counts = context.result.counts
    assert counts, "a histogram needs samples"  # the measurement section draws one only then
    top = sorted(counts, key=lambda k: (-counts[k], k))[:TOP_K]
    chosen = context.decoded.bitstring
    if chosen not in top:
        top[-1] = chosen
    family = context.result.family
    value = OBJECTIVES.get(family, "colours used" if getattr(context.problem, "k", 0) is None else "conflicts")
    return histogram(counts, top, chosen, _classify(context, top), _status_names(family), value)


# ----- answer


def _answer_section(context: _Context) -> Section:
    result = context.result
    section = Section("Answer and verification")
    section.add("kv", [(k.replace("_", " "), _fmt(v)) for k, v in result.answer.items()])
    checks = [
        ("feasible", _fmt(result.feasible)),
        ("objective", _fmt(result.objective)),
        ("classical optimum", _fmt(result.classical_optimum)),
        ("optimal", _fmt(result.optimal) if result.optimal is not None else "not checked"),
        ("approximation ratio", _fmt(result.approximation_ratio)),
        ("P(optimum) in samples", _fmt(result.optimum_probability, 3)),
        ("P(feasible) in samples", _fmt(result.feasible_probability, 3)),
    ]
    section.add("table", ["check", "value"], [list(row) for row in checks])
    if result.warnings:
        section.add("list", ["warning: " + w for w in result.warnings])
    timings = [[stage, f"{seconds:.3f}"] for stage, seconds in result.timings.items()]
    section.add("table", ["stage", "seconds"], timings)
    return section
