"""The recommender: the ESP model, device and simulator estimates, ranking, workloads, API, CLI, --backend auto."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from c2q.backends import get_backend, predict
from c2q.backends.fake import device_classes
from c2q.backends.predict import (
    DEFAULT_PRICES,
    JOB_OVERHEAD_SECONDS,
    Estimate,
    Workload,
    basis_preserving,
    device_estimate,
    logical_profile,
    simulator_estimates,
    success_probability,
)
from c2q.backends.recommender import (
    DEFAULT_WEIGHTS,
    Recommendation,
    load_prices,
    parse_weights,
    rank,
    recommend,
)
from qiskit import QuantumCircuit

import c2q
from c2q.errors import BackendError, OptionError
from c2q.workload import workload_of

REPO = Path(__file__).resolve().parents[1]
MAXCUT = str(REPO / "examples" / "maxcut.json")
TRIANGLE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}
ADD = {"family": "add", "operands": [3, 5], "bits": 3}
#: a few small fake devices: 5, 16, 27 and 127 qubits
DEVICES = ["fake_manila", "fake_guadalupe", "fake_kolkata", "fake_sherbrooke"]
TINY_MEMORY = 1000  # bytes: a 6-qubit statevector (1 KiB) no longer fits in 80 % of it


@pytest.fixture(autouse=True)
def no_ibm_account(monkeypatch):
    """Rankings here hold simulators and fake devices only, whatever IBM account the machine has saved."""
    monkeypatch.setenv("QISKIT_IBM_CHANNEL", "local")


@pytest.fixture(scope="module")
def manila():
    """qiskit-ibm-runtime's FakeManilaV2 (5 qubits, cx/sx/x/rz basis)."""
    return device_classes()["fake_manila"]()


def ghz(n: int) -> QuantumCircuit:
    qc = QuantumCircuit(n)
    qc.h(0)
    for i in range(n - 1):
        qc.cx(i, i + 1)
    return qc.measure_all(inplace=False)


def workload(circuit: QuantumCircuit, executions: int = 1, shots: int = 1000) -> Workload:
    return Workload(circuit, executions, shots, "test")


def row(name: str, fidelity: float, seconds: float, cost: float, feasible: bool = True) -> Estimate:
    return Estimate(
        name=name,
        kind="simulator",
        qubits=2,
        available=None,
        feasible=feasible,
        reason=None if feasible else "too big",
        fidelity=fidelity,
        seconds=seconds,
        cost=cost,
    )


# -- the ESP model ---------------------------------------------------------------------------------
def isa_circuit(extra_cx: int = 0, extra_rz: int = 0) -> QuantumCircuit:
    """A circuit already in fake_manila's basis on physical qubits 0-3 (3 measured with no gates).

    Qubit 0 does ``sx`` then ``cx(0, 1)``; qubits 1 and 2 then do two ``cx(1, 2)``, so in an
    as-late-as-possible schedule qubit 0 idles for exactly two ``cx(1, 2)`` durations.
    """
    qc = QuantumCircuit(5, 4)
    qc.sx(0)
    for _ in range(extra_rz):
        qc.rz(0.3, 0)
    qc.cx(0, 1)
    for _ in range(extra_cx):
        qc.cx(0, 1)
    qc.cx(1, 2)
    qc.cx(1, 2)
    qc.measure([0, 1, 2, 3], [0, 1, 2, 3])
    return qc


def test_success_probability_matches_hand_computation(manila):
    target = manila.target
    sx0, cx01, cx12 = target["sx"][(0,)], target["cx"][(0, 1)], target["cx"][(1, 2)]
    gate = (1 - sx0.error) * (1 - cx01.error) * (1 - cx12.error) ** 2
    readout = math.prod(1 - target["measure"][(q,)].error for q in range(4))
    idle_time = 2 * cx12.duration  # qubit 0, after its cx, waits for the two cx(1, 2) before measurement
    props = target.qubit_properties[0]
    idle = (1 + math.exp(-idle_time / props.t1) + 2 * math.exp(-idle_time / props.t2)) / 4
    measure = max(target["measure"][(q,)].duration for q in range(4))
    duration = sx0.duration + cx01.duration + 2 * cx12.duration + measure  # measurements all start together

    parts = success_probability(isa_circuit(), target)
    assert parts["gate"] == pytest.approx(gate, rel=1e-12)
    assert parts["readout"] == pytest.approx(readout, rel=1e-12)
    assert parts["idle"] == pytest.approx(idle, rel=1e-12)
    assert parts["idle"] < 1  # the idle factor is really there
    assert parts["fidelity"] == pytest.approx(gate * readout * idle, rel=1e-12)
    assert parts["duration"] == pytest.approx(duration, rel=1e-12)
    assert (parts["gates"], parts["two_qubit_gates"], parts["active_qubits"]) == (4, 3, 4)


