from __future__ import annotations

import io

import pytest
from PIL import Image
from pydantic import ValidationError

from tests.conftest import run_rule
from tests.pdf_factory import make_pdf
from ticketcheck.case import Attachment, Case
from ticketcheck.checks.required_proof import RequiredProof
from ticketcheck.findings import Severity

TN = "1Z4F83W20398127463"
POD = {"id": "pod", "check": "required-proof", "proof": "proof-of-delivery"}
POD_OR_TRACKING = {"id": "pod", "check": "required-proof", "any-of": ["proof-of-delivery", "tracking"]}
INVOICE = {"id": "inv", "check": "required-proof", "proof": "invoice", "max-age-days": 180}
UNITS = {**INVOICE, "min-units": 10}

POD_TEXT = """UPS Proof of Delivery
Tracking number: 1Z 4F8 3W2 0398 1274 63
Delivered: Nov 3, 2026 at 2:14 PM
Signed by: J SMITH
Left at: front door"""

INVOICE_TEXT = """INVOICE No. 4471
Supplier: Acme Wholesale Ltd, 120 Market Street, San Francisco, CA 94105
Bill to: Jane Seller LLC, 5 Oak Avenue, Austin, TX 73301
Invoice date: 10/01/2026    Due date: 10/31/2026
Item             ASIN         Qty
Blue widget      B003ZYF3LO   Qty: 24
Total units: 24
Please quote this invoice number with your payment."""

A_TO_Z = {"category": "a-to-z", "order_id": "112-4829301-5738201", "tracking_number": TN,
          "carrier": "UPS"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def _attach(name: str, proof: str | None = None) -> list[object]:
    return [{"path": name, "proof": proof} if proof else name]


@pytest.mark.parametrize(
    ("rule", "front", "files", "expected"),
    [
        # No proof at all: one finding on the attachments field.
        (POD, A_TO_Z, {}, [("attachments", None, "no proof of delivery attached")]),
        # A real POD naming the case's tracking number.
        (POD, {**A_TO_Z, "attachments": _attach("pod.pdf", "proof-of-delivery")},
         {"pod.pdf": make_pdf(POD_TEXT)}, []),
        # An invoice declared as a POD.
        (POD, {**A_TO_Z, "attachments": _attach("pod.pdf", "proof-of-delivery")},
         {"pod.pdf": make_pdf(INVOICE_TEXT)},
         [(None, "pod.pdf", "does not read like a proof of delivery")]),
        # A POD of another parcel.
        (POD, {**A_TO_Z, "tracking_number": "1Z5R89390357567127",
               "attachments": _attach("pod.pdf", "proof-of-delivery")},
         {"pod.pdf": make_pdf(POD_TEXT)},
         [(None, "pod.pdf", "does not mention tracking number 1Z5R89390357567127")]),
        # Content decides, not the declaration or the name: an undeclared real POD counts.
        (POD, {**A_TO_Z, "attachments": _attach("scan-0001.pdf")},
         {"scan-0001.pdf": make_pdf(POD_TEXT)}, []),
        (POD, {**A_TO_Z, "attachments": _attach("pod.pdf")},
         {"pod.pdf": make_pdf(INVOICE_TEXT)}, [("attachments", None, "no proof of delivery")]),
        # The alternative: a valid tracking number and a text that says it was delivered.
        (POD_OR_TRACKING, A_TO_Z, {}, [("attachments", None, "is given, but the text shows no")]),
        (POD_OR_TRACKING, {**A_TO_Z, "tracking_number": None}, {},
         [("attachments", None, "no proof of delivery or tracking record attached")]),
        (POD_OR_TRACKING, {**A_TO_Z, "tracking_number": "1Z4F83W20398127465"}, {},
         [("attachments", None, "is not valid")]),
        # A missing file is attachment-missing's finding, not a second one here.
        (POD, {**A_TO_Z, "attachments": _attach("gone.pdf", "proof-of-delivery")}, {}, []),
        # Invoices for category approval.
        (INVOICE, {"category": "category-approval"}, {}, [("attachments", None, "no invoice")]),
        (INVOICE, {"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")},
         {"inv.pdf": make_pdf(INVOICE_TEXT)}, []),
        (INVOICE, {"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")},
         {"inv.pdf": make_pdf(INVOICE_TEXT.replace("10/01/2026", "03/02/2026"))},
         [(None, "inv.pdf", "is dated 2026-03-02, 269 days ago")]),
        (INVOICE, {"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")},
         {"inv.pdf": make_pdf("PRO FORMA " + INVOICE_TEXT)},
         [(None, "inv.pdf", "says 'PRO FORMA'")]),
        (INVOICE, {"category": "category-approval", "attachments": _attach("inv.txt", "invoice")},
         {"inv.txt": INVOICE_TEXT.replace("INVOICE", "QUOTATION").encode()},
         [(None, "inv.txt", "says 'QUOTATION'")]),
        (UNITS, {"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")},
         {"inv.pdf": make_pdf(INVOICE_TEXT.replace("24", "6"))},
         [(None, "inv.pdf", "shows 6 units in all; at least 10")]),
        (UNITS, {"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")},
         {"inv.pdf": make_pdf(INVOICE_TEXT)}, []),
    ],
)
def test_required_proof(write_case, rule, front, files, expected):
    case = write_case({k: v for k, v in front.items() if v is not None}, "Hello.", files=files)
    findings = run_rule(rule, case)
    got = [(f.location.field, f.location.attachment) for f in findings]
    assert got == [(field, att) for field, att, _ in expected]
    for finding, (_, _, text) in zip(findings, expected, strict=True):
        assert (finding.rule, finding.check) == (rule["id"], "required-proof")
        assert text in finding.message


