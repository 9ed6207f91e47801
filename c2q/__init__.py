"""c2q: classical problems -> quantum programs -> verified classical answers.

``solve``, ``encode``, ``recommend``, ``validate``, ``schema``, ``parse_code`` and ``solve_code`` are the public
API (see :mod:`c2q.api`).
Heavy libraries (Qiskit, Aer) load only when a function needs them.
"""

from c2q.api import Encoded, encode, parse_code, recommend, schema, solve, solve_code, validate
from c2q.errors import BackendError, C2QError, OptionError, ProgramError, SpecError
from c2q.result import Result

__version__ = "0.1.0"
__all__ = [
    "BackendError",
    "C2QError",
    "Encoded",
    "OptionError",
    "ProgramError",
    "Result",
    "SpecError",
    "encode",
    "parse_code",
    "recommend",
    "schema",
    "solve",
    "solve_code",
    "validate",
]
