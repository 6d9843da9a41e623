from __future__ import annotations

import pytest

from tests.conftest import make_image, make_pdf, run_rule
from ticketcheck.findings import Severity

RULE = {"id": "integrity", "check": "attachment-integrity"}


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("ok.pdf", make_pdf(3), []),
        ("ok.jpg", make_image("JPEG"), []),
        ("locked.pdf", make_pdf(user_password="secret"),
         [("error", "locked.pdf is password-protected: the empty password does not open it")]),
        ("owner.pdf", make_pdf(owner_password="owner"),
         [("error", "owner.pdf is encrypted, though it opens without a password")]),
        ("cut.jpg", make_image("JPEG")[:3000], [("error", "cut.jpg is truncated")]),
        ("empty.pdf", b"", [("error", "empty.pdf is empty (0 bytes)")]),
        ("junk.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50, [("error", "junk.pdf is truncated and does not open")]),
    ],
)
def test_integrity(write_case, name, data, expected):
    case = write_case({"category": "x", "attachments": [name]}, files={name: data})
    findings = run_rule(RULE, case)
    got = [(str(f.severity), f.message) for f in findings]
    assert len(got) == len(expected), got
    for (severity, message), (want_severity, want_start) in zip(got, expected, strict=True):
        assert severity == want_severity
        assert message.startswith(want_start)


def test_bomb_is_refused_by_header(write_case):
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))
    case = write_case({"category": "x", "attachments": ["bomb.png"]}, files={"bomb.png": png})
    findings = run_rule(RULE, case)
    assert any(f.message.startswith("bomb.png is a decompression bomb") for f in findings)


def test_repaired_damage_is_a_warning(write_case):
    data = make_pdf(1)
    broken = data.replace(b"/Size", b"/Sise")  # a broken trailer that readers work around
    case = write_case({"category": "x", "attachments": ["r.pdf"]}, files={"r.pdf": broken})
    findings = run_rule(RULE, case)
    assert [(f.severity, f.message.split(":")[0]) for f in findings] == [
        (Severity.WARNING, "r.pdf is damaged but readers can repair it")]


def test_legibility_threshold(write_case):
    files = {"tiny.jpg": make_image("JPEG", (400, 300)), "big.jpg": make_image("JPEG", (1200, 1600))}
    case = write_case({"category": "x", "attachments": sorted(files)}, files=files)
    rule = {**RULE, "report": ["small"], "min-short-side": 1000, "severity": "warning"}
    [finding] = run_rule(rule, case)
    assert finding.message == "tiny.jpg is 400×300 pixels; the shorter side should be at least 1000 to be legible"
    assert finding.hint.startswith("scan or photograph it again")


def test_aspects_can_be_switched_off(write_case):
    case = write_case({"category": "x", "attachments": ["l.pdf"]},
                      files={"l.pdf": make_pdf(user_password="pw")})
    assert run_rule({**RULE, "report": ["damage"]}, case) == []


def test_a_case_s_attachments_share_one_time_budget(write_case, monkeypatch):
    from ticketcheck.attachments import AttachmentStore

    monkeypatch.setattr(AttachmentStore, "CASE_SECONDS", 0.0)  # already spent
    case = write_case({"category": "x", "attachments": ["a.pdf"]}, files={"a.pdf": make_pdf(1)})
    [finding] = run_rule(RULE, case)
    assert finding.severity is Severity.WARNING
    assert finding.message == "a.pdf was not checked: the case's attachments used up their 0 s"
