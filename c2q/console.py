"""One rich console on stderr, shared by the CLI's spinner and the backends' job progress.

Status lines started on the same console nest (the job's status shows under "solving ..."); on
two consoles they would overwrite each other.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def stderr_console() -> Any:
    """The process's rich ``Console`` on stderr (writes to whatever ``sys.stderr`` is at the time)."""
    from rich.console import Console

    return Console(stderr=True)