def test_success_probability_more_cx_lower_and_rz_free(manila):
    base = success_probability(isa_circuit(), manila.target)
    more_cx = success_probability(isa_circuit(extra_cx=2), manila.target)
    assert more_cx["two_qubit_gates"] == base["two_qubit_gates"] + 2
    assert more_cx["gate"] < base["gate"] and more_cx["fidelity"] < base["fidelity"]
    assert more_cx["duration"] > base["duration"]

    with_rz = success_probability(isa_circuit(extra_rz=5), manila.target)
    assert with_rz["gates"] == base["gates"] + 5
    for key in ("fidelity", "gate", "idle", "duration"):
        assert with_rz[key] == pytest.approx(base[key], rel=1e-12), key


# -- device estimates ------------------------------------------------------------------------------
def test_device_estimate_too_wide(manila):
    est = device_estimate("fake_manila", "fake device", manila, workload(ghz(6)))
    assert not est.feasible
    assert est.reason == "needs 6 qubits, device has 5"
    assert (est.qubits, est.available, est.fidelity, est.cost) == (6, 5, None, None)


def test_device_estimate_time_and_cost(manila):
    work = workload(ghz(3), executions=7, shots=3000)
    est = device_estimate("fake_manila", "fake device", manila, work, seed=1)
    assert est.feasible and est.reason is None
    assert 0 < est.fidelity < 1
    details = est.details
    assert est.fidelity == pytest.approx(
        details["gate_fidelity"] * details["readout_fidelity"] * details["idle_fidelity"]
    )
    rep_delay = manila.configuration().default_rep_delay or predict.DEFAULT_REP_DELAY
    assert est.seconds == pytest.approx(7 * JOB_OVERHEAD_SECONDS + 3000 * (details["duration_s"] + rep_delay))
    assert details["usd_per_second"] == DEFAULT_PRICES["default"]
    assert est.cost == pytest.approx(est.seconds * DEFAULT_PRICES["default"])
    assert est.two_qubit_gates >= 2 and est.available == 5
    assert details["emulation"]["method"] == "density_matrix" and est.runs_here

    tripled = device_estimate(
        "fake_manila", "fake device", manila, work, seed=1, prices={"default": 1.0, "fake_manila": 3.0}
    )
    assert tripled.seconds == pytest.approx(est.seconds)
    assert tripled.cost == pytest.approx(3.0 * est.seconds)
    other = device_estimate("fake_manila", "fake device", manila, work, seed=1, prices={"fake_lima": 3.0})
    assert other.cost == pytest.approx(est.cost)  # another device's price does not apply


# -- simulator estimates ---------------------------------------------------------------------------
def by_name(rows: list[Estimate]) -> dict[str, Estimate]:
    return {r.name: r for r in rows}


def test_statevector_infeasible_without_memory(monkeypatch):
    monkeypatch.setattr(predict, "available_memory_bytes", lambda: TINY_MEMORY)
    work = workload_of(c2q.encode(MAXCUT), seed=1)
    rows = by_name(simulator_estimates(work, logical_profile(work.circuit, seed=1)))
    sv = rows["aer:statevector"]
    assert not sv.feasible and not sv.runs_here
    assert "memory" in sv.reason and "1.0 KiB" in sv.reason
    assert sv.details["memory_bytes"] == 16 * 2**6
    assert not rows["aer:density_matrix"].feasible


def test_mps_bond_dimension_one_for_arithmetic():
    work = workload_of(c2q.encode(ADD))
    profile = logical_profile(work.circuit, seed=1)
    assert profile["basis_preserving"]
    mps = by_name(simulator_estimates(work, profile))["aer:mps"]
    assert mps.feasible and mps.details["model"] == "bond dimension up to 2^0"
    assert mps.details["memory_bytes"] == 32 * work.circuit.num_qubits

    wide = workload_of(c2q.encode({"family": "add", "operands": [3, 5], "bits": 40}))
    assert wide.circuit.num_qubits > 80
    rows = by_name(simulator_estimates(wide, logical_profile(wide.circuit, seed=1)))
    assert rows["aer:mps"].feasible and rows["aer:mps"].details["model"] == "bond dimension up to 2^0"
    assert not rows["aer:statevector"].feasible and "memory" in rows["aer:statevector"].reason


