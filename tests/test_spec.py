"""c2q.spec: both C2|Q> formats, the canonical format, and one SpecError per kind of bad input."""

import itertools
import json
import math

import numpy as np
import pytest

import c2q
from c2q.errors import SpecError
from c2q.spec import FAMILIES, MAX_TOUR_CHECK_CITIES, build_problem, load_spec

TRIANGLE = [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
SQUARE_TSP = [[0, 1, 2, 1], [1, 0, 1, 2], [2, 1, 0, 1], [1, 2, 1, 0]]
GRAPH_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor", "tsp")
ARITHMETIC_FAMILIES = ("add", "sub", "mul", "factor")


def dsl(family="MaxCut", graph=None, rep="edge_list", **extra):
    """A DSL-format spec with one graph."""
    instance = {"graph_rep": rep, "graphs": {"G1": [[0, 1], [1, 2]] if graph is None else graph}}
    instance.update(extra.pop("instance", {}))
    spec = {"goal": "some goal", "instance": instance, **extra}
    if family is not None:
        spec["family"] = family
    return spec


# ---- the dataset parses -------------------------------------------------------------------------
@pytest.mark.parametrize("folder, source_format", [("json", "c2q-problem-type"), ("json_dsl", "c2q-dsl")])
@pytest.mark.parametrize("family", GRAPH_FAMILIES)
def test_every_dataset_file_of_a_graph_family_parses(data_dir, folder, source_format, family):
    files = sorted((data_dir / folder / family).glob("*.json"))
    assert files, f"no {family} files in {data_dir / folder}"
    for path in files:
        spec = load_spec(path)
        assert spec.family == family, path
        assert spec.source_format == source_format, path
        problem = build_problem(spec)
        if family == "tsp":
            raw = json.loads(path.read_text())
            matrix = raw["data"]["distance_matrix"] if folder == "json" else raw["instance"]["graphs"]["G1"]
            assert problem.num_cities == len(matrix)
        else:
            assert problem.graph.number_of_edges() == len(spec.canonical["graph"]["edges"]) > 0


def test_problem_type_matrix_becomes_edges_with_weights_and_k():
    matrix = [[0, 2, 0, 0], [2, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]]
    spec = load_spec({"problem_type": "clique", "data": {"matrix": matrix, "k": 2}})
    assert spec.canonical["graph"] == {"nodes": 4, "edges": [[0, 1, 2.0], [1, 2]]}
    assert spec.canonical["k"] == 2
    problem = build_problem(spec)
    assert problem.k == 2 and problem.num_nodes == 4  # node 3 is isolated but kept
    assert problem.weight(0, 1) == 2.0
    assert spec.warnings  # weights do not matter to a clique: the user is told


def test_dsl_matrix_graph_rep_and_num_nodes():
    spec = load_spec(dsl("VC", graph=TRIANGLE, rep="matrix"))
    assert spec.family == "vc" and sorted(map(tuple, spec.canonical["graph"]["edges"])) == [(0, 1), (0, 2), (1, 2)]
    spec = load_spec(dsl("MIS", graph=[[0, 1]], instance={"num_nodes": 3}))
    assert spec.canonical["graph"]["nodes"] == 3


@pytest.mark.parametrize(
    "source",
    [
        {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2, -2.5]]}},
        {"family": "kcolor", "graph": {"nodes": 4, "edges": [[0, 1], [2, 3]]}, "k": 2, "description": "x"},
        {"family": "tsp", "distance_matrix": SQUARE_TSP},
        {"problem_type": "mis", "data": {"matrix": TRIANGLE}},
        dsl("Clique", instance={"k": 2}),
    ],
)
def test_canonical_form_round_trips_to_the_same_digest(source):
    first = c2q.validate(source)
    again = c2q.validate(json.loads(json.dumps(first.canonical)))
    assert again.source_format == "canonical"
    assert again.digest == first.digest
    assert json.dumps(again.canonical, sort_keys=True) == json.dumps(first.canonical, sort_keys=True)


def test_digest_depends_on_the_instance():
    a = c2q.validate({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2]]}})
    b = c2q.validate({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2, 2]]}})
    assert len(a.digest) == 16 and a.digest != b.digest


