"""The instance generator (benchmarks/instances.py) and the generalisation benchmark's own judges
(benchmarks/robust.py): every family and format validates, a fixed seed gives the same files,
sizes and qubits are as asked, no instance is a bundled file; the exact references against naive
enumeration; wrong answers judged wrong. Slow: the benchmark end to end on a few instances."""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import instances as gen
import robust
from robust import judge, reference

from c2q.api import validate
from c2q.errors import SpecError


def _canonical_key(spec: dict) -> str:
    """c2q's reading of a spec, as a problem key."""
    return gen.problem_key(gen.read_c2q(validate(spec).canonical))


# ---------------------------------------------------------------- the generator
@pytest.mark.parametrize("family", gen.FAMILIES)
@pytest.mark.parametrize("fmt", gen.FORMATS)
def test_every_family_and_format_is_valid_and_means_what_was_drawn(family, fmt):
    for band in gen.BANDS:
        for size in gen.BAND_SIZES[band].get(family, ())[:2]:
            for index in range(2):
                instance = gen.make_instance(family, size, index, fmt, band=band, exclude=set())
                assert instance.fmt == fmt and instance.band == band
                assert _canonical_key(instance.spec) == gen.problem_key(instance.problem), instance.name


def test_formats_look_like_the_dataset():
    graph = {"family": "kcolor", "graph": {"nodes": 3, "edges": [[0, 1], [1, 2]]}}
    assert gen.write_spec(graph, "problem_type") == {
        "problem_type": "kcolor",
        "data": {"matrix": [[0, 1, 0], [1, 0, 1], [0, 1, 0]]},
    }
    dsl = gen.write_spec({**graph, "k": 3}, "dsl")
    assert dsl["family"] == "KColor" and dsl["instance"] == {
        "graph_rep": "edge_list",
        "graphs": {"G1": [[0, 1], [1, 2]]},
        "k": 3,
    }
    weighted = gen.write_spec({"family": "maxcut", "graph": {"nodes": 2, "edges": [[0, 1, 5]]}}, "dsl")
    assert weighted["instance"] == {"graph_rep": "matrix", "graphs": {"G1": [[0, 5], [5, 0]]}}
    mul = gen.write_spec({"family": "mul", "operands": [5, 2], "bits": [3, 2]}, "problem_type")
    assert mul == {"problem_type": "mul", "data": {"operands": [5, 2], "a_bits": 3, "b_bits": 2}}
    assert gen.write_spec({"family": "factor", "n": 35}, "dsl")["instance"] == {"n": 35, "bits": 10}


def test_fixed_seed_gives_identical_output_and_another_seed_does_not():
    def specs(seed: int) -> list[tuple[str, str]]:
        found = gen.generate_set(instances=2, seed=seed, exclude=set())
        return [(i.name, json.dumps(i.spec, sort_keys=True)) for i in found]

    first = specs(7)
    assert first == specs(7)
    assert first != specs(8)
    assert gen.generate(family="tsp", size=5, fmt="dsl", rng=np.random.default_rng(3)) == gen.generate(
        family="tsp", size=5, fmt="dsl", rng=np.random.default_rng(3)
    )


def test_sizes_bands_and_qubits_are_as_asked():
    found = gen.generate_set(instances=3, exclude=set())
    assert {i.band for i in found} == {"c2q", "large"}
    for i in found:
        p = i.problem
        if i.family in gen.GRAPH_FAMILIES:
            assert p["graph"]["nodes"] == i.size
            assert {x for e in p["graph"]["edges"] for x in e[:2]} == set(range(i.size))  # no isolated node
            bits = (
                gen.code_bits(p["k"]) if p.get("k") else gen.code_bits(gen.greedy_palette(i.size, p["graph"]["edges"]))
            )
            assert i.qubits == (i.size * bits if i.family == "kcolor" else i.size)
        elif i.family == "tsp":
            d = np.array(p["distance_matrix"])
            assert d.shape == (i.size, i.size) and (d == d.T).all() and (np.diag(d) == 0).all()
            assert (d[~np.eye(i.size, dtype=bool)] > 0).all()
            assert i.qubits == (i.size - 1) * math.ceil(math.log2(i.size - 1))
        elif i.family == "factor":
            assert p["n"].bit_length() == i.size and i.qubits is None
        else:
            widths = p["bits"] if isinstance(p["bits"], list) else [p["bits"]] * 2
            assert widths[0] == i.size and all(0 <= x < 2**w for x, w in zip(p["operands"], widths, strict=True))
        if i.band == "c2q":
            limit = {"tsp": 6, "factor": 6}.get(i.family, 10 if i.family in gen.ARITHMETIC_FAMILIES else 8)
            assert i.size <= limit
        else:
            assert i.qubits is None or i.qubits <= gen.MAX_QUBITS
    large_tsp = [i.qubits for i in found if i.family == "tsp" and i.band == "large"]
    assert sorted(set(large_tsp)) == [18, 21]  # 7 and 8 cities, binary position encoding
    assert max(i.qubits for i in found if i.family == "kcolor") == 24  # 12 nodes, 2 qubits each
    assert [gen.qubit_band(q) for q in (1, 8, 9, 16, 17, 24, 25)] == [
        "<=8",
        "<=8",
        "9-16",
        "9-16",
        "17-24",
        "17-24",
        ">24",
    ]


