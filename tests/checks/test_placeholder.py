from __future__ import annotations

import pytest

from tests.conftest import run_rule

RULE = {"id": "placeholder", "check": "placeholder"}


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Order 112-4829301-5738201 was delivered.", []),
        ("Order {{order_id}} was delivered.", ["{{order_id}}"]),
        ("Dear {{ buyer_name }}, order {{order_id}}", ["{{ buyer_name }}", "{{order_id}}"]),
        ("JSON-like {not a placeholder} and {{}}", []),
    ],
)
def test_filled_cases_have_no_placeholders(write_case, body, found):
    case = write_case({"category": "x"}, body)
    findings = run_rule(RULE, case)
    assert [case.body[f.location.start:f.location.end] for f in findings] == found


def test_message_and_position(write_case):
    case = write_case({"category": "x", "subject": "Claim {{order_id}}"}, "line one\nsee {{x}}\n")
    findings = run_rule(RULE, case)
    assert [(f.message, f.location.line, f.location.column) for f in findings] == [
        ("unfilled placeholder {{order_id}}", 3, 16),
        ("unfilled placeholder {{x}}", 6, 5),
    ]


def test_templates_accept_declared_names_and_report_unknown(write_case):
    case = write_case({"category": "x"}, "Hi {{buyer_name}}, order {{ordr_id}}, {{zzz}}")
    findings = run_rule({**RULE, "declared": ["buyer_name"]}, case, templates=True,
                        placeholders=["order_id"])
    assert [f.message for f in findings] == [
        "unknown placeholder {{ordr_id}} (did you mean 'order_id'?)",
        "unknown placeholder {{zzz}}",
    ]


def test_other_styles_by_pattern(write_case):
    case = write_case({"category": "x"}, "Dear [[BUYER]], see <<ORDER>>")
    rule = {**RULE, "patterns": [r"\[\[([A-Z_]+)\]\]", r"<<([A-Z_]+)>>"]}
    assert [f.message for f in run_rule(rule, case)] == [
        "unfilled placeholder [[BUYER]]",
        "unfilled placeholder <<ORDER>>",
    ]


@pytest.mark.parametrize("pattern", ["([a-z", r"\{\{\w+\}\}"])
def test_bad_patterns_are_rejected(pattern):
    from pydantic import ValidationError

    from ticketcheck.checks.placeholder import Placeholder

    with pytest.raises(ValidationError):
        Placeholder.model_validate({**RULE, "patterns": [pattern]})


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [("(a+)+", "nested"), ("a{99999999999}", "too large"),
     ("(" * 1000 + "x" + ")" * 1000, "invalid regular expression")],
)
def test_catastrophic_or_broken_patterns_are_rule_errors(pattern, reason):
    from pydantic import ValidationError

    from ticketcheck.checks.placeholder import Placeholder

    with pytest.raises(ValidationError, match=reason):
        Placeholder.model_validate({**RULE, "patterns": [pattern]})
