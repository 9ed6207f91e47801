"""An encoded problem written for other tools: D-Wave's BQM JSON (c2q's ``hubo`` form past
quadratic) and the CPLEX LP format, so that c2q's encoding can be compared elsewhere.

Both hold the Ising operator the quantum program minimises, over one variable per qubit, named by
the user's variables where the qubits are theirs (a ``hubo`` model), else ``q0``, ``q1``...:

- **JSON**: a SPIN model, spin ``s_q`` the Z eigenvalue of qubit ``q`` (bit 0 is spin +1, as c2q
  measures); dimod's ``BinaryQuadraticModel.to_serializable()`` layout (schema 3) when every term
  has at most two qubits, else c2q's canonical ``hubo`` form with ``vartype: spin``. c2q reads both
  back (``c2q solve exported.json``), with the same energies.
- **LP**: where the encoding is a QUBO built from a constrained program (MaxCut, MIS, vertex cover,
  clique), that program with its constraints, before any penalty; otherwise the operator over
  binary variables (``s = 1 - 2 x``), which LP can only hold when it is quadratic. Written by
  DOcplex through qiskit-optimization.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from c2q.encoding import Encoding
from c2q.errors import OptionError
from c2q.ising import z_masks

#: file suffixes :func:`export_encoding` writes
FORMATS = {".json": "json", ".lp": "lp"}


def export_encoding(encoding: Any, path: str | Path) -> str:
    """Write ``encoding`` (an Ising :class:`~c2q.encoding.Encoding`) to ``path``, in the format its suffix names.

    :return: what was written: ``dimod-bqm``, ``hubo`` or ``lp``.
    :raises OptionError: another suffix, an encoding with no operator (arithmetic, Grover oracles),
        or LP for an operator of higher than quadratic order.
    """
    target = Path(path)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        raise OptionError(f"--export {path}: write .json (BQM / hubo JSON) or .lp (CPLEX LP)")
    if not isinstance(encoding, Encoding):
        raise OptionError(
            f"--export: the {getattr(encoding, 'name', 'encoding')} encoding runs a circuit, not an operator "
            "(arithmetic and Grover search); only Ising encodings export"
        )
    if kind == "json":
        import json

        model = spin_model(encoding)
        target.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        return "dimod-bqm" if model.get("type") == "BinaryQuadraticModel" else "hubo"
    target.write_text(lp_text(encoding), encoding="utf-8")
    return "lp"


def qubit_names(encoding: Encoding) -> list[str]:
    """The name of the variable on each qubit: the user's, or ``q0``, ``q1``..."""
    return list(encoding.variables) if encoding.variables is not None else [f"q{q}" for q in range(encoding.num_qubits)]


def _terms(encoding: Encoding) -> list[tuple[tuple[int, ...], float]]:
    support, coefficients = z_masks(encoding.hamiltonian)
    terms = [
        (tuple(int(q) for q in np.flatnonzero(row)), float(c)) for row, c in zip(support, coefficients, strict=True)
    ]
    return [(qubits, c) for qubits, c in terms if qubits and c != 0.0]


def spin_model(encoding: Encoding) -> dict[str, Any]:
    """The operator as a SPIN model: dimod's BQM serialisation when quadratic, else c2q's ``hubo`` form."""
    names, terms = qubit_names(encoding), _terms(encoding)
    if any(len(qubits) > 2 for qubits, _ in terms):
        return {
            "family": "hubo",
            "vartype": "spin",
            "variables": names,
            "terms": [[[names[q] for q in qubits], c] for qubits, c in terms],
            "offset": float(encoding.offset),
            "description": "c2q encoding: spin s_q is the Z eigenvalue of qubit q (bit 0 is spin +1)",
        }
    linear = [0.0] * len(names)
    quadratic = [(qubits, c) for qubits, c in terms if len(qubits) == 2]
    for qubits, c in terms:
        if len(qubits) == 1:
            linear[qubits[0]] += c
    return {
        "type": "BinaryQuadraticModel",
        "version": {"bqm_schema": "3.0.0"},
        "use_bytes": False,
        "index_type": "int32",
        "bias_type": "float64",
        "num_variables": len(names),
        "num_interactions": len(quadratic),
        "variable_labels": names,
        "variable_type": "SPIN",
        "offset": float(encoding.offset),
        "info": {"c2q": "spin s_q is the Z eigenvalue of qubit q (bit 0 is spin +1)"},
        "linear_biases": linear,
        "quadratic_biases": [c for _, c in quadratic],
        "quadratic_head": [qubits[0] for qubits, _ in quadratic],
        "quadratic_tail": [qubits[1] for qubits, _ in quadratic],
    }


def lp_text(encoding: Encoding) -> str:
    """The constrained program behind a QUBO encoding, or the operator over bits, in LP format."""
    from qiskit_optimization.translators import to_docplex_mp

    program = encoding.quadratic_program if encoding.quadratic_program is not None else binary_program(encoding)
    return to_docplex_mp(program).export_as_lp_string()


def binary_program(encoding: Encoding) -> Any:
    """The operator as a QuadraticProgram over one binary variable per qubit (``s = 1 - 2 x``).

    :raises OptionError: the operator has a term of more than two qubits, which LP cannot hold.
    """
    from qiskit_optimization import QuadraticProgram

    from c2q.problems.polynomial import BinaryPolynomial

    names, terms = qubit_names(encoding), _terms(encoding)
    if any(len(qubits) > 2 for qubits, _ in terms):
        raise OptionError(
            "--export .lp: LP holds at most quadratic objectives and this operator has terms of "
            f"{max(len(q) for q, _ in terms)} qubits (fix: export .json, or quadratise a hubo model first with "
            "--encoding quadratic)"
        )
    spins = BinaryPolynomial(names, terms, encoding.offset, vartype="spin")  # the operator: spin s_q = z_q
    over_bits, constant = spins.binary_form()
    lp = _lp_names(names)
    program = QuadraticProgram("c2q_encoding")
    for name in lp:
        program.binary_var(name)
    program.minimize(
        constant=constant,
        linear={lp[idx[0]]: c for idx, c in over_bits if len(idx) == 1},
        quadratic={(lp[idx[0]], lp[idx[1]]): c for idx, c in over_bits if len(idx) == 2},
    )
    return program


def _lp_names(names: list[str]) -> list[str]:
    """Variable names LP accepts (letters, digits and ``_``, not starting with a digit), each once."""
    taken: set[str] = set()
    out = []
    for name in names:
        cleaned = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in str(name))
        cleaned = cleaned if cleaned and not cleaned[0].isdigit() else f"x_{cleaned}"
        unique, k = cleaned, 1
        while unique in taken:
            unique, k = f"{cleaned}_{k}", k + 1
        taken.add(unique)
        out.append(unique)
    return out
