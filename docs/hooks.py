"""MkDocs hook: pages made from what the repository already holds, so the site cannot drift from it.

- ``benchmarks/<name>/``: one page per folder of ``benchmarks/results/``, its ``summary.md`` (or
  ``README.md``) as written by the benchmark, followed by every figure of the folder it does not
  already show; the folder's other Markdown files and its sample reports come along, and
  ``benchmarks/index.md`` lists them all.
- ``reference/input-schema.md``: the JSON Schema of the canonical input format, as ``c2q schema``
  prints it.

The API reference (mkdocstrings) reads the package as it installs (``c2q.agents`` is ``agents/``),
which a source reader cannot follow: the build first lays it out that way in a temporary folder of
links (``tools/installed_tree.py``, as ``make lint`` does for mypy).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from installed_tree import lay_out  # noqa: E402  (tools/ is not a package)

RESULTS = ROOT / "benchmarks" / "results"
#: files of a results folder that the site serves (data files stay in the repository)
SERVED = {".png", ".md", ".html", ".pdf"}
_IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


_TREES: list[Path] = []


@event_priority(100)  # before mkdocstrings reads its handler options
def on_config(config: Any) -> Any:
    tree = lay_out(Path(tempfile.mkdtemp(prefix="c2q-api-")))
    _TREES.append(tree)
    python = config["plugins"]["mkdocstrings"].config["handlers"].setdefault("python", {})
    python["paths"] = [str(tree)]
    return config


def on_shutdown() -> None:
    for tree in _TREES:
        shutil.rmtree(tree, ignore_errors=True)


def on_files(files: Files, config: Any) -> Files:
    folders = sorted(p for p in RESULTS.iterdir() if p.is_dir())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in SERVED and path.name not in ("summary.md", "README.md"):
                uri = f"benchmarks/{path.relative_to(RESULTS).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        files.append(File.generated(config, f"benchmarks/{folder.name}/index.md", content=_folder_page(folder)))
    files.append(File.generated(config, "benchmarks/index.md", content=_index_page(folders)))
    files.append(File.generated(config, "reference/input-schema.md", content=_schema_page()))
    return files


def _summary(folder: Path) -> Path | None:
    for name in ("summary.md", "README.md"):
        if (folder / name).is_file():
            return folder / name
    return None


def _title(folder: Path) -> str:
    summary = _summary(folder)
    if summary is not None:
        for line in summary.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return folder.name


def _folder_page(folder: Path) -> str:
    summary = _summary(folder)
    text = summary.read_text(encoding="utf-8") if summary else f"# {folder.name}\n"
    if not text.lstrip().startswith("# "):
        text = f"# {folder.name}\n\n{text}"
    shown = set(_IMAGE_LINK.findall(text))
    figures = [p for p in sorted(folder.rglob("*.png")) if p.relative_to(folder).as_posix() not in shown]
    others = [p for p in sorted(folder.rglob("*")) if p.suffix in SERVED - {".png"} and p != summary]
    parts = [text.rstrip(), "", f"*Source: `benchmarks/results/{folder.name}/` in the repository.*", ""]
    if others:
        parts += ["## Other files", ""]
        parts += [f"- [{p.relative_to(folder).as_posix()}]({p.relative_to(folder).as_posix()})" for p in others]
        parts.append("")
    if figures:
        parts += ["## Figures", ""]
        for path in figures:
            rel = path.relative_to(folder).as_posix()
            parts += [f"![{path.stem.replace('_', ' ')}]({rel})", ""]
    return "\n".join(parts)


def _index_page(folders: list[Path]) -> str:
    lines = [
        "# Benchmark data",
        "",
        "Every folder of `benchmarks/results/`, as its benchmark wrote it (the narrative pages under",
        "Results say what the figures mean). Re-run a benchmark to change them; the site is rebuilt",
        "from the files.",
        "",
        "| folder | summary |",
        "|---|---|",
    ]
    lines += [f"| [`{f.name}`]({f.name}/index.md) | {_title(f)} |" for f in folders]
    return "\n".join(lines) + "\n"


def _schema_page() -> str:
    from c2q import schema

    return "\n".join(
        [
            "# Input JSON Schema",
            "",
            "The canonical input format, as `c2q schema` prints it. The two C2|Q> formats are",
            "accepted as they are (see [Input formats](../guides/formats.md)); limits JSON Schema",
            "cannot express are checked while the file is read.",
            "",
            "```json",
            json.dumps(schema(), indent=2, ensure_ascii=False),
            "```",
            "",
        ]
    )
