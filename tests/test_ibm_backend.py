"""IBM Quantum through qiskit-ibm-runtime: ``--backend ibm:<device>`` and ``c2q jobs``.

No network here. Two ways in:
- qiskit-ibm-runtime's local testing mode (``QISKIT_IBM_CHANNEL=local``): the real service
  class, real primitives and a fake device, end to end through the CLI;
- a stand-in for the service at its network boundary (``QiskitRuntimeService``, the primitives'
  ``run``, the jobs' ``status``/``result``): devices are real fake devices, so compilation is
  real, and results come from local runs. It fails on cue (transient errors, failed jobs).
"""

import json
import socket

import c2q.backends.ibm
import pytest
from c2q.backends import get_backend
from c2q.backends.ibm import IBMBackend
from qiskit.circuit.library import real_amplitudes
from qiskit.providers.exceptions import QiskitBackendNotFoundError
from qiskit_ibm_runtime import EstimatorV2, SamplerV2
from qiskit_ibm_runtime.accounts import AccountNotFoundError, InvalidAccountError
from qiskit_ibm_runtime.api.exceptions import RequestsApiError
from qiskit_ibm_runtime.exceptions import IBMNotAuthorizedError, IBMRuntimeError, RuntimeJobNotFound
from qiskit_ibm_runtime.fake_provider import FakeGuadalupeV2, FakeManilaV2

from c2q import cli
from c2q.errors import BackendError, OptionError

TOKEN = "c2q-test-token-7f3a9b2e5d1c"
SQUARE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0]]}}
RING7 = {"family": "maxcut", "graph": {"edges": [[i, (i + 1) % 7] for i in range(7)]}}


# -- the stand-in service ----------------------------------------------------------------------
class Cloud:
    """What the stand-in IBM Quantum holds and how it misbehaves next."""

    def __init__(self):
        self.jobs = {}
        self.submits = 0
        self.submit_failures = 0  # transient failures of the next submissions
        self.poll_failures = 0  # transient failures of the next status polls
        self.final_state = "DONE"  # state of the next jobs
        self.error = None  # error message of failed jobs
        self.service_error = None  # raised by QiskitRuntimeService(...)
        self.services = []


class MockJob:
    """A runtime job: QUEUED, RUNNING, then its final state; the result of a local run."""

    def __init__(self, cloud, job_id, result, final_state, error):
        self.cloud, self.id, self._result, self.error = cloud, job_id, result, error
        self.states = ["QUEUED", "RUNNING", final_state]

    def job_id(self):
        return self.id

    def status(self):
        if self.cloud.poll_failures:
            self.cloud.poll_failures -= 1
            raise RequestsApiError("502 Server Error: Bad Gateway for url: https://quantum.cloud.ibm.com/api", 502)
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]

    def error_message(self):
        return self.error

    def result(self):
        return self._result


def submitter(cloud, base):
    """A runtime primitive whose ``run`` goes to the stand-in cloud (and runs locally on the fake device)."""

    class CloudPrimitive(base):
        def run(self, pubs, **options):
            cloud.submits += 1
            if cloud.submit_failures:
                cloud.submit_failures -= 1
                raise IBMRuntimeError("Failed to run program: 503 Server Error: Service Unavailable")
            result = super().run(pubs, **options).result()
            job = MockJob(
                cloud, f"d{len(cloud.jobs):03d}abc{cloud.submits:04d}", result, cloud.final_state, cloud.error
            )
            cloud.jobs[job.id] = job
            return job

    return CloudPrimitive


@pytest.fixture
def cloud(monkeypatch, tmp_path):
    """The stand-in service with one account (token ``TOKEN``) offering fake_manila and fake_guadalupe."""
    state = Cloud()
    devices = {"fake_manila": FakeManilaV2, "fake_guadalupe": FakeGuadalupeV2}

    class Service:
        def __init__(self, channel=None, token=None, instance=None, **_):
            if state.service_error is not None:
                raise state.service_error
            if token is None:
                raise AccountNotFoundError("Unable to find account.")
            self.channel, self._token, self._instance = channel, token, instance
            state.services.append(self)

        def active_account(self):
            return {"channel": self.channel, "token": self._token, "instance": self._instance}

        def active_instance(self):
            return "crn:v1:bluemix:public:quantum-computing:us-east:a/test::"

        def backend(self, name):
            if name not in devices:
                raise QiskitBackendNotFoundError("No backend matches the criteria.")
            return devices[name]()

        def backends(self, min_num_qubits=None, operational=None, simulator=None):
            found = [cls() for cls in devices.values()]
            return [d for d in found if min_num_qubits is None or d.num_qubits >= min_num_qubits]

        def job(self, job_id):
            if job_id not in state.jobs:
                raise RuntimeJobNotFound(f"Job not found: {job_id}")
            return state.jobs[job_id]

    monkeypatch.setattr(c2q.backends.ibm, "QiskitRuntimeService", Service)
    monkeypatch.setattr(c2q.backends.ibm, "SamplerV2", submitter(state, SamplerV2))
    monkeypatch.setattr(c2q.backends.ibm, "EstimatorV2", submitter(state, EstimatorV2))
    monkeypatch.setattr(c2q.backends.ibm, "RETRY_DELAY", 0.0)
    for name in ("QISKIT_IBM_CHANNEL", "QISKIT_IBM_INSTANCE", "C2Q_IBM_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QISKIT_IBM_TOKEN", TOKEN)
    monkeypatch.setenv("C2Q_HOME", str(tmp_path / "home"))
    return state


