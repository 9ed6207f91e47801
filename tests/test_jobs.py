"""The local job records behind ``c2q jobs``: where they live, what ids they accept, ``jobs list``."""

import json
from pathlib import Path

import pytest
from c2q.backends import records

from c2q import cli
from c2q.errors import BackendError


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("C2Q_HOME", str(tmp_path / "c2q"))
    return tmp_path / "c2q"


def test_home_defaults_to_dot_c2q(tmp_path, monkeypatch):
    monkeypatch.delenv("C2Q_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert records.jobs_dir() == tmp_path / ".c2q" / "jobs"


def test_records_round_trip_and_list_oldest_first(home, capsys):
    later = {"job_id": "d2b", "created": "2026-11-23T10:00:00+00:00", "backend": "ibm:ibm_x", "stage": "training"}
    earlier = {
        "job_id": "d1a",
        "created": "2026-11-22T10:00:00+00:00",
        "backend": "ibm:ibm_x",
        "stage": "final sampling",
        "family": "maxcut",
        "options": {"algorithm": {"name": "vqe"}},
    }
    for record in (later, earlier):
        assert records.write(record) == home / "jobs" / f"{record['job_id']}.json"
    (home / "jobs" / "broken.json").write_text("{not json")  # skipped by the listing, refused on read
    assert records.read("d1a") == earlier and records.read("d3c") is None
    with pytest.raises(BackendError, match="unreadable"):
        records.read("broken")

    assert cli.main(["jobs", "list", "--json"]) == 0
    assert [r["job_id"] for r in json.loads(capsys.readouterr().out)] == ["d1a", "d2b"]
    assert cli.main(["jobs", "list"]) == 0
    table = capsys.readouterr().out
    assert table.index("d1a") < table.index("d2b") and "maxcut vqe" in table and "final sampling" in table


def test_no_records(home, capsys):
    assert cli.main(["jobs", "list"]) == 0
    assert "no jobs recorded" in capsys.readouterr().out


@pytest.mark.parametrize("job_id", ["../escape", "a/b", "x y", "", "-rf", "a" * 200, "d1.json"])
def test_job_ids_that_are_not_file_names_are_refused(home, job_id):
    with pytest.raises(BackendError, match="not a job id"):
        records.read(job_id)
    with pytest.raises(BackendError, match="not a job id"):
        records.write({"job_id": job_id})
    assert not any(Path(home).rglob("*"))


def test_result_needs_a_record(home, capsys):
    assert cli.main(["jobs", "result", "d9z"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("c2q: error: job d9z: no record of it on this machine") and "--raw" in err
