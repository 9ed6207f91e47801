"""Hostile and absurd input (issue 29): limits checked while reading, no answer that is not one,
options checked before any work, clean output. Each case ends in one clear error or a right answer."""

import json
import subprocess
import sys

import pytest

import c2q
import c2q.codeparse
import c2q.spec
from c2q import cli
from c2q.batch import NO_ANSWER, _row_from_result
from c2q.encoding import Evaluation
from c2q.errors import OptionError, ProgramError, SpecError
from c2q.options import MAX_SEED, MAX_SHOTS
from c2q.problems import MaxCut
from c2q.spec import (
    MAX_GRAPH_EDGES,
    MAX_GRAPH_NODES,
    MAX_JSON_DEPTH,
    MAX_MAGNITUDE,
    MAX_SAT_CLAUSES,
    MAX_TEXT_CHARS,
    MAX_TSP_CITIES,
    canonical_schema,
    load_spec,
)

PATH = [[0, 1], [1, 2]]


def maxcut(**graph):
    return {"family": "maxcut", "graph": {"edges": PATH, **graph}}


# ---- sizes and magnitudes, refused while reading ------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        (maxcut(nodes=10**9), "graph.nodes", f"more than {MAX_GRAPH_NODES}"),
        (maxcut(edges=[[0, 1]] * (MAX_GRAPH_EDGES + 1)), "graph.edges", f"more than the {MAX_GRAPH_EDGES}"),
        (maxcut(edges=[[0, 10**400]]), "graph.edges[0]", "a 401-digit number is past the limit"),
        (maxcut(edges=[[0, 1, 1e308]]), "graph.edges[0]", f"within +-{MAX_MAGNITUDE:g}"),
        (maxcut(edges=[[0, 1, 10**400]]), "graph.edges[0]", "a 401-digit number is not a finite number"),
        (maxcut(edges=[[0, 1, float("nan")]]), "graph.edges[0]", "nan is not a finite number"),
        (maxcut(edges=[[0, 1, "heavy"]]), "graph.edges[0]", "weight must be a number, got 'heavy'"),
        (maxcut(edges=[[0, 1.5]]), "graph.edges[0]", "node index must be an integer, got 1.5"),
        (maxcut(edges=[[0]]), "graph.edges[0]", "edge must be [u, v] or [u, v, weight]"),
        (maxcut(labels=["a" * (MAX_TEXT_CHARS + 1), "b", "c"]), "graph.labels.0", "at most"),
        ({**maxcut(), "description": "x" * (MAX_TEXT_CHARS + 1)}, "description", "characters at most"),
        ({"family": "tsp", "distance_matrix": [[0, 1e12, 1], [1, 0, 1], [1, 1, 0]]}, "distance_matrix[0][1]", "1e+12"),
        ({"family": "tsp", "distance_matrix": [[0, 1, 1]] * (MAX_TSP_CITIES + 1)}, "distance_matrix", "more than"),
        ({"family": "sat", "clauses": [[1]] * (MAX_SAT_CLAUSES + 1)}, "clauses", "more than"),
        ({"problem_type": "maxcut", "data": {"matrix": [[0, 1e300], [1e300, 0]]}}, "data.matrix[0]", "finite"),
    ],
)
def test_limits_are_checked_while_reading(spec, field, words):
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert caught.value.field == field
    assert words in caught.value.problem
    assert caught.value.fix  # every refusal says what to do


def test_limits_are_in_the_json_schema():
    text = json.dumps(canonical_schema())
    for limit in (MAX_GRAPH_NODES, MAX_GRAPH_EDGES, MAX_TSP_CITIES, MAX_SAT_CLAUSES, MAX_TEXT_CHARS):
        assert str(limit) in text
    assert str(MAX_MAGNITUDE).rstrip("0").rstrip(".") in text or "1000000000" in text