def run_cli(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def submitted(err):
    """Job ids announced on stderr, in order, with their stage."""
    return [
        (line.split()[3], line.rsplit("(", 1)[1].rstrip(")"))
        for line in err.splitlines()
        if line.startswith("c2q: submitted job ")
    ]


def records(tmp_path):
    folder = tmp_path / "home" / "jobs"
    return {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")}


def write_spec(tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return path


# -- local testing mode, end to end ----------------------------------------------------------
def test_local_testing_mode_end_to_end(tmp_path, monkeypatch, capsys):
    """``c2q solve --backend ibm:fake_manila`` on the local channel: real service class and primitives."""
    monkeypatch.setenv("QISKIT_IBM_CHANNEL", "local")
    monkeypatch.delenv("QISKIT_IBM_TOKEN", raising=False)
    monkeypatch.setenv("C2Q_HOME", str(tmp_path / "home"))
    out_file = tmp_path / "result.json"
    args = ("--backend", "ibm:fake_manila", "--seed", "5", "--shots", "256", "--maxiter", "14", "--json")
    code, out, err = run_cli(capsys, "solve", write_spec(tmp_path, SQUARE), *args, "--out", out_file)
    assert code == 0, err
    result = json.loads(out)
    assert result == json.loads(out_file.read_text())
    assert result["backend"]["name"] == "ibm:fake_manila" and result["backend"]["method"] == "local testing"
    assert result["feasible"] and result["optimal"] and result["answer"]["cut_value"] == 4.0
    assert result["circuit"]["optimization_level"] == 3 and result["circuit"]["device_qubits"] == 5

    jobs = submitted(err)
    assert len(jobs) == result["algorithm"]["evaluations"] + 1  # one job per CVaR evaluation, then the sampling
    assert [stage for _, stage in jobs] == ["training"] * (len(jobs) - 1) + ["final sampling"]
    saved = records(tmp_path)
    assert set(saved) == {job_id for job_id, _ in jobs}
    final = saved[jobs[-1][0]]
    assert final["stage"] == "final sampling" and final["channel"] == "local" and final["mode"] == "job"
    assert final["spec"]["graph"]["edges"] == SQUARE["graph"]["edges"] and final["family"] == "maxcut"
    assert final["shots"] == 256 and final["input_digest"] == result["input_digest"]
    assert final["options"]["algorithm"]["name"] == "vqe" and final["options"]["seed"] == 5
    assert final["circuit"]["qubits"] == 4 and len(final["circuit"]["layout"]) == 4

    # local testing mode jobs live only in the process that ran them
    code, _, err = run_cli(capsys, "jobs", "status", jobs[-1][0])
    assert code == 2 and "local testing mode" in err and "Traceback" not in err


def test_recursive_qaoa_samples_its_correlators_on_the_device(tmp_path, monkeypatch, capsys):
    """``--algorithm rqaoa`` on a device: one announced, recorded job per eliminated spin (12-node
    ring, 10 left to enumeration: two rounds), the correlators sampled there, the answer verified."""
    monkeypatch.setenv("QISKIT_IBM_CHANNEL", "local")
    monkeypatch.setenv("C2Q_HOME", str(tmp_path / "home"))
    ring = {"family": "maxcut", "graph": {"edges": [[i, (i + 1) % 12] for i in range(12)]}}
    args = ("--backend", "ibm:fake_guadalupe", "--algorithm", "rqaoa", "--shots", "64", "--seed", "3", "--json")
    code, out, err = run_cli(capsys, "solve", write_spec(tmp_path, ring), *args)
    assert code == 0, err
    result = json.loads(out)
    assert result["algorithm"]["correlators"] == "sampled" and result["algorithm"]["rounds"] == 2
    assert result["algorithm"]["correlator_jobs"] == 2 and result["algorithm"]["shots_per_job"] == 64
    assert result["backend"]["method"] == "local testing" and result["feasible"]
    assert result["approximation_ratio"] >= 10 / 12
    jobs = submitted(err)
    assert [stage for _, stage in jobs] == ["correlators", "correlators"]
    saved = records(tmp_path)
    assert {saved[job_id]["shots"] for job_id, _ in jobs} == {64}
    assert {saved[job_id]["circuit"]["qubits"] for job_id, _ in jobs} == {12, 11}  # one spin fewer each round


def test_session_mode_opens_and_closes_one_session(tmp_path, monkeypatch):
    monkeypatch.setenv("QISKIT_IBM_CHANNEL", "local")
    monkeypatch.setenv("C2Q_IBM_MODE", "session")
    monkeypatch.setenv("C2Q_HOME", str(tmp_path / "home"))
    backend = get_backend("ibm:fake_manila")
    assert backend.mode == "session"
    circuit = real_amplitudes(2, reps=1).measure_all(inplace=False)
    with backend.job_scope({"family": "test"}):
        session = backend._open
        assert type(session).__name__ == "Session"
        counts = backend.sampler(seed=1).run([(circuit, [0.0] * 4)], shots=64).result()[0].data.meas.get_counts()
    assert sum(counts.values()) == 64
    assert backend._open is None and backend.context == {}
    (saved,) = records(tmp_path).values()
    assert saved["mode"] == "session" and saved["family"] == "test" and saved["stage"] == "final sampling"


def test_unknown_execution_mode(monkeypatch):
    monkeypatch.setenv("C2Q_IBM_MODE", "turbo")
    with pytest.raises(OptionError, match=r"C2Q_IBM_MODE=turbo.*job, session, batch"):
        get_backend("ibm:ibm_brisbane")


# -- the service stand-in: submission, retries, failures -------------------------------------
def test_solve_retries_transient_errors_and_jobs_decode(cloud, tmp_path, capsys):
    """Submissions and polls fail twice each, then succeed; every job is announced and recorded;
    ``c2q jobs result`` of the final job decodes to what ``c2q solve`` reported."""
    cloud.submit_failures = 2
    cloud.poll_failures = 2
    out_file = tmp_path / "result.json"
    args = ("--algorithm", "qaoa", "--reps", "1", "--cvar-alpha", "1", "--maxiter", "6", "--seed", "3")
    code, out, err = run_cli(
        capsys, "solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:fake_manila", *args, "--shots", "128",
        "--json", "--out", out_file,
    )  # fmt: skip
    assert code == 0, err
    solved = json.loads(out)
    assert solved["feasible"] and solved["optimal"]
    assert solved["backend"]["name"] == "ibm:fake_manila" and solved["backend"]["shots"] == 128

    assert err.count("retrying in 0 s") == 4  # two submissions, two polls
    assert cloud.submits == len(cloud.jobs) + 2
    jobs = submitted(err)
    assert [job_id for job_id, _ in jobs] == list(cloud.jobs)  # every job announced, in order
    stages = [stage for _, stage in jobs]
    assert stages[-1] == "final sampling" and set(stages[:-1]) == {"training"}
    saved = records(tmp_path)
    assert set(saved) == set(cloud.jobs)
    assert {r["primitive"] for r in saved.values()} == {"estimator", "sampler"}  # energy training, then sampling
    final_id = jobs[-1][0]
    assert saved[final_id]["instance"].startswith("crn:") and saved[final_id]["channel"] == "ibm_quantum_platform"
    assert saved[final_id]["method"] == solved["backend"]["method"]

    code, out, err = run_cli(capsys, "jobs", "status", final_id)
    assert code == 0, err
    assert out.startswith(f"job {final_id}: DONE") and "final sampling" in out and "maxcut" in out

    code, out, err = run_cli(capsys, "jobs", "result", final_id, "--json")
    assert code == 0, err
    decoded = json.loads(out)
    assert decoded["backend"]["job_id"] == final_id
    for key in ("family", "input_digest", "answer", "feasible", "objective", "optimal", "classical_optimum",
                "optimum_probability", "feasible_probability", "circuit", "encoding", "schema_version"):  # fmt: skip
        assert decoded[key] == solved[key], key
    assert set(decoded) == set(solved)  # same schema

    code, out, err = run_cli(capsys, "jobs", "result", final_id)  # readable summary
    assert code == 0 and "cut value" in out and "4.0" in out

    training_id = jobs[0][0]
    code, _, err = run_cli(capsys, "jobs", "result", training_id)
    assert code == 2 and "training job" in err and "--raw" in err
    code, out, err = run_cli(capsys, "jobs", "result", training_id, "--raw")
    assert code == 0, err
    assert "evs" in json.loads(out)["pubs"][0]

    code, out, _ = run_cli(capsys, "jobs", "list", "--json")
    assert code == 0 and [r["job_id"] for r in json.loads(out)] and len(json.loads(out)) == len(jobs)

    texts = [out_file.read_text(), *(p.read_text() for p in (tmp_path / "home" / "jobs").glob("*.json"))]
    assert not any(TOKEN in text for text in texts)


def test_retries_are_bounded(cloud):
    cloud.submit_failures = 100
    backend = get_backend("ibm:fake_manila")
    circuit = real_amplitudes(2, reps=1).measure_all(inplace=False)
    with pytest.raises(BackendError, match=r"submitting a sampler job to fake_manila: still failing after 5 attempts"):
        backend.sampler(seed=1).run([(circuit, [0.0] * 4)], shots=16)
    assert cloud.submits == c2q.backends.ibm.RETRY_ATTEMPTS
    assert not cloud.jobs


@pytest.mark.parametrize(("state", "words"), [("ERROR", "failed: "), ("CANCELLED", "was cancelled")])
def test_failed_job_is_a_backend_error_naming_it(cloud, tmp_path, capsys, state, words):
    cloud.final_state = state
    cloud.error = f"Error code 1517; circuit too deep (account {TOKEN})"
    code, out, err = run_cli(capsys, "solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:fake_manila", "--seed", 1)
    assert code == 2, err
    (job_id,) = cloud.jobs  # the first job failed: nothing more was submitted
    line = err.strip().splitlines()[-1]
    assert line.startswith("c2q: error: job ") and job_id in line and words in line
    assert "Traceback" not in err and TOKEN not in err + out
    if state == "ERROR":
        assert "circuit too deep (account ***)" in line


def test_unknown_device_lists_the_closest_on_the_account(cloud, tmp_path, capsys):
    code, _, err = run_cli(capsys, "solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:fake_manla")
    assert code == 2
    assert "no device 'fake_manla' on this IBM Quantum account (did you mean ibm:fake_manila" in err


def test_device_too_small_suggests_a_larger_one(cloud, tmp_path, capsys):
    code, _, err = run_cli(capsys, "solve", write_spec(tmp_path, RING7), "--backend", "ibm:fake_manila")
    assert code == 2
    assert "needs 7 qubits, fake_manila has 5 (fix: --backend ibm:fake_guadalupe (16 qubits) or --backend aer)" in err
    assert not cloud.jobs


# -- credentials -----------------------------------------------------------------------------
def test_missing_credentials_exit_2(tmp_path, monkeypatch, capsys):
    """The real service class, with no token in the environment and no saved account."""
    import qiskit_ibm_runtime.accounts.management as management

    for name in ("QISKIT_IBM_TOKEN", "QISKIT_IBM_CHANNEL", "QISKIT_IBM_INSTANCE", "QISKIT_IBM_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(management, "_DEFAULT_ACCOUNT_CONFIG_JSON_FILE", str(tmp_path / "none" / "qiskit-ibm.json"))
    for args in (("solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:ibm_brisbane"), ("jobs", "status", "d1x")):
        code, out, err = run_cli(capsys, *args)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith(
            "c2q: error: no IBM Quantum credentials (fix: export QISKIT_IBM_TOKEN="
        )
        assert "export QISKIT_IBM_TOKEN=" in err and "QiskitRuntimeService.save_account(" in err


def test_token_never_shown_when_the_service_quotes_it(cloud, tmp_path, capsys):
    cloud.service_error = IBMNotAuthorizedError(f"401 Client Error: Unauthorized. Invalid API key {TOKEN}.")
    code, out, err = run_cli(capsys, "solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:fake_manila", "--json")
    assert code == 2
    assert "IBM Quantum refused the credentials" in err and "Invalid API key ***" in err
    assert TOKEN not in out + err
    assert not (tmp_path / "home" / "jobs").exists()

    with pytest.raises(BackendError) as raised:  # nor in the Python API's exception chain
        IBMBackend("fake_manila").check_capacity(4)
    assert TOKEN not in str(raised.value) and raised.value.__cause__ is None and raised.value.__suppress_context__


def test_no_connection_is_retried_then_reported_as_such(cloud, tmp_path, capsys):
    """qiskit-ibm-runtime reports a failed connection as an invalid account; c2q retries and says so."""
    try:
        raise InvalidAccountError(
            "Unable to retrieve instances. Please check that you are using a valid API token."
        ) from (ConnectionError("HTTPSConnectionPool(host='iam.cloud.ibm.com', port=443): Max retries exceeded"))
    except InvalidAccountError as exc:
        cloud.service_error = exc
    code, _, err = run_cli(capsys, "solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:fake_manila")
    assert code == 2 and err.count("retrying in 0 s") == c2q.backends.ibm.RETRY_ATTEMPTS - 1
    assert "still failing after 5 attempts (cannot reach IBM Quantum (HTTPSConnectionPool" in err
    assert "refused" not in err


def test_a_host_name_that_does_not_resolve_is_reported_at_once(cloud, tmp_path, capsys):
    """No network: the lookup of the service's host fails, and no retry can help (issue 29)."""
    lookup = socket.gaierror(-2, "Name or service not known")
    try:
        try:
            raise ConnectionError("HTTPSConnectionPool(host='iam.cloud.ibm.com', port=443): NameResolutionError") from (
                lookup
            )
        except ConnectionError as network:
            raise InvalidAccountError("Unable to retrieve instances.") from network
    except InvalidAccountError as exc:
        cloud.service_error = exc
    code, _, err = run_cli(capsys, "solve", write_spec(tmp_path, SQUARE), "--backend", "ibm:fake_manila")
    assert code == 2 and "retrying" not in err
    assert "a host name does not resolve" in err and "QISKIT_IBM_CHANNEL=local" in err
    assert (
        c2q.backends.ibm.transient(ConnectionError("Max retries exceeded")) is True
    )  # still retried without a lookup failure


def test_job_lookups(cloud, capsys):
    for bad in ("../../etc/passwd", "a b", ""):
        code, _, err = run_cli(capsys, "jobs", "status", bad)
        assert code == 2 and "not a job id" in err
    code, _, err = run_cli(capsys, "jobs", "status", "d999nosuchjob")
    assert code == 2 and "no such job on this IBM Quantum account" in err
    code, _, err = run_cli(capsys, "jobs", "result", "d999nosuchjob")
    assert code == 2 and "no record of it on this machine" in err


def test_backend_names_and_help():
    backend = get_backend("ibm:ibm_brisbane", optimization_level=1)
    assert isinstance(backend, IBMBackend)
    assert (backend.name, backend.device_name, backend.optimization_level) == ("ibm:ibm_brisbane", "ibm_brisbane", 1)
    with pytest.raises(BackendError, match="needs a device name"):
        get_backend("ibm:")
    solve = cli.build_parser()._subparsers._group_actions[0].choices["solve"]
    assert "ibm:<name>" in " ".join(solve.format_help().split())


# -- the recommender ranks the account's devices --------------------------------------------------
def test_recommend_ranks_the_accounts_live_devices(cloud, capsys, tmp_path):
    spec = tmp_path / "square.json"
    spec.write_text(json.dumps(SQUARE))
    code, out, err = run_cli(capsys, "recommend", spec, "--devices", "fake_kolkata", "--seed", "1", "--json")
    assert code == 0
    ranking = json.loads(out)
    live = {row["name"]: row for row in ranking["targets"] if row["kind"] == "ibm device"}
    assert set(live) == {"ibm:fake_manila", "ibm:fake_guadalupe"}
    assert all(row["feasible"] and 0 < row["fidelity"] < 1 and row["cost"] > 0 for row in live.values())
    assert ranking["notes"] == []
    assert TOKEN not in out + err


def test_recommend_without_the_service_notes_it_and_ranks_the_rest(cloud, capsys, tmp_path):
    spec = tmp_path / "square.json"
    spec.write_text(json.dumps(SQUARE))
    cloud.service_error = RequestsApiError("502 Server Error: Bad Gateway " + TOKEN, 502)
    code, out, err = run_cli(capsys, "recommend", spec, "--devices", "fake_kolkata", "--seed", "1", "--json")
    assert code == 0
    ranking = json.loads(out)
    assert [n for n in ranking["notes"] if n.startswith("IBM Quantum devices left out")]
    assert not [row for row in ranking["targets"] if row["kind"] == "ibm device"]
    assert len(cloud.services) == 0 and "retrying" not in err  # one attempt: a ranking does not wait
    assert TOKEN not in out + err


def test_recommend_skips_the_account_when_asked(cloud, capsys, tmp_path):
    spec = tmp_path / "square.json"
    spec.write_text(json.dumps(SQUARE))
    code, out, _ = run_cli(capsys, "recommend", spec, "--devices", "fake_kolkata", "--no-ibm", "--json")
    assert code == 0 and not [r for r in json.loads(out)["targets"] if r["kind"] == "ibm device"]
    assert cloud.services == []
