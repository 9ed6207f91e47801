"""Reversible arithmetic circuits from Qiskit's library, run on basis-state operands.

- add: CDKM ripple-carry adder (``adder_ripple_c04``, Cuccaro et al. 2004), or the Draper QFT
  adder (``adder_qft_d00``) with ``variant="qft"``.
- sub: the same adder with a carry-in, on ``~b`` (X on every qubit of ``b``): ``a + ~b + 1``.
- mul: HRS cumulative multiplier (``multiplier_cumulative_h18``), or the QFT multiplier
  (``multiplier_qft_r17``) with ``variant="qft"``.

Signed operands (``encoding.signed``) are loaded in two's complement, ``value mod 2**n`` on the
``n``-qubit registers, and the circuits compute modulo ``2**n``: the adders in their ``fixed``
kind (no carry out), the multipliers with an ``n``-qubit product register (the low half of the
product), and subtraction as above. Which ``n`` is wide enough is the problem's business.

Only the result register is measured. With basis-state inputs a ripple-carry circuit keeps
the state a basis state, so the matrix-product-state method is exact at bond dimension 1. That
is how 10-bit products (40 qubits) run in well under a second, where a statevector would need
16 TiB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from c2q.algorithms.base import Algorithm, RunResult, timed
from c2q.encoding import ArithmeticEncoding
from c2q.errors import OptionError

if TYPE_CHECKING:
    from c2q.backends.protocol import Backend

VARIANTS = ("ripple", "qft")


def load(qc: Any, qubits: list[int], value: int) -> None:
    """Prepare ``value mod 2**len(qubits)`` as a basis state (bit 0 on ``qubits[0]``): a negative
    ``value`` lands sign-extended, in two's complement."""
    word = value % 2 ** len(qubits)
    for i, q in enumerate(qubits):
        if (word >> i) & 1:
            qc.x(q)


class ArithmeticCircuit(Algorithm):
    """Build, run and sample an arithmetic circuit.

    :param variant: ``ripple`` (CDKM adder / HRS cumulative multiplier) or ``qft`` (Draper adder /
        QFT multiplier; not for subtraction, which needs a carry-in).
    Other arguments: see :class:`~c2q.algorithms.base.Algorithm`.
    """

    name = "arithmetic"

    def __init__(self, backend: Backend, shots: int = 2048, seed: int | None = None, variant: str = "ripple") -> None:
        super().__init__(backend, shots, seed)
        if variant not in VARIANTS:
            raise OptionError(f"--arithmetic: unknown circuit '{variant}' (choose one of {', '.join(VARIANTS)})")
        self.variant = variant

    def circuit(self, encoding: ArithmeticEncoding) -> tuple[Any, list[int], str]:
        """The loaded circuit, the qubits of its result register (bit 0 first) and its name."""
        from qiskit import QuantumCircuit
        from qiskit.synthesis import (
            adder_qft_d00,
            adder_ripple_c04,
            multiplier_cumulative_h18,
            multiplier_qft_r17,
        )

        n, (a, b), signed = encoding.width, encoding.operands, encoding.signed
        if encoding.operation == "mul":
            out = n if signed else 2 * n  # signed: the product modulo 2**n
            core, label = (
                (multiplier_qft_r17(n, out), "QFT multiplier (Ruiz-Perez & Garcia-Escartin 2017)")
                if self.variant == "qft"
                else (multiplier_cumulative_h18(n, out), "cumulative multiplier (Haener et al. 2018)")
            )
            a_qubits, b_qubits, result = list(range(n)), list(range(n, 2 * n)), list(range(2 * n, 2 * n + out))
        elif encoding.operation == "add":
            kind = "fixed" if signed else "half"  # signed: the sum modulo 2**n, no carry out
            core, label = (
                (adder_qft_d00(n, kind=kind), "QFT adder (Draper 2000)")
                if self.variant == "qft"
                else (adder_ripple_c04(n, kind=kind), "ripple-carry adder (Cuccaro et al. 2004)")
            )
            a_qubits, b_qubits = list(range(n)), list(range(n, 2 * n))
            result = b_qubits if signed else list(range(n, 2 * n + 1))
        else:  # sub: cin | a | b | cout
            if self.variant == "qft":
                raise OptionError("--arithmetic qft: subtraction needs the ripple-carry adder's carry-in; use ripple")
            core, label = adder_ripple_c04(n, kind="full"), "ripple-carry adder on a + ~b + 1 (two's complement)"
            a_qubits, b_qubits, result = (
                list(range(1, n + 1)),
                list(range(n + 1, 2 * n + 1)),
                list(range(n + 1, 2 * n + 1)),
            )
        qc = QuantumCircuit(core.num_qubits, len(result), name=encoding.operation)
        for qubits, value in ((a_qubits, a), (b_qubits, b)):
            load(qc, qubits, value)
        if encoding.operation == "sub":
            qc.x(0)  # carry-in = 1
            qc.x(b_qubits)  # ~b
        qc.compose(core, inplace=True)
        if signed:
            label += f", two's complement on {n} qubits"
        return qc, result, label

    def program(self, encoding: ArithmeticEncoding) -> Any:
        """The loaded arithmetic circuit."""
        return self.circuit(encoding)[0]

    def run(self, encoding: ArithmeticEncoding) -> RunResult:
        """Build, transpile for the simulator, sample the result register."""
        timings: dict[str, float] = {}
        with timed(timings, "transpile"):
            qc, result, label = self.circuit(encoding)
            self.backend.check_capacity(qc.num_qubits)
            measured = qc.copy()
            measured.measure(result, range(len(result)))
            compiled = self.backend.transpile(measured, seed=self.seed)
        with timed(timings, "sample"):
            job = self.backend.sampler(self.seed).run([compiled], shots=self.shots)
            counts = next(iter(job.result()[0].data.values())).get_counts()
        return RunResult(
            counts=counts,
            circuit=qc,
            details={"construction": label},
            timings=timings,
        )
