"""A report of one solve: a self-contained HTML file or a PDF, with plots; no LaTeX, no browser.

>>> import c2q
>>> from c2q.report import write_report
>>> spec = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}
>>> result = c2q.solve(spec, seed=1)
>>> write_report(result, "maxcut.html", spec=spec, options={"seed": 1})  # doctest: +SKIP
PosixPath('maxcut.html')

The report reads top to bottom like the data flow: the problem (for graph families a drawing
with the answer coloured in), its QUBO/Ising encoding, the circuit (drawing, depth and gate
counts as built and as compiled), the recommender's ranking when ``--backend auto`` chose the
simulator, the measurement histogram with the optimum marked, and the decoded answer with its
verification, warnings and timings.

What the result does not keep (the problem, the encoding, the circuit as built) is rebuilt with
:func:`c2q.api.encode` from the spec and the solve options, so the report shows exactly what ran.

- HTML: one file, inline CSS, figures as base64 PNG ``data:`` URIs, the circuit as a text drawing.
- PDF: matplotlib's ``PdfPages`` on A4 pages, the text set with matplotlib and the same figures as
  in the HTML; a section starts a new page when little room is left, and tables, figures and
  each fold of the circuit drawing are never split across pages.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import math
import textwrap
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from c2q.errors import OptionError
from c2q.outputs import report_format
from c2q.result import Result

#: file suffix -> report format
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
#: figure resolution (PNG, used by both formats)
DPI = 144
#: solve options that decide the encoding and the circuit (as :func:`c2q.api.encode` takes them)
ENCODE_OPTIONS = ("algorithm", "encoding", "reps", "circuit", "solutions", "cvar_alpha", "maxiter", "ansatz")

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

COLOURS = {"optimal": "#2ca02c", "feasible": "#4c78a8", "infeasible": "#b0b0b0"}
SIDES = ("#4c78a8", "#f58518")
CHOSEN, PLAIN, CUT = "#2ca02c", "#e8e8e8", "#d62728"


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


def write_report(result: Result, path: str | Path, *, spec: Any, options: dict[str, Any] | None = None) -> Path:
    """Write the report of ``result`` to ``path`` (``.html`` or ``.pdf``).

    :param result: what :func:`c2q.solve` returned (its ``counts`` give the histogram).
    :param path: the report file; its suffix picks the format.
    :param spec: the spec that was solved (path, JSON text, dict or :class:`~c2q.spec.Spec`).
    :param options: the keyword options given to :func:`c2q.solve` (``algorithm``, ``reps``,
        ``shots``...); missing ones are read from the result where it records them.
    :raises OptionError: a path that cannot be written (see :func:`report_format`).
    :return: the path written.
    """
    kind = report_format(path)
    title, header, sections = build_sections(result, spec, options or {})
    try:
        if kind == "html":
            Path(path).write_text(render_html(title, header, sections), encoding="utf-8")
        else:
            render_pdf(title, header, sections, path)
    except OSError as exc:
        raise OptionError(f"--report: cannot write {path}: {exc.strerror or exc}") from None
    return Path(path)


# --------------------------------------------------------------------------- content


@dataclass
class _Context:
    """What the sections are built from: the result, and what it was solved from, rebuilt."""

    result: Result
    spec: Any
    problem: Any
    encoded: Any  # c2q.api.Encoded, or None when no quantum run happened
    options: dict[str, Any]
    #: the options of :func:`c2q.api.encode` that rebuild what ran
    encode_options: dict[str, Any] = field(default_factory=dict)
    decoded: Any = None  # c2q.decode.Decoded of result.counts, when there are counts

    @property
    def encoding(self) -> Any:
        return None if self.encoded is None else self.encoded.encoding


def build_sections(
    result: Result, spec: Any, options: dict[str, Any]
) -> tuple[str, list[tuple[str, str]], list[Section]]:
    """Title, header lines and sections of the report (the same content for both formats)."""
    context = _context(result, spec, options)
    sections = [
        _problem_section(context),
        _encoding_section(context),
        _circuit_section(context),
    ]
    if result.backend.get("selected_by") == "recommender":
        sections.append(_ranking_section(context))
    sections += [_measurement_section(context), _answer_section(context)]
    title = f"c2q report: {result.family}"
    description = getattr(context.spec, "canonical", {}).get("description")
    header = [
        ("answer", _answer_line(context)),
        ("verdict", _verdict(result)),
        ("input", f"{result.source_format} format, digest {result.input_digest[:16]}"),
    ]
    if description:
        header.insert(0, ("description", str(description)))
    return title, header, sections


def _context(result: Result, spec: Any, options: dict[str, Any]) -> _Context:
    from c2q.api import encode, validate
    from c2q.spec import build_problem

    valid = validate(spec)
    if result.algorithm.get("name") == "none":  # answered classically: nothing was encoded
        return _Context(result, valid, build_problem(valid), None, dict(options))
    problem = build_problem(valid)
    recorded = {
        "algorithm": result.algorithm.get("name"),
        "reps": result.algorithm.get("reps"),
        "cvar_alpha": result.algorithm.get("cvar_alpha"),
        "maxiter": result.algorithm.get("maxiter"),
        "circuit": result.algorithm.get("circuit", "ripple"),
        "solutions": result.algorithm.get("solutions"),
        "ansatz": _found_source(result.algorithm),
        "encoding": result.encoding.get("name") if result.encoding.get("name") in problem.encodings else "auto",
    }
    given = {k: v for k, v in options.items() if k in ENCODE_OPTIONS and v is not None and v != "search"}
    chosen = {**recorded, **given}
    encoded = encode(valid, **chosen)
    context = _Context(result, valid, encoded.problem, encoded, dict(options), chosen)
    if result.counts:
        from c2q.decode import decode

        context.decoded = decode(encoded.problem, encoded.encoding, result.counts, result.classical_optimum)
    return context


def _found_source(algorithm: dict[str, Any]) -> str | None:
    """The ``--ansatz`` that rebuilds the circuit that ran: ``rl:<run>``, or a search's kept ansatz file."""
    source = str(algorithm.get("ansatz"))
    if source.startswith("rl:"):
        return source
    kept = algorithm.get("ansatz_file")
    if source == "search" and kept and Path(kept).is_file():
        return f"rl:{kept}"
    return None


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
        return _png(_tsp_figure(context.problem, _internal_answer(context)))
    if hasattr(context.problem, "graph"):
        return _png(_graph_figure(context.problem, family, _internal_answer(context)))
    return None


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
    return fig


