"""Your own constrained model (``model``): canonical JSON and CPLEX LP files, penalties, feasibility.

Optima are judged by an enumeration written here (``itertools.product`` over the variables' own
ranges), never by the family's encoding or its MILP.
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
from c2q.ising import energies
from c2q.problems.base import all_bitstrings
from c2q.spec import build_problem, load_spec

KNAPSACK = {
    "family": "model",
    "sense": "max",
    "variables": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "n", "type": "integer", "upper": 3}],
    "objective": {"linear": {"a": 5, "b": 4, "c": 3, "n": 1}, "quadratic": [["a", "n", 1]]},
    "constraints": [
        {"name": "weight", "linear": {"a": 4, "b": 3, "c": 2, "n": 1}, "relation": "<=", "rhs": 7},
        {"name": "one_of_ab", "linear": {"a": 1, "b": 1}, "relation": "=", "rhs": 1},
    ],
}


def enumerate_optimum(canonical: dict) -> float | None:
    """Best objective over every assignment in the variables' ranges that meets every constraint."""
    variables = canonical["variables"]
    ranges = [range(v.get("lower", 0), v.get("upper", 1) + 1) for v in variables]
    names = [v["name"] for v in variables]
    objective = canonical["objective"]
    best = None
    for values in itertools.product(*ranges):
        value = dict(zip(names, values, strict=True))
        ok = True
        for c in canonical["constraints"]:
            lhs = sum(a * value[v] for v, a in c["linear"].items())
            rel, rhs = c["relation"], c["rhs"]
            ok &= lhs <= rhs + 1e-9 if rel == "<=" else lhs >= rhs - 1e-9 if rel == ">=" else abs(lhs - rhs) < 1e-9
        if not ok:
            continue
        total = objective.get("constant", 0) + sum(a * value[v] for v, a in objective["linear"].items())
        total += sum(a * value[u] * value[v] for u, v, a in objective.get("quadratic", []))
        if best is None or (total > best if canonical["sense"] == "max" else total < best):
            best = total
    return best


@st.composite
def constrained_models(draw):
    binaries = draw(st.integers(1, 4))
    integers = draw(st.integers(0, 2))
    variables = [{"name": f"x{i}"} for i in range(binaries)]
    for i in range(integers):
        lower = draw(st.integers(-2, 1))
        variables.append({"name": f"n{i}", "type": "integer", "lower": lower, "upper": lower + draw(st.integers(0, 4))})
    names = [v["name"] for v in variables]
    coefficient = st.integers(-4, 4).filter(bool)
    linear = {name: draw(coefficient) for name in draw(st.lists(st.sampled_from(names), unique=True))}
    pairs = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3, unique=True))
    quadratic = [[u, v, draw(coefficient)] for u, v in pairs]
    constraints = []
    for k in range(draw(st.integers(0, 3))):
        members = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        terms = {name: draw(st.integers(1, 3)) * draw(st.sampled_from([-1, 1])) for name in members}
        constraints.append(
            {
                "name": f"c{k}",
                "linear": terms,
                "relation": draw(st.sampled_from(["<=", ">=", "=="])),
                "rhs": draw(st.integers(-3, 5)),
            }
        )
    sense = draw(st.sampled_from(["min", "max"]))
    if not linear and not quadratic and not constraints:
        linear = {names[0]: 1}
    return {
        "family": "model",
        "sense": sense,
        "variables": variables,
        "objective": {"linear": linear, "quadratic": quadratic, "constant": draw(st.integers(-3, 3))},
        "constraints": constraints,
    }


@settings(max_examples=60, deadline=None)
@given(constrained_models())
def test_the_encodings_ground_state_is_the_enumerated_optimum(data: dict) -> None:
    """Integers to bits, inequalities to slack, the default penalties: the lowest energy over every
    bitstring decodes to an assignment with the enumerated optimum, and every bitstring that decodes
    to an infeasible assignment costs more than the best feasible one."""
    assert_ground_state_is_the_optimum(data)


