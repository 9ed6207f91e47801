"""Local records of submitted jobs: one JSON file per job in ``$C2Q_HOME/jobs/<job-id>.json``.

``C2Q_HOME`` defaults to ``~/.c2q``. A record says where a job ran and what it was for (the
problem spec and the solve options), so that ``c2q jobs result`` can decode a job's samples long
after the process that submitted it has gone. Records never hold credentials.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from c2q.errors import BackendError

#: what a job id may look like (IBM ids, UUIDs): a file name, never a path
JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def home() -> Path:
    """c2q's own folder: ``$C2Q_HOME``, default ``~/.c2q``."""
    return Path(os.environ.get("C2Q_HOME") or "~/.c2q").expanduser()


def jobs_dir() -> Path:
    """Where job records live."""
    return home() / "jobs"


def check_job_id(job_id: str) -> str:
    """``job_id`` when it looks like a job id.

    :raises BackendError: empty, too long, or characters a job id never has (``/``, spaces...).
    """
    if not JOB_ID.fullmatch(job_id) or job_id.endswith(".json"):
        raise BackendError(
            f"job id '{job_id}': not a job id (fix: copy the id printed at submission, or see `c2q jobs list`)"
        )
    return job_id


def write(record: dict[str, Any]) -> Path:
    """Write a job's record (atomically) and return its path."""
    job_id = check_job_id(record["job_id"])
    folder = jobs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job_id}.json"
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)
    return path


def read(job_id: str) -> dict[str, Any] | None:
    """The record of ``job_id``, or ``None`` when this machine has none.

    :raises BackendError: malformed id, or a record that is not valid JSON.
    """
    path = jobs_dir() / f"{check_job_id(job_id)}.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackendError(f"job record {path}: unreadable ({exc}) (fix: delete the file)") from None


def records() -> list[dict[str, Any]]:
    """Every readable record, oldest first."""
    folder = jobs_dir()
    found = []
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(found, key=lambda r: (str(r.get("created", "")), str(r.get("job_id", ""))))