def _layout(graph: Any) -> dict[int, Any]:
    import networkx as nx

    if graph.number_of_nodes() <= 2 or not nx.is_connected(graph):
        return nx.spring_layout(graph, seed=1)
    return nx.kamada_kawai_layout(graph)


def _graph_figure(problem: Any, family: str, answer: dict[str, Any]) -> Any:
    """The graph, with the answer in colour: cut sides, chosen set, clique, colouring."""
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    graph, n = problem.graph, problem.num_nodes
    fig = _new_figure(6.4, 4.6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    pos = _layout(graph)
    node_colour, special, legend = [PLAIN] * n, set(), []
    edge_style = {"colour": "#555555", "width": 1.2, "style": "solid"}
    if family == "maxcut":
        left = set(answer["partition"][0])
        node_colour = [SIDES[0] if v in left else SIDES[1] for v in range(n)]
        special = {(u, v) for u, v in graph.edges if (u in left) != (v in left)}
        title = f"cut value {answer['cut_value']:g}: {len(special)} of {graph.number_of_edges()} edges cut"
        legend = [Patch(color=SIDES[0], label="side 0"), Patch(color=SIDES[1], label="side 1")]
        legend.append(Line2D([], [], color=CUT, lw=2.5, ls="--", label="cut edge"))
    elif family in ("mis", "vc", "clique"):
        key = {"mis": "independent_set", "vc": "vertex_cover", "clique": "maximum_clique"}[family]
        chosen = set(answer[key] or [])
        node_colour = [CHOSEN if v in chosen else PLAIN for v in range(n)]
        name = {"mis": "independent set", "vc": "vertex cover", "clique": "clique"}[family]
        legend = [Patch(color=CHOSEN, label=name)]
        if family == "vc":
            special = {(u, v) for u, v in graph.edges if u not in chosen and v not in chosen}
            label = "uncovered edge"
        elif family == "mis":
            special = {(u, v) for u, v in graph.edges if u in chosen and v in chosen}
            label = "edge inside the set"
        else:
            special = {(u, v) for u, v in graph.edges if u in chosen and v in chosen}
            label = "clique edge"
        colour = CHOSEN if family == "clique" else CUT
        if special or family == "clique":
            legend.append(Line2D([], [], color=colour, lw=2.5, ls="-" if family == "clique" else "--", label=label))
        title = f"{name} of size {len(chosen)}"
        if family == "clique" and answer.get("k") is not None:
            title += f"; a {answer['k']}-clique {'exists' if answer['exists'] else 'was not found'}"
    else:  # kcolor
        from matplotlib import colormaps

        palette = colormaps["tab10"]
        colours = answer["colouring"]
        node_colour = [palette(c % 10) for c in colours]
        special = {(u, v) for u, v in graph.edges if colours[u] == colours[v]}
        used = sorted(set(colours))
        legend = [Patch(color=palette(c % 10), label=f"colour {c}") for c in used]
        if special:
            legend.append(Line2D([], [], color=CUT, lw=2.5, ls="--", label="conflict"))
        conflicts = answer["conflicts"]
        title = f"{len(used)} colour(s), " + (f"conflicting edge weight {conflicts:g}" if conflicts else "no conflict")
    plain = [e for e in graph.edges if e not in special]
    nx.draw_networkx_edges(graph, pos, edgelist=plain, ax=ax, edge_color=edge_style["colour"], width=1.2)
    if special:
        clique = family == "clique"
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=list(special),
            ax=ax,
            edge_color=CHOSEN if clique else CUT,
            width=2.8,
            style="solid" if clique else "--",
        )
    size = 700 if n <= 12 else max(120, 700 * 12 // n)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=node_colour, node_size=size, edgecolors="#333333")
    labels = problem.labels or list(range(n))
    names = {v: str(labels[v]) for v in range(n)}
    longest = max((len(name) for name in names.values()), default=1)
    nx.draw_networkx_labels(graph, pos, names, ax=ax, font_size=10 if n <= 12 and longest <= 3 else 7)
    weights = {(u, v): problem.weight(u, v) for u, v in graph.edges}
    if any(w != 1.0 for w in weights.values()) and graph.number_of_edges() <= 40:
        nx.draw_networkx_edge_labels(graph, pos, {e: f"{w:g}" for e, w in weights.items()}, ax=ax, font_size=8)
    ax.set_title(title, fontsize=11)
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
    ax.margins(0.12)
    return fig


def _tsp_figure(problem: Any, answer: dict[str, Any]) -> Any:
    """Cities on a circle, every road with its length, the tour as numbered arrows."""
    import networkx as nx
    from matplotlib.lines import Line2D

    n = problem.num_cities
    fig = _new_figure(6.4, 4.6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    roads = nx.Graph()
    roads.add_nodes_from(range(n))
    roads.add_edges_from(
        (i, j) for i in range(n) for j in range(i + 1, n) if problem.roads[i, j] or problem.roads[j, i]
    )
    pos = nx.circular_layout(roads)
    nx.draw_networkx_edges(roads, pos, ax=ax, edge_color="#c8c8c8", width=1.0)
    tour = answer.get("tour")
    if tour:
        steps = nx.DiGraph(list(zip(tour, tour[1:] + tour[:1], strict=True)))
        nx.draw_networkx_edges(
            steps,
            pos,
            ax=ax,
            edge_color=CUT,
            width=2.4,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=18,
            node_size=700,
            connectionstyle="arc3,rad=0.18",
        )
        cost = answer.get("cost")
        title = f"tour {' → '.join(map(str, [*tour, tour[0]]))}, length {_fmt(cost)}"
    else:
        title = "no valid tour among the samples"
    if n <= 8:
        d = problem.distances
        label = {(i, j): f"{d[i, j]:g}" if problem.symmetric else f"{d[i, j]:g} / {d[j, i]:g}" for i, j in roads.edges}
        # roads across the circle's centre all meet there: label those off-centre
        across = {e for e in roads.edges if np.linalg.norm(pos[e[0]] + pos[e[1]]) < 1e-6}
        for edges, where in ((set(roads.edges) - across, 0.5), (across, 0.3)):
            texts = nx.draw_networkx_edge_labels(
                roads,
                pos,
                {e: label[e] for e in edges},
                ax=ax,
                font_size=9,
                font_color="#444444",
                label_pos=where,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
            )
            for text in texts.values():
                text.set_zorder(5)
    colours = [CHOSEN if tour and v == tour[0] else PLAIN for v in range(n)]
    nx.draw_networkx_nodes(roads, pos, ax=ax, node_color=colours, node_size=700, edgecolors="#333333")
    nx.draw_networkx_labels(roads, pos, ax=ax, font_size=10)
    legend = [Line2D([], [], color=CUT, lw=2.4, label="tour"), Line2D([], [], color="#c8c8c8", label="road (length)")]
    legend.append(Line2D([], [], marker="o", ls="", color=CHOSEN, markeredgecolor="#333333", ms=10, label="start"))
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
    ax.set_title(title, fontsize=11)
    ax.margins(0.12)
    return fig


# ----- encoding


def _encoding_section(context: _Context) -> Section:
    section = Section("Encoding")
    enc, result = context.encoding, context.result
    if enc is None:
        return section.add("text", "No quantum encoding: the answer follows directly from the input.")
    from c2q.problems.base import ArithmeticEncoding, OracleEncoding

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
    penalty = _penalty(problem, program)
    if penalty is not None:
        rows.append(("penalty", penalty))
    return rows


def _penalty(problem: Any, program: Any) -> str | None:
    """The constraint penalty of the encoding, where it has one."""
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
    """``--backend auto``: the recommender's ranking of the simulators, re-computed with the solve's options."""
    from c2q.api import recommend

    section = Section("Backend ranking (--backend auto)")
    options = context.options
    ranking = recommend(
        context.spec,
        **context.encode_options,
        shots=options.get("shots", 2048),
        seed=options.get("seed", context.result.backend.get("seed")),
        devices=[],
        ibm=False,
    )
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
    section.add(
        "figure", _png(_ranking_figure(ranking, chosen)), "predicted fidelity against time (and cost, when any)"
    )
    return section


def _ranking_figure(ranking: Any, chosen: str | None) -> Any:
    """Trade-off plot of the feasible targets; targets at the same point share one label."""
    rows = [(rank, row) for rank, row in enumerate((r for r in ranking.targets if r.feasible), 1)]
    priced = any((row.cost or 0.0) > 0 for _, row in rows)
    fig = _new_figure(9.0 if priced else 6.4, 3.6)
    axes = fig.subplots(1, 2 if priced else 1, sharey=True, squeeze=False)[0]
    panels = [("seconds", "predicted time (s)"), ("cost", "estimated cost (USD)")][: len(axes)]
    for ax, (key, label) in zip(axes, panels, strict=True):
        groups: dict[tuple[float, float], list[tuple[int, Any]]] = {}
        for rank, row in rows:
            x = max(getattr(row, key) or 0.0, 1e-3)
            groups.setdefault((round(math.log10(x), 1), round(row.fidelity or 0.0, 3)), []).append((rank, row))
        for members in groups.values():
            x = max(getattr(members[0][1], key) or 0.0, 1e-3)
            y = members[0][1].fidelity or 0.0
            top = any(row.name == chosen for _, row in members)
            ax.scatter([x], [y], s=60 if top else 30, c=CHOSEN if top else SIDES[0], edgecolors="#333333", zorder=3)
            text = ", ".join(str(rank) for rank, _ in members)
            above = members[0][0] % 2
            ax.annotate(
                text,
                (x, y),
                xytext=(0, 7 if above else -8),
                textcoords="offset points",
                fontsize=9,
                ha="center",
                va="bottom" if above else "top",
            )
        xs = [max(getattr(row, key) or 0.0, 1e-3) for _, row in rows]
        ax.set_xscale("log")
        ax.set_xlim(min(xs) / 2.5, max(xs) * 12)
        ax.set_xlabel(label + (" (0 shown at 0.001)" if key == "cost" else ""))
        ax.grid(alpha=0.3)
    low = min(row.fidelity or 0.0 for _, row in rows)
    axes[0].set_ylim(min(low, 0.97) - 0.03, 1.015)
    axes[0].set_ylabel("predicted fidelity")
    fig.suptitle("each target's rank, as in the table; green: the target that ran", fontsize=9)
    return fig


# ----- measurements


def _measurement_section(context: _Context) -> Section:
    section = Section("Measurements")
    result = context.result
    backend = result.backend
    rows = [("backend", f"{backend['name']} ({backend.get('method') or '-'})")]
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
    section.add("figure", _png(_histogram(context)), f"the {TOP_K} most frequent bitstrings (at most)")
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
    """Top-k bitstrings by frequency, coloured optimal / feasible / infeasible, the answer starred."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    counts = context.result.counts
    shots = sum(counts.values())
    keys = sorted(counts, key=lambda k: (-counts[k], k))
    top = keys[:TOP_K]
    chosen = context.decoded.bitstring
    if chosen not in top:
        top[-1] = chosen
    statuses = _classify(context, top)
    width = max(len(k) for k in top)
    fig = _new_figure(max(6.4, 0.42 * len(top) + 1.5), 4.2 + 0.07 * width)
    ax = fig.add_subplot()
    probabilities = [counts[k] / shots for k in top]
    colours = [COLOURS[s] for s, _ in statuses]
    bars = ax.bar(range(len(top)), probabilities, color=colours, edgecolor="#333333", linewidth=0.6)
    for bar, (_, label), key in zip(bars, statuses, top, strict=True):
        ax.annotate(
            label,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="#333333",
        )
        if key == chosen:
            ax.plot(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height() * 0.5,
                marker="*",
                ms=13,
                color="white",
                markeredgecolor="black",
            )
    ax.set_xticks(range(len(top)), top, rotation=90, fontfamily="monospace", fontsize=8 if width <= 12 else 7)
    ax.set_xlabel("bitstring (qubit 0 rightmost)")
    ax.set_ylabel("probability")
    ax.set_ylim(0, max(probabilities) * 1.12)
    slack = max(0.0, (6 - len(top)) / 2)  # a few bars stay bar-sized
    ax.set_xlim(-0.6 - slack, len(top) - 0.4 + slack)
    ax.grid(axis="y", alpha=0.3)
    names = _status_names(context.result.family)
    legend, seen = [], set()
    for status in ("optimal", "feasible", "infeasible"):
        if status in {s for s, _ in statuses} and names[status] not in seen:
            seen.add(names[status])
            legend.append(Patch(color=COLOURS[status], label=names[status]))
    legend.append(Line2D([], [], marker="*", ls="", ms=11, color="white", markeredgecolor="black", label="answer"))
    ax.legend(
        handles=legend, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(legend), frameon=False
    )
    rest = 1 - sum(probabilities)
    shown = f"{len(top)} of {len(keys)} distinct bitstrings" + (
        f"; the others: {rest:.1%} of shots" if rest > 0 else ""
    )
    family = context.result.family
    value = OBJECTIVES.get(family, "colours used" if getattr(context.problem, "k", 0) is None else "conflicts")
    fig.suptitle(f"{shots} samples: {shown}. Numbers above the bars: {value}", fontsize=9)
    return fig


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


# --------------------------------------------------------------------------- figures


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    with _missing_glyphs_quiet():
        fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


@contextlib.contextmanager
def _missing_glyphs_quiet() -> Iterator[None]:
    """A label in a script the font lacks is drawn as a box, without a warning on stderr."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        yield


# --------------------------------------------------------------------------- HTML

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #f6f6f4; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 12px; } h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 2px solid #ddd; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
th, td { text-align: left; padding: 3px 12px 3px 0; vertical-align: top; border-bottom: 1px solid #eee; }
th { color: #555; font-weight: 600; } table.kv td:first-child { color: #555; white-space: nowrap; }
pre { font: 12px/1.2 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #fafafa; border: 1px solid #e5e5e5;
      padding: 10px; overflow-x: auto; }
figure { margin: 10px 0 18px; } figure img { max-width: 100%; height: auto; }
figcaption { color: #666; font-size: 13px; } .header td:first-child { font-weight: 600; }
"""


def render_html(title: str, header: list[tuple[str, str]], sections: list[Section]) -> str:
    """One HTML page: inline CSS, figures embedded as base64 PNG."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        _html_kv(header, "kv header"),
    ]
    for section in sections:
        parts.append(f"<section><h2>{e(section.title)}</h2>")
        parts += [_html_block(block) for block in section.blocks]
        parts.append("</section>")
    parts.append("<p style='color:#888;font-size:12px'>generated by c2q</p></main></body></html>")
    return "\n".join(parts) + "\n"


def _html_kv(rows: list[tuple[str, Any]], cls: str = "kv") -> str:
    cells = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="{cls}">{cells}</table>'


def _html_block(block: tuple[Any, ...]) -> str:
    e = html.escape
    kind = block[0]
    if kind == "kv":
        return _html_kv(block[1])
    if kind == "table":
        head = "".join(f"<th>{e(h)}</th>" for h in block[1])
        body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block[2])
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if kind == "pre":
        return f"<pre>{e(block[1])}</pre>"
    if kind == "list":
        return "<ul>" + "".join(f"<li>{e(item)}</li>" for item in block[1]) + "</ul>"
    if kind == "text":
        return f"<p>{e(block[1])}</p>"
    data = base64.b64encode(block[1]).decode("ascii")
    image = f'<img alt="{e(block[2])}" src="data:image/png;base64,{data}">'
    return f"<figure>{image}<figcaption>{e(block[2])}</figcaption></figure>"


# --------------------------------------------------------------------------- PDF

PAGE = (8.27, 11.69)  # A4, inches
MARGIN = 0.6
BODY_PT, MONO_PT = 9.5, 8.0
#: line height of drawings: box-drawing characters join up at about 1.17 em
PRE_SPACING = 1.17
#: a section starts on a new page when less than this is left (inches)
SECTION_ROOM = 2.2


class _Page:
    """A cursor over A4 pages: text and images placed top-down, a new page when one is full."""

    def __init__(self, pdf: Any) -> None:
        self.pdf, self.fig, self.y = pdf, None, 0.0
        self.pages = 0
        self.columns = int((PAGE[0] - 2 * MARGIN) * 72 / (0.6 * MONO_PT))

    def new(self) -> None:
        self.flush()
        from matplotlib.figure import Figure

        self.fig, self.y = Figure(figsize=PAGE), PAGE[1] - MARGIN
        self.pages += 1
        self.fig.text(1 - MARGIN / PAGE[0], MARGIN / 2 / PAGE[1], f"{self.pages}", ha="right", fontsize=8, color="#888")

    def flush(self) -> None:
        if self.fig is not None:
            with _missing_glyphs_quiet():
                self.pdf.savefig(self.fig)
            self.fig = None

    def room(self, inches: float) -> None:
        """Start a new page unless ``inches`` of height are left on this one."""
        if self.fig is None or self.y - inches < MARGIN:
            self.new()

    def line(
        self,
        text: str,
        size: float = BODY_PT,
        mono: bool = False,
        bold: bool = False,
        colour: str = "#222",
        spacing: float = 1.38,
    ) -> None:
        height = size * spacing / 72
        self.room(height)
        self.fig.text(
            MARGIN / PAGE[0],
            (self.y - size / 72) / PAGE[1],
            text,
            fontsize=size,
            color=colour,
            family="DejaVu Sans Mono" if mono else "DejaVu Sans",
            weight="bold" if bold else "normal",
        )
        self.y -= height

    def gap(self, inches: float = 0.08) -> None:
        self.y -= inches

    def image(self, png: bytes, caption: str) -> None:
        from matplotlib.image import imread

        pixels = imread(io.BytesIO(png), format="png")
        width = PAGE[0] - 2 * MARGIN
        natural_width = pixels.shape[1] / DPI
        width = min(width, natural_width)
        height = width * pixels.shape[0] / pixels.shape[1]
        available = self.y - MARGIN - 0.3
        if height > available and available < max(2.5, 0.7 * height):  # shrink a figure by 30% at most
            self.new()
            available = self.y - MARGIN - 0.3
        if height > available:
            width, height = width * available / height, available
        left = (PAGE[0] - width) / 2
        ax = self.fig.add_axes((left / PAGE[0], (self.y - height) / PAGE[1], width / PAGE[0], height / PAGE[1]))
        ax.imshow(pixels, interpolation="antialiased")
        ax.set_axis_off()
        self.y -= height + 0.05
        self.line(caption, size=8, colour="#666")


def render_pdf(title: str, header: list[tuple[str, str]], sections: list[Section], path: str | Path) -> int:
    """The report as a PDF on A4 pages: sections follow one another; a section starts a new page
    when less than :data:`SECTION_ROOM` inches are left, and a drawing or figure moves on whole.

    :return: the number of pages.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path, metadata={"Title": title, "Creator": "c2q"}) as pdf:
        page = _Page(pdf)
        page.new()
        page.line(title, size=17, bold=True)
        page.gap(0.05)
        _pdf_kv(page, header)
        for section in sections:
            page.room(SECTION_ROOM)
            page.gap(0.2)
            page.line(section.title, size=13.5, bold=True)
            page.gap(0.04)
            for block in section.blocks:
                _pdf_block(page, block)
                page.gap(0.08)
        page.flush()
    return page.pages


def _pdf_kv(page: _Page, rows: list[tuple[str, Any]]) -> None:
    key_width = min(26, max((len(str(k)) for k, _ in rows), default=0) + 2)
    for key, value in rows:
        wrapped = textwrap.wrap(str(value), page.columns - key_width) or [""]
        for i, part in enumerate(wrapped):
            page.line(f"{(str(key) if i == 0 else ''):<{key_width}}{part}", size=MONO_PT, mono=True)


def _pdf_table(page: _Page, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    budget = page.columns - 2 * (len(widths) - 1)
    while sum(widths) > budget and max(widths) > 8:  # shrink the widest column until it fits
        widths[widths.index(max(widths))] -= 1

    def fit(cell: str, width: int) -> str:
        return cell if len(cell) <= width else cell[: width - 1] + "…"

    def join(cells: list[str]) -> str:
        return "  ".join(f"{fit(str(c), w):<{w}}" for c, w in zip(cells, widths, strict=True)).rstrip()

    page.line(join(header), size=MONO_PT, mono=True, bold=True)
    page.line("  ".join("─" * w for w in widths), size=MONO_PT, mono=True, colour="#888")
    for row in rows:
        page.line(join(row), size=MONO_PT, mono=True)


def _pdf_block(page: _Page, block: tuple[Any, ...]) -> None:
    kind = block[0]
    if kind in ("kv", "table"):  # keep short tables on one page
        rows = len(block[1]) if kind == "kv" else len(block[2]) + 2
        height = rows * MONO_PT * 1.38 / 72
        if height < (PAGE[1] - 2 * MARGIN) / 2:
            page.room(height)
    if kind == "kv":
        _pdf_kv(page, block[1])
    elif kind == "table":
        _pdf_table(page, block[1], block[2])
    elif kind == "pre":  # a page may break between folds of the drawing, not inside one
        lines = block[1].splitlines()
        fold = block[2] if len(block) > 2 else len(lines)
        longest = max((len(line) for line in lines), default=1)
        size = min(MONO_PT, (PAGE[0] - 2 * MARGIN) * 72 / (0.61 * longest))
        for start in range(0, len(lines), fold):
            chunk = lines[start : start + fold]
            height = len(chunk) * size * PRE_SPACING / 72
            if height < PAGE[1] - 2 * MARGIN:
                page.room(height)
            for line in chunk:
                page.line(line, size=size, mono=True, spacing=PRE_SPACING)
    elif kind in ("list", "text"):
        items = block[1] if kind == "list" else [block[1]]
        width = int(page.columns * MONO_PT / BODY_PT * 1.12)
        for item in items:
            prefix = "• " if kind == "list" else ""
            for i, part in enumerate(textwrap.wrap(item, width - len(prefix)) or [""]):
                page.line((prefix if i == 0 else " " * len(prefix)) + part)
    else:
        page.image(block[1], block[2])
