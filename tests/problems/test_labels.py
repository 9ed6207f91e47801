"""Graph node labels: the maths runs on indices 0..n-1, the solved answer names the user's nodes."""

import copy

import networkx as nx
import pytest

import c2q
from c2q.problems import Clique, KColor, MaxCut, MaximumIndependentSet, VertexCover
from c2q.spec import build_problem

#: the path 1 - 2 - 3 - 5 - 6 of a program whose nodes are not numbered from 0
PATH_LABELS = [1, 2, 3, 5, 6]
PATH = {"nodes": 5, "edges": [[0, 1], [1, 2], [2, 3], [3, 4]], "labels": PATH_LABELS}
#: a triangle a-b-c with a pendant d on c, named by strings
NAMED = {"edges": [[0, 1], [1, 2], [0, 2], [2, 3]], "labels": ["a", "b", "c", "d"]}
FAST = {"shots": 512, "seed": 1}


def indices(answer, family, labels):
    """The answer with every label replaced by its node index (the inverse of present())."""
    index = {label: i for i, label in enumerate(labels)}
    out = dict(answer)
    if family == "maxcut":
        out["partition"] = [[index[v] for v in side] for side in answer["partition"]]
    elif family == "kcolor":
        assert list(answer["colouring"]) == labels  # one entry per node, in node order
        out["colouring"] = list(answer["colouring"].values())
    else:
        for key in {"mis": ["independent_set"], "vc": ["vertex_cover"], "clique": ["maximum_clique", "clique"]}[family]:
            if answer.get(key) is not None:
                out[key] = [index[v] for v in answer[key]]
    return out


def test_mis_on_a_labelled_path_names_the_users_nodes():
    result = c2q.solve({"family": "mis", "graph": PATH}, **FAST)
    assert result.answer == {"independent_set": [1, 3, 6], "size": 3}  # the unique maximum, by label
    assert result.optimal and result.feasible
    assert result.instance["labels"] == PATH_LABELS
    assert result.instance["edges"] == [[0, 1, 1.0], [1, 2, 1.0], [2, 3, 1.0], [3, 4, 1.0]]  # maths on indices
    assert result.to_dict()["answer"]["independent_set"] == [1, 3, 6]


@pytest.mark.parametrize(
    "family, extra", [("maxcut", {}), ("mis", {}), ("vc", {}), ("clique", {"k": 3}), ("kcolor", {})]
)
def test_every_graph_family_answers_in_labels_and_the_answer_is_optimal(family, extra):
    spec = {"family": family, "graph": NAMED, **extra}
    result = c2q.solve(spec, **FAST)
    assert result.optimal
    problem = build_problem(c2q.validate(spec))
    evaluation = problem.evaluate(indices(result.answer, family, NAMED["labels"]))
    assert evaluation.feasible and evaluation.objective == pytest.approx(result.classical_optimum)
    # nothing in the answer is a bare node index any more
    named = {v for v in _node_values(result.answer, family)}
    assert named and named <= set(NAMED["labels"])


def _node_values(answer, family):
    if family == "maxcut":
        return [v for side in answer["partition"] for v in side]
    if family == "kcolor":
        return list(answer["colouring"])
    key = {"mis": "independent_set", "vc": "vertex_cover", "clique": "maximum_clique"}[family]
    return answer[key]


@pytest.mark.parametrize(
    "problem, expected",
    [
        (MaxCut(nx.path_graph(3), labels=["x", "y", "z"]), {"cut_value": 2.0, "partition": [["x", "z"], ["y"]]}),
        (MaximumIndependentSet(nx.path_graph(3), labels=[10, 20, 30]), {"independent_set": [10, 30], "size": 2}),
        (VertexCover(nx.path_graph(3), labels=[10, 20, 30]), {"vertex_cover": [20], "size": 1}),
        (
            Clique(nx.complete_graph(3), k=2, labels=["p", "q", "r"]),
            {"maximum_clique": ["p", "q", "r"], "size": 3, "k": 2, "exists": True, "clique": ["p", "q"]},
        ),
        (
            KColor(nx.path_graph(3), k=2, labels=["x", "y", "z"]),
            {"k": 2, "colouring": {"x": 0, "y": 1, "z": 0}, "colours_used": 2, "conflicts": 0, "proper": True},
        ),
    ],
    ids=["maxcut", "mis", "vc", "clique", "kcolor"],
)
def test_present_renames_the_exact_classical_answer(problem, expected):
    answer, evaluation = problem.classical_solution()
    internal = copy.deepcopy(answer)
    assert evaluation.feasible
    named = problem.present(answer)
    if "partition" in named:  # which side is listed first is arbitrary
        named["partition"] = sorted(named["partition"], key=len, reverse=True)
    assert named == expected
    assert answer == internal and problem.evaluate(answer) == evaluation  # the internal answer is untouched


def test_absent_clique_and_unlabelled_graphs_are_unchanged():
    problem = Clique(nx.path_graph(3), k=3, labels=["a", "b", "c"])
    answer = problem.classical_solution()[0]
    assert answer["clique"] is None and problem.present(answer)["clique"] is None
    plain = MaximumIndependentSet(nx.path_graph(3))
    assert plain.present({"independent_set": [0, 2], "size": 2}) == {"independent_set": [0, 2], "size": 2}
    assert "labels" not in plain.describe()


@pytest.mark.parametrize("labels", [[1, 2], [1, 2, 3, 4], ["a", "b", "a"]])
def test_problem_refuses_labels_that_do_not_name_each_node_once(labels):
    with pytest.raises(ValueError, match="each of the 3 nodes once"):
        MaxCut(nx.path_graph(3), labels=labels)