def test_messages(write_case):
    case = write_case(A_TO_Z, "Hello.")
    [finding] = run_rule(POD, case)
    assert finding.message == "no proof of delivery attached"
    assert finding.hint == (
        "attach the carrier's proof of delivery (delivery confirmation with the recipient's "
        "signature) with 'proof: proof-of-delivery'"
    )
    assert finding.severity is Severity.ERROR

    files = {"pod.pdf": make_pdf(POD_TEXT)}
    other = {**A_TO_Z, "tracking_number": "1Z5R89390357567127",
             "attachments": _attach("pod.pdf", "proof-of-delivery")}
    [finding] = run_rule(POD, write_case(other, "Hello.", files=files))
    assert finding.message == (
        "pod.pdf does not mention tracking number 1Z5R89390357567127; is this the right file?"
    )

    files = {"pod.pdf": make_pdf(INVOICE_TEXT)}
    case = write_case({**A_TO_Z, "attachments": _attach("pod.pdf", "proof-of-delivery")},
                      "Hello.", files=files)
    [finding] = run_rule(POD, case)
    assert finding.message == (
        "pod.pdf does not read like a proof of delivery: it shows no delivery wording "
        "(delivered, signed by, proof of delivery, ...) or tracking number "
        "1Z4F83W20398127463; it reads like an invoice"
    )
    assert finding.location.attachment == "pod.pdf"

    files = {"inv.pdf": make_pdf(INVOICE_TEXT.replace("10/01/2026", "03/02/2026"))}
    case = write_case({"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")},
                      "Hello.", files=files)
    [finding] = run_rule(INVOICE, case)
    assert finding.message == (
        "inv.pdf is dated 2026-03-02, 269 days ago; an invoice must be at most 180 days old"
    )
    assert finding.hint == "attach a more recent invoice"


def test_tracking_field_with_delivery_wording_stands_in_for_a_pod(write_case):
    body = "UPS tracking shows the parcel delivered on November 3, 2026."
    assert run_rule(POD_OR_TRACKING, write_case(A_TO_Z, body)) == []
    [finding] = run_rule(POD_OR_TRACKING, write_case(A_TO_Z, "Hello."))
    assert finding.message == (
        "no proof of delivery or tracking record attached; tracking_number 1Z4F83W20398127463 "
        "is given, but the text shows no delivery wording (delivered, signed by, proof of "
        "delivery, ...)"
    )


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("pod.png", _png(), "pod.png is an image (a photo or a scan); its content could not be "
         "verified as a proof of delivery"),
        ("pod.pdf", make_pdf(""), "pod.pdf has no text layer (a scan?); its content could not "
         "be verified as a proof of delivery"),
        ("pod.pdf", b"%PDF-1.4\ngarbage", "pod.pdf could not be read"),
    ],
)
def test_unverifiable_content_is_a_warning(write_case, name, data, said):
    front = {**A_TO_Z, "attachments": _attach(name, "proof-of-delivery")}
    [finding] = run_rule(POD, write_case(front, "Hello.", files={name: data}))
    assert finding.message.startswith(said)
    assert finding.severity is Severity.WARNING
    assert finding.location.attachment == name