@st.composite
def repairable_models(draw):
    """Binary variables in disjoint groups, each group's count fixed by an equality (coefficients all
    1 or all -1), under a random quadratic objective: every weight is the repair weight."""
    groups = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    names = [[f"g{a}_{b}" for b in range(size)] for a, size in enumerate(groups)]
    flat = [x for group in names for x in group]
    coefficient = st.integers(-6, 6).filter(bool)
    pairs = draw(st.lists(st.tuples(st.sampled_from(flat), st.sampled_from(flat)), max_size=8, unique=True))
    constraints = []
    for a, group in enumerate(names):
        sign = draw(st.sampled_from([1, -1]))
        count = draw(st.integers(0, len(group)))
        constraints.append(
            {"name": f"c{a}", "linear": dict.fromkeys(group, sign), "relation": "==", "rhs": sign * count}
        )
    return {
        "family": "model",
        "sense": draw(st.sampled_from(["min", "max"])),
        "variables": [{"name": x} for x in flat],
        "objective": {
            "linear": {x: draw(coefficient) for x in flat},
            "quadratic": [[u, v, draw(coefficient)] for u, v in pairs],
        },
        "constraints": constraints,
    }


@settings(max_examples=40, deadline=None)
@given(repairable_models())
def test_the_repair_weight_keeps_the_ground_state_at_the_optimum(data: dict) -> None:
    """Equalities that a flip at a time repairs take the weight of the largest single-flip change + 1,
    smaller than the objective's range, and the ground state is still the enumerated optimum."""
    problem = build_problem(load_spec(data))
    n = len(problem.variables)
    assignments = all_bitstrings(n)
    objective = np.array([problem.objective_of(x) for x in assignments])
    for constraint in problem.constraints:
        # the largest change one flip of the constraint's variables makes, over every assignment
        largest = max(np.abs(objective - objective[np.arange(2**n) ^ (1 << i)]).max() for i in constraint.coefficients)
        penalty = problem.penalty_weights()[constraint.name]
        assert penalty["weight"] <= problem.objective_range + 1
        if "one flip" in penalty["reason"]:
            assert penalty["weight"] >= largest + 1 - 1e-9
    assert_ground_state_is_the_optimum(data)


def assert_ground_state_is_the_optimum(data: dict) -> None:
    spec = load_spec(data)
    problem = build_problem(spec)
    encoding = problem.encode()
    assert problem.encoded_qubits() == encoding.num_qubits
    assert len(encoding.variables) == encoding.num_qubits
    optimum = enumerate_optimum(spec.canonical)
    bits = all_bitstrings(encoding.num_qubits)
    values = energies(encoding.hamiltonian, encoding.offset, bits)
    feasible = np.array([problem.evaluate(encoding.interpret(row)).feasible for row in bits])
    reference = problem.exact_reference()
    if optimum is None:
        assert not feasible.any()
        assert reference.answer is None and reference.optimal
        return
    assert feasible.any()
    best = bits[int(np.argmin(values))]
    answer = encoding.interpret(best)
    evaluation = problem.evaluate(answer)
    assert evaluation.feasible and evaluation.objective == pytest.approx(optimum)
    if (~feasible).any():
        assert values[~feasible].min() > values[feasible].min() + 1e-9
    assert reference.optimal and reference.evaluation.objective == pytest.approx(optimum)


def test_a_solve_returns_the_optimum_in_the_models_names_with_penalties_reported() -> None:
    result = c2q.solve(KNAPSACK, seed=3)
    assert result.optimal and result.objective == enumerate_optimum(load_spec(KNAPSACK).canonical)
    assert set(result.answer["assignment"]) == {"a", "b", "c", "n"}
    assert result.answer["violated"] == []
    penalties = result.encoding["penalties"]
    assert set(penalties) == {"weight", "one_of_ab"}
    assert all(p["set_by"] == "c2q" and "objective range" in p["reason"] for p in penalties.values())
    assert "n@0" in result.encoding["qubit_variables"] and "weight@int_slack@0" in result.encoding["qubit_variables"]


def test_user_penalties_are_used_and_reported() -> None:
    spec = {**KNAPSACK, "penalties": {"weight": 50}}
    encoding = build_problem(load_spec(spec)).encode()
    assert encoding.penalties["weight"] == {"form": "w (lhs + slack - rhs)^2", "weight": 50, "set_by": "user"}
    assert encoding.penalties["one_of_ab"]["set_by"] == "c2q"


