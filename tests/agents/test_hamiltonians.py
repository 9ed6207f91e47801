"""c2q.agents.hamiltonians: exact ground energies of spin chains, molecules and c2q problems."""

import numpy as np
import pytest
from c2q.agents.hamiltonians import Hamiltonian, as_hamiltonian, get_hamiltonian, heisenberg, molecule, tfim
from qiskit.quantum_info import SparsePauliOp


@pytest.mark.parametrize(
    ("n", "energy"),
    [(2, -2.2360679775), (3, -3.4939592074), (4, -4.7587704831), (6, -7.2962298106)],
)
def test_tfim_open_chain_ground_energy(n, energy):
    assert tfim(n).exact_ground_energy() == pytest.approx(energy, abs=1e-9)


def test_tfim_matches_its_definition():
    ham = tfim(3, J=0.7, h=1.3)
    z = np.diag([1.0, -1.0])
    x = np.array([[0.0, 1.0], [1.0, 0.0]])
    eye = np.eye(2)

    def on(ops):  # qubit 0 is the rightmost Kronecker factor (Qiskit order)
        out = np.eye(1)
        for op in reversed(ops):
            out = np.kron(out, op)
        return out

    expected = -0.7 * (on([z, z, eye]) + on([eye, z, z])) - 1.3 * (
        on([x, eye, eye]) + on([eye, x, eye]) + on([eye, eye, x])
    )
    np.testing.assert_allclose(ham.matrix(), expected, atol=1e-12)


def test_periodic_tfim_and_heisenberg():
    # 2 sites: the singlet at -3J; 4-site open chain: -3 - 2 sqrt(3)
    assert heisenberg(2).exact_ground_energy() == pytest.approx(-3.0)
    assert heisenberg(4).exact_ground_energy() == pytest.approx(-3 - 2 * np.sqrt(3), abs=1e-9)
    assert len(tfim(4, periodic=True).operator) == 8
    with pytest.raises(ValueError, match="periodic"):
        tfim(2, periodic=True)


def test_sparse_diagonalisation_path(monkeypatch):
    import c2q.agents.hamiltonians as hamiltonians

    monkeypatch.setattr(hamiltonians, "DENSE_EIG_MAX_QUBITS", 4)  # 6 qubits now go through eigsh
    assert tfim(6).exact_ground_energy() == pytest.approx(-7.2962298106, abs=1e-8)
    assert heisenberg(6, h=0.2).exact_ground_energy() == pytest.approx(
        np.linalg.eigvalsh(heisenberg(6, h=0.2).matrix())[0], abs=1e-8
    )


def test_identity_moves_to_offset():
    op = SparsePauliOp.from_list([("II", 2.0), ("ZZ", 1.0), ("II", 0.5)])
    ham = Hamiltonian.from_operator("x", op)
    assert ham.offset == pytest.approx(2.5)
    assert ham.trace_mean == pytest.approx(2.5)
    assert ham.exact_ground_energy() == pytest.approx(1.5)


def test_h2_ground_energy_offline():
    ham = molecule("H2")
    assert ham.n_qubits == 4
    assert ham.exact_ground_energy() == pytest.approx(-1.13731, abs=5e-4)  # FCI, STO-3G, 0.7414 A


def test_lih_active_space_builds():
    ham = get_hamiltonian("lih")
    assert ham.n_qubits == 6
    assert ham.metadata["active_electrons"] == 2
    assert -7.9 < ham.exact_ground_energy() < -7.8


def _pennylane_reference(symbols, coordinates, electrons, orbitals):
    """Ground and Hartree-Fock energies along PennyLane's own path (its sparse matrix, its wire order:
    wire 0 is the most significant bit), independent of the library's conversion and sector search."""
    import pennylane as qml

    mol = qml.qchem.Molecule(symbols, np.array(coordinates, dtype=float).ravel(), unit="angstrom")
    op, n = qml.qchem.molecular_hamiltonian(mol, active_electrons=electrons, active_orbitals=orbitals)
    matrix = op.sparse_matrix(wire_order=range(n)).toarray()
    hf_index = int("".join(map(str, qml.qchem.hf_state(electrons, n))), 2)
    return float(np.linalg.eigvalsh(matrix)[0]), float(matrix[hf_index, hf_index].real)


