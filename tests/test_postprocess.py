"""The named post-processing stage: bit-flip descent ends in local minima, the result keeps the raw
quantum answer beside the improved one, and the stage is refused or skipped where it cannot apply."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

import c2q
from c2q import cli
from c2q.api import classical_reference, decoded_result
from c2q.errors import OptionError
from c2q.ising import energies
from c2q.postprocess import bit_flip_descent
from c2q.spec import build_problem

#: a 6-node graph whose maximum cut is 7 (checked below by brute force)
GRAPH = {"nodes": 6, "edges": [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 0], [0, 3], [1, 4]]}


def _brute_max_cut() -> int:
    return max(
        sum(side[i] != side[j] for i, j in GRAPH["edges"]) for side in itertools.product((0, 1), repeat=GRAPH["nodes"])
    )


def test_descent_ends_in_local_minima_and_never_raises_the_energy() -> None:
    encoding = build_problem(c2q.validate({"family": "mis", "graph": GRAPH})).encode()
    starts = np.random.default_rng(0).integers(0, 2, size=(20, encoding.num_qubits))
    ends = bit_flip_descent(encoding, starts)
    before = energies(encoding.hamiltonian, encoding.offset, starts)
    after = energies(encoding.hamiltonian, encoding.offset, ends)
    assert np.all(after <= before + 1e-9)
    for row, value in zip(ends, after, strict=True):
        flipped = np.array(row)[None, :] ^ np.eye(len(row), dtype=row.dtype)
        assert np.all(energies(encoding.hamiltonian, encoding.offset, flipped) >= value - 1e-9)


def _decoded(counts: dict[str, int], postprocess: str) -> c2q.Result:
    spec = c2q.validate({"family": "maxcut", "graph": GRAPH})
    problem = build_problem(spec)
    return decoded_result(
        spec,
        problem,
        problem.encode(),
        counts,
        classical_reference(problem, []),
        algorithm={"name": "vqe"},
        backend={"name": "aer"},
        circuit={"qubits": 6},
        timings={},
        warnings=[],
        start=time.perf_counter(),
        postprocess=postprocess,
    )


def test_the_raw_answer_stays_beside_the_improved_one() -> None:
    counts = {"000000": 900, "000001": 100}  # poor samples: cuts of 0 and 3 (node 0 has degree 3)
    plain = _decoded(counts, "none")
    assert plain.objective == 3 and plain.postprocessing is None
    result = _decoded(counts, "local-search")
    post = result.postprocessing
    assert post["stage"] == "local-search" and post["improved"] and post["starts"] == 2
    assert post["raw"]["objective"] == 3 and post["raw"]["optimal"] is False
    assert post["raw"]["answer"] == plain.answer
    assert result.objective > 3 and result.optimal == (result.objective == _brute_max_cut())
    # the probability of the optimum is the raw samples', whatever the stage found
    assert result.optimum_probability == plain.optimum_probability == 0.0
    assert any("postprocessing.raw" in w for w in result.warnings)
    assert result.to_dict()["postprocessing"]["raw"]["objective"] == 3


def test_an_optimal_raw_answer_is_kept() -> None:
    optimum = _brute_max_cut()
    best = next(
        side
        for side in itertools.product((0, 1), repeat=6)
        if sum(side[i] != side[j] for i, j in GRAPH["edges"]) == optimum
    )
    key = "".join(str(b) for b in reversed(best))
    result = _decoded({key: 10}, "local-search")
    assert not result.postprocessing["improved"] and result.objective == optimum and result.optimal


def test_circuits_without_an_energy_skip_the_stage_with_a_note() -> None:
    result = c2q.solve({"family": "add", "operands": [6, 3], "bits": 3}, seed=1, postprocess="local-search")
    assert result.postprocessing is None
    assert any("--postprocess local-search: only for QUBO/Ising" in w for w in result.warnings)


def test_an_unknown_stage_is_refused_before_any_work() -> None:
    with pytest.raises(OptionError, match="--postprocess: unknown stage 'greedy'"):
        c2q.solve({"family": "maxcut", "graph": GRAPH}, postprocess="greedy")
    args = cli.build_parser().parse_args(["solve", "spec.json", "--postprocess", "local-search"])
    assert cli._solve_options(args)["postprocess"] == "local-search"
