"""The report as a PDF: matplotlib's ``PdfPages`` on A4 pages, text set with matplotlib, the same figures
as the HTML; a section starts a new page when little room is left, and tables, figures and each fold
of the circuit drawing are never split across pages."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from c2q.report.figures import DPI, missing_glyphs_quiet

if TYPE_CHECKING:
    from c2q.report.sections import Section

PAGE = (8.27, 11.69)  # A4, inches
MARGIN = 0.6
BODY_PT, MONO_PT = 9.5, 8.0
#: line height of drawings: box-drawing characters join up at about 1.17 em
PRE_SPACING = 1.17
#: a section starts on a new page when less than this is left (inches)
SECTION_ROOM = 2.2


class _Page:
    """A cursor over A4 pages: text and images placed top-down, a new page when one is full."""

    def __init__(self, pdf: Any) -> None:
        self.pdf, self.y = pdf, 0.0
        self.fig: Any = None  # the page being set (a matplotlib Figure)
        self.pages = 0
        self.columns = int((PAGE[0] - 2 * MARGIN) * 72 / (0.6 * MONO_PT))

    def new(self) -> None:
        self.flush()
        from matplotlib.figure import Figure

        self.fig, self.y = Figure(figsize=PAGE), PAGE[1] - MARGIN
        self.pages += 1
        self.fig.text(1 - MARGIN / PAGE[0], MARGIN / 2 / PAGE[1], f"{self.pages}", ha="right", fontsize=8, color="#888")

    def flush(self) -> None:
        if self.fig is not None:
            with missing_glyphs_quiet():
                self.pdf.savefig(self.fig)
            self.fig = None

    def room(self, inches: float) -> None:
        """Start a new page unless ``inches`` of height are left on this one."""
        if self.fig is None or self.y - inches < MARGIN:
            self.new()

    def line(
        self,
        text: str,
        size: float = BODY_PT,
        mono: bool = False,
        bold: bool = False,
        colour: str = "#222",
        spacing: float = 1.38,
    ) -> None:
        height = size * spacing / 72
        self.room(height)
        self.fig.text(
            MARGIN / PAGE[0],
            (self.y - size / 72) / PAGE[1],
            text,
            fontsize=size,
            color=colour,
            family="DejaVu Sans Mono" if mono else "DejaVu Sans",
            weight="bold" if bold else "normal",
        )
        self.y -= height

    def gap(self, inches: float = 0.08) -> None:
        self.y -= inches

    def image(self, png: bytes, caption: str) -> None:
        from matplotlib.image import imread

        pixels = imread(io.BytesIO(png), format="png")
        width = PAGE[0] - 2 * MARGIN
        natural_width = pixels.shape[1] / DPI
        width = min(width, natural_width)
        height = width * pixels.shape[0] / pixels.shape[1]
        available = self.y - MARGIN - 0.3
        if height > available and available < max(2.5, 0.7 * height):  # shrink a figure by 30% at most
            self.new()
            available = self.y - MARGIN - 0.3
        if height > available:
            width, height = width * available / height, available
        left = (PAGE[0] - width) / 2
        ax = self.fig.add_axes((left / PAGE[0], (self.y - height) / PAGE[1], width / PAGE[0], height / PAGE[1]))
        ax.imshow(pixels, interpolation="antialiased")
        ax.set_axis_off()
        self.y -= height + 0.05
        self.line(caption, size=8, colour="#666")


def render_pdf(title: str, header: list[tuple[str, str]], sections: list[Section], path: str | Path) -> int:
    """The report as a PDF on A4 pages: sections follow one another; a section starts a new page
    when less than :data:`SECTION_ROOM` inches are left, and a drawing or figure moves on whole.

    :return: the number of pages.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path, metadata={"Title": title, "Creator": "c2q"}) as pdf:
        page = _Page(pdf)
        page.new()
        page.line(title, size=17, bold=True)
        page.gap(0.05)
        _pdf_kv(page, header)
        for section in sections:
            page.room(SECTION_ROOM)
            page.gap(0.2)
            page.line(section.title, size=13.5, bold=True)
            page.gap(0.04)
            for block in section.blocks:
                _pdf_block(page, block)
                page.gap(0.08)
        page.flush()
    return page.pages


def _pdf_kv(page: _Page, rows: list[tuple[str, Any]]) -> None:
    key_width = min(26, max((len(str(k)) for k, _ in rows), default=0) + 2)
    for key, value in rows:
        wrapped = textwrap.wrap(str(value), page.columns - key_width) or [""]
        for i, part in enumerate(wrapped):
            page.line(f"{(str(key) if i == 0 else ''):<{key_width}}{part}", size=MONO_PT, mono=True)


def _pdf_table(page: _Page, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    budget = page.columns - 2 * (len(widths) - 1)
    while sum(widths) > budget and max(widths) > 8:  # shrink the widest column until it fits
        widths[widths.index(max(widths))] -= 1

    def fit(cell: str, width: int) -> str:
        return cell if len(cell) <= width else cell[: width - 1] + "…"

    def join(cells: list[str]) -> str:
        return "  ".join(f"{fit(str(c), w):<{w}}" for c, w in zip(cells, widths, strict=True)).rstrip()

    page.line(join(header), size=MONO_PT, mono=True, bold=True)
    page.line("  ".join("─" * w for w in widths), size=MONO_PT, mono=True, colour="#888")
    for row in rows:
        page.line(join(row), size=MONO_PT, mono=True)


def _pdf_block(page: _Page, block: tuple[Any, ...]) -> None:
    kind = block[0]
    if kind in ("kv", "table"):  # keep short tables on one page
        rows = len(block[1]) if kind == "kv" else len(block[2]) + 2
        height = rows * MONO_PT * 1.38 / 72
        if height < (PAGE[1] - 2 * MARGIN) / 2:
            page.room(height)
    if kind == "kv":
        _pdf_kv(page, block[1])
    elif kind == "table":
        _pdf_table(page, block[1], block[2])
    elif kind == "pre":  # a page may break between folds of the drawing, not inside one
        lines = block[1].splitlines()
        fold = block[2] if len(block) > 2 else len(lines)
        longest = max((len(line) for line in lines), default=1)
        size = min(MONO_PT, (PAGE[0] - 2 * MARGIN) * 72 / (0.61 * longest))
        for start in range(0, len(lines), fold):
            chunk = lines[start : start + fold]
            height = len(chunk) * size * PRE_SPACING / 72
            if height < PAGE[1] - 2 * MARGIN:
                page.room(height)
            for line in chunk:
                page.line(line, size=size, mono=True, spacing=PRE_SPACING)
    elif kind in ("list", "text"):
        items = block[1] if kind == "list" else [block[1]]
        width = int(page.columns * MONO_PT / BODY_PT * 1.12)
        for item in items:
            prefix = "• " if kind == "list" else ""
            for i, part in enumerate(textwrap.wrap(item, width - len(prefix)) or [""]):
                page.line((prefix if i == 0 else " " * len(prefix)) + part)
    else:
        page.image(block[1], block[2])
