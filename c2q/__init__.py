"""c2q: classical problems -> quantum programs -> verified classical answers.

``solve``, ``encode``, ``recommend``, ``validate``, ``schema``, ``parse_code``, ``parse_file`` and ``solve_code``
are the public API (see :mod:`c2q.api`); ``SolveOptions`` holds how to solve (:mod:`c2q.options`) and
``ALGORITHMS`` names what ``algorithm=`` takes. Beside them:
many specs at once (``solve_many``, :mod:`c2q.batch`), reports (``write_report``, :mod:`c2q.report`),
an encoding written for other tools (``export_encoding``, :mod:`c2q.export`),
IBM Quantum job records (``list_jobs``, ``job_status``, ``job_data``, ``job_result``, :mod:`c2q.jobs`),
architecture search (``TrainOptions``, ``train``, ``train_seeds``, ``grl``, ``extract_gadgets``,
:mod:`c2q.search`) and the simulator benchmark (``bench_simulators``, :mod:`c2q.simbench`): everything
the ``c2q`` command does, it does through these names.

The names load lazily (PEP 562): ``import c2q.errors`` or ``import c2q.result`` runs no more than
those modules, and ``c2q.solve`` imports :mod:`c2q.api` the first time it is used. Heavy
libraries (Qiskit, Aer) load only when a function needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

from c2q.version import __version__ as __version__  # re-exported: the one version

#: public name -> the module that defines it
_PUBLIC = {
    **dict.fromkeys(
        ("Encoded", "encode", "parse_code", "parse_file", "recommend", "schema", "solve", "solve_code", "validate"),
        "api",
    ),
    **dict.fromkeys(("BackendError", "C2QError", "OptionError", "ProgramError", "SpecError"), "errors"),
    "Result": "result",
    "SolveOptions": "options",
    "ALGORITHMS": "algorithms.base",
    "solve_many": "batch",
    "write_report": "report",
    "export_encoding": "export",
    **dict.fromkeys(("list_jobs", "job_status", "job_data", "job_result"), "jobs"),
    **dict.fromkeys(("TrainOptions", "train", "train_seeds", "grl", "extract_gadgets"), "search"),
    "bench_simulators": "simbench",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'c2q' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"c2q.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
