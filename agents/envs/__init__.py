"""Gymnasium environments for architecture search; importing this registers their ids."""

import gymnasium as gym
from c2q.agents.envs.qas import QASEnv

#: registered environment id
QAS_ID = "c2q/QAS-v0"

if QAS_ID not in gym.registry:
    gym.register(id=QAS_ID, entry_point="c2q.agents.envs.qas:QASEnv")

__all__ = ["QAS_ID", "QASEnv"]
