"""c2q.solve / c2q.encode end to end on Aer, options, backends, the result schema."""

import json

import c2q.backends.aer
import pytest
from c2q.backends.aer import MPS_MAX_QUBITS, AerBackend, statevector_bytes

import c2q
from c2q.api import choose_algorithm
from c2q.errors import BackendError, OptionError
from c2q.problems import Problem
from c2q.spec import build_problem

TRIANGLE_PLUS_PENDANT = [[0, 1], [1, 2], [2, 0], [2, 3]]
SQUARE_TSP = [[0, 1, 2, 1], [1, 0, 1, 2], [2, 1, 0, 1], [1, 2, 1, 0]]
MAXCUT_TRIANGLE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}

#: small instances (<= 6 qubits): spec, expected qubits, expected algorithm, optimum
SMALL = {
    "maxcut": ({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}, 4, "vqe", 4),
    "mis": ({"family": "mis", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0]]}}, 5, "vqe", 2),
    "vc": ({"family": "vc", "graph": {"edges": TRIANGLE_PLUS_PENDANT}}, 4, "vqe", 2),
    "clique": ({"family": "clique", "graph": {"edges": TRIANGLE_PLUS_PENDANT}, "k": 3}, 4, "vqe", 3),
    "kcolor": ({"family": "kcolor", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}, "k": 3}, 6, "vqe", 0),
    "kcolor-fewest": ({"family": "kcolor", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}, 4, "vqe", 2),
    "tsp": ({"family": "tsp", "distance_matrix": SQUARE_TSP}, 3, "vqe", 4),
}
RESULT_KEYS = {
    "schema_version",
    "family",
    "input_digest",
    "algorithm",
    "encoding",
    "backend",
    "circuit",
    "answer",
    "feasible",
    "objective",
    "classical_optimum",
    "approximation_ratio",
    "optimum_probability",
    "timings",
    "warnings",
}


@pytest.mark.parametrize("name", SMALL)
def test_solve_small_instance_is_optimal(name):
    spec, qubits, algorithm, optimum = SMALL[name]
    result = c2q.solve(spec, shots=512, seed=11)
    assert result.feasible and result.optimal is True
    assert result.objective == pytest.approx(optimum) == result.classical_optimum
    assert result.approximation_ratio == 1.0
    assert 0 < result.optimum_probability <= result.feasible_probability <= 1
    # the reported answer really is what the instance says it is
    problem = build_problem(c2q.validate(spec))
    evaluation = problem.evaluate(result.answer)
    assert evaluation.feasible and evaluation.objective == pytest.approx(optimum)

    data = result.to_dict()
    assert set(data) >= RESULT_KEYS
    assert data["schema_version"] == "1.0" and data["family"] == spec["family"]
    assert data["c2q_version"] == c2q.__version__  # the one version: also `c2q --version` and the package metadata
    assert data["input_digest"] == c2q.validate(spec).digest
    assert {"qubits", "depth", "two_qubit_gates"} <= set(data["circuit"])
    assert data["circuit"]["qubits"] == data["encoding"]["qubits"] == qubits
    assert data["circuit"]["depth"] > 0 and data["circuit"]["two_qubit_gates"] > 0
    assert data["algorithm"]["name"] == algorithm
    assert data["backend"] == {"name": "aer", "method": "statevector", "shots": 512, "seed": 11, "selected_by": "user"}
    assert data["timings"]["total"] > 0
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_solve_dataset_file(data_dir):
    result = c2q.solve(data_dir / "json" / "maxcut" / "maxcut_01.json", shots=512, seed=2)
    assert result.optimal is True and result.to_dict()["source_format"] == "c2q-problem-type"


def test_same_seed_same_result():
    runs = [c2q.solve(MAXCUT_TRIANGLE, shots=256, seed=5).to_dict() for _ in range(2)]
    for run in runs:
        assert set(run.pop("timings")) >= {"parse", "encode", "decode", "total"}
    assert runs[0] == runs[1]


def test_same_seed_same_result_vqe():
    runs = [c2q.solve(MAXCUT_TRIANGLE, algorithm="vqe", shots=256, seed=9, maxiter=40).to_dict() for _ in range(2)]
    for run in runs:
        run.pop("timings")
    assert runs[0] == runs[1]
    assert runs[0]["algorithm"]["name"] == "vqe" and runs[0]["algorithm"]["maxiter"] == 40


def test_options_are_reported():
    result = c2q.solve(MAXCUT_TRIANGLE, algorithm="qaoa", reps=1, shots=128, seed=1, cvar_alpha=0.5, optimizer="powell")
    algorithm = result.to_dict()["algorithm"]
    assert (algorithm["name"], algorithm["reps"], algorithm["cvar_alpha"], algorithm["optimizer"]) == (
        "qaoa",
        1,
        0.5,
        "powell",
    )
    assert algorithm["evaluations"] > 0


