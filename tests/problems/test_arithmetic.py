"""Arithmetic (add/sub/mul) circuits and factoring (Grover and variational), checked against Python's integers."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import c2q
from c2q.errors import BackendError, OptionError
from c2q.ising import energies
from c2q.problems import Add, Factor, Mul, Sub
from c2q.problems.base import all_bitstrings
from c2q.problems.factor import is_prime

FAST = {"shots": 64, "seed": 1}


def arithmetic_spec(family, a, b, bits):
    return {"family": family, "operands": [a, b], "bits": bits}


@settings(max_examples=12, deadline=None)
@given(bits=st.integers(1, 6), data=st.data())
def test_add_sub_mul_circuits_compute_the_exact_result(bits, data):
    a = data.draw(st.integers(0, 2**bits - 1))
    b = data.draw(st.integers(0, 2**bits - 1))
    for family, exact in (("add", a + b), ("sub", a - b), ("mul", a * b)):
        result = c2q.solve(arithmetic_spec(family, a, b, bits), **FAST)
        assert result.answer["result"] == exact, (family, a, b, bits)
        assert result.optimal and result.optimum_probability == 1.0
        assert result.backend["method"] == "matrix_product_state"


@pytest.mark.parametrize("family", ["add", "mul"])
def test_qft_variants_agree_with_ripple(family):
    spec = arithmetic_spec(family, 5, 6, 3)
    ripple = c2q.solve(spec, **FAST)
    qft = c2q.solve(spec, circuit="qft", **FAST)
    assert ripple.answer["result"] == qft.answer["result"] == (11 if family == "add" else 30)
    assert ripple.algorithm["circuit"] == "ripple" and qft.algorithm["circuit"] == "qft"
    assert "QFT" in qft.algorithm["construction"] and "QFT" not in ripple.algorithm["construction"]


def test_subtraction_with_the_top_bit_set_is_negative():
    result = c2q.solve(arithmetic_spec("sub", 0, 5, 3), **FAST)
    assert result.answer == {"operands": [0, 5], "result": -5, "negative": True}
    assert result.encoding["operand_width"] == 4  # one sign bit more than the operands


def test_addition_overflow_is_reported_not_wrapped():
    result = c2q.solve(arithmetic_spec("add", 6, 3, 3), **FAST)
    assert result.answer == {"operands": [6, 3], "result": 9, "overflow": True}
    assert c2q.solve(arithmetic_spec("add", 3, 4, 3), **FAST).answer["overflow"] is False


def test_qubit_counts_of_the_library_circuits():
    assert c2q.encode(arithmetic_spec("add", 1, 2, 10)).circuit.num_qubits == 22  # a, b, carry, helper
    assert c2q.encode(arithmetic_spec("sub", 1, 2, 10)).circuit.num_qubits == 24  # 11-bit registers + cin, cout
    assert c2q.encode(arithmetic_spec("mul", 1, 2, 10)).circuit.num_qubits == 40  # a, b, 20-bit product


def test_ten_bit_multiplication_needs_mps_not_a_statevector():
    spec = arithmetic_spec("mul", 23, 29, 10)
    assert c2q.solve(spec, **FAST).answer["result"] == 667
    with pytest.raises(BackendError, match=r"40 qubits need .* GiB"):
        c2q.solve(spec, backend="aer:statevector", **FAST)


def test_mul_operands_of_different_widths():
    result = c2q.solve({"problem_type": "mul", "data": {"operands": [4, 3], "a_bits": 3, "b_bits": 2}}, **FAST)
    assert result.answer["result"] == 12


@pytest.mark.parametrize(
    "options, message",
    [
        ({"algorithm": "qaoa"}, "arithmetic circuit"),
        ({"circuit": "carry-save"}, "unknown circuit"),
    ],
)
def test_bad_arithmetic_options(options, message):
    with pytest.raises(OptionError, match=message):
        c2q.solve(arithmetic_spec("add", 1, 1, 2), **FAST, **options)


def test_subtraction_has_no_qft_variant():
    with pytest.raises(OptionError, match="carry-in"):
        c2q.solve(arithmetic_spec("sub", 1, 1, 2), circuit="qft", **FAST)


def test_arithmetic_answers_are_verified_not_selected():
    problem = Add(3, 4, 3, 3)
    wrong = problem.interpret(np.array([0, 0, 0, 1]))  # 8, not 7
    assert wrong["result"] == 8 and not problem.evaluate(wrong).feasible
    assert Sub(1, 2, 2, 2).from_register(0b111) == -1
    assert Mul(3, 3, 2, 2).classical_solution()[0]["result"] == 9


# ---- factoring -------------------------------------------------------------------------------------
@settings(max_examples=15, deadline=None)
@given(p=st.integers(2, 23), q=st.integers(2, 23))
def test_factor_ground_state_is_a_factorisation(p, q):
    n = p * q
    problem = Factor(n)
    encoding = problem.encode("binary")
    bits = all_bitstrings(encoding.num_qubits)
    values = energies(encoding.hamiltonian, encoding.offset, bits)
    assert np.isclose(values.min(), 0.0)
    for x in bits[np.isclose(values, 0.0)]:
        answer = encoding.interpret(x)
        assert problem.evaluate(answer).feasible
        assert math.prod(answer["factors"]) == n


def test_odd_n_fixes_the_lowest_bits():
    assert Factor(35).encode("binary").num_qubits == 5  # p <= 5: 2 bits + fixed 1; q <= 11: 3 bits + fixed 1
    assert Factor(34).encode("binary").num_qubits == Factor(34).p_bits + Factor(34).q_bits
    assert Factor(35).encode("oracle").num_variables == 5


@pytest.mark.parametrize("n", [4, 6, 9, 10, 15, 21, 25, 33, 35, 39])
def test_product_oracle_marks_exactly_the_factorisations(n):
    """On the uniform superposition of the searched bits, the oracle flips the sign of exactly the
    pairs with p q = n and leaves every work qubit in |0>."""
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import Statevector

    problem = Factor(n)
    encoding = problem.encode("oracle")
    nv, nq = encoding.num_variables, encoding.num_qubits
    assert nq <= 16
    qc = QuantumCircuit(nq)
    qc.h(range(nv))
    qc.compose(encoding.oracle(), inplace=True)
    amplitudes = Statevector(qc).data * np.sqrt(2**nv)
    on_zero_work = amplitudes[: 2**nv]  # work qubits are the high ones: |0> there = the first 2^nv entries
    assert np.allclose(np.abs(on_zero_work), 1.0)
    bits = all_bitstrings(nv)
    marked = np.isclose(on_zero_work[[int("".join(map(str, x[::-1])), 2) for x in bits]], -1.0)
    expected = encoding.satisfied(bits)
    assert (marked == expected).all()
    assert expected.any()  # every composite n here has a factorisation in the searched range
    for x in bits[expected]:
        assert math.prod(problem.interpret(x)["factors"]) == n


def test_auto_encoding_is_the_oracle_while_it_is_small():
    assert Factor(39).default_encoding() == "oracle"  # 4-qubit operands: 16 qubits
    assert Factor(58).default_encoding() == "binary"  # 5-qubit operands: a 20-qubit oracle, Grover up to 71 s
    big = Factor(17 * 59)  # p <= 31, q <= 334: 9-qubit operands, a 36-qubit oracle
    assert big.default_encoding() == "binary"
    assert big.encode().name == "binary"


@pytest.mark.parametrize("n", [1, 2, 3, 13, 97])
def test_primes_and_small_n_are_answered_without_a_quantum_run(n):
    result = c2q.solve({"family": "factor", "n": n}, **FAST)
    assert result.answer["factors"] is None
    assert result.answer["prime"] == is_prime(n)
    assert result.algorithm["name"] == "none" and result.circuit["qubits"] == 0
    assert result.optimal


@pytest.mark.parametrize("n", [15, 33, 35, 39])
def test_factor_by_grover_end_to_end(n):
    result = c2q.solve({"family": "factor", "n": n}, seed=2)
    p, q = result.answer["factors"]
    assert p * q == n and 1 < p <= q < n
    assert result.optimal and result.algorithm["name"] == "grover" and result.algorithm["found"]
    assert result.encoding["name"] == "oracle" and result.encoding["qubits"] == 4 * Factor(n).operand_width


@pytest.mark.parametrize("n", [15, 35, 39])
def test_factor_by_vqe_end_to_end(n):
    result = c2q.solve({"family": "factor", "n": n}, shots=512, seed=2, encoding="binary")
    p, q = result.answer["factors"]
    assert p * q == n and 1 < p <= q < n
    assert result.algorithm["name"] == "vqe"
    assert result.optimal and result.optimum_probability > 0.2


def test_factor_oracle_refuses_variational_algorithms():
    with pytest.raises(OptionError, match=r"factoring.s oracle encoding runs Grover search.*--encoding binary"):
        c2q.solve({"family": "factor", "n": 15}, algorithm="vqe", **FAST)


@pytest.mark.parametrize(
    "spec, words",
    [
        (arithmetic_spec("sub", 0, 5, 3), ["-5", "ripple-carry adder", "matrix_product_state"]),
        ({"family": "factor", "n": 13}, ["prime", "answered classically"]),
    ],
)
def test_cli_summary_for_circuit_and_classical_answers(tmp_path, capsys, spec, words):
    import json

    from c2q import cli

    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    assert cli.main(["solve", str(path), "--seed", "1", "--shots", "32"]) == 0
    out = capsys.readouterr().out
    assert all(word in out for word in words)


# ---- signed operands: two's complement ---------------------------------------------------------
@pytest.mark.parametrize(
    "family, a, b, bits, exact",
    [
        ("add", -3, 7, 3, 4),
        ("sub", 20, -3, 5, 23),
        ("mul", -4, 7, 3, -28),
        ("sub", -5, 6, 3, -11),
        ("mul", -3, -3, 2, 9),
    ],
)
def test_signed_operands_give_the_exact_signed_result(family, a, b, bits, exact):
    result = c2q.solve(arithmetic_spec(family, a, b, bits), **FAST)
    assert result.answer["result"] == exact and result.answer["signed"] is True
    assert result.feasible and result.optimal and result.optimum_probability == 1.0
    assert result.classical_optimum == exact and result.instance["signed"] is True
    assert any("two's complement" in w for w in result.warnings)
    assert "two's complement" in result.algorithm["construction"]


@settings(max_examples=8, deadline=None)
@given(bits=st.integers(1, 4), data=st.data())
def test_signed_circuits_compute_the_exact_result(bits, data):
    a = data.draw(st.integers(-(2**bits) + 1, 2**bits - 1))
    b = data.draw(st.integers(-(2**bits) + 1, -1))  # at least one operand negative
    a, b = data.draw(st.permutations([a, b]))
    for family, exact in (("add", a + b), ("sub", a - b), ("mul", a * b)):
        result = c2q.solve(arithmetic_spec(family, a, b, bits), **FAST)
        assert result.answer["result"] == exact, (family, a, b, bits)
        assert result.optimal and result.backend["method"] == "matrix_product_state"


@pytest.mark.parametrize("family, a, b, exact", [("add", -7, -7, -14), ("add", 7, -6, 1), ("mul", -7, -7, 49)])
def test_signed_qft_variants_agree(family, a, b, exact):
    qft = c2q.solve(arithmetic_spec(family, a, b, 3), circuit="qft", **FAST)
    assert qft.answer["result"] == exact and qft.optimal and "QFT" in qft.algorithm["construction"]


def test_signed_register_widths_hold_the_exact_result():
    # add / sub: bits + 2 (carry and sign); mul: a_bits + b_bits + 1
    assert Add(-1, 1, 4, 4).width == Sub(-1, 1, 4, 4).width == 6
    assert Mul(-1, 1, 4, 3).width == 8
    assert c2q.encode(arithmetic_spec("add", -1, 2, 10)).circuit.num_qubits == 25  # 12-bit a, b + helper, no carry
    assert c2q.encode(arithmetic_spec("sub", -1, 2, 10)).circuit.num_qubits == 26  # 12-bit a, b + cin, cout
    assert c2q.encode(arithmetic_spec("mul", -1, 2, 10)).circuit.num_qubits == 63  # 21-bit a, b and product mod 2**21
    # the extremes fit: |a|, |b| < 2**bits
    for family, a, b, exact in (("add", -7, -7, -14), ("sub", -7, 7, -14), ("mul", -7, 7, -49), ("mul", -7, -7, 49)):
        problem = {"add": Add, "sub": Sub, "mul": Mul}[family](a, b, 3, 3)
        assert -(2 ** (problem.width - 1)) <= exact < 2 ** (problem.width - 1)


def test_non_negative_operands_keep_the_unsigned_circuits():
    for family, width, answer in (
        ("add", 3, {"operands": [5, 6], "result": 11, "overflow": True}),
        ("sub", 4, {"operands": [5, 6], "result": -1, "negative": True}),
        ("mul", 3, {"operands": [5, 6], "result": 30}),
    ):
        result = c2q.solve(arithmetic_spec(family, 5, 6, 3), **FAST)
        assert result.answer == answer and result.encoding["operand_width"] == width
        assert "signed" not in result.instance and "two's complement on" not in result.algorithm["construction"]
        assert not any("signed operands" in w for w in result.warnings)


def test_signed_overflow_is_about_the_operand_width():
    assert c2q.solve(arithmetic_spec("add", -7, -7, 3), **FAST).answer["overflow"] is True
    assert c2q.solve(arithmetic_spec("add", -3, 7, 3), **FAST).answer["overflow"] is False


def test_signed_product_wider_than_aers_mps_target_runs():
    # 11-bit signed operands: 23-qubit registers, 69 qubits, past the 63 that Aer's MPS target advertises
    result = c2q.solve(arithmetic_spec("mul", -2047, 2046, 11), **FAST)
    assert result.circuit["qubits"] == 69
    assert result.answer["result"] == -2047 * 2046 and result.optimal


def test_results_wider_than_64_bits_are_read_exactly():
    result = c2q.solve(arithmetic_spec("sub", -(2**64) + 1, 2**64 - 1, 64), **FAST)
    assert result.answer["result"] == -(2**65) + 2 and result.optimal
    assert c2q.solve(arithmetic_spec("add", 2**64 - 1, 2**64 - 1, 64), **FAST).answer["result"] == 2**65 - 2


def test_signed_product_too_wide_for_mps_is_refused():
    with pytest.raises(BackendError, match="201 qubits exceed"):
        c2q.solve(arithmetic_spec("mul", -1, 5, 33), **FAST)


def test_factor_on_a_device_model_runs_the_shallow_binary_encoding():
    """On hardware (here a fake device's noisy model) auto picks the VQE encoding: the oracle's
    Grover circuit has thousands of two-qubit gates."""
    assert Factor(15).default_encoding(hardware=True) == "binary"
    result = c2q.solve({"family": "factor", "n": 15}, backend="fake_manila", shots=256, seed=1, maxiter=60)
    assert result.encoding["name"] == "binary" and result.algorithm["name"] == "vqe"
    assert result.encoding["qubits"] == 3


def test_recommend_says_which_encoding_devices_would_run():
    ranking = c2q.recommend({"family": "factor", "n": 15}, devices=["fake_manila"], ibm=False)
    assert any("on a device `c2q solve` runs the binary encoding" in note for note in ranking.notes)
    plain = c2q.recommend({"family": "factor", "n": 15}, encoding="binary", devices=["fake_manila"], ibm=False)
    assert not any("encoding" in note for note in plain.notes)
