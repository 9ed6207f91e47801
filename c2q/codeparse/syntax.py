"""Programs written for a newer Python than the one reading them, and programs in Python 2.

c2q reads programs with the running interpreter's parser (:func:`ast.parse`). Python 3.12 to
3.14 added a few statement forms that an older parser rejects but whose meaning for c2q (which
reads data and names, never runs code) survives a plain rewrite. When a program does not parse,
:func:`modernised` tries these rewrites, line by line, and says what it changed:

- ``except A, B:`` (Python 3.14, PEP 758) -> ``except (A, B):`` (also ``except*``);
- ``def f[T](...)`` / ``class C[T](...)`` (Python 3.12, PEP 695 type parameters) -> the same
  without the type parameters;
- ``type Alias[T] = ...`` (Python 3.12, PEP 695 type aliases) -> ``Alias = ...``.

Not rewritten (such programs are refused with the parser's message): f-strings that reuse their
own quote inside a replacement field (Python 3.12, PEP 701).

:func:`python2_hint` recognises a Python 2 program from the parser's complaint (a ``print`` or
``exec`` statement, backquotes, ``<>``, octal literals like ``0777``, ``ur''`` strings) so that the
refusal says so instead of quoting a bare syntax error.
"""

from __future__ import annotations

import ast
import re

#: ``except A, B:`` without parentheses (no ``as``: PEP 758 allows it only without a name)
_EXCEPT_TUPLE = re.compile(r"^(?P<head>\s*except\*?\s+)(?P<types>[^\s(:#][^:#()]*,[^:#()]*?)\s*:(?P<tail>.*)$")
#: ``def name[...](`` and ``class Name[...]`` with PEP 695 type parameters
_TYPE_PARAMETERS = re.compile(r"^(?P<head>\s*(?:async\s+)?(?:def|class)\s+\w+)\[[^\]]*\](?P<tail>.*)$")
#: ``type Alias = ...`` / ``type Alias[T] = ...``
_TYPE_ALIAS = re.compile(r"^(?P<indent>\s*)type\s+(?P<name>\w+)\s*(?:\[[^\]]*\])?\s*=(?P<value>.*)$")

#: the parser's messages that only a Python 2 program provokes
_PYTHON2_MESSAGES = ("Missing parentheses in call to 'print'", "Missing parentheses in call to 'exec'")
_PYTHON2_LINES = (
    (re.compile(r"^\s*print\s+[^\s(=]"), "a print statement"),
    (re.compile(r"^\s*exec\s+[\"'\w]"), "an exec statement"),
    (re.compile(r"`[^`\n]+`"), "backquotes"),
    (re.compile(r"<>"), "the <> operator"),
    (re.compile(r"(?<![\w.])0[0-7]+\b"), "an octal literal without 0o"),
    (re.compile(r"\bur[\"']", re.I), "a ur'' string"),
    (re.compile(r"^\s*except\s+[\w.]+\s*,\s*[a-z_]\w*\s*:"), "except E, name:"),
    (re.compile(r"^\s*raise\s+\w+\s*,"), "raise E, message"),
)


def modernised(source: str) -> tuple[str, list[str]] | None:
    """``source`` with newer syntax rewritten for this parser, and what was rewritten; ``None``
    when nothing applies or the rewrite still does not parse."""
    lines = source.splitlines()
    changes: list[str] = []
    for number, line in enumerate(lines, 1):
        rewritten, what = _rewrite(line)
        if what:
            lines[number - 1] = rewritten
            changes.append(f"line {number}: {what}")
    if not changes:
        return None
    text = "\n".join(lines) + ("\n" if source.endswith("\n") else "")
    try:
        ast.parse(text)
    except SyntaxError:
        return None
    return text, changes


def _rewrite(line: str) -> tuple[str, str]:
    match = _EXCEPT_TUPLE.match(line)
    if match and " as " not in match["types"] and all(_exception_class(t) for t in match["types"].split(",")):
        return (
            f"{match['head']}({match['types'].strip()}):{match['tail']}",
            "except A, B: (Python 3.14) read as except (A, B):",
        )
    match = _TYPE_PARAMETERS.match(line)
    if match:
        return f"{match['head']}{match['tail']}", "type parameters (Python 3.12) left out"
    match = _TYPE_ALIAS.match(line)
    if match:
        return f"{match['indent']}{match['name']} ={match['value']}", "type alias (Python 3.12) read as an assignment"
    return line, ""


def _exception_class(name: str) -> bool:
    """An exception class as programs name them (``ValueError``, ``errors.Timeout``), not a lower-case
    variable: ``except E, e:`` is Python 2's ``except E as e:``, not a tuple of classes."""
    last = name.strip().rsplit(".", 1)[-1]
    return bool(re.fullmatch(r"[A-Z]\w*", last))


def python2_hint(source: str, error: SyntaxError) -> str | None:
    """What marks ``source`` as a Python 2 program, judged on the line the parser stopped at, or ``None``."""
    if any(message in (error.msg or "") for message in _PYTHON2_MESSAGES):
        return f"a {error.msg.split(chr(39))[1]} statement at line {error.lineno}"
    lines = source.splitlines()
    if not error.lineno or error.lineno > len(lines):
        return None
    code = lines[error.lineno - 1].split("#", 1)[0]
    for pattern, what in _PYTHON2_LINES:
        if pattern.search(code):
            return f"{what} at line {error.lineno}"
    return None
