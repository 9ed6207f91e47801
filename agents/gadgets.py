"""Gadgets: gate sequences that recur in the circuits architecture search found, as reusable actions.

A *gadget* is a parameter-abstracted, contiguous run of gates on 1 to ``max_span`` qubits, written
with relative qubit indices: ``(("rz", 0), ("cx", 0, 1))``. Runs that differ only by a relabelling
of their qubits are the same gadget (the key is the smallest relabelling), since the environment
places a gadget on every allowed ordering of qubits anyway.

Mining (:func:`mine`) is greedy dictionary compression, after the gadget-RL idea of Kundu et al.
(2024) and DreamCoder's description length: every window of 2..``max_length`` gates is a
candidate; its *saving* is the description length it removes, ``count * (length - 1) - length``,
with ``count`` its non-overlapping occurrences in the corpus and ``length`` the cost of storing it
in the library. The candidate with the largest saving is picked, its occurrences are blocked, and
the rest are counted again, so picked gadgets never share a gate of the corpus.

How windows are cut (``blocks``):

- ``"adjacent"`` (default): any run of gates adjacent in the agent's gate list. Some gadgets are
  then unrelated gates on neighbouring qubits (``rz q0; sx q1``): moves on two qubits at once.
- ``"connected"``: each circuit is first put in :func:`canonical_order`, one fixed topological
  order of its gate DAG that keeps each qubit's gates together where they commute with the rest,
  and a window's qubits must be linked by its own two-qubit gates. Its gadgets are circuit
  identities one can read (``sx q; rz q; sx q``), but RL trained with them reached the threshold
  less often in the gadget benchmark (``benchmarks/results/gadgets_connected``).
- ``"entangling"``: connected blocks that hold a two-qubit gate, so that every gadget entangles.
  Frequency favours single-qubit pairs, and a library of them crowds out the CZ actions: at 5
  qubits, h=1, RL with such a library placed a third of plain RL's CZ gates (median 9 against 26)
  and never reached the threshold (``benchmarks/results/gadgets``, case ``tfim5_h1_xl``).

    c2q extract-gadgets runs/tfim4 runs/tfim4b --top-k 50 --max-gadgets 5 --out gadgets.json
    c2q train --hamiltonian tfim --qubits 4 --gadgets gadgets.json --out runs/tfim4-gadgets

The corpus of a run folder is its ``circuits.json`` (the distinct finished circuits with the lowest
errors, successful or not, that :class:`c2q.agents.report.SearchLog` kept) and its ``best_ansatz.json``;
``--top-k`` keeps the circuits with the lowest error (then fewest gates) over all folders.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import Any

from c2q.agents.circuits import JsonFile
from c2q.agents.simulator import GATES, TWO_QUBIT, Gate, n_parameters, validate_circuit

#: file format of a gadget library
LIBRARY_FORMAT = "c2q-gadgets"
#: file format version of :meth:`GadgetLibrary.to_dict`
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Gadget:
    """A gate sequence with relative qubits ``0..n_qubits-1`` and no angles.

    :param gates: ``(("rz", 0), ("cx", 0, 1), ...)``; every relative qubit up to the largest used.
    :param count: non-overlapping occurrences in the corpus it was mined from (0 if unknown).
    :param saving: description-length saving ``count * (length - 1) - length`` when it was picked
        (0 if unknown).
    """

    gates: tuple[Gate, ...]
    count: int = 0
    saving: int = 0

    def __post_init__(self) -> None:
        gates = tuple(tuple(g) for g in self.gates)
        object.__setattr__(self, "gates", gates)
        if not gates:
            raise ValueError("a gadget needs at least one gate")
        used = {q for g in gates for q in g[1:]}
        if used != set(range(len(used))):
            raise ValueError(f"gadget {gates}: relative qubits must be 0..k-1, got {sorted(used)}")
        validate_circuit(gates, len(used))

    @property
    def n_qubits(self) -> int:
        """Qubits it spans."""
        return 1 + max(q for g in self.gates for q in g[1:])

    @property
    def length(self) -> int:
        """Gate count."""
        return len(self.gates)

    @property
    def n_parameters(self) -> int:
        """Angles it brings (one per rotation)."""
        return n_parameters(self.gates)

    @property
    def names(self) -> frozenset[str]:
        """Gate names it uses."""
        return frozenset(g[0] for g in self.gates)

    def place(self, qubits: Sequence[int]) -> tuple[Gate, ...]:
        """Its gates on actual qubits: relative qubit ``i`` becomes ``qubits[i]`` (CZ as ``(a < b)``)."""
        return tuple(_relabel(g, qubits) for g in self.gates)

    def placements(self, n_qubits: int, edges: Iterable[Sequence[int]]) -> list[tuple[int, ...]]:
        """Every ordering of qubits it may be placed on, one per distinct resulting gate list.

        A placement is allowed when each of its two-qubit gates lands on a coupling edge and its
        qubits are connected through the edges (a single qubit always is).

        :param n_qubits: register width.
        :param edges: coupling pairs (either orientation allows both).
        """
        allowed = {frozenset(e) for e in edges}
        found: dict[tuple[Gate, ...], tuple[int, ...]] = {}
        for qubits in permutations(range(n_qubits), self.n_qubits):
            if not _connected(qubits, allowed):
                continue
            gates = self.place(qubits)
            if all(frozenset(g[1:]) in allowed for g in gates if g[0] in TWO_QUBIT):
                found.setdefault(gates, qubits)
        return list(found.values())

    def to_qiskit(self) -> Any:
        """A :class:`qiskit.QuantumCircuit` on ``n_qubits`` with one parameter ``θ[i]`` per rotation."""
        from c2q.agents.circuits import to_qiskit

        return to_qiskit(self.gates, [0.0] * self.n_parameters, self.n_qubits, parameterized=True)

    def to_qasm3(self) -> str:
        """OpenQASM 3 text (angles as ``input float`` parameters)."""
        from qiskit import qasm3

        return qasm3.dumps(self.to_qiskit())

    def drawing(self) -> str:
        """Qiskit's text drawing."""
        return str(self.to_qiskit().draw(output="text"))

    def to_dict(self, name: str = "") -> dict[str, Any]:
        """JSON-ready dict; with QASM and drawing when Qiskit can write them."""
        data: dict[str, Any] = {
            "name": name,
            "gates": [list(g) for g in self.gates],
            "n_qubits": self.n_qubits,
            "length": self.length,
            "n_parameters": self.n_parameters,
            "count": self.count,
            "saving": self.saving,
        }
        data["qasm"] = self.to_qasm3()
        data["drawing"] = self.drawing()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gadget:
        """Inverse of :meth:`to_dict` (QASM and drawing are not read back)."""
        return cls(tuple(tuple(g) for g in data["gates"]), int(data.get("count", 0)), int(data.get("saving", 0)))


