"""The exact classical references (HiGHS MILP, Held-Karp, MILP with subtour cuts) against brute
force over every assignment, and what they report when the time limit stops them."""

import itertools
import time

import networkx as nx
import numpy as np
import pytest

import c2q
from c2q import cli
from c2q.api import classical_reference, decoded_result
from c2q.encoding import Reference
from c2q.errors import OptionError
from c2q.problems import Clique, KColor, MaxCut, MaximumIndependentSet, Tsp, VertexCover
from c2q.problems import tsp as tsp_module
from c2q.spec import build_problem

#: random instances per test; each exact solve takes milliseconds
INSTANCES = 25


def random_graph(seed, weights=None, max_nodes=9):
    """G(n, p) with ``n`` in 1..max_nodes and ``p`` in [0, 1]; ``weights``: ``positive``, ``signed`` or none."""
    rng = np.random.default_rng(seed)
    graph = nx.gnp_random_graph(int(rng.integers(1, max_nodes + 1)), float(rng.uniform(0, 1)), seed=seed)
    for u, v in graph.edges:
        if weights == "positive":
            graph.edges[u, v]["weight"] = float(rng.uniform(0.1, 5))
        elif weights == "signed":
            graph.edges[u, v]["weight"] = float(rng.choice([-1, 1]) * rng.uniform(0.1, 5))
    return graph


def subsets(graph):
    """Every node subset of the graph, as 0/1 rows."""
    return np.array(list(itertools.product((0, 1), repeat=graph.number_of_nodes())), dtype=bool)


def weight(graph, u, v):
    return graph.edges[u, v].get("weight", 1.0)


def brute_max_cut(graph):
    return max(sum(weight(graph, u, v) for u, v in graph.edges if side[u] != side[v]) for side in subsets(graph))


def brute_stable_sets(graph):
    """Sizes of the independent sets."""
    return [int(s.sum()) for s in subsets(graph) if not any(s[u] and s[v] for u, v in graph.edges)]


def brute_clique(graph):
    cliques = (
        s for s in subsets(graph) if all(graph.has_edge(u, v) for u, v in itertools.combinations(np.flatnonzero(s), 2))
    )
    return max(int(s.sum()) for s in cliques)


