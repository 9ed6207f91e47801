"""c2q: classical problems -> quantum programs -> verified classical answers.

``solve``, ``encode``, ``validate`` and ``schema`` are the public API (see :mod:`c2q.api`).
Heavy libraries (Qiskit, Aer) load only when a function needs them.
"""

from c2q.api import Encoded, encode, schema, solve, validate
from c2q.errors import BackendError, C2QError, OptionError, SpecError
from c2q.result import Result

__version__ = "0.1.0"
__all__ = [
    "BackendError",
    "C2QError",
    "Encoded",
    "OptionError",
    "Result",
    "SpecError",
    "encode",
    "schema",
    "solve",
    "validate",
]