def test_validate_reads_json_text_and_paths(tmp_path):
    text = '{"family": "vc", "graph": {"edges": [[0, 1]]}}'
    path = tmp_path / "spec.json"
    path.write_text(text)
    assert c2q.validate(text).digest == c2q.validate(path).digest == c2q.validate(str(path)).digest


@pytest.mark.parametrize(
    "alias, family",
    [("MaxCut", "maxcut"), ("max_cut", "maxcut"), ("StableSet", "mis"), ("Vertex Cover", "vc"), ("KColor", "kcolor")],
)
def test_family_aliases(alias, family):
    assert load_spec(dsl(alias)).family == family


# ---- family from the goal text --------------------------------------------------------------------
@pytest.mark.parametrize(
    "goal, family",
    [
        ("maximize cut value between two partitions of the graph", "maxcut"),
        ("find a maximum independent set of the graph", "mis"),
        ("find a minimum vertex cover of the graph", "vc"),
        ("find a maximum clique in the graph", "clique"),
        ("color the graph with as few conflicts as possible", "kcolor"),
        # inflected forms name the family too
        ("use as few colours as possible", "kcolor"),
        ("the nodes must be colored differently", "kcolor"),
        ("list all cliques of size 3", "clique"),
        ("compare independent sets of the graph", "mis"),
        ("smallest of the vertex covers", "vc"),
        ("Solve MAX-CUT", "maxcut"),
    ],
)
def test_dsl_family_inferred_from_goal_with_a_warning(goal, family):
    spec = load_spec(dsl(family=None, goal=goal))
    assert spec.family == family
    assert any("inferred" in w and family in w for w in spec.warnings)


def test_dsl_tsp_inferred_from_goal():
    spec = load_spec(dsl(None, graph=SQUARE_TSP, rep="matrix", goal="minimise cost of a traveling salesman tour"))
    assert spec.family == "tsp" and spec.warnings


def test_dataset_dsl_goals_name_their_family(data_dir):
    for family in GRAPH_FAMILIES:
        for path in sorted((data_dir / "json_dsl" / family).glob("*.json")):
            raw = json.loads(path.read_text())
            raw.pop("family")
            assert load_spec(raw).family == family, path


@pytest.mark.parametrize(
    "goal, says",
    [
        ("find a maximum clique or a vertex cover", "names vc and clique"),
        ("do something clever with the graph", "names no known family"),
        ("", "no goal text"),
        (None, "no goal text"),
    ],
)
def test_dsl_without_family_and_unusable_goal_is_refused(goal, says):
    with pytest.raises(SpecError, match=says) as info:
        load_spec(dsl(family=None, goal=goal))
    assert info.value.field == "family"


# ---- bad input: SpecError naming the field --------------------------------------------------------
def pt(family, matrix, **data):
    """A "problem_type"-format spec."""
    key = "distance_matrix" if family == "tsp" else "matrix"
    return {"problem_type": family, "data": {key: matrix, **data}}


def canon(family="maxcut", edges=((0, 1),), **extra):
    return {"family": family, "graph": {"edges": [list(e) for e in edges], **extra.pop("graph", {})}, **extra}


