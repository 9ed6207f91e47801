"""How well does c2q read plain Python programs? Family, instance, answer and end-to-end figures of
the static parser (``c2q.codeparse.parse_program``) on a labelled CSV of snippets.

For every snippet of the CSV (columns code_snippet, label, family; the cells are stored escaped,
see :func:`unescape_cell`):

1. family: the parser's family (or the family named by its ``ProgramError``) against the label;
2. instance: the parsed spec against the ground truth, which comes from *running* the snippet in
   a sandboxed subprocess (``sandbox_capture.py``: ``python -I``, 10 s, 2 GiB, a temporary working
   directory, stdout discarded, ``random.seed(0)``) and recording the arguments of every call the
   snippet makes to its own functions from module level. Outcomes: ``match``, ``mismatch``,
   ``no_call`` (the snippet never calls its function: c2q should refuse, saying data is missing)
   and ``snippet_error`` (the snippet crashes before any call: ground truth unknown);
3. answer (add, sub, mul, factor): the snippet's own return value against c2q's classical answer;
4. end to end: family right and (instance match and the quantum solve optimal, or ``no_call``
   and a ``ProgramError``);
5. parse time: ``parse_program`` timed with ``time.perf_counter`` after one warm-up call.

The parser is static: it never executes the code. Only this benchmark runs the snippets, to know
what they really compute. Writes results.json, results.csv, summary.md and confusion.png to
``--out`` and prints the summary.

    python benchmarks/code_parse.py                    # the bundled dev CSV, with quantum solving
    python benchmarks/code_parse.py --no-solve         # parse + ground truth only (seconds)
    python benchmarks/code_parse.py --csv other.csv --out /tmp/code_parse --limit 20
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import save_figure  # noqa: E402
from sandbox_capture import Call, Capture, GraphValue, capture  # noqa: E402

#: CSV family names -> c2q families, in the order of the tables
FAMILIES = {
    "MaxCut": "maxcut",
    "MIS": "mis",
    "VC": "vc",
    "Clique": "clique",
    "KColor": "kcolor",
    "TSP": "tsp",
    "Factor": "factor",
    "ADD": "add",
    "SUB": "sub",
    "MUL": "mul",
}
GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor")
ARITHMETIC = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
#: tolerance for weights, distances and points
TOL = 1e-9


@dataclass
class Args:
    csv: Path = ROOT.parent / "shared" / "data" / "c2q" / "python_programs_dev.csv"
    """labelled snippets (columns code_snippet, label, family); read, never changed"""
    out: Path = ROOT / "benchmarks" / "results" / "code_parse"
    """folder for results.json, results.csv, summary.md and confusion.png"""
    seed: int = 1
    """seed of every quantum solve"""
    no_solve: bool = False
    """skip the quantum solve (family, instance, answer and timing figures only)"""
    limit: int | None = None
    """only the first N snippets (quick runs)"""
    timeout: float = 10.0
    """wall-clock seconds a snippet may run in the sandbox"""
    repeats: int = 5
    """timed parse_program calls per snippet after the warm-up (the median is kept)"""


def parse_args() -> Args:
    """Command-line arguments, defaulting to :class:`Args`."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", type=Path, default=Args.csv)
    p.add_argument("--out", type=Path, default=Args.out)
    p.add_argument("--seed", type=int, default=Args.seed)
    p.add_argument("--no-solve", action="store_true")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--timeout", type=float, default=Args.timeout)
    p.add_argument("--repeats", type=int, default=Args.repeats)
    return Args(**vars(p.parse_args()))


# ---- reading the CSV ---------------------------------------------------------------------------
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unescape_cell(cell: str) -> str:
    """The program text of one code_snippet cell.

    Most cells hold the program with its newlines written as the two characters backslash-n; some
    are also wrapped in an extra pair of double quotes, with backslash-quote inside; a few hold
    real newlines and are taken as they are. For a cell without a real newline: one wrapping pair
    of quotes is removed, then ``\\n``, ``\\t``, ``\\"`` and ``\\\\`` are undone in one left-to-right
    pass (so an escaped backslash followed by ``n`` stays a backslash and an ``n``); any other
    backslash is kept.

    :param cell: the cell as the csv module returns it.
    """
    if "\n" in cell:
        return cell
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        cell = cell[1:-1]
    out: list[str] = []
    i = 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell) and cell[i + 1] in _ESCAPES:
            out.append(_ESCAPES[cell[i + 1]])
            i += 2
        else:
            out.append(cell[i])
            i += 1
    return "".join(out)


def read_snippets(path: Path) -> Iterator[tuple[int, str, str]]:
    """``(row index from 0, c2q family of the label, program text)`` for every row of the CSV.

    :param path: a CSV with columns code_snippet, label, family.
    :raises ValueError: a family name outside :data:`FAMILIES`.
    """
    with open(path, newline="", encoding="utf-8") as f:
        for index, row in enumerate(csv.DictReader(f)):
            name = row["family"].strip()
            if name not in FAMILIES:
                raise ValueError(f"{path}: row {index}: unknown family {name!r} (known: {', '.join(FAMILIES)})")
            yield index, FAMILIES[name], unescape_cell(row["code_snippet"])


