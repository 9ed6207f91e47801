"""Run a Python snippet in a sandboxed subprocess and record the calls it makes from module level.

The ground truth of the code-parse benchmark (``benchmarks/code_parse.py``): which arguments did
the program actually pass to its own functions? The snippet runs in a separate interpreter
(``sys.executable -I``, isolated from the environment and the user's site-packages) with a wall
clock timeout, limits on memory, CPU time and file size, a fresh temporary working directory,
stdin from ``/dev/null``, its stdout discarded and ``random.seed(0)`` (numpy's too when the source
mentions numpy). Nothing of this runs inside c2q: the parser under test is static and never
executes code.

Recorded, through ``sys.settrace``: every call to a function defined in the snippet (its code
object's ``co_filename`` is the snippet's file) made directly from module level (the caller frame
is the module frame), and every call made directly by such a function when it was itself called
with no arguments (a ``main()``-style driver); for each, the arguments in parameter order and the
return value, serialised at call time with :func:`to_jsonable`. The child writes one JSON line per
event to a private copy of its stdout, so calls made before a timeout are kept.

    from sandbox_capture import capture
    cap = capture("def f(a, b):\\n    return a + b\\n\\nprint(f(2, 3))\\n")
    cap.calls[0].arguments  # [("a", 2), ("b", 3)]
    cap.calls[0].value  # 5
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: seconds of wall-clock time a snippet may run
TIMEOUT_S = 10.0
#: address-space limit of the child (bytes)
MEMORY_BYTES = 2 * 1024**3
#: largest file the snippet may write (bytes)
FILE_BYTES = 16 * 1024**2
#: serialisation caps: items per container, nesting depth, characters per repr
MAX_ITEMS, MAX_DEPTH, MAX_REPR = 10_000, 20, 300
#: at most this many calls are recorded (a module-level loop over a function)
MAX_CALLS = 200
SNIPPET_NAME = "snippet.py"
#: CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR
GENERATOR_FLAGS = 0x20 | 0x80 | 0x200


# ---- values <-> JSON ---------------------------------------------------------------------------
# JSON keeps ints, floats, strings, bools, None and lists. Everything else is a one-key object:
# {"__tuple__": [...]}, {"__set__": [...]}, {"__dict__": [[key, value], ...]} (keys keep their
# type), {"__float__": "inf" | "-inf" | "nan"}, {"__repr__": "..."} for anything else, and
# {"__truncated__": n} after MAX_ITEMS items. A networkx graph is {"graph_nodes": sorted nodes,
# "graph_edges": [[u, v, w], ...], "directed": bool}, w being the edge's "weight", else its only
# numeric attribute, else null.


def to_jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-ready form of ``value`` that :func:`from_jsonable` turns back into Python values.

    :param value: any Python object (recorded at call time, before the function can mutate it).
    :param depth: current nesting depth; deeper values become reprs.
    """
    if isinstance(value, Opaque):
        return {"__repr__": str(value)}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if depth >= MAX_DEPTH:
        return {"__repr__": _short_repr(value)}
    kind = type(value)
    if _is_networkx_graph(kind):
        return _graph_dict(value, depth)
    if isinstance(value, GraphValue):  # a recorded graph, written out again by the parent
        return {
            "graph_nodes": [to_jsonable(n, depth + 1) for n in value.nodes],
            "graph_edges": [[to_jsonable(x, depth + 1) for x in edge] for edge in value.edges],
            "directed": value.directed,
        }
    if kind.__module__ == "numpy" and hasattr(value, "tolist"):  # ndarray or numpy scalar
        return to_jsonable(value.tolist(), depth)
    if isinstance(value, dict):
        items = [[to_jsonable(k, depth + 1), to_jsonable(v, depth + 1)] for k, v in _capped(value.items())]
        return {"__dict__": items + _truncation(value)}
    if isinstance(value, list | tuple | set | frozenset | range):
        items = [
            to_jsonable(v, depth + 1) for v in _capped(_sorted(value) if isinstance(value, set | frozenset) else value)
        ]
        items += _truncation(value)
        if isinstance(value, list):
            return items
        return {"__set__" if isinstance(value, set | frozenset) else "__tuple__": items}
    return {"__repr__": _short_repr(value)}


