"""c2q.agents.gadgets: mining by description-length saving, the library file, gadget actions in QASEnv,
``c2q extract-gadgets``."""

import argparse
import json
import random
import time

import c2q.agents  # noqa: F401  (registers c2q/QAS-v0)
import gymnasium as gym
import numpy as np
import pytest
from c2q.agents.circuits import Ansatz
from c2q.agents.envs.qas import QASEnv
from c2q.agents.gadgets import Gadget, GadgetLibrary, canonical_order, extract, mine
from gymnasium.utils.env_checker import check_env

from c2q import cli

PLANTED = (("ry", 0), ("cx", 0, 1), ("rz", 1))


def synthetic_corpus(n_circuits, seed=0, n_qubits=5, length=20):
    """Random rotations and CNOTs with the planted gadget on random pairs, in either qubit order."""
    rng = random.Random(seed)
    corpus = []
    for _ in range(n_circuits):
        circuit = []
        while len(circuit) < length:
            if rng.random() < 0.2:
                a, b = rng.sample(range(n_qubits), 2)
                circuit += [("ry", a), ("cx", a, b), ("rz", b)]
            elif rng.random() < 0.3:
                circuit.append(("cx", *rng.sample(range(n_qubits), 2)))
            else:
                circuit.append((rng.choice(["rx", "ry", "rz"]), rng.randrange(n_qubits)))
        corpus.append(circuit[:length])
    return corpus


def test_mining_finds_the_planted_gadget_first():
    gadgets = mine(synthetic_corpus(200), max_gadgets=4, max_length=4)
    assert gadgets[0].gates == PLANTED
    # description length: 2 gates saved per occurrence, minus the 3 the library entry costs
    assert gadgets[0].saving == gadgets[0].count * 2 - 3 and gadgets[0].count > 200
    savings = [g.saving for g in gadgets]
    assert savings == sorted(savings, reverse=True)  # re-counting can only lower the rest


def test_picks_never_overlap_and_counts_are_non_overlapping():
    # "rx rx rx rx": the pair (rx0, rx0) occurs 3 times but only 2 times without overlap
    corpus = [[("rx", 0), ("ry", 0), ("rx", 0), ("ry", 0), ("rx", 0)]] * 2
    first, *rest = mine(corpus, max_gadgets=3, max_length=2, max_span=1)
    assert first.count == 4 and first.saving == 4 - 2  # 2 non-overlapping per circuit, minus its entry
    assert first.gates in ((("rx", 0), ("ry", 0)), (("ry", 0), ("rx", 0)))
    # after blocking 4 of the 5 gates of each circuit no window of 2 is left
    assert rest == []
    # qubit relabelling: cx(1, 0) rz(0) is the gadget cx(0, 1) rz(1)
    corpus = [[("cx", 1, 0), ("rz", 0)], [("cx", 2, 3), ("rz", 3)], [("cx", 4, 2), ("rz", 2)]]
    (g,) = mine(corpus, max_gadgets=1, max_length=2)
    assert g.gates == (("cx", 0, 1), ("rz", 1)) and g.count == 3 and g.saving == 1


def test_a_gadget_must_pay_for_its_library_entry():
    # a pair seen twice saves 2 corpus gates but costs 2 in the library: not a gadget
    assert mine([[("rx", 0), ("ry", 0)]] * 2, max_gadgets=1) == []
    assert len(mine([[("rx", 0), ("ry", 0)]] * 3, max_gadgets=1)) == 1


def test_canonical_order_depends_on_the_gate_dag_only():
    a = [("sx", 0), ("sx", 1), ("rz", 0), ("cz", 0, 1), ("rz", 1), ("x", 2), ("sx", 2)]
    b = [("x", 2), ("sx", 1), ("sx", 0), ("sx", 2), ("rz", 0), ("cz", 0, 1), ("rz", 1)]
    assert canonical_order(a) == canonical_order(b)
    order = canonical_order(a)
    # same gates on every qubit in the same order: the same circuit
    for q in range(3):
        assert [g for g in order if q in g[1:]] == [g for g in a if q in g[1:]]
    # each qubit's chain is contiguous where the DAG allows it
    assert order[:2] == (("sx", 0), ("rz", 0))


