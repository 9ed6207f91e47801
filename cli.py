"""The ``c2q`` command: a thin layer over :mod:`c2q.api`.

Every c2q error becomes one line on stderr and exit code 2; no tracebacks for bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, NoReturn


def _json(data: Any) -> str:
    """Indented JSON with real characters (labels in any script), as every command prints and writes it."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def _version() -> str:
    from c2q import __version__  # the one version (pyproject reads it too)

    return __version__


class _Parser(argparse.ArgumentParser):
    """argparse, with a command-line mistake on one line like every other c2q error (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"c2q: error: {message} (fix: {self.prog} --help)\n")


def _add_search_options(train: argparse.ArgumentParser, grl: argparse.ArgumentParser) -> None:
    """``c2q train``'s and ``c2q grl``'s options, declared once with :class:`c2q.TrainOptions`."""
    import c2q

    c2q.TrainOptions.add_arguments(train)
    c2q.TrainOptions.add_grl_arguments(grl)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Argument parser of the ``c2q`` command.

    :param command: the subcommand that will run, when known: the architecture-search options
        (``train``, ``grl``) are only added when it is one of them (``None``: every option).
    """
    import c2q

    parser = _Parser(prog="c2q", description="Solve classical problems with quantum programs.")
    parser.add_argument("--version", action="version", version=f"c2q {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = sub.add_parser("solve", help="solve a problem spec end to end and verify the answer")
    solve.add_argument(
        "spec",
        nargs="+",
        help="problem file (C2|Q> JSON, DSL JSON, canonical c2q JSON, DIMACS .cnf, CPLEX .lp or a Python program .py); "
        "or many: a directory (searched recursively), a quoted glob like 'specs/**/*.json', several files",
    )
    solve.add_argument("--algorithm", default="auto", choices=c2q.ALGORITHMS)
    solve.add_argument(
        "--backend",
        default="aer",
        help="aer (default), aer:mps, auto (the recommender's top simulator), a fake device, e.g. fake_manila "
        "(its noisy simulation, small circuits only), or an IBM Quantum device, ibm:<name>, e.g. ibm:ibm_brisbane "
        "(credentials: see README)",
    )
    solve.add_argument(
        "--opt-level", type=int, default=None, choices=[0, 1, 2, 3], help="transpiler level (default 1 Aer, 3 devices)"
    )
    solve.add_argument(
        "--shots", type=int, default=2048, help="shots of the final sampling run (default 2048; grover: one per trial)"
    )
    solve.add_argument("--seed", type=int, default=None, help="seed for a repeatable run")
    solve.add_argument("--reps", type=int, default=None, help="ansatz layers (default 2)")
    solve.add_argument(
        "--optimizer",
        default="auto",
        choices=["auto", "cobyla", "powell", "nelder-mead", "l-bfgs-b"],
        help="auto (default): VQE on a simulator trains with CVaR gradients in stages (exact up to 18 qubits, "
        "sampled from the ansatz's MPS past that), else COBYLA",
    )
    solve.add_argument("--maxiter", type=int, default=None, help="objective evaluations per optimisation stage")
    solve.add_argument("--cvar-alpha", type=float, default=None, help="CVaR fraction in (0, 1]; 1 = plain energy")
    solve.add_argument(
        "--encoding",
        default="auto",
        help="family encoding, e.g. onehot for tsp, binary for factor (VQE) (default auto)",
    )
    solve.add_argument(
        "--ansatz",
        default=None,
        help="rl:<run>: VQE with the circuit `c2q train --problem <spec> --out <run>` found; "
        "search: run that search first, briefly (--search-steps), on this problem",
    )
    solve.add_argument(
        "--search-steps", type=int, default=None, help="--ansatz search: environment steps (default 2000)"
    )
    solve.add_argument(
        "--search-out",
        default=None,
        help="--ansatz search: keep the search's run folder there (default: a temporary folder)",
    )
    solve.add_argument(
        "--circuit", default="ripple", choices=["ripple", "qft"], help="arithmetic circuit family (add, sub, mul)"
    )
    solve.add_argument(
        "--solutions",
        type=int,
        default=None,
        help="Grover search (sat, factor): number of solutions, when known (runs the optimal iteration count)",
    )
    solve.add_argument(
        "--classical-time-limit",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time the exact classical reference may take (default 30); past it the result gives its best answer, "
        "bound and gap instead of an optimum",
    )
    solve.add_argument(
        "--postprocess",
        default="none",
        metavar="STAGE",
        help="none (default) or local-search: a named classical stage improves the best samples by bit-flip "
        "descent; the result keeps the raw quantum answer beside the improved one",
    )
    solve.add_argument(
        "--json", action="store_true", help="print the result as JSON (stable schema; many: the summary)"
    )
    solve.add_argument(
        "--out", help="also write the JSON result to this file (many specs: results folder, c2q-results)"
    )
    solve.add_argument(
        "--report", metavar="FILE", help="also write a report with plots: FILE.html (one self-contained file) or .pdf"
    )
    solve.add_argument(
        "--workers", type=int, default=None, help="many specs: parallel Ray workers (default: CPUs; 0: no Ray)"
    )
    solve.add_argument("--force", action="store_true", help="many specs: solve again those with up-to-date results")
    solve.add_argument("--address", default=None, help="many specs: Ray cluster, e.g. ray://host:10001 (RAY_ADDRESS)")

    recommend = sub.add_parser("recommend", help="rank simulators and IBM devices by predicted fidelity, time, cost")
    recommend.add_argument("spec", help="problem file (as for solve)")
    recommend.add_argument("--algorithm", default="auto", choices=c2q.ALGORITHMS)
    recommend.add_argument("--encoding", default="auto", help="family encoding, e.g. onehot for tsp, binary for factor")
    recommend.add_argument("--reps", type=int, default=None, help="ansatz layers (default 2)")
    recommend.add_argument("--maxiter", type=int, default=None, help="objective evaluations per optimisation stage")
    recommend.add_argument("--cvar-alpha", type=float, default=None, help="CVaR fraction in (0, 1]")
    recommend.add_argument("--circuit", default="ripple", choices=["ripple", "qft"])
    recommend.add_argument("--shots", type=int, default=2048, help="final sampling shots (default 2048)")
    recommend.add_argument("--seed", type=int, default=None, help="seed for compilation and bound angles")
    recommend.add_argument(
        "--weights", default=None, help="score weights, e.g. fidelity=1,time=0.5,cost=0 (default 0.6/0.2/0.2)"
    )
    recommend.add_argument("--devices", default=None, help="comma-separated fake devices (default: all of them)")
    recommend.add_argument("--prices", default=None, help='JSON file of USD per QPU second: {"default": 1.6, ...}')
    recommend.add_argument("--opt-level", type=int, default=3, choices=[0, 1, 2, 3], help="device transpiler level")
    recommend.add_argument(
        "--ibm",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="rank the IBM Quantum account's live devices too (default: when credentials are configured)",
    )
    recommend.add_argument("--top", type=int, default=15, help="feasible targets shown in the table (default 15)")
    recommend.add_argument("--all", action="store_true", help="also list every infeasible target and why")
    recommend.add_argument("--json", action="store_true", help="print the ranking as JSON")
    recommend.add_argument("--plot", metavar="FILE.png", help="save a fidelity vs time/cost trade-off plot")

    validate = sub.add_parser("validate", help="check a problem spec without running it")
    validate.add_argument("spec")
    validate.add_argument("--json", action="store_true", help="print the canonical form as JSON")

    sub.add_parser("schema", help="print the JSON Schema of the canonical input format")

    encode = sub.add_parser("encode", help="build the quantum program without running it; --export it for other tools")
    encode.add_argument("spec")
    encode.add_argument("--encoding", default="auto", help="family encoding, e.g. onehot for tsp, binary for factor")
    encode.add_argument(
        "--export",
        action="append",
        default=[],
        metavar="FILE",
        help="write the encoded problem: FILE.json (D-Wave BQM JSON; c2q hubo JSON past quadratic) or FILE.lp "
        "(CPLEX LP); repeat for both",
    )

    train = sub.add_parser("train", help="train an RL agent to search for a circuit (c2q.agents.train)")
    grl = sub.add_parser(
        "grl", help="rounds of training, each with gadgets mined from the earlier ones (c2q.agents.grl)"
    )
    if command in (None, "train", "grl"):  # importing the agents package costs about 0.6 s: only for them
        _add_search_options(train, grl)

    gadgets = sub.add_parser(
        "extract-gadgets", help="mine recurring gate sequences from c2q train runs (c2q.agents.gadgets)"
    )
    gadgets.add_argument("runs", nargs="+", help="c2q train output folders (circuits.json, best_ansatz.json)")
    gadgets.add_argument("--top-k", type=int, default=50, help="best circuits mined, by error then length (default 50)")
    gadgets.add_argument("--max-gadgets", type=int, default=5, help="gadgets picked at most (default 5)")
    gadgets.add_argument("--max-length", type=int, default=5, help="longest gadget in gates (default 5)")
    gadgets.add_argument("--max-span", type=int, default=2, choices=[1, 2, 3], help="qubits per gadget (default 2)")
    gadgets.add_argument(
        "--blocks",
        default="adjacent",
        choices=["adjacent", "connected", "entangling"],
        help="adjacent: any run of gates adjacent in the gate list (default); connected: blocks of the"
        " gate DAG whose qubits their own two-qubit gates link; entangling: connected blocks that hold"
        " a two-qubit gate",
    )
    gadgets.add_argument("--out", default="gadgets.json", help="library file (default gadgets.json)")

    parse = sub.add_parser("parse", help="read a Python program: print its problem family and instance as a spec")
    parse.add_argument("program", help="a Python program (.py) that solves a problem classically")
    parse.add_argument("--quiet", action="store_true", help="print only the canonical JSON spec")

    bench = sub.add_parser("bench", help="benchmarks: `c2q bench simulators`")
    suites = bench.add_subparsers(dest="suite", required=True, metavar="SUITE")
    sims = suites.add_parser("simulators", help="time and peak memory of each simulator against qubits")
    sims.add_argument("--families", default="qaoa,adder,ghz", help="qaoa, adder, ghz, rl (default qaoa,adder,ghz)")
    sims.add_argument("--simulators", default=None, help="e.g. statevector,mps,lightning.qubit (default: all)")
    sims.add_argument("--max-qubits", type=int, default=28, help="widest dense-state run (default 28)")
    sims.add_argument("--time-limit", type=float, default=20.0, help="seconds per run before a curve stops")
    sims.add_argument("--seed", type=int, default=1)
    sims.add_argument("--out", default="bench-simulators", help="folder for results.json, summary.md, simulators.png")

    jobs = sub.add_parser("jobs", help="IBM Quantum jobs submitted from this machine: list, status, result")
    actions = jobs.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list the local job records (contacts no service)")
    listing.add_argument("--json", action="store_true", help="print the records as JSON")
    status = actions.add_parser("status", help="a job's status on IBM Quantum")
    status.add_argument("job_id")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    result = actions.add_parser("result", help="fetch a final-sampling job's counts and decode them into a result")
    result.add_argument("job_id")
    result.add_argument("--json", action="store_true", help="print the result as JSON (the schema of solve --json)")
    result.add_argument("--raw", action="store_true", help="print the job's data (counts, evs) undecoded, as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(next((a for a in argv if not a.startswith("-")), "")).parse_args(argv)
    from c2q.errors import C2QError

    for stream in (sys.stdout, sys.stderr):  # answers and labels in any script, whatever the locale
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        return COMMANDS[args.command](args)
    except C2QError as exc:
        print(f"c2q: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("c2q: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`c2q schema | head -1`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
        return 1


def _solve(args: argparse.Namespace) -> int:
    import c2q.api
    from c2q.errors import OptionError

    if args.report and _is_batch(args.spec):
        raise OptionError("--report: one report per solve; give a single spec")
    options = c2q.SolveOptions(**_solve_options(args))  # checked before any work
    if _is_batch(args.spec):
        if args.search_out:
            raise OptionError("--search-out: one search folder per solve; give a single spec")
        return _solve_batch(args)
    if args.workers is not None or args.force or args.address:
        raise OptionError("--workers, --force, --address: only for many specs (a directory, a glob, several files)")
    args.spec = args.spec[0]
    if args.report:
        c2q.api.report_format(args.report)  # a bad path fails before any work
    if args.out:
        c2q.api.check_writable(args.out, "--out")  # before the solve, not after it
    spec = _load_spec(args.spec, quiet=args.json)
    if args.json:
        result = c2q.solve(spec, options)
    else:
        # the console is shared with IBM job progress, which nests under it
        with c2q.api.stderr_console().status(f"solving {spec.family} ({args.spec})"):
            result = c2q.solve(spec, options)
    payload = result.to_dict()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(_json(payload))
    if args.json:
        print(_json(payload))
    else:
        _print_summary(payload)
    if args.report:
        c2q.write_report(result, args.report)
        if not args.json:
            print(f"report: {args.report}")
    return 0 if payload["answer"] else 1  # 1: the run found no feasible answer, and reports none


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
        "optimization_level": args.opt_level,
        "ansatz": args.ansatz,
        "search_steps": args.search_steps,
        "search_out": args.search_out,
        "time_limit": args.classical_time_limit,
        "postprocess": args.postprocess,
    }


def _is_batch(paths: list[str]) -> bool:
    """Many specs: several paths, a directory, or a glob (that is not itself a file's name, nor JSON
    text, whose lists have brackets too)."""
    import glob
    import os

    import c2q.api

    first = paths[0]
    if len(paths) > 1 or os.path.isdir(first):
        return True
    return glob.has_magic(first) and not os.path.isfile(first) and not c2q.api.is_inline_json(first)


def _solve_batch(args: argparse.Namespace) -> int:
    """``c2q solve DIR|GLOB``: every spec in parallel (c2q.batch); exit 1 when some failed."""
    import c2q

    options = {"workers": args.workers, "force": args.force, "address": args.address, **_solve_options(args)}
    if args.out:
        options["out"] = args.out
    if args.json:
        summary = c2q.solve_many(args.spec, **options)
        print(_json(summary.to_dict()))
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        bar = Progress(*columns, console=Console(stderr=True))
        task = bar.add_task("", total=None)

        def report(done: int, total: int, row: Any) -> None:
            if row is None:  # the specs are found and the options checked: bad ones never show a bar
                bar.start()
            text = f"{total} specs" if row is None else escape(f"{row.spec}: {row.status}")
            bar.update(task, completed=done, total=total, description=text)

        try:
            summary = c2q.solve_many(args.spec, progress=report, **options)
        finally:
            if bar.live.is_started:
                bar.stop()
        _print_batch(summary)
    failed = summary.failed
    if failed:
        counts = summary.counts
        print(
            f"c2q: {len(failed)} of {counts['specs']} specs failed ({counts['error']} error(s), "
            f"{counts['crashed']} crashed): see {summary.out / 'summary.csv'}",
            file=sys.stderr,
        )
        return 1
    return 0


def _print_batch(summary: Any) -> None:
    """Per-family table, the specs that failed or missed the optimum, and one line of totals."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="c2q solve: many specs", title_justify="left")
    for column in ("family", "specs", "solved", "optimal", "failed", "median P(optimum)", "wall s"):
        table.add_column(column, justify="left" if column == "family" else "right")
    for line in summary.by_family():
        prob = line["median_optimum_probability"]
        table.add_row(
            f"[bold]{line['family']}[/bold]" if line["family"] == "all" else escape(line["family"]),
            str(line["specs"]),
            str(line["ok"]),
            str(line["optimal"]),
            str(line["failed"]) if line["failed"] else "-",
            "-" if prob is None else f"{prob:.3f}",
            f"{line['wall_s']:.1f}",
        )
    console = Console()
    console.print(table)
    for row in summary.failed:
        console.print(f"[red]{row.status}[/red] {escape(row.spec)}: {escape(row.error or '')}", highlight=False)
    for row in summary.rows:
        if row.optimal is False:
            console.print(f"[yellow]not optimal[/yellow] {escape(row.spec)}", highlight=False)
    c = summary.counts
    where = "in this process" if summary.workers == 0 else f"{summary.workers} Ray worker(s)"
    console.print(
        f"{c['specs']} specs: {c['ok']} solved ({c['skipped']} up to date, kept), {c['no_answer']} without an answer, "
        f"{c['error']} error(s), "
        f"{c['crashed']} crashed; {summary.timings['total']:.1f} s, {where}. "
        f"Results: {escape(str(summary.out))}/ (summary.csv, summary.json)",
        highlight=False,
    )


def _print_summary(r: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"c2q: {r['family']}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key, value in r["answer"].items():
        table.add_row(key.replace("_", " "), str(value))
    if not r["answer"]:
        table.add_row("answer", "[red]none[/red]: no feasible answer among the samples")
    verdict = {True: "[green]yes[/green]", False: "[red]no[/red]", None: "not checked"}[r["optimal"]]
    prob = r["optimum_probability"]
    rows = [
        ("feasible", str(r["feasible"])),
        ("objective", str(r["objective"])),
        ("classical optimum", str(r["classical_optimum"])),
        ("optimal", verdict),
        ("approximation ratio", "-" if r["approximation_ratio"] is None else f"{r['approximation_ratio']:.3f}"),
        ("P(optimum) in samples", "-" if prob is None else f"{prob:.3f}"),
        *_postprocessing_rows(r.get("postprocessing")),
        ("algorithm", _algorithm_line(r["algorithm"])),
        ("encoding", f"{r['encoding']['name']}, {r['encoding']['qubits']} qubits"),
        ("circuit", f"depth {r['circuit']['depth']}, {r['circuit']['two_qubit_gates']} two-qubit gates"),
        (
            "backend",
            "{name} ({method}), {shots} {unit}, seed {seed}".format(**r["backend"], unit=_sample_unit(r)),
        ),
        ("time", f"{r['timings']['total']:.2f} s"),
    ]
    for key, value in rows:
        table.add_row(key, value)
    console = Console()
    console.print(table)
    for warning in r["warnings"]:
        console.print(f"[yellow]note:[/yellow] {warning}")


def _postprocessing_rows(post: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The post-processing stage's rows: what ran, and the raw quantum answer beside the reported one."""
    if post is None:
        return []
    raw = post["raw"]
    verdict = {True: "optimal", False: "not optimal", None: "not checked"}[raw["optimal"]]
    outcome = "improved the answer" if post["improved"] else "no improvement: the answer is the raw one"
    return [
        ("post-processing", f"{post['stage']} from {post['starts']} samples: {outcome}"),
        ("raw quantum answer", f"objective {raw['objective']} ({verdict})"),
    ]


def _sample_unit(result: dict[str, Any]) -> str:
    """What one of the result's samples is: a shot, or one of recursive QAOA's runs."""
    if not result["algorithm"].get("correlators"):
        return "shots"
    return "run" if result["backend"]["shots"] == 1 else "runs"


def _algorithm_line(algorithm: dict[str, Any]) -> str:
    """One line on the algorithm, whatever its kind (variational, circuit, none)."""
    parts = [algorithm["name"]]
    found = str(algorithm.get("ansatz", "")).startswith("rl:") or algorithm.get("ansatz") == "search"
    if "reps" in algorithm and not found:
        parts.append(f"reps={algorithm['reps']}")
    if found:
        parts.append(f"- ansatz {algorithm['ansatz']}")
    if algorithm.get("ansatz") == "search":  # c2q solve --ansatz search
        error = algorithm.get("search_error")
        parts.append(f"({algorithm['search_steps']} search steps, error {'-' if error is None else f'{error:.2e}'})")
    for key in ("construction", "reason"):
        if key in algorithm:
            parts.append(f"- {algorithm[key]}")
    if algorithm.get("correlators"):  # recursive QAOA: its runs are its samples
        runs, rounds = algorithm["runs"], algorithm["rounds"]
        plural = "s" if runs > 1 else ""
        parts.append(f"- {runs} run{plural} of {rounds} rounds, {algorithm['correlators']} correlators")
        if algorithm.get("correlator_jobs"):
            parts.append(f"({algorithm['correlator_jobs']} jobs x {algorithm['shots_per_job']} shots)")
    elif "trials" in algorithm:
        parts.append(f"- {algorithm['schedule']} schedule, {algorithm['iterations']} iterations")
        parts.append(f"in {algorithm['trials']} trial(s)")
    elif algorithm.get("evaluations"):
        parts.append(f"({algorithm['evaluations']} evaluations)")
    return " ".join(parts)


def _recommend(args: argparse.Namespace) -> int:
    import c2q

    spec = _load_spec(args.spec, quiet=args.json)
    options = {
        "algorithm": args.algorithm,
        "encoding": args.encoding,
        "reps": args.reps,
        "maxiter": args.maxiter,
        "cvar_alpha": args.cvar_alpha,
        "circuit": args.circuit,
        "shots": args.shots,
        "seed": args.seed,
        "devices": [d.strip() for d in args.devices.split(",") if d.strip()] if args.devices else None,
        "weights": args.weights,
        "prices": args.prices,
        "optimization_level": args.opt_level,
        "ibm": args.ibm,
    }
    if args.json:
        ranking = c2q.recommend(spec, **options)
    else:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("compiling for devices", total=None)
            ranking = c2q.recommend(
                spec, **options, progress=lambda done, total, name: bar.update(task, completed=done, total=total)
            )
    if args.plot:
        ranking.plot(args.plot)
    if args.json:
        print(_json(ranking.to_dict()))
    else:
        _print_ranking(ranking, args.top, args.all, args.plot)
    return 0


def _load_spec(path: str, quiet: bool) -> Any:
    """A validated spec from a spec file, or from a Python program (its parse summary on stderr)."""
    import c2q.api

    if not c2q.api.is_program_path(path):
        return c2q.validate(path)
    parsed = c2q.parse_file(path)
    if not quiet:
        _print_parse(parsed, path)
    return parsed.spec


def _print_ranking(ranking: Any, top: int, show_all: bool, plot: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    w = ranking.workload
    table = Table(title=f"c2q recommend: {w.label} on {w.circuit.num_qubits} qubits", title_justify="left")
    for column in ("#", "target", "qubits", "depth", "2q", "fidelity", "time", "cost", "score"):
        table.add_column(column, justify="left" if column == "target" else "right", no_wrap=True)
    feasible = [r for r in ranking.targets if r.feasible]
    for i, row in enumerate(feasible[:top], 1):
        table.add_row(
            str(i),
            row.name + (" *" if row.details.get("snapshot_note") else ""),
            f"{row.qubits}/{row.available if row.available is not None else '-'}",
            str(row.depth),
            str(row.two_qubit_gates),
            f"{row.fidelity:.3f}",
            _duration(row.seconds),
            f"${row.cost:,.0f}" if row.cost >= 100 else f"${row.cost:.2f}",
            f"{row.score:.3f}",
        )
    console = Console()
    console.width = max(console.width, 100)  # pipes get 80 columns: too few for the table
    console.print(table)
    infeasible = [r for r in ranking.targets if not r.feasible]
    shown = infeasible if show_all else infeasible[:3]
    if infeasible:
        console.print(f"{len(infeasible)} infeasible target(s){'' if show_all else ' (--all lists every one)'}:")
        for row in shown:
            console.print(f"  {row.name}: {row.reason}")
    console.print(
        "fidelity: exact simulators 1; devices: estimated success probability from calibration. "
        "time: local wall time (simulators) or QPU time (devices); cost: IBM per-second pricing (--prices)."
    )
    if any(row.details.get("snapshot_note") for row in feasible[:top]):
        console.print("* qiskit-ibm-runtime notes that this snapshot's error values are not typical of the device")
    for note in ranking.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    if plot:
        console.print(f"plot: {plot}")
    console.print(f"ranked {len(ranking.targets)} targets in {ranking.seconds:.1f} s")


def _duration(seconds: float) -> str:
    """``0.8 s``, ``7.2 min``, ``3.1 h``."""
    if seconds < 60:
        return f"{seconds:.2g} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _validate(args: argparse.Namespace) -> int:
    import c2q

    spec = c2q.validate(args.spec)
    if args.json:
        print(_json(spec.canonical))
    else:
        notes = "".join(f"; note: {w}" for w in spec.warnings)
        print(f"{args.spec}: valid {spec.family} spec ({spec.source_format} format){notes}")
    return 0


def _encode(args: argparse.Namespace) -> int:
    import c2q

    encoded = c2q.encode(args.spec, encoding=args.encoding)
    encoding = encoded.encoding
    terms = f", {len(encoded.hamiltonian)} Z-strings" if encoded.hamiltonian is not None else ""
    print(
        f"{args.spec}: {encoded.spec.family}, {encoding.name} encoding on {encoded.circuit.num_qubits} qubits{terms}; "
        f"{encoded.algorithm['name']} would run it"
    )
    for path in args.export:
        form = c2q.export_encoding(encoding, path)
        print(f"wrote {path} ({form})")
    return 0


def _parse(args: argparse.Namespace) -> int:
    import c2q

    parsed = c2q.parse_file(args.program)
    if not args.quiet:
        _print_parse(parsed, args.program)
    print(_compact_json(parsed.spec.canonical))
    return 0


def _compact_json(data: Any) -> str:
    """Indented JSON with innermost lists (edges, matrix rows) kept on one line."""
    import re

    text = _json(data)
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


def _jobs(args: argparse.Namespace) -> int:
    import c2q

    if args.action == "list":
        found = c2q.list_jobs()
        if args.json:
            print(_json(found))
        elif not found:
            print("no jobs recorded (records live in $C2Q_HOME/jobs, default ~/.c2q/jobs)")
        else:
            _print_jobs(found)
    elif args.action == "status":
        status = c2q.job_status(args.job_id)
        if args.json:
            print(_json(status))
        else:
            context = ", ".join(
                f"{key} {status[key]}" for key in ("backend", "stage", "family", "created") if status.get(key)
            )
            print(f"job {status['job_id']}: {status['status']}" + (f" ({context})" if context else ""))
    elif args.raw:
        print(_json(c2q.job_data(args.job_id)))
    else:
        payload = c2q.job_result(args.job_id).to_dict()
        if args.json:
            print(_json(payload))
        else:
            _print_summary(payload)
    return 0


def _print_jobs(found: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="c2q jobs", title_justify="left")
    for column in ("job id", "created", "backend", "stage", "problem"):
        table.add_column(column, no_wrap=column == "job id")
    for record in found:
        algorithm = (record.get("options") or {}).get("algorithm") or {}
        problem = " ".join(str(part) for part in (record.get("family"), algorithm.get("name")) if part)
        table.add_row(
            str(record.get("job_id")),
            str(record.get("created", ""))[:16].replace("T", " "),
            str(record.get("backend", "")),
            str(record.get("stage", "")),
            problem or "-",
        )
    Console().print(table)


def _train(args: argparse.Namespace) -> int:
    """``c2q train``: one run, or one per seed with ``--seeds`` (exit 1 when a seed failed)."""
    import c2q

    options = c2q.TrainOptions.from_namespace(args)
    if args.seeds is None:
        summary = c2q.train(options)
    else:

        def report(row: dict[str, Any]) -> None:
            print(f"seed {row['seed']}: {row['status']}", file=sys.stderr)

        summary = c2q.train_seeds(options, args.seeds, workers=args.workers, address=args.address, progress=report)
    print(summary.text)
    return 1 if summary.failed else 0


def _grl(args: argparse.Namespace) -> int:
    """``c2q grl``: training rounds with mined gadgets."""
    import c2q

    summary = c2q.grl(
        c2q.TrainOptions.from_namespace(args),
        args.rounds,
        top_k=args.top_k,
        max_gadgets=args.max_gadgets,
        two_qubit_prior=args.two_qubit_prior,
    )
    print(summary.text)
    return 0


def _extract_gadgets(args: argparse.Namespace) -> int:
    import c2q

    library = c2q.extract_gadgets(
        args.runs,
        top_k=args.top_k,
        max_gadgets=args.max_gadgets,
        max_length=args.max_length,
        max_span=args.max_span,
        blocks=args.blocks,
        out=args.out,
    )
    print(f"{len(library.gadgets)} gadget(s) from {library.metadata['corpus_size']} circuit(s):")
    for i, gadget in enumerate(library.gadgets):
        gates = " ".join(f"{g[0]}[{','.join(map(str, g[1:]))}]" for g in gadget.gates)
        print(f"  g{i}: {gates}  (x{gadget.count}, saving {gadget.saving})")
    print(f"library: {args.out}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from rich.console import Console

    import c2q

    console = Console(stderr=True, highlight=False)

    def report(row: Any) -> None:
        figure = f"{row.seconds:.3g} s, {row.peak_mib:.0f} MiB" if row.status == "ok" else row.status
        case = f" ({row.case})" if row.case else ""
        console.print(f"  {row.family:6s} {row.simulator:16s} {row.qubits:5d} qubits{case}  {figure}")

    summary = c2q.bench_simulators(
        args.families, args.simulators, args.max_qubits, args.time_limit, args.seed, args.out, progress=report
    )
    print(summary)
    print(f"wrote {args.out}/results.json, summary.md, simulators.png")
    return 0


def _schema(args: argparse.Namespace) -> int:
    import c2q

    print(_json(c2q.schema()))
    return 0


COMMANDS = {
    "solve": _solve,
    "validate": _validate,
    "schema": _schema,
    "encode": _encode,
    "parse": _parse,
    "recommend": _recommend,
    "jobs": _jobs,
    "train": _train,
    "grl": _grl,
    "extract-gadgets": _extract_gadgets,
    "bench": _bench,
}

if __name__ == "__main__":
    sys.exit(main())