BAD_SPECS = {
    # structure
    "missing family": ({"data": {"matrix": TRIANGLE}}, "family", "missing"),
    "family not a string": ({"family": 3, "graph": {"edges": [[0, 1]]}}, "family", "must be a string"),
    "problem_type not a string": ({"problem_type": None, "data": {}}, "problem_type", "must be a string"),
    "unknown problem_type": (pt("graphiso", TRIANGLE), "problem_type", "unknown family 'graphiso'"),
    "unknown dsl family": (dsl("Sudoku"), "family", "unknown family 'Sudoku'"),
    "unknown canonical family": (canon("colouringish"), "family", "unknown family"),
    "missing data": ({"problem_type": "maxcut"}, "data", "missing"),
    "missing data.matrix": ({"problem_type": "maxcut", "data": {"k": 2}}, "data.matrix", "missing"),
    "missing data.distance_matrix": (pt("tsp", None) | {"data": {}}, "data.distance_matrix", "missing"),
    "missing canonical graph": ({"family": "mis"}, "graph", "missing"),
    "unknown canonical field": (canon(colour="red"), "colour", "unknown field"),
    "unknown canonical graph field": (canon(graph={"directed": True}), "graph.directed", "unknown field"),
    # matrices
    "matrix not a list": (pt("maxcut", "0 1; 1 0"), "data.matrix", "non-empty list"),
    "empty matrix": (pt("maxcut", []), "data.matrix", "non-empty list"),
    "non-square matrix": (pt("maxcut", [[0, 1, 1], [1, 0]]), "data.matrix[0]", "not square"),
    "ragged matrix": (pt("mis", [[0, 1], [1, 0, 0]]), "data.matrix[1]", "not square"),
    "asymmetric matrix": (pt("vc", [[0, 1, 0], [0, 0, 1], [0, 1, 0]]), "data.matrix[0][1]", "not symmetric"),
    "string entry": (pt("maxcut", [[0, "1"], ["1", 0]]), "data.matrix[0][1]", "finite number"),
    "bool entry": (pt("mis", [[0, True], [True, 0]]), "data.matrix[0][1]", "finite number"),
    "NaN entry": (pt("maxcut", [[0, math.nan], [math.nan, 0]]), "data.matrix[0][1]", "finite number"),
    "infinite entry": (pt("maxcut", [[0, math.inf], [math.inf, 0]]), "data.matrix[0][1]", "finite number"),
    "null entry": (pt("maxcut", [[0, None], [None, 0]]), "data.matrix[0][1]", "finite number"),
    "non-zero diagonal": (pt("maxcut", [[0, 1], [1, 2]]), "data.matrix[1][1]", "self-loop"),
    "dsl matrix not square": (dsl("MIS", graph=[[0, 1]], rep="matrix"), "instance.graphs.G1[0]", "not square"),
    # weights
    "negative weight mis": (pt("mis", [[0, -1], [-1, 0]]), "data.matrix[0][1]", "not positive"),
    "negative weight vc": (pt("vc", [[0, 1, 0], [1, 0, -2], [0, -2, 0]]), "data.matrix[1][2]", "not positive"),
    "negative weight clique": (pt("clique", [[0, -1], [-1, 0]], k=1), "data.matrix[0][1]", "not positive"),
    "negative weight kcolor": (pt("kcolor", [[0, -1], [-1, 0]], k=2), "data.matrix[0][1]", "not positive"),
    "negative weight dsl": (dsl("VC", graph=[[0, 1, -1]]), "instance.graphs.G1[0]", "not positive"),
    "negative weight canonical": (canon("kcolor", [(0, 1, -0.5)]), "graph.edges[0]", "not positive"),
    "zero weight maxcut edge": (canon("maxcut", [(0, 1, 0)]), "graph.edges[0]", "zero weight"),
    "NaN weight canonical": (canon("mis", [(0, 1, math.nan)]), "graph.edges[0]", "finite"),
    "infinite weight canonical": (canon("maxcut", [(0, 1, math.inf)]), "graph.edges[0]", "finite"),
    "non-numeric dsl weight": (dsl("MaxCut", graph=[[0, 1, "heavy"]]), "instance.graphs.G1[0][2]", "finite number"),
    # edges
    "dsl self-loop": (dsl("MaxCut", graph=[[0, 1], [1, 1]]), "instance.graphs.G1[1]", "self-loop"),
    "canonical self-loop": (canon("vc", [(0, 1), (2, 2)]), "graph.edges[1]", "self-loop"),
    "edge repeated with another weight (dsl)": (
        dsl("MIS", graph=[[0, 1], [1, 2], [1, 0, 2]]),
        "instance.graphs.G1[2]",
        "edge [0, 1] listed again with weight 2 (first at [0] with weight 1)",
    ),
    "edge repeated with another weight (canonical)": (
        canon("maxcut", [(0, 1), (0, 1, 2)]),
        "graph.edges[1]",
        "edge [0, 1] listed again with weight 2 (first at [0] with weight 1)",
    ),
    "node index too large": (canon("maxcut", [(0, 1), (1, 3)], graph={"nodes": 3}), "graph.edges[1]", "out of range"),
    "negative node index": (dsl("MaxCut", graph=[[-1, 1]]), "instance.graphs.G1[0]", "out of range"),
    "num_nodes too small": (
        dsl("MIS", graph=[[0, 2]], instance={"num_nodes": 2}),
        "instance.graphs.G1[0]",
        "out of range",
    ),
    "fractional node index": (dsl("MaxCut", graph=[[0, 1.5]]), "instance.graphs.G1[0]", "integer"),
    "edge of one node": (dsl("MaxCut", graph=[[0]]), "instance.graphs.G1[0]", "[u, v]"),
    "edge list not a list": (dsl("MaxCut", graph={"0": 1}), "instance.graphs.G1", "list of edges"),
    "zero nodes": (canon(graph={"nodes": 0}), "graph.nodes", "greater than or equal to 1"),
    "no edges (matrix)": (pt("maxcut", [[0, 0], [0, 0]]), "data.matrix", "no edges"),
    "no edges (dsl)": (dsl("VC", graph=[]), "instance.graphs.G1", "no edges"),
    # k
    "k = 0": (pt("kcolor", TRIANGLE, k=0), "data.k", "greater than or equal to 1"),
    "k > nodes": (pt("clique", TRIANGLE, k=4), "data.k", "out of range"),
    "k > nodes (dsl)": (dsl("KColor", instance={"k": 5}), "instance.k", "out of range"),
    "k fractional": (pt("kcolor", TRIANGLE, k=2.5), "data.k", "integer"),
    "k string": (pt("clique", TRIANGLE, k="2"), "data.k", "integer"),
    "k bool": (pt("kcolor", TRIANGLE, k=True), "data.k", "integer"),
    "k fractional (dsl)": (dsl("Clique", instance={"k": 1.5}), "instance.k", "integer"),
    "k fractional (canonical)": (canon("kcolor", k=1.5), "k", "integer"),
    "k = 0 (canonical)": (canon("clique", k=0), "k", "greater than or equal to 1"),
    # node labels
    "too few labels": (canon("mis", [(0, 1), (1, 2)], graph={"labels": [1, 2]}), "graph.labels", "2 labels for"),
    "too many labels": (
        canon("vc", [(0, 1)], graph={"nodes": 2, "labels": ["a", "b", "c"]}),
        "graph.labels",
        "3 labels for a graph with 2 nodes",
    ),
    "duplicate label": (
        canon("maxcut", [(0, 1), (1, 2)], graph={"labels": ["a", "b", "a"]}),
        "graph.labels",
        "label 'a' names both node 0 and node 2",
    ),
    "fractional label": (canon("clique", graph={"labels": [1.5, 2]}), "graph.labels.0", "integer or a string"),
    "bool label": (canon("kcolor", graph={"labels": [True, 2]}), "graph.labels.0", "integer or a string"),
    # tsp
    "tsp 2 cities": (pt("tsp", [[0, 1], [1, 0]]), "data.distance_matrix", "at least 3"),
    "tsp 1 city (dsl)": (dsl("TSP", graph=[[0]], rep="matrix"), "instance.graphs.G1", "at least 3"),
    "tsp negative distance": (pt("tsp", [[0, -1, 2], [-1, 0, 3], [2, 3, 0]]), "data.distance_matrix[0][1]", "negative"),
    "tsp non-zero diagonal": (pt("tsp", [[0, 1, 2], [1, 5, 3], [2, 3, 0]]), "data.distance_matrix[1][1]", "diagonal"),
    "tsp asymmetric": (pt("tsp", [[0, 1, 2], [1, 0, 3], [2, 4, 0]]), "data.distance_matrix[1][2]", "not symmetric"),
    "tsp asymmetric dsl": (
        dsl("TSP", graph=[[0, 1, 2], [1, 0, 3], [2, 4, 0]], rep="matrix"),
        "instance.graphs.G1[1][2]",
        "not symmetric",
    ),
    "tsp null road problem_type": (
        pt("tsp", [[0, None, 2], [None, 0, 3], [2, 3, 0]]),
        "data.distance_matrix[0][1]",
        "finite number",
    ),
    "tsp no tour canonical": (
        {
            "family": "tsp",
            "distance_matrix": [[0, 1, None, None], [1, 0, 1, None], [None, 1, 0, 1], [None, None, 1, 0]],
        },
        "distance_matrix",
        "no tour",
    ),
    "tsp city with no road out": (
        {"family": "tsp", "distance_matrix": [[0, 1, 1], [None, 0, None], [1, 1, 0]]},
        "distance_matrix",
        "no tour",
    ),
    "tsp string distance canonical": (
        {"family": "tsp", "distance_matrix": [[0, "1", 2], [1, 0, 3], [2, 4, 0]]},
        "distance_matrix.0.1",
        "must be a number",
    ),
    "tsp ragged canonical": (
        {"family": "tsp", "distance_matrix": [[0, 1, 2], [1, 0, 3], [2]]},
        "distance_matrix[2]",
        "not square",
    ),
    "tsp infinite distance canonical": (
        {"family": "tsp", "distance_matrix": [[0, math.inf, 1], [math.inf, 0, 1], [1, 1, 0]]},
        "distance_matrix[0][1]",
        "finite",
    ),
    "tsp edge list": (dsl("TSP", graph=[[0, 1], [1, 2], [2, 0]]), "instance.graph_rep", "distance matrix"),
    # DSL structure
    "dsl two graphs": (
        dsl("MaxCut") | {"instance": {"graph_rep": "edge_list", "graphs": {"G1": [[0, 1]], "G2": [[0, 1]]}}},
        "instance.graphs",
        "has 2 graphs",
    ),
    "dsl no graphs": (
        dsl("MaxCut") | {"instance": {"graph_rep": "edge_list", "graphs": {}}},
        "instance.graphs",
        "has 0 graphs",
    ),
    "dsl graphs missing": (dsl("MaxCut") | {"instance": {"graph_rep": "edge_list"}}, "instance.graphs", "missing"),
    "dsl bad graph_rep": (dsl("MaxCut", rep="adjacency_list"), "instance.graph_rep", "'adjacency_list'"),
    "dsl graph_rep missing": (dsl("MaxCut") | {"instance": {"graphs": {"G1": [[0, 1]]}}}, "instance.graph_rep", "None"),
    "dsl instance not an object": (dsl("MaxCut") | {"instance": [[0, 1]]}, "instance", "must be an object"),
}


