"""c2q.agents.dqn: the masked Double DQN never picks a masked action, and learns on the environment."""

import gymnasium as gym
import numpy as np
import torch
from c2q.agents.dqn import MaskableDQN, MaskableReplayBuffer
from c2q.agents.envs.qas import QASEnv


class Audit(gym.Wrapper):
    """Records every action the agent takes that the environment's mask forbade."""

    def __init__(self, env):
        super().__init__(env)
        self.violations = 0
        self.steps = 0

    def step(self, action):
        self.steps += 1
        self.violations += not self.env.unwrapped.action_masks()[int(action)]
        return self.env.step(action)

    def action_masks(self):
        return self.env.unwrapped.action_masks()


def model_for(env, **kwargs):
    torch.set_num_threads(1)
    kw = {"learning_starts": 40, "train_freq": 4, "batch_size": 16, "seed": 0, "device": "cpu"} | kwargs
    return MaskableDQN("MlpPolicy", env, **kw)


def test_predict_respects_random_masks():
    env = QASEnv("tfim", 3, max_gates=6)
    model = model_for(env)
    rng = np.random.default_rng(1)
    obs, _ = env.reset(seed=0)
    batch = np.stack([obs] * 8)
    for eps in (0.0, 1.0):
        model.exploration_rate = eps
        for _ in range(50):
            masks = rng.random((8, env.action_space.n)) < 0.2
            masks[np.arange(8), rng.integers(env.action_space.n, size=8)] = True
            for deterministic in (True, False):
                actions, _ = model.predict(batch, deterministic=deterministic, action_masks=masks)
                assert masks[np.arange(8), actions].all()
            single, _ = model.predict(obs, deterministic=False, action_masks=masks[0])
            assert np.ndim(single) == 0 and masks[0, int(single)]


def test_training_never_takes_a_masked_action_and_stores_next_masks():
    env = Audit(QASEnv("tfim", 2, max_gates=6, threshold=1e-8))
    model = model_for(env, exploration_fraction=0.5)
    model.learn(300)
    assert env.steps >= 300 and env.violations == 0
    buf = model.replay_buffer
    assert isinstance(buf, MaskableReplayBuffer)
    stored = buf.next_action_masks[: buf.pos, 0]
    assert stored.any(axis=1).all() and not stored.all()  # real masks, not the all-True default
    assert model._n_updates > 0
