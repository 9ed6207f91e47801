"""c2q.batch and ``c2q solve DIR``: parallel solving with Ray, failing specs, crashed workers, re-runs."""

import csv
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import c2q
from c2q.batch import find_specs, result_path, solve_many
from c2q.errors import OptionError

ray = pytest.importorskip("ray")

REPO = Path(__file__).resolve().parents[1]
OPTIONS = {"seed": 1, "shots": 256}
VALID = {
    "maxcut.json": {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}},
    "arith/add.json": {"family": "add", "operands": [2, 3], "bits": 3},
    "sat/tiny.cnf": "p cnf 2 2\n1 2 0\n-1 0\n",
}
BAD = {
    "bad/malformed.json": '{"family": "maxcut", "graph": ',
    "bad/negative_k.json": {"problem_type": "clique", "data": {"matrix": [[0, 1], [1, 0]], "k": -1}},
}
#: a valid spec whose worker dies (see solve_or_die)
CRASH = {"crash.json": {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3]]}}}
CRASH_DIGEST = c2q.validate(CRASH["crash.json"]).digest


def solve_or_die(spec, **options):
    """c2q.solve, except that the worker process exits on the CRASH spec (a segfault stand-in)."""
    if spec.digest == CRASH_DIGEST:
        os._exit(1)
    return c2q.solve(spec, **options)


