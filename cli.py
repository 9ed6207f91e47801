"""The ``c2q`` command: a thin layer over :mod:`c2q.api`.

Every c2q error becomes one line on stderr and exit code 2; no tracebacks for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def build_parser() -> argparse.ArgumentParser:
    """Argument parser of the ``c2q`` command."""
    parser = argparse.ArgumentParser(prog="c2q", description="Solve classical problems with quantum programs.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = sub.add_parser("solve", help="solve a problem spec end to end and verify the answer")
    solve.add_argument(
        "spec", help="problem file (C2|Q> JSON, DSL JSON, canonical c2q JSON, DIMACS .cnf or a Python program .py)"
    )
    solve.add_argument("--algorithm", default="auto", choices=["auto", "qaoa", "vqe", "arithmetic", "grover"])
    solve.add_argument("--backend", default="aer", help="aer (default), aer:mps, or a fake device, e.g. fake_manila")
    solve.add_argument(
        "--shots", type=int, default=2048, help="shots of the final sampling run (default 2048; grover: one per trial)"
    )
    solve.add_argument("--seed", type=int, default=None, help="seed for a repeatable run")
    solve.add_argument("--reps", type=int, default=None, help="ansatz layers (default 2)")
    solve.add_argument("--optimizer", default="cobyla", choices=["cobyla", "powell", "nelder-mead", "l-bfgs-b"])
    solve.add_argument("--maxiter", type=int, default=None, help="objective evaluations per optimisation stage")
    solve.add_argument("--cvar-alpha", type=float, default=None, help="CVaR fraction in (0, 1]; 1 = plain energy")
    solve.add_argument("--encoding", default="auto", help="family encoding, e.g. onehot for tsp (default auto)")
    solve.add_argument(
        "--circuit", default="ripple", choices=["ripple", "qft"], help="arithmetic circuit family (add, sub, mul)"
    )
    solve.add_argument(
        "--solutions",
        type=int,
        default=None,
        help="sat: number of satisfying assignments, when known (Grover runs the optimal iteration count)",
    )
    solve.add_argument("--json", action="store_true", help="print the result as JSON (stable schema)")
    solve.add_argument("--out", help="also write the JSON result to this file")

    validate = sub.add_parser("validate", help="check a problem spec without running it")
    validate.add_argument("spec")
    validate.add_argument("--json", action="store_true", help="print the canonical form as JSON")

    sub.add_parser("schema", help="print the JSON Schema of the canonical input format")

    parse = sub.add_parser("parse", help="read a Python program: print its problem family and instance as a spec")
    parse.add_argument("program", help="a Python program (.py) that solves a problem classically")
    parse.add_argument("--quiet", action="store_true", help="print only the canonical JSON spec")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    from c2q.errors import C2QError

    try:
        return COMMANDS[args.command](args)
    except C2QError as exc:
        print(f"c2q: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("c2q: interrupted", file=sys.stderr)
        return 130


def _solve(args: argparse.Namespace) -> int:
    import c2q
    from c2q.spec import is_program_path

    if is_program_path(args.spec):
        from c2q.codeparse import parse_file

        parsed = parse_file(args.spec)
        if not args.json:
            _print_parse(parsed, args.spec)
        spec = parsed.spec
    else:
        spec = c2q.validate(args.spec)
    if args.json:
        result = c2q.solve(spec, **_solve_options(args))
    else:
        from rich.console import Console

        with Console(stderr=True).status(f"solving {spec.family} ({args.spec})"):
            result = c2q.solve(spec, **_solve_options(args))
    payload = result.to_dict()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=2)
    if args.json:
        print(json.dumps(payload, indent=2))
    else:
        _print_summary(payload)
    return 0


def _solve_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "algorithm": args.algorithm,
        "backend": args.backend,
        "shots": args.shots,
        "seed": args.seed,
        "reps": args.reps,
        "optimizer": args.optimizer,
        "maxiter": args.maxiter,
        "cvar_alpha": args.cvar_alpha,
        "encoding": args.encoding,
        "circuit": args.circuit,
        "solutions": args.solutions,
    }


def _print_summary(r: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"c2q: {r['family']}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key, value in r["answer"].items():
        table.add_row(key.replace("_", " "), str(value))
    verdict = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "not checked"}[r["optimal"]]
    prob = r["optimum_probability"]
    rows = [
        ("feasible", str(r["feasible"])),
        ("objective", str(r["objective"])),
        ("classical optimum", str(r["classical_optimum"])),
        ("optimal", verdict),
        ("approximation ratio", "-" if r["approximation_ratio"] is None else f"{r['approximation_ratio']:.3f}"),
        ("P(optimum) in samples", "-" if prob is None else f"{prob:.3f}"),
        ("algorithm", _algorithm_line(r["algorithm"])),
        ("encoding", f"{r['encoding']['name']}, {r['encoding']['qubits']} qubits"),
        ("circuit", f"depth {r['circuit']['depth']}, {r['circuit']['two_qubit_gates']} two-qubit gates"),
        (
            "backend",
            "{name} ({method}), {shots} shots, seed {seed}".format(**r["backend"]),
        ),
        ("time", f"{r['timings']['total']:.2f} s"),
    ]
    for key, value in rows:
        table.add_row(key, value)
    console = Console()
    console.print(table)
    for warning in r["warnings"]:
        console.print(f"[yellow]note:[/yellow] {warning}")


def _algorithm_line(algorithm: dict[str, Any]) -> str:
    """One line on the algorithm, whatever its kind (variational, circuit, none)."""
    parts = [algorithm["name"]]
    if "reps" in algorithm:
        parts.append(f"reps={algorithm['reps']}")
    for key in ("construction", "reason"):
        if key in algorithm:
            parts.append(f"- {algorithm[key]}")
    if "trials" in algorithm:
        parts.append(f"- {algorithm['schedule']} schedule, {algorithm['iterations']} iterations")
        parts.append(f"in {algorithm['trials']} trial(s)")
    elif algorithm.get("evaluations"):
        parts.append(f"({algorithm['evaluations']} evaluations)")
    return " ".join(parts)


def _validate(args: argparse.Namespace) -> int:
    import c2q

    spec = c2q.validate(args.spec)
    if args.json:
        print(json.dumps(spec.canonical, indent=2))
    else:
        notes = "".join(f"; note: {w}" for w in spec.warnings)
        print(f"{args.spec}: valid {spec.family} spec ({spec.source_format} format){notes}")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from c2q.codeparse import parse_file

    parsed = parse_file(args.program)
    if not args.quiet:
        _print_parse(parsed, args.program)
    print(_compact_json(parsed.spec.canonical))
    return 0


def _compact_json(data: Any) -> str:
    """Indented JSON with innermost lists (edges, matrix rows) kept on one line."""
    import re

    text = json.dumps(data, indent=2)
    return re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + ", ".join(re.split(r",\s*", m.group(1))) + "]", text)


def _print_parse(parsed: Any, path: str) -> None:
    """What was recognised and where the instance came from, on stderr (stdout stays machine-readable)."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False)
    runner_up = sorted(((s, f) for f, s in parsed.scores.items() if f != parsed.family), reverse=True)[:1]
    versus = f"; next {runner_up[0][1]} {runner_up[0][0]:g}" if runner_up else ""
    console.print(f"[bold]{escape(path)}[/bold]: {parsed.family} (evidence {parsed.scores[parsed.family]:g}{versus})")
    for item in parsed.evidence[:4]:
        console.print(f"  evidence: {escape(str(item))}")
    if parsed.call:
        console.print(f"  instance from {escape(parsed.call)}")
    for key, where in parsed.sources.items():
        value = _field(parsed.spec.canonical, key)
        text = json.dumps(value, separators=(",", ":"))
        text = text if len(text) <= 60 else text[:57] + "..."
        console.print(f"    {key} = {escape(text)}  <- {escape(where)}")
    for note in parsed.notes:
        console.print(f"  [yellow]note:[/yellow] {escape(note)}")


def _field(canonical: dict[str, Any], key: str) -> Any:
    """``graph.edges`` / ``operands[1]`` of a canonical spec."""
    import re

    value: Any = canonical
    for part in re.findall(r"[^.\[\]]+", key):
        value = value[int(part)] if part.isdigit() else value.get(part)
    return value


def _schema(args: argparse.Namespace) -> int:
    from c2q.spec import canonical_schema

    print(json.dumps(canonical_schema(), indent=2))
    return 0


COMMANDS = {"solve": _solve, "validate": _validate, "schema": _schema, "parse": _parse}

if __name__ == "__main__":
    sys.exit(main())
