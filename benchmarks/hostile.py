"""Hostile-input harness (issue 29): every case of ``tests/hostile/corpus.py`` as its own ``c2q``
process, under a memory limit and a timeout, with its exit code, stderr, wall time and peak memory.

What each case must do is the corpus's ``expect``: ``refused`` (exit 2, one line), ``answer``
(exit 0, a verified answer) or ``clean`` (exit 0 or 2); and in every case no traceback. The unit
test ``tests/test_hostile_corpus.py`` checks the same in-process; this script adds the bounds a
unit test should not assert: seconds and memory, in a fresh process as a user runs it.

    python benchmarks/hostile.py                         # all cases, 2 at a time
    python benchmarks/hostile.py --match nested --workers 1

Writes ``rows.json``, ``rows.csv`` and ``summary.md`` to ``--out``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import run_process, write_rows_csv

ROOT = Path(__file__).resolve().parents[1]
#: runs the CLI with an address-space limit, so that a blow-up fails inside the case, not the machine
LIMITED = (
    "import resource, sys; limit = int(sys.argv.pop(1)); "
    "resource.setrlimit(resource.RLIMIT_AS, (limit, limit)); "
    "import cli; sys.exit(cli.main(sys.argv[1:]))"
)


@dataclass
class Args:
    out: Path = ROOT / "benchmarks" / "results" / "hostile"
    workers: int = 2
    timeout: float = 60.0
    memory_gib: float = 8.0
    match: str = ""


def parse_args() -> Args:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Args.out)
    p.add_argument("--workers", type=int, default=Args.workers)
    p.add_argument("--timeout", type=float, default=Args.timeout, help="seconds per case")
    p.add_argument("--memory-gib", type=float, default=Args.memory_gib, help="address-space limit per case")
    p.add_argument("--match", default=Args.match, help="only cases whose name contains this")
    return Args(**vars(p.parse_args()))


def load_corpus() -> Any:
    spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "tests" / "hostile" / "corpus.py")
    module = sys.modules["hostile_corpus"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_case(case: Any, args: Args) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        for name, content in case.files.items():
            path = Path(folder) / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content.replace("{dir}", folder), encoding="utf-8")
        argv = [arg.replace("{dir}", folder) for arg in case.args]
        limit = str(int(args.memory_gib * 2**30))
        run = run_process([sys.executable, "-c", LIMITED, limit, *argv], args.timeout, cwd=ROOT)
        ran = (Path(folder) / "ran").exists()
    row = {"case": case.name, "expect": case.expect, "wall_s": run["wall_s"], "peak_mib": run["peak_mib"]}
    if run["timed_out"]:
        return {**row, "code": None, "ok": False, "why": f"timed out ({args.timeout:g} s)"}
    err, out = run["stderr"], run["stdout"]
    lines = err.strip().splitlines()
    row.update(code=run["code"], stderr=lines[-1][:300] if lines else "")
    why = _judge(case.expect, run["code"], out, lines)
    if "Traceback" in err:
        why = "traceback"
    if ran:
        why = "code from the input ran"
    return {**row, "ok": why == "", "why": why}


def _judge(expect: str, code: int, out: str, lines: list[str]) -> str:
    """Why the outcome is not what the case expects ('' when it is)."""
    if expect == "refused":
        if code != 2:
            return f"exit {code}, expected 2"
        return "" if len(lines) == 1 and lines[0].startswith("c2q: error: ") else "not one error line"
    if expect == "answer":
        if code != 0:
            return f"exit {code}, expected 0"
        try:
            result = json.loads(out)
        except ValueError:
            return "no JSON result"
        verified = result["answer"] and result["optimal"] is not False
        return "" if verified and (result["feasible"] or result["optimal"] is True) else "answer not verified"
    return "" if code in (0, 2) else f"exit {code}"


def summary(rows: list[dict[str, Any]], args: Args) -> str:
    walls = [r["wall_s"] for r in rows]
    peaks = [r["peak_mib"] for r in rows if r["peak_mib"] is not None]
    bad = [r for r in rows if not r["ok"]]
    lines = [
        "# Hostile-input harness",
        "",
        f"{len(rows)} cases of tests/hostile/corpus.py, each its own `c2q` process under a "
        f"{args.memory_gib:g} GiB address-space limit and a {args.timeout:g} s timeout, {args.workers} at a time.",
        "",
        "| expect | cases | as expected | median s | max s | max peak MiB |",
        "|---|---|---|---|---|---|",
    ]
    for expect in ("refused", "answer", "clean"):
        group = [r for r in rows if r["expect"] == expect]
        if group:
            lines.append(
                f"| {expect} | {len(group)} | {sum(r['ok'] for r in group)} | "
                f"{statistics.median(r['wall_s'] for r in group):.2f} | {max(r['wall_s'] for r in group):.2f} | "
                f"{max((r['peak_mib'] or 0) for r in group):.0f} |"
            )
    lines += [
        f"| **all** | {len(rows)} | {len(rows) - len(bad)} | {statistics.median(walls):.2f} | {max(walls):.2f} | "
        f"{max(peaks):.0f} |",
        "",
        "Slowest cases: "
        + ", ".join(f"{r['case']} {r['wall_s']:.1f} s" for r in sorted(rows, key=lambda r: -r["wall_s"])[:5]),
        "",
        "Largest memory: "
        + ", ".join(
            f"{r['case']} {r['peak_mib']:.0f} MiB" for r in sorted(rows, key=lambda r: -(r["peak_mib"] or 0))[:5]
        ),
    ]
    if bad:
        lines += ["", "## Not as expected", ""] + [f"- {r['case']}: {r['why']} ({r.get('stderr', '')})" for r in bad]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = parse_args()
    cases = [case for case in load_corpus().cases() if args.match in case.name]
    with ThreadPoolExecutor(args.workers) as pool:
        rows = []
        for i, row in enumerate(pool.map(lambda case: run_case(case, args), cases), 1):
            rows.append(row)
            mark = "ok" if row["ok"] else f"NOT OK: {row['why']}"
            print(f"[{i}/{len(cases)}] {row['case']}: {mark} ({row['wall_s']:.2f} s)", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "rows.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_rows_csv(args.out / "rows.csv", rows, first=("case", "expect", "ok", "code", "wall_s", "peak_mib"))
    text = summary(rows, args)
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
