"""``c2q bench simulators``: circuits, growth detection, one real run per engine, and the CLI."""

import json

import pytest

import cli
from backends import simbench
from backends.simbench import Measurement, build, exponential_from, widths


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
