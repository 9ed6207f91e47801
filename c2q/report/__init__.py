"""A report of one solve: a self-contained HTML file or a PDF, with plots; no LaTeX, no browser.

>>> import c2q
>>> result = c2q.solve({"family": "maxcut", "graph": {"edges": [[0, 1], [1, 2], [2, 0]]}}, seed=1)
>>> c2q.write_report(result, "maxcut.html")  # doctest: +SKIP
PosixPath('maxcut.html')

The report reads top to bottom like the data flow: the problem (for graph families a drawing
with the answer coloured in), its QUBO/Ising encoding, the circuit (drawing, depth and gate
counts as built and as compiled), the recommender's ranking when ``backend="auto"`` chose the
simulator, the measurement histogram with the optimum marked, and the decoded answer with its
verification, warnings and timings.

It reads what the solve built (:attr:`c2q.result.Result.artifacts`) and runs no stage again:
:mod:`c2q.report.sections` says what each section holds, :mod:`c2q.report.figures` draws,
:mod:`c2q.report.html` and :mod:`c2q.report.pdf` render the same sections.
"""

from __future__ import annotations

from pathlib import Path

from c2q.errors import OptionError
from c2q.outputs import report_format
from c2q.result import Result

__all__ = ["report_format", "write_report"]


def write_report(result: Result, path: str | Path) -> Path:
    """Write the report of ``result`` to ``path`` (``.html`` or ``.pdf``).

    :param result: what :func:`c2q.solve` returned (its ``artifacts`` hold what the solve built, its
        ``counts`` the histogram).
    :param path: the report file; its suffix picks the format.
    :raises OptionError: a path that cannot be written (see :func:`~c2q.outputs.report_format`), or a
        result without ``artifacts`` (one read back from a job or a file).
    :return: the path written.
    """
    from c2q.report.sections import build_sections

    kind = report_format(path)
    title, header, sections = build_sections(result)
    try:
        if kind == "html":
            from c2q.report.html import render_html

            Path(path).write_text(render_html(title, header, sections), encoding="utf-8")
        else:
            from c2q.report.pdf import render_pdf

            render_pdf(title, header, sections, path)
    except OSError as exc:
        raise OptionError(f"--report: cannot write {path}: {exc.strerror or exc}") from None
    return Path(path)
