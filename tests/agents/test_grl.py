"""``c2q grl`` (c2q.agents.grl): a plain round, then rounds trained with gadgets mined from the earlier ones."""

import json

from c2q import cli


def test_two_rounds_write_folders_library_and_summary(tmp_path, capsys):
    out = tmp_path / "grl"
    argv = ["grl", "--hamiltonian", "tfim", "--qubits", "2", "--rounds", "2", "--steps", "200", "--seed", "0"]
    assert cli.main([*argv, "--max-gates", "6", "--no-progress", "--out", str(out)]) == 0
    assert "| round | gadgets |" in capsys.readouterr().out
    for k in (0, 1):
        assert (out / f"round{k}" / "report.json").is_file() and (out / f"round{k}" / "best_ansatz.json").is_file()
    assert not (out / "round0" / "gadgets.json").exists()
    library = json.loads((out / "round1" / "gadgets.json").read_text())
    assert library["format"] == "c2q-gadgets" and library["sources"] == [str(out / "round0")]
    summary = json.loads((out / "grl.json").read_text())
    first, second = summary["rounds"]
    assert [first["round"], second["round"]] == [0, 1]
    assert first["library_size"] is None and second["library_size"] == len(library["gadgets"])
    assert json.loads((out / "round1" / "report.json").read_text())["args"]["gadgets"] == str(
        out / "round1" / "gadgets.json"
    )
    assert [first["two_qubit_prior"], second["two_qubit_prior"]] == [False, True]
    notes = [json.loads((out / f"round{k}" / "report.json").read_text())["notes"] for k in (0, 1)]
    prior_note = "two-qubit gates placed as often as without gadgets"
    assert [any(prior_note in n for n in round_notes) for round_notes in notes] == [False, True]
    for row in summary["rounds"]:
        assert row["error"] is not None and row["n_gates"] >= 1 and row["wall_time_s"] > 0
        assert {"n_cnots", "first_success_step"} <= row.keys()
    table = (out / "grl.md").read_text()
    assert "\n| 0 | - |" in table and f"\n| 1 | {second['library_size']} |" in table


def test_no_two_qubit_prior_trains_the_gadget_round_from_the_plain_policy(tmp_path, capsys):
    out = tmp_path / "grl"
    argv = ["grl", "--qubits", "2", "--rounds", "2", "--steps", "200", "--max-gates", "6", "--no-progress"]
    assert cli.main([*argv, "--no-two-qubit-prior", "--out", str(out)]) == 0
    assert [r["two_qubit_prior"] for r in json.loads((out / "grl.json").read_text())["rounds"]] == [False, False]
    notes = json.loads((out / "round1" / "report.json").read_text())["notes"]
    assert not any("two-qubit gates placed" in n for n in notes)
    capsys.readouterr()


def test_bad_options_are_exit_2(tmp_path, capsys):
    assert cli.main(["grl", "--rounds", "0", "--out", str(tmp_path / "a")]) == 2
    assert cli.main(["grl", "--hamiltonian", "nope", "--steps", "10", "--out", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "--rounds 0" in err
