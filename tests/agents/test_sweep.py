"""c2q.agents.sweep: seed lists, a 2-seed sweep on Ray, a failed seed in the summary, and ``c2q train --seeds``."""

import json

import pytest
from c2q.agents.sweep import markdown, parse_seeds, summarise, sweep
from c2q.agents.train import Args, train

from c2q import cli

TINY = {"hamiltonian": "tfim", "qubits": 2, "max_gates": 6, "threshold": 1e-6, "ppo_n_steps": 64, "steps": 192}


@pytest.mark.parametrize(
    ("text", "seeds"),
    [("0-7", list(range(8))), ("0,2,5", [0, 2, 5]), ("3", [3]), (" 0-2 , 9 ", [0, 1, 2, 9]), ("4-4", [4])],
)
def test_parse_seeds(text, seeds):
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize(
    ("text", "message"),
    [("7-0", "ends before it starts"), ("0,x", "'x'"), ("", "not a seed"), ("-1", "not a seed"), ("0-2,1", "twice")],
)
def test_parse_seeds_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_seeds(text)


def test_two_seed_sweep_writes_runs_and_summary(tmp_path):
    args = Args(**TINY, out=str(tmp_path / "sweep"))
    summary = sweep(args, [0, 1], train=train, workers=2)
    for seed in (0, 1):
        report = json.loads((tmp_path / "sweep" / f"seed{seed}" / "report.json").read_text())
        assert report["seed"] == seed and (tmp_path / "sweep" / f"seed{seed}" / "checkpoints").is_dir()
    assert summary == json.loads((tmp_path / "sweep" / "sweep.json").read_text())
    assert [r["seed"] for r in summary["rows"]] == [0, 1] and summary["workers"] == 2
    over = summary["over_seeds"]
    errors = [r["error"] for r in summary["rows"]]
    assert over["error"]["mean"] == pytest.approx(sum(errors) / 2)
    assert over["error"]["min"] == min(errors) and over["error"]["std"] >= 0
    assert over["successes"] == sum(r["success"] for r in summary["rows"]) and over["failed"] == 0
    assert "| over seeds | mean | std | min | max |" in (tmp_path / "sweep" / "sweep.md").read_text()


def test_a_crashed_seed_is_recorded_and_left_out_of_the_spread():
    ok = {"status": "ok", "success": True, "error": 1e-7, "n_gates": 4, "n_cnots": 1, "n_parameters": 3}
    rows = [
        {"seed": 0, **ok, "wall_time_s": 2.0, "first_success_step": 10},
        {"seed": 1, "status": "crashed", "message": "worker process died (WorkerCrashedError)"},
    ]
    summary = summarise(rows, Args(), workers=2, wall_s=3.0)
    assert summary["over_seeds"]["failed"] == 1 and summary["over_seeds"]["successes"] == 1
    assert summary["over_seeds"]["n_cnots"] == {"mean": 1.0, "std": 0.0, "min": 1.0, "max": 1.0}
    assert "| 1 | crashed: worker process died" in markdown(summary)


def test_cli_seeds(tmp_path, capsys):
    out = tmp_path / "cli"
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in TINY.items()]
    assert cli.main(["train", *flags, "--seeds", "3,5", "--workers", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| 3 | ok |" in printed and "| 5 | ok |" in printed and "sweep.json" in printed
    assert (out / "seed3" / "best.qasm").exists() and (out / "seed5" / "report.json").exists()
    assert json.loads((out / "sweep.json").read_text())["seeds"] == [3, 5]


def test_cli_seed_errors_exit_2(tmp_path, capsys):
    assert cli.main(["train", "--seeds", "5-2", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("c2q: error: --seeds: range '5-2'") and "Traceback" not in err
    assert cli.main(["train", "--seeds", "0-1", "--workers", "0", "--out", str(tmp_path)]) == 2
    assert "--workers" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # argparse: --seed and --seeds are mutually exclusive
        cli.main(["train", "--seed", "1", "--seeds", "0-3"])
    assert exc.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