def _connected(qubits: Sequence[int], edges: set[frozenset]) -> bool:
    reached, frontier = {qubits[0]}, [qubits[0]]
    while frontier:
        a = frontier.pop()
        for b in qubits:
            if b not in reached and frozenset((a, b)) in edges:
                reached.add(b)
                frontier.append(b)
    return len(reached) == len(qubits)


@dataclass
class GadgetLibrary(JsonFile):
    """Picked gadgets, best first, and how they were mined.

    :param gadgets: the gadgets.
    :param metadata: sources, corpus size, mining settings.
    """

    gadgets: list[Gadget]
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "format": LIBRARY_FORMAT,
            "version": FORMAT_VERSION,
            **self.metadata,
            "gadgets": [g.to_dict(f"g{i}") for i, g in enumerate(self.gadgets)],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GadgetLibrary:
        """Inverse of :meth:`to_dict`."""
        if data.get("format") != LIBRARY_FORMAT:
            raise ValueError(f'not a gadget library (missing "format": "{LIBRARY_FORMAT}")')
        meta = {k: v for k, v in data.items() if k not in ("format", "version", "gadgets")}
        return cls([Gadget.from_dict(g) for g in data["gadgets"]], meta)


def as_gadgets(value: GadgetLibrary | str | Path | Iterable[Gadget | Sequence[Gate]] | None) -> list[Gadget]:
    """Gadgets from a library, a library file, or a list of gadgets / gate sequences."""
    if value is None:
        return []
    if isinstance(value, GadgetLibrary):
        return list(value.gadgets)
    if isinstance(value, str | Path):
        return list(GadgetLibrary.load(value).gadgets)
    return [g if isinstance(g, Gadget) else Gadget(tuple(g)) for g in value]