def test_cvar_alpha_one_optimises_the_exact_energy():
    result = c2q.solve(SMALL["vc"][0], algorithm="qaoa", cvar_alpha=1.0, shots=256, seed=3)
    assert result.optimal is True and result.algorithm["cvar_alpha"] == 1.0
    # the objective is then <H> + offset, which cannot go below the ground energy: the minimum cover size
    assert result.algorithm["final_objective"] >= result.classical_optimum - 1e-9


def test_inferred_family_is_a_warning_in_the_result():
    spec = {"goal": "find a minimum vertex cover", "instance": {"graph_rep": "edge_list", "graphs": {"G": [[0, 1]]}}}
    result = c2q.solve(spec, shots=64, seed=1)
    assert result.family == "vc" and any("inferred" in w for w in result.warnings)


def test_backend_aer_mps():
    result = c2q.solve(MAXCUT_TRIANGLE, backend="aer:mps", shots=256, seed=4)
    assert result.optimal is True
    assert result.backend["method"] == "matrix_product_state"


# ---- encode --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SMALL)
def test_encode_without_running(name):
    spec, qubits, algorithm, _ = SMALL[name]
    encoded = c2q.encode(spec)
    assert encoded.hamiltonian.num_qubits == encoded.circuit.num_qubits == qubits
    assert encoded.algorithm["name"] == algorithm
    assert encoded.spec.family == spec["family"]
    if encoded.encoding.name == "qubo":
        assert encoded.quadratic_program.get_num_vars() == qubits
    else:
        assert encoded.quadratic_program is None
    assert not any(inst.operation.name == "measure" for inst in encoded.circuit.data)


def test_encode_options():
    tsp = {"family": "tsp", "distance_matrix": SQUARE_TSP}
    onehot = c2q.encode(tsp, encoding="onehot")
    assert onehot.quadratic_program is not None and onehot.circuit.num_qubits == 9
    qaoa = c2q.encode(MAXCUT_TRIANGLE, algorithm="qaoa", reps=3)
    assert qaoa.circuit.num_parameters == 6  # beta and gamma per layer
    vqe = c2q.encode(MAXCUT_TRIANGLE, algorithm="vqe", reps=1)
    assert vqe.algorithm["name"] == "vqe" and vqe.circuit.num_parameters == 6  # RY per qubit per layer + 1


@pytest.mark.parametrize(("nodes", "maxiter"), [(15, 1000), (16, 800), (17, 400), (18, 200), (20, 1000)])
def test_vqe_default_budget_bounds_exact_training_time(nodes: int, maxiter: int) -> None:
    # exact training costs ~2**n per evaluation: from 16 qubits the default budget halves per qubit;
    # past 18 the sampled trainer takes ~700 steps of the default 1000
    path = [[i, i + 1] for i in range(nodes - 1)]
    encoding = build_problem(c2q.validate({"family": "maxcut", "graph": {"nodes": nodes, "edges": path}})).encode()
    assert choose_algorithm(encoding, "vqe")["maxiter"] == maxiter
    assert choose_algorithm(encoding, "vqe", maxiter=1000)["maxiter"] == 1000  # a budget asked for is kept


def test_choose_algorithm_auto():
    quadratic = build_problem(c2q.validate(MAXCUT_TRIANGLE)).encode()
    assert choose_algorithm(quadratic) == {"name": "vqe", "reps": 2, "cvar_alpha": 0.5, "maxiter": 1000}
    assert choose_algorithm(quadratic, "qaoa")["name"] == "qaoa"
    assert choose_algorithm(quadratic, "vqe", reps=4, cvar_alpha=1.0, maxiter=7) == {
        "name": "vqe",
        "reps": 4,
        "cvar_alpha": 1.0,
        "maxiter": 7,
    }


# ---- bad options ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options, message",
    [
        ({"algorithm": "annealing"}, "unknown algorithm 'annealing'"),
        ({"optimizer": "adam"}, "unknown optimizer 'adam'"),
        ({"reps": 0}, "--reps: 0"),
        ({"algorithm": "vqe", "reps": 0}, "--reps: 0"),
        ({"shots": 0}, "--shots: 0"),
        ({"maxiter": 0}, "--maxiter: 0"),
        ({"cvar_alpha": 0}, "--cvar-alpha: 0"),
        ({"cvar_alpha": -0.5}, "--cvar-alpha: -0.5"),
        ({"cvar_alpha": 1.5}, "--cvar-alpha: 1.5"),
        ({"encoding": "onehot"}, "encoding 'onehot' is not available for maxcut"),
    ],
)
def test_bad_option_is_an_option_error(options, message):
    with pytest.raises(OptionError, match=message.replace("'", ".")):
        c2q.solve(MAXCUT_TRIANGLE, **{"shots": 16, "seed": 1, "maxiter": 8, **options})


