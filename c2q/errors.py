"""Error types. Raised where a fault is found; turned into one line + exit 2 by cli.py only."""

from __future__ import annotations


class C2QError(Exception):
    """Base class of every error c2q reports to a user."""

    exit_code = 2


class SpecError(C2QError):
    """The problem specification is invalid.

    :param field: dotted path of the offending field in the input (``data.matrix[2]``).
    :param problem: what is wrong.
    :param fix: what the user should do instead.
    """

    def __init__(self, field: str, problem: str, fix: str = "") -> None:
        self.field = field
        self.problem = problem
        self.fix = fix
        message = f"{field}: {problem}" if field else problem
        if fix:
            message += f" (fix: {fix})"
        # one line whatever the input holds: a field named "\n" is shown as \n
        super().__init__("".join(c if c.isprintable() else repr(c)[1:-1] for c in message))


class BackendError(C2QError):
    """The chosen backend cannot run the program (unknown name, too many qubits, memory)."""


class OptionError(C2QError):
    """A solver option (algorithm, optimizer, reps, shots...) is invalid."""


class ExtraError(C2QError):
    """A command needs an optional part of c2q that is not installed (``pip install "c2q[rl]"``)."""


class ProgramError(SpecError):
    """A Python program could not be read as a problem: syntax error, unknown family, missing data.

    :param family: the family the program was recognised as, or ``None`` when it was not.
    :param line: the source line the message is about, when there is one.
    """

    def __init__(self, field: str, problem: str, fix: str = "", family: str | None = None, line: int | None = None):
        super().__init__(field, problem, fix)
        self.family = family
        self.line = line
