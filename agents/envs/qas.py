"""Quantum architecture search as a gymnasium environment (CRLQAS-style), id ``c2q/QAS-v0``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import gymnasium as gym
import numpy as np
from c2q.agents.circuits import Ansatz
from c2q.agents.gadgets import Gadget, GadgetLibrary, as_gadgets
from c2q.agents.hamiltonians import Hamiltonian, as_hamiltonian
from c2q.agents.noise import DepolarizingNoise, as_noise
from c2q.agents.simulator import (
    GATE_SETS,
    PARAMETRIC,
    TWO_QUBIT,
    Gate,
    Observable,
    best_single_angle,
    get_simulator,
    optimize_angles,
)
from gymnasium import spaces

#: reward for reaching the threshold, and penalty for ending without reaching it (CRLQAS)
SUCCESS_REWARD = 5.0
FAILURE_REWARD = -5.0
#: where every circuit starts: |0...0>, or a molecule's Hartree-Fock state
STARTS = ("zero", "hartree_fock")


def coupling_edges(coupling_map: str | Sequence[Sequence[int]] | None, n_qubits: int, gate_set: str) -> list[tuple]:
    """Qubit pairs two-qubit gates may act on.

    :param coupling_map: ``"all"`` (every pair), ``"line"`` (``i, i+1``), ``"ring"``, or explicit
        pairs; ``None``: ``all`` for ``rxyz_cnot``, ``line`` for ``heron``.
    :return: for CNOTs, ordered ``(control, target)`` pairs (both directions of each edge); for
        CZ, unordered pairs ``(a, b)`` with ``a < b``.
    """
    if coupling_map is None:
        coupling_map = "all" if gate_set == "rxyz_cnot" else "line"
    if coupling_map == "all":
        pairs = [(a, b) for a in range(n_qubits) for b in range(a + 1, n_qubits)]
    elif coupling_map == "line":
        pairs = [(i, i + 1) for i in range(n_qubits - 1)]
    elif coupling_map == "ring":
        pairs = [(i, (i + 1) % n_qubits) for i in range(n_qubits)] if n_qubits > 2 else [(0, 1)]
    elif isinstance(coupling_map, str):
        raise ValueError(f"coupling_map '{coupling_map}': use all, line, ring or a list of pairs")
    else:
        pairs = [(int(a), int(b)) for a, b in coupling_map]
    for a, b in pairs:
        if a == b or not (0 <= a < n_qubits and 0 <= b < n_qubits):
            raise ValueError(f"coupling_map pair ({a}, {b}): qubits must differ and lie in 0..{n_qubits - 1}")
    unordered = sorted({(min(p), max(p)) for p in pairs})
    if gate_set == "heron":
        return unordered
    return [e for a, b in unordered for e in ((a, b), (b, a))]


class QASEnv(gym.Env):
    """Build a circuit gate by gate until its (re-optimised) energy is close to the ground energy.

    ## Description

    Curriculum-RL quantum architecture search after CRLQAS (Patel et al., ICLR 2024). Each step
    appends one gate to the circuit; all angles are then re-optimised (the new rotation placed at
    its exact one-angle optimum, then L-BFGS-B with exact adjoint gradients warm-started from the
    previous angles) on :mod:`c2q.agents.simulator`. The episode succeeds when the energy error
    ``E - E0`` (``E0``: exact ground energy) drops below ``threshold``.

    ## Action Space

    ``Discrete(n_actions)``; action ``i`` appends ``env.actions[i]``. ``gate_set="rxyz_cnot"``:
    RX, RY, RZ on each qubit (``3n``), then CNOT on each ordered pair allowed by the coupling map
    (default all ``n(n-1)`` pairs). ``gate_set="heron"`` (IBM Heron-class native set): RZ, SX, X on
    each qubit, then CZ on each coupling-map edge (default a line). :meth:`action_masks` (the
    sb3-contrib ``MaskablePPO`` convention) marks actions that change nothing useful: a gate
    repeating the previous gate on the same qubits (same-axis rotations merge, CNOT/CZ/X cancel,
    SX twice is X); with ``mask_trivial``, also gates that act trivially on ``|0>``: RZ on a
    qubit no gate has touched, CNOT whose control is untouched, CZ with an untouched qubit; with
    ``max_cnots``, every two-qubit gate once the circuit has that many. Masked actions are still
    executed if chosen.

    With ``gadgets`` (:mod:`c2q.agents.gadgets`), each gadget adds one action per placement on the
    register (:meth:`~c2q.agents.gadgets.Gadget.placements`: single qubits, ordered coupled pairs,
    connected triples), after the gate actions; ``env.actions[i]`` is then the tuple of gates it
    appends, in ``env.gadget_actions``. A gadget action appends all its gates at once; each new
    rotation is placed at its one-angle optimum in turn, then all angles are re-optimised as for a
    single gate. Its mask applies the rules above to its first gate, and also masks it when its
    two-qubit gates would pass ``max_cnots`` or its gates would pass ``max_gates`` (a gadget
    chosen anyway is cut at ``max_gates``).

    ## Observation Space

    ``Box(-1, 1, (max_gates, n*n + 3n [+ 1]), float32)``: row ``t`` describes gate ``t`` (zeros
    after the last gate). Columns ``0..n*n-1``: two-qubit placement, entry ``a*n + b`` for
    CNOT(control ``a``, target ``b``) or CZ(``a < b``); columns ``n*n + 3q + k``: one-hot of the
    single-qubit gate kind ``k`` (RX/RY/RZ, or RZ/SX/X) on qubit ``q``; last column (with
    ``include_angles``): the optimised angle wrapped to ``(-π, π]``, divided by ``π``.

    ## Rewards

    CRLQAS: ``+5`` and the end when ``E - E0 < threshold``; ``-5`` at the last allowed gate without
    success; otherwise ``max((E_prev - E) / (E_prev - E0), -1)``.

    ## Starting State

    The empty circuit (state ``|0...0>``); nothing is random, so equal seeds and actions give
    equal episodes.

    ## Episode End

    Terminated on success or when the circuit has ``max_gates`` gates (the step budget is part of
    the task: the penalty is earned there).

    ## Arguments

    :param hamiltonian: a :class:`~c2q.agents.hamiltonians.Hamiltonian` or a name (``tfim``,
        ``heisenberg``, ``h2``, ``lih``, ``beh2``, ``h2o``); a c2q problem's Hamiltonian comes from
        :func:`c2q.ansatz.problem_hamiltonian` (a spec dict is refused with ``TypeError``).
    :param n_qubits: width for spin models (default 4); must match a given Hamiltonian.
    :param gate_set: ``rxyz_cnot`` or ``heron``.
    :param coupling_map: see :func:`coupling_edges`.
    :param max_gates: episode length (gates per circuit).
    :param threshold: success threshold on ``E - E0`` (default chemical accuracy, 1.6e-3);
        change it between episodes with :meth:`set_threshold` (curricula).
    :param noise: ``None``, a :class:`~c2q.agents.noise.DepolarizingNoise`, ``{"p1": .., "p2": ..}`` or a
        fake device name (``fake_torino``): energies become ``f E + (1 - f) Tr(H)/2**n`` with
        ``f = Π (1 - p_gate)`` (global depolarising approximation, see :mod:`c2q.agents.noise`).
    :param include_angles: add the angle column to the observation.
    :param mask_trivial: also mask gates that act trivially on untouched qubits.
    :param maxiter: L-BFGS-B iterations per re-optimisation.
    :param max_cnots: mask two-qubit gates once the circuit has this many (``None``: no limit).
    :param hamiltonian_kwargs: passed to the named Hamiltonian's constructor (``J``, ``h``, ``bond``...).
    :param gadgets: ``None``, a :class:`~c2q.agents.gadgets.GadgetLibrary`, a library file
        (``c2q extract-gadgets``), or a list of gadgets / relative gate sequences; every gate must
        belong to ``gate_set``.
    :param render_mode: ``None`` or ``ansi``.
    :param start: ``zero`` (every circuit starts from ``|0...0>``) or ``hartree_fock`` (a molecule's
        Hartree-Fock state: X on its ``electrons`` lowest qubits before the agent's gates; those X
        gates are part of every circuit the environment reports and simulates, never an action).
    """

    metadata = {"render_modes": ["ansi"], "render_fps": 4}  # noqa: RUF012 (gymnasium convention)
    action_space: spaces.Discrete
    _done: bool  # the episode has ended (set by reset and step)

    def __init__(
        self,
        hamiltonian: Hamiltonian | str = "tfim",
        n_qubits: int | None = None,
        *,
        gate_set: str = "rxyz_cnot",
        coupling_map: str | Sequence[Sequence[int]] | None = None,
        max_gates: int = 20,
        threshold: float = 1.6e-3,
        noise: DepolarizingNoise | Mapping[str, Any] | str | None = None,
        include_angles: bool = True,
        mask_trivial: bool = True,
        maxiter: int = 200,
        max_cnots: int | None = None,
        hamiltonian_kwargs: Mapping[str, Any] | None = None,
        gadgets: GadgetLibrary | str | Sequence[Gadget | Sequence[Gate]] | None = None,
        render_mode: str | None = None,
        start: str = "zero",
    ) -> None:
        if isinstance(hamiltonian, str) and hamiltonian_kwargs:
            from c2q.agents.hamiltonians import get_hamiltonian

            self.hamiltonian = get_hamiltonian(hamiltonian, n_qubits, **hamiltonian_kwargs)
        else:
            self.hamiltonian = as_hamiltonian(hamiltonian, n_qubits)
        if gate_set not in GATE_SETS:
            raise ValueError(f"gate_set '{gate_set}': choose one of {', '.join(GATE_SETS)}")
        if max_gates < 1:
            raise ValueError(f"max_gates={max_gates}: at least 1")
        if render_mode not in (None, "ansi"):
            raise ValueError(f"render_mode '{render_mode}': None or 'ansi'")
        if start not in STARTS:
            raise ValueError(f"start '{start}': choose one of {', '.join(STARTS)}")
        if start == "hartree_fock" and self.hamiltonian.electrons is None:
            raise ValueError(f"start 'hartree_fock': {self.hamiltonian.name} is not a molecule (no electron number)")
        n = self.n_qubits = self.hamiltonian.n_qubits
        if n < 2:
            raise ValueError("QASEnv needs at least 2 qubits")
        self.gate_set = gate_set
        self.max_gates = int(max_gates)
        self.threshold = float(threshold)
        self.noise = as_noise(noise)
        self.include_angles = include_angles
        self.mask_trivial = mask_trivial
        self.maxiter = maxiter
        self.max_cnots = max_cnots
        self.start = start
        #: the gates every circuit starts with (the Hartree-Fock preparation, or none)
        self.reference: tuple[Gate, ...] = (
            tuple(("x", q) for q in range(self.hamiltonian.electrons or 0)) if start == "hartree_fock" else ()
        )
        #: simulator evaluations spent by this environment (energy and energy+gradient calls)
        self.evaluations = 0
        self.render_mode = render_mode

        kinds = [g for g in GATE_SETS[gate_set] if g not in TWO_QUBIT]
        two = next(g for g in GATE_SETS[gate_set] if g in TWO_QUBIT)
        self._kind_index = {k: i for i, k in enumerate(kinds)}
        edges = coupling_edges(coupling_map, n, gate_set)
        self.actions: list[Gate | tuple[Gate, ...]] = [(k, q) for k in kinds for q in range(n)]
        self.actions += [(two, a, b) for a, b in edges]
        #: the gates each action appends (one for a gate action)
        self._action_gates: list[tuple[Gate, ...]] = [(g,) for g in self.actions]
        self.gadgets = as_gadgets(gadgets)
        #: ``(gadget index, placement)`` of each gadget action, in action order after the gate actions
        self.gadget_actions: list[tuple[int, tuple[int, ...]]] = []
        for i, gadget in enumerate(self.gadgets):
            foreign = sorted(gadget.names - set(GATE_SETS[gate_set]))
            if foreign:
                raise ValueError(f"gadget {i} uses {', '.join(foreign)}: not in gate set {gate_set}")
            for qubits in gadget.placements(n, edges):
                self.gadget_actions.append((i, qubits))
                self.actions.append(gadget.place(qubits))
                self._action_gates.append(gadget.place(qubits))
        self._action_two = [sum(g[0] in TWO_QUBIT for g in gates) for gates in self._action_gates]
        self.action_space = spaces.Discrete(len(self.actions))
        self._n_features = n * n + len(kinds) * n + (1 if include_angles else 0)
        self.observation_space = spaces.Box(-1.0, 1.0, shape=(self.max_gates, self._n_features), dtype=np.float32)

        self.simulator = get_simulator(n)
        self.observable = Observable(self.hamiltonian)
        self.ground_energy = self.hamiltonian.exact_ground_energy()
        self._initial_energy = self.observable.expectation(self.simulator.statevector(list(self.reference), []))
        self.best: Ansatz | None = None
        self._best_key: tuple | None = None
        self._reset_circuit()

    @property
    def two_qubit_actions(self) -> np.ndarray:
        """Which actions place at least one two-qubit gate (gate and gadget actions, in action order)."""
        return np.array([k > 0 for k in self._action_two], dtype=bool)

    # --- curriculum hooks -------------------------------------------------------------------
    def set_threshold(self, threshold: float) -> None:
        """Change the success threshold (takes effect at the next step; curricula call it)."""
        if not threshold > 0:
            raise ValueError(f"threshold={threshold}: must be positive")
        self.threshold = float(threshold)

    # --- gymnasium API ----------------------------------------------------------------------
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        """Start from the empty circuit. ``options={"threshold": x}`` sets the threshold first."""
        super().reset(seed=seed)
        if options and "threshold" in options:
            self.set_threshold(options["threshold"])
        self._reset_circuit()
        return self._observation(), self._info()

    def step(self, action: int | np.integer) -> tuple[np.ndarray, float, bool, bool, dict]:
        """Append ``self.actions[action]``, re-optimise all angles, score the new energy."""
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is outside Discrete({self.action_space.n})")
        if self._done:
            raise RuntimeError("step() after the episode ended; call reset()")
        gates = self._action_gates[int(action)][: self.max_gates - len(self.gates)]
        for gate in gates:
            self._append(gate)
        previous = self.energy
        before = self.simulator.evaluations
        self._optimise(new_parameters=sum(g[0] in PARAMETRIC for g in gates))
        self.evaluations += self.simulator.evaluations - before
        error = self.energy - self.ground_energy
        success = error < self.threshold
        if success:
            reward = SUCCESS_REWARD
        elif len(self.gates) >= self.max_gates:
            reward = FAILURE_REWARD
        else:
            gap = previous - self.ground_energy
            reward = max((previous - self.energy) / gap, -1.0) if gap > 1e-12 else 0.0
        self._done = success or len(self.gates) >= self.max_gates
        self._success = success
        self._track_best()
        return self._observation(), float(reward), self._done, False, self._info()

    def action_masks(self) -> np.ndarray:
        """Boolean mask over actions (``True`` = allowed); see the class docstring."""
        mask = np.ones(len(self.actions), dtype=bool)
        last = self._last_on
        n_two = sum(g[0] in TWO_QUBIT for g in self.gates)
        room = self.max_gates - len(self.gates)
        for i, (gates, adds) in enumerate(zip(self._action_gates, self._action_two, strict=True)):
            if (self.max_cnots is not None and adds and n_two + adds > self.max_cnots) or len(gates) > room:
                mask[i] = False
                continue
            gate = gates[0]
            qubits = gate[1:]
            prev = [last[q] for q in qubits]
            repeats = prev[0] is not None and all(p == prev[0] for p in prev) and self._same(self.gates[prev[0]], gate)
            if repeats or (self.mask_trivial and self._trivial(gate)):
                mask[i] = False
        if not mask.any():  # cannot happen with the built-in gate sets; never hand out an empty mask
            mask[:] = True
        return mask

    def render(self) -> str | None:
        """Text summary of the circuit (``render_mode="ansi"``)."""
        if self.render_mode != "ansi":
            return None
        gates = " ".join(_gate_text(g, a) for g, a in zip(self.gates, self._gate_angles(), strict=True))
        return f"E={self.energy:.6f} err={self.energy - self.ground_energy:.2e} [{gates}]"

    # --- results ----------------------------------------------------------------------------
    def current_ansatz(self) -> Ansatz:
        """The circuit built so far, with its angles and figures."""
        return Ansatz(self.n_qubits, self.circuit, list(self.angles), self.energy, self._metadata())

    @property
    def circuit(self) -> list[Gate]:
        """The whole circuit: the reference preparation, then the agent's gates."""
        return [*self.reference, *self.gates]

    # --- internals --------------------------------------------------------------------------
    def _reset_circuit(self) -> None:
        self.gates: list[Gate] = []
        self.angles: list[float] = []
        self._last_on: list[int | None] = [None] * self.n_qubits
        self._touched = [False] * self.n_qubits
        for gate in self.reference:  # a prepared qubit is no longer |0>: nothing on it is trivial
            self._touched[gate[1]] = True
        self.energy = self._initial_energy
        self.energy_noiseless = self._initial_energy
        self.fidelity = 1.0
        self._done = False
        self._success = False
        self._episode_start_evaluations = self.evaluations

    def _append(self, gate: Gate) -> None:
        index = len(self.gates)
        self.gates.append(gate)
        if gate[0] in PARAMETRIC:
            self.angles.append(0.0)
        for q in gate[1:]:
            self._last_on[q] = index
            self._touched[q] = True

    def _optimise(self, new_parameters: int) -> None:
        """Place the last ``new_parameters`` angles one at a time at their exact optimum, then
        re-optimise all angles together."""
        circuit = self.circuit  # the reference is unparameterised: angle k is the agent's k-th
        if self.angles:
            x0 = np.array(self.angles)
            for k in range(len(x0) - new_parameters, len(x0)):
                x0[k], _ = best_single_angle(circuit, x0, k, self.observable, simulator=self.simulator)
            res = optimize_angles(circuit, self.observable, x0, maxiter=self.maxiter, simulator=self.simulator)
            self.angles = [math.remainder(a, 2 * math.pi) for a in res.angles]
            ideal = res.energy
        else:
            ideal = self.simulator.energy(circuit, [], self.observable)
        self.energy_noiseless = ideal
        if self.noise is None:
            self.energy = ideal
        else:
            self.fidelity = self.noise.fidelity(circuit)
            self.energy = self.noise.noisy_energy(ideal, self.fidelity, self.hamiltonian.trace_mean)

    @staticmethod
    def _same(a: Gate, b: Gate) -> bool:
        if a[0] != b[0]:
            return False
        if a[0] == "cz":
            return sorted(a[1:]) == sorted(b[1:])
        return a[1:] == b[1:]

    def _trivial(self, gate: Gate) -> bool:
        name, qubits = gate[0], gate[1:]
        if name == "rz":
            return not self._touched[qubits[0]]
        if name == "cx":
            return not self._touched[qubits[0]]
        if name == "cz":
            return not (self._touched[qubits[0]] and self._touched[qubits[1]])
        return False

    def _gate_angles(self) -> list[float | None]:
        it = iter(self.angles)
        return [next(it) if g[0] in PARAMETRIC else None for g in self.gates]

    def _observation(self) -> np.ndarray:
        n = self.n_qubits
        obs = np.zeros((self.max_gates, self._n_features), dtype=np.float32)
        for t, (gate, angle) in enumerate(zip(self.gates, self._gate_angles(), strict=True)):
            if gate[0] in TWO_QUBIT:
                a, b = sorted(gate[1:]) if gate[0] == "cz" else gate[1:]
                obs[t, a * n + b] = 1.0
            else:
                obs[t, n * n + len(self._kind_index) * gate[1] + self._kind_index[gate[0]]] = 1.0
            if self.include_angles and angle is not None:
                obs[t, -1] = min(1.0, max(-1.0, angle / math.pi))
        return obs

    def _info(self) -> dict[str, Any]:
        return {
            "energy": self.energy,
            "error": self.energy - self.ground_energy,
            "energy_noiseless": self.energy_noiseless,
            "fidelity": self.fidelity,
            "ground_energy": self.ground_energy,
            "n_gates": len(self.gates),
            "n_cnots": sum(g[0] in TWO_QUBIT for g in self.gates),
            "circuit": tuple(self.circuit),  # with the reference preparation: what reproduces the energy
            "angles": tuple(self.angles),
            "threshold": self.threshold,
            "is_success": self._success,
            "episode_evaluations": self.evaluations - self._episode_start_evaluations,
        }

    def _metadata(self) -> dict[str, Any]:
        return {
            "hamiltonian": self.hamiltonian.name,
            "ground_energy": self.ground_energy,
            "error": self.energy - self.ground_energy,
            "energy_noiseless": self.energy_noiseless,
            "gate_set": self.gate_set,
            "start": self.start,
            "threshold": self.threshold,
            "success": self._success,
            "noise": None if self.noise is None else self.noise.as_dict(),
        }

    def _track_best(self) -> None:
        """Keep the best circuit over all episodes: successful ones by fewest gates, then two-qubit
        gates, then energy; otherwise the lowest energy."""
        n_two = sum(g[0] in TWO_QUBIT for g in self.gates)
        key = (0, len(self.gates), n_two, self.energy) if self._success else (1, self.energy, len(self.gates), 0)
        if self._best_key is None or key < self._best_key:
            self._best_key = key
            self.best = self.current_ansatz()


def _gate_text(gate: Gate, angle: float | None) -> str:
    args = ",".join(str(q) for q in gate[1:])
    return f"{gate[0]}({angle:.3f})[{args}]" if angle is not None else f"{gate[0]}[{args}]"
