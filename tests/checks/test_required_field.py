from __future__ import annotations

import pytest

from tests.conftest import run_rule

ORDER = {"id": "order", "check": "required-field", "field": "order_id", "format": "order-id"}
TRACK = {"id": "track", "check": "required-field", "field": "tracking_number", "format": "tracking-number"}


@pytest.mark.parametrize(
    ("rule", "front", "expected"),
    [
        (ORDER, {"order_id": "112-4829301-5738201"}, []),
        (ORDER, {}, ["order_id is missing"]),
        (ORDER, {"order_id": "  "}, ["order_id is missing"]),
        ({**ORDER, "required": False}, {}, []),
        (ORDER, {"order_id": "112-482930-5738201"}, ["not valid"]),
        (TRACK, {"tracking_number": "1Z5R89390357567127"}, []),
        (TRACK, {"tracking_number": "1Z 5R8 939 0357 5671 27"}, []),
        (TRACK, {"tracking_number": "1Z5R89390357567128"}, ["not valid"]),
        # A bare 12-digit regex would take any number as FedEx; the check digit decides.
        (TRACK, {"tracking_number": "123456789013"}, ["not valid"]),
        (TRACK, {"tracking_number": "1Z5R89390357567127", "carrier": "FedEx"}, ["not valid"]),
        ({"id": "p", "check": "required-field", "field": "claim_type", "pattern": "inr|snad"},
         {"claim_type": "inr"}, []),
        ({"id": "p", "check": "required-field", "field": "claim_type", "pattern": "inr|snad"},
         {"claim_type": "other"}, ["not valid"]),
    ],
)
def test_presence_and_format(write_case, rule, front, expected):
    case = write_case({"category": "x", **front}, "body")
    findings = run_rule(rule, case)
    assert len(findings) == len(expected)
    for finding, text in zip(findings, expected, strict=True):
        assert text in finding.message
        assert finding.location.field == rule["field"]


def test_messages(write_case):
    case = write_case({"category": "x", "order_id": "12-3"}, "body")
    [finding] = run_rule(ORDER, case)
    assert finding.message.startswith("order_id 12-3 is not valid: order IDs have the form 3-7-7 digits")
    assert (finding.location.line, finding.location.column) == (3, 11)
    case = write_case({"category": "x"}, "body")
    [finding] = run_rule(ORDER, case)
    assert finding.message == "order_id is missing"
    assert finding.hint == "add 'order_id: 112-4829301-5738201' to the front matter"


def test_placeholder_value_is_left_to_the_placeholder_rule(write_case):
    # One unfilled {{order_id}} is one finding (placeholder), not two.
    case = write_case({"category": "x", "order_id": "{{order_id}}"}, "body")
    assert run_rule(ORDER, case, templates=True) == []
    assert run_rule(ORDER, case) == []


def test_unknown_format_is_a_rule_error():
    from pydantic import ValidationError

    from ticketcheck.checks.required_field import RequiredField

    with pytest.raises(ValidationError, match="unknown format 'order_id'"):
        RequiredField.model_validate({**ORDER, "format": "order_id"})


def test_catastrophic_pattern_is_a_rule_error_not_a_hang():
    from pydantic import ValidationError

    from ticketcheck.checks.required_field import RequiredField

    with pytest.raises(ValidationError, match="nested"):
        RequiredField.model_validate({"id": "p", "check": "required-field", "field": "x", "pattern": r"(\w+\s?)+$"})
