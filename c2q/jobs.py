"""Jobs submitted to IBM Quantum: ``list_jobs``, ``job_status``, ``job_result``, ``job_data``.

What ``c2q jobs`` runs. Every job ``c2q solve --backend ibm:<device>`` submits has a local record
(:mod:`c2q.backends.records`) with the problem and the solve options; a final-sampling job's counts
decode through the same decoder as :func:`c2q.api.solve`, into the same :class:`Result` schema.

>>> import c2q.jobs
>>> [r["job_id"] for r in c2q.jobs.list_jobs()]  # doctest: +SKIP
['d1x...', ...]
>>> c2q.jobs.job_result("d1x...").answer  # doctest: +SKIP
{'partition': [[0, 2], [1, 3]], 'cut_value': 4.0}
"""

from __future__ import annotations

import time
from typing import Any

from c2q.errors import BackendError
from c2q.result import Result

#: the stage whose samples are the answer (variational training jobs are ``training``)
FINAL = "final sampling"


def list_jobs() -> list[dict[str, Any]]:
    """The records of every job submitted from this machine, oldest first (no service contacted)."""
    from c2q.backends import records

    return records.records()


def job_record(job_id: str) -> dict[str, Any] | None:
    """The local record of ``job_id``, or ``None``.

    :raises BackendError: a malformed job id.
    """
    from c2q.backends import records

    return records.read(job_id)


def job_status(job_id: str) -> dict[str, Any]:
    """The job's status from IBM Quantum, with what its local record says about it.

    :returns: ``job_id``, ``status`` (``QUEUED``, ``RUNNING``, ``DONE``, ``ERROR``, ``CANCELLED``...),
        and, when recorded, ``backend``, ``stage``, ``family``, ``created``.
    :raises BackendError: malformed id, no credentials, no such job.
    """
    from c2q.backends.ibm import retrieve

    record = job_record(job_id)
    status = retrieve(job_id, record).status()
    context = {key: record.get(key) for key in ("backend", "stage", "family", "created")} if record else {}
    return {"job_id": job_id, "status": status, **context}


def job_data(job_id: str) -> dict[str, Any]:
    """The raw data of a finished job: per pub, counts of each classical register, or ``evs`` / ``stds``.

    :raises BackendError: malformed id, no credentials, no such job, or the job failed.
    """
    from c2q.backends.ibm import retrieve

    result = retrieve(job_id, job_record(job_id)).result()
    return {"job_id": job_id, "pubs": [_pub_data(pub) for pub in result]}


def job_result(job_id: str) -> Result:
    """Fetch a final-sampling job's counts and decode them as :func:`c2q.api.solve` would have.

    The result's ``circuit`` section is the job's compiled circuit, as recorded at submission;
    ``algorithm`` holds the solve's settings (no training figures: they were never in this job).

    :raises BackendError: malformed id, no local record, not a final-sampling job, no
        credentials, no such job, or the job failed.
    """
    from c2q.api import classical_reference, decoded_result
    from c2q.backends.ibm import retrieve
    from c2q.spec import build_problem, parse_spec

    start = time.perf_counter()
    record = job_record(job_id)
    if record is None or "spec" not in record:
        raise BackendError(
            f"job {job_id}: no record of it on this machine, so nothing says which problem it solved "
            f"(fix: records are in $C2Q_HOME/jobs; `c2q jobs result {job_id} --raw` prints the job's data)"
        )
    if record.get("stage") != FINAL:
        raise BackendError(
            f"job {job_id} is a {record.get('stage')} job ({record.get('primitive')} call), not the final "
            f"sampling (fix: `c2q jobs list` shows the final-sampling job; `--raw` prints this one's data)"
        )
    timings: dict[str, float] = {}
    t = time.perf_counter()
    counts = _counts(retrieve(job_id, record).result())
    timings["fetch"] = time.perf_counter() - t

    t = time.perf_counter()
    options = record["options"]
    valid = parse_spec(record["spec"], source_format=record.get("source_format"))
    problem = build_problem(valid)
    enc = problem.encode(options["encoding"])
    timings["encode"] = time.perf_counter() - t
    warnings = [
        *valid.warnings,
        *enc.notes,
        f"decoded from job {job_id} ({FINAL} on {record['device']}, submitted {record['created']})",
    ]
    t = time.perf_counter()
    reference = classical_reference(problem, warnings)
    timings["classical"] = time.perf_counter() - t
    return decoded_result(
        valid,
        problem,
        enc,
        counts,
        reference,
        algorithm=dict(options["algorithm"]),
        backend={
            "name": record["backend"],
            "method": record.get("method"),
            "shots": sum(counts.values()),
            "seed": options.get("seed"),
            "selected_by": "user",  # auto never submits to hardware
            "job_id": job_id,
        },
        circuit=record["circuit"],
        timings=timings,
        warnings=warnings,
        start=start,
    )


def _counts(result: Any) -> dict[str, int]:
    """Counts of the first pub's (only) classical register: the algorithms measure into one."""
    return next(iter(result[0].data.values())).get_counts()


def _pub_data(pub: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in pub.data.items():
        if hasattr(value, "get_counts"):
            data[name] = value.get_counts()
        else:
            data[name] = value.tolist() if hasattr(value, "tolist") else value
    return data
