"""The layers' rules (ARCHITECTURE.md), checked on the source: one installed namespace, no import cycle
(imports made inside functions count), the CLI on the public API only, agents and backends below c2q's API.

Module names come from the package map in pyproject.toml (``c2q.agents`` is the folder ``agents/``), so
the graph is the one Python builds at run time.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
#: what cli.py may import of the project
PUBLIC_API = {"c2q", "c2q.api", "c2q.errors"}
#: the ground floor (ARCHITECTURE.md): modules that import nothing of the project but each other
GROUND = {
    "c2q.errors", "c2q.options", "c2q.result", "c2q.encoding", "c2q.ising", "c2q.parallel", "c2q.console", "c2q.extras",
    "c2q.version",
}  # fmt: skip


def _library_modules() -> dict[str, Path]:
    """Every library module by its installed name (cli.py is c2q.cli, through its link)."""
    modules = {}
    for package, folder in SETUPTOOLS["package-dir"].items():
        for path in (ROOT / folder).glob("*.py"):
            if path.name == "cli.py":
                continue  # c2q/cli.py links to the top-level cli.py, read below
            modules[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
        for init in (ROOT / folder).glob("*/**/__init__.py"):
            sub = init.parent.relative_to(ROOT / folder)
            name = ".".join((package, *sub.parts))
            if name in SETUPTOOLS["package-dir"]:
                continue
            for path in init.parent.glob("*.py"):
                modules[name if path.stem == "__init__" else f"{name}.{path.stem}"] = path
    modules["c2q.cli"] = ROOT / "cli.py"
    return modules


MODULES = _library_modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules that ``name`` imports anywhere in its file (longest known prefix of each)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            wanted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            wanted = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for dotted in wanted:
            while dotted and dotted not in MODULES:
                dotted = dotted.rpartition(".")[0]
            if dotted and dotted != name:
                targets.add(dotted)
    return targets


GRAPH = nx.DiGraph({name: _imports(name, path) for name, path in MODULES.items()})


def test_packages_are_listed_and_nothing_generic_is_installed():
    listed = set(SETUPTOOLS["packages"])
    found = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert found == listed, "pyproject.toml's [tool.setuptools] packages must list every package folder"
    assert all(name == "c2q" or name.startswith("c2q.") for name in listed)
    assert "py-modules" not in SETUPTOOLS
    assert (ROOT / "c2q" / "cli.py").resolve() == ROOT / "cli.py"


def test_the_ground_floor_stands_alone():
    beyond = sorted({(name, target) for name in GROUND for target in GRAPH.successors(name) if target not in GROUND})
    assert beyond == []


def test_no_import_cycle():
    cycles = [sorted(component) for component in nx.strongly_connected_components(GRAPH) if len(component) > 1]
    assert cycles == []


@pytest.mark.parametrize(
    ("layer", "allowed"),
    [
        ("c2q.cli", lambda target: target in PUBLIC_API),
        # a library that knows no c2q API: its own modules, the ground floor and the devices it models
        ("c2q.agents", lambda target: target.startswith(("c2q.agents", "c2q.backends")) or target in GROUND),
        # algorithms take encodings (c2q.encoding) and backends: no problem family, no pipeline above them
        ("c2q.algorithms", lambda target: target.startswith(("c2q.algorithms", "c2q.backends")) or target in GROUND),
        # backends run circuits: their own modules, errors and the console only
        ("c2q.backends", lambda target: target.startswith("c2q.backends") or target in GROUND),
    ],
)
def test_layer_imports(layer, allowed):
    members = [name for name in MODULES if name == layer or name.startswith(layer + ".")]
    beyond = sorted({(name, target) for name in members for target in GRAPH.successors(name) if not allowed(target)})
    assert beyond == []


def test_the_wheel_installs_one_namespace(tmp_path):
    """What ``pip install .`` puts into site-packages: the ``c2q`` package and its metadata, nothing generic."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("c2q-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"c2q", wheel.name.split("-py")[0] + ".dist-info"}
    files = set(names)
    assert {
        "c2q/cli.py",
        "c2q/agents/train.py",
        "c2q/agents/envs/qas.py",
        "c2q/backends/ibm.py",
        "c2q/py.typed",
    } <= files
    assert zipfile.ZipFile(wheel).read("c2q/cli.py") == (ROOT / "cli.py").read_bytes()
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "c2q = c2q.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_the_built_wheel_installs_and_solves_outside_the_checkout(tmp_path):
    """``python -m build`` (sdist, then the wheel from the sdist) installs into a fresh venv with the
    core dependencies only, and ``c2q solve`` runs there from a folder that holds nothing but the spec."""
    import json
    import subprocess
    import sys
    import venv

    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = dist.glob("c2q-*.tar.gz")
    (wheel,) = dist.glob("c2q-*.whl")
    venv.create(tmp_path / "fresh", with_pip=True)
    bin_dir = tmp_path / "fresh" / "bin"
    subprocess.run([bin_dir / "pip", "install", "-q", str(wheel)], check=True, capture_output=True, timeout=900)

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "maxcut.json").write_bytes((ROOT / "examples" / "maxcut.json").read_bytes())
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "C2Q_HOME": str(tmp_path / "c2q-home")}
    where = subprocess.run(
        [bin_dir / "python", "-c", "import c2q; print(c2q.__file__, c2q.__version__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(tmp_path / "fresh") and sdist.name == f"c2q-{where[1]}.tar.gz"
    solved = subprocess.run(
        [bin_dir / "c2q", "solve", "maxcut.json", "--seed", "7", "--json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert solved.returncode == 0, solved.stderr[-3000:]
    result = json.loads(solved.stdout)
    assert result["optimal"] is True and result["c2q_version"] == where[1]
    # the core install has no RL extra: the command says which extra to install, in one line, exit 2
    train = subprocess.run(
        [bin_dir / "c2q", "train", "--hamiltonian", "tfim", "--qubits", "2", "--steps", "10"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert train.returncode == 2 and "c2q[rl]" in train.stderr and "Traceback" not in train.stderr
