"""c2q.report and ``c2q solve --report``: self-contained HTML and PDF reports of a solve."""

import base64
import dataclasses
import io
import os
import re
import sys

import pytest

import c2q
from c2q.cli import main
from c2q.errors import OptionError
from c2q.report import report_format, write_report

SQUARE = {"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2]]}}
ADD = {"family": "add", "operands": [5, 6], "bits": 3}
PRIME = {"family": "factor", "n": 13}
LABELLED = {"family": "mis", "graph": {"edges": [[0, 1], [1, 2], [2, 3]], "labels": ["a", "b", "c", "d"]}}
OPTIONS = {"seed": 1, "shots": 256, "maxiter": 60}
SECTIONS = ("Problem", "Encoding", "Circuit", "Measurements", "Answer and verification")
RANKING = "Backend ranking (--backend auto)"
PNG = b"\x89PNG\r\n\x1a\n"


def solved(spec, **options):
    options = {**OPTIONS, **options}
    return c2q.solve(spec, **options), options


@pytest.fixture(scope="module")
def user_run():
    return solved(SQUARE)


@pytest.fixture(scope="module")
def auto_run():
    return solved(SQUARE, backend="auto")


def images(text):
    """The embedded PNGs of an HTML report, decoded."""
    return [base64.b64decode(data) for data in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", text)]


def headings(text):
    return re.findall(r"<h2>(.*?)</h2>", text)


def html_report(run, tmp_path, name="report.html"):
    result, _ = run
    path = write_report(result, tmp_path / name)
    return path.read_text(encoding="utf-8")


def test_result_keeps_counts_outside_the_json_schema(user_run):
    result, options = user_run
    assert sum(result.counts.values()) == options["shots"] == result.backend["shots"]
    assert "counts" not in result.to_dict()


def test_html_is_one_self_contained_file(user_run, tmp_path):
    text = html_report(user_run, tmp_path)
    assert text.startswith("<!DOCTYPE html>") and "<style>" in text
    assert headings(text) == list(SECTIONS)  # a backend the user named: no ranking
    pngs = images(text)
    assert len(pngs) >= 2  # the graph with its cut, the histogram
    for png in pngs:
        assert png.startswith(PNG)
        from matplotlib.image import imread

        height, width = imread(io.BytesIO(png), format="png").shape[:2]
        assert width > 300 and height > 200
    assert not re.search(r"""(src|href)=["'](?!data:)""", text)  # no external assets
    assert "Ry(θ[0])" in text  # the circuit's text drawing
    assert "cut value 4" in text and "optimal (checked against the exact classical answer)" in text


def test_auto_backend_report_has_the_ranking(auto_run, tmp_path):
    result, _ = auto_run
    assert result.backend["selected_by"] == "recommender"
    text = html_report(auto_run, tmp_path)
    assert headings(text) == [*SECTIONS[:3], RANKING, *SECTIONS[3:]]
    assert len(images(text)) >= 3  # graph, trade-off plot, histogram
    assert "aer:statevector (chosen)" in text and "aer:stabilizer cannot run it" in text


def test_pdf_pages(auto_run, user_run, tmp_path):
    for run, pages in ((user_run, 3), (auto_run, 3)):
        result, _ = run
        path = write_report(result, tmp_path / "report.pdf")
        data = path.read_bytes()
        assert data.startswith(b"%PDF-")
        found = len(re.findall(rb"/Type /Page\b(?!s)", data))
        assert found == pages == int(re.search(rb"/Count (\d+)", data).group(1))


def test_arithmetic_report(tmp_path):
    text = html_report(solved(ADD), tmp_path)
    assert headings(text) == list(SECTIONS)
    assert "5 + 6 = 11" in text and "correct (equals the classically computed result)" in text
    assert "no QUBO" in text and "MAJ" in text  # the encoding, the ripple-carry adder's blocks
    assert len(images(text)) == 1  # the histogram


def test_report_without_a_quantum_run(tmp_path):
    run = solved(PRIME)
    assert run[0].counts is None
    text = html_report(run, tmp_path)
    assert headings(text) == list(SECTIONS) and "13 is prime" in text
    assert images(text) == [] and "No quantum encoding" in text
    path = write_report(run[0], tmp_path / "prime.pdf")
    assert path.read_bytes().startswith(b"%PDF-")


def test_labelled_graph_without_options(tmp_path):
    result, _ = solved(LABELLED)
    path = write_report(result, tmp_path / "mis.htm")
    text = path.read_text(encoding="utf-8")
    assert "node labels" in text and len(images(text)) == 2


def test_the_report_reads_the_finished_run(user_run, tmp_path, monkeypatch):
    """No stage runs again: the report reads what the solve built (Result.artifacts)."""
    import c2q.api
    import c2q.decode
    import c2q.spec

    for module, name in [
        (c2q.api, "validate"),
        (c2q.api, "encode"),
        (c2q.api, "recommend"),
        (c2q.api, "solve"),
        (c2q.spec, "build_problem"),
        (c2q.decode, "decode"),
    ]:
        monkeypatch.setattr(module, name, lambda *a, _name=name, **k: pytest.fail(f"the report called {_name}"))
    result, _ = user_run
    assert headings(write_report(result, tmp_path / "again.html").read_text(encoding="utf-8")) == list(SECTIONS)


def test_a_result_without_artifacts_is_refused(user_run, tmp_path):
    result, _ = user_run
    bare = dataclasses.replace(result, artifacts=None)  # as read back from a job record
    with pytest.raises(OptionError, match="does not carry what its solve built"):
        write_report(bare, tmp_path / "bare.html")


@pytest.mark.parametrize(
    ("name", "message"),
    [("report.docx", "must end in .html or .pdf"), ("missing/report.html", "does not exist")],
)
def test_bad_report_path(tmp_path, name, message):
    with pytest.raises(OptionError, match=message):
        report_format(tmp_path / name)


def unwritable_folder(tmp_path):
    """A folder this process cannot create files in (root ignores permissions: /proc then)."""
    if sys.platform.startswith("linux") and os.geteuid() == 0:
        return "/proc"
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return str(folder)


@pytest.mark.parametrize("kind", ["suffix", "missing", "unwritable", "batch"])
def test_cli_bad_report_path_exits_2_before_solving(tmp_path, capsys, kind, monkeypatch):
    monkeypatch.setattr(c2q, "solve", lambda *a, **k: pytest.fail("solved despite a bad --report"))
    spec = tmp_path / "square.json"
    spec.write_text('{"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2]]}}', encoding="utf-8")
    specs = [str(spec)]
    report = {
        "suffix": str(tmp_path / "report.txt"),
        "missing": str(tmp_path / "nowhere" / "report.html"),
        "unwritable": os.path.join(unwritable_folder(tmp_path), "report.pdf"),
        "batch": str(tmp_path / "report.html"),
    }[kind]
    if kind == "batch":
        specs.append(str(spec))
    assert main(["solve", *specs, "--report", report]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("c2q: error: --report:") and "\n" not in err


def test_cli_writes_the_report(tmp_path, capsys):
    spec = tmp_path / "add.json"
    spec.write_text('{"family": "add", "operands": [2, 3], "bits": 2}', encoding="utf-8")
    out = tmp_path / "add.html"
    assert main(["solve", str(spec), "--seed", "1", "--json", "--report", str(out)]) == 0
    assert '"result": 5' in capsys.readouterr().out
    assert "2 + 3 = 5" in out.read_text(encoding="utf-8")