def test_interleaved_chains_are_mined_and_unlinked_gates_are_not():
    # the agent interleaves two qubits' "sx; rz" chains; canonical order makes each contiguous
    corpus = [[("sx", 0), ("sx", 1), ("rz", 0), ("rz", 1)]] * 5
    (g,) = mine(corpus, max_gadgets=2, max_length=2, blocks="connected")
    assert g.gates == (("sx", 0), ("rz", 0)) and g.count == 10
    # "rz q; sx q+1" without a two-qubit gate between them is two unrelated gates, never a gadget
    assert mine([[("rz", 0), ("sx", 1)]] * 20, max_gadgets=2, blocks="connected") == []
    (g,) = mine([[("rz", 0), ("cz", 0, 1), ("sx", 1)]] * 20, max_gadgets=1, blocks="connected")
    assert g.gates == (("rz", 0), ("cz", 0, 1), ("sx", 1))


def test_entangling_blocks_all_hold_a_two_qubit_gate():
    # "sx; rz" chains are the most frequent block, but they entangle nothing
    corpus = [[("sx", 0), ("rz", 0), ("sx", 1), ("rz", 1), ("cz", 0, 1), ("rz", 1)]] * 5
    assert mine(corpus, max_gadgets=1, max_length=2, blocks="connected")[0].gates == (("sx", 0), ("rz", 0))
    gadgets = mine(corpus, max_gadgets=3, max_length=3, blocks="entangling")
    assert gadgets and all(any(g[0] == "cz" for g in gad.gates) for gad in gadgets)
    assert mine([[("sx", 0), ("rz", 0)]] * 20, blocks="entangling") == []


def test_adjacent_blocks_take_the_gate_list_as_it_is():
    corpus = [[("sx", 0), ("sx", 1), ("rz", 0), ("rz", 1)]] * 5
    first, second = mine(corpus, max_gadgets=2, max_length=2)  # blocks="adjacent", the default
    # unrelated neighbours are candidates, the interleaved chain is not
    assert {first.gates, second.gates} == {(("sx", 0), ("sx", 1)), (("rz", 0), ("rz", 1))}
    with pytest.raises(ValueError, match="blocks='dag'"):
        mine(corpus, blocks="dag")


def test_thousand_circuits_well_under_a_minute():
    corpus = synthetic_corpus(1000, seed=1)
    start = time.perf_counter()
    gadgets = mine(corpus, max_gadgets=5, max_length=6, max_span=3)
    assert time.perf_counter() - start < 60
    assert len(gadgets) == 5


def test_library_round_trip_and_qasm(tmp_path):
    library = GadgetLibrary([Gadget(PLANTED, 7, 11), Gadget((("sx", 0), ("rz", 0)))], {"corpus_size": 3})
    path = library.save(tmp_path / "g.json")
    data = json.loads(path.read_text())
    assert data["format"] == "c2q-gadgets" and data["corpus_size"] == 3
    entry = data["gadgets"][0]
    assert entry["n_qubits"] == 2 and entry["count"] == 7 and entry["saving"] == 11 and entry["n_parameters"] == 2
    assert entry["qasm"].startswith("OPENQASM 3") and "cx q[0], q[1];" in entry["qasm"]
    assert "Ry" in entry["drawing"]
    again = GadgetLibrary.load(path)
    assert again.gadgets == library.gadgets and again.metadata == {"corpus_size": 3}
    with pytest.raises(ValueError, match="relative qubits"):
        Gadget((("rx", 1),))


def test_placements_follow_the_coupling_map():
    g = Gadget(PLANTED)
    assert len(g.placements(4, [(a, b) for a in range(4) for b in range(a + 1, 4)])) == 12  # ordered pairs
    assert g.placements(3, [(0, 1), (1, 2)]) == [(0, 1), (1, 0), (1, 2), (2, 1)]
    symmetric = Gadget((("cz", 0, 1),))
    assert symmetric.placements(3, [(0, 1), (1, 2)]) == [(0, 1), (1, 2)]  # equal gate lists counted once


