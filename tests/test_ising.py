"""c2q.ising: exact Walsh-Hadamard expansion, operator sums, energies, Qiskit's bit order."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit.quantum_info import SparsePauliOp

import c2q.ising
from c2q.ising import bits_from_keys, diagonal, energies, ising_from_function, sum_ising, z_masks
from c2q.problems.base import all_bitstrings


@st.composite
def functions_of_few_bits(draw):
    """A random cost table on k <= 4 bits, placed on k distinct qubits of a wider register."""
    k = draw(st.integers(1, 4))
    width = draw(st.integers(k, 6))
    qubits = draw(st.permutations(range(width)))[:k]
    table = draw(
        st.lists(
            st.one_of(st.integers(-5, 5).map(float), st.floats(-100, 100, allow_nan=False, allow_infinity=False)),
            min_size=2**k,
            max_size=2**k,
        )
    )
    return k, width, qubits, np.array(table)


@settings(max_examples=50, deadline=None)
@given(functions_of_few_bits())
def test_ising_from_function_reproduces_any_function_exactly(drawn):
    k, width, qubits, table = drawn
    op, offset = ising_from_function(lambda x: table[x @ (1 << np.arange(k))], qubits, width)
    assert op.num_qubits == width
    bits = all_bitstrings(width)
    expected = table[bits[:, qubits] @ (1 << np.arange(k))]
    np.testing.assert_allclose(energies(op, offset, bits), expected, rtol=0, atol=1e-9)
    # terms act on the function's qubits only
    support, _ = z_masks(op)
    others = [q for q in range(width) if q not in qubits]
    assert not support[:, others].any()


def test_ising_from_function_known_expansions():
    # x0 AND x1 = (1 - z0 - z1 + z0 z1) / 4
    op, offset = ising_from_function(lambda x: x[:, 0] * x[:, 1], [0, 1], 2)
    assert offset == pytest.approx(0.25)
    terms = dict(zip(op.paulis.to_labels(), np.real(op.coeffs), strict=True))
    assert terms == pytest.approx({"IZ": -0.25, "ZI": -0.25, "ZZ": 0.25})
    # a constant becomes an offset and an all-identity operator with coefficient 0
    op, offset = ising_from_function(lambda x: np.full(len(x), 7.0), [2], 3)
    assert offset == 7.0 and op.num_qubits == 3 and np.allclose(op.coeffs, 0)


def test_sum_ising_moves_identity_into_the_offset():
    a = (SparsePauliOp(["II", "IZ"], [2.0, 1.0]), 0.5)
    b = (SparsePauliOp(["II", "ZZ", "IZ"], [3.0, -1.0, 1.0]), 1.0)
    total, offset = sum_ising([a, b], 2)
    assert offset == pytest.approx(6.5)
    labels = dict(zip(total.paulis.to_labels(), np.real(total.coeffs), strict=True))
    assert labels == pytest.approx({"IZ": 2.0, "ZZ": -1.0})  # merged, identity gone
    bits = all_bitstrings(2)
    separately = energies(*a, bits) + energies(*b, bits)
    np.testing.assert_allclose(energies(total, offset, bits), separately)


def test_sum_ising_of_constants_and_of_nothing():
    total, offset = sum_ising([(SparsePauliOp(["II"], [4.0]), 1.0)], 2)
    assert offset == 5.0 and np.allclose(energies(total, 0.0, all_bitstrings(2)), 0.0)
    total, offset = sum_ising([], 3)
    assert offset == 0 and total.num_qubits == 3


def test_energies_match_the_diagonal_of_the_matrix():
    op = SparsePauliOp(["IIZ", "ZIZ", "ZZI", "ZZZ", "III"], [0.5, -1.25, 2.0, 0.75, 3.0])
    np.testing.assert_allclose(energies(op, 0.0, all_bitstrings(3)), np.real(np.diag(op.to_matrix())))
    np.testing.assert_allclose(energies(op, 1.5, all_bitstrings(3)), np.real(np.diag(op.to_matrix())) + 1.5)


def test_diagonal_lists_every_energy_in_index_order():
    diagonal = getattr(c2q.ising, "diagonal", None)
    if diagonal is None:
        pytest.skip("c2q.ising.diagonal is not in this version")
    op = SparsePauliOp(["IIZ", "ZIZ", "ZZI", "ZZZ"], [0.5, -1.25, 2.0, 0.75])
    np.testing.assert_allclose(diagonal(op, 2.0), energies(op, 2.0, all_bitstrings(3)))
    np.testing.assert_allclose(diagonal(op, 0.0), np.real(np.diag(op.to_matrix())))


def test_non_diagonal_operator_is_refused():
    with pytest.raises(ValueError, match="not diagonal"):
        energies(SparsePauliOp(["XZ"], [1.0]), 0.0, all_bitstrings(2))


def test_bits_from_keys_qubit_zero_is_the_rightmost_character():
    bits = bits_from_keys(["001", "110", "100"], 3)
    assert bits.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert bits_from_keys([], 4).shape == (0, 4)


def test_bits_from_keys_matches_qiskit_measurements():
    from qiskit import QuantumCircuit
    from qiskit_aer.primitives import SamplerV2

    circuit = QuantumCircuit(3)
    circuit.x(0)  # only qubit 0 is 1
    circuit.measure_all()
    counts = SamplerV2(seed=1).run([circuit], shots=8).result()[0].data.meas.get_counts()
    assert list(counts) == ["001"]
    assert bits_from_keys(list(counts), 3).tolist() == [[1, 0, 0]]
    # and the energy of Z on qubit 0 for that sample is -1 (bit 1 <-> z = -1)
    assert energies(SparsePauliOp(["IIZ"], [1.0]), 0.0, bits_from_keys(list(counts), 3)).tolist() == [-1.0]


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 7), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_diagonal_agrees_with_energies_and_with_the_dense_matrix(width, terms, seed):
    rng = np.random.default_rng(seed)
    support = [sorted(rng.choice(width, rng.integers(1, width + 1), replace=False).tolist()) for _ in range(terms)]
    op = SparsePauliOp.from_sparse_list([("Z" * len(s), s, rng.normal()) for s in support], width)
    values = diagonal(op, 1.25)
    np.testing.assert_allclose(values, energies(op, 1.25, all_bitstrings(width)), atol=1e-9)
    np.testing.assert_allclose(values, np.real(op.to_matrix().diagonal()) + 1.25, atol=1e-9)


def test_energies_in_chunks_equal_energies_at_once(monkeypatch):
    op = SparsePauliOp.from_sparse_list([("ZZ", [0, 2], 1.0), ("Z", [1], -2.0), ("ZZZ", [0, 1, 2], 0.5)], 3)
    bits = all_bitstrings(3)
    whole = energies(op, 0.5, bits)
    monkeypatch.setattr(c2q.ising, "ENERGY_CHUNK", 4)  # one row per chunk with three terms
    np.testing.assert_allclose(energies(op, 0.5, bits), whole)