class Opaque(str):
    """A value the child could only describe by its ``repr`` (kept as that text)."""


def from_jsonable(data: Any) -> Any:
    """Inverse of :func:`to_jsonable`: tuples, sets (as frozensets), dicts with their original key
    types, floats; a networkx graph becomes a :class:`GraphValue`; anything else an :class:`Opaque`.

    :param data: what :func:`to_jsonable` produced, after a JSON round trip.
    """
    if isinstance(data, list):
        return [from_jsonable(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "graph_nodes" in data:
        nodes = [_hashable(from_jsonable(n)) for n in data["graph_nodes"]]
        edges = [
            (_hashable(from_jsonable(u)), _hashable(from_jsonable(v)), from_jsonable(w))
            for u, v, w in data["graph_edges"]
        ]
        return GraphValue(nodes, edges, data["directed"])
    (tag, body), *_ = data.items()
    if tag == "__tuple__":
        return tuple(from_jsonable(v) for v in body)
    if tag == "__set__":
        return frozenset(_hashable(from_jsonable(v)) for v in body)
    if tag == "__dict__":
        return {_hashable(from_jsonable(k)): from_jsonable(v) for k, v in (item for item in body if len(item) == 2)}
    if tag == "__float__":
        return float(body)
    if tag == "__truncated__":
        return Opaque(f"<{body} more items>")
    return Opaque(body)


@dataclass(frozen=True)
class GraphValue:
    """A networkx graph as recorded in the child: its nodes, ``(u, v, weight or None)`` edges."""

    nodes: list[Any]
    edges: list[tuple[Any, Any, float | None]]
    directed: bool


def _hashable(value: Any) -> Any:
    """Lists inside dict keys or sets cannot occur in Python; keep the decoder total anyway."""
    return tuple(value) if isinstance(value, list) else value


def _is_networkx_graph(kind: type) -> bool:
    return any(c.__module__.startswith("networkx") and c.__name__ == "Graph" for c in kind.__mro__)


def _graph_dict(graph: Any, depth: int) -> dict[str, Any]:
    nodes = _sorted(graph.nodes)
    edges = []
    for u, v, data in _capped(graph.edges(data=True)):
        weight = data.get("weight")
        if weight is None:
            numeric = [w for w in data.values() if isinstance(w, int | float) and not isinstance(w, bool)]
            weight = numeric[0] if len(numeric) == 1 else None
        edges.append([to_jsonable(u, depth + 1), to_jsonable(v, depth + 1), to_jsonable(weight, depth + 1)])
    return {
        "graph_nodes": [to_jsonable(n, depth + 1) for n in _capped(nodes)],
        "graph_edges": edges,
        "directed": bool(graph.is_directed()),
    }


def _sorted(values: Any) -> list[Any]:
    """Sets and graph nodes sorted when their items allow it (by repr otherwise), for a stable record."""
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=repr)


def _capped(values: Any) -> list[Any]:
    out = []
    for i, v in enumerate(values):
        if i >= MAX_ITEMS:
            break
        out.append(v)
    return out


def _truncation(value: Any) -> list[Any]:
    try:
        extra = len(value) - MAX_ITEMS
    except TypeError:
        return []
    return [{"__truncated__": extra}] if extra > 0 else []


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a __repr__ that fails on a half-built object
        text = f"<{type(value).__name__}: repr failed: {type(exc).__name__}>"
    return text if len(text) <= MAX_REPR else text[:MAX_REPR] + "..."


# ---- parent side -------------------------------------------------------------------------------
@dataclass
class Call:
    """One recorded call.

    :param function: the function's name (``Class.method`` for methods is not attempted: the code
        object's name).
    :param line: the caller's line number in the snippet.
    :param depth: 1 for a call from module level, 2 for a call made by a no-argument driver.
    :param arguments: ``(parameter name, value)`` in parameter order; ``*args`` items are named
        ``*name[i]``, ``**kwargs`` items by their keys.
    :param returned: whether the call returned normally (a value was recorded).
    :param value: the return value.
    :param raised: the call ended with an exception (``None`` returned after an exception was seen
        in the frame counts as raised: a function that catches its own error and returns ``None``
        is indistinguishable here).
    """

    function: str
    line: int
    depth: int
    arguments: list[tuple[str, Any]]
    returned: bool = False
    value: Any = None
    raised: bool = False


@dataclass
class Capture:
    """What running one snippet showed.

    :param calls: the recorded calls, in order.
    :param error: ``"TypeName: message"`` when the snippet raised (or ``"timeout after N s"``).
    :param error_line: the snippet line the exception came from, when known.
    :param timed_out: the snippet ran past the wall-clock limit and was killed.
    :param stderr: the tail of the child's stderr (diagnostics).
    """

    calls: list[Call] = field(default_factory=list)
    error: str | None = None
    error_line: int | None = None
    timed_out: bool = False
    stderr: str = ""

    @property
    def no_call(self) -> bool:
        """The snippet ran to the end without calling any of its functions from module level."""
        return not self.calls and self.error is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (values in :func:`to_jsonable` form)."""
        return {
            "calls": [
                {
                    "function": c.function,
                    "line": c.line,
                    "depth": c.depth,
                    "arguments": [[name, to_jsonable(v)] for name, v in c.arguments],
                    **({"value": to_jsonable(c.value)} if c.returned else {}),
                    **({"raised": True} if c.raised else {}),
                }
                for c in self.calls
            ],
            "error": self.error,
            "error_line": self.error_line,
            "timed_out": self.timed_out,
        }


def capture(source: str, timeout: float = TIMEOUT_S, memory_bytes: int = MEMORY_BYTES) -> Capture:
    """Run ``source`` in a sandboxed child interpreter and return what it called.

    :param source: the program text (already unescaped).
    :param timeout: wall-clock seconds before the child's process group is killed.
    :param memory_bytes: the child's address-space limit.
    """
    with tempfile.TemporaryDirectory(prefix="c2q-snippet-") as tmp:
        path = Path(tmp) / SNIPPET_NAME
        path.write_text(source)
        cpu = str(math.ceil(timeout) + 1)
        proc = subprocess.Popen(
            [sys.executable, "-I", str(Path(__file__).resolve()), str(path), str(memory_bytes), cpu],
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": tmp},
        )
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
    cap = _read_events(out.decode("utf-8", "replace"))
    cap.stderr = err.decode("utf-8", "replace")[-2000:]
    if timed_out:
        cap.timed_out = True
        cap.error = cap.error or f"timeout after {timeout:g} s"
    elif proc.returncode != 0 and cap.error is None:
        # killed by a resource limit (SIGXCPU, SIGKILL, MemoryError during start-up...)
        cap.error = f"child exited with status {proc.returncode}: {cap.stderr.strip()[-300:]}"
    return cap


def _read_events(text: str) -> Capture:
    cap = Capture()
    by_id: dict[int, Call] = {}
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
        if event["event"] == "call":
            call = Call(
                function=event["function"],
                line=event["line"],
                depth=event["depth"],
                arguments=[(name, from_jsonable(v)) for name, v in event["arguments"]],
            )
            by_id[event["id"]] = call
            cap.calls.append(call)
        elif event["event"] == "return" and event["id"] in by_id:
            by_id[event["id"]].returned = True
            by_id[event["id"]].value = from_jsonable(event["value"])
        elif event["event"] == "raise" and event["id"] in by_id:
            by_id[event["id"]].raised = True
        elif event["event"] == "error":
            cap.error = event["error"]
            cap.error_line = event["line"]
    return cap


# ---- child side --------------------------------------------------------------------------------
def _child(path: str, memory_bytes: int, cpu_s: int) -> None:
    """Run the snippet at ``path``, writing JSON-line events to the original stdout."""
    import random
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 2))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    # the events go to a private copy of fd 1; the snippet's own output goes to /dev/null
    events = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)

    def emit(event: dict[str, Any]) -> None:
        events.write(json.dumps(event) + "\n")

    source = Path(path).read_text()
    filename = str(Path(path).resolve())
    code = compile(source, filename, "exec")
    recorded: dict[int, tuple[int, Any]] = {}  # id(frame) -> (call id, frame) while the call runs
    drivers: set[int] = set()  # ids of running depth-1 frames that were called with no arguments
    generators: list[Any] = []  # generator frames already recorded (kept alive so ids stay unique)
    count = [0]

    def trace(frame: Any, event: str, arg: Any) -> Any:
        """Global trace function: called for every new frame; traces only the frames it records."""
        fcode = frame.f_code
        if event != "call" or fcode.co_filename != filename or fcode.co_name.startswith("<"):
            return None
        caller = frame.f_back
        if caller is None or id(frame) in recorded or count[0] >= MAX_CALLS or any(g is frame for g in generators):
            return None  # not from the snippet's module level, or a generator resuming
        if caller.f_code is code:
            depth = 1
        elif id(caller) in drivers and recorded[id(caller)][1] is caller:
            depth = 2
        else:
            return None
        count[0] += 1
        arguments = _frame_arguments(frame)
        recorded[id(frame)] = (count[0], frame)
        if depth == 1 and not arguments:
            drivers.add(id(frame))
        emit(
            {
                "event": "call",
                "id": count[0],
                "function": fcode.co_name,
                "line": caller.f_lineno,
                "depth": depth,
                "arguments": [[name, to_jsonable(v)] for name, v in arguments],
            }
        )
        frame.f_trace_lines = False
        raised = [False]

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "exception":
                raised[0] = True  # raised here or passing through; cleared if the frame goes on
            elif event == "return" and recorded.get(id(frame), (0, None))[1] is frame:
                call_id, _ = recorded.pop(id(frame))
                drivers.discard(id(frame))
                if fcode.co_flags & GENERATOR_FLAGS:  # a yield or the end: no single return value
                    generators.append(frame)
                elif raised[0] and arg is None:
                    emit({"event": "raise", "id": call_id})
                else:
                    emit({"event": "return", "id": call_id, "value": to_jsonable(arg)})
            return local

        return local

    random.seed(0)
    if "numpy" in source:
        try:
            import numpy

            numpy.random.seed(0)
        except ImportError:
            pass
    scope = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}

    sys.settrace(trace)
    try:
        exec(code, scope)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: a snippet's own doing
        sys.settrace(None)
        tb, line = exc.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                line = tb.tb_lineno
            tb = tb.tb_next
        emit({"event": "error", "error": f"{type(exc).__name__}: {exc}"[:500], "line": line})
    finally:
        sys.settrace(None)
    events.flush()


def _frame_arguments(frame: Any) -> list[tuple[str, Any]]:
    """The frame's parameters, in order, at call time."""
    fcode = frame.f_code
    local = frame.f_locals
    n = fcode.co_argcount + fcode.co_kwonlyargcount
    names = list(fcode.co_varnames[:n])
    out = [(name, local[name]) for name in names if name in local]
    index = n
    if fcode.co_flags & 0x04:  # *args
        star = fcode.co_varnames[index]
        out += [(f"*{star}[{i}]", v) for i, v in enumerate(local.get(star, ()))]
        index += 1
    if fcode.co_flags & 0x08:  # **kwargs
        out += list(local.get(fcode.co_varnames[index], {}).items())
    return out


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