def test_stabilizer_only_for_clifford():
    clifford = workload(ghz(5))
    rows = by_name(simulator_estimates(clifford, logical_profile(clifford.circuit, seed=1)))
    assert rows["aer:stabilizer"].feasible and rows["aer:stabilizer"].fidelity == 1.0
    assert rows["aer:extended_stabilizer"].feasible

    rotated = ghz(5).remove_final_measurements(inplace=False)
    rotated.rx(0.3, 2)
    rotated.t(4)
    rotated.measure_all()
    profile = logical_profile(rotated, seed=1)
    assert profile["non_clifford"] >= 2
    stab = by_name(simulator_estimates(workload(rotated), profile))["aer:stabilizer"]
    assert not stab.feasible and "non-Clifford" in stab.reason


def test_basis_preserving():
    qc = QuantumCircuit(3)
    qc.x(0)
    qc.cx(0, 1)
    qc.ccx(0, 1, 2)
    composite = QuantumCircuit(3)
    composite.append(qc.to_gate(label="inc"), [0, 1, 2])
    composite.measure_all()
    assert basis_preserving(qc) and basis_preserving(composite)  # looks inside composite gates
    qc.h(2)
    assert not basis_preserving(qc)
    composite.append(qc.to_gate(), [0, 1, 2])
    assert not basis_preserving(composite)


# -- weights, prices, ranking ----------------------------------------------------------------------
def test_parse_weights():
    assert parse_weights(None) == DEFAULT_WEIGHTS == {"fidelity": 0.6, "time": 0.2, "cost": 0.2}
    assert parse_weights("fidelity=1,time=0,cost=0") == {"fidelity": 1.0, "time": 0.0, "cost": 0.0}
    assert parse_weights(" time = 2 ") == {"fidelity": 0.6, "time": 2.0, "cost": 0.2}  # others keep defaults
    assert parse_weights({"cost": 1}) == {"fidelity": 0.6, "time": 0.2, "cost": 1.0}


@pytest.mark.parametrize(
    "text, words",
    [
        ("speed=1", ["unknown weight 'speed'"]),
        ("fidelity=-1", ["fidelity=-1.0", "non-negative"]),
        ("fidelity=abc", ["'fidelity=abc' is not key=number"]),
        ("fidelity=nan", ["non-negative number"]),
        ("fidelity=0,time=0,cost=0", ["all weights are zero"]),
        ("fidelity", ["'fidelity' is not key=number"]),
        ("nonsense", ["'nonsense' is not key=number"]),
        ({"fidelity": "1"}, ["must be a non-negative number"]),
    ],
)
def test_bad_weights(text, words):
    with pytest.raises(OptionError) as err:
        parse_weights(text)
    message = str(err.value)
    assert message.startswith("--weights:")
    for word in words:
        assert word in message


def test_load_prices(tmp_path):
    assert load_prices(None) == DEFAULT_PRICES
    good = tmp_path / "prices.json"
    good.write_text(json.dumps({"fake_manila": 2, "ibm_torino": 1.2}))
    assert load_prices(good) == {"default": DEFAULT_PRICES["default"], "fake_manila": 2.0, "ibm_torino": 1.2}


@pytest.mark.parametrize(
    "content, words",
    [
        (None, ["cannot read"]),
        ("{not json", ["cannot read"]),
        ("[1.6]", ["must hold a JSON object"]),
        ('{"default": -1}', ["default=-1", "non-negative"]),
        ('{"default": "cheap"}', ["non-negative"]),
        ('{"default": true}', ["non-negative"]),
    ],
    ids=["missing", "malformed", "list", "negative", "string", "bool"],
)
def test_bad_prices(tmp_path, content, words):
    path = tmp_path / "prices.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(OptionError) as err:
        load_prices(path)
    assert str(err.value).startswith("--prices:")
    for word in words:
        assert word in str(err.value)