def test_sizes_given_explicitly_and_beyond():
    found = gen.generate_set(families=("maxcut", "tsp"), instances=1, sizes=(6, 10), bands=("c2q", "large", "beyond"))
    assert {(i.family, i.size, i.band) for i in found} == {
        ("maxcut", 6, "c2q"),
        ("maxcut", 10, "large"),
        ("tsp", 6, "c2q"),
        ("tsp", 10, "beyond"),  # 9 x 4 = 36 qubits
    }
    with pytest.raises(ValueError, match="out of range"):
        gen.sample_problem("tsp", 11, np.random.default_rng(0))


def test_never_a_bundled_file(data_dir):
    bundled = gen.bundled_keys(data_dir)
    assert len(bundled) > 50
    via_c2q = set()
    for path in sorted(data_dir.rglob("*.json")):
        try:
            via_c2q.add(_canonical_key(json.loads(path.read_text())))
        except SpecError:
            continue  # a file c2q refuses (repeated edges): covered by the generator's own reader
    assert via_c2q <= bundled
    found = gen.generate_set(instances=3, exclude=bundled)
    assert not any(gen.problem_key(i.problem) in bundled for i in found)
    # small widths would hit the bundled problems often without the exclusion
    for i in range(40):
        drawn = gen.make_instance("factor", 4 + i % 3, i, "problem_type", exclude=bundled)
        assert drawn.problem["n"] not in (15, 21, 33, 35, 39)


def test_exclusion_draws_again():
    first = gen.make_instance("add", 2, 0, "canonical", exclude=set())
    again = gen.make_instance("add", 2, 0, "canonical", exclude={gen.problem_key(first.problem)})
    assert again.problem != first.problem


def test_reader_counts_a_repeated_edge_once():
    dsl = {"family": "MIS", "instance": {"graph_rep": "edge_list", "graphs": {"G1": [[0, 4], [1, 2], [4, 0]]}}}
    assert gen.read_c2q(dsl)["graph"] == {"nodes": 5, "edges": [[0, 4, 1], [1, 2, 1]]}


def test_folder_round_trip(tmp_path):
    found = gen.generate_set(families=("vc", "mul"), bands=("c2q",), instances=1, exclude=set())
    manifest = gen.write_folder(found, tmp_path)
    assert manifest.exists() and gen.read_folder(tmp_path) == found
    for i in found:
        assert json.loads((tmp_path / i.relpath).read_text()) == i.spec
    assert gen.main(["--out", str(tmp_path / "cli"), "--families", "tsp", "--bands", "large", "--instances", "1"]) == 0
    assert sorted(p.name for p in (tmp_path / "cli" / "large" / "tsp").iterdir()) == [
        "tsp_07_00_dsl.json",
        "tsp_08_00_canon.json",
    ]


# ---------------------------------------------------------------- the exact references
def _naive_optimum(problem: dict) -> float:
    family = problem["family"]
    if family == "tsp":
        d = problem["distance_matrix"]
        return min(
            sum(d[a][b] for a, b in itertools.pairwise((0, *p, 0))) for p in itertools.permutations(range(1, len(d)))
        )
    n, edges = problem["graph"]["nodes"], robust._edges(problem)
    subsets = [set(s) for r in range(n + 1) for s in itertools.combinations(range(n), r)]
    if family == "maxcut":
        return max(sum(w for u, v, w in edges if (u in s) != (v in s)) for s in subsets)
    if family == "mis":
        return max(len(s) for s in subsets if not any(u in s and v in s for u, v, _ in edges))
    if family == "vc":
        return min(len(s) for s in subsets if all(u in s or v in s for u, v, _ in edges))
    if family == "clique":
        pairs = {(u, v) for u, v, _ in edges}
        return max(len(s) for s in subsets if all(p in pairs for p in itertools.combinations(sorted(s), 2)))
    k = problem.get("k")
    if k:
        return min(sum(w for u, v, w in edges if c[u] == c[v]) for c in itertools.product(range(k), repeat=n))
    for k in range(1, n + 1):
        if any(all(c[u] != c[v] for u, v, _ in edges) for c in itertools.product(range(k), repeat=n)):
            return k
    raise AssertionError


