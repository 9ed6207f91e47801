"""Optional parts of c2q and the extra that installs each (``pip install "c2q[rl]"``).

The core (encode, solve, recommend, reports, Python programs) needs none of them. A command that
needs a missing one says which extra to install, in one line (exit 2), before any work.
"""

from __future__ import annotations

import importlib.util

from c2q.errors import ExtraError

#: extra -> (what it serves, the top-level modules it installs)
EXTRAS = {
    "rl": (
        "architecture search and chemistry Hamiltonians",
        ("torch", "gymnasium", "stable_baselines3", "sb3_contrib", "pennylane"),
    ),
    "ray": ("many specs or seeds in parallel (Ray)", ("ray",)),
}


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [module for module in EXTRAS[extra][1] if importlib.util.find_spec(module) is None]


def require(extra: str, what: str, instead: str = "") -> None:
    """Refuse ``what`` when the modules of ``extra`` are missing.

    :param what: the command or option that needs them, for the message (``c2q train``).
    :param instead: another way that needs no extra, when there is one.
    :raises ExtraError: one line naming the missing modules and the install command.
    """
    absent = missing(extra)
    if absent:
        other = f"; or {instead}" if instead else ""
        raise ExtraError(
            f"{what} needs the '{extra}' extra ({EXTRAS[extra][0]}): {', '.join(absent)} not installed "
            f'(fix: pip install "c2q[{extra}]"{other})'
        )