def test_a_penalty_too_small_lets_an_infeasible_assignment_win_and_the_answer_says_which_constraint() -> None:
    """With a tiny weight the ground state breaks the constraint; evaluate flags it, by name."""
    spec = {
        "family": "model",
        "sense": "max",
        "objective": {"linear": {"x": 5, "y": 5}},
        "constraints": [{"name": "at_most_one", "linear": {"x": 1, "y": 1}, "relation": "<=", "rhs": 1}],
        "penalties": {"at_most_one": 0.1},
    }
    problem = build_problem(load_spec(spec))
    encoding = problem.encode()
    bits = all_bitstrings(encoding.num_qubits)
    answer = encoding.interpret(bits[int(np.argmin(energies(encoding.hamiltonian, encoding.offset, bits)))])
    assert answer["assignment"] == {"x": 1, "y": 1}
    assert not problem.evaluate(answer).feasible
    assert answer["violated"] == [{"constraint": "at_most_one", "lhs": 2.0, "relation": "<=", "rhs": 1.0}]
    assert "at_most_one (lhs 2 <= 1)" in problem.infeasible_note(answer)


def test_deliberately_violated_answers_are_infeasible() -> None:
    problem = build_problem(load_spec(KNAPSACK))
    heavy = {"assignment": {"a": 1, "b": 0, "c": 1, "n": 3}}
    assert not problem.evaluate(heavy).feasible  # weight 4 + 2 + 3 > 7
    both = {"assignment": {"a": 1, "b": 1, "c": 0, "n": 0}}
    assert not problem.evaluate(both).feasible  # one_of_ab
    out_of_range = {"assignment": {"a": 1, "b": 0, "c": 0, "n": 4}}
    assert not problem.evaluate(out_of_range).feasible
    assert problem.evaluate({"assignment": {"a": 1, "b": 0, "c": 0, "n": 3}}).feasible


def test_an_infeasible_model_is_answered_as_such() -> None:
    spec = {
        "family": "model",
        "objective": {"linear": {"x": 1}},
        "constraints": [
            {"linear": {"x": 1, "y": 1}, "relation": ">=", "rhs": 2},
            {"linear": {"x": 1}, "relation": "==", "rhs": 0},
        ],
    }
    result = c2q.solve(spec, seed=1)
    assert result.answer["infeasible_model"] is True and result.optimal
    assert not result.feasible


def test_decimal_coefficients_scale_the_default_penalty() -> None:
    spec = {
        "family": "model",
        "objective": {"linear": {"x": -1, "y": -1}},
        "constraints": [{"name": "half", "linear": {"x": 0.5, "y": 0.5}, "relation": "<=", "rhs": 0.5}],
    }
    problem = build_problem(load_spec(spec))
    weight = problem.penalty_weights()["half"]
    assert weight["weight"] == pytest.approx(3 * 100) and "10^-1" in weight["reason"]
    assert c2q.solve(spec, seed=1).objective == -1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"variables": [{"name": "a"}, {"name": "a"}]}, "variables[1]", "declared again"),
        ({"variables": [{"name": "a"}]}, "objective.linear", "'b' is not in variables"),
        ({"variables": [{"name": "n", "type": "integer"}]}, "variables[0].upper", "no upper bound"),
        ({"variables": [{"name": "n", "type": "integer", "lower": 3, "upper": 1}]}, "variables[0]", "above upper"),
        ({"variables": [{"name": "b", "upper": 4}]}, "variables[0]", "binary variable"),
        ({"constraints": [{"linear": {"a": 0}, "relation": "<=", "rhs": 1}]}, "constraints[0]", "no non-zero"),
        (
            {"constraints": [{"name": "k", "linear": {"a": 1}, "relation": "<=", "rhs": 1}] * 2},
            "constraints[1]",
            "used again",
        ),
        ({"penalties": {"nope": 2}}, "penalties.nope", "names no constraint"),
        ({"penalties": {"c0": 0}}, "penalties", "greater than 0"),
        ({"objective": {"linear": {}}, "constraints": []}, "objective", "no objective term and no constraint"),
        ({"constraints": [{"linear": {"a": 1}, "relation": "<", "rhs": 1}]}, "constraints", "relation"),
        ({"objective": {"linear": {"a": float("nan")}}}, "objective", "finite"),
    ],
)
def test_invalid_models_are_refused_by_field(change: dict, field: str, words: str) -> None:
    spec = {
        "family": "model",
        "objective": {"linear": {"a": 1, "b": 2}},
        "constraints": [{"linear": {"a": 1, "b": 1}, "relation": "<=", "rhs": 1}],
        **change,
    }
    if "variables" in change and not any(v["name"] == "b" for v in change["variables"]) and field != "objective.linear":
        spec["objective"] = {"linear": {name["name"]: 1 for name in change["variables"]}}
        spec["constraints"] = []
    with pytest.raises(SpecError) as err:
        load_spec(spec)
    assert field in str(err.value) and words in str(err.value)


