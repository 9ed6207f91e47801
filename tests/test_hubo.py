"""Your own model (``hubo``): QUBO, Ising and higher-order binary models, in every accepted form.

Energies are judged by an evaluator written here (a loop over ``itertools.product``), not by the
family's code or its operator.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import c2q
from c2q import cli
from c2q.errors import SpecError
from c2q.ising import diagonal
from c2q.problems import polynomial
from c2q.spec import build_problem


def brute_force(canonical: dict) -> tuple[float, list[dict]]:
    """Minimum energy and every optimal assignment, by enumeration."""
    names, spin = canonical["variables"], canonical["vartype"] == "spin"
    domain = (-1, 1) if spin else (0, 1)
    best, optima = math.inf, []
    for values in itertools.product(domain, repeat=len(names)):
        value = dict(zip(names, values, strict=True))
        energy = canonical["offset"] + sum(c * math.prod(value[v] for v in vs) for vs, c in canonical["terms"])
        if energy < best - 1e-9:
            best, optima = energy, [value]
        elif abs(energy - best) <= 1e-9:
            optima.append(value)
    return best, optima


@st.composite
def models(draw, max_variables: int = 6, max_degree: int = 4):
    n = draw(st.integers(1, max_variables))
    names = draw(
        st.lists(
            st.one_of(st.integers(0, 50), st.text("abcxyz", min_size=1, max_size=3)),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    terms = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(names), min_size=1, max_size=max_degree),
                st.integers(-5, 5).map(float),
            ),
            min_size=1,
            max_size=8,
        )
    )
    terms = [[list(vs), c] for vs, c in terms]
    if all(c == 0 for _, c in terms):
        terms[0][1] = 1.0
    vartype = draw(st.sampled_from(["binary", "spin"]))
    return {
        "family": "hubo",
        "vartype": vartype,
        "variables": names,
        "terms": terms,
        "offset": draw(st.integers(-3, 3)),
    }


def _valid_or_none(model):
    try:
        return c2q.validate(model)
    except SpecError as exc:
        assert "no non-zero term" in str(exc)  # terms can cancel (x x = x, s s = 1): the only refusal here
        return None


@settings(max_examples=60, deadline=None)
@given(models())
def test_the_operator_is_the_model_at_every_assignment(model):
    spec = _valid_or_none(model)
    if spec is None:
        return
    canonical = spec.canonical
    problem = build_problem(spec)
    encoding = problem.encode()
    spectrum = diagonal(encoding.hamiltonian, encoding.offset)  # index i: bit q of i on qubit q
    names = canonical["variables"]
    for i in range(2 ** len(names)):
        bits = [(i >> q) & 1 for q in range(len(names))]
        value = {v: (1 - 2 * b if canonical["vartype"] == "spin" else b) for v, b in zip(names, bits, strict=True)}
        energy = canonical["offset"] + sum(c * math.prod(value[v] for v in vs) for vs, c in canonical["terms"])
        assert spectrum[i] == pytest.approx(energy, abs=1e-9)
        assert problem.interpret(np.array(bits))["energy"] == pytest.approx(energy, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(models(max_variables=7))
def test_exact_references_find_the_brute_force_optimum(model):
    spec = _valid_or_none(model)
    if spec is None:
        return
    best, _ = brute_force(spec.canonical)
    problem = build_problem(spec)
    assert problem.exact_reference().optimum == pytest.approx(best, abs=1e-9)
    milp = problem._milp(time_limit=None)  # the method past brute force, on the same model
    assert milp.optimal and milp.optimum == pytest.approx(best, abs=1e-9)
    assert milp.bound == pytest.approx(best, abs=1e-6)


QUBO = [[-1, 2, 0], [0, -1, 2], [0, 0, -1]]
AS_TERMS = {"family": "hubo", "terms": [[[0], -1], [[1], -1], [[2], -1], [[0, 1], 2], [[1, 2], 2]]}


@pytest.mark.parametrize(
    "written",
    [
        {"family": "qubo", "matrix": QUBO},
        {
            "family": "QUBO",
            "vartype": "binary",
            "coefficients": {"(0,)": -1, "(1, 1)": -1, "(2,)": -1, "(0, 1)": 2, "(1, 2)": 1, "(2, 1)": 1},
        },
        {"vartype": "BINARY", "coefficients": {"(0,)": -1, "(1,)": -1, "(2,)": -1, "(0, 1)": 2, "(1, 2)": 2, "()": 0}},
        {
            "type": "BinaryQuadraticModel",
            "version": {"bqm_schema": "3.0.0"},
            "use_bytes": False,
            "index_type": "int32",
            "bias_type": "float64",
            "num_variables": 3,
            "num_interactions": 2,
            "variable_labels": [0, 1, 2],
            "variable_type": "BINARY",
            "offset": 0.0,
            "info": {},
            "linear_biases": [-1.0, -1.0, -1.0],
            "quadratic_biases": [2.0, 2.0],
            "quadratic_head": [0, 1],
            "quadratic_tail": [1, 2],
        },
    ],
    ids=["matrix", "coefficients", "coefficients-no-family", "dimod-bqm"],
)
def test_every_form_reads_as_the_same_model(written):
    spec = c2q.validate(written)
    reference = c2q.validate(AS_TERMS)
    assert spec.canonical == reference.canonical and spec.digest == reference.digest
    again = c2q.validate(json.loads(json.dumps(spec.canonical)))  # the canonical form reads back unchanged
    assert again.canonical == spec.canonical and again.source_format == "canonical"


def test_ising_is_spin_by_default_and_names_carry_through():
    spec = c2q.validate({"family": "ising", "terms": [[["a", "b"], 1], [["b", "c"], 1], [["a"], 0.5]]})
    assert spec.canonical["vartype"] == "spin" and spec.canonical["variables"] == ["a", "b", "c"]
    result = c2q.solve(spec, seed=3, shots=512)
    best, optima = brute_force(spec.canonical)
    assert result.optimal and result.objective == pytest.approx(best)
    assert result.answer["assignment"] in optima
    assert result.encoding["qubit_variables"] == ["a", "b", "c"]


def test_higher_order_terms_run_without_quadratisation():
    model = {"family": "hubo", "terms": [[[0, 1, 2], -3], [[0], 1], [[1], 1], [[2], 1], [[2, 3], -1], [[0, 3], 0.5]]}
    _, optima = brute_force(c2q.validate(model).canonical)
    for seed in (1, 2, 3):
        result = c2q.solve(model, seed=seed, shots=512)
        assert result.optimal and result.answer["assignment"] in [{str(k): v for k, v in o.items()} for o in optima]
        assert result.encoding["qubits"] == 4  # no auxiliary variable
        assert result.optimum_probability > 0.3
    assert any("degree 3" in w for w in result.warnings)


def test_repeated_terms_and_factors_are_merged_and_said():
    spec = c2q.validate({"family": "hubo", "terms": [[[0, 0], 2], [[1, 0], 1], [[0, 1], 1], [[1], -3]]})
    assert spec.canonical["terms"] == [[[0], 2.0], [[1], -3.0], [[0, 1], 2.0]]
    assert any("x x = x" in w for w in spec.warnings) and any("coefficients were added" in w for w in spec.warnings)
    spins = c2q.validate({"family": "ising", "terms": [[["s", "s"], 2], [["s", "t"], 1]]})
    assert spins.canonical["terms"] == [[["s", "t"], 1.0]] and spins.canonical["offset"] == 2.0


@pytest.mark.parametrize(
    ("spec", "field", "says"),
    [
        ({"family": "qubo", "terms": [[[0, 1], float("nan")]]}, "terms", "finite"),
        ({"family": "qubo", "variables": ["a"], "terms": [[["a", "b"], 1]]}, "terms[0]", "not in variables"),
        ({"family": "qubo", "terms": [[[0, 1], 0]]}, "terms", "no non-zero term"),
        ({"coefficients": {"(0, 1)": 1}}, "vartype", "bits or spins"),
        ({"family": "qubo", "terms": []}, "terms", "no non-zero term"),
        ({"family": "qubo", "variables": ["a", "a"], "terms": [[["a"], 1]]}, "variables[1]", "listed again"),
        ({"family": "qubo", "vartype": "integer", "terms": [[[0], 1]]}, "vartype", "binary"),
        ({"family": "ising", "matrix": [[1]]}, "matrix", "binary"),
        ({"family": "qubo", "matrix": [[1, 2], [3]]}, "matrix[1]", "entries"),
        ({"family": "qubo", "coefficients": {"a, b": 1}}, "coefficients['a, b']", "tuple"),
        ({"family": "qubo", "coefficients": {"(0, 1)": "two"}}, "coefficients['(0, 1)']", "number"),
        ({"family": "hubo", "terms": [[list(range(11)), 1]]}, "terms[0]", "at most 10"),
        ({"type": "BinaryQuadraticModel", "use_bytes": True}, "use_bytes", "use_bytes=False"),
        (
            {
                "type": "BinaryQuadraticModel",
                "variable_labels": ["a"],
                "variable_type": "SPIN",
                "linear_biases": [1],
                "quadratic_head": [0],
                "quadratic_tail": [3],
                "quadratic_biases": [1],
            },
            "quadratic_head[0]",
            "label positions",
        ),
    ],
)
def test_bad_models_are_refused_naming_the_field(spec, field, says, tmp_path, capsys):
    with pytest.raises(SpecError) as caught:
        c2q.validate(spec)
    assert caught.value.field.startswith(field) and says in str(caught.value)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(spec).replace("NaN", "1e999"))  # JSON has no NaN: an overflowing number instead
    assert cli.main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("c2q: error:") and "Traceback" not in err


def test_the_milp_takes_over_past_brute_force(monkeypatch):
    rng = np.random.default_rng(7)
    terms = [
        [[int(i), int(j)], float(rng.integers(-4, 5))]
        for i, j in itertools.combinations(range(12), 2)
        if rng.random() < 0.4
    ]
    model = {"family": "qubo", "terms": [*terms, [[0, 1, 2], -2.0]]}
    best, _ = brute_force(c2q.validate(model).canonical)
    monkeypatch.setattr(polynomial, "BRUTE_FORCE_VARIABLES", 0)
    reference = build_problem(c2q.validate(model)).exact_reference(time_limit=30)
    assert reference.method == "HiGHS MILP" and reference.optimum == pytest.approx(best)


@settings(max_examples=60, deadline=None)
@given(models(max_variables=7, max_degree=5))
def test_the_quadratised_encoding_keeps_the_minimum(data) -> None:
    """Rosenberg's substitution: two-qubit terms at most, and the lowest energy over every bitstring of
    the variables and the auxiliary bits is the enumerated minimum, reached by an optimal assignment."""
    from c2q.ising import energies, is_quadratic
    from c2q.problems.base import all_bitstrings

    spec = _valid_or_none(data)
    if spec is None:
        return
    problem = build_problem(spec)
    encoding = problem.encode("quadratic")
    assert is_quadratic(encoding.hamiltonian)
    assert encoding.num_qubits == problem.encoded_qubits("quadratic")
    assert problem.default_encoding(quadratic=True) == ("quadratic" if problem.degree > 2 else "ising")
    best, optima = brute_force(spec.canonical)
    bits = all_bitstrings(encoding.num_qubits)
    values = energies(encoding.hamiltonian, encoding.offset, bits)
    assert values.min() == pytest.approx(best, abs=1e-6)
    answer = encoding.interpret(bits[int(np.argmin(values))])
    assert answer["energy"] == pytest.approx(best, abs=1e-6)
    assert answer["assignment"] in [{str(k): v for k, v in optimum.items()} for optimum in optima]


def test_past_24_variables_a_higher_order_model_is_quadratised_for_recursive_qaoa() -> None:
    rng = np.random.default_rng(11)
    n = 26
    terms = [[[i], float(rng.integers(-5, 6))] for i in range(n)]
    terms += [[sorted(rng.choice(n, 3, replace=False).tolist()), float(rng.integers(-5, 6))] for _ in range(8)]
    result = c2q.solve({"family": "hubo", "terms": terms}, seed=1)
    assert result.algorithm["name"] == "rqaoa" and result.encoding["name"] == "quadratic"
    assert any("quadratised" in w for w in result.warnings)
    assert result.classical_optimum is not None and result.feasible
    assert result.encoding["qubit_variables"][:n] == [str(i) for i in range(n)]