@pytest.mark.parametrize("source, field, problem", BAD_SPECS.values(), ids=BAD_SPECS.keys())
def test_bad_spec_raises_spec_error_naming_the_field(source, field, problem):
    with pytest.raises(SpecError) as info:
        load_spec(source)
    error = info.value
    assert error.field == field
    assert str(error).startswith(f"{field}: ")
    assert problem in error.problem


# ---- an edge listed more than once ----------------------------------------------------------------
#: the same graph (path 0-1-2-3 plus 0-2, 0-1 weighted 2.5) with repeats: reversed, re-weighted alike,
#: an explicit weight 1 repeating an unweighted edge; per format that can list an edge twice
REPEATED = {
    "dsl edge_list": (
        dsl("MaxCut", graph=[[0, 1, 2.5], [1, 2], [2, 3], [1, 0, 2.5], [0, 2], [2, 1, 1], [0, 1, 2.5]]),
        "instance.graphs.G1",
    ),
    "canonical": (
        canon("maxcut", [(0, 1, 2.5), (1, 2), (2, 3), (1, 0, 2.5), (0, 2), (2, 1, 1), (0, 1, 2.5)]),
        "graph.edges",
    ),
}


@pytest.mark.parametrize("source, where", REPEATED.values(), ids=REPEATED.keys())
def test_repeated_edge_with_the_same_weight_counts_once_with_a_warning(source, where):
    spec = load_spec(source)
    assert spec.canonical["graph"]["edges"] == [[0, 1, 2.5], [1, 2], [2, 3], [0, 2]]  # the first of each
    assert f"{where}[3]: edge [0, 1] listed again (first at [0]); counted once, as are 2 more repeated edge(s)" in (
        spec.warnings
    )
    problem = build_problem(spec)
    assert problem.graph.number_of_edges() == 4 and problem.weight(0, 1) == 2.5
    # counted once: the best cut ({0, 2} | {1, 3}) weighs 2.5 + 1 + 1, not 2.5 * 3 + 1 * 2 + 1
    assert problem.classical_solution()[1].objective == 4.5
    unique = {"family": "maxcut", "graph": {"edges": [[0, 1, 2.5], [1, 2], [2, 3], [0, 2]]}}
    assert spec.digest == load_spec(unique).digest