# --- mining -----------------------------------------------------------------------------------
def canonical_order(circuit: Sequence[Gate]) -> tuple[Gate, ...]:
    """The same circuit in one fixed topological order of its gate DAG (gates on disjoint qubits
    commute): the next gate is a ready one on a qubit of the gate just placed, if any, else the
    ready gate on the lowest qubit. Ready gates act on disjoint qubits, so the order depends on
    the DAG only, not on how the input interleaved independent gates.
    """
    last: dict[int, int] = {}
    waiting = [0] * len(circuit)  # unplaced predecessors of each gate
    after: list[list[int]] = [[] for _ in circuit]  # the next gate on each of its qubits
    for i, gate in enumerate(circuit):
        for j in {last[q] for q in gate[1:] if q in last}:
            after[j].append(i)
            waiting[i] += 1
        for q in gate[1:]:
            last[q] = i
    ready = {i for i, w in enumerate(waiting) if w == 0}
    order: list[Gate] = []
    wires: set[int] = set()
    while ready:
        i = min(ready, key=lambda k: (wires.isdisjoint(circuit[k][1:]), min(circuit[k][1:])))
        ready.remove(i)
        order.append(tuple(circuit[i]))
        wires = set(circuit[i][1:])
        for k in after[i]:
            waiting[k] -= 1
            if waiting[k] == 0:
                ready.add(k)
    return tuple(order)


def _windows(circuit: Sequence[Gate], max_length: int, max_span: int, blocks: str) -> Iterable[tuple[tuple, int, int]]:
    """``(key, start, length)`` of every window of 2..max_length gates on at most max_span qubits;
    unless ``blocks`` is ``"adjacent"``, only those whose qubits are linked by their own two-qubit
    gates, and with ``"entangling"`` only those that hold one."""
    perms = {k: list(permutations(range(k))) for k in range(1, max_span + 1)}
    for start in range(len(circuit) - 1):
        order: list[int] = []
        links: set[frozenset] = set()
        for end in range(start, min(start + max_length, len(circuit))):
            gate = circuit[end]
            for q in gate[1:]:
                if q not in order:
                    order.append(q)
            if len(order) > max_span:
                break
            if gate[0] in TWO_QUBIT:
                links.add(frozenset(gate[1:]))
            if end == start or (blocks != "adjacent" and not _connected(order, links)):
                continue
            if blocks == "entangling" and not links:
                continue
            window = circuit[start : end + 1]
            keys = []
            for perm in perms[len(order)]:
                label = dict(zip(order, perm, strict=True))
                keys.append(tuple(_relabel(g, label) for g in window))
            yield min(keys), start, end + 1 - start


def _relabel(gate: Gate, label: Mapping[int, int] | Sequence[int]) -> Gate:
    qubits = [label[q] for q in gate[1:]]
    if gate[0] == "cz":
        qubits.sort()
    return (gate[0], *qubits)


#: how candidate blocks are cut from a circuit (see :func:`mine`)
BLOCKS = ("adjacent", "connected", "entangling")


