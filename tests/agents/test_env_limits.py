"""QASEnv additions for training: the CNOT limit mask and the evaluation counters; BLAS threads."""

from c2q.agents.envs.qas import QASEnv
from c2q.agents.threads import limit_blas_threads, restore_blas_threads


def test_max_cnots_masks_two_qubit_gates_once_reached():
    env = QASEnv("tfim", 3, max_gates=10, max_cnots=1)
    env.reset()
    idx = env.actions.index
    env.step(idx(("ry", 0)))
    assert env.action_masks()[idx(("cx", 0, 1))]
    _, _, _, _, info = env.step(idx(("cx", 0, 1)))
    mask = env.action_masks()
    assert info["n_cnots"] == 1
    assert not any(mask[i] for i, g in enumerate(env.actions) if g[0] == "cx")
    assert mask[idx(("ry", 1))]


def test_evaluation_counters():
    env = QASEnv("tfim", 2, max_gates=4)
    env.reset()
    _, _, _, _, info = env.step(env.actions.index(("ry", 0)))
    first = env.evaluations
    assert first > 0 and info["episode_evaluations"] == first
    env.reset()
    _, _, _, _, info = env.step(env.actions.index(("ry", 0)))
    assert env.evaluations == 2 * first and info["episode_evaluations"] == first  # per episode, deterministic


def test_blas_threads_round_trip():
    import os

    before = os.environ.get("OPENBLAS_NUM_THREADS")
    previous = limit_blas_threads(1)
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    restore_blas_threads(previous)
    assert os.environ.get("OPENBLAS_NUM_THREADS") == before
