"""Programs in newer Python syntax are read (after a stated rewrite); Python 2 programs are
refused as such (issue 25, requirement 3)."""

from pathlib import Path

import pytest

from c2q.codeparse import parse_program
from c2q.codeparse.syntax import modernised
from c2q.errors import ProgramError

PROGRAM = (Path(__file__).resolve().parents[1] / "examples" / "maxcut_program.py").read_text()


def with_lines(*lines: str) -> str:
    """The example MaxCut program with extra lines before its data."""
    head, data = PROGRAM.split("\nG = nx.Graph()")
    return head + "\n" + "\n".join(lines) + "\n\nG = nx.Graph()" + data


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["try:", "    pass", "except ValueError, TypeError:", "    pass"], "except A, B: (Python 3.14)"),
        (["try:", "    pass", "except* OSError, KeyError:", "    pass"], "except A, B: (Python 3.14)"),
        (["def first[T](items: list[T]) -> T:", "    return items[0]"], "type parameters (Python 3.12)"),
        (["class Box[T]:", "    pass"], "type parameters (Python 3.12)"),
        (["type Pair[T] = tuple[T, T]"], "type alias (Python 3.12)"),
    ],
)
def test_newer_syntax_is_read_and_the_rewrite_is_said(lines, said):
    parsed = parse_program(with_lines(*lines), "new.py")
    assert parsed.family == "maxcut"
    assert (
        parsed.spec.canonical["graph"]["edges"] == [[0, 1], [1, 2], [2, 3], [0, 3], [0, 2]]
        or len(parsed.spec.canonical["graph"]["edges"]) == 5
    )
    assert any(said in note for note in parsed.spec.warnings)


def test_programs_that_parse_are_not_rewritten():
    assert modernised(PROGRAM) is None  # nothing to rewrite
    assert not any("rewritten" in note for note in parse_program(PROGRAM, "p.py").spec.warnings)


def test_a_rewrite_that_still_does_not_parse_is_refused_with_the_parser_message():
    with pytest.raises(ProgramError, match="syntax error"):
        parse_program(with_lines("except ValueError, TypeError:", "def broken(:"), "bad.py")


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ('print "best cut", best', "print statement"),
        ("exec 'x = 1'", "exec statement"),
        ("x = `y`", "backquotes"),
        ("if a <> b: pass", "<> operator"),
        ("mode = 0777", "octal literal"),
        ("try:\n    pass\nexcept ValueError, e:\n    pass", "except E, name:"),
    ],
)
def test_python2_programs_are_refused_as_such(line, what):
    with pytest.raises(ProgramError, match=f"Python 2 program \\(.*{what}.*\\); c2q reads Python 3"):
        parse_program(with_lines(line), "old.py")
