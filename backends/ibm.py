"""IBM Quantum hardware through qiskit-ibm-runtime: ``--backend ibm:<device>`` (``ibm:ibm_brisbane``).

Credentials, first found wins:

1. ``QISKIT_IBM_TOKEN`` (an IBM Cloud API key), with ``QISKIT_IBM_INSTANCE`` (the instance's CRN
   or name, optional) and ``QISKIT_IBM_CHANNEL`` (default ``ibm_quantum_platform``);
2. the account saved once with ``QiskitRuntimeService.save_account(token=..., instance=...,
   set_as_default=True)``.

``QISKIT_IBM_CHANNEL=local`` selects qiskit-ibm-runtime's local testing mode instead: the service
offers its fake devices (``ibm:fake_manila``) and runs jobs on a local noisy simulator, through
this same code path, without an account.

The token is never printed, logged or written: every message that comes from the service is
passed through :func:`scrub` first, and errors are re-raised without their cause.

Circuits are compiled for the device as on every device (:mod:`c2q.backends.device`), then submitted
with qiskit-ibm-runtime's SamplerV2 / EstimatorV2, in job mode unless ``C2Q_IBM_MODE`` is
``session`` (one session for all the jobs of a solve: variational training makes many calls) or
``batch``. Each job's id goes to stderr and to a local record (:mod:`c2q.backends.records`); waiting
shows the job's status and elapsed time on a terminal. Transient failures (connection errors,
HTTP 408/429/5xx) of submission and polling are retried with exponential backoff, up to
:data:`RETRY_ATTEMPTS` attempts; a failed or cancelled job is a :class:`BackendError` naming it.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import socket
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, TypeVar

from c2q.backends.device import DEVICE_OPTIMIZATION_LEVEL, DeviceBackend
from c2q.backends.records import check_job_id
from c2q.backends.records import write as write_record
from qiskit.exceptions import QiskitError
from qiskit.providers.exceptions import QiskitBackendNotFoundError
from qiskit_ibm_runtime import Batch, EstimatorV2, QiskitRuntimeService, SamplerV2, Session
from qiskit_ibm_runtime import IBMBackend as RuntimeDevice
from qiskit_ibm_runtime.accounts import AccountNotFoundError, InvalidAccountError
from qiskit_ibm_runtime.api.exceptions import RequestsApiError
from qiskit_ibm_runtime.exceptions import (
    IBMApiError,
    IBMBackendApiError,
    IBMNotAuthorizedError,
    IBMRuntimeError,
    RuntimeJobNotFound,
)

from c2q.console import stderr_console
from c2q.errors import BackendError, OptionError

T = TypeVar("T")

#: ``--backend`` prefix of IBM devices
PREFIX = "ibm:"
#: channel used with ``QISKIT_IBM_TOKEN`` when ``QISKIT_IBM_CHANNEL`` is not set
DEFAULT_CHANNEL = "ibm_quantum_platform"
CHANNELS = ("ibm_quantum_platform", "ibm_cloud", "local")
#: execution modes offered by ``C2Q_IBM_MODE`` (default ``job``)
MODES = ("job", "session", "batch")
#: attempts of one call to the service before a transient failure becomes an error
RETRY_ATTEMPTS = 5
#: seconds before the second attempt; doubles at each attempt, up to :data:`RETRY_MAX_DELAY`
RETRY_DELAY = 2.0
RETRY_MAX_DELAY = 30.0
#: seconds between status polls of a job: the first, then 1.5 times longer each time, up to the last
POLL_START = 0.02
POLL_MAX = 5.0
FINAL_STATES = ("DONE", "ERROR", "CANCELLED")

NO_CREDENTIALS = (
    "no IBM Quantum credentials (fix: export QISKIT_IBM_TOKEN=<your IBM Cloud API key> and, optionally, "
    'QISKIT_IBM_INSTANCE=<instance CRN>; or save them once: python -c "from qiskit_ibm_runtime import '
    "QiskitRuntimeService; QiskitRuntimeService.save_account(token='<API key>', instance='<CRN>', "
    'set_as_default=True)"; QISKIT_IBM_CHANNEL=local runs fake devices locally without an account)'
)
REFUSED = "fix: check QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE, or the saved account"
OFFLINE = "fix: check the network connection and any proxy; QISKIT_IBM_CHANNEL=local runs fake devices offline"
#: how a failed name lookup reads once wrapped by requests / urllib3 / the runtime
UNRESOLVED_TEXT = re.compile(
    r"Name or service not known|Temporary failure in name resolution|nodename nor servname|getaddrinfo failed"
    r"|NameResolutionError|No address associated with hostname",
    re.I,
)
#: HTTP errors that qiskit-ibm-runtime wraps in its own exceptions, worth another attempt
TRANSIENT_TEXT = re.compile(
    r"\b(408|429|50[0-4])\b|Max retries exceeded|Connection (aborted|reset|refused)|timed out|maintenance", re.I
)

_secrets: set[str] = set()


# -- secrets ---------------------------------------------------------------------------------
def scrub(text: str) -> str:
    """``text`` with every credential this process knows of replaced by ``***``."""
    known = {*_secrets, os.environ.get("QISKIT_IBM_TOKEN") or ""}
    for secret in sorted((s for s in known if len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _remember(service: Any) -> None:
    """Note the token of the account ``service`` uses (a saved account's), for :func:`scrub`."""
    account = getattr(service, "active_account", None)
    token = (account() or {}).get("token") if callable(account) else None
    if isinstance(token, str):
        _secrets.add(token)


def note(message: str) -> None:
    """One line on stderr (above any status line), credentials scrubbed."""
    print(scrub(message), file=sys.stderr, flush=True)


# -- calls to the service --------------------------------------------------------------------
def _unreachable(exc: BaseException) -> bool:
    """Whether qiskit-ibm-runtime reports a failed connection as an invalid account (it does, when
    it cannot list the account's instances: the cause is then the network error)."""
    return isinstance(exc, InvalidAccountError) and isinstance(exc.__cause__, OSError)


def _name_unresolved(exc: BaseException) -> bool:
    """Whether the failure, or one it was raised from, is a host name that does not resolve (no
    network, a typo in a proxy or an endpoint): repeating the call cannot help."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror) or UNRESOLVED_TEXT.search(str(current)):
            return True
        current = current.__cause__ or current.__context__
    return False


def transient(exc: BaseException) -> bool:
    """Whether a failed call to the service is worth repeating (network, throttling, 5xx); never a
    host name that does not resolve."""
    if _name_unresolved(exc):
        return False
    if _unreachable(exc):
        return True
    if isinstance(exc, RequestsApiError):
        return exc.status_code in (-1, 408, 429) or exc.status_code >= 500
    if isinstance(exc, IBMNotAuthorizedError | AccountNotFoundError | InvalidAccountError):
        return False
    if isinstance(exc, ConnectionError | TimeoutError):  # the runtime wraps requests' own in RequestsApiError
        return True
    if isinstance(exc, IBMRuntimeError | IBMApiError | IBMBackendApiError):
        return bool(TRANSIENT_TEXT.search(str(exc)))
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return scrub(line if len(line) <= 300 else line[:297] + "...")


def call(fn: Callable[[], T], what: str, attempts: int = RETRY_ATTEMPTS) -> T:
    """``fn()``, a call to IBM Quantum, retried on transient failures with exponential backoff.

    :param what: the action, for messages (``submitting a sampler job to ibm_brisbane``).
    :param attempts: tries before giving up (1: no retry).
    :raises BackendError: a permanent failure, or a transient one after :data:`RETRY_ATTEMPTS`
        attempts; the message is scrubbed of credentials and the cause is not chained.
    """
    delay = RETRY_DELAY
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except (QiskitError, OSError) as exc:  # the service's errors, and the network's
            message = _first_line(exc)
            if _unreachable(exc):
                assert exc.__cause__ is not None  # _unreachable: the network's OSError is the cause
                message = f"cannot reach IBM Quantum ({_first_line(exc.__cause__)})"
            if not transient(exc):
                if _name_unresolved(exc):
                    message = f"cannot reach IBM Quantum: a host name does not resolve ({message}) ({OFFLINE})"
                elif isinstance(exc, IBMNotAuthorizedError | InvalidAccountError):
                    message = f"IBM Quantum refused the credentials ({message}) ({REFUSED})"
                raise BackendError(f"{what}: {message}") from None
            if attempt == attempts:
                tries = f"after {attempts} attempts " if attempts > 1 else ""
                raise BackendError(f"{what}: still failing {tries}({message}) (fix: try again later)") from None
            note(f"c2q: {what}: {message}; retrying in {delay:g} s (attempt {attempt + 1} of {attempts})")
            time.sleep(delay)
            delay = min(2 * delay, RETRY_MAX_DELAY)
    raise AssertionError("unreachable")


class _QuietTokenNotice(logging.Filter):
    """Drops qiskit-ibm-runtime's notice that an explicit token is used (the user asked for it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Loading account with the given token")


def connect(instance: str | None = None, attempts: int = RETRY_ATTEMPTS) -> Any:
    """A ``QiskitRuntimeService`` from the environment, else from the saved account.

    :param instance: instance to use when ``QISKIT_IBM_INSTANCE`` is not set (a job record's).
    :param attempts: connection tries (see :func:`call`).
    :raises BackendError: no credentials (with how to set them), refused credentials, or no connection.
    """
    channel = os.environ.get("QISKIT_IBM_CHANNEL") or None
    token = os.environ.get("QISKIT_IBM_TOKEN") or None
    if channel is not None and channel not in CHANNELS:
        raise BackendError(f"QISKIT_IBM_CHANNEL={channel}: unknown channel (fix: one of {', '.join(CHANNELS)})")
    if channel == "local":
        return QiskitRuntimeService(channel="local")
    options: dict[str, Any] = {}
    if token:
        options = {"channel": channel or DEFAULT_CHANNEL, "token": token}
    elif channel:
        options["channel"] = channel
    instance = os.environ.get("QISKIT_IBM_INSTANCE") or instance
    if instance:
        options["instance"] = instance

    def open_service() -> Any:
        quiet = _QuietTokenNotice()
        runtime_log = logging.getLogger(QiskitRuntimeService.__module__)
        runtime_log.addFilter(quiet)
        try:
            return QiskitRuntimeService(**options)
        except AccountNotFoundError:
            raise BackendError(NO_CREDENTIALS) from None
        finally:
            runtime_log.removeFilter(quiet)

    service = call(open_service, "connecting to IBM Quantum", attempts)
    _remember(service)
    return service


def account_configured() -> bool:
    """Whether IBM Quantum credentials are set (``QISKIT_IBM_TOKEN``) or saved; the local channel is not an account."""
    if os.environ.get("QISKIT_IBM_CHANNEL") == "local":
        return False
    if os.environ.get("QISKIT_IBM_TOKEN"):
        return True
    try:
        return bool(QiskitRuntimeService.saved_accounts())
    except Exception:  # an unreadable account file counts as none
        return False


def live_devices(service: Any = None, attempts: int = 1) -> list[tuple[str, Any]]:
    """``(ibm:<name>, backend)`` for every operational device on the account (not simulators).

    :param attempts: tries per call (default 1: a ranking should not wait on an unreachable service).
    :raises BackendError: no credentials, refused credentials, or no connection.
    """
    service = service if service is not None else connect(attempts=attempts)
    devices = call(
        lambda: service.backends(operational=True, simulator=False), "listing the devices on this account", attempts
    )
    return [(PREFIX + device.name, device) for device in sorted(devices, key=lambda d: d.name)]


def execution_mode(mode: str | None = None) -> str:
    """``mode``, else ``C2Q_IBM_MODE``, else ``job``.

    :raises OptionError: not one of :data:`MODES`.
    """
    chosen = (mode or os.environ.get("C2Q_IBM_MODE") or "job").lower()
    if chosen not in MODES:
        raise OptionError(f"C2Q_IBM_MODE={chosen}: unknown execution mode (fix: one of {', '.join(MODES)})")
    return chosen


def status_name(status: Any) -> str:
    """``DONE``, ``QUEUED``... from a runtime job's status string or a Qiskit ``JobStatus``."""
    return str(getattr(status, "name", status)).upper()


# -- the backend -----------------------------------------------------------------------------
class IBMBackend(DeviceBackend):
    """An IBM Quantum device (or, on the local channel, a fake one) behind qiskit-ibm-runtime.

    Nothing is contacted until the device is first needed (capacity check, compilation).

    :param device_name: the device, e.g. ``ibm_brisbane``.
    :param optimization_level: preset pass-manager level of the device compilation.
    :param mode: ``job``, ``session`` or ``batch`` (default: ``C2Q_IBM_MODE``, else ``job``).
    :param service: a ``QiskitRuntimeService`` to use instead of :func:`connect`.
    """

    def __init__(
        self,
        device_name: str,
        optimization_level: int = DEVICE_OPTIMIZATION_LEVEL,
        mode: str | None = None,
        service: Any = None,
    ) -> None:
        if not device_name:
            raise BackendError("--backend ibm: needs a device name (fix: e.g. --backend ibm:ibm_brisbane)")
        super().__init__(PREFIX + device_name, device_name, optimization_level)
        self.mode = execution_mode(mode)
        self.context: dict[str, Any] = {}
        self._given_service = service
        self._open: Any = None  # the Session or Batch while a job scope holds one

    @cached_property
    def service(self) -> Any:
        """The runtime service (connected on first use)."""
        return self._given_service if self._given_service is not None else connect()

    @cached_property
    def device(self) -> Any:
        """The device's ``BackendV2`` from the service.

        :raises BackendError: the account has no such device (with the closest names it has).
        """

        def lookup() -> Any:
            try:
                with warnings.catch_warnings():
                    if getattr(self.service, "is_local", False):  # it loads every fake device, some with notes
                        warnings.simplefilter("ignore", UserWarning)
                    return self.service.backend(self.device_name)
            except QiskitBackendNotFoundError:
                raise BackendError(self._unknown_device()) from None

        return call(lookup, f"--backend {self.name}")

    def _unknown_device(self) -> str:
        names = sorted(b.name for b in call(self.service.backends, "listing the devices on this account"))
        close = difflib.get_close_matches(self.device_name, names, n=3, cutoff=0.5)
        if close:
            hint = f"did you mean {', '.join(PREFIX + n for n in close)}?"
        elif names:
            hint = f"devices on this account: {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}"
        else:
            hint = "this account offers no devices"
        return f"--backend {self.name}: no device '{self.device_name}' on this IBM Quantum account ({hint})"

    @property
    def local(self) -> bool:
        """Whether jobs run in qiskit-ibm-runtime's local testing mode (a fake device, not hardware)."""
        return not isinstance(self.device, RuntimeDevice)

    @property
    def method(self) -> str:  # type: ignore[override]
        """``hardware``, or ``local testing`` for a fake device in local testing mode."""
        return "local testing" if self.local else "hardware"

    @property
    def channel(self) -> str:
        """The service's channel (``ibm_quantum_platform``, ``ibm_cloud`` or ``local``)."""
        if getattr(self.service, "is_local", False):
            return "local"
        channel = getattr(self.service, "channel", None)
        return channel if isinstance(channel, str) else DEFAULT_CHANNEL

    @property
    def instance(self) -> str | None:
        """The instance (CRN) the service uses, when it says."""
        active = getattr(self.service, "active_instance", None)
        try:
            value = active() if callable(active) else None
        except (QiskitError, OSError):
            value = None
        return value if isinstance(value, str) else None

    def larger_devices(self, num_qubits: int) -> list[tuple[str, int]]:
        """Devices on the account with at least ``num_qubits`` qubits, smallest first."""
        try:
            found = call(lambda: self.service.backends(min_num_qubits=num_qubits), "listing larger devices")
        except BackendError:
            return []
        return sorted(((PREFIX + b.name, int(b.num_qubits)) for b in found), key=lambda item: (item[1], item[0]))[:2]

    # -- submission -------------------------------------------------------------------------
    @contextmanager
    def job_scope(self, context: dict[str, Any]) -> Iterator[None]:
        """Submit the jobs of one solve: ``context`` (spec, options) goes into their records, and a
        session or batch is open for them when :attr:`mode` asks for one (closed at exit)."""
        opened = None
        if self.mode != "job":
            kind = Session if self.mode == "session" else Batch
            opened = call(lambda: kind(backend=self.device), f"opening a {self.mode} on {self.device_name}")
        self.context, self._open = dict(context), opened
        try:
            yield
        finally:
            self.context, self._open = {}, None
            if opened is not None:
                try:
                    call(opened.close, f"closing the {self.mode} on {self.device_name}")
                except BackendError as exc:
                    note(f"c2q: {exc}")

    def _primitive(self, cls: Any, seed: int | None) -> Any:
        with warnings.catch_warnings():  # SamplerV2/EstimatorV2 announce their successors
            warnings.simplefilter("ignore", DeprecationWarning)
            primitive = cls(mode=self._open if self._open is not None else self.device)
        if seed is not None and self.local:
            primitive.options.simulator.seed_simulator = seed
        return primitive

    def isa_sampler(self, seed: int | None, stage: str) -> RuntimePrimitive:
        """qiskit-ibm-runtime SamplerV2 (seeded in local testing mode) whose jobs are recorded."""
        return RuntimePrimitive(self, self._primitive(SamplerV2, seed), "sampler", stage)

    def isa_estimator(self, seed: int | None, stage: str) -> RuntimePrimitive:
        """qiskit-ibm-runtime EstimatorV2 (seeded in local testing mode) whose jobs are recorded."""
        return RuntimePrimitive(self, self._primitive(EstimatorV2, seed), "estimator", stage)

    def record(self, job_id: str, primitive: str, stage: str, pubs: list[Any], shots: int | None) -> None:
        """Write the local record of a submitted job (never any credential)."""
        circuit = pubs[0][0] if isinstance(pubs[0], tuple | list) else pubs[0]
        layout = circuit.layout.initial_index_layout(filter_ancillas=True) if circuit.layout else None
        logical = len(layout) if layout is not None else circuit.num_qubits
        write_record(
            {
                "job_id": job_id,
                "backend": self.name,
                "method": self.method,
                "device": self.device_name,
                "channel": self.channel,
                "instance": self.instance,
                "mode": self.mode,
                "session_id": getattr(self._open, "session_id", None),
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "stage": stage,
                "primitive": primitive,
                "shots": shots,
                "pubs": len(pubs),
                "circuit": self.compiled_metrics(logical, circuit.remove_final_measurements(inplace=False)),
                **self.context,
            }
        )


class RuntimePrimitive:
    """A qiskit-ibm-runtime SamplerV2 / EstimatorV2 whose jobs are retried, announced and recorded.

    :param backend: the device the jobs go to.
    :param primitive: the runtime primitive.
    :param kind: ``sampler`` or ``estimator``.
    :param stage: what the jobs are for (``training``, ``final sampling``).
    """

    def __init__(self, backend: IBMBackend, primitive: Any, kind: str, stage: str) -> None:
        self._backend, self._primitive, self._kind, self._stage = backend, primitive, kind, stage

    def run(self, pubs: list[Any], **options: Any) -> RuntimeJob:
        """Submit ``pubs`` (compiled for the device) like the primitive's ``run``; returns at once."""
        device = self._backend.device_name
        job = call(lambda: self._primitive.run(pubs, **options), f"submitting a {self._kind} job to {device}")
        job_id = str(job.job_id())
        note(f"c2q: submitted job {job_id} to {device} ({self._stage})")
        self._backend.record(job_id, self._kind, self._stage, pubs, options.get("shots"))
        return RuntimeJob(job, job_id, device)


class RuntimeJob:
    """A submitted job. :meth:`result` waits for it, showing its status on a terminal.

    :param job: the runtime's job (``RuntimeJobV2``, or a local testing mode job).
    :param job_id: its id.
    :param device: the device's name, for messages.
    """

    def __init__(self, job: Any, job_id: str, device: str) -> None:
        self._job, self._id, self._device = job, job_id, device

    def job_id(self) -> str:
        """The job's id."""
        return self._id

    def status(self) -> str:
        """``QUEUED``, ``RUNNING``, ``DONE``, ``ERROR``, ``CANCELLED``... (polled, retried)."""
        return status_name(call(self._job.status, f"polling job {self._id}"))

    def wait(self) -> str:
        """Poll until the job is in a final state, which is returned.

        Polls start fast (local jobs finish in milliseconds) and slow down to one every
        :data:`POLL_MAX` seconds; on a terminal a status line shows state and elapsed time.
        """
        console = stderr_console()
        start = time.monotonic()
        interval = POLL_START
        with console.status(f"job {self._id} on {self._device}") if console.is_terminal else nullcontext() as shown:
            while True:
                state = self.status()
                if state in FINAL_STATES:
                    return state
                until = time.monotonic() + interval
                while (left := until - time.monotonic()) > 0:
                    if shown is not None:
                        elapsed = time.monotonic() - start
                        shown.update(f"job {self._id} on {self._device}: {state.lower()}, {elapsed:.0f} s")
                    time.sleep(min(left, 1.0))
                interval = min(1.5 * interval, POLL_MAX)

    def result(self) -> Any:
        """The job's ``PrimitiveResult``, once it is done.

        :raises BackendError: the job failed or was cancelled (the message names it).
        """
        state = self.wait()
        if state == "ERROR":
            reason = call(self._job.error_message, f"reading why job {self._id} failed") or "no reason given"
            raise BackendError(f"job {self._id} on {self._device} failed: {scrub(str(reason))}")
        if state == "CANCELLED":
            raise BackendError(f"job {self._id} on {self._device} was cancelled")
        return call(self._job.result, f"fetching the result of job {self._id}")


def retrieve(job_id: str, record: dict[str, Any] | None = None) -> RuntimeJob:
    """A job on IBM Quantum from its id (the account as for ``--backend ibm:``).

    :param record: the job's local record, when there is one (its instance and device).
    :raises BackendError: malformed id, a local testing mode job, no such job on the account.
    """
    check_job_id(job_id)
    if record is not None and record.get("channel") == "local":
        raise BackendError(
            f"job {job_id} ran in qiskit-ibm-runtime's local testing mode (QISKIT_IBM_CHANNEL=local): "
            "its results lived only in the process that ran it"
        )
    service = connect(instance=(record or {}).get("instance"))
    if getattr(service, "is_local", False):
        raise BackendError(f"job {job_id}: local testing mode keeps no jobs to look up (fix: unset QISKIT_IBM_CHANNEL)")

    def lookup() -> Any:
        try:
            return service.job(job_id)
        except RuntimeJobNotFound:
            raise BackendError(
                f"job {job_id}: no such job on this IBM Quantum account (fix: check the id; `c2q jobs list` "
                "lists the jobs submitted from this machine)"
            ) from None

    return RuntimeJob(call(lookup, f"looking up job {job_id}"), job_id, (record or {}).get("device") or "IBM Quantum")