def test_one_repeated_edge_is_named_alone():
    spec = load_spec(dsl("VC", graph=[[0, 1], [1, 2], [2, 0], [3, 0], [0, 4], [1, 3], [4, 0]]))
    assert spec.warnings == ["instance.graphs.G1[6]: edge [0, 4] listed again (first at [4]); counted once"]
    assert build_problem(spec).graph.number_of_edges() == 6


@pytest.mark.parametrize(
    "source, field, problem, first",
    [
        (
            dsl("KColor", graph=[[0, 1], [1, 2], [0, 1, 3]], instance={"k": 2}),
            "instance.graphs.G1[2]",
            "edge [0, 1] listed again with weight 3 (first at [0] with weight 1)",
            0,
        ),
        (
            canon("clique", [(0, 1), (1, 2), (2, 1, 0.5)]),
            "graph.edges[2]",
            "edge [1, 2] listed again with weight 0.5 (first at [1] with weight 1)",
            1,
        ),
    ],
)
def test_repeated_edge_with_another_weight_is_refused_naming_both_entries(source, field, problem, first):
    with pytest.raises(SpecError) as info:
        load_spec(source)
    assert (info.value.field, info.value.problem) == (field, problem)
    assert info.value.fix == f"list the edge once, with the weight you mean (remove [2] or [{first}])"


