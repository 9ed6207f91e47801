"""DIMACS CNF text -> c2q's canonical ``sat`` spec.

The format (DIMACS challenge, 1993; as used by the SAT competitions and SATLIB):

    c comment lines start with c
    p cnf <variables> <clauses>
    1 -2 3 0
    -1 2 0

One ``p cnf`` header comes before the first clause. A clause is a list of non-zero integers
(``k``: variable ``k``, ``-k``: its negation) ended by ``0``; clauses may span lines or share one.
A line starting with ``%`` ends the formula (SATLIB files end with ``%`` and ``0``). Nothing is
repaired: a malformed file raises :class:`~c2q.errors.SpecError` naming the line and the fix.
"""

from __future__ import annotations

import re
from typing import Any

from c2q.errors import SpecError

INTEGER = re.compile(r"[+-]?[0-9]+")
HEADER_FIX = "write the header as 'p cnf <variables> <clauses>', e.g. 'p cnf 3 2'"


def read_dimacs(text: str, source: str = "dimacs") -> dict[str, Any]:
    """Parse DIMACS CNF text into ``{"family": "sat", "num_variables": n, "clauses": [[...], ...]}``.

    :param text: the file's contents.
    :param source: name used in error messages (the file name).
    :raises SpecError: no or malformed header, a clause before the header, a token that is not an
        integer, a literal beyond the declared variables, an empty clause, an unterminated last
        clause, or a clause count that differs from the header's.
    """
    header: tuple[int, int, int] | None = None  # (line, variables, clauses)
    clauses: list[list[int]] = []
    clause: list[int] = []
    clause_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        tokens = line.split()
        if not tokens or tokens[0].startswith("c"):
            continue
        if tokens[0].startswith("%"):
            break
        where = f"{source} line {number}"
        if tokens[0] == "p":
            if header is not None:
                raise SpecError(where, f"second header (the first is on line {header[0]})", "keep one 'p cnf' line")
            header = (number, *_header(tokens, where))
            continue
        if header is None:
            raise SpecError(where, "clause before the 'p cnf' header", HEADER_FIX + ", before the first clause")
        for token in tokens:
            literal = _literal(token, where)
            if literal == 0:
                if not clause:
                    raise SpecError(where, "empty clause (a lone 0): no assignment can satisfy it", "remove it")
                clauses.append(clause)
                clause = []
                continue
            if abs(literal) > header[1]:
                raise SpecError(
                    where,
                    f"literal {literal}: variable {abs(literal)} is beyond the {header[1]} declared in the header",
                    f"raise the variable count on line {header[0]}, or renumber the variables",
                )
            if not clause:
                clause_line = number
            clause.append(literal)
    if header is None:
        raise SpecError(source, "no 'p cnf' header: not a DIMACS CNF file", HEADER_FIX)
    if clause:
        raise SpecError(
            f"{source} line {clause_line}", "the last clause does not end with 0", "end every clause with 0"
        )
    if len(clauses) != header[2]:
        raise SpecError(
            f"{source} line {header[0]}",
            f"the header declares {header[2]} clause(s), the file has {len(clauses)}",
            "correct the clause count in the 'p cnf' line",
        )
    return {"family": "sat", "num_variables": header[1], "clauses": clauses}


def _header(tokens: list[str], where: str) -> tuple[int, int]:
    """Variables and clauses declared by ``p cnf <variables> <clauses>``."""
    if len(tokens) != 4 or tokens[1] != "cnf":
        raise SpecError(where, f"malformed header '{' '.join(tokens)}'", HEADER_FIX)
    if not (INTEGER.fullmatch(tokens[2]) and INTEGER.fullmatch(tokens[3])):
        raise SpecError(where, f"malformed header '{' '.join(tokens)}': counts must be integers", HEADER_FIX)
    variables, clauses = int(tokens[2]), int(tokens[3])
    if variables < 1 or clauses < 1:
        raise SpecError(
            where,
            f"header declares {variables} variable(s) and {clauses} clause(s)",
            "a formula needs at least one of each",
        )
    return variables, clauses


def _literal(token: str, where: str) -> int:
    if not INTEGER.fullmatch(token):
        raise SpecError(where, f"'{token}' is not an integer literal", "clauses are integers ended by 0")
    return int(token)
