from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.conftest import run_rule
from ticketcheck.checks.field_agreement import FieldAgreement

ORDER = {"id": "order", "check": "field-agreement", "field": "order_id"}
TRACK = {"id": "track", "check": "field-agreement", "field": "tracking_number"}
CASE = {"id": "case", "check": "field-agreement", "field": "case_id"}
CARRIER = {"id": "carrier", "check": "field-agreement", "field": "carrier", "require": "anywhere"}

OID = "112-4829301-5738201"
TN = "1Z4F83W20398127463"
FRONT = {"category": "a-to-z", "order_id": OID, "tracking_number": TN, "carrier": "UPS",
         "case_id": "1234567890"}


@pytest.mark.parametrize(
    ("rule", "front", "body", "expected"),
    [
        (ORDER, FRONT, f"About order {OID}.", []),
        (ORDER, FRONT, f"About order {OID} and 113-4829301-5738201.", [("body", 36)]),
        (ORDER, FRONT, "No order here.", []),
        (ORDER, {**FRONT, "order_id": None}, f"About order {OID}.", []),
        ({**ORDER, "require": "in-text"}, FRONT, "No order here.", [("body", None)]),
        (TRACK, FRONT, "Tracking 1Z 4F8 3W2 0398 1274 63 shows it delivered.", []),
        (TRACK, FRONT, "Tracking 1Z5R89390357567127 shows it delivered.", [("body", 9)]),
        # Numbers of other carriers are not looked for when the carrier is known.
        (TRACK, FRONT, "Our FedEx return label 986578788855.", []),
        # An order ID or a cited case ID is not read as a tracking number.
        (TRACK, {**FRONT, "carrier": None}, f"Case 1234567890, order {OID}.", []),
        (CASE, FRONT, "Following up on case 1234567890.", []),
        (CASE, FRONT, "Following up on case ID: 1234567891.", [("body", 25)]),
        (CASE, FRONT, "Call us at 5551234567.", []),  # a phone number, not a case
        (CARRIER, FRONT, "Shipped with UPS.", []),
        (CARRIER, FRONT, "Shipped with Federal Express.", [("body", 13)]),
        (CARRIER, {**FRONT, "carrier": None}, "Shipped with United Parcel Service.", []),
        (CARRIER, {**FRONT, "carrier": None}, "Shipped.", [("carrier", None)]),
        (CARRIER, {**FRONT, "carrier": None}, "Some ups and downs.", [("carrier", None)]),
    ],
)
def test_field_agreement(write_case, rule, front, body, expected):
    case = write_case({k: v for k, v in front.items() if v is not None}, body)
    findings = run_rule(rule, case)
    assert [(f.location.field, f.location.start) for f in findings] == expected
    assert all((f.rule, f.check) == (rule["id"], "field-agreement") for f in findings)


def test_messages(write_case):
    case = write_case(FRONT, "Refund for order 113-4829301-5738201 was issued.")
    [finding] = run_rule(ORDER, case)
    assert finding.message == (
        "the body names order ID 113-4829301-5738201; the front matter says 112-4829301-5738201"
    )
    assert finding.hint == "use one order ID: correct the body or the front matter's order_id"
    assert (finding.location.line, finding.location.column) == (8, 18)
    case = write_case(FRONT, "Shipped with fedex.")
    [finding] = run_rule(CARRIER, case)
    assert finding.message == "the body names carrier FedEx; the front matter says UPS"
    case = write_case({"category": "a-to-z"}, "Shipped.")
    [finding] = run_rule(CARRIER, case)
    assert finding.message == (
        "no carrier is named, neither in the front matter nor in the subject and body"
    )
    assert finding.hint == "add 'carrier: UPS' to the front matter, or name it in the text"
    case = write_case(FRONT, "Hello.")
    [finding] = run_rule({**ORDER, "require": "in-text"}, case)
    assert finding.message == "the subject and body do not name order ID 112-4829301-5738201"


def test_the_subject_is_checked_too(write_case):
    case = write_case({**FRONT, "subject": "Claim for order 113-4829301-5738201"}, "")
    [finding] = run_rule(ORDER, case)
    assert (finding.location.field, finding.location.start) == ("subject", 16)


def test_template_placeholders_are_left_alone(write_case):
    case = write_case({**FRONT, "order_id": "{{order_id}}"}, f"Order {OID}.")
    assert run_rule(ORDER, case, templates=True) == []


def test_options_are_validated():
    with pytest.raises(ValidationError):
        FieldAgreement.model_validate({**ORDER, "field": "asin"})
    with pytest.raises(ValidationError):
        FieldAgreement.model_validate({**ORDER, "require": "always"})