def test_units_are_a_warning_and_unreadable_units_too(write_case):
    front = {"category": "category-approval", "attachments": _attach("inv.pdf", "invoice")}
    files = {"inv.pdf": make_pdf(INVOICE_TEXT.replace("24", "6"))}
    [finding] = run_rule(UNITS, write_case(front, "", files=files))
    assert finding.severity is Severity.WARNING
    text = INVOICE_TEXT.replace("Qty: 24", "24").replace("Total units: 24", "")
    [finding] = run_rule(UNITS, write_case(front, "", files={"inv.pdf": make_pdf(text)}))
    assert finding.message == "inv.pdf: no quantities could be read; at least 10 units are expected"
    assert finding.severity is Severity.WARNING


def test_photos_are_images(write_case):
    rule = {"id": "photos", "check": "required-proof", "proof": "photos"}
    front = {"category": "category-approval", "attachments": _attach("p.png", "photos")}
    assert run_rule(rule, write_case(front, "", files={"p.png": _png()})) == []
    front = {"category": "category-approval", "attachments": _attach("p.txt", "photos")}
    [finding] = run_rule(rule, write_case(front, "", files={"p.txt": b"a photo"}))
    assert finding.message == "p.txt is a text file, not a photo"


def test_attachments_in_memory():
    case = Case(category="a-to-z", tracking_number=TN, attachments=(
        Attachment(name="pod.pdf", data=make_pdf(POD_TEXT), proof="proof-of-delivery"),))
    assert run_rule(POD, case) == []


def test_a_misspelled_proof_gets_a_hint(write_case):
    front = {**A_TO_Z, "attachments": _attach("pod.pdf", "pod")}
    [finding] = run_rule(POD, write_case(front, "", files={"pod.pdf": make_pdf("nothing")}))
    assert finding.hint == "pod.pdf says 'proof: pod'; write 'proof-of-delivery'"


def test_templates_are_not_checked_for_proofs(write_case):
    assert run_rule(POD, write_case(A_TO_Z, "Hello."), templates=True) == []


def test_kinds_can_be_overridden_and_added(write_case):
    rule = {**INVOICE, "kinds": {"invoice": {"date-labels": ["rechnungsdatum"]},
                                 "bol": {"label": "bill of lading",
                                         "shows": [{"name": "BOL wording",
                                                    "phrases": ["bill of lading"]}]}}}
    text = INVOICE_TEXT.replace("Invoice date: 10/01/2026", "Rechnungsdatum: 01.02.2026")
    front = {"category": "category-approval", "marketplace": "DE",
             "attachments": _attach("inv.pdf", "invoice")}
    [finding] = run_rule(rule, write_case(front, "", files={"inv.pdf": make_pdf(text)}))
    assert "is dated 2026-02-01" in finding.message
    bol = {"id": "bol", "check": "required-proof", "proof": "bol"}
    with pytest.raises(ValidationError, match="unknown proof 'bol'"):
        RequiredProof.model_validate(bol)
    RequiredProof.model_validate({**bol, "kinds": rule["kinds"]})


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({}, "give proof or any-of"),
        ({"proof": "invoice", "any-of": ["invoice"]}, "give proof or any-of"),
        ({"proof": "proof-of-deliveries"}, "did you mean 'proof-of-delivery'"),
        ({"proof": "invoice", "kinds": {"invoice": {"shows": [{"name": "x"}]}}},
         "needs phrases or detect"),
        ({"proof": "invoice", "max-age-days": 0}, "greater than 0"),
    ],
)
def test_options_are_validated(options, error):
    with pytest.raises(ValidationError, match=error):
        RequiredProof.model_validate({"id": "p", "check": "required-proof", **options})
