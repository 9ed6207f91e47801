"""c2q.agents.train through ``c2q train``: report files and keys, both agents, resume, determinism."""

import json

import pytest
from c2q.agents.circuits import Ansatz
from c2q.agents.report import REPORT_KEYS
from c2q.agents.train import build_parser

from c2q import cli

COMMON = ["--hamiltonian", "tfim", "--qubits", "2", "--max-gates", "6", "--threshold", "1e-6", "--no-progress"]


def run(tmp_path, name, *extra):
    out = tmp_path / name
    assert cli.main(["train", *COMMON, "--out", str(out), *extra]) == 0
    return out, json.loads((out / "report.json").read_text())


def test_smoke_both_agents(tmp_path, capsys):
    for agent, extra in (("ppo", ["--ppo-n-steps", "64"]), ("dqn", ["--dqn-learning-starts", "64"])):
        out, report = run(tmp_path, agent, "--agent", agent, "--steps", "256", "--seed", "1", *extra)
        assert set(REPORT_KEYS) <= set(report)
        assert report["agent"] == agent and report["steps"] >= 256 and report["episodes"] > 0
        assert report["error"] < 1e-6 and report["success"]  # 2-qubit TFIM: a 3-gate circuit exists
        assert report["n_cnots"] >= 1 and report["n_parameters"] == len(report["parameters"])
        assert report["evaluations"] > report["steps"] and report["time_per_step_ms"] > 0
        assert (out / "best.qasm").read_text().startswith("OPENQASM 3")
        assert (out / "learning_curve.png").stat().st_size > 1000
        ansatz = Ansatz.load(out / "best_ansatz.json")
        assert ansatz.energy == report["energy"] and len(ansatz.gates) == report["n_gates"]
    assert "best error" in capsys.readouterr().out


def test_resume_continues_from_the_last_checkpoint(tmp_path):
    args = ["--agent", "ppo", "--ppo-n-steps", "64", "--checkpoint-every", "64", "--seed", "2"]
    out, first = run(tmp_path, "r", *args, "--steps", "128")
    assert sorted(p.name for p in (out / "checkpoints").glob("model_*.zip")) == [
        "model_128_steps.zip",
        "model_64_steps.zip",
    ]
    _, second = run(tmp_path, "r", *args, "--steps", "256", "--resume")
    assert any("resumed from model_128_steps.zip" in n for n in second["notes"])
    assert second["steps"] == 256 and second["episodes"] > first["episodes"]
    assert second["evaluations"] > first["evaluations"] and second["wall_time_s"] > 0


def test_same_seed_same_run(tmp_path):
    args = ["--agent", "ppo", "--ppo-n-steps", "64", "--steps", "128", "--seed", "3", "--max-cnots", "1"]
    _, a = run(tmp_path, "a", *args)
    _, b = run(tmp_path, "b", *args)
    assert (a["episodes"], a["evaluations"], a["gates"], a["error"]) == (
        b["episodes"],
        b["evaluations"],
        b["gates"],
        b["error"],
    )
    assert a["n_cnots"] <= 1


def test_cli_declares_the_same_options_as_agents_train():
    def options(parser):  # every option with what it sets, its default and its choices
        return {
            s: (a.dest, a.default, a.choices and list(a.choices)) for a in parser._actions for s in a.option_strings
        }

    train = next(a for a in cli.build_parser()._actions if a.dest == "command").choices["train"]
    assert options(train) == options(build_parser())


def test_bad_hamiltonian_is_one_line_exit_2(tmp_path, capsys):
    assert cli.main(["train", "--hamiltonian", "ising9", "--out", str(tmp_path / "x")]) == 2
    assert "ising9" in capsys.readouterr().err


def test_spin_model_couplings_reach_the_hamiltonian():
    import numpy as np
    from c2q.agents.train import Args, make_hamiltonian

    weak = make_hamiltonian(Args(qubits=3, field=0.05, coupling=2.0))
    assert weak.metadata["h"] == 0.05 and weak.metadata["J"] == 2.0
    # ferromagnetic chain in a weak field: E0 just below -J (n - 1)
    assert -4.01 < np.linalg.eigvalsh(weak.dense_matrix)[0] < -4.0
    assert make_hamiltonian(Args(qubits=3)).metadata == {"J": 1.0, "h": 1.0, "periodic": False}
    with pytest.raises(ValueError, match="--coupling/--field"):
        make_hamiltonian(Args(hamiltonian="h2", field=0.1))
