from __future__ import annotations

import pytest

from tests.conftest import NOW, make_image, make_pdf, ruleset_of, run_rule
from ticketcheck.case import Attachment, Case
from ticketcheck.engine import check

RULE = {"id": "attachment-format", "check": "attachment-format"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("pod.pdf", make_pdf(), None),
        ("photo.jpg", make_image("JPEG"), None),
        ("photo.JPEG", make_image("JPEG"), None),
        ("shot.png", make_image("PNG"), "shot.png is a PNG image; allowed: PDF, JPEG"),
        ("pod.jpg", make_image("PNG"), "pod.jpg is a PNG image; allowed: PDF, JPEG"),
        ("scan.pdf", make_image("JPEG"), "scan.pdf is really a JPEG image, but its name says .pdf"),
        ("invoice.jpg", make_pdf(), "invoice.jpg is really a PDF, but its name says .jpg"),
        ("notes.txt", b"just some text\n", "notes.txt is a text file; allowed: PDF, JPEG"),
        ("pod", make_pdf(), "pod is really a PDF, but its name has no extension"),
    ],
)
def test_real_format_and_extension(write_case, name, data, message):
    case = write_case({"category": "x", "attachments": [name]}, files={name: data})
    findings = run_rule(RULE, case)
    assert [f.message for f in findings] == ([message] if message else [])
    assert all(f.location.attachment == name for f in findings)


def test_wider_allowed_list(write_case):
    case = write_case({"category": "x", "attachments": ["inv.png"]}, files={"inv.png": make_image("PNG")})
    assert run_rule({**RULE, "allowed": ["pdf", "jpeg", "png", "gif"]}, case) == []


def test_hints(write_case):
    case = write_case({"category": "x", "attachments": ["a.jpg"]}, files={"a.jpg": make_pdf()})
    [finding] = run_rule(RULE, case)
    assert finding.hint.startswith("rename it a.pdf")


def test_forbidden_name_chars(write_case):
    case = write_case({"category": "x", "attachments": ["inv #3 & co.pdf"]},
                      files={"inv #3 & co.pdf": make_pdf()})
    rule = {**RULE, "allowed": None, "extension": False, "forbidden-name-chars": "$&#"}
    [finding] = run_rule(rule, case)
    assert finding.message == "inv #3 & co.pdf: the file name contains # &"


def test_in_memory_attachment_is_inspected():
    case = Case(category="x", attachments=(Attachment(name="pod.pdf", data=make_image("PNG")),))
    [finding] = check(case, ruleset_of(RULE), now=NOW).findings
    assert finding.message == "pod.pdf is a PNG image; allowed: PDF, JPEG"


def test_unknown_format_in_options_is_a_rule_error():
    from pydantic import ValidationError

    from ticketcheck.checks.attachment_format import AttachmentFormat

    with pytest.raises(ValidationError, match="unknown format 'jpg'"):
        AttachmentFormat.model_validate({**RULE, "allowed": ["jpg"]})
