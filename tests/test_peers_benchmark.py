"""The side-by-side benchmark's judge (benchmarks/peer_judge.py) on hand-made answers, right and
wrong; its row building; and (slow) the benchmark end to end on two instances with all three tools."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import peer_judge
import peers
from peer_judge import judge, read_instance

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "c2q"


def _spec(tmp_path: Path, name: str, body: dict) -> peer_judge.Instance:
    path = tmp_path / "fmt" / "family" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body))
    return read_instance(path)


def test_reads_both_formats_with_isolated_nodes(tmp_path):
    matrix = {"problem_type": "mis", "data": {"matrix": [[0, 1, 0], [1, 0, 0], [0, 0, 0]]}}
    dsl = {"family": "MIS", "instance": {"graph_rep": "edge_list", "graphs": {"G1": [[0, 1], [1, 2]]}}}
    assert _spec(tmp_path, "a.json", matrix).nodes == (0, 1, 2)
    assert _spec(tmp_path, "b.json", dsl).nodes == (0, 1, 2)


def test_mis_isolated_vertex_must_be_chosen(tmp_path):
    inst = _spec(tmp_path, "m.json", {"problem_type": "mis", "data": {"matrix": [[0, 1, 0], [1, 0, 0], [0, 0, 0]]}})
    assert judge(inst, {"nodes": [0, 2]})[0]
    assert not judge(inst, {"nodes": [0]})[0]  # the peer's mistake: isolated vertex dropped
    assert not judge(inst, {"nodes": [0, 1, 2]})[0]  # not independent


def test_maxcut_vc_tsp(tmp_path):
    square = [[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]]
    cut = _spec(tmp_path, "c.json", {"problem_type": "maxcut", "data": {"matrix": square}})
    assert judge(cut, {"side": [0, 2]}) == (True, "cut 4 of 4")
    assert not judge(cut, {"side": [0, 1]})[0]
    vc = _spec(tmp_path, "v.json", {"problem_type": "vc", "data": {"matrix": square}})
    assert judge(vc, {"nodes": [1, 3]})[0] and not judge(vc, {"nodes": [1]})[0]
    assert not judge(vc, {"nodes": [0, 1, 2]})[0]  # a cover, not minimum
    d = [[0, 1, 9, 1], [1, 0, 1, 9], [9, 1, 0, 1], [1, 9, 1, 0]]
    tsp = _spec(tmp_path, "t.json", {"problem_type": "tsp", "data": {"distance_matrix": d}})
    assert judge(tsp, {"tour": [0, 1, 2, 3]})[0]
    assert not judge(tsp, {"tour": [0, 2, 1, 3]})[0]
    assert not judge(tsp, {"tour": [0, 1, 1, 3]})[0]  # not a permutation
    assert not judge(tsp, {"tour": [[], [1, 3], [], 2]})[0]  # an infeasible decoding


def test_clique_with_k_and_without(tmp_path):
    triangle_plus = [[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]]
    no4 = _spec(tmp_path, "k4.json", {"problem_type": "clique", "data": {"matrix": triangle_plus, "k": 4}})
    assert judge(no4, {"nodes": [0, 1, 2], "exists": False})[0]
    assert not judge(no4, {"nodes": [0, 1, 2], "exists": True})[0]  # claims a 4-clique
    assert not judge(no4, {"nodes": [0, 1, 2, 3]})[0]  # not a clique
    k2 = _spec(tmp_path, "k2.json", {"problem_type": "clique", "data": {"matrix": triangle_plus, "k": 2}})
    assert judge(k2, {"nodes": [2, 3]})[0]
    bare = _spec(
        tmp_path, "b.json", {"family": "Clique", "instance": {"graph_rep": "matrix", "graphs": {"G": triangle_plus}}}
    )
    assert judge(bare, {"nodes": [0, 1, 2]})[0] and not judge(bare, {"nodes": [2, 3]})[0]


def test_kcolor_fewest_conflicts_and_colour_budget(tmp_path):
    triangle = [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    k2 = _spec(tmp_path, "k2.json", {"problem_type": "kcolor", "data": {"matrix": triangle, "k": 2}})
    assert judge(k2, {"colouring": {0: 0, 1: 1, 2: 0}})[0]  # 1 conflict is the fewest with 2 colours
    assert not judge(k2, {"colouring": {0: 0, 1: 1, 2: 2}})[0]  # proper but 3 colours > k
    free = _spec(
        tmp_path, "f.json", {"family": "KColor", "instance": {"graph_rep": "matrix", "graphs": {"G": triangle}}}
    )
    assert judge(free, {"colouring": {0: 1, 1: 2, 2: 3}})[0]
    assert not judge(free, {"colouring": {0: 1, 1: 2}})[0]  # node 2 uncoloured


def test_arithmetic_and_factor(tmp_path):
    sub = _spec(tmp_path, "s.json", {"problem_type": "sub", "data": {"operands": [0, 5], "bits": 3}})
    assert judge(sub, {"value": -5})[0] and not judge(sub, {"value": 3})[0]  # the peer's reading of -5
    mul = _spec(tmp_path, "m.json", {"problem_type": "mul", "data": {"operands": [3, 3], "a_bits": 2, "b_bits": 2}})
    assert judge(mul, {"value": 9})[0]
    fac = _spec(tmp_path, "f.json", {"family": "Factor", "instance": {"n": 21, "bits": 10}})
    assert judge(fac, {"factors": [7, 3]})[0]
    assert not judge(fac, {"factors": [1, 21]})[0]
    assert judge(fac, None) == (False, "no answer")


def test_rows_and_summary_from_hand_made_runs(tmp_path):
    inst = _spec(tmp_path, "s.json", {"problem_type": "sub", "data": {"operands": [0, 5], "bits": 3}})
    rows = [
        peers.row_of(inst, "c2q", {"timed_out": False, "wall_s": 1.0, "peak_mib": 100, "answer": {"value": -5}}),
        peers.row_of(inst, "peer", {"timed_out": False, "wall_s": 4.0, "peak_mib": 200, "answer": {"value": 3}}),
    ]
    assert [r["status"] for r in rows] == ["ok", "wrong"]
    timeout = peers.row_of(inst, "peer", {"timed_out": True, "wall_s": 300.0})
    assert timeout["status"] == "timeout"
    summary = peers.summarise(rows)
    assert summary["families"]["sub"]["ratio_peer"] == pytest.approx(4.0)
    assert summary["families"]["sub"]["c2q"]["correct"] == 1 and summary["families"]["sub"]["peer"]["correct"] == 0


def test_peer_answers_from_a_record():
    inst = peer_judge.Instance(path="x/y/z.json", family="kcolor", nodes=(0, 1, 2), edges=((0, 1, 1.0),))
    record = {"nodes": [1, 0], "solutions": [{"solver": "qaoa", "bits": [1, 0, 0, 1], "answer": [1, 2]}]}
    ((solver, answer),) = peers.peer_answers(inst, record)
    assert solver == "qaoa" and answer == {"colouring": {1: 1, 0: 2}}


@pytest.mark.slow
def test_benchmark_end_to_end_on_two_instances(tmp_path):
    if peers.peer_python() is None:
        pytest.skip("the peer's environment cannot be created here (needs Python 3.12/3.13 and the package index)")
    specs = tmp_path / "c2q"
    for rel in ("json/maxcut/maxcut_01.json", "json/sub/sub_04.json"):
        (specs / rel).parent.mkdir(parents=True, exist_ok=True)
        (specs / rel).write_text((DATA / rel).read_text())
    out = tmp_path / "out"
    assert peers.main(["--specs", str(specs), "--out", str(out)]) == 0
    rows = json.loads((out / "results.json").read_text())["rows"]
    assert {(r["spec"], r["tool"]) for r in rows} == {
        ("json/maxcut/maxcut_01.json", "c2q"),
        ("json/maxcut/maxcut_01.json", "peer"),
        ("json/maxcut/maxcut_01.json", "qiskit-opt"),
        ("json/sub/sub_04.json", "c2q"),
        ("json/sub/sub_04.json", "peer"),
    }
    assert all(r["status"] == "ok" for r in rows if r["tool"] == "c2q")
    assert (out / "walltime.png").stat().st_size > 0 and "| sub |" in (out / "summary.md").read_text()


def test_resume_reruns_instances_cut_short(tmp_path):
    rows = [
        {"spec": "a", "family": "maxcut", "tool": "c2q"},
        {"spec": "a", "family": "maxcut", "tool": "peer"},
        {"spec": "a", "family": "maxcut", "tool": "qiskit-opt"},
        {"spec": "b", "family": "maxcut", "tool": "c2q"},  # cut short: run again whole
        {"spec": "c", "family": "add", "tool": "c2q"},
        {"spec": "c", "family": "add", "tool": "peer"},  # arithmetic: no qiskit-opt row expected
    ]
    assert peers.complete_specs(rows, list(peers.TOOLS)) == {"a", "c"}
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps({**r, "wall_s": i}) for i, r in enumerate([*rows, rows[3]])) + "\n")
    kept = peers.read_rows(path)
    assert len(kept) == 6 and next(r for r in kept if r["spec"] == "b")["wall_s"] == 6  # the last run counts


def test_c2q_answers_in_the_judges_terms():
    clique = peer_judge.Instance(path="x/y/z.json", family="clique", nodes=(0, 1, 2), edges=((0, 1, 1.0),))
    bare = peers.c2q_answer(clique, {"answer": {"maximum_clique": [0, 1], "size": 2}})  # no k: no "clique" key
    assert bare == {"nodes": [0, 1], "exists": None} and judge(clique, bare)[0]
    with_k = {"answer": {"maximum_clique": [0, 1], "size": 2, "k": 3, "exists": False, "clique": None}}
    assert peers.c2q_answer(clique, with_k) == {"nodes": [0, 1], "exists": False}
    colour = peer_judge.Instance(path="x/y/z.json", family="kcolor", nodes=(0, 1), edges=((0, 1, 1.0),))
    assert peers.c2q_answer(colour, {"answer": {"colouring": [1, 0]}}) == {"colouring": {0: 1, 1: 0}}


def test_bad_options_and_specs_exit_2_with_the_reason(tmp_path, capsys):
    for argv in (["--specs", str(tmp_path / "nope")], ["--shard", "x"], ["--shard", "2/2"], ["--cpus", "a"]):
        with pytest.raises(SystemExit) as stop:
            peers.main(argv)
        assert stop.value.code == 2
    bad = tmp_path / "fmt" / "family" / "x.json"
    bad.parent.mkdir(parents=True)
    bad.write_text(json.dumps({"problem_type": "knapsack", "data": {}}))
    with pytest.raises(SystemExit) as stop:
        peers.main(["--specs", str(tmp_path / "fmt"), "--out", str(tmp_path / "out"), "--tools", "c2q"])
    assert stop.value.code == 2 and "unknown family 'knapsack'" in capsys.readouterr().err
