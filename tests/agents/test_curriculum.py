"""c2q.agents.curriculum: the moving threshold on fake episode sequences, and the SB3 callback."""

import math

import pytest
from c2q.agents.curriculum import CurriculumCallback, ThresholdSchedule


def feed(schedule, episodes):
    """Feed ``(success, error)`` pairs; return the thresholds after each."""
    out = []
    for success, error in episodes:
        schedule.update(success, error)
        out.append(schedule.threshold)
    return out


def test_tightens_after_k_successes_in_a_row():
    s = ThresholdSchedule(target=1e-3, start=1e-1, factor=0.5, k_successes=3, patience=10, follow_best=False)
    assert s.threshold == 1e-1
    thresholds = feed(s, [(True, 0.05), (True, 0.05), (False, 0.2), (True, 0.05), (True, 0.05)])
    assert thresholds == [1e-1] * 5  # the failure broke the streak
    assert feed(s, [(True, 0.05)]) == [5e-2]
    assert s.changes == [(6, 5e-2, "tighten")]


def test_follow_best_jumps_toward_the_best_error_but_never_below_target():
    s = ThresholdSchedule(target=1e-6, start=1e-1, k_successes=2, patience=10, margin=2.0)
    feed(s, [(True, 1e-3), (True, 2e-4)])
    assert s.threshold == pytest.approx(4e-4)  # min(0.1 * 0.5, 2 * best)
    feed(s, [(True, 1e-12), (True, 1e-12)])
    assert s.threshold == 1e-6  # clipped at the target
    feed(s, [(True, 1e-12)] * 10)
    assert s.threshold == 1e-6 and s.changes[-1][2] == "tighten"


def test_loosens_on_stagnation_never_above_start():
    s = ThresholdSchedule(target=1e-4, start=1e-1, factor=0.5, k_successes=1, patience=3, follow_best=False)
    feed(s, [(True, 0.01)] * 4)
    assert s.threshold == pytest.approx(0.1 * 0.5**4)
    feed(s, [(False, 0.5)] * 2)
    assert s.threshold == pytest.approx(0.1 * 0.5**4)
    feed(s, [(False, 0.5)])
    assert s.threshold == pytest.approx(0.1 * 0.5**2)  # divided by factor**2
    feed(s, [(False, 0.5)] * 30)
    assert s.threshold == 0.1  # capped at the start
    assert [c[2] for c in s.changes][-2:] == ["loosen", "loosen"]


def test_start_below_target_and_bad_arguments():
    assert ThresholdSchedule(target=1e-2, start=1e-3).threshold == 1e-2
    for kwargs in ({"target": 0}, {"target": 1e-3, "factor": 1.0}, {"target": 1e-3, "k_successes": 0}):
        with pytest.raises(ValueError):
            ThresholdSchedule(**kwargs)


def test_state_round_trip():
    s = ThresholdSchedule(target=1e-4, k_successes=1, follow_best=False)
    feed(s, [(True, 0.01), (False, 0.3)])
    t = ThresholdSchedule(target=1e-4, k_successes=1, follow_best=False)
    t.load_state(s.state())
    assert (t.threshold, t.best_error, t.streak, t.drought, t.episodes) == (
        s.threshold,
        s.best_error,
        s.streak,
        s.drought,
        s.episodes,
    )
    assert math.isinf(ThresholdSchedule(target=1).best_error)


class FakeVecEnv:
    def __init__(self):
        self.calls = []

    def env_method(self, name, *args):
        self.calls.append((name, *args))


def test_callback_applies_changes_through_env_method():
    schedule = ThresholdSchedule(target=1e-3, start=1e-1, k_successes=2, patience=5, follow_best=False)
    callback = CurriculumCallback(schedule)
    env = FakeVecEnv()

    class Logger:
        def record(self, *args):
            pass

    class Model:
        logger = Logger()
        num_timesteps = 0

        def get_env(self):
            return env

    callback.model = Model()
    callback._on_training_start()
    assert env.calls == [("set_threshold", 1e-1)]
    infos = [{"is_success": True, "error": 0.01}]
    for done in (False, True, False, True):  # two episode ends, two successes
        callback.locals = {"dones": [done], "infos": infos}
        callback._on_step()
    assert env.calls[-1] == ("set_threshold", 5e-2)
    assert schedule.episodes == 2
