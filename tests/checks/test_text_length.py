from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.conftest import run_rule
from ticketcheck.checks.text_length import TextLength


@pytest.mark.parametrize(
    ("options", "body", "expected"),
    [
        ({"min-chars": 10}, "long enough body", 0),
        ({"min-chars": 10}, "   short   ", 1),
        ({"max-chars": 10}, "exactly 10", 0),
        ({"max-chars": 10}, "eleven char", 1),
        ({"min-words": 3}, "two words", 1),
        ({"max-words": 3}, "one two three four", 1),
        ({"min-chars": 6, "max-words": 2}, "a b c", 2),
    ],
)
def test_bounds(write_case, options, body, expected):
    case = write_case({"category": "x"}, body)
    findings = run_rule({"id": "len", "check": "text-length", **options}, case)
    assert len(findings) == expected
    assert all((f.rule, f.check, f.location.field) == ("len", "text-length", "body") for f in findings)


def test_messages_and_location(write_case):
    case = write_case({"category": "x", "subject": "A very long subject line"}, "body")
    [finding] = run_rule({"id": "s", "check": "text-length", "field": "subject", "max-chars": 6}, case)
    assert finding.message == "the subject is 24 characters; the limit is 6"
    assert (finding.location.line, finding.location.column) == (3, 16)


def test_needs_a_bound():
    with pytest.raises(ValidationError, match="give at least one of"):
        TextLength.model_validate({"id": "x", "check": "text-length"})