def test_rank_scores_and_orders():
    rows = [
        row("slow_exact", 1.0, 100.0, 0.0),
        row("fast_noisy", 0.5, 0.01, 0.0),
        row("middle", 0.9, 1.0, 99.0),
        row("broken", 1.0, 0.001, 0.0, feasible=False),
    ]
    by_fidelity = rank([*rows], parse_weights("fidelity=1,time=0,cost=0"))
    assert [r.name for r in by_fidelity] == ["slow_exact", "middle", "fast_noisy", "broken"]
    assert [r.score for r in by_fidelity] == pytest.approx([1.0, 0.9, 0.5, None])

    by_time = rank([*rows], parse_weights("fidelity=0,time=1,cost=0"))
    assert [r.name for r in by_time] == ["fast_noisy", "middle", "slow_exact", "broken"]
    assert by_time[0].score == 1.0 and by_time[2].score == 0.0

    # default: 0.6 fidelity + 0.2 time (log scale: 0.01 s best, 100 s worst) + 0.2 cost (log10(1 + cost))
    default = {r.name: r.score for r in rank([*rows], parse_weights(None))}
    assert default["slow_exact"] == pytest.approx(0.6 + 0.0 + 0.2)
    assert default["fast_noisy"] == pytest.approx(0.3 + 0.2 + 0.2)
    assert default["middle"] == pytest.approx(0.54 + 0.2 * 0.5 + 0.0)
    assert default["broken"] is None


def test_rank_infeasible_after_every_feasible():
    work = workload_of(c2q.encode(MAXCUT), seed=1)
    ranking = recommend(work, devices=DEVICES, weights="fidelity=0,time=1,cost=0", seed=1)
    feasible = [r.feasible for r in ranking.targets]
    assert feasible == sorted(feasible, reverse=True) and not all(feasible)
    names = [r.name for r in ranking.targets if r.feasible]
    fastest = min((r for r in ranking.targets if r.feasible), key=lambda r: r.seconds)
    assert names[0] == fastest.name
    seconds = [r.seconds for r in ranking.targets if r.feasible]
    assert seconds == sorted(seconds)  # time-only: strictly by predicted time
    assert {r.name for r in ranking.targets if not r.feasible} >= {"fake_manila", "aer:stabilizer"}


# -- workloads -------------------------------------------------------------------------------------
def test_workload_vqe_default():
    encoded = c2q.encode(MAXCUT)
    assert encoded.algorithm["name"] == "vqe" and encoded.algorithm["maxiter"] == 1000
    work = workload_of(encoded, shots=300, seed=4)
    evaluations = min(1000, 8 * encoded.circuit.num_parameters)  # about 8 per parameter, at most maxiter
    assert 0 < evaluations < 1000
    assert (work.executions, work.shots) == (evaluations + 1, evaluations * 512 + 300)
    assert work.circuit.num_parameters == 0 and "measure" in work.circuit.count_ops()
    assert work.circuit == workload_of(encoded, shots=300, seed=4).circuit  # seeded angles


def test_workload_qaoa_and_arithmetic():
    qaoa = workload_of(c2q.encode(MAXCUT, algorithm="qaoa", reps=3, maxiter=20))
    evaluations = 16 + 20 + 20  # stages of 2, 4, 6 parameters: 8 per parameter, at most maxiter=20
    assert (qaoa.executions, qaoa.shots) == (evaluations + 1, evaluations * 512 + 2048)
    energy = workload_of(c2q.encode(MAXCUT, algorithm="qaoa", reps=2, maxiter=10, cvar_alpha=1))
    assert (energy.executions, energy.shots) == (21, 20 * 4096 + 2048)
    add = workload_of(c2q.encode(ADD), shots=100)
    assert (add.executions, add.shots) == (1, 100)


# -- the API ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def triangle_ranking():
    return c2q.recommend(TRIANGLE, devices=DEVICES, seed=1)


def test_recommend_small_maxcut(triangle_ranking):
    targets = triangle_ranking.targets
    assert triangle_ranking.best().name == "aer:statevector"
    assert triangle_ranking.best(runs_here=True).name == "aer:statevector"
    assert len(targets) == 5 + len(DEVICES)
    devices = [r for r in targets if r.kind == "fake device"]
    assert {r.name for r in devices} == set(DEVICES)
    assert all(r.feasible and 0 < r.fidelity < 1 and r.cost > 0 for r in devices)
    assert max(r.fidelity for r in devices) < 1 == targets[0].fidelity


def test_recommend_deterministic(triangle_ranking):
    again = c2q.recommend(TRIANGLE, devices=DEVICES, seed=1)

    def summary(ranking):
        return [(r.name, r.feasible, r.fidelity, r.two_qubit_gates, r.depth) for r in ranking.targets]

    assert summary(again) == summary(triangle_ranking)


