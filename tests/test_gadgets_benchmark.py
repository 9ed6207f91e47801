"""The gadget benchmark's own figures: per-case medians and target ratios, the brute-force optimum and
the optimum share of samples (benchmarks/gadgets.py), on hand-made inputs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "gadgets.py"
_SPEC = importlib.util.spec_from_file_location("gadgets_benchmark", _PATH)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = bench  # dataclasses look their module up
_SPEC.loader.exec_module(bench)


def run(success, first, cz, error=1e-4, gates=20, wall=10.0):
    return {
        "success": success,
        "first_success_step": first,
        "n_cnots": cz,
        "error": error,
        "n_gates": gates,
        "wall_time_s": wall,
    }


def test_compare_meets_both_targets():
    plain = [run(True, 1000, 10), run(True, 2000, 10), run(True, 3000, 12)]
    gadget = [run(True, 500, 6), run(True, 1000, 8), run(True, 1500, 8)]
    c = bench.compare(plain, gadget, budget=5000)
    assert c["steps_reduction"] == pytest.approx(0.5)
    assert c["cz_reduction"] == pytest.approx(0.2)
    assert c["steps_target_met"] and c["cz_target_met"] and c["target_met"]
    assert not c["steps_censored"]


def test_compare_censors_and_ignores_unreached_runs_for_cz():
    plain = [run(False, None, 3), run(False, None, 3), run(True, 4000, 10)]
    gadget = [run(True, 1000, 12), run(False, None, 1), run(True, 2000, 12)]
    c = bench.compare(plain, gadget, budget=5000)
    # plain medians: steps median(5000, 5000, 4000) = 5000; gadget median(1000, 5000, 2000) = 2000
    assert c["steps_reduction"] == pytest.approx(0.6)
    assert c["steps_censored"]
    # CZ over reached runs only: plain 10, gadget 12 -> 20% more, target not met
    assert c["cz_reduction"] == pytest.approx(-0.2)
    assert c["steps_target_met"] and not c["cz_target_met"] and c["target_met"]
    assert c["arms"]["plain"]["reached"] == 1 and c["arms"]["gadget"]["reached"] == 2


def test_compare_nobody_reached():
    c = bench.compare([run(False, None, 2)], [run(False, None, 1)], budget=100)
    assert c["steps_reduction"] is None and c["cz_reduction"] is None and not c["target_met"]


def test_brute_force_and_optimum_share():
    triangle = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], dtype=float)
    best, optima = bench.brute_force("maxcut", triangle)
    assert best == 2 and len(optima) == 6
    best, optima = bench.brute_force("mis", triangle)
    assert best == 1 and sorted(optima) == [(0, 0, 1), (0, 1, 0), (1, 0, 0)]
    # Qiskit keys: qubit 0 rightmost; "001" is node 0 chosen
    assert bench.optimum_share({"001": 3, "011": 1}, optima, 3) == pytest.approx(0.75)


def test_long_cases_differ_from_their_short_case_only_in_episode_length():
    cases = [(f"tfim{n}_h1_long", bench.LONG_GATES_PER_QUBIT * n) for n in (3, 4, 5)]
    for name, gates in [*cases, ("tfim5_h1_xl", bench.XL_GATES_PER_QUBIT * 5)]:
        short, long = bench.CASES[name.rsplit("_", 1)[0]], bench.CASES[name]
        assert long["max_gates"] == gates > short["max_gates"]
        assert {k: v for k, v in long.items() if k != "max_gates"} == {
            k: v for k, v in short.items() if k != "max_gates"
        }


def test_easy_to_hard_section_uses_the_easy_library_of_the_same_width(tmp_path, capsys):
    for hard, easy in bench.EASY_SOURCE.items():
        h, e = bench.CASES[hard], bench.CASES[easy]
        assert (h["h"], e["h"]) == (1.0, 0.05) and h["qubits"] == e["qubits"]
    args = bench.Args(cases=["tfim3_h1", "tfim3_h0.05"], out=tmp_path, runs=tmp_path / "runs")
    # no train results and no library: nothing runs, the message says what to run first
    assert bench.run_easy_to_hard(args, train={}, previous={}) == {}
    assert "--section train --cases tfim3_h0.05 first" in capsys.readouterr().out


def test_summary_lists_every_section_with_its_tag():
    case = bench.compare([run(False, None, 3)], [run(True, 100, 2)], budget=1000)
    case |= {"config": bench.CASES["tfim3_h1"], "runs": []}
    meta = {"date": "2026-11-23", "args": {"top_k": 50, "max_gadgets": 5, "fields": [1.0]}}
    lib = {"path": "x/libraries/tfim3_h1.json", "n_gadgets": 1, "corpus_size": 4, "gadgets": [[["sx", 0], ["rz", 0]]]}
    easy = lib | {"path": "x/libraries/tfim3_h0.05.json", "blocks": "connected"}
    results = {
        "train": {"meta": meta, "cases": {"tfim3_h1": case | {"library": lib}}},
        "transfer": {"meta": meta, "cases": {"tfim3_h1": case | {"library": lib}}},
        "easy_to_hard": {"meta": meta, "cases": {"tfim3_h1": case | {"library": easy}}},
    }
    text = bench.summary(results)
    assert "| tfim3_h1 | gadget |" in text and "| tfim3_h1 (T) | gadget |" in text
    assert "| tfim3_h1 (E) | gadget | 1/1 |" in text and "Easy field to hard field" in text
    # each section names the library of each case and how it was mined (older libraries: adjacent)
    assert "- tfim3_h1: `tfim3_h1.json`, adjacent blocks, 1 gadgets from 4 circuits: [sx 0, rz 0]" in text
    assert "- tfim3_h1 (E): `tfim3_h0.05.json`, connected blocks" in text


def test_summary_names_each_case_budget_when_a_width_has_two():
    meta = {"date": "2026-11-23", "args": {"top_k": 50, "max_gadgets": 5}}
    lib = {"path": "tfim4_h1.json", "n_gadgets": 0, "corpus_size": 0, "gadgets": []}
    cases = {}
    for name, steps in (("tfim4_h1", 200_000), ("tfim4_h1_long", 100_000)):
        case = bench.compare([run(False, None, 3)], [run(False, None, 2)], budget=steps)
        cases[name] = case | {"config": bench.CASES[name] | {"steps": steps}, "runs": [], "library": lib}
    text = bench.summary({"train": {"meta": meta, "cases": cases}})
    assert "tfim4_h1 200000, tfim4_h1_long 100000" in text


def test_plain_runs_are_reused_only_with_their_folder_and_the_same_budget(tmp_path, monkeypatch):
    fresh = []
    monkeypatch.setattr(bench, "train_run", lambda args, name, seed, arm, gadgets: fresh.append(seed) or {"seed": seed})
    kept = tmp_path / "plain_s0"
    kept.mkdir()
    (kept / "circuits.json").write_text("{}")
    rows = [
        {"arm": "plain", "seed": 0, "steps": 20224, "out": str(kept)},  # 20,000 rounded up to 256-step rollouts
        {"arm": "plain", "seed": 1, "steps": 20224, "out": str(tmp_path / "gone")},  # folder deleted
        {"arm": "plain", "seed": 2, "steps": 100096, "out": str(kept)},  # another budget
        {"arm": "gadget", "seed": 3, "steps": 20224, "out": str(kept)},  # not a plain run
    ]
    args = bench.Args(seeds=[0, 1, 2, 3], runs=tmp_path)
    plain = bench.reuse_plain(args, "tfim3_h1", {"tfim3_h1": {"runs": rows}})
    assert plain[0] is rows[0] and fresh == [1, 2, 3]


def test_transfer_mines_the_train_sections_plain_folders_wherever_they_are(tmp_path):
    def row(arm, seed, name):
        folder = tmp_path / name / f"{arm}_s{seed}"
        folder.mkdir(parents=True)
        (folder / "report.json").write_text("{}")
        return {"arm": arm, "seed": seed, "out": str(folder)}

    train = {
        "tfim3_h1": {"runs": [row("plain", s, "a") for s in range(5)] + [row("gadget", 0, "a")]},
        "tfim4_h1": {"runs": [row("plain", 0, "b"), {"arm": "plain", "seed": 1, "out": str(tmp_path / "gone")}]},
    }
    folders, missing = bench.plain_folders(train, ["tfim3_h1", "tfim4_h1"], [0, 1, 4])
    assert folders == [tmp_path / "a" / f"plain_s{s}" for s in (0, 1, 4)] + [tmp_path / "b" / "plain_s0"]
    assert missing == ["tfim4_h1 seed 1", "tfim4_h1 seed 4"]


def _out_folder(path, section, cases, seeds, library=("rz 0", "sx 0")):
    """An --out folder of a run of ``section`` over ``cases`` and ``seeds`` (every run reaches at step 100)."""
    (path / "libraries").mkdir(parents=True)
    (path / "libraries" / "lib.json").write_text("{}")
    results = {"meta": {"args": {"section": [section], "cases": cases, "fields": [1.0]}}}
    found = {}
    for name in cases:
        runs = [
            run(True, 100 * (seed + 1), 2) | {"arm": arm, "seed": seed, "steps": 1024, "curve": [[10, 1e-4]]}
            for arm in ("plain", "gadget")
            for seed in seeds
        ]
        plain, gadget = runs[: len(seeds)], runs[len(seeds) :]
        found[name] = {
            "config": bench.CASES[name] | {"steps": 1024},
            "runs": runs,
            "library": {"path": str(path / "libraries" / "lib.json"), "gadgets": [list(library)]},
            **bench.compare(plain, gadget, 1024),
        }
    results[section] = {"meta": {"date": "today"}, "cases": found}
    (path / "results.json").write_text(bench.json.dumps(results))


def test_merge_combines_seeds_run_apart_and_replaces_other_cases(tmp_path, capsys):
    _out_folder(tmp_path / "a", "easy_to_hard", ["tfim3_h1"], [0, 1])
    _out_folder(tmp_path / "b", "easy_to_hard", ["tfim3_h1"], [2])
    _out_folder(tmp_path / "c", "train", ["tfim4_h1"], [0], library=("x 0", "sx 0"))
    out = tmp_path / "out"
    out.mkdir()
    results = {"train": {"cases": {"tfim4_h1": {"runs": ["stale"], "config": {}}}}}
    bench.merge(results, [tmp_path / "a", tmp_path / "b", tmp_path / "c"], out)
    case = results["easy_to_hard"]["cases"]["tfim3_h1"]
    assert [(r["arm"], r["seed"]) for r in case["runs"]] == [("plain", s) for s in (0, 1, 2)] + [
        ("gadget", s) for s in (0, 1, 2)
    ]
    assert case["arms"]["gadget"]["runs"] == 3 and case["arms"]["gadget"]["median_steps_to_threshold"] == 200
    assert case["library"]["path"] == str(out / "libraries" / "lib.json") and (out / "libraries" / "lib.json").exists()
    assert (out / "easy_to_hard_tfim3_h1_error_vs_steps.png").exists()
    # another budget or library: the source's case replaces the old one
    assert results["train"]["cases"]["tfim4_h1"]["runs"][0]["seed"] == 0
    assert "(runs combined)" in capsys.readouterr().out
    # a section a source only carried over is not taken
    results = {}
    carried = bench.json.loads((tmp_path / "c" / "results.json").read_text())
    carried["meta"]["args"]["section"] = ["transfer"]
    (tmp_path / "c" / "results.json").write_text(bench.json.dumps(carried))
    bench.merge(results, [tmp_path / "c"], out)
    assert set(results) == {"meta"}  # a new folder takes its meta from the first source


def test_blocks_choices_mirror_the_miner():
    """The benchmark lists the miners as literals (parsing must not import qiskit): every one of
    c2q.agents.gadgets.BLOCKS is accepted, nothing else is."""
    from c2q.agents.gadgets import BLOCKS

    for blocks in BLOCKS:
        assert bench.parse_args(["--blocks", blocks]).blocks == blocks
    with pytest.raises(SystemExit):
        bench.parse_args(["--blocks", "everything"])
