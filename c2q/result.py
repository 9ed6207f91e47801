"""The result of a solve: one stable, versioned JSON schema."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from c2q.version import __version__

#: bump on any incompatible change of :meth:`Result.to_dict`
SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Artifacts:
    """What a solve built on its way to the result, kept for reports and notebooks (not in the JSON schema).

    A report (:func:`c2q.write_report`) reads these instead of running any stage again.
    """

    spec: Any
    """the validated :class:`~c2q.spec.Spec`"""
    options: Any
    """the :class:`~c2q.options.SolveOptions` it was solved with"""
    problem: Any
    """the family's :class:`~c2q.problems.base.Problem`"""
    encoded: Any = None
    """:class:`c2q.api.Encoded`: the encoding, the program as built (before compilation) and the
    algorithm's settings; ``None`` when the answer needed no quantum run"""
    decoded: Any = None
    """:class:`c2q.decode.Decoded`: the raw samples scored by the family (before any post-processing)"""
    ranking: Any = None
    """the recommender's :class:`~c2q.backends.recommender.Recommendation` when ``backend="auto"`` chose the target"""


@dataclass
class Result:
    """Everything a solve produced and measured.

    Fields mirror the JSON schema; ``None`` means "not computed" (e.g. no classical optimum when
    the exact classical reference ran out of time).

    ``classical_optimum`` is only ever a proven optimum. When the exact classical reference stops
    at its time limit first, it is ``None`` and ``classical_bound`` says what was established:
    ``method``, ``incumbent`` (objective of the best answer found, or ``None``), ``bound`` (proven:
    no answer does better) and ``gap`` (``|bound - incumbent| / |incumbent|``); otherwise
    ``classical_bound`` is ``None``.

    ``postprocessing`` is ``None`` unless a post-processing stage ran (``--postprocess
    local-search``, :mod:`c2q.postprocess`); it then names the stage and keeps the raw quantum
    answer (``raw``: answer, objective, optimality, probability of the optimum) beside the answer
    reported, which is the stage's where it is better. ``optimum_probability`` and
    ``feasible_probability`` are always the raw samples'.

    ``counts`` (the final samples, bitstring -> shots, qubit 0 rightmost; ``None`` when nothing
    was sampled) and ``artifacts`` (what the solve built, :class:`Artifacts`; ``None`` for a result
    read back from a job) are kept for reports and notebooks but are not part of the JSON schema:
    :meth:`to_dict` leaves them out.
    """

    family: str
    input_digest: str
    source_format: str
    instance: dict[str, Any]
    algorithm: dict[str, Any]
    encoding: dict[str, Any]
    backend: dict[str, Any]
    circuit: dict[str, Any]
    answer: dict[str, Any]
    feasible: bool
    objective: float | None
    classical_optimum: float | None
    classical_bound: dict[str, Any] | None
    optimal: bool | None
    approximation_ratio: float | None
    optimum_probability: float | None
    feasible_probability: float
    timings: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    postprocessing: dict[str, Any] | None = None
    counts: dict[str, int] | None = field(default=None, repr=False)
    artifacts: Artifacts | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (non-finite numbers become ``None``; ``counts`` and ``artifacts`` left out).

        It opens with ``schema_version`` (this layout) and ``c2q_version`` (the c2q that produced it).
        """
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("counts", "artifacts")}
        return _clean({"schema_version": SCHEMA_VERSION, "c2q_version": __version__, **data})


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return _clean(value.item())
    return value
