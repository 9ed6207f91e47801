"""Reinforcement-learning quantum architecture search for c2q.

Hamiltonians (:mod:`agents.hamiltonians`), a fast statevector simulator with exact gradients
(:mod:`agents.simulator`), a global-depolarising noise approximation (:mod:`agents.noise`), the
``c2q/QAS-v0`` gymnasium environment (:mod:`agents.envs`), circuit export
(:mod:`agents.circuits`), and gadget mining (:mod:`agents.gadgets`, ``c2q extract-gadgets``).
Training (imported on demand, they load stable-baselines3 and torch): :mod:`agents.train`
(``c2q train``), :mod:`agents.grl` (``c2q grl``: rounds with mined gadgets), :mod:`agents.curriculum`,
:mod:`agents.dqn` (masked Double DQN), :mod:`agents.baselines` (random search, hardware-efficient
ansatz, ADAPT-VQE), :mod:`agents.report`.
Importing :mod:`agents` registers the environment::

    import gymnasium as gym
    import agents

    env = gym.make("c2q/QAS-v0", hamiltonian="tfim", n_qubits=4)
"""

from agents.circuits import Ansatz, to_qiskit
from agents.envs import QAS_ID, QASEnv
from agents.gadgets import Gadget, GadgetLibrary
from agents.hamiltonians import Hamiltonian, get_hamiltonian, heisenberg, molecule, tfim
from agents.noise import DepolarizingNoise, device_noise
from agents.simulator import Observable, Simulator, optimize_angles

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