def test_the_canonical_form_reads_back_as_itself() -> None:
    first = load_spec(KNAPSACK).canonical
    assert load_spec(first).canonical == first
    assert first["constraints"][1]["relation"] == "=="


# ---- CPLEX LP files ------------------------------------------------------------------------


def test_an_lp_file_written_by_docplex_reads_back_as_the_model(tmp_path) -> None:
    """The model -> docplex's LP writer -> c2q's LP reader -> the same model (names, bounds, terms)."""
    from qiskit_optimization.translators import to_docplex_mp

    spec = load_spec(
        {
            **KNAPSACK,
            "objective": {**KNAPSACK["objective"], "quadratic": [["a", "n", 1], ["n", "n", -0.5]], "constant": 2},
        }
    )
    path = tmp_path / "model.lp"
    path.write_text(to_docplex_mp(build_problem(spec).quadratic_program()).export_as_lp_string())
    again = load_spec(path)
    assert again.source_format == "lp"
    original, read = spec.canonical, again.canonical
    assert read["variables"] == original["variables"] and read["sense"] == original["sense"]
    assert read["objective"]["linear"] == pytest.approx(original["objective"]["linear"])
    assert sorted(map(tuple, read["objective"]["quadratic"])) == sorted(map(tuple, original["objective"]["quadratic"]))
    assert read["objective"]["constant"] == 2
    assert read["constraints"] == original["constraints"]


LP = r"""\ a small model, as a person writes it
Maximize
 value: 5 a + 4 b + 3 c + n + [ 2 a * n - n ^ 2 ] / 2 + 1
Subject To
 weight: 4 a + 3 b + 2 c + n <= 7
 pick:   a + b = 1
 -c + n >= -1
Bounds
 1 <= n <= 3
Binary
 a b c
General
 n
End
"""


def test_a_hand_written_lp_file_solves_to_the_enumerated_optimum(tmp_path) -> None:
    path = tmp_path / "model.lp"
    path.write_text(LP)
    spec = load_spec(path)
    canonical = spec.canonical
    assert canonical["variables"][3] == {"name": "n", "type": "integer", "lower": 1, "upper": 3}
    assert canonical["objective"]["quadratic"] == [["a", "n", 1.0], ["n", "n", -0.5]]
    assert canonical["constraints"][2] == {"name": "c2", "linear": {"c": -1.0, "n": 1.0}, "relation": ">=", "rhs": -1.0}
    result = c2q.solve(str(path), seed=2)
    assert result.optimal and result.objective == pytest.approx(enumerate_optimum(canonical))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (LP.replace(" a b c\n", " a b\n"), "variable 'c'"),  # c is continuous
        (LP.replace(" 1 <= n <= 3\n", " n >= 1\n"), "finite upper bound"),
        (LP.replace(" pick:   a + b = 1", " pick: [ a * b ] <= 1"), "quadratic constraints"),
        (LP.replace("End", "SOS\n s1: S1:: a:1 b:2\nEnd"), "special ordered sets"),
        (LP.replace("Maximize", "Maximize\n 3 a +"), "expected a term"),
        ("Subject To\n a + b <= 1\nBinary\n a b\nEnd\n", "no objective"),
        (LP.replace(" weight: 4 a + 3 b + 2 c + n <= 7", " weight: 4 a + 3 b + 2 c + n 7"), "expected a term"),
        (LP.replace("1 <= n <= 3", "1.5 <= n <= 3"), "lower bound of 1.5"),
    ],
)
def test_lp_files_c2q_cannot_solve_are_refused_with_the_line(tmp_path, capsys, text: str, words: str) -> None:
    path = tmp_path / "model.lp"
    path.write_text(text)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "model.lp" in err and words in err, err
    assert "Traceback" not in err


