"""Run the published C2|Q> package (``c2q-framework``) on one spec, unchanged, and record its answers.

Runs under the peer's own interpreter (``benchmarks/.venvs/peer``), never imports c2q:

    benchmarks/.venvs/peer/bin/python benchmarks/peer_record.py SPEC.json RECORD.json

It calls the package's console entry point ``c2q-json --input SPEC`` (``src.json_engine.main``)
exactly as the shell would. The peer writes its answers only into a LaTeX/PDF report, so before the
call this script wraps, without changing what they compute, the functions whose return values are
those answers:

- the three samplers ``sample_results`` of its QAOA, VQE and Grover modules (graph families: the
  most probable bitstring of each solver);
- ``interpret`` of every problem class in its ``PROBLEMS`` table (arithmetic and factoring: the
  number it reports);
- the problem classes' ``__init__``, only to keep the instance, so that each recorded bitstring can
  be put through the peer's own ``interpret`` afterwards (node sets, colourings, tours).

The record (JSON) holds the family the peer recognised, each solver's bitstring and interpretation,
every ``interpret`` return, and the peer's error line when it stopped with an exception (without a
TeX installation its last step, the PDF, always fails; the answers are computed before it).
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any

RECORD: dict[str, Any] = {"family": None, "solutions": [], "interpreted": [], "error": None}
PROBLEM: list[Any] = []


def _plain(value: Any) -> Any:
    """JSON-ready copy of what the peer returns (numpy arrays and integers included)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _recording_sampler(function: Any, solver: str) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        RECORD["solutions"].append({"solver": solver, "bits": _plain(result)})
        return result

    return wrapper


def _recording_init(function: Any) -> Any:
    @functools.wraps(function)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
        function(self, *args, **kwargs)
        PROBLEM.append(self)

    return wrapper


def _recording_interpret(function: Any) -> Any:
    @functools.wraps(function)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = function(self, *args, **kwargs)
        RECORD["interpreted"].append(_plain(result))
        return result

    return wrapper


def main(spec: str, record_path: str) -> int:
    import src.algorithms.grover as grover
    import src.algorithms.QAOA.QAOA as qaoa
    import src.algorithms.VQE.VQE as vqe
    import src.json_engine as engine

    for solver, module in (("qaoa", qaoa), ("vqe", vqe), ("grover", grover)):
        module.sample_results = _recording_sampler(module.sample_results, solver)
    for cls in set(engine.PROBLEMS.values()):
        cls.__init__ = _recording_init(cls.__init__)
        cls.interpret = _recording_interpret(cls.interpret)

    sys.argv = ["c2q-json", "--input", spec]
    code = 0
    try:
        engine.main()
    except BaseException as exc:  # the peer's failure is data: keep its one-line reason
        lines = str(exc).strip().splitlines()
        RECORD["error"] = f"{type(exc).__name__}: {lines[0] if lines else ''}"[:300]
        code = 1
    finally:
        if PROBLEM:
            problem = PROBLEM[-1]
            RECORD["family"] = type(problem).__name__
            RECORD["nodes"] = _plain(list(getattr(problem, "nodes", None) or []))
            interpret = type(problem).interpret.__wrapped__  # its own, not recorded twice
            for solution in RECORD["solutions"]:
                try:
                    solution["answer"] = _plain(interpret(problem, solution["bits"]))
                except Exception as exc:  # its own interpret rejects its own bitstring
                    solution["answer"] = None
                    solution["interpret_error"] = f"{type(exc).__name__}: {exc}"[:200]
        with open(record_path, "w", encoding="utf-8") as handle:
            json.dump(RECORD, handle)
    return code


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_record.py SPEC.json RECORD.json")
    sys.exit(main(sys.argv[1], sys.argv[2]))