@pytest.mark.parametrize("backend", ["ibm_brisbane", "aer:gpu", "AER"])
def test_unknown_backend(backend):
    with pytest.raises(BackendError, match=f"unknown backend '{backend}'"):
        c2q.solve(MAXCUT_TRIANGLE, backend=backend, shots=16)


def test_encode_rejects_bad_options():
    with pytest.raises(OptionError):
        c2q.encode(MAXCUT_TRIANGLE, algorithm="grover")
    with pytest.raises(OptionError):
        c2q.encode(MAXCUT_TRIANGLE, reps=0)


# ---- capacity ------------------------------------------------------------------------------------
def test_statevector_over_memory_is_refused():
    assert statevector_bytes(10) == 16 * 1024
    with pytest.raises(BackendError) as info:
        AerBackend("statevector").check_capacity(40)
    message = str(info.value)
    assert "40 qubits" in message and "GiB" in message and "aer:mps" in message
    AerBackend("statevector").check_capacity(10)  # small: fine


def test_mps_capacity():
    AerBackend("matrix_product_state").check_capacity(40)
    with pytest.raises(BackendError, match="limit"):
        AerBackend("matrix_product_state").check_capacity(MPS_MAX_QUBITS + 1)


def test_solve_checks_capacity_before_running(monkeypatch):
    # 1 MiB: a 20-qubit statevector (16 MiB) does not fit; the VQE's matrix product state (a few KiB) does
    monkeypatch.setattr(c2q.backends.aer, "available_memory_bytes", lambda: 1 << 20)
    ring = {"family": "maxcut", "graph": {"edges": [[i, (i + 1) % 20] for i in range(20)]}}
    with pytest.raises(BackendError, match=r"20 qubits need .* GiB"):
        c2q.solve(ring, shots=16, backend="aer:statevector")
    assert c2q.solve(MAXCUT_TRIANGLE, shots=64, seed=1).backend["method"] == "statevector"
    # plain `aer` chooses the method: too big for a statevector -> matrix product state, said in warnings
    fallback = c2q.solve(ring, shots=64, seed=1, maxiter=30)
    assert fallback.backend == {
        "name": "aer",
        "method": "matrix_product_state",
        "shots": 64,
        "seed": 1,
        "selected_by": "user",
    }
    assert any("matrix product state" in w for w in fallback.warnings)