@pytest.mark.parametrize("family", ARITHMETIC_FAMILIES)
def test_arithmetic_families_parse_from_both_formats(family):
    body = {"n": 21} if family == "factor" else {"operands": [1, 2], "bits": 3}
    expected = {"family": family, **body}
    for source in [
        {"problem_type": family, "data": body},
        {"family": family.upper(), "goal": "x", "instance": body},
        expected,
    ]:
        assert load_spec(source).canonical == expected


def test_mul_with_separate_operand_widths():
    spec = load_spec({"problem_type": "mul", "data": {"operands": [4, 3], "a_bits": 3, "b_bits": 2}})
    assert spec.canonical == {"family": "mul", "operands": [4, 3], "bits": [3, 2]}


@pytest.mark.parametrize("operands, bits", [([-3, 7], 3), ([20, -3], 5), ([-7, -7], 3), ([-1, 0], 1)])
def test_canonical_arithmetic_accepts_negative_operands(operands, bits):
    spec = load_spec({"family": "sub", "operands": operands, "bits": bits})
    assert spec.canonical == {"family": "sub", "operands": operands, "bits": bits}
    problem = build_problem(spec)
    assert (problem.a, problem.b) == tuple(operands) and problem.signed


# ---- canonical extensions: node labels, asymmetric and partial TSP matrices -------------------------
def test_graph_labels_are_kept_in_the_canonical_form_and_the_digest():
    plain = {"family": "mis", "graph": {"nodes": 5, "edges": [[0, 1], [1, 2], [2, 3], [3, 4]]}}
    labelled = {"family": "mis", "graph": {**plain["graph"], "labels": [1, 2, 3, 5, 6]}}
    spec = load_spec(labelled)
    assert spec.canonical["graph"]["labels"] == [1, 2, 3, 5, 6]
    assert spec.digest != load_spec(plain).digest
    assert build_problem(spec).labels == [1, 2, 3, 5, 6]
    mixed = load_spec(canon("clique", [(0, 1), (1, 2)], graph={"labels": ["a", 7, "7"]}, k=2))
    assert build_problem(mixed).labels == ["a", 7, "7"]  # 7 and "7" are different names


