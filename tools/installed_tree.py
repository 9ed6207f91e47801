"""Lay the package out as it installs, in a folder of links, for tools that read the source.

``pyproject.toml``'s ``package-dir`` maps ``agents/`` to ``c2q.agents`` and ``backends/`` to
``c2q.backends``; mypy (``make lint``) and mkdocstrings (``docs/hooks.py``) cannot follow the
editable install's import hook, so both read this tree instead. One definition of the layout: the
package map itself.

    python tools/installed_tree.py .typecheck     # (re)creates .typecheck/c2q/...
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lay_out(tree: Path, root: Path = ROOT) -> Path:
    """Make ``tree`` hold the installed layout of ``root``'s packages as links (anything there is replaced)."""
    with open(root / "pyproject.toml", "rb") as handle:
        package_dir = tomllib.load(handle)["tool"]["setuptools"]["package-dir"]
    shutil.rmtree(tree, ignore_errors=True)
    for name, folder in sorted(package_dir.items(), key=lambda item: item[0].count(".")):
        target = tree.joinpath(*name.split("."))
        if "." not in name:  # the top package: a real folder of links, so subpackages can be added
            target.mkdir(parents=True)
            for child in (root / folder).iterdir():
                (target / child.name).symlink_to(child)
        else:
            target.symlink_to(root / folder)
    return tree


if __name__ == "__main__":
    lay_out(Path(sys.argv[1]).resolve())