# ---- too wide: refused before anything is built ------------------------------------------------------
#: MaxCut on the complete graph of 400 nodes: 400 qubits, past every method c2q has (MPS stops at 200)
K400 = {"family": "maxcut", "graph": {"edges": [[u, v] for u in range(400) for v in range(u + 1, 400)]}}
SIX_CYCLE = {"family": "maxcut", "graph": {"edges": [[i, (i + 1) % 6] for i in range(6)]}}


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: c2q.solve(K400, seed=1), ["400 qubits", f"{MPS_MAX_QUBITS}-qubit limit", "fix: a smaller instance"]),
        (lambda: c2q.solve(K400, backend="auto"), ["400 qubits", f"{MPS_MAX_QUBITS}-qubit limit"]),
        (lambda: c2q.encode(K400), ["400 qubits", f"{MPS_MAX_QUBITS}-qubit limit"]),
        (lambda: c2q.solve({**K400, "family": "kcolor"}), ["3600 qubits", f"{MPS_MAX_QUBITS}-qubit limit"]),
        (lambda: c2q.solve(SIX_CYCLE, backend="fake_manila"), ["needs 6 qubits", "has 5"]),
    ],
    ids=["solve", "solve-auto", "encode", "kcolor", "device"],
)
def test_too_wide_is_refused_before_its_qubo_is_built(monkeypatch, call, words):
    def built(self, encoding="auto"):
        raise AssertionError(f"the {encoding} encoding was built")

    monkeypatch.setattr(Problem, "encode", built)
    with pytest.raises(BackendError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and all(word in message for word in words), message


def test_statevector_memory_is_estimated_before_the_qubo_is_built(monkeypatch):
    monkeypatch.setattr(c2q.backends.aer, "available_memory_bytes", lambda: 1024)  # 1 KiB: 5 qubits fit, 6 do not
    monkeypatch.setattr(Problem, "encode", lambda self, encoding="auto": pytest.fail("the QUBO was built"))
    with pytest.raises(BackendError, match=r"6 qubits need .* GiB .* \(fix: use --backend aer:mps"):
        c2q.solve(SIX_CYCLE, backend="aer:statevector")
    # past what a float holds (kcolor on 400 nodes: 3600 qubits), the estimate is a power of two
    with pytest.raises(BackendError, match=r"3600 qubits need 2\^3574 GiB for the statevector"):
        c2q.solve({**K400, "family": "kcolor"}, backend="aer:statevector")


def test_qaoa_past_the_statevector_refused_before_it_runs():
    """Past 30 qubits plain ``aer`` simulates by matrix product state; depth-2 QAOA of a 3-regular
    graph there has a bond dimension bound of 2^17 at 34 qubits (Aer does not finish one sampling
    run at 20 qubits in 100 s): refused with the bound and the fixes, before any training."""
    import networkx as nx

    graph = nx.random_regular_graph(3, 34, seed=34)
    spec = {"family": "maxcut", "graph": {"edges": [list(e) for e in graph.edges()]}}
    with pytest.raises(BackendError, match=r"34-qubit qaoa program .* bond dimension up to 2\^\d+: needs .*rqaoa"):
        c2q.solve(spec, algorithm="qaoa", seed=1)


def test_results_map_qubits_to_the_users_variables():
    labelled = {"family": "maxcut", "graph": {"nodes": 4, "edges": [[0, 1], [1, 2]], "labels": ["a", "b", "c", "d"]}}
    result = c2q.solve(labelled, seed=1, shots=128)
    assert result.encoding["qubit_variables"] == ["x[a]", "x[b]", "x[c]"]  # d has no edge: no qubit
    colouring = c2q.solve({"family": "kcolor", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}, "k": 3}, seed=1, shots=128)
    assert colouring.encoding["qubit_variables"] == [f"x[{v}][{b}]" for v in range(3) for b in range(2)]
    tour = c2q.solve({"family": "tsp", "distance_matrix": SQUARE_TSP}, seed=1, shots=128)
    assert tour.encoding["qubit_variables"][0].startswith("digit[0][")  # the permutation encoding's Lehmer digits
    factoring = c2q.solve({"family": "factor", "n": 35}, encoding="binary", seed=1, shots=128)
    assert factoring.encoding["qubit_variables"] == ["p[1]", "p[2]", "q[1]", "q[2]", "q[3]"]  # bit 0 fixed: n is odd


def _corrupt_first_trainings(monkeypatch: pytest.MonkeyPatch, how_many: int) -> list[int | None]:
    """VQE runs whose first ``how_many`` sample only the all-ones bitstring (every node: not independent)."""
    from dataclasses import replace

    from c2q.algorithms.vqe import VQE

    seeds: list[int | None] = []
    real_run = VQE.run

    def run(self: VQE, encoding: object) -> object:
        seeds.append(self.seed)
        result = real_run(self, encoding)
        if len(seeds) <= how_many:
            return replace(result, counts={"1" * encoding.num_qubits: sum(result.counts.values())})
        return result

    monkeypatch.setattr(VQE, "run", run)
    return seeds


TRIANGLE_MIS = {"family": "mis", "graph": {"nodes": 3, "edges": [[0, 1], [1, 2], [0, 2]]}}


def test_a_training_that_samples_no_feasible_answer_is_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _corrupt_first_trainings(monkeypatch, 1)
    result = c2q.solve(TRIANGLE_MIS, seed=5, shots=256)
    assert len(seeds) == 2 and seeds[0] == 5 and seeds[1] not in (None, 5)  # derived from --seed
    assert result.algorithm["trainings"] == 2 and result.optimal  # the second training's samples
    assert any("training 1 sampled no feasible answer" in w and f"seed {seeds[1]}" in w for w in result.warnings)
    monkeypatch.undo()
    again = _corrupt_first_trainings(monkeypatch, 1)
    assert c2q.solve(TRIANGLE_MIS, seed=5, shots=256).optimum_probability == result.optimum_probability
    assert again == seeds  # deterministic under --seed


def test_trainings_stop_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from c2q.api import VARIATIONAL_ATTEMPTS

    seeds = _corrupt_first_trainings(monkeypatch, 99)
    result = c2q.solve(TRIANGLE_MIS, seed=5, shots=256)
    assert len(seeds) == VARIATIONAL_ATTEMPTS == result.algorithm["trainings"]
    assert not result.optimal and result.answer == {}  # no feasible answer is reported, none invented


def test_a_feasible_first_training_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = _corrupt_first_trainings(monkeypatch, 0)
    result = c2q.solve(TRIANGLE_MIS, seed=5, shots=256)
    assert seeds == [5] and "trainings" not in result.algorithm