def test_env_with_gadgets():
    library = GadgetLibrary([Gadget(PLANTED), Gadget((("rx", 0), ("ry", 0)))])
    base = QASEnv("tfim", 3, max_gates=6)
    env = QASEnv("tfim", 3, max_gates=6, gadgets=library)
    assert env.action_space.n == base.action_space.n + 6 + 3  # 6 ordered pairs, 3 qubits
    assert env.actions[: base.action_space.n] == base.actions
    check_env(env, skip_render_check=True)

    env.reset()
    i = env.actions.index((("ry", 1), ("cx", 1, 2), ("rz", 2)))
    _, _, _, _, info = env.step(i)
    assert info["circuit"] == (("ry", 1), ("cx", 1, 2), ("rz", 2)) and len(info["angles"]) == 2
    np.testing.assert_allclose(
        env.energy, env.simulator.energy(env.gates, env.angles, env.observable), atol=1e-12
    )  # angles re-optimised and consistent
    mask = env.action_masks()
    assert mask[env.actions.index((("ry", 0), ("cx", 0, 1), ("rz", 1)))]
    assert not mask[env.actions.index(("rz", 2))]  # repeats the gadget's last gate
    env.step(env.actions.index(("rx", 0)))
    env.step(env.actions.index(("rx", 1)))
    assert not env.action_masks()[i]  # 3 gates do not fit in the last slot
    _, _, done, _, info = env.step(i)  # chosen anyway: cut at max_gates
    assert done and info["n_gates"] == 6

    capped = QASEnv("tfim", 3, max_gates=6, max_cnots=0, gadgets=library)
    capped.reset()
    assert not capped.action_masks()[i]
    made = gym.make("c2q/QAS-v0", hamiltonian="tfim", n_qubits=3, gadgets=[PLANTED]).unwrapped
    assert made.action_space.n == base.action_space.n + 6
    with pytest.raises(ValueError, match="not in gate set"):
        QASEnv("tfim", 3, gate_set="heron", gadgets=library)


def test_extract_gadgets_cli(tmp_path, capsys):
    run = tmp_path / "run"
    circuits = [{"gates": [list(g) for g in c], "error": 1e-4 * i} for i, c in enumerate(synthetic_corpus(30))]
    run.mkdir()
    (run / "circuits.json").write_text(json.dumps({"format": "c2q-circuits", "circuits": circuits}))
    Ansatz(5, [("rx", 0)], [0.1], metadata={"error": 0.0}).save(run / "best_ansatz.json")
    out = tmp_path / "g.json"
    assert cli.main(["extract-gadgets", str(run), "--top-k", "20", "--max-gadgets", "2", "--out", str(out)]) == 0
    library = GadgetLibrary.load(out)
    assert library.metadata["corpus_size"] == 20 and len(library.gadgets) == 2
    assert library.gadgets[0].gates == PLANTED
    assert "g0: ry[0] cx[0,1] rz[1]" in capsys.readouterr().out
    assert extract([run], top_k=1).metadata["corpus_size"] == 1  # the lowest error: best_ansatz.json
    args = ["extract-gadgets", str(run), "--blocks", "connected", "--out", str(out)]
    assert cli.main(args) == 0 and GadgetLibrary.load(out).metadata["blocks"] == "connected"
    assert cli.main(["extract-gadgets", str(tmp_path / "nothing"), "--out", str(out)]) == 2
    assert "no circuits.json" in capsys.readouterr().err


def test_blocks_choices_mirror_the_miner():
    """cli.py lists the miners as literals (parsing must not import qiskit): they must stay BLOCKS."""
    from c2q.agents.gadgets import BLOCKS

    commands = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    extract_gadgets = commands.choices["extract-gadgets"]
    blocks = next(a for a in extract_gadgets._actions if "--blocks" in a.option_strings)
    assert tuple(blocks.choices) == BLOCKS