def test_recommendation_to_dict_and_plot(triangle_ranking, tmp_path):
    data = json.loads(json.dumps(triangle_ranking.to_dict()))
    assert set(data) == {"workload", "weights", "targets", "seconds", "notes"}
    assert set(data["workload"]) == {"label", "qubits", "executions", "shots"}
    assert data["workload"]["qubits"] == 3 and data["weights"] == DEFAULT_WEIGHTS
    assert set(data["targets"][0]) == set(Estimate.__dataclass_fields__)
    assert [t["name"] for t in data["targets"]] == [r.name for r in triangle_ranking.targets]
    out = tmp_path / "tradeoff.png"
    triangle_ranking.plot(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_recommend_every_fake_device():
    """The one all-device run: every fake device gets exactly one row, none crashes."""
    ranking = recommend(workload(ghz(3)), seed=1)
    devices = [r for r in ranking.targets if r.kind == "fake device"]
    assert sorted(r.name for r in devices) == sorted(device_classes())
    for r in devices:
        if r.feasible:
            assert 0 < r.fidelity <= 1 and r.seconds > 0 and r.cost > 0, r.name
        else:
            assert r.reason, r.name


def test_recommend_rejects_bad_opt_level():
    with pytest.raises(OptionError, match="--opt-level"):
        recommend(workload(ghz(2)), devices=[], optimization_level=4)


# -- the CLI ---------------------------------------------------------------------------------------
def run_cli(capsys, *args):
    from c2q import cli

    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, err, *words):
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("c2q: error:"), err
    for word in words:
        assert word in lines[0]


def test_cli_recommend_json(capsys):
    code, out, _ = run_cli(capsys, "recommend", MAXCUT, "--devices", "fake_manila,fake_kolkata", "--seed", 1, "--json")
    assert code == 0
    data = json.loads(out)
    names = [t["name"] for t in data["targets"]]
    assert names[0] == "aer:statevector" and {"fake_manila", "fake_kolkata"} <= set(names)
    manila = next(t for t in data["targets"] if t["name"] == "fake_manila")
    assert manila["feasible"] is False and manila["reason"] == "needs 6 qubits, device has 5"


def test_cli_recommend_table(capsys):
    code, out, _ = run_cli(capsys, "recommend", MAXCUT, "--devices", "fake_kolkata", "--seed", 1)
    assert code == 0
    assert "aer:statevector" in out and "fake_kolkata" in out
    assert "ranked 6 targets" in out


def test_cli_recommend_bad_options(capsys, tmp_path):
    code, _, err = run_cli(capsys, "recommend", MAXCUT, "--weights", "nonsense")
    assert_one_line_error(code, err, "--weights", "nonsense")
    code, _, err = run_cli(capsys, "recommend", MAXCUT, "--devices", "fake_nosuch")
    assert_one_line_error(code, err, "fake_nosuch", "did you mean")
    code, _, err = run_cli(capsys, "recommend", MAXCUT, "--prices", tmp_path / "missing.json")
    assert_one_line_error(code, err, "--prices")


@pytest.mark.parametrize("command", ["solve", "recommend"])
def test_cli_rejects_opt_level_5(capsys, command):
    with pytest.raises(SystemExit) as exc:
        run_cli(capsys, command, MAXCUT, "--opt-level", 5)
    assert exc.value.code == 2
    assert "--opt-level" in capsys.readouterr().err


# -- --backend auto --------------------------------------------------------------------------------
def test_auto_backend_maxcut():
    result = c2q.solve(MAXCUT, backend="auto", seed=3)
    assert result.backend["name"].startswith("aer:") and result.backend["method"] == "statevector"
    assert result.backend["selected_by"] == "recommender"
    assert any(w.startswith("--backend auto chose aer:statevector") for w in result.warnings)
    assert result.feasible


def test_auto_backend_arithmetic_small_and_wide():
    """A small adder runs fastest as a statevector; a 41-qubit one only fits as an MPS (bond dimension 1)."""
    small = c2q.solve(ADD, backend="auto", seed=3)
    assert small.backend["name"] == "aer:statevector" and small.answer["result"] == 8
    wide = c2q.solve({"family": "add", "operands": [2**19 + 3, 2**18 + 5], "bits": 20}, backend="auto", seed=3)
    assert wide.backend["name"] == "aer:matrix_product_state"
    assert wide.backend["selected_by"] == "recommender"
    assert any("--backend auto chose aer:mps" in w for w in wide.warnings)
    assert wide.answer["result"] == 2**19 + 3 + 2**18 + 5