_OH_X, _OH_Z = 0.958 * np.sin(np.radians(104.5 / 2)), 0.958 * np.cos(np.radians(104.5 / 2))


@pytest.mark.parametrize(
    ("name", "n_qubits", "symbols", "coordinates", "active"),
    [
        # H2O: O-H 0.958 A, H-O-H 104.5 degrees; 4 electrons in 4 orbitals
        ("h2o", 8, ["O", "H", "H"], [[0, 0, 0], [_OH_X, 0, _OH_Z], [-_OH_X, 0, _OH_Z]], (4, 4)),
        # BeH2: linear, Be-H 1.326 A; 4 electrons in 3 orbitals
        ("beh2", 6, ["Be", "H", "H"], [[0, 0, 0], [0, 0, 1.326], [0, 0, -1.326]], (4, 3)),
    ],
)
def test_molecule_energies_match_pennylane(name, n_qubits, symbols, coordinates, active):
    ham = get_hamiltonian(name, n_qubits)
    assert (ham.n_qubits, ham.electrons) == (n_qubits, active[0])
    ground, hartree_fock = _pennylane_reference(symbols, coordinates, *active)
    assert ham.exact_ground_energy() == pytest.approx(ground, abs=1e-9)
    assert ham.hartree_fock_energy() == pytest.approx(hartree_fock, abs=1e-9)
    assert ham.exact_ground_energy() < ham.hartree_fock_energy() < ham.exact_ground_energy() + 0.1


def test_molecule_active_spaces_and_bond():
    lih = get_hamiltonian("lih", 12)
    assert (lih.n_qubits, lih.electrons, lih.metadata["active_orbitals"]) == (12, 4, 6)
    assert len(lih.operator) == 630
    assert lih.hartree_fock_index == 0b1111
    stretched = molecule("H2", bond=1.2)
    np.testing.assert_allclose(np.linalg.norm(stretched.metadata["coordinates"], axis=1), [0.0, 1.2])
    assert stretched.exact_ground_energy() > molecule("H2").exact_ground_energy()
    with pytest.raises(ValueError, match="8, 10"):
        get_hamiltonian("h2o", 12)
    with pytest.raises(ValueError, match="fermionic"):
        _ = tfim(3).hartree_fock_index


def test_ground_energy_stays_in_the_electron_sector():
    # H = -sum n_i with n_i = (I - Z_i) / 2: globally all 3 modes filled (-3), with 1 electron -1
    op = SparsePauliOp.from_list([("III", -1.5), ("IIZ", 0.5), ("IZI", 0.5), ("ZII", 0.5)])
    assert Hamiltonian.from_operator("n", op).exact_ground_energy() == pytest.approx(-3.0)
    # X1 X2 couples |010> and |100> within the sector: -1 - 1e-3 (not diagonal: the eigen solver runs)
    one = Hamiltonian("n", 3, op + SparsePauliOp("XXI", 1e-3), electrons=1)
    assert one.exact_ground_energy() == pytest.approx(-1.001, abs=1e-12)


def test_from_problem_maxcut_triangle():
    """A classical problem's Hamiltonian is built on the c2q side, and the agents take it as it is."""
    import c2q
    from c2q.ansatz import problem_hamiltonian

    spec = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}
    ham = problem_hamiltonian(c2q.validate(spec))
    assert ham.is_diagonal
    assert ham.n_qubits == 3
    assert ham.exact_ground_energy() == pytest.approx(-2.0)  # minimised cost = -(max cut)
    assert as_hamiltonian(ham).exact_ground_energy() == pytest.approx(-2.0)
    assert ham.metadata["problem_digest"] == c2q.validate(spec).digest
    with pytest.raises(TypeError, match="problem_hamiltonian"):  # the agents read no problem formats
        as_hamiltonian(spec)


def test_bad_names_are_refused():
    with pytest.raises(ValueError, match="unknown"):
        get_hamiltonian("ising3d")
    with pytest.raises(ValueError, match="n_qubits"):
        get_hamiltonian("h2", n_qubits=6)
