"""Files c2q is asked to write (``--out``, ``--report``), checked before any work is done, so that
a long solve never ends in a path it cannot write."""

from __future__ import annotations

from pathlib import Path

from c2q.errors import OptionError


def check_writable(path: str | Path, option: str) -> Path:
    """``path`` as a :class:`~pathlib.Path`, once it is known that the file can be written there
    (an existing file is left as it is; a new one is not left behind).

    :param option: the option that named the path, for the message (``--out``).
    :raises OptionError: the folder is missing or not a folder, or the file cannot be written
        (a folder at ``path``, no permission).
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OptionError(f"{option}: {folder} {what} (fix: create the folder or choose another path)")
    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise OptionError(
            f"{option}: cannot write {path}: {exc.strerror or exc} (fix: choose a writable path)"
        ) from None
    if not existed:
        path.unlink()
    return path


#: report file suffix -> format
REPORT_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def report_format(path: str | Path) -> str:
    """``html`` or ``pdf`` for a report path that can be written, checked before any work is done.

    :raises OptionError: unknown suffix, missing or unwritable folder, or a folder at ``path``.
    """
    path = Path(path)
    kind = REPORT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise OptionError(f"--report: {path} must end in .html or .pdf (fix: e.g. --report report.html)")
    check_writable(path, "--report")
    return kind
