"""CRLQAS-style threshold curriculum as a stable-baselines3 callback.

The success threshold on the energy error ``E - E0`` starts loose and follows the agent: after
``k_successes`` successful episodes in a row it tightens (``× factor``, or down to a small margin
above the best error found so far, whichever is lower), never below the target threshold; after
``patience`` episodes in a row without success it loosens again (``÷ factor**2``, never above the
start value), so an agent stuck behind a threshold it cannot reach goes back to one it can.
(Patel et al., "Curriculum reinforcement learning for quantum architecture search under hardware
errors", ICLR 2024: a greedy threshold moved toward the lowest energy found, with resets.)

The rule lives in :class:`ThresholdSchedule` (plain Python, unit-tested on fake episodes);
:class:`CurriculumCallback` feeds it the episode ends SB3 sees and applies every change with
``env_method("set_threshold", ...)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stable_baselines3.common.callbacks import BaseCallback


@dataclass
class ThresholdSchedule:
    """The moving threshold.

    :param target: the final threshold (the task's success criterion); never gone below.
    :param start: the initial, loose threshold (raised to ``target`` if lower).
    :param factor: tightening factor in ``(0, 1)``; loosening divides by ``factor**2``.
    :param k_successes: successes in a row that tighten the threshold.
    :param patience: episodes in a row without success that loosen it.
    :param follow_best: also tighten down to ``margin × best error`` when that is lower than
        ``threshold × factor`` (CRLQAS's greedy step toward the best energy found).
    :param margin: how far above the best error the greedy step stops (``> 1``).
    """

    target: float
    start: float = 1e-1
    factor: float = 0.5
    k_successes: int = 5
    patience: int = 200
    follow_best: bool = True
    margin: float = 2.0
    threshold: float = field(init=False)
    best_error: float = field(init=False, default=math.inf)
    streak: int = field(init=False, default=0)
    drought: int = field(init=False, default=0)
    changes: list[tuple[int, float, str]] = field(init=False, default_factory=list)
    episodes: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if not self.target > 0:
            raise ValueError(f"target={self.target}: must be positive")
        if not 0 < self.factor < 1:
            raise ValueError(f"factor={self.factor}: must lie in (0, 1)")
        if self.k_successes < 1 or self.patience < 1:
            raise ValueError("k_successes and patience must be at least 1")
        if self.margin <= 1:
            raise ValueError(f"margin={self.margin}: must exceed 1")
        self.start = max(float(self.start), float(self.target))
        self.threshold = self.start

    def update(self, success: bool, error: float) -> float | None:
        """Record one finished episode (``success`` at the current threshold, its final ``error``);
        return the new threshold when it changes, else ``None``."""
        self.episodes += 1
        self.best_error = min(self.best_error, float(error))
        if success:
            self.streak, self.drought = self.streak + 1, 0
            if self.streak < self.k_successes or self.threshold <= self.target:
                return None
            new = self.threshold * self.factor
            if self.follow_best and math.isfinite(self.best_error):
                new = min(new, self.margin * max(self.best_error, 0.0))
            return self._set(max(self.target, new), "tighten")
        self.streak, self.drought = 0, self.drought + 1
        if self.drought < self.patience or self.threshold >= self.start:
            return None
        return self._set(min(self.start, self.threshold / self.factor**2), "loosen")

    def _set(self, value: float, why: str) -> float | None:
        self.streak = self.drought = 0
        if value == self.threshold:
            return None
        self.threshold = value
        self.changes.append((self.episodes, value, why))
        return value

    def state(self) -> dict[str, Any]:
        """JSON-ready state (checkpoints)."""
        return {
            "threshold": self.threshold,
            "best_error": self.best_error if math.isfinite(self.best_error) else None,
            "streak": self.streak,
            "drought": self.drought,
            "episodes": self.episodes,
            "changes": [list(c) for c in self.changes],
        }

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Inverse of :meth:`state` (resume)."""
        self.threshold = float(state["threshold"])
        self.best_error = math.inf if state.get("best_error") is None else float(state["best_error"])
        self.streak, self.drought = int(state["streak"]), int(state["drought"])
        self.episodes = int(state["episodes"])
        self.changes = [tuple(c) for c in state.get("changes", [])]


class CurriculumCallback(BaseCallback):
    """Feeds every finished episode (``info["is_success"]``, ``info["error"]``) to a
    :class:`ThresholdSchedule` and sets the new threshold on all environments when it moves.

    :param schedule: the rule.
    :param verbose: 1 prints each change.
    """

    def __init__(self, schedule: ThresholdSchedule, verbose: int = 0) -> None:
        super().__init__(verbose)
        self.schedule = schedule

    def _on_training_start(self) -> None:
        self.training_env.env_method("set_threshold", self.schedule.threshold)

    def _on_step(self) -> bool:
        for done, info in zip(self.locals["dones"], self.locals["infos"], strict=True):
            if not done:
                continue
            new = self.schedule.update(bool(info.get("is_success", False)), float(info["error"]))
            if new is not None:
                self.training_env.env_method("set_threshold", new)
                self.logger.record("curriculum/threshold", new)
                if self.verbose:
                    print(f"curriculum: threshold {new:.2e} at step {self.num_timesteps}")
        return True