# ---- comparing a parsed spec with what the snippet called --------------------------------------
def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_scalar(v: Any) -> bool:
    return isinstance(v, int | str) and not isinstance(v, bool)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


def _weight(w: Any) -> float:
    """An edge weight; a missing one counts as 1."""
    return 1.0 if w is None else float(w)


@dataclass
class GraphCandidate:
    """A graph read from one argument.

    :param kind: ``graph`` (networkx), ``matrix``, ``edge_list`` or ``adjacency``.
    :param edges: ``frozenset({u, v}) -> weight``.
    :param nodes: the node set when the value carries it (graph, matrix, adjacency), else ``None``.
    """

    kind: str
    edges: dict[frozenset, float]
    nodes: set | None


def graph_candidates(value: Any) -> list[GraphCandidate]:
    """Every way ``value`` can be read as an undirected graph: a networkx graph, an adjacency
    matrix (square list of number lists; an edge where either entry is non-zero), an edge list
    (pairs or ``(u, v, weight)`` triples), or an adjacency dict (node -> neighbours, or node ->
    {neighbour: weight}). A value may have two readings (a 3 x 3 matrix is also a list of triples).

    :param value: a recorded argument (see ``sandbox_capture.from_jsonable``).
    """
    out: list[GraphCandidate] = []
    if isinstance(value, GraphValue):
        edges = {frozenset((u, v)): _weight(w) for u, v, w in value.edges}
        return [GraphCandidate("graph", edges, set(value.nodes))]
    if isinstance(value, list | tuple) and value and all(isinstance(r, list | tuple) for r in value):
        n = len(value)
        if all(len(r) == n and all(_is_number(x) for x in r) for r in value):
            edges = {}
            for i in range(n):
                for j in range(i, n):
                    w = value[i][j] or value[j][i]
                    if w and i != j:
                        edges[frozenset((i, j))] = float(w)
            out.append(GraphCandidate("matrix", edges, set(range(n))))
    if isinstance(value, list | tuple | set | frozenset) and value:
        items = list(value)
        pairs = all(isinstance(e, list | tuple) and len(e) in (2, 3) for e in items)
        ends = pairs and all(_is_scalar(e[0]) and _is_scalar(e[1]) for e in items)
        if ends and all(len(e) == 2 or _is_number(e[2]) for e in items):
            edges = {frozenset((e[0], e[1])): _weight(e[2] if len(e) == 3 else None) for e in items}
            out.append(GraphCandidate("edge_list", edges, None))
    if isinstance(value, dict) and value and all(_is_scalar(k) for k in value):
        edges = {}
        nodes = set(value)
        for u, nbrs in value.items():
            if isinstance(nbrs, dict) and all(_is_scalar(v) for v in nbrs):
                for v, w in nbrs.items():
                    w = w.get("weight") if isinstance(w, dict) else w
                    if w is not None and not _is_number(w):
                        return out
                    edges[frozenset((u, v))] = _weight(w)
                    nodes.add(v)
            elif isinstance(nbrs, list | tuple | set | frozenset) and all(_is_scalar(v) for v in nbrs):
                for v in nbrs:
                    edges[frozenset((u, v))] = 1.0
                    nodes.add(v)
            else:
                return out
        out.append(GraphCandidate("adjacency", edges, nodes))
    return out


def spec_graph(canonical: dict[str, Any]) -> tuple[set, dict[frozenset, float]]:
    """Node set and ``frozenset({u, v}) -> weight`` of a canonical graph spec, nodes named by the
    spec's labels when it has them.

    :param canonical: ``Spec.canonical`` of a graph family.
    """
    graph = canonical["graph"]
    labels = graph.get("labels")

    def name(i: int) -> Any:
        return labels[i] if labels else i

    edges = {}
    for e in graph["edges"]:
        edges[frozenset((name(e[0]), name(e[1])))] = _weight(e[2] if len(e) > 2 else None)
    return {name(i) for i in range(graph["nodes"])}, edges


def _same_edges(a: dict[frozenset, float], b: dict[frozenset, float]) -> bool:
    return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)


def _describe_edges(edges: dict[frozenset, float]) -> str:
    def key(e: frozenset) -> list:
        return sorted(map(repr, e))

    parts = []
    for e in sorted(edges, key=key):
        uv = sorted(e, key=repr) * (2 if len(e) == 1 else 1)
        parts.append(f"{uv[0]}-{uv[1]}" + ("" if edges[e] == 1 else f":{edges[e]:g}"))
    text = " ".join(parts)
    return text if len(text) < 200 else text[:200] + "..."


def _values(call: Call) -> list[Any]:
    """The call's argument values, plus the items of dict arguments keyed by strings (a config
    dict), plus the return value of a call without arguments (a builder such as ``make_graph()``)."""
    values = [v for _, v in call.arguments]
    for v in list(values):
        if isinstance(v, dict) and v and all(isinstance(k, str) for k in v):
            values += list(v.values())
    if not call.arguments and call.returned:
        values.append(call.value)
    return values


