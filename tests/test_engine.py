from __future__ import annotations

import json

import pytest

from tests.conftest import NOW, ruleset_of
from ticketcheck.case import parse_case
from ticketcheck.checks.text_length import TextLength
from ticketcheck.engine import check
from ticketcheck.findings import Severity

BODY_RULE = {"id": "body-length", "check": "text-length", "min-chars": 50, "hint": "say more"}
PLACEHOLDER_RULE = {"id": "placeholder", "check": "placeholder"}


def test_findings_are_stamped_and_located():
    case = parse_case(b"---\ncategory: a-to-z\n---\nHi {{name}}\n", name="c.md")
    report = check(case, ruleset_of(BODY_RULE, PLACEHOLDER_RULE), now=NOW)
    assert not report.ok
    got = [(f.rule, f.check, f.severity, f.location.line, f.location.column) for f in report.findings]
    assert got == [
        ("body-length", "text-length", Severity.ERROR, 4, 1),
        ("placeholder", "placeholder", Severity.ERROR, 4, 4),
    ]
    assert report.findings[0].hint == "say more"


def test_rule_message_template_wraps_the_detail():
    rule = {**BODY_RULE, "message": "too short for Amazon: {detail}", "severity": "warning"}
    report = check(parse_case(b"---\ncategory: x\n---\nHi\n"), ruleset_of(rule), now=NOW)
    [finding] = report.findings
    assert finding.message == "too short for Amazon: the body is 2 characters; the minimum is 50"
    assert finding.severity is Severity.WARNING
    assert report.ok  # warnings do not fail a report


def test_a_crashing_check_is_reported_and_the_others_still_run(monkeypatch):
    def boom(self, case, ctx):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(TextLength, "run", boom)
    case = parse_case(b"---\ncategory: x\n---\nHi {{x}}\n")
    report = check(case, ruleset_of(BODY_RULE, PLACEHOLDER_RULE), now=NOW)
    assert report.crashed
    assert [(f.rule, f.check) for f in report.findings] == [
        ("body-length", "internal-error"),
        ("placeholder", "placeholder"),
    ]
    assert "ZeroDivisionError: division by zero" in report.findings[0].message


def test_ignore_in_front_matter_drops_a_rule():
    case = parse_case(b"---\ncategory: x\nignore: [placeholder]\n---\nHi {{x}}\n")
    report = check(case, ruleset_of(BODY_RULE, PLACEHOLDER_RULE), now=NOW)
    assert {f.rule for f in report.findings} == {"body-length"}


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (b"category: a-to-zz\n", "unknown category 'a-to-zz' (did you mean 'a-to-z'?)"),
        (b"subject: hi\n", "category is missing"),
    ],
)
def test_unknown_or_missing_category_falls_back_to_common(front, message):
    case = parse_case(b"---\n" + front + b"---\nThe parcel was delivered on May 3 to the front door.\n")
    report = check(case, now=NOW)
    assert [(f.rule, f.message) for f in report.findings] == [("case-file", message)]


def test_builtin_rule_set_is_chosen_by_category():
    case = parse_case(b"---\ncategory: a-to-z\n---\nThe parcel was delivered on May 3 to the front door.\n")
    rules = {f.rule for f in check(case, now=NOW).findings}
    assert {"order-id", "tracking-number"} <= rules


def test_two_runs_give_identical_json():
    text = b"---\ncategory: a-to-z\nordr: 1\n---\nHi {{a}} {{b}}\n"
    first = [f.to_dict() for f in check(parse_case(text), now=NOW).findings]
    second = [f.to_dict() for f in check(parse_case(text), now=NOW).findings]
    assert json.dumps(first) == json.dumps(second)
    assert first  # the case has findings, so the comparison means something


def test_marketplace_overrides_apply_to_cases_in_that_marketplace():
    rule = {**BODY_RULE, "min-chars": 5, "marketplaces": {"DE": {"min-chars": 50}}}
    text = b"---\ncategory: x\nmarketplace: %s\n---\nHello there\n"
    us = check(parse_case(text % b"US"), ruleset_of(rule), now=NOW)
    de = check(parse_case(text % b"DE"), ruleset_of(rule), now=NOW)
    assert us.findings == ()
    assert [f.message for f in de.findings] == ["the body is 11 characters; the minimum is 50"]


@pytest.mark.parametrize(
    ("marketplaces", "error"),
    [
        ({"de": {"min-chars": 1}}, "not a two-letter marketplace code"),
        ({"DE": {"min-chars": -1}}, "greater than or equal to 0"),
        ({"DE": {"check": "placeholder"}}, "may not change id, check or marketplaces"),
    ],
)
def test_bad_marketplace_overrides_are_rule_errors(marketplaces, error):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=error):
        TextLength.model_validate({**BODY_RULE, "marketplaces": marketplaces})