def test_train_keeps_its_best_circuits_and_trains_with_gadgets(tmp_path, capsys):
    common = ["train", "--hamiltonian", "tfim", "--qubits", "3", "--max-gates", "10", "--threshold", "1e-3"]
    common += ["--no-progress", "--ppo-n-steps", "64", "--steps", "256", "--seed", "0"]
    run = tmp_path / "run"
    assert cli.main([*common, "--out", str(run)]) == 0
    # whether or not 256 steps reach 1e-3 here, the finished circuits are kept and can be mined
    kept = json.loads((run / "circuits.json").read_text())["circuits"]
    assert kept and all(c["success"] == (c["error"] < 1e-3) for c in kept)
    assert [c["error"] for c in kept] == sorted(c["error"] for c in kept)
    assert len({tuple(map(tuple, c["gates"])) for c in kept}) == len(kept)
    library = tmp_path / "g.json"
    assert cli.main(["extract-gadgets", str(run), "--max-gadgets", "2", "--out", str(library)]) == 0
    out = tmp_path / "with"
    assert cli.main([*common, "--gadgets", str(library), "--out", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["args"]["gadgets"] == str(library) and report["steps"] >= 256
    prior = tmp_path / "prior"
    assert cli.main([*common, "--gadgets", str(library), "--two-qubit-prior", "--out", str(prior)]) == 0
    notes = json.loads((prior / "report.json").read_text())["notes"]
    assert any("two-qubit gates placed as often as without gadgets" in n for n in notes)
    capsys.readouterr()


def test_two_qubit_prior_keeps_the_gate_sets_entangling_rate():
    from c2q.agents.train import two_qubit_prior

    plain = QASEnv("tfim", 5, gate_set="heron", max_gates=10)
    assert np.allclose(two_qubit_prior(plain), 1 / 19)  # no gadgets: uniform
    pairs = [(("rz", 0), ("sx", 1)), (("sx", 0), ("sx", 1))]  # single-qubit pairs: 16 placements
    env = QASEnv("tfim", 5, gate_set="heron", max_gates=10, gadgets=pairs)
    p = two_qubit_prior(env)
    two = env.two_qubit_actions
    assert two.sum() == 4 and len(p) == 19 + 16
    assert p.sum() == pytest.approx(1) and p[two].sum() == pytest.approx(4 / 19)
    blocks = QASEnv("tfim", 5, gate_set="heron", max_gates=10, gadgets=[(("cz", 0, 1), ("rz", 0))])
    q = two_qubit_prior(blocks)
    assert q[blocks.two_qubit_actions].sum() == pytest.approx(4 / 19)  # CZ blocks do not crowd in


def test_train_with_the_two_qubit_prior_starts_from_it(tmp_path):
    import torch
    from c2q.agents.train import Args, build_model, make_env, set_initial_policy, train, two_qubit_prior
    from stable_baselines3.common.vec_env import DummyVecEnv

    library = [(("rz", 0), ("sx", 1))]
    args = Args(qubits=3, gate_set="heron", max_gates=6, ppo_n_steps=64, out=str(tmp_path), gadgets=library)
    env = make_env(args)
    model = build_model(args, DummyVecEnv([lambda: env]))
    set_initial_policy(model, two_qubit_prior(env))
    obs, _ = env.reset(seed=0)
    with torch.no_grad():
        dist = model.policy.get_distribution(model.policy.obs_to_tensor(obs)[0])
    probs = dist.distribution.probs.numpy()[0]
    assert probs[env.two_qubit_actions].sum() == pytest.approx(2 / 11, abs=0.02)  # heron, 3 qubits: 2 CZ of 11
    with pytest.raises(ValueError, match="two_qubit_prior"):
        train(Args(agent="dqn", two_qubit_prior=True, gadgets=library, out=str(tmp_path / "dqn"), steps=10))
    # without a library there is no rate to keep: refused with the fix, exit 2, no run folder
    bare = tmp_path / "bare"
    assert cli.main(["train", "--qubits", "3", "--two-qubit-prior", "--no-progress", "--out", str(bare)]) == 2
    assert not bare.exists()