# ---- JSON as written ----------------------------------------------------------------------------
def test_a_key_given_twice_is_refused_naming_it():
    with pytest.raises(SpecError, match='key "family" given twice'):
        load_spec('{"family": "maxcut", "family": "mis", "graph": {"edges": [[0, 1]]}}')


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(maxcut()).encode())
    assert load_spec(path).family == "maxcut"


def test_deep_nesting_is_refused_before_parsing():
    text = '{"family": "maxcut", "graph": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(SpecError, match=f"nested 5001 deep.*\\({MAX_JSON_DEPTH}\\)"):
        load_spec(text)
    # brackets inside strings do not count
    assert load_spec(json.dumps({**maxcut(), "description": "[" * 500})).family == "maxcut"


def test_numbers_of_thousands_of_digits_are_refused():
    with pytest.raises(SpecError, match="thousands of digits"):
        load_spec('{"family": "maxcut", "graph": {"edges": [[0, 1, ' + "9" * 5000 + "]]}}")


def test_an_oversized_file_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(maxcut()))
    monkeypatch.setattr(c2q.spec, "MAX_SPEC_BYTES", 10)
    with pytest.raises(SpecError, match="MiB is more than a problem file may be"):
        load_spec(path)


def test_a_program_too_deep_or_too_large_is_refused(tmp_path, monkeypatch):
    deep = tmp_path / "deep.py"
    deep.write_text("def f(x):\n    return " + "+".join(["x"] * 200_000) + "\n")
    with pytest.raises(ProgramError, match="nests too deeply"):
        c2q.validate(deep)
    monkeypatch.setattr(c2q.codeparse, "MAX_PROGRAM_BYTES", 4)
    with pytest.raises(ProgramError, match="MiB is more than a program c2q reads"):
        c2q.validate(deep)


# ---- an answer is an answer ---------------------------------------------------------------------
def test_no_feasible_sample_gives_no_answer(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(MaxCut, "evaluate", lambda self, answer: Evaluation(0.0, False))
    result = c2q.solve(maxcut(), seed=1, shots=64)
    assert result.answer == {} and result.feasible is False and result.optimal is not True
    assert result.objective is None and result.approximation_ratio is None
    assert any("no answer is reported" in w for w in result.warnings)
    row = _row_from_result("x.json", result.to_dict(), 1.0)
    assert row.status == NO_ANSWER  # a batch counts it as not solved
    spec = tmp_path / "p.json"
    spec.write_text(json.dumps(maxcut()))
    assert cli.main(["solve", str(spec), "--seed", "1", "--shots", "64"]) == 1
    assert "none" in capsys.readouterr().out


# ---- options, checked before any work -----------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"seed": -1}, f"--seed: -1 is outside 0..{MAX_SEED}"),
        ({"seed": 2**70}, "--seed: 1180591620717411303424 is outside"),
        ({"shots": 0}, "--shots: 0 is outside"),
        ({"shots": MAX_SHOTS + 1}, "--shots"),
    ],
)
def test_run_options_out_of_range_are_refused(options, words):
    with pytest.raises(OptionError, match=words.replace("+", "\\+")):
        c2q.solve(maxcut(), **options)


