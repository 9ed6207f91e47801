"""Checks of single values read from a JSON spec, shared by the readers of every input form
(:mod:`c2q.spec`, :mod:`c2q.binary_models`); each refuses with a :class:`~c2q.errors.SpecError`
naming the field."""

from __future__ import annotations

import math
from typing import Any

from c2q.errors import SpecError


def finite_number(value: Any, where: str) -> float:
    """``value`` as a float: an int or a float (not a bool), finite."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SpecError(where, f"must be a finite number, got {value!r}")
    return float(value)


def square_matrix(value: Any, where: str) -> list[list[float]]:
    """``value`` as a non-empty square matrix of finite numbers (a list of rows)."""
    if not isinstance(value, list) or not value:
        raise SpecError(where, "must be a non-empty list of rows", "give an n x n matrix")
    n = len(value)
    rows = []
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != n:
            got = len(row) if isinstance(row, list) else type(row).__name__
            raise SpecError(
                f"{where}[{i}]", f"matrix is not square: row has {got} entries, expected {n}", "give an n x n matrix"
            )
        rows.append([finite_number(x, f"{where}[{i}][{j}]") for j, x in enumerate(row)])
    return rows