def match_graph(family: str, canonical: dict[str, Any], call: Call) -> tuple[bool, str]:
    """Does ``call`` pass the graph (and node count, and k) of the spec?

    The edge sets (with weights; a missing weight is 1) must be equal once the spec's nodes are
    named by its labels. The node set must match too: a networkx graph, matrix or adjacency dict
    carries its own; an edge list takes it from a node-list argument, else from an int argument
    that can be a node count (>= largest node + 1, nodes ``0..n-1``), else from the edges'
    endpoints (or ``0..max``). For clique and kcolor, the ints left once the node count is set
    aside must include the spec's k, when there are any.

    :param family: the spec's family.
    :param canonical: ``Spec.canonical``.
    :param call: one recorded call.
    :returns: ``(matched, why not)``.
    """
    spec_nodes, spec_edges = spec_graph(canonical)
    n, k = canonical["graph"]["nodes"], canonical.get("k")
    values = _values(call)
    ints = [v for v in values if _is_int(v)]
    node_lists = [
        set(v)
        for v in values
        if isinstance(v, list | tuple | set | frozenset)
        and v
        and all(_is_scalar(x) for x in v)
        and len(set(v)) == len(v)
    ]
    reason = "no graph (networkx graph, edge list, adjacency matrix or dict) among the arguments"
    for cand in (c for v in values for c in graph_candidates(v)):
        if not _same_edges(cand.edges, spec_edges):
            reason = f"edges differ: program {_describe_edges(cand.edges)}; spec {_describe_edges(spec_edges)}"
            continue
        used: list[int] = []
        if cand.nodes is not None:
            if cand.nodes != spec_nodes:
                reason = f"nodes differ: program {sorted(cand.nodes, key=repr)}, spec {sorted(spec_nodes, key=repr)}"
                continue
            if family in ("clique", "kcolor") and len(ints) >= 2 and n in ints:
                used = [n]
        else:
            endpoints = set().union(*cand.edges) if cand.edges else set()
            numeric = all(_is_int(x) for x in endpoints)
            top = max(endpoints) + 1 if numeric and endpoints else 0
            lists = [s for s in node_lists if s >= endpoints]
            counts = [i for i in ints if numeric and i >= top]
            if lists:
                ok = spec_nodes in lists
            elif counts:
                ok = any(spec_nodes == set(range(c)) for c in counts)
                used = [n] if ok else []
            else:
                ok = spec_nodes == endpoints or (numeric and spec_nodes == set(range(top)))
            if not ok:
                given = lists or [f"0..{c - 1}" for c in counts] or [sorted(endpoints, key=repr)]
                reason = f"nodes differ: program {given[0]}, spec {sorted(spec_nodes, key=repr)}"
                continue
        if family in ("clique", "kcolor"):
            rest = list(ints)
            for u in used:
                rest.remove(u)
            if rest and k not in rest:
                reason = f"k differs: program passes {rest}, spec k = {k}"
                continue
        return True, ""
    return False, reason


def _distance_matrix(value: Any, size: int) -> list[tuple[str, list[list[float | None]]]]:
    """Every way ``value`` gives a ``size`` x ``size`` distance matrix: as a matrix (``None``, inf or
    nan entries mean no road), as points ``{i: (x, y)}`` or ``[(x, y), ...]`` (Euclidean, in the
    dict's order and in sorted key order), or as a weighted networkx graph (nodes sorted)."""
    out: list[tuple[str, list[list[float | None]]]] = []

    def entry(x: Any) -> float | None:
        return None if x is None or not math.isfinite(float(x)) else float(x)

    def euclid(points: list[Any]) -> list[list[float | None]]:
        return [[math.dist(p, q) for q in points] for p in points]

    def is_point(p: Any) -> bool:
        return isinstance(p, list | tuple) and len(p) >= 1 and all(_is_number(x) for x in p)

    if isinstance(value, list | tuple) and len(value) == size:
        rows = all(isinstance(r, list | tuple) and len(r) == size for r in value)
        if rows and all(x is None or _is_number(x) for r in value for x in r):
            out.append(("matrix", [[entry(x) for x in r] for r in value]))
        if all(is_point(p) and len(p) == len(value[0]) for p in value):
            out.append(("points", euclid(list(value))))
    points = isinstance(value, dict) and len(value) == size and all(is_point(p) for p in value.values())
    if points and len({len(p) for p in value.values()}) == 1:
        out.append(("points", euclid(list(value.values()))))
        with contextlib.suppress(TypeError):  # keys that do not sort
            out.append(("points (sorted keys)", euclid([value[key] for key in sorted(value)])))
    if isinstance(value, GraphValue) and len(value.nodes) == size:
        index = {node: i for i, node in enumerate(value.nodes)}
        matrix: list[list[float | None]] = [[None] * size for _ in range(size)]
        for u, v, w in value.edges:
            matrix[index[u]][index[v]] = _weight(w)
            if not value.directed:
                matrix[index[v]][index[u]] = _weight(w)
        out.append(("graph", matrix))
    return out


