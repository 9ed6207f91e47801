"""Side by side: c2q against the published C2|Q> package and plain qiskit-optimization.

For every spec (either C2|Q> format) under ``--specs``, in one run, interleaved per instance
(c2q, peer, qiskit-optimization, then the next instance), each in its own subprocess with a
timeout, all on the same cores (``--cpus``):

- **c2q**: ``c2q solve SPEC --seed S --json`` (this project's virtual environment, defaults);
- **peer**: the published ``c2q-framework==0.1.4`` through its console entry point
  ``c2q-json --input SPEC``, unchanged and unseeded (it has no seed), under its own Python 3.12/3.13
  virtual environment, created and cached in ``benchmarks/.venvs/peer`` on first use. It writes its
  answers only into a LaTeX/PDF report, so ``benchmarks/peer_record.py`` wraps the functions that
  return them (its samplers and its own ``interpret``) to record what they return; without TeX its
  last step (the PDF) fails, after the answers: that error line is kept as a note;
- **qiskit-opt** (graph families): the tutorial recipe, ``benchmarks/qiskit_opt_baseline.py``.

Every answer is judged by ``benchmarks/peer_judge.py`` (brute force / networkx, not c2q's code):
status ok / wrong / error / timeout, the answer in the family's terms, the judge's reason, the
probability of the optimum where the tool exposes its samples (c2q reports it; for qiskit-opt the
judge adds up the samples it scores optimal; the peer returns only its most probable bitstrings),
wall seconds of the whole process (start-up included) and peak memory (``wait4``'s max RSS).

The peer runs three solvers on graph families (QAOA, VQE, Grover) and shows each one's most
probable answer; it is counted correct when any of them is (its QAOA answer alone is kept too).

Rows are appended to ``rows.jsonl`` as they finish (``--resume`` skips the instances already done
whole; ``--shard K/N`` splits the instances between processes, one per core); at the end
results.json, results.csv, summary.md and walltime.png are written to ``--out``.

    python benchmarks/peers.py --specs ../shared/data/c2q --out benchmarks/results/peers --cpus 0
    # two cores, each instance's three runs on one of them:
    python benchmarks/peers.py --cpus 0 --shard 0/2 --resume & python benchmarks/peers.py --cpus 1 --shard 1/2 --resume
    python benchmarks/peers.py --report-only --out benchmarks/results/peers
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import last_line, run_process, save_figure, write_rows_csv
from peer_judge import FAMILIES, GRAPH_FAMILIES, Instance, judge, read_instance

ROOT = Path(__file__).resolve().parents[1]
PEER_VENV = ROOT / "benchmarks" / ".venvs" / "peer"
PEER_PACKAGE = "c2q-framework==0.1.4"
TOOLS = ("c2q", "peer", "qiskit-opt")


@dataclass
class Args:
    specs: list[Path]
    out: Path
    seed: int = 1
    timeout: float = 300.0
    tools: tuple[str, ...] = TOOLS
    cpus: set[int] | None = None
    resume: bool = False
    report_only: bool = False
    shard: tuple[int, int] = (0, 1)


def parse_args(argv: list[str] | None = None) -> Args:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--specs", nargs="+", type=Path, default=[ROOT.parent / "shared" / "data" / "c2q"])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "peers")
    p.add_argument("--seed", type=int, default=1, help="seed for c2q and qiskit-opt (the peer has none)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per tool and instance")
    p.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    p.add_argument("--cpus", help="pin every run to these cores, e.g. 0 or 0,1 (default: as started)")
    p.add_argument("--resume", action="store_true", help="keep rows.jsonl and skip the rows it holds")
    p.add_argument("--report-only", action="store_true", help="rebuild the outputs from rows.jsonl")
    p.add_argument(
        "--shard",
        default="0/1",
        help="K/N: run only every N-th instance from the K-th (start one process per core, each with its "
        "own --cpus and --resume, all appending to the same rows.jsonl)",
    )
    ns = p.parse_args(argv)
    try:
        cpus = {int(c) for c in ns.cpus.split(",")} if ns.cpus else None
    except ValueError:
        p.error(f"--cpus {ns.cpus}: core numbers separated by commas, e.g. 0 or 0,1")
    try:
        k, n = (int(x) for x in ns.shard.split("/"))
    except ValueError:
        p.error(f"--shard {ns.shard}: K/N with whole numbers, e.g. 0/2")
    if not 0 <= k < n:
        p.error(f"--shard {ns.shard}: K must be in 0..N-1")
    if not ns.report_only and not any(s.is_dir() or s.is_file() for s in ns.specs):
        p.error(f"--specs: no such folder or file: {', '.join(map(str, ns.specs))}")
    if ns.report_only and not (ns.out / "rows.jsonl").exists():
        p.error(f"--report-only: no rows.jsonl in {ns.out} (run the benchmark first)")
    return Args(ns.specs, ns.out, ns.seed, ns.timeout, tuple(ns.tools), cpus, ns.resume, ns.report_only, (k, n))


# ---------------------------------------------------------------- the peer's environment
def peer_python() -> Path | None:
    """The peer's interpreter, creating its virtual environment on first use; None if impossible."""
    python = PEER_VENV / "bin" / "python"
    if (PEER_VENV / "bin" / "c2q-json").exists():
        return python
    base = _python_312_or_313()
    if base is None:
        print("peer skipped: no Python 3.12 or 3.13 found (pyenv or PATH); c2q-framework needs one")
        return None
    print(f"creating the peer's environment with {base} in {PEER_VENV} (about a minute)")
    try:
        subprocess.run([str(base), "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(PEER_VENV, ignore_errors=True)
        print(f"peer skipped: could not install {PEER_PACKAGE} ({exc}); is the package index reachable?")
        return None
    return python


def _python_312_or_313() -> Path | None:
    candidates = [shutil.which(f"python3.{m}") for m in (12, 13)]
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        candidates += sorted(glob.glob(f"{root}/versions/3.1[23].*/bin/python3"))
    return next((Path(c) for c in candidates if c and _runs(c)), None)


def _runs(python: str) -> bool:
    """Whether ``python`` starts (a pyenv shim exists for versions pyenv has not selected)."""
    try:
        return subprocess.run([python, "-c", "pass"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# ---------------------------------------------------------------- running one tool
def c2q_answer(instance: Instance, result: dict[str, Any]) -> dict[str, Any] | None:
    """c2q's answer (``result["answer"]``) in the judge's terms."""
    a, family = result.get("answer") or {}, instance.family
    if family == "maxcut":
        return {"side": a["partition"][0]}
    if family in ("mis", "vc"):
        return {"nodes": a["independent_set" if family == "mis" else "vertex_cover"]}
    if family == "clique":
        return {"nodes": a.get("clique") or a["maximum_clique"], "exists": a.get("exists")}
    if family == "kcolor":
        return {"colouring": dict(zip(instance.nodes, a["colouring"], strict=False))}
    if family == "tsp":
        return {"tour": a["tour"]}
    if family == "factor":
        return {"factors": a["factors"]}
    return {"value": a["result"]}


def run_c2q(instance: Instance, args: Args) -> dict[str, Any]:
    c2q = Path(sys.executable).parent / "c2q"
    run = run_process([str(c2q), "solve", instance.path, "--seed", str(args.seed), "--json"], args.timeout)
    if run["timed_out"]:
        return run
    if run["code"] != 0:
        return {**run, "error": last_line(run["stderr"])}
    try:
        result = json.loads(run["stdout"])
        answer = c2q_answer(instance, result)
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        return {**run, "error": f"unreadable output: {exc}"[:300]}
    return {**run, "answer": answer, "optimum_probability": result.get("optimum_probability")}


def peer_answers(instance: Instance, record: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """Each of the peer's answers (solver, answer in the judge's terms) from its record."""
    family = instance.family
    if family not in GRAPH_FAMILIES:
        values = record.get("interpreted") or []
        if not values:
            return []
        key = "factors" if family == "factor" else "value"
        return [("interpret", {key: values[-1]})]
    nodes = record.get("nodes") or []
    answers = []
    for solution in record.get("solutions", []):
        answer, solver = solution.get("answer"), solution["solver"]
        if answer is None:
            answers.append((solver, None))
        elif family == "maxcut":
            answers.append((solver, {"side": answer}))
        elif family == "kcolor":
            answers.append((solver, {"colouring": dict(zip(nodes, answer, strict=False))}))
        elif family == "tsp":
            answers.append((solver, {"tour": answer}))
        else:
            answers.append((solver, {"nodes": answer}))
    return answers


def run_peer(instance: Instance, args: Args, python: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="peer-") as work:
        record_path = Path(work) / "record.json"
        script = Path(__file__).resolve().parent / "peer_record.py"
        run = run_process([str(python), str(script), instance.path, str(record_path)], args.timeout, cwd=Path(work))
        if run["timed_out"]:
            return run
        try:
            record = json.loads(record_path.read_text()) if record_path.exists() else {}
        except json.JSONDecodeError:
            record = {}
    note = record.get("error") or last_line(run["stderr"])
    answers = peer_answers(instance, record)
    if not answers:
        return {**run, "error": note or "no answer recorded"}
    judged = [(solver, answer, *judge(instance, answer)) for solver, answer in answers]
    best = next((j for j in judged if j[2]), judged[0])
    return {
        **run,
        "answer": best[1],
        "solver": best[0],
        "solvers": {solver: ok for solver, _, ok, _ in judged},
        "note": note,
    }


def run_qiskit_opt(instance: Instance, args: Args) -> dict[str, Any]:
    script = Path(__file__).resolve().parent / "qiskit_opt_baseline.py"
    run = run_process([sys.executable, str(script), instance.path, "--seed", str(args.seed)], args.timeout)
    if run["timed_out"]:
        return run
    if run["code"] != 0:
        return {**run, "error": last_line(run["stderr"]) or last_line(run["stdout"])}
    try:
        result = json.loads(run["stdout"])
    except json.JSONDecodeError as exc:
        return {**run, "error": f"unreadable output: {exc}"[:300]}
    optimum = sum(s["probability"] for s in result["samples"] if judge(instance, s["answer"])[0])
    return {**run, "answer": result["answer"], "optimum_probability": round(optimum, 6), "qubits": result["qubits"]}


def label(instance: Instance) -> str:
    """The spec's name in the results: format folder / family folder / file."""
    path = Path(instance.path)
    return str(path.relative_to(path.parents[2])) if len(path.parents) > 2 else path.name


def row_of(instance: Instance, tool: str, run: dict[str, Any]) -> dict[str, Any]:
    """One judged row: status ok / wrong / error / timeout and what the summary needs."""
    row: dict[str, Any] = {"spec": label(instance), "family": instance.family, "tool": tool, "wall_s": run["wall_s"]}
    row["peak_mib"] = run.get("peak_mib")
    if run["timed_out"]:
        return {**row, "status": "timeout"}
    if "answer" not in run:
        return {**row, "status": "error", "error": run.get("error", "")}
    correct, reason = judge(instance, run["answer"])
    row.update(status="ok" if correct else "wrong", answer=json.dumps(run["answer"]), reason=reason)
    for key in ("optimum_probability", "solver", "solvers", "note"):
        if run.get(key) is not None:
            row[key] = run[key]
    return row


# ---------------------------------------------------------------- the run
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows_path = args.out / "rows.jsonl"
    if not args.report_only:
        run_all(args, rows_path)
    write_outputs(args, read_rows(rows_path))
    return 0


def run_meta(args: Args, python: Path | None) -> dict[str, Any]:
    """How the run was made (kept in meta.json, so that ``--report-only`` reports it)."""
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "cpus": sorted(os.sched_getaffinity(0)),
        "seed": args.seed,
        "timeout": args.timeout,
        "peer": f"{PEER_PACKAGE} ({_version_of(python)})" if python else "skipped",
    }


def _version_of(python: Path) -> str:
    return subprocess.run([str(python), "--version"], capture_output=True, text=True).stdout.strip()


def _fail(message: str) -> NoReturn:
    print(f"peers.py: {message}", file=sys.stderr)
    raise SystemExit(2)


def run_all(args: Args, rows_path: Path) -> None:
    if args.cpus:
        os.sched_setaffinity(0, args.cpus)  # inherited by every subprocess
    files = sorted({f for p in args.specs for f in (p.rglob("*.json") if p.is_dir() else [p])})
    if not files:
        _fail(f"no *.json specs under {', '.join(map(str, args.specs))}")
    instances = []
    for f in files:
        try:
            instances.append(read_instance(f))
        except (ValueError, KeyError, TypeError) as exc:  # a spec the judge cannot read: name it, stop
            _fail(f"{f}: the judge cannot read it ({type(exc).__name__}: {exc})")
    python = peer_python() if "peer" in args.tools else None
    tools = [t for t in args.tools if t != "peer" or python is not None]
    if not (args.resume and (args.out / "meta.json").exists()):
        (args.out / "meta.json").write_text(json.dumps(run_meta(args, python), indent=1))
    done = complete_specs(read_rows(rows_path), tools) if args.resume and rows_path.exists() else set()
    if not args.resume and rows_path.exists():
        rows_path.unlink()
    k, n = args.shard
    mine = [inst for i, inst in enumerate(instances) if i % n == k and label(inst) not in done]
    from rich.progress import Progress

    with Progress() as progress, rows_path.open("a") as sink:
        task = progress.add_task("side by side", total=len(mine))
        for instance in mine:  # an instance cut short before is run again whole, tools interleaved
            for tool in tools:
                if tool == "qiskit-opt" and instance.family not in GRAPH_FAMILIES:
                    continue
                progress.update(task, description=f"{label(instance)} {tool}")
                if tool == "c2q":
                    run = run_c2q(instance, args)
                elif tool == "peer":
                    run = run_peer(instance, args, python)
                else:
                    run = run_qiskit_opt(instance, args)
                sink.write(json.dumps(row_of(instance, tool, run)) + "\n")  # one append per row
                sink.flush()
            progress.advance(task)


def read_rows(rows_path: Path) -> list[dict[str, Any]]:
    """The rows, the last one kept where an instance was run again after an interruption."""
    rows = [json.loads(line) for line in rows_path.read_text().splitlines() if line.strip()]
    return list({(r["spec"], r["tool"]): r for r in rows}.values())


def complete_specs(rows: list[dict[str, Any]], tools: list[str]) -> set[str]:
    """Specs that have a row for every tool that runs on their family."""
    have: dict[str, set[str]] = {}
    for r in rows:
        have.setdefault(r["spec"], set()).add(r["tool"])
    family = {r["spec"]: r["family"] for r in rows}
    return {
        spec
        for spec, got in have.items()
        if got >= {t for t in tools if t != "qiskit-opt" or family[spec] in GRAPH_FAMILIES}
    }


# ---------------------------------------------------------------- outputs
def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per family and overall: correct counts, median walls, time ratios, P(optimum) medians."""
    by = {(r["spec"], r["tool"]): r for r in rows}
    specs = sorted({r["spec"] for r in rows})
    families: dict[str, dict[str, Any]] = {}
    for family in FAMILIES:
        fam_specs = [s for s in specs if by.get((s, "c2q"), by.get((s, "peer"), {})).get("family") == family]
        if not fam_specs:
            continue
        entry: dict[str, Any] = {"instances": len(fam_specs)}
        for tool in TOOLS:
            tool_rows = [by[s, tool] for s in fam_specs if (s, tool) in by]
            if tool_rows:
                entry[tool] = {
                    "correct": sum(r["status"] == "ok" for r in tool_rows),
                    "runs": len(tool_rows),
                    "median_wall_s": _median([r["wall_s"] for r in tool_rows]),
                }
        for tool in ("peer", "qiskit-opt"):
            ratios = [
                by[s, tool]["wall_s"] / by[s, "c2q"]["wall_s"]
                for s in fam_specs
                if (s, tool) in by and (s, "c2q") in by
            ]
            entry[f"ratio_{tool}"] = _median(ratios)
        answered = [
            by[s, "peer"]["wall_s"] / by[s, "c2q"]["wall_s"]
            for s in fam_specs
            if by.get((s, "peer"), {}).get("status") in ("ok", "wrong") and (s, "c2q") in by
        ]
        entry["ratio_peer_answered"] = _median(answered)
        families[family] = entry
    totals = {tool: sum(r["wall_s"] for r in rows if r["tool"] == tool) for tool in TOOLS}
    graph_specs = [s for s in specs if (s, "qiskit-opt") in by]  # sorted: totals add up the same way every time
    c2q_graph_total = sum(by[s, "c2q"]["wall_s"] for s in graph_specs if (s, "c2q") in by)
    probability = {
        tool: _median(
            [
                r["optimum_probability"]
                for r in rows
                if r["tool"] == tool and r.get("optimum_probability") is not None and r["spec"] in graph_specs
            ]
        )
        for tool in ("c2q", "qiskit-opt")
    }
    both = [s for s in specs if (s, "c2q") in by and any((s, t) in by for t in ("peer", "qiskit-opt"))]
    c2q_misses = [
        s
        for s in both
        if by[s, "c2q"]["status"] != "ok"
        and any(by.get((s, t), {}).get("status") == "ok" for t in ("peer", "qiskit-opt"))
    ]
    return {
        "instances": len(specs),
        "families": families,
        "total_wall_s": totals,
        "ratio_total_peer": totals["peer"] / totals["c2q"] if totals["c2q"] and totals["peer"] else None,
        "ratio_total_qiskit_opt": sum(by[s, "qiskit-opt"]["wall_s"] for s in graph_specs) / c2q_graph_total
        if c2q_graph_total
        else None,
        "median_optimum_probability_graph": probability,
        "median_peak_mib": {
            tool: _median([r["peak_mib"] for r in rows if r["tool"] == tool and r.get("peak_mib")]) for tool in TOOLS
        },
        "errors": {
            tool: dict(Counter(r.get("error", "") for r in rows if r["tool"] == tool and r["status"] == "error"))
            for tool in TOOLS
        },
        "timeouts": {tool: sum(r["status"] == "timeout" for r in rows if r["tool"] == tool) for tool in TOOLS},
        "c2q_wrong_where_another_right": c2q_misses,
    }


def markdown(summary: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        f"Side by side ({meta['date']}, {meta['machine']}, cores {meta['cpus']}, seed {meta['seed']}, "
        f"timeout {meta['timeout']:g} s; {summary['instances']} instances; peer {meta['peer']}, unseeded)",
        "",
        "| family | n | c2q correct | peer correct | qiskit-opt correct | c2q median s | peer median s "
        "| qiskit-opt median s | median peer/c2q | (where the peer answered) | median qiskit-opt/c2q |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for family, e in summary["families"].items():
        cells = [family, str(e["instances"])]
        cells += [f"{e[t]['correct']}/{e[t]['runs']}" if t in e else "–" for t in TOOLS]
        cells += [_fmt(e[t]["median_wall_s"]) if t in e else "–" for t in TOOLS]
        cells += [_fmt(e["ratio_peer"], 1), _fmt(e["ratio_peer_answered"], 1), _fmt(e["ratio_qiskit-opt"], 1)]
        lines.append("| " + " | ".join(cells) + " |")
    t = summary["total_wall_s"]
    p = summary["median_optimum_probability_graph"]
    lines += [
        "",
        f"Total wall time: c2q {t['c2q']:.0f} s, peer {t['peer']:.0f} s, qiskit-opt {t['qiskit-opt']:.0f} s "
        f"(graph families only). Ratio of totals: peer/c2q {_fmt(summary['ratio_total_peer'], 1)}, "
        f"qiskit-opt/c2q {_fmt(summary['ratio_total_qiskit_opt'], 1)} (on the instances both ran).",
        "",
        f"Median probability of the optimum in the samples (graph families): c2q {_fmt(p['c2q'], 3)}, "
        f"qiskit-opt {_fmt(p['qiskit-opt'], 3)}; the peer returns only its most probable bitstrings.",
        "",
        "c2q wrong where another tool is right: " + (", ".join(summary["c2q_wrong_where_another_right"]) or "none"),
        "",
        "Median peak memory (MiB, whole process): "
        + ", ".join(f"{tool} {_fmt(m, 0)}" for tool, m in summary["median_peak_mib"].items()),
        "",
        "Timeouts: " + ", ".join(f"{tool} {n}" for tool, n in summary["timeouts"].items()) + ". Errors:",
    ]
    for tool, errors in summary["errors"].items():
        for error, count in sorted(errors.items(), key=lambda item: -item[1]):
            lines.append(f"- {tool}, {count}x: `{error}`")
    return "\n".join(lines) + "\n"


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    order = sorted(
        {r["spec"] for r in rows}, key=lambda s: (FAMILIES.index(next(r["family"] for r in rows if r["spec"] == s)), s)
    )
    x = {s: i for i, s in enumerate(order)}
    fig, ax = plt.subplots(figsize=(14, 5))
    for tool, marker, colour in zip(TOOLS, ("o", "s", "^"), ("tab:blue", "tab:orange", "tab:green"), strict=True):
        mine = [r for r in rows if r["tool"] == tool]
        ax.scatter(
            [x[r["spec"]] for r in mine], [r["wall_s"] for r in mine], marker=marker, s=18, color=colour, label=tool
        )
        bad = [r for r in mine if r["status"] != "ok"]
        ax.scatter([x[r["spec"]] for r in bad], [r["wall_s"] for r in bad], marker="x", s=40, color="red", linewidths=1)
    ax.scatter([], [], marker="x", color="red", label="wrong / error / timeout")
    ax.set_yscale("log")
    ax.set_xlabel("instance (grouped by family)")
    ax.set_ylabel("wall seconds per instance (whole process)")
    families = [next(r["family"] for r in rows if r["spec"] == s) for s in order]
    starts = [i for i, f in enumerate(families) if i == 0 or families[i - 1] != f]
    ax.set_xticks(starts, [families[i] for i in starts], rotation=0)
    for i in starts[1:]:
        ax.axvline(i - 0.5, color="grey", lw=0.5)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("c2q vs the C2|Q> package vs qiskit-optimization, per instance")
    save_figure(fig, path, dpi=120)


def write_outputs(args: Args, rows: list[dict[str, Any]]) -> None:
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else run_meta(args, None)
    summary = summarise(rows)
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "summary": summary, "rows": rows}, indent=1))
    write_rows_csv(args.out / "results.csv", rows, first=("spec", "tool"))
    text = markdown(summary, meta)
    (args.out / "summary.md").write_text(text)
    if rows:
        plot(rows, args.out / "walltime.png")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