def test_encode_exports_the_model_as_lp_and_it_solves_the_same(tmp_path) -> None:
    source = tmp_path / "model.json"
    source.write_text(json.dumps(KNAPSACK))
    exported = tmp_path / "exported.lp"
    assert cli.main(["encode", str(source), "--export", str(exported)]) == 0
    read, written = load_spec(exported).canonical, load_spec(KNAPSACK).canonical
    assert read["constraints"] == written["constraints"] and read["variables"] == written["variables"]
    first, again = c2q.solve(str(source), seed=4), c2q.solve(str(exported), seed=4)
    assert again.optimal and again.objective == first.objective == enumerate_optimum(load_spec(KNAPSACK).canonical)
    assert math.isclose(again.classical_optimum, first.classical_optimum)


def test_the_report_shows_each_constraints_penalty_as_chosen(tmp_path) -> None:
    from c2q.report import write_report

    path = write_report(c2q.solve({**KNAPSACK, "penalties": {"weight": 40}}, seed=1), tmp_path / "report.html")
    text = path.read_text()
    assert "weight: 40 x (lhs + slack - rhs)^2 (user)" in text
    assert "one_of_ab: " in text and "x (lhs - rhs)^2 (c2q)" in text


def test_auto_runs_a_constrained_model_as_any_encoding_vqe_to_24_qubits_then_recursive_qaoa() -> None:
    """A penalty encoding follows the rule of every Ising encoding: VQE up to 24 qubits, recursive
    QAOA past them. Past 18 qubits with slack the unbalanced encoding is taken whenever narrower."""
    items = {"family": "knapsack", "values": list(range(1, 20)), "weights": [3] * 19, "capacity": 63}
    encoded = c2q.encode(items)
    assert c2q.encode(items, encoding="penalty").encoding.num_qubits == 25
    assert encoded.encoding.name == "unbalanced" and encoded.encoding.num_qubits == 19
    assert encoded.algorithm["name"] == "vqe"
    wide = c2q.encode({**items, "values": list(range(1, 27)), "weights": [3] * 26})
    assert wide.encoding.name == "unbalanced" and wide.encoding.num_qubits == 26
    assert wide.algorithm["name"] == "rqaoa"
    balance = {"family": "graphpartition", "graph": {"nodes": 22, "edges": [[v, (v + 1) % 22] for v in range(22)]}}
    assert c2q.encode(balance).encoding.num_qubits == 22 and c2q.encode(balance).algorithm["name"] == "vqe"
    small = c2q.encode({**items, "values": [1] * 6, "weights": [1] * 6, "capacity": 3})
    assert small.encoding.name == "penalty" and small.algorithm["name"] == "vqe"


#: 14 items under a capacity whose slack takes 6 more qubits: 20 with slack, 14 without
WIDE_KNAPSACK = {
    "family": "knapsack",
    "values": [7, 3, 9, 4, 6, 2, 8, 5, 1, 9, 4, 7, 3, 6],
    "weights": [11, 5, 14, 9, 8, 6, 13, 7, 3, 16, 10, 12, 4, 9],
    "capacity": 50,
}


def knapsack_optimum(spec: dict) -> int:
    """Best value of any subset under the capacity, enumerated with numpy."""
    n = len(spec["values"])
    chosen = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    fits = chosen @ np.array(spec["weights"]) <= spec["capacity"]
    return int((chosen @ np.array(spec["values"]))[fits].max())


