"""Double DQN with invalid-action masks, on top of stable-baselines3's DQN.

SB3's :class:`~stable_baselines3.DQN` has no action masks. This module adds them in the three
places a DQN chooses an action, and nowhere else:

- acting greedily: the argmax of the Q-values over allowed actions only
  (:meth:`MaskableDQNPolicy.predict`);
- exploring (epsilon-greedy, and the random warm-up before ``learning_starts``): a uniform draw
  over allowed actions only (:meth:`MaskableDQN.predict`, :meth:`MaskableDQN._sample_action`);
- the TD target: Double-DQN style, the next action is the online network's masked argmax at the
  next state and its value comes from the target network,
  ``y = r + γ (1 - done) Q_target(s', argmax_{a allowed in s'} Q_online(s', a))``
  (:meth:`MaskableDQN.train`). The mask of every next state is stored with its transition by
  :class:`MaskableReplayBuffer`.

Masks come from the environment's ``action_masks()`` method (the sb3-contrib ``MaskablePPO``
convention, read with ``get_action_masks``), so the same environments serve both agents. After an
episode ends the vectorised environment has already reset, so the stored "next" mask is the new
episode's; such transitions are terminal and their target ignores it.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple, cast

import numpy as np
import torch as th
from gymnasium import spaces
from sb3_contrib.common.maskable.utils import get_action_masks
from stable_baselines3 import DQN
from stable_baselines3.common.buffers import ReplayBuffer
from stable_baselines3.common.policies import BasePolicy
from stable_baselines3.common.vec_env import VecNormalize
from stable_baselines3.dqn.policies import DQNPolicy
from torch.nn import functional as F


class MaskableReplayBufferSamples(NamedTuple):
    """:class:`~stable_baselines3.common.type_aliases.ReplayBufferSamples` plus next-state masks."""

    observations: th.Tensor
    actions: th.Tensor
    next_observations: th.Tensor
    dones: th.Tensor
    rewards: th.Tensor
    next_action_masks: th.Tensor
    discounts: th.Tensor | None = None


class MaskableReplayBuffer(ReplayBuffer):
    """A replay buffer that also keeps the action mask of each transition's next observation.

    :meth:`MaskableDQN._store_transition` sets :attr:`pending_masks` right before each ``add``;
    without it, every action counts as allowed. Other arguments as for
    :class:`~stable_baselines3.common.buffers.ReplayBuffer` (``optimize_memory_usage`` unsupported).
    """

    def __init__(self, buffer_size: int, observation_space: spaces.Space, action_space: spaces.Space, **kwargs: Any):
        if kwargs.get("optimize_memory_usage"):
            raise ValueError("MaskableReplayBuffer does not support optimize_memory_usage")
        if not isinstance(action_space, spaces.Discrete):
            raise ValueError("action masks need a Discrete action space")
        super().__init__(buffer_size, observation_space, action_space, **kwargs)
        self.next_action_masks = np.ones((self.buffer_size, self.n_envs, int(action_space.n)), dtype=bool)
        self.pending_masks: np.ndarray | None = None

    def add(self, obs, next_obs, action, reward, done, infos) -> None:
        masks = self.pending_masks
        self.next_action_masks[self.pos] = True if masks is None else masks.reshape(self.n_envs, -1)
        self.pending_masks = None
        super().add(obs, next_obs, action, reward, done, infos)

    # SB3 types the samples as its own NamedTuple, which cannot be extended with the masks (sb3-contrib's
    # maskable buffers override the same way)
    def _get_samples(  # type: ignore[override]
        self, batch_inds: np.ndarray, env: VecNormalize | None = None
    ) -> MaskableReplayBufferSamples:
        env_indices = np.random.randint(0, high=self.n_envs, size=(len(batch_inds),))
        data = (
            self._normalize_obs(self.observations[batch_inds, env_indices, :], env),
            self.actions[batch_inds, env_indices, :],
            self._normalize_obs(self.next_observations[batch_inds, env_indices, :], env),
            (self.dones[batch_inds, env_indices] * (1 - self.timeouts[batch_inds, env_indices])).reshape(-1, 1),
            self._normalize_reward(self.rewards[batch_inds, env_indices].reshape(-1, 1), env),
        )
        masks = th.as_tensor(self.next_action_masks[batch_inds, env_indices], device=self.device)
        observations, actions, next_observations, dones, rewards = map(self.to_torch, data)
        return MaskableReplayBufferSamples(observations, actions, next_observations, dones, rewards, masks)


def _masked(q_values: th.Tensor, masks: th.Tensor | np.ndarray | None) -> th.Tensor:
    """Q-values with disallowed actions set to -inf."""
    if masks is None:
        return q_values
    masks = th.as_tensor(np.asarray(masks, dtype=bool) if not th.is_tensor(masks) else masks, device=q_values.device)
    return q_values.masked_fill(~masks.reshape(q_values.shape), -th.inf)


class MaskableDQNPolicy(DQNPolicy):
    """:class:`~stable_baselines3.dqn.policies.DQNPolicy` whose greedy action respects a mask."""

    def predict(
        self,
        observation: np.ndarray | dict[str, np.ndarray],
        state: tuple[np.ndarray, ...] | None = None,
        episode_start: np.ndarray | None = None,
        deterministic: bool = True,
        action_masks: np.ndarray | None = None,
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...] | None]:
        """Masked argmax of the Q-values (``action_masks``: booleans, ``True`` = allowed)."""
        self.set_training_mode(False)
        obs, vectorized = self.obs_to_tensor(observation)
        with th.no_grad():
            actions = _masked(self.q_net(obs), action_masks).argmax(dim=1).cpu().numpy()
        return (actions if vectorized else actions.squeeze(0)), state


def _random_allowed(masks: np.ndarray, rng: np.random.RandomState | Any = np.random) -> np.ndarray:
    """One uniformly drawn allowed action per row of ``masks``."""
    return np.array([rng.choice(np.flatnonzero(row)) for row in np.atleast_2d(masks)])


class MaskableDQN(DQN):
    """Double DQN with action masks (see the module docstring); arguments as for SB3's
    :class:`~stable_baselines3.DQN` (``"MlpPolicy"`` means :class:`MaskableDQNPolicy`)."""

    policy_aliases: ClassVar[dict[str, type[BasePolicy]]] = {"MlpPolicy": MaskableDQNPolicy}
    policy: MaskableDQNPolicy
    action_space: spaces.Discrete  # DQN takes Discrete action spaces only

    def __init__(self, policy: str | type[MaskableDQNPolicy], env: Any, **kwargs: Any) -> None:
        kwargs.setdefault("replay_buffer_class", MaskableReplayBuffer)
        super().__init__(policy, env, **kwargs)

    def predict(
        self,
        observation: np.ndarray | dict[str, np.ndarray],
        state: tuple[np.ndarray, ...] | None = None,
        episode_start: np.ndarray | None = None,
        deterministic: bool = False,
        action_masks: np.ndarray | None = None,
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...] | None]:
        """Epsilon-greedy over allowed actions (``deterministic``: the masked greedy action)."""
        if not deterministic and np.random.rand() < self.exploration_rate:
            n = int(self.action_space.n)
            vectorized = self.policy.is_vectorized_observation(observation)
            batch = np.asarray(observation).shape[0] if vectorized else 1
            masks = np.ones((batch, n), dtype=bool) if action_masks is None else np.asarray(action_masks, bool)
            action = _random_allowed(masks.reshape(batch, n))
            return (action if vectorized else action[0]), state
        return self.policy.predict(observation, state, episode_start, deterministic, action_masks=action_masks)

    def _sample_action(
        self, learning_starts: int, action_noise: Any = None, n_envs: int = 1
    ) -> tuple[np.ndarray, np.ndarray]:
        assert self.env is not None and self._last_obs is not None  # set by learn() before any rollout
        masks = get_action_masks(self.env)
        if self.num_timesteps < learning_starts:
            action = _random_allowed(masks)
        else:
            action, _ = self.predict(self._last_obs, deterministic=False, action_masks=masks)
        return action, action

    def _store_transition(self, replay_buffer: ReplayBuffer, *args: Any) -> None:
        if isinstance(replay_buffer, MaskableReplayBuffer):
            assert self.env is not None  # set by learn() before any rollout
            replay_buffer.pending_masks = get_action_masks(self.env)
        super()._store_transition(replay_buffer, *args)

    def train(self, gradient_steps: int, batch_size: int = 100) -> None:
        """SB3's DQN update with the masked Double-DQN target."""
        self.policy.set_training_mode(True)
        self._update_learning_rate(self.policy.optimizer)
        assert self.replay_buffer is not None  # made by _setup_model()
        losses = []
        for _ in range(gradient_steps):
            # a MaskableReplayBuffer's samples (SB3's sample() is typed with its own NamedTuple)
            data = cast(MaskableReplayBufferSamples, self.replay_buffer.sample(batch_size, env=self._vec_normalize_env))
            discounts = data.discounts if data.discounts is not None else self.gamma
            with th.no_grad():
                online = _masked(self.q_net(data.next_observations), data.next_action_masks)
                next_actions = online.argmax(dim=1, keepdim=True)
                next_q = th.gather(self.q_net_target(data.next_observations), 1, next_actions)
                target = data.rewards + (1 - data.dones) * discounts * next_q
            current = th.gather(self.q_net(data.observations), 1, data.actions.long())
            loss = F.smooth_l1_loss(current, target)
            losses.append(loss.item())
            self.policy.optimizer.zero_grad()
            loss.backward()
            th.nn.utils.clip_grad_norm_(self.policy.parameters(), self.max_grad_norm)
            self.policy.optimizer.step()
        self._n_updates += gradient_steps
        self.logger.record("train/n_updates", self._n_updates, exclude="tensorboard")
        self.logger.record("train/loss", float(np.mean(losses)))
