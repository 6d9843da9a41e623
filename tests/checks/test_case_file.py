from __future__ import annotations

import pytest

from tests.conftest import NOW, ruleset_of
from ticketcheck.case import parse_case
from ticketcheck.engine import check

RULE = {"id": "case-file", "check": "case-file"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"---\ncategory: a-to-z\n---\nfine\n", []),
        (b"", [("error", 1, "the file is empty")]),
        (b"\x00\x01binary", [("error", 1, "this is a binary file, not a case")]),
        (b"---\ncategory: a-to-z\nfoo: [\n---\n", [("error", 3, "invalid front matter")]),
        (b"---\ncategory: a-to-z\nsubjet: hi\n---\n", [("warning", 3, "unknown field 'subjet' (did you mean 'subject'?)")]),
    ],
)
def test_case_file_problems(data, expected):
    report = check(parse_case(data), ruleset_of(RULE), now=NOW)
    got = [(str(f.severity), f.location.line, f.message) for f in report.findings]
    assert len(got) == len(expected)
    for (severity, line, message), (esev, eline, emsg) in zip(got, expected, strict=True):
        assert (severity, line) == (esev, eline)
        assert message.startswith(emsg)


@pytest.mark.parametrize(("level", "expected"), [("off", []), ("error", ["error"]), ("info", ["info"])])
def test_unknown_fields_level(level, expected):
    case = parse_case(b"---\ncategory: a-to-z\nsubjet: hi\n---\n")
    report = check(case, ruleset_of({**RULE, "unknown-fields": level}), now=NOW)
    assert [str(f.severity) for f in report.findings] == expected
