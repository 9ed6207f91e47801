"""Running many independent tasks with Ray: a session (a local Ray of its own, or a cluster) and
a map over it that survives dying workers. Shared by batch solving (:mod:`c2q.batch`) and seed
sweeps of the architecture search (:mod:`c2q.agents.sweep`); it imports nothing of the project.

Ray is imported only when a function runs, to keep ``import c2q`` lean.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any


def default_workers() -> int:
    """Workers when none are asked for: the CPUs of this machine."""
    return os.cpu_count() or 1


def ray_map(
    fn: Callable[..., Any], items: list[Any], args_of: Callable[[Any], tuple], workers: int, started: bool
) -> Iterator[tuple[Any, Any, tuple[str, BaseException] | None]]:
    """Run ``fn(*args_of(item))`` for each item as a Ray task (one CPU, no retry) in the Ray of
    :func:`ray_session`; yield ``(item, value, failure)`` as each ends, in completion order.

    ``failure`` is ``None``, ``("error", exception raised by fn)`` or ``("crashed", RayError)`` when
    the worker died. A Ray started here has exactly ``workers`` CPUs, so every task is submitted at
    once; on a cluster (or a Ray started by the caller) at most ``workers`` are in flight. Tasks
    still pending when the caller stops (or an exception escapes) are cancelled.
    """
    import ray
    from ray.exceptions import RayError, RayTaskError

    task = ray.remote(num_cpus=1, max_retries=0)(fn)
    queue = iter(items)
    pending: dict[Any, Any] = {}

    def submit() -> None:
        item = next(queue, None)
        if item is not None:
            pending[task.remote(*args_of(item))] = item

    try:
        for _ in range(len(items) if started else workers):
            submit()
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                item = pending.pop(ref)
                submit()
                try:
                    yield item, ray.get(ref), None
                except RayTaskError as exc:
                    yield item, None, ("error", exc.cause if exc.cause is not None else exc)
                except RayError as exc:
                    yield item, None, ("crashed", exc)
    finally:
        for ref in pending:
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)


@contextlib.contextmanager
def ray_session(workers: int | None = None, address: str | None = None) -> Iterator[tuple[bool, int]]:
    """Ray for a batch of tasks: yields ``(started here, worker count)``; a Ray started here is shut down after.

    :param workers: CPUs of a local Ray (default: the CPUs here); on a cluster, the tasks to keep in
        flight (default: the cluster's CPUs).
    :param address: Ray cluster (``ray://host:10001``, ``auto``); default ``RAY_ADDRESS``, else a
        new local Ray. A Ray already initialised in this process is used as it is.
    """
    from c2q.extras import require

    require("ray", "running in parallel", "--workers 0 solves one after another in this process")
    import ray

    started, workers = _start_ray(workers, address)
    try:
        yield started, workers
    finally:
        if started:
            ray.shutdown()


def _start_ray(workers: int | None, address: str | None) -> tuple[bool, int]:
    """Connect to Ray or start it quietly: (whether it was started here, worker count)."""
    import logging

    import ray

    if ray.is_initialized():
        return False, workers or int(ray.cluster_resources().get("CPU", 1))
    address = address or os.environ.get("RAY_ADDRESS") or None
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    if address:
        ray.init(address=address, **quiet)
        return False, workers or int(ray.cluster_resources().get("CPU", 1))
    workers = workers or default_workers()
    # "local": always a new Ray of our own, never one left running by `ray start`
    ray.init(address="local", num_cpus=workers, include_dashboard=False, **quiet)
    # Ray still prints a raylet notice (on stdout) when a worker dies; the batch records it as a
    # crashed spec instead. This is the switch ray.util.rpdb uses to silence the driver's output.
    with contextlib.suppress(AttributeError):
        ray._private.worker._worker_logs_enabled = False
    return True, workers
