"""SolveOptions: one definition of every solve option, taken alike by solve, encode, recommend and solve_many."""

import dataclasses
import inspect

import pytest

import c2q
from c2q.errors import OptionError
from c2q.options import SolveOptions

TRIANGLE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}


def test_an_options_object_and_keywords_solve_alike():
    by_object = c2q.solve(TRIANGLE, SolveOptions(seed=3, shots=128, reps=1)).to_dict()
    by_keywords = c2q.solve(TRIANGLE, seed=3, shots=128, reps=1).to_dict()
    for result in (by_object, by_keywords):
        result.pop("timings")
    assert by_object == by_keywords
    overridden = c2q.solve(TRIANGLE, SolveOptions(seed=3, shots=128), shots=64)
    assert overridden.backend["shots"] == 64 and overridden.artifacts.options == SolveOptions(seed=3, shots=64)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seed": -1}, "--seed: -1 is outside"),
        ({"shots": 0}, "--shots: 0 is outside"),
        ({"optimization_level": 4}, "--opt-level: 4"),
        ({"postprocess": "annealing"}, "--postprocess: unknown stage 'annealing'"),
        ({"time_limit": 0}, "--classical-time-limit: 0 must be positive"),
        ({"ansatz": "mine"}, "--ansatz mine: use rl:"),
        ({"search_steps": 10}, "only with --ansatz search"),
        ({"ansatz": "search", "search_steps": 0}, "--search-steps 0: at least 1"),
    ],
)
def test_bad_values_are_refused_when_the_options_are_made(changes, message):
    with pytest.raises(OptionError, match=message):
        SolveOptions(**changes)
    with pytest.raises(OptionError, match=message):  # the API refuses them before any work
        c2q.solve("no such file.json", **changes)


def test_an_unknown_name_is_a_type_error_everywhere(tmp_path):
    with pytest.raises(TypeError, match="unknown solve option"):
        SolveOptions().replace(sots=10)
    with pytest.raises(TypeError, match="unknown solve option"):
        c2q.solve(TRIANGLE, sots=10)
    with pytest.raises(TypeError, match="unknown solve option"):
        c2q.encode(TRIANGLE, sots=10)
    with pytest.raises(TypeError, match="solve_many: unknown solve option"):
        c2q.solve_many(tmp_path, sots=10)


def test_one_definition_of_each_option():
    """solve, encode and recommend declare no option of their own: they take SolveOptions and its names."""
    names = {field.name for field in dataclasses.fields(SolveOptions)}
    for function in (c2q.solve, c2q.encode, c2q.recommend):
        declared = set(inspect.signature(function).parameters)
        assert not declared & names, f"{function.__name__} declares {declared & names} again"
    assert c2q.encode(TRIANGLE, SolveOptions(reps=3)).algorithm["reps"] == 3
