"""How well does c2q read real programs that people wrote for themselves (issue 25)?

The corpus: real Python programs from public repositories (algorithm collections, course work,
library examples, quantum and QUBO scripts), listed in ``benchmarks/data/programs/manifest_*.json``
with their repository, path, commit and licence, and labelled by hand: the family the program
computes (``none`` for near misses such as min cut, shortest paths, primality tests), the instance
it works on as written, and whether c2q should solve it (``expect: solve``: the instance is fixed
by the source) or refuse it (``expect: refuse``: no family, or data from input, files or unseeded
randomness). The programs themselves are not committed (third-party code): put each one, byte for
byte from the recorded commit, at ``benchmarks/data/programs/<file>``; entries whose file is absent,
or whose bytes differ from the manifest's ``sha256`` (another version: changed), are skipped and counted.

For each program, ``c2q.codeparse.parse_program`` (static: it never runs the program), then:

- positives (a family of the ten, ``expect: solve``): right when family and instance both match
  the label (graphs up to a relabelling of the nodes, weights and ``k`` equal; a distance matrix
  entry by entry up to a renumbering of the cities; operands; ``n``);
- data that is not fixed (``expect: refuse`` with a family): right when refused;
- negatives (``family: none``): right when refused; a returned spec is a wrong family;
- any exception other than a c2q error (a refusal) is a traceback.

The same again with every defined name renamed and comments and strings blanked
(``code_parse.strip_names``). Writes results.json and summary.md to ``--out`` and prints the summary.

    python benchmarks/programs_wild.py [--out benchmarks/results/programs_wild]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "data" / "programs"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from code_parse import strip_names  # noqa: E402

from c2q.api import validate  # noqa: E402
from c2q.codeparse import parse_program  # noqa: E402
from c2q.errors import C2QError  # noqa: E402

GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor")
OUTCOMES = ("right", "refused", "wrong instance", "wrong family", "guessed", "traceback")


def load_manifest(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    entries = []
    for path in sorted(corpus.glob("manifest_*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))
    return entries


def close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def graph_of(canonical: dict[str, Any]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(canonical["graph"]["nodes"]))
    for edge in canonical["graph"]["edges"]:
        graph.add_edge(edge[0], edge[1], weight=edge[2] if len(edge) > 2 else 1)
    return graph


def routes(matrix: list[list[float]]) -> nx.DiGraph:
    """A distance matrix as a complete directed graph weighted by the distances."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(matrix)))
    graph.add_weighted_edges_from((i, j, d) for i, row in enumerate(matrix) for j, d in enumerate(row) if i != j)
    return graph


def same_instance(found: dict[str, Any], label: dict[str, Any]) -> tuple[bool, str]:
    """Whether the parsed canonical spec is the labelled one (both validated), and why not."""
    family = label["family"]
    if family in GRAPH_FAMILIES:
        a, b = graph_of(found), graph_of(label)
        if found.get("k") != label.get("k"):
            return False, f"k {found.get('k')} against {label.get('k')}"
        if a.number_of_nodes() != b.number_of_nodes() or a.number_of_edges() != b.number_of_edges():
            return False, (
                f"{a.number_of_nodes()} nodes / {a.number_of_edges()} edges against "
                f"{b.number_of_nodes()} / {b.number_of_edges()}"
            )
        matches = nx.is_isomorphic(a, b, edge_match=lambda x, y: close(x["weight"], y["weight"]))
        return matches, "" if matches else "same size, different graph"
    if family == "tsp":
        x, y = found["distance_matrix"], label["distance_matrix"]
        same = len(x) == len(y) and nx.is_isomorphic(  # the same cities, numbered in any order
            routes(x), routes(y), edge_match=lambda p, q: close(p["weight"], q["weight"])
        )
        return same, "" if same else f"{len(x)}x{len(x)} matrix differs from the {len(y)}x{len(y)} label"
    if family in ("add", "sub", "mul"):
        same = list(found["operands"]) == list(label["operands"])
        return same, "" if same else f"operands {found['operands']} against {label['operands']}"
    same = found.get("n") == label.get("n")
    return same, "" if same else f"n {found.get('n')} against {label.get('n')}"


