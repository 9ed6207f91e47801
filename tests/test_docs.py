"""The documentation cannot drift from the code: the site builds with ``--strict``, and its examples run.

Every fenced ``console``, ``bash`` and ``python`` block of ``docs/`` and ``README.md`` is run with the
installed ``c2q``; a page's blocks run in order in one fresh folder holding a copy of ``examples/``,
as a reader would follow the page:

- ``console``: each ``$ `` line is a command; the lines after it are its output as shown, and each
  must appear in what the command printed (whitespace runs compared as one space; ``...`` matches
  anything, a line of only ``...`` skips). A shown ``c2q: error:`` line means exit code 2, else 0.
- ``bash``: the block is one script (``set -euo pipefail``), exit code 0.
- ``python``: in the same folder, a page's Python blocks share one namespace, like a notebook.

A block preceded by ``<!-- docs: not run (reason) -->`` is skipped, with its reason (an IBM Quantum
account, a Ray cluster, hours of benchmark); ``<!-- docs: slow -->`` runs with the slow tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
RUNNABLE = ("console", "bash", "python")
MARK = re.compile(r"^<!-- docs: (?:(?P<slow>slow)|not run \((?P<reason>.+)\)) -->$")
TIMEOUT_S = 600


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    language: str
    code: str
    slow: bool
    skip_reason: str | None

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"


def examples(page: Path) -> list[Example]:
    found, lines = [], page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = re.match(r"^\s*```(\w*)", lines[i])
        if not match:
            i += 1
            continue
        start, language = i, match.group(1)
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```"))
        previous = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        mark = MARK.match(previous)
        if language in RUNNABLE:
            found.append(
                Example(
                    page,
                    start + 1,
                    language,
                    textwrap.dedent("\n".join(lines[start + 1 : end])) + "\n",
                    slow=bool(mark and mark["slow"]),
                    skip_reason=mark["reason"] if mark else None,
                )
            )
        i = end + 1
    return found


ALL = [example for page in PAGES for example in examples(page)]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("C2Q_HOME", str(tmp_path / "c2q-home"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    for name in ("QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "QISKIT_IBM_CHANNEL", "RAY_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _environment() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # the c2q installed beside this Python
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "COLUMNS": "100"}


def _normal(text: str) -> str:
    return " ".join(text.split())


def _shown_in(shown: str, printed: list[str]) -> bool:
    pattern = re.compile(".*".join(re.escape(part) for part in _normal(shown).split("...")))
    return any(pattern.search(line) for line in printed)


def _commands(code: str) -> list[tuple[str, list[str]]]:
    """``console`` block -> [(command, output lines shown)]."""
    steps: list[tuple[str, list[str]]] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps and line.strip():
            steps[-1][1].append(line)
    return steps


def _run_shell(example: Example) -> None:
    if example.language == "bash":
        run = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n" + example.code],
            capture_output=True,
            text=True,
            env=_environment(),
            timeout=TIMEOUT_S,
        )
        assert run.returncode == 0, f"{example.id}: exit {run.returncode}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
        return
    steps = _commands(example.code)
    assert steps, f"{example.id}: a console block without a `$ ` command"
    for command, shown in steps:
        run = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, env=_environment(), timeout=TIMEOUT_S
        )
        expected = 2 if any(line.startswith("c2q: error:") for line in shown) else 0
        printed = [_normal(line) for line in (run.stdout + "\n" + run.stderr).splitlines()]
        assert run.returncode == expected, f"{example.id}: `{command}` exit {run.returncode}\n{run.stderr[-2000:]}"
        missing = [line for line in shown if line.strip() != "..." and not _shown_in(line, printed)]
        assert not missing, f"{example.id}: `{command}` did not print {missing}; it printed:\n" + "\n".join(printed)


def _page_params():
    for page in sorted({e.page for e in ALL}):
        name = page.relative_to(ROOT).as_posix()
        yield pytest.param(page, False, id=name)
        if any(e.slow for e in ALL if e.page == page):
            yield pytest.param(page, True, id=f"{name}-with-slow", marks=pytest.mark.slow)


@pytest.mark.parametrize(("page", "with_slow"), list(_page_params()))
def test_page_examples_run(page: Path, with_slow: bool, workdir):
    """A page's examples run in order in one folder (Python blocks in one namespace), as a reader would."""
    namespace: dict = {"__name__": "__docs__"}
    ran = 0
    for example in examples(page):
        if example.skip_reason or (example.slow and not with_slow):
            continue
        if example.language == "python":
            exec(compile(example.code, example.id, "exec"), namespace)
        else:
            _run_shell(example)
        ran += 1
    if not ran:
        pytest.skip("every example of this page is slow or not run")


def test_every_command_is_in_a_block_the_tests_run():
    """An indented code block or a bare ``$ c2q`` line would escape the tests above."""
    loose = []
    for page in PAGES:
        fenced = False
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith("```"):
                fenced = not fenced
            elif not fenced and re.match(r"^ {4,}(\$ |c2q |python |make )", line):
                loose.append(f"{page.relative_to(ROOT)}:{number}")
    assert not loose, f"commands outside fenced blocks: {loose}"


def test_marks_name_a_reason_and_sit_before_a_block():
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.strip().startswith("<!-- docs:"):
                assert MARK.match(line.strip()), (
                    f"{page}:{number + 1}: write `<!-- docs: slow -->` or `<!-- docs: not run (why) -->`"
                )
                following = next(x for x in lines[number + 1 :] if x.strip())
                assert following.strip().startswith(tuple(f"```{lang}" for lang in RUNNABLE)), f"{page}:{number + 1}"


def test_the_site_builds_strictly(tmp_path):
    """Broken links, missing pages, unresolved API references: ``mkdocs build --strict`` fails on each."""
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=TIMEOUT_S,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    site = tmp_path / "site"
    assert (site / "reference" / "api" / "index.html").read_text().count("doc-function") > 5  # API rendered
    for folder in (ROOT / "benchmarks" / "results").iterdir():
        if folder.is_dir():
            assert (site / "benchmarks" / folder.name / "index.html").is_file(), folder.name


def test_the_readme_links_resolve():
    """The README is read on the repository's page, outside the site: its relative links must exist."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = [t.split("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in t]
    assert targets and all((ROOT / t).exists() for t in targets if t), [t for t in targets if not (ROOT / t).exists()]
    assert len(text.splitlines()) <= 250  # a front page: the rest lives in docs/
