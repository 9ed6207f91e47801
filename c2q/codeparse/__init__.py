"""Python program -> problem spec, by static analysis only (``ast``; no execution, no model weights).

>>> from c2q.codeparse import parse_program
>>> parsed = parse_program('''
... def add(a, b):
...     return a + b
... print(add(19, 23))
... ''')
>>> parsed.family, parsed.spec.canonical["operands"]
('add', [19, 23])

Three steps: :mod:`~c2q.codeparse.values` reads the values the program certainly holds and the
calls it makes of its own functions (and the solver models it builds,
:mod:`~c2q.codeparse.formulation`); :mod:`~c2q.codeparse.family` and
:mod:`~c2q.codeparse.semantics` score the evidence for each problem family;
:mod:`~c2q.codeparse.instance` turns the entry call's arguments into the family's canonical spec.
Anything that cannot be determined raises :class:`~c2q.errors.ProgramError` saying what was
found and what is missing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from c2q.codeparse.family import MIN_SCORE, Evidence, compatible, contested, score
from c2q.codeparse.instance import build, extract
from c2q.codeparse.semantics import computed
from c2q.codeparse.syntax import modernised, python2_hint
from c2q.codeparse.values import Program
from c2q.errors import ProgramError
from c2q.spec import Spec, parse_spec

__all__ = ["Evidence", "ParsedProgram", "parse_file", "parse_program", "read_program"]
#: families a Python program can be read as (SAT programs are not recognised yet)
PROGRAM_FAMILIES = ("maxcut", "mis", "vc", "clique", "kcolor", "tsp", "add", "sub", "mul", "factor")


@dataclass
class ParsedProgram:
    """What c2q read from a program.

    :param family: the recognised family.
    :param spec: the validated spec, exactly as if the user had written its JSON.
    :param evidence: the reasons for ``family``, strongest first.
    :param scores: total evidence per family (the runner-up shows how clear the call was).
    :param call: the entry call the instance came from (``maxcut(G) at line 20``), if any.
    :param sources: canonical field -> the program variable and line it came from.
    :param notes: facts a user should check (e.g. a node count taken from the edges).
    """

    family: str
    spec: Spec
    evidence: list[Evidence]
    scores: dict[str, float]
    call: str | None
    sources: dict[str, str]
    notes: list[str] = field(default_factory=list)


#: bytes of a Python program c2q reads
MAX_PROGRAM_BYTES = 2**20
_TOO_DEEP = "split the long expression into smaller statements"


def read_program(path: str | Path) -> str:
    """Source text of a program file.

    :raises ProgramError: the file is missing or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise ProgramError(str(path), "file not found", "give the path of a Python program")
    size = path.stat().st_size
    if size > MAX_PROGRAM_BYTES:
        raise ProgramError(
            str(path),
            f"{size / 2**20:.1f} MiB is more than a program c2q reads ({MAX_PROGRAM_BYTES // 2**20} MiB)",
            "give the program that builds the instance, not the data inlined",
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgramError(str(path), f"cannot read file ({exc})") from None


def parse_file(path: str | Path) -> ParsedProgram:
    """:func:`parse_program` on a program file; messages name the file as given.

    :raises ProgramError: unreadable file, or as :func:`parse_program`.
    """
    return parse_program(read_program(path), filename=str(path))


def parse_program(source: str, filename: str = "<program>") -> ParsedProgram:
    """Recognise the family a program solves and extract the instance it works on.

    :param source: Python source text.
    :param filename: name used in messages.
    :raises ProgramError: syntax error, no recognisable family, or missing / unreadable data.
    """
    rewritten: list[str] = []
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        modern = modernised(source)
        if modern is None:
            raise _syntax_error(source, exc, filename) from None
        source, rewritten = modern
        tree = ast.parse(source, filename=filename)
    except (RecursionError, MemoryError):
        raise ProgramError(filename, "an expression nests too deeply to be read", _TOO_DEEP) from None
    program = Program(tree)
    try:
        extraction = extract(program)
        if not extraction.data and extraction.call is None:
            # nothing at module level: an example left in a function nothing calls (``def demo(): ...``)
            examples = Program(tree, follow_uncalled=True)
            with_examples = extract(examples)
            if with_examples.data:
                program, extraction = examples, with_examples
        scores, evidence = score(source, program, extraction.kind)
        confirmed = set()
        for item in computed(program, extraction):  # what the entry call returns on the program's data
            scores[item.family] = scores.get(item.family, 0.0) + item.weight
            evidence.insert(0, item)
            if item.weight > 0:
                confirmed.add(item.family)
    except RecursionError:
        raise ProgramError(filename, "an expression nests too deeply to be read", _TOO_DEEP) from None
    family = _choose(scores, extraction.kind, filename)
    if extraction.unconfirmed and family not in confirmed:
        raise ProgramError(
            filename,
            f"found {family} code whose numbers are set in a script ({extraction.describe_data}), but what "
            "the script computes from them does not show they are the problem's (a bound or a counter is set alike)",
            "put the computation in a function and call it on the numbers, e.g. factorize(91)",
            family=family,
        )
    if family not in confirmed:
        _refuse_contested(program, family, filename)
    size = next((e.size for e in evidence if e.family == family and e.size is not None), None)
    instance = build(family, extraction, filename, size)
    fields: dict[str, str] = {}
    for key, where in instance.sources.items():
        fields.setdefault(key.split("[")[0], where)
    spec = parse_spec(instance.canonical, source_format="python", fields=fields)
    notes = [f"read with newer Python syntax rewritten ({'; '.join(rewritten)})"] if rewritten else []
    notes += instance.notes
    earlier = [c.node.lineno for c in extraction.others if c is not None]
    if earlier:
        lines = ", ".join(str(line) for line in earlier)
        notes.append(
            f"the program calls this function {len(earlier) + 1} times on different data: read the last call, "
            f"{extraction.describe_call} (the others are at line {lines}; to solve another, make it the last call)"
        )
    spec.warnings[:0] = notes
    return ParsedProgram(
        family=family,
        spec=spec,
        evidence=[e for e in evidence if e.family == family],
        scores=scores,
        call=extraction.describe_call,
        sources=instance.sources,
        notes=notes,
    )


def _syntax_error(source: str, exc: SyntaxError, filename: str) -> ProgramError:
    """The refusal of a program that does not parse: a Python 2 program is named as one."""
    where = f"{filename}:{exc.lineno}:{exc.offset}" if exc.lineno else filename
    hint = python2_hint(source, exc)
    if hint is not None:
        return ProgramError(
            where,
            f"this is a Python 2 program ({hint}); c2q reads Python 3",
            "port it to Python 3 (e.g. with `python -m lib2to3` or by hand: print(...), except E as e:)",
            line=exc.lineno,
        )
    return ProgramError(where, f"syntax error: {exc.msg}", "fix the program so that Python can run it", line=exc.lineno)


def _refuse_contested(program: Program, family: str, filename: str) -> None:
    """Refuse a program whose library calls name another graph problem as often as ``family`` (what
    the entry call computes, when it confirms ``family``, settles it instead)."""
    conflict = contested(program, family)
    if conflict is None:
        return
    rival, own, other = conflict
    raise ProgramError(
        f"{filename}:{other[0]}",
        f"the libraries this program calls name two problems: {family} (line {', '.join(map(str, own))}) "
        f"and {rival} (line {', '.join(map(str, other))}); c2q cannot tell which one it solves",
        "write a JSON spec for the problem you mean, or remove the other problem's calls",
        line=other[0],
    )


def _choose(scores: dict[str, float], kind: str | None, filename: str) -> str:
    """Highest-scoring family that fits the data; refuse weak or tied evidence."""
    ranked = sorted(((s, f) for f, s in scores.items() if f in PROGRAM_FAMILIES and compatible(f, kind)), reverse=True)
    if not ranked or ranked[0][0] < MIN_SCORE:
        found = ", ".join(f"{f} {s:g}" for s, f in ranked[:3]) or "nothing"
        raise ProgramError(
            filename,
            f"cannot tell which problem this program solves (evidence: {found})",
            "name the problem in the function name (e.g. max_cut, vertex_cover, tsp) or write a JSON spec",
        )
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        raise ProgramError(
            filename,
            f"the program looks equally like {ranked[0][1]} and {ranked[1][1]} (evidence {ranked[0][0]:g} each)",
            "write a JSON spec for the problem you mean",
        )
    return ranked[0][1]