def write_specs(folder: Path, specs: dict) -> Path:
    for name, content in specs.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return folder


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    """One local Ray for the module (solve_many reuses it and leaves it running)."""
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    ray._private.worker._worker_logs_enabled = False  # as solve_many does: no raylet notice when a worker dies
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import this test module
    yield
    ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    ray.shutdown()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A batch of 3 valid, 2 bad and 1 worker-killing spec, solved once: (specs folder, out folder, summary)."""
    folder = write_specs(tmp_path_factory.mktemp("specs"), {**VALID, **BAD, **CRASH})
    out = tmp_path_factory.mktemp("results")
    summary = solve_many(folder, workers=2, out=out, solve_fn=solve_or_die, **OPTIONS)
    return folder, out, summary


def test_mixed_batch_solves_valid_specs_and_records_failures(mixed):
    _, out, summary = mixed
    rows = {r.spec: r for r in summary.rows}
    assert sorted(rows) == sorted([*VALID, *BAD, *CRASH])
    for name in VALID:
        assert rows[name].status == "ok" and rows[name].optimal is True, rows[name]
        stored = json.loads(result_path(out, name).read_text())
        assert stored["optimal"] is True and stored["backend"]["seed"] == 1
        assert stored["batch"]["spec"] == name and stored["batch"]["options"]["shots"] == 256
    assert rows["bad/malformed.json"].status == "error"
    assert rows["bad/malformed.json"].error.startswith("json: malformed JSON at line 1")
    assert rows["bad/negative_k.json"].status == "error" and rows["bad/negative_k.json"].error.startswith("data.k:")
    crashed = rows["crash.json"]
    assert crashed.status == "crashed" and crashed.family == "maxcut" and "WorkerCrashedError" in crashed.error
    assert all("\n" not in (r.error or "") for r in summary.rows)
    assert not result_path(out, "crash.json").exists() and not result_path(out, "bad/malformed.json").exists()
    assert summary.counts == {"specs": 6, "ok": 3, "optimal": 3, "no_answer": 0, "error": 2, "crashed": 1, "skipped": 0}
    with open(out / "summary.csv", newline="") as f:
        table = {row["spec"]: row for row in csv.DictReader(f)}
    assert table["maxcut.json"]["status"] == "ok" and table["crash.json"]["status"] == "crashed"
    assert json.loads((out / "summary.json").read_text())["counts"] == summary.counts


def test_rerun_skips_up_to_date_results_and_force_redoes_them(mixed):
    folder, out, first = mixed
    again = solve_many(folder, workers=2, out=out, solve_fn=solve_or_die, **OPTIONS)
    assert again.counts["skipped"] == 3 and again.counts["crashed"] == 1  # failures are tried again
    redone = solve_many(folder, workers=2, out=out, force=True, **OPTIONS)  # c2q.solve: the crash spec solves
    assert redone.counts == {"specs": 6, "ok": 4, "optimal": 4, "no_answer": 0, "error": 2, "crashed": 0, "skipped": 0}
    seeded = {r.spec: (r.objective, r.optimum_probability) for r in first.rows if r.status == "ok"}
    assert {r.spec: (r.objective, r.optimum_probability) for r in redone.rows if r.spec in seeded} == seeded
    other = solve_many(folder, workers=2, out=out, **{**OPTIONS, "shots": 128})  # other options: not up to date
    assert other.counts["skipped"] == 0 and other.counts["ok"] == 4


def test_in_process_loop_gives_the_same_answers(tmp_path, mixed):
    folder = write_specs(tmp_path / "specs", VALID)
    summary = solve_many(folder, workers=0, out=tmp_path / "out", **OPTIONS)
    assert summary.workers == 0 and summary.counts["optimal"] == 3
    by_ray = {r.spec: (r.objective, r.optimum_probability) for r in mixed[2].rows if r.spec in VALID}
    assert {r.spec: (r.objective, r.optimum_probability) for r in summary.rows} == by_ray


def test_find_specs_labels_globs_and_exclusions(tmp_path):
    specs = write_specs(tmp_path / "specs", {"a/x.json": "{}", "b/x.json": "{}", "b/y.cnf": "", "notes.txt": ""})
    write_specs(specs, {".hidden/z.json": "{}", "out/old.result.json": "{}"})
    labels = [f.label for f in find_specs(specs, exclude=specs / "out")]
    assert labels == ["a/x.json", "b/x.json", "b/y.cnf"]
    assert [f.label for f in find_specs(str(specs / "**" / "x.json"))] == ["a/x.json", "b/x.json"]
    assert [f.label for f in find_specs([specs / "a" / "x.json", specs / "b" / "x.json"])] == ["a/x.json", "b/x.json"]
    with pytest.raises(OptionError, match="no such file"):
        find_specs(tmp_path / "missing")
    with pytest.raises(OptionError, match="no spec files"):
        solve_many(tmp_path / "specs" / "a" / "nothing*.json", out=tmp_path / "out")


def test_cli_solve_directory(tmp_path, capsys):
    from c2q import cli

    folder = write_specs(tmp_path / "specs", {**VALID, **BAD})
    out = tmp_path / "results"
    argv = ["solve", str(folder), "--workers", "2", "--seed", "1", "--shots", "256", "--out", str(out)]
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert "maxcut" in captured.out and "5 specs: 3 solved" in captured.out
    assert "malformed JSON" in captured.out and "Traceback" not in captured.err
    assert "c2q: 2 of 5 specs failed (2 error(s), 0 crashed)" in captured.err
    assert result_path(out, "sat/tiny.cnf").is_file() and (out / "summary.csv").is_file()

    assert cli.main([*argv, "--json"]) == 1  # re-run: every solved spec is up to date
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"] == {
        "specs": 5,
        "ok": 3,
        "optimal": 3,
        "no_answer": 0,
        "error": 2,
        "crashed": 0,
        "skipped": 3,
    }

    assert cli.main(["solve", str(folder / "arith" / "*.json"), "--out", str(out), "--json", "--seed", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["ok"] == 1


def test_cli_bad_batch_options_exit_2(tmp_path, capsys):
    from c2q import cli

    (tmp_path / "empty").mkdir()
    assert cli.main(["solve", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("c2q: error:") and "no spec files" in err[0]
    spec = write_specs(tmp_path, {"one.json": VALID["maxcut.json"]}) / "one.json"
    assert cli.main(["solve", str(spec), "--workers", "2"]) == 2
    assert "only for many specs" in capsys.readouterr().err
    assert cli.main(["solve", str(tmp_path), "--backend", "quantum-cloud"]) == 2
    assert "unknown backend" in capsys.readouterr().err


def test_single_spec_path_does_not_import_ray(tmp_path):
    spec = write_specs(tmp_path, {"one.json": VALID["maxcut.json"]}) / "one.json"
    code = (
        "import sys, cli; code = cli.main(['solve', sys.argv[1], '--json', '--seed', '1', '--shots', '64']);"
        "assert 'ray' not in sys.modules and 'c2q.batch' not in sys.modules; sys.exit(code)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(spec)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["optimal"] is True
