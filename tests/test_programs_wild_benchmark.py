"""benchmarks/programs_wild.py: its judge on inline programs (fast), and the corpus run (slow; the
programs themselves are third-party code kept out of the repository: absent files are skipped)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import programs_wild

RING = "def max_cut(edges):\n    return 0\nmax_cut([(0, 1), (1, 2), (2, 0)])\n"


def test_the_judge_tells_right_wrong_and_refused():
    label = {"family": "maxcut", "graph": {"nodes": 3, "edges": [[1, 2], [2, 0], [0, 1]]}}  # relabelled: same graph
    right = programs_wild.judge({"file": "r.py", "family": "maxcut", "expect": "solve", "instance": label}, RING)
    assert right["outcome"] == "right"
    other = {"family": "maxcut", "graph": {"nodes": 3, "edges": [[0, 1], [1, 2]]}}
    wrong = programs_wild.judge({"file": "w.py", "family": "maxcut", "expect": "solve", "instance": other}, RING)
    assert wrong["outcome"] == "wrong instance"
    negative = programs_wild.judge({"file": "n.py", "family": "none", "expect": "refuse", "instance": None}, RING)
    assert negative["outcome"] == "wrong family"
    refused = programs_wild.judge({"file": "q.py", "family": "none", "expect": "refuse"}, "print('hello')\n")
    assert refused["outcome"] == "right"


@pytest.mark.slow
def test_the_corpus_never_gets_a_wrong_family_or_a_traceback():
    present = [e for e in programs_wild.load_manifest() if (programs_wild.CORPUS / e["file"]).is_file()]
    if not present:
        pytest.skip("the corpus programs are not here (see benchmarks/programs_wild.py)")
    outcomes = []
    for entry in present:
        source = (programs_wild.CORPUS / entry["file"]).read_text(encoding="utf-8", errors="replace")
        outcomes.append((entry, programs_wild.judge(entry, source)["outcome"]))
    assert not [e["file"] for e, o in outcomes if o == "traceback"]
    assert not [e["file"] for e, o in outcomes if e["family"] == "none" and o != "right"]


def test_the_judge_takes_a_tour_instance_with_its_cities_numbered_otherwise():
    matrix = [[0, 2, 9, 10], [2, 0, 6, 4], [9, 6, 0, 3], [10, 4, 3, 0]]
    program = f"def tsp(d):\n    return 0\ntsp({matrix})\n"
    order = [2, 0, 3, 1]  # the label lists the same cities in another order
    renumbered = [[matrix[i][j] for j in order] for i in order]
    label = {"family": "tsp", "distance_matrix": renumbered}
    right = programs_wild.judge({"file": "t.py", "family": "tsp", "expect": "solve", "instance": label}, program)
    assert right["outcome"] == "right"
    other = {"family": "tsp", "distance_matrix": [[0, 2, 9, 10], [2, 0, 6, 4], [9, 6, 0, 5], [10, 4, 5, 0]]}
    wrong = programs_wild.judge({"file": "u.py", "family": "tsp", "expect": "solve", "instance": other}, program)
    assert wrong["outcome"] == "wrong instance"