def _same_matrix(a: list[list[float | None]], b: list[list[float | None]]) -> bool:
    """Equal off the diagonal; ``None`` (no road) only equals ``None``."""
    for i, (ra, rb) in enumerate(zip(a, b, strict=True)):
        for j, (x, y) in enumerate(zip(ra, rb, strict=True)):
            if i != j and ((x is None) != (y is None) or (x is not None and not _close(x, y))):
                return False
    return True


def match_tsp(canonical: dict[str, Any], call: Call) -> tuple[bool, str]:
    """Does ``call`` pass the spec's distance matrix (as a matrix, points or weighted graph)?

    :param canonical: ``Spec.canonical`` of a tsp spec.
    :param call: one recorded call.
    """
    spec = [[None if x is None else float(x) for x in row] for row in canonical["distance_matrix"]]
    reason = f"no {len(spec)}-city distance matrix, point set or weighted graph among the arguments"
    for value in _values(call):
        for kind, matrix in _distance_matrix(value, len(spec)):
            if _same_matrix(matrix, spec):
                return True, ""
            reason = f"distances differ ({kind}): program {_rounded(matrix)}, spec {_rounded(spec)}"
    return False, reason


def _rounded(matrix: list[list[float | None]]) -> str:
    text = json.dumps([[None if x is None else round(x, 3) for x in row] for row in matrix])
    return text if len(text) < 200 else text[:200] + "..."


def _numbers(call: Call) -> list[int]:
    """Integer arguments in call order (integral floats included); binary-digit strings when
    there are fewer than two."""
    values = [v for _, v in call.arguments]
    nums = [int(v) for v in values if _is_int(v) or (isinstance(v, float) and v.is_integer())]
    if len(nums) < 2:
        nums += [int(v, 2) for v in values if isinstance(v, str) and v and set(v) <= {"0", "1"}]
    return nums


def compare_call(canonical: dict[str, Any], call: Call) -> tuple[bool, str]:
    """Is the instance of ``canonical`` the one ``call`` works on? Family-aware.

    :param canonical: ``Spec.canonical`` (its family decides how to compare).
    :param call: one recorded call.
    :returns: ``(matched, why not)``.
    """
    family = canonical["family"]
    if family in GRAPH_FAMILIES:
        return match_graph(family, canonical, call)
    if family == "tsp":
        return match_tsp(canonical, call)
    if family in ARITHMETIC:
        nums, ops = _numbers(call), list(canonical["operands"])
        return nums[:2] == ops, f"program operands {nums[:2]}, spec {ops}"
    if family == "factor":
        nums = _numbers(call)
        return nums[:1] == [canonical["n"]], f"program n {nums[:1]}, spec n = {canonical['n']}"
    return False, f"no comparison for family {family!r}"


def instance_outcome(canonical: dict[str, Any] | None, cap: Capture) -> tuple[str, str, Call | None]:
    """Outcome of the extracted instance against the snippet's recorded calls.

    ``match`` when some recorded call (module level first, then calls made by a no-argument
    driver) works on the spec's instance; ``no_call`` when the snippet ran to the end without
    calling any of its functions; ``snippet_error`` when it raised (or timed out) before any call;
    ``mismatch`` otherwise (including a parser that extracted nothing from a snippet that does
    call its function).

    :param canonical: ``Spec.canonical``, or ``None`` when the parser refused.
    :param cap: what running the snippet recorded.
    :returns: ``(outcome, detail, the matching call)``.
    """
    calls = sorted(cap.calls, key=lambda c: c.depth)
    if not calls:
        if cap.error is None:
            return "no_call", "the program never calls its functions", None
        return "snippet_error", cap.error, None
    if canonical is None:
        return "mismatch", "the parser extracted no instance, but the program calls " + calls[0].function, None
    reasons = []
    for call in calls:
        ok, why = compare_call(canonical, call)
        if ok:
            return "match", "", call
        reasons.append(f"{call.function}(): {why}")
    detail = "; ".join(dict.fromkeys(reasons))
    if cap.error:
        detail += f" [the program then raised {cap.error}]"
    return "mismatch", detail, None


def check_answer(canonical: dict[str, Any], call: Call) -> tuple[bool | None, str]:
    """The snippet's own result against c2q's classical answer (add, sub, mul, factor).

    add/sub/mul: the return value equals ``a + b``, ``a - b`` or ``a * b`` of the spec's operands.
    factor: the product of the returned factors (a list, or a dict prime -> exponent) equals n.

    :returns: ``(ok, detail)``; ``ok`` is ``None`` when there is nothing to check (other family,
        or the call raised).
    """
    family = canonical["family"]
    if family not in (*ARITHMETIC, "factor"):
        return None, ""
    if not call.returned:
        return None, "the program's call raised: no value to check"
    value = call.value
    if family in ARITHMETIC:
        expected = ARITHMETIC[family](*canonical["operands"])
        ok = _is_number(value) and value == expected
        return ok, "" if ok else f"program returned {value!r}, c2q's classical answer is {expected}"
    n = canonical["n"]
    if isinstance(value, dict) and all(_is_int(p) and _is_int(e) for p, e in value.items()):
        product = math.prod(p**e for p, e in value.items())
    elif isinstance(value, list | tuple) and value and all(_is_int(p) for p in value):
        product = math.prod(value)
    else:
        prime = n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))
        return False, f"program returned {value!r}, not a list of factors or a dict prime -> exponent" + (
            f" (n = {n} is prime)" if prime else ""
        )
    return product == n, "" if product == n else f"product of {value!r} is {product}, not n = {n}"