def mine(
    corpus: Sequence[Sequence[Gate]],
    *,
    max_gadgets: int = 5,
    max_length: int = 5,
    max_span: int = 2,
    blocks: str = "adjacent",
) -> list[Gadget]:
    """Pick gadgets from a corpus of circuits by description-length saving, greedily.

    :param corpus: circuits (gate tuples on actual qubits).
    :param max_gadgets: gadgets to pick at most.
    :param max_length: longest gadget (gates).
    :param max_span: most qubits a gadget may act on (1 to 3).
    :param blocks: ``"adjacent"``: any run of gates adjacent in the circuit as given (it also
        pairs unrelated gates on neighbouring qubits, such as ``rz q0; sx q1``); ``"connected"``:
        circuits in :func:`canonical_order`, and a gadget's qubits linked by its own two-qubit gates;
        ``"entangling"``: connected, and each gadget holds a two-qubit gate.
    :return: gadgets in the order picked (largest saving first); candidates saving nothing (a gadget
        must occur at least twice, more when short) are never picked.
    """
    if not 1 <= max_span <= 3:
        raise ValueError(f"max_span={max_span}: 1, 2 or 3")
    if max_length < 2:
        raise ValueError(f"max_length={max_length}: at least 2")
    if blocks not in BLOCKS:
        raise ValueError(f"blocks={blocks!r}: one of {', '.join(BLOCKS)}")
    # key -> circuit -> [(start, length)], found once; blocked gates are filtered out per pick
    occurrences: dict[tuple, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    corpus = [tuple(tuple(g) for g in circuit) for circuit in corpus]
    if blocks != "adjacent":
        corpus = [canonical_order(circuit) for circuit in corpus]
    for c, circuit in enumerate(corpus):
        for key, start, length in _windows(circuit, max_length, max_span, blocks):
            occurrences[key][c].append((start, length))
    blocked = [bytearray(len(circuit)) for circuit in corpus]
    picked: list[Gadget] = []
    while len(picked) < max_gadgets:
        best: tuple | None = None
        for key, where in occurrences.items():
            chosen = _non_overlapping(where, blocked)
            saving = len(chosen) * (len(key) - 1) - len(key)
            # ties: longer, then lexicographically smaller (deterministic)
            rank = (saving, len(key))
            if saving > 0 and (best is None or rank > best[0] or (rank == best[0] and key < best[1])):
                best = (rank, key, chosen)
        if best is None:
            break
        (saving, _), key, chosen = best
        picked.append(Gadget(key, count=len(chosen), saving=saving))
        for c, start, length in chosen:
            blocked[c][start : start + length] = b"\x01" * length
        del occurrences[key]
    return picked


def _non_overlapping(
    where: Mapping[int, list[tuple[int, int]]], blocked: list[bytearray]
) -> list[tuple[int, int, int]]:
    """Leftmost-first non-overlapping occurrences that touch no blocked gate: ``(circuit, start, length)``."""
    chosen = []
    for c, spots in where.items():
        free_from = 0
        mask = blocked[c]
        for start, length in spots:  # found in increasing start order
            if start >= free_from and not any(mask[start : start + length]):
                chosen.append((c, start, length))
                free_from = start + length
    return chosen


# --- corpus from run folders --------------------------------------------------------------------
@dataclass(frozen=True)
class CorpusCircuit:
    """One circuit of a run: gates, error, and where it came from."""

    gates: tuple[Gate, ...]
    error: float
    source: str


def load_corpus(runs: Iterable[str | Path]) -> list[CorpusCircuit]:
    """Distinct circuits of run folders (``circuits.json``, ``best_ansatz.json``), by error then length.

    :raises FileNotFoundError: a folder has neither file.
    """
    found: dict[tuple, CorpusCircuit] = {}
    for run in runs:
        run = Path(run)
        entries: list[tuple[Sequence, float, str]] = []
        circuits = run / "circuits.json"
        if circuits.exists():
            data = json.loads(circuits.read_text())
            entries += [(c["gates"], float(c["error"]), str(circuits)) for c in data["circuits"]]
        best = run / "best_ansatz.json"
        if best.exists():
            data = json.loads(best.read_text())
            error = (data.get("metadata") or {}).get("error")
            entries.append((data["gates"], float("inf") if error is None else float(error), str(best)))
        if not entries:
            raise FileNotFoundError(f"{run}: no circuits.json or best_ansatz.json (is it a `c2q train` output folder?)")
        for gates, error, source in entries:
            key = tuple(tuple(g) for g in gates)
            if any(g[0] not in GATES for g in key):
                raise ValueError(f"{source}: unknown gate in {key}")
            if key not in found or error < found[key].error:
                found[key] = CorpusCircuit(key, error, source)
    return sorted(found.values(), key=lambda c: (c.error, len(c.gates), c.gates))


def extract(
    runs: Sequence[str | Path],
    *,
    top_k: int = 50,
    max_gadgets: int = 5,
    max_length: int = 5,
    max_span: int = 2,
    blocks: str = "adjacent",
    out: str | Path | None = None,
) -> GadgetLibrary:
    """Mine a gadget library from the ``top_k`` best circuits of run folders (``c2q extract-gadgets``).

    :param runs: ``c2q train`` output folders.
    :param top_k: circuits used (lowest error, then fewest gates).
    :param max_gadgets: gadgets picked at most.
    :param max_length: longest gadget.
    :param max_span: most qubits per gadget.
    :param blocks: how candidates are cut (:func:`mine`).
    :param out: also write the library there (JSON).
    """
    if top_k < 1 or max_gadgets < 1:
        raise ValueError("--top-k and --max-gadgets must be at least 1")
    corpus = load_corpus(runs)[:top_k]
    gadgets = mine(
        [c.gates for c in corpus], max_gadgets=max_gadgets, max_length=max_length, max_span=max_span, blocks=blocks
    )
    library = GadgetLibrary(
        gadgets,
        {
            "sources": [str(r) for r in runs],
            "corpus_size": len(corpus),
            "top_k": top_k,
            "max_length": max_length,
            "max_span": max_span,
            "blocks": blocks,
            "gate_names": sorted({g[0] for c in corpus for g in c.gates}),
        },
    )
    if out is not None:
        library.save(out)
    return library