def test_canonical_tsp_accepts_asymmetric_matrices_and_missing_roads():
    asymmetric = [[0, 1, 2], [5, 0, 3], [2, 4, 0]]
    assert load_spec({"family": "tsp", "distance_matrix": asymmetric}).canonical["distance_matrix"] == asymmetric
    roads = [[None, 1, None, 1], [1, 0, 1, None], [None, 1, None, 1], [1, None, 1, 0]]
    spec = load_spec({"family": "tsp", "distance_matrix": roads})
    # a null diagonal is written as 0; off the diagonal null stays: no road
    assert spec.canonical["distance_matrix"] == [[0, 1, None, 1], [1, 0, 1, None], [None, 1, 0, 1], [1, None, 1, 0]]
    assert load_spec(json.loads(json.dumps(spec.canonical))).digest == spec.digest


def directed_tour_exists(matrix):
    n = len(matrix)
    return any(
        all(matrix[a][b] is not None for a, b in zip((0, *order), (*order, 0), strict=True))
        for order in itertools.permutations(range(1, n))
    )


@pytest.mark.parametrize("seed", range(40))
def test_no_tour_is_refused_exactly_when_there_is_none(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 7))
    matrix = [[None if i != j and rng.random() < 0.45 else 1 for j in range(n)] for i in range(n)]
    for i in range(n):
        matrix[i][i] = 0
    exists = directed_tour_exists(matrix)
    if exists:
        assert load_spec({"family": "tsp", "distance_matrix": matrix}).family == "tsp"
    else:
        with pytest.raises(SpecError, match="no tour") as info:
            load_spec({"family": "tsp", "distance_matrix": matrix})
        assert info.value.field == "distance_matrix" and "add roads" in info.value.fix


def test_many_cities_with_missing_roads_are_checked_for_connectivity_only():
    n = MAX_TOUR_CHECK_CITIES + 1
    ring = [[0 if i == j else 1 if (j - i) % n in (1, n - 1) else None for j in range(n)] for i in range(n)]
    spec = load_spec({"family": "tsp", "distance_matrix": ring})
    assert any("only checked for connectivity" in w for w in spec.warnings)
    for row in ring:  # cut city 0 off: no tour, and the connectivity check sees it
        row[0] = None if row is not ring[0] else 0
    with pytest.raises(SpecError, match="no tour"):
        load_spec({"family": "tsp", "distance_matrix": ring})


def test_arithmetic_dataset_files_parse(data_dir):
    for family in ARITHMETIC_FAMILIES:
        paths = sorted((data_dir / "json" / family).glob("*.json")) + sorted(
            (data_dir / "json_dsl" / family).glob("*.json")
        )
        assert len(paths) == 10
        for path in paths:
            assert load_spec(path).family == family


ARITHMETIC_BAD = {
    "negative operand": (
        {"problem_type": "add", "data": {"operands": [-1, 2], "bits": 3}},
        "data.operands[0]",
        "negative",
    ),
    "negative operand (dsl)": (
        {"family": "SUB", "instance": {"operands": [3, -2], "bits": 3}},
        "instance.operands[1]",
        "C2|Q> format's operands are non-negative",
    ),
    "negative operand too wide (canonical)": (
        {"family": "add", "operands": [-8, 1], "bits": 3},
        "operands[0]",
        "-8 does not fit in 3 bits (largest magnitude is 7)",
    ),
    "negative b too wide (canonical)": ({"family": "mul", "operands": [1, -4], "bits": [3, 2]}, "operands[1]", "fit"),
    "operand too wide": (
        {"problem_type": "sub", "data": {"operands": [9, 2], "bits": 3}},
        "data.operands[0]",
        "does not fit",
    ),
    "b too wide (dsl)": ({"family": "MUL", "instance": {"operands": [1, 4], "bits": 2}}, "instance.operands[1]", "fit"),
    "zero bits": ({"problem_type": "add", "data": {"operands": [0, 0], "bits": 0}}, "data.bits", "out of range"),
    "absurd bits": ({"family": "add", "operands": [1, 1], "bits": 100000}, "bits", "out of range"),
    "one operand": ({"problem_type": "add", "data": {"operands": [1], "bits": 3}}, "data.operands", "two integers"),
    "fractional operand": (
        {"problem_type": "add", "data": {"operands": [1.5, 1], "bits": 3}},
        "data.operands[0]",
        "integer",
    ),
    "missing bits": ({"problem_type": "add", "data": {"operands": [1, 1]}}, "data.bits", "missing"),
    "mul a_bits only": ({"problem_type": "mul", "data": {"operands": [1, 1], "a_bits": 2}}, "data.b_bits", "missing"),
    "n fractional": ({"problem_type": "factor", "data": {"n": 21.5}}, "data.n", "integer"),
    "n string": ({"problem_type": "factor", "data": {"n": "21"}}, "data.n", "integer"),
    "n zero": ({"family": "factor", "n": 0}, "n", "greater than or equal to 1"),
    "n too wide for bits": ({"family": "Factor", "instance": {"n": 39, "bits": 5}}, "instance.n", "does not fit"),
    "n too large": ({"family": "factor", "n": 2**40 + 1}, "n", "bits"),
}


