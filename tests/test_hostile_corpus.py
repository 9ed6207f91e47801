"""Every case of the hostile corpus (tests/hostile/corpus.py), run in-process through the CLI:
one clear line and exit 2, or a verified answer and exit 0; never a traceback, never code from
the input run. Time and memory per case are measured by benchmarks/hostile.py, one process each."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from c2q import cli

_spec = importlib.util.spec_from_file_location("hostile_corpus", Path(__file__).parent / "hostile" / "corpus.py")
corpus = sys.modules["hostile_corpus"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)
CASES = corpus.cases()


def materialise(case, folder: Path) -> list[str]:
    """Write the case's files into ``folder``; its arguments with ``{dir}`` filled in."""
    for name, content in case.files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content.replace("{dir}", str(folder)), encoding="utf-8")
    return [arg.replace("{dir}", str(folder)) for arg in case.args]


def test_the_corpus_is_large_and_covers_every_family_and_format():
    assert len(CASES) >= 150
    names = " ".join(case.name for case in CASES)
    for family in corpus.CANONICAL:
        assert f"canon-{family}-" in names
    for family in corpus.PROBLEM_TYPE:
        assert f"pt-{family}-" in names and f"dsl-{family}-" in names


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case, tmp_path, capsys):
    args = materialise(case, tmp_path)
    try:
        code = cli.main(args)
    except SystemExit as exc:  # argparse: --version, usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    assert not (tmp_path / "ran").exists(), "code from the input ran"
    if case.expect == "refused":
        assert code == 2, (code, err[-500:])
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("c2q: error: "), err[-500:]
    elif case.expect == "answer":
        assert code == 0, err[-500:]
        result = json.loads(out)
        assert result["answer"] and result["optimal"] is not False, result["warnings"]
        assert result["feasible"] or result["optimal"] is True  # an infeasible answer only when proven none exists
    else:
        assert code in (0, 2), (code, err[-500:])
