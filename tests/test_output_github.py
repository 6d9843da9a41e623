"""``--format github``: workflow commands with GitHub's escaping."""

from __future__ import annotations

import pytest

from ticketcheck.findings import Finding, Location, Report, Severity
from ticketcheck.output import Run
from ticketcheck.output.github import annotation, escape_data, escape_property, format_github


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),  # an escape sequence in the text stays text
    ],
)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


def make(location: Location, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule="placeholder", check="placeholder", severity=severity,
                   message="unfilled placeholder {{order_id}}: 100%", hint="fill it, then",
                   location=location, path="dir,1/case:a.md")


@pytest.mark.parametrize(
    ("location", "severity", "expected"),
    [
        (Location(line=3, column=5, end_line=3, end_column=17), Severity.ERROR,
         "::error file=dir%2C1/case%3Aa.md,line=3,col=5,endLine=3,endColumn=17,"
         "title=placeholder (placeholder)::unfilled placeholder {{order_id}}: 100%25%0A"
         "hint: fill it, then"),
        (Location(line=3, column=5, end_line=4, end_column=2), Severity.WARNING,
         "::warning file=dir%2C1/case%3Aa.md,line=3,endLine=4,"
         "title=placeholder (placeholder)::unfilled placeholder {{order_id}}: 100%25%0A"
         "hint: fill it, then"),
        (Location(attachment="pod.pdf"), Severity.INFO,
         "::notice file=dir%2C1/case%3Aa.md,title=placeholder (placeholder)::"
         "unfilled placeholder {{order_id}}: 100%25%0Ahint: fill it, then"),
    ],
)
def test_annotation(location: Location, severity: Severity, expected: str) -> None:
    assert annotation(Run(()), make(location, severity)) == expected


def test_format_ends_with_a_summary() -> None:
    run = Run((Report("x.md", "a-to-z", (make(Location(line=1, column=1)),)),))
    lines = format_github(run).splitlines()
    assert lines[0].startswith("::error file=")
    assert lines[-1] == "ticketcheck: 1 case checked: 1 error, 0 warnings"