@pytest.mark.parametrize("source, field, problem", ARITHMETIC_BAD.values(), ids=ARITHMETIC_BAD.keys())
def test_bad_arithmetic_spec_names_the_field(source, field, problem):
    with pytest.raises(SpecError) as info:
        load_spec(source)
    assert info.value.field == field
    assert problem in info.value.problem


# ---- files and JSON text --------------------------------------------------------------------------
def test_malformed_json_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"family": "maxcut",\n "graph": {"edges": [[0, 1]]}')
    with pytest.raises(SpecError, match=r"malformed JSON at line 2") as info:
        load_spec(path)
    assert info.value.field == "json"


def test_malformed_json_text():
    with pytest.raises(SpecError, match="malformed JSON") as info:
        load_spec('{"family": maxcut}')
    assert info.value.field == "json"


@pytest.mark.parametrize("text, kind", [("[1, 2]", "list"), ('"maxcut"', "str"), ("3", "int")])
def test_top_level_not_an_object(tmp_path, text, kind):
    path = tmp_path / "spec.json"
    path.write_text(text)
    with pytest.raises(SpecError, match=f"top level is a {kind}, expected an object") as info:
        load_spec(path)
    assert info.value.field == "json"


def test_file_not_found(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(SpecError, match="file not found") as info:
        load_spec(missing)
    assert info.value.field == str(missing)
    with pytest.raises(SpecError, match="file not found"):
        load_spec(str(missing))


def test_unreadable_file(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"family": "maxcut", "description": "caf\xe9"}')
    with pytest.raises(SpecError, match="cannot read file") as info:
        load_spec(path)
    assert info.value.field == str(path)


# ---- schema --------------------------------------------------------------------------------------
def test_schema_has_the_family_variants():
    schema = c2q.schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    variants = [ref["$ref"].split("/")[-1] for ref in schema["oneOf"]]
    assert sorted(variants) == [
        "ArithmeticSpecModel",
        "BinPackingSpecModel",
        "ConstrainedSpecModel",
        "FactorSpecModel",
        "GraphSpecModel",
        "HuboSpecModel",
        "KnapsackSpecModel",
        "NumberPartitionSpecModel",
        "SatSpecModel",
        "SizedGraphSpecModel",
        "SkSpecModel",
        "SubsetSpecModel",
        "TspSpecModel",
    ]
    assert set(schema["discriminator"]["mapping"]) == set(FAMILIES)
    defs = schema["$defs"]
    assert set(defs["SizedGraphSpecModel"]["properties"]) >= {"family", "graph", "k"}
    assert "k" not in defs["GraphSpecModel"]["properties"]
    assert "distance_matrix" in defs["TspSpecModel"]["required"]
    assert defs["GraphModel"]["additionalProperties"] is False
    json.dumps(schema)  # serialisable


def test_an_error_stays_one_line_when_a_field_name_holds_a_newline():
    """Found by the fuzz test: an unknown field named "\\n" put a line break into the message."""
    with pytest.raises(SpecError) as caught:
        load_spec({"family": "maxcut", "graph": {"edges": [[0, 1]]}, "\n": 1})
    assert caught.value.field == "\n" and str(caught.value).startswith("\\n: unknown field")
    assert "\n" not in str(caught.value)
