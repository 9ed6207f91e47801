"""Property-based fuzzing of spec reading (issue 29): malformed and extreme specs for every family
in the canonical and both C2|Q> formats either validate (and build a problem whose size is known
without building its operator) or raise SpecError; nothing else escapes. The same examples every run
(derandomized, so that CI is repeatable); ``C2Q_FUZZ_RANDOM=1 pytest tests/test_fuzz_specs.py``
draws new ones."""

import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from c2q.errors import SpecError
from c2q.spec import build_problem, load_spec

_spec = importlib.util.spec_from_file_location("hostile_corpus", Path(__file__).parent / "hostile" / "corpus.py")
corpus = sys.modules["hostile_corpus"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)
TEMPLATES = [
    *corpus.CANONICAL.values(),
    *corpus.PROBLEM_TYPE.values(),
    *corpus.DSL.values(),
]

#: the same examples every run unless C2Q_FUZZ_RANDOM is set
REPEATABLE = not os.environ.get("C2Q_FUZZ_RANDOM")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.integers(-3, 12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["maxcut", "tsp", "MaxCut", "edge_list", "adjacency_matrix", "G1"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree (the root excluded) that a mutation can replace."""
    found = []
    if isinstance(value, dict):
        for key, child in value.items():
            found += [(*prefix, key), *paths(child, (*prefix, key))]
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += [(*prefix, i), *paths(child, (*prefix, i))]
    return found


@st.composite
def mutated_specs(draw) -> dict[str, Any]:
    spec = json.loads(json.dumps(draw(st.sampled_from(TEMPLATES))))
    for _ in range(draw(st.integers(1, 3))):
        places = paths(spec)
        if not places:  # every field deleted
            break
        where = draw(st.sampled_from(places))
        parent = spec
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(json_values)
        else:
            parent[where[-1]] = draw(json_values)
    return spec


def read(source: Any) -> None:
    """Validate; a valid spec must also give a problem and its qubit count without an exception."""
    try:
        spec = load_spec(source)
    except SpecError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    problem = build_problem(spec)
    if hasattr(problem, "encoded_qubits"):
        problem.encoded_qubits()


@settings(max_examples=300, deadline=None, derandomize=REPEATABLE, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_specs())
def test_mutated_specs_validate_or_raise_a_spec_error(spec):
    read(spec)


@settings(max_examples=150, deadline=None, derandomize=REPEATABLE)
@given(st.dictionaries(st.text(max_size=12), json_values, max_size=5))
def test_arbitrary_objects_validate_or_raise_a_spec_error(data):
    read(data)


@settings(max_examples=150, deadline=None, derandomize=REPEATABLE)
@given(st.text(max_size=200).map(lambda t: "{" + t))
def test_arbitrary_text_validates_or_raises_a_spec_error(text):
    read(text)
