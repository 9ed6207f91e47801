"""Reinforcement-learning quantum architecture search for c2q.

Hamiltonians (:mod:`c2q.agents.hamiltonians`), a fast statevector simulator with exact gradients
(:mod:`c2q.agents.simulator`), a global-depolarising noise approximation (:mod:`c2q.agents.noise`), the
``c2q/QAS-v0`` gymnasium environment (:mod:`c2q.agents.envs`), circuit export
(:mod:`c2q.agents.circuits`), and gadget mining (:mod:`c2q.agents.gadgets`, ``c2q extract-gadgets``).
Training (imported on demand, they load stable-baselines3 and torch): :mod:`c2q.agents.train`
(``c2q train``), :mod:`c2q.agents.grl` (``c2q grl``: rounds with mined gadgets), :mod:`c2q.agents.curriculum`,
:mod:`c2q.agents.dqn` (masked Double DQN), :mod:`c2q.agents.baselines` (random search, hardware-efficient
ansatz, ADAPT-VQE), :mod:`c2q.agents.report`.
Importing :mod:`c2q.agents` registers the environment::

    import gymnasium as gym
    import c2q.agents

    env = gym.make("c2q/QAS-v0", hamiltonian="tfim", n_qubits=4)
"""

import importlib.util
from typing import Any

from c2q.agents.circuits import Ansatz, to_qiskit
from c2q.agents.gadgets import Gadget, GadgetLibrary
from c2q.agents.hamiltonians import Hamiltonian, get_hamiltonian, heisenberg, molecule, tfim
from c2q.agents.noise import DepolarizingNoise, device_noise
from c2q.agents.simulator import Observable, Simulator, optimize_angles

if importlib.util.find_spec("gymnasium") is not None:  # the rl extra: registers c2q/QAS-v0
    from c2q.agents.envs import QAS_ID, QASEnv


def __getattr__(name: str) -> Any:
    if name in ("QAS_ID", "QASEnv"):  # only without the rl extra
        from c2q.extras import require

        require("rl", f"c2q.agents.{name}")
    raise AttributeError(f"module 'c2q.agents' has no attribute '{name}'")


__all__ = [
    "QAS_ID",
    "Ansatz",
    "DepolarizingNoise",
    "Gadget",
    "GadgetLibrary",
    "Hamiltonian",
    "Observable",
    "QASEnv",
    "Simulator",
    "device_noise",
    "get_hamiltonian",
    "heisenberg",
    "molecule",
    "optimize_angles",
    "tfim",
    "to_qiskit",
]