# ---- the run -----------------------------------------------------------------------------------
def main() -> None:
    """Read the CSV, parse, run and compare every snippet, write the figures."""
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    from rich.progress import Progress

    snippets = list(read_snippets(args.csv))
    if args.limit is not None:
        snippets = snippets[: args.limit]
    rows = []
    with Progress() as progress:
        task = progress.add_task("snippets", total=len(snippets))
        for index, label, source in snippets:
            rows.append(run_one(index, label, source, args))
            r = rows[-1]
            progress.update(task, advance=1, description=f"#{index} {label}: {r['predicted']} {r['outcome']}")
    write(args, rows)


def run_one(index: int, label: str, source: str, args: Args) -> dict[str, Any]:
    """Every figure for one snippet.

    :param index: row index in the CSV (from 0).
    :param label: the c2q family of the row's label.
    :param source: the program text.
    :param args: the run's arguments.
    """
    from c2q.codeparse import parse_program
    from c2q.errors import C2QError

    row: dict[str, Any] = {"index": index, "label": label, "lines": source.count("\n") + 1}
    try:
        ast.parse(source)
        row["compiles"] = True
    except SyntaxError as exc:
        row["compiles"] = False
        row["syntax_error"] = f"line {exc.lineno}: {exc.msg}"

    filename = f"snippet_{index}.py"
    parsed, error, crash = None, None, None
    try:
        parsed = parse_program(source, filename=filename)  # the warm-up call
    except C2QError as exc:  # a ProgramError, or a SpecError from validating what it read: a refusal
        error = exc
    except Exception as exc:  # a parser bug: recorded, not a refusal
        crash = f"{type(exc).__name__}: {exc}"
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        with contextlib.suppress(Exception):
            parse_program(source, filename=filename)
        times.append(time.perf_counter() - start)
    row["parse_ms"] = round(statistics.median(times) * 1000, 3)
    try:
        row["predicted_stripped"] = parse_program(strip_names(source), filename=filename).family
    except C2QError as exc:
        row["predicted_stripped"] = getattr(exc, "family", None)
    canonical = parsed.spec.canonical if parsed is not None else None
    row["predicted"] = parsed.family if parsed is not None else getattr(error, "family", None)
    row["family_ok"] = row["predicted"] == label
    row["parse_error"] = (crash and f"parser crashed: {crash}") or (None if error is None else str(error))
    row["parse_error_line"] = getattr(error, "line", None)
    row["spec"] = canonical

    cap = capture(source, timeout=args.timeout)
    outcome, detail, call = instance_outcome(canonical, cap)
    row.update(outcome=outcome, detail=detail, capture=cap.to_dict())
    row["snippet_error"] = cap.error
    row["refused"] = error is not None
    row["matched_call"] = None if call is None else f"{call.function} (line {call.line})"
    ok, why = check_answer(canonical, call) if call is not None else (None, "")
    row.update(answer_ok=ok, answer_detail=why)

    if canonical is not None and not args.no_solve:
        import c2q

        start = time.perf_counter()
        try:
            result = c2q.solve(parsed.spec, seed=args.seed)
            row.update(
                solve_status="ok",
                optimal=result.optimal,
                feasible=result.feasible,
                answer=result.answer,
                qubits=result.encoding.get("qubits"),
                algorithm=result.algorithm.get("name"),
            )
        except C2QError as exc:
            row.update(solve_status="error", solve_error=str(exc), optimal=None, feasible=None)
        row["solve_s"] = round(time.perf_counter() - start, 3)
        row["solve_correct"] = row["optimal"] is True  # as benchmarks/c2q_dataset.py: optimal, not None
    else:
        row["solve_status"] = "skipped" if canonical is not None else "no spec"
        row["solve_correct"] = None
    row["e2e"] = (
        None
        if args.no_solve
        else bool(
            row["family_ok"]
            and ((outcome == "match" and row["solve_correct"]) or (outcome == "no_call" and row["refused"]))
        )
    )
    return row


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def strip_names(source: str) -> str:
    """The program with every name it defines renamed ``v0, v1, ...``, its comments and docstrings
    dropped, and the words of its string constants blanked: what the parser can tell from the code's
    shape and library calls alone (a generalisation check; imported module names and attributes are
    kept).

    The program must still mean the same, so each distinct string with letters becomes its own
    ``s0, s1, ...`` (node labels ``"A"``, ``"B"`` stay distinct; a dict key stays the same key), and
    strings without letters (``"1011"``, ``","``), ``"__main__"`` and the strings a library call takes
    as an argument (``weight="weight"``, ``nx.get_edge_attributes(G, "weight")``, ``PauliTerm("Z", 0)``)
    or reads as a key it never writes (``data["weight"]``) are kept, and so are the keyword names of a
    call of anything the program does not define (``QAOA(steps=2)``)."""
    tree = ast.parse(source)
    strings: dict[str, str] = {}
    imported = {
        (a.asname or a.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names
    }
    protocol = {  # keyword values of any call, and the arguments of a call of an imported module
        id(node)
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        for node in [
            *(k.value for k in call.keywords),
            *(call.args if _root_name(call.func) in imported else []),
        ]
    }
    # a key the program reads (``data["weight"]``) but never writes into a dict of its own is the
    # library's (networkx's edge data): renaming it would change what the program reads
    written = {
        key.value
        for node in ast.walk(tree)
        for key in (
            node.keys
            if isinstance(node, ast.Dict)
            else [node.slice]
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
            else []
        )
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }
    protocol |= {
        id(node.slice)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
        and node.slice.value not in written
    }
    docstrings = {
        id(body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and (body := node.body)
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    }
    keep = imported | set(dir(__import__("builtins"))) | _star_imported(tree)
    names: dict[str, str] = {}
    # attributes the program defines: set on its objects (self.colour = ...) or methods of its classes
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)}
    # the methods of a class built on a library's (``class Tour(Annealer)``'s ``energy`` and ``move``)
    # are the library's to call: they keep their names
    overrides = {
        id(f)
        for c in ast.walk(tree)
        if isinstance(c, ast.ClassDef) and any(_root_name(base) in imported for base in c.bases)
        for f in c.body
        if isinstance(f, ast.FunctionDef)
    }
    attributes |= {
        f.name
        for c in ast.walk(tree)
        if isinstance(c, ast.ClassDef)
        for f in c.body
        if isinstance(f, ast.FunctionDef) and id(f) not in overrides
    }
    parameters = {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for a in n.args + n.kwonlyargs}
    # keywords of a call of anything the program does not define (``QAOA(steps=2)``, ``add_edge(weight=w)``)
    # name the library's parameters: they keep their names even where a parameter of the program's is alike
    library_keywords = {
        id(keyword)
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and (
            (isinstance(call.func, ast.Name) and call.func.id in keep)
            or (isinstance(call.func, ast.Attribute) and call.func.attr not in attributes)
        )
        for keyword in call.keywords
    }

    def rename(name: str) -> str:
        if name in keep or (name.startswith("__") and name.endswith("__")):
            return name
        return names.setdefault(name, f"v{len(names)}")

    class Renamer(ast.NodeTransformer):
        def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
            if id(node) not in overrides:
                node.name = rename(node.name)
            self.generic_visit(node)
            return node

        def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
            node.name = rename(node.name)
            self.generic_visit(node)
            return node

        def visit_Attribute(self, node: ast.Attribute) -> ast.Attribute:
            if node.attr in attributes:
                node.attr = rename(node.attr)
            self.generic_visit(node)
            return node

        def visit_keyword(self, node: ast.keyword) -> ast.keyword:
            if node.arg in parameters and id(node) not in library_keywords:
                node.arg = rename(node.arg)
            self.generic_visit(node)
            return node

        def visit_arg(self, node: ast.arg) -> ast.arg:
            node.arg = rename(node.arg)
            return node

        def visit_Name(self, node: ast.Name) -> ast.Name:
            node.id = rename(node.id)
            return node

        def visit_Constant(self, node: ast.Constant) -> ast.Constant:
            text = node.value
            if not isinstance(text, str) or id(node) in protocol or text == "__main__":
                return node
            if id(node) in docstrings:
                return ast.Constant("")
            if not any(c.isalpha() for c in text):
                return node
            return ast.Constant(strings.setdefault(text, f"s{len(strings)}"))

        def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.Constant:
            return ast.Constant("s")

    return ast.unparse(Renamer().visit(tree))  # unparse drops the comments