def test_auto_backend_nothing_fits(monkeypatch, tmp_path, capsys):
    """The adder has 42 non-Clifford gates (no stabiliser method) and MPS memory is out of reach."""
    monkeypatch.setattr(predict, "available_memory_bytes", lambda: 1)
    with pytest.raises(BackendError, match=r"--backend auto: no simulator.*`c2q recommend`"):
        c2q.solve(ADD, backend="auto", seed=1)
    spec = tmp_path / "add.json"
    spec.write_text(json.dumps(ADD))
    code, _, err = run_cli(capsys, "solve", spec, "--backend", "auto", "--json")
    assert_one_line_error(code, err, "c2q recommend")


def test_user_backend_is_marked_user():
    result = c2q.solve(ADD, backend="aer:mps", seed=3)
    assert result.backend["selected_by"] == "user"
    assert not any("--backend auto" in w for w in result.warnings)


# -- --opt-level -----------------------------------------------------------------------------------
def test_opt_level():
    assert get_backend("fake_manila", optimization_level=1).optimization_level == 1
    assert get_backend("fake_manila").optimization_level == 3
    assert get_backend("aer:statevector", optimization_level=2).optimization_level == 2
    assert get_backend("aer").optimization_level == 1
    for level in (-1, 4, 5):
        with pytest.raises(OptionError, match="--opt-level"):
            get_backend("fake_manila", optimization_level=level)


# -- regressions ---------------------------------------------------------------------------------
def test_infeasible_simulator_does_not_run_here():
    rotated = ghz(2).remove_final_measurements(inplace=False)
    rotated.t(0)
    rotated.measure_all()
    stab = by_name(simulator_estimates(workload(rotated), logical_profile(rotated, seed=1)))["aer:stabilizer"]
    assert not stab.feasible
    assert not stab.runs_here


def test_prices_must_be_finite(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text('{"default": NaN}')
    with pytest.raises(OptionError, match="--prices"):
        load_prices(path)


def test_duplicate_device_names_ranked_once():
    ranking = recommend(workload(ghz(2)), devices=["fake_manila", "FakeManilaV2"], seed=1)
    assert [r.name for r in ranking.targets].count("fake_manila") == 1


def test_recommendation_best_none_when_nothing_feasible():
    ranking = Recommendation([row("a", 1.0, 1.0, 0.0, feasible=False)], DEFAULT_WEIGHTS, workload(ghz(1)))
    assert ranking.best() is None and ranking.best(runs_here=True) is None


def test_encoding_note_only_where_a_device_would_run_another_encoding():
    """Factoring runs Grover's oracle on simulators and the binary VQE encoding on devices: the
    ranking says so. A 10-city TSP runs the one-hot encoding on both: no note (its encoding's
    internal name, ``qubo``, is not the option's)."""
    from c2q.api import recommend

    factor = recommend({"family": "factor", "n": 15}, devices=["fake_manila"], ibm=False, seed=1)
    assert any("on a device `c2q solve` runs the binary encoding" in note for note in factor.notes)
    rng = np.random.default_rng(3)
    points = rng.uniform(0, 100, size=(10, 2))
    cities = np.rint(np.linalg.norm(points[:, None] - points[None], axis=2)).astype(int).tolist()
    tsp = recommend({"family": "tsp", "distance_matrix": cities}, devices=["fake_manila"], ibm=False, seed=1)
    assert not any("encoding that runs on simulators" in note for note in tsp.notes)


def test_noise_warning_suggests_what_the_program_can_lose():
    """Below 1% predicted fidelity everywhere (60 nodes: no simulator holds the QAOA circuit): QAOA
    with 2 layers is told to drop one; recursive QAOA, one layer already, only to shrink the instance."""
    import networkx as nx

    from c2q.api import recommend

    graph = nx.random_regular_graph(3, 60, seed=60)
    spec = {"family": "maxcut", "graph": {"edges": [list(e) for e in graph.edges()]}}
    for algorithm, fix in (("qaoa", "fewer layers (--reps 1)"), ("rqaoa", "recursive QAOA runs one layer")):
        notes = recommend(spec, algorithm=algorithm, devices=["fake_sherbrooke"], ibm=False, seed=1).notes
        warning = [note for note in notes if "predicted fidelity is below" in note]
        assert warning and fix in warning[0], notes
