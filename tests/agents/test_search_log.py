"""SearchLog's corpus (circuits.json): the finished circuits with the lowest errors, successful or not."""

from __future__ import annotations

import json

from c2q.agents.report import SearchLog, write_report


def info(gates, error, n_cnots=0):
    return {
        "circuit": tuple(gates),
        "angles": (0.1,) * sum(g[0] == "rz" for g in gates),
        "energy": -1.0 + error,
        "error": error,
        "n_gates": len(gates),
        "n_cnots": n_cnots,
        "threshold": 1e-1,
    }


def finish(log, gates, error, step, n_cnots=0):
    i = info(gates, error, n_cnots)
    log.observe(i, step)
    log.end_episode(i, step)


def test_keeps_the_lowest_error_finished_circuits_successful_or_not(tmp_path):
    log = SearchLog(2, target=1e-3, max_cnots=1, keep=3)
    finish(log, [("sx", 0)], 0.5, 1)
    finish(log, [("sx", 0), ("rz", 0)], 2e-3, 2)
    finish(log, [("sx", 0), ("cz", 0, 1), ("cz", 0, 1)], 1e-4, 3, n_cnots=2)  # below 1e-3, too many CZ
    finish(log, [("x", 1)], 1e-5, 4)
    finish(log, [("sx", 0), ("rz", 0)], 3e-3, 5)  # the same circuit again, worse: the first stays
    finish(log, [("rz", 1), ("sx", 1)], 0.9, 6)
    kept = log.top_circuits()
    assert [c["error"] for c in kept] == [1e-5, 1e-4, 2e-3]  # lowest errors, at most keep
    assert [c["success"] for c in kept] == [True, False, False]
    assert kept[2]["step"] == 2
    # the corpus survives a checkpoint, and report writes it
    again = SearchLog(2, target=1e-3, max_cnots=1, keep=3)
    again.load_state(json.loads(json.dumps(log.state())))
    assert again.top_circuits() == kept
    write_report(tmp_path, log, {"hamiltonian": "test", "n_qubits": 2})
    assert json.loads((tmp_path / "circuits.json").read_text())["circuits"] == kept


def test_a_run_that_never_succeeds_still_has_a_corpus():
    log = SearchLog(2, target=1e-6)
    for step in range(1, 6):
        finish(log, [("sx", 0)] + [("rz", 0)] * step, 0.1 / step, step)
    assert len(log.top_circuits()) == 5 and not any(c["success"] for c in log.top_circuits())
    assert not log.summary()["success"]
