"""A short MaskablePPO run on 2-qubit TFIM: the environment works with sb3-contrib as is."""

import c2q.agents  # noqa: F401  (registers c2q/QAS-v0)
import gymnasium as gym
import pytest


def test_maskable_ppo_runs_on_tfim2():
    torch = pytest.importorskip("torch")
    from sb3_contrib import MaskablePPO
    from sb3_contrib.common.maskable.utils import get_action_masks

    torch.set_num_threads(1)
    env = gym.make("c2q/QAS-v0", hamiltonian="tfim", n_qubits=2, max_gates=6)
    model = MaskablePPO("MlpPolicy", env, n_steps=64, batch_size=32, n_epochs=2, seed=0, device="cpu")
    model.learn(total_timesteps=192)
    assert model.num_timesteps >= 192
    best = env.unwrapped.best
    assert best is not None and best.energy < -2.0
    obs, _ = env.reset(seed=0)
    action, _ = model.predict(obs, action_masks=get_action_masks(env), deterministic=True)
    assert env.unwrapped.action_masks()[int(action)]
