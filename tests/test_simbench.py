"""``c2q bench simulators``: circuits, growth detection, one real run per engine, and the CLI."""

import json
from dataclasses import asdict

import pytest

from c2q import cli, simbench
from c2q.simbench import Measurement, build, exponential_from, widths


def test_families_build_the_width_asked_for():
    assert build("qaoa", 6).num_qubits == 6
    assert build("adder", 8).num_qubits == 8  # two 3-bit operands, carry in and out
    ghz = build("ghz", 5)
    assert ghz.num_qubits == 5 and ghz.count_ops()["measure"] == 5 and ghz.count_ops()["cx"] == 4
    assert widths("ghz", 64) == [4, 8, 16, 32, 64]
    assert widths("qaoa", 9) == [4, 6, 8]


def test_exponential_growth_is_flagged_where_it_starts():
    noise = [Measurement("qaoa", "x", n, "ok", t) for n, t in ((4, 0.001), (6, 0.01), (8, 0.001))]  # fixed costs
    flat = [Measurement("qaoa", "x", n, "ok", 0.1) for n in (4, 6, 8)]
    steep = [Measurement("qaoa", "x", n, "ok", 0.1 * 2 ** (n - 8)) for n in (10, 12, 14)]
    assert exponential_from(noise) is None
    assert exponential_from(flat) is None
    found = exponential_from(flat + steep)
    assert found == {"from_qubits": 8, "doublings_per_qubit": 1.0}  # time doubles every qubit from 8 on
    polynomial = [Measurement("ghz", "x", n, "ok", 1e-6 * n**2) for n in (64, 128, 256, 512)]
    assert exponential_from(polynomial) is None


@pytest.mark.parametrize(
    ("family", "simulator", "qubits"),
    [("ghz", "stabilizer", 32), ("qaoa", "lightning.qubit", 6), ("adder", "mps", 8)],
)
def test_one_run_per_engine_gives_time_and_memory(family, simulator, qubits):
    row = simbench.measure(family, simulator, qubits, time_limit=30)
    assert row.status == "ok", row.message
    assert row.seconds > 0 and row.peak_mib >= 0


def test_bench_cli_writes_table_plot_and_stops_at_memory(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(simbench, "fits_in_memory", lambda simulator, qubits: qubits <= 4)
    code = cli.main(["bench", "simulators", "--families", "ghz", "--simulators", "statevector", "--out", str(tmp_path)])
    assert code == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert [(r["qubits"], r["status"]) for r in results["rows"]] == [(4, "ok"), (8, "memory")]
    assert results["curves"][0]["stopped_by"] == "memory"
    assert (tmp_path / "simulators.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (
        "| 4 | " in (tmp_path / "summary.md").read_text()
        and "| ghz | statevector | 4 | memory |" in capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--families", "nope"], "--families"),
        (["--simulators", "qpu"], "--simulators"),
        (["--max-qubits", "2"], "--max-qubits"),
    ],
)
def test_bench_cli_bad_options_exit_2(args, field, capsys):
    assert cli.main(["bench", "simulators", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("c2q: error: ") and field in err and "Traceback" not in err


def test_rl_family_runs_each_saved_circuit_at_its_own_width(tmp_path, monkeypatch):
    cases = simbench.rl_cases()
    assert cases["tfim2"][0] == 2 and cases["h2"][0] == 4  # benchmarks/results/rl_qas
    assert widths("rl", 28) == sorted({n for n, _ in cases.values()})
    assert ("tfim4", 4) in {(c, n) for n, c in simbench.points("rl", 28)}
    circuit = build("rl", 2, case="tfim2")
    assert circuit.num_qubits == 2 and circuit.count_ops()["measure"] == 2
    assert build("rl", 4).num_qubits == 4  # the first saved circuit of that width
    row = simbench.measure("rl", "statevector", 2, case="tfim2", time_limit=30)
    assert row.status == "ok" and row.case == "tfim2", row.message
    results = {
        "rows": [asdict(row)],
        "curves": [{"family": "rl", "simulator": "statevector", "largest_qubits": 2, "stopped_by": "max width"}],
        "time_limit_s": 30,
        "shots": simbench.SHOTS,
    }
    results["curves"][0]["exponential"] = None
    assert "| tfim2 (2) | " in simbench.markdown(results)
    simbench.plot(results, tmp_path / "rl.png")
    assert (tmp_path / "rl.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    monkeypatch.setattr(simbench, "RL_CIRCUITS", tmp_path / "none")  # no saved circuits: skipped with a note
    skipped = simbench.bench(("rl",), ("statevector",))
    assert skipped["rows"] == [] and "rl: skipped" in skipped["notes"][0]
    assert "rl: skipped" in simbench.markdown(skipped)