def brute_conflicts(graph, k):
    """Fewest conflicting edge weight over all ``k**n`` colourings (colouring ``i`` gives node ``v``
    digit ``v`` of ``i`` in base ``k``)."""
    n = graph.number_of_nodes()
    colours = (np.arange(k**n)[:, None] // k ** np.arange(n)) % k
    conflicts = np.zeros(k**n)
    for u, v in graph.edges:
        conflicts += weight(graph, u, v) * (colours[:, u] == colours[:, v])
    return conflicts.min()


def brute_tour(d):
    """Cheapest directed closed tour from city 0 (``inf`` over missing roads; ``inf`` when none exists)."""
    n = len(d)
    return min(sum(d[a, b] for a, b in zip((0, *p), (*p, 0), strict=True)) for p in itertools.permutations(range(1, n)))


def assert_proven(reference, problem, expected):
    """Proven optimal, the answer verified by the family, and the expected optimum."""
    assert reference.optimal and reference.gap == 0
    evaluation = problem.evaluate(reference.answer)
    assert evaluation == reference.evaluation
    assert evaluation.objective == pytest.approx(expected) == reference.optimum == pytest.approx(reference.bound)


@pytest.mark.parametrize("weights", [None, "signed"])
def test_maxcut_matches_brute_force(weights):
    for seed in range(INSTANCES):
        graph = random_graph(seed, weights)
        problem = MaxCut(graph)
        assert_proven(problem.exact_reference(), problem, brute_max_cut(graph))


@pytest.mark.parametrize("weights", [None, "positive"])
def test_mis_and_vc_match_brute_force(weights):
    for seed in range(INSTANCES):
        graph = random_graph(seed, weights)
        sizes = brute_stable_sets(graph)
        mis, vc = MaximumIndependentSet(graph), VertexCover(graph)
        reference = mis.exact_reference()
        assert_proven(reference, mis, max(sizes))
        assert reference.evaluation.feasible
        reference = vc.exact_reference()
        assert_proven(reference, vc, graph.number_of_nodes() - max(sizes))  # complements of stable sets
        assert reference.evaluation.feasible


def test_clique_matches_brute_force_with_and_without_k():
    for seed in range(INSTANCES):
        graph = random_graph(seed, "positive")
        largest = brute_clique(graph)
        for k in (None, largest, largest + 1):  # k above the maximum clique: no k-clique exists
            problem = Clique(graph, k=k)
            reference = problem.exact_reference()
            assert_proven(reference, problem, largest)
            assert reference.evaluation.feasible
            if k is not None:
                assert reference.answer["exists"] == (k <= largest)
                assert (reference.answer["clique"] is None) == (k > largest)


@pytest.mark.parametrize("weights", [None, "positive"])
def test_kcolor_with_k_matches_brute_force_including_infeasible_k(weights):
    for seed in range(INSTANCES):
        graph = random_graph(seed, weights, max_nodes=7)
        for k in (1, 2, 3):  # often too few: then the fewest conflicts count
            problem = KColor(graph, k=k)
            reference = problem.exact_reference()
            assert_proven(reference, problem, brute_conflicts(graph, k))
            assert all(0 <= c < k for c in reference.answer["colouring"])


def test_kcolor_fewest_colours_matches_brute_force():
    for seed in range(INSTANCES):
        graph = random_graph(seed, max_nodes=7)
        chromatic = next(k for k in range(1, graph.number_of_nodes() + 1) if brute_conflicts(graph, k) == 0)
        problem = KColor(graph)
        reference = problem.exact_reference()
        assert_proven(reference, problem, chromatic)
        assert reference.evaluation.feasible and reference.answer["proper"]


def random_distances(seed, n, missing=0.0, symmetric=False):
    """Integer distances, asymmetric unless ``symmetric``; a ``missing`` fraction of roads absent (``nan``)."""
    rng = np.random.default_rng(seed)
    d = rng.integers(0, 20, (n, n)).astype(float)
    if symmetric:
        d = np.triu(d, 1) + np.triu(d, 1).T
    d[rng.uniform(size=(n, n)) < missing] = np.nan
    np.fill_diagonal(d, 0)
    return d


@pytest.fixture(params=["held-karp", "milp"])
def tsp_method(request, monkeypatch):
    """Each TSP test runs twice: Held-Karp, and the MILP with subtour cuts (used past 16 cities)."""
    if request.param == "milp":
        monkeypatch.setattr(tsp_module, "HELD_KARP_CITIES", 0)
    return request.param


def test_tsp_matches_brute_force_asymmetric_and_with_missing_roads(tsp_method):
    for seed in range(INSTANCES):
        n = 3 + seed % 5
        d = random_distances(seed, n, missing=0.3 * (seed % 2), symmetric=seed % 3 == 0)
        problem = Tsp(d)
        expected = brute_tour(np.where(np.isnan(d), np.inf, d))
        reference = problem.exact_reference()
        assert reference.method == ("Held-Karp" if tsp_method == "held-karp" else "HiGHS MILP")
        if np.isfinite(expected):
            assert_proven(reference, problem, expected)
            assert reference.answer["tour"][0] == 0 and sorted(reference.answer["tour"]) == list(range(n))
        else:  # these roads admit no tour
            assert reference.optimal and reference.answer["tour"] is None and not reference.evaluation.feasible


def test_tsp_without_any_tour_is_proven_to_have_none(tsp_method):
    d = random_distances(0, 6)
    d[:, 3] = np.nan  # no road into city 3
    d[3, 3] = 0
    reference = Tsp(d).exact_reference()
    assert reference.optimal
    assert reference.answer == {"tour": None, "cost": None}
    assert not reference.evaluation.feasible and reference.optimum == np.inf


def test_past_the_time_limit_a_bound_and_gap_and_no_optimum():
    # G(60, 0.3) MaxCut takes about a minute to prove; a fraction of a second leaves a gap
    graph = nx.gnp_random_graph(60, 0.3, seed=1)
    problem = MaxCut(graph)
    warnings = []
    reference = classical_reference(problem, warnings, time_limit=1.0)
    assert not reference.optimal and reference.optimum is None
    assert np.isfinite(reference.bound)
    if reference.incumbent is not None:  # a found cut is a real cut, and the bound is above it
        assert problem.evaluate(reference.answer) == reference.evaluation
        assert reference.bound >= reference.incumbent and reference.gap > 0
    assert (
        len(warnings) == 1 and "without proving an optimum" in warnings[0] and "--classical-time-limit" in warnings[0]
    )


def test_a_result_past_the_limit_has_no_optimum_but_a_bound():
    spec = c2q.validate({"family": "mis", "graph": {"edges": [[0, 1], [1, 2], [2, 0], [2, 3]]}})
    problem = build_problem(spec)
    encoding = problem.encode()
    answer = {"independent_set": [0, 3], "size": 2}
    stopped = Reference(answer, problem.evaluate(answer), False, 3.0, "HiGHS MILP")
    result = decoded_result(
        spec,
        problem,
        encoding,
        {"1001": 10},
        stopped,
        algorithm={"name": "vqe"},
        backend={"name": "aer"},
        circuit={"qubits": 4},
        timings={},
        warnings=[],
        start=time.perf_counter(),
    )
    assert result.feasible and result.objective == 2
    assert result.classical_optimum is None and result.optimal is None and result.approximation_ratio is None
    assert result.optimum_probability is None
    assert result.to_dict()["classical_bound"] == {"method": "HiGHS MILP", "incumbent": 2, "bound": 3.0, "gap": 0.5}


def test_time_limit_option_reaches_solve_and_must_be_positive():
    args = cli.build_parser().parse_args(["solve", "spec.json", "--classical-time-limit", "5"])
    assert cli._solve_options(args)["time_limit"] == 5.0
    assert cli._solve_options(cli.build_parser().parse_args(["solve", "spec.json"]))["time_limit"] is None
    with pytest.raises(OptionError, match="--classical-time-limit"):
        classical_reference(MaxCut(nx.cycle_graph(4)), [], time_limit=0)
