"""Optional parts: a command that needs a missing extra says which to install, in one line, exit 2."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

import c2q
from c2q import cli, extras
from c2q.errors import ExtraError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def without(monkeypatch):
    """Make modules look absent to c2q's check, as in a core-only install."""

    def hide(*modules: str) -> None:
        real = importlib.util.find_spec
        monkeypatch.setattr(
            extras.importlib.util, "find_spec", lambda name, *a: None if name in modules else real(name)
        )

    return hide


def test_the_core_install_pulls_no_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"])
    for heavy in ("torch", "gymnasium", "stable-baselines3", "pennylane", "ray"):
        assert heavy not in core
    assert set(project["optional-dependencies"]) >= {"rl", "ray", "all", "dev"}


def test_search_without_the_rl_extra(without, tmp_path, capsys):
    without("torch")
    with pytest.raises(ExtraError, match=r'c2q train needs .*torch not installed \(fix: pip install "c2q\[rl\]"\)'):
        c2q.train(c2q.TrainOptions(qubits=2, steps=10, out=str(tmp_path)))
    assert cli.main(["train", "--qubits", "2", "--steps", "10", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "c2q[rl]"' in err and "Traceback" not in err
    with pytest.raises(ExtraError, match="--ansatz search"):
        c2q.solve({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2]]}}, ansatz="search", search_steps=10)


def test_many_specs_without_ray_say_how_to_go_on(without, tmp_path):
    without("ray")
    (tmp_path / "a.json").write_text('{"family": "maxcut", "graph": {"edges": [[0, 1]]}}')
    with pytest.raises(ExtraError, match=r'pip install "c2q\[ray\]"; or --workers 0'):
        c2q.solve_many(tmp_path, out=tmp_path / "out", seed=1)
    summary = c2q.solve_many(tmp_path, out=tmp_path / "out", workers=0, seed=1)  # no Ray needed
    assert summary.counts["ok"] == 1