def judge(entry: dict[str, Any], source: str) -> dict[str, Any]:
    """Parse one program and judge the outcome against its label."""
    start = time.perf_counter()
    try:
        parsed = parse_program(source, entry["file"])
        found, error = parsed.spec.canonical, None
    except C2QError as exc:  # a refusal, with its reason (ProgramError, or SpecError for the data found)
        found, error = None, str(exc)
    except Exception as exc:  # a traceback: the worst outcome
        row = {"outcome": "traceback", "detail": f"{type(exc).__name__}: {exc}"}
        return {**row, "parse_ms": 1e3 * (time.perf_counter() - start)}
    parse_ms = 1e3 * (time.perf_counter() - start)
    label_family, expect = entry["family"], entry["expect"]
    if found is None:
        outcome = "right" if expect == "refuse" else "refused"
        return {"outcome": outcome, "detail": error, "parse_ms": parse_ms}
    if label_family == "none" or found["family"] != label_family:
        return {"outcome": "wrong family", "detail": f"read as {found['family']}", "parse_ms": parse_ms, "spec": found}
    if expect == "refuse":
        return {"outcome": "guessed", "detail": "a spec from data the source does not fix", "parse_ms": parse_ms}
    label = dict(entry["instance"])
    if label["family"] in ("add", "sub", "mul"):  # a label may leave the register width to the operands
        label.setdefault("bits", max(1, *(abs(x).bit_length() for x in label["operands"])))
    try:
        canonical = validate(label).canonical
    except C2QError as exc:  # the labelled instance is beyond c2q's limits: anything read is another one
        return {"outcome": "wrong instance", "detail": f"label beyond c2q's limits ({exc})", "parse_ms": parse_ms}
    same, why = same_instance(found, canonical)
    return {"outcome": "right" if same else "wrong instance", "detail": why, "parse_ms": parse_ms, "spec": found}


def skipped(entry: dict[str, Any], path: Path) -> str | None:
    """Why a program is not read: "absent", or "changed" (not the bytes the manifest's sha256 records)."""
    if not path.is_file():
        return "absent"
    if "sha256" in entry and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
        return "changed"
    return None


def group(entry: dict[str, Any]) -> str:
    if entry["family"] == "none":
        return "negatives"
    return "positives" if entry["expect"] == "solve" else "data not fixed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "programs_wild")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        help="folder of the programs and their manifest_*.json (e.g. the held-out set)",
    )
    args = parser.parse_args()
    rows = []
    skips = {"absent": 0, "changed": 0}
    for entry in load_manifest(args.corpus):
        path = args.corpus / entry["file"]
        why = skipped(entry, path)
        if why is not None:
            skips[why] += 1
            if why == "changed":
                print(f"{'changed':15s} {'(skipped)':15s} {entry['file']}")
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        row = {key: entry[key] for key in ("file", "repo", "family", "expect")}
        row["as written"] = judge(entry, source)
        try:
            stripped = strip_names(source)
        except SyntaxError:  # Python 2 or newer syntax: the renaming needs Python 3.11's parser
            stripped = None
        row["renamed"] = judge(entry, stripped) if stripped is not None else {"outcome": "not renamed"}
        rows.append(row)
        print(f"{row['as written']['outcome']:15s} {row['renamed']['outcome']:15s} {entry['file']}")

    lines = [
        f"c2q on real programs ({args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT) else args.corpus}, "
        f"{len(rows)} programs read, {skips['absent']} absent, {skips['changed']} changed; "
        f"{time.strftime('%Y-%m-%d')})",
        "",
        "| group | variant | programs | right | refused | wrong instance | wrong family | guessed | tracebacks |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    summary: dict[str, Any] = {}
    for name in ("positives", "data not fixed", "negatives"):
        members = [r for r in rows if group(r) == name]
        for variant in ("as written", "renamed"):
            judged = [r[variant] for r in members if r[variant]["outcome"] != "not renamed"]
            counts = {
                o: sum(j["outcome"] == o for j in judged)
                for o in ("right", "refused", "wrong instance", "wrong family", "guessed", "traceback")
            }
            summary[f"{name}, {variant}"] = {"programs": len(judged), **counts}
            share = f"{counts['right']} ({counts['right'] / len(judged):.0%})" if judged else "-"
            lines.append(
                f"| {name} | {variant} | {len(judged)} | {share} | {counts['refused']} | {counts['wrong instance']} | "
                f"{counts['wrong family']} | {counts['guessed']} | {counts['traceback']} |"
            )
    times = sorted(r["as written"]["parse_ms"] for r in rows if "parse_ms" in r["as written"])
    if times:
        lines += ["", f"parse time median {times[len(times) // 2]:.1f} ms, max {times[-1]:.0f} ms (static reading)."]
    lines += [
        "",
        "Right: positives with family and instance right; the other groups refused. Per program: results.json.",
    ]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"summary": summary, "rows": rows}, indent=1, default=repr))
    (args.out / "summary.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
