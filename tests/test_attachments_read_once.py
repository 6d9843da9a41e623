"""Each attachment is read at most once per case, however many rules look at it."""

from __future__ import annotations

from tests.conftest import NOW, ruleset_of
from ticketcheck import inspection
from ticketcheck.engine import check
from ticketcheck.example_files import text_pdf

RULES = (
    {"id": "format", "check": "attachment-format"},
    {"id": "integrity", "check": "attachment-integrity"},
    {"id": "size", "check": "attachment-size"},
    {"id": "pod", "check": "required-proof", "proof": "proof-of-delivery"},
)


def test_inspection_and_proof_reading_share_one_read(write_case, monkeypatch):
    pod = text_pdf("UPS Proof of Delivery\nTracking Number: 1Z5R89390357567127\nDelivered On: 11/03/2026\nSigned By: HARRIS")
    case = write_case(
        {"category": "x", "tracking_number": "1Z5R89390357567127",
         "attachments": [{"path": "pod.pdf", "proof": "proof-of-delivery"}]},
        "Delivered.", files={"pod.pdf": pod})
    reads: list[str] = []
    real = inspection._read_capped

    def counting(name, limits):
        reads.append(name)
        return real(name, limits)

    monkeypatch.setattr(inspection, "_read_capped", counting)
    report = check(case, ruleset_of(*RULES), now=NOW)
    assert report.findings == ()
    assert len(reads) == 1