def test_out_into_a_missing_folder_is_refused_before_solving(tmp_path, capsys, monkeypatch):
    spec = tmp_path / "p.json"
    spec.write_text(json.dumps(maxcut()))
    monkeypatch.setattr(c2q, "solve", lambda *a, **k: pytest.fail("solved before the --out check"))
    assert cli.main(["solve", str(spec), "--out", str(tmp_path / "no" / "r.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0 and capsys.readouterr().out.strip() == f"c2q {c2q.__version__}"
    from importlib.metadata import version

    assert version("c2q") == c2q.__version__  # one version: pyproject reads c2q.__version__


# ---- output hygiene -----------------------------------------------------------------------------
def test_json_output_keeps_real_characters(tmp_path, capsys):
    spec = tmp_path / "u.json"
    spec.write_text(json.dumps(maxcut(labels=["ü", "ö", "東"])), encoding="utf-8")
    assert cli.main(["solve", str(spec), "--json", "--seed", "1", "--shots", "64"]) == 0
    out = capsys.readouterr().out
    assert "ü" in out and "\\u00fc" not in out


def test_a_closed_pipe_ends_quietly():
    command = f"{sys.executable} -m c2q.cli schema | head -c 1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True)
    assert done.stdout == "{" and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


# ---- nodes without edges take no qubit ----------------------------------------------------------
@pytest.mark.parametrize(
    ("family", "key", "expected"),
    [
        ("maxcut", "cut_value", 2.0),
        ("mis", "independent_set", [0, 2, 3, 4, 5, 6, 7, 8, 9]),
        ("vc", "vertex_cover", [1]),
        ("clique", "maximum_clique", [0, 1]),
        ("kcolor", "colouring", [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
    ],
)
def test_isolated_nodes_are_placed_without_qubits(family, key, expected):
    spec = {"family": family, "graph": {"nodes": 10, "edges": [[0, 1], [1, 2]]}}
    assert c2q.encode(spec).encoding.num_qubits == 3  # one qubit per node (kcolor: 2 colours, 1 bit each)
    result = c2q.solve(spec, seed=1, shots=256)
    assert result.optimal is True and result.encoding["qubits"] == 3
    swapped = [1 - c if i < 3 else c for i, c in enumerate(expected)] if family == "kcolor" else None
    assert result.answer[key] in (expected, swapped, [0, 1], [1, 2])
    assert any("7 node(s) without edges (3, 4, 5, 6, 7, 8, 9) take no qubit" in w for w in result.warnings)


def test_isolated_nodes_keep_their_labels_in_the_note():
    spec = {"family": "mis", "graph": {"edges": [[0, 1]], "nodes": 3, "labels": ["a", "b", "lonely"]}}
    result = c2q.solve(spec, seed=1, shots=128)
    assert "lonely" in result.answer["independent_set"] and result.optimal is True
    assert any("(lonely)" in w for w in result.warnings)


# ---- the rest of the list: TSP labels, canonical mul widths, reports in UTF-8 --------------------
TRIANGLE_TOUR = [[0, 1, 2], [1, 0, 1], [2, 1, 0]]


def test_tsp_cities_may_have_labels():
    spec = {"family": "tsp", "distance_matrix": TRIANGLE_TOUR, "labels": ["Zürich", "Bern", 7]}
    result = c2q.solve(spec, seed=1, shots=128)
    assert sorted(map(str, result.answer["tour"])) == ["7", "Bern", "Zürich"] and result.answer["tour"][0] == "Zürich"
    assert result.instance["labels"] == ["Zürich", "Bern", 7] and result.optimal is True
    with pytest.raises(SpecError, match="label 'a' names both city 0 and city 1"):
        c2q.validate({**spec, "labels": ["a", "a", "b"]})
    with pytest.raises(SpecError, match="2 labels for 3 cities"):
        c2q.validate({**spec, "labels": ["a", "b"]})


def test_canonical_mul_takes_a_bits_and_b_bits():
    spec = {"family": "mul", "operands": [5, 6], "a_bits": 3, "b_bits": 3}
    assert load_spec(spec).canonical["bits"] == [3, 3]
    assert c2q.solve(spec, seed=1).answer["result"] == 30
    with pytest.raises(SpecError, match="b_bits: missing"):
        load_spec({"family": "mul", "operands": [5, 6], "a_bits": 3})
    with pytest.raises(SpecError, match="give either bits or a_bits and b_bits"):
        load_spec({**spec, "bits": 3})


def test_html_report_keeps_real_characters(tmp_path):
    spec = maxcut(labels=["ü", "ö", "東"])
    result = c2q.solve(spec, seed=1, shots=64)
    from c2q.report import write_report

    write_report(result, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "ü" in html and "\\u00fc" not in html