def test_past_exact_training_auto_drops_the_slack_for_an_unbalanced_penalty_and_solves() -> None:
    """20 qubits with slack, 14 without: ``auto`` picks the unbalanced encoding, VQE trains it
    exactly, and the best feasible sample is the enumerated optimum; the penalty is reported."""
    assert build_problem(load_spec(WIDE_KNAPSACK)).encoded_qubits("penalty") == 20
    result = c2q.solve(WIDE_KNAPSACK, seed=1)
    assert result.encoding["name"] == "unbalanced" and result.encoding["qubits"] == 14
    assert result.algorithm["name"] == "vqe"
    assert result.feasible and result.objective == knapsack_optimum(WIDE_KNAPSACK)
    (penalty,) = result.encoding["penalties"].values()
    assert penalty["form"] == "w (h^2 / 32 - h), h = rhs - lhs (unbalanced, no slack)"
    assert penalty["set_by"] == "c2q" and "linear relaxation" in penalty["reason"]


def test_the_unbalanced_weight_is_the_constraints_price_in_the_linear_relaxation() -> None:
    """Items by value per weight 2, 1.25, 0.8 under capacity 8: the relaxation fills the first two and
    a fifth of the third, so one more unit of capacity is worth 0.8. A constraint the relaxation
    does not need falls back to its smallest objective/coefficient ratio."""
    spec = {
        "family": "model",
        "sense": "max",
        "objective": {"linear": {"a": 6, "b": 5, "c": 4}},
        "constraints": [
            {"name": "cap", "linear": {"a": 3, "b": 4, "c": 5}, "relation": "<=", "rhs": 8},
            {"name": "loose", "linear": {"a": 1, "b": 2}, "relation": "<=", "rhs": 10},
        ],
    }
    weights = build_problem(load_spec(spec)).penalty_weights("unbalanced")
    assert weights["cap"]["weight"] == pytest.approx(0.8) and weights["cap"]["scale"] == 10
    assert weights["loose"]["weight"] == pytest.approx(2.5) and "price 0" in weights["loose"]["reason"]
    user = build_problem(load_spec({**spec, "penalties": {"cap": 3}})).penalty_weights("unbalanced")["cap"]
    assert user["weight"] == 3 and user["set_by"] == "user" and user["scale"] == 10


def expected_energy(problem, encoding, values: dict) -> float:
    """The model's objective (minimised) plus each constraint's penalty as ``encoding.penalties``
    states it, computed from the assignment alone."""
    model = problem
    sign = -1.0 if model.sense == "max" else 1.0
    x = np.array([values[v.name] for v in model.variables], dtype=float)
    total = sign * model.objective_of(x)
    for constraint in model.constraints:
        p = encoding.penalties[constraint.name]
        lhs = sum(c * x[i] for i, c in constraint.coefficients.items())
        terms = [x[i] for i in constraint.coefficients]
        if p["form"].startswith("w sum_{i<j}"):
            total += p["weight"] * sum(a * b for a, b in itertools.combinations(terms, 2))
        elif p["form"].startswith("w (1 - x)"):
            total += p["weight"] * (1 - terms[0]) * (1 - terms[1])
        elif "unbalanced" in p["form"]:
            h = constraint.rhs - lhs if constraint.relation == "<=" else lhs - constraint.rhs
            total += p["weight"] * (h * h / p["scale"] - h)
        else:
            assert constraint.relation == "=="
            total += p["weight"] * (lhs - constraint.rhs) ** 2
    return total


@settings(max_examples=40, deadline=None)
@given(constrained_models())
def test_the_unbalanced_encoding_is_the_objective_plus_the_reported_penalties(data: dict) -> None:
    """No slack qubits; on every bitstring the energy is the objective plus each constraint's penalty
    as the encoding reports it (form, weight, scale), recomputed from the decoded assignment."""
    problem = build_problem(load_spec(data))
    encoding = problem.encode("unbalanced")
    integer_bits = sum(len(bin(v.upper - v.lower)) - 2 if v.integer else 1 for v in problem.variables)
    assert encoding.num_qubits == problem.encoded_qubits("unbalanced") == integer_bits
    bits = all_bitstrings(encoding.num_qubits)
    values = energies(encoding.hamiltonian, encoding.offset, bits)
    for row, energy in zip(bits, values, strict=True):
        assignment = encoding.interpret(row)["assignment"]
        assert energy == pytest.approx(expected_energy(problem, encoding, assignment), abs=1e-7)