@pytest.mark.parametrize("family", [*gen.GRAPH_FAMILIES, "tsp"])
def test_references_match_naive_enumeration(family):
    for size in (5, 6, 7):
        for index in range(3):
            problem = gen.make_instance(family, size, index, exclude=set()).problem
            assert reference(problem).optimum == pytest.approx(_naive_optimum(problem)), (family, size, index)


def test_references_for_numbers():
    assert reference({"family": "sub", "operands": [3, 5], "bits": 3}).optimum == -2
    assert reference({"family": "mul", "operands": [7, 3], "bits": [3, 2]}).optimum == 21
    assert reference({"family": "factor", "n": 91}).facts == {"factor": 7}
    assert reference({"family": "factor", "n": 97}).facts == {"factor": None}


# ---------------------------------------------------------------- the judges on hand-made answers
SQUARE = {"family": "maxcut", "graph": {"nodes": 4, "edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}


def _judged(problem: dict, answer: dict | None) -> bool:
    return judge(problem, reference(problem), answer).correct


def test_judge_maxcut():
    ref = reference(SQUARE)
    right = judge(SQUARE, ref, {"partition": [[0, 2], [1, 3]], "cut_value": 4.0})
    assert right.correct and right.objective == 4 and right.claims_agree
    assert not _judged(SQUARE, {"partition": [[0, 1], [2, 3]]})
    assert not _judged(SQUARE, {"partition": [[0, 2], [1]]})  # node 3 missing
    assert not _judged(SQUARE, {"partition": [[0, 2, 1], [1, 3]]})  # node 1 twice
    assert not judge(SQUARE, ref, {"partition": [[0, 2], [1, 3]], "cut_value": 3.0}).claims_agree
    weighted = {"family": "maxcut", "graph": {"nodes": 3, "edges": [[0, 1, 5], [1, 2, 1], [0, 2, 1]]}}
    assert _judged(weighted, {"partition": [[0], [1, 2]]})
    assert not _judged(weighted, {"partition": [[2], [0, 1]]})


def test_judge_mis_vc_clique():
    path = {"graph": {"nodes": 4, "edges": [[0, 1], [1, 2]]}}  # node 3 isolated
    mis, vc = {"family": "mis", **path}, {"family": "vc", **path}
    assert _judged(mis, {"independent_set": [0, 2, 3]})
    assert not _judged(mis, {"independent_set": [0, 2]})  # the isolated node left out
    assert not _judged(mis, {"independent_set": [0, 1, 3]})  # not independent
    assert _judged(vc, {"vertex_cover": [1]})
    assert not _judged(vc, {"vertex_cover": [0]})  # edge 1-2 uncovered
    assert not _judged(vc, {"vertex_cover": [0, 2]})  # a cover, not minimum
    triangle = {"graph": {"nodes": 4, "edges": [[0, 1], [1, 2], [0, 2], [2, 3]]}}
    plain = {"family": "clique", **triangle}
    assert _judged(plain, {"maximum_clique": [0, 1, 2], "size": 3})
    assert not _judged(plain, {"maximum_clique": [2, 3], "size": 2})
    assert not _judged(plain, {"maximum_clique": [0, 1, 3], "size": 3})  # not a clique
    k3, k4 = {**plain, "k": 3}, {**plain, "k": 4}
    assert _judged(k3, {"maximum_clique": [0, 1, 2], "exists": True, "clique": [0, 1, 2]})
    assert not _judged(k3, {"maximum_clique": [0, 1, 2], "exists": False, "clique": None})
    assert _judged(k4, {"maximum_clique": [0, 1, 2], "exists": False, "clique": None})
    assert not _judged(k4, {"maximum_clique": [0, 1, 2], "exists": True, "clique": [0, 1, 2]})


def test_judge_kcolor():
    odd_cycle = {"family": "kcolor", "graph": {"nodes": 5, "edges": [[i, (i + 1) % 5] for i in range(5)]}}
    assert reference(odd_cycle).optimum == 3
    assert _judged(odd_cycle, {"colouring": [0, 1, 0, 1, 2]})
    assert not _judged(odd_cycle, {"colouring": [0, 1, 2, 3, 1]})  # proper, with 4 colours
    assert not _judged(odd_cycle, {"colouring": [0, 1, 0, 1, 0]})  # not proper
    two = {**odd_cycle, "k": 2}
    assert reference(two).optimum == 1
    assert _judged(two, {"colouring": [0, 1, 0, 1, 0], "conflicts": 1})
    assert not _judged(two, {"colouring": [0, 0, 0, 1, 0]})
    assert not _judged(two, {"colouring": [0, 1, 0, 1, 2]})  # colour 2 is outside 0..1
    assert not _judged(two, {"colouring": [0, 1, 0]})  # too short


def test_judge_tsp():
    d = [[0, 1, 9, 1], [1, 0, 1, 9], [9, 1, 0, 1], [1, 9, 1, 0]]
    tsp = {"family": "tsp", "distance_matrix": d}
    assert _judged(tsp, {"tour": [0, 1, 2, 3], "cost": 4.0})
    assert _judged(tsp, {"tour": [2, 1, 0, 3]})  # any start, either direction
    assert not _judged(tsp, {"tour": [0, 2, 1, 3]})
    assert not _judged(tsp, {"tour": [0, 1, 1, 3]})
    assert not _judged(tsp, {"tour": None, "cost": None})
    assert not judge(tsp, reference(tsp), {"tour": [0, 1, 2, 3], "cost": 5.0}).claims_agree


def test_judge_numbers():
    add = {"family": "add", "operands": [6, 3], "bits": 3}
    assert _judged(add, {"result": 9}) and not _judged(add, {"result": 1})
    sub = {"family": "sub", "operands": [3, 5], "bits": 3}
    assert _judged(sub, {"result": -2}) and not _judged(sub, {"result": 14})
    composite, prime = {"family": "factor", "n": 35}, {"family": "factor", "n": 37}
    assert _judged(composite, {"factors": [5, 7]})
    assert not _judged(composite, {"factors": [1, 35]})
    assert not _judged(composite, {"factors": [3, 11]})
    assert not _judged(composite, {"factors": None, "prime": True})
    assert _judged(prime, {"factors": None, "prime": True})
    assert not _judged(prime, {"factors": [1, 37]})
    assert not _judged(add, None) and "unreadable" in judge(add, reference(add), {"sum": 9}).reason


# ---------------------------------------------------------------- rows and the summary
def _instance(problem: dict) -> gen.Instance:
    return gen.Instance("t", problem["family"], 4, "canonical", "c2q", 4, {}, problem, problem)


def test_row_flags_c2q_disagreeing_with_the_judge():
    instance = _instance(SQUARE)
    ref = reference(SQUARE)
    result = {
        "answer": {"partition": [[0, 1], [2, 3]], "cut_value": 2.0},
        "objective": 2.0,
        "optimal": True,  # wrong: the judge finds a cut of 4
        "classical_optimum": 2.0,
        "optimum_probability": 0.5,
        "encoding": {"name": "qubo", "qubits": 4},
    }
    run = {"timed_out": False, "wall_s": 1.0, "code": 0, "stdout": json.dumps(result), "stderr": ""}
    row = robust.row_of(instance, 1, "", ref, run)
    assert row["status"] == "wrong" and not row["correct"] and not row["raw_correct"]
    assert row["optimal_flag_agrees"] is False and row["optimum_agrees"] is False and row["claims_agree"] is True
    assert row["raw_source"] == "final (no raw section)" and row["qubit_band"] == "<=8"
    post = {**result, "answer": {"partition": [[0, 2], [1, 3]]}, "objective": 4.0, "optimal": True}
    post |= {"classical_optimum": 4.0, "raw": {"answer": {"partition": [[0, 1], [2, 3]]}, "optimum_probability": 0.1}}
    row = robust.row_of(instance, 1, "", ref, {**run, "stdout": json.dumps(post)})
    assert row["status"] == "ok" and row["raw_correct"] is False and row["raw_optimum_probability"] == 0.1
    timeout = robust.row_of(instance, 2, "--reps 3", ref, {"timed_out": True, "wall_s": 9.0})
    assert timeout["status"] == "timeout" and timeout["setting"] == "--reps 3" and not timeout["correct"]
    refused = robust.row_of(instance, 3, "", ref, {**run, "code": 2, "stdout": "", "stderr": "c2q: error: too big\n"})
    assert refused["status"] == "error" and refused["error"] == "c2q: error: too big"


def test_summary_tables_and_targets():
    rows = []
    for seed in (1, 2):
        for band, family, p, wall in (("c2q", "maxcut", 0.9, 1.0), ("large", "tsp", 0.2, 12.0)):
            rows.append(
                {"instance": f"{family}_x", "family": family, "band": band, "seed": seed, "setting": "defaults",
                 "status": "ok", "correct": True, "raw_correct": seed == 1, "optimum_probability": p,
                 "raw_optimum_probability": p, "wall_s": wall, "qubits": 8 if band == "c2q" else 18,
                 "qubit_band": "<=8" if band == "c2q" else "17-24", "raw_source": "final (no raw section)"}
            )  # fmt: skip
    summary = robust.summarise(rows)
    c2q_all = next(g for g in summary["by_band"] if g["band"] == "c2q" and g["family"] == "all")
    assert c2q_all["pairs"] == 2 and c2q_all["optimal"] == 2 and c2q_all["raw_optimal"] == 1
    met = {(t["band"], t["figure"]): t["met"] for t in summary["targets"]}
    assert met[("c2q", "optimal_rate")] is False and met[("c2q", "median_wall_s")] is True
    assert met[("large", "median_p_optimum")] is False and met[("large", "max_wall_s")] is True
    meta = {"date": "d", "c2q_commit": "x", "instances": 2, "generator": {"seed": 1}, "seeds": [1, 2], "workers": 2}
    meta |= {"pinned_cores": [0, 1], "timeout_s": 60, "machine": "m", "settings": ["defaults"]}
    text = robust.markdown(summary, meta, rows)
    assert "| c2q | **all** | 1 | 2 | 2/2 (100%) | 1/2 (50%) |" in text and "17-24" in text


def test_meta_names_the_seed_a_specs_folder_was_drawn_with(tmp_path):
    found = gen.generate_set(["maxcut"], ["c2q"], 1, 4321, ["canonical"], [5])
    gen.write_folder(found, tmp_path / "specs")
    args = robust.parse_args(["--specs", str(tmp_path / "specs"), "--out", str(tmp_path / "out")])
    meta = robust.run_meta(args, gen.read_folder(tmp_path / "specs"))
    assert meta["generator"] == {"seed": 4321, "specs": str(tmp_path / "specs")}  # not --gen-seed's default


def test_the_measured_commit_names_changes_in_c2q_but_not_a_frozen_clones_links(tmp_path, monkeypatch):
    import subprocess

    import common

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "c2q").mkdir()
    (tmp_path / "c2q" / "api.py").write_text("x = 1\n")
    (tmp_path / "agents").mkdir()
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    (tmp_path / "c2q" / "agents").symlink_to("../agents")  # a frozen clone's link: not a change
    monkeypatch.setattr(common, "ROOT", tmp_path)
    clean = common.c2q_commit()
    assert len(clean) >= 7 and "+" not in clean
    (tmp_path / "c2q" / "new.py").write_text("")
    assert common.c2q_commit().endswith(" + untracked files in c2q/")
    (tmp_path / "c2q" / "api.py").write_text("x = 2\n")
    assert " + uncommitted changes in c2q/" in common.c2q_commit()


# ---------------------------------------------------------------- end to end
@pytest.mark.slow
def test_benchmark_end_to_end(tmp_path):
    argv = ["--families", "maxcut", "tsp", "add", "factor", "--sizes", "5", "12", "--instances", "1"]
    argv += ["--seeds", "1", "--timeout", "300", "--out", str(tmp_path)]
    assert robust.main(argv) == 0
    for name in ("rows.json", "rows.csv", "rows.jsonl", "summary.json", "summary.md", "robust.png", "meta.json"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "specs" / "manifest.json").is_file()
    rows = json.loads((tmp_path / "rows.json").read_text())["rows"]
    # maxcut and factor at 5 (C2|Q> sizes) and 12 (large), tsp and add at 5 (12 is out of their range)
    assert sorted((r["family"], r["size"]) for r in rows) == [
        ("add", 5), ("factor", 5), ("factor", 12), ("maxcut", 5), ("maxcut", 12), ("tsp", 5),
    ]  # fmt: skip
    assert {r["band"] for r in rows} == {"c2q", "large"}
    for r in rows:
        assert r["status"] in ("ok", "wrong", "error", "timeout")
        if r["status"] in ("ok", "wrong"):
            assert r["reason"] and r["qubits"] and r["correct"] == (r["status"] == "ok")
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert {t["band"] for t in summary["targets"]} == {"c2q", "large"}
    assert "## Per family and size band" in (tmp_path / "summary.md").read_text()