def _star_imported(tree: ast.Module) -> set[str]:
    """Names a program uses but never binds, when it has a ``from module import *``: the library's
    names (``create_max_indep_set_mixer(G)``), not the program's, so they are kept."""
    if not any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree)):
        return set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arguments):
            every = [*node.posonlyargs, *node.args, *node.kwonlyargs, node.vararg, node.kwarg]
            bound |= {a.arg for a in every if a is not None}
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.ExceptHandler | ast.MatchAs):
            bound.add(node.name or "")
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - bound


# ---- writing -----------------------------------------------------------------------------------
CSV_KEYS = [
    "index", "label", "predicted", "predicted_stripped", "family_ok", "outcome", "refused", "answer_ok", "solve_status",
    "optimal", "feasible", "solve_correct", "e2e", "parse_ms", "solve_s", "qubits", "algorithm", "lines",
    "compiles", "matched_call", "detail", "parse_error", "parse_error_line", "snippet_error", "answer_detail",
    "solve_error", "spec",
]  # fmt: skip


def write(args: Args, rows: list[dict]) -> None:
    """results.json, results.csv, summary.md and confusion.png in ``args.out``; prints the summary.

    :param args: the run's arguments.
    :param rows: one dict per snippet.
    """
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        **{k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items() if k != "out"},
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
    }
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1, default=repr))
    with open(args.out / "results.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_KEYS, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "spec": json.dumps(r["spec"]) if r["spec"] is not None else ""})
    summary = summarise(rows, meta)
    (args.out / "summary.md").write_text(summary)
    plot_confusion(rows, args.out / "confusion.png")
    print(summary)


def _frac(good: int, total: int) -> str:
    return f"{good}/{total} ({good / total:.2f})" if total else "-"


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def summarise(rows: list[dict], meta: dict) -> str:
    """The markdown summary: headline figures, a table per family, the confusion matrix, and every
    disagreement.

    :param rows: one dict per snippet.
    :param meta: run settings and machine.
    """
    solved = not meta["no_solve"]
    n = len(rows)
    with_instance = [r for r in rows if r["outcome"] in ("match", "mismatch")]
    no_call = [r for r in rows if r["outcome"] == "no_call"]
    answers = [r for r in rows if r["answer_ok"] is not None]
    times = [r["parse_ms"] for r in rows]
    lines = [
        f"c2q code parser on {Path(meta['csv']).name} ({meta['date']}, {meta['machine']}, Python {meta['python']}"
        + (f", solve seed {meta['seed']})" if solved else ", no quantum solve)"),
        "",
        f"{n} snippets; {sum(r['compiles'] for r in rows)} compile with ast.parse"
        + "".join(f"; #{r['index']} does not ({r['syntax_error']})" for r in rows if not r["compiles"])
        + ". Ground truth: each snippet run in a sandboxed subprocess "
        f"({meta['timeout']:g} s, 2 GiB), recording the arguments of the calls it makes to its own functions "
        "from module level. Instance outcomes: match, mismatch, no_call (the snippet never calls its "
        "function: the right answer is a refusal), snippet_error (it crashes before any call: "
        "ground truth unknown).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| family accuracy | {_frac(sum(r['family_ok'] for r in rows), n)} |",
        f"| family accuracy with every defined name renamed and comments/strings blanked (wrong / refused) | "
        f"{_frac(sum(r['predicted_stripped'] == r['label'] for r in rows), n)} "
        f"({sum(r['predicted_stripped'] not in (r['label'], None) for r in rows)} / "
        f"{sum(r['predicted_stripped'] is None for r in rows)}) |",
        f"| instance outcomes | {_outcome_counts(rows)} |",
        f"| extraction completeness (match / snippets with an instance) | "
        f"{_frac(sum(r['outcome'] == 'match' for r in with_instance), len(with_instance))} |",
        f"| correct refusals (ProgramError on no_call snippets) | "
        f"{_frac(sum(r['refused'] for r in no_call), len(no_call))} |",
        f"| answer check (snippet's result = c2q's classical answer; add, sub, mul, factor) | "
        f"{_frac(sum(bool(r['answer_ok']) for r in answers), len(answers))} |",
    ]
    if solved:
        spec_rows = [r for r in rows if r["solve_status"] in ("ok", "error")]
        lines += [
            f"| quantum solve optimal (over parsed specs) | "
            f"{_frac(sum(bool(r['solve_correct']) for r in spec_rows), len(spec_rows))} |",
            f"| end to end (family right and (match and optimal, or no_call refused)) | "
            f"{_frac(sum(bool(r['e2e']) for r in rows), n)} |",
            f"| end to end, strict (snippets with an instance only) | "
            f"{_frac(sum(bool(r['e2e']) for r in with_instance), len(with_instance))} |",
        ]
    lines += [
        f"| parse time median / p95 / max (ms, after a warm-up call, median of {meta['repeats']}) | "
        f"{statistics.median(times):.2f} / {_percentile(times, 95):.2f} / {max(times):.2f} |",
        "",
        "Per family (by label):",
        "",
        "| family | snippets | family right | match | mismatch | no_call (refused) | snippet_error | answer ok |"
        + (" solve optimal | end to end |" if solved else "")
        + " median parse ms |",
        "|---|---|---|---|---|---|---|---|" + ("---|---|" if solved else "") + "---|",
    ]
    for fam in [*FAMILIES.values(), "all"]:
        group = [r for r in rows if fam in ("all", r["label"])]
        if not group:
            continue
        count = {o: sum(r["outcome"] == o for r in group) for o in ("match", "mismatch", "no_call", "snippet_error")}
        refused = sum(r["refused"] for r in group if r["outcome"] == "no_call")
        ans = [r for r in group if r["answer_ok"] is not None]
        specs = [r for r in group if r["solve_status"] in ("ok", "error")]
        name = f"**{fam}**" if fam == "all" else fam
        cells = [
            name,
            len(group),
            sum(r["family_ok"] for r in group),
            count["match"],
            count["mismatch"],
            f"{count['no_call']} ({refused})",
            count["snippet_error"],
            f"{sum(bool(r['answer_ok']) for r in ans)}/{len(ans)}" if ans else "-",
        ]
        if solved:
            cells += [
                f"{sum(bool(r['solve_correct']) for r in specs)}/{len(specs)}",
                sum(bool(r["e2e"]) for r in group),
            ]
        cells.append(f"{statistics.median(r['parse_ms'] for r in group):.2f}")
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    lines += ["", *confusion_table(rows), ""]
    lines += _listing(
        "Family disagreements (index, label, predicted, parser message)",
        [
            f"#{r['index']} {r['label']} -> {r['predicted'] or 'none'}: {r['parse_error'] or '(parsed)'}"
            for r in rows
            if not r["family_ok"]
        ],
    )
    lines += _listing(
        "Instance mismatches (index, label -> predicted: why)",
        [
            f"#{r['index']} {r['label']} -> {r['predicted'] or 'none'}: {r['detail']}"
            + (f" [parser: {r['parse_error']}]" if r["parse_error"] else "")
            for r in rows
            if r["outcome"] == "mismatch"
        ],
    )
    lines += _listing(
        "no_call snippets that c2q did not refuse",
        [
            f"#{r['index']} {r['label']} -> {r['predicted']}: spec {_short(r['spec'])}"
            for r in no_call
            if not r["refused"]
        ],
    )
    lines += _listing(
        "Snippets that crash before any call (ground truth unknown; what c2q did)",
        [
            f"#{r['index']} {r['label']}: {r['snippet_error']}; c2q: "
            + (f"refused ({r['parse_error']})" if r["refused"] else f"{r['predicted']} {_short(r['spec'])}")
            for r in rows
            if r["outcome"] == "snippet_error"
        ],
    )
    lines += _listing(
        "Answer check failures (the snippet's own result against c2q's classical answer)",
        [f"#{r['index']} {r['label']}: {r['answer_detail']}" for r in answers if not r["answer_ok"]],
    )
    if solved:
        lines += _listing(
            "Quantum solves not optimal or failed",
            [
                f"#{r['index']} {r['label']} -> {r['predicted']}: "
                + (r.get("solve_error") or f"optimal {r['optimal']}, feasible {r['feasible']}")
                for r in rows
                if r["solve_status"] in ("ok", "error") and not r["solve_correct"]
            ],
        )
    slow = [r for r in rows if r["parse_ms"] > 50]
    lines += _listing("Parses slower than 50 ms", [f"#{r['index']} {r['label']}: {r['parse_ms']:.1f} ms" for r in slow])
    return "\n".join(lines) + "\n"


def _outcome_counts(rows: list[dict]) -> str:
    return ", ".join(
        f"{o} {sum(r['outcome'] == o for r in rows)}" for o in ("match", "mismatch", "no_call", "snippet_error")
    )


def _short(spec: Any) -> str:
    text = json.dumps(spec)
    return text if len(text) < 160 else text[:160] + "..."


def _listing(title: str, items: list[str]) -> list[str]:
    return [f"{title}: {len(items)}", *[f"- {_cell(i)}" for i in items], ""]


def confusion(rows: list[dict]) -> tuple[list[str], list[str], list[list[int]]]:
    """Counts of (label, predicted); the last column, ``none``, is "no family found".

    :param rows: one dict per snippet.
    :returns: row names, column names, counts.
    """
    labels = list(FAMILIES.values())
    columns = [*labels, "none"]
    counts = [[0] * len(columns) for _ in labels]
    for r in rows:
        predicted = r["predicted"] if r["predicted"] in labels else "none"
        counts[labels.index(r["label"])][columns.index(predicted)] += 1
    return labels, columns, counts


def confusion_table(rows: list[dict]) -> list[str]:
    """The confusion matrix as markdown (rows: label, columns: predicted)."""
    labels, columns, counts = confusion(rows)
    lines = [
        "Confusion matrix (rows: label, columns: predicted; none = no family found):",
        "",
        "| label \\ predicted | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name, row in zip(labels, counts, strict=True):
        lines.append(f"| {name} | " + " | ".join(str(c) if c else "." for c in row) + " |")
    return lines


def plot_confusion(rows: list[dict], path: Path) -> None:
    """The confusion matrix as a picture.

    :param rows: one dict per snippet.
    :param path: the PNG to write.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labels, columns, counts = confusion(rows)
    data = np.array(counts)
    fig, ax = plt.subplots(figsize=(7.5, 6))
    ax.imshow(data, cmap="Blues")
    ax.set_xticks(range(len(columns)), columns, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    top = data.max() if data.size else 0
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            if data[i, j]:
                color = "white" if data[i, j] > top / 2 else "black"
                ax.text(j, i, str(data[i, j]), ha="center", va="center", color=color)
    ax.set_xlabel("predicted family (none = no family found)")
    ax.set_ylabel("label")
    right = sum(data[i, i] for i in range(len(labels)))
    ax.set_title(f"c2q code parser: family confusion ({right}/{data.sum()} right)")
    save_figure(fig, path, dpi=120)


if __name__ == "__main__":
    main()
